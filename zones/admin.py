"""Admin screens for the planning areas and blocks and the key development regions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from planportal.admin import PlanPortalAdmin, RegisterAdmin, area
from zones.models import DevelopmentRegion, PlanningArea, ZoneKind
from zones.resources import PlanningAreaResource

# The table of the 2021–2025 plan each kind of area is listed in.
SOURCE_TABLES = {
    ZoneKind.NATIONAL_PLANNED_AREA: _("Box 12: national planned mining areas"),
    ZoneKind.KEY_EXPLORATION_AREA: _("Box 13: key exploration areas"),
    ZoneKind.KEY_MINING_AREA: _("Box 14: key mining areas"),
    ZoneKind.EXPLORATION_BLOCK: _("Box 15: exploration rights to be granted"),
    ZoneKind.MINING_BLOCK: _("Table of mining planning blocks"),
    ZoneKind.CONCENTRATED_AREA: _("Table of concentrated sand-gravel-clay mining areas"),
}


@admin.register(PlanningArea)
class PlanningAreaAdmin(RegisterAdmin):
    resource_classes = [PlanningAreaResource]
    list_display = (
        "seq",
        "name",
        "kind",
        "mineral_display",
        area,
        "stage",
        "admin_region",
        "plan",
        "source",
    )
    list_display_links = ("seq", "name")
    list_filter = ("plan", "kind", "stage", ("mineral", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("mineral", "plan")
    search_fields = (
        "name",
        "admin_region",
        "note",
        "mineral__name",
        "mineral__aliases__name",
        "mineral_as_printed",
    )
    ordering = ("plan_id", "kind", "seq")
    autocomplete_fields = ("mineral",)

    def source_label(self, obj):
        return SOURCE_TABLES.get(obj.kind)

    @admin.display(description=_("mineral"), ordering="mineral__name")
    def mineral_display(self, obj):
        # 砂石粘土 areas name a group of minerals, kept only as printed.
        return obj.mineral or obj.mineral_as_printed or None


@admin.register(DevelopmentRegion)
class DevelopmentRegionAdmin(PlanPortalAdmin):
    list_display = ("seq", "name", "plan", "source")
    list_display_links = ("seq", "name")
    list_filter = ("plan",)
    list_select_related = ("plan",)
    search_fields = (
        "name",
        "development_direction",
        "exploration_direction",
        "exploitation_direction",
    )
    ordering = ("plan_id", "seq")
    source_table = _("Box 11: key development regions")
