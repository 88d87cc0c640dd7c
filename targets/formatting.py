"""How a target reads: its text, its unit and its status, the one rule for every surface.

The admin changelist, the pages (through ``targets.templatetags.target_pages``) and the Excel
exports of the pages all call these functions; none of them writes a target out itself.

A target reads as the plan prints it ("≥45", "1-2", "控制在 20 家以内"), with the unit added
only where the print is a bare number. A target the plan does not print (十三五 非金属矿产:
the unit cell says 花岗岩 1 处, the target cell is empty; a target typed in the admin) reads
as the figure the completion rate divides by, a bound with its sign: "1 处", "≥45 万吨".

On a Chinese page the record's words are shown; on a page in another language, the plan's
Chinese words are not: the unit is the unit's own translated name, with the basis (ore /
metal) the printed cell names, and a target printed in words reads as its figure with its
sign ("≤20 mines" for 控制在 20 家以内). The record keeps the plan's words either way.
"""

import re

from django.utils import translation

from planportal.formatting import figure
from planportal.units import Basis
from targets.choices import Status, TargetKind

# A printed target that is only a number, a bound or a range (≥45, 2—3, 1-2, 200): its unit
# is printed in another column. Anything with words (控制在 20 家以内, 不超过 3 个) has its own.
BARE_TARGET = re.compile(r"[\d\s.,\-—–~～≥≤<>=+]+")

BOUND_SIGNS = {TargetKind.AT_LEAST: "≥", TargetKind.AT_MOST: "≤"}

# Chinese characters (CJK ideographs): a print that holds one is shown on Chinese pages only.
CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _page_is_chinese():
    """Whether the page is in Chinese, the plan's language (the active language, else the
    project's default)."""
    return (translation.get_language() or "zh-hans").startswith("zh")


def _shows_print(text):
    """Whether a printed cell may be shown as it is: on a Chinese page, or without Chinese."""
    return _page_is_chinese() or not CHINESE.search(text)


def target_is_printed(indicator):
    """Whether the plan prints the target (else it is computed from the target fields)."""
    return bool((indicator.target_as_printed or "").strip())


def unit_label(indicator):
    """The unit written after one of the indicator's figures (its target, actual, baseline).

    The unit as printed, unless that cell holds the target itself (花岗岩 1 处): then the
    unit's own name. On a page not in Chinese, a printed cell in Chinese gives way to the
    unit's translated name and its basis ("10k t (ore)" for 矿石 万吨). The only place that
    decides which word a unit is shown as.
    """
    printed = indicator.unit_as_printed
    if target_is_printed(indicator) and printed and _shows_print(printed):
        return printed
    if indicator.basis and not _page_is_chinese():
        return f"{indicator.get_unit_display()} ({Basis(indicator.basis).label})"
    return indicator.get_unit_display()


def unit_cell(indicator):
    """The unit column of a table of targets: the unit cell as the plan prints it (花岗岩 1 处
    included) on a Chinese page, else :func:`unit_label`."""
    printed = indicator.unit_as_printed
    if printed and _shows_print(printed):
        return printed
    return unit_label(indicator)


def target_figure(indicator):
    """The target without its unit, for a table with a unit column: "≥45", "1-2", "控制在 20
    家以内", or the figure the rate divides by; "" when there is no target. A print in
    Chinese words reads as that figure on a page in another language ("≤20")."""
    if target_is_printed(indicator) and _shows_print(indicator.target_as_printed):
        return indicator.target_as_printed.strip()
    if indicator.target_kind == TargetKind.RANGE:
        if indicator.target_low is None or indicator.target_high is None:
            return ""
        return f"{figure(indicator.target_low)}–{figure(indicator.target_high)}"
    if indicator.target_value is None:
        return ""
    # A bound keeps its sign, written as the plan writes its own (专栏10: ≥45).
    return BOUND_SIGNS.get(indicator.target_kind, "") + figure(indicator.target_value)


def target_text(indicator):
    """The target with its unit, where nothing else shows the unit: "≥45 %", "1-2 处",
    "控制在 20 家以内" (the print has its own unit); "" when there is no target."""
    text = target_figure(indicator)
    if not text:
        return ""
    if text == (indicator.target_as_printed or "").strip() and not BARE_TARGET.fullmatch(text):
        return text
    return f"{text} {unit_label(indicator)}"


def target_is_computed(indicator):
    """Whether the shown target is the figure the rate divides by, not printed by the plan."""
    return not target_is_printed(indicator) and bool(target_figure(indicator))


def status_label(status):
    """The label of a status code (``with_completion``'s ``status``), "" for none."""
    return Status(status).label if status else ""
