"""Excel import and export of the exploration (专栏3) and mining (专栏4) rights registers."""

from django.utils.translation import gettext_lazy as _

from deposits.resources import mineral_field
from planportal.choices import MineStatus, MiningMethod, Scale, Stage
from planportal.resources import PlanTableResource, choice_field, decimal_field
from planportal.units import Unit
from rights.models import ExplorationRight, MiningRight
from rights.views import ExplorationRightListView, MiningRightListView

RIGHT_FIELDS = ("plan", "seq", "name", "mineral", "mineral_as_printed", "area_km2", "as_of")
LIFECYCLE_FIELDS = ("permit_no", "holder", "holder_credit_code", "valid_from", "valid_to")
# The headings of the register pages' exports (rights/views.py).
RIGHT_LABELS = {
    "seq": _("No."),
    "name": _("Name"),
    "mineral": _("Mineral"),
    "mineral_as_printed": _("Mineral as printed"),
    "area_km2": _("Area (km²)"),
}


class ExplorationRightResource(PlanTableResource):
    page_view = ExplorationRightListView
    column_labels = {**RIGHT_LABELS, "stage": _("Stage")}

    mineral = mineral_field()
    stage = choice_field("stage", Stage)
    area_km2 = decimal_field("area_km2")

    class Meta(PlanTableResource.Meta):
        model = ExplorationRight
        # In the order of the page's columns: the stage before the area.
        fields = (*RIGHT_FIELDS[:5], "stage", *RIGHT_FIELDS[5:], *LIFECYCLE_FIELDS)
        name = _("exploration rights")


class MiningRightResource(PlanTableResource):
    page_view = MiningRightListView
    column_labels = {
        **RIGHT_LABELS,
        "capacity": _("Capacity"),
        "capacity_unit": _("Capacity unit"),
        "status": _("Status"),
        "mining_method": _("Mining method"),
        "scale": _("Scale"),
    }

    mineral = mineral_field()
    area_km2 = decimal_field("area_km2")
    capacity = decimal_field("capacity")
    capacity_unit = choice_field("capacity_unit", Unit)
    status = choice_field("status", MineStatus)
    mining_method = choice_field("mining_method", MiningMethod)
    scale = choice_field("scale", Scale)

    class Meta(PlanTableResource.Meta):
        model = MiningRight
        fields = (
            *RIGHT_FIELDS,
            "capacity",
            "capacity_unit",
            "status",
            "mining_method",
            "scale",
            "issuing_authority",
            *LIFECYCLE_FIELDS,
        )
        name = _("mining rights")
