"""Admin site set-up and the pieces every app's admin shares; the Plan admin."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export.forms import SelectableFieldsExportForm
from knox.admin import AuthTokenAdmin as KnoxAuthTokenAdmin
from knox.admin import AuthTokenCreateForm
from knox.models import AuthToken
from knox.settings import knox_settings
from simple_history.admin import SimpleHistoryAdmin

from planportal.concurrency import VersionedAdminMixin
from planportal.formatting import plain_number
from planportal.imports import SafeImportExportMixin
from planportal.models import ApiToken, Plan
from planportal.units import Unit

admin.site.site_header = _("Plan Portal administration")
admin.site.site_title = _("Plan Portal")
admin.site.index_title = _("Plans and registers")
# The app list beside every page took 300 px of a 1366 px screen from the changelists; the
# breadcrumbs and the index lead to every model as well.
admin.site.enable_nav_sidebar = False

TIMESTAMPS = ("created_at", "updated_at")


@admin.display(description=_("area (km²)"), ordering="area_km2")
def area(obj):
    """The area column of every register that has one, without trailing zeros."""
    return plain_number(obj.area_km2)


def quantity(value, unit):
    """A figure with its unit's label, as the changelists show it: "30 万吨/年".

    None when there is no figure, so the admin shows its usual empty-value mark.
    """
    if value is None:
        return None
    label = Unit(unit).label if unit else ""
    return f"{plain_number(value)} {label}".strip()


class PlanPortalAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    """Every admin of the portal: change history (simple-history), timestamps read-only.

    ``source_table`` names the table of the plan the records come from; a model whose
    rows come from several tables overrides ``source_label``.
    """

    readonly_fields = TIMESTAMPS
    list_per_page = 50
    source_table = None

    def source_label(self, obj):
        return self.source_table

    @admin.display(description=_("source table"))
    def source(self, obj):
        return self.source_label(obj) or None

    def get_list_display(self, request):
        """The plan column shows the plan's short code, and none while one plan is loaded:
        the plan's full name on every row took a third of a 1366 px screen."""
        columns = super().get_list_display(request)
        if "plan" not in columns:
            return columns
        if not hasattr(request, "_several_plans"):
            request._several_plans = Plan.objects.all()[:2].count() > 1
        if not request._several_plans:
            return tuple(column for column in columns if column != "plan")
        return tuple("plan_code" if column == "plan" else column for column in columns)

    @admin.display(description=_("plan"), ordering="plan__code")
    def plan_code(self, obj):
        return obj.plan.code


class ExportForm(SelectableFieldsExportForm):
    """The export form, its column check-boxes labelled in the user's language."""

    def _get_field_label(self, resource, field_name):
        try:
            field = resource._meta.model._meta.get_field(field_name)
        except FieldDoesNotExist:
            return super()._get_field_label(resource, field_name)
        return f"{capfirst(field.verbose_name)} ({resource.fields[field_name].column_name})"


class RegisterAdmin(SafeImportExportMixin, PlanPortalAdmin):
    """A register staff keep in Excel: import and export as .xlsx on the changelist
    (permissions, upload caps and the upload's keeping: planportal.imports)."""

    export_form_class = ExportForm


@admin.register(Plan)
class PlanAdmin(PlanPortalAdmin):
    list_display = (
        "code",
        "name",
        "region_name",
        "period_start",
        "period_end",
        "base_year",
        "outlook_year",
        "approval_date",
        "is_draft",
    )
    list_display_links = ("code", "name")
    list_filter = ("is_draft", "region_name", "period_start")
    search_fields = ("code", "name", "region_name", "region_code")
    ordering = ("-period_start", "code")
    date_hierarchy = "approval_date"
    fieldsets = (
        (None, {"fields": ("code", "name", "region_name", "region_code", "is_draft")}),
        (
            _("Period"),
            {"fields": ("period_start", "period_end", "base_year", "outlook_year")},
        ),
        (
            _("Publication"),
            {"fields": ("issuer", "approval_date", "published_as_printed", "source_text")},
        ),
        (_("Record"), {"fields": TIMESTAMPS}),
    )


class ApiTokenForm(AuthTokenCreateForm):
    """Issue a token to a user; every token expires (settings.REST_KNOX["TOKEN_TTL"])."""

    class Meta(AuthTokenCreateForm.Meta):
        model = ApiToken
        labels = {"user": _("user"), "expiry": _("expires at")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        expiry = self.fields["expiry"]
        expiry.required = True
        expiry.initial = timezone.now() + knox_settings.TOKEN_TTL
        expiry.help_text = _("Every token expires; issue a new one before this date.")

    def clean_expiry(self):
        """In the future, and no later than API_TOKEN_TTL_DAYS from now."""
        expiry = self.cleaned_data["expiry"]
        now = timezone.now()
        if expiry <= now:
            raise forms.ValidationError(_("The expiry must be in the future."))
        if expiry > now + knox_settings.TOKEN_TTL:
            raise forms.ValidationError(
                _("A token expires within %(days)d days of being issued.")
                % {"days": knox_settings.TOKEN_TTL.days}
            )
        return expiry


admin.site.unregister(AuthToken)


@admin.register(ApiToken)
class ApiTokenAdmin(KnoxAuthTokenAdmin):
    """Staff issue a token per API client here, and revoke it by deleting it."""

    add_form = ApiTokenForm
    list_display = ("token_key", "user", "created", "expiry")
    list_select_related = ("user",)
    search_fields = ("token_key", "user__username")
    date_hierarchy = "created"

    def save_model(self, request, obj, form, change):
        admin.ModelAdmin.save_model(self, request, obj, form, change)
        if not change:
            self.message_user(
                request,
                _("Token for %(user)s: %(token)s — copy it now, it will not be shown again.")
                % {"user": obj.user, "token": form.token},
                messages.SUCCESS,
            )
