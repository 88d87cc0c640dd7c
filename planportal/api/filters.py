"""The API's filter backends, and the FilterSet pieces every app's filters.py builds on.

The backends (``REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"]``, in order): unknown query
parameters refused (``KnownParametersFilter``), the resource's FilterSet (django-filter,
``PlanFilterBackend``),
``?search=`` over the FilterSet's ``search_fields``, ``?ordering=`` over the listed
columns only (``StrictOrderingFilter``).

The FilterSet pieces: the plan by its code, a choice, a range, whole numbers within the
column's range. A number a column cannot hold (an id beyond 2⁶³ − 1, a fraction of an id,
a year of ten digits) fails the FilterSet's form, so the API answers 400 naming the
parameter and a page shows the error, instead of the database driver failing with a 500
or the number being silently rounded.
"""

import django_filters
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.drainage import set_override
from rest_framework import filters
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

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


def plan_filter(field_name="plan"):
    """``?plan=xinyuan-2021-2025``: the plan by its code; an unknown code is a 400."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=Plan.objects.all(),
        to_field_name="code",
        label=_("plan"),
        help_text=_("Plan code, e.g. xinyuan-2021-2025."),
    )


def choice_filter(field_name, choices, label, help_text):
    """``?x=<code>``: one of ``choices``; any other value is a 400."""
    return django_filters.ChoiceFilter(
        field_name=field_name, choices=choices, label=label, help_text=help_text
    )


def range_filters(field_name, label_min, label_max, help_min, help_max):
    """``?x_min=&x_max=``: inclusive bounds on a decimal field (text in a number is a 400).

    Two ``NumberFilter`` rather than one ``RangeFilter``: each bound keeps its own query
    parameter in the FilterSet, so an invalid bound is reported under its own name
    (``area_min``), described on its own in the schema and shown as its own field on a page.
    """
    return (
        django_filters.NumberFilter(
            field_name=field_name, lookup_expr="gte", label=label_min, help_text=help_min
        ),
        django_filters.NumberFilter(
            field_name=field_name, lookup_expr="lte", label=label_max, help_text=help_max
        ),
    )


def area_filters(field_name="area_km2"):
    """``?area_min=&area_max=``: the area in km², inclusive."""
    return range_filters(
        field_name,
        _("area from (km²)"),
        _("area to (km²)"),
        _("Area at least this many km²."),
        _("Area at most this many km²."),
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

    search_fields = ["name", "region_name", "code"]

    class Meta:
        model = Plan
        fields = ["period_start", "period_end", "region_code"]


class PlanFilterBackend(DjangoFilterBackend):
    """django-filter's backend, not building the FilterSet when no query parameter names one
    of its filters (a page of the whole list, one record): every filter of the portal leaves
    the rows alone when its parameter is absent, so the answer is the same, without a form
    of a dozen fields built and validated per request."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not any(
            name in request.query_params for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class StrictOrderingFilter(filters.OrderingFilter):
    """``?ordering=`` over the listed columns only: an unknown column is a 400, not ignored.

    Rows that tie on the asked columns keep a stable order (by id), so paging through
    them neither repeats nor skips a row.
    """

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if not params:
            return self.get_default_ordering(view)
        fields = [param.strip() for param in params.split(",") if param.strip()]
        valid = self.remove_invalid_fields(queryset, fields, view, request)
        if len(valid) != len(fields):
            allowed = ", ".join(
                name for name, _label in self.get_valid_fields(queryset, view, {"request": request})
            )
            raise ValidationError(
                {
                    self.ordering_param: [
                        _("Cannot order by “%(value)s”. Allowed columns: %(allowed)s.")
                        % {"value": params, "allowed": allowed}
                    ]
                }
            )
        return valid

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if ordering:
            return queryset.order_by(*ordering, "pk")
        return queryset


class FilterSetSearchFilter(filters.SearchFilter):
    """``?search=`` over the ``search_fields`` the resource's FilterSet names.

    A register page searches with this filter and the same FilterSet
    (``planportal.registers``), so a term finds the same rows on the page and in the API.
    """

    def get_search_fields(self, view, request):
        return getattr(getattr(view, "filterset_class", None), "search_fields", None)


def refuse_unknown_parameters(request, accepted):
    """A 400 for any query parameter not in ``accepted``, naming it and listing the rest.

    A mistyped filter (``?stag=exploration``) or one the resource does not have
    (``?status=`` on exploration rights) would otherwise give the whole, unfiltered list.
    """
    unknown = [name for name in request.query_params if name not in accepted]
    if unknown:
        listed = ", ".join(sorted(accepted))
        raise ValidationError(
            {
                name: [
                    _("Unknown query parameter “%(name)s”. Accepted here: %(accepted)s.")
                    % {"name": name, "accepted": listed}
                ]
                for name in unknown
            }
        )


class KnownParametersFilter(filters.BaseFilterBackend):
    """Runs first: refuses any query parameter that is not one of the resource's filters,
    its search, ordering or paging parameters, or ``format``."""

    def accepted(self, request, queryset, view):
        accepted = {api_settings.URL_FORMAT_OVERRIDE}
        for backend_class in view.filter_backends:
            backend = backend_class()
            if isinstance(backend, DjangoFilterBackend):
                filterset_class = backend.get_filterset_class(view, queryset)
                if filterset_class is not None:
                    accepted.update(filterset_class.base_filters)
            elif isinstance(backend, filters.SearchFilter) and backend.get_search_fields(
                view, request
            ):
                accepted.add(backend.search_param)
            elif isinstance(backend, filters.OrderingFilter) and getattr(
                view, "ordering_fields", None
            ):
                accepted.add(backend.ordering_param)
        paginator = getattr(view, "paginator", None)
        if paginator is not None:
            accepted.update(
                name
                for name in (
                    getattr(paginator, "page_query_param", None),
                    getattr(paginator, "page_size_query_param", None),
                )
                if name
            )
        accepted.discard(None)
        return accepted

    def filter_queryset(self, request, queryset, view):
        if request.query_params:  # nothing to refuse in a request without any
            refuse_unknown_parameters(request, self.accepted(request, queryset, view))
        return queryset
