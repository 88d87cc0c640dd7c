"""What every Excel import and export of a register shares (django-import-export).

A row names its plan by code and itself by its 序号 (``seq``) in the plan's table, never by
a database id, so a workbook exported from one database imports into another. Choice
columns are written as their label and read from the code or a label in any of the
portal's languages. Every row is validated (field validators and database constraints via
``full_clean``) and the import is written all or nothing.

A workbook is headed like the register page's own export (序号, 名称, 矿种, …, in the user's
language), on a sheet named like it; an import reads those headings in any of the portal's
languages, or the field codes (``seq``, ``name``, …). A row whose values equal the record's
(1.65 and 1.6500 are one number; a date cell read back as a date-time is the same date) is
reported as skipped and writes no history.
"""

from collections import Counter
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import partial

import tablib
from django.conf import settings
from django.core.exceptions import (
    FieldDoesNotExist,
    MultipleObjectsReturned,
    ObjectDoesNotExist,
    ValidationError,
)
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats.base_formats import XLSX
from import_export.instance_loaders import ModelInstanceLoader
from import_export.resources import Diff
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from planportal.cache import bump_on_commit
from planportal.excel import Sheet, workbook_bytes
from planportal.models import Plan
from planportal.spreadsheets import open_workbook_safely


def cell_text(value):
    return "" if value is None else force_str(value).strip()


class LookupCache:
    """For a widget that looks a record up by what a cell says: each distinct cell is looked
    up once per import, not once per row (10,000 rows name one plan and a few minerals).

    ``PlanTableResource.before_import`` empties the cache, so no import sees another's."""

    def cached(self, key, fetch):
        cache = self.__dict__.setdefault("_lookups", {})
        if key not in cache:
            try:
                cache[key] = (True, fetch())
            except (ValueError, ObjectDoesNotExist, MultipleObjectsReturned) as exc:
                cache[key] = (False, exc)
        found, result = cache[key]
        if not found:
            raise result
        return result

    def reset_lookups(self):
        self.__dict__.pop("_lookups", None)


class PlanWidget(LookupCache, widgets.ForeignKeyWidget):
    """A plan by its code (xinyuan-2021-2025)."""

    def __init__(self, **kwargs):
        super().__init__(Plan, field="code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        code = cell_text(value)
        if not code:
            raise ValueError(_("The plan code is missing."))
        return self.cached(code, lambda: self.plan(code))

    @staticmethod
    def plan(code):
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
        code = self.codes().get(text) or self.codes().get(text.casefold())
        if code is not None:
            return code
        raise ValueError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": text, "choices": "、".join(str(label) for label in self.choices.labels)}
        )

    def codes(self):
        """Each code, and each label in every language (case-folded), → the code; built once."""
        if not hasattr(self, "_codes"):
            codes = {}
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    for member in self.choices:
                        codes.setdefault(str(member.label).casefold(), member.value)
            codes.update({member.value: member.value for member in self.choices})
            self._codes = codes
        return self._codes

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        # Each label translated once per language, not once per cell of an export.
        labels = self.__dict__.setdefault("_labels", {})
        key = (translation.get_language(), value)
        if key not in labels:
            try:
                labels[key] = str(self.choices(value).label)
            except ValueError:
                labels[key] = value
        return labels[key]


class DecimalWidget(widgets.DecimalWidget):
    """A figure as an exact Decimal; text that is no number is a row error, not a crash.

    Written without the trailing zeros of its column's scale (1.6500 → 1.65), so the
    import preview shows no change where the number is the same.
    """

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        try:
            number = Decimal(cell_text(value).replace(",", ""))
        except InvalidOperation as exc:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from exc
        if not number.is_finite():
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return None if kwargs.get("force_native_type") else ""
        number = Decimal(value)
        # normalize() turns 30.0000 into 3E+1; quantize back to an integer exponent.
        plain = number.normalize()
        if plain == plain.to_integral_value():
            plain = plain.quantize(Decimal(1))
        return plain if kwargs.get("force_native_type") else format(plain, "f")


class DateWidget(widgets.DateWidget):
    """A date; Excel date cells come back from openpyxl as midnight date-times."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        return super().clean(value, row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type") and isinstance(value, date):
            return value
        return super().render(value, obj, **kwargs)


def _empty_if_none(value):
    # What ForeignKeyWidget.render gives for no related record.
    return "" if value is None else value


def choice_field(name, choices):
    return fields.Field(attribute=name, column_name=name, widget=ChoiceWidget(choices))


def decimal_field(name):
    return fields.Field(attribute=name, column_name=name, widget=DecimalWidget())


class RegisterXLSX(XLSX):
    """.xlsx for the admin: read within the caps of planportal.spreadsheets, written like the
    register pages' exports (planportal.excel: formula-like text inert, figures numbers)."""

    def create_dataset(self, in_stream):
        sheet = open_workbook_safely(in_stream)
        dataset = tablib.Dataset(*sheet.rows, headers=sheet.headers)
        dataset.title = sheet.title
        return dataset

    def export_data(self, dataset, **kwargs):
        return workbook_bytes(
            [Sheet(title=dataset.title or "", headers=dataset.headers, rows=dataset)]
        )


# The import preview shows the first rows only: a table of 10,000 rows would take longer
# to compute and render than the import itself. The totals count every row.
PREVIEW_ROWS = 100


class PreviewDiff(Diff):
    """A row's before/after for the preview, computed for the first PREVIEW_ROWS rows only."""

    def __init__(self, resource, instance, new):
        resource.diffs_made = getattr(resource, "diffs_made", 0) + 1
        self.shown = resource.diffs_made <= PREVIEW_ROWS
        if self.shown:
            super().__init__(resource, instance, new)
        else:
            self.left, self.right, self.new = [], [], new

    def compare_with(self, resource, instance):
        if self.shown:
            super().compare_with(resource, instance)

    def as_html(self):
        return super().as_html() if self.shown else []


class PlanTableInstanceLoader(ModelInstanceLoader):
    """The records a workbook names, read in one query per import instead of one per row.

    Keyed by the values of the resource's ``import_id_fields`` (related records by id)."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        model = resource._meta.model
        self.id_fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        self.attnames = [model._meta.get_field(f.attribute).attname for f in self.id_fields]
        firsts = set()
        for row in dataset.dict if dataset is not None else ():
            try:
                firsts.add(self.key_part(self.id_fields[0].clean(row)))
            except (ValueError, ArithmeticError, ValidationError):
                continue  # reported as that row's error by get_instance
        # prefetch, not select_related: the rows of one plan share one plan object.
        queryset = self.get_queryset().prefetch_related(*resource.related_paths())
        self.instances = {
            tuple(getattr(obj, attname) for attname in self.attnames): obj
            for obj in queryset.filter(**{f"{self.attnames[0]}__in": firsts})
        }

    @staticmethod
    def key_part(value):
        return value.pk if isinstance(value, models.Model) else value

    def get_instance(self, row):
        key = tuple(self.key_part(field.clean(row)) for field in self.id_fields)
        return self.instances.get(key)


class PlanTableResource(resources.ModelResource):
    """Rows of one of the plan's tables, identified by (plan code, 序号).

    ``page_view`` is the register page whose export this resource's export matches: its
    sheet title and file name, and ``column_labels`` (the page's column headings, field
    name → label); other columns are headed by their field's verbose name.
    """

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "DateField": DateWidget,
        "DecimalField": DecimalWidget,
    }

    plan = fields.Field(attribute="plan", column_name="plan", widget=PlanWidget())

    page_view = None
    export_title = None
    export_filename = None
    column_labels = {}

    class Meta:
        import_id_fields = ("plan", "seq")
        instance_loader_class = PlanTableInstanceLoader
        clean_model_instances = True
        use_bulk = True
        batch_size = 500
        skip_unchanged = True
        report_skipped = True
        # All or nothing (also set IMPORT_EXPORT_USE_TRANSACTIONS = True in settings).
        use_transactions = True
        # Rows read at a time by an export (``iter_queryset``: ``.iterator(chunk_size=…)``).
        chunk_size = 2000

    def import_data(self, dataset, *args, rollback_on_validation_errors=True, **kwargs):
        # A row that fails validation undoes the rows before it: all or nothing.
        self.import_user = kwargs.get("user")
        self.diffs_made = 0
        return super().import_data(
            dataset, *args, rollback_on_validation_errors=rollback_on_validation_errors, **kwargs
        )

    @classmethod
    def get_diff_class(cls):
        return PreviewDiff

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.import_type == row_result.IMPORT_TYPE_SKIP:
            # Nothing to show or log for an unchanged row: keep no copies of it.
            row_result.original = row_result.instance = None
        return row_result

    def related_paths(self):
        """The relations the columns read (plan, mineral, indicator__group …), to be joined."""
        model = self._meta.model
        paths = set()
        for field in self.fields.values():
            attribute = field.attribute or ""
            if "__" in attribute:
                paths.add(attribute.rsplit("__", 1)[0])
            else:
                try:
                    if model._meta.get_field(attribute).is_relation:
                        paths.add(attribute)
                except FieldDoesNotExist:
                    pass
        return sorted(paths)

    def related_field_names(self):
        model = self._meta.model
        return [
            field.name
            for field in model._meta.concrete_fields
            if field.is_relation and field.name in self.fields
        ]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Field validation of each row, without a query per row.

        Related records come from the widgets' lookups, so they exist; the table's
        constraints (unique, checks) are the database's, enforced when the row is saved
        (``do_instance_save``) and explained there only when one fails."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors, *self.related_field_names()],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    # Rows are written in batches (Meta.use_bulk), with their history (simple-history's
    # bulk helpers: one history row per record, as a save would write), the importing user
    # as its author, and a new version and update time for every changed record.

    def history_author(self):
        user = getattr(self, "import_user", None)
        return user if user is not None and user.is_authenticated else None

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            try:
                with transaction.atomic(using=self.get_db_connection_name()):
                    # Batches send no save signals: cached figures start afresh on commit.
                    bump_on_commit(self.get_db_connection_name())
                    bulk_create_with_history(
                        self.create_instances,
                        self._meta.model,
                        batch_size=batch_size,
                        default_user=self.history_author(),
                    )
            except IntegrityError as exc:
                self.handle_import_error(result, self.explain(self.create_instances, exc))
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            now = timezone.now()
            for instance in self.update_instances:
                instance.version = (instance.version or 0) + 1
                instance.updated_at = now
            model = self._meta.model
            names = [
                field.name
                for field in model._meta.concrete_fields
                if not field.primary_key and field.name != "created_at"
            ]
            try:
                with transaction.atomic(using=self.get_db_connection_name()):
                    bump_on_commit(self.get_db_connection_name())
                    bulk_update_with_history(
                        self.update_instances,
                        model,
                        names,
                        batch_size=batch_size,
                        default_user=self.history_author(),
                    )
            except IntegrityError as exc:
                self.handle_import_error(result, self.explain(self.update_instances, exc))
            finally:
                self.update_instances.clear()

    @staticmethod
    def explain(instances, exc):
        """The rows of a batch the database refused, with the rule each breaks."""
        problems = []
        for instance in instances:
            try:
                instance.validate_unique()
                instance.validate_constraints()
            except ValidationError as error:
                problems.append(f"{instance}: {' '.join(error.messages)}")
        return ValidationError(problems or [_("The row breaks a rule of the register.")])

    def get_export_title(self):
        return self.export_title or self.page_view.title

    def get_export_filename(self, queryset=None):
        """``<register>-<plan code>.xlsx`` as the page names it, when the rows are of one plan."""
        stem = self.export_filename or self.page_view.export_filename
        codes = set()
        if queryset is not None:
            path = self.plan_path()
            codes = set(queryset.order_by().values_list(path, flat=True).distinct()[:2])
        return f"{stem}-{codes.pop()}.xlsx" if len(codes) == 1 else f"{stem}.xlsx"

    @classmethod
    def plan_path(cls):
        """The lookup from a record to its plan's code."""
        return "plan__code"

    def column_label(self, field):
        """The heading of a column in the user's language."""
        name = self.get_field_name(field)
        if name in self.column_labels:
            return capfirst(str(self.column_labels[name]))
        # A path (entered_by__username) is headed by the field it starts from.
        attribute = (field.attribute or "").split("__")[0]
        try:
            return capfirst(str(self._meta.model._meta.get_field(attribute).verbose_name))
        except FieldDoesNotExist:
            return field.column_name

    def get_export_headers(self, selected_fields=None):
        return [self.column_label(field) for field in self.get_export_fields(selected_fields)]

    def get_diff_headers(self):
        return [self.column_label(field) for field in self.get_import_fields()]

    def after_export(self, queryset, dataset, **kwargs):
        super().after_export(queryset, dataset, **kwargs)
        dataset.title = str(self.get_export_title())

    def export_sheet(self, queryset, export_fields=None):
        """The export as a sheet whose rows are read as the workbook streams: the columns,
        headings and cells of ``export()`` (figures and dates native), without holding a
        ``tablib.Dataset`` of every row (``planportal.imports``: the admin's export)."""
        kwargs = {"export_fields": export_fields, "force_native_type": True}
        self.before_export(queryset, **kwargs)
        queryset = self.filter_export(queryset, **kwargs)
        fields = self.get_export_fields(export_fields)
        headers = self.get_export_headers(selected_fields=export_fields)
        rows = self.export_rows(queryset, fields)
        return Sheet(title=str(self.get_export_title()), headers=headers, rows=rows)

    def export_rows(self, queryset, fields):
        """The cells of ``fields``, row by row, ``chunk_size`` rows at a time.

        Values-based when every field reads a model field through its widget (no
        ``dehydrate_`` method, a related record by a field of its ``ForeignKeyWidget``):
        one tuple per row from ``values_list``, each value through the field's own widget,
        without three model instances and the library's per-cell look-ups (about 6× faster
        at 100,000 rows). Otherwise as ``export()`` does, from model instances."""
        readers = [self.value_reader(field) for field in fields]
        if None in readers:
            for obj in self.iter_queryset(queryset):
                yield [self.export_field(field, obj, force_native_type=True) for field in fields]
            return
        values = queryset.prefetch_related(None).values_list(*(path for path, _ in readers))
        renders = [render for _, render in readers]
        for row in values.iterator(chunk_size=self.get_chunk_size()):
            yield [render(value) for render, value in zip(renders, row, strict=True)]

    def value_reader(self, field):
        """(lookup, render) exporting ``field`` from ``values_list``; None if it cannot."""
        method = field.get_dehydrate_method(self.get_field_name(field))
        if not field.attribute or callable(method) or getattr(self, method, None) is not None:
            return None
        model = self._meta.model
        *path, last = field.attribute.split("__")
        try:
            for name in path:
                model = model._meta.get_field(name).related_model
            model_field = model._meta.get_field(last)
        except (FieldDoesNotExist, AttributeError):
            return None
        widget = field.widget
        if not model_field.is_relation:
            return field.attribute, partial(widget.render, force_native_type=True)
        plain_key = (
            type(widget).render is widgets.ForeignKeyWidget.render
            and not widget.use_natural_foreign_keys
            and not getattr(widget, "key_is_id", False)
        )
        if not (plain_key and (model_field.many_to_one or model_field.one_to_one)):
            return None
        return f"{field.attribute}__{widget.field}", _empty_if_none

    def header_aliases(self):
        """Every heading an import accepts for a column, folded, → the column's code."""
        aliases = {}
        for field in self.fields.values():
            aliases[field.column_name.casefold()] = field.column_name
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    aliases.setdefault(self.column_label(field).casefold(), field.column_name)
        return aliases

    def normalize_headers(self, dataset):
        """Headings in any language (as the exports write them) → the columns' codes."""
        aliases = self.header_aliases()
        dataset.headers = [
            aliases.get(cell_text(header).casefold(), header) for header in dataset.headers or ()
        ]

    def duplicate_key_columns(self):
        """The columns that together name one record of the table."""
        return [self.fields[name].column_name for name in self.get_import_id_fields()]

    def before_import(self, dataset, **kwargs):
        """Read the headings, and refuse a workbook that names the same record twice."""
        for field in self.fields.values():
            if isinstance(field.widget, LookupCache):
                field.widget.reset_lookups()
        super().before_import(dataset, **kwargs)
        self.normalize_headers(dataset)
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
