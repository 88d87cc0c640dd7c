"""The loaded plan's targets: the 十三五 review and the 2020 baselines, as the plan prints them.

十三五 tables of 一(二): 资源量增长 (金 0, 铁 0, 铜 0.24 of 0.2 = 120 %, 石灰岩 0, 花岗岩 0) and
2020 产量 (all 0 but 砖瓦用粘土 26.6 of 80 = 33.25 %). Prose of 一(一): 24 mines, 大中型矿山
占比 20.83 %, 矿业总产值 1510 万元 in 2020.
"""

from decimal import Decimal

from targets.models import Indicator, LiveMetric, Status, ValueSource
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


def test_large_medium_share_keeps_the_plans_2020_figure(plan):
    # No scale is registered per mine: the dashboard shows the plan text's 20.83 % of 2020.
    share = Indicator.objects.with_live().get(plan=plan, live_metric=LiveMetric.LARGE_MEDIUM_SHARE)
    assert (share.latest_year, str(share.latest_value)) == (2020, "20.8300")
    assert share.latest_source == ValueSource.PLAN_TEXT
    assert share.live_value is None
    assert share.live_unscaled_count == 24
    assert (share.current_year, share.current_value) == (2020, Decimal("20.83"))
    assert share.current_status == Status.NOT_MET  # ≥ 45 %


def test_mine_count_baseline_and_live_figure_agree(plan):
    mines = Indicator.objects.with_live().get(plan=plan, live_metric=LiveMetric.MINE_COUNT)
    assert (mines.latest_year, mines.latest_value) == (2020, Decimal("24"))
    assert mines.live_value == mines.latest_value
    assert mines.current_status == Status.NOT_MET  # 控制在 20 家以内


def test_output_value_of_1510_wan_yuan_is_read_in_yi_yuan(plan):
    output = Indicator.objects.with_completion().get(
        plan=plan, group__code="prose", name="采矿业及下游工业总产值"
    )
    assert (output.latest_year, str(output.latest_value)) == (2020, "0.1510")
    assert str(output.completion_rate) == "1.01"
    assert output.status == Status.NOT_MET


def test_a_new_figure_for_the_plan_moves_its_dashboard_row(plan):
    from targets.models import IndicatorValue
    from targets.selectors import indicator_dashboard

    clay = Indicator.objects.get(plan=plan, group__code="prose", name="砖瓦用粘土年产矿石量")

    def shown():
        groups = indicator_dashboard(plan, group="prose")
        return next(row for row in groups[0].indicator_list if row.pk == clay.pk)

    before = shown()
    figure = IndicatorValue(
        indicator=clay, year=2025, value=Decimal("45"), unit="10k_m3", source="statistical_report"
    )
    figure.full_clean()
    figure.save()
    after = shown()
    assert (after.current_year, str(after.current_value)) == (2025, "45.0000")
    assert (str(after.current_completion_rate), after.current_status) == ("90.00", Status.MET)
    assert (after.current_year, after.current_status) != (
        before.current_year,
        before.current_status,
    )
