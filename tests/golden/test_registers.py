"""Golden tests: the loaded registers reproduce what the plan prints, row for row.

The figures here are read off the plan (fixtures/plan/xinyuan-mineral-plan-2021-2025.txt).
Where the plan contradicts itself, the table rows are the record; the tests at the end pin
each known difference so that nobody "fixes" a row to make a total agree.
"""

import re
from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from deposits.models import Deposit, Mineral, MineralRegulation, ResourceReserve
from rights.models import ExplorationRight, MiningRight
from zones.models import DevelopmentRegion, PlanningArea, ZoneKind

pytestmark = pytest.mark.usefixtures("loaded_plan")


def counts(queryset, field):
    return dict(queryset.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))


# 专栏2 矿床一览表 -----------------------------------------------------------------------


def test_deposits_are_the_23_of_column_2():
    assert Deposit.objects.count() == 23
    assert Deposit.objects.filter(mineral__name="铁矿").count() == 20


def test_iron_deposits_work_degrees_match_the_prose():
    # "在 20 处矿床中已有 1 处进行过勘探，8 处进行过详查，11 处进行了普查工作"
    iron = Deposit.objects.filter(mineral__name="铁矿")
    assert counts(iron, "work_degree") == {"exploration": 1, "detailed": 8, "general": 11}


def test_deposit_rows_spot_checks():
    first = Deposit.objects.get(seq=1)
    assert (first.name, first.mineral.name, first.work_degree, first.scale) == (
        "新源县式可布台铁矿区",
        "铁矿",
        "detailed",
        "medium",
    )
    gold = Deposit.objects.get(seq=22)
    assert gold.name == "新疆新源县卡特巴阿苏金（铜）矿"
    assert (gold.mineral.name, gold.scale) == ("金矿", "super_large")
    limestone = Deposit.objects.get(seq=23)
    assert (limestone.mineral.name, limestone.mineral_as_printed) == ("水泥用灰岩", "水泥用灰岩")
    assert Deposit.objects.get(seq=14).name == "新疆新源县坎苏沟科克萨依铁矿 I、II 矿体"
    assert Deposit.objects.get(seq=15).work_degree == "exploration"


def test_deposits_by_mineral_match_the_prose():
    # "上表矿区 23 个，其中铁矿 20 个，铜矿 1 个，金矿 1 个，石灰岩 1 个"
    assert counts(Deposit.objects.all(), "mineral__name") == {
        "铁矿": 20,
        "铜矿": 1,
        "金矿": 1,
        "水泥用灰岩": 1,
    }


# 保有资源量 -------------------------------------------------------------------------------


def test_resource_reserves_are_the_4_rows_with_units():
    rows = {
        r.seq: (
            r.mineral.name,
            r.deposit_count,
            r.basis,
            r.unit,
            r.retained_amount,
            r.cumulative_amount,
        )
        for r in ResourceReserve.objects.select_related("mineral")
    }
    assert rows == {
        1: ("铁矿", 20, "ore", "10k_t", Decimal("11396.97"), Decimal("13480")),
        2: ("金矿", 1, "metal", "kg", Decimal("75641.45"), Decimal("75641.45")),
        3: ("铜矿", 1, "metal", "t", Decimal("60110.86"), Decimal("60110.86")),
        4: ("水泥用灰岩", 1, "ore", "10k_t", Decimal("130.22"), Decimal("130.22")),
    }
    # The plan writes the fourth row's unit with a space instead of a slash; kept as printed.
    assert ResourceReserve.objects.get(seq=4).statistic_as_printed == "矿石 万吨"


# 专栏3 已设探矿权 -------------------------------------------------------------------------


def test_exploration_rights_are_the_36_of_column_3_by_stage():
    assert ExplorationRight.objects.count() == 36
    assert counts(ExplorationRight.objects.all(), "stage") == {
        "exploration": 29,
        "detailed": 4,
        "general": 2,
        "reconnaissance": 1,
    }


def test_exploration_rights_total_area():
    total = ExplorationRight.objects.aggregate(total=Sum("area_km2"))["total"]
    assert Decimal(total).quantize(Decimal("0.01")) == Decimal("575.89")


def test_exploration_right_rows_spot_checks():
    row = ExplorationRight.objects.get(seq=1)
    assert (row.name, row.mineral.name, row.stage, row.area_km2) == (
        "新疆新源县玉希莫勒盖达坂铜矿详查",
        "铜矿",
        "detailed",
        Decimal("4.98"),
    )
    row = ExplorationRight.objects.get(seq=35)
    assert row.name == "(国家项目)新疆新源县卡特巴阿苏西铜金矿预查"
    assert (row.stage, row.area_km2) == ("reconnaissance", Decimal("45.13"))
    assert ExplorationRight.objects.get(seq=33).area_km2 == Decimal("29.3")
    assert ExplorationRight.objects.get(seq=36).mineral.name == "多金属"
    assert {r.as_of.isoformat() for r in ExplorationRight.objects.all()} == {"2020-12-31"}


def test_exploration_right_oddities_are_kept_as_printed():
    # A gold project whose mineral column says 铁矿, and an iron project that says 金矿.
    assert ExplorationRight.objects.get(seq=5).name == "新疆新源县脱勒北部地区金矿勘探"
    assert ExplorationRight.objects.get(seq=5).mineral.name == "铁矿"
    assert ExplorationRight.objects.get(seq=6).name == "新疆新源县铁木里克铁矿外围勘探(3)"
    assert ExplorationRight.objects.get(seq=6).mineral.name == "金矿"


# 专栏4 已设采矿权 -------------------------------------------------------------------------


def test_mining_rights_are_the_24_of_column_4_by_status():
    assert MiningRight.objects.count() == 24
    assert counts(MiningRight.objects.all(), "status") == {"producing": 8, "suspended": 16}


def test_mining_right_rows_spot_checks():
    row = MiningRight.objects.get(seq=1)
    assert (
        row.name,
        row.mineral.name,
        row.area_km2,
        row.capacity,
        row.capacity_unit,
        row.status,
    ) == (
        "新疆伊犁钢铁有限责任公司铁矿",
        "铁矿",
        Decimal("1.65"),
        Decimal("60"),
        "10k_t_per_year",
        "suspended",
    )
    row = MiningRight.objects.get(seq=10)
    assert (row.mineral.name, row.mineral_as_printed) == ("水泥用灰岩", "水泥用石灰岩")
    assert (row.capacity, row.capacity_unit) == (Decimal("10"), "10k_m3_per_year")
    row = MiningRight.objects.get(seq=18)
    assert (row.name, row.capacity, row.status) == (
        "新源县二区良繁场邓小昌砖厂粘土矿",
        Decimal("2.5"),
        "suspended",
    )
    row = MiningRight.objects.get(seq=24)
    assert (row.mineral.name, row.capacity, row.status) == ("建筑用砂", Decimal("20"), "producing")


# 专栏11-15 and the two unnumbered tables ----------------------------------------------


def zone_counts():
    return counts(PlanningArea.objects.all(), "kind")


def test_zone_tables_have_the_printed_number_of_rows():
    assert zone_counts() == {
        ZoneKind.NATIONAL_PLANNED_AREA: 1,
        ZoneKind.KEY_EXPLORATION_AREA: 1,
        ZoneKind.KEY_MINING_AREA: 2,
        ZoneKind.EXPLORATION_BLOCK: 15,
        ZoneKind.MINING_BLOCK: 14,
        ZoneKind.CONCENTRATED_AREA: 4,
    }


def test_areas_of_columns_12_to_14():
    national = PlanningArea.objects.get(kind=ZoneKind.NATIONAL_PLANNED_AREA)
    assert (national.name, national.area_km2, national.admin_region, national.mineral.name) == (
        "新源式可布台-尼勒克松湖铁矿国家规划矿区",
        Decimal("1892.8"),
        "新源、尼勒克",
        "铁矿",
    )
    assert national.note == "落实国家规划"
    key_exploration = PlanningArea.objects.get(kind=ZoneKind.KEY_EXPLORATION_AREA)
    # The plan spells it 卡特阿巴苏 here and 卡特巴阿苏 elsewhere; kept as printed.
    assert (key_exploration.name, key_exploration.area_km2) == (
        "新源卡特阿巴苏金矿重点勘查区",
        Decimal("181.82"),
    )
    mining_areas = PlanningArea.objects.filter(kind=ZoneKind.KEY_MINING_AREA).order_by("seq")
    assert [(z.name, z.area_km2, z.mineral.name) for z in mining_areas] == [
        ("新源式可布台-尼勒克松湖铁矿重点开采区", Decimal("707.22"), "铁矿"),
        ("卡特巴阿苏金矿重点开采区", Decimal("19.41"), "金矿"),
    ]


def test_exploration_blocks_of_column_15():
    blocks = PlanningArea.objects.filter(kind=ZoneKind.EXPLORATION_BLOCK)
    assert set(blocks.values_list("stage", flat=True)) == {"general"}
    assert counts(blocks, "note") == {"空白区新设": 14, "落实伊犁州规划": 1}
    row = blocks.get(seq=11)
    assert (row.mineral.name, row.mineral_as_printed, row.area_km2) == (
        "辉绿岩",
        "建筑用辉绿岩",
        Decimal("2.54"),
    )
    row = blocks.get(seq=8)
    assert (row.mineral.name, row.mineral_as_printed) == ("石膏", "石膏矿")
    assert blocks.get(seq=15).area_km2 == Decimal("0.03")


def test_mining_blocks_and_concentrated_areas():
    blocks = PlanningArea.objects.filter(kind=ZoneKind.MINING_BLOCK)
    assert counts(blocks, "mineral__name") == {"建筑用砂": 12, "砖瓦用页岩": 1, "砖瓦用粘土": 1}
    assert blocks.get(seq=1).area_km2 == Decimal("0.0452")
    assert blocks.get(seq=13).name == "新疆新源县塔勒德镇玉什布拉克村砂石矿(7号取土场)"
    areas = PlanningArea.objects.filter(kind=ZoneKind.CONCENTRATED_AREA).order_by("seq")
    assert [a.area_km2 for a in areas] == [Decimal(x) for x in ("57.93", "16.18", "83.47", "7.4")]
    assert {a.mineral_as_printed for a in areas} == {"砂石粘土"}


def test_development_regions_of_column_11():
    regions = list(DevelopmentRegion.objects.order_by("seq"))
    assert [r.name for r in regions] == [
        "新源县铁、有色金属矿重点发展区",
        "新源南部山区金属矿重点发展区",
    ]
    assert (
        regions[1].exploration_direction
        == "加强区内金矿资源勘查，对区内拟设花岗岩、玄武岩区块矿进行勘查。"
    )


def test_regulation_directions_of_section_3_1():
    assert MineralRegulation.objects.filter(direction="key").count() == 11
    restricted = MineralRegulation.objects.get(direction="restricted")
    prohibited = MineralRegulation.objects.get(direction="prohibited")
    assert restricted.mineral.name == prohibited.mineral.name == "砖瓦用粘土"
    assert prohibited.condition == "可耕地"


def test_aliases_resolve_to_one_mineral():
    for alias, canonical in [
        ("水泥用石灰岩", "水泥用灰岩"),
        ("石膏矿", "石膏"),
        ("建筑用辉绿岩", "辉绿岩"),
        ("铁", "铁矿"),
    ]:
        assert Mineral.objects.resolve(alias).name == canonical


# Verbatim: every register row stands in the plan's text as a table line --------------


@pytest.fixture
def plan_table_lines(plan_text):
    return {line.strip() for line in plan_text.splitlines() if "\t" in line}


def fmt(value):
    return format(value.normalize(), "f")


# The plan's own words for the codes (DESIGN.md, "Codes exposed to other systems").
PRINTED = {
    "reconnaissance": "预查",
    "general": "普查",
    "detailed": "详查",
    "exploration": "勘探",
    "small": "小型",
    "medium": "中型",
    "large": "大型",
    "super_large": "特大型",
    "producing": "生产",
    "suspended": "停产",
    "10k_t_per_year": "万吨/年",
    "10k_m3_per_year": "万立方米/年",
}


def cells_by_row(lines, prefix_cells):
    """The cells of the table line that starts with the given cells, or None."""
    prefix = "\t".join(str(c) for c in prefix_cells) + "\t"
    found = [line.split("\t") for line in lines if line.startswith(prefix)]
    return found[0] if len(found) == 1 else None


def test_register_rows_stand_verbatim_in_the_plan_text(plan_table_lines):
    lines = plan_table_lines
    problems = []
    for d in Deposit.objects.all():
        cells = cells_by_row(lines, [d.seq, d.name, d.mineral_as_printed])
        if cells is None or cells[3:] != [PRINTED[d.work_degree], PRINTED[d.scale]]:
            problems.append(d.name)
    for r in ExplorationRight.objects.all():
        cells = cells_by_row(lines, [r.seq, r.name, r.mineral_as_printed, PRINTED[r.stage]])
        if cells is None or Decimal(cells[4]) != r.area_km2:
            problems.append(r.name)
    for r in MiningRight.objects.all():
        cells = cells_by_row(lines, [r.seq, r.name, r.mineral_as_printed])
        if cells is None or (
            Decimal(cells[3]),
            cells[4],
            cells[5],
        ) != (r.area_km2, f"{fmt(r.capacity)} {PRINTED[r.capacity_unit]}", PRINTED[r.status]):
            problems.append(r.name)
    for zone in PlanningArea.objects.all():
        cells = cells_by_row(lines, [zone.seq, zone.name])
        if cells is None or zone.area_km2 not in {
            Decimal(c) for c in cells if re.fullmatch(r"[0-9.]+", c)
        }:
            problems.append(zone.name)
    assert not problems, f"rows that do not stand verbatim in the plan text: {problems}"


# Where the plan contradicts itself, the rows are the record -------------------------------


def test_mining_right_area_rows_add_up_to_8_96_while_the_prose_says_8_95():
    # 一(一): "共有采矿权 24 个，占用土地总面积 8.95 平方千米"; the 24 rows of 专栏4 add up to 8.96.
    total = MiningRight.objects.aggregate(total=Sum("area_km2"))["total"]
    assert Decimal(total).quantize(Decimal("0.01")) == Decimal("8.96")


def test_copper_exploration_rights_are_7_in_the_table_while_the_prose_says_9():
    # 一(一): "其中铜矿 9 个、金矿 8 个、铁矿 18 个、白云岩矿 1 个"; the table has 7 铜矿 and 2 多金属.
    by_mineral = counts(ExplorationRight.objects.all(), "mineral__name")
    assert by_mineral["铜矿"] == 7
    assert by_mineral["多金属"] == 2
    assert by_mineral["铜矿"] + by_mineral["多金属"] == 9
    assert by_mineral == {"铁矿": 18, "金矿": 8, "铜矿": 7, "多金属": 2, "白云岩": 1}
