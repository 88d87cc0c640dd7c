"""Indicator semantics: completion rate, met / not met, ranges, units, computed in SQL.

The figures are checked as strings: the same digits must come back from SQLite and
PostgreSQL (the suite runs on both), e.g. "33.25" and "120.00", never 33.2499… or 120.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from planportal.units import Unit
from targets.choices import Status
from targets.models import Indicator, IndicatorValue

REVIEW = (2016, 2020)  # the 十三五 period: its 2020 figures judge its 2020 targets


def annotated(indicator):
    return Indicator.objects.with_completion().get(pk=indicator.pk)


def test_copper_review_rate_is_the_plans_120_percent(make_indicator, add_value):
    # 十三五 资源量增长: 铜 target 0.2 铜万吨, growth 0.24 → 完成率 120.
    copper = make_indicator(Unit.TEN_K_TONNE, target="0.2", group="review", period=REVIEW)
    add_value(copper, 2020, "0.24")
    row = annotated(copper)
    assert str(row.completion_rate) == "120.00"
    assert row.status == Status.MET
    assert row.latest_year == 2020
    assert str(row.latest_value) == "0.2400"


def test_brick_clay_review_rate_is_the_plans_33_25_percent(make_indicator, add_value):
    # 十三五 产量: 砖瓦用粘土 target 80 万立方米, 2020 output 26.6 → 完成率 33.25.
    clay = make_indicator(Unit.TEN_K_CUBIC_METRE, target="80", group="review", period=REVIEW)
    add_value(clay, 2020, "26.6")
    row = annotated(clay)
    assert str(row.completion_rate) == "33.25"
    assert row.status == Status.NOT_MET


def test_nothing_achieved_is_zero_percent_not_met(make_indicator, add_value):
    gold = make_indicator(Unit.TONNE, target="10", group="review", period=REVIEW)
    add_value(gold, 2020, "0")
    row = annotated(gold)
    assert str(row.completion_rate) == "0.00"
    assert row.status == Status.NOT_MET


def test_integer_figures_are_not_divided_as_integers(make_indicator, add_value):
    # 1 of 3 is 33.33 %, not 0 (integer division) and not 33 (truncation).
    indicator = make_indicator(Unit.COUNT, target="3")
    add_value(indicator, 2023, "1")
    assert str(annotated(indicator).completion_rate) == "33.33"


def test_rate_is_rounded_half_up_to_two_places(make_indicator, add_value):
    indicator = make_indicator(Unit.TEN_K_TONNE, target="8")
    add_value(indicator, 2023, "0.0007")  # 0.00875 % → 0.01
    assert str(annotated(indicator).completion_rate) == "0.01"
    indicator = make_indicator(Unit.TEN_K_TONNE, target="3")
    add_value(indicator, 2023, "2")  # 66.666… % → 66.67
    assert str(annotated(indicator).completion_rate) == "66.67"


def test_figure_in_another_unit_is_converted_before_comparing(make_indicator, add_value):
    # 1510 万元 against a 15 亿元 target: 0.151 亿元, 1.01 %.
    output = make_indicator(Unit.HUNDRED_M_YUAN, target="15", kind="at_least")
    add_value(output, 2023, "1510", Unit.TEN_K_YUAN)
    row = annotated(output)
    assert str(row.latest_value) == "0.1510"
    assert str(row.completion_rate) == "1.01"
    assert row.status == Status.NOT_MET


@pytest.mark.parametrize(
    ("target_unit", "target", "value", "value_unit", "converted", "rate"),
    [
        (Unit.TEN_K_TONNE, "0.2", "2400", Unit.TONNE, "0.2400", "120.00"),
        (Unit.KG, "300", "0.3", Unit.TONNE, "300.0000", "100.00"),
        (Unit.HUNDRED_M_TONNE, "0.8", "4000", Unit.TEN_K_TONNE, "0.4000", "50.00"),
        (Unit.TEN_K_CUBIC_METRE, "80", "266000", Unit.CUBIC_METRE, "26.6000", "33.25"),
        (Unit.CUBIC_METRE, "100000", "5", Unit.TEN_K_CUBIC_METRE, "50000.0000", "50.00"),
        (Unit.TEN_K_YUAN, "150000", "0.151", Unit.HUNDRED_M_YUAN, "1510.0000", "1.01"),
    ],
)
def test_conversions_in_sql_match_the_units_module(
    make_indicator, add_value, target_unit, target, value, value_unit, converted, rate
):
    indicator = make_indicator(target_unit, target=target)
    add_value(indicator, 2022, value, value_unit)
    row = annotated(indicator)
    assert str(row.latest_value) == converted
    assert str(row.completion_rate) == rate
    figure = IndicatorValue.objects.with_converted_value().get(indicator=indicator)
    assert str(figure.converted_value) == converted


def test_figure_in_another_dimension_is_refused(make_indicator, add_value):
    # A 万立方米 figure cannot be an actual of a 万吨 target.
    limestone = make_indicator(Unit.TEN_K_TONNE, target="50")
    with pytest.raises(ValidationError) as info:
        add_value(limestone, 2023, "12", Unit.TEN_K_CUBIC_METRE)
    assert "unit" in info.value.message_dict
    assert not IndicatorValue.objects.filter(indicator=limestone).exists()


@pytest.mark.parametrize(
    ("value", "status"),
    [("44.99", Status.NOT_MET), ("45", Status.MET), ("45.01", Status.MET), ("80", Status.MET)],
)
def test_at_least_bound_is_met_at_and_above_it(make_indicator, add_value, value, status):
    # 专栏10: 大中型矿山比例 ≥45 %.
    share = make_indicator(Unit.PERCENT, target="45", kind="at_least")
    add_value(share, 2025, value)
    assert annotated(share).status == status


@pytest.mark.parametrize(
    ("value", "status"),
    [("19", Status.MET), ("20", Status.MET), ("21", Status.NOT_MET), ("24", Status.NOT_MET)],
)
def test_at_most_bound_is_met_at_and_below_it(make_indicator, add_value, value, status):
    # 矿山总数控制在 20 家以内.
    mines = make_indicator(Unit.COUNT, target="20", kind="at_most")
    add_value(mines, 2025, value)
    assert annotated(mines).status == status


def test_at_most_target_has_no_completion_rate_but_a_share_of_the_cap(make_indicator, add_value):
    # 矿山总数控制在 20 家以内: 24 mines are not "120 % complete"; they use 120 % of the cap.
    mines = make_indicator(Unit.COUNT, target="20", kind="at_most")
    add_value(mines, 2024, "24")
    row = annotated(mines)
    assert row.completion_rate is None
    assert str(row.cap_usage) == "120.00"
    assert row.status == Status.NOT_MET
    # 建筑用砂 控制在 500 万立方米: producing nothing is within the cap, 0 % of it used.
    sand = make_indicator(Unit.TEN_K_CUBIC_METRE, target="500", kind="at_most")
    add_value(sand, 2024, "0")
    row = annotated(sand)
    assert (row.completion_rate, str(row.cap_usage), row.status) == (None, "0.00", Status.MET)


def test_only_at_most_targets_have_a_cap_usage(make_indicator, add_value):
    iron = make_indicator(Unit.TEN_K_TONNE, target="200")
    add_value(iron, 2024, "100")
    share = make_indicator(Unit.PERCENT, target="45", kind="at_least")
    add_value(share, 2024, "50")
    empty = make_indicator(Unit.COUNT, target="20", kind="at_most")
    rows = {row.pk: row for row in Indicator.objects.with_completion()}
    assert (str(rows[iron.pk].completion_rate), rows[iron.pk].cap_usage) == ("50.00", None)
    assert (str(rows[share.pk].completion_rate), rows[share.pk].cap_usage) == ("111.11", None)
    assert (rows[empty.pk].cap_usage, rows[empty.pk].status) == (None, Status.NO_DATA)


def test_figures_before_the_period_are_baselines_not_actuals(make_indicator, add_value):
    # 2021–2025 targets: the plan's 2015 and 2020 figures are its baselines (基期值).
    clay = make_indicator(Unit.TEN_K_CUBIC_METRE, target="50", kind="at_most")
    add_value(clay, 2015, "30")
    add_value(clay, 2020, "26.6")
    row = annotated(clay)
    assert (row.latest_year, row.latest_value, row.status) == (None, None, Status.NO_DATA)
    assert (row.baseline_year, str(row.baseline_value)) == (2020, "26.6000")
    add_value(clay, 2022, "45")
    row = annotated(clay)
    assert (row.latest_year, str(row.latest_value), row.status) == (2022, "45.0000", Status.MET)
    assert row.baseline_year == 2020


def test_a_baseline_in_another_unit_is_converted(make_indicator, add_value):
    # 一(一): 2020 矿业总产值 1510 万元 under the 15 亿元 target of 2025: a baseline of 0.151 亿元.
    output = make_indicator(Unit.HUNDRED_M_YUAN, target="15", kind="at_least")
    add_value(output, 2020, "1510", Unit.TEN_K_YUAN)
    row = annotated(output)
    assert (row.baseline_year, str(row.baseline_value)) == (2020, "0.1510")
    assert (row.latest_value, row.completion_rate, row.status) == (None, None, Status.NO_DATA)


def test_figures_after_the_target_year_do_not_count(make_indicator, add_value):
    iron = make_indicator(Unit.TEN_K_TONNE, target="200")
    add_value(iron, 2025, "150")
    add_value(iron, 2026, "260")
    row = annotated(iron)
    assert (row.latest_year, str(row.completion_rate), row.status) == (
        2025,
        "75.00",
        Status.NOT_MET,
    )


def test_review_rows_keep_their_2020_figures(make_indicator, add_value):
    # 十三五 (2016–2020, target year 2020): 2020 is inside the period; 2015 is the baseline.
    iron = make_indicator(Unit.TEN_K_TONNE, target="300", group="review", period=REVIEW)
    add_value(iron, 2015, "100")
    add_value(iron, 2020, "150")
    row = annotated(iron)
    assert (row.latest_year, str(row.completion_rate)) == (2020, "50.00")
    assert (row.baseline_year, str(row.baseline_value)) == (2015, "100.0000")


@pytest.mark.parametrize(
    ("value", "status", "rate"),
    [
        ("1.5", Status.BELOW, "75.00"),
        ("2", Status.WITHIN, "100.00"),
        ("2.5", Status.WITHIN, "125.00"),
        ("3", Status.WITHIN, "150.00"),
        ("3.5", Status.ABOVE, "175.00"),
    ],
)
def test_range_says_below_within_or_above(make_indicator, add_value, value, status, rate):
    # 专栏10: 综合利用效率提高比例 2—3 %; the rate is computed against the range's start.
    efficiency = make_indicator(Unit.PERCENT, kind="range", low="2", high="3")
    add_value(efficiency, 2025, value)
    row = annotated(efficiency)
    assert row.status == status
    assert str(row.completion_target) == "2.0000"
    assert str(row.completion_rate) == rate


def test_no_target_and_no_data(make_indicator, add_value):
    untargeted = make_indicator(Unit.COUNT)
    add_value(untargeted, 2023, "4")
    empty = make_indicator(Unit.COUNT, target="3")
    rows = {row.pk: row for row in Indicator.objects.with_completion()}
    assert rows[untargeted.pk].status == Status.NO_TARGET
    assert rows[untargeted.pk].completion_rate is None
    assert rows[empty.pk].status == Status.NO_DATA
    assert rows[empty.pk].completion_rate is None
    assert rows[empty.pk].latest_value is None
    assert rows[empty.pk].latest_year is None


def test_zero_target_gives_no_rate_instead_of_an_error(make_indicator, add_value):
    indicator = make_indicator(Unit.COUNT, target="0", kind="at_most")
    add_value(indicator, 2023, "0")
    row = annotated(indicator)
    assert (row.completion_rate, row.cap_usage) == (None, None)
    assert row.status == Status.MET
    indicator = make_indicator(Unit.COUNT, target="0", kind="at_least")
    add_value(indicator, 2023, "0")
    assert annotated(indicator).completion_rate is None


def test_a_new_actual_figure_changes_completion(make_indicator, add_value):
    iron = make_indicator(Unit.TEN_K_TONNE, target="200")
    add_value(iron, 2021, "50")
    assert str(annotated(iron).completion_rate) == "25.00"

    add_value(iron, 2023, "210")
    row = annotated(iron)
    assert (row.latest_year, str(row.latest_value), str(row.completion_rate), row.status) == (
        2023,
        "210.0000",
        "105.00",
        Status.MET,
    )

    # An earlier year entered later does not replace the latest one.
    add_value(iron, 2022, "20")
    assert annotated(iron).latest_year == 2023

    # Correcting the latest figure moves the rate.
    IndicatorValue.objects.filter(indicator=iron, year=2023).update(value=Decimal("150"))
    row = annotated(iron)
    assert (str(row.completion_rate), row.status) == ("75.00", Status.NOT_MET)


def test_latest_figure_source_and_printed_rate_are_annotated(make_indicator, add_value):
    clay = make_indicator(Unit.TEN_K_CUBIC_METRE, target="80", group="review", period=REVIEW)
    add_value(clay, 2020, "26.6", stated="33.25")
    row = annotated(clay)
    assert row.latest_source == "statistical_report"
    assert row.latest_stated_completion_rate == Decimal("33.25")
    assert row.latest_stated_completion_rate == row.completion_rate


def test_filters_by_plan_and_period(own_plan, make_group, make_indicator):
    make_group("review", period=(2016, 2020))
    old = make_indicator(Unit.COUNT, target="1", group="review")
    new = make_indicator(Unit.COUNT, target="1", group="g")
    mine = Indicator.objects.for_plan(own_plan)
    assert set(mine) == {old, new}
    assert set(Indicator.objects.for_plan(own_plan.code)) == {old, new}
    assert list(mine.for_period(2016, 2020)) == [old]
    assert list(mine.for_period(2023)) == [new]
    assert set(mine.for_period(2019, 2022)) == {old, new}


def test_natural_keys_still_resolve(own_plan, make_indicator, add_value):
    indicator = make_indicator(Unit.COUNT, target="1")
    figure = add_value(indicator, 2022, "1")
    assert Indicator.objects.get_by_natural_key(*indicator.natural_key()) == indicator
    assert IndicatorValue.objects.get_by_natural_key(*figure.natural_key()) == figure


@pytest.mark.parametrize(
    ("target", "value", "rate"),
    [
        ("20", "2.469", "12.35"),
        ("10", "0.2675", "2.68"),
        ("8", "0.1001", "1.25"),
        ("2", "1.0049", "50.25"),
    ],
)
def test_half_way_rates_round_away_from_zero_on_every_backend(
    make_indicator, add_value, target, value, rate
):
    indicator = make_indicator(Unit.TEN_K_TONNE, target=target)
    add_value(indicator, 2023, value)
    assert str(annotated(indicator).completion_rate) == rate
