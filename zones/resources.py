"""Excel import and export of the planning areas and blocks (专栏12–15 and two tables)."""

from django.utils.translation import gettext_lazy as _

from deposits.resources import mineral_field
from planportal.choices import Stage
from planportal.resources import PlanTableResource, choice_field, decimal_field
from zones.models import PlanningArea, ZoneKind
from zones.views import PlanningAreaListView


class PlanningAreaResource(PlanTableResource):
    """A planning area is one row of the table its kind names: (plan, kind, 序号)."""

    page_view = PlanningAreaListView
    # The headings of the register page's export (zones/views.py); the page shows the
    # mineral as the plan prints it under "Mineral".
    column_labels = {
        "kind": _("Kind"),
        "seq": _("No."),
        "name": _("Name"),
        "mineral_as_printed": _("Mineral"),
        "mineral": _("Mineral (catalogue)"),
        "area_km2": _("Area (km²)"),
        "admin_region": _("Administrative region"),
        "stage": _("Planned stage"),
        "note": _("Note"),
    }

    kind = choice_field("kind", ZoneKind)
    # Empty where the plan names a group of minerals (砂石粘土): mineral_as_printed keeps it.
    mineral = mineral_field(required=False)
    area_km2 = decimal_field("area_km2")
    stage = choice_field("stage", Stage)

    class Meta(PlanTableResource.Meta):
        model = PlanningArea
        import_id_fields = ("plan", "kind", "seq")
        fields = (
            "plan",
            "kind",
            "seq",
            "name",
            "mineral_as_printed",
            "mineral",
            "area_km2",
            "admin_region",
            "stage",
            "note",
        )
        name = _("planning areas")
