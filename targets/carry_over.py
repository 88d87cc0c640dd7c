"""Carry-over (规划接续): the draft of the next plan, started from the one whose period ended.

The next plan starts from the registers as they stand at the end of the period and from how
the previous plan ended. ``plan_start_next`` creates the new plan as a draft (``is_draft``)
with:

- a copy of each register of the source plan, every field and ``seq`` kept: deposits,
  resource reserves, mineral regulations, mineral classes and their members, exploration
  rights and mining rights still in force, scale standards and minimum-scale rules,
  planning areas and development regions;
- for each group of the source's own targets (role ``targets``), a group of the new plan that
  reviews it (role ``review``, the source's period), with the source's indicators, their
  targets, and their final figure (what the dashboard shows as the actual: the live figure
  or the counted figures) as one actual figure each. That is how the 2021–2025 plan reviews
  十三五 in its 一(二), and the figures the next plan's baselines start from.

It does not write the new plan's own targets, key projects or text: staff enter them.

Everything is written in one transaction with ``bulk_create`` (a fixed number of queries per
model, whatever the number of rows), each record with a history entry whose change reason is
``CARRY_OVER_REASON``. The plan loader treats a record whose history holds no ``load_plan``
entry as staff's, so a later load of the new plan's fixtures never silently overwrites a
carried-over record, and a load of the source's fixtures never reaches the new plan's rows
(their natural keys start with the plan's code).
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import models, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from deposits.models import (
    Deposit,
    MineralClass,
    MineralClassMember,
    MineralRegulation,
    ResourceReserve,
)
from planportal.cache import bump_on_commit
from planportal.models import Plan
from rights.models import ExplorationRight, MinimumScaleRule, MiningRight, ScaleStandard
from targets.choices import FIRST_YEAR, LAST_YEAR, VALUE_PLACES, GroupRole, ValueSource
from targets.models import Indicator, IndicatorGroup, IndicatorValue
from zones.models import DevelopmentRegion, PlanningArea

# The change reason of every record the carry-over writes (never the loader's "load_plan").
CARRY_OVER_REASON = "start_next_plan"

# How a baseline figure says where it comes from (IndicatorValue.source_note).
FINAL_FIGURE_NOTE = "上期规划终期值（{plan}，{year} 年）"

# Registers copied whole, in an order that puts a referenced model before the ones that refer
# to it. Rights are filtered in ``_register_rows``.
REGISTERS = (
    MineralRegulation,
    MineralClass,
    MineralClassMember,
    Deposit,
    ResourceReserve,
    ExplorationRight,
    MiningRight,
    ScaleStandard,
    MinimumScaleRule,
    PlanningArea,
    DevelopmentRegion,
)

# Fields a copy never takes from its original: the database gives it its own.
_OWN_FIELDS = {"id", "created_at", "updated_at", "version"}

_PERIOD = re.compile(r"^\s*(\d{4})\s*[-–—~至]\s*(\d{4})\s*$")


@dataclass
class CarryOver:
    """What ``plan_start_next`` wrote: the new plan, rows per model, rows left behind."""

    plan: Plan
    created: dict = field(default_factory=dict)  # model label → rows created
    left_behind: dict = field(default_factory=dict)  # model label → (rows, why)

    def lines(self, *, dry_run=False):
        """One line per model, in the order written, then what was not carried."""
        verb = "would be created" if dry_run else "created"
        lines = [f"{label}: {count} {verb}" for label, count in self.created.items()]
        lines += [
            f"{label}: {count} not carried ({why})"
            for label, (count, why) in self.left_behind.items()
        ]
        return lines


def plan_period_parse(text):
    """``(start, end)`` from a period written ``2026-2030`` (or with –, —, ~, 至).

    Raises ValidationError when the text is not two four-digit years.
    """
    match = _PERIOD.match(text or "")
    if match is None:
        raise ValidationError(
            _("The period “%(period)s” is not two years such as 2026-2030.") % {"period": text},
            code="period",
        )
    return int(match[1]), int(match[2])


def plan_start_next(source, code, period_start, period_end, *, user=None):
    """Create the draft of the plan that follows ``source`` (a Plan or its code).

    The new plan, with ``code`` and the period ``period_start``–``period_end``, gets a copy
    of the source's registers as they stand and the source's final figures as a review of
    it (see the module's docstring); its base year is the source's last year. ``user`` is
    named in the history of every record written and as who entered the figures.

    Refuses with a ValidationError, writing nothing, when the source does not exist, the
    code is taken or no slug, or the period is malformed or does not start after the
    source's. Returns a ``CarryOver`` with the rows written per model.
    """
    if isinstance(source, str):
        code_of_source = source
        source = Plan.objects.by_code(code_of_source)
        if source is None:
            raise ValidationError(
                _("There is no plan with the code “%(code)s”.") % {"code": code_of_source},
                code="source",
            )
    _check_new_plan(source, code, period_start, period_end)
    with transaction.atomic():
        plan = _create_plan(source, code, period_start, period_end, user)
        result = CarryOver(plan)
        copied = {Plan: {source.pk: plan.pk}}  # model → {source pk: copy pk}
        for model in REGISTERS:
            rows = _register_rows(model, source, period_start, result)
            copied[model] = _copy(rows, model, copied, user, result)
        _review_of(source, plan, copied, user, result)
    return result


def _check_new_plan(source, code, period_start, period_end):
    errors = {}
    try:
        validate_slug(code or "")
    except ValidationError as exc:
        errors["code"] = exc.messages
    else:
        if Plan.objects.filter(code=code).exists():
            errors["code"] = [_("A plan with the code “%(code)s” exists already.") % {"code": code}]
    if not (FIRST_YEAR <= period_start <= period_end <= LAST_YEAR):
        errors["period"] = [
            _("The period %(start)s–%(end)s is not a span of years.")
            % {"start": period_start, "end": period_end}
        ]
    elif period_start <= source.period_end:
        errors["period"] = [
            _("The next plan's period must start after %(plan)s ends (%(end)s), not in %(start)s.")
            % {"plan": source, "end": source.period_end, "start": period_start}
        ]
    if errors:
        raise ValidationError(errors)


def _next_name(source, period_start, period_end):
    """The source's name with its period's years replaced by the new ones, if it has them."""
    years = re.compile(rf"{source.period_start}(\s*年?\s*[-–—~至]\s*){source.period_end}")
    return years.sub(rf"{period_start}\g<1>{period_end}", source.name)


def _create_plan(source, code, period_start, period_end, user):
    plan = Plan(
        code=code,
        name=_next_name(source, period_start, period_end),
        region_name=source.region_name,
        region_code=source.region_code,
        period_start=period_start,
        period_end=period_end,
        base_year=source.period_end,
        issuer=source.issuer,
        is_draft=True,
    )
    plan.full_clean()
    plan._change_reason = CARRY_OVER_REASON
    plan._history_user = user
    plan.save()
    return plan


def _register_rows(model, source, period_start, result):
    """The rows of ``model`` that go over to the next plan, noting any left behind."""
    if model is MineralClassMember:
        return model.objects.filter(mineral_class__plan=source)
    rows = model.objects.filter(plan=source)
    if model in (ExplorationRight, MiningRight):
        # A right that expired before the next period does not go over; nor does a closed
        # mine (in_force: the register's status).
        expired = models.Q(valid_to__lt=datetime.date(period_start, 1, 1))
        carried = rows.in_force().exclude(expired)
        left = rows.count() - carried.count()
        if left:
            why = "closed or expired" if model is MiningRight else "expired"
            result.left_behind[model._meta.label_lower] = (left, why)
        return carried
    return rows


def _copy(rows, model, copied, user, result, **values):
    """Insert a copy of each of ``rows`` (``values`` set on each); return {source pk: copy pk}.

    A foreign key to a plan or to a model copied before points at the copy; any other
    (a mineral) stays.
    """
    rows = list(rows.order_by("pk"))
    copies = [_copy_of(row, copied, **values) for row in rows]
    _insert(copies, model, user, result)
    return {row.pk: copy.pk for row, copy in zip(rows, copies, strict=True)}


def _copy_of(row, copied, **values):
    model = type(row)
    data = {}
    for model_field in model._meta.concrete_fields:
        if model_field.name in _OWN_FIELDS or model_field.name in values:
            continue
        value = getattr(row, model_field.attname)
        if model_field.is_relation and value is not None:
            mapping = copied.get(model_field.related_model)
            if mapping is not None:
                value = mapping[value]
        data[model_field.attname] = value
    return model(**data, **values)


def _insert(copies, model, user, result):
    """Bulk-insert ``copies`` with their history entries, and count them."""
    if copies:
        # bulk_create sends no save signals: the cached figures start afresh on commit.
        bump_on_commit()
        bulk_create_with_history(
            copies, model, default_user=user, default_change_reason=CARRY_OVER_REASON
        )
    result.created[model._meta.label_lower] = len(copies)


def _review_of(source, plan, copied, user, result):
    """The source's own targets and final figures, as the new plan's review of it."""
    groups = list(
        IndicatorGroup.objects.filter(plan=source, role=GroupRole.TARGETS).order_by("order", "code")
    )
    code_length = IndicatorGroup._meta.get_field("code").max_length
    reviews = [
        _copy_of(
            group,
            copied,
            code=f"review_{group.code}"[:code_length],
            title=_review_title(source, group),
            order=order,
            role=GroupRole.REVIEW,
        )
        for order, group in enumerate(groups, start=1)
    ]
    _insert(reviews, IndicatorGroup, user, result)
    copied[IndicatorGroup] = {
        group.pk: review.pk for group, review in zip(groups, reviews, strict=True)
    }

    indicators = list(Indicator.objects.filter(group__in=groups).with_live().order_by("pk"))
    # The review holds each target's final figure: it no longer reads the registers (they
    # are the next plan's now) nor another target's series.
    not_carried = {"live_metric": ""}
    for model_field in Indicator._meta.concrete_fields:
        if model_field.is_relation and model_field.related_model is Indicator:
            not_carried[model_field.name] = None
    copies = [_copy_of(indicator, copied, plan=plan, **not_carried) for indicator in indicators]
    _insert(copies, Indicator, user, result)

    figures = [
        IndicatorValue(
            indicator=copy,
            year=indicator.current_year,
            value=Decimal(indicator.current_value).quantize(Decimal(1).scaleb(-VALUE_PLACES)),
            unit=indicator.unit,
            source=_final_figure_source(indicator),
            source_note=FINAL_FIGURE_NOTE.format(plan=source.code, year=indicator.current_year),
            entered_by=user,
        )
        for indicator, copy in zip(indicators, copies, strict=True)
        if indicator.current_value is not None
    ]
    _insert(figures, IndicatorValue, user, result)


def _review_title(source, group):
    title = f"上期规划（{source.period_start}—{source.period_end}）{group.title} 完成情况"
    return title[: IndicatorGroup._meta.get_field("title").max_length]


def _final_figure_source(indicator):
    """Where the final figure came from: the registers for a live one, else its own figure's."""
    if indicator.current_is_live:
        return ValueSource.REGISTER
    return getattr(indicator, "latest_source", None) or ValueSource.OTHER
