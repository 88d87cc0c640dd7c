"""Admin screens for exploration and mining rights and the plan's scale rules."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from planportal.admin import (
    TIMESTAMPS,
    PlanPortalAdmin,
    RegisterAdmin,
    area,
    quantity,
)
from rights.models import ExplorationRight, MinimumScaleRule, MiningRight, ScaleStandard
from rights.resources import ExplorationRightResource, MiningRightResource

MINERAL_SEARCH = ("mineral__name", "mineral__aliases__name", "mineral_as_printed")
MINERAL_FILTER = ("mineral", admin.RelatedOnlyFieldListFilter)

LIFECYCLE_FIELDSET = (
    _("Permit and holder"),
    {
        "fields": (
            "permit_no",
            ("holder", "holder_credit_code"),
            ("valid_from", "valid_to"),
        ),
        "classes": ("collapse",),
    },
)
RECORD_FIELDSET = (_("Record"), {"fields": TIMESTAMPS})


class RightAdmin(RegisterAdmin):
    """What the exploration- and mining-right screens share."""

    list_display_links = ("seq", "name")
    list_select_related = ("mineral", "plan")
    search_fields = ("name", "permit_no", "holder", *MINERAL_SEARCH)
    ordering = ("plan_id", "seq")
    date_hierarchy = "as_of"
    autocomplete_fields = ("mineral",)


@admin.register(ExplorationRight)
class ExplorationRightAdmin(RightAdmin):
    resource_classes = [ExplorationRightResource]
    list_display = ("seq", "name", "mineral", "stage", area, "as_of", "plan", "source")
    list_filter = ("plan", "stage", MINERAL_FILTER)
    source_table = _("Box 3: exploration rights granted")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("plan", "seq"),
                    "name",
                    ("mineral", "mineral_as_printed"),
                    "stage",
                    "area_km2",
                    "as_of",
                )
            },
        ),
        LIFECYCLE_FIELDSET,
        RECORD_FIELDSET,
    )


@admin.register(MiningRight)
class MiningRightAdmin(RightAdmin):
    resource_classes = [MiningRightResource]
    list_display = (
        "seq",
        "name",
        "mineral",
        "capacity_with_unit",
        "status",
        "mining_method",
        area,
        "as_of",
        "plan",
        "source",
    )
    list_filter = ("plan", "status", "mining_method", "scale", "capacity_unit", MINERAL_FILTER)
    source_table = _("Box 4: mining rights granted")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("plan", "seq"),
                    "name",
                    ("mineral", "mineral_as_printed"),
                    ("capacity", "capacity_unit"),
                    ("status", "mining_method", "scale"),
                    "area_km2",
                    ("as_of", "issuing_authority"),
                )
            },
        ),
        LIFECYCLE_FIELDSET,
        RECORD_FIELDSET,
    )

    @admin.display(description=_("production capacity"), ordering="capacity")
    def capacity_with_unit(self, obj):
        return quantity(obj.capacity, obj.capacity_unit)


@admin.register(ScaleStandard)
class ScaleStandardAdmin(PlanPortalAdmin):
    list_display = (
        "seq",
        "mineral_as_printed",
        "variant",
        "mining_method",
        "large",
        "medium",
        "small",
        "unit_as_printed",
        "min_service_years",
        "plan",
        "source",
    )
    list_display_links = ("seq", "mineral_as_printed")
    list_filter = ("plan", "mining_method", "unit", MINERAL_FILTER)
    list_select_related = ("mineral", "plan")
    search_fields = ("variant", "note", *MINERAL_SEARCH)
    ordering = ("plan_id", "seq", "variant")
    autocomplete_fields = ("mineral",)
    source_table = _("Box 18: minimum mining scale standards")

    @admin.display(description=_("large from"), ordering="large_min")
    def large(self, obj):
        return quantity(obj.large_min, obj.unit)

    @admin.display(description=_("medium from"), ordering="medium_min")
    def medium(self, obj):
        return quantity(obj.medium_min, obj.unit)

    @admin.display(description=_("small from"), ordering="small_min")
    def small(self, obj):
        return quantity(obj.small_min, obj.unit)


@admin.register(MinimumScaleRule)
class MinimumScaleRuleAdmin(PlanPortalAdmin):
    list_display = (
        "seq",
        "mineral",
        "mining_method",
        "minimum",
        "boundary_allowed",
        "min_recovery_rate",
        "as_printed",
        "plan",
        "source",
    )
    list_display_links = ("seq", "mineral")
    list_filter = ("plan", "clause", "mining_method", "boundary_allowed", MINERAL_FILTER)
    list_select_related = ("mineral", "plan")
    search_fields = ("as_printed", "clause", "mineral__name", "mineral__aliases__name")
    ordering = ("plan_id", "seq")
    autocomplete_fields = ("mineral",)

    def source_label(self, obj):
        # The rules are spread over the plan's prose: 三(三), 四(二).
        return obj.clause

    @admin.display(description=_("minimum capacity"), ordering="min_capacity")
    def minimum(self, obj):
        return quantity(obj.min_capacity, obj.unit)
