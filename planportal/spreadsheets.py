"""Reading an uploaded .xlsx file without letting it take the worker down.

An .xlsx file is a zip archive of XML parts. A hostile one can be small on the wire and huge
once unpacked (a zip bomb), or declare a sheet of a million rows that openpyxl would pad with
empty cells. ``open_workbook_safely`` checks the caps below from the zip's directory and
the sheet's declared dimension *before* anything is unpacked or parsed, then reads the first
sheet with openpyxl in read-only mode (streaming), counting rows and columns as they come.
Every refusal is a ``SpreadsheetRefused`` with a message for the person who uploaded it.

The caps are settings (``IMPORT_MAX_*``, see settings.py, "Excel uploads").
"""

import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook


class SpreadsheetRefused(ValidationError):
    """The upload is not a spreadsheet the portal will read; the message says why."""


@dataclass(frozen=True)
class Caps:
    upload_bytes: int
    unpacked_member_bytes: int
    unpacked_total_bytes: int
    members: int
    rows: int
    columns: int

    @classmethod
    def from_settings(cls):
        return cls(
            upload_bytes=settings.IMPORT_MAX_UPLOAD_BYTES,
            unpacked_member_bytes=settings.IMPORT_MAX_UNPACKED_MEMBER_BYTES,
            unpacked_total_bytes=settings.IMPORT_MAX_UNPACKED_TOTAL_BYTES,
            members=settings.IMPORT_MAX_ZIP_MEMBERS,
            rows=settings.IMPORT_MAX_ROWS,
            columns=settings.IMPORT_MAX_COLUMNS,
        )


@dataclass
class SheetRows:
    """The first sheet: its heading row and the data rows under it (blank rows left out)."""

    title: str
    headers: list
    rows: list
    # The sheet's own row number of each data row (blank rows are left out, so they differ
    # from the position in ``rows``): what an error message names.
    numbers: list = field(default_factory=list)


def check_upload_size(size, caps=None):
    """Refuse a file larger than ``IMPORT_MAX_UPLOAD_BYTES`` before reading any of it."""
    caps = caps or Caps.from_settings()
    if size > caps.upload_bytes:
        raise SpreadsheetRefused(
            _("The file is %(size)s; files of more than %(limit)s are not accepted.")
            % {"size": filesizeformat(size), "limit": filesizeformat(caps.upload_bytes)},
            code="too_large",
        )


def read_bytes(file):
    """The bytes of an uploaded file (or bytes), refusing a file over the upload cap."""
    if isinstance(file, (bytes, bytearray)):
        data = bytes(file)
        check_upload_size(len(data))
        return data
    size = getattr(file, "size", None)
    if size is not None:
        check_upload_size(size)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(settings.IMPORT_MAX_UPLOAD_BYTES + 1)
    check_upload_size(len(data))
    return data


def _not_a_spreadsheet():
    return SpreadsheetRefused(
        _("The file is not an Excel workbook (.xlsx), or it is damaged."), code="invalid"
    )


def check_archive(archive, caps):
    """Refuse a zip with too many parts or a part that unpacks beyond the caps.

    The sizes come from the zip's central directory; ``zipfile`` never unpacks more than the
    size a part declares, so a part that lies about its size cannot grow beyond it.
    """
    members = archive.infolist()
    if len(members) > caps.members:
        raise SpreadsheetRefused(
            _("The workbook has %(count)s parts; at most %(limit)s are accepted.")
            % {"count": len(members), "limit": caps.members},
            code="too_many_parts",
        )
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > caps.unpacked_member_bytes or total > caps.unpacked_total_bytes:
            raise SpreadsheetRefused(
                _(
                    "The workbook unpacks to more than %(limit)s (a part named “%(part)s”): "
                    "it is too large or not a genuine spreadsheet."
                )
                % {"limit": filesizeformat(caps.unpacked_member_bytes), "part": member.filename},
                code="too_large_unpacked",
            )
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise _not_a_spreadsheet()


def _too_many_rows(caps):
    return SpreadsheetRefused(
        _("The sheet has more than %(limit)s rows; split it into several files.")
        % {"limit": caps.rows},
        code="too_many_rows",
    )


def _too_many_columns(caps):
    return SpreadsheetRefused(
        _("The sheet has more than %(limit)s columns.") % {"limit": caps.columns},
        code="too_many_columns",
    )


def open_workbook_safely(file, caps=None):
    """Read the first sheet of an uploaded .xlsx file within the caps.

    ``file`` is an uploaded file, a file object or bytes. Returns ``SheetRows``; raises
    ``SpreadsheetRefused`` for a file over a cap, a damaged zip or anything that is no
    workbook. Formulas are read as their last computed value, never evaluated.
    """
    caps = caps or Caps.from_settings()
    data = read_bytes(file)
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise _not_a_spreadsheet() from exc
    with archive:
        check_archive(archive, caps)
        try:
            workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
        except SpreadsheetRefused:
            raise
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            raise _not_a_spreadsheet() from exc
    try:
        return _read_first_sheet(workbook, caps)
    finally:
        workbook.close()


def _read_first_sheet(workbook, caps):
    sheet = workbook.active
    if sheet is None or not hasattr(sheet, "reset_dimensions"):
        raise _not_a_spreadsheet()
    # The dimension the sheet declares (<dimension ref="A1:R1048576"/>): openpyxl would pad
    # the sheet with empty rows up to it, so it is checked, then ignored.
    if (sheet.max_row or 0) > caps.rows + 1:
        raise _too_many_rows(caps)
    if (sheet.max_column or 0) > caps.columns:
        raise _too_many_columns(caps)
    sheet.reset_dimensions()
    headers, rows, numbers, seen = None, [], [], 0
    try:
        for values in sheet.iter_rows(values_only=True):
            seen += 1
            if seen > caps.rows + 1:
                raise _too_many_rows(caps)
            if len(values) > caps.columns:
                # Only trailing empty cells beyond the cap are harmless.
                if any(value is not None for value in values[caps.columns :]):
                    raise _too_many_columns(caps)
                values = values[: caps.columns]
            if headers is None:
                headers = list(values)
                continue
            if all(value is None or value == "" for value in values):
                continue
            rows.append(list(values))
            numbers.append(seen)
    except SpreadsheetRefused:
        raise
    except Exception as exc:
        raise _not_a_spreadsheet() from exc
    if headers is None:
        raise SpreadsheetRefused(_("The sheet is empty."), code="empty")
    # Trailing empty headings (a formatted but unused column) are dropped, and the rows
    # are cut or padded to the headings' width.
    while headers and headers[-1] in (None, ""):
        headers.pop()
    width = len(headers)
    rows = [(row + [None] * width)[:width] for row in rows]
    return SheetRows(title=sheet.title, headers=headers, rows=rows, numbers=numbers)
