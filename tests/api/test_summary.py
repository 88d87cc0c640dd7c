"""/api/v1/summary/: the plan at a glance, equal to the figures the plan prints."""

from decimal import Decimal

import pytest

from targets.summary import plan_summary
from tests.api.urls import url


def by_code(items):
    return {item["code"]: item for item in items}


@pytest.fixture
def summary(plan, get_json):
    status, body = get_json(url("summary", plan=plan.code))
    assert status == 200
    return body


def test_summary_counts_the_registers(summary):
    assert summary["deposits"]["count"] == 23
    assert summary["exploration_rights"]["count"] == 36
    assert summary["mining_rights"]["count"] == 24


def test_summary_areas_are_the_tables_sums(summary):
    # 专栏3 adds up to 575.89 km²; 专栏4 to 8.96 (the prose says 8.95).
    assert summary["exploration_rights"]["area_km2"] == 575.89
    assert summary["mining_rights"]["area_km2"] == 8.96


def test_summary_counts_exploration_rights_by_stage(summary):
    # "预查项目 1 个，普查项目 2 个，详查项目 4 个，勘探项目 29 个"
    stages = by_code(summary["exploration_rights"]["by_stage"])
    assert {code: item["count"] for code, item in stages.items()} == {
        "reconnaissance": 1,
        "general": 2,
        "detailed": 4,
        "exploration": 29,
    }
    assert stages["reconnaissance"]["area_km2"] == 45.13
    assert stages["general"]["area_km2"] == 76.9  # 55.41 + 21.49


def test_summary_counts_mining_rights_by_status(summary):
    statuses = by_code(summary["mining_rights"]["by_status"])
    assert statuses["producing"]["count"] == 8
    assert statuses["suspended"]["count"] == 16
    assert statuses["under_construction"]["count"] == 0
    assert sum(item["count"] for item in summary["mining_rights"]["by_scale"]) == 24


def test_summary_counts_deposits_by_mineral_work_degree_and_scale(summary):
    # "上表矿区 23 个，其中铁矿 20 个，铜矿 1 个，金矿 1 个，石灰岩 1 个"
    minerals = {item["name"]: item["count"] for item in summary["deposits"]["by_mineral"]}
    assert minerals == {"铁矿": 20, "铜矿": 1, "金矿": 1, "水泥用灰岩": 1}
    # 铁矿: 1 勘探, 8 详查, 11 普查; 金矿, 铜矿 详查; 石灰岩 普查.
    degrees = by_code(summary["deposits"]["by_work_degree"])
    assert degrees["exploration"]["count"] == 1
    assert degrees["detailed"]["count"] == 10
    assert degrees["general"]["count"] == 12
    scales = by_code(summary["deposits"]["by_scale"])
    assert scales["medium"]["count"] == 4
    assert scales["small"]["count"] == 18
    assert scales["super_large"]["count"] == 1


def test_summary_exploration_rights_by_mineral(summary):
    minerals = {item["name"]: item for item in summary["exploration_rights"]["by_mineral"]}
    assert sum(item["count"] for item in minerals.values()) == 36
    assert minerals["白云岩"]["count"] == 1
    assert minerals["白云岩"]["area_km2"] == 2.81


def test_summary_gives_each_zone_kinds_count_and_area(summary):
    zones = by_code(summary["zones"])
    expected = {
        "national_planned_area": (1, 1892.8),
        "key_exploration_area": (1, 181.82),
        "key_mining_area": (2, 726.63),  # 707.22 + 19.41
        "exploration_block": (15, 61.75),
        "mining_block": (14, 5.0502),
        "concentrated_area": (4, 164.98),  # 57.93 + 16.18 + 83.47 + 7.4
    }
    assert {code: (item["count"], item["area_km2"]) for code, item in zones.items()} == expected


def test_summary_defaults_to_the_portals_plan(plan, get_json, settings):
    settings.PLAN_PORTAL_DEFAULT_PLAN = plan.code
    status, body = get_json(url("summary"))
    assert status == 200
    assert body["plan"]["code"] == plan.code


def test_summary_of_an_unknown_plan_is_a_404(plan, get_json):
    status, body = get_json(url("summary", plan="nowhere-2021-2025"))
    assert status == 404
    assert "nowhere-2021-2025" in body["detail"]


def test_summary_runs_a_fixed_number_of_queries(plan, django_assert_num_queries):
    from tests.factories import many_exploration_rights

    with django_assert_num_queries(
        7, info="plan_summary: two queries per right register and deposits, one for zones."
    ):
        small = plan_summary(plan)
    many_exploration_rights(plan, 200)
    with django_assert_num_queries(7):
        large = plan_summary(plan)
    assert large["exploration_rights"]["count"] == small["exploration_rights"]["count"] + 200
    assert large["exploration_rights"]["area_km2"] == Decimal("575.89") + 300


def test_summary_endpoint_query_count(plan, api_client, django_assert_num_queries):
    with django_assert_num_queries(8, info="One query for the plan, seven for plan_summary."):
        assert api_client.get(url("summary", plan=plan.code)).status_code == 200
