"""Template filters of the target pages: a target's text and unit, a status's label and colour.

The rules are those of ``targets.formatting``; these filters only hand them to templates.
"""

from django import template

from targets import formatting
from targets.choices import Status

register = template.Library()

# The target with its unit, for a page that has no unit column; without it, for a table
# that has one.
register.filter("target_display", formatting.target_text)
register.filter("target_cell", formatting.target_figure)
register.filter("target_is_computed", formatting.target_is_computed)
register.filter("unit_cell", formatting.unit_cell)
register.filter("unit_label", formatting.unit_label)
register.filter("status_label", formatting.status_label)

# A status (``with_completion``) -> the CSS modifier of its badge and progress bar.
STATUS_CLASSES = {
    Status.MET: "good",
    Status.WITHIN: "good",
    Status.ABOVE: "warn",
    Status.BELOW: "bad",
    Status.NOT_MET: "bad",
    Status.NO_DATA: "none",
    Status.NO_TARGET: "none",
}


@register.filter
def status_class(status):
    return STATUS_CLASSES.get(status, "none")
