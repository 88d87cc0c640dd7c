"""The pages in a real Chromium: no console error, nothing fetched off 127.0.0.1, charts
drawn, filters working, a figure entered by staff moving the dashboard, phone width."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from targets.choices import LiveMetric
from targets.models import Indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def iron(loaded_plan):
    """专栏8 row 2: 铁, 200 矿石万吨, figures typed in by the bureau."""
    return Indicator.objects.get(plan=loaded_plan, group__code="column_8", seq=2)


def page_paths(plan, indicator):
    live = Indicator.objects.filter(plan=plan, live_metric=LiveMetric.MINE_COUNT).first()
    paths = {
        "overview": reverse("overview"),
        "targets": reverse("targets:dashboard"),
        "review": reverse("targets:review"),
        "indicator": reverse("targets:detail", args=[indicator.pk]),
        "deposits": reverse("deposits:list"),
        "exploration-rights": reverse("rights:exploration"),
        "mining-rights": reverse("rights:mining"),
        "zones": reverse("zones:list"),
    }
    if live is not None:
        paths["live-records"] = reverse("targets:records", args=[live.pk])
    return paths


def test_every_page_loads_cleanly_in_chinese(
    page, live_server, loaded_plan, iron, watch, screenshots
):
    for name, path in page_paths(loaded_plan, iron).items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == "zh-hans"
        expect(page.locator("nav.site-nav")).to_contain_text("规划指标")
        screenshots(page, name)
    watch.assert_clean()


def test_the_indicator_chart_is_drawn(page, live_server, loaded_plan, iron, watch, screenshots):
    iron.values.create(year=2021, value=Decimal("40"), unit="10k_t", source="statistical_report")
    iron.values.create(year=2023, value=Decimal("120"), unit="10k_t", source="statistical_report")
    page.goto(live_server.url + reverse("targets:detail", args=[iron.pk]))
    canvas = page.locator("#trend-chart canvas")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box["width"] > 100
    assert box["height"] > 100
    # Pixels were painted: the canvas is not blank.
    painted = page.evaluate(
        """() => {
            const canvas = document.querySelector('#trend-chart canvas');
            const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) painted++; }
            return painted;
        }"""
    )
    assert painted > 1000
    screenshots(page, "indicator-chart")
    watch.assert_clean()


def test_without_scripts_the_tables_and_bars_still_show(browser, live_server, loaded_plan):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + reverse("targets:dashboard"))
    assert (
        page.locator("tr[data-indicator]").count()
        == Indicator.objects.filter(plan=loaded_plan).count()
    )
    assert page.locator(".progress__bar").count() > 0
    context.close()


def test_a_filter_changes_the_count(page, live_server, loaded_plan, watch):
    page.goto(live_server.url + reverse("rights:exploration"))
    count = page.get_by_test_id("result-count")
    before = count.inner_text()
    page.select_option("#id_stage", "detailed")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"stage=detailed"))
    after = count.inner_text()
    assert after != before
    expected = loaded_plan.explorationright_set.filter(stage="detailed").count()
    assert str(expected) in after
    assert page.locator("tbody tr").count() == expected
    watch.assert_clean()


def test_targets_filter_by_group(page, live_server, loaded_plan, watch):
    page.goto(live_server.url + reverse("targets:dashboard"))
    all_rows = page.locator("tr[data-indicator]").count()
    page.select_option("#id_group", "column_9")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"group=column_9"))
    shown = page.locator("tr[data-indicator]").count()
    assert shown == loaded_plan.indicator_set.filter(group__code="column_9").count() < all_rows
    watch.assert_clean()


def test_staff_adds_a_figure_and_sees_the_completion_move(
    page, live_server, loaded_plan, iron, editor, watch, screenshots
):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "test-password-不可猜")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    targets_url = live_server.url + reverse("targets:dashboard")
    page.goto(targets_url)
    completion = page.locator(f'tr[data-indicator="{iron.pk}"] [data-testid="completion"]')
    before = completion.inner_text()

    page.goto(live_server.url + reverse("targets:detail", args=[iron.pk]))
    page.fill("#id_year", "2025")
    page.fill("#id_value", "170")
    page.select_option("#id_unit", "10k_t")
    page.fill("#id_source_note", "2025 年统计年报")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".message--success")).to_contain_text("2025 年实际值已添加")
    screenshots(page, "indicator-after-figure")

    page.goto(targets_url)
    # 170 ÷ 200 × 100 = 85 %
    expect(completion).to_have_text("85 %")
    assert before != "85 %"
    screenshots(page, "targets-after-figure")
    watch.assert_clean()


def test_targets_page_fits_a_phone_screen(page, live_server, loaded_plan, watch, screenshots):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("targets:dashboard"))
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"
    screenshots(page, "targets-phone")
    screenshots(page, "targets-phone-first-screen", full_page=False)
    watch.assert_clean()


def test_english_switch(page, live_server, loaded_plan, watch):
    page.goto(live_server.url + reverse("targets:dashboard"))
    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("Targets and where they stand")
    assert page.locator("html").get_attribute("lang") == "en"
    watch.assert_clean()


def test_targets_page_in_english_with_screenshots(
    page, live_server, loaded_plan, iron, watch, screenshots
):
    page.goto(live_server.url + reverse("targets:dashboard"))
    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("Targets and where they stand")
    mines = Indicator.objects.get(plan=loaded_plan, live_metric=LiveMetric.MINE_COUNT)
    row = page.locator(f'tr[data-indicator="{mines.pk}"]')
    expect(row.get_by_test_id("cap-usage")).to_have_text("120 % of the cap")
    expect(row.get_by_test_id("live-badge")).to_have_text("live register figure")
    screenshots(page, "targets-en")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshots(page, "targets-en-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("targets:detail", args=[mines.pk]))
    # English pages give the plan's worded target as its bound, in English units (issue 9).
    expect(page.get_by_test_id("target")).to_contain_text("≤20 mines")
    screenshots(page, "indicator-en")
    watch.assert_clean()


def test_indicator_page_fits_a_phone_screen(
    page, live_server, loaded_plan, iron, watch, screenshots
):
    for year, value in ((2020, "90"), (2021, "40"), (2023, "120"), (2026, "230")):
        iron.values.create(
            year=year,
            value=Decimal(value),
            unit="10k_t",
            source="statistical_report",
            source_note=f"{year} 年新源县矿产资源统计年报（矿山企业填报汇总）",
        )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("targets:detail", args=[iron.pk]))
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"
    table = page.locator("table.figures")
    # One card per year: no sideways scrolling inside the table either, no header row.
    assert table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
    expect(table.locator("thead")).to_be_hidden()
    cards = table.locator("tbody tr")
    assert cards.count() == 4
    assert all(cards.nth(i).bounding_box()["width"] <= 390 for i in range(4))
    expect(cards.first).to_contain_text("基期")
    expect(cards.last).to_contain_text("不计入")
    screenshots(page, "indicator-phone")
    watch.assert_clean()
