"""How a number reads: the one rule for figures and rates, in the admin, pages and exports.

The admin shows a figure as stored, without the zeros of its column's scale
(:func:`plain_number`); the pages group the thousands of a large whole number and mark a
missing one with a dash (:func:`figure`); a rate is two decimals at most, then % (:func:`percent`).
The template filters of ``planportal.templatetags.plan_pages`` are these functions.
"""

from decimal import Decimal, InvalidOperation

# What a page shows where there is no figure.
NO_FIGURE = "—"


def plain_number(value):
    """A Decimal without the trailing zeros of its column's scale, nor an exponent: 30.0000 → 30.

    None stays None, so the admin shows its usual empty-value mark.
    """
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


def figure(value):
    """A figure as the pages show it: 20.8300 → 20.83, 24.0000 → 24, 12000 → 12,000.

    Whole numbers from 10 000 up have their thousands grouped; a missing figure is a dash;
    anything that is not a number is shown as it is.
    """
    if value is None or value == "":
        return NO_FIGURE
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1)):,}" if abs(number) >= 10000 else str(int(number))
    return plain_number(number)


def percent(value):
    """A rate as the plan prints it: two decimals at most, then %: 33.2500 → "33.25 %"."""
    if value is None or value == "":
        return NO_FIGURE
    return f"{figure(Decimal(value).quantize(Decimal('0.01')))} %"
