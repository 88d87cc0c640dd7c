"""The "导出 Excel" links give real workbooks with the rows the page shows."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from planportal.choices import Stage
from planportal.excel import XLSX_CONTENT_TYPE
from rights.models import ExplorationRight
from targets.models import Indicator, IndicatorValue


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    return load_workbook(BytesIO(response.getvalue()), read_only=True)


def data_rows(sheet):
    """The rows under the heading row (write-only workbooks record no dimensions)."""
    return list(sheet.iter_rows(values_only=True))[1:]


def test_register_export_has_exactly_the_filtered_rows(zh_client, plan):
    response = zh_client.get(
        reverse("rights:exploration-export"), {"stage": Stage.DETAILED, "ordering": "-area_km2"}
    )
    sheet = workbook(response).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert "名称" in header
    assert "面积（km²）" in header
    expected = ExplorationRight.objects.filter(plan=plan, stage=Stage.DETAILED)
    name_col, area_col = header.index("名称"), header.index("面积（km²）")
    assert sorted(r[name_col] for r in body) == sorted(expected.values_list("name", flat=True))
    areas = [r[area_col] for r in body]
    # Areas stay numbers, in the order asked for.
    assert all(isinstance(a, (int, float)) for a in areas)
    assert areas == sorted(areas, reverse=True)


def test_export_link_carries_the_page_filters(client, plan):
    page = client.get(reverse("rights:mining"), {"status": "suspended", "search": "铁"})
    export_url = page.context["export_url"]
    assert "status=suspended" in export_url
    sheet = workbook(client.get(export_url)).active
    assert len(data_rows(sheet)) == page.context["totals"]["count"]


def test_register_export_is_not_paged(client, plan, many_records):
    many_records(plan, n=120)
    sheet = workbook(client.get(reverse("deposits:export"))).active
    assert len(data_rows(sheet)) == plan.deposit_set.count() > 50


def test_targets_export_lists_every_indicator_shown(en_client, plan):
    book = workbook(en_client.get(reverse("targets:dashboard-export"), {"group": "column_9"}))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Table", "No.", "Indicator")
    expected = Indicator.objects.filter(plan=plan, group__code="column_9")
    assert sorted(r[2] for r in rows[1:]) == sorted(expected.values_list("name", flat=True))


def test_review_export_has_a_sheet_per_review_table(client, plan):
    book = workbook(client.get(reverse("targets:review-export")))
    assert len(book.sheetnames) == 2
    total = sum(len(data_rows(book[name])) for name in book.sheetnames)
    assert total == Indicator.objects.filter(plan=plan, group__period_end=2020).count()


def _dashboard_rows(client, **filters):
    """The exported dashboard as {indicator name: {heading: value}}."""
    book = workbook(client.get(reverse("targets:dashboard-export"), filters))
    rows = list(book.active.iter_rows(values_only=True))
    header = rows[0]
    return {row[header.index("Indicator")]: dict(zip(header, row, strict=True)) for row in rows[1:]}


def test_targets_export_completion_and_status_follow_a_new_figure(en_client, plan):
    # 专栏8 铁 200 矿石万吨: no figure of 2021–2025 yet, then 150 万吨 in 2025.
    iron = Indicator.objects.get(plan=plan, group__code="column_8", seq=2)
    before = _dashboard_rows(en_client, group="column_8")["铁"]
    assert (before["Completion (%)"], before["Status"]) == (None, "no data")
    IndicatorValue.objects.create(
        indicator=iron, year=2025, value=1500000, unit="t", source="statistical_report"
    )
    after = _dashboard_rows(en_client, group="column_8")["铁"]
    assert (after["Latest actual"], after["Year"]) == (150, 2025)
    assert (after["Completion (%)"], after["Status"]) == (75, "not met")
    IndicatorValue.objects.filter(indicator=iron, year=2025).update(value=2100000)
    corrected = _dashboard_rows(en_client, group="column_8")["铁"]
    assert (corrected["Completion (%)"], corrected["Status"]) == (105, "met")


def test_targets_export_gives_caps_their_share_and_baselines_apart(en_client, plan):
    rows = _dashboard_rows(en_client, group="prose")
    mines = rows["矿山总数"]
    # 控制在 20 家以内: no completion rate; 24 mines use 120 % of the cap, from the registers.
    assert mines["Completion (%)"] is None
    assert (mines["Share of the cap used (%)"], mines["Status"]) == (120, "not met")
    assert mines["Live register figure"] == "yes"
    assert (mines["Baseline"], mines["Baseline year"]) == (24, 2020)
    output = rows["采矿业及下游工业总产值"]
    assert (output["Baseline"], output["Baseline year"]) == (0.151, 2020)
    assert (output["Latest actual"], output["Completion (%)"], output["Status"]) == (
        None,
        None,
        "no data",
    )
    # The target is given once; in English as its bound (控制在 20 家以内 on a Chinese page).
    assert mines["Target"] == "≤20"
