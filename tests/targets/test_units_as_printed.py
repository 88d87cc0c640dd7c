"""Each count shows the unit the plan prints (家 for mines, 个 for rights, 处 for places), and
English pages show English units and targets, never the plan's Chinese words."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from planportal.units import Unit, convert, same_dimension
from targets.choices import LiveMetric, TargetKind
from targets.formatting import target_figure, target_text, unit_cell, unit_label
from targets.live import live_value
from targets.models import Indicator
from tests.factories import client_in

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def target(plan, group, seq):
    return Indicator.objects.get(plan=plan, group__code=group, seq=seq)


def test_counts_are_in_the_plans_own_words(plan):
    mines = target(plan, "prose", 4)  # 矿山总数 控制在 20 家以内
    rights = target(plan, "prose", 5)  # 年净增砂石粘土类矿产资源采矿权数 不超过 3 个
    places = target(plan, "column_8", 1)  # 新发现矿产地 1-2 处

    assert (mines.unit, rights.unit, places.unit) == (
        Unit.COUNT_MINES,
        Unit.COUNT_RIGHTS,
        Unit.COUNT,
    )
    with translation.override("zh-hans"):
        assert [i.get_unit_display() for i in (mines, rights, places)] == ["家", "个", "处"]
        assert [unit_label(i) for i in (mines, rights, places)] == ["家", "个", "处"]
        # The printed words stay on Chinese pages.
        assert target_text(mines) == "控制在 20 家以内"
        assert target_text(places) == "1-2 处"
    with translation.override("en"):
        assert [unit_label(i) for i in (mines, rights, places)] == ["mines", "rights", "count"]


def test_the_count_units_are_one_dimension_so_figures_convert_and_live_metrics_hold(plan):
    assert same_dimension(Unit.COUNT_MINES, Unit.COUNT)
    assert convert(Decimal(24), Unit.COUNT, Unit.COUNT_MINES) == 24
    mines = Indicator.objects.with_live().get(pk=target(plan, "prose", 4).pk)
    assert mines.live_value == live_value(plan, LiveMetric.MINE_COUNT) == 24


@pytest.mark.parametrize(
    ("group", "seq", "text", "unit"),
    [
        ("prose", 4, "≤20 mines", "mines"),  # 控制在 20 家以内
        ("prose", 5, "≤3 rights", "rights"),  # 不超过 3 个
        ("prose", 1, "≥15 100m yuan", "100m yuan"),  # 达到 15 亿元
        ("column_8", 1, "1-2 count", "count"),  # 1-2 处
        ("column_8", 2, "200 10k t (ore)", "10k t (ore)"),  # 200 矿石 万吨
        ("column_8", 3, "3 t (metal)", "t (metal)"),  # 3 金 吨
        ("review_resources", 5, "1 count", "count"),  # unit cell 花岗岩 1 处
    ],
)
def test_english_shows_the_target_and_unit_in_english(plan, group, seq, text, unit):
    indicator = target(plan, group, seq)
    with translation.override("en"):
        assert target_text(indicator) == text
        assert unit_cell(indicator) == unit
        assert not CJK.search(target_figure(indicator))


def test_a_target_printed_in_words_reads_as_its_bound_in_english():
    cap = Indicator(
        target_kind=TargetKind.AT_MOST,
        target_value=Decimal(500),
        target_as_printed="控制在 500 万立方米",
        unit=Unit.TEN_K_CUBIC_METRE,
        unit_as_printed="万立方米",
        basis="ore",
    )
    with translation.override("en"):
        assert (target_figure(cap), target_text(cap)) == ("≤500", "≤500 10k m³ (ore)")
    with translation.override("zh-hans"):
        assert (target_figure(cap), target_text(cap)) == ("控制在 500 万立方米",) * 2


def cells(html, label):
    return re.findall(rf'<td data-label="{label}"[^>]*>(.*?)</td>', html, re.S)


@pytest.mark.parametrize("page", ["targets:dashboard", "targets:review"])
def test_english_target_tables_have_no_chinese_unit_or_target(client, plan, page):
    html = client_in(client, "en").get(reverse(page), {"plan": plan.code}).content.decode()

    units, targets = cells(html, "Unit"), cells(html, "Target")
    assert units
    assert targets
    chinese = [cell for cell in units + targets if CJK.search(re.sub(r"<[^>]+>", "", cell))]
    assert chinese == []


def test_chinese_target_tables_keep_the_plans_units(client, plan):
    html = client_in(client, "zh-hans").get(reverse("targets:dashboard"), {"plan": plan.code})
    units = [c.strip() for c in cells(html.content.decode(), "单位")]

    assert {"家", "个", "处", "矿石 万吨"} <= set(units)
