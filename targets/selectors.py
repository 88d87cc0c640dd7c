"""Reads of the plan's targets shared by the pages, the API and the exports.

Every figure here (converted actual figures, completion rates, statuses, live figures) comes
from ``Indicator.objects.with_completion().with_live()``: computed once, in the database.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from targets.choices import GroupRole, LiveMetric, TargetKind, ValueSource
from targets.live import LIVE_UNITS, live_yearly_counts
from targets.models import Indicator, IndicatorGroup, IndicatorValue

FOUR_PLACES = Decimal("0.0001")


def indicator_rows():
    """The annotated indicator queryset every dashboard reads (mineral loaded)."""
    return Indicator.objects.with_completion().with_live().select_related("mineral")


def _period_bounds(period):
    if period is None:
        return None
    if isinstance(period, int):
        return period, period
    if isinstance(period, str):
        start, _sep, end = period.partition("-")
        return int(start), int(end or start)
    start, end = period
    return int(start), int(end)


def indicator_dashboard(plan, *, period=None, group=None, attribute=None, role=None):
    """The plan's indicator groups, in order, each with its annotated indicators.

    ``period`` is a year, a ``(start, end)`` pair or ``"2021-2025"``: the groups whose period
    overlaps it. ``group`` is a group code (or a list of codes), ``attribute`` an
    ``Attribute`` code (expected / binding); with an attribute, groups left with no indicator
    are dropped. ``role`` a ``GroupRole`` (the plan's targets, or its review of the previous
    plan's).

    Each group carries ``group.indicator_list``: indicators ordered by seq, annotated by
    ``with_completion()`` and ``with_live()`` (``current_value``, ``current_year``,
    ``current_completion_rate``, ``current_status`` are what to show as the actual; the
    latest recorded figure stays in ``latest_*`` and the register figure in ``live_*``).
    Two queries whatever the number of groups and indicators.
    """
    groups = IndicatorGroup.objects.filter(plan=plan)
    indicators = indicator_rows().order_by("seq")
    bounds = _period_bounds(period)
    if bounds:
        groups = groups.filter(period_start__lte=bounds[1], period_end__gte=bounds[0])
    if group:
        codes = [group] if isinstance(group, str) else list(group)
        groups = groups.filter(code__in=codes)
    if role:
        groups = groups.filter(role=role)
    if attribute:
        indicators = indicators.filter(attribute=attribute)
    groups = list(
        groups.order_by("order", "code").prefetch_related(
            Prefetch("indicators", queryset=indicators, to_attr="indicator_list")
        )
    )
    if attribute:
        groups = [g for g in groups if g.indicator_list]
    return groups


@dataclass
class TrendPoint:
    year: int
    value: Decimal
    source: str
    value_as_printed: str = ""
    is_live: bool = False


@dataclass
class Trend:
    """An indicator's figures over the years against its target, for a chart."""

    indicator: object
    unit: str
    points: list = field(default_factory=list)
    target_lines: list = field(default_factory=list)  # [(label_code, Decimal)]
    target_year: int | None = None

    def chart_data(self):
        """JSON-safe data for ``json_script``: numbers as strings (exact decimals)."""
        return {
            "unit": self.unit,
            "years": [p.year for p in self.points],
            "values": [str(p.value) for p in self.points],
            "live": [p.is_live for p in self.points],
            "targets": [{"kind": kind, "value": str(value)} for kind, value in self.target_lines],
            "target_year": self.target_year,
        }


def indicator_trend(indicator):
    """The yearly figures of ``indicator`` in its own unit, and its target line(s).

    Points are the recorded figures (IndicatorValue, converted in SQL into the indicator's
    unit) by year, all of them: baselines before the period and figures after the target
    year are drawn too, though only the period's figures count. For a live indicator the
    register figure of its evaluation year is added (replacing a recorded figure of that
    year); for the new sand-gravel-clay rights, a cap for each year, the count of every
    year of the period up to the evaluation year. Target lines: one for a value or bound
    (``"target"``, ``"at_least"``, ``"at_most"``), two for a range (``"low"``, ``"high"``).
    One query; one more for the sand-gravel-clay rights' yearly counts, and one more for a
    live indicator not annotated by ``with_live()``.
    """
    values = (
        IndicatorValue.objects.with_converted_value()
        .filter(indicator=indicator)
        .order_by("year")
        .values("year", "converted_value", "source", "value_as_printed")
    )
    points = [
        TrendPoint(
            year=row["year"],
            value=row["converted_value"],
            source=row["source"],
            value_as_printed=row["value_as_printed"],
        )
        for row in values
    ]
    live = _live_points(indicator)
    if live:
        live_years = {p.year for p in live}
        points = sorted(
            [p for p in points if p.year not in live_years] + live, key=lambda p: p.year
        )
    if indicator.target_kind == TargetKind.RANGE:
        lines = [("low", indicator.target_low), ("high", indicator.target_high)]
    elif indicator.target_value is not None:
        kind = indicator.target_kind if indicator.target_kind != TargetKind.VALUE else "target"
        lines = [(kind, indicator.target_value)]
    else:
        lines = []
    lines = [(kind, Decimal(value).quantize(FOUR_PLACES)) for kind, value in lines]
    return Trend(
        indicator=indicator,
        unit=indicator.unit,
        points=points,
        target_lines=lines,
        target_year=indicator.target_year,
    )


def _live_points(indicator):
    if not indicator.live_metric or LIVE_UNITS[LiveMetric(indicator.live_metric)] != (
        indicator.unit
    ):
        return []
    # The figure and its year come from ``with_live()``; an indicator without it is read again.
    if not hasattr(indicator, "live_value"):
        indicator = Indicator.objects.with_live().select_related("group").get(pk=indicator.pk)
    if indicator.live_metric == LiveMetric.NEW_SAND_CLAY_RIGHTS:
        # Asked whether or not the figure is known, so the page costs the same either way
        # ({} while no right has a date).
        counts = live_yearly_counts(
            indicator.plan_id, indicator.group.period_start, indicator.evaluation_year
        )
        return [
            TrendPoint(
                year=year,
                value=Decimal(count).quantize(FOUR_PLACES),
                source=ValueSource.REGISTER,
                is_live=True,
            )
            for year, count in counts.items()
        ]
    if indicator.live_value is None:
        return []
    return [
        TrendPoint(
            year=indicator.live_year,
            value=indicator.live_value,
            source=ValueSource.REGISTER,
            is_live=True,
        )
    ]


def review_tables(plan):
    """The plan's review tables of the previous plan, with printed and computed completion rates.

    Returns the plan's groups whose role is ``review`` (for the 2021–2025 plan its two 十三五
    tables, ``review_resources`` and ``review_production``), in order, each with
    ``indicator_list`` annotated by ``with_completion()``; every indicator
    also carries ``rate_agrees``: whether the computed ``completion_rate`` equals the rate the
    plan prints (``latest_stated_completion_rate``), None where the plan prints none. Two
    queries.
    """
    groups = indicator_dashboard(plan, role=GroupRole.REVIEW)
    for group in groups:
        for indicator in group.indicator_list:
            stated = indicator.latest_stated_completion_rate
            indicator.rate_agrees = None if stated is None else indicator.completion_rate == stated
    return groups
