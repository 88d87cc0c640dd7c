"""Which register rows a target counts is the plan's data: its mineral class, else its mineral.

The 2021–2025 plan's 砂石粘土类 follows its own usage and 自然资源部's 砂石土类 minerals, so
the 建筑石料用灰岩 and 建筑用花岗岩 mines of 专栏4 count with the sand and clay pits; its
石灰岩 (专栏8, 专栏9, the 十三五 review) is 专栏18's “石灰岩（水泥用/其他）”: the 水泥用灰岩
deposit of 专栏2 and the limestone mines of 专栏4.
"""

import pytest
from django.core.exceptions import ValidationError

from deposits.models import SAND_CLAY_CLASS, MineralClassMember
from planportal.units import Unit
from rights.models import MiningRight
from targets.models import Indicator
from targets.selectors import indicator_coverage
from tests import factories

# 专栏4 rows 12–24 but 10 (水泥用石灰岩): brick clay, sand, building limestone, granite stone.
SAND_CLAY_MINES = [
    "新疆新源县玛依托巴萨依建筑石料用灰岩矿",
    "新源县奥翔建材商贸有限责任公司砖厂粘土矿",
    "新源县宏罡新型建材有限公司马场砖厂粘土矿",
    "新源县跃鑫环保建材有限公司砖厂粘土矿",
    "新源县肖尔布拉克四五砖厂粘土矿",
    "新源县共建建筑材料有限公司砖厂粘土矿",
    "新源县二区良繁场邓小昌砖厂粘土矿",
    "新源县那拉提克孜勒夏新建材石料矿",
    "新源县齐新第二石灰岩矿",
    "新源县金石实业有限公司天石板材石料矿",
    "新源县富运达商贸有限公司安鑫建材砖厂粘土矿",
    "新疆新源县塔勒德镇阿克托别砖瓦用粘土矿",
    "新源县新准建材砂石料矿",
]

# 专栏4 rows 10 (水泥用石灰岩), 12 and 20 (建筑石料用灰岩).
LIMESTONE_MINES = [
    "新疆新源县灵源建材有限责任公司塔勒德萨依石灰岩矿",
    "新疆新源县玛依托巴萨依建筑石料用灰岩矿",
    "新源县齐新第二石灰岩矿",
]


def names(rows):
    return [row.name for row in rows]


def target(plan, group, seq):
    return Indicator.objects.get(plan=plan, group__code=group, seq=seq)


def test_sand_clay_covers_the_building_stone_mines_with_the_sand_and_clay_pits(plan):
    quota = target(plan, "prose", 5)  # 年净增砂石粘土类矿产资源采矿权数 ≤ 3 个

    coverage = indicator_coverage(quota)

    assert quota.mineral_class.code == SAND_CLAY_CLASS
    assert names(coverage.mining_rights) == SAND_CLAY_MINES
    assert {m.name for m in coverage.minerals} >= {"建筑用砂", "砖瓦用粘土", "建筑石料用灰岩"}
    # 建筑用花岗岩 is the catalogue's spelling of 花岗岩: the stone mine is covered through it.
    assert "花岗岩" in {m.name for m in coverage.minerals}
    assert list(coverage.deposits) == []
    # The live quota counts the same rights (MiningRight.objects.sand_clay).
    assert sorted(names(MiningRight.objects.sand_clay(plan))) == sorted(SAND_CLAY_MINES)


@pytest.mark.parametrize(
    ("group", "seq"), [("column_8", 9), ("column_9", 3), ("review_resources", 4)]
)
def test_limestone_targets_cover_the_cement_limestone_deposit_and_the_limestone_mines(
    plan, group, seq
):
    coverage = indicator_coverage(target(plan, group, seq))

    assert names(coverage.deposits) == ["新源县塔勒德萨依石灰岩矿"]
    assert names(coverage.mining_rights) == LIMESTONE_MINES
    assert {m.name for m in coverage.minerals} == {"石灰岩", "水泥用灰岩", "建筑石料用灰岩"}
    assert list(coverage.exploration_rights) == []


def test_a_target_without_a_class_covers_its_own_mineral_under_every_spelling(plan):
    # 十三五产量表 row 3: 水泥用灰岩; 专栏4 row 10 prints it 水泥用石灰岩 (an alias).
    cement = indicator_coverage(target(plan, "review_production", 3))
    iron = indicator_coverage(target(plan, "column_9", 1))

    assert names(cement.deposits) == ["新源县塔勒德萨依石灰岩矿"]
    assert names(cement.mining_rights) == ["新疆新源县灵源建材有限责任公司塔勒德萨依石灰岩矿"]
    assert (iron.deposits.count(), iron.mining_rights.count()) == (20, 10)


def test_a_target_with_neither_class_nor_mineral_covers_nothing(plan):
    coverage = indicator_coverage(target(plan, "column_8", 1))  # 新发现矿产地

    assert (coverage.minerals, list(coverage.mining_rights)) == ([], [])


def test_every_member_of_the_plans_classes_says_why(plan):
    members = MineralClassMember.objects.filter(mineral_class__plan=plan)

    assert members.count() >= 10
    assert not members.filter(reason="").exists()


def test_a_plan_whose_class_lists_other_members_gets_other_rows(db):
    later = factories.make_plan("next-plan-2026-2030", period=(2026, 2030))
    cement_only = factories.make_mineral_class(
        later, "limestone", name="石灰岩", minerals=("水泥用灰岩",)
    )
    sand_clay = factories.make_mineral_class(
        later, SAND_CLAY_CLASS, name="砂石粘土类", minerals=("砖瓦用页岩",)
    )
    cement_mine = factories.make_mining_right(later, "水泥用灰岩")
    factories.make_mining_right(later, "建筑石料用灰岩")
    shale_pit = factories.make_mining_right(later, "砖瓦用页岩")
    factories.make_mining_right(later, "建筑用砂")
    cement_deposit = factories.make_deposit(later, "水泥用灰岩")
    limestone = factories.make_indicator(later, mineral_class=cement_only)
    quota = factories.make_indicator(later, Unit.COUNT_RIGHTS, mineral_class=sand_clay)

    assert names(indicator_coverage(limestone).mining_rights) == [cement_mine.name]
    assert names(indicator_coverage(limestone).deposits) == [cement_deposit.name]
    assert names(indicator_coverage(quota).mining_rights) == [shale_pit.name]
    assert names(MiningRight.objects.sand_clay(later)) == [shale_pit.name]


def test_a_target_cannot_count_the_class_of_another_plan(plan):
    later = factories.make_plan("next-plan-2026-2030", period=(2026, 2030))
    foreign = factories.make_mineral_class(later, "limestone", name="石灰岩")
    limestone = target(plan, "column_9", 3)
    limestone.mineral_class = foreign

    with pytest.raises(ValidationError) as error:
        limestone.full_clean()
    assert "mineral_class" in error.value.message_dict
