"""Excel export: any list or dashboard as an .xlsx download.

Workbooks are written with openpyxl's write-only mode, which streams rows to the file
instead of holding a cell object per value, so a register of tens of thousands of rights
exports in constant memory. Figures stay numbers (Decimal → number cell), never text.

Text that a spreadsheet could take for a formula (``=HYPERLINK(…)``, ``+``, ``-``, ``@``, a
leading tab or carriage return) is written as a text cell with Excel's "quote prefix" (the
leading-apostrophe mark): it shows exactly as recorded and is never evaluated, not even after
the cell is edited. Negative numbers stay numbers.

Streaming (``stream_workbook``, ``xlsx_stream_response``), for registers of any length: the
download starts before the first row is read, and memory stays flat however many rows follow.
An .xlsx file is a zip of XML parts, and openpyxl, even in write-only mode, writes a sheet to
a temporary file and gives bytes only at ``save()`` (11–16 s before the first byte at 100,000
rights); it also spends about 18 µs a cell, 15–25 s for a 100,000-row register on this
2-core machine, near gunicorn's 30 s timeout. So, as Apache POI's streaming writer does:

- the zip is Python's ``zipfile`` writing to a pipe the response empties as it goes (an
  unseekable stream: each part's sizes follow it in a data descriptor, which Excel, LibreOffice
  and openpyxl read); the sheet part is opened first, so its local header is the first byte;
- the sheet's rows are serialised here, row by row, with the same rules as the cells above:
  numbers and dates as number cells, text as inline strings, formula-like text with the
  quote-prefix style, characters XML cannot carry dropped, never a formula;
- everything else (styles, workbook, content types, theme, properties) is openpyxl's own,
  written by its ``ExcelWriter`` from a write-only ``Workbook`` after the rows, so the styles
  the cells name (bold heading, quote prefix, date formats) are openpyxl's.

An error after the first byte (the database gone mid-way) cuts the download short: the zip
then has no central directory, so it never opens as a workbook with missing rows.

Considered and left: xlsxwriter's ``constant_memory`` mode (flat memory, but the zip is
assembled at ``close()``: no byte before the last row) and zipstream-ng (what ``zipfile``
already does for an unseekable stream; one package more).
"""

import io
import math
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.packaging.relationship import RelationshipList
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.writer.excel import ExcelWriter

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


# --- Streaming -------------------------------------------------------------------------

# Rows serialised between two hand-overs to the zip (and from it to the response).
STREAM_BATCH_ROWS = 500

# Characters XML 1.0 cannot carry (openpyxl refuses them too): dropped from text.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_ENTITIES = {'"': "&quot;", "\r": "&#13;"}
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<sheetData>"
)
_SHEET_TAIL = "</sheetData></worksheet>"


class _Pipe(io.RawIOBase):
    """Where the zip archive writes: bytes wait here until the response takes them."""

    def __init__(self):
        super().__init__()
        self._chunks = []

    def writable(self):
        return True

    def write(self, data):
        self._chunks.append(bytes(data))
        return len(data)

    def take(self):
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


class _Styles:
    """The style index (``s=``) of each kind of cell, registered in the openpyxl workbook
    whose ``ExcelWriter`` writes styles.xml."""

    def __init__(self, worksheet):
        self.worksheet = worksheet
        self.ids = {}

    def get(self, bold=False, quote=False, number_format=None):
        key = (bold, quote, number_format)
        if key not in self.ids:
            cell = WriteOnlyCell(self.worksheet)
            if bold:
                cell.font = Font(bold=True)
            if quote:
                cell.quotePrefix = True
            if number_format:
                cell.number_format = number_format
            self.ids[key] = cell.style_id
        return self.ids[key]


class _SheetXML:
    """One worksheet's XML, row by row, with the rules of ``cell_value``/``inert_cell``."""

    def __init__(self, worksheet, epoch):
        self.styles = _Styles(worksheet)
        self.epoch = epoch
        self.letters = []

    def letter(self, index):
        while len(self.letters) <= index:
            self.letters.append(get_column_letter(len(self.letters) + 1))
        return self.letters[index]

    def row(self, number, values, bold=False):
        cells = []
        for index, value in enumerate(values):
            cell = self.cell(f"{self.letter(index)}{number}", value, bold)
            if cell:
                cells.append(cell)
        return f'<row r="{number}">{"".join(cells)}</row>'

    def cell(self, ref, value, bold):
        value = cell_value(value)
        style = self.styles.get(bold=True) if bold else 0
        if value is None:
            return f'<c r="{ref}" s="{style}"/>' if bold else ""
        if isinstance(value, bool):
            return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, (int, float, Decimal)):
            if isinstance(value, (float, Decimal)) and not math.isfinite(value):
                return self.text(ref, str(value), bold)
            number = format(value, "f") if isinstance(value, Decimal) else repr(value)
            return f'<c r="{ref}" s="{style}" t="n"><v>{number}</v></c>'
        if isinstance(value, (date, datetime)):
            if isinstance(value, datetime):
                if timezone.is_aware(value):
                    value = timezone.make_naive(value)
                number_format = "yyyy-mm-dd h:mm:ss"
            else:
                number_format = "yyyy-mm-dd"
            style = self.styles.get(bold=bold, number_format=number_format)
            return f'<c r="{ref}" s="{style}" t="n"><v>{to_excel(value, self.epoch)}</v></c>'
        return self.text(ref, value, bold)

    def text(self, ref, value, bold):
        value = _XML_ILLEGAL.sub("", value)
        quote = is_formula_like(value)
        style = self.styles.get(bold=bold, quote=quote) if (bold or quote) else 0
        space = ' xml:space="preserve"' if value != value.strip() else ""
        text = escape(value, _XML_ENTITIES)
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


class _WorkbookPartsWriter(ExcelWriter):
    """openpyxl's writer of a workbook's parts, for sheets already written into the archive."""

    def write_worksheet(self, ws):
        ws._drawing = SpreadsheetDrawing()
        ws._rels = RelationshipList()
        ws._comments = []
        self.manifest.append(ws)


def stream_workbook(sheets, batch_rows=STREAM_BATCH_ROWS):
    """The .xlsx file of ``sheets`` as a generator of byte chunks, its first chunk given
    before any row is read; memory stays flat whatever the number of rows (see the module
    docstring). ``sheet.rows`` may be any iterable, e.g. ``queryset.iterator()``."""
    pipe = _Pipe()
    archive = zipfile.ZipFile(pipe, "w", zipfile.ZIP_DEFLATED)
    workbook = Workbook(write_only=True)
    workbook.properties.modified = timezone.now().replace(tzinfo=None)
    for number, sheet in enumerate(sheets, 1):
        worksheet = workbook.create_sheet(title=sheet_title(sheet.title))
        writer = _SheetXML(worksheet, workbook.epoch)
        with archive.open(f"xl/worksheets/sheet{number}.xml", "w") as part:
            part.write((_SHEET_HEAD + writer.row(1, sheet.headers, bold=True)).encode())
            yield pipe.take()
            batch = []
            for row_number, row in enumerate(sheet.rows, 2):
                batch.append(writer.row(row_number, row))
                if len(batch) == batch_rows:
                    part.write("".join(batch).encode())
                    batch.clear()
                    if data := pipe.take():
                        yield data
            part.write(("".join(batch) + _SHEET_TAIL).encode())
    if not workbook.worksheets:
        raise ValueError("A workbook needs at least one sheet.")
    # styles.xml, workbook.xml, [Content_Types].xml …, then the zip's central directory.
    _WorkbookPartsWriter(workbook, archive).save()
    yield pipe.take()


def xlsx_stream_response(filename, sheets):
    """A streamed HTTP download of the sheets as ``filename`` (.xlsx): the first bytes leave
    at once, the rows as they are read (``stream_workbook``)."""
    chunks = _in_language(translation.get_language(), stream_workbook(sheets))
    response = StreamingHttpResponse(chunks, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def _in_language(language, chunks):
    """The chunks, written in the request's language: rows (choice labels …) are read as
    the response streams, after the view has returned."""
    with translation.override(language):
        yield from chunks
