"""Filters every app shares: whole numbers within the column's range, and the plans' FilterSet.

A number a column cannot hold (an id beyond 2⁶³ − 1, a fraction of an id, a year of ten
digits) fails the FilterSet's form, so the API answers 400 naming the parameter and a page
shows the error, instead of the database driver failing with a 500 or the number being
silently rounded.
"""

import django_filters
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.drainage import set_override

from planportal.models import Plan

# The largest id a BigAutoField (and SQLite's INTEGER) holds.
MAX_ID = 2**63 - 1


class BoundedIntegerField(forms.IntegerField):
    """A whole number from ``min_value`` to ``max_value``; anything else gets one message."""

    def __init__(self, *, message, **kwargs):
        super().__init__(**kwargs)
        for code in ("invalid", "min_value", "max_value"):
            self.error_messages[code] = message


class BoundedIntegerFilter(django_filters.NumberFilter):
    """``?x=<whole number>`` between ``min_value`` and ``max_value``, else a 400."""

    field_class = BoundedIntegerField

    def __init__(self, *args, min_value, max_value, message, **kwargs):
        kwargs.update(min_value=min_value, max_value=max_value, message=message)
        super().__init__(*args, **kwargs)
        # The OpenAPI schema gives the bounds, so clients (and the fuzz test) know them.
        set_override(
            self,
            "field",
            {
                "type": "integer",
                "format": "int64",
                "minimum": min_value,
                "maximum": max_value,
                "description": kwargs.get("help_text") or kwargs.get("label"),
            },
        )


def id_filter(field_name, label, help_text):
    """``?x_id=<id>``: a whole number from 1 to 2⁶³ − 1."""
    return BoundedIntegerFilter(
        field_name=field_name,
        label=label,
        help_text=help_text,
        min_value=1,
        max_value=MAX_ID,
        message=format_lazy(_("Give an id: a whole number from 1 to {max}."), max=MAX_ID),
    )


def year_filter(field_name, label, help_text, lookup_expr="exact"):
    """``?year=2025``: a whole number from 1 to 9999."""
    return BoundedIntegerFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        label=label,
        help_text=help_text,
        min_value=1,
        max_value=9999,
        message=_("Give a year: a whole number from 1 to 9999."),
    )


class PlanFilterSet(django_filters.FilterSet):
    period_start = year_filter(
        "period_start",
        _("period start year"),
        _("First year of the planning period, e.g. 2021."),
    )
    period_end = year_filter(
        "period_end", _("period end year"), _("Last year of the planning period, e.g. 2025.")
    )
    region_code = django_filters.CharFilter(
        field_name="region_code",
        label=_("region code"),
        help_text=_("Administrative division code (行政区划代码) of the plan's region."),
    )

    class Meta:
        model = Plan
        fields = ["period_start", "period_end", "region_code"]
