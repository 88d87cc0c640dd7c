"""Admin for what staff record for the review: where each right lies (block placements).

Staff place a right on its own page too: the placement is an inline of the exploration- and
mining-right admin, added from here (rights may not import review; review sits above it).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from planportal.admin import PlanPortalAdmin
from planportal.concurrency import VersionedAdminMixin
from review.models import BlockPlacement
from rights.models import ExplorationRight, MiningRight


@admin.register(BlockPlacement)
class BlockPlacementAdmin(PlanPortalAdmin):
    list_display = ("right_display", "block", "key_area", "note", "updated_at")
    list_select_related = ("exploration_right", "mining_right", "block", "key_area")
    list_filter = ("block__plan", "block__kind", "key_area")
    search_fields = ("exploration_right__name", "mining_right__name", "block__name", "note")
    autocomplete_fields = ("exploration_right", "mining_right")
    ordering = ("block_id", "pk")
    fields = (
        "exploration_right",
        "mining_right",
        "block",
        "key_area",
        "note",
        *PlanPortalAdmin.readonly_fields,
    )

    @admin.display(description=_("right"))
    def right_display(self, obj):
        return obj.right


class PlacementInline(VersionedAdminMixin, admin.StackedInline):
    model = BlockPlacement
    extra = 0
    max_num = 1
    can_delete = True
    fields = ("block", "key_area", "note")
    verbose_name = _("block placement")
    verbose_name_plural = _("block placement")


class ExplorationPlacementInline(PlacementInline):
    fk_name = "exploration_right"


class MiningPlacementInline(PlacementInline):
    fk_name = "mining_right"


for _model, _inline in (
    (ExplorationRight, ExplorationPlacementInline),
    (MiningRight, MiningPlacementInline),
):
    _right_admin = admin.site._registry.get(_model)
    if _right_admin is not None and _inline not in _right_admin.inlines:
        _right_admin.inlines = [*_right_admin.inlines, _inline]
