"""Rows of every model the admin shows, made in a plan of their own so tests can count them."""

from datetime import date
from decimal import Decimal
from itertools import count

from deposits.models import Deposit, Mineral, MineralAlias, MineralRegulation, ResourceReserve
from planportal.models import Plan
from rights.models import ExplorationRight, MinimumScaleRule, MiningRight, ScaleStandard
from targets.models import (
    Indicator,
    IndicatorGroup,
    IndicatorValue,
    KeyProject,
    StatedFigure,
)
from zones.models import DevelopmentRegion, PlanningArea

_serial = count(1)


def make_plan(code=None):
    n = next(_serial)
    return Plan.objects.create(
        code=code or f"admin-test-{n}",
        name=f"管理测试规划{n}",
        region_name="测试县",
        period_start=2026,
        period_end=2030,
        base_year=2025,
    )


def make_mineral(name=None, aliases=()):
    n = next(_serial)
    mineral = Mineral.objects.create(name=name or f"测试矿{n}", category="metal")
    for alias in aliases or (f"测试矿别名{n}",):
        MineralAlias.objects.create(mineral=mineral, name=alias)
    return mineral


def make_group(plan):
    n = next(_serial)
    return IndicatorGroup.objects.create(
        plan=plan, code=f"group-{n}", title=f"专栏{n} 测试指标", period_start=2026, period_end=2030
    )


def make_indicator(plan, group=None, mineral=None, seq=None):
    n = next(_serial)
    return Indicator.objects.create(
        plan=plan,
        group=group or make_group(plan),
        seq=seq or n,
        name=f"测试指标{n}",
        mineral=mineral or make_mineral(),
        unit="10k_t",
        target_year=2030,
        target_kind="at_least",
        target_value=Decimal("45"),
        attribute="expected",
    )


def make_row(model, plan):
    """One valid row of ``model`` in ``plan`` (a new mineral, group or indicator as needed)."""
    n = next(_serial)
    if model is Plan:
        return make_plan()
    if model is Mineral:
        return make_mineral()
    if model is IndicatorGroup:
        return make_group(plan)
    if model is Indicator:
        return make_indicator(plan)
    if model is IndicatorValue:
        indicator = make_indicator(plan)
        return IndicatorValue.objects.create(
            indicator=indicator, year=2026, value=Decimal("12.5"), unit="10k_t", source="register"
        )
    mineral = make_mineral()
    common = {"plan": plan, "seq": n}
    if model is MineralRegulation:
        return MineralRegulation.objects.create(plan=plan, mineral=mineral, direction="key")
    if model is Deposit:
        return Deposit.objects.create(
            **common, name=f"测试矿床{n}", mineral=mineral, work_degree="general", scale="small"
        )
    if model is ResourceReserve:
        return ResourceReserve.objects.create(
            **common,
            mineral=mineral,
            deposit_count=1,
            basis="ore",
            unit="10k_t",
            retained_amount=Decimal("1.5"),
            cumulative_amount=Decimal("2.5"),
        )
    if model is ExplorationRight:
        return ExplorationRight.objects.create(
            **common,
            name=f"测试探矿权{n}",
            mineral=mineral,
            area_km2=Decimal("4.98"),
            stage="exploration",
            as_of=date(2025, 12, 31),
        )
    if model is MiningRight:
        return MiningRight.objects.create(
            **common,
            name=f"测试采矿权{n}",
            mineral=mineral,
            area_km2=Decimal("0.5"),
            capacity=Decimal("30"),
            capacity_unit="10k_t_per_year",
            status="producing",
            mining_method="open_pit",
            as_of=date(2025, 12, 31),
        )
    if model is ScaleStandard:
        return ScaleStandard.objects.create(
            **common,
            mineral=mineral,
            mineral_as_printed=mineral.name,
            unit="10k_t_per_year",
            unit_as_printed="矿石万吨/年",
            large_min=Decimal("100"),
            medium_min=Decimal("30"),
            small_min=Decimal("5"),
        )
    if model is MinimumScaleRule:
        return MinimumScaleRule.objects.create(
            **common,
            clause="四(二)",
            mineral=mineral,
            min_capacity=Decimal("30"),
            unit="10k_t_per_year",
            as_printed=f"{mineral.name}30万吨/年（不含）以下",
        )
    if model is PlanningArea:
        return PlanningArea.objects.create(
            **common,
            kind="exploration_block",
            name=f"测试勘查规划区块{n}",
            mineral=mineral,
            area_km2=Decimal("12.3"),
            stage="general",
        )
    if model is DevelopmentRegion:
        return DevelopmentRegion.objects.create(
            **common,
            name=f"测试重点区域{n}",
            development_direction="发展",
            exploration_direction="勘查",
            exploitation_direction="开发",
        )
    if model is KeyProject:
        return KeyProject.objects.create(
            **common,
            group="专栏21",
            group_title="重点矿山建设工程",
            name=f"测试重点项目{n}",
            mineral=mineral,
            capacity=Decimal("60"),
            capacity_unit="10k_t_per_year",
        )
    if model is StatedFigure:
        return StatedFigure.objects.create(
            **common,
            clause="二(一)",
            subject=f"测试陈述{n}",
            value=Decimal("8.95"),
            unit="km2",
            as_printed="面积 8.95 平方千米",
        )
    raise LookupError(f"no factory for {model}")
