"""Admin screens for minerals, their regulation directions, deposits and resource reserves."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from deposits.models import (
    Deposit,
    Mineral,
    MineralAlias,
    MineralClass,
    MineralClassMember,
    MineralRegulation,
    ResourceReserve,
)
from deposits.resources import DepositResource
from planportal.admin import TIMESTAMPS, PlanPortalAdmin, RegisterAdmin, quantity

MINERAL_SEARCH = ("mineral__name", "mineral__aliases__name", "mineral_as_printed")


class MineralAliasInline(admin.TabularInline):
    model = MineralAlias
    fields = ("name",)
    extra = 1
    verbose_name = _("alias")
    verbose_name_plural = _("other spellings in the plan")


@admin.register(Mineral)
class MineralAdmin(PlanPortalAdmin):
    list_display = ("name", "category", "alias_names", "updated_at")
    list_filter = ("category", "regulations__direction")
    search_fields = ("name", "aliases__name")
    ordering = ("name",)
    fields = ("name", "category", *TIMESTAMPS)
    inlines = (MineralAliasInline,)

    def get_queryset(self, request):
        # One query for every alias on the page, not one per mineral.
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description=_("aliases"))
    def alias_names(self, obj):
        return "、".join(alias.name for alias in obj.aliases.all()) or None


@admin.register(MineralRegulation)
class MineralRegulationAdmin(PlanPortalAdmin):
    list_display = ("mineral", "direction", "condition", "as_printed", "clause", "plan")
    list_filter = ("plan", "direction")
    list_select_related = ("mineral", "plan")
    search_fields = ("mineral__name", "mineral__aliases__name", "as_printed", "condition")
    ordering = ("plan_id", "direction", "mineral__name")
    autocomplete_fields = ("mineral",)
    source_table = _("3(1) regulation directions")


class MineralClassMemberInline(admin.TabularInline):
    model = MineralClassMember
    fields = ("mineral", "reason")
    autocomplete_fields = ("mineral",)
    extra = 1


@admin.register(MineralClass)
class MineralClassAdmin(PlanPortalAdmin):
    list_display = ("name", "code", "member_names", "clause", "plan")
    list_filter = ("plan",)
    list_select_related = ("plan",)
    search_fields = ("name", "code", "members__mineral__name")
    ordering = ("plan_id", "code")
    fields = ("plan", "code", "name", "clause", *TIMESTAMPS)
    inlines = (MineralClassMemberInline,)

    def get_queryset(self, request):
        # One query for every member on the page, not one per class.
        return super().get_queryset(request).prefetch_related("members__mineral")

    @admin.display(description=_("minerals"))
    def member_names(self, obj):
        return "、".join(member.mineral.name for member in obj.members.all()) or None


@admin.register(Deposit)
class DepositAdmin(RegisterAdmin):
    resource_classes = [DepositResource]
    list_display = ("seq", "name", "mineral", "work_degree", "scale", "plan", "source")
    list_display_links = ("seq", "name")
    list_filter = ("plan", "work_degree", "scale", ("mineral", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("mineral", "plan")
    search_fields = ("name", *MINERAL_SEARCH)
    ordering = ("plan_id", "seq")
    autocomplete_fields = ("mineral",)
    source_table = _("Box 2: list of deposits")


@admin.register(ResourceReserve)
class ResourceReserveAdmin(PlanPortalAdmin):
    list_display = (
        "seq",
        "mineral_as_printed",
        "mineral",
        "deposit_count",
        "basis",
        "retained",
        "cumulative",
        "plan",
        "source",
    )
    list_display_links = ("seq", "mineral_as_printed")
    list_filter = ("plan", "basis", ("mineral", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("mineral", "plan")
    search_fields = MINERAL_SEARCH
    ordering = ("plan_id", "seq")
    autocomplete_fields = ("mineral",)
    source_table = _("Table of retained resources")

    @admin.display(description=_("retained resources"), ordering="retained_amount")
    def retained(self, obj):
        return quantity(obj.retained_amount, obj.unit)

    @admin.display(description=_("cumulative identified resources"), ordering="cumulative_amount")
    def cumulative(self, obj):
        return quantity(obj.cumulative_amount, obj.unit)
