"""Querysets of indicators and their figures: completion and live figures, in the database.

Annotations only; the models attach them with ``Manager.from_queryset`` (``targets.models``).
Live figures come from the registers through ``targets.live``.
"""

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    F,
    OuterRef,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull
from django.utils import timezone

from planportal.cache import cached
from planportal.units import Fixed
from targets.choices import VALUE_PLACES, Aggregation
from targets.expressions import (
    cap_usage_expression,
    completion_rate_expression,
    completion_target,
    converted_value,
    in_indicator_unit,
    status_expression,
    value_field,
)
from targets.live import live_figures


class IndicatorQuerySet(models.QuerySet):
    def for_plan(self, plan):
        """Indicators of one plan, given as a Plan, its pk or its code."""
        if isinstance(plan, str):
            return self.filter(plan__code=plan)
        return self.filter(plan=plan)

    def for_period(self, start, end=None):
        """Indicators of the groups whose period overlaps ``start``–``end`` (one year if no end)."""
        end = start if end is None else end
        return self.filter(group__period_start__lte=end, group__period_end__gte=start)

    def with_completion(self):
        """Annotate each indicator, in the database, with where it stands:

        Only the figures of the indicator's period count: years from its group's
        ``period_start`` to its ``target_year`` (2021–2025 for the plan's targets, 2016–2020
        for the 十三五 review). An earlier figure is a baseline (基期值: the plan's 2020
        figures under its 2025 targets); a later one is shown but judges nothing.

        The figures are the indicator's own, or those of the indicator named by its
        ``figures_from`` (one quantity measured once: 建筑用砂 of 专栏9 and of the prose).
        The actual figure is formed by the indicator's ``aggregation``:

        - ``period_total`` (专栏7/8, "2021—2025 规划目标"): the sum of the period's figures;
        - ``target_year`` (专栏9/10, "2025 年规划目标"): the figure of the target year, none
          before there is one;
        - ``latest`` (and an empty aggregation): the latest figure of the period.

        Annotations:

        - ``latest_value``: the actual figure so formed, in the indicator's unit, Decimal
          with 4 places (each yearly figure converted first: 1510 万元 against a target in
          亿元 is 0.1510);
        - ``latest_year``: the last year that counts in it, None without figures;
          ``actual_first_year``: the first (the same year unless the figure is a total, so
          a total reads "2021–2023");
        - ``latest_source``, ``latest_stated_completion_rate``: the source of the figure
          of ``latest_year`` and the completion rate the plan prints for it (None if none);
        - ``baseline_year``, ``baseline_value``: the latest figure before ``period_start``,
          converted likewise (None if none), never summed;
        - ``completion_target``: the target the rate divides by (the value, or a range's
          lower end);
        - ``completion_rate``: latest_value ÷ target × 100, 2 places, None without value or
          target, and None for an at-most target (砖瓦用粘土 26.6 / 80 = 33.25);
        - ``cap_usage``: for an at-most target, latest_value ÷ cap × 100, 2 places (the share
          of the cap used); None for other targets;
        - ``status``: one of ``Status`` (no_target, no_data, met / not_met, below / within /
          above), judged by the indicator's own target kind.

        Figures only: live indicators get their register figure from ``with_live()``.
        """
        if "latest_value" in self.query.annotations:
            return self
        figure_model = self.model._meta.get_field("values").related_model
        # Subqueries read the series (own figures, or the source's) in its owner's unit;
        # the outer query converts that into the indicator's own.
        series = figure_model.objects.filter(indicator=OuterRef("_series")).order_by()
        counted = series.filter(
            year__gte=OuterRef("_counted_from"), year__lte=OuterRef("target_year")
        )
        latest = counted.order_by("-year")
        baseline = series.filter(year__lt=OuterRef("group__period_start")).order_by("-year")
        in_series_unit = converted_value("value", "unit", "indicator__unit")
        total = (
            counted.values("indicator")
            .annotate(total=Sum(in_series_unit, output_field=value_field()))
            .values("total")
        )
        actual = Case(
            When(aggregation=Aggregation.PERIOD_TOTAL, then=Subquery(total)),
            default=Subquery(latest.values(figure=in_series_unit)[:1]),
            output_field=value_field(),
        )
        return (
            self.annotate(
                _series=Coalesce(F("figures_from"), F("pk")),
                _series_unit=Coalesce(F("figures_from__unit"), F("unit")),
                # A target-year figure is looked for in its year only.
                _counted_from=Case(
                    When(aggregation=Aggregation.TARGET_YEAR, then=F("target_year")),
                    default=F("group__period_start"),
                    output_field=models.PositiveSmallIntegerField(),
                ),
            )
            .annotate(
                latest_year=Subquery(latest.values("year")[:1]),
                actual_first_year=Case(
                    When(
                        aggregation=Aggregation.PERIOD_TOTAL,
                        then=Subquery(counted.order_by("year").values("year")[:1]),
                    ),
                    default=Subquery(latest.values("year")[:1]),
                    output_field=models.PositiveSmallIntegerField(),
                ),
                latest_value=in_indicator_unit(actual),
                latest_source=Subquery(latest.values("source")[:1]),
                latest_stated_completion_rate=Subquery(latest.values("stated_completion_rate")[:1]),
                baseline_year=Subquery(baseline.values("year")[:1]),
                baseline_value=in_indicator_unit(
                    Subquery(baseline.values(figure=in_series_unit)[:1])
                ),
                completion_target=completion_target(),
            )
            .annotate(
                completion_rate=completion_rate_expression(F("latest_value")),
                cap_usage=cap_usage_expression(F("latest_value")),
                status=status_expression(F("latest_value")),
            )
        )

    def live_figures(self, year):
        """``{indicator pk: LiveFigure}`` of every live indicator as at ``year``
        (``targets.live.live_figures``), cached for the current data generation
        (``planportal.cache``): one small query and a few aggregates over the registers
        when computed, a cache read when not."""
        rows = (
            self.model.objects.exclude(live_metric="")
            .order_by("pk")
            .values(
                "pk",
                "plan_id",
                "live_metric",
                "unit",
                "target_year",
                period_start=F("group__period_start"),
            )
        )
        return cached(("live-figures", year), lambda: live_figures(rows, year))

    def with_live(self, today=None):
        """Add the live figure of live indicators, aggregated from the registers in SQL.

        The register figures are computed for all live indicators at once and cached per
        data generation (``live_figures``), then attached to each indicator by its primary
        key; every figure derived from them (rate, status) is computed here, in SQL.

        - ``evaluation_year``: the year a live figure is evaluated as at: today's year, but
          never after the indicator's ``target_year`` (the 2021–2025 plan is judged as at
          2025, also in 2026);
        - ``live_value``: the register figure for the indicator's ``live_metric`` as at
          ``evaluation_year`` (see ``targets.live``), in the indicator's unit; None for an
          indicator that is not live, whose unit is not the metric's, whose evaluation year
          lies before its period, or whose figure cannot be computed from the records (the
          share of large and medium mines when no mine in force has a registered scale; the
          new sand-gravel-clay rights per year when none of them has a ``valid_from``, or
          the plan names no sand-gravel-clay class);
        - ``live_year``: the year the live figure is for (``evaluation_year``), None without
          a live figure;
        - ``live_peak_year``: for the new sand-gravel-clay rights per year (a cap for each
          year), the live figure is the largest yearly count of ``period_start`` ..
          ``evaluation_year`` and this is the year it was reached (None otherwise);
        - ``live_unscaled_count``: for the share of large and medium mines, how many mines in
          force have no registered scale (None for other indicators);
        - ``current_value``, ``current_year``, ``current_completion_rate``,
          ``current_cap_usage``, ``current_status``, ``current_is_live``: what the dashboard
          shows as the actual: the live figure when there is one, else the latest counted
          figure; the rate, cap usage and status are computed as in ``with_completion``.

        Applies ``with_completion()`` first when it has not been applied.
        """
        qs = self if "latest_value" in self.query.annotations else self.with_completion()
        year = (today or timezone.localdate()).year
        figures = self.live_figures(year)
        live = F("live_value")
        return (
            qs.annotate(
                evaluation_year=Case(
                    When(target_year__lt=year, then=F("target_year")),
                    default=Value(year),
                    output_field=models.PositiveSmallIntegerField(),
                ),
                live_value=_per_indicator(
                    figures, "value", value_field(), lambda v: Fixed(Value(v), VALUE_PLACES)
                ),
                live_peak_year=_per_indicator(
                    figures, "peak_year", models.PositiveSmallIntegerField(), Value
                ),
                live_unscaled_count=_per_indicator(
                    figures, "unscaled_count", models.IntegerField(), Value
                ),
            )
            .annotate(
                live_year=Case(
                    When(IsNull(live, False), then=F("evaluation_year")),
                    default=None,
                    output_field=models.PositiveSmallIntegerField(),
                ),
                current_is_live=Case(
                    When(IsNull(live, False), then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
                current_value=Coalesce(live, F("latest_value"), output_field=value_field()),
                current_year=Case(
                    When(IsNull(live, False), then=F("evaluation_year")),
                    default=F("latest_year"),
                    output_field=models.PositiveSmallIntegerField(),
                ),
            )
            .annotate(
                current_completion_rate=completion_rate_expression(F("current_value")),
                current_cap_usage=cap_usage_expression(F("current_value")),
                current_status=status_expression(F("current_value")),
            )
        )


class IndicatorValueQuerySet(models.QuerySet):
    def with_converted_value(self, unit=None):
        """Annotate ``converted_value``: the figure in its indicator's unit, 4 places, or in
        ``unit`` when given (the unit of a target reading these figures: ``figures_from``).

        The factor is ``planportal.units.ratio`` written as SQL (1510 万元 → 0.1510 亿元).
        """
        if unit is None:
            return self.annotate(
                converted_value=converted_value("value", "unit", "indicator__unit")
            )
        return self.annotate(_to_unit=Value(unit, output_field=models.CharField())).annotate(
            converted_value=converted_value("value", "unit", "_to_unit")
        )


def _per_indicator(figures, attribute, output_field, as_expression):
    """One attribute of ``LiveFigure`` per indicator, as SQL: the indicator's figure where it
    has one, else NULL (a short CASE on the primary key)."""
    whens = [
        When(pk=pk, then=as_expression(getattr(figure, attribute)))
        for pk, figure in figures.items()
        if getattr(figure, attribute) is not None
    ]
    if not whens:
        return Value(None, output_field=output_field)
    return Case(*whens, default=None, output_field=output_field)
