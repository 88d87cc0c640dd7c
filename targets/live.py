"""Live indicators: figures computed from the registers by database aggregation.

Some targets of the plan are about the registers themselves (矿山总数, 大中型矿山比例, the
number of exploration rights, the areas of rights, 砂石粘土类采矿权年净增数). Their figures
are never typed in: ``Indicator.live_metric`` names the metric and this module computes it
from the plan's ``ExplorationRight`` and ``MiningRight`` rows, in SQL, always with the same
filters as the records it links to (``live_records``), so a figure and its drill-down agree.
The filters are the rights' own querysets (``MiningRight.objects.in_force()``, ``.sand_clay()``,
``.large_medium_shares()``): this module only aggregates them.

Choices made here, because the plan's registers carry no dates and no scale per mine:

- A mine is *in force* when its mining right is not closed (status ``closed``). With a
  ``year``, the right must also be valid in that year where it has dates (``valid_from`` /
  ``valid_to``); a right without dates counts in every year. The status is the register's
  current one: the registers keep no history of when a mine closed.
- The share of large and medium mines is ``MiningRight.objects.large_medium_shares()`` over
  the mines in force: the mines whose *registered* scale is medium or larger × 100 ÷ all mines
  in force, 2 places like the plan's 20.83 %. The plan's table of mining rights gives no scale
  per mine, so the loaded rows have none: while no mine in force has a registered scale the
  live share is unknown (None), not 0 — the plan itself says 5 of its 24 mines are medium.
  The dashboard then shows the latest recorded figure (the plan text's 20.83 % for 2020) and
  ``unscaled_mine_count`` says how many mines still lack a registered scale.
- New sand-gravel-clay mining rights of a year are the plan's mining rights of the minerals of
  its sand-gravel-clay class (``MineralClass`` ``sand_clay``: the plan's data, not this
  module's) whose ``valid_from`` falls in that year, whatever their status now. A plan that
  names no such class has no figure (None). The plan's target is a net increase (年净增 ≤ 3);
  closures carry no date in the registers, so the live figure counts the rights set, and a
  closure cannot be netted off.
  Rights without ``valid_from`` (all of the plan's rows) belong to no year: while no right of
  those minerals has a ``valid_from`` the figure is unknown (None), never 0 — "no right set"
  cannot be told from "no date registered". The target is a cap for *each* year of
  2021–2025, so an indicator's figure is the largest yearly count of its period (up to its
  evaluation year), and ``LiveFigure.peak_year`` says which year that was.
- Areas are the sums of ``area_km2``: mining rights in force, and all exploration rights.
- An indicator's live figure is evaluated as at ``evaluation_year``: today's year, but never
  after its target year (the 2021–2025 plan is judged as at 2025, also in 2026). Stock
  figures then count the rights valid in that year (where they carry dates).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, Exists, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from planportal.models import Plan
from planportal.units import Fixed, Unit, dimension_of, ratio, units_of
from rights.models import ExplorationRight, MiningRight
from targets.choices import VALUE_PLACES, LiveMetric

# The unit each metric is computed in, as the plan prints it (矿山总数 in 家, rights in 个).
# A live indicator must be kept in that unit or another of the same size (a count in 处).
LIVE_UNITS = {
    LiveMetric.MINE_COUNT: Unit.COUNT_MINES,
    LiveMetric.LARGE_MEDIUM_SHARE: Unit.PERCENT,
    LiveMetric.EXPLORATION_RIGHT_COUNT: Unit.COUNT_RIGHTS,
    LiveMetric.NEW_SAND_CLAY_RIGHTS: Unit.COUNT_RIGHTS,
    LiveMetric.MINING_RIGHT_AREA: Unit.KM2,
    LiveMetric.EXPLORATION_RIGHT_AREA: Unit.KM2,
}


def live_units(metric):
    """The units a live indicator of ``metric`` may be kept in: ``LIVE_UNITS[metric]`` and
    every unit of its dimension of the same size (家, 个 and 处 are all one count)."""
    unit = LIVE_UNITS[LiveMetric(metric)]
    return [other for other in units_of(dimension_of(unit)) if ratio(other, unit) == 1]


def mines_in_force(plan, year=None):
    """Mining rights of ``plan`` in force (in ``year`` if given): ``MiningRight.objects.in_force``.

    ``plan`` may be a Plan, its pk or an ``OuterRef`` (for a correlated subquery).
    """
    return MiningRight.objects.for_plan(plan).in_force(on=year)


def _new_year(year, today=None):
    return year if year is not None else (today or timezone.localdate()).year


def evaluation_year(indicator, today=None):
    """The year ``indicator``'s live figure is evaluated as at: today's, at most its target's.

    The same rule as the ``evaluation_year`` annotation of ``Indicator.objects.with_live()``.
    """
    return min((today or timezone.localdate()).year, indicator.target_year)


def _dated_sand_clay_rights(plan):
    return MiningRight.objects.sand_clay(plan).filter(valid_from__isnull=False)


def _records(plan, metric, year=None, today=None, period=None):
    metric = LiveMetric(metric)
    if metric in (
        LiveMetric.MINE_COUNT,
        LiveMetric.LARGE_MEDIUM_SHARE,
        LiveMetric.MINING_RIGHT_AREA,
    ):
        return mines_in_force(plan, year)
    if metric in (LiveMetric.EXPLORATION_RIGHT_COUNT, LiveMetric.EXPLORATION_RIGHT_AREA):
        return ExplorationRight.objects.for_plan(plan).in_force(on=year)
    # NEW_SAND_CLAY_RIGHTS: the rights set in the years of ``period``, or in ``year``.
    if period is not None:
        start, end = period
        return MiningRight.objects.sand_clay(plan).filter(
            valid_from__year__gte=start, valid_from__year__lte=end
        )
    return MiningRight.objects.sand_clay(plan).filter(valid_from__year=_new_year(year, today))


def live_records(plan, metric, year=None, period=None):
    """The register rows that make up a live figure (its drill-down), mineral loaded.

    For the share of large and medium mines these are all the mines in force (the
    denominator); their ``scale`` tells which count in the numerator. ``year`` as in
    ``live_value``; ``period`` (``(start, end)``) gives, for the new sand-gravel-clay rights,
    the rights set in any year of it.
    """
    return _records(plan, metric, year, period=period).select_related("mineral").order_by("seq")


def indicator_live_records(indicator, today=None):
    """The records a live indicator's figure (``with_live()``) is computed from.

    Stock figures: the rights as at the indicator's evaluation year. New sand-gravel-clay
    rights: those set in the years of its period up to that year (the figure is the largest
    yearly count among them).
    """
    year = evaluation_year(indicator, today)
    if indicator.live_metric == LiveMetric.NEW_SAND_CLAY_RIGHTS:
        return live_records(
            indicator.plan_id,
            indicator.live_metric,
            period=(indicator.group.period_start, year),
        )
    return live_records(indicator.plan_id, indicator.live_metric, year)


def _aggregate(records, aggregate):
    """A correlated subquery of one aggregate over ``records`` (grouped by plan)."""
    return Subquery(records.order_by().values("plan").annotate(_v=aggregate).values("_v")[:1])


def _count(records):
    return Coalesce(_aggregate(records, Count("pk")), Value(0))


def _share(plan_ref, year):
    # One subquery: the share over the mines in force of the plan (rights.models).
    shares = mines_in_force(plan_ref, year).large_medium_shares()
    return Subquery(shares.values("large_medium_share")[:1])


def _yearly_counts(plan_ref, start, end):
    """Sand-gravel-clay rights set per year of ``start``..``end``, largest count first."""
    return (
        _dated_sand_clay_rights(plan_ref)
        .filter(valid_from__year__gte=start, valid_from__year__lte=end)
        .annotate(_year=ExtractYear("valid_from"))
        .order_by()
        .values("_year")
        .annotate(_n=Count("pk"))
        .order_by("-_n", "_year")
    )


def _new_rights_figure(plan_ref, year=None, today=None, period=None):
    # Unknown (None) while no right of those minerals carries a date; else the count of
    # ``year``, or the largest yearly count of ``period``.
    if period is not None:
        figure = Subquery(_yearly_counts(plan_ref, *period).values("_n")[:1])
    else:
        figure = _aggregate(
            _records(plan_ref, LiveMetric.NEW_SAND_CLAY_RIGHTS, year, today), Count("pk")
        )
    return Case(
        When(Exists(_dated_sand_clay_rights(plan_ref)), then=Coalesce(figure, Value(0))),
        default=None,
    )


def figure_expression(metric, plan_ref, year=None, today=None, period=None):
    """SQL for one live figure of the plan ``plan_ref`` (usually an ``OuterRef``), 4 places.

    ``year`` (an int or an expression) is the year of the figure: for stock figures the
    rights valid in it (None: the registers as they stand), for the new sand-gravel-clay
    rights those set in it (None: this year). ``period`` ``(start, end)`` makes the latter the
    largest yearly count of those years.
    """
    metric = LiveMetric(metric)
    records = _records(plan_ref, metric, year, today)
    if metric == LiveMetric.LARGE_MEDIUM_SHARE:
        figure = _share(plan_ref, year)
    elif metric == LiveMetric.NEW_SAND_CLAY_RIGHTS:
        figure = _new_rights_figure(plan_ref, year, today, period)
    elif metric in (LiveMetric.MINING_RIGHT_AREA, LiveMetric.EXPLORATION_RIGHT_AREA):
        figure = Coalesce(_aggregate(records, Sum("area_km2")), Value(Decimal(0)))
    else:
        figure = _count(records)
    return Fixed(figure, VALUE_PLACES)


def unscaled_mines_expression(plan_ref, year=None):
    """SQL for the number of mines in force with no registered scale."""
    return _count(mines_in_force(plan_ref, year).filter(scale=""))


def live_yearly_counts(plan, start, end):
    """``{year: count}`` of new sand-gravel-clay rights for each year of ``start``..``end``.

    Years with none count 0; ``{}`` while no right of those minerals has a ``valid_from``
    (the yearly figures are unknown then). One query.
    """
    rows = list(
        _dated_sand_clay_rights(_plan_pk(plan))
        .annotate(_year=ExtractYear("valid_from"))
        .order_by()
        .values("_year")
        .annotate(_n=Count("pk"))
        .values_list("_year", "_n")
    )
    if not rows:
        return {}
    counts = dict(rows)
    return {year: counts.get(year, 0) for year in range(start, end + 1)}


def _plan_pk(plan):
    return plan.pk if isinstance(plan, Plan) else plan


def live_value(plan, metric, year=None):
    """One live figure of ``plan`` as a Decimal with 4 places, in one query.

    ``year=None`` is the registers as they stand (for the new sand-gravel-clay rights: the
    current year); a year also requires the rights' validity dates, where given, to cover
    it. None for the share of large and medium mines while no mine has a registered scale,
    and for the new sand-gravel-clay rights while none of them has a ``valid_from``.
    """
    return (
        Plan.objects.filter(pk=_plan_pk(plan))
        .annotate(_figure=figure_expression(metric, OuterRef("pk"), year))
        .values_list("_figure", flat=True)
        .get()
    )


def live_summary(plan, year=None):
    """Every live figure of ``plan`` and the number of mines with no registered scale.

    One query whatever the number of records: ``{"values": {metric: Decimal | None},
    "unscaled_mine_count": int, "year": int}`` where ``year`` is the year the figures are for.
    """
    row = (
        Plan.objects.filter(pk=_plan_pk(plan))
        .annotate(
            **{
                f"_{metric}": figure_expression(metric, OuterRef("pk"), year)
                for metric in LiveMetric
            },
            _unscaled=unscaled_mines_expression(OuterRef("pk"), year),
        )
        .values(*[f"_{metric}" for metric in LiveMetric], "_unscaled")
        .get()
    )
    return {
        "values": {metric: row[f"_{metric}"] for metric in LiveMetric},
        "unscaled_mine_count": row["_unscaled"],
        "year": _new_year(year),
    }


def live_values(plan, year=None):
    """``{LiveMetric: Decimal | None}`` for every metric of ``plan``, in one query."""
    return live_summary(plan, year)["values"]


# Figures of every live indicator at once (what ``Indicator.objects.with_live()`` annotates).

STOCK_METRICS = (
    LiveMetric.MINE_COUNT,
    LiveMetric.LARGE_MEDIUM_SHARE,
    LiveMetric.EXPLORATION_RIGHT_COUNT,
    LiveMetric.MINING_RIGHT_AREA,
    LiveMetric.EXPLORATION_RIGHT_AREA,
)
FOUR_PLACES = Decimal(1).scaleb(-VALUE_PLACES)


@dataclass(frozen=True)
class LiveFigure:
    """An indicator's register figure (``value``), the year of the largest yearly count for
    the new sand-gravel-clay rights (``peak_year``) and, for the share of large and medium
    mines, the number of mines in force with no registered scale (``unscaled_count``)."""

    value: Decimal | None = None
    peak_year: int | None = None
    unscaled_count: int | None = None


def _stock_figures(plan, year):
    """The stock figures of ``plan`` as at ``year`` and its unscaled mines: one query."""
    row = (
        Plan.objects.filter(pk=plan)
        .annotate(
            **{
                f"_{metric}": figure_expression(metric, OuterRef("pk"), year)
                for metric in STOCK_METRICS
            },
            _unscaled=unscaled_mines_expression(OuterRef("pk"), year),
        )
        .values(*[f"_{metric}" for metric in STOCK_METRICS], "_unscaled")
        .get()
    )
    return {metric: row[f"_{metric}"] for metric in STOCK_METRICS}, row["_unscaled"]


def _sand_clay_counts(plan):
    """``{year: count}`` of the plan's dated new sand-gravel-clay rights: one grouped query."""
    return dict(
        _dated_sand_clay_rights(plan)
        .annotate(_year=ExtractYear("valid_from"))
        .order_by()
        .values("_year")
        .annotate(_n=Count("pk"))
        .values_list("_year", "_n")
    )


def live_figures(indicators, year):
    """``{indicator pk: LiveFigure}`` for the live ``indicators`` as at ``year`` (today's).

    ``indicators``: dicts with ``pk``, ``plan_id``, ``live_metric``, ``unit``,
    ``target_year`` and ``period_start`` (the group's). A figure is that of
    ``figure_expression`` for the indicator's metric as at its evaluation year (the largest
    yearly count of its period for the new sand-gravel-clay rights), None when its unit is
    not the metric's or its period starts after that year. One aggregate query per plan and
    evaluation year (``_stock_figures``) and one per plan for the new sand-gravel-clay
    rights (``_sand_clay_counts``), whatever the number of indicators: the registers are
    aggregated in the database, and only the mapping to indicators is done here.
    """
    stock, sand_clay, figures = {}, {}, {}
    for row in indicators:
        metric = LiveMetric(row["live_metric"])
        plan = row["plan_id"]
        at = min(year, row["target_year"])
        start = row["period_start"]
        # None when the evaluation year lies before the period or the unit is not the metric's.
        applies = row["unit"] in live_units(metric) and start <= at
        if metric == LiveMetric.NEW_SAND_CLAY_RIGHTS:
            if plan not in sand_clay:
                sand_clay[plan] = _sand_clay_counts(plan)
            yearly = sand_clay[plan]
            in_period = {y: n for y, n in yearly.items() if start <= y <= at}
            # The cap holds for each year: the largest yearly count, the earliest on a tie;
            # unknown while no right of those minerals has a date at all.
            peak = min(in_period, key=lambda y: (-in_period[y], y)) if in_period else None
            value = max(in_period.values(), default=0) if applies and yearly else None
            figures[row["pk"]] = LiveFigure(
                value=None if value is None else Decimal(value).quantize(FOUR_PLACES),
                peak_year=peak,
            )
            continue
        if (plan, at) not in stock:
            stock[plan, at] = _stock_figures(plan, at)
        values, unscaled = stock[plan, at]
        figures[row["pk"]] = LiveFigure(
            value=values[metric] if applies else None,
            unscaled_count=unscaled if metric == LiveMetric.LARGE_MEDIUM_SHARE else None,
        )
    return figures
