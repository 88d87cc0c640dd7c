"""The plan's prose figures about its own tables, checked against the registers.

A ``StatedFigure`` carries a metric key saying which figure of the registers it describes::

    <register>.<measure>[?<field>=<value>&<field>=<value>…]

    deposit.count?mineral=铁矿&work_degree=exploration
    exploration_right.count?stage=reconnaissance
    mining_right.area_km2
    planning_area.count?kind=exploration_block&mineral=矿泉水&note=落实伊犁州规划

Registers: ``deposit`` (专栏2), ``exploration_right`` (专栏3), ``mining_right`` (专栏4),
``planning_area`` (专栏12–15 and the two unnumbered block/area tables).
Measures: ``count`` (rows), ``area_km2`` (sum of areas), ``mineral_count`` (distinct
minerals), ``large_medium_share`` (mining rights only: those whose scale is medium or larger,
in %, of all the rows the key selects — ``MiningRight.objects.large_medium_shares()``, the same
answer as the live indicator).
Filters match exactly; ``mineral`` takes a canonical name or an alias and selects that one
mineral (a 多金属 row is not a 铜矿 row).

A figure may also restate a target of the plan (its prose projecting what its own targets
cap)::

    indicator.target?group=prose&seq=4

Register ``indicator`` (the plan's targets, ``targets.Indicator``), named by exactly its group
code and 序号. Measures, in the indicator's own unit: ``target`` (the value, or the limit of an
at-least / at-most target — "控制在 20 家以内" is 20; a range has none, so a figure compared
with it cannot be checked), ``target_low`` and ``target_high`` (the ends of a range).

A figure is *not checkable* (``computed is None``) when the registers do not record what the
metric needs: the plan's 专栏4 gives no scale or issuing authority per mine, so "中型矿山 5 个"
or "自治区发证 10 个" cannot be recomputed until those fields are filled in. A checkable
figure *agrees* when the registers' figure, rounded to the decimals the plan prints, equals
the stated one. Where they differ the table rows are the record (DESIGN.md).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import parse_qsl

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.db.models import Count, Q, Sum

from deposits.models import Deposit, Mineral
from planportal.units import IncompatibleUnits, Unit, convert
from rights.models import ExplorationRight, MiningRight
from targets.models import Indicator, StatedFigure
from zones.models import PlanningArea

REGISTERS = {
    "deposit": Deposit,
    "exploration_right": ExplorationRight,
    "mining_right": MiningRight,
    "planning_area": PlanningArea,
}
MEASURE_UNITS = {
    "count": Unit.COUNT,
    "area_km2": Unit.KM2,
    "mineral_count": Unit.COUNT,
    "large_medium_share": Unit.PERCENT,
}
# The plan's targets: one row named by its group and 序号, each measure in the row's own unit.
TARGETS = {"indicator": Indicator}
TARGET_MEASURES = {
    "target": "target_value",
    "target_low": "target_low",
    "target_high": "target_high",
}
TARGET_FILTERS = ("group", "seq")
FILTER_FIELDS = frozenset(
    {
        "mineral",
        "stage",
        "work_degree",
        "status",
        "scale",
        "mining_method",
        "issuing_authority",
        "kind",
        "note",
    }
)


class MetricError(ValueError):
    """A metric key that names an unknown register, measure, field, value or mineral."""


@dataclass(frozen=True)
class Metric:
    register: str
    measure: str
    filters: tuple

    @property
    def unit(self):
        """The unit of the figure; None for a target (its indicator's unit)."""
        return MEASURE_UNITS.get(self.measure)

    @property
    def is_target(self):
        return self.register in TARGETS

    @property
    def target(self):
        """(group code, 序号) of the target a target metric names."""
        named = dict(self.filters)
        return named["group"], int(named["seq"])


def _target_parse(key, measure, query):
    if measure not in TARGET_MEASURES:
        raise MetricError(
            f"“{key}”: unknown measure “{measure}” of a target "
            f"(one of {', '.join(TARGET_MEASURES)})."
        )
    filters = tuple(parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query)))
    names = [name for name, _value in filters]
    if sorted(names) != sorted(TARGET_FILTERS):
        raise MetricError(
            f"“{key}”: a target is named by its group and 序号 and nothing else "
            f"(indicator.{measure}?group=<code>&seq=<n>)."
        )
    named = dict(filters)
    if not named["group"]:
        raise MetricError(f"“{key}”: the group code is empty.")
    if not named["seq"].isdigit() or int(named["seq"]) < 1:
        raise MetricError(f"“{key}”: 序号 “{named['seq']}” is not a positive whole number.")
    return Metric("indicator", measure, filters)


def metric_parse(key):
    """Split a metric key into register, measure and (field, value) filters; check each."""
    path, _, query = key.partition("?")
    register, _, measure = path.partition(".")
    if register in TARGETS:
        return _target_parse(key, measure, query)
    if register not in REGISTERS:
        raise MetricError(f"“{key}”: unknown register “{register}”.")
    if measure not in MEASURE_UNITS:
        raise MetricError(f"“{key}”: unknown measure “{measure}”.")
    model = REGISTERS[register]
    filters = tuple(parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query)))
    for name, value in filters:
        if name not in FILTER_FIELDS:
            raise MetricError(f"“{key}”: cannot filter on “{name}”.")
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist as exc:
            raise MetricError(f"“{key}”: {register} has no field “{name}”.") from exc
        if field.choices and value not in {code for code, _label in field.flatchoices}:
            raise MetricError(f"“{key}”: “{value}” is not a code of {name}.")
    # The share of large and medium mines has one answer, the mining rights' own.
    if measure == "large_medium_share" and not hasattr(model.objects, "large_medium_shares"):
        raise MetricError(f"“{key}”: {register} has no share of large and medium mines.")
    return Metric(register, measure, filters)


def _is_optional_text(field):
    return isinstance(field, models.CharField) and field.blank


def optional_fields(metric):
    """The optional text columns ``metric`` needs filled in: those it filters on, and the
    scale for a share of large and medium mines. Where a register leaves one empty in every
    row, the figure cannot be checked. A target needs none."""
    if metric.is_target:
        return []
    model = REGISTERS[metric.register]
    needed = [name for name, _value in metric.filters]
    if metric.measure == "large_medium_share":
        needed.append("scale")
    return [
        name for name in dict.fromkeys(needed) if _is_optional_text(model._meta.get_field(name))
    ]


def metric_value(plan, key):
    """The figure ``key`` gives for ``plan``'s registers, in the metric's unit.

    Returns None when the registers leave empty every value a filter or the measure needs
    (nothing recorded to count). Raises MetricError for a malformed key.
    """
    metric = metric_parse(key)
    if metric.is_target:
        return metric_values(plan, [key])[key]
    model = REGISTERS[metric.register]
    rows = model.objects.filter(plan=plan)
    needed = [name for name, _value in metric.filters]
    if metric.measure == "large_medium_share":
        needed.append("scale")
    for name in needed:
        field = model._meta.get_field(name)
        if _is_optional_text(field) and not rows.exclude(**{name: ""}).exists():
            return None
    for name, value in metric.filters:
        if name == "mineral":
            try:
                value = Mineral.objects.resolve(value)
            except ObjectDoesNotExist as exc:
                raise MetricError(f"“{key}”: unknown mineral “{value}”.") from exc
        rows = rows.filter(**{name: value})
    if metric.measure == "count":
        return Decimal(rows.count())
    if metric.measure == "mineral_count":
        return Decimal(rows.aggregate(n=Count("mineral", distinct=True))["n"])
    if metric.measure == "area_km2":
        return rows.aggregate(total=Sum("area_km2"))["total"] or Decimal(0)
    shares = rows.large_medium_shares().values_list("large_medium_share", flat=True)
    return next(iter(shares), None)


def _printed_places(value):
    exponent = Decimal(value).normalize().as_tuple().exponent
    return max(0, -exponent)


@dataclass(frozen=True)
class StatedFigureCheck:
    """One stated figure and what the registers give for its metric."""

    figure: StatedFigure
    computed: Decimal | None
    # The unit ``computed`` is in, where the metric has none of its own (a target's).
    computed_unit: str | None = None

    @property
    def checkable(self):
        return self.computed_as_stated is not None

    @property
    def computed_as_stated(self):
        """The registers' figure in the stated unit, rounded to the decimals printed; None
        when there is none, or the stated unit measures something else."""
        if self.computed is None:
            return None
        try:
            unit = self.computed_unit or metric_parse(self.figure.metric).unit
            value = convert(self.computed, unit, self.figure.unit)
        except IncompatibleUnits:
            return None
        places = _printed_places(self.figure.value)
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)

    @property
    def agrees(self):
        """True or False for a checkable figure, None when it cannot be checked."""
        computed = self.computed_as_stated
        if computed is None:
            return None
        return computed == self.figure.value


def _minerals_named(names):
    """{name: mineral pk} for canonical names and aliases, in one query; MetricError if unknown."""
    if not names:
        return {}
    found = {}
    pairs = Mineral.objects.filter(Q(name__in=names) | Q(aliases__name__in=names)).values_list(
        "pk", "name", "aliases__name"
    )
    for pk, name, alias in pairs:
        for spelling in {name, alias} & names:
            found.setdefault(spelling, set()).add(pk)
    for name in names:
        if len(found.get(name, ())) != 1:
            problem = "unknown" if name not in found else "ambiguous"
            raise MetricError(f"“{name}”: {problem} mineral.")
    return {name: next(iter(pks)) for name, pks in found.items()}


def _target_values(plan, metrics):
    """``{key: (value, unit)}`` for the target metrics, in one query; MetricError for a target
    ``plan`` does not have."""
    if not metrics:
        return {}
    named = Q()
    for metric in metrics.values():
        group, seq = metric.target
        named |= Q(group__code=group, seq=seq)
    rows = {
        (row["group__code"], row["seq"]): row
        for row in Indicator.objects.filter(plan=plan)
        .filter(named)
        .values("group__code", "seq", "unit", *TARGET_MEASURES.values())
    }
    found = {}
    for key, metric in metrics.items():
        row = rows.get(metric.target)
        if row is None:
            group, seq = metric.target
            raise MetricError(f"“{key}”: the plan has no target {seq} in group “{group}”.")
        found[key] = (row[TARGET_MEASURES[metric.measure]], row["unit"])
    return found


def _measured(plan, keys):
    """``({key: value}, {key: unit of a target's value})`` for many keys (``metric_values``)."""
    metrics = {key: metric_parse(key) for key in set(keys)}
    targets = _target_values(
        plan, {key: metric for key, metric in metrics.items() if metric.is_target}
    )
    values = {key: value for key, (value, _unit) in targets.items()}
    values.update(_register_values(plan, metrics))
    return values, {key: unit for key, (_value, unit) in targets.items()}


def metric_values(plan, keys):
    """``{key: metric_value(plan, key)}`` for many keys, in a constant number of queries.

    One query for the minerals the keys name, one per register (every count, sum and the
    emptiness of every optional field a key needs, as conditional aggregates) and one for all
    the targets named; a share of large and medium mines that can be checked costs one more
    query each (none can while 专栏4 records no scale).
    """
    return _measured(plan, keys)[0]


def _register_values(plan, metrics):
    """``metric_values`` for the keys that name a register's figure."""
    minerals = _minerals_named(
        {
            value
            for metric in metrics.values()
            for name, value in metric.filters
            if name == "mineral"
        }
    )
    values = {}
    for register, model in REGISTERS.items():
        chosen = {key: metric for key, metric in metrics.items() if metric.register == register}
        if not chosen:
            continue
        aggregates = {}
        conditions = {}
        for number, (key, metric) in enumerate(sorted(chosen.items())):
            needed = optional_fields(metric)
            for name in needed:
                aggregates[f"filled_{name}"] = Count("pk", filter=~Q(**{name: ""}))
            condition = Q()
            for name, value in metric.filters:
                condition &= Q(**{name: minerals[value] if name == "mineral" else value})
            conditions[key] = (condition, needed)
            if metric.measure == "count":
                aggregates[f"m{number}"] = Count("pk", filter=condition)
            elif metric.measure == "mineral_count":
                aggregates[f"m{number}"] = Count("mineral", distinct=True, filter=condition)
            elif metric.measure == "area_km2":
                aggregates[f"m{number}"] = Sum("area_km2", filter=condition)
        totals = model.objects.filter(plan=plan).aggregate(**aggregates)
        for number, (key, metric) in enumerate(sorted(chosen.items())):
            condition, needed = conditions[key]
            if any(totals.get(f"filled_{name}") == 0 for name in needed):
                values[key] = None
            elif metric.measure == "large_medium_share":
                rows = model.objects.filter(plan=plan).filter(condition)
                shares = rows.large_medium_shares().values_list("large_medium_share", flat=True)
                values[key] = next(iter(shares), None)
            elif metric.measure == "area_km2":
                values[key] = totals[f"m{number}"] or Decimal(0)
            else:
                values[key] = Decimal(totals[f"m{number}"])
    return values


def stated_figure_checks(plan, figures=None):
    """Every stated figure of ``plan`` with a metric, in 序号 order, checked against the registers.

    ``figures`` narrows the figures checked (a queryset of ``StatedFigure``); the registers are
    read in a constant number of queries (``metric_values``).
    """
    if figures is None:
        figures = StatedFigure.objects.all()
    figures = list(figures.filter(plan=plan).exclude(metric="").order_by("seq"))
    values, units = _measured(plan, [figure.metric for figure in figures])
    return [
        StatedFigureCheck(figure, values[figure.metric], units.get(figure.metric))
        for figure in figures
    ]
