"""Excel import and export of the actual figures (实际值) of the plan's indicators.

An indicator is named as the plan numbers it: plan code, group (专栏) code and 序号 in that
group; with the year this identifies one actual figure. The importing user is recorded as
the one who entered the figures.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from planportal.resources import (
    LookupCache,
    PlanTableResource,
    cell_text,
    choice_field,
    decimal_field,
)
from planportal.units import Unit
from targets.choices import ValueSource
from targets.models import Indicator, IndicatorValue


class IndicatorWidget(LookupCache, widgets.ForeignKeyWidget):
    """The indicator in the row's plan and group with this 序号."""

    def __init__(self, **kwargs):
        super().__init__(Indicator, **kwargs)

    def clean(self, value, row=None, **kwargs):
        row = row or {}
        plan, group, seq = cell_text(row.get("plan")), cell_text(row.get("group")), value
        if not (plan and group and cell_text(seq)):
            raise ValueError(_("An indicator needs its plan, group and serial number."))
        return self.cached((plan, group, cell_text(seq)), lambda: self.indicator(plan, group, seq))

    @staticmethod
    def indicator(plan, group, seq):
        try:
            number = Decimal(cell_text(seq))
            if number != number.to_integral_value():
                raise ValueError(seq)
            return Indicator.objects.select_related("plan", "group").get(
                plan__code=plan, group__code=group, seq=int(number)
            )
        except (ArithmeticError, ValueError, Indicator.DoesNotExist) as exc:
            raise ValueError(
                _("No indicator %(seq)s in group “%(group)s” of plan “%(plan)s”.")
                % {"seq": seq, "group": group, "plan": plan}
            ) from exc

    def render(self, value, obj=None, **kwargs):
        return value.seq if value else ""


class IndicatorValueResource(PlanTableResource):
    # Export-only columns that say which indicator a row belongs to.
    plan = fields.Field(attribute="indicator__plan__code", column_name="plan", readonly=True)
    group = fields.Field(attribute="indicator__group__code", column_name="group", readonly=True)
    indicator = fields.Field(
        attribute="indicator", column_name="indicator_seq", widget=IndicatorWidget()
    )
    indicator_name = fields.Field(
        attribute="indicator__name", column_name="indicator_name", readonly=True
    )
    value = decimal_field("value")
    unit = choice_field("unit", Unit)
    source = choice_field("source", ValueSource)
    stated_completion_rate = decimal_field("stated_completion_rate")
    entered_by = fields.Field(
        attribute="entered_by__username", column_name="entered_by", readonly=True
    )

    # No register page lists the actual figures; the export is named like the pages' ones.
    export_title = gettext_lazy("Actual figures")
    export_filename = "actual-figures"
    column_labels = {
        "plan": gettext_lazy("Plan"),
        "group": gettext_lazy("Table"),
        "indicator": gettext_lazy("No."),
        "indicator_name": gettext_lazy("Indicator"),
        "year": gettext_lazy("Year"),
        "unit": gettext_lazy("Unit"),
    }

    class Meta(PlanTableResource.Meta):
        model = IndicatorValue
        import_id_fields = ("indicator", "year")
        fields = (
            "plan",
            "group",
            "indicator",
            "indicator_name",
            "year",
            "value",
            "unit",
            "value_as_printed",
            "source",
            "source_note",
            "stated_completion_rate",
            "entered_by",
        )
        name = gettext_lazy("actual figures")

    @classmethod
    def plan_path(cls):
        return "indicator__plan__code"

    def duplicate_key_columns(self):
        return ("plan", "group", "indicator_seq", "year")

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        # A figure given without a unit is in its indicator's unit.
        if not instance.unit and instance.indicator_id:
            instance.unit = instance.indicator.unit

    def before_save_instance(self, instance, row, **kwargs):
        """Whoever imports the workbook is recorded as having entered its figures."""
        user = kwargs.get("user")
        if user is not None and user.is_authenticated:
            instance.entered_by = user
        super().before_save_instance(instance, row, **kwargs)
