"""Does a proposed right conform to the plan? Rules as data, each a small named function.

Every threshold comes from the plan's own tables, never from this module:

- 专栏18 (``rights.ScaleStandard``): the size class of a capacity (大型 / 中型 / 小型 / below
  the minimum), the minimum service life (最低服务年限). A split cell is two rows: 地下/露天
  (told apart by the row's ``mining_method``) and 水泥用/其他 (by the row's ``variant``);
- 四(二) and 三(三) (``rights.MinimumScaleRule``): the capacities under which no new mine is
  set, with ``boundary_allowed`` saying whether the limit itself passes (不含) or not;
- 三(一) (``deposits.MineralRegulation``): key, restricted and prohibited minerals;
- the zones (``zones.PlanningArea``) and where staff placed the rights (``review.BlockPlacement``);
- the plan's targets (``targets.Indicator`` by ``live_metric``): the mine count of 2025 and
  the yearly cap on new sand-gravel-clay mining rights, counted from the registers.

Where the plan's data leaves something open, the choice is stated here and in an ``info``
finding of the verdict:

- **Which 专栏18 row a mineral reads.** The row of its own mineral; else the row named after a
  mineral class of the plan the mineral belongs to (the 石灰岩 class holds 水泥用灰岩 and
  建筑石料用灰岩). Of a row split by use, the variant whose word begins the mineral's name or
  one of its aliases (水泥用灰岩 → 水泥用); else the variant the plan calls 其他 ("other").
- **Days per year (gold).** 四(二) sets gold in tonnes of ore per day, 专栏18 in 万吨 a year.
  The plan gives no working year; ``WORKING_DAYS_PER_YEAR`` = 300 is the one that makes its
  two clauses agree: 300 t/d × 300 d = 9 万吨/年, 专栏18's smallest open-pit gold mine (中型 9,
  no small class), and 100 t/d × 300 d = 3 万吨/年, its smallest underground one (小型 3).
  A capacity is converted between per day and per year only for that comparison, and the
  verdict says which figure was compared.
- **Service life** is reserves ÷ annual capacity, the reserves in the capacity's own quantity
  (万吨 for 万吨/年 and t/d, 万立方米 for 万立方米/年), with no allowance for recovery.
- **Copper at exactly 30 万吨/年.** 四(二) "30 万吨以下" (no 不含) counts 30 among the
  forbidden; 专栏18 rates 30 中型. Where a limit without 不含 is met exactly and 专栏18 admits
  the capacity, the verdict is a warning citing both, not an error.
- **The quotas** (年净增 ≤ 3 sand-gravel-clay mining rights, ≤ 20 mines in 2025) are counted
  from the registers: the sand-gravel-clay rights whose ``valid_from`` falls in the year, and
  the mines in force in that year (``targets.live``). A target the plan calls 约束性 (binding)
  gives an error when passed; any other (预期性, or none stated) a warning.

A proposal conforms when no finding is an error.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from deposits.models import SAND_CLAY_CLASS, MineralClass, MineralRegulation, Regulation
from deposits.selectors import mineral_group_members
from planportal.formatting import plain_number
from planportal.plan_text import resolve_reference, section_url
from planportal.units import Dimension, IncompatibleUnits, Unit, dimension_of, factor_of, ratio
from review.models import BlockPlacement
from rights.models import MinimumScaleRule, MiningRight, ScaleStandard
from targets.choices import Attribute, LiveMetric
from targets.live import mines_in_force
from targets.models import Indicator
from zones.models import ZoneKind

# See the module's docstring: the working year at which 四(二) and 专栏18 agree for gold.
WORKING_DAYS_PER_YEAR = Decimal(300)
# The word 专栏18 prints for the variant of a split cell that covers every other use.
OTHER_VARIANT = "其他"

EXPLORATION, MINING = "exploration", "mining"
ERROR, WARNING, INFO = "error", "warning", "info"
LARGE, MEDIUM, SMALL, BELOW_MINIMUM = "large", "medium", "small", "below_minimum"

# The zones a right of each type is set in (三(三): 勘查规划区块, 开采规划区块, 集中开采区).
SUITABLE_ZONES = {
    EXPLORATION: (ZoneKind.EXPLORATION_BLOCK,),
    MINING: (ZoneKind.MINING_BLOCK, ZoneKind.CONCENTRATED_AREA),
}
# Clauses the rules rest on where no row of data names one.
SCALE_CLAUSE = "专栏18"
REGULATION_CLAUSE = "三(一)"
# 四(三): 新设采矿权需符合开采规划区块设置 …… 不得大矿小开、一矿多开.
ACCESS_CLAUSE = "四(三)"
BLOCK_CLAUSE = "三(三)"
PERIOD_CLAUSE = "二(三)"

_PER_YEAR = {Dimension.MASS_RATE, Dimension.VOLUME_RATE}


@dataclass(frozen=True)
class Finding:
    """One reason, with the clause it rests on (``reference``) and that clause's address."""

    rule: str
    severity: str
    message: str
    reference: str
    reference_url: str | None = None


@dataclass(frozen=True)
class Proposal:
    """A proposed right. ``mineral`` is a ``Mineral``, ``zone`` a ``PlanningArea`` or None,
    ``plan`` a ``Plan``; capacity and reserves are Decimals (reserves optional, in the
    capacity's quantity: 万吨 for 万吨/年 or t/d, 万立方米 for 万立方米/年)."""

    right_type: str
    mineral: object
    plan: object
    year: int
    mining_method: str = ""
    annual_capacity: Decimal | None = None
    capacity_unit: str = ""
    zone: object = None
    reserves: Decimal | None = None


@dataclass(frozen=True)
class Verdict:
    conforms: bool
    scale_class: str | None
    findings: list = field(default_factory=list)


class ProposalError(ValueError):
    """A proposal the rules cannot read (a capacity in a unit of another dimension): the
    caller answers 400 naming ``field``."""

    def __init__(self, field_name, message):
        super().__init__(message)
        self.field = field_name
        self.message = message


# --- 专栏18: the size class of a capacity --------------------------------------------------


@dataclass(frozen=True)
class ScaleAssessment:
    """How 专栏18 rates a capacity: its row, the class, and the figure compared."""

    standard: object
    scale_class: str
    compared: Decimal
    compared_unit: str
    via_working_days: bool


def capacity_in(value, unit, target_unit):
    """``(value in target_unit, whether days per year were assumed)``.

    Within one dimension the exact conversion of ``planportal.units``; between tonnes a day
    and 万吨 a year with ``WORKING_DAYS_PER_YEAR``; anything else raises ``IncompatibleUnits``.
    """
    source, target = dimension_of(unit), dimension_of(target_unit)
    if source == target:
        return Decimal(value) * ratio(unit, target_unit), False
    if {source, target} == {Dimension.MASS_PER_DAY, Dimension.MASS_RATE}:
        tonnes = Decimal(value) * factor_of(unit)
        if source == Dimension.MASS_PER_DAY:
            return tonnes * WORKING_DAYS_PER_YEAR / factor_of(target_unit), True
        return tonnes / WORKING_DAYS_PER_YEAR / factor_of(target_unit), True
    raise IncompatibleUnits(
        _("%(unit)s cannot be compared with %(target)s.")
        % {"unit": Unit(unit).label, "target": Unit(target_unit).label}
    )


def _names(mineral):
    return [mineral.name, *(alias.name for alias in mineral.aliases.all())]


def scale_standard(plan, mineral, method=""):
    """The row of 专栏18 that rates ``mineral`` mined by ``method``, or None.

    The mineral's own row, else the row named after a class of ``plan`` it belongs to; of a
    cell split by method the row of ``method`` (None if no method is given); of a cell split
    by use the variant that begins the mineral's name, else 其他 (the module's docstring).
    """
    classes = MineralClass.objects.filter(plan=plan, members__mineral=mineral).values("name")
    rows = list(
        ScaleStandard.objects.filter(plan=plan)
        .filter(Q(mineral=mineral) | Q(mineral__name__in=classes))
        .select_related("mineral")
    )
    own = [row for row in rows if row.mineral_id == mineral.pk]
    rows = own or rows
    if any(row.mining_method for row in rows):
        rows = [row for row in rows if row.mining_method == (method or None)]
    if len(rows) > 1:
        names = _names(mineral)
        by_use = [row for row in rows if any(name.startswith(row.variant) for name in names)]
        rows = by_use or [row for row in rows if row.variant == OTHER_VARIANT]
    return rows[0] if len(rows) == 1 else None


def method_needed(plan, mineral):
    """Whether the plan's scale rules for ``mineral`` differ by mining method (iron, gold)."""
    split = Q(mineral=mineral) & ~Q(mining_method="")
    return (
        ScaleStandard.objects.filter(plan=plan).filter(split).exists()
        or MinimumScaleRule.objects.filter(plan=plan).filter(split).exists()
    )


def classify(standard, capacity):
    """The class of ``capacity`` (in ``standard``'s unit) by that row of 专栏18."""
    if standard.large_min is not None and capacity >= standard.large_min:
        return LARGE
    if standard.medium_min is not None and capacity >= standard.medium_min:
        return MEDIUM
    if standard.small_min is not None and capacity >= standard.small_min:
        return SMALL
    return BELOW_MINIMUM


def scale_assessment(plan, mineral, method, capacity, unit):
    """How 专栏18 rates ``capacity`` ``unit`` of ``mineral`` mined by ``method``.

    None when 专栏18 has no row for it (or its row is split by method and none is given);
    raises ``IncompatibleUnits`` when the capacity is in another dimension than the row.
    """
    standard = scale_standard(plan, mineral, method)
    if standard is None:
        return None
    compared, via_days = capacity_in(capacity, unit, standard.unit)
    return ScaleAssessment(
        standard, classify(standard, compared), compared, standard.unit, via_days
    )


def scale_class(plan, mineral, method, capacity, unit):
    """The size class 专栏18 gives a mine: "large", "medium", "small", "below_minimum" or None.

    ``plan`` a Plan; ``mineral`` a Mineral; ``method`` "open_pit", "underground" or ""
    (needed where 专栏18 splits the row by method: iron, gold); ``capacity`` a Decimal in
    ``unit`` (a ``planportal.units.Unit`` code: 10k_t_per_year, 10k_m3_per_year, t_per_day).
    None when the mine cannot be classified: 专栏18 has no row for the mineral, the method is
    missing for a split row, or the capacity is in another dimension than the row (a
    limestone mine in 万立方米/年 against 专栏18's 矿石万吨). Gold in t/d is converted with
    ``WORKING_DAYS_PER_YEAR``. Call ``scale_assessment`` to know the row and the figure.
    """
    try:
        assessment = scale_assessment(plan, mineral, method, capacity, unit)
    except IncompatibleUnits:
        return None
    return assessment.scale_class if assessment is not None else None


# --- Messages -----------------------------------------------------------------------------


def _figure(value, unit):
    return f"{plain_number(value)} {Unit(unit).label}"


def _scale_label(code):
    return {
        LARGE: _("large"),
        MEDIUM: _("medium"),
        SMALL: _("small"),
        BELOW_MINIMUM: _("below the minimum scale"),
    }[code]


def _minimum(standard):
    return next(
        value
        for value in (standard.small_min, standard.medium_min, standard.large_min)
        if value is not None
    )


def _clause_code(clause):
    """The section a clause names: "四(二) 优化开发利用结构" → "四(二)"."""
    return clause.split()[0] if clause else clause


def _days_note(rule, compared, unit, proposal):
    return Finding(
        rule,
        INFO,
        _(
            "%(proposed)s was compared as %(compared)s, assuming %(days)s working days a "
            "year: the plan gives none; at 300 days 四(二) and 专栏18 agree for gold."
        )
        % {
            "proposed": _figure(proposal.annual_capacity, proposal.capacity_unit),
            "compared": _figure(compared.quantize(Decimal("0.0001")), unit),
            "days": plain_number(WORKING_DAYS_PER_YEAR),
        },
        SCALE_CLAUSE,
    )


# --- The rules ----------------------------------------------------------------------------


def minimum_scale_findings(proposal, assessment):
    """专栏18: a new mine of at least the smallest class the plan lists for its mineral."""
    if assessment is None:
        return [
            Finding(
                "scale.no_standard",
                INFO,
                _("专栏18 sets no minimum scale for %(mineral)s.")
                % {"mineral": proposal.mineral.name},
                SCALE_CLAUSE,
            )
        ]
    standard = assessment.standard
    values = {
        "mineral": str(standard),
        "capacity": _figure(assessment.compared, assessment.compared_unit),
        "minimum": _figure(_minimum(standard), standard.unit),
        "scale": _scale_label(assessment.scale_class),
    }
    findings = []
    if assessment.via_working_days:
        findings.append(
            _days_note("scale.working_days", assessment.compared, standard.unit, proposal)
        )
    if assessment.scale_class == BELOW_MINIMUM:
        message = _("%(capacity)s is below 专栏18's minimum scale of %(minimum)s for %(mineral)s.")
        findings.append(Finding("scale.minimum", ERROR, message % values, SCALE_CLAUSE))
    else:
        message = _(
            "%(capacity)s is a %(scale)s mine of %(mineral)s by 专栏18 (minimum %(minimum)s)."
        )
        findings.append(Finding("scale.class", INFO, message % values, SCALE_CLAUSE))
    return findings


def new_mine_threshold_findings(proposal, assessment):
    """四(二) and 三(三): the capacities under which no new mine is set.

    A limit printed without 不含 is not met by the limit itself; where 专栏18 admits that
    capacity, the two clauses disagree: a warning citing both (copper at 30).
    """
    rules = MinimumScaleRule.objects.filter(plan=proposal.plan, mineral=proposal.mineral).filter(
        Q(mining_method="") | Q(mining_method=proposal.mining_method)
    )
    findings = []
    for rule in rules:
        try:
            compared, via_days = capacity_in(
                proposal.annual_capacity, proposal.capacity_unit, rule.unit
            )
        except IncompatibleUnits as exc:
            raise ProposalError("capacity_unit", _units_message(proposal, rule.unit)) from exc
        clause = _clause_code(rule.clause)
        if via_days:
            findings.append(_days_note("new_mine.working_days", compared, rule.unit, proposal))
        values = {
            "capacity": _figure(compared.quantize(Decimal("0.0001")), rule.unit),
            "limit": _figure(rule.min_capacity, rule.unit),
            "clause": clause,
            "printed": rule.as_printed,
        }
        if compared > rule.min_capacity or (
            compared == rule.min_capacity and rule.boundary_allowed
        ):
            continue
        admitted = assessment is not None and assessment.scale_class != BELOW_MINIMUM
        if compared == rule.min_capacity and admitted:
            values["scale"] = _scale_label(assessment.scale_class)
            message = _(
                "%(capacity)s is exactly %(clause)s's limit of %(limit)s, which that clause "
                "counts among the forbidden (“%(printed)s”), while 专栏18 rates it %(scale)s: "
                "the two clauses disagree at the limit."
            )
            findings.append(
                Finding("new_mine.boundary_conflict", WARNING, message % values, clause)
            )
            continue
        if compared == rule.min_capacity:
            message = _(
                "%(capacity)s is not above %(clause)s's limit of %(limit)s (“%(printed)s”)."
            )
        else:
            message = _("%(capacity)s is below %(clause)s's limit of %(limit)s (“%(printed)s”).")
        findings.append(Finding("new_mine.threshold", ERROR, message % values, clause))
    return findings


def service_life_findings(proposal, assessment):
    """专栏18 最低服务年限: reserves ÷ annual capacity against the minimum service years."""
    if assessment is None or assessment.standard.min_service_years is None:
        return []
    years = assessment.standard.min_service_years
    if proposal.reserves is None:
        message = _(
            "No reserves given: the minimum service life of %(years)s years (专栏18) was not checked."
        )
        return [Finding("service_life.unchecked", INFO, message % {"years": years}, SCALE_CLAUSE)]
    per_year = assessment.compared
    if per_year == 0:
        return []
    life = (proposal.reserves / per_year).quantize(Decimal("0.1"))
    values = {
        "reserves": plain_number(proposal.reserves),
        "capacity": _figure(per_year, assessment.compared_unit),
        "life": plain_number(life),
        "years": years,
    }
    if proposal.reserves / per_year < years:
        message = _(
            "Reserves of %(reserves)s at %(capacity)s last %(life)s years, less than 专栏18's "
            "minimum service life of %(years)s years."
        )
        return [Finding("service_life.minimum", ERROR, message % values, SCALE_CLAUSE)]
    message = _(
        "Reserves of %(reserves)s at %(capacity)s last %(life)s years (专栏18: at least %(years)s)."
    )
    return [Finding("service_life.ok", INFO, message % values, SCALE_CLAUSE)]


def regulation_findings(proposal):
    """三(一): the regulation direction of the mineral (key / restricted / prohibited)."""
    findings = []
    regulations = MineralRegulation.objects.filter(plan=proposal.plan, mineral=proposal.mineral)
    for regulation in regulations:
        clause = _clause_code(regulation.clause) or REGULATION_CLAUSE
        values = {"mineral": proposal.mineral.name, "condition": regulation.condition}
        if regulation.direction == Regulation.KEY:
            message = _("%(mineral)s is a key mineral for exploration and mining (三(一)).")
            findings.append(Finding("regulation.key", INFO, message % values, clause))
        elif proposal.right_type != MINING:
            continue  # 三(一) restricts and prohibits mining, not exploration.
        elif regulation.direction == Regulation.RESTRICTED:
            message = _(
                "%(mineral)s is a restricted mineral (三(一)): the application must justify "
                "the supply and demand of the resource and the carrying capacity of the "
                "environment."
            )
            findings.append(Finding("regulation.restricted", WARNING, message % values, clause))
        elif regulation.condition:
            message = _(
                "Mining %(mineral)s is prohibited on %(condition)s (三(一)): confirm the site "
                "is not %(condition)s."
            )
            findings.append(
                Finding("regulation.prohibited_where", WARNING, message % values, clause)
            )
        else:
            message = _("Mining %(mineral)s is prohibited (三(一)).")
            findings.append(Finding("regulation.prohibited", ERROR, message % values, clause))
    return findings


def zone_findings(proposal):
    """The named zone: its mineral, its kind, and one block one right (三(三), 四(三))."""
    zone = proposal.zone
    if zone is None:
        if proposal.right_type != MINING:
            return []
        message = _(
            "No block named: a new mining right must lie in a mining block or a concentrated "
            "area (四(三))."
        )
        return [Finding("zone.none", WARNING, message, ACCESS_CLAUSE)]
    findings = []
    values = {
        "zone": zone.name,
        "kind": zone.get_kind_display(),
        "zone_mineral": zone.mineral.name if zone.mineral_id else zone.mineral_as_printed,
        "mineral": proposal.mineral.name,
    }
    suitable = SUITABLE_ZONES[proposal.right_type]
    if zone.kind not in suitable:
        values["suitable"] = "、".join(str(ZoneKind(kind).label) for kind in suitable)
        message = _("%(zone)s is a %(kind)s; this right needs a %(suitable)s.")
        findings.append(Finding("zone.kind", ERROR, message % values, BLOCK_CLAUSE))
    same = zone.mineral_id is not None and zone.mineral_id == proposal.mineral.pk
    members = mineral_group_members(proposal.plan).get(values["zone_mineral"], set())
    if not same and proposal.mineral.pk not in members:
        message = _("%(zone)s is drawn for %(zone_mineral)s, not %(mineral)s.")
        findings.append(Finding("zone.mineral", ERROR, message % values, BLOCK_CLAUSE))
    holders = BlockPlacement.objects.filter(block=zone).select_related(
        "exploration_right", "mining_right"
    )
    for placement in holders:
        values["right"] = placement.right.name
        message = _(
            "%(zone)s already holds a right (%(right)s): one block, one right (四(三) 不得一矿多开)."
        )
        findings.append(Finding("zone.taken", ERROR, message % values, ACCESS_CLAUSE))
    return findings


def _target(plan, metric):
    return Indicator.objects.filter(plan=plan, live_metric=metric).first()


def _quota_finding(rule, indicator, count, message_over, message_within, values):
    values = {
        **values,
        "count": count,
        "after": count + 1,
        "limit": plain_number(indicator.target_value),
    }
    clause = _clause_code(indicator.clause)
    if count + 1 > indicator.target_value:
        severity = ERROR if indicator.attribute == Attribute.BINDING else WARNING
        return Finding(rule, severity, message_over % values, clause)
    return Finding(rule, INFO, message_within % values, clause)


def sand_clay_quota_findings(proposal):
    """三(三): at most N new sand-gravel-clay mining rights a year (N from the target)."""
    if proposal.right_type != MINING:
        return []
    members = MineralClass.objects.filter(
        plan=proposal.plan, code=SAND_CLAY_CLASS, members__mineral=proposal.mineral
    )
    indicator = _target(proposal.plan, LiveMetric.NEW_SAND_CLAY_RIGHTS)
    if indicator is None or indicator.target_value is None or not members.exists():
        return []
    count = (
        MiningRight.objects.sand_clay(proposal.plan).filter(valid_from__year=proposal.year).count()
    )
    return [
        _quota_finding(
            "quota.sand_clay",
            indicator,
            count,
            _(
                "%(year)s already has %(count)s new sand-gravel-clay mining rights: this one "
                "would make %(after)s, over the plan's %(limit)s a year."
            ),
            _(
                "%(year)s has %(count)s new sand-gravel-clay mining rights: this one would "
                "make %(after)s of at most %(limit)s a year."
            ),
            {"year": proposal.year},
        )
    ]


def mine_count_findings(proposal):
    """二(三): the mines in force, plus this one, against the plan's cap (≤ 20 in 2025)."""
    indicator = _target(proposal.plan, LiveMetric.MINE_COUNT)
    if proposal.right_type != MINING or indicator is None or indicator.target_value is None:
        return []
    count = mines_in_force(proposal.plan, proposal.year).count()
    return [
        _quota_finding(
            "quota.mine_count",
            indicator,
            count,
            _(
                "%(count)s mines are in force in %(year)s: a new one makes %(after)s, over the "
                "plan's %(limit)s by %(target_year)s."
            ),
            _(
                "%(count)s mines are in force in %(year)s: a new one makes %(after)s of at "
                "most %(limit)s by %(target_year)s."
            ),
            {"year": proposal.year, "target_year": indicator.target_year},
        )
    ]


def period_findings(proposal):
    """The plan's yearly quotas are set for its own period."""
    plan = proposal.plan
    if plan.period_start <= proposal.year <= plan.period_end:
        return []
    message = _(
        "%(year)s lies outside the plan's period %(start)s–%(end)s: its yearly quotas are "
        "counted for that year all the same."
    )
    values = {"year": proposal.year, "start": plan.period_start, "end": plan.period_end}
    return [Finding("period", INFO, message % values, PERIOD_CLAUSE)]


def _units_message(proposal, unit):
    return _("%(mineral)s is rated in %(expected)s; %(given)s is another kind of quantity.") % {
        "mineral": proposal.mineral.name,
        "expected": Unit(unit).label,
        "given": Unit(proposal.capacity_unit).label,
    }


def _assess(proposal):
    if proposal.right_type != MINING:
        return None
    try:
        return scale_assessment(
            proposal.plan,
            proposal.mineral,
            proposal.mining_method,
            proposal.annual_capacity,
            proposal.capacity_unit,
        )
    except IncompatibleUnits as exc:
        standard = scale_standard(proposal.plan, proposal.mineral, proposal.mining_method)
        raise ProposalError("capacity_unit", _units_message(proposal, standard.unit)) from exc


def with_reference_urls(plan, findings):
    """The findings with the address of each one's clause in the plan's text."""
    return [
        replace(finding, reference_url=clause_url(plan, finding.reference)) for finding in findings
    ]


def clause_url(plan, reference):
    """The address of the plan's page at ``reference``'s section, or None."""
    section = resolve_reference(plan, reference)
    return section_url(plan, section.anchor) if section is not None else None


def check(proposal):
    """The verdict on ``proposal``: every rule's findings, and whether none is an error.

    Raises ``ProposalError`` for a capacity in a unit of another dimension than the plan
    rates the mineral in.
    """
    findings = []
    assessment = _assess(proposal)
    if proposal.right_type == MINING:
        findings += minimum_scale_findings(proposal, assessment)
        findings += new_mine_threshold_findings(proposal, assessment)
        findings += service_life_findings(proposal, assessment)
    findings += regulation_findings(proposal)
    findings += zone_findings(proposal)
    findings += sand_clay_quota_findings(proposal)
    findings += mine_count_findings(proposal)
    findings += period_findings(proposal)
    findings = with_reference_urls(proposal.plan, findings)
    return Verdict(
        conforms=not any(finding.severity == ERROR for finding in findings),
        scale_class=assessment.scale_class if assessment is not None else None,
        findings=findings,
    )
