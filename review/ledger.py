"""The block ledger: each block of the plan with the rights placed in it, and its findings.

Read by the ledger page, its Excel export and the API (``review.api_registers``). A
constant number of queries whatever the number of blocks and rights.

How a finding is decided, and what cannot be decided:

- *Mineral mismatch*: the block's mineral against the right's. A block that names a group
  of minerals (the concentrated areas' 砂石粘土, a 石灰岩 block) matches every member of the
  plan's mineral class of that name (``MineralClass``: 砂石粘土类, 石灰岩); otherwise the
  minerals must be the same row (aliases are the same row: 铁 is 铁矿).
- *Kind*: an exploration right belongs in an exploration block, a mining right in a mining
  block or a concentrated area.
- *Two rights in one block*: one block, one right.
- *Outside any block in a key area*: the registers have no coordinates, so whether a right
  lies in a key area is staff's record (``BlockPlacement.key_area``). A right with no
  placement at all has no recorded location: counted as *not checkable*, never guessed
  from its name.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from deposits.selectors import mineral_group_members
from planportal.choices import MiningMethod, Scale
from planportal.formatting import plain_number
from planportal.plan_text import reference_url
from planportal.units import IncompatibleUnits, Unit
from review.models import BLOCK_KINDS, BlockPlacement
from review.rules import (
    BELOW_MINIMUM,
    LARGE,
    MEDIUM,
    SMALL,
    capacity_in,
    classify,
    scale_standard,
)
from rights.models import ExplorationRight, MiningRight
from zones.models import PlanningArea, ZoneKind

# 三(三) 勘查开采与保护布局 draws the blocks; 专栏15 lists the exploration blocks.
LAYOUT_CLAUSE = "三(三)"
BLOCK_CLAUSES = {
    ZoneKind.EXPLORATION_BLOCK: "专栏15",
    ZoneKind.MINING_BLOCK: LAYOUT_CLAUSE,
    ZoneKind.CONCENTRATED_AREA: LAYOUT_CLAUSE,
}
KEY_AREA_CLAUSES = {ZoneKind.KEY_EXPLORATION_AREA: "专栏13", ZoneKind.KEY_MINING_AREA: "专栏14"}
# 四(三): 新设采矿权需符合开采规划区块设置 …… 不得大矿小开、一矿多开.
ACCESS_CLAUSE = "四(三)"

EXPLORATION, MINING = "exploration", "mining"


@dataclass(frozen=True)
class Finding:
    """One reason a record does not conform, with the clause it rests on."""

    rule: str
    severity: str  # "error" | "warning" | "info"
    message: str
    reference: str
    reference_url: str | None


def finding(plan, rule, severity, message, reference):
    return Finding(rule, severity, message, reference, reference_url(plan, reference))


@dataclass
class PlacedRight:
    """A right placed in a block: its kind (exploration / mining) and the right itself."""

    kind: str
    right: object
    placement: BlockPlacement

    @property
    def kind_label(self):
        return _("exploration right") if self.kind == EXPLORATION else _("mining right")


@dataclass
class BlockEntry:
    """A row of the ledger: a block, the rights placed in it, whether granted, findings."""

    block: PlanningArea
    rights: list = field(default_factory=list)
    findings: list = field(default_factory=list)

    @property
    def granted(self):
        """已出让: a right has been placed in the block."""
        return bool(self.rights)


@dataclass
class KeyAreaEntry:
    """A right recorded in a key area and in no block: a finding of its own."""

    placed: PlacedRight
    key_area: PlanningArea
    findings: list = field(default_factory=list)


@dataclass
class BlockLedger:
    """The ledger of one plan: blocks, rights outside any block in a key area, and how
    many rights have no recorded location (their key-area finding is not checkable)."""

    plan: object
    blocks: list
    outside_blocks: list
    unplaced_exploration: int
    unplaced_mining: int

    @property
    def unplaced(self):
        return self.unplaced_exploration + self.unplaced_mining


def minerals_match(block, right, groups):
    """Whether ``right``'s mineral suits ``block``'s (see the module's docstring)."""
    if block.mineral_id is not None and block.mineral_id == right.mineral_id:
        return True
    name = block.mineral.name if block.mineral_id is not None else block.mineral_as_printed
    members = groups.get(name) or groups.get(block.mineral_as_printed)
    return members is not None and right.mineral_id in members


def _placed(placement):
    if placement.exploration_right_id is not None:
        return PlacedRight(EXPLORATION, placement.exploration_right, placement)
    return PlacedRight(MINING, placement.mining_right, placement)


def _block_findings(plan, entry, groups):
    block = entry.block
    findings = []
    block_mineral = block.mineral.name if block.mineral_id else block.mineral_as_printed
    for placed in entry.rights:
        params = {
            "right": placed.right.name,
            "kind": placed.kind_label,
            "mineral": placed.right.mineral.name,
            "block": block.name,
            "block_mineral": block_mineral,
            "block_kind": block.get_kind_display(),
        }
        if not minerals_match(block, placed.right, groups):
            message = _(
                "The %(kind)s “%(right)s” is of %(mineral)s; the block “%(block)s” is "
                "drawn for %(block_mineral)s."
            )
            findings.append(
                finding(
                    plan, "mineral_mismatch", "error", message % params, BLOCK_CLAUSES[block.kind]
                )
            )
        wants_exploration = block.kind == ZoneKind.EXPLORATION_BLOCK
        if wants_exploration != (placed.kind == EXPLORATION):
            message = _(
                "The %(kind)s “%(right)s” lies in a %(block_kind)s: exploration rights belong "
                "in exploration blocks, mining rights in mining blocks or concentrated areas."
            )
            # 三(三) draws the exploration blocks; 四(三): 新设采矿权需符合开采规划区块设置.
            reference = ACCESS_CLAUSE if placed.kind == MINING else LAYOUT_CLAUSE
            findings.append(finding(plan, "block_kind", "error", message % params, reference))
    if len(entry.rights) > 1:
        findings.append(_one_block_one_right(plan, block, len(entry.rights)))
    return findings


def _one_block_one_right(plan, block, count):
    message = _("%(count)d rights lie in the block “%(block)s”: one block, one right.") % {
        "count": count,
        "block": block.name,
    }
    return finding(plan, "one_block_one_right", "error", message, ACCESS_CLAUSE)


def _key_area_findings(plan, entry):
    message = _(
        "The %(kind)s “%(right)s” lies in the key area “%(area)s” but in none of the plan's blocks."
    ) % {
        "kind": entry.placed.kind_label,
        "right": entry.placed.right.name,
        "area": entry.key_area.name,
    }
    reference = KEY_AREA_CLAUSES.get(entry.key_area.kind, LAYOUT_CLAUSE)
    return [finding(plan, "outside_block_in_key_area", "warning", message, reference)]


def block_ledger(plan):
    """The block ledger of ``plan`` (a ``BlockLedger``), every block in the plan's order."""
    placements = BlockPlacement.objects.select_related(
        "exploration_right__mineral", "mining_right__mineral", "key_area"
    ).order_by("pk")
    blocks = list(
        PlanningArea.objects.filter(plan=plan, kind__in=BLOCK_KINDS)
        .select_related("mineral")
        .prefetch_related(Prefetch("placements", queryset=placements))
        .order_by("kind", "seq")
    )
    # Exploration blocks, mining blocks, concentrated areas: the plan's order of its tables.
    position = {kind: index for index, kind in enumerate(BLOCK_KINDS)}
    blocks.sort(key=lambda block: (position[block.kind], block.seq))
    groups = mineral_group_members(plan)
    entries = []
    for block in blocks:
        entry = BlockEntry(block, [_placed(p) for p in block.placements.all()])
        entry.findings = _block_findings(plan, entry, groups)
        entries.append(entry)
    outside = []
    in_key_areas = placements.filter(block__isnull=True, key_area__plan=plan)
    for placement in in_key_areas:
        entry = KeyAreaEntry(_placed(placement), placement.key_area)
        entry.findings = _key_area_findings(plan, entry)
        outside.append(entry)
    return BlockLedger(
        plan=plan,
        blocks=entries,
        outside_blocks=outside,
        unplaced_exploration=ExplorationRight.objects.filter(
            plan=plan, block_placement__isnull=True
        ).count(),
        unplaced_mining=MiningRight.objects.filter(plan=plan, block_placement__isnull=True).count(),
    )


def block_ledger_filtered(ledger, *, kind=None, granted=None, has_findings=None):
    """The ledger's block entries that match the filters (None: any)."""
    return [
        entry
        for entry in ledger.blocks
        if (not kind or entry.block.kind == kind)
        and (granted is None or entry.granted == granted)
        and (has_findings is None or bool(entry.findings) == has_findings)
    ]


# --- The mining-rights register reviewed by 专栏18 ------------------------------------------

UNKNOWN = "unknown"
SCALE_CLASSES = (LARGE, MEDIUM, SMALL, BELOW_MINIMUM, UNKNOWN)
SCALE_CLAUSE = "专栏18"
# 四(三) 完善采矿权退出机制: 已设采矿权未达到最低开采规模……责令限期整改，整改后仍未达到要求的，依法淘汰退出.
RECTIFICATION_CLAUSE = "四(三)"
# The registered scale a class corresponds to (专栏18 has no super-large class).
REGISTERED_SCALES = {
    LARGE: (Scale.LARGE, Scale.SUPER_LARGE),
    MEDIUM: (Scale.MEDIUM,),
    SMALL: (Scale.SMALL,),
}


def scale_class_label(code):
    """The label of a class code of the review."""
    return {
        LARGE: _("large"),
        MEDIUM: _("medium"),
        SMALL: _("small"),
        BELOW_MINIMUM: _("below the minimum scale"),
        UNKNOWN: _("unknown"),
    }[code]


@dataclass
class RightReview:
    """A mining right as 专栏18 classes it: the class, the row and figure compared, findings.

    ``scale_class`` is ``unknown`` where the register does not say enough to class it (the
    findings say what is missing); ``alternatives`` gives, for a mine whose method is not
    recorded under a row split by method, the class each method would give.
    """

    right: MiningRight
    scale_class: str
    standard: object = None
    compared: Decimal | None = None
    alternatives: dict = field(default_factory=dict)
    findings: list = field(default_factory=list)

    @property
    def scale_class_label(self):
        return scale_class_label(self.scale_class)

    @property
    def to_rectify(self):
        """On the rectification list of 四(三): below 专栏18's minimum scale."""
        return self.scale_class == BELOW_MINIMUM

    @property
    def may_be_below_minimum(self):
        """Below the minimum by one of the methods its unrecorded method could be."""
        return self.scale_class == UNKNOWN and BELOW_MINIMUM in self.alternatives.values()


@dataclass
class MiningRightsReview:
    plan: object
    rights: list

    @property
    def counts(self):
        """How many rights fall in each class, in the order large … unknown."""
        counts = dict.fromkeys(SCALE_CLASSES, 0)
        for review in self.rights:
            counts[review.scale_class] += 1
        return counts

    @property
    def rectification(self):
        """The rights below the minimum scale: 四(三)'s list, to rectify or withdraw."""
        return [review for review in self.rights if review.to_rectify]

    @property
    def to_confirm(self):
        """Rights below the minimum by one mining method: the method decides."""
        return [review for review in self.rights if review.may_be_below_minimum]


class _Standards:
    """专栏18's row for each (mineral, method), asked once per pair (``rules.scale_standard``).

    The register review reads as many rows as the register has distinct minerals, whatever
    its number of rights.
    """

    def __init__(self, plan):
        self.plan, self.rows = plan, {}

    def __call__(self, mineral, method):
        key = (mineral.pk, method)
        if key not in self.rows:
            self.rows[key] = scale_standard(self.plan, mineral, method)
        return self.rows[key]


def _figure(value, unit):
    return f"{plain_number(value)} {Unit(unit).label}"


def _minimum(standard):
    """The smallest capacity 专栏18's row admits (its small class, else medium, else large)."""
    return next(
        value
        for value in (standard.small_min, standard.medium_min, standard.large_min)
        if value is not None
    )


def _compare(standard, right):
    """(class, figure compared) of ``right`` by the row ``standard``; IncompatibleUnits."""
    compared, _via_days = capacity_in(right.capacity, right.capacity_unit, standard.unit)
    return classify(standard, compared), compared


def _review_right(plan, right, standards):
    values = {"right": right.name, "mineral": right.mineral.name}
    if right.capacity is None:
        message = _("No production capacity is registered: the class cannot be known.")
        return RightReview(
            right,
            UNKNOWN,
            findings=[finding(plan, "scale.no_capacity", "info", message, SCALE_CLAUSE)],
        )
    values["capacity"] = _figure(right.capacity, right.capacity_unit)
    standard = standards(right.mineral, right.mining_method)
    if standard is None and not right.mining_method:
        by_method = {method: standards(right.mineral, method) for method in MiningMethod.values}
        if all(by_method.values()):
            return _review_by_either_method(plan, right, by_method, values)
    if standard is None:
        message = _("专栏18 gives no minimum scale for %(mineral)s: the class cannot be known.")
        return RightReview(
            right,
            UNKNOWN,
            findings=[finding(plan, "scale.no_standard", "info", message % values, SCALE_CLAUSE)],
        )
    values["row"] = str(standard)
    try:
        scale_class, compared = _compare(standard, right)
    except IncompatibleUnits:
        values["row_unit"] = standard.unit_as_printed
        message = _(
            "%(capacity)s cannot be compared with 专栏18's row %(row)s, counted in "
            "%(row_unit)s (no conversion between volume and mass is given): the class "
            "cannot be known."
        )
        return RightReview(
            right,
            UNKNOWN,
            standard,
            findings=[finding(plan, "scale.units", "info", message % values, SCALE_CLAUSE)],
        )
    review = RightReview(right, scale_class, standard, compared)
    review.findings = _class_findings(plan, review, values)
    return review


def _review_by_either_method(plan, right, by_method, values):
    """A mine whose method is not registered, under a row split by method (iron, gold)."""
    classes, findings = {}, []
    for method, standard in by_method.items():
        try:
            classes[method] = _compare(standard, right)[0]
        except IncompatibleUnits:
            classes[method] = UNKNOWN
    if len(set(classes.values())) == 1 and UNKNOWN not in classes.values():
        # Either method gives the same class: the class is known without the method.
        standard = by_method[MiningMethod.UNDERGROUND]
        scale_class, compared = _compare(standard, right)
        review = RightReview(right, scale_class, standard, compared, classes)
        values["row"] = standard.mineral_as_printed
        values["minimum"] = " / ".join(
            f"{_figure(_minimum(row), row.unit)} ({MiningMethod(method).label})"
            for method, row in by_method.items()
        )
        review.findings = _class_findings(plan, review, values)
        return review
    values["classes"] = ", ".join(
        f"{MiningMethod(method).label} {scale_class_label(code)}"
        for method, code in classes.items()
    )
    message = _(
        "The mining method is not registered and 专栏18 classes %(capacity)s differently by "
        "method (%(classes)s): the class cannot be known."
    )
    severity = "warning" if BELOW_MINIMUM in classes.values() else "info"
    findings.append(finding(plan, "scale.method_unknown", severity, message % values, SCALE_CLAUSE))
    return RightReview(right, UNKNOWN, alternatives=classes, findings=findings)


def _class_findings(plan, review, values):
    findings = []
    right, standard = review.right, review.standard
    if review.scale_class == BELOW_MINIMUM:
        values.setdefault("minimum", _figure(_minimum(standard), standard.unit))
        message = _(
            "%(capacity)s is below 专栏18's minimum of %(minimum)s for %(row)s: to be rectified "
            "within a deadline, and withdrawn if it still falls short (四(三))."
        )
        findings.append(
            finding(plan, "scale.below_minimum", "error", message % values, RECTIFICATION_CLAUSE)
        )
    if right.scale and right.scale not in REGISTERED_SCALES.get(review.scale_class, ()):
        values["registered"] = right.get_scale_display()
        values["computed"] = scale_class_label(review.scale_class)
        message = _("Registered as %(registered)s; 专栏18 classes %(capacity)s as %(computed)s.")
        findings.append(
            finding(plan, "scale.registered_differs", "warning", message % values, SCALE_CLAUSE)
        )
    return findings


def mining_rights_review(plan):
    """Every mining right of ``plan`` classed by 专栏18, with findings (``MiningRightsReview``)."""
    rights = (
        MiningRight.objects.filter(plan=plan)
        .select_related("mineral")
        .prefetch_related("mineral__aliases")
        .order_by("seq")
    )
    standards = _Standards(plan)
    return MiningRightsReview(plan, [_review_right(plan, right, standards) for right in rights])


def mining_rights_filtered(review, *, scale_class=None, rectify=None):
    """The reviewed rights that match the filters (None: any)."""
    return [
        item
        for item in review.rights
        if (not scale_class or item.scale_class == scale_class)
        and (rectify is None or item.to_rectify == rectify)
    ]


# --- One record at a time: what a right's or a block's own page shows ----------------------


def _placements():
    return BlockPlacement.objects.select_related(
        "exploration_right__mineral", "mining_right__mineral", "block__mineral", "key_area"
    ).order_by("pk")


def block_ledger_entry(block):
    """The ledger's row of one block (a ``BlockEntry``): the rights placed in it and its
    findings, as ``block_ledger`` gives them. A constant number of queries."""
    entry = BlockEntry(block, [_placed(p) for p in _placements().filter(block=block)])
    entry.findings = _block_findings(block.plan, entry, mineral_group_members(block.plan))
    return entry


def key_area_placements(key_area):
    """The rights recorded in ``key_area`` (``KeyAreaEntry`` each: the right, the block it
    lies in if any, and the finding of a right outside any block)."""
    entries = []
    for placement in _placements().filter(key_area=key_area):
        entry = KeyAreaEntry(_placed(placement), key_area)
        if placement.block_id is None:
            entry.findings = _key_area_findings(key_area.plan, entry)
        entries.append(entry)
    return entries


def right_placement(right):
    """The ``BlockPlacement`` of ``right`` (an exploration or a mining right), or None."""
    field = "mining_right" if isinstance(right, MiningRight) else "exploration_right"
    return _placements().filter(**{field: right}).first()


def right_placement_findings(placement):
    """The ledger's findings about the right of ``placement``: its block's mineral and kind,
    other rights in the same block, or lying in a key area outside any block."""
    placed = _placed(placement)
    plan = placed.right.plan
    if placement.block_id is None:
        return _key_area_findings(plan, KeyAreaEntry(placed, placement.key_area))
    block = placement.block
    findings = _block_findings(plan, BlockEntry(block, [placed]), mineral_group_members(plan))
    count = block.placements.count()
    if count > 1:
        findings.append(_one_block_one_right(plan, block, count))
    return findings


def mining_right_reviewed(right):
    """One mining right classed by 专栏18 with its findings (a ``RightReview``), as the
    register review gives it."""
    return _review_right(right.plan, right, _Standards(right.plan))
