"""FilterSets for indicators, their actual figures and the key projects."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from deposits.filters import mineral_filters
from planportal.api.filters import choice_filter, id_filter, plan_filter, year_filter
from planportal.choices import MiningMethod
from targets.choices import Attribute, LiveMetric, TargetKind, ValueSource
from targets.models import Evaluation, EvaluationKind, Indicator, IndicatorValue, KeyProject


class IndicatorFilterSet(django_filters.FilterSet):
    plan = plan_filter()
    group = django_filters.CharFilter(
        field_name="group__code",
        label=pgettext_lazy("indicator", "group"),
        help_text=_("Code of the indicator group."),
    )
    mineral, mineral_id = mineral_filters()
    attribute = choice_filter(
        "attribute", Attribute.choices, _("attribute"), _("Expected (预期性) or binding (约束性).")
    )
    target_kind = choice_filter(
        "target_kind", TargetKind.choices, _("kind of target"), _("Value, bound or range.")
    )
    live_metric = choice_filter(
        "live_metric",
        LiveMetric.choices,
        _("live metric"),
        _("Indicators computed from the registers."),
    )
    year = year_filter("target_year", _("target year"), _("Year the target is for."))
    period_start = year_filter(
        "group__period_start",
        _("period start year"),
        _("First year of the planning period, e.g. 2021 (十四五) or 2016 (十三五)."),
    )

    search_fields = ["name", "group__title", "mineral__name"]

    class Meta:
        model = Indicator
        fields = [
            "plan",
            "group",
            "mineral",
            "mineral_id",
            "attribute",
            "target_kind",
            "live_metric",
            "year",
            "period_start",
        ]


class IndicatorValueFilterSet(django_filters.FilterSet):
    plan = plan_filter("indicator__plan")
    indicator = id_filter("indicator_id", _("indicator id"), _("Id of the indicator."))
    group = django_filters.CharFilter(
        field_name="indicator__group__code",
        label=pgettext_lazy("indicator", "group"),
        help_text=_("Code of the indicator group."),
    )
    attribute = choice_filter(
        "indicator__attribute",
        Attribute.choices,
        _("attribute"),
        _("Attribute of the indicator: expected (预期性) or binding (约束性)."),
    )
    year = year_filter("year", _("year"), _("Year of the actual figure."))
    source = choice_filter(
        "source", ValueSource.choices, _("source"), _("Where the figure comes from.")
    )

    search_fields = ["indicator__name", "source_note", "value_as_printed"]

    class Meta:
        model = IndicatorValue
        fields = ["plan", "indicator", "group", "attribute", "year", "source"]


class KeyProjectFilterSet(django_filters.FilterSet):
    plan = plan_filter()
    group = django_filters.CharFilter(
        field_name="group", label=_("table"), help_text=_("专栏 the project is listed in.")
    )
    mineral, mineral_id = mineral_filters()
    mining_method = choice_filter(
        "mining_method", MiningMethod.choices, _("mining method"), _("Mining method.")
    )

    search_fields = ["name", "description", "implementer", "admin_region", "mineral__name"]

    class Meta:
        model = KeyProject
        fields = ["plan", "group", "mineral", "mineral_id", "mining_method"]


class EvaluationFilterSet(django_filters.FilterSet):
    plan = plan_filter()
    year = year_filter("year", _("year"), _("Year the plan is evaluated as at."))
    kind = choice_filter(
        "kind", EvaluationKind.choices, _("kind"), _("Final (终期) or mid-term (中期).")
    )
    signed = django_filters.BooleanFilter(
        field_name="signed_off_at",
        lookup_expr="isnull",
        exclude=True,
        label=_("signed off"),
        help_text=_("true: the signed evaluations; false: those still open."),
    )

    search_fields = ["overall", "targets", "tasks", "problems", "recommendations"]

    class Meta:
        model = Evaluation
        fields = ["plan", "year", "kind", "signed"]
