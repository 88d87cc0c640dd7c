"""Review pages: the plan's self-check (its stated figures beside its tables)."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from planportal.context_processors import plan_portal, selected_plan
from planportal.excel import Sheet, xlsx_response
from planportal.plan_text import reference_url
from review.statement_filters import StatementFilterSet
from review.statements import figure_checks, statement_row, statement_summary
from targets.models import StatedFigure


def _statements(request):
    """The selected plan, the filter form, the rows it keeps and the summary of all rows."""
    plan = selected_plan(request)
    figures = StatedFigure.objects.filter(plan=plan).exclude(metric="")
    data = request.GET.copy()
    data.pop("plan", None)  # the page's plan, chosen above
    filterset = StatementFilterSet(data, queryset=figures, request=request)
    checks = figure_checks(request, figures)
    kept = filterset.qs.order_by("seq") if filterset.is_valid() else figures.none()
    rows = [statement_row(checks[figure.pk]) for figure in kept]
    for row in rows:
        row["clause_url"] = reference_url(plan, row["figure"].clause)
    ordered = sorted(checks.values(), key=lambda check: check.figure.seq)
    return plan, filterset, rows, statement_summary(ordered)


@require_safe
def statements(request):
    """Where the plan's own numbers disagree: each stated figure beside its tables' figure."""
    plan, filterset, rows, summary = _statements(request)
    query = request.GET.copy()
    query["plan"] = plan.code
    context = {
        **plan_portal(request),
        "nav": "statements",
        "filter": filterset,
        "rows": rows,
        "summary": summary,
        "export_query": query.urlencode(),
    }
    return render(request, "review/statements.html", context)


def _yes_no(value):
    return "" if value is None else (_("yes") if value else _("no"))


@require_safe
def statements_export(request):
    """The page's rows (same filters) as an .xlsx workbook."""
    plan, _filterset, rows, _summary = _statements(request)
    sheet = Sheet(
        title=_("Self-check"),
        headers=[
            _("No."),
            _("Clause"),
            _("Subject"),
            _("Stated"),
            _("Unit"),
            _("From the tables"),
            _("Agrees"),
            _("Difference"),
            _("Checkable"),
            _("Why it cannot be checked"),
            _("As printed"),
        ],
        rows=[
            [
                row["figure"].seq,
                row["figure"].clause,
                row["figure"].subject,
                row["figure"].value,
                row["figure"].get_unit_display(),
                row["computed"],
                _yes_no(row["agrees"]),
                row["difference"],
                _yes_no(row["checkable"]),
                row["reason"],
                row["figure"].as_printed,
            ]
            for row in rows
        ],
    )
    return xlsx_response(f"plan-statements-{plan.code}.xlsx", [sheet])
