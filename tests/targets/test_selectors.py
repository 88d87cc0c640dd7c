"""The dashboard, trend and review reads: annotated rows, fixed number of queries."""

from decimal import Decimal

from django.utils import timezone

from planportal.choices import Scale
from planportal.units import Unit
from targets.choices import Attribute, GroupRole, LiveMetric, Status
from targets.selectors import indicator_dashboard, indicator_trend, review_tables

THIS_YEAR = timezone.localdate().year
EVALUATED = min(THIS_YEAR, 2025)  # a 2025 target's live figure is as at 2025 at the latest


def test_dashboard_groups_are_ordered_with_their_annotated_indicators(
    own_plan, make_group, make_indicator, add_value
):
    make_group("b", order=2)
    make_group("a", order=1)
    second = make_indicator(Unit.COUNT, target="3", group="b")
    first = make_indicator(Unit.TEN_K_CUBIC_METRE, target="80", group="a")
    add_value(first, 2023, "26.6")
    groups = indicator_dashboard(own_plan)
    assert [g.code for g in groups] == ["a", "b"]
    assert groups[0].indicator_list == [first]
    row = groups[0].indicator_list[0]
    assert (str(row.completion_rate), row.status) == ("33.25", Status.NOT_MET)
    assert (str(row.current_completion_rate), row.current_status) == ("33.25", Status.NOT_MET)
    assert groups[1].indicator_list == [second]
    assert groups[1].indicator_list[0].status == Status.NO_DATA


def test_dashboard_filters_by_period_group_and_attribute(own_plan, make_group, make_indicator):
    make_group("review", period=(2016, 2020), order=1)
    make_group("now", order=2)
    old = make_indicator(Unit.COUNT, target="1", group="review")
    expected = make_indicator(Unit.COUNT, target="1", group="now", attribute=Attribute.EXPECTED)
    binding = make_indicator(Unit.COUNT, target="1", group="now", attribute=Attribute.BINDING)

    def shown(**filters):
        return {
            g.code: [i.pk for i in g.indicator_list]
            for g in indicator_dashboard(own_plan, **filters)
        }

    assert shown(period=(2016, 2020)) == {"review": [old.pk]}
    assert shown(period="2021-2025") == {"now": [expected.pk, binding.pk]}
    assert shown(period=2023) == {"now": [expected.pk, binding.pk]}
    assert shown(group="review") == {"review": [old.pk]}
    assert shown(attribute=Attribute.BINDING) == {"now": [binding.pk]}


def test_dashboard_takes_two_queries_whatever_the_number_of_rows(
    own_plan,
    make_group,
    make_indicator,
    add_value,
    make_mine,
    django_assert_num_queries,
):
    make_indicator(Unit.COUNT, target="20", kind="at_most", live_metric=LiveMetric.MINE_COUNT)
    # Groups and indicators, then the figures (indicator_figures: one query of with_live(),
    # the live indicators, the stock figures of the two plans with live indicators, the
    # loaded plan's sand-gravel-clay counts): computed here because a test runs in a
    # transaction; outside one they are a cache read (tests/targets/test_cached_figures.py).
    queries = 2 + 5
    with django_assert_num_queries(queries):
        few = indicator_dashboard(own_plan)
    for n in range(5):
        make_group(f"extra{n}", order=n + 1)
        for _ in range(8):
            indicator = make_indicator(Unit.TEN_K_TONNE, target="10", group=f"extra{n}")
            for year in (2021, 2022, 2023):
                add_value(indicator, year, str(year - 2020), Unit.TONNE)
    for _ in range(20):
        make_mine(scale=Scale.MEDIUM)
    make_indicator(Unit.PERCENT, target="45", kind="at_least", live_metric="large_medium_share")
    with django_assert_num_queries(queries):
        many = indicator_dashboard(own_plan)
    assert sum(len(g.indicator_list) for g in few) == 1
    assert sum(len(g.indicator_list) for g in many) == 42
    # Reading every figure the page shows makes no further query.
    with django_assert_num_queries(0):
        shown = [
            (row.current_value, row.current_status, row.current_year, row.mineral, row.group.code)
            for group in many
            for row in group.indicator_list
        ]
    assert len(shown) == 42
    live = {i.live_metric: i for g in many for i in g.indicator_list if i.live_metric}
    assert live["mine_count"].current_value == 20
    assert str(live["large_medium_share"].current_value) == "100.0000"
    assert live["large_medium_share"].current_status == Status.MET


def test_baseline_is_kept_apart_while_the_live_share_is_unknown(
    own_plan, make_indicator, add_value, make_mine
):
    # With no scale registered, the plan text's 2020 figure is the baseline, not the result.
    share = make_indicator(
        Unit.PERCENT, target="45", kind="at_least", live_metric=LiveMetric.LARGE_MEDIUM_SHARE
    )
    add_value(share, 2020, "20.83")
    for _ in range(3):
        make_mine()
    row = indicator_dashboard(own_plan)[0].indicator_list[0]
    assert (row.current_value, row.current_is_live, row.current_status) == (
        None,
        False,
        Status.NO_DATA,
    )
    assert (row.baseline_year, str(row.baseline_value)) == (2020, "20.8300")
    assert row.live_unscaled_count == 3
    # A figure typed in for a year of the period is what counts while the live one is unknown.
    add_value(share, 2024, "38.5")
    row = indicator_dashboard(own_plan)[0].indicator_list[0]
    assert (row.current_year, str(row.current_value), row.current_is_live) == (
        2024,
        "38.5000",
        False,
    )
    assert row.current_status == Status.NOT_MET


def test_trend_has_converted_yearly_figures_and_the_target(make_indicator, add_value):
    iron = make_indicator(Unit.TEN_K_TONNE, target="200")
    add_value(iron, 2022, "1500000", Unit.TONNE)
    add_value(iron, 2021, "80")
    trend = indicator_trend(iron)
    assert [(p.year, str(p.value)) for p in trend.points] == [(2021, "80.0000"), (2022, "150.0000")]
    assert trend.target_lines == [("target", Decimal("200"))]
    data = trend.chart_data()
    assert data["years"] == [2021, 2022]
    assert data["values"] == ["80.0000", "150.0000"]
    assert data["targets"] == [{"kind": "target", "value": "200.0000"}]


def test_trend_of_a_range_has_two_lines(make_indicator):
    efficiency = make_indicator(Unit.PERCENT, kind="range", low="2", high="3")
    trend = indicator_trend(efficiency)
    assert trend.points == []
    assert trend.target_lines == [("low", Decimal("2")), ("high", Decimal("3"))]


def test_trend_of_a_live_indicator_ends_with_the_register_figure(
    make_indicator, add_value, make_mine
):
    mines = make_indicator(
        Unit.COUNT, target="20", kind="at_most", live_metric=LiveMetric.MINE_COUNT
    )
    add_value(mines, 2020, "24")
    make_mine()
    make_mine()
    trend = indicator_trend(mines)
    assert [(p.year, p.value, p.is_live) for p in trend.points] == [
        (2020, Decimal("24"), False),
        (EVALUATED, Decimal("2"), True),
    ]
    assert trend.target_lines == [("at_most", Decimal("20"))]


def test_trend_keeps_figures_outside_the_period(make_indicator, add_value):
    # Baselines and figures after the target year are drawn, though they judge nothing.
    iron = make_indicator(Unit.TEN_K_TONNE, target="200")
    for year in (2020, 2023, 2026):
        add_value(iron, year, "100")
    assert [p.year for p in indicator_trend(iron).points] == [2020, 2023, 2026]


def test_trend_of_the_sand_clay_quota_has_each_years_count(
    make_indicator, make_mine, own_sand_clay
):
    import datetime

    quota = make_indicator(
        Unit.COUNT, target="3", kind="at_most", live_metric=LiveMetric.NEW_SAND_CLAY_RIGHTS
    )
    assert indicator_trend(quota).points == []  # no dated right: nothing known
    make_mine("建筑用砂", valid_from=datetime.date(2022, 5, 1))
    make_mine("建筑用砂", valid_from=datetime.date(2022, 6, 1))
    points = indicator_trend(quota).points
    assert [(p.year, p.value, p.is_live) for p in points] == [
        (year, Decimal(2 if year == 2022 else 0), True) for year in range(2021, EVALUATED + 1)
    ]


def test_review_tables_compare_printed_and_computed_rates(
    own_plan, make_group, make_indicator, add_value
):
    make_group("review_resources", period=(2016, 2020), order=1, role=GroupRole.REVIEW)
    make_group("review_production", period=(2016, 2020), order=2, role=GroupRole.REVIEW)
    make_group("column_7", order=3)
    copper = make_indicator(Unit.TEN_K_TONNE, target="0.2", group="review_resources")
    add_value(copper, 2020, "0.24", stated="120")
    clay = make_indicator(Unit.TEN_K_CUBIC_METRE, target="80", group="review_production")
    add_value(clay, 2020, "26.6", stated="33.24")  # a misprint would show
    make_indicator(Unit.COUNT, target="1", group="column_7")
    groups = review_tables(own_plan)
    assert [g.code for g in groups] == ["review_resources", "review_production"]
    assert groups[0].indicator_list[0].rate_agrees is True
    assert groups[1].indicator_list[0].rate_agrees is False
