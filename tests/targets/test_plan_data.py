"""What one plan says about itself is its data: another plan gets its own answers from its own.

The sand-gravel-clay class (which minerals its rights cap counts) and the review tables (the
groups that review the previous plan) come from each plan's rows, never from codes or names
written for the 2021–2025 plan.
"""

import datetime

from deposits.models import SAND_CLAY_CLASS
from planportal.units import Unit
from rights.models import MiningRight
from targets.choices import GroupRole, LiveMetric, TargetKind
from targets.live import live_value, live_yearly_counts
from targets.models import Indicator
from targets.selectors import review_tables
from tests import factories

LATER = datetime.date(2029, 6, 1)


def next_plan():
    """A 2026–2030 plan whose 砂石粘土类 counts 砖瓦用页岩 and 建筑用石料, not 建筑用砂."""
    plan = factories.make_plan("next-plan-2026-2030", period=(2026, 2030))
    factories.make_mineral_class(
        plan, SAND_CLAY_CLASS, name="砂石粘土类", minerals=("砖瓦用页岩", "建筑用石料")
    )
    return plan


def test_a_second_plan_counts_the_sand_clay_rights_of_its_own_class(db, plan):
    later = next_plan()
    for month in (3, 8):
        factories.make_mining_right(later, "砖瓦用页岩", valid_from=datetime.date(2027, month, 1))
    factories.make_mining_right(later, "建筑用石料", valid_from=datetime.date(2028, 2, 1))
    # 建筑用砂 is sand-gravel-clay in the 2021–2025 plan, not in this one.
    factories.make_mining_right(later, "建筑用砂", valid_from=datetime.date(2027, 5, 1))
    quota = factories.make_indicator(
        later,
        Unit.COUNT,
        target="3",
        kind=TargetKind.AT_MOST,
        group="mine_structure",
        live_metric=LiveMetric.NEW_SAND_CLAY_RIGHTS,
    )

    assert live_value(later, LiveMetric.NEW_SAND_CLAY_RIGHTS, 2027) == 2
    assert live_yearly_counts(later, 2026, 2029) == {2026: 0, 2027: 2, 2028: 1, 2029: 0}
    row = Indicator.objects.with_live(today=LATER).get(pk=quota.pk)
    assert (row.live_value, row.live_peak_year) == (2, 2027)
    assert set(MiningRight.objects.sand_clay(later).values_list("mineral__name", flat=True)) == {
        "砖瓦用页岩",
        "建筑用石料",
    }
    # The loaded plan keeps its own class: 建筑用砂 and not 砖瓦用页岩.
    loaded = set(MiningRight.objects.sand_clay(plan).values_list("mineral__name", flat=True))
    assert "建筑用砂" in loaded
    assert "砖瓦用页岩" not in loaded


def test_a_plan_without_a_sand_clay_class_has_no_figure_not_a_wrong_one(db):
    bare = factories.make_plan("bare-plan-2026-2030", period=(2026, 2030))
    factories.make_mining_right(bare, "建筑用砂", valid_from=datetime.date(2027, 3, 1))
    factories.make_mining_right(bare, "砖瓦用粘土", valid_from=datetime.date(2027, 4, 1))
    quota = factories.make_indicator(
        bare,
        Unit.COUNT,
        target="3",
        kind=TargetKind.AT_MOST,
        live_metric=LiveMetric.NEW_SAND_CLAY_RIGHTS,
    )

    assert live_value(bare, LiveMetric.NEW_SAND_CLAY_RIGHTS, 2027) is None
    assert live_yearly_counts(bare, 2026, 2030) == {}
    assert Indicator.objects.with_live(today=LATER).get(pk=quota.pk).live_value is None


def test_a_second_plan_reviews_the_groups_its_data_marks(db, plan):
    later = next_plan()
    factories.make_group(later, "shisiwu_resources", period=(2021, 2025), order=1, role="review")
    factories.make_group(later, "review_production", period=(2026, 2030), order=2)
    factories.make_group(later, "shisiwu_output", period=(2021, 2025), order=3, role="review")

    assert [g.code for g in review_tables(later)] == ["shisiwu_resources", "shisiwu_output"]
    # The 2021–2025 plan's review tables are its two 十三五 tables, marked in its fixtures.
    assert [g.code for g in review_tables(plan)] == ["review_resources", "review_production"]
    assert {g.role for g in review_tables(plan)} == {GroupRole.REVIEW}
