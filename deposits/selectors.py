"""Reads of minerals and deposits shared by the API, the pages and the exports."""

from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from deposits.models import Deposit
from planportal.choices import Scale, Stage

ZERO_AREA = Value(Decimal("0"), output_field=DecimalField(max_digits=16, decimal_places=4))


def choice_aggregates(field, choices, *, area_field=None):
    """Conditional aggregates counting (and summing the area of) the rows of each choice.

    Computing every choice in one aggregate keeps a summary at one query per register
    however many choices there are; ``choice_breakdown`` reads them back.
    """
    aggregates = {}
    for code, _label in choices:
        condition = Q(**{field: code})
        aggregates[f"{field}__{code}__count"] = Count("pk", filter=condition)
        if area_field:
            aggregates[f"{field}__{code}__area"] = Coalesce(
                Sum(area_field, filter=condition), ZERO_AREA
            )
    return aggregates


def choice_breakdown(row, field, choices, *, area_field=None):
    """The rows of each choice as ``[{"code", "label", "count"[, "area_km2"]}]``, in choice order."""
    breakdown = []
    for code, label in choices:
        item = {"code": code, "label": label, "count": row[f"{field}__{code}__count"]}
        if area_field:
            item["area_km2"] = row[f"{field}__{code}__area"]
        breakdown.append(item)
    return breakdown


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
