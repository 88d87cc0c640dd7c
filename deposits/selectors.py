"""Reads of minerals and deposits shared by the API, the pages and the exports."""

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from deposits.models import Deposit, MineralClass
from planportal.choices import Scale, Stage
from planportal.selectors import ZERO_AREA, choice_aggregates, choice_breakdown


def mineral_breakdown(queryset, *, area_field=None):
    """Rows per mineral as ``[{"id", "name", "count"[, "area_km2"]}]``, most rows first."""
    annotations = {"count": Count("pk")}
    if area_field:
        annotations["area_km2"] = Coalesce(Sum(area_field), ZERO_AREA)
    rows = (
        queryset.values("mineral_id", "mineral__name")
        .annotate(**annotations)
        .order_by("-count", "mineral__name")
    )
    return [
        {
            "id": row["mineral_id"],
            "name": row["mineral__name"],
            "count": row["count"],
            **({"area_km2": row["area_km2"]} if area_field else {}),
        }
        for row in rows
    ]


def deposit_summary(plan):
    """A plan's deposits (专栏2): their number, by work degree, by scale and by mineral.

    Two queries whatever the number of deposits.
    """
    deposits = Deposit.objects.filter(plan=plan)
    row = deposits.aggregate(
        count=Count("pk"),
        **choice_aggregates("work_degree", Stage.choices),
        **choice_aggregates("scale", Scale.choices),
    )
    return {
        "count": row["count"],
        "by_work_degree": choice_breakdown(row, "work_degree", Stage.choices),
        "by_scale": choice_breakdown(row, "scale", Scale.choices),
        "by_mineral": mineral_breakdown(deposits),
    }


def mineral_group_members(plan):
    """``{group name: {mineral ids}}`` of the plan's mineral classes, as blocks print groups.

    A class answers to its name (石灰岩) and to its name without a trailing 类
    (砂石粘土类 → 砂石粘土), the way the plan's block tables name a group of minerals.
    """
    groups = {}
    for mineral_class in MineralClass.objects.filter(plan=plan).prefetch_related("members"):
        members = {member.mineral_id for member in mineral_class.members.all()}
        for name in {mineral_class.name, mineral_class.name.removesuffix("类")}:
            groups.setdefault(name, set()).update(members)
    return groups
