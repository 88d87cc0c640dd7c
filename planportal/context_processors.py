"""What every page needs: the plan being shown and the plans one can switch to.

A page shows one plan, chosen with ``?plan=<code>`` and defaulting to
``settings.PLAN_PORTAL_DEFAULT_PLAN``. Views call :func:`selected_plan`; the base layout
reads ``plan`` and ``plans`` from :func:`plan_portal`. Both are memoised on the request,
so a page costs the same two queries whether or not the processor is installed.
"""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _

from planportal.models import Plan


def selected_plan(request):
    """The plan named by ``?plan=``, else the default plan, else the newest one; 404 if unknown."""
    if not hasattr(request, "_selected_plan"):
        code = request.GET.get("plan") or settings.PLAN_PORTAL_DEFAULT_PLAN
        plan = Plan.objects.by_code(code)
        if plan is None:
            if request.GET.get("plan"):
                raise Http404(_("There is no plan with the code “%(code)s”.") % {"code": code})
            plan = Plan.objects.first()
            if plan is None:
                raise Http404(_("No plan has been loaded yet."))
        request._selected_plan = plan
    return request._selected_plan


def use_plan(request, plan):
    """Show ``plan`` on this request whatever ``?plan=`` says (a page of one plan's record)."""
    request._selected_plan = plan


def plan_choices(request):
    """Every plan, for the switcher in the page header (one query per request)."""
    if not hasattr(request, "_plan_choices"):
        request._plan_choices = list(
            Plan.objects.only("code", "name", "period_start", "period_end", "is_draft")
        )
    return request._plan_choices


def plan_portal(request):
    """Context processor: the selected plan and the plans to switch to."""
    return {"plan": selected_plan(request), "plans": plan_choices(request)}
