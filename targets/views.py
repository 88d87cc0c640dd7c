"""Target pages: the overview, the dashboard of targets, an indicator, the 十三五 review.

Every figure comes from ``targets.selectors`` (``with_completion().with_live()``, computed
once in the database); these views only choose what to show and how.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from planportal.concurrency import StaleVersion
from planportal.context_processors import plan_portal, selected_plan, use_plan
from planportal.excel import Sheet, xlsx_response
from rights.views import ExplorationRightListView, MiningRightListView
from targets.choices import GroupRole, LiveMetric
from targets.formatting import status_label, target_figure, unit_cell, unit_label
from targets.forms import DashboardFilterForm, IndicatorValueForm
from targets.live import evaluation_year, indicator_live_records
from targets.models import Indicator, IndicatorGroup, IndicatorValue
from targets.selectors import (
    indicator_dashboard,
    indicator_same_quantity_targets,
    indicator_status_summary,
    indicator_trend,
    review_tables,
    with_figures,
)
from targets.services import indicator_value_record
from targets.summary import plan_summary
from targets.templatetags.target_pages import status_class

# Live metrics whose records are exploration rights; the others are mining rights.
EXPLORATION_METRICS = {LiveMetric.EXPLORATION_RIGHT_COUNT, LiveMetric.EXPLORATION_RIGHT_AREA}

FIGURE_PERMISSIONS = ("targets.add_indicatorvalue", "targets.change_indicatorvalue")


def records_url(indicator):
    """Where the records of a live indicator are listed (None for a typed-in indicator)."""
    if not indicator.live_metric:
        return None
    return reverse("targets:records", args=[indicator.pk])


def attach_records_urls(groups):
    for group in groups:
        for indicator in group.indicator_list:
            indicator.records_url = records_url(indicator)
    return groups


@require_safe
def overview(request):
    """The plan at a glance: register counts and areas, breakdowns, key targets."""
    plan = selected_plan(request)
    summary = plan_summary(plan)
    by_mineral = {}
    for kind in ("exploration", "mining"):
        for item in summary[f"{kind}_rights"]["by_mineral"]:
            row = by_mineral.setdefault(item["name"], {"name": item["name"]})
            row[kind] = item["count"]
    rights_by_mineral = sorted(
        by_mineral.values(),
        key=lambda row: (-(row.get("exploration", 0) + row.get("mining", 0)), row["name"]),
    )
    # Key targets: the plan's own period, those with a figure to measure or a baseline to
    # measure from (a target with neither is on the targets page).
    groups = attach_records_urls(
        indicator_dashboard(plan, period=(plan.period_start, plan.period_end))
    )
    key_targets = [
        indicator
        for group in groups
        for indicator in group.indicator_list
        if indicator.current_value is not None or indicator.baseline_value is not None
    ]
    # Zones of different kinds overlap (a block lies in a key area), so only counts add up.
    zone_count = sum(item["count"] for item in summary["zones"])
    status_summary = indicator_status_summary(plan)
    context = {
        **plan_portal(request),
        "nav": "overview",
        "summary": summary,
        "rights_by_mineral": rights_by_mineral,
        "key_targets": key_targets,
        "zone_count": zone_count,
        "status_summary": status_summary,
        "charts": {
            "stage": _stage_chart(summary["exploration_rights"]["by_stage"]),
            "mineral": _mineral_chart(rights_by_mineral),
            "status": _status_chart(status_summary),
        },
    }
    return render(request, "targets/overview.html", context)


def _dashboard_groups(request, plan):
    choices = list(IndicatorGroup.objects.filter(plan=plan).order_by("order", "code"))
    form = DashboardFilterForm(request.GET, groups=choices)
    if form.is_valid():
        data = form.cleaned_data
        groups = indicator_dashboard(
            plan,
            period=data["period"],
            group=data["group"] or None,
            attribute=data["attribute"] or None,
        )
    else:
        groups = []
    # The plan's own targets lead; its review of the previous plan comes after them.
    groups.sort(key=lambda group: group.role != GroupRole.TARGETS)
    return form, attach_records_urls(groups)


@require_safe
def dashboard(request):
    """Every indicator of the plan by 专栏, with target, actual, completion and status.

    The plan's own period leads: a summary of its targets by status (figures and a chart,
    whatever the filters: how the plan stands), then its tables; the tables of its review of
    the previous plan come after them.
    """
    plan = selected_plan(request)
    form, groups = _dashboard_groups(request, plan)
    status_summary = indicator_status_summary(plan)
    context = {
        **plan_portal(request),
        "nav": "targets",
        "form": form,
        "status_summary": status_summary,
        "status_chart": _status_chart(status_summary),
        "groups": groups,
        "own_groups": [g for g in groups if g.role == GroupRole.TARGETS],
        "review_groups": [g for g in groups if g.role != GroupRole.TARGETS],
        "export_url": f"{reverse('targets:dashboard-export')}?{request.GET.urlencode()}",
    }
    return render(request, "targets/dashboard.html", context)


INDICATOR_HEADERS = (
    gettext_lazy("Table"),
    gettext_lazy("No."),
    gettext_lazy("Indicator"),
    gettext_lazy("Unit"),
    gettext_lazy("Target"),
    gettext_lazy("Target year"),
    gettext_lazy("Attribute"),
    gettext_lazy("Actual figure formed as"),
    gettext_lazy("Baseline"),
    gettext_lazy("Baseline year"),
    gettext_lazy("Latest actual"),
    gettext_lazy("Year"),
    gettext_lazy("Live register figure"),
    gettext_lazy("Completion (%)"),
    gettext_lazy("Share of the cap used (%)"),
    gettext_lazy("Status"),
)


def _indicator_row(group, indicator):
    return (
        group.title,
        indicator.seq,
        indicator.name,
        unit_cell(indicator),
        target_figure(indicator),
        indicator.target_year,
        indicator.get_attribute_display(),
        indicator.get_aggregation_display(),
        indicator.baseline_value,
        indicator.baseline_year,
        indicator.current_value,
        indicator.current_year,
        _("yes") if indicator.current_is_live else "",
        indicator.current_completion_rate,
        indicator.current_cap_usage,
        status_label(indicator.current_status),
    )


def _status_chart(status_summary):
    """The status summary as a chart draws it (``json_script``): counts and colour tones.

    The counts are the selector's, as they are; the tone of each status is the one its
    badge has on the page (``status_class``), its colour set once in portal.css.
    """
    return {
        "kind": "status",
        "title": _("Targets by status"),
        "items": [
            {
                "code": item["code"],
                "label": str(item["label"]),
                "count": item["count"],
                "tone": status_class(item["code"]),
            }
            for item in status_summary["statuses"]
        ],
    }


def _stage_chart(by_stage):
    """Exploration rights by stage, for a bar chart."""
    return {
        "kind": "bars",
        "categories": [str(item["label"]) for item in by_stage],
        "series": [
            {"name": _("Exploration rights"), "values": [item["count"] for item in by_stage]}
        ],
    }


def _mineral_chart(rights_by_mineral):
    """Exploration and mining rights by mineral, for a stacked bar chart."""
    return {
        "kind": "bars",
        "stacked": True,
        "categories": [row["name"] for row in rights_by_mineral],
        "series": [
            {
                "name": _("Exploration rights"),
                "values": [row.get("exploration", 0) for row in rights_by_mineral],
            },
            {
                "name": _("Mining rights"),
                "values": [row.get("mining", 0) for row in rights_by_mineral],
            },
        ],
    }


@require_safe
def dashboard_export(request):
    """The dashboard, as filtered, as an .xlsx workbook."""
    plan = selected_plan(request)
    _form, groups = _dashboard_groups(request, plan)
    rows = (_indicator_row(g, i) for g in groups for i in g.indicator_list)
    sheet = Sheet(title=_("Targets"), headers=INDICATOR_HEADERS, rows=rows)
    return xlsx_response(f"targets-{plan.code}.xlsx", [sheet])


@require_safe
def review(request):
    """The two 十三五 (2016–2020) tables with the completion rates computed and as printed."""
    plan = selected_plan(request)
    context = {
        **plan_portal(request),
        "nav": "review",
        "groups": review_tables(plan),
        "export_url": f"{reverse('targets:review-export')}?plan={plan.code}",
    }
    return render(request, "targets/review.html", context)


@require_safe
def review_export(request):
    plan = selected_plan(request)
    headers = (
        _("No."),
        _("Indicator"),
        _("Unit"),
        _("Target"),
        _("Actual"),
        _("Year"),
        _("Completion (%)"),
        _("Completion as printed (%)"),
        _("Status"),
    )
    sheets = [
        Sheet(
            title=group.title,
            headers=headers,
            rows=[
                (
                    i.seq,
                    i.name,
                    unit_cell(i),
                    i.target_as_printed,
                    i.latest_value,
                    i.latest_year,
                    i.completion_rate,
                    i.latest_stated_completion_rate,
                    status_label(i.status),
                )
                for i in group.indicator_list
            ],
        )
        for group in review_tables(plan)
    ]
    return xlsx_response(f"review-{plan.code}.xlsx", sheets)


def _can_enter_figures(user):
    return any(user.has_perm(perm) for perm in FIGURE_PERMISSIONS)


@require_http_methods(["GET", "POST"])
def indicator_detail(request, pk):
    """An indicator: its trend against the target, its figures, and the form to add one."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("mineral", "group", "plan"),
        pk=pk,
    )
    with_figures([indicator])
    # The page shows the indicator's own plan, whatever ?plan= says.
    use_plan(request, indicator.plan)
    # A live indicator's figure is typed in only while the registers cannot give it.
    can_enter = _can_enter_figures(request.user) and (
        not indicator.live_metric or indicator.live_value is None
    )
    form = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_enter:
            raise PermissionDenied
        form = IndicatorValueForm(request.POST, unit=indicator.unit)
        if form.is_valid() and _record_figure(request, indicator, form):
            return redirect(f"{request.path}?plan={indicator.plan.code}")
    figures = list(
        # A target reading another's figures (figures_from) lists that series, in its unit.
        IndicatorValue.objects.with_converted_value(indicator.unit)
        .filter(indicator=indicator.figures_from_id or indicator.pk)
        .select_related("entered_by")
        .order_by("year")
    )
    if form is None and can_enter:
        form = IndicatorValueForm(
            initial={"unit": indicator.unit, "year": indicator.target_year},
            figures=figures,
            unit=indicator.unit,
        )
    trend = indicator_trend(indicator)
    # Other targets on the same quantity: their verdicts beside this one's, this one first.
    others = indicator_same_quantity_targets(indicator)
    context = {
        **plan_portal(request),
        "nav": "targets",
        "indicator": indicator,
        "figures": figures,
        "chart": _chart_data(indicator, trend),
        "same_quantity": [indicator, *others] if others else [],
        "form": form,
        "records_url": records_url(indicator),
        "mining_register_url": f"{reverse('rights:mining')}?plan={indicator.plan.code}",
    }
    return render(request, "targets/indicator_detail.html", context)


def _record_figure(request, indicator, form):
    """Save the form's figure; on a refusal put the message on the form and return False."""
    data = form.cleaned_data
    exists = IndicatorValue.objects.filter(indicator=indicator, year=data["year"]).exists()
    needed = "targets.change_indicatorvalue" if exists else "targets.add_indicatorvalue"
    if not request.user.has_perm(needed):
        form.add_error(
            None,
            _("You may not correct an existing figure.")
            if exists
            else _("You may not add a figure."),
        )
        return False
    fields = {name: value for name, value in data.items() if name != "seen_versions"}
    try:
        figure, created = indicator_value_record(
            indicator=indicator,
            entered_by=request.user,
            expected_version=form.expected_version(),
            **fields,
        )
    except StaleVersion as error:
        form.add_error(None, error.message)
        return False
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    text = (
        _("The figure for %(year)s has been added.")
        if created
        else _("The figure for %(year)s has been corrected.")
    )
    messages.success(request, text % {"year": figure.year})
    return True


def _chart_data(indicator, trend):
    """What the trend chart draws, for ``json_script``; None when there is nothing to draw."""
    data = trend.chart_data()
    if not data["years"] and not data["targets"]:
        return None
    data["unit_label"] = unit_label(indicator)
    # The x axis runs over every year of the target's period, so a target line shows even
    # with one figure (or none).
    data["first_year"] = indicator.group.period_start
    data["labels"] = {
        "actual": _("Actual figure"),
        "target": _("Target"),
        "at_least": _("Target (at least)"),
        "at_most": _("Target (at most)"),
        "low": _("Range from"),
        "high": _("Range to"),
        "live": _("Live register figure"),
    }
    return data


class LiveRecordsMixin:
    """The register list restricted to the records a live indicator is computed from."""

    template_name = "targets/live_records.html"
    # The records behind a target: the navigation shows where the user came from.
    nav = "targets"
    indicator = None

    def dispatch(self, request, pk):
        use_plan(request, self.indicator.plan)
        return super().dispatch(request)

    def base_queryset(self, plan):
        return indicator_live_records(self.indicator)

    def list_url(self):
        return reverse("targets:records", args=[self.indicator.pk])

    def export_url(self):
        return reverse("targets:records-export", args=[self.indicator.pk])

    def get_extra_context(self):
        return {
            "indicator": self.indicator,
            "title": self.indicator.name,
            "evaluation_year": evaluation_year(self.indicator),
        }


class LiveMiningRecordsView(LiveRecordsMixin, MiningRightListView):
    pass


class LiveExplorationRecordsView(LiveRecordsMixin, ExplorationRightListView):
    pass


def indicator_records(request, pk, export=False):
    """Drill-down: the register rows that make up a live indicator's figure."""
    indicator = get_object_or_404(
        Indicator.objects.exclude(live_metric="").select_related("plan", "group"), pk=pk
    )
    view_class = (
        LiveExplorationRecordsView
        if indicator.live_metric in EXPLORATION_METRICS
        else LiveMiningRecordsView
    )
    return view_class.as_view(export=export, indicator=indicator)(request, pk=pk)
