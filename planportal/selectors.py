"""Reads every register's summary is built from: counts and areas by choice, in one query."""

from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

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
