"""``?format=xlsx``: any API list as an Excel workbook of the same filtered rows.

The list's filters, search and ordering apply as for JSON; the pagination checks the count
(``PlanPagination``: at most ``XLSX_MAX_ROWS``, a sheet's capacity) and the list view
(``SpreadsheetListMixin``) answers ``workbook_response``: every matching row, read
``XLSX_CHUNK_ROWS`` at a time and serialised by the list's own serializer a chunk at a
time, streamed as it is written (``planportal.excel.stream_workbook``), so memory stays
flat and the first bytes leave at once. The headings are the serializer fields' labels in
the request's language (Chinese by default); the cells are written by ``planportal.excel``,
so text that looks like a formula stays inert text. Errors stay JSON, like the rest of the
API (they are raised before the first byte).
"""

import json
from itertools import islice

from django.utils.translation import gettext as _
from rest_framework.renderers import BaseRenderer, JSONRenderer

from planportal.excel import (
    XLSX_CONTENT_TYPE,
    Sheet,
    content_disposition,
    workbook_bytes,
    xlsx_stream_response,
)

# The most rows one workbook holds (a sheet's 1,048,576 rows, less the headings); a list
# longer than this asks for narrower filters.
XLSX_MAX_ROWS = 1_048_575

# Records read and serialised at a time while a workbook streams.
XLSX_CHUNK_ROWS = 2000

# Where a heading is cut when it comes from a field's description.
# (Chinese full stop, semicolon, colon, comma and bracket, then their English kin.)
_HEADING_ENDS = ("。", "\uff1b", "\uff1a", "\uff0c", "\uff08", ". ", "; ", ": ", ", ", " (")


def field_heading(name, field):
    """A column heading for a serializer field: its label, else the start of its description.

    DRF makes a label out of the field's name when none is given ("Unit display"); such a
    field is headed by its description instead, and ``<x>_display`` by the heading of ``x``.
    """
    generated = name.replace("_", " ").capitalize()
    label = str(field.label or "")
    if label and label != generated:
        return label
    if name.endswith("_display"):
        parent = field.parent.fields.get(name.removesuffix("_display")) if field.parent else None
        if parent is not None:
            return _("%(heading)s (label)") % {
                "heading": field_heading(name.removesuffix("_display"), parent)
            }
    text = str(field.help_text or "").strip()
    for end in _HEADING_ENDS:
        text = text.split(end, 1)[0]
    return text.rstrip("。.") or name


def cell(value):
    """A value of the serializer's data as one cell: a related record by its name."""
    if isinstance(value, dict):
        for key in ("name", "label", "code"):
            if key in value:
                return value[key]
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "、".join(str(cell(item)) for item in value)
    return value


class XLSXRenderer(BaseRenderer):
    """Renders a list's rows as a workbook of one sheet, headed by the fields' labels."""

    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        context = renderer_context or {}
        response = context.get("response")
        view = context.get("view")
        if response is not None and response.status_code >= 400:
            # An error is JSON whatever was asked for.
            response["Content-Type"] = JSONRenderer.media_type
            return JSONRenderer().render(data, JSONRenderer.media_type, context)
        rows = data.get("results", [data]) if isinstance(data, dict) else list(data or [])
        body = workbook_bytes([list_sheet(view, rows)])
        if response is not None:
            response["Content-Disposition"] = content_disposition(
                workbook_filename(context.get("request"))
            )
        return body


def list_sheet(view, rows):
    """A sheet of serialised ``rows`` (dicts) headed by the view's serializer fields."""
    fields = view.get_serializer().fields
    names = [name for name, field in fields.items() if not field.write_only]
    headers = [field_heading(name, fields[name]) for name in names]
    model = getattr(getattr(view.get_serializer_class(), "Meta", None), "model", None)
    title = model._meta.verbose_name_plural if model is not None else "Sheet"
    return Sheet(
        title=str(title),
        headers=headers,
        rows=([cell(row.get(name)) for name in names] for row in rows),
    )


def workbook_filename(request):
    """``<resource>.xlsx``, after the list's address (``/api/v1/deposits/`` → deposits)."""
    resource = request.path.rstrip("/").rsplit("/", 1)[-1] if request else "export"
    return f"{resource}.xlsx"


def serialized_rows(view, queryset, chunk_rows=XLSX_CHUNK_ROWS):
    """The queryset's rows as the list's serializer gives them, read and serialised
    ``chunk_rows`` at a time (``prefetch_related`` is honoured per chunk)."""
    records = queryset.iterator(chunk_size=chunk_rows)
    while chunk := list(islice(records, chunk_rows)):
        yield from view.get_serializer(chunk, many=True).data


def workbook_response(view, request, queryset):
    """The filtered ``queryset`` as a streamed workbook (see the module docstring)."""
    sheet = list_sheet(view, serialized_rows(view, queryset))
    return xlsx_stream_response(workbook_filename(request), [sheet])
