"""The evaluation report as a Word document (python-docx), set to open right in WPS and Word.

The usual outline of an evaluation report: 一、规划实施总体情况, 二、目标指标完成情况 (the
staff's text, the key figures and the target tables, with the reason of each target not
met), 三、主要任务落实情况, 四、存在问题及原因, 五、下一步建议; then the annex tables (the
review of the previous plan, the register summaries).

Chinese text needs an East Asian font named in each style (``w:rFonts/@w:eastAsia``): Word
and WPS otherwise fall back to a Latin font's substitute. The styles also lose the template's
theme fonts, which would override any font named. Fonts as official documents set them
(GB/T 9704): body 仿宋, headings 黑体 and 楷体, tables 宋体.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from planportal.formatting import figure
from targets.reports.content import (
    period_text,
    register_tables,
    report_title,
    review_groups,
    signature_text,
    summary_sentence,
    target_groups,
)

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

LATIN_FONT = "Times New Roman"
BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
HEADING_FONTS = {1: "黑体", 2: "楷体"}
TABLE_FONT = "宋体"
TABLE_STYLE = "Report Table Text"

# 一、二、… for the outline's chapters, （一）（二）… for what is under them.
NUMERALS = "一二三四五六七八九十"
NUMBERED = re.compile(r"^\s*[（(]?[一二三四五六七八九十]+[、）)]")


def write_document(data, stream):
    """Write the report ``data`` (``targets.evaluation.report_data``) as .docx to ``stream``."""
    document = Document()
    _set_up(document)
    title = document.add_paragraph(report_title(data), style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    plan = data["plan"]
    for line in (
        f"{_('Period')}：{period_text(plan)}",
        signature_text(data),
    ):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    sections = data.get("sections") or []
    for number, section in enumerate(sections):
        document.add_heading(_numbered(number, section.get("title", "")), level=1)
        _add_text(document, section.get("text") or "")
        if section.get("key") == "targets":
            _add_targets(document, data)
    if not any(section.get("key") == "targets" for section in sections):
        document.add_heading(_numbered(len(sections), _("Targets")), level=1)
        _add_targets(document, data)

    document.add_heading(pgettext("evaluation report", "Annex tables"), level=1)
    annex = 0
    for group in review_groups(data):
        annex += 1
        _annex_heading(document, annex, group.get("title", ""))
        _indicator_table(document, group)
    for title, headers, rows in register_tables(data.get("registers") or {}):
        annex += 1
        _annex_heading(document, annex, title)
        _table(document, headers, [[_cell_text(value) for value in row] for row in rows])
    document.save(stream)


def _numbered(number, title):
    """A chapter title as the outline numbers it (一、…), unless the title has its number."""
    if NUMBERED.match(title):
        return title
    return f"{NUMERALS[number % len(NUMERALS)]}、{title}"


def _annex_heading(document, number, title):
    document.add_heading(
        pgettext("evaluation report", "Annex table %(number)s: %(title)s")
        % {"number": number, "title": title},
        level=2,
    )


def _add_text(document, text):
    """The staff's text, a paragraph per line, indented two characters as Chinese prose is."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        lines = [pgettext("evaluation report", "(Not written yet.)")]
    for line in lines:
        paragraph = document.add_paragraph(line)
        paragraph.paragraph_format.first_line_indent = Pt(32)


def _add_targets(document, data):
    summary = data.get("summary") or {}
    paragraph = document.add_paragraph(summary_sentence(summary))
    paragraph.paragraph_format.first_line_indent = Pt(32)
    for number, group in enumerate(target_groups(data)):
        document.add_heading(f"（{NUMERALS[number % len(NUMERALS)]}）{group.get('title', '')}", 2)
        _indicator_table(document, group)
        reasons = [i for i in group.get("indicators", []) if (i.get("reason") or "").strip()]
        if reasons:
            document.add_paragraph(pgettext("evaluation report", "Reasons:"))
            for indicator in reasons:
                paragraph = document.add_paragraph(
                    f"{indicator.get('seq')}. {indicator.get('name')}：{indicator['reason'].strip()}"
                )
                paragraph.paragraph_format.first_line_indent = Pt(32)


def _indicator_table(document, group):
    headers = [
        _("No."),
        _("Indicator"),
        _("Unit"),
        _("Target"),
        _("Attribute"),
        _("Actual figure formed as"),
        _("Baseline"),
        _("Actual"),
        _("Completion (%)"),
        _("Status"),
    ]
    rows = [
        [
            _cell_text(i.get("seq")),
            i.get("name") or "",
            i.get("unit") or "",
            i.get("target_text") or "",
            i.get("attribute_label") or "",
            i.get("aggregation_label") or "",
            _cell_text(i.get("baseline")),
            _cell_text(i.get("actual")),
            _cell_text(i.get("completion")),
            i.get("status_label") or "",
        ]
        for i in group.get("indicators", [])
    ]
    _table(document, headers, rows)


def _cell_text(value):
    """A figure of the report data as the pages show it: a dash for none."""
    return str(figure(value))


def _table(document, headers, rows):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # The style's id, set on each cell's paragraph directly: python-docx looks a style up
    # by name on every assignment, which costs more than the rest of the document.
    style_id = document.styles[TABLE_STYLE].style_id
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, str(text), style_id, bold=True)
    _repeat_header(table.rows[0])
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            _cell(cell, str(text), style_id)
    document.add_paragraph()
    return table


def _cell(cell, text, style_id, bold=False):
    paragraph = cell.paragraphs[0]
    paragraph._p.style = style_id
    run = paragraph.add_run(text)
    if bold:
        run.bold = True


def _repeat_header(row):
    """Repeat the heading row on every page a table runs over."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _set_up(document):
    section = document.sections[0]
    # A4, the margins of an official document.
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    styles = document.styles
    _set_fonts(styles["Normal"], BODY_FONT, size=Pt(16))
    _east_asian_default(document, BODY_FONT)
    _set_fonts(styles["Title"], TITLE_FONT, size=Pt(22), bold=True)
    for level, font in HEADING_FONTS.items():
        _set_fonts(styles[f"Heading {level}"], font, size=Pt(16), bold=level == 1)
    table_style = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_style.base_style = styles["Normal"]
    _set_fonts(table_style, TABLE_FONT, size=Pt(10.5))
    table_style.paragraph_format.space_after = Pt(0)
    table_style.paragraph_format.first_line_indent = Pt(0)


def _set_fonts(style, east_asian, size=None, bold=None):
    """Name the Latin and East Asian fonts of ``style`` and drop the theme fonts."""
    font = style.font
    font.name = LATIN_FONT
    font.color.rgb = RGBColor(0, 0, 0)
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    fonts.set(qn("w:eastAsia"), east_asian)
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    language.set(qn("w:eastAsia"), "zh-CN")


def _east_asian_default(document, east_asian):
    """The document's default East Asian font (docDefaults), for text outside any style."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)
    language = rpr.find(qn("w:lang"))
    if language is not None:
        language.set(qn("w:eastAsia"), "zh-CN")
