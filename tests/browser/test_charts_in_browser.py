"""The charts in a real Chromium: the targets page leads with its summary chart, the overview
draws its charts, and a trend leaves a gap where a year has no figure."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from targets.choices import GroupRole
from targets.models import Indicator
from targets.selectors import indicator_status_summary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The option ECharts holds for the chart drawn in an element: what it was told to draw.
CHART_OPTION = """selector => {
    const chart = echarts.getInstanceByDom(document.querySelector(selector));
    if (!chart) { return null; }
    const option = chart.getOption();
    return {
        series: option.series.map(s => ({
            type: s.type,
            connectNulls: s.connectNulls,
            data: s.data.map(d => (d !== null && typeof d === 'object' ? d.value : d)),
        })),
        categories: (option.yAxis[0].data || option.xAxis[0].data || []),
    };
}"""


def test_targets_page_leads_with_the_summary_chart(
    page, live_server, loaded_plan, watch, screenshots
):
    page.goto(live_server.url + reverse("targets:dashboard"))
    summary = page.get_by_test_id("status-summary")
    canvas = summary.locator("#status-chart canvas")
    expect(canvas).to_be_visible()
    chart_box = canvas.bounding_box()
    assert chart_box["width"] > 100
    assert chart_box["height"] > 100
    # Above the first table, which is one of the plan's own (not the 十三五 review).
    first_table = page.locator("table").first
    assert chart_box["y"] + chart_box["height"] <= first_table.bounding_box()["y"]
    first_group = page.locator("section.indicator-group").first
    assert first_group.get_attribute("data-role") == GroupRole.TARGETS
    # The chart draws the selector's counts, in the selector's order.
    option = page.evaluate(CHART_OPTION, "#status-chart")
    expected = indicator_status_summary(loaded_plan)["statuses"]
    assert list(reversed(option["series"][0]["data"])) == [item["count"] for item in expected]
    figures = summary.locator("[data-status=met]")
    met = next(item["count"] for item in expected if item["code"] == "met")
    expect(figures).to_have_text(str(met))
    screenshots(page, "targets-summary", full_page=False)
    watch.assert_clean()


def test_overview_draws_its_charts(page, live_server, loaded_plan, watch, screenshots):
    page.goto(live_server.url + reverse("overview"))
    for selector in ("#overview-status-chart", "#overview-stage-chart", "#overview-mineral-chart"):
        canvas = page.locator(f"{selector} canvas")
        expect(canvas).to_be_visible()
        assert canvas.bounding_box()["height"] > 100
    stage = page.evaluate(CHART_OPTION, "#overview-stage-chart")
    assert sum(stage["series"][0]["data"]) == loaded_plan.explorationright_set.count()
    mineral = page.evaluate(CHART_OPTION, "#overview-mineral-chart")
    assert [s["type"] for s in mineral["series"]] == ["bar", "bar"]
    assert sum(mineral["series"][1]["data"]) == loaded_plan.miningright_set.count()
    screenshots(page, "overview-charts")
    watch.assert_clean()


def test_a_trend_leaves_a_gap_for_a_year_without_a_figure(
    page, live_server, loaded_plan, watch, screenshots
):
    iron = Indicator.objects.get(plan=loaded_plan, group__code="column_8", seq=2)
    for year, value in ((2021, "40"), (2023, "120"), (2024, "150")):
        iron.values.create(
            year=year, value=Decimal(value), unit="10k_t", source="statistical_report"
        )
    page.goto(live_server.url + reverse("targets:detail", args=[iron.pk]))
    expect(page.locator("#trend-chart canvas")).to_be_visible()
    option = page.evaluate(CHART_OPTION, "#trend-chart")
    actual = option["series"][0]
    assert actual["connectNulls"] is False
    by_year = dict(zip(option["categories"], actual["data"], strict=True))
    # 2022 and 2025 have no figure: null, a gap, not a value drawn across.
    assert {year: by_year[year] for year in ("2021", "2022", "2023", "2024", "2025")} == {
        "2021": 40,
        "2022": None,
        "2023": 120,
        "2024": 150,
        "2025": None,
    }
    screenshots(page, "trend-with-gap")
    watch.assert_clean()
