"""Minerals (矿种), deposits (矿床) and resource reserves (资源量)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from planportal.choices import Scale, Stage
from planportal.models import (
    DECIMAL_MAX_DIGITS,
    NaturalKeyManager,
    NaturalKeyModel,
    Plan,
    PlanRecord,
    TimeStampedModel,
    non_negative,
)
from planportal.units import Basis, Unit


class MineralCategory(models.TextChoices):
    METAL = "metal", _("metallic")
    NON_METAL = "non_metal", _("non-metallic")
    WATER_GAS = "water_gas", _("water and gas")
    ENERGY = "energy", _("energy")


class Regulation(models.TextChoices):
    """三(一) 调控方向: what the plan says about exploring and mining a mineral."""

    KEY = "key", _("key")
    RESTRICTED = "restricted", _("restricted")
    PROHIBITED = "prohibited", _("prohibited")


class MineralQuerySet(models.QuerySet):
    def for_name(self, name):
        """Minerals whose canonical name or one of whose aliases is ``name``."""
        return self.filter(Q(name=name) | Q(aliases__name=name)).distinct()

    def covered(self, mineral_class=None, mineral=None):
        """The minerals a target covers: the members of its class, else its own mineral.

        A mineral's aliases are other spellings of the same row (水泥用石灰岩 is 水泥用灰岩),
        so register rows printed with an alias are covered with it. None of either: none.
        """
        if mineral_class is not None:
            return self.filter(class_memberships__mineral_class=mineral_class)
        if mineral is not None:
            return self.filter(pk=getattr(mineral, "pk", mineral))
        return self.none()


class MineralManager(NaturalKeyManager.from_queryset(MineralQuerySet)):
    def resolve(self, name):
        """The one mineral called ``name`` (canonical or alias), or DoesNotExist."""
        return self.for_name(name).get()


class Mineral(NaturalKeyModel, TimeStampedModel):
    """A mineral of the catalogue, by its canonical name, with the plan's other spellings."""

    name = models.CharField(_("canonical name"), max_length=50, unique=True)
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=MineralCategory.choices,
        blank=True,
        help_text=_("Category of the mineral: energy, metal, non-metal or water and gas."),
    )

    natural_key_fields = ("name",)
    natural_key_aliases = "aliases"  # the plan prints 铁 for 铁矿: fixtures may too

    objects = MineralManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mineral")
        verbose_name_plural = _("minerals")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("deposits:mineral-detail", args=[self.pk])


class MineralAlias(NaturalKeyModel, TimeStampedModel):
    """Another spelling of a mineral as the plan prints it (水泥用石灰岩 for 水泥用灰岩)."""

    mineral = models.ForeignKey(
        Mineral, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("mineral")
    )
    name = models.CharField(_("alias"), max_length=50, unique=True)

    natural_key_fields = ("name",)

    class Meta:
        verbose_name = _("mineral alias")
        verbose_name_plural = _("mineral aliases")
        ordering = ["mineral__name", "name"]

    def __str__(self):
        return self.name


class MineralRegulation(NaturalKeyModel, TimeStampedModel):
    """A plan's regulation direction for a mineral (三(一) 调控方向); plans may differ."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, verbose_name=_("plan"))
    mineral = models.ForeignKey(
        Mineral,
        on_delete=models.PROTECT,
        related_name="regulations",
        verbose_name=_("mineral"),
    )
    direction = models.CharField(
        _("direction"),
        max_length=20,
        choices=Regulation.choices,
        help_text=_("Regulation direction (调控方向) the plan gives the mineral."),
    )
    condition = models.CharField(
        _("condition"),
        max_length=100,
        blank=True,
        help_text=_("Where the direction applies only in part, e.g. 可耕地 (arable land)."),
    )
    as_printed = models.CharField(
        _("as printed"),
        max_length=100,
        blank=True,
        help_text=_("The words of the plan this row is taken from."),
    )
    clause = models.CharField(
        _("clause"),
        max_length=50,
        default="三(一)",
        help_text=_("Section of the plan the row comes from, e.g. 三(一)."),
    )

    natural_key_fields = ("plan", "mineral", "direction")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("regulation direction")
        verbose_name_plural = _("regulation directions")
        ordering = ["plan_id", "direction", "mineral__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "mineral", "direction"], name="one_direction_per_mineral"
            ),
        ]

    def __str__(self):
        return f"{self.mineral} · {self.get_direction_display()}"


# The code of the class the plan calls 砂石粘土类: its rights are capped each year (年净增).
SAND_CLAY_CLASS = "sand_clay"


class MineralClass(NaturalKeyModel, TimeStampedModel):
    """A class of minerals a plan rules on as one (砂石粘土类), with its own membership.

    Which minerals belong is the plan's data, not the code's: each plan lists its members,
    and a plan that names no such class gets no figure that depends on it.
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, verbose_name=_("plan"))
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("Stable identifier the portal's figures ask for, e.g. sand_clay."),
    )
    name = models.CharField(_("name"), max_length=50)
    clause = models.CharField(
        _("clause"), max_length=100, blank=True, help_text=_("Where the plan names the class.")
    )
    minerals = models.ManyToManyField(
        Mineral,
        through="MineralClassMember",
        related_name="mineral_classes",
        verbose_name=_("minerals"),
    )

    natural_key_fields = ("plan", "code")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mineral class")
        verbose_name_plural = _("mineral classes")
        ordering = ["plan_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="mineral_class_unique_code"),
        ]

    def __str__(self):
        return self.name


class MineralClassMember(NaturalKeyModel, TimeStampedModel):
    """A mineral of a plan's mineral class, and why it belongs there."""

    mineral_class = models.ForeignKey(
        MineralClass,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("mineral class"),
    )
    mineral = models.ForeignKey(
        Mineral,
        on_delete=models.PROTECT,
        related_name="class_memberships",
        verbose_name=_("mineral"),
    )
    reason = models.CharField(
        _("reason"),
        max_length=255,
        blank=True,
        help_text=_("Why the mineral belongs to the class: the plan's words or a decision."),
    )

    natural_key_fields = ("mineral_class", "mineral")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mineral class member")
        verbose_name_plural = _("mineral class members")
        ordering = ["mineral_class_id", "mineral__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["mineral_class", "mineral"], name="mineral_class_member_unique"
            ),
        ]

    def __str__(self):
        return f"{self.mineral_class} · {self.mineral}"


class Deposit(PlanRecord):
    """A deposit (矿床) of 专栏2 矿床一览表."""

    name = models.CharField(
        _("name"), max_length=200, help_text=_("Name, exactly as the plan prints it.")
    )
    mineral = models.ForeignKey(
        Mineral, on_delete=models.PROTECT, related_name="deposits", verbose_name=_("mineral")
    )
    mineral_as_printed = models.CharField(
        _("mineral as printed"),
        max_length=50,
        blank=True,
        help_text=_("The mineral exactly as the plan's table writes it."),
    )
    work_degree = models.CharField(
        _("work degree"),
        max_length=20,
        choices=Stage.choices,
        help_text=_("How far the deposit has been explored."),
    )
    scale = models.CharField(
        _("scale"),
        max_length=20,
        choices=Scale.choices,
        help_text=_("Scale (规模): large, medium, small."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deposit")
        verbose_name_plural = _("deposits")
        ordering = ["plan_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "seq"], name="deposit_unique_seq"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("deposits:detail", args=[self.pk])


class ResourceReserve(PlanRecord):
    """A row of the 保有资源量 table: retained and cumulative identified resources."""

    mineral = models.ForeignKey(
        Mineral, on_delete=models.PROTECT, related_name="reserves", verbose_name=_("mineral")
    )
    mineral_as_printed = models.CharField(
        _("mineral as printed"),
        max_length=50,
        blank=True,
        help_text=_("The mineral exactly as the plan's table writes it."),
    )
    deposit_count = models.PositiveIntegerField(
        _("number of deposits"), help_text=_("Number of deposits (矿区数) the figures cover.")
    )
    statistic_as_printed = models.CharField(
        _("statistic object / unit as printed"),
        max_length=50,
        blank=True,
        help_text=_("What is counted, and in what unit, exactly as the table prints it."),
    )
    basis = models.CharField(
        _("basis"),
        max_length=10,
        choices=Basis.choices,
        help_text=_("Whether the figures count ore or the metal in it (矿石量 / 金属量)."),
    )
    unit = models.CharField(
        _("unit"),
        max_length=20,
        choices=Unit.choices,
        help_text=_("Unit of measurement of the figures of the row."),
    )
    retained_amount = models.DecimalField(
        _("retained resources"),
        max_digits=DECIMAL_MAX_DIGITS,
        decimal_places=4,
        validators=[MinValueValidator(0)],
        help_text=_("Identified resources still in the ground, as the table gives them."),
    )
    cumulative_amount = models.DecimalField(
        _("cumulative identified resources"),
        max_digits=DECIMAL_MAX_DIGITS,
        decimal_places=4,
        validators=[MinValueValidator(0)],
        help_text=_("All resources identified to date, including those already mined."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resource reserve")
        verbose_name_plural = _("resource reserves")
        ordering = ["plan_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "seq"], name="reserve_unique_seq"),
            non_negative("retained_amount", "reserve"),
            non_negative("cumulative_amount", "reserve"),
        ]

    def __str__(self):
        return f"{self.mineral_as_printed or self.mineral}"

    def get_absolute_url(self):
        return reverse("deposits:reserve-detail", args=[self.pk])
