"""What every Excel import and export of a register shares (django-import-export).

A row names its plan by code and itself by its 序号 (``seq``) in the plan's table, never by
a database id, so a workbook exported from one database imports into another. Choice
columns are written as their label and read from the code or a label in any of the
portal's languages. Every row is validated (field validators and database constraints via
``full_clean``) and the import is written all or nothing.
"""

from collections import Counter
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from planportal.models import Plan


def cell_text(value):
    return "" if value is None else force_str(value).strip()


class PlanWidget(widgets.ForeignKeyWidget):
    """A plan by its code (xinyuan-2021-2025)."""

    def __init__(self, **kwargs):
        super().__init__(Plan, field="code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        code = cell_text(value)
        if not code:
            raise ValueError(_("The plan code is missing."))
        try:
            return Plan.objects.get(code=code)
        except Plan.DoesNotExist as exc:
            raise ValueError(_("Unknown plan “%(code)s”.") % {"code": code}) from exc


class ChoiceWidget(widgets.Widget):
    """A choice column: written as the label, read from the code or any language's label."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return ""
        for member in self.choices:
            if text == member.value:
                return member.value
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for member in self.choices:
                    if text.casefold() == str(member.label).casefold():
                        return member.value
        raise ValueError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": text, "choices": "、".join(str(label) for label in self.choices.labels)}
        )

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        try:
            return str(self.choices(value).label)
        except ValueError:
            return value


class DecimalWidget(widgets.DecimalWidget):
    """A figure as an exact Decimal; text that is no number is a row error, not a crash."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        try:
            return Decimal(cell_text(value).replace(",", ""))
        except InvalidOperation as exc:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from exc


def choice_field(name, choices):
    return fields.Field(attribute=name, column_name=name, widget=ChoiceWidget(choices))


def decimal_field(name):
    return fields.Field(attribute=name, column_name=name, widget=DecimalWidget())


class PlanTableResource(resources.ModelResource):
    """Rows of one of the plan's tables, identified by (plan code, 序号)."""

    plan = fields.Field(attribute="plan", column_name="plan", widget=PlanWidget())

    class Meta:
        import_id_fields = ("plan", "seq")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        # All or nothing (also set IMPORT_EXPORT_USE_TRANSACTIONS = True in settings).
        use_transactions = True

    def import_data(self, dataset, *args, rollback_on_validation_errors=True, **kwargs):
        # A row that fails validation undoes the rows before it: all or nothing.
        return super().import_data(
            dataset, *args, rollback_on_validation_errors=rollback_on_validation_errors, **kwargs
        )

    def duplicate_key_columns(self):
        """The columns that together name one record of the table."""
        return [self.fields[name].column_name for name in self.get_import_id_fields()]

    def before_import(self, dataset, **kwargs):
        """Refuse a workbook that names the same record twice."""
        super().before_import(dataset, **kwargs)
        columns = self.duplicate_key_columns()
        if not set(columns) <= set(dataset.headers or ()):
            return  # the missing columns are reported by import-export itself
        keys = Counter(tuple(cell_text(row[column]) for column in columns) for row in dataset.dict)
        repeated = [" / ".join(key) for key, count in keys.items() if count > 1]
        if repeated:
            raise ValidationError(
                _("These records appear more than once in the file: %(keys)s.")
                % {"keys": "; ".join(repeated)}
            )

    def get_instance(self, instance_loader, row):
        # The columns that identify a row are cleaned here first: a bad plan code or 序号 is
        # a validation error of that row, not an exception.
        try:
            return super().get_instance(instance_loader, row)
        except (ValueError, ArithmeticError, ValidationError) as exc:
            message = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise ValidationError(message) from exc

    def before_import_row(self, row, **kwargs):
        # The mineral as the workbook spells it, when no separate spelling is given.
        if "mineral_as_printed" in row and not cell_text(row["mineral_as_printed"]):
            row["mineral_as_printed"] = cell_text(row.get("mineral"))
        super().before_import_row(row, **kwargs)
