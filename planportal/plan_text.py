"""The plan's text split into its sections, and the clause a reference names.

The plan prints its front matter (cover, table of contents, 总则), then chapters 一、 … 七、,
most of them in sections （一） …, with boxes (专栏 N: tables, lists) among the prose. Each
becomes a ``PlanSection`` with a stable anchor:

- ``cover`` and ``general`` (总则) for the front matter;
- ``s4`` for chapter 四、, ``s4-2`` for its section （二）;
- ``box-18`` for 专栏 18. A box printed over two pages with its heading repeated (专栏 9) is one
  section. A box ends at the next heading or at the first line of prose after it (a line that
  is no table row, no numbered item and no ``label：value`` line).

The sections are derived from ``Plan.text`` whenever the plan is loaded (``sync_sections``,
called by the plan loader); a plan without text has none.

References name a clause the way the fixtures do: "四(一) 合理确定矿山数量" (by its number;
the title after it need not be the printed heading), "三(一)", "专栏18", "专栏 18 …",
"二(三) 矿产勘查规划目标 · 专栏8" (the box, the most precise), "六、重点项目 专栏19–22" (the
chapter), "封面与总则", or a table's name. ``resolve_reference`` finds the section,
``reference_url`` the address of the plan's page at that section.
"""

import itertools
import re
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from planportal.models import PlanSection, SectionKind

NUMERALS = "一二三四五六七八九十"
_DIGITS = {numeral: value for value, numeral in enumerate(NUMERALS[:9], start=1)}

_CHAPTER = re.compile(rf"^([{NUMERALS}]+)、\s*(\S.{{0,40}})$")
_SECTION = re.compile(rf"^[(（]([{NUMERALS}]+)[)）]\s*(\S.{{0,40}})$")
_BOX = re.compile(r"^专栏\s*(\d+)\s*(.*)$")
_GENERAL = re.compile(r"^总\s*则$")
# A table of contents entry: a heading followed by its page number.
_TOC_ENTRY = re.compile(r"\t\s*\d+\s*$")
# Lines that keep a box of tables open: rows (tab-separated), numbered items, "label：value".
_BOX_LINE = re.compile(r"\t|^\d+\s*[、.\uff0e\s]|^[^。，\uff1b\t]{1,12}：")
# A box listing projects (1、… with paragraphs under each) ends at the next paragraph that opens
# with a run-in heading ("矿产资源开发利用项目。…").
_LIST_ITEM = re.compile(r"^\d+、")
_RUN_IN_HEADING = re.compile(r"^[^，。：\uff1b、\t]{2,24}。")

_REF_CLAUSE = re.compile(rf"([{NUMERALS}]+)\s*[(（]([{NUMERALS}]+)[)）]")
_REF_CHAPTER = re.compile(rf"^\s*([{NUMERALS}]+)、")
_REF_BOX = re.compile(r"专栏\s*(\d+)(\s*[–—\-~～至]\s*\d+)?")


def chinese_number(numerals):
    """The value of a Chinese numeral up to 99 (一 → 1, 十二 → 12, 二十一 → 21), or None."""
    if not numerals or any(char not in NUMERALS for char in numerals):
        return None
    if "十" not in numerals:
        return _DIGITS[numerals] if len(numerals) == 1 else None
    tens, _, units = numerals.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)


@dataclass
class Section:
    """A section found in the text, before it is stored (see ``PlanSection`` for the fields)."""

    anchor: str
    kind: str
    number: str
    title: str
    level: int
    parent: "Section | None"
    line_start: int
    line_end: int
    order: int = 0
    text: str = ""
    title_line: int = 0  # the line holding the title (a box may print it below its number)
    is_list: bool = False  # a box of numbered items with paragraphs, not a table


def _heading(line):
    """``(kind, anchor part, number as printed, title)`` when ``line`` is a heading, else None."""
    line = line.strip()
    if _TOC_ENTRY.search(line):
        return None
    if match := _CHAPTER.match(line):
        value = chinese_number(match[1])
        if value:
            return SectionKind.CHAPTER, value, f"{match[1]}、", match[2].strip()
    if match := _SECTION.match(line):
        value = chinese_number(match[1])
        if value:
            return SectionKind.SECTION, value, line[: match.start(2)].strip(), match[2].strip()
    if match := _BOX.match(line):
        number = line[: match.start(2)].strip() if match[2] else line.strip()
        return SectionKind.BOX, int(match[1]), number, match[2].strip()
    return None


def split_sections(text):
    """The sections of a plan's text, in document order (a list of ``Section``)."""
    if not text or not text.strip():
        return []
    lines = text.split("\n")
    sections = []
    chapter = section = box = None
    boxes = {}
    general = None

    def close(item, last):
        # A section ends on its last non-blank line before ``last`` (inclusive).
        while last > item.line_start and not lines[last - 1].strip():
            last -= 1
        item.line_end = max(item.line_end, last)

    def add(item):
        # A number printed twice (a slip of the text) still gives each section its own anchor.
        taken = {section.anchor for section in sections}
        anchor, copy = item.anchor, 1
        while item.anchor in taken:
            copy += 1
            item.anchor = f"{anchor}-{copy}" if anchor.startswith("box") else f"{anchor}x{copy}"
        sections.append(item)
        return item

    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if general is None and _GENERAL.match(line) and not sections[1:]:
            if sections:
                close(sections[0], number - 1)
            general = add(Section("general", SectionKind.FRONT, "", line, 1, None, number, number))
            continue
        heading = _heading(line) if line else None
        if heading is None:
            if box is not None and line and number > box.title_line:
                if _LIST_ITEM.match(line):
                    box.is_list = True
                ends = _RUN_IN_HEADING.match(line) if box.is_list else not _BOX_LINE.search(raw)
                if ends:
                    close(box, number - 1)
                    box = None
            if not sections and line:
                add(Section("cover", SectionKind.FRONT, "", "", 1, None, number, number))
            continue
        kind, value, printed, title = heading
        if kind == SectionKind.BOX:
            if box is not None and box.anchor != f"box-{value}":
                close(box, number - 1)
            if f"box-{value}" in boxes:  # the heading repeated on the next page
                box = boxes[f"box-{value}"]
                continue
            parent = section or chapter
            box = add(
                Section(
                    f"box-{value}",
                    kind,
                    printed,
                    title,
                    (parent.level + 1) if parent else 1,
                    parent,
                    number,
                    number,
                )
            )
            box.title_line = number
            if not title:  # the title printed on a line of its own (专栏 11)
                following = next((n for n in range(number, len(lines)) if lines[n].strip()), None)
                if following is not None and not _heading(lines[following]):
                    box.title = lines[following].strip()
                    box.title_line = following + 1
            boxes[box.anchor] = box
            continue
        if chapter is None and sections:
            close(sections[-1] if general is None else general, number - 1)
        for item in (box, section) if kind == SectionKind.SECTION else (box, section, chapter):
            if item is not None:
                close(item, number - 1)
        box = None
        if kind == SectionKind.CHAPTER:
            chapter = add(Section(f"s{value}", kind, printed, title, 1, None, number, number))
            section = None
        elif chapter is not None:
            section = add(
                Section(
                    f"{chapter.anchor}-{value}", kind, printed, title, 2, chapter, number, number
                )
            )
    for item in (box, section, chapter):
        if item is not None:
            close(item, len(lines))
    if chapter is None and sections:
        close(sections[-1], len(lines))
    for order, item in enumerate(sections, start=1):
        item.order = order
        item.text = "\n".join(lines[item.line_start - 1 : item.line_end])
    return sections


def _signature(section):
    parent = section.parent.anchor if section.parent else None
    return (parent, *(getattr(section, name) for name in _STORED))


_STORED = ("anchor", "kind", "number", "title", "level", "order", "line_start", "line_end", "text")


@transaction.atomic
def sync_sections(plan):
    """Store the sections of ``plan.text``, replacing those stored before; return their count.

    Anchors are derived from the printed numbers, so they stay the same across reloads; when
    nothing changed, nothing is written.
    """
    found = split_sections(plan.text)
    stored = PlanSection.objects.filter(plan=plan).select_related("parent").order_by("order")
    if [_signature(row) for row in stored] != [_signature(section) for section in found]:
        PlanSection.objects.filter(plan=plan).delete()
        saved = {}
        for section in found:
            saved[section.anchor] = PlanSection.objects.create(
                plan=plan,
                parent=saved[section.parent.anchor] if section.parent else None,
                **{name: getattr(section, name) for name in _STORED},
            )
    plan.__dict__.pop("_plan_sections", None)
    return len(found)


def plan_sections(plan):
    """The stored sections of ``plan`` in document order, read once per plan object."""
    cache = getattr(plan, "_prefetched_objects_cache", {}).get("sections")
    if cache is not None:
        return list(cache)
    if not hasattr(plan, "_plan_sections"):
        plan._plan_sections = list(PlanSection.objects.filter(plan=plan).order_by("order"))
    return plan._plan_sections


def reference_anchor(sections, reference):
    """The anchor of the section among ``sections`` (any objects with ``anchor``, ``title``,
    ``text``, ``level``) that ``reference`` names, or None."""
    if not reference or not sections:
        return None
    anchors = {section.anchor for section in sections}

    def known(anchor):
        return anchor if anchor in anchors else None

    boxes = list(_REF_BOX.finditer(reference))
    single = [match for match in boxes if not match[2]]
    if single and (anchor := known(f"box-{int(single[0][1])}")):
        return anchor
    if match := _REF_CLAUSE.search(reference):
        chapter, section = chinese_number(match[1]), chinese_number(match[2])
        if (
            chapter
            and section
            and (anchor := known(f"s{chapter}-{section}") or known(f"s{chapter}"))
        ):
            return anchor
    match = _REF_CHAPTER.match(reference)
    if match and (anchor := known(f"s{chinese_number(match[1])}")):
        return anchor
    if boxes:  # a box the plan does not print names nothing
        return known(f"box-{int(boxes[0][1])}")
    if "封面" in reference:
        return known("cover")
    if re.search(r"总\s*则", reference):
        return known("general")
    # A quoted term (“十三五”) of a section's title.
    for term in re.findall(r"“[^”]+”", reference):
        titled = [section for section in sections if term in section.title]
        if titled:
            return titled[0].anchor
    # The title, or the phrase that opens the reference, where the text prints it: the most
    # precise (deepest, then first) section that holds it.
    phrase = re.split(r"[\s（(·、，,]", reference.strip(), maxsplit=1)[0]
    if len(phrase) < 2:
        return None
    by_title = [section for section in sections if section.title and section.title == phrase]
    if by_title:
        return by_title[0].anchor
    holding = [section for section in sections if phrase in section.text]
    if holding:
        return max(holding, key=lambda section: section.level).anchor
    return None


def resolve_reference(plan, reference):
    """The ``PlanSection`` of ``plan`` that ``reference`` names, or None."""
    sections = plan_sections(plan) if plan is not None else []
    anchor = reference_anchor(sections, reference)
    return next((section for section in sections if section.anchor == anchor), None)


def section_url(plan, anchor):
    """The address of the plan's page at the section ``anchor``."""
    return f"{reverse('plan_text')}?plan={plan.code}#{anchor}"


def reference_url(plan, reference):
    """The address of the plan's page at the clause ``reference`` names, or None."""
    section = resolve_reference(plan, reference)
    return section_url(plan, section.anchor) if section is not None else None


@dataclass
class TextBlock:
    """A run of the plan's lines inside one section, for the plan's page."""

    section: object  # the innermost section holding the lines (None before the first)
    starts: bool  # the block opens its section: the page puts the anchor and heading here
    heading: str
    body: str


def text_blocks(text, sections):
    """The plan's text cut where sections start and end, in document order.

    Sections nest by their lines (a box inside its section inside its chapter), so each block
    belongs to the innermost section holding it. The first block of a section carries its
    heading line apart from the body.
    """
    if not text:
        return []
    lines = text.split("\n")
    cuts = sorted(
        {1, len(lines) + 1}
        | {section.line_start for section in sections}
        | {section.line_end + 1 for section in sections}
    )
    blocks = []
    for first, after in itertools.pairwise(cuts):
        holding = [s for s in sections if s.line_start <= first <= s.line_end]
        section = max(holding, key=lambda s: (s.line_start, s.level), default=None)
        starts = section is not None and section.line_start == first
        chunk = lines[first - 1 : after - 1]
        heading = chunk.pop(0).strip() if starts and section.kind != SectionKind.FRONT else ""
        body = "\n".join(chunk).strip("\n")
        if heading or body.strip():
            blocks.append(TextBlock(section, starts, heading, body))
    return blocks
