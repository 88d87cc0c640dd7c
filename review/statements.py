"""The plan's self-check as pages, the API and exports read it: each stated figure beside the
figure its tables give, with the clause it comes from.

``review.stated_figures`` computes; this module memoises the checks on the request (the filters,
the rows and the summary of one request read them once) and words what it shows.
"""

from django.utils.translation import gettext as _

from planportal.models import Plan
from review.stated_figures import REGISTERS, metric_parse, optional_fields, stated_figure_checks


def figure_checks(request, figures):
    """``{figure pk: StatedFigureCheck}`` for every figure of the plans ``figures`` (a
    queryset of ``StatedFigure``) belongs to, read once per plan and request."""
    memo = request.__dict__.setdefault("_stated_figure_checks", {})
    plan_ids = set(figures.order_by().values_list("plan", flat=True).distinct())
    missing = plan_ids - memo.keys()
    if missing:
        for plan in Plan.objects.filter(pk__in=missing):
            memo[plan.pk] = {check.figure.pk: check for check in stated_figure_checks(plan)}
    return {pk: check for plan_id in plan_ids for pk, check in memo.get(plan_id, {}).items()}


def difference(check):
    """The tables' figure less the stated one (in the stated unit), or None."""
    if check is None or check.computed_as_stated is None:
        return None
    return check.computed_as_stated - check.figure.value


def unchecked_reason(check):
    """Why a figure cannot be checked: the columns its tables do not record; else ""."""
    if check is None:
        return _("The figure names no figure of the tables to compare with.")
    if check.checkable:
        return ""
    if check.computed is not None:
        return _("The stated unit (%(unit)s) measures something else than the tables' figure.") % {
            "unit": check.figure.get_unit_display()
        }
    metric = metric_parse(check.figure.metric)
    if metric.is_target:
        return _("The target is a range: compare with its ends (target_low, target_high).")
    model = REGISTERS[metric.register]
    fields = [str(model._meta.get_field(name).verbose_name) for name in optional_fields(metric)]
    return _("The table (%(table)s) records no %(fields)s for its rows.") % {
        "table": model._meta.verbose_name_plural,
        "fields": "、".join(f"“{field}”" for field in fields),
    }


def statement_summary(checks):
    """How many figures agree, disagree and cannot be checked."""
    outcomes = [check.agrees for check in checks]
    return {
        "total": len(outcomes),
        "agree": outcomes.count(True),
        "disagree": outcomes.count(False),
        "not_checkable": outcomes.count(None),
    }


def statement_row(check):
    """One figure as pages and the workbook show it."""
    return {
        "figure": check.figure,
        "computed": check.computed_as_stated,
        "agrees": check.agrees,
        "checkable": check.checkable,
        "difference": difference(check),
        "reason": unchecked_reason(check),
    }
