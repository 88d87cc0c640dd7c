"""What staff record for the review that the plan's tables do not carry: where a right lies.

The plan lists its blocks (专栏15, the mining-block table, the concentrated areas) and its
rights (专栏3, 专栏4) in separate tables, with no coordinates and no link between them; all
its blocks are new ones in blank areas (空白区新设). Which block a right is granted in, or
that a right lies in a key area without a block, is therefore staff's record, kept here:
rights and zones are sibling apps and neither may point at the other.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from planportal.models import TimeStampedModel
from rights.models import ExplorationRight, MiningRight
from zones.models import PlanningArea, ZoneKind

# The areas a right is granted in (三(三): 勘查规划区块, 开采规划区块, 集中开采区).
BLOCK_KINDS = (ZoneKind.EXPLORATION_BLOCK, ZoneKind.MINING_BLOCK, ZoneKind.CONCENTRATED_AREA)
# The key areas (专栏13, 专栏14) a right may lie in, inside or outside a block.
KEY_AREA_KINDS = (ZoneKind.KEY_EXPLORATION_AREA, ZoneKind.KEY_MINING_AREA)


class BlockPlacement(TimeStampedModel):
    """Where one right lies: the block it was granted in, and/or the key area around it.

    Exactly one right (exploration or mining) per row and one row per right. A row with a
    key area and no block records a right outside any block in a key area (a finding of the
    block ledger); a right without a row has no recorded location, so whether it lies in a
    key area cannot be decided. An exploration right in a mining block (or the reverse) is
    allowed here and shown as a finding, not refused: the record says where the right is.
    """

    exploration_right = models.OneToOneField(
        ExplorationRight,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="block_placement",
        verbose_name=_("exploration right"),
    )
    mining_right = models.OneToOneField(
        MiningRight,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="block_placement",
        verbose_name=_("mining right"),
    )
    block = models.ForeignKey(
        PlanningArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        limit_choices_to={"kind__in": BLOCK_KINDS},
        verbose_name=_("block"),
        help_text=_(
            "Exploration block, mining block or concentrated area the right lies in; "
            "empty for a right outside any block."
        ),
    )
    key_area = models.ForeignKey(
        PlanningArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_area_placements",
        limit_choices_to={"kind__in": KEY_AREA_KINDS},
        verbose_name=_("key area"),
        help_text=_("Key exploration or mining area the right lies in, if any."),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("Where the placement comes from, e.g. the permit's coordinates."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("block placement")
        verbose_name_plural = _("block placements")
        ordering = ["block_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exploration_right__isnull=True, mining_right__isnull=False)
                | Q(exploration_right__isnull=False, mining_right__isnull=True),
                name="block_placement_one_right",
                violation_error_message=_(
                    "Name exactly one right: an exploration right or a mining right."
                ),
            ),
            models.CheckConstraint(
                condition=Q(block__isnull=False) | Q(key_area__isnull=False),
                name="block_placement_somewhere",
                violation_error_message=_("Name the block or the key area the right lies in."),
            ),
        ]

    def __str__(self):
        place = self.block or self.key_area
        return f"{self.right} → {place}"

    @property
    def right(self):
        return self.exploration_right or self.mining_right

    def clean(self):
        super().clean()
        errors = {}
        if self.block_id is not None and self.block.kind not in BLOCK_KINDS:
            errors["block"] = _(
                "Choose an exploration block, a mining block or a concentrated area."
            )
        if self.key_area_id is not None and self.key_area.kind not in KEY_AREA_KINDS:
            errors["key_area"] = _("Choose a key exploration area or a key mining area.")
        right = self.right if (self.exploration_right_id or self.mining_right_id) else None
        if right is not None:
            for name in ("block", "key_area"):
                area = getattr(self, name) if getattr(self, f"{name}_id") else None
                if area is not None and area.plan_id != right.plan_id and name not in errors:
                    errors[name] = _("The right and the area must belong to the same plan.")
        if errors:
            raise ValidationError(errors)
