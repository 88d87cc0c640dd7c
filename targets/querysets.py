"""Querysets of indicators and their figures: completion and live figures, in the database.

Annotations only; the models attach them with ``Manager.from_queryset`` (``targets.models``).
Live figures come from the registers through ``targets.live``.
"""

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull
from django.utils import timezone

from targets.choices import LiveMetric
from targets.expressions import (
    cap_usage_expression,
    completion_rate_expression,
    completion_target,
    converted_value,
    status_expression,
    value_field,
)
from targets.live import (
    live_indicator_expression,
    live_peak_year_expression,
    unscaled_mines_expression,
)


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

        - ``latest_year``: year of the latest counted figure (IndicatorValue), None if none;
        - ``latest_value``: that figure converted into the indicator's unit, Decimal with 4
          places (1510 万元 against a target in 亿元 is 0.1510);
        - ``latest_source``, ``latest_stated_completion_rate``: the source of that figure and
          the completion rate the plan prints for it (None if the plan prints none);
        - ``baseline_year``, ``baseline_value``: the latest figure before ``period_start``,
          converted likewise (None if none);
        - ``completion_target``: the target the rate divides by (the value, or a range's
          lower end);
        - ``completion_rate``: latest_value ÷ target × 100, 2 places, None without value or
          target, and None for an at-most target (砖瓦用粘土 26.6 / 80 = 33.25);
        - ``cap_usage``: for an at-most target, latest_value ÷ cap × 100, 2 places (the share
          of the cap used); None for other targets;
        - ``status``: one of ``Status`` (no_target, no_data, met / not_met, below / within /
          above).

        Figures only: live indicators get their register figure from ``with_live()``.
        """
        if "latest_value" in self.query.annotations:
            return self
        # The latest counted figure and the baseline are joined (one row per indicator at
        # most: one figure per year), so the expressions below read their columns instead of
        # repeating a subquery.
        figure_model = self.model._meta.get_field("values").related_model
        figures = figure_model.objects.filter(indicator=OuterRef("pk")).order_by("-year")
        counted_year = figures.filter(
            year__gte=OuterRef("group__period_start"), year__lte=OuterRef("target_year")
        ).values("year")[:1]
        baseline_year = figures.filter(year__lt=OuterRef("group__period_start")).values("year")[:1]
        return (
            self.annotate(
                _latest=FilteredRelation(
                    "values", condition=Q(values__year=Subquery(counted_year))
                ),
                _baseline=FilteredRelation(
                    "values", condition=Q(values__year=Subquery(baseline_year))
                ),
            )
            .annotate(
                latest_year=F("_latest__year"),
                latest_value=converted_value("_latest__value", "_latest__unit", "unit"),
                latest_source=F("_latest__source"),
                latest_stated_completion_rate=F("_latest__stated_completion_rate"),
                baseline_year=F("_baseline__year"),
                baseline_value=converted_value("_baseline__value", "_baseline__unit", "unit"),
                completion_target=completion_target(),
            )
            .annotate(
                completion_rate=completion_rate_expression(F("latest_value")),
                cap_usage=cap_usage_expression(F("latest_value")),
                status=status_expression(F("latest_value")),
            )
        )

    def with_live(self, today=None):
        """Add the live figure of live indicators, computed from the registers in SQL.

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
        live = F("live_value")
        return (
            qs.annotate(
                evaluation_year=Case(
                    When(target_year__lt=year, then=F("target_year")),
                    default=Value(year),
                    output_field=models.PositiveSmallIntegerField(),
                ),
            )
            .annotate(
                live_value=Case(
                    When(
                        group__period_start__gt=F("evaluation_year"),
                        then=Value(None),
                    ),
                    default=live_indicator_expression(
                        OuterRef("plan"),
                        OuterRef("evaluation_year"),
                        OuterRef("group__period_start"),
                    ),
                    output_field=value_field(),
                ),
                live_peak_year=Case(
                    When(
                        live_metric=LiveMetric.NEW_SAND_CLAY_RIGHTS,
                        then=live_peak_year_expression(
                            OuterRef("plan"),
                            OuterRef("group__period_start"),
                            OuterRef("evaluation_year"),
                        ),
                    ),
                    default=None,
                    output_field=models.PositiveSmallIntegerField(),
                ),
                live_unscaled_count=Case(
                    When(
                        live_metric=LiveMetric.LARGE_MEDIUM_SHARE,
                        then=unscaled_mines_expression(
                            OuterRef("plan"), OuterRef("evaluation_year")
                        ),
                    ),
                    default=None,
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
    def with_converted_value(self):
        """Annotate ``converted_value``: the figure in its indicator's unit, 4 places.

        The factor is ``planportal.units.ratio`` written as SQL (1510 万元 → 0.1510 亿元).
        """
        return self.annotate(converted_value=converted_value("value", "unit", "indicator__unit"))
