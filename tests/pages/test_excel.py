"""The "导出 Excel" links give real workbooks with the rows the page shows."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from planportal.choices import Stage
from planportal.excel import XLSX_CONTENT_TYPE
from rights.models import ExplorationRight
from targets.models import Indicator


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    return load_workbook(BytesIO(response.content), read_only=True)


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
    assert "名称" in header and "面积（km²）" in header
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
