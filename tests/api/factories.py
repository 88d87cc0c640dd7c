"""Rows the API tests need, made in the test's own transaction."""

from decimal import Decimal

from django.contrib.auth import get_user_model

from deposits.models import Deposit, Mineral, MineralAlias, MineralRegulation, ResourceReserve
from planportal.models import Plan
from rights.models import ExplorationRight, MiningRight, ScaleStandard
from targets.models import Indicator, IndicatorGroup, IndicatorValue, KeyProject
from zones.models import DevelopmentRegion, PlanningArea


def indicator(plan, *, unit="10k_t", target_value=Decimal("0.2"), target_kind="value", **extra):
    """An indicator of a test group, in ``unit``, with a target."""
    group, _created = IndicatorGroup.objects.get_or_create(
        plan=plan,
        code="api-test",
        defaults={"title": "API test", "period_start": 2016, "period_end": 2020, "order": 99},
    )
    seq = (group.indicators.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
    return Indicator.objects.create(
        plan=plan,
        group=group,
        seq=seq,
        name=extra.pop("name", f"测试指标 {seq}"),
        unit=unit,
        target_year=2020,
        target_kind=target_kind,
        target_value=target_value,
        **extra,
    )


# ---------------------------------------------------------------------------------------
# Many rows of every resource, for the query-count tests: each row refers to its own
# related rows (mineral, plan, group, indicator, user) so that an N+1 shows.

ROWS = 60


def _minerals(count, prefix):
    minerals = Mineral.objects.bulk_create(
        Mineral(name=f"{prefix}矿{index}", category="metal") for index in range(count)
    )
    return list(Mineral.objects.filter(pk__in=[mineral.pk for mineral in minerals]))


def many_plans(plan, count):
    Plan.objects.bulk_create(
        Plan(
            code=f"many-{index}",
            name=f"测试规划{index}",
            region_name="测试县",
            region_code="654025",
            period_start=2026,
            period_end=2030,
            base_year=2025,
        )
        for index in range(count)
    )


def many_minerals(plan, count):
    minerals = _minerals(count, "多行")
    MineralAlias.objects.bulk_create(
        MineralAlias(mineral=mineral, name=f"{mineral.name}别名") for mineral in minerals
    )
    MineralRegulation.objects.bulk_create(
        MineralRegulation(plan=plan, mineral=mineral, direction="key") for mineral in minerals
    )


def many_deposits(plan, count):
    Deposit.objects.bulk_create(
        Deposit(
            plan=plan,
            seq=1000 + index,
            name=f"测试矿区{index}",
            mineral=mineral,
            work_degree="general",
            scale="small",
        )
        for index, mineral in enumerate(_minerals(count, "矿床"))
    )


def many_resource_reserves(plan, count):
    ResourceReserve.objects.bulk_create(
        ResourceReserve(
            plan=plan,
            seq=1000 + index,
            mineral=mineral,
            deposit_count=1,
            basis="ore",
            unit="10k_t",
            retained_amount=Decimal("1"),
            cumulative_amount=Decimal("2"),
        )
        for index, mineral in enumerate(_minerals(count, "资源量"))
    )


def many_exploration_rights(plan, count):
    """``count`` extra exploration rights, each of its own mineral."""
    ExplorationRight.objects.bulk_create(
        ExplorationRight(
            plan=plan,
            seq=1000 + index,
            name=f"测试探矿权 {index}",
            mineral=mineral,
            area_km2=Decimal("1.5"),
            stage="general",
        )
        for index, mineral in enumerate(_minerals(count, "探矿权"))
    )


def many_mining_rights(plan, count):
    MiningRight.objects.bulk_create(
        MiningRight(
            plan=plan,
            seq=1000 + index,
            name=f"测试采矿权 {index}",
            mineral=mineral,
            area_km2=Decimal("0.5"),
            capacity=Decimal("3"),
            capacity_unit="10k_t_per_year",
            status="producing",
        )
        for index, mineral in enumerate(_minerals(count, "采矿权"))
    )


def many_zones(plan, count):
    PlanningArea.objects.bulk_create(
        PlanningArea(
            plan=plan,
            kind="exploration_block",
            seq=1000 + index,
            name=f"测试勘查区块 {index}",
            mineral=mineral,
            area_km2=Decimal("2"),
            stage="general",
        )
        for index, mineral in enumerate(_minerals(count, "区块"))
    )


def many_development_regions(plan, count):
    DevelopmentRegion.objects.bulk_create(
        DevelopmentRegion(
            plan=plan,
            seq=1000 + index,
            name=f"测试重点区域 {index}",
            development_direction="发展",
            exploration_direction="勘查",
            exploitation_direction="开发",
        )
        for index in range(count)
    )


def _group(plan, code):
    group, _created = IndicatorGroup.objects.get_or_create(
        plan=plan,
        code=code,
        defaults={"title": code, "period_start": 2021, "period_end": 2025, "order": 98},
    )
    return group


def many_indicators(plan, count):
    group = _group(plan, "many-indicators")
    return Indicator.objects.bulk_create(
        Indicator(
            plan=plan,
            group=group,
            seq=index + 1,
            name=f"测试指标{index}",
            mineral=mineral,
            unit="10k_t",
            target_year=2025,
            target_kind="at_least",
            target_value=Decimal("1"),
        )
        for index, mineral in enumerate(_minerals(count, "指标"))
    )


def many_indicator_values(plan, count):
    """``count`` figures: ten years of each of count / 10 indicators, each entered by a user."""
    user = get_user_model().objects.create_user("many-values")
    indicators = many_indicators(plan, -(-count // 10))
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicators[index // 10],
            year=2030 + index % 10,
            value=Decimal("1"),
            unit=indicators[index // 10].unit,
            source="other",
            entered_by=user,
        )
        for index in range(count)
    )


def many_key_projects(plan, count):
    KeyProject.objects.bulk_create(
        KeyProject(
            plan=plan,
            group="专栏99",
            group_title="测试重点项目",
            seq=index + 1,
            name=f"测试项目{index}",
            mineral=mineral,
        )
        for index, mineral in enumerate(_minerals(count, "项目"))
    )


def many_scale_standards(plan, count):
    ScaleStandard.objects.bulk_create(
        ScaleStandard(
            plan=plan,
            seq=1000 + index,
            mineral=mineral,
            mineral_as_printed=mineral.name,
            unit="10k_t_per_year",
            unit_as_printed="万吨/年",
            large_min=Decimal("100"),
            medium_min=Decimal("30"),
            small_min=Decimal("5"),
        )
        for index, mineral in enumerate(_minerals(count, "标准"))
    )


MANY = {
    "plans": many_plans,
    "minerals": many_minerals,
    "deposits": many_deposits,
    "resource-reserves": many_resource_reserves,
    "exploration-rights": many_exploration_rights,
    "mining-rights": many_mining_rights,
    "zones": many_zones,
    "development-regions": many_development_regions,
    "indicators": many_indicators,
    "indicator-values": many_indicator_values,
    "key-projects": many_key_projects,
    "scale-standards": many_scale_standards,
}
