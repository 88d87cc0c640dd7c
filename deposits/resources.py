"""Excel import and export of the deposit register (专栏2)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from deposits.models import Deposit, Mineral
from deposits.views import DepositListView
from planportal.choices import Scale, Stage
from planportal.resources import LookupCache, PlanTableResource, choice_field


class MineralWidget(LookupCache, widgets.ForeignKeyWidget):
    """A mineral by its canonical name or any spelling the plan uses (Mineral.objects.resolve)."""

    def __init__(self, required=True, **kwargs):
        self.required = required
        super().__init__(Mineral, field="name", **kwargs)

    def clean(self, value, row=None, **kwargs):
        name = "" if value is None else str(value).strip()
        if not name:
            if self.required:
                raise ValueError(_("The mineral is missing."))
            return None
        return self.cached(name, lambda: self.mineral(name))

    @staticmethod
    def mineral(name):
        try:
            return Mineral.objects.resolve(name)
        except Mineral.DoesNotExist as exc:
            raise ValueError(
                _("Unknown mineral “%(name)s”: use a canonical name or an alias of the catalogue.")
                % {"name": name}
            ) from exc
        except Mineral.MultipleObjectsReturned as exc:
            raise ValueError(_("“%(name)s” names more than one mineral.") % {"name": name}) from exc


def mineral_field(required=True):
    return fields.Field(
        attribute="mineral", column_name="mineral", widget=MineralWidget(required=required)
    )


class DepositResource(PlanTableResource):
    page_view = DepositListView
    # The headings of the register page's export (deposits/views.py).
    column_labels = {
        "seq": gettext_lazy("No."),
        "name": gettext_lazy("Name"),
        "mineral": gettext_lazy("Mineral"),
        "mineral_as_printed": gettext_lazy("Mineral as printed"),
        "work_degree": gettext_lazy("Work degree"),
        "scale": gettext_lazy("Scale"),
    }

    mineral = mineral_field()
    work_degree = choice_field("work_degree", Stage)
    scale = choice_field("scale", Scale)

    class Meta(PlanTableResource.Meta):
        model = Deposit
        fields = ("plan", "seq", "name", "mineral", "mineral_as_printed", "work_degree", "scale")
        name = gettext_lazy("deposits")
