"""Template helpers for the pages: figures, progress bars, status colours, sorting links."""

import re
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Indicator status (targets.models: with_completion) -> CSS modifier and label.
STATUS_STYLES = {
    "met": ("good", _("met")),
    "within": ("good", _("within range")),
    "above": ("warn", _("above range")),
    "below": ("bad", _("below range")),
    "not_met": ("bad", _("not met")),
    "no_data": ("none", _("no data")),
    "no_target": ("none", _("no target")),
}


@register.filter
def figure(value):
    """A Decimal without trailing zeros or exponent: 20.8300 → 20.83, 24.0000 → 24."""
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1)):,}" if abs(number) >= 10000 else str(int(number))
    text = format(number.normalize(), "f")
    return text


@register.filter
def percent(value):
    """A completion rate as printed by the plan: two decimals at most, then %."""
    if value is None or value == "":
        return "—"
    number = Decimal(value).quantize(Decimal("0.01"))
    return f"{figure(number)} %"


@register.filter
def bar_width(value):
    """Width of a progress bar in percent, 0–100 (a rate above 100 fills the bar)."""
    if value is None or value == "":
        return 0
    number = Decimal(value)
    return int(max(Decimal(0), min(Decimal(100), number)).to_integral_value())


# A printed target that is only a number, a bound or a range (≥45, 2—3, 1-2, 200): its unit
# is printed in another column. Anything with words (控制在 20 家以内, 不超过 3 个) has its own.
BARE_TARGET = re.compile(r"[\d\s.,\-—–~～≥≤<>=+]+")


def target_text(indicator, with_unit=True):
    """The target as the plan prints it, with the unit only where the print lacks one.

    "≥45" → "≥45 %", "控制在 20 家以内" stays as it is. A target the plan does not print
    (非金属矿产: the unit cell says 花岗岩 1 处, the target cell is empty) shows the figure the
    completion rate divides by; ``target_is_computed`` tells the two apart.
    """
    printed = (indicator.target_as_printed or "").strip()
    unit = indicator.unit_as_printed or indicator.get_unit_display()
    if printed:
        if with_unit and BARE_TARGET.fullmatch(printed):
            return f"{printed} {unit}"
        return printed
    if indicator.target_kind == "range":
        if indicator.target_low is None or indicator.target_high is None:
            return ""
        number = f"{figure(indicator.target_low)}–{figure(indicator.target_high)}"
    elif indicator.target_value is None:
        return ""
    else:
        number = figure(indicator.target_value)
    # The unit as printed may hold the target itself (花岗岩 1 处): use the unit's name.
    return f"{number} {indicator.get_unit_display()}" if with_unit else number


@register.filter
def target_display(indicator):
    """``target_text`` with the unit, for a page that has no unit column."""
    return target_text(indicator)


@register.filter
def target_cell(indicator):
    """``target_text`` without the unit, for a table with a unit column."""
    return target_text(indicator, with_unit=False)


@register.filter
def target_is_computed(indicator):
    """Whether the shown target is the figure the rate divides by, not printed by the plan."""
    return not (indicator.target_as_printed or "").strip() and bool(
        target_text(indicator, with_unit=False)
    )


@register.filter
def status_class(status):
    return STATUS_STYLES.get(status, ("none", ""))[0]


@register.filter
def status_label(status):
    return STATUS_STYLES.get(status, ("none", status or ""))[1]


@register.simple_tag(takes_context=True)
def sort_link(context, field, current):
    """The query string that sorts by ``field``, toggling direction when already sorted by it."""
    request = context["request"]
    query = request.GET.copy()
    query["ordering"] = f"-{field}" if current == field else field
    query.pop("page", None)
    return "?" + query.urlencode()


@register.filter
def sort_arrow(current, field):
    if current == field:
        return "▲"
    if current == f"-{field}":
        return "▼"
    return ""
