"""Admin screens for the plan's targets: indicator groups, indicators with their actual
figures, key projects and the figures the plan states in its prose."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from planportal.admin import TIMESTAMPS, PlanPortalAdmin, RegisterAdmin, quantity
from planportal.concurrency import VersionedAdminMixin
from planportal.formatting import percent, plain_number
from targets.formatting import status_label, target_text
from targets.models import (
    Evaluation,
    EvaluationReason,
    Indicator,
    IndicatorGroup,
    IndicatorValue,
    KeyProject,
    StatedFigure,
)
from targets.resources import IndicatorValueResource


@admin.register(IndicatorGroup)
class IndicatorGroupAdmin(PlanPortalAdmin):
    list_display = (
        "order",
        "code",
        "title",
        "target_heading",
        "period_start",
        "period_end",
        "role",
        "plan",
    )
    list_display_links = ("code", "title")
    list_filter = ("plan", "role", "period_start")
    list_select_related = ("plan",)
    search_fields = ("code", "title")
    ordering = ("plan_id", "order", "code")


class IndicatorValueInline(VersionedAdminMixin, admin.TabularInline):
    """The actual figures of an indicator, year by year, under the indicator itself."""

    model = IndicatorValue
    fields = (
        "year",
        "value",
        "unit",
        "value_as_printed",
        "source",
        "source_note",
        "stated_completion_rate",
        "entered_by",
    )
    readonly_fields = ("entered_by",)
    ordering = ("year",)
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entered_by")


def record_entry(request, value):
    """An actual figure typed in by a person is signed with their account, unless it already is."""
    if value.entered_by_id is None:
        value.entered_by = request.user


@admin.register(Indicator)
class IndicatorAdmin(PlanPortalAdmin):
    list_display = (
        "seq",
        "name",
        "mineral",
        "target",
        "attribute",
        "target_year",
        "current",
        "completion",
        "status",
        "source",
        "plan",
    )
    # Aggregation and live metric are filters, not columns: with them the list was 1135 px
    # wide in the 1016 px a 1366 px screen leaves it.
    list_display_links = ("seq", "name")
    list_filter = (
        "plan",
        "group",
        "attribute",
        "target_kind",
        "aggregation",
        "live_metric",
        "target_year",
        ("mineral", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("plan", "group", "mineral")
    search_fields = (
        "name",
        "group__title",
        "clause",
        "target_as_printed",
        "mineral__name",
        "mineral__aliases__name",
    )
    ordering = ("plan_id", "group__order", "seq")
    autocomplete_fields = ("mineral", "figures_from")
    inlines = (IndicatorValueInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("plan", "group", "seq"),
                    "name",
                    ("mineral", "mineral_class"),
                    "clause",
                    "note",
                )
            },
        ),
        (
            _("Target"),
            {
                "fields": (
                    ("target_kind", "target_value"),
                    ("target_low", "target_high"),
                    "target_as_printed",
                    ("unit", "basis", "unit_as_printed"),
                    ("target_year", "attribute"),
                    "live_metric",
                    ("aggregation", "figures_from"),
                )
            },
        ),
        (_("Record"), {"fields": TIMESTAMPS}),
    )

    def source_label(self, obj):
        return obj.group.title

    def get_queryset(self, request):
        # Completion and status are computed once, in the database (Indicator.objects.with_live).
        return Indicator.objects.with_live()

    @admin.display(description=_("target"), ordering="target_value")
    def target(self, obj):
        return target_text(obj) or None

    @admin.display(description=_("actual figure"), ordering="current_value")
    def current(self, obj):
        if obj.current_value is None:
            return None
        years = obj.current_year
        if not obj.current_is_live and obj.actual_first_year != obj.latest_year:
            years = f"{obj.actual_first_year}–{obj.latest_year}"  # a total over these years
        return f"{plain_number(obj.current_value)}（{years}）"

    @admin.display(description=_("completion rate (%)"), ordering="current_completion_rate")
    def completion(self, obj):
        # An at-most target has no completion rate, only the share of its cap used.
        if obj.current_cap_usage is not None:
            return _("%(usage)s of the cap") % {"usage": percent(obj.current_cap_usage)}
        return plain_number(obj.current_completion_rate)

    @admin.display(description=pgettext_lazy("indicator", "status"), ordering="current_status")
    def status(self, obj):
        return status_label(obj.current_status) or None

    def save_formset(self, request, form, formset, change):
        if formset.model is not IndicatorValue:
            return super().save_formset(request, form, formset, change)
        values = formset.save(commit=False)
        for value in formset.deleted_objects:
            value.delete()
        for value in values:
            record_entry(request, value)
            value.save()
        formset.save_m2m()


@admin.register(IndicatorValue)
class IndicatorValueAdmin(RegisterAdmin):
    resource_classes = [IndicatorValueResource]
    # A link to the yearly collection page (a year's figures from one workbook).
    import_export_change_list_template = "admin/targets/indicatorvalue/change_list.html"
    list_display = (
        "indicator",
        "year",
        "figure",
        "value_source",
        "stated_completion_rate",
        "entered_by",
        "source",
    )
    list_filter = ("indicator__plan", "year", "source", "indicator__group")
    list_select_related = ("indicator__plan", "indicator__group", "entered_by")
    search_fields = (
        "indicator__name",
        "indicator__mineral__name",
        "indicator__mineral__aliases__name",
        "source_note",
        "value_as_printed",
    )
    ordering = ("indicator__plan_id", "indicator__group__order", "indicator__seq", "year")
    autocomplete_fields = ("indicator",)
    readonly_fields = ("entered_by", *TIMESTAMPS)

    def source_label(self, obj):
        return obj.indicator.group.title

    @admin.display(description=_("actual figure"), ordering="value")
    def figure(self, obj):
        return quantity(obj.value, obj.unit)

    @admin.display(description=_("source of the figure"), ordering="source")
    def value_source(self, obj):
        return obj.get_source_display()

    def save_model(self, request, obj, form, change):
        record_entry(request, obj)
        super().save_model(request, obj, form, change)


@admin.register(KeyProject)
class KeyProjectAdmin(PlanPortalAdmin):
    list_display = (
        "seq",
        "name",
        "mineral",
        "capacity_with_unit",
        "schedule_as_printed",
        "implementer",
        "admin_region",
        "source",
        "plan",
    )
    list_display_links = ("seq", "name")
    list_filter = (
        "plan",
        "group",
        "mining_method",
        ("mineral", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("plan", "mineral")
    search_fields = (
        "name",
        "description",
        "implementer",
        "admin_region",
        "mineral__name",
        "mineral__aliases__name",
    )
    ordering = ("plan_id", "group", "seq")
    autocomplete_fields = ("mineral",)

    def source_label(self, obj):
        return f"{obj.group} {obj.group_title}".strip()

    @admin.display(description=_("capacity"), ordering="capacity")
    def capacity_with_unit(self, obj):
        if obj.capacity is None:
            return obj.capacity_as_printed or None
        return quantity(obj.capacity, obj.capacity_unit)


@admin.register(StatedFigure)
class StatedFigureAdmin(PlanPortalAdmin):
    list_display = ("seq", "subject", "figure", "metric", "source", "plan")
    list_display_links = ("seq", "subject")
    list_filter = ("plan", "unit", "metric")
    list_select_related = ("plan",)
    search_fields = ("subject", "clause", "as_printed", "metric")
    ordering = ("plan_id", "seq")

    def source_label(self, obj):
        return obj.clause

    @admin.display(description=_("stated figure"), ordering="value")
    def figure(self, obj):
        return quantity(obj.value, obj.unit)


class EvaluationReasonInline(VersionedAdminMixin, admin.StackedInline):
    """The reasons (原因分析) of the targets not met, under their evaluation."""

    model = EvaluationReason
    fields = ("indicator", "reason")
    autocomplete_fields = ("indicator",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator")

    # A signed evaluation's reasons are part of the signed report.
    def has_add_permission(self, request, obj=None):
        return (obj is None or not obj.is_signed) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return (obj is None or not obj.is_signed) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_signed) and super().has_delete_permission(request, obj)


@admin.register(Evaluation)
class EvaluationAdmin(PlanPortalAdmin):
    """Evaluations: their text and reasons. Signing off is done on the evaluation's page
    (or the API), which freezes the figures; a signed evaluation is read-only here."""

    list_display = ("year", "kind", "plan", "signed_off_at", "signed_off_by")
    list_display_links = ("year", "kind")
    list_filter = ("plan", "kind")
    list_select_related = ("plan", "signed_off_by")
    ordering = ("plan_id", "-year")
    inlines = (EvaluationReasonInline,)
    fieldsets = (
        (None, {"fields": (("plan", "year", "kind"),)}),
        (_("Report"), {"fields": Evaluation.SECTION_FIELDS}),
        (_("Sign-off"), {"fields": ("signed_off_at", "signed_off_by")}),
        (_("Record"), {"fields": TIMESTAMPS}),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = (*TIMESTAMPS, "signed_off_at", "signed_off_by")
        if obj is not None and obj.is_signed:
            return (*fields, "plan", "year", "kind", *Evaluation.SECTION_FIELDS)
        return fields

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_signed) and super().has_delete_permission(request, obj)
