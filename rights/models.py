"""Exploration rights (探矿权), mining rights (采矿权) and the plan's scale rules."""

import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, Count, Exists, F, FloatField, OuterRef, Q, Value, When
from django.db.models.functions import NullIf
from django.db.models.lookups import GreaterThan
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from deposits.models import SAND_CLAY_CLASS, Mineral, MineralClassMember
from planportal.choices import MineStatus, MiningMethod, Scale, Stage
from planportal.models import (
    NaturalKeyManager,
    NaturalKeyModel,
    Plan,
    PlanRecord,
    TimeStampedModel,
    capacity_unit_in_range,
    non_negative,
)
from planportal.units import CAPACITY_UNIT_CHOICES, Arithmetic, Basis, Fixed

LARGE_AND_MEDIUM = (Scale.MEDIUM, Scale.LARGE, Scale.SUPER_LARGE)

# The share of large and medium mines is printed with 2 places (20.83 %).
SHARE_PLACES = 2


class RightQuerySet(models.QuerySet):
    def for_plan(self, plan):
        """Rights of ``plan``: a Plan, its pk or an ``OuterRef`` (in a correlated subquery)."""
        return self.filter(plan=plan)

    def in_force(self, on=None):
        """Rights valid ``on`` a date, or in a year (an int or an expression), where dated.

        A right without ``valid_from`` / ``valid_to`` (all of the 2021–2025 plan's rows)
        counts at any time; ``on=None`` asks nothing of the dates (the registers as they
        stand).
        """
        if on is None:
            return self.all()
        if isinstance(on, datetime.date):
            starts, ends = Q(valid_from__lte=on), Q(valid_to__gte=on)
        else:
            starts, ends = Q(valid_from__year__lte=on), Q(valid_to__year__gte=on)
        return self.filter(
            (Q(valid_from__isnull=True) | starts) & (Q(valid_to__isnull=True) | ends)
        )


class ExplorationRightQuerySet(RightQuerySet):
    pass


class MiningRightQuerySet(RightQuerySet):
    def in_force(self, on=None):
        """Mines whose right is not closed, valid ``on`` a date or in a year where dated.

        The status is the register's current one: the registers keep no date of closing,
        so a mine closed today does not count in an earlier year either.
        """
        return super().in_force(on).exclude(status=MineStatus.CLOSED)

    def for_mineral_class(self, plan, code):
        """Rights of ``plan`` whose mineral is a member of that plan's class ``code``.

        Whatever their status. The membership is the plan's data (``MineralClass``): a plan
        without a class ``code`` has no such rights.
        """
        members = MineralClassMember.objects.filter(
            mineral_class__plan=OuterRef("plan"),
            mineral_class__code=code,
            mineral=OuterRef("mineral"),
        )
        return self.filter(plan=plan).filter(Exists(members))

    def sand_clay(self, plan):
        """Rights of ``plan`` of its sand-gravel-clay minerals (砂石粘土类, 三(三))."""
        return self.for_mineral_class(plan, SAND_CLAY_CLASS)

    def large_medium_shares(self):
        """The share of large and medium mines among these rights: one row per plan.

        Rows ``{"plan": pk, "large_medium_share": Decimal | None}``. The share is the number
        of rights whose registered ``scale`` is medium, large or super-large × 100 ÷ the
        number of *all* these rights, rounded to 2 places. This is what the plan means: its
        20.83 % is 5 medium mines of its 24 mines, the same 24 as its 矿山总数 (一(一),
        四(一)), not of the mines whose scale happens to be recorded. A right without a
        registered scale therefore counts in the denominator and not in the numerator
        (callers say how many lack one). While none of them has a registered scale (the
        plan's 专栏4 gives no scale per mine) the share is unknown: None, not 0.

        The live indicator (over the mines in force) and the check of the plan's stated
        figures (over the rows a metric selects) both read it here.
        """
        scaled = Count("pk", filter=~Q(scale=""))
        large_medium = Count("pk", filter=Q(scale__in=LARGE_AND_MEDIUM))
        share = Case(
            When(
                GreaterThan(scaled, 0),
                then=Fixed(
                    Arithmetic(large_medium)
                    * Value(100)
                    / NullIf(Arithmetic(Count("pk")), Value(0), output_field=FloatField()),
                    SHARE_PLACES,
                ),
            ),
            default=None,
        )
        return self.order_by().values("plan").annotate(large_medium_share=share)


class RightFields(PlanRecord):
    """What every right has: name, mineral, area, and the lifecycle fields to come.

    The 2021–2025 plan carries no permit numbers, holders or validity dates, so those
    fields stay empty until the registers are kept here.
    """

    name = models.CharField(
        _("name"), max_length=200, help_text=_("Name, exactly as the plan prints it.")
    )
    mineral = models.ForeignKey(Mineral, on_delete=models.PROTECT, verbose_name=_("mineral"))
    mineral_as_printed = models.CharField(
        _("mineral as printed"),
        max_length=50,
        blank=True,
        help_text=_("The mineral exactly as the plan's table writes it."),
    )
    area_km2 = models.DecimalField(
        _("area (km²)"),
        max_digits=12,
        decimal_places=4,
        validators=[MinValueValidator(0)],
        help_text=_("Area in square kilometres (km²)."),
    )
    as_of = models.DateField(
        _("as of"), null=True, blank=True, help_text=_("Date the register row describes.")
    )
    permit_no = models.CharField(
        _("permit number"), max_length=23, blank=True, help_text=_("配号 (23 characters)")
    )
    holder = models.CharField(
        _("holder"), max_length=200, blank=True, help_text=_("Holder of the right (矿业权人).")
    )
    holder_credit_code = models.CharField(
        _("holder's unified social credit code"),
        max_length=18,
        blank=True,
        help_text=_("Unified social credit code (统一社会信用代码) of the holder, 18 characters."),
    )
    valid_from = models.DateField(
        _("valid from"),
        null=True,
        blank=True,
        help_text=_("First day the right is valid (有效期起)."),
    )
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("Last day the right is valid (有效期止).")
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


def validity_ordered(model_label):
    """A right's validity cannot end before it starts."""
    return models.CheckConstraint(
        condition=Q(valid_to__gte=F("valid_from"))
        | Q(valid_from__isnull=True)
        | Q(valid_to__isnull=True),
        name=f"{model_label}_validity_ordered",
        violation_error_message=_("A right cannot expire before it becomes valid."),
    )


class ExplorationRight(RightFields):
    """An exploration right (探矿权) of 专栏3."""

    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=Stage.choices,
        help_text=_("Exploration stage (勘查阶段)."),
    )

    objects = NaturalKeyManager.from_queryset(ExplorationRightQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exploration right")
        verbose_name_plural = _("exploration rights")
        ordering = ["plan_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "seq"], name="exploration_right_unique_seq"),
            non_negative("area_km2", "exploration_right"),
            validity_ordered("exploration_right"),
        ]
        # The filter column first, then the default ordering: a filtered page, with or
        # without ?plan=, is read in index order instead of sorted.
        indexes = [
            models.Index(fields=["stage", "plan", "seq"], name="exploration_right_stage_idx"),
        ]

    def get_absolute_url(self):
        return reverse("rights:exploration-detail", args=[self.pk])


class MiningRight(RightFields):
    """A mining right (采矿权) of 专栏4."""

    capacity = models.DecimalField(
        _("production capacity"),
        max_digits=12,
        decimal_places=4,
        validators=[MinValueValidator(0)],
        help_text=_("Production scale per year, in the capacity unit."),
    )
    capacity_unit = models.CharField(
        _("capacity unit"),
        max_length=20,
        choices=CAPACITY_UNIT_CHOICES,
        help_text=_("Unit of the production capacity, per year."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MineStatus.choices,
        help_text=_("Production status of the mine."),
    )
    mining_method = models.CharField(
        _("mining method"),
        max_length=20,
        choices=MiningMethod.choices,
        blank=True,
        help_text=_("Mining method: open-pit, underground or both."),
    )
    scale = models.CharField(
        _("registered scale"),
        max_length=20,
        choices=Scale.choices,
        blank=True,
        help_text=_("Scale as registered; the plan's table does not give it per mine."),
    )
    issuing_authority = models.CharField(
        _("issuing authority"),
        max_length=50,
        blank=True,
        help_text=_("Authority that issued the right (发证机关)."),
    )

    objects = NaturalKeyManager.from_queryset(MiningRightQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mining right")
        verbose_name_plural = _("mining rights")
        ordering = ["plan_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "seq"], name="mining_right_unique_seq"),
            non_negative("area_km2", "mining_right"),
            non_negative("capacity", "mining_right"),
            capacity_unit_in_range("capacity_unit", "mining_right"),
            validity_ordered("mining_right"),
        ]
        # The filter column first, then the default ordering: a filtered page, with or
        # without ?plan=, is read in index order instead of sorted.
        indexes = [
            models.Index(fields=["status", "plan", "seq"], name="mining_right_status_idx"),
            models.Index(fields=["scale", "plan", "seq"], name="mining_right_scale_idx"),
        ]

    def get_absolute_url(self):
        return reverse("rights:mining-detail", args=[self.pk])


class ScaleStandard(NaturalKeyModel, TimeStampedModel):
    """A row of 专栏18 主要矿种最低开采规模设计标准 (large / medium / small thresholds).

    A cell printed as "100/200" (地下/露天) or "100/100" (水泥用/其他) becomes two rows
    with the same ``seq`` and their own ``variant``.
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, verbose_name=_("plan"))
    seq = models.PositiveIntegerField(
        _("row in table"),
        validators=[MinValueValidator(1)],
        help_text=_("Serial number (序号) of the row in the plan's table."),
    )
    variant = models.CharField(
        _("variant"),
        max_length=20,
        blank=True,
        help_text=_("Part of a split cell: 地下开采, 露天开采, 水泥用, 其他."),
    )
    mineral = models.ForeignKey(Mineral, on_delete=models.PROTECT, verbose_name=_("mineral"))
    mineral_as_printed = models.CharField(
        _("mineral as printed"),
        max_length=50,
        help_text=_("The mineral exactly as the plan's table writes it."),
    )
    mining_method = models.CharField(
        _("mining method"),
        max_length=20,
        choices=MiningMethod.choices,
        blank=True,
        help_text=_("Mining method: open-pit, underground or both."),
    )
    unit = models.CharField(
        _("unit"),
        max_length=20,
        choices=CAPACITY_UNIT_CHOICES,
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
        _("unit as printed"), max_length=20, help_text=_("The unit exactly as the plan prints it.")
    )
    large_min = models.DecimalField(
        _("large from"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Smallest capacity of a large mine, in the unit of the row."),
    )
    medium_min = models.DecimalField(
        _("medium from"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Smallest capacity of a medium mine, in the unit of the row."),
    )
    small_min = models.DecimalField(
        _("small from"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Empty where the plan prints / or - (no small class)."),
    )
    large_as_printed = models.CharField(
        _("large as printed"),
        max_length=20,
        blank=True,
        help_text=_("Threshold of a large mine exactly as printed."),
    )
    medium_as_printed = models.CharField(
        _("medium as printed"),
        max_length=20,
        blank=True,
        help_text=_("Threshold of a medium mine exactly as printed."),
    )
    small_as_printed = models.CharField(
        _("small as printed"),
        max_length=20,
        blank=True,
        help_text=_("Threshold of a small mine exactly as printed."),
    )
    min_service_years = models.PositiveSmallIntegerField(
        _("minimum service years"),
        null=True,
        blank=True,
        help_text=_("Shortest service life (最低服务年限) of a mine, in years."),
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("Remark (备注) as the plan prints it.")
    )

    natural_key_fields = ("plan", "seq", "variant")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minimum scale standard")
        verbose_name_plural = _("minimum scale standards")
        ordering = ["plan_id", "seq", "variant"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "seq", "variant"], name="scale_standard_unique_row"
            ),
            non_negative("large_min", "scale_standard"),
            non_negative("medium_min", "scale_standard"),
            non_negative("small_min", "scale_standard"),
            capacity_unit_in_range("unit", "scale_standard"),
        ]

    def __str__(self):
        return f"{self.mineral_as_printed} {self.variant}".strip()


class MinimumScaleRule(PlanRecord):
    """A threshold below which no new mine may be set: 四(二) and 三(三) of the plan.

    ``boundary_allowed`` records how the plan words the limit: "30 万吨（不含）以下" forbids
    what is below 30, so 30 itself is allowed; "30 万吨以下" (no 不含) counts 30 among
    the forbidden, by the usual reading of 以下 in Chinese legal text.
    """

    clause = models.CharField(_("clause"), max_length=50)
    mineral = models.ForeignKey(Mineral, on_delete=models.PROTECT, verbose_name=_("mineral"))
    mining_method = models.CharField(
        _("mining method"), max_length=20, choices=MiningMethod.choices, blank=True
    )
    min_capacity = models.DecimalField(
        _("minimum capacity"), max_digits=10, decimal_places=4, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("unit"), max_length=20, choices=CAPACITY_UNIT_CHOICES)
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices, blank=True)
    boundary_allowed = models.BooleanField(
        _("threshold itself allowed"),
        default=True,
        help_text=_("Whether a capacity exactly at the threshold meets the rule."),
    )
    min_recovery_rate = models.DecimalField(
        _("minimum recovery rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    as_printed = models.CharField(_("as printed"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minimum scale rule")
        verbose_name_plural = _("minimum scale rules")
        ordering = ["plan_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "seq"], name="minimum_scale_rule_unique_seq"),
            non_negative("min_capacity", "minimum_scale_rule"),
            capacity_unit_in_range("unit", "minimum_scale_rule"),
            models.CheckConstraint(
                condition=Q(min_recovery_rate__lte=100) | Q(min_recovery_rate__isnull=True),
                name="minimum_scale_rule_recovery_rate_percent",
            ),
        ]

    def __str__(self):
        return self.as_printed
