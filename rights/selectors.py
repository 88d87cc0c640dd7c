"""Reads of exploration and mining rights shared by the API, the pages and the exports."""

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from deposits.selectors import mineral_breakdown
from planportal.choices import MineStatus, Scale, Stage
from planportal.selectors import ZERO_AREA, choice_aggregates, choice_breakdown
from rights.models import ExplorationRight, MiningRight

# The plan's table of mining rights gives no scale per mine, so most rows have none.
UNREGISTERED_SCALE = ("", _("not registered"))


def exploration_right_summary(plan):
    """A plan's exploration rights (专栏3): number, total area, by stage and by mineral.

    Two queries whatever the number of rights.
    """
    rights = ExplorationRight.objects.filter(plan=plan)
    row = rights.aggregate(
        count=Count("pk"),
        total_area=Coalesce(Sum("area_km2"), ZERO_AREA),
        **choice_aggregates("stage", Stage.choices, area_field="area_km2"),
    )
    return {
        "count": row["count"],
        "area_km2": row["total_area"],
        "by_stage": choice_breakdown(row, "stage", Stage.choices, area_field="area_km2"),
        "by_mineral": mineral_breakdown(rights, area_field="area_km2"),
    }


def mining_right_summary(plan):
    """A plan's mining rights (专栏4): number, total area, by status, scale and mineral.

    Two queries whatever the number of rights.
    """
    rights = MiningRight.objects.filter(plan=plan)
    scales = [*Scale.choices, UNREGISTERED_SCALE]
    row = rights.aggregate(
        count=Count("pk"),
        total_area=Coalesce(Sum("area_km2"), ZERO_AREA),
        **choice_aggregates("status", MineStatus.choices, area_field="area_km2"),
        **choice_aggregates("scale", scales),
    )
    return {
        "count": row["count"],
        "area_km2": row["total_area"],
        "by_status": choice_breakdown(row, "status", MineStatus.choices, area_field="area_km2"),
        "by_scale": choice_breakdown(row, "scale", scales),
        "by_mineral": mineral_breakdown(rights, area_field="area_km2"),
    }
