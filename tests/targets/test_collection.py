"""Yearly collection: the template workbook, its import, and the figures still missing."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from planportal.spreadsheets import SpreadsheetRefused
from planportal.units import Unit
from targets.choices import LiveMetric
from targets.collection import (
    indicator_value_import,
    indicator_value_missing,
    indicator_value_template,
)
from targets.models import IndicatorValue
from tests.factories import make_user


@pytest.fixture
def uploader(db):
    return make_user("填报人", staff=True)


@pytest.fixture
def targets(make_indicator, add_value):
    """Two typed-in targets (one with figures), and a live one."""
    ore = make_indicator(Unit.TEN_K_TONNE, target=Decimal("200"), name="铁矿资源量")
    count = make_indicator(Unit.COUNT, target=Decimal("2"), name="新发现矿产地")
    live = make_indicator(Unit.COUNT, name="矿山数", live_metric=LiveMetric.MINE_COUNT)
    add_value(ore, 2022, "40")
    add_value(ore, 2023, "50")
    return {"ore": ore, "count": count, "live": live}


def sheet_of(data):
    return list(load_workbook(BytesIO(data)).active.iter_rows(values_only=True))


def filled(data, changes):
    """The workbook ``data`` with ``changes``: {(row, heading): value}; appended rows too."""
    workbook = load_workbook(BytesIO(data))
    sheet = workbook.active
    headings = [cell.value for cell in sheet[1]]
    for (row, heading), value in changes.items():
        sheet.cell(row=row, column=headings.index(heading) + 1, value=value)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def figures():
    return sorted(IndicatorValue.objects.values_list("indicator__name", "year", "value", "version"))


def test_template_lists_the_typed_in_targets_with_unit_previous_figure_and_empty_value(
    own_plan, targets
):
    rows = sheet_of(indicator_value_template(own_plan, 2024))
    assert rows[0][:6] == ("指标编号", "专栏", "序号", "指标名称", "单位", "年份")
    by_name = {row[3]: row for row in rows[1:]}
    assert set(by_name) == {"铁矿资源量", "新发现矿产地"}  # not the live one
    ore = dict(zip(rows[0], by_name["铁矿资源量"], strict=True))
    assert ore["单位"] == "万吨"
    assert (ore["前次数值年份"], ore["前次数值"]) == (2023, 50)
    assert ore["实际值"] is None
    assert ore["指标编号"] == f"{targets['ore'].group.code}/{targets['ore'].seq}"


def test_a_template_imported_back_changes_nothing(own_plan, targets, uploader):
    before = figures()
    for year in (2023, 2024):
        result = indicator_value_import(
            own_plan, indicator_value_template(own_plan, year), user=uploader, dry_run=False
        )
        assert (len(result.created), len(result.updated), result.errors) == (0, 0, [])
        assert result.unchanged_count == 2
    assert figures() == before


def test_filled_template_creates_and_updates_with_the_uploader_in_history(
    own_plan, targets, uploader
):
    data = indicator_value_template(own_plan, 2023)
    ore_row = 1 + [row[3] for row in sheet_of(data)[1:]].index("铁矿资源量") + 1
    count_row = 5 - ore_row
    data = filled(data, {(ore_row, "实际值"): 55, (count_row, "实际值"): "1"})

    preview = indicator_value_import(own_plan, data, user=uploader, dry_run=True)
    assert (len(preview.created), len(preview.updated), preview.errors) == (1, 1, [])
    assert IndicatorValue.objects.filter(year=2023).count() == 1  # a dry run writes nothing

    result = indicator_value_import(own_plan, data, user=uploader, dry_run=False)
    assert result.written
    ore = IndicatorValue.objects.get(indicator=targets["ore"], year=2023)
    assert ore.value == 55
    assert ore.entered_by == uploader
    assert ore.history.first().history_user == uploader
    assert IndicatorValue.objects.get(indicator=targets["count"], year=2023).value == 1


def error_for(own_plan, uploader, data):
    before = figures()
    result = indicator_value_import(own_plan, data, user=uploader, dry_run=False)
    assert not result.written
    assert figures() == before, "a file with an error wrote something"
    return [(error.row, error.column) for error in result.errors], result


def rows_by_name(data):
    return {row[3]: number for number, row in enumerate(sheet_of(data)[1:], start=2)}


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"指标编号": "column_99/1"}, "指标编号"),  # unknown indicator
        ({"单位": "万立方米"}, "单位"),  # a unit of another dimension
        ({"年份": 2030}, "年份"),  # outside the period
        ({"实际值": "五十"}, "实际值"),  # text in a number
    ],
    ids=["unknown-indicator", "other-dimension", "year-outside", "text-number"],
)
def test_each_bad_row_names_its_row_and_column_and_nothing_is_written(
    own_plan, targets, uploader, change, column
):
    data = indicator_value_template(own_plan, 2024)
    rows = rows_by_name(data)
    good, bad = rows["新发现矿产地"], rows["铁矿资源量"]
    changes = {(good, "实际值"): 2, (bad, "实际值"): 60}
    changes.update({(bad, heading): value for heading, value in change.items()})
    errors, _result = error_for(own_plan, uploader, filled(data, changes))
    assert errors == [(bad, column)]


def test_a_duplicate_row_and_a_live_indicator_are_errors(own_plan, targets, uploader):
    data = indicator_value_template(own_plan, 2024)
    rows = rows_by_name(data)
    ore = f"{targets['ore'].group.code}/{targets['ore'].seq}"
    live = f"{targets['live'].group.code}/{targets['live'].seq}"
    changes = {(rows["铁矿资源量"], "实际值"): 60}
    for heading, value in {"指标编号": ore, "单位": "万吨", "年份": 2024, "实际值": 61}.items():
        changes[(4, heading)] = value
    for heading, value in {"指标编号": live, "年份": 2024, "实际值": 3}.items():
        changes[(5, heading)] = value
    errors, result = error_for(own_plan, uploader, filled(data, changes))
    assert errors == [(4, "指标编号"), (5, "指标编号")]
    assert str(rows["铁矿资源量"]) in result.errors[0].message


def test_a_figure_changed_after_the_download_is_refused(own_plan, targets, uploader, add_value):
    data = indicator_value_template(own_plan, 2023)
    figure = IndicatorValue.objects.get(indicator=targets["ore"], year=2023)
    figure.value = Decimal("52")
    figure.save()  # someone corrects it meanwhile
    row = rows_by_name(data)["铁矿资源量"]
    errors, result = error_for(own_plan, uploader, filled(data, {(row, "实际值"): 58}))
    assert errors == [(row, "实际值")]
    assert "52" in result.errors[0].message
    assert IndicatorValue.objects.get(pk=figure.pk).value == 52


def test_a_file_without_the_templates_columns_is_refused(own_plan, uploader):
    workbook = Workbook()
    workbook.active.append(["名称", "数值"])
    workbook.active.append(["铁矿", 1])
    out = BytesIO()
    workbook.save(out)
    with pytest.raises(SpreadsheetRefused, match="指标编号"):
        indicator_value_import(own_plan, out.getvalue(), user=uploader)


def test_a_formula_is_never_evaluated_nor_written(own_plan, targets, uploader):
    data = indicator_value_template(own_plan, 2024)
    row = rows_by_name(data)["新发现矿产地"]
    data = filled(data, {(row, "实际值"): "=1+1", (row, "指标名称"): '=HYPERLINK("x")'})
    result = indicator_value_import(own_plan, data, user=uploader, dry_run=False)
    # openpyxl keeps no computed value for a formula: the cell reads empty, the year is left.
    assert (result.created, result.updated, result.errors) == ([], [], [])
    assert not IndicatorValue.objects.filter(year=2024).exists()


def test_template_text_cells_are_inert(own_plan, make_indicator):
    make_indicator(Unit.COUNT, name='=HYPERLINK("http://x")')
    workbook = load_workbook(BytesIO(indicator_value_template(own_plan, 2024)))
    cells = [row[3] for row in workbook.active.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)


def test_missing_figures_per_year(own_plan, targets):
    missing = {
        year: {indicator.name for indicator in indicators}
        for year, indicators in indicator_value_missing(own_plan)
    }
    assert missing[2022] == {"新发现矿产地"}
    assert missing[2024] == {"铁矿资源量", "新发现矿产地"}
    assert set(missing) == {2021, 2022, 2023, 2024, 2025}


def test_a_target_reading_another_series_is_left_out_and_refused(
    own_plan, targets, make_indicator, uploader
):
    reader = make_indicator(
        Unit.TEN_K_TONNE, name="铁矿资源量（上限）", figures_from=targets["ore"]
    )
    data = indicator_value_template(own_plan, 2024)
    assert "铁矿资源量（上限）" not in rows_by_name(data)
    key = f"{reader.group.code}/{reader.seq}"
    changes = {(4, "指标编号"): key, (4, "年份"): 2024, (4, "实际值"): 70}
    errors, _result = error_for(own_plan, uploader, filled(data, changes))
    assert errors == [(4, "指标编号")]
