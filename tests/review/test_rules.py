"""The conformance rules at, just below and just above each of the plan's limits.

Every limit is read from the loaded plan (专栏18, 四(二), 三(三), 三(一), the zones and the
targets); a test names the figure the plan prints.
"""

import datetime
from decimal import Decimal

import pytest

from deposits.models import Mineral
from planportal.choices import MineStatus
from review.models import BlockPlacement
from review.rules import (
    BELOW_MINIMUM,
    ERROR,
    INFO,
    LARGE,
    MEDIUM,
    SMALL,
    WARNING,
    WORKING_DAYS_PER_YEAR,
    Proposal,
    ProposalError,
    check,
    scale_class,
)
from rights.models import MinimumScaleRule, MiningRight, ScaleStandard
from tests import factories
from zones.models import PlanningArea, ZoneKind

T_YEAR, M3_YEAR, T_DAY = "10k_t_per_year", "10k_m3_per_year", "t_per_day"


def propose(plan, mineral, capacity=None, unit=T_YEAR, method="", **fields):
    fields.setdefault("right_type", "mining")
    fields.setdefault("year", 2023)
    return check(
        Proposal(
            mineral=Mineral.objects.resolve(mineral),
            plan=plan,
            mining_method=method,
            annual_capacity=None if capacity is None else Decimal(str(capacity)),
            capacity_unit=unit if capacity is not None else "",
            **fields,
        )
    )


def rules(verdict, severity):
    return {finding.rule for finding in verdict.findings if finding.severity == severity}


# (mineral, method, unit, below, at, above, class at the limit): the smallest capacity the
# plan admits for a new mine, by 专栏18 and, where they speak, 四(二) and 三(三).
LIMITS = [
    (
        "铁矿",
        "open_pit",
        T_YEAR,
        "29.99",
        "30",
        "30.01",
        SMALL,
    ),  # 四(二) 30（不含）, 专栏18 小型 30
    ("铁矿", "underground", T_YEAR, "9.99", "10", "10.01", SMALL),  # 四(二) 10（不含）, 小型 10
    ("金矿", "open_pit", T_DAY, "299", "300", "301", MEDIUM),  # 四(二) 300 t/d, 中型 9 万吨
    ("金矿", "underground", T_DAY, "99", "100", "101", SMALL),  # 四(二) 100 t/d, 小型 3 万吨
    ("金矿", "open_pit", T_YEAR, "8.99", "9", "9.01", MEDIUM),  # the same in 万吨/年
    ("金矿", "underground", T_YEAR, "2.99", "3", "3.01", SMALL),
    ("建筑用砂", "", M3_YEAR, "14.99", "15", "15.01", MEDIUM),  # 三(三) 15, 专栏18 中型 15
    ("砖瓦用粘土", "", M3_YEAR, "5.99", "6", "6.01", SMALL),  # 三(三) 6, 专栏18 小型 6
    ("铅锌矿", "", T_YEAR, "9.99", "10", "10.01", SMALL),  # 专栏18 only
    ("水泥用灰岩", "", T_YEAR, "29.99", "30", "30.01", SMALL),  # 石灰岩 水泥用 小型 30
    ("建筑石料用灰岩", "", T_YEAR, "19.99", "20", "20.01", SMALL),  # 石灰岩 其他 小型 20
    ("玄武岩", "", T_YEAR, "2.99", "3", "3.01", SMALL),
]


@pytest.mark.parametrize(("mineral", "method", "unit", "below", "at", "above", "klass"), LIMITS)
def test_each_minimum_scale_at_just_below_and_just_above_its_limit(
    plan, mineral, method, unit, below, at, above, klass
):
    low = propose(plan, mineral, below, unit, method)
    assert not low.conforms
    assert low.scale_class == BELOW_MINIMUM
    assert "scale.minimum" in rules(low, ERROR)
    for capacity in (at, above):
        verdict = propose(plan, mineral, capacity, unit, method)
        assert verdict.conforms, verdict.findings
        assert verdict.scale_class == klass
        assert not rules(verdict, ERROR)


@pytest.mark.parametrize(
    ("mineral", "method", "unit", "below"),
    [
        ("铁矿", "open_pit", T_YEAR, "29.99"),
        ("铁矿", "underground", T_YEAR, "9.99"),
        ("金矿", "open_pit", T_DAY, "299"),
        ("金矿", "underground", T_DAY, "99"),
        ("建筑用砂", "", M3_YEAR, "14.99"),
        ("砖瓦用粘土", "", M3_YEAR, "5.99"),
    ],
)
def test_new_mine_thresholds_of_four_two_and_three_three_refuse_what_is_below(
    plan, mineral, method, unit, below
):
    verdict = propose(plan, mineral, below, unit, method)
    (threshold,) = [f for f in verdict.findings if f.rule == "new_mine.threshold"]
    assert threshold.severity == ERROR
    assert threshold.reference in ("四(二)", "三(三)")
    assert below in threshold.message


def test_the_methods_differ_where_the_plan_splits_the_cell(plan):
    # 30 万吨/年 is a small open-pit iron mine and a medium underground one.
    assert propose(plan, "铁矿", "30", method="open_pit").scale_class == SMALL
    assert propose(plan, "铁矿", "30", method="underground").scale_class == MEDIUM
    assert propose(plan, "铁矿", "9.99", method="open_pit").scale_class == BELOW_MINIMUM
    assert propose(plan, "铁矿", "200", method="open_pit").scale_class == LARGE
    assert propose(plan, "铁矿", "199.99", method="open_pit").scale_class == MEDIUM
    assert propose(plan, "铁矿", "100", method="underground").scale_class == LARGE


@pytest.mark.parametrize(
    ("capacity", "conforms", "warned", "klass"),
    [
        ("29.99", False, False, BELOW_MINIMUM),
        ("30", True, True, MEDIUM),
        ("30.01", True, False, MEDIUM),
    ],
)
def test_copper_at_30_is_a_warning_citing_both_clauses(plan, capacity, conforms, warned, klass):
    verdict = propose(plan, "铜矿", capacity)
    assert verdict.conforms is conforms
    assert verdict.scale_class == klass
    assert ("new_mine.boundary_conflict" in rules(verdict, WARNING)) is warned
    if warned:
        (conflict,) = [f for f in verdict.findings if f.rule == "new_mine.boundary_conflict"]
        assert "四(二)" in conflict.message
        assert "专栏18" in conflict.message
        assert "new_mine.threshold" not in rules(verdict, ERROR)
    else:
        assert ("new_mine.threshold" in rules(verdict, ERROR)) is not conforms


def test_gold_says_which_figure_was_compared_in_either_unit(plan):
    by_day = propose(plan, "金矿", "300", T_DAY, "open_pit")
    notes = [f.message for f in by_day.findings if f.rule == "scale.working_days"]
    assert notes
    assert "300" in notes[0]
    assert "9" in notes[0]
    by_year = propose(plan, "金矿", "9", T_YEAR, "open_pit")
    notes = [f.message for f in by_year.findings if f.rule == "new_mine.working_days"]
    assert notes
    assert "300" in notes[0]
    assert not [f for f in by_year.findings if f.rule == "scale.working_days"]


def test_three_hundred_working_days_is_where_the_plans_two_gold_clauses_agree(plan):
    # The assumption of review.rules: 四(二)'s t/d limits × 300 days are 专栏18's minimums.
    for method in ("open_pit", "underground"):
        rule = MinimumScaleRule.objects.get(plan=plan, mineral__name="金矿", mining_method=method)
        standard = ScaleStandard.objects.get(plan=plan, mineral__name="金矿", mining_method=method)
        minimum = standard.small_min if standard.small_min is not None else standard.medium_min
        assert rule.min_capacity * WORKING_DAYS_PER_YEAR / 10000 == minimum


@pytest.mark.parametrize(("reserves", "conforms"), [("299", False), ("300", True), ("301", True)])
def test_minimum_service_life_against_the_reserves(plan, reserves, conforms):
    # 专栏18: iron, 10 years; 30 万吨/年 for 10 years is 300 万吨.
    verdict = propose(plan, "铁矿", "30", method="open_pit", reserves=Decimal(reserves))
    assert verdict.conforms is conforms
    assert ("service_life.minimum" in rules(verdict, ERROR)) is not conforms
    unchecked = propose(plan, "铁矿", "30", method="open_pit")
    assert "service_life.unchecked" in rules(unchecked, INFO)


def test_regulation_directions(plan):
    clay = propose(plan, "砖瓦用粘土", "6", M3_YEAR)
    assert {"regulation.restricted", "regulation.prohibited_where"} <= rules(clay, WARNING)
    restricted = next(f for f in clay.findings if f.rule == "regulation.restricted")
    assert restricted.reference == "三(一)"
    iron = propose(plan, "铁矿", "30", method="open_pit")
    assert "regulation.key" in rules(iron, INFO)
    exploring = propose(plan, "砖瓦用粘土", right_type="exploration")
    assert not rules(exploring, WARNING) & {"regulation.restricted", "regulation.prohibited_where"}


def test_a_prohibited_mineral_without_condition_is_an_error(plan):
    mineral = factories.make_mineral("测试禁采矿")
    factories.make_regulation(plan, mineral, direction="prohibited")
    verdict = propose(plan, "测试禁采矿", "10")
    assert "regulation.prohibited" in rules(verdict, ERROR)
    assert not verdict.conforms


def _sand_rights(plan, count, year):
    for _n in range(count):
        factories.make_mining_right(
            plan,
            "建筑用砂",
            capacity="20",
            capacity_unit=M3_YEAR,
            valid_from=datetime.date(year, 5, 1),
        )


@pytest.mark.parametrize(("existing", "warned"), [(2, False), (3, True)])
def test_sand_gravel_quota_with_two_and_with_three_new_rights_that_year(plan, existing, warned):
    _sand_rights(plan, existing, 2023)
    _sand_rights(plan, 2, 2022)  # another year does not count
    verdict = propose(plan, "建筑用砂", "15", M3_YEAR, year=2023)
    (quota,) = [f for f in verdict.findings if f.rule == "quota.sand_clay"]
    # 三(三) 年净增 ≤ 3 is a 预期性 target: passing it is a warning, not an error.
    assert quota.severity == (WARNING if warned else INFO)
    assert quota.reference == "三(三)"
    assert f"{existing + 1}" in quota.message
    assert "3" in quota.message
    assert verdict.conforms


def test_the_sand_gravel_quota_does_not_concern_other_minerals(plan):
    _sand_rights(plan, 3, 2023)
    verdict = propose(plan, "铁矿", "30", method="open_pit", year=2023)
    assert not [f for f in verdict.findings if f.rule == "quota.sand_clay"]


@pytest.mark.parametrize(("closed", "warned"), [(4, True), (5, False), (6, False)])
def test_mine_count_warning(plan, closed, warned):
    # 24 mines in force; ≤ 20 by 2025: 19 + 1 is within, 20 + 1 is over.
    ids = MiningRight.objects.filter(plan=plan).order_by("seq").values_list("pk", flat=True)
    MiningRight.objects.filter(pk__in=list(ids[:closed])).update(status=MineStatus.CLOSED)
    verdict = propose(plan, "铁矿", "30", method="open_pit")
    (count,) = [f for f in verdict.findings if f.rule == "quota.mine_count"]
    assert count.severity == (WARNING if warned else INFO)
    assert str(24 - closed + 1) in count.message
    assert "20" in count.message


def _zone(plan, kind, seq):
    return PlanningArea.objects.get(plan=plan, kind=kind, seq=seq)


def test_zone_mineral_must_match(plan):
    block = _zone(plan, ZoneKind.MINING_BLOCK, 1)  # 哈拉苏村南山砂石料矿: 建筑用砂
    assert not {f.rule for f in propose(plan, "建筑用砂", "15", M3_YEAR, zone=block).findings} & {
        "zone.mineral",
        "zone.kind",
        "zone.none",
    }
    clay = propose(plan, "砖瓦用粘土", "6", M3_YEAR, zone=block)
    assert "zone.mineral" in rules(clay, ERROR)
    assert not clay.conforms
    # A concentrated area of 砂石粘土 admits every member of 砂石粘土类.
    area = _zone(plan, ZoneKind.CONCENTRATED_AREA, 1)
    assert "zone.mineral" not in rules(propose(plan, "砖瓦用粘土", "6", M3_YEAR, zone=area), ERROR)


def test_zone_kind_must_suit_the_right(plan):
    exploration_block = _zone(plan, ZoneKind.EXPLORATION_BLOCK, 1)  # 吉郎德萨依铁矿普查
    mining = propose(plan, "铁矿", "30", method="open_pit", zone=exploration_block)
    assert "zone.kind" in rules(mining, ERROR)
    exploring = propose(plan, "铁矿", right_type="exploration", zone=exploration_block)
    assert exploring.conforms
    assert not rules(exploring, ERROR)
    assert "zone.none" in rules(propose(plan, "铁矿", "30", method="open_pit"), WARNING)


def test_one_block_one_right(plan):
    block = _zone(plan, ZoneKind.MINING_BLOCK, 2)
    assert "zone.taken" not in rules(propose(plan, "建筑用砂", "15", M3_YEAR, zone=block), ERROR)
    right = MiningRight.objects.get(plan=plan, seq=24)
    BlockPlacement.objects.create(mining_right=right, block=block)
    taken = propose(plan, "建筑用砂", "15", M3_YEAR, zone=block)
    (finding,) = [f for f in taken.findings if f.rule == "zone.taken"]
    assert finding.severity == ERROR
    assert right.name in finding.message
    assert not taken.conforms


def test_a_capacity_in_another_dimension_is_refused(plan):
    with pytest.raises(ProposalError) as refused:
        propose(plan, "铁矿", "30", M3_YEAR, "open_pit")
    assert refused.value.field == "capacity_unit"
    with pytest.raises(ProposalError):
        propose(plan, "建筑用砂", "15", T_YEAR)


def test_every_finding_carries_a_reference_that_resolves(plan):
    block = _zone(plan, ZoneKind.EXPLORATION_BLOCK, 1)
    factories.make_mineral("测试无标准矿")
    verdicts = [
        propose(plan, mineral, capacity, unit, method, **extra)
        for mineral, method, unit, capacity, *_rest in [(*row[:3], row[3]) for row in LIMITS]
        for extra in ({}, {"reserves": Decimal(1)})
    ]
    verdicts += [
        propose(plan, "铜矿", "30"),
        propose(plan, "砖瓦用粘土", "6", M3_YEAR, zone=block),
        propose(plan, "铁矿", right_type="exploration", zone=block, year=2030),
        propose(plan, "测试无标准矿", "1"),
    ]
    findings = [finding for verdict in verdicts for finding in verdict.findings]
    assert len({finding.rule for finding in findings}) >= 15
    unresolved = {f.reference for f in findings if not f.reference_url}
    assert not unresolved
    assert all(f.reference_url.startswith("/plan/") for f in findings)


def test_scale_class_for_the_register_review(plan):
    iron, limestone = Mineral.objects.resolve("铁矿"), Mineral.objects.resolve("水泥用灰岩")
    assert scale_class(plan, iron, "underground", Decimal(60), T_YEAR) == MEDIUM
    assert scale_class(plan, iron, "", Decimal(60), T_YEAR) is None  # split by method
    assert scale_class(plan, limestone, "", Decimal(10), M3_YEAR) is None  # 专栏18 in 万吨
    assert scale_class(plan, limestone, "", Decimal(50), T_YEAR) == MEDIUM
    assert scale_class(plan, Mineral.objects.resolve("矿泉水"), "", Decimal(1), T_YEAR) is None
