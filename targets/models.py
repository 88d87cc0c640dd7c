"""Target indicators (规划指标), their actual figures, key projects and stated figures.

Their codes are in ``targets.choices``; the figures computed from them (completion, status,
live figures) in ``targets.querysets``, built from the SQL of ``targets.expressions``.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from deposits.models import Mineral, MineralClass
from planportal.choices import MiningMethod
from planportal.models import (
    DECIMAL_MAX_DIGITS,
    NaturalKeyManager,
    NaturalKeyModel,
    Plan,
    TimeStampedModel,
    capacity_unit_in_range,
    non_negative,
)
from planportal.units import (
    CAPACITY_UNIT_CHOICES,
    Basis,
    IncompatibleUnits,
    Unit,
    dimension_of,
    same_dimension,
)
from targets.choices import (
    FIRST_YEAR,
    LAST_YEAR,
    Aggregation,
    Attribute,
    GroupRole,
    LiveMetric,
    TargetKind,
    ValueSource,
)
from targets.querysets import IndicatorQuerySet, IndicatorValueQuerySet

# The years a table heading names: "2021—2025 规划目标" (a span), "2025 年规划目标" (one year).
YEAR_SPAN = re.compile(r"\d{4}\s*[—–~-]+\s*\d{4}")
ONE_YEAR = re.compile(r"\d{4}\s*年")


class IndicatorGroup(NaturalKeyModel, TimeStampedModel):
    """A table of targets in the plan (专栏7 …) or the prose that states targets."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, verbose_name=_("plan"))
    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(
        _("title"), max_length=200, help_text=_("The table's title as printed.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    period_start = models.PositiveSmallIntegerField(_("period start year"))
    period_end = models.PositiveSmallIntegerField(_("period end year"))
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=GroupRole.choices,
        default=GroupRole.TARGETS,
        help_text=_("The plan's own targets, or its review of the previous plan's."),
    )
    target_heading = models.CharField(
        _("heading of the target column"),
        max_length=100,
        blank=True,
        help_text=_(
            "The head of the table's target column as printed (2021—2025 规划目标, "
            "2025 年规划目标): it sets how its indicators' actual figures are formed."
        ),
    )

    natural_key_fields = ("plan", "code")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator group")
        verbose_name_plural = _("indicator groups")
        ordering = ["plan_id", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_group_unique_code"),
        ]

    def __str__(self):
        return self.title

    @property
    def default_aggregation(self):
        """How the actual figures of this table's targets are formed, read from its heading.

        A span of years (专栏7/8 "2021—2025 规划目标") asks for the total over the period, one
        year (专栏9/10 "2025 年规划目标") for that year's figure; anything else for the latest.
        """
        if YEAR_SPAN.search(self.target_heading):
            return Aggregation.PERIOD_TOTAL
        if ONE_YEAR.search(self.target_heading):
            return Aggregation.TARGET_YEAR
        return Aggregation.LATEST


class Indicator(NaturalKeyModel, TimeStampedModel):
    """A target of the plan: a plain value, a bound (≥45, 控制在…以内) or a range (1-2)."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, verbose_name=_("plan"))
    group = models.ForeignKey(
        IndicatorGroup,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=pgettext_lazy("indicator", "group"),
    )
    seq = models.PositiveIntegerField(
        _("serial number"),
        validators=[MinValueValidator(1)],
        help_text=_("Serial number (序号) of the row in the plan's table."),
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("Name, exactly as the plan prints it.")
    )
    mineral = models.ForeignKey(
        Mineral, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("mineral")
    )
    mineral_class = models.ForeignKey(
        MineralClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("mineral class"),
        help_text=_(
            "The register rows of these minerals count for the target; "
            "empty: those of its own mineral."
        ),
    )
    unit = models.CharField(
        _("unit"),
        max_length=20,
        choices=Unit.choices,
        help_text=_("Unit of measurement of the figures of the row."),
    )
    basis = models.CharField(
        _("basis"),
        max_length=10,
        choices=Basis.choices,
        blank=True,
        help_text=_("Whether the figures count ore or the metal in it (矿石量 / 金属量)."),
    )
    unit_as_printed = models.CharField(
        _("unit as printed"),
        max_length=50,
        blank=True,
        help_text=_("The unit exactly as the plan prints it."),
    )
    target_year = models.PositiveSmallIntegerField(
        _("target year"), help_text=_("Year the target is for.")
    )
    target_kind = models.CharField(
        _("kind of target"),
        max_length=10,
        choices=TargetKind.choices,
        default=TargetKind.VALUE,
        help_text=_("How the target reads: a value, at least, at most, or a range."),
    )
    target_value = models.DecimalField(
        _("target"),
        max_digits=DECIMAL_MAX_DIGITS,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("The value, or the bound for at-least / at-most targets."),
    )
    target_low = models.DecimalField(
        _("range from"),
        max_digits=DECIMAL_MAX_DIGITS,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Lower end of a range target."),
    )
    target_high = models.DecimalField(
        _("range to"),
        max_digits=DECIMAL_MAX_DIGITS,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Upper end of a range target."),
    )
    target_as_printed = models.CharField(
        _("target as printed"),
        max_length=100,
        blank=True,
        help_text=_("The target exactly as the plan prints it."),
    )
    attribute = models.CharField(
        _("attribute"),
        max_length=10,
        choices=Attribute.choices,
        blank=True,
        help_text=_("Expected (预期性) or binding (约束性) indicator."),
    )
    live_metric = models.CharField(
        _("live metric"),
        max_length=30,
        choices=LiveMetric.choices,
        blank=True,
        help_text=_("Computed from the registers instead of typed in."),
    )
    clause = models.CharField(
        _("clause"),
        max_length=100,
        blank=True,
        help_text=_("Section of the plan the row comes from, e.g. 三(一)."),
    )
    note = models.CharField(
        _("note"), max_length=255, blank=True, help_text=_("Remark (备注) as the plan prints it.")
    )
    aggregation = models.CharField(
        _("actual figure formed as"),
        max_length=20,
        choices=Aggregation.choices,
        blank=True,
        help_text=_(
            "How the actual figure is formed from the yearly figures: their total over the "
            "period, the figure of the target year, or the latest figure. Empty: from the "
            "heading of the table (the latest figure for a live indicator)."
        ),
    )
    # RESTRICT, not PROTECT: the source cannot be deleted while a target reads it, but a
    # plan's indicators can be deleted together (PROTECT refuses even that).
    figures_from = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="readers",
        verbose_name=_("figures from"),
        help_text=_(
            "Another target on the same quantity whose yearly figures this one reads: the "
            "quantity is measured once, each target judges it by its own rule. Such a target "
            "has no figures of its own."
        ),
    )

    natural_key_fields = ("group", "seq")  # (plan code, group code, seq)

    objects = NaturalKeyManager.from_queryset(IndicatorQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan_id", "group__order", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["group", "seq"], name="indicator_unique_seq"),
            models.CheckConstraint(
                condition=Q(target_low__lte=F("target_high"))
                | Q(target_low__isnull=True)
                | Q(target_high__isnull=True),
                name="indicator_range_ordered",
                violation_error_message=_("A range must not end below its start."),
            ),
            models.CheckConstraint(
                condition=~Q(target_kind="range")
                | (Q(target_low__isnull=False) & Q(target_high__isnull=False)),
                name="indicator_range_has_ends",
                violation_error_message=_("A range target needs both ends."),
            ),
        ]

    def __str__(self):
        return f"{self.group.title} {self.seq}. {self.name}"

    def save(self, *args, **kwargs):
        if not self.aggregation:
            self.aggregation = self.default_aggregation()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("targets:detail", args=[self.pk])

    def default_aggregation(self):
        """The aggregation an indicator takes when none is given: a live figure is the latest
        (the registers as they stand), any other follows its table's heading."""
        if self.live_metric:
            return Aggregation.LATEST
        return self.group.default_aggregation

    def clean(self):
        if self.group_id and self.plan_id and self.group.plan_id != self.plan_id:
            raise ValidationError({"group": _("The group belongs to another plan.")})
        if self.mineral_class_id and self.plan_id and self.mineral_class.plan_id != self.plan_id:
            raise ValidationError(
                {"mineral_class": _("The mineral class belongs to another plan.")}
            )
        if self.live_metric and self.aggregation not in ("", Aggregation.LATEST):
            raise ValidationError(
                {"aggregation": _("A live figure is the registers' as they stand: the latest.")}
            )
        if self.figures_from_id:
            self.clean_figures_from()

    def clean_figures_from(self):
        source = self.figures_from
        if source.pk == self.pk:
            error = _("A target cannot read its own figures.")
        elif self.plan_id and source.plan_id != self.plan_id:
            error = _("The target whose figures are read belongs to another plan.")
        elif source.figures_from_id:
            error = _("“%(source)s” reads the figures of another target itself: name that one.")
        elif self.live_metric or source.live_metric:
            error = _("A live figure comes from the registers; it is not read from another target.")
        elif self.unit and not same_dimension(self.unit, source.unit):
            error = _("The target whose figures are read measures something else (%(unit)s).")
        elif self.pk and self.values.exists():
            error = _("This target has figures of its own: delete them before it reads another's.")
        elif self.pk and self.readers.exists():
            error = _("Other targets read this target's figures: it cannot read another's.")
        else:
            return
        raise ValidationError(
            {"figures_from": error % {"source": source, "unit": Unit(source.unit).label}}
        )


class IndicatorValue(NaturalKeyModel, TimeStampedModel):
    """The actual figure of an indicator for one year, with where it comes from."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="values",
        verbose_name=_("indicator"),
        help_text=_("Id of the indicator the figure is for (see /api/v1/indicators/)."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text=_("Year the figure is for."),
    )
    value = models.DecimalField(
        _("actual figure"),
        max_digits=DECIMAL_MAX_DIGITS,
        decimal_places=4,
        help_text=_("The figure, in its unit."),
    )
    unit = models.CharField(
        _("unit"),
        max_length=20,
        choices=Unit.choices,
        help_text=_("Unit of measurement of the figures of the row."),
    )
    value_as_printed = models.CharField(
        _("figure as printed"),
        max_length=50,
        blank=True,
        help_text=_("The figure exactly as it was printed or reported."),
    )
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=ValueSource.choices,
        help_text=_("Where the figure comes from: the plan, a statistics report, a register…"),
    )
    source_note = models.CharField(
        _("source detail"),
        max_length=255,
        blank=True,
        help_text=_("Which report, register extract or passage of the plan."),
    )
    stated_completion_rate = models.DecimalField(
        _("completion rate as printed (%)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The completion rate the plan itself prints, kept to compare."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )

    natural_key_fields = ("indicator", "year")
    # What the bureau reported: a plan reload never overwrites a figure staff entered or
    # changed, not even with --overwrite; a person corrects it through the portal.
    staff_owned = True

    objects = NaturalKeyManager.from_queryset(IndicatorValueQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actual figure")
        verbose_name_plural = _("actual figures")
        ordering = [
            "indicator__plan_id",
            "indicator__group__order",
            "indicator__seq",
            "indicator_id",
            "year",
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="indicator_value_year_in_range",
                violation_error_message=_("The year is out of range."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="one_value_per_indicator_year",
                violation_error_message=_("This indicator already has a figure for that year."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.name} {self.year}: {self.value}"

    def clean(self):
        if self.indicator_id and self.indicator.figures_from_id:
            raise ValidationError(
                {
                    "indicator": _(
                        "“%(indicator)s” reads the figures of “%(source)s”: enter the figure "
                        "there, once for both targets."
                    )
                    % {"indicator": self.indicator, "source": self.indicator.figures_from}
                }
            )
        if self.indicator_id and self.unit:
            try:
                same = dimension_of(self.unit) == dimension_of(self.indicator.unit)
            except IncompatibleUnits as exc:
                raise ValidationError({"unit": str(exc)}) from exc
            if not same:
                raise ValidationError(
                    {
                        "unit": _(
                            "A figure in %(unit)s cannot be compared with a target in %(target)s."
                        )
                        % {
                            "unit": Unit(self.unit).label,
                            "target": Unit(self.indicator.unit).label,
                        }
                    }
                )


class KeyProject(NaturalKeyModel, TimeStampedModel):
    """A key project of 专栏19–22."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, verbose_name=_("plan"))
    group = models.CharField(
        _("table"), max_length=20, help_text=_("专栏 the project is listed in.")
    )
    group_title = models.CharField(
        _("table title"),
        max_length=100,
        help_text=_("Title of the plan's table (专栏) the row is listed in."),
    )
    seq = models.PositiveIntegerField(
        _("serial number"),
        validators=[MinValueValidator(1)],
        help_text=_("Serial number (序号) of the row in the plan's table."),
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("Name, exactly as the plan prints it.")
    )
    note = models.CharField(
        _("note"), max_length=100, blank=True, help_text=_("Remark (备注) as the plan prints it.")
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("What the project builds (建设内容).")
    )
    implementer = models.CharField(
        _("implemented by"),
        max_length=100,
        blank=True,
        help_text=_("Who carries out the project (实施单位)."),
    )
    admin_region = models.CharField(
        _("administrative region"),
        max_length=100,
        blank=True,
        help_text=_("Township or county the row lies in (所在行政区)."),
    )
    mineral = models.ForeignKey(
        Mineral, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("mineral")
    )
    mining_method = models.CharField(
        _("mining method"),
        max_length=20,
        choices=MiningMethod.choices,
        blank=True,
        help_text=_("Mining method: open-pit, underground or both."),
    )
    capacity = models.DecimalField(
        _("capacity"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Production capacity (生产规模) per year, in the capacity unit."),
    )
    capacity_unit = models.CharField(
        _("capacity unit"),
        max_length=20,
        choices=CAPACITY_UNIT_CHOICES,
        blank=True,
        help_text=_("Unit of the production capacity, per year."),
    )
    capacity_as_printed = models.CharField(
        _("capacity as printed"),
        max_length=100,
        blank=True,
        help_text=_("The production capacity exactly as the plan prints it."),
    )
    status_as_printed = models.CharField(
        _("status as printed"),
        max_length=50,
        blank=True,
        help_text=_("The project's status exactly as printed."),
    )
    schedule_start = models.PositiveSmallIntegerField(
        _("schedule from"),
        null=True,
        blank=True,
        help_text=_("First year of the project's schedule."),
    )
    schedule_end = models.PositiveSmallIntegerField(
        _("schedule to"), null=True, blank=True, help_text=_("Last year of the project's schedule.")
    )
    schedule_as_printed = models.CharField(
        _("schedule as printed"),
        max_length=50,
        blank=True,
        help_text=_("The schedule exactly as the plan prints it."),
    )

    natural_key_fields = ("plan", "group", "seq")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("key project")
        verbose_name_plural = _("key projects")
        ordering = ["plan_id", "group", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "group", "seq"], name="key_project_unique_seq"),
            non_negative("capacity", "key_project"),
            capacity_unit_in_range("capacity_unit", "key_project"),
            models.CheckConstraint(
                condition=Q(schedule_end__gte=F("schedule_start"))
                | Q(schedule_start__isnull=True)
                | Q(schedule_end__isnull=True),
                name="key_project_schedule_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("targets:project-detail", args=[self.pk])

    @property
    def plan_table(self):
        """The plan's table the project is listed in (专栏19 基础性公益性地质重点项目)."""
        return f"{self.group} {self.group_title}"


class StatedFigure(NaturalKeyModel, TimeStampedModel):
    """A figure the plan states in its prose, to be compared with its own tables.

    Where prose and tables disagree (8.95 km² in the prose, 8.96 from the rows), the table
    rows are the record and this figure is what the plan says about them.

    The check against the registers lives in ``review.stated_figures``; the figure itself stays
    here, beside the plan's other transcribed statements (indicators, key projects): it is a
    row of the plan loaded with them, and the review app sits above the registers and targets,
    so nothing below it may depend on it.
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, verbose_name=_("plan"))
    seq = models.PositiveIntegerField(_("serial number"), validators=[MinValueValidator(1)])
    clause = models.CharField(_("clause"), max_length=100)
    subject = models.CharField(_("subject"), max_length=200)
    value = models.DecimalField(_("stated figure"), max_digits=DECIMAL_MAX_DIGITS, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    metric = models.CharField(
        _("metric"),
        max_length=200,
        blank=True,
        help_text=_("The figure of the registers this statement is compared with."),
    )
    as_printed = models.TextField(_("as printed"))

    natural_key_fields = ("plan", "seq")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stated figure")
        verbose_name_plural = _("stated figures")
        ordering = ["plan_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "seq"], name="stated_figure_unique_seq"),
        ]

    def __str__(self):
        return f"{self.subject}: {self.value}"


class EvaluationKind(models.TextChoices):
    """A final evaluation (终期评估) of the period's last year, or a mid-term one (中期评估)."""

    FINAL = "final", _("final evaluation")
    MIDTERM = "midterm", _("mid-term evaluation")


class Evaluation(TimeStampedModel):
    """The evaluation of a plan as at one year: staff's narrative, the portal's figures.

    Until it is signed off its figures are computed afresh on every read; signing off freezes
    them in ``snapshot`` (``targets.evaluation``), so later corrections leave the report as
    signed and show as changes since.
    """

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("plan")
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text=_("The year the plan is evaluated as at (2025: the final evaluation)."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=EvaluationKind.choices,
        blank=True,
        help_text=_("Empty: final when the year is the last of the plan's period, else mid-term."),
    )
    overall = models.TextField(_("overall implementation of the plan"), blank=True)
    targets = models.TextField(_("completion of the targets"), blank=True)
    tasks = models.TextField(_("main tasks and measures"), blank=True)
    problems = models.TextField(_("problems and their causes"), blank=True)
    recommendations = models.TextField(_("recommendations for the next plan"), blank=True)
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True, editable=False)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    snapshot = models.JSONField(
        _("snapshot"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The figures and text as signed off; empty until then."),
    )

    history = HistoricalRecords()

    # The narrative sections of the usual outline, in the report's order.
    SECTION_FIELDS = ("overall", "targets", "tasks", "problems", "recommendations")

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["plan_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="evaluation_unique_year"),
        ]

    def __str__(self):
        return f"{self.plan.code} {self.year} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if not self.kind and self.plan_id is not None:
            self.kind = self.derived_kind()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "kind"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("targets:evaluation", args=[self.pk])

    def clean(self):
        super().clean()
        if self.pk is not None:
            # A signed evaluation's text is part of the signed report: no write path changes
            # it (the services, the admin and the API all clean before saving).
            stored = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .values("signed_off_at", "plan_id", "year", *self.SECTION_FIELDS)
                .first()
            )
            if stored and stored["signed_off_at"] is not None:
                names = ("plan_id", "year", *self.SECTION_FIELDS)
                if any(stored[name] != getattr(self, name) for name in names):
                    raise ValidationError(
                        _(
                            "This evaluation has been signed off: its text and reasons "
                            "can no longer change."
                        ),
                        code="signed",
                    )
        if self.plan_id is not None and self.year is not None:
            plan = self.plan
            if not plan.period_start <= self.year <= plan.period_end:
                raise ValidationError(
                    {
                        "year": _("The year must lie in the plan's period (%(start)s–%(end)s).")
                        % {"start": plan.period_start, "end": plan.period_end}
                    }
                )

    def derived_kind(self):
        """Final when the year is the last of the plan's period, else mid-term."""
        if self.year == self.plan.period_end:
            return EvaluationKind.FINAL
        return EvaluationKind.MIDTERM

    @property
    def is_signed(self):
        return self.signed_off_at is not None


class EvaluationReason(TimeStampedModel):
    """Why a target was not met (原因分析), written by staff for one evaluation."""

    evaluation = models.ForeignKey(
        Evaluation,
        on_delete=models.CASCADE,
        related_name="reasons",
        verbose_name=_("evaluation"),
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    reason = models.TextField(_("reason"), help_text=_("Why the target was not met (原因分析)."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reason a target was not met")
        verbose_name_plural = _("reasons targets were not met")
        ordering = ["evaluation_id", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "indicator"], name="evaluation_reason_unique_indicator"
            ),
        ]

    def __str__(self):
        return f"{self.evaluation}: {self.indicator}"

    def clean(self):
        super().clean()
        if self.evaluation_id is not None and self.evaluation.is_signed:
            raise ValidationError(
                _(
                    "This evaluation has been signed off: its text and reasons can no longer change."
                ),
                code="signed",
            )
        if (
            self.evaluation_id is not None
            and self.indicator_id is not None
            and self.indicator.plan_id != self.evaluation.plan_id
        ):
            raise ValidationError(
                {"indicator": _("The indicator must be of the evaluation's plan.")}
            )
