"""Live indicators: figures computed from the registers, and how they follow the records."""

import datetime
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from planportal.choices import MineStatus, Scale
from planportal.units import Unit
from rights.models import ExplorationRight, MiningRight
from targets.choices import LiveMetric, Status
from targets.live import live_records, live_summary, live_value, live_values
from targets.models import Indicator

THIS_YEAR = timezone.localdate().year
# The 2021–2025 targets are evaluated as at today's year, but never after 2025.
EVALUATED = min(THIS_YEAR, 2025)


def live_row(indicator):
    return Indicator.objects.with_live().get(pk=indicator.pk)


# The plan's registers --------------------------------------------------------------------


def test_plan_has_24_mines_in_2020_as_its_register_says(plan):
    # 专栏4: 24 mining rights at the end of 2020, none closed.
    in_register = MiningRight.objects.filter(plan=plan).exclude(status=MineStatus.CLOSED).count()
    assert in_register == 24
    assert live_value(plan, LiveMetric.MINE_COUNT, 2020) == Decimal(in_register)
    assert live_value(plan, LiveMetric.MINE_COUNT) == Decimal(in_register)
    assert live_records(plan, LiveMetric.MINE_COUNT).count() == in_register


def test_plan_figures_equal_the_register_rows(plan):
    values = live_values(plan)
    exploration = ExplorationRight.objects.filter(plan=plan)
    mines = MiningRight.objects.filter(plan=plan).exclude(status=MineStatus.CLOSED)
    assert values[LiveMetric.EXPLORATION_RIGHT_COUNT] == exploration.count() == 36
    assert (
        values[LiveMetric.EXPLORATION_RIGHT_AREA] == exploration.aggregate(s=Sum("area_km2"))["s"]
    )
    assert values[LiveMetric.MINING_RIGHT_AREA] == mines.aggregate(s=Sum("area_km2"))["s"]
    # The rows of 专栏4 add up to 8.96 km² (the prose says 8.95: a stated figure).
    assert values[LiveMetric.MINING_RIGHT_AREA] == Decimal("8.96")
    assert str(values[LiveMetric.MINING_RIGHT_AREA]) == "8.9600"


def test_closing_a_mine_lowers_the_count_everywhere(plan):
    mine = MiningRight.objects.filter(plan=plan).order_by("seq").first()
    mine.status = MineStatus.CLOSED
    mine.save()
    assert live_value(plan, LiveMetric.MINE_COUNT) == 23
    assert mine not in live_records(plan, LiveMetric.MINE_COUNT)
    indicator = Indicator.objects.get(plan=plan, live_metric=LiveMetric.MINE_COUNT)
    row = live_row(indicator)
    assert (row.live_value, row.current_value, row.current_year) == (23, 23, EVALUATED)
    assert row.current_is_live


def test_mine_count_target_is_not_met_with_24_mines(plan):
    # 矿山总数控制在 20 家以内; the registers hold 24: 120 % of the cap, no completion rate.
    row = live_row(Indicator.objects.get(plan=plan, live_metric=LiveMetric.MINE_COUNT))
    assert str(row.current_value) == "24.0000"
    assert row.current_completion_rate is None
    assert str(row.current_cap_usage) == "120.00"
    assert row.current_status == Status.NOT_MET
    assert (row.current_year, row.live_year, row.evaluation_year) == (EVALUATED,) * 3


def test_live_figures_of_an_ended_plan_are_evaluated_at_its_target_year(
    own_plan, make_mine, make_indicator
):
    # In 2027 the 2021–2025 plan is judged as at 2025: a right set in 2026 does not count,
    # one that ended in 2024 does not either.
    mines = make_indicator(
        Unit.COUNT, target="2", kind="at_most", live_metric=LiveMetric.MINE_COUNT
    )
    make_mine()
    make_mine(valid_from=datetime.date(2019, 1, 1), valid_to=datetime.date(2024, 12, 31))
    make_mine(valid_from=datetime.date(2026, 4, 1))
    make_mine(valid_from=datetime.date(2022, 4, 1))
    later = Indicator.objects.with_live(today=datetime.date(2027, 3, 1)).get(pk=mines.pk)
    assert (later.evaluation_year, later.live_year, later.current_year) == (2025, 2025, 2025)
    assert (later.live_value, later.current_status) == (2, Status.MET)
    assert {m.pk for m in live_records(own_plan, LiveMetric.MINE_COUNT, 2025)} == {
        m.pk
        for m in live_records(own_plan, LiveMetric.MINE_COUNT)
        if m.valid_from is None or m.valid_from.year == 2022
    }
    # During the period the figure is as at today's year.
    during = Indicator.objects.with_live(today=datetime.date(2023, 6, 1)).get(pk=mines.pk)
    assert (during.evaluation_year, during.live_value, during.current_status) == (
        2023,
        3,
        Status.NOT_MET,
    )


def test_share_is_unknown_while_no_scale_is_registered(plan):
    # The plan's table gives no scale per mine: the live share is not 0, it is unknown.
    summary = live_summary(plan)
    assert summary["values"][LiveMetric.LARGE_MEDIUM_SHARE] is None
    assert summary["unscaled_mine_count"] == 24
    share = live_row(Indicator.objects.get(plan=plan, live_metric=LiveMetric.LARGE_MEDIUM_SHARE))
    assert share.live_value is None
    assert share.live_unscaled_count == 24
    assert not share.current_is_live
    assert share.current_value == share.latest_value
    assert share.current_status == share.status


def test_registering_scales_moves_the_share(plan):
    mines = list(MiningRight.objects.filter(plan=plan).order_by("seq"))
    indicator = Indicator.objects.get(plan=plan, live_metric=LiveMetric.LARGE_MEDIUM_SHARE)

    # Scales registered for every mine: 5 medium of 24, the plan's 20.83 %.
    for mine in mines:
        mine.scale = Scale.SMALL
    for mine in mines[:5]:
        mine.scale = Scale.MEDIUM
    MiningRight.objects.bulk_update(mines, ["scale"])
    assert str(live_value(plan, LiveMetric.LARGE_MEDIUM_SHARE)) == "20.8300"
    row = live_row(indicator)
    assert str(row.current_value) == "20.8300"
    assert row.live_unscaled_count == 0
    assert row.current_status == Status.NOT_MET  # ≥45 %

    # Six more become large: 11 of 24 = 45.83 % ≥ 45.
    for mine in mines[5:11]:
        mine.scale = Scale.LARGE
    MiningRight.objects.bulk_update(mines, ["scale"])
    row = live_row(indicator)
    assert str(row.live_value) == "45.8300"
    assert row.current_status == Status.MET

    # Closing a medium mine leaves 10 of 23.
    mines[0].status = MineStatus.CLOSED
    mines[0].save()
    assert str(live_value(plan, LiveMetric.LARGE_MEDIUM_SHARE)) == "43.4800"


def test_share_counts_unscaled_mines_in_the_denominator(own_plan, make_mine):
    make_mine(scale=Scale.MEDIUM)
    make_mine(scale=Scale.SMALL)
    make_mine()
    make_mine()
    summary = live_summary(own_plan)
    assert str(summary["values"][LiveMetric.LARGE_MEDIUM_SHARE]) == "25.0000"
    assert summary["unscaled_mine_count"] == 2


def test_new_sand_clay_rights_are_counted_by_the_year_they_were_set(
    own_plan, make_mine, own_sand_clay
):
    make_mine("建筑用砂", valid_from=datetime.date(2023, 3, 1))
    make_mine("砖瓦用粘土", valid_from=datetime.date(2023, 9, 1), status=MineStatus.CLOSED)
    make_mine("砂石粘土", valid_from=datetime.date(2024, 1, 5))
    make_mine("铁矿", valid_from=datetime.date(2023, 5, 1))  # not sand-gravel-clay
    make_mine("建筑用砂")  # no date: belongs to no year
    assert live_value(own_plan, LiveMetric.NEW_SAND_CLAY_RIGHTS, 2023) == 2
    assert live_value(own_plan, LiveMetric.NEW_SAND_CLAY_RIGHTS, 2024) == 1
    assert live_value(own_plan, LiveMetric.NEW_SAND_CLAY_RIGHTS, 2022) == 0
    names = {r.mineral.name for r in live_records(own_plan, LiveMetric.NEW_SAND_CLAY_RIGHTS, 2023)}
    assert names == {"建筑用砂", "砖瓦用粘土"}


def test_new_sand_clay_rights_are_unknown_without_any_date(own_plan, make_mine, make_indicator):
    # The plan's rows carry no valid_from: "none set" cannot be told from "no date kept".
    quota = make_indicator(
        Unit.COUNT, target="3", kind="at_most", live_metric=LiveMetric.NEW_SAND_CLAY_RIGHTS
    )
    make_mine("建筑用砂")
    make_mine("砖瓦用粘土")
    make_mine("铁矿", valid_from=datetime.date(2023, 5, 1))  # dated, but not sand-gravel-clay
    assert live_value(own_plan, LiveMetric.NEW_SAND_CLAY_RIGHTS, 2023) is None
    assert live_values(own_plan)[LiveMetric.NEW_SAND_CLAY_RIGHTS] is None
    row = live_row(quota)
    assert (row.live_value, row.current_value, row.current_is_live) == (None, None, False)
    assert row.current_status == Status.NO_DATA


def test_plans_sand_clay_quota_has_no_data_not_met(plan):
    # 年净增砂石粘土类采矿权数 ≤ 3: no right of the plan carries a date, so nothing is judged.
    row = live_row(Indicator.objects.get(plan=plan, live_metric=LiveMetric.NEW_SAND_CLAY_RIGHTS))
    assert (row.live_value, row.current_status) == (None, Status.NO_DATA)


def test_new_sand_clay_quota_is_judged_on_the_busiest_year_of_the_period(
    own_plan, make_mine, make_indicator, own_sand_clay
):
    # 年净增 … 不超过 3 个 is a cap for each year of 2021–2025.
    quota = make_indicator(
        Unit.COUNT, target="3", kind="at_most", live_metric=LiveMetric.NEW_SAND_CLAY_RIGHTS
    )
    make_mine("建筑用砂", valid_from=datetime.date(2019, 3, 1))  # before the period
    make_mine("建筑用砂", valid_from=datetime.date(2022, 3, 1))
    for month in (1, 4, 8):
        make_mine("砖瓦用粘土", valid_from=datetime.date(2024, month, 1))
    row = live_row(quota)
    assert (row.live_value, row.live_peak_year, row.live_year) == (3, 2024, EVALUATED)
    assert (str(row.current_cap_usage), row.current_status) == ("100.00", Status.MET)
    # A fourth right in 2024 breaks the cap of that year, whatever the other years.
    make_mine("砂石粘土", valid_from=datetime.date(2024, 11, 1))
    row = live_row(quota)
    assert (row.live_value, row.live_peak_year, row.current_status) == (4, 2024, Status.NOT_MET)
    # Rights set after the target year are not judged against it.
    for month in range(1, 7):
        make_mine("建筑用砂", valid_from=datetime.date(2026, month, 1))
    later = Indicator.objects.with_live(today=datetime.date(2027, 1, 1)).get(pk=quota.pk)
    assert (later.live_value, later.live_peak_year, later.live_year) == (4, 2024, 2025)
    # The drill-down lists the rights of the period's years (2022 and 2024).
    from targets.live import indicator_live_records

    records = indicator_live_records(quota, today=datetime.date(2027, 1, 1))
    assert sorted(r.valid_from.year for r in records) == [2022, 2024, 2024, 2024, 2024]


def test_yearly_counts_cover_every_year_of_the_period(own_plan, make_mine, own_sand_clay):
    from targets.live import live_yearly_counts

    assert live_yearly_counts(own_plan, 2021, 2025) == {}
    make_mine("建筑用砂", valid_from=datetime.date(2022, 3, 1))
    make_mine("建筑用砂", valid_from=datetime.date(2022, 7, 1))
    make_mine("建筑用砂", valid_from=datetime.date(2026, 7, 1))
    assert live_yearly_counts(own_plan, 2021, 2025) == {
        2021: 0,
        2022: 2,
        2023: 0,
        2024: 0,
        2025: 0,
    }


def test_year_respects_validity_dates(own_plan, make_mine, make_exploration_right):
    make_mine(valid_from=datetime.date(2018, 1, 1), valid_to=datetime.date(2021, 12, 31))
    make_mine(valid_from=datetime.date(2022, 6, 1))
    make_mine()
    make_exploration_right(area_km2="1.25", valid_to=datetime.date(2020, 6, 30))
    make_exploration_right(area_km2="2.5")
    assert live_value(own_plan, LiveMetric.MINE_COUNT, 2020) == 2
    assert live_value(own_plan, LiveMetric.MINE_COUNT, 2023) == 2
    assert live_value(own_plan, LiveMetric.MINE_COUNT) == 3
    assert str(live_value(own_plan, LiveMetric.EXPLORATION_RIGHT_AREA, 2020)) == "3.7500"
    assert str(live_value(own_plan, LiveMetric.EXPLORATION_RIGHT_AREA, 2021)) == "2.5000"


def test_empty_registers_give_zero_not_nothing(own_plan):
    values = live_values(own_plan)
    assert values[LiveMetric.MINE_COUNT] == 0
    assert values[LiveMetric.MINING_RIGHT_AREA] == 0
    assert values[LiveMetric.EXPLORATION_RIGHT_COUNT] == 0
    assert values[LiveMetric.LARGE_MEDIUM_SHARE] is None


def test_live_figure_needs_the_metrics_unit(own_plan, make_mine, make_indicator):
    make_mine()
    wrong = make_indicator(Unit.PERCENT, target="20", live_metric=LiveMetric.MINE_COUNT)
    assert live_row(wrong).live_value is None


def test_registers_of_another_plan_do_not_count(plan, own_plan, make_mine):
    make_mine()
    assert live_value(own_plan, LiveMetric.MINE_COUNT) == 1
    assert live_value(plan, LiveMetric.MINE_COUNT) == 24


def test_live_values_take_one_query_whatever_the_number_of_records(
    own_plan, make_mine, make_exploration_right, django_assert_num_queries
):
    make_mine()
    with django_assert_num_queries(1):
        few = live_values(own_plan)
    for _ in range(30):
        make_mine(scale=Scale.MEDIUM)
        make_exploration_right()
    with django_assert_num_queries(1):
        many = live_values(own_plan)
    assert few[LiveMetric.MINE_COUNT] == 1
    assert many[LiveMetric.MINE_COUNT] == 31
    assert many[LiveMetric.EXPLORATION_RIGHT_COUNT] == 30
