"""The evaluation of a plan (终期评估, 中期评估): its figures, its sign-off, what changed since.

Staff write the narrative sections and a reason (原因分析) for each target not met
(``Evaluation``, ``EvaluationReason``); the figures are the portal's, read from the same
selectors as the dashboard (``indicator_dashboard``, ``indicator_status_summary``,
``review_tables``, the register summaries): nothing is recomputed here. Signing off freezes the
whole report in ``Evaluation.snapshot``: a figure corrected afterwards leaves the signed report
as it was, and ``changes_since_sign_off`` lists what differs now. A signed evaluation refuses
every edit of its text and reasons (admin, pages and API all call the services below); a
superuser may reopen it (``evaluation_reopen``), which drops the snapshot, so the report is
signed again afresh.

Decisions: signing off does not require a reason for every target not met; the page lists
the targets that lack one (``missing_reasons``) before the button. The figures are those the
dashboard shows when the snapshot is built (a live register figure as at the target year, or
today's year before it). The snapshot is built in the project's language (Chinese, the
report's), whatever the language of the page that signs it.

SNAPSHOT CONTRACT (``build_snapshot`` and ``report_data`` return this dict; the report files
of ``targets.reports`` are written from it). Figures are strings exactly as the dashboard
shows them (``planportal.formatting.figure``: "1.5", "12,000"; rates ``percent``: "33.25 %"),
a missing figure is None (null)::

    {"plan": {"code", "name", "period_start", "period_end"},
     "year": int, "kind": "final" | "midterm", "kind_label": str,
     "generated_at": iso str, "signed_off_at": iso str | None, "signed_off_by": str | None,
     "sections": [{"key": "overall" | "targets" | "tasks" | "problems" | "recommendations",
                   "title": str (规划实施总体情况 …), "text": str}],
     "summary": {"met": n, "not_met": n, "within_range": n, "no_data": n, "total": n,
                 "statuses": [{"code", "label", "count"}]},
     "groups": [{"code", "title", "role": "targets" | "review", "target_heading",
                 "years": [2021, …, 2025],
                 "indicators": [{"id", "seq", "name", "attribute", "attribute_label",
                                 "unit", "aggregation", "aggregation_label",
                                 "baseline", "baseline_year", "target_text",
                                 "values": {"2021": "1.5" | None, …},
                                 "actual", "actual_year", "actual_is_live",
                                 "completion", "cap_usage", "stated_completion",
                                 "status", "status_label", "needs_reason", "reason"}]}],
     "registers": {"deposits_by_mineral": [{"label", "count"}],
                   "exploration_rights_by_stage": [{"label", "count", "area_km2"}],
                   "mining_rights_by_mineral": [{"label", "count", "area_km2"}],
                   "totals": {"deposits", "exploration_rights", "exploration_area_km2",
                              "mining_rights", "mining_area_km2"}}}

``unit`` is the unit column as the dashboard prints it, ``target_text`` the target column
(without the unit), ``completion`` the completion rate (None for a cap: see ``cap_usage``,
the share of the cap used), ``stated_completion`` the rate the plan prints (十三五 review),
``needs_reason`` whether the status calls for a reason (not met, below or above a range).
"""

import copy

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from deposits.selectors import deposit_summary
from planportal.cache import cached
from planportal.concurrency import save_versioned
from planportal.formatting import figure, percent
from rights.selectors import exploration_right_summary, mining_right_summary
from targets.choices import GroupRole, Status
from targets.expressions import converted_value, in_indicator_unit
from targets.formatting import status_label, target_figure, unit_cell
from targets.models import (
    Evaluation,
    EvaluationKind,
    EvaluationReason,
    Indicator,
    IndicatorValue,
)
from targets.selectors import indicator_dashboard, indicator_status_summary, review_tables

# The narrative sections of the usual outline of an evaluation report, in its order.
SECTION_TITLES = {
    "overall": gettext_lazy("Overall implementation of the plan"),
    "targets": gettext_lazy("Completion of the targets"),
    "tasks": gettext_lazy("Main tasks and measures"),
    "problems": gettext_lazy("Problems and their causes"),
    "recommendations": gettext_lazy("Recommendations for the next plan"),
}
# Statuses that call for a reason: the target was missed, or the figure left its range.
REASON_STATUSES = {Status.NOT_MET, Status.BELOW, Status.ABOVE}
# The indicator fields compared by ``changes_since_sign_off`` besides the yearly figures.
COMPARED_FIELDS = ("baseline", "target_text", "actual", "completion", "cap_usage", "status")


def _shown(value):
    """A figure as the dashboard shows it, None for none."""
    return None if value is None else figure(value)


def _rate(value):
    return None if value is None else percent(value)


def _yearly_values(plan, years):
    """``{indicator pk: {"2021": "1.5" | None, …}}``: each year's recorded figure, in the
    indicator's unit (a target reading another's series converted like ``with_completion``).

    One query: a subquery per year on the annotated indicators.
    """
    if not years:
        return {}
    series = IndicatorValue.objects.filter(indicator=OuterRef("_series")).order_by()
    in_series_unit = converted_value("value", "unit", "indicator__unit")
    columns = {
        f"y{year}": in_indicator_unit(
            Subquery(series.filter(year=year).values(figure=in_series_unit)[:1])
        )
        for year in years
    }
    rows = (
        Indicator.objects.with_completion()
        .filter(plan=plan)
        .annotate(**columns)
        .values("pk", *columns)
    )
    return {row["pk"]: {str(year): _shown(row[f"y{year}"]) for year in years} for row in rows}


def _indicator_entry(indicator, years, values, reasons, *, is_review):
    # The review of the previous plan reads as its page does: the recorded figures of its
    # period (the plan prints them), never today's register figure.
    status = indicator.status if is_review else indicator.current_status
    actual = indicator.latest_value if is_review else indicator.current_value
    actual_year = indicator.latest_year if is_review else indicator.current_year
    completion = indicator.completion_rate if is_review else indicator.current_completion_rate
    cap_usage = indicator.cap_usage if is_review else indicator.current_cap_usage
    own = values.get(indicator.pk, {})
    return {
        "id": indicator.pk,
        "seq": indicator.seq,
        "name": indicator.name,
        "attribute": indicator.attribute,
        "attribute_label": indicator.get_attribute_display(),
        "unit": unit_cell(indicator),
        "aggregation": indicator.aggregation,
        "aggregation_label": indicator.get_aggregation_display(),
        "baseline": _shown(indicator.baseline_value),
        "baseline_year": indicator.baseline_year,
        "target_text": target_figure(indicator),
        "values": {str(year): own.get(str(year)) for year in years},
        "actual": _shown(actual),
        "actual_year": actual_year,
        "actual_is_live": bool(getattr(indicator, "current_is_live", False)),
        "completion": _rate(completion),
        "cap_usage": _rate(cap_usage),
        "stated_completion": _rate(indicator.latest_stated_completion_rate),
        "status": status or "",
        "status_label": str(status_label(status)),
        "needs_reason": status in REASON_STATUSES,
        "reason": reasons.get(indicator.pk, ""),
    }


def _group_entry(group, values, reasons):
    years = list(range(group.period_start, group.period_end + 1))
    return {
        "code": group.code,
        "title": group.title,
        "role": group.role,
        "target_heading": group.target_heading,
        "years": years,
        "indicators": [
            _indicator_entry(
                indicator, years, values, reasons, is_review=group.role == GroupRole.REVIEW
            )
            for indicator in group.indicator_list
        ],
    }


def _summary(plan):
    summary = indicator_status_summary(plan)
    counts = {item["code"]: item["count"] for item in summary["statuses"]}
    return {
        "met": counts.get(Status.MET, 0),
        "not_met": counts.get(Status.NOT_MET, 0),
        "within_range": counts.get(Status.WITHIN, 0),
        "no_data": counts.get(Status.NO_DATA, 0),
        "total": summary["total"],
        "statuses": [
            {"code": item["code"], "label": str(item["label"]), "count": item["count"]}
            for item in summary["statuses"]
        ],
    }


def _registers(plan):
    deposits = deposit_summary(plan)
    exploration = exploration_right_summary(plan)
    mining = mining_right_summary(plan)
    return {
        "deposits_by_mineral": [
            {"label": item["name"], "count": item["count"]} for item in deposits["by_mineral"]
        ],
        "exploration_rights_by_stage": [
            {
                "label": str(item["label"]),
                "count": item["count"],
                "area_km2": figure(item["area_km2"]),
            }
            for item in exploration["by_stage"]
        ],
        "mining_rights_by_mineral": [
            {"label": item["name"], "count": item["count"], "area_km2": figure(item["area_km2"])}
            for item in mining["by_mineral"]
        ],
        "totals": {
            "deposits": deposits["count"],
            "exploration_rights": exploration["count"],
            "exploration_area_km2": figure(exploration["area_km2"]),
            "mining_rights": mining["count"],
            "mining_area_km2": figure(mining["area_km2"]),
        },
    }


def _sections(evaluation):
    return [
        {
            "key": key,
            "title": str(SECTION_TITLES[key]),
            "text": getattr(evaluation, key, "") if evaluation is not None else "",
        }
        for key in Evaluation.SECTION_FIELDS
    ]


def build_snapshot(plan, year, *, evaluation=None):
    """The evaluation report of ``plan`` as at ``year``, computed now (see the contract above).

    The figures are the dashboard's (the plan's own target tables, then its review of the
    previous plan); with ``evaluation`` its sections, kind and reasons are filled in, else
    the sections are empty and the kind derived from the year. Labels are in the active
    language. A fixed number of queries whatever the number of targets; the figures are
    cached for the current data generation (``planportal.cache``), the evaluation's text
    and reasons are read each time.
    """
    if evaluation is not None:
        kind = evaluation.kind or evaluation.derived_kind()
        reasons = dict(evaluation.reasons.values_list("indicator_id", "reason"))
    else:
        kind = Evaluation(plan=plan, year=year).derived_kind()
        reasons = {}
    figures = cached(
        ("evaluation-figures", plan.pk, timezone.localdate().year),
        lambda: _figures(plan),
    )
    # A copy: the cached figures are shared, and the caller may fill in the sign-off.
    groups = copy.deepcopy(figures["groups"])
    for group in groups:
        for indicator in group["indicators"]:
            indicator["reason"] = reasons.get(indicator["id"], "")
    signed_by = evaluation.signed_off_by if evaluation is not None else None
    return {
        "plan": {
            "code": plan.code,
            "name": plan.name,
            "period_start": plan.period_start,
            "period_end": plan.period_end,
        },
        "year": year,
        "kind": str(kind),
        "kind_label": str(EvaluationKind(kind).label),
        "generated_at": timezone.now().isoformat(),
        "signed_off_at": None,
        "signed_off_by": None if signed_by is None else str(signed_by),
        "sections": _sections(evaluation),
        "summary": copy.deepcopy(figures["summary"]),
        "groups": groups,
        "registers": copy.deepcopy(figures["registers"]),
    }


def _figures(plan):
    """The figures of a report of ``plan`` (its summary, groups without reasons, registers):
    the same whatever the evaluation, so cached per plan, year and language."""
    own = indicator_dashboard(
        plan, period=(plan.period_start, plan.period_end), role=GroupRole.TARGETS
    )
    review = review_tables(plan)
    years = sorted({y for g in [*own, *review] for y in range(g.period_start, g.period_end + 1)})
    values = _yearly_values(plan, years)
    return {
        "summary": _summary(plan),
        "groups": [_group_entry(group, values, {}) for group in [*own, *review]],
        "registers": _registers(plan),
    }


def report_data(evaluation, *, language=None):
    """The report of ``evaluation``: its frozen snapshot once signed, else built now.

    Unsigned, the figures are computed afresh (``build_snapshot``) with the current text and
    reasons, in ``language`` (by default the project's: the report's language is Chinese).
    """
    if evaluation.snapshot is not None:
        return evaluation.snapshot
    with translation.override(language or settings.LANGUAGE_CODE):
        return build_snapshot(evaluation.plan, evaluation.year, evaluation=evaluation)


def missing_reasons(data):
    """The targets of a report (``report_data``) that call for a reason and have none."""
    return [
        indicator
        for group in data["groups"]
        if group["role"] == GroupRole.TARGETS
        for indicator in group["indicators"]
        if indicator["needs_reason"] and not indicator["reason"].strip()
    ]


SIGNED_MESSAGE = gettext_lazy(
    "This evaluation has been signed off: its text and reasons can no longer change."
)


def _refuse_signed(evaluation):
    if evaluation.is_signed:
        raise ValidationError(SIGNED_MESSAGE, code="signed")


def evaluation_create(plan, year, *, kind=""):
    """A new, unsigned evaluation of ``plan`` as at ``year`` (kind derived when empty).

    Validated like every record (``full_clean``: the year in the plan's period, one
    evaluation per plan and year).
    """
    evaluation = Evaluation(plan=plan, year=year, kind=kind or "")
    if not evaluation.kind and year is not None:
        evaluation.kind = evaluation.derived_kind()
    evaluation.full_clean()
    evaluation.save()
    return evaluation


def evaluation_save(evaluation, *, sections=None, reasons=None, expected_version=None):
    """Write the narrative ``sections`` (section key → text) and the ``reasons`` (indicator
    pk → text; an empty text deletes the reason) of an unsigned evaluation, all or nothing.

    The evaluation's version is checked (StaleVersion) and raised by every save, reasons
    included, so two people saving the same evaluation cannot overwrite each other. Refuses
    a signed evaluation, an unknown section and an indicator of another plan
    (ValidationError). Returns the evaluation.
    """
    sections = dict(sections or {})
    reasons = dict(reasons or {})
    _refuse_signed(evaluation)
    unknown = set(sections) - set(Evaluation.SECTION_FIELDS)
    if unknown:
        raise ValidationError(
            _("Not a section of an evaluation: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    allowed = set(
        Indicator.objects.filter(plan=evaluation.plan_id, pk__in=list(reasons)).values_list(
            "pk", flat=True
        )
    )
    if set(reasons) - allowed:
        raise ValidationError(
            {"reasons": _("The indicator must be of the evaluation's plan.")}, code="invalid"
        )
    for name, text in sections.items():
        setattr(evaluation, name, text)
    evaluation.full_clean()
    with transaction.atomic():
        # Saved first, under the row lock of the version check: the reasons are written by
        # whoever holds the current version only. Always saved, so its version moves.
        save_versioned(
            evaluation,
            expected_version=expected_version,
            update_fields=[*sections, "updated_at"],
        )
        existing = {r.indicator_id: r for r in evaluation.reasons.all()}
        for pk, text in reasons.items():
            text = (text or "").strip()
            reason = existing.get(pk)
            if not text:
                if reason is not None:
                    reason.delete()
                continue
            if reason is None:
                reason = EvaluationReason(evaluation=evaluation, indicator_id=pk)
            elif reason.reason == text:
                continue
            reason.reason = text
            reason.full_clean()
            reason.save()
    return evaluation


def evaluation_sign_off(evaluation, user, *, expected_version=None):
    """Sign ``evaluation`` off as ``user``: freeze its report (figures, text, reasons).

    Refuses an evaluation already signed. Targets not met without a reason do not block
    the sign-off (the page lists them first). Returns the evaluation.
    """
    with transaction.atomic():
        _refuse_signed(evaluation)
        now = timezone.now()
        evaluation.signed_off_at = now
        evaluation.signed_off_by = user
        with translation.override(settings.LANGUAGE_CODE):
            data = build_snapshot(evaluation.plan, evaluation.year, evaluation=evaluation)
        data["signed_off_at"] = now.isoformat()
        data["signed_off_by"] = str(user)
        evaluation.snapshot = data
        save_versioned(
            evaluation,
            expected_version=expected_version,
            update_fields=["signed_off_at", "signed_off_by", "snapshot"],
        )
    return evaluation


def evaluation_reopen(evaluation, user, *, expected_version=None):
    """Undo the sign-off of ``evaluation`` (superusers only): its snapshot is dropped.

    The signed report stays in the evaluation's history; signing again freezes a new one.
    """
    if not user.is_superuser:
        raise PermissionDenied(_("Only a superuser may reopen a signed evaluation."))
    if not evaluation.is_signed:
        raise ValidationError(_("This evaluation is not signed off."), code="not_signed")
    evaluation.signed_off_at = None
    evaluation.signed_off_by = None
    evaluation.snapshot = None
    return save_versioned(
        evaluation,
        expected_version=expected_version,
        update_fields=["signed_off_at", "signed_off_by", "snapshot"],
    )


def _indicator_map(data):
    return {
        indicator["id"]: (group, indicator)
        for group in data["groups"]
        for indicator in group["indicators"]
    }


def changes_since_sign_off(evaluation):
    """What differs between the signed report of ``evaluation`` and its figures now.

    A list of ``{"indicator", "name", "group", "field", "signed", "current"}``: ``field`` is a
    year ("2023") for a yearly figure, else one of ``COMPARED_FIELDS``; an indicator added or
    removed since shows as ``field`` "indicator". Empty for an unsigned evaluation.
    """
    if evaluation.snapshot is None:
        return []
    signed = _indicator_map(evaluation.snapshot)
    with translation.override(settings.LANGUAGE_CODE):
        current = _indicator_map(build_snapshot(evaluation.plan, evaluation.year))
    changes = []
    for pk in [*signed, *(pk for pk in current if pk not in signed)]:
        before = signed.get(pk)
        after = current.get(pk)
        group, indicator = before or after
        row = {"indicator": pk, "name": indicator["name"], "group": group["title"]}
        if before is None or after is None:
            changes.append(
                {
                    **row,
                    "field": "indicator",
                    "signed": None if before is None else indicator["name"],
                    "current": None if after is None else indicator["name"],
                }
            )
            continue
        old, new = before[1], after[1]
        for year in sorted({*old["values"], *new["values"]}):
            if old["values"].get(year) != new["values"].get(year):
                changes.append(
                    {
                        **row,
                        "field": year,
                        "signed": old["values"].get(year),
                        "current": new["values"].get(year),
                    }
                )
        for name in COMPARED_FIELDS:
            if old.get(name) != new.get(name):
                changes.append(
                    {**row, "field": name, "signed": old.get(name), "current": new.get(name)}
                )
    return changes
