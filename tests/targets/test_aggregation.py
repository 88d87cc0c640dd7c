"""How a target's actual figure is formed: total over the period, target-year figure, latest.

专栏7 and 专栏8 print "2021—2025 规划目标" (totals over the period), 专栏9 and 专栏10 "2025 年规划目标"
(the figure of the target year); counts and shares of things in force are the latest value.
Figures are checked as strings: the same digits from SQLite and PostgreSQL.
"""

import pytest
from django.core.exceptions import ValidationError

from planportal.units import Unit
from targets.choices import Aggregation, LiveMetric, Status, TargetKind
from targets.models import Indicator, IndicatorGroup

PERIOD_HEADING = "2021—2025 规划目标"
YEAR_HEADING = "2025 年规划目标"


def annotated(indicator):
    return Indicator.objects.with_completion().get(pk=indicator.pk)


@pytest.fixture
def period_group(make_group):
    return make_group("column_8", target_heading=PERIOD_HEADING)


@pytest.fixture
def year_group(make_group):
    return make_group("column_9", target_heading=YEAR_HEADING)


def test_new_deposits_found_in_two_years_add_up(make_indicator, period_group, add_value):
    # 专栏8 row 1 新发现矿产地 1-2 处: one found in 2021 and one in 2023 make two.
    found = make_indicator(Unit.COUNT, kind=TargetKind.RANGE, low="1", high="2", group=period_group)
    assert found.aggregation == Aggregation.PERIOD_TOTAL
    add_value(found, 2021, "1")
    add_value(found, 2023, "1")
    row = annotated(found)
    assert str(row.latest_value) == "2.0000"
    assert (row.actual_first_year, row.latest_year) == (2021, 2023)
    assert row.status == Status.WITHIN


def test_a_range_is_reached_by_two_years_figures(make_indicator, period_group, add_value):
    found = make_indicator(Unit.COUNT, kind=TargetKind.RANGE, low="2", high="3", group=period_group)
    add_value(found, 2022, "1")
    assert annotated(found).status == Status.BELOW
    add_value(found, 2024, "1")
    assert annotated(found).status == Status.WITHIN
    add_value(found, 2025, "2")
    assert annotated(found).status == Status.ABOVE


def test_iron_resources_proven_each_year_exceed_the_period_target(
    make_indicator, period_group, add_value
):
    # 专栏8 row 2 铁 200 矿石万吨: 50 a year for five years is 250, 125 %, not 25 % "not met".
    iron = make_indicator(Unit.TEN_K_TONNE, target="200", group=period_group)
    for year in range(2021, 2026):
        add_value(iron, year, "50")
    row = annotated(iron)
    assert str(row.latest_value) == "250.0000"
    assert str(row.completion_rate) == "125.00"
    assert row.status == Status.MET


def test_figures_in_another_unit_are_converted_before_summing(
    make_indicator, period_group, add_value
):
    iron = make_indicator(Unit.TEN_K_TONNE, target="2", group=period_group)
    add_value(iron, 2021, "5000", Unit.TONNE)  # 0.5 万吨
    add_value(iron, 2022, "0.25")
    add_value(iron, 2023, "0.0025", Unit.HUNDRED_M_TONNE)  # 25 万吨
    row = annotated(iron)
    assert str(row.latest_value) == "25.7500"
    assert row.status == Status.MET


def test_a_baseline_before_the_period_is_not_summed(make_indicator, period_group, add_value):
    iron = make_indicator(Unit.TEN_K_TONNE, target="200", group=period_group)
    add_value(iron, 2020, "100")
    add_value(iron, 2021, "10")
    row = annotated(iron)
    assert str(row.latest_value) == "10.0000"
    assert (row.baseline_year, str(row.baseline_value)) == (2020, "100.0000")


def test_a_cap_is_judged_on_the_target_year(make_indicator, year_group, add_value):
    # 专栏9: 2025 output; a year over the cap before it does not decide the verdict.
    sand = make_indicator(
        Unit.TEN_K_CUBIC_METRE, target="500", kind=TargetKind.AT_MOST, group=year_group
    )
    assert sand.aggregation == Aggregation.TARGET_YEAR
    add_value(sand, 2023, "600")
    add_value(sand, 2025, "450")
    row = annotated(sand)
    assert (row.latest_year, str(row.latest_value)) == (2025, "450.0000")
    assert str(row.cap_usage) == "90.00"
    assert row.status == Status.MET


def test_a_target_year_figure_without_the_target_year_has_no_data(
    make_indicator, year_group, add_value
):
    iron = make_indicator(Unit.TEN_K_TONNE, target="200", group=year_group)
    add_value(iron, 2023, "250")
    add_value(iron, 2024, "260")
    row = annotated(iron)
    assert row.latest_value is None
    assert row.latest_year is None
    assert row.completion_rate is None
    assert row.status == Status.NO_DATA


def test_a_latest_figure_is_not_summed(make_indicator, add_value):
    share = make_indicator(Unit.PERCENT, target="45", kind=TargetKind.AT_LEAST)
    assert share.aggregation == Aggregation.LATEST  # a table without a heading
    add_value(share, 2021, "30")
    add_value(share, 2023, "46")
    row = annotated(share)
    assert (row.latest_year, str(row.latest_value)) == (2023, "46.0000")
    assert row.status == Status.MET


def test_the_heading_sets_the_default_and_an_explicit_choice_is_kept(
    make_indicator, period_group, year_group
):
    assert period_group.default_aggregation == Aggregation.PERIOD_TOTAL
    assert year_group.default_aggregation == Aggregation.TARGET_YEAR
    kept = make_indicator(group=period_group, target="1", aggregation=Aggregation.LATEST)
    assert kept.aggregation == Aggregation.LATEST
    live = make_indicator(
        Unit.COUNT_MINES, target="20", group=year_group, live_metric=LiveMetric.MINE_COUNT
    )
    assert live.aggregation == Aggregation.LATEST  # the registers as they stand


def test_a_live_indicator_cannot_be_summed(make_indicator, period_group):
    live = make_indicator(Unit.COUNT_MINES, target="20", live_metric=LiveMetric.MINE_COUNT)
    live.aggregation = Aggregation.PERIOD_TOTAL
    with pytest.raises(ValidationError) as raised:
        live.full_clean()
    assert "aggregation" in raised.value.message_dict


# Golden: the loaded plan's tables as printed.


@pytest.mark.parametrize(
    ("code", "heading", "aggregation"),
    [
        ("column_7", "2021—2025 规划目标", Aggregation.PERIOD_TOTAL),
        ("column_8", "2021—2025 规划目标", Aggregation.PERIOD_TOTAL),
        ("column_9", "2025 年规划目标", Aggregation.TARGET_YEAR),
        ("column_10", "2025 年规划目标", Aggregation.TARGET_YEAR),
    ],
)
def test_the_plans_tables_form_their_figures_as_their_headings_say(
    plan, code, heading, aggregation
):
    group = IndicatorGroup.objects.get(plan=plan, code=code)
    assert group.target_heading == heading
    # The heading as the plan prints it, in the table's header row.
    assert f"指标名称\t单位\t{heading}\t指标属性" in plan.text
    rows = {i.seq: i.aggregation for i in group.indicators.all()}
    assert len(rows) >= 1
    typed_in = {seq for seq, _ in rows.items()} - set(
        group.indicators.exclude(live_metric="").values_list("seq", flat=True)
    )
    assert {rows[seq] for seq in typed_in} == {aggregation}


def test_the_plans_live_share_is_its_latest_figure(plan):
    share = Indicator.objects.get(plan=plan, group__code="column_10", seq=1)
    assert share.live_metric == LiveMetric.LARGE_MEDIUM_SHARE
    assert share.aggregation == Aggregation.LATEST
