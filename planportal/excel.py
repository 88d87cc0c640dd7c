"""Excel export: any list or dashboard as an .xlsx download.

Workbooks are written with openpyxl's write-only mode, which streams rows to the file
instead of holding a cell object per value, so a register of tens of thousands of rights
exports in constant memory. Figures stay numbers (Decimal → number cell), never text.

Text that a spreadsheet could take for a formula (``=HYPERLINK(…)``, ``+``, ``-``, ``@``, a
leading tab or carriage return) is written as a text cell with Excel's "quote prefix" (the
leading-apostrophe mark): it shows exactly as recorded and is never evaluated, not even after
the cell is edited. Negative numbers stay numbers.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What makes Excel, LibreOffice or Sheets read typed-in text as a formula (OWASP, "CSV
# injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Excel's limit on a sheet title, and the characters it refuses in one.
_SHEET_TITLE_MAX = 31
_SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


@dataclass
class Sheet:
    """One worksheet: a title, the column headings and the rows (any iterable of sequences)."""

    title: str
    headers: list
    rows: object


def cell_value(value):
    """A value openpyxl can write: numbers and dates stay as they are, anything else (a lazy
    translation, a model instance) becomes its text."""
    if value is None or isinstance(value, (int, float, Decimal, date, datetime, bool)):
        return value
    return str(value)


def is_formula_like(value):
    """Whether a text value would be taken for a formula if typed into a cell."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def inert_cell(worksheet, value):
    """A write-only cell for ``value``; formula-like text becomes an inert text cell."""
    value = cell_value(value)
    cell = WriteOnlyCell(worksheet, value=value)
    if is_formula_like(value):
        cell.data_type = "s"  # openpyxl made "=…" a formula: keep it as the text it is
        cell.quotePrefix = True
    return cell


def row_cells(worksheet, row):
    """The values of a row as openpyxl writes them; a cell object only where text needs one."""
    values = [cell_value(value) for value in row]
    return [inert_cell(worksheet, value) if is_formula_like(value) else value for value in values]


def sheet_title(title):
    """A title Excel accepts for a sheet: at most 31 characters, none of []:*?/\\."""
    return str(title).translate(_SHEET_TITLE_FORBIDDEN)[:_SHEET_TITLE_MAX] or "Sheet"


def workbook_bytes(sheets):
    """Write the sheets into an .xlsx file in memory and return its bytes."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=sheet_title(sheet.title))
        header_cells = []
        for header in sheet.headers:
            cell = inert_cell(worksheet, str(header))
            cell.font = bold
            header_cells.append(cell)
        worksheet.append(header_cells)
        for row in sheet.rows:
            worksheet.append(row_cells(worksheet, row))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def content_disposition(filename):
    """An attachment header for ``filename``, safe for a Chinese file name."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "export.xlsx"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def xlsx_response(filename, sheets):
    """An HTTP download of the sheets as ``filename`` (.xlsx)."""
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response
