"""Excel export: any list or dashboard as an .xlsx download.

Workbooks are written with openpyxl's write-only mode, which streams rows to the file
instead of holding a cell object per value, so a register of tens of thousands of rights
exports in constant memory. Figures stay numbers (Decimal → number cell), never text.
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


def workbook_bytes(sheets):
    """Write the sheets into an .xlsx file in memory and return its bytes."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        title = str(sheet.title).translate(_SHEET_TITLE_FORBIDDEN)[:_SHEET_TITLE_MAX]
        worksheet = workbook.create_sheet(title=title or "Sheet")
        header_cells = []
        for header in sheet.headers:
            cell = WriteOnlyCell(worksheet, value=str(header))
            cell.font = bold
            header_cells.append(cell)
        worksheet.append(header_cells)
        for row in sheet.rows:
            worksheet.append([cell_value(value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename, sheets):
    """An HTTP download of the sheets as ``filename`` (.xlsx), safe for a Chinese file name."""
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    ascii_name = filename.encode("ascii", "ignore").decode() or "export.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
