"""Fixtures of the page tests: clients in each language, and many more rows on demand."""

from decimal import Decimal

import pytest
from django.conf import settings

from deposits.models import Deposit, Mineral
from planportal.choices import MineStatus, Scale, Stage
from rights.models import ExplorationRight, MiningRight
from targets.models import Attribute, Indicator, IndicatorGroup, IndicatorValue, TargetKind
from zones.models import PlanningArea, ZoneKind


def client_in(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def zh_client(client):
    return client_in(client, "zh-hans")


@pytest.fixture
def en_client(client):
    return client_in(client, "en")


def add_many_records(plan, n=120):
    """Add ``n`` rows to every register of ``plan`` and a group of ``n // 10`` indicators
    with five yearly figures each: enough to fill several pages of every list."""
    iron = Mineral.objects.resolve("铁矿")
    start = 1000
    Deposit.objects.bulk_create(
        Deposit(
            plan=plan,
            seq=start + i,
            name=f"测试矿床{i}",
            mineral=iron,
            work_degree=Stage.GENERAL,
            scale=Scale.SMALL,
        )
        for i in range(n)
    )
    ExplorationRight.objects.bulk_create(
        ExplorationRight(
            plan=plan,
            seq=start + i,
            name=f"测试探矿权{i}",
            mineral=iron,
            stage=Stage.GENERAL,
            area_km2=Decimal("1.5"),
        )
        for i in range(n)
    )
    MiningRight.objects.bulk_create(
        MiningRight(
            plan=plan,
            seq=start + i,
            name=f"测试采矿权{i}",
            mineral=iron,
            area_km2=Decimal("0.5"),
            capacity=Decimal("10"),
            capacity_unit="10k_t_per_year",
            status=MineStatus.PRODUCING,
        )
        for i in range(n)
    )
    PlanningArea.objects.bulk_create(
        PlanningArea(
            plan=plan,
            seq=start + i,
            kind=ZoneKind.MINING_BLOCK,
            name=f"测试区块{i}",
            mineral=iron,
            area_km2=Decimal("0.2"),
        )
        for i in range(n)
    )
    group = IndicatorGroup.objects.create(
        plan=plan,
        code="many-test",
        title="测试专栏",
        order=99,
        period_start=plan.period_start,
        period_end=plan.period_end,
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            plan=plan,
            group=group,
            seq=i + 1,
            name=f"测试指标{i}",
            unit="10k_t",
            target_year=plan.period_end,
            target_kind=TargetKind.AT_LEAST,
            target_value=Decimal("100"),
            target_as_printed="≥100",
            attribute=Attribute.EXPECTED,
        )
        for i in range(n // 10)
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator,
            year=plan.period_start + k,
            value=Decimal(10 * (k + 1)),
            unit="t",
            source="statistical_report",
        )
        for indicator in indicators
        for k in range(5)
    )
    return indicators


@pytest.fixture
def many_records():
    return add_many_records
