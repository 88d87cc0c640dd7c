"""The loaded plan's targets: the 十三五 review and the 2020 baselines, as the plan prints them.

十三五 tables of 一(二): 资源量增长 (金 0, 铁 0, 铜 0.24 of 0.2 = 120 %, 石灰岩 0, 花岗岩 0) and
2020 产量 (all 0 but 砖瓦用粘土 26.6 of 80 = 33.25 %). Prose of 一(一): 24 mines, 大中型矿山
占比 20.83 %, 矿业总产值 1510 万元 in 2020.
"""

from decimal import Decimal

from targets.choices import LiveMetric, Status
from targets.models import Indicator
from targets.selectors import review_tables


def review_rows(plan):
    return {
        (group.code, row.name): row for group in review_tables(plan) for row in group.indicator_list
    }


def test_review_has_the_12_rows_of_the_two_tables_with_their_2020_figures(plan):
    rows = review_rows(plan)
    assert len(rows) == 12
    assert {row.latest_year for row in rows.values()} == {2020}
    assert all(row.latest_stated_completion_rate is not None for row in rows.values())


def test_review_rates_equal_the_rates_the_plan_prints(plan):
    rows = review_rows(plan)
    assert rows, "the 十三五 tables are not loaded"
    disagreeing = {
        key: (row.completion_rate, row.latest_stated_completion_rate)
        for key, row in rows.items()
        if not row.rate_agrees
    }
    assert disagreeing == {}
    assert str(rows["review_resources", "铜"].completion_rate) == "120.00"
    assert str(rows["review_production", "砖瓦用粘土"].completion_rate) == "33.25"


def test_review_met_only_where_the_plan_reached_100_percent(plan):
    rows = review_rows(plan)
    met = {key for key, row in rows.items() if row.status == Status.MET}
    assert met == {("review_resources", "铜")}
    assert all(row.status == Status.NOT_MET for key, row in rows.items() if key not in met), (
        "every other 十三五 target is printed at 0 % or 33.25 %"
    )


def test_large_medium_share_of_2020_is_a_baseline_not_the_2025_result(plan):
    # No scale is registered per mine and no figure of 2021–2025 is recorded: the plan text's
    # 20.83 % of 2020 is the baseline (基期值), and the 2025 target has no data.
    share = Indicator.objects.with_live().get(plan=plan, live_metric=LiveMetric.LARGE_MEDIUM_SHARE)
    assert (share.baseline_year, str(share.baseline_value)) == (2020, "20.8300")
    assert (share.latest_year, share.latest_value) == (None, None)
    assert share.live_value is None
    assert share.live_unscaled_count == 24
    assert not share.current_is_live
    assert (share.current_value, share.current_status) == (None, Status.NO_DATA)


def test_mine_count_baseline_and_live_figure_agree(plan):
    mines = Indicator.objects.with_live().get(plan=plan, live_metric=LiveMetric.MINE_COUNT)
    assert (mines.baseline_year, mines.baseline_value) == (2020, Decimal("24"))
    assert mines.latest_value is None
    assert mines.live_value == mines.baseline_value
    assert mines.current_is_live
    # 控制在 20 家以内: 24 mines use 120 % of the cap; no completion rate.
    assert (mines.current_completion_rate, str(mines.current_cap_usage)) == (None, "120.00")
    assert mines.current_status == Status.NOT_MET


def test_output_value_of_1510_wan_yuan_is_a_baseline_read_in_yi_yuan(plan):
    # 1510 万元 is 2020's 矿业总产值 (mining alone): it does not judge the 2025 target of
    # 采矿业及下游工业总产值 15 亿元.
    output = Indicator.objects.with_completion().get(
        plan=plan, group__code="prose", name="采矿业及下游工业总产值"
    )
    assert (output.baseline_year, str(output.baseline_value)) == (2020, "0.1510")
    assert (output.latest_value, output.completion_rate) == (None, None)
    assert output.status == Status.NO_DATA


def test_sand_and_clay_caps_are_not_met_on_their_2020_output(plan):
    # 建筑用砂 produced 0 and 砖瓦用粘土 26.6 万立方米 in 2020: baselines, not 2025 results.
    rows = Indicator.objects.with_live().filter(
        plan=plan, group__code="prose", name__in=["建筑用砂年产矿石量", "砖瓦用粘土年产矿石量"]
    )
    assert {(r.name, r.current_status, r.baseline_year) for r in rows} == {
        ("建筑用砂年产矿石量", Status.NO_DATA, 2020),
        ("砖瓦用粘土年产矿石量", Status.NO_DATA, 2020),
    }


def test_a_new_figure_for_the_plan_moves_its_dashboard_row(plan):
    from targets.models import IndicatorValue
    from targets.selectors import indicator_dashboard

    clay = Indicator.objects.get(plan=plan, group__code="prose", name="砖瓦用粘土年产矿石量")

    def shown():
        groups = indicator_dashboard(plan, group="prose")
        return next(row for row in groups[0].indicator_list if row.pk == clay.pk)

    before = shown()
    assert before.current_status == Status.NO_DATA
    # The prose cap reads 专栏9 row 9's figures (figures_from): the figure is entered there.
    figure = IndicatorValue(
        indicator=clay.figures_from,
        year=2025,
        value=Decimal("45"),
        unit="10k_m3",
        source="statistical_report",
    )
    figure.full_clean()
    figure.save()
    after = shown()
    assert (after.current_year, str(after.current_value)) == (2025, "45.0000")
    # 控制在 50 万立方米: 45 uses 90 % of the cap, within it.
    assert (after.current_completion_rate, str(after.current_cap_usage)) == (None, "90.00")
    assert after.current_status == Status.MET
