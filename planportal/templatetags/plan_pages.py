"""Template helpers for every page: figures, rates, progress bars, sorting links, clauses."""

from decimal import Decimal

from django import template
from django.utils.html import format_html

from planportal import formatting
from planportal.plan_text import reference_url

register = template.Library()

# A figure or a rate as the pages show it (planportal.formatting).
register.filter("figure", formatting.figure)
register.filter("percent", formatting.percent)


@register.filter
def bar_width(value):
    """Width of a progress bar in percent, 0–100 (a rate above 100 fills the bar)."""
    if value is None or value == "":
        return 0
    number = Decimal(value)
    return int(max(Decimal(0), min(Decimal(100), number)).to_integral_value())


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


@register.simple_tag(takes_context=True)
def clause_link(context, reference, label=None):
    """``reference`` (a clause such as 四(二) or 专栏18) linked to its section of the plan's
    text on /plan/; plain text when the plan's text has no such section.

    The plan is the page's (``plan`` in the context); its sections are read once per page.
    """
    plan = context.get("plan")
    label = reference if label is None else label
    if not reference:
        return label or ""
    url = reference_url(plan, reference) if plan is not None else None
    if url is None:
        return label
    return format_html('<a class="clause-link" href="{}">{}</a>', url, label)
