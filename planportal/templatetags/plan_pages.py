"""Template helpers for the pages: figures, progress bars, status colours, sorting links."""

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
