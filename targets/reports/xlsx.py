"""The evaluation report as an Excel workbook, with native charts.

Sheets: a cover (the plan, the year, the kind, who signed it off or that it is a draft, and
the key figures with a chart of the targets by status), one sheet per target table, one per
table of the review of the previous plan (十三五), and the register summaries with a chart
each. Figures are number cells; every text cell goes through ``planportal.excel``, so a
staff member's "=HYPERLINK(…)" stays the text it is.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font

from planportal.excel import XLSX_CONTENT_TYPE, row_cells, sheet_title
from targets.reports.content import (
    indicator_headers,
    indicator_row,
    local_time,
    period_text,
    register_tables,
    report_title,
    review_groups,
    signature_text,
    status_heading,
    summary_rows,
    target_groups,
)

__all__ = ["XLSX_CONTENT_TYPE", "write_workbook"]

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")

# Widths (in characters) of the wide columns of a target table: indicator, target, reason.
INDICATOR_WIDTHS = {2: 30, 4: 16, 6: 14}
REASON_WIDTH = 40


def write_workbook(data, stream):
    """Write the report ``data`` (``targets.evaluation.report_data``) as .xlsx to ``stream``."""
    workbook = Workbook()
    titles = set()
    _cover(workbook.active, data, titles)
    for group in target_groups(data) + review_groups(data):
        _group_sheet(workbook.create_sheet(_unique_title(group["title"], titles)), group)
    _registers_sheet(
        workbook.create_sheet(
            _unique_title(pgettext("evaluation report", "Register summaries"), titles)
        ),
        data.get("registers") or {},
    )
    workbook.save(stream)


def _unique_title(title, taken):
    """A sheet title Excel accepts, not yet used in this workbook."""
    base = sheet_title(title)
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


def _append(worksheet, values, font=None):
    worksheet.append(row_cells(worksheet, values))
    if font is not None:
        for cell in worksheet[worksheet.max_row]:
            cell.font = font
    return worksheet.max_row


def _cover(worksheet, data, titles):
    worksheet.title = _unique_title(pgettext("evaluation report", "Cover"), titles)
    plan = data["plan"]
    _append(worksheet, [report_title(data)], TITLE)
    _append(worksheet, [None])
    for label, value in (
        (_("Plan"), f"{plan.get('name')}（{plan.get('code')}）"),
        (_("Period"), period_text(plan)),
        (pgettext("evaluation report", "Year evaluated"), data.get("year")),
        (pgettext("evaluation report", "Kind of evaluation"), data.get("kind_label")),
        (pgettext("evaluation report", "Sign-off"), signature_text(data)),
        (pgettext("evaluation report", "Generated at"), local_time(data.get("generated_at"))),
    ):
        row = _append(worksheet, [label, value])
        worksheet.cell(row, 1).font = BOLD
    _append(worksheet, [None])
    _append(worksheet, [status_heading(), pgettext("evaluation report", "Number")], BOLD)
    rows = summary_rows(data.get("summary") or {})
    first = worksheet.max_row + 1
    for label, count in rows:
        _append(worksheet, [label, count])
    last = worksheet.max_row
    row = _append(
        worksheet,
        [pgettext("evaluation report", "Total"), (data.get("summary") or {}).get("total")],
    )
    worksheet.cell(row, 1).font = BOLD
    worksheet.column_dimensions["A"].width = 18
    worksheet.column_dimensions["B"].width = 48
    if rows:
        chart = _bar_chart(worksheet, status_heading(), 1, 2, first, last)
        worksheet.add_chart(chart, "D3")


def _group_sheet(worksheet, group):
    years = list(group.get("years") or [])
    _append(worksheet, [group.get("title")], TITLE)
    if group.get("target_heading"):
        _append(worksheet, [group["target_heading"]])
    headers = indicator_headers(years)
    header_row = _append(worksheet, headers, BOLD)
    for indicator in group.get("indicators", []):
        row = _append(worksheet, indicator_row(indicator, years))
        for column in (2, len(headers)):
            worksheet.cell(row, column).alignment = WRAP
    worksheet.freeze_panes = worksheet.cell(header_row + 1, 3)
    for column, width in INDICATOR_WIDTHS.items():
        worksheet.column_dimensions[worksheet.cell(1, column).column_letter].width = width
    reason = worksheet.cell(1, len(headers)).column_letter
    worksheet.column_dimensions[reason].width = REASON_WIDTH


def _registers_sheet(worksheet, registers):
    row = 1
    for title, headers, rows in register_tables(registers):
        _append(worksheet, [title], TITLE)
        _append(worksheet, headers, BOLD)
        first = worksheet.max_row + 1
        for values in rows:
            _append(worksheet, values)
        last = worksheet.max_row
        if rows:
            chart = _bar_chart(worksheet, title, 1, 2, first, last)
            worksheet.add_chart(chart, f"F{row}")
        # Leave room for the chart (about 15 rows high) before the next table.
        row = max(last + 2, row + 17)
        while worksheet.max_row < row - 1:
            _append(worksheet, [None])
    totals = registers.get("totals") or {}
    if totals:
        _append(worksheet, [pgettext("evaluation report", "Total")], TITLE)
        for key, value in _flat(totals):
            _append(worksheet, [key, value])
    worksheet.column_dimensions["A"].width = 24


def _flat(totals, prefix=""):
    """(key, value) of a nested dict of totals, nested keys joined by a dot."""
    for key, value in totals.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flat(value, f"{name}.")
        else:
            yield name, value


def _bar_chart(worksheet, title, label_column, value_column, first, last):
    chart = BarChart()
    chart.type = "col"
    chart.title = str(title)
    chart.legend = None
    chart.add_data(
        Reference(worksheet, min_col=value_column, min_row=first, max_row=last),
        titles_from_data=False,
    )
    chart.set_categories(Reference(worksheet, min_col=label_column, min_row=first, max_row=last))
    chart.height = 7.5
    chart.width = 15
    return chart
