from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Review of the plan")

    def ready(self):
        # The registers' record pages show where a right lies and what does not conform;
        # they may not import the review, so the review tells them (review/panels.py).
        from review.panels import register_panels

        register_panels()
