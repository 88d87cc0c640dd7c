"""Factories for the target tests: a small plan of their own, built with the ORM."""

import itertools
from decimal import Decimal

import pytest

from deposits.models import Mineral
from planportal.choices import MineStatus
from planportal.models import Plan
from planportal.units import Unit
from rights.models import ExplorationRight, MiningRight
from targets.models import Indicator, IndicatorGroup, IndicatorValue, ValueSource

_seq = itertools.count(1)


@pytest.fixture
def own_plan(db):
    """An empty plan of its own, so figures of the loaded plan do not interfere."""
    return Plan.objects.create(
        code="test-plan",
        name="测试规划",
        region_name="测试县",
        period_start=2021,
        period_end=2025,
        base_year=2020,
    )


@pytest.fixture
def make_group(own_plan):
    def make(code="g", *, plan=None, period=(2021, 2025), order=0):
        return IndicatorGroup.objects.create(
            plan=plan or own_plan,
            code=code,
            title=f"专栏 {code}",
            order=order,
            period_start=period[0],
            period_end=period[1],
        )

    return make


@pytest.fixture
def make_indicator(own_plan, make_group):
    """An indicator; ``target`` is a value/bound, ``low``/``high`` a range."""
    groups = {}

    def make(
        unit=Unit.TEN_K_TONNE,
        *,
        target=None,
        kind="value",
        low=None,
        high=None,
        group="g",
        live_metric="",
        attribute="",
        name="指标",
        plan=None,
        period=(2021, 2025),
        target_year=None,
    ):
        """``period`` is the new group's (2016–2020 for a 十三五 review row); the target year
        is the group's last year unless given."""
        plan = plan or own_plan
        key = (plan.pk, group)
        if key not in groups:
            groups[key] = IndicatorGroup.objects.filter(plan=plan, code=group).first() or (
                make_group(group, plan=plan, period=period)
            )
        indicator = Indicator(
            plan=plan,
            group=groups[key],
            seq=next(_seq),
            name=name,
            unit=unit,
            target_year=target_year or groups[key].period_end,
            target_kind=kind,
            target_value=None if target is None else Decimal(target),
            target_low=None if low is None else Decimal(low),
            target_high=None if high is None else Decimal(high),
            live_metric=live_metric,
            attribute=attribute,
        )
        indicator.full_clean()
        indicator.save()
        return indicator

    return make


@pytest.fixture
def add_value():
    def add(indicator, year, value, unit=None, *, stated=None):
        figure = IndicatorValue(
            indicator=indicator,
            year=year,
            value=Decimal(value),
            unit=unit or indicator.unit,
            source=ValueSource.STATISTICAL_REPORT,
            stated_completion_rate=None if stated is None else Decimal(stated),
        )
        figure.full_clean()
        figure.save()
        return figure

    return add


@pytest.fixture
def mineral(db):
    def get(name):
        return Mineral.objects.get_or_create(name=name)[0]

    return get


@pytest.fixture
def make_mine(own_plan, mineral):
    def make(mineral_name="铁矿", *, plan=None, status=MineStatus.PRODUCING, scale="", **extra):
        return MiningRight.objects.create(
            plan=plan or own_plan,
            seq=next(_seq),
            name=f"矿山 {next(_seq)}",
            mineral=mineral(mineral_name),
            area_km2=extra.pop("area_km2", Decimal("0.5")),
            capacity=Decimal("10"),
            capacity_unit=Unit.TEN_K_TONNE_PER_YEAR,
            status=status,
            scale=scale,
            **extra,
        )

    return make


@pytest.fixture
def make_exploration_right(own_plan, mineral):
    def make(mineral_name="铜矿", *, plan=None, area_km2="2.5", **extra):
        return ExplorationRight.objects.create(
            plan=plan or own_plan,
            seq=next(_seq),
            name=f"探矿权 {next(_seq)}",
            mineral=mineral(mineral_name),
            area_km2=Decimal(area_km2),
            stage="general",
            **extra,
        )

    return make
