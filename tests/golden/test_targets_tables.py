"""Golden tests: the targets side of the plan (indicators, 专栏18, rules, key projects).

Every figure asserted here is read off the plan (fixtures/plan/xinyuan-mineral-plan-2021-2025.txt);
the tests that rebuild a table line from the loaded rows compare with the plan text itself, so a
row that drifts from what the plan prints fails.
"""

import re
from decimal import Decimal

import pytest
from django.db.models import Count

from planportal.loader import plan_load
from planportal.units import Unit, convert
from rights.models import MinimumScaleRule, ScaleStandard
from targets.models import Indicator, IndicatorGroup, IndicatorValue, KeyProject

pytestmark = pytest.mark.usefixtures("loaded_plan")


@pytest.fixture(scope="module")
def plan_lines(plan_text):
    """The plan's lines without trailing blanks: a table row is one tab-separated line."""
    return {line.rstrip() for line in plan_text.splitlines()}


@pytest.fixture(scope="module")
def plan_prose(plan_text):
    """The plan's text with its line breaks removed (sentences run across page breaks)."""
    return re.sub(r"\n+", "", plan_text)


def printed(number):
    """A Decimal as the plan prints it: no trailing zeros, no exponent."""
    text = format(number.normalize(), "f")
    return text


def indicators(group):
    return Indicator.objects.filter(group__code=group).select_related("mineral").order_by("seq")


def indicator(group, seq):
    return Indicator.objects.select_related("mineral", "group").get(group__code=group, seq=seq)


# Groups -----------------------------------------------------------------------------------


def test_each_group_has_the_rows_of_its_table():
    counts = dict(IndicatorGroup.objects.annotate(n=Count("indicators")).values_list("code", "n"))
    assert counts == {
        "review_resources": 5,
        "review_production": 7,
        "column_7": 1,
        "column_8": 9,
        "column_9": 10,
        "column_10": 2,
        "prose": 5,
    }


def test_groups_carry_their_period_and_printed_title():
    groups = {g.code: g for g in IndicatorGroup.objects.all()}
    for code in ("review_resources", "review_production"):
        assert (groups[code].period_start, groups[code].period_end) == (2016, 2020)
        # The two 十三五 tables have no printed title: theirs is descriptive and says so.
        assert groups[code].title.endswith("（原表无标题）")
    for code in ("column_7", "column_8", "column_9", "column_10", "prose"):
        assert (groups[code].period_start, groups[code].period_end) == (2021, 2025)
    assert groups["column_7"].title == "专栏7 基础地质调查主要规划目标"
    assert groups["column_8"].title == "专栏8 矿产资源勘查主要规划目标"
    assert groups["column_9"].title == "专栏9 重点矿种年开采总量主要规划目标"
    assert groups["column_10"].title == "专栏10 矿山规模结构及开发利用效率主要规划目标"
    ordered = list(IndicatorGroup.objects.values_list("code", flat=True))
    assert ordered.index("review_production") < ordered.index("column_7")


def test_target_years_and_attributes_follow_the_period():
    review = Indicator.objects.filter(group__code__startswith="review_")
    assert set(review.values_list("target_year", flat=True)) == {2020}
    assert set(review.values_list("attribute", flat=True)) == {""}
    tables = Indicator.objects.filter(group__code__startswith="column_")
    assert set(tables.values_list("target_year", flat=True)) == {2025}
    # Every row of 专栏7–10 is printed 预期性; none is 约束性.
    assert set(tables.values_list("attribute", flat=True)) == {"expected"}


# 专栏7–10 rebuilt line by line against the plan text --------------------------------------

ATTRIBUTE_AS_PRINTED = {"expected": "预期性", "binding": "约束性"}


@pytest.mark.parametrize("group", ["column_7", "column_8", "column_9", "column_10"])
def test_column_rows_reproduce_the_printed_lines(group, plan_lines):
    for row in indicators(group):
        line = "\t".join(
            [
                str(row.seq),
                row.name,
                row.unit_as_printed,
                row.target_as_printed,
                ATTRIBUTE_AS_PRINTED[row.attribute],
            ]
        )
        assert line in plan_lines, f"{group} row {row.seq} is not printed as {line!r}"


def test_column_7_survey_target():
    row = indicator("column_7", 1)
    assert (row.name, row.unit, row.unit_as_printed) == (
        "1:25 万土地质量地球化学调查",
        Unit.KM2,
        "平方千米",
    )
    assert (row.target_kind, row.target_value, row.attribute) == ("value", 800, "expected")


def test_column_8_new_deposits_are_a_range_and_resources_keep_their_basis():
    first = indicator("column_8", 1)
    assert (first.name, first.unit, first.unit_as_printed) == ("新发现矿产地", Unit.COUNT, "处")
    assert (first.target_kind, first.target_low, first.target_high) == ("range", 1, 2)
    assert first.target_as_printed == "1-2"
    iron = indicator("column_8", 2)
    assert (iron.name, iron.mineral.name, iron.unit, iron.basis, iron.unit_as_printed) == (
        "铁",
        "铁矿",
        Unit.TEN_K_TONNE,
        "ore",
        "矿石 万吨",
    )
    assert iron.target_value == 200
    gold = indicator("column_8", 3)
    assert (gold.mineral.name, gold.unit, gold.basis, gold.unit_as_printed) == (
        "金矿",
        Unit.TONNE,
        "metal",
        "金 吨",
    )
    assert gold.target_value == 3
    andesite = indicator("column_8", 7)
    assert (andesite.name, andesite.unit, andesite.target_value) == (
        "安山岩",
        Unit.TEN_K_CUBIC_METRE,
        15,
    )
    assert indicator("column_8", 9).name == "石灰岩"


def test_column_9_has_both_parts_of_the_page_break():
    rows = list(indicators("column_9"))
    assert [r.seq for r in rows] == list(range(1, 11))
    assert [r.name for r in rows] == [
        "铁矿",
        "金",
        "石灰岩",
        "玄武岩",
        "花岗岩",
        "石膏",
        "辉绿岩",
        "安山岩",
        "砖瓦用粘土",
        "建筑用砂",
    ]


def test_column_9_gold_is_kept_in_ore_ten_thousand_tonnes():
    gold = indicator("column_9", 2)
    assert (gold.name, gold.mineral.name) == ("金", "金矿")
    assert (gold.unit, gold.basis, gold.unit_as_printed) == (Unit.TEN_K_TONNE, "ore", "矿石 万吨")
    assert (gold.target_value, gold.target_as_printed) == (120, "120")


def test_column_9_sand_and_clay_are_plain_targets_in_cubic_metres():
    clay, sand = indicator("column_9", 9), indicator("column_9", 10)
    assert (clay.unit, clay.unit_as_printed, clay.target_kind, clay.target_value) == (
        Unit.TEN_K_CUBIC_METRE,
        "万立方米",
        "value",
        50,
    )
    assert (sand.mineral.name, sand.target_value) == ("建筑用砂", 500)


def test_column_10_bound_and_range():
    share = indicator("column_10", 1)
    assert (share.name, share.unit, share.unit_as_printed) == ("大中型矿山比例", "percent", "%")
    assert (share.target_kind, share.target_value, share.target_as_printed) == (
        "at_least",
        45,
        "≥45",
    )
    assert share.live_metric == "large_medium_share"
    recovery = indicator("column_10", 2)
    assert (recovery.target_kind, recovery.target_low, recovery.target_high) == ("range", 2, 3)
    # The em dash of "2—3" is kept exactly as printed.
    assert recovery.target_as_printed == "2\u20143"


# The 十三五 tables -------------------------------------------------------------------------


def test_review_resources_rows_reproduce_the_printed_lines(plan_lines):
    for row in indicators("review_resources"):
        value = row.values.get(year=2020)
        line = "\t".join(
            [
                str(row.seq),
                row.name,
                row.unit_as_printed,
                row.target_as_printed,
                value.value_as_printed,
                printed(value.stated_completion_rate),
            ]
        )
        assert line in plan_lines, f"十三五 resource row {row.seq} is not printed as {line!r}"


def test_review_production_rows_reproduce_the_printed_lines(plan_lines):
    for row in indicators("review_production"):
        value = row.values.get(year=2020)
        line = "\t".join(
            [
                str(row.seq),
                row.name,
                row.unit_as_printed,
                row.target_as_printed,
                value.value_as_printed,
                printed(value.stated_completion_rate),
            ]
        )
        assert line in plan_lines, f"十三五 production row {row.seq} is not printed as {line!r}"


def test_review_printed_completion_rates():
    def rates(group):
        return [
            printed(v)
            for v in IndicatorValue.objects.filter(
                indicator__group__code=group, year=2020
            ).values_list("stated_completion_rate", flat=True)
        ]

    assert rates("review_resources") == ["0", "0", "120", "0", "0"]
    assert rates("review_production") == ["0", "0", "0", "33.25", "0", "0", "0"]


def test_review_completion_rates_are_actual_over_target():
    # The plan computes 铜 0.24 / 0.2 = 120 % and 砖瓦用粘土 26.6 / 80 = 33.25 %.
    values = IndicatorValue.objects.filter(indicator__group__code__startswith="review_")
    assert values.count() == 12
    for value in values.select_related("indicator"):
        target = value.indicator
        actual = convert(value.value, value.unit, target.unit)
        assert actual / target.target_value * 100 == value.stated_completion_rate, target.name


def test_review_resources_units_and_bases():
    gold, iron, copper, limestone = (indicator("review_resources", n) for n in (1, 2, 3, 4))
    assert (gold.name, gold.unit, gold.basis, gold.unit_as_printed) == (
        "金",
        Unit.TONNE,
        "metal",
        "金吨",
    )
    assert (iron.unit, iron.basis, iron.unit_as_printed, iron.target_value) == (
        Unit.HUNDRED_M_TONNE,
        "ore",
        "矿石亿吨",
        Decimal("0.8"),
    )
    assert (copper.unit, copper.basis, copper.unit_as_printed) == (
        Unit.TEN_K_TONNE,
        "metal",
        "铜万吨",
    )
    assert copper.values.get(year=2020).value == Decimal("0.24")
    assert (limestone.target_value, limestone.unit_as_printed) == (3000, "矿石万吨")


def test_review_granite_row_is_verbatim_and_modelled_as_one_deposit():
    row = indicator("review_resources", 5)
    assert (row.name, row.unit_as_printed, row.target_as_printed) == (
        "非金属矿产",
        "花岗岩 1 处",
        "",
    )
    assert (row.unit, row.target_kind, row.target_value) == (Unit.COUNT, "value", 1)
    assert row.mineral.name == "花岗岩"
    assert "花岗岩 1 处" in row.note


def test_review_production_gold_is_in_kilograms_of_metal():
    gold = indicator("review_production", 2)
    assert (gold.name, gold.unit, gold.basis, gold.unit_as_printed) == (
        "金矿",
        Unit.KG,
        "metal",
        "金 千克",
    )
    clay = indicator("review_production", 4)
    assert clay.values.get(year=2020).value == Decimal("26.6")
    granite = indicator("review_production", 7)
    assert (granite.name, granite.mineral.name) == ("建筑用花岗岩", "花岗岩")


def test_review_values_name_their_source():
    values = IndicatorValue.objects.filter(indicator__group__code__startswith="review_")
    assert set(values.values_list("source", flat=True)) == {"plan_text"}
    assert all("十三五" in note for note in values.values_list("source_note", flat=True))


# Targets stated only in prose, and the baselines ------------------------------------------


def test_prose_targets_in_order_of_appearance():
    rows = list(indicators("prose"))
    assert [(r.name, r.target_kind, printed(r.target_value), r.unit) for r in rows] == [
        ("采矿业及下游工业总产值", "at_least", "15", Unit.HUNDRED_M_YUAN),
        ("建筑用砂年产矿石量", "at_most", "500", Unit.TEN_K_CUBIC_METRE),
        ("砖瓦用粘土年产矿石量", "at_most", "50", Unit.TEN_K_CUBIC_METRE),
        ("矿山总数", "at_most", "20", Unit.COUNT_MINES),  # 家
        ("年净增砂石粘土类矿产资源采矿权数", "at_most", "3", Unit.COUNT_RIGHTS),  # 个
    ]
    assert [r.live_metric for r in rows] == ["", "", "", "mine_count", "new_sand_clay_rights"]
    assert {r.target_year for r in rows} == {2025}


def test_prose_targets_keep_the_plans_words(plan_prose):
    for row in indicators("prose"):
        assert row.target_as_printed.replace(" ", "") in plan_prose.replace(" ", ""), row.name
    assert indicator("prose", 4).target_as_printed == "控制在 20 家以内"


def test_large_medium_share_is_not_duplicated_in_prose():
    assert Indicator.objects.filter(name="大中型矿山比例").count() == 1


def test_mine_count_baselines():
    values = dict(
        indicator("prose", 4).values.values_list("year", "value_as_printed").order_by("year")
    )
    assert values == {2015: "38 家", 2020: "24 家"}


def test_large_medium_share_baselines_attach_to_column_10():
    values = indicator("column_10", 1).values.order_by("year")
    assert [(v.year, v.value, v.unit) for v in values] == [
        (2015, Decimal("8.1"), "percent"),
        (2020, Decimal("20.83"), "percent"),
    ]


def test_output_value_baseline_is_in_ten_thousand_yuan_on_a_hundred_million_yuan_target():
    target = indicator("prose", 1)
    baseline = target.values.get(year=2020)
    assert (target.unit, baseline.unit, baseline.value) == (
        Unit.HUNDRED_M_YUAN,
        Unit.TEN_K_YUAN,
        1510,
    )
    assert convert(baseline.value, baseline.unit, target.unit) == Decimal("0.151")


def test_sand_and_clay_controls_start_from_the_2020_production():
    # The prose caps read 专栏9's series (figures_from): the 2020 figures are stored there.
    sand, clay = (
        Indicator.objects.with_completion().get(group__code="prose", seq=seq) for seq in (2, 3)
    )
    assert (sand.baseline_year, sand.baseline_value) == (2020, 0)
    assert (clay.baseline_year, clay.baseline_value) == (2020, Decimal("26.6"))
    # The same 2020 figure the 十三五 production table prints for 砖瓦用粘土.
    assert indicator("review_production", 4).values.get(year=2020).value == Decimal("26.6")


def test_every_baseline_comes_from_the_plan_text():
    baselines = IndicatorValue.objects.exclude(indicator__group__code__startswith="review_")
    assert baselines.count() == 7
    assert set(baselines.values_list("source", flat=True)) == {"plan_text"}
    assert all(baselines.values_list("source_note", flat=True))


# 专栏18 and the rules of 三(三) and 四(二) --------------------------------------------------

VARIANT_ORDER = {"": 0, "地下开采": 0, "露天开采": 1, "水泥用": 0, "其他": 1}


def test_scale_standards_are_13_rows_for_10_minerals():
    rows = ScaleStandard.objects.all()
    assert rows.count() == 13
    assert rows.values("seq").distinct().count() == 10
    assert rows.values("mineral").distinct().count() == 10
    split = dict(
        rows.values_list("seq").annotate(n=Count("pk")).filter(n__gt=1).values_list("seq", "n")
    )
    assert split == {1: 2, 4: 2, 5: 2}


def test_scale_standard_rows_reproduce_the_printed_lines(plan_lines):
    rows = sorted(ScaleStandard.objects.all(), key=lambda r: (r.seq, VARIANT_ORDER[r.variant]))
    by_seq = {}
    for row in rows:
        by_seq.setdefault(row.seq, []).append(row)
    for seq, parts in by_seq.items():
        first = parts[0]
        years = f"{first.min_service_years} 年" if first.min_service_years else ""
        line = "\t".join(
            [
                first.mineral_as_printed,
                first.unit_as_printed,
                "/".join(p.large_as_printed for p in parts),
                "/".join(p.medium_as_printed for p in parts),
                "/".join(p.small_as_printed for p in parts),
                years,
            ]
        ).rstrip()
        assert line in plan_lines, f"专栏18 row {seq} is not printed as {line!r}"


def test_iron_standard_splits_by_mining_method():
    rows = {r.variant: r for r in ScaleStandard.objects.filter(seq=1).select_related("mineral")}
    assert set(rows) == {"地下开采", "露天开采"}
    under, open_pit = rows["地下开采"], rows["露天开采"]
    assert under.mineral.name == "铁矿"
    assert (under.mining_method, under.large_min, under.medium_min, under.small_min) == (
        "underground",
        100,
        30,
        10,
    )
    assert (open_pit.mining_method, open_pit.large_min, open_pit.medium_min) == (
        "open_pit",
        200,
        60,
    )
    assert open_pit.small_min == 30
    assert (under.unit, under.basis, under.unit_as_printed) == (
        Unit.TEN_K_TONNE_PER_YEAR,
        "ore",
        "矿石万吨",
    )
    assert under.min_service_years == 10


def test_empty_cells_keep_their_printed_mark():
    copper = ScaleStandard.objects.get(seq=2)
    assert (copper.small_min, copper.small_as_printed) == (None, "/")
    gold_open_pit = ScaleStandard.objects.get(seq=4, variant="露天开采")
    assert (gold_open_pit.small_min, gold_open_pit.small_as_printed) == (None, "-")
    assert (gold_open_pit.medium_min, gold_open_pit.mineral.name) == (9, "金矿")
    gold_underground = ScaleStandard.objects.get(seq=4, variant="地下开采")
    assert (gold_underground.small_min, gold_underground.medium_min) == (3, 6)
    sand = ScaleStandard.objects.get(seq=10)
    assert (sand.mineral.name, sand.medium_min, sand.small_min, sand.small_as_printed) == (
        "建筑用砂",
        15,
        None,
        "-",
    )


def test_limestone_splits_by_use_and_stone_is_in_cubic_metres():
    cement = ScaleStandard.objects.get(seq=5, variant="水泥用")
    other = ScaleStandard.objects.get(seq=5, variant="其他")
    assert (cement.small_min, other.small_min) == (30, 20)
    assert cement.mining_method == other.mining_method == ""
    facing = ScaleStandard.objects.get(seq=6)
    assert (facing.mineral.name, facing.unit, facing.unit_as_printed) == (
        "饰面用石材",
        Unit.TEN_K_CUBIC_METRE_PER_YEAR,
        "万立方米",
    )
    assert (facing.medium_min, facing.small_min, facing.min_service_years) == (
        Decimal("0.5"),
        Decimal("0.3"),
        None,
    )
    assert ScaleStandard.objects.get(seq=3).min_service_years == 15


def test_minimum_scale_rules(plan_prose):
    rules = list(MinimumScaleRule.objects.select_related("mineral").order_by("seq"))
    assert [
        (r.mineral.name, r.mining_method, printed(r.min_capacity), r.unit, r.boundary_allowed)
        for r in rules
    ] == [
        ("铁矿", "open_pit", "30", Unit.TEN_K_TONNE_PER_YEAR, True),
        ("铁矿", "underground", "10", Unit.TEN_K_TONNE_PER_YEAR, True),
        ("铜矿", "", "30", Unit.TEN_K_TONNE_PER_YEAR, False),
        ("金矿", "open_pit", "300", Unit.TONNE_PER_DAY, True),
        ("金矿", "underground", "100", Unit.TONNE_PER_DAY, True),
        ("建筑用砂", "", "15", Unit.TEN_K_CUBIC_METRE_PER_YEAR, True),
        ("砖瓦用粘土", "", "6", Unit.TEN_K_CUBIC_METRE_PER_YEAR, True),
    ]
    assert [r.min_recovery_rate for r in rules[5:]] == [95, 95]
    assert all(r.min_recovery_rate is None for r in rules[:5])
    for rule in rules:
        assert rule.as_printed in plan_prose, rule.seq
    # "30 万吨以下" without 不含: 30 itself is forbidden for copper.
    assert "不含" not in rules[2].as_printed
    assert rules[0].clause.startswith("四(二)")
    assert rules[5].clause.startswith("三(三)")


# 专栏19–22 key projects --------------------------------------------------------------------


def test_key_projects_are_the_seven_of_columns_19_to_22():
    counts = dict(KeyProject.objects.values_list("group").annotate(n=Count("pk")))
    assert counts == {"专栏19": 1, "专栏20": 3, "专栏21": 2, "专栏22": 1}
    titles = dict(KeyProject.objects.values_list("group", "group_title").distinct())
    assert titles == {
        "专栏19": "基础性公益性地质重点项目",
        "专栏20": "矿产资源调查评价与勘查重点项目",
        "专栏21": "重点矿山建设工程",
        "专栏22": "绿色矿业重点项目",
    }


def test_key_project_names_and_texts_are_printed_in_the_plan(plan_prose):
    for project in KeyProject.objects.all():
        assert project.name in plan_prose, project.name
        assert project.description in plan_prose, project.name
        assert project.capacity_as_printed in plan_prose, project.name
        assert project.schedule_as_printed in plan_prose, project.name
    numbered = KeyProject.objects.exclude(group="专栏22")
    assert not numbered.filter(name__regex=r"^\d、").exists()


def test_column_19_groundwater_survey():
    project = KeyProject.objects.get(group="专栏19", seq=1)
    assert project.name == "新源一带地下水水资源调查评价"
    assert project.description.startswith("预期成果：查明地下水资源富存条件")
    assert project.schedule_start is None
    assert project.capacity is None


def test_column_20_surveys_implement_the_regional_plan():
    projects = list(KeyProject.objects.filter(group="专栏20").order_by("seq"))
    assert [p.name for p in projects] == [
        "阿吾拉勒铁矿带深部勘查",
        "西天山阿吾拉勒一带富铁资源基地“三位一体”调查评价",
        "西天山卡特巴阿苏金资源基地“三位一体”调查评价",
    ]
    assert {p.note for p in projects} == {"落实自治区规划"}
    assert {(p.schedule_start, p.schedule_end, p.schedule_as_printed) for p in projects} == {
        (2021, 2025, "2021年-2025年")
    }
    assert projects[1].description.startswith("预期成效：")


def test_column_21_mine_construction():
    gold = KeyProject.objects.get(group="专栏21", seq=1)
    assert (gold.name, gold.implementer, gold.mineral.name) == (
        "新源卡特巴阿苏金矿矿山建设",
        "矿山企业",
        "金矿",
    )
    assert (gold.capacity, gold.capacity_unit, gold.capacity_as_printed) == (
        120,
        Unit.TEN_K_TONNE_PER_YEAR,
        "建设 120 万吨/年矿山采选",
    )
    assert (gold.schedule_start, gold.schedule_end) == (2021, 2025)
    iron = KeyProject.objects.get(group="专栏21", seq=2)
    assert (iron.name, iron.capacity, iron.schedule_start, iron.schedule_end) == (
        "新源阿克萨依铁矿矿山建设",
        600,
        2023,
        2025,
    )


def test_column_22_green_mine_project():
    project = KeyProject.objects.get(group="专栏22", seq=1)
    assert (project.name, project.admin_region, project.mineral.name) == (
        "新疆伊犁钢铁有限责任公司",
        "新源县",
        "铁矿",
    )
    assert (project.mining_method, project.capacity, project.capacity_as_printed) == (
        "underground",
        60,
        "60 万吨/年",
    )
    assert (project.status_as_printed, project.schedule_as_printed) == ("正在立项", "2023")
    assert (project.schedule_start, project.schedule_end) == (2023, 2023)


# Loading ------------------------------------------------------------------------------------

TARGET_MODELS = {
    "rights.scalestandard",
    "rights.minimumscalerule",
    "targets.indicatorgroup",
    "targets.indicator",
    "targets.indicatorvalue",
    "targets.keyproject",
    "targets.statedfigure",
}


def test_loading_again_leaves_the_target_tables_unchanged():
    report = plan_load()
    assert not TARGET_MODELS & (set(report.created) | set(report.updated))
    assert set(report.unchanged) >= TARGET_MODELS
    assert report.unchanged["targets.indicator"] == 39
    assert report.unchanged["targets.indicatorvalue"] == 19
    assert report.unchanged["targets.statedfigure"] == 44
