"""Reads of the plan's targets shared by the pages, the API and the exports.

Every figure here (converted actual figures, completion rates, statuses, live figures) comes
from ``Indicator.objects.with_completion().with_live()``: computed once, in the database.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from deposits.models import Deposit, Mineral
from planportal.cache import cached
from rights.models import ExplorationRight, MiningRight
from targets.choices import GroupRole, LiveMetric, Status, TargetKind, ValueSource
from targets.live import live_units, live_yearly_counts
from targets.models import Indicator, IndicatorGroup, IndicatorValue

FOUR_PLACES = Decimal("0.0001")


def indicator_rows():
    """The annotated indicator queryset every dashboard reads (mineral loaded)."""
    return Indicator.objects.with_completion().with_live().select_related("mineral")


# The annotations of ``with_completion().with_live()`` that pages and the API show.
FIGURE_FIELDS = (
    "latest_year",
    "actual_first_year",
    "latest_value",
    "latest_source",
    "latest_stated_completion_rate",
    "baseline_year",
    "baseline_value",
    "completion_target",
    "completion_rate",
    "cap_usage",
    "status",
    "evaluation_year",
    "live_value",
    "live_peak_year",
    "live_unscaled_count",
    "live_year",
    "current_is_live",
    "current_value",
    "current_year",
    "current_completion_rate",
    "current_cap_usage",
    "current_status",
)


def _figure_rows(queryset, today):
    rows = queryset.with_live(today).order_by().values("pk", *FIGURE_FIELDS)
    return {row.pop("pk"): row for row in rows}


def indicator_figures(today=None):
    """``{indicator pk: {annotation: value}}``: the ``FIGURE_FIELDS`` of every indicator.

    Computed in the database by one query of ``with_completion().with_live()`` (whose SQL is
    large: Django takes most of a second to build it) and cached for the current data
    generation (``planportal.cache``), so the dashboards and the API read a dictionary.
    """
    year = (today or timezone.localdate()).year
    return cached(("indicator-figures", year), lambda: _figure_rows(Indicator.objects, today))


def with_figures(indicators, today=None):
    """Set the ``FIGURE_FIELDS`` of ``indicator_figures()`` on ``indicators`` (instances
    loaded without annotations), as ``indicator_rows()`` would annotate them; returns them.

    An indicator the cached figures lack (created since, in a transaction) is computed afresh.
    """
    indicators = list(indicators)
    figures = indicator_figures(today)
    missing = [indicator.pk for indicator in indicators if indicator.pk not in figures]
    if missing:
        figures = {
            **figures,
            **_figure_rows(Indicator.objects.filter(pk__in=missing), today),
        }
    for indicator in indicators:
        indicator.__dict__.update(figures[indicator.pk])
    return indicators


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
    latest recorded figure stays in ``latest_*`` and the register figure in ``live_*``,
    from ``indicator_figures()``). Two queries whatever the number of groups and
    indicators, and the cached figures.
    """
    groups = IndicatorGroup.objects.filter(plan=plan)
    indicators = Indicator.objects.select_related("mineral").order_by("seq")
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
    with_figures([i for g in groups for i in g.indicator_list])
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
        # A target reading another's figures (figures_from) draws that series, in its own unit.
        IndicatorValue.objects.with_converted_value(indicator.unit)
        .filter(indicator=indicator.figures_from_id or indicator.pk)
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
    if not indicator.live_metric or indicator.unit not in live_units(indicator.live_metric):
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


# The order a summary lists statuses in: verdicts first, then what cannot be judged yet.
STATUS_ORDER = (
    Status.MET,
    Status.NOT_MET,
    Status.WITHIN,
    Status.BELOW,
    Status.ABOVE,
    Status.NO_DATA,
    Status.NO_TARGET,
)
# Shown even at zero: the four figures a reader looks for first.
STATUSES_ALWAYS_SHOWN = {Status.MET, Status.NOT_MET, Status.WITHIN, Status.NO_DATA}


def indicator_status_summary(plan, *, role=GroupRole.TARGETS):
    """How many of a plan's indicators stand at each status, counted in the database.

    Reads ``current_status`` of ``indicator_rows()`` (the live figure where there is one,
    else the latest counted figure) for the indicators of the plan's groups of ``role``
    (by default the plan's own targets, not its review of the previous plan). Returns
    ``{"total": n, "statuses": [{"code", "label", "count"}, ...]}`` in ``STATUS_ORDER``:
    every status with a count, and met, not met, within range and no data even at zero.
    The statuses are those of ``indicator_figures()`` (computed in the database, cached);
    one query for the plan's indicators whatever their number.
    """
    figures = indicator_figures()
    counts = Counter(
        figures[pk]["current_status"] if pk in figures else None
        for pk in Indicator.objects.filter(plan=plan, group__role=role).values_list("pk", flat=True)
    )
    if counts.pop(None, 0):
        # An indicator the cached figures lack (created since, in a transaction).
        return _status_summary(_status_counts_in_sql(plan, role))
    return _status_summary(counts)


def _status_counts_in_sql(plan, role):
    rows = (
        indicator_rows()
        .filter(plan=plan, group__role=role)
        .order_by()
        .values("current_status")
        .annotate(count=Count("pk"))
    )
    return {row["current_status"]: row["count"] for row in rows}


def _status_summary(counts):
    statuses = [
        {"code": status.value, "label": status.label, "count": counts.get(status, 0)}
        for status in STATUS_ORDER
        if counts.get(status) or status in STATUSES_ALWAYS_SHOWN
    ]
    return {"total": sum(counts.values()), "statuses": statuses}


@dataclass
class Coverage:
    """The register rows a target counts: of its class's minerals, else of its own mineral."""

    indicator: Indicator
    minerals: list
    deposits: object  # Deposit queryset
    mining_rights: object  # MiningRight queryset
    exploration_rights: object  # ExplorationRight queryset


def indicator_coverage(indicator):
    """Which minerals and register rows of its plan ``indicator`` covers (``Coverage``).

    ``Indicator.mineral_class`` set: the members of that class (石灰岩 covers the 水泥用灰岩
    deposit and mine); else the indicator's own mineral, with the rows printed under its
    aliases; neither: nothing. The rows are querysets of the indicator's plan, in table order.
    """
    minerals = Mineral.objects.covered(indicator.mineral_class_id, indicator.mineral_id)
    return Coverage(
        indicator=indicator,
        minerals=list(minerals),
        deposits=Deposit.objects.filter(plan=indicator.plan_id, mineral__in=minerals)
        .select_related("mineral")
        .order_by("seq"),
        mining_rights=MiningRight.objects.for_plan(indicator.plan_id)
        .filter(mineral__in=minerals)
        .select_related("mineral")
        .order_by("seq"),
        exploration_rights=ExplorationRight.objects.for_plan(indicator.plan_id)
        .filter(mineral__in=minerals)
        .select_related("mineral")
        .order_by("seq"),
    )


def indicator_same_quantity_targets(indicator):
    """The other targets on ``indicator``'s quantity, each with its own verdict and clause.

    One quantity is measured once (``Indicator.figures_from``): 专栏9 row 10 sets 建筑用砂
    output as a goal of 500 万立方米 and the prose of 二(三) caps it at 500. For either of
    them this returns the other(s) reading the same series — the source and every target
    reading it, less ``indicator`` itself — annotated like ``indicator_rows()``
    (``current_value``, ``current_status``, ``current_completion_rate``,
    ``current_cap_usage``, ``aggregation``, ``clause``), in plan order, so that both
    verdicts can be shown side by side. Empty for a quantity only one target reads. One
    query.
    """
    series = indicator.figures_from_id or indicator.pk
    return with_figures(
        Indicator.objects.select_related("mineral", "group")
        .filter(Q(pk=series) | Q(figures_from=series))
        .exclude(pk=indicator.pk)
        .order_by("group__order", "seq")
    )
