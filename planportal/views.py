"""The plan's own pages: its text, section by section."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from planportal.context_processors import plan_portal, selected_plan
from planportal.plan_text import plan_sections, text_blocks


@require_safe
def plan_text(request):
    """The plan's text with a table of contents; each section has its anchor (``#box-18``)."""
    plan = selected_plan(request)
    sections = plan_sections(plan)
    context = {
        **plan_portal(request),
        "nav": "plan",
        "sections": sections,
        "blocks": text_blocks(plan.text, sections),
    }
    return render(request, "planportal/plan_text.html", context)
