"""Indicators carry their latest actual figure, completion rate and status from the database."""

from rights.models import MiningRight
from targets.models import Indicator
from tests.api.urls import url
from tests.factories import make_indicator, make_value

# A 十三五 review group's period: its 2020 figure is the result, not a baseline.
REVIEW = (2016, 2020)


def test_indicator_shows_latest_figure_rate_and_status(plan, get_json):
    # 铜 0.24 / 0.2 = 120 %, as the plan computes it.
    target = make_indicator(plan, "10k_t", target="0.2", kind="at_least", period=REVIEW)
    make_value(target, 2019, "0.1")
    make_value(target, 2020, "0.24")
    status, body = get_json(url("indicators", target.pk))
    assert status == 200
    assert body["latest_year"] == 2020
    assert body["latest_value"] == 0.24
    assert body["completion_rate"] == 120.0
    assert body["status"] == "met"
    assert body["status_display"]


def test_a_bound_not_reached_is_not_met(plan, get_json):
    # 砖瓦用粘土 26.6 / 80 = 33.25 %.
    target = make_indicator(plan, "10k_m3", target="80", kind="at_least", period=REVIEW)
    make_value(target, 2020, "26.6")
    body = get_json(url("indicators", target.pk))[1]
    assert body["completion_rate"] == 33.25
    assert body["status"] == "not_met"


def test_a_figure_in_another_unit_of_the_same_dimension_is_converted(plan, get_json):
    target = make_indicator(plan, "10k_t", target="1", period=REVIEW)
    make_value(target, 2020, "5000", unit="t")
    body = get_json(url("indicators", target.pk))[1]
    assert body["latest_value"] == 0.5
    assert body["completion_rate"] == 50.0


def test_an_indicator_without_figures_has_no_data(plan, get_json):
    target = make_indicator(plan, target="0.2", period=REVIEW)
    body = get_json(url("indicators", target.pk))[1]
    assert body["latest_value"] is None
    assert body["completion_rate"] is None
    assert body["status"] == "no_data"


def test_indicators_of_the_plan_are_listed_with_filters(plan, get_json):
    assert Indicator.objects.filter(plan=plan).exists()
    binding = Indicator.objects.filter(plan=plan, attribute="binding").count()
    body = get_json(url("indicators", plan=plan.code, attribute="binding", page_size=1000))[1]
    assert body["count"] == binding
    assert {row["attribute"] for row in body["results"]} <= {"binding"}


def test_indicator_values_filter_by_year_and_indicator(plan, get_json):
    target = make_indicator(plan, target="0.2", period=REVIEW)
    make_value(target, 2021, "1")
    make_value(target, 2022, "2")
    body = get_json(url("indicator-values", indicator=target.pk, year=2022))[1]
    assert [row["value"] for row in body["results"]] == [2.0]
    assert body["results"][0]["unit_display"]


def test_a_live_indicator_shows_the_register_figure_as_current(plan, get_json):
    # 矿山总数 is computed from the 24 mining rights, judged at the target year 2025; the
    # plan's 2020 figure is a baseline, outside the 2021–2025 period, and does not count.
    mines = Indicator.objects.get(plan=plan, live_metric="mine_count")
    body = get_json(url("indicators", mines.pk))[1]
    assert (body["baseline_year"], body["baseline_value"]) == (2020, 24)
    assert body["latest_year"] is None
    assert body["current_is_live"] is True
    assert (body["current_value"], body["current_year"], body["evaluation_year"]) == (
        24,
        2025,
        2025,
    )
    assert body["current_status"] == "not_met"  # at most 20
    assert body["current_completion_rate"] is None
    assert body["current_cap_usage"] == 120.0
    MiningRight.objects.filter(plan=plan, seq__in=[1, 2, 3, 4]).update(status="closed")
    body = get_json(url("indicators", mines.pk))[1]
    assert body["current_value"] == 20
    assert body["current_status"] == "met"
    assert body["current_cap_usage"] == 100.0


def test_a_recorded_indicator_shows_its_latest_figure_as_current(plan, get_json):
    target = make_indicator(plan, "10k_t", target="0.2", kind="at_least", period=REVIEW)
    make_value(target, 2020, "0.24")
    body = get_json(url("indicators", target.pk))[1]
    assert body["current_is_live"] is False
    assert (body["current_value"], body["current_completion_rate"]) == (0.24, 120.0)
