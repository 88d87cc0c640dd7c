"""Excel import and export of the planning areas and blocks (专栏12–15 and two tables)."""

from django.utils.translation import gettext_lazy as _

from deposits.resources import mineral_field
from planportal.choices import Stage
from planportal.resources import PlanTableResource, choice_field, decimal_field
from zones.models import PlanningArea, ZoneKind


class PlanningAreaResource(PlanTableResource):
    """A planning area is one row of the table its kind names: (plan, kind, 序号)."""

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
            "mineral",
            "mineral_as_printed",
            "area_km2",
            "admin_region",
            "stage",
            "note",
        )
        name = _("planning areas")
