"""Reads of planning areas and blocks shared by the API, the pages and the exports."""

from django.db.models import Count

from planportal.selectors import choice_aggregates, choice_breakdown
from zones.models import PlanningArea, ZoneKind


def planning_area_summary(plan):
    """A plan's areas and blocks (专栏12–15 and the two unnumbered tables): for each kind,
    the number of areas and their total area, as ``[{"code", "label", "count", "area_km2"}]``.

    One query whatever the number of areas.
    """
    row = PlanningArea.objects.filter(plan=plan).aggregate(
        count=Count("pk"), **choice_aggregates("kind", ZoneKind.choices, area_field="area_km2")
    )
    return choice_breakdown(row, "kind", ZoneKind.choices, area_field="area_km2")
