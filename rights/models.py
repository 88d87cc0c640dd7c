"""Exploration rights (探矿权), mining rights (采矿权) and the plan's scale rules."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from deposits.models import Mineral
from planportal.choices import MineStatus, MiningMethod, Scale, Stage
from planportal.models import (
    Plan,
    PlanRecord,
    TimeStampedModel,
    capacity_unit_in_range,
    non_negative,
)
from planportal.units import CAPACITY_UNIT_CHOICES, Basis


class RightFields(PlanRecord):
    """What every right has: name, mineral, area, and the lifecycle fields to come.

    The 2021–2025 plan carries no permit numbers, holders or validity dates, so those
    fields stay empty until the registers are kept here.
    """

    name = models.CharField(_("name"), max_length=200)
    mineral = models.ForeignKey(Mineral, on_delete=models.PROTECT, verbose_name=_("mineral"))
    mineral_as_printed = models.CharField(
        _("mineral as printed"),
        max_length=50,
        blank=True,
        help_text=_("The mineral exactly as the plan's table writes it."),
    )
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=12, decimal_places=4, validators=[MinValueValidator(0)]
    )
    as_of = models.DateField(
        _("as of"), null=True, blank=True, help_text=_("Date the register row describes.")
    )
    permit_no = models.CharField(
        _("permit number"), max_length=23, blank=True, help_text=_("配号 (23 characters)")
    )
    holder = models.CharField(_("holder"), max_length=200, blank=True)
    holder_credit_code = models.CharField(
        _("holder's unified social credit code"), max_length=18, blank=True
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

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

    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)

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
        _("capacity unit"), max_length=20, choices=CAPACITY_UNIT_CHOICES
    )
    status = models.CharField(_("status"), max_length=20, choices=MineStatus.choices)
    mining_method = models.CharField(
        _("mining method"), max_length=20, choices=MiningMethod.choices, blank=True
    )
    scale = models.CharField(
        _("registered scale"),
        max_length=20,
        choices=Scale.choices,
        blank=True,
        help_text=_("Scale as registered; the plan's table does not give it per mine."),
    )
    issuing_authority = models.CharField(_("issuing authority"), max_length=50, blank=True)

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


class ScaleStandardManager(models.Manager):
    def get_by_natural_key(self, plan_code, seq, variant):
        return self.get(plan__code=plan_code, seq=seq, variant=variant)


class ScaleStandard(TimeStampedModel):
    """A row of 专栏18 主要矿种最低开采规模设计标准 (large / medium / small thresholds).

    A cell printed as "100/200" (地下/露天) or "100/100" (水泥用/其他) becomes two rows
    with the same ``seq`` and their own ``variant``.
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, verbose_name=_("plan"))
    seq = models.PositiveIntegerField(_("row in table"), validators=[MinValueValidator(1)])
    variant = models.CharField(
        _("variant"),
        max_length=20,
        blank=True,
        help_text=_("Part of a split cell: 地下开采, 露天开采, 水泥用, 其他."),
    )
    mineral = models.ForeignKey(Mineral, on_delete=models.PROTECT, verbose_name=_("mineral"))
    mineral_as_printed = models.CharField(_("mineral as printed"), max_length=50)
    mining_method = models.CharField(
        _("mining method"), max_length=20, choices=MiningMethod.choices, blank=True
    )
    unit = models.CharField(_("unit"), max_length=20, choices=CAPACITY_UNIT_CHOICES)
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices, blank=True)
    unit_as_printed = models.CharField(_("unit as printed"), max_length=20)
    large_min = models.DecimalField(
        _("large from"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    medium_min = models.DecimalField(
        _("medium from"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
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
    large_as_printed = models.CharField(_("large as printed"), max_length=20, blank=True)
    medium_as_printed = models.CharField(_("medium as printed"), max_length=20, blank=True)
    small_as_printed = models.CharField(_("small as printed"), max_length=20, blank=True)
    min_service_years = models.PositiveSmallIntegerField(
        _("minimum service years"), null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScaleStandardManager()
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

    def natural_key(self):
        return (self.plan.code, self.seq, self.variant)

    natural_key.dependencies = ["planportal.plan"]


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
