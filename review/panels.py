"""What the review adds to a record's own page: where a right lies and what does not conform.

The record pages belong to the registers (``planportal.registers.RecordDetailView``), which
may not know the review: ``ReviewConfig.ready`` registers these panels for the rights and
the zones instead. Each reads what the review pages read for the same record
(``review.ledger``), in a constant number of queries.
"""

from django.utils.translation import gettext_lazy as _

from planportal.registers import RecordPanel, register_record_panel
from review.ledger import (
    BLOCK_CLAUSES,
    KEY_AREA_CLAUSES,
    LAYOUT_CLAUSE,
    RECTIFICATION_CLAUSE,
    SCALE_CLAUSE,
    block_ledger_entry,
    key_area_placements,
    mining_right_reviewed,
    right_placement,
    right_placement_findings,
)
from review.models import BLOCK_KINDS, KEY_AREA_KINDS
from rights.models import ExplorationRight, MiningRight
from zones.models import PlanningArea

PLACEMENT_TEMPLATE = "review/panels/placement.html"
SCALE_TEMPLATE = "review/panels/scale.html"
BLOCK_TEMPLATE = "review/panels/block.html"
KEY_AREA_TEMPLATE = "review/panels/key_area.html"


def right_placement_panel(request, right):
    """The block (and key area) staff placed a right in, with the ledger's findings."""
    placement = right_placement(right)
    findings = right_placement_findings(placement) if placement is not None else []
    return RecordPanel(
        title=_("Block placement"),
        template=PLACEMENT_TEMPLATE,
        data={"placement": placement, "findings": findings, "clause": LAYOUT_CLAUSE},
    )


def mining_right_scale_panel(request, right):
    """The class 专栏18 gives a mining right, and whether it is on 四(三)'s rectification list."""
    return RecordPanel(
        title=_("Conformance with the plan"),
        template=SCALE_TEMPLATE,
        data={
            "review": mining_right_reviewed(right),
            "scale_clause": SCALE_CLAUSE,
            "rectification_clause": RECTIFICATION_CLAUSE,
        },
    )


def zone_placement_panel(request, zone):
    """A block's rights and findings (the ledger's row), or the rights in a key area."""
    if zone.kind in BLOCK_KINDS:
        return RecordPanel(
            title=_("Rights placed in the block"),
            template=BLOCK_TEMPLATE,
            data={"entry": block_ledger_entry(zone), "clause": BLOCK_CLAUSES[zone.kind]},
        )
    if zone.kind in KEY_AREA_KINDS:
        return RecordPanel(
            title=_("Rights placed in the key area"),
            template=KEY_AREA_TEMPLATE,
            data={"entries": key_area_placements(zone), "clause": KEY_AREA_CLAUSES[zone.kind]},
        )
    return None


def register_panels():
    """Add the review's panels to the record pages of rights and zones."""
    register_record_panel(ExplorationRight, right_placement_panel)
    register_record_panel(MiningRight, mining_right_scale_panel)
    register_record_panel(MiningRight, right_placement_panel)
    register_record_panel(PlanningArea, zone_placement_panel)
