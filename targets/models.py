"""Target indicators (规划指标), their actual figures, key projects and stated figures."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    F,
    FilteredRelation,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual, IsNull, LessThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from deposits.models import Mineral
from planportal.choices import MiningMethod
from planportal.models import (
    DECIMAL_MAX_DIGITS,
    Plan,
    TimeStampedModel,
    capacity_unit_in_range,
    non_negative,
)
from planportal.units import (
    CAPACITY_UNIT_CHOICES,
    Arithmetic,
    Basis,
    Fixed,
    FixedDecimalField,
    IncompatibleUnits,
    Unit,
    dimension_of,
    unit_ratio_expression,
)

# Figures are for years of the People's Republic's plans, not typing slips like 20205.
FIRST_YEAR = 1949
LAST_YEAR = 2100


class Attribute(models.TextChoices):
    EXPECTED = "expected", _("expected")
    BINDING = "binding", _("binding")


class TargetKind(models.TextChoices):
    VALUE = "value", _("value")
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")
    RANGE = "range", _("range")


class LiveMetric(models.TextChoices):
    """Figures the portal computes from its registers instead of having them typed in."""

    MINE_COUNT = "mine_count", _("number of mines")
    LARGE_MEDIUM_SHARE = "large_medium_share", _("share of large and medium mines")
    EXPLORATION_RIGHT_COUNT = "exploration_right_count", _("number of exploration rights")
    NEW_SAND_CLAY_RIGHTS = "new_sand_clay_rights", _("new sand-gravel-clay mining rights per year")
    MINING_RIGHT_AREA = "mining_right_area", _("total area of mining rights")
    EXPLORATION_RIGHT_AREA = "exploration_right_area", _("total area of exploration rights")


class ValueSource(models.TextChoices):
    STATISTICAL_REPORT = "statistical_report", _("statistical report")
    REGISTER = "register", _("register")
    PLAN_TEXT = "plan_text", _("plan text")
    OTHER = "other", _("other")


class IndicatorGroupManager(models.Manager):
    def get_by_natural_key(self, plan_code, code):
        return self.get(plan__code=plan_code, code=code)


class IndicatorGroup(TimeStampedModel):
    """A table of targets in the plan (专栏7 …) or the prose that states targets."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, verbose_name=_("plan"))
    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(
        _("title"), max_length=200, help_text=_("The table's title as printed.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    period_start = models.PositiveSmallIntegerField(_("period start year"))
    period_end = models.PositiveSmallIntegerField(_("period end year"))

    objects = IndicatorGroupManager()
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

    def natural_key(self):
        return (self.plan.code, self.code)

    natural_key.dependencies = ["planportal.plan"]


class Status(models.TextChoices):
    """Where an indicator stands against its target (annotated by ``with_completion``)."""

    NO_TARGET = "no_target", _("no target")
    NO_DATA = "no_data", _("no data")
    MET = "met", _("met")
    NOT_MET = "not_met", _("not met")
    BELOW = "below", _("below range")
    WITHIN = "within", _("within range")
    ABOVE = "above", _("above range")


# Places of the computed figures: actual figures as stored (4), rates as the plan prints them (2).
VALUE_PLACES = 4
RATE_PLACES = 2


def _value_field():
    return FixedDecimalField(max_digits=16, decimal_places=VALUE_PLACES)


def _rate_field():
    return FixedDecimalField(max_digits=12, decimal_places=RATE_PLACES)


def completion_target():
    """The figure a completion rate divides by: the value or bound, or a range's lower end."""
    return Case(
        When(target_kind=TargetKind.RANGE, then=F("target_low")),
        default=F("target_value"),
        output_field=_value_field(),
    )


def completion_rate_expression(value):
    """actual ÷ target × 100 rounded to 2 places, as the plan computes it (铜 0.24 / 0.2 = 120).

    Both operands are cast before dividing (no integer division on SQLite), a zero target
    gives NULL (NullIf), and so does a missing value or target. An at-most target (控制在 …
    以内, 不超过) has no completion rate: the plan computes completion only for targets to
    reach, and 24 mines against a cap of 20 are not "120 % complete". Its share of the cap
    used is ``cap_usage_expression``.
    """
    return Case(
        When(target_kind=TargetKind.AT_MOST, then=Value(None)),
        default=Fixed(
            Arithmetic(value)
            * Value(100)
            / NullIf(Arithmetic(completion_target()), Value(0), output_field=FloatField()),
            RATE_PLACES,
            max_digits=12,
        ),
        output_field=_rate_field(),
    )


def cap_usage_expression(value):
    """For an at-most target: value ÷ cap × 100, 2 places (24 mines of a cap of 20: 120.00).

    None for other kinds of target, without a value, or with a zero cap.
    """
    return Case(
        When(
            target_kind=TargetKind.AT_MOST,
            then=Fixed(
                Arithmetic(value)
                * Value(100)
                / NullIf(Arithmetic(F("target_value")), Value(0), output_field=FloatField()),
                RATE_PLACES,
                max_digits=12,
            ),
        ),
        default=Value(None),
        output_field=_rate_field(),
    )


def status_expression(value):
    """The ``Status`` of ``value`` (an expression in the indicator's unit) against the target.

    value and at-least targets are met when value ≥ target, at-most targets when value ≤
    target; a range says below / within / above (both ends included in "within").
    """
    return Case(
        When(IsNull(completion_target(), True), then=Value(Status.NO_TARGET)),
        When(IsNull(value, True), then=Value(Status.NO_DATA)),
        When(
            target_kind=TargetKind.RANGE,
            then=Case(
                When(LessThan(value, F("target_low")), then=Value(Status.BELOW)),
                When(GreaterThan(value, F("target_high")), then=Value(Status.ABOVE)),
                default=Value(Status.WITHIN),
            ),
        ),
        When(
            target_kind=TargetKind.AT_MOST,
            then=Case(
                When(GreaterThan(value, F("target_value")), then=Value(Status.NOT_MET)),
                default=Value(Status.MET),
            ),
        ),
        When(GreaterThanOrEqual(value, F("target_value")), then=Value(Status.MET)),
        default=Value(Status.NOT_MET),
        output_field=CharField(),
    )


class IndicatorQuerySet(models.QuerySet):
    def for_plan(self, plan):
        """Indicators of one plan, given as a Plan, its pk or its code."""
        if isinstance(plan, str):
            return self.filter(plan__code=plan)
        return self.filter(plan=plan)

    def for_period(self, start, end=None):
        """Indicators of the groups whose period overlaps ``start``–``end`` (one year if no end)."""
        end = start if end is None else end
        return self.filter(group__period_start__lte=end, group__period_end__gte=start)

    def with_completion(self):
        """Annotate each indicator, in the database, with where it stands:

        Only the figures of the indicator's period count: years from its group's
        ``period_start`` to its ``target_year`` (2021–2025 for the plan's targets, 2016–2020
        for the 十三五 review). An earlier figure is a baseline (基期值: the plan's 2020
        figures under its 2025 targets); a later one is shown but judges nothing.

        - ``latest_year``: year of the latest counted figure (IndicatorValue), None if none;
        - ``latest_value``: that figure converted into the indicator's unit, Decimal with 4
          places (1510 万元 against a target in 亿元 is 0.1510);
        - ``latest_source``, ``latest_stated_completion_rate``: the source of that figure and
          the completion rate the plan prints for it (None if the plan prints none);
        - ``baseline_year``, ``baseline_value``: the latest figure before ``period_start``,
          converted likewise (None if none);
        - ``completion_target``: the target the rate divides by (the value, or a range's
          lower end);
        - ``completion_rate``: latest_value ÷ target × 100, 2 places, None without value or
          target, and None for an at-most target (砖瓦用粘土 26.6 / 80 = 33.25);
        - ``cap_usage``: for an at-most target, latest_value ÷ cap × 100, 2 places (the share
          of the cap used); None for other targets;
        - ``status``: one of ``Status`` (no_target, no_data, met / not_met, below / within /
          above).

        Figures only: live indicators get their register figure from ``with_live()``.
        """
        if "latest_value" in self.query.annotations:
            return self
        # The latest counted figure and the baseline are joined (one row per indicator at
        # most: one figure per year), so the expressions below read their columns instead of
        # repeating a subquery.
        figures = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by("-year")
        counted_year = figures.filter(
            year__gte=OuterRef("group__period_start"), year__lte=OuterRef("target_year")
        ).values("year")[:1]
        baseline_year = figures.filter(year__lt=OuterRef("group__period_start")).values("year")[:1]
        return (
            self.annotate(
                _latest=FilteredRelation(
                    "values", condition=Q(values__year=Subquery(counted_year))
                ),
                _baseline=FilteredRelation(
                    "values", condition=Q(values__year=Subquery(baseline_year))
                ),
            )
            .annotate(
                latest_year=F("_latest__year"),
                latest_value=_converted("_latest"),
                latest_source=F("_latest__source"),
                latest_stated_completion_rate=F("_latest__stated_completion_rate"),
                baseline_year=F("_baseline__year"),
                baseline_value=_converted("_baseline"),
                completion_target=completion_target(),
            )
            .annotate(
                completion_rate=completion_rate_expression(F("latest_value")),
                cap_usage=cap_usage_expression(F("latest_value")),
                status=status_expression(F("latest_value")),
            )
        )

    def with_live(self, today=None):
        """Add the live figure of live indicators, computed from the registers in SQL.

        - ``evaluation_year``: the year a live figure is evaluated as at: today's year, but
          never after the indicator's ``target_year`` (the 2021–2025 plan is judged as at
          2025, also in 2026);
        - ``live_value``: the register figure for the indicator's ``live_metric`` as at
          ``evaluation_year`` (see ``targets.live``), in the indicator's unit; None for an
          indicator that is not live, whose unit is not the metric's, whose evaluation year
          lies before its period, or whose figure cannot be computed from the records (the
          share of large and medium mines when no mine in force has a registered scale; the
          new sand-gravel-clay rights per year when none of them has a ``valid_from``);
        - ``live_year``: the year the live figure is for (``evaluation_year``), None without
          a live figure;
        - ``live_peak_year``: for the new sand-gravel-clay rights per year (a cap for each
          year), the live figure is the largest yearly count of ``period_start`` ..
          ``evaluation_year`` and this is the year it was reached (None otherwise);
        - ``live_unscaled_count``: for the share of large and medium mines, how many mines in
          force have no registered scale (None for other indicators);
        - ``current_value``, ``current_year``, ``current_completion_rate``,
          ``current_cap_usage``, ``current_status``, ``current_is_live``: what the dashboard
          shows as the actual: the live figure when there is one, else the latest counted
          figure; the rate, cap usage and status are computed as in ``with_completion``.

        Applies ``with_completion()`` first when it has not been applied.
        """
        from targets.live import (
            live_indicator_expression,
            live_peak_year_expression,
            unscaled_mines_expression,
        )

        qs = self if "latest_value" in self.query.annotations else self.with_completion()
        year = (today or timezone.localdate()).year
        live = F("live_value")
        return (
            qs.annotate(
                evaluation_year=Case(
                    When(target_year__lt=year, then=F("target_year")),
                    default=Value(year),
                    output_field=models.PositiveSmallIntegerField(),
                ),
            )
            .annotate(
                live_value=Case(
                    When(
                        group__period_start__gt=F("evaluation_year"),
                        then=Value(None),
                    ),
                    default=live_indicator_expression(
                        OuterRef("plan"),
                        OuterRef("evaluation_year"),
                        OuterRef("group__period_start"),
                    ),
                    output_field=_value_field(),
                ),
                live_peak_year=Case(
                    When(
                        live_metric=LiveMetric.NEW_SAND_CLAY_RIGHTS,
                        then=live_peak_year_expression(
                            OuterRef("plan"),
                            OuterRef("group__period_start"),
                            OuterRef("evaluation_year"),
                        ),
                    ),
                    default=None,
                    output_field=models.PositiveSmallIntegerField(),
                ),
                live_unscaled_count=Case(
                    When(
                        live_metric=LiveMetric.LARGE_MEDIUM_SHARE,
                        then=unscaled_mines_expression(
                            OuterRef("plan"), OuterRef("evaluation_year")
                        ),
                    ),
                    default=None,
                ),
            )
            .annotate(
                live_year=Case(
                    When(IsNull(live, False), then=F("evaluation_year")),
                    default=None,
                    output_field=models.PositiveSmallIntegerField(),
                ),
                current_is_live=Case(
                    When(IsNull(live, False), then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
                current_value=Coalesce(live, F("latest_value"), output_field=_value_field()),
                current_year=Case(
                    When(IsNull(live, False), then=F("evaluation_year")),
                    default=F("latest_year"),
                    output_field=models.PositiveSmallIntegerField(),
                ),
            )
            .annotate(
                current_completion_rate=completion_rate_expression(F("current_value")),
                current_cap_usage=cap_usage_expression(F("current_value")),
                current_status=status_expression(F("current_value")),
            )
        )


def _converted(relation):
    """A joined figure's value in its indicator's unit, 4 places."""
    return Fixed(
        Arithmetic(F(f"{relation}__value")) * unit_ratio_expression(f"{relation}__unit", "unit"),
        VALUE_PLACES,
    )


class IndicatorManager(models.Manager.from_queryset(IndicatorQuerySet)):
    def get_by_natural_key(self, plan_code, group_code, seq):
        return self.get(plan__code=plan_code, group__code=group_code, seq=seq)


class Indicator(TimeStampedModel):
    """A target of the plan: a plain value, a bound (≥45, 控制在…以内) or a range (1-2)."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, verbose_name=_("plan"))
    group = models.ForeignKey(
        IndicatorGroup,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("group"),
    )
    seq = models.PositiveIntegerField(_("serial number"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=200)
    mineral = models.ForeignKey(
        Mineral, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("mineral")
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices, blank=True)
    unit_as_printed = models.CharField(_("unit as printed"), max_length=50, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"))
    target_kind = models.CharField(
        _("kind of target"), max_length=10, choices=TargetKind.choices, default=TargetKind.VALUE
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
        _("range from"), max_digits=DECIMAL_MAX_DIGITS, decimal_places=4, null=True, blank=True
    )
    target_high = models.DecimalField(
        _("range to"), max_digits=DECIMAL_MAX_DIGITS, decimal_places=4, null=True, blank=True
    )
    target_as_printed = models.CharField(_("target as printed"), max_length=100, blank=True)
    attribute = models.CharField(
        _("attribute"), max_length=10, choices=Attribute.choices, blank=True
    )
    live_metric = models.CharField(
        _("live metric"),
        max_length=30,
        choices=LiveMetric.choices,
        blank=True,
        help_text=_("Computed from the registers instead of typed in."),
    )
    clause = models.CharField(_("clause"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = IndicatorManager()
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

    def natural_key(self):
        return (self.plan.code, self.group.code, self.seq)

    natural_key.dependencies = ["targets.indicatorgroup"]

    def clean(self):
        if self.group_id and self.plan_id and self.group.plan_id != self.plan_id:
            raise ValidationError({"group": _("The group belongs to another plan.")})


class IndicatorValueQuerySet(models.QuerySet):
    def with_converted_value(self):
        """Annotate ``converted_value``: the figure in its indicator's unit, 4 places.

        The factor is ``planportal.units.ratio`` written as SQL (1510 万元 → 0.1510 亿元).
        """
        return self.annotate(
            converted_value=Fixed(
                Arithmetic(F("value")) * unit_ratio_expression("unit", "indicator__unit"),
                VALUE_PLACES,
            )
        )


class IndicatorValueManager(models.Manager.from_queryset(IndicatorValueQuerySet)):
    def get_by_natural_key(self, plan_code, group_code, seq, year):
        return self.get(
            indicator__plan__code=plan_code,
            indicator__group__code=group_code,
            indicator__seq=seq,
            year=year,
        )


class IndicatorValue(TimeStampedModel):
    """The actual figure of an indicator for one year, with where it comes from."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    value = models.DecimalField(_("actual figure"), max_digits=DECIMAL_MAX_DIGITS, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    value_as_printed = models.CharField(_("figure as printed"), max_length=50, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=ValueSource.choices)
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

    objects = IndicatorValueManager()
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

    def natural_key(self):
        return (*self.indicator.natural_key(), self.year)

    natural_key.dependencies = ["targets.indicator"]

    def clean(self):
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


class KeyProjectManager(models.Manager):
    def get_by_natural_key(self, plan_code, group, seq):
        return self.get(plan__code=plan_code, group=group, seq=seq)


class KeyProject(TimeStampedModel):
    """A key project of 专栏19–22."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, verbose_name=_("plan"))
    group = models.CharField(
        _("table"), max_length=20, help_text=_("专栏 the project is listed in.")
    )
    group_title = models.CharField(_("table title"), max_length=100)
    seq = models.PositiveIntegerField(_("serial number"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=200)
    note = models.CharField(_("note"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    implementer = models.CharField(_("implemented by"), max_length=100, blank=True)
    admin_region = models.CharField(_("administrative region"), max_length=100, blank=True)
    mineral = models.ForeignKey(
        Mineral, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("mineral")
    )
    mining_method = models.CharField(
        _("mining method"), max_length=20, choices=MiningMethod.choices, blank=True
    )
    capacity = models.DecimalField(
        _("capacity"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    capacity_unit = models.CharField(
        _("capacity unit"), max_length=20, choices=CAPACITY_UNIT_CHOICES, blank=True
    )
    capacity_as_printed = models.CharField(_("capacity as printed"), max_length=100, blank=True)
    status_as_printed = models.CharField(_("status as printed"), max_length=50, blank=True)
    schedule_start = models.PositiveSmallIntegerField(_("schedule from"), null=True, blank=True)
    schedule_end = models.PositiveSmallIntegerField(_("schedule to"), null=True, blank=True)
    schedule_as_printed = models.CharField(_("schedule as printed"), max_length=50, blank=True)

    objects = KeyProjectManager()
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

    def natural_key(self):
        return (self.plan.code, self.group, self.seq)

    natural_key.dependencies = ["planportal.plan"]


class StatedFigureManager(models.Manager):
    def get_by_natural_key(self, plan_code, seq):
        return self.get(plan__code=plan_code, seq=seq)


class StatedFigure(TimeStampedModel):
    """A figure the plan states in its prose, to be compared with its own tables.

    Where prose and tables disagree (8.95 km² in the prose, 8.96 from the rows), the table
    rows are the record and this figure is what the plan says about them.
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

    objects = StatedFigureManager()
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

    def natural_key(self):
        return (self.plan.code, self.seq)

    natural_key.dependencies = ["planportal.plan"]
