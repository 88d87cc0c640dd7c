"""Synthetic plans for scale tests and benchmarks (``manage.py generate_synthetic``).

Each plan gets deposits, exploration and mining rights, planning areas, indicator groups,
indicators and several years of actual figures, with Chinese names built from place and
mineral syllables and figures in plausible ranges. The same seed gives the same rows: every
choice comes from one ``random.Random(seed)``, drawn in a fixed order. Rows go in with
``bulk_create`` in batches (no history rows, no signals: this is test data, not an edit).
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import islice

from django.db import transaction

from deposits.models import (
    SAND_CLAY_CLASS,
    Deposit,
    Mineral,
    MineralCategory,
    MineralClass,
    MineralClassMember,
)
from planportal.cache import bump_on_commit
from planportal.choices import MineStatus, MiningMethod, Scale, Stage
from planportal.models import Plan
from planportal.units import Basis, Unit
from rights.models import ExplorationRight, MiningRight
from targets.choices import Attribute, LiveMetric, TargetKind, ValueSource
from targets.models import Indicator, IndicatorGroup, IndicatorValue
from zones.models import PlanningArea, ZoneKind

BATCH_SIZE = 2000

# Place-name syllables: a county, township or village name is two of them.
PLACE_SYLLABLES = tuple(
    "新源伊宁昭苏特克斯巩留尼勒察布霍城阿吾拉那塔喀什吉木萨尔和静硕库车沙雅温宿乌恰英吉莎泽普叶城麦盖提"
)
FEATURES = ("沟", "山", "河", "坡", "梁", "岭", "泉", "滩", "台", "湾")

# (canonical name, category, capacity unit of its mines, typical capacity range).
MINERALS = (
    ("煤炭", MineralCategory.ENERGY, Unit.TEN_K_TONNE_PER_YEAR, (9, 300)),
    ("铁矿", MineralCategory.METAL, Unit.TEN_K_TONNE_PER_YEAR, (5, 120)),
    ("铜矿", MineralCategory.METAL, Unit.TEN_K_TONNE_PER_YEAR, (3, 60)),
    ("金矿", MineralCategory.METAL, Unit.TONNE_PER_DAY, (50, 1500)),
    ("铅锌矿", MineralCategory.METAL, Unit.TEN_K_TONNE_PER_YEAR, (3, 50)),
    ("石灰岩", MineralCategory.NON_METAL, Unit.TEN_K_TONNE_PER_YEAR, (10, 200)),
    ("建筑用砂", MineralCategory.NON_METAL, Unit.TEN_K_CUBIC_METRE_PER_YEAR, (2, 80)),
    ("砖瓦用粘土", MineralCategory.NON_METAL, Unit.TEN_K_CUBIC_METRE_PER_YEAR, (1, 30)),
    ("膨润土", MineralCategory.NON_METAL, Unit.TEN_K_TONNE_PER_YEAR, (1, 20)),
    ("矿泉水", MineralCategory.WATER_GAS, Unit.TEN_K_CUBIC_METRE_PER_YEAR, (1, 10)),
)
# Members of each synthetic plan's sand-gravel-clay class.
SYNTHETIC_SAND_CLAY = ("建筑用砂", "砖瓦用粘土")

RIGHT_KINDS = ("普查", "详查", "勘探")
# The last words of an area's name (data, not the translated labels: the same in any language).
ZONE_NAMES = {
    ZoneKind.NATIONAL_PLANNED_AREA: "国家规划矿区",
    ZoneKind.KEY_EXPLORATION_AREA: "重点勘查区",
    ZoneKind.KEY_MINING_AREA: "重点开采区",
    ZoneKind.EXPLORATION_BLOCK: "勘查规划区块",
    ZoneKind.MINING_BLOCK: "开采规划区块",
    ZoneKind.CONCENTRATED_AREA: "砂石粘土集中开采区",
}

# Indicators every synthetic plan gets: (name, unit, target kind, target range, live metric).
INDICATORS = (
    ("矿山总数", Unit.COUNT, TargetKind.AT_MOST, (50, 400), LiveMetric.MINE_COUNT),
    ("大中型矿山比例", Unit.PERCENT, TargetKind.AT_LEAST, (20, 60), LiveMetric.LARGE_MEDIUM_SHARE),
    ("探矿权数量", Unit.COUNT, TargetKind.VALUE, (30, 300), LiveMetric.EXPLORATION_RIGHT_COUNT),
    ("采矿权面积", Unit.KM2, TargetKind.AT_MOST, (100, 2000), LiveMetric.MINING_RIGHT_AREA),
    ("煤炭产量", Unit.TEN_K_TONNE, TargetKind.VALUE, (200, 3000), ""),
    ("新增查明资源量", Unit.HUNDRED_M_TONNE, TargetKind.AT_LEAST, (1, 20), ""),
    ("矿山地质环境治理面积", Unit.KM2, TargetKind.RANGE, (5, 50), ""),
    ("绿色矿山建成率", Unit.PERCENT, TargetKind.AT_LEAST, (60, 100), ""),
)


@dataclass
class SyntheticReport:
    """How many rows of each model one run made."""

    counts: dict = field(default_factory=dict)

    def add(self, model, number):
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + number


class Generator:
    """Draws the rows of synthetic plans from one seeded random stream."""

    def __init__(self, seed):
        self.seed = seed
        self.random = random.Random(seed)

    def place(self):
        return "".join(self.random.sample(PLACE_SYLLABLES, 2))

    def decimal(self, low, high, places=4):
        return Decimal(f"{self.random.uniform(low, high):.{places}f}")

    def date_between(self, start_year, end_year):
        start = date(start_year, 1, 1)
        days = (date(end_year, 12, 31) - start).days
        return start + timedelta(days=self.random.randint(0, days))

    def validity(self, years):
        valid_from = self.date_between(2012, 2022)
        return valid_from, valid_from + timedelta(days=365 * years)

    def permit_no(self, prefix, index):
        # 配号: 23 characters, a C (mining) or T (exploration), a region code and a number.
        return f"{prefix}65{self.seed % 10_000:04d}{self.random.randint(0, 9999):04d}{index:012d}"

    def holder(self):
        return f"{self.place()}{self.random.choice(('矿业', '资源', '建材', '能源'))}有限公司"

    def plan(self, index):
        start = self.random.choice((2016, 2021, 2026))
        region = self.place()
        return Plan(
            code=f"synthetic-{self.seed}-{index}",
            name=f"{region}县矿产资源总体规划（合成数据 {index}）",
            region_name=f"{region}县",
            region_code=f"65{self.random.randint(1000, 9999)}",
            period_start=start,
            period_end=start + 4,
            base_year=start - 1,
            outlook_year=start + 9,
            issuer=f"{region}县自然资源局",
            approval_date=date(start, self.random.randint(1, 12), 1),
        )

    def deposit(self, plan, seq, mineral):
        return Deposit(
            plan=plan,
            seq=seq,
            name=f"{self.place()}{self.random.choice(FEATURES)}{mineral.name}",
            mineral=mineral,
            mineral_as_printed=mineral.name,
            work_degree=self.random.choice(Stage.values),
            scale=self.random.choice(Scale.values),
        )

    def exploration_right(self, plan, seq, mineral):
        valid_from, valid_to = self.validity(self.random.choice((3, 5)))
        return ExplorationRight(
            plan=plan,
            seq=seq,
            name=(
                f"新疆{self.place()}县{self.place()}{self.random.choice(FEATURES)}"
                f"{mineral.name}{self.random.choice(RIGHT_KINDS)}"
            ),
            mineral=mineral,
            mineral_as_printed=mineral.name,
            area_km2=self.decimal(0.5, 120),
            as_of=date(plan.base_year, 12, 31),
            permit_no=self.permit_no("T", seq),
            holder=self.holder(),
            valid_from=valid_from,
            valid_to=valid_to,
            stage=self.random.choice(Stage.values),
        )

    def mining_right(self, plan, seq, mineral, unit, capacity_range):
        valid_from, valid_to = self.validity(self.random.choice((5, 10, 15, 30)))
        return MiningRight(
            plan=plan,
            seq=seq,
            name=f"{self.place()}{self.random.choice(FEATURES)}{mineral.name.removesuffix('矿')}矿",
            mineral=mineral,
            mineral_as_printed=mineral.name,
            area_km2=self.decimal(0.01, 25),
            as_of=date(plan.base_year, 12, 31),
            permit_no=self.permit_no("C", seq),
            holder=self.holder(),
            valid_from=valid_from,
            valid_to=valid_to,
            capacity=self.decimal(*capacity_range),
            capacity_unit=unit,
            status=self.random.choice(MineStatus.values),
            mining_method=self.random.choice(MiningMethod.values),
            scale=self.random.choice(Scale.values),
            issuing_authority=self.random.choice(
                ("自然资源部", "自治区自然资源厅", "州自然资源局")
            ),
        )

    def planning_area(self, plan, kind, seq, mineral):
        exploration = kind in (ZoneKind.KEY_EXPLORATION_AREA, ZoneKind.EXPLORATION_BLOCK)
        return PlanningArea(
            plan=plan,
            kind=kind,
            seq=seq,
            name=f"{self.place()}{self.random.choice(FEATURES)}{mineral.name}{ZONE_NAMES[kind]}",
            mineral=mineral,
            mineral_as_printed=mineral.name,
            area_km2=self.decimal(0.1, 300),
            admin_region=f"{self.place()}乡",
            stage=self.random.choice(Stage.values) if kind == ZoneKind.EXPLORATION_BLOCK else "",
            note="合成数据" if exploration else "",
        )

    def planning_areas(self, plan, rights, specs):
        """A tenth as many areas as rights (at least one), numbered within their kind."""
        seqs = {}
        for _ in range(max(1, rights // 10)):
            kind = self.random.choice(ZoneKind.values)
            seqs[kind] = seqs.get(kind, 0) + 1
            yield self.planning_area(plan, kind, seqs[kind], self.random.choice(specs)[0])

    def indicator(self, plan, group, seq, spec, minerals):
        name, unit, kind, (low, high), live_metric = spec
        indicator = Indicator(
            plan=plan,
            group=group,
            seq=seq,
            name=name,
            mineral=minerals["煤炭"] if name == "煤炭产量" else None,
            unit=unit,
            unit_as_printed=Unit(unit).label,
            target_year=plan.period_end,
            target_kind=kind,
            attribute=self.random.choice(Attribute.values),
            live_metric=live_metric,
            basis=Basis.ORE if name == "煤炭产量" else "",
        )
        if kind == TargetKind.RANGE:
            indicator.target_low = self.decimal(low, (low + high) / 2, 2)
            indicator.target_high = self.decimal((low + high) / 2, high, 2)
            indicator.target_as_printed = f"{indicator.target_low}-{indicator.target_high}"
        else:
            indicator.target_value = self.decimal(low, high, 2)
            indicator.target_as_printed = str(indicator.target_value)
        return indicator

    def values(self, indicator, low, high):
        """Actual figures from the base year to the last year of the period."""
        years = range(indicator.plan.base_year, indicator.plan.period_end + 1)
        return [
            IndicatorValue(
                indicator=indicator,
                year=year,
                value=self.decimal(low, high, 2),
                unit=indicator.unit,
                source=self.random.choice(ValueSource.values),
                source_note=f"{year}年度统计（合成数据）",
            )
            for year in years
        ]


def minerals_for_synthetic():
    """The minerals synthetic rows use, made if the database has none of that name."""
    minerals = {}
    for name, category, _unit, _range in MINERALS:
        minerals[name], _created = Mineral.objects.get_or_create(
            name=name, defaults={"category": category}
        )
    return minerals


def synthetic_generate(*, plans, rights, seed, batch_size=BATCH_SIZE, validate=None):
    """Fill the database with ``plans`` synthetic plans of ``rights`` rights each.

    Per plan: ``rights`` exploration rights, half as many mining rights, a tenth as many
    deposits and planning areas (at least one), the indicator table and its actual figures.
    ``validate``: run ``full_clean`` on every row (the default when a run makes 1,000 rows
    or fewer) or on the first rows of each kind only. Plans already generated for this seed
    are refused by the unique plan code.
    """
    generator = Generator(seed)
    report = SyntheticReport()
    with transaction.atomic():
        # bulk_create sends no signals: the cached figures start afresh on commit.
        bump_on_commit()
        minerals = minerals_for_synthetic()
        specs = [(minerals[name], unit, span) for name, _c, unit, span in MINERALS]
        total = plans * (rights + rights // 2 + 2 * max(1, rights // 10))
        validate_all = total <= 1000 if validate is None else validate
        for index in range(1, plans + 1):
            plan = generator.plan(index)
            _check([plan], validate_all)
            plan.save()
            report.add(Plan, 1)

            # The plan's sand-gravel-clay class (三(三)), which the live count of new
            # sand-gravel-clay rights reads: data of each plan, as in the real fixtures.
            sand_clay = MineralClass(plan=plan, code=SAND_CLAY_CLASS, name="砂石粘土类")
            _check([sand_clay], validate_all)
            sand_clay.save()
            report.add(MineralClass, 1)
            members = [
                MineralClassMember(mineral_class=sand_clay, mineral=minerals[name])
                for name in SYNTHETIC_SAND_CLAY
            ]
            _bulk(MineralClassMember, members, batch_size, validate_all, report)

            # Rows are drawn lazily, one batch at a time: memory stays flat at any size, and
            # the draws come in the same order whatever the batch size.
            rows = (
                generator.deposit(plan, seq, generator.random.choice(specs)[0])
                for seq in range(1, max(1, rights // 10) + 1)
            )
            _bulk(Deposit, rows, batch_size, validate_all, report)

            rows = (
                generator.exploration_right(plan, seq, generator.random.choice(specs)[0])
                for seq in range(1, rights + 1)
            )
            _bulk(ExplorationRight, rows, batch_size, validate_all, report)

            rows = (
                generator.mining_right(plan, seq, *generator.random.choice(specs))
                for seq in range(1, rights // 2 + 1)
            )
            _bulk(MiningRight, rows, batch_size, validate_all, report)

            _bulk(
                PlanningArea,
                generator.planning_areas(plan, rights, specs),
                batch_size,
                validate_all,
                report,
            )

            group = IndicatorGroup(
                plan=plan,
                code="synthetic-targets",
                title="专栏1 规划主要指标（合成数据）",
                order=1,
                period_start=plan.period_start,
                period_end=plan.period_end,
            )
            _check([group], validate_all)
            group.save()
            report.add(IndicatorGroup, 1)
            indicators = [
                generator.indicator(plan, group, seq, spec, minerals)
                for seq, spec in enumerate(INDICATORS, start=1)
            ]
            _bulk(Indicator, indicators, batch_size, validate_all, report)
            rows = []
            for indicator, spec in zip(indicators, INDICATORS, strict=True):
                low, high = spec[3]
                rows.extend(generator.values(indicator, low * 0.6, high * 1.1))
            _bulk(IndicatorValue, rows, batch_size, validate_all, report)
    return report


# Rows of each kind checked with full_clean in a large run.
VALIDATED_SAMPLE = 20


def _check(rows, validate_all):
    for row in rows if validate_all else rows[:VALIDATED_SAMPLE]:
        row.full_clean()


def _bulk(model, rows, batch_size, validate_all, report):
    rows = iter(rows)
    first = True
    while batch := list(islice(rows, batch_size)):
        if validate_all or first:
            _check(batch, validate_all)
        model.objects.bulk_create(batch)
        report.add(model, len(batch))
        first = False
