"""Filters of the plan's self-check (stated figures beside the tables): the API, the page and
its Excel export share them."""

import django_filters
from django.utils.translation import gettext_lazy as _

from planportal.api.filters import plan_filter
from review.statements import figure_checks
from targets.models import StatedFigure

# true or false, nothing else (a NullBooleanField would read "maybe" as no filter at all).
YES_NO = [("true", _("yes")), ("false", _("no"))]


class StatementFilterSet(django_filters.FilterSet):
    plan = plan_filter()
    agrees = django_filters.ChoiceFilter(
        choices=YES_NO,
        method="filter_agrees",
        label=_("agrees"),
        help_text=_("true: the tables give the stated figure; false: they give another."),
    )
    checkable = django_filters.ChoiceFilter(
        choices=YES_NO,
        method="filter_checkable",
        label=_("checkable"),
        help_text=_("false: the tables lack the column the figure needs."),
    )
    clause = django_filters.CharFilter(
        field_name="clause",
        lookup_expr="icontains",
        label=_("clause"),
        help_text=_("Part of the clause the figure is stated in, e.g. 一(一) or 四(一)."),
    )

    search_fields = ["subject", "as_printed", "clause"]

    class Meta:
        model = StatedFigure
        fields = ["plan", "agrees", "checkable", "clause"]

    def _matching(self, queryset, keep):
        checks = figure_checks(self.request, queryset)
        return queryset.filter(pk__in=[pk for pk, check in checks.items() if keep(check)])

    def filter_agrees(self, queryset, name, value):
        return self._matching(queryset, lambda check: check.agrees is (value == "true"))

    def filter_checkable(self, queryset, name, value):
        return self._matching(queryset, lambda check: check.checkable is (value == "true"))
