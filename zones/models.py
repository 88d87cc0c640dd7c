"""Planning zones and blocks (规划分区 / 区块) and the key development regions (专栏11)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from deposits.models import Mineral
from planportal.choices import Stage
from planportal.models import PlanRecord, non_negative


class ZoneKind(models.TextChoices):
    NATIONAL_PLANNED_AREA = "national_planned_area", _("national planned mining area")
    KEY_EXPLORATION_AREA = "key_exploration_area", _("key exploration area")
    KEY_MINING_AREA = "key_mining_area", _("key mining area")
    EXPLORATION_BLOCK = "exploration_block", _("exploration planning block")
    MINING_BLOCK = "mining_block", _("mining planning block")
    CONCENTRATED_AREA = "concentrated_area", _("concentrated sand-gravel-clay mining area")


class PlanningArea(PlanRecord):
    """An area or block the plan draws: 专栏12–15 and the two unnumbered tables."""

    kind = models.CharField(
        _("kind"),
        max_length=30,
        choices=ZoneKind.choices,
        help_text=_("Kind of planning area or block (分区类型)."),
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("Name, exactly as the plan prints it.")
    )
    mineral = models.ForeignKey(
        Mineral,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("mineral"),
        help_text=_("Empty where the plan names a group of minerals (砂石粘土)."),
    )
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
    admin_region = models.CharField(
        _("administrative region"),
        max_length=100,
        blank=True,
        help_text=_("Township or county the row lies in (所在行政区)."),
    )
    stage = models.CharField(
        _("planned stage"),
        max_length=20,
        choices=Stage.choices,
        blank=True,
        help_text=_("For exploration blocks: the stage of the right to be set (拟设勘查阶段)."),
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("Remark (备注) as the plan prints it.")
    )

    natural_key_fields = ("plan", "kind", "seq")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planning area")
        verbose_name_plural = _("planning areas")
        ordering = ["plan_id", "kind", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "seq"], name="planning_area_unique_seq"
            ),
            non_negative("area_km2", "planning_area"),
        ]
        # The filter column first, then the default ordering: a filtered page, with or
        # without ?plan=, is read in index order instead of sorted.
        indexes = [
            models.Index(fields=["kind", "plan", "seq"], name="planning_area_kind_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("zones:detail", args=[self.pk])


class DevelopmentRegion(PlanRecord):
    """A key development region of 专栏11 重点区域发展方向."""

    name = models.CharField(
        _("name"), max_length=200, help_text=_("Name, exactly as the plan prints it.")
    )
    development_direction = models.TextField(
        _("development direction"), help_text=_("Development direction (发展方向) of the region.")
    )
    exploration_direction = models.TextField(
        _("exploration direction"), help_text=_("Exploration direction (勘查方向) of the region.")
    )
    exploitation_direction = models.TextField(
        _("exploitation direction"), help_text=_("Exploitation direction (开发方向) of the region.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("key development region")
        verbose_name_plural = _("key development regions")
        ordering = ["plan_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "seq"], name="development_region_unique_seq"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("zones:region-detail", args=[self.pk])
