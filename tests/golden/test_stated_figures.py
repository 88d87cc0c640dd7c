"""The plan's prose figures about its own tables, compared with the loaded registers.

The table rows are the record. Each known difference between prose and rows is pinned here
by name, so that nobody "fixes" a row to make a prose total agree, and a figure that starts
or stops agreeing (a register edited, a fixture changed) fails loudly.
"""

import re
from decimal import Decimal

import pytest
from django.db.models import Sum

from review.stated_figures import MetricError, metric_parse, metric_value, stated_figure_checks
from rights.models import ExplorationRight, MiningRight
from targets.models import StatedFigure
from zones.models import PlanningArea

pytestmark = pytest.mark.usefixtures("loaded_plan")

# subject -> (stated, what the rows give)
KNOWN_DIFFERENCES = {
    # 专栏3 has 7 铜矿 rows and 2 多金属 rows; the prose counts 9 铜矿.
    "探矿权数（铜矿）": (Decimal("9"), Decimal("7")),
    # 专栏4's 24 areas add up to 8.96 km²; the prose says 8.95.
    "采矿权占用土地总面积": (Decimal("8.95"), Decimal("8.96")),
    # The prose lists 石灰岩 once; 专栏4 has 水泥用石灰岩 and 建筑石料用灰岩 (6 minerals).
    "已开发利用的矿产种数": (Decimal("5"), Decimal("6")),
    # 四(一) projects 22 mines for 2025; 二(三)'s target caps them at 20 (indicator prose/4).
    "2025 年预计矿山数": (Decimal("22"), Decimal("20")),
}

# 专栏4 prints no scale and no issuing authority per mine: these cannot be recomputed.
NOT_CHECKABLE = {
    "采矿权数（自治区发证）",
    "采矿权数（伊犁州发证）",
    "采矿权数（县发证）",
    "中型矿山数",
    "小型矿山数",
    "大中型矿山占比",
    "2020 年大中型矿山比例",
}


@pytest.fixture
def checks(loaded_plan):
    return {check.figure.seq: check for check in stated_figure_checks(loaded_plan)}


def by_subject(checks, subject):
    found = [c for c in checks.values() if c.figure.subject == subject]
    assert found, f"no stated figure “{subject}”"
    return found


def test_every_stated_figure_is_a_passage_of_the_plan_with_its_number(plan_text):
    text = re.sub(r"\n+", "", plan_text)
    figures = StatedFigure.objects.order_by("seq")
    assert figures.count() == 44
    for figure in figures:
        assert figure.as_printed in text, figure.seq
        number = format(figure.value.normalize(), "f")
        assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d.])", figure.as_printed), (
            f"{figure.seq}: {number} is not in {figure.as_printed!r}"
        )


def test_every_metric_key_is_well_formed():
    for figure in StatedFigure.objects.all():
        assert figure.metric, figure.seq
        metric_parse(figure.metric)


def test_figures_agree_except_the_pinned_differences_and_the_uncheckable(checks):
    agreeing = {c.figure.subject for c in checks.values() if c.agrees is True}
    differing = {c.figure.subject for c in checks.values() if c.agrees is False}
    unchecked = {c.figure.subject for c in checks.values() if c.agrees is None}
    assert differing == set(KNOWN_DIFFERENCES)
    assert unchecked == NOT_CHECKABLE
    assert not agreeing & (differing | unchecked)
    outcomes = [c.agrees for c in checks.values()]
    # 44 figures: 4 differ, 8 cannot be checked (大中型矿山占比 is stated twice), 32 agree.
    assert (outcomes.count(True), outcomes.count(False), outcomes.count(None)) == (32, 4, 8)


@pytest.mark.parametrize("subject", sorted(KNOWN_DIFFERENCES))
def test_each_known_difference_is_pinned(checks, subject):
    stated, rows = KNOWN_DIFFERENCES[subject]
    (check,) = by_subject(checks, subject)
    assert check.figure.value == stated
    assert check.computed_as_stated == rows


def test_the_mine_count_projection_is_against_the_target_not_the_registers(checks):
    (projection,) = by_subject(checks, "2025 年预计矿山数")
    assert projection.figure.clause == "四(一) 合理确定矿山数量"
    assert projection.figure.metric == "indicator.target?group=prose&seq=4"
    # 20 is the target's cap (控制在 20 家以内), not the 24 mines of 专栏4.
    assert (projection.figure.value, projection.computed_as_stated) == (22, 20)
    assert projection.computed_as_stated - projection.figure.value == -2
    assert projection.agrees is False
    (now,) = by_subject(checks, "2020 年矿山总数")
    assert (now.computed, now.agrees) == (24, True)


def test_copper_nine_are_seven_copper_rows_and_two_polymetallic(loaded_plan):
    copper = metric_value(loaded_plan, "exploration_right.count?mineral=铜矿")
    polymetallic = metric_value(loaded_plan, "exploration_right.count?mineral=多金属")
    assert (copper, polymetallic) == (7, 2)
    assert copper + polymetallic == 9


def test_gold_and_iron_exploration_rights_agree_with_the_rows(checks):
    (gold,) = by_subject(checks, "探矿权数（金矿）")
    (iron,) = by_subject(checks, "探矿权数（铁矿）")
    assert (gold.figure.value, gold.computed, gold.agrees) == (8, 8, True)
    assert (iron.figure.value, iron.computed, iron.agrees) == (18, 18, True)


def test_mining_right_area_is_the_sum_of_the_rows(loaded_plan):
    total = MiningRight.objects.filter(plan=loaded_plan).aggregate(t=Sum("area_km2"))["t"]
    assert total == Decimal("8.96")
    assert metric_value(loaded_plan, "mining_right.area_km2") == total


def test_stage_counts_agree_with_column_3(checks):
    stages = {
        c.figure.subject: (c.figure.value, c.computed)
        for c in checks.values()
        if c.figure.metric.startswith("exploration_right.count?stage=")
    }
    assert stages == {
        "探矿权数（预查）": (1, 1),
        "探矿权数（普查）": (2, 2),
        "探矿权数（详查）": (4, 4),
        "探矿权数（勘探）": (29, 29),
    }


def test_scale_and_issuing_authority_cannot_be_checked_from_column_4(checks, loaded_plan):
    # 专栏4 has no scale or issuing-authority column: "中型矿山 5 个，小型矿山 19 个" and
    # "自治区发证 10 个…" are the prose's word alone until those fields are recorded.
    rights = MiningRight.objects.filter(plan=loaded_plan)
    assert not rights.exclude(scale="").exists()
    assert not rights.exclude(issuing_authority="").exists()
    for subject in NOT_CHECKABLE:
        for check in by_subject(checks, subject):
            assert (check.checkable, check.computed, check.agrees) == (False, None, None)


def test_a_figure_recorded_later_becomes_checkable(loaded_plan):
    medium = MiningRight.objects.filter(plan=loaded_plan).order_by("seq")[:5]
    MiningRight.objects.filter(pk__in=[r.pk for r in medium]).update(scale="medium")
    MiningRight.objects.filter(plan=loaded_plan).exclude(scale="medium").update(scale="small")
    checks = {c.figure.subject: c for c in stated_figure_checks(loaded_plan)}
    assert checks["中型矿山数"].agrees is True
    assert checks["小型矿山数"].agrees is True
    assert checks["大中型矿山占比"].computed_as_stated == Decimal("20.83")
    assert checks["大中型矿山占比"].agrees is True


def test_checks_follow_the_registers(loaded_plan):
    (before,) = [c for c in stated_figure_checks(loaded_plan) if c.figure.subject == "探矿权数"]
    assert before.agrees is True
    ExplorationRight.objects.filter(plan=loaded_plan, seq=36).delete()
    (after,) = [c for c in stated_figure_checks(loaded_plan) if c.figure.subject == "探矿权数"]
    assert (after.computed, after.agrees) == (35, False)


def test_zone_counts_agree(checks):
    zones = {
        c.figure.subject: c.computed
        for c in checks.values()
        if c.figure.metric.startswith("planning_area.")
    }
    assert zones == {
        "国家规划矿区数": 1,
        "自治区级重点勘查区数": 1,
        "自治区级重点开采区数": 2,
        "落实伊犁州规划的矿泉水勘查规划区块数": 1,
        "勘查规划区块数": 15,
        "开采规划区块数": 14,
        "砂石粘土集中开采区数": 4,
    }
    (spring,) = PlanningArea.objects.filter(kind="exploration_block", note="落实伊犁州规划")
    assert spring.mineral.name == "矿泉水"


@pytest.mark.parametrize(
    "key",
    [
        "quarry.count",
        "deposit.volume",
        "deposit.count?colour=red",
        "deposit.count?name=铁矿",
        "exploration_right.count?stage=nonsense",
        "deposit.large_medium_share?mineral=铁矿&stage=exploration",
        "planning_area.large_medium_share",
        "indicator.target?group=prose",
        "indicator.count?group=prose&seq=4",
        "indicator.target?group=prose&seq=x",
    ],
)
def test_malformed_metric_keys_are_refused(key):
    with pytest.raises(MetricError):
        metric_parse(key)


def test_unknown_mineral_is_refused(loaded_plan):
    with pytest.raises(MetricError, match="铀矿"):
        metric_value(loaded_plan, "deposit.count?mineral=铀矿")
