"""Review pages of the loaded registers: the block ledger and the mining-rights review.

Each page reads its selector (``review.ledger``) once; its Excel twin gives the same
filtered rows.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from planportal.context_processors import plan_portal, selected_plan
from planportal.excel import Sheet, xlsx_response
from review.ledger import (
    block_ledger,
    block_ledger_filtered,
    mining_rights_filtered,
    mining_rights_review,
    scale_class_label,
)
from review.register_filters import BlockLedgerFilterForm, MiningRightsReviewFilterForm


def _findings_text(findings):
    return "\n".join(f"[{item.reference}] {item.message}" for item in findings)


def _ledger_rows(request):
    plan = selected_plan(request)
    form = BlockLedgerFilterForm(request.GET)
    ledger = block_ledger(plan)
    entries = block_ledger_filtered(ledger, **form.filters()) if form.is_valid() else []
    return plan, form, ledger, entries


@require_safe
def blocks(request):
    """Each block and concentrated area with its rights, granted or open, and findings."""
    _plan, form, ledger, entries = _ledger_rows(request)
    context = {
        **plan_portal(request),
        "nav": "blocks",
        "form": form,
        "ledger": ledger,
        "entries": entries,
        "export_url": f"{reverse('review:blocks-export')}?{request.GET.urlencode()}",
    }
    return render(request, "review/blocks.html", context)


BLOCK_HEADERS = (
    gettext_lazy("Kind"),
    gettext_lazy("No."),
    gettext_lazy("Block"),
    gettext_lazy("Mineral"),
    gettext_lazy("Area (km²)"),
    gettext_lazy("Granted"),
    gettext_lazy("Rights placed"),
    gettext_lazy("Findings"),
)


@require_safe
def blocks_export(request):
    """The ledger as filtered, as an .xlsx workbook (rights outside blocks on a 2nd sheet)."""
    plan, _form, ledger, entries = _ledger_rows(request)
    rows = (
        (
            entry.block.get_kind_display(),
            entry.block.seq,
            entry.block.name,
            entry.block.mineral or entry.block.mineral_as_printed,
            entry.block.area_km2,
            _("granted") if entry.granted else _("open"),
            "\n".join(f"{p.kind_label} {p.right.name}" for p in entry.rights),
            _findings_text(entry.findings),
        )
        for entry in entries
    )
    outside = (
        (
            item.placed.kind_label,
            item.placed.right.name,
            item.placed.right.mineral,
            item.key_area.name,
            _findings_text(item.findings),
        )
        for item in ledger.outside_blocks
    )
    sheets = [
        Sheet(title=_("Block ledger"), headers=BLOCK_HEADERS, rows=rows),
        Sheet(
            title=_("Outside any block"),
            headers=(_("Kind"), _("Right"), _("Mineral"), _("Key area"), _("Findings")),
            rows=outside,
        ),
    ]
    return xlsx_response(f"block-ledger-{plan.code}.xlsx", sheets)


def _review_rows(request):
    plan = selected_plan(request)
    form = MiningRightsReviewFilterForm(request.GET)
    review = mining_rights_review(plan)
    rows = mining_rights_filtered(review, **form.filters()) if form.is_valid() else []
    return plan, form, review, rows


@require_safe
def mining_rights(request):
    """Every mining right classed by 专栏18, counts by class, the rectification list."""
    _plan, form, review, rows = _review_rows(request)
    context = {
        **plan_portal(request),
        "nav": "mining-review",
        "form": form,
        "review": review,
        "rows": rows,
        "counts": [(scale_class_label(code), code, n) for code, n in review.counts.items()],
        "export_url": f"{reverse('review:mining-rights-export')}?{request.GET.urlencode()}",
    }
    return render(request, "review/mining_rights.html", context)


REVIEW_HEADERS = (
    gettext_lazy("No."),
    gettext_lazy("Name"),
    gettext_lazy("Mineral"),
    gettext_lazy("Capacity"),
    gettext_lazy("Capacity unit"),
    gettext_lazy("Status"),
    gettext_lazy("Class by Box 18"),
    gettext_lazy("Box 18 row"),
    gettext_lazy("To rectify (四(三))"),
    gettext_lazy("Findings"),
)


def _review_row(item):
    right = item.right
    return (
        right.seq,
        right.name,
        right.mineral,
        right.capacity,
        right.get_capacity_unit_display(),
        right.get_status_display(),
        item.scale_class_label,
        str(item.standard) if item.standard is not None else None,
        _("yes") if item.to_rectify else _("no"),
        _findings_text(item.findings),
    )


@require_safe
def mining_rights_export(request):
    """The review as filtered, and the rectification list, as an .xlsx workbook."""
    plan, _form, review, rows = _review_rows(request)
    sheets = [
        Sheet(
            title=_("Mining rights by Box 18"), headers=REVIEW_HEADERS, rows=map(_review_row, rows)
        ),
        Sheet(
            title=_("Rectification list"),
            headers=REVIEW_HEADERS,
            rows=map(_review_row, review.rectification),
        ),
    ]
    return xlsx_response(f"mining-rights-review-{plan.code}.xlsx", sheets)
