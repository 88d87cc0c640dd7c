"""The conformance check page: a proposal in, the plan's verdict out, printable as 审查意见.

A GET: the check writes nothing, so the answer has an address of its own (bookmarked,
printed again, sent to a colleague) and needs no CSRF token. Whoever may read the plan may
use it, like the API's check; the printed opinion names the signed-in reviewer, or leaves
a line to sign where nobody is signed in.
"""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from planportal.context_processors import plan_portal, selected_plan
from planportal.plan_text import resolve_reference
from review.forms import ConformanceCheckForm


@require_safe
def check(request):
    """The form; with ``right_type`` in the query, the verdict with each finding's clause."""
    plan = selected_plan(request)
    asked = "right_type" in request.GET
    form = ConformanceCheckForm(request.GET if asked else None, plan=plan)
    verdict = form.verdict if asked and form.is_valid() else None
    findings = []
    if verdict is not None:
        findings = [
            (finding, resolve_reference(plan, finding.reference)) for finding in verdict.findings
        ]
    user = request.user
    reviewer = (user.get_full_name() or user.get_username()) if user.is_authenticated else ""
    context = {
        **plan_portal(request),
        "nav": "check",
        "form": form,
        "verdict": verdict,
        "findings": findings,
        "reviewer": reviewer,
        "today": timezone.localdate(),
    }
    return render(request, "review/check.html", context)
