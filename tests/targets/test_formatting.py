"""How a target reads: one rule (targets.formatting) for the admin, the pages and the exports."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from planportal.formatting import figure, percent, plain_number
from planportal.units import Unit
from targets.choices import Status, TargetKind
from targets.formatting import (
    status_label,
    target_figure,
    target_is_computed,
    target_text,
    unit_cell,
    unit_label,
)
from targets.models import Indicator


def indicator(kind, *, value=None, low=None, high=None, printed="", unit=Unit.COUNT, cell=""):
    """An indicator as the formatting sees it: no database needed."""
    return Indicator(
        target_kind=kind,
        target_value=None if value is None else Decimal(value),
        target_low=None if low is None else Decimal(low),
        target_high=None if high is None else Decimal(high),
        target_as_printed=printed,
        unit=unit,
        unit_as_printed=cell,
    )


# A printed target reads as the plan prints it on a Chinese page -------------------------
# (in English its Chinese words give way: tests/targets/test_units_as_printed.py)


@pytest.mark.parametrize(
    ("target", "shown", "without_unit"),
    [
        # 专栏10 row 1: a bare bound gets the printed unit.
        (indicator(TargetKind.AT_LEAST, value=45, printed="≥45", unit=Unit.PERCENT, cell="%"),
         "≥45 %", "≥45"),
        # 专栏8 row 1: a bare range, the plan's own hyphen.
        (indicator(TargetKind.RANGE, low=1, high=2, printed="1-2", cell="处"), "1-2 处", "1-2"),
        # 专栏8 row 2: a bare value.
        (indicator(TargetKind.VALUE, value=200, printed="200", unit=Unit.TEN_K_TONNE,
                   cell="矿石 万吨"), "200 矿石 万吨", "200"),
        # Prose: the words carry their own unit, which is not repeated.
        (indicator(TargetKind.AT_MOST, value=20, printed="控制在 20 家以内", cell="家"),
         "控制在 20 家以内", "控制在 20 家以内"),
        (indicator(TargetKind.AT_LEAST, value=15, printed=" 达到 15 亿元 ",
                   unit=Unit.HUNDRED_M_YUAN, cell="亿元"), "达到 15 亿元", "达到 15 亿元"),
    ],
)  # fmt: skip
def test_a_printed_target_reads_as_the_plan_prints_it(target, shown, without_unit):
    with translation.override("zh-hans"):
        assert target_text(target) == shown
        assert target_figure(target) == without_unit
    assert not target_is_computed(target)


# A target the plan does not print: the figure the rate divides by, by kind -------------


@pytest.mark.parametrize(
    ("target", "zh", "en", "without_unit"),
    [
        # 十三五 非金属矿产: the unit cell holds the target (花岗岩 1 处); the unit's own name.
        (indicator(TargetKind.VALUE, value=1, cell="花岗岩 1 处"), "1 处", "1 count", "1"),
        (indicator(TargetKind.AT_LEAST, value="45.0000", unit=Unit.TEN_K_TONNE),
         "≥45 万吨", "≥45 10k t", "≥45"),
        (indicator(TargetKind.AT_MOST, value=20), "≤20 处", "≤20 count", "≤20"),
        (indicator(TargetKind.RANGE, low="1.5000", high=2), "1.5–2 处", "1.5–2 count", "1.5–2"),
        (indicator(TargetKind.VALUE, value=12000, unit=Unit.TEN_K_CUBIC_METRE),
         "12,000 万立方米", "12,000 10k m³", "12,000"),
    ],
)  # fmt: skip
def test_an_unprinted_target_reads_as_its_figure_with_the_units_name(target, zh, en, without_unit):
    with translation.override("zh-hans"):
        assert target_text(target) == zh
    with translation.override("en"):
        assert target_text(target) == en
    assert target_figure(target) == without_unit
    assert target_is_computed(target)


@pytest.mark.parametrize(
    "target",
    [
        indicator(TargetKind.VALUE),
        indicator(TargetKind.AT_LEAST),
        indicator(TargetKind.RANGE, low=1),
        indicator(TargetKind.VALUE, printed="   "),
    ],
)
def test_no_target_reads_as_nothing(target):
    assert target_text(target) == target_figure(target) == ""
    assert not target_is_computed(target)


# The unit: one rule for the label after a figure, the column shows the printed cell ------


def test_the_unit_after_a_figure_is_the_printed_one_unless_the_cell_holds_the_target():
    printed = indicator(TargetKind.VALUE, value=200, printed="200", cell="矿石 万吨")
    granite = indicator(TargetKind.VALUE, value=1, cell="花岗岩 1 处")
    bare = indicator(TargetKind.VALUE, value=3, printed="3", unit=Unit.TONNE)
    with translation.override("zh-hans"):
        assert (unit_label(printed), unit_cell(printed)) == ("矿石 万吨", "矿石 万吨")
        assert (unit_label(granite), unit_cell(granite)) == ("处", "花岗岩 1 处")
        assert (unit_label(bare), unit_cell(bare)) == ("吨", "吨")
    with translation.override("en"):
        assert (unit_label(bare), unit_cell(bare)) == ("t", "t")


# Status labels: the Status choices' own, one translation ------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_status_labels_are_the_status_choices_labels(language):
    with translation.override(language):
        assert [status_label(status) for status in Status.values] == [
            str(label) for label in Status.labels
        ]
        assert status_label(None) == status_label("") == ""


def test_status_labels_in_chinese_are_those_of_the_models():
    with translation.override("zh-hans"):
        assert [status_label(s) for s in ("met", "not_met", "no_data")] == [
            "已达到",
            "未达到",
            "无数据",
        ]


# Numbers: the admin's plain figure, the pages' grouped one, rates ----------------------


def test_numbers_lose_their_scale_and_pages_group_large_whole_numbers():
    assert plain_number(Decimal("30.0000")) == "30"
    assert plain_number(Decimal("12000.0000")) == "12000"
    assert plain_number(None) is None
    assert figure(Decimal("20.8300")) == "20.83"
    assert figure(Decimal("12000.0000")) == "12,000"
    assert figure(Decimal("9999")) == "9999"
    assert figure(None) == figure("") == "—"
    assert figure("n/a") == "n/a"
    assert percent(Decimal("33.2500")) == "33.25 %"
    assert percent(Decimal("120.00")) == "120 %"
    assert percent(None) == "—"


# The admin changelist and the page show the same target ---------------------------------


def admin_target(client, target):
    response = client.get(
        reverse("admin:targets_indicator_changelist"), {"group__id__exact": target.group_id}
    )
    html = response.content.decode()
    row = re.search(rf'name="_selected_action" value="{target.pk}".*?</tr>', html, re.S)
    assert row, f"{target.name} is not on the changelist"
    return re.search(r'<td class="field-target">(.*?)</td>', row.group(0), re.S).group(1)


def page_target(client, target):
    html = client.get(reverse("targets:detail", args=[target.pk])).content.decode()
    shown = re.search(r'data-testid="target">(.*?)（', html, re.S).group(1)
    return shown.strip()


@pytest.mark.parametrize(
    ("group", "seq", "shown"),
    [
        ("column_10", 1, "≥45 %"),
        ("column_8", 1, "1-2 处"),
        ("column_8", 2, "200 矿石 万吨"),
        ("prose", 4, "控制在 20 家以内"),
        ("review_resources", 5, "1 处"),
    ],
)
def test_admin_and_page_show_the_same_target(client, superuser, loaded_plan, group, seq, shown):
    target = Indicator.objects.get(plan=loaded_plan, group__code=group, seq=seq)
    client.force_login(superuser)
    assert page_target(client, target) == shown
    assert admin_target(client, target) == shown


def test_a_bound_typed_in_without_a_print_keeps_its_sign_on_admin_and_page(
    client, superuser, loaded_plan
):
    prose = loaded_plan.indicatorgroup_set.get(code="prose")
    target = Indicator.objects.create(
        plan=loaded_plan,
        group=prose,
        seq=99,
        name="测试下限指标",
        unit=Unit.TEN_K_TONNE,
        target_year=2025,
        target_kind=TargetKind.AT_LEAST,
        target_value=Decimal("45"),
    )
    client.force_login(superuser)
    assert page_target(client, target) == admin_target(client, target) == "≥45 万吨"
