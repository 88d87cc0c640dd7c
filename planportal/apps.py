from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanportalConfig(AppConfig):
    name = "planportal"
    verbose_name = _("Plans")

    def ready(self):
        from planportal import signals  # connects the receivers

        signals.connect_figure_invalidation()
