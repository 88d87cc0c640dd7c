"""The base of every resource's serializer.

``PlanRecordSerializer`` (the model's own validation on every write, each constraint's
error under the fields it concerns), ``DescribedFieldsMixin`` (a description for every
field of the schema) and ``ErrorSerializer`` (the body of every error).
"""

import copy
import operator

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import router
from django.db.models import CheckConstraint, F, Q, UniqueConstraint
from django.db.models.constants import LOOKUP_SEP
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from planportal.api.fields import ChoiceDisplayField, _generated_display
from planportal.concurrency import VersionedSerializerMixin
from planportal.models import Plan

# The id every resource has (an implicit AutoField, so no model help_text to copy).
ID_DESCRIPTION = _("Id of the row: its address is /api/v1/<resource>/<id>/.")


class DescribedFieldsMixin:
    """Every field of the serializer carries a description for the OpenAPI schema.

    A field's description is its help_text, which ModelSerializer copies from the model
    field; ``id`` is described as the row's address and ``<field>_display`` as the Chinese
    label of ``<field>``. tests/api/test_schema.py fails on any field left without one.
    """

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            if field.help_text:
                continue
            if name == "id":
                field.help_text = ID_DESCRIPTION
            elif name.endswith("_display"):
                code = name.removesuffix("_display")
                labelled = fields.get(code)
                label = (labelled.label if labelled is not None else None) or code
                field.help_text = format_lazy(
                    _("Chinese label of {label} (the code is in “{field}”)."),
                    label=label,
                    field=code,
                )
        return fields


class DescribedSerializer(DescribedFieldsMixin, serializers.Serializer):
    """A plain serializer whose fields are all described."""


def _condition_fields(condition):
    """The names of the columns a CheckConstraint's condition reads, in order of mention."""
    names = []

    def visit(node):
        if isinstance(node, Q):
            for child in node.children:
                visit(child)
        elif isinstance(node, tuple):
            lookup, value = node
            names.append(lookup.split(LOOKUP_SEP)[0])
            visit(value)
        elif isinstance(node, F):
            names.append(node.name.split(LOOKUP_SEP)[0])

    visit(condition)
    return list(dict.fromkeys(names))


def _unique_message(instance, constraint, fields):
    """Name the row's values that another row already has: “序号 1”, “分区类型 开采区块, 序号 1”."""
    meta = instance._meta

    def shown(name):
        field = meta.get_field(name)
        if field.choices:
            return getattr(instance, f"get_{name}_display")()
        return getattr(instance, field.attname)

    params = {
        "model": meta.verbose_name,
        "values": ", ".join(
            f"{meta.get_field(name).verbose_name} {shown(name)}" for name in fields
        ),
    }
    scope = [name for name in constraint.fields if name not in fields]
    if scope:
        params["scope"] = ", ".join(str(meta.get_field(name).verbose_name) for name in scope)
        return gettext("Another %(model)s of this %(scope)s already has %(values)s.") % params
    return gettext("Another %(model)s already has %(values)s.") % params


def constraint_errors(instance, exclude=()):
    """The model's constraints that ``instance`` breaks, each message under its field names.

    Django files a constraint over several columns under ``non_field_errors``; the API
    names the fields instead: a unique constraint under its own columns (``seq``, ``kind``
    and ``seq``, ``year``; not the plan or indicator the row belongs to), a check under
    the columns its condition reads (``valid_from`` and ``valid_to``).
    """
    meta = instance._meta
    concrete = {field.name for field in meta.concrete_fields}
    using = router.db_for_write(type(instance), instance=instance)
    errors = {}
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                constraint.validate(model_class, instance, exclude=set(exclude), using=using)
            except DjangoValidationError as exc:
                messages = exc.messages
                if isinstance(constraint, UniqueConstraint) and constraint.fields:
                    fields = [
                        name for name in constraint.fields if not meta.get_field(name).is_relation
                    ] or [constraint.fields[-1]]
                    if constraint.violation_error_message == (
                        constraint.default_violation_error_message
                    ):
                        messages = [_unique_message(instance, constraint, fields)]
                elif isinstance(constraint, CheckConstraint):
                    fields = [
                        name for name in _condition_fields(constraint.condition) if name in concrete
                    ] or [NON_FIELD_ERRORS]
                else:
                    fields = [NON_FIELD_ERRORS]
                for name in fields:
                    errors.setdefault(name, []).extend(messages)
    return errors


# Fields whose reading depends on nothing but the row (no request, no serializer context):
# one instance of each can serve every request. A custom field joins by setting
# ``context_free = True``; it may set ``related_columns`` to the columns of its relation it
# reads (``MineralField``: the mineral's name).
CONTEXT_FREE_FIELDS = (
    serializers.BigIntegerField,
    serializers.BooleanField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.DecimalField,
    serializers.EmailField,
    serializers.FloatField,
    serializers.IntegerField,
    serializers.PrimaryKeyRelatedField,
    serializers.SlugField,
    serializers.SlugRelatedField,
    serializers.TimeField,
    serializers.URLField,
)


class ReadingPlan:
    """How a serializer class turns a model instance into its output, built once per class.

    DRF builds a serializer's fields anew for every request and reads every value through
    its generic ``get_attribute`` (nested sources, mappings, callables); for a register of
    plain columns that cost more than the query. The plan keeps one set of fields per class
    and reads a column straight off the instance, with DRF's own path for anything else, so
    the output is the same, key for key (``tests/api/test_fast_paths.py``).

    ``columns``: the model fields the output reads (for ``QuerySet.only()``), or None when
    some field reads something else (a property, an annotation, a nested source).
    """

    def __init__(self, serializer_class):
        serializer = serializer_class()
        model = serializer_class.Meta.model
        self.entries = []
        columns = []
        for field in serializer._readable_fields:
            if not self.context_free(field):
                raise LookupError(field)
            getter = field.get_attribute
            field_columns = self.field_columns(model, field)
            if (
                type(field).get_attribute is serializers.Field.get_attribute
                and len(field.source_attrs) == 1
                and field_columns
            ):
                getter = self.column_reader(field)
            self.entries.append((field.field_name, getter, field.to_representation))
            if columns is not None:
                columns = None if field_columns is None else [*columns, *field_columns]
        self.columns = list(dict.fromkeys(columns)) if columns is not None else None

    @staticmethod
    def context_free(field):
        return getattr(type(field), "context_free", False) or type(field) in CONTEXT_FREE_FIELDS

    @staticmethod
    def field_columns(model, field):
        """The model fields ``field`` reads: ``["stage"]``, ``["plan", "plan__code"]``; None
        when it reads anything but columns of the row and of its to-one relations."""
        if isinstance(field, ChoiceDisplayField):
            model_field = _generated_display(model, field.choice_field)
            return [model_field.name] if model_field is not None else None
        if len(field.source_attrs) != 1:
            return None
        try:
            model_field = model._meta.get_field(field.source_attrs[0])
        except FieldDoesNotExist:
            return None
        if not model_field.concrete or model_field.many_to_many:
            return None
        if not model_field.is_relation:
            return [model_field.name]
        if isinstance(field, serializers.PrimaryKeyRelatedField):
            return [model_field.name]
        if isinstance(field, serializers.SlugRelatedField) and "." not in field.slug_field:
            return [model_field.name, f"{model_field.name}__{field.slug_field}"]
        related = getattr(field, "related_columns", None)
        if related is None:
            return None
        return [model_field.name, *(f"{model_field.name}__{name}" for name in related)]

    @staticmethod
    def column_reader(field):
        """Read the column off the instance; anything unusual (a missing related row) goes
        through DRF's ``get_attribute``, which knows what to make of it."""
        read = operator.attrgetter(field.source_attrs[0])
        fallback = field.get_attribute

        def reader(instance):
            try:
                value = read(instance)
            except Exception:  # DRF decides: None, a default or SkipField
                return fallback(instance)
            return fallback(instance) if callable(value) else value

        return reader

    def represent(self, instance):
        """``Serializer.to_representation``, entry by entry."""
        ret = {}
        for name, getter, represent in self.entries:
            try:
                attribute = getter(instance)
            except SkipField:
                continue
            if attribute is None or (type(attribute) is PKOnlyObject and attribute.pk is None):
                ret[name] = None
            else:
                ret[name] = represent(attribute)
        return ret


_reading_plans = {}


def reading_plan(serializer_class):
    """The class's ``ReadingPlan``, or None when one of its fields needs the request."""
    try:
        return _reading_plans[serializer_class]
    except KeyError:
        pass
    try:
        plan = ReadingPlan(serializer_class)
    except LookupError:
        plan = None
    _reading_plans[serializer_class] = plan
    return plan


class FastReadingMixin:
    """A ModelSerializer that reads rows through its class's ``ReadingPlan`` when it can:
    unless a subclass builds its fields its own way (``get_fields``) or one of its fields
    reads the request, in which case it is DRF's own path."""

    @classmethod
    def read_columns(cls):
        """The model fields the output reads, for ``QuerySet.only()`` (None: all of them)."""
        plan = cls.reading_plan()
        return plan.columns if plan is not None else None

    @classmethod
    def reading_plan(cls):
        """The class's ``ReadingPlan``; None for an abstract base (no ``Meta.model``), a class
        building its fields its own way, or one with a field that reads the request."""
        if getattr(getattr(cls, "Meta", None), "model", None) is None:
            return None
        if cls.get_fields is not DescribedFieldsMixin.get_fields:
            return None
        return reading_plan(cls)

    def to_representation(self, instance):
        plan = self.reading_plan()
        if plan is None or not isinstance(instance, self.Meta.model):
            return super().to_representation(instance)
        return plan.represent(instance)


class PlanRecordSerializer(
    FastReadingMixin, VersionedSerializerMixin, DescribedFieldsMixin, serializers.ModelSerializer
):
    """Base for the registers: every write goes through the model's own validation.

    ``full_clean`` runs the field validators and ``clean()`` (e.g. a figure's unit against
    its target's unit); then every database constraint is checked with its error filed
    under the fields it concerns (``constraint_errors``), so the API refuses exactly what
    the admin refuses, with the field named. An update writes only the fields sent, and
    only while the record has the version ``If-Match`` names (``VersionedSerializerMixin``);
    every record shows its ``version``.
    """

    version = serializers.IntegerField(
        read_only=True,
        help_text=_(
            "Version of the record, raised by every save; its ETag. Send it back as "
            'If-Match: "<version>" to write only if nobody changed the record since.'
        ),
    )

    def get_field_names(self, declared_fields, info):
        names = super().get_field_names(declared_fields, info)
        return [*names, "version"] if "version" not in names else names

    def get_unique_together_validators(self):
        # DRF's own check files a duplicate (plan, seq) under non_field_errors;
        # constraint_errors() names the field.
        return []

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            setattr(instance, name, value)
        errors = {}
        try:
            instance.full_clean(validate_constraints=False)
        except DjangoValidationError as exc:
            errors = exc.update_error_dict(errors)
        for name, messages in constraint_errors(instance, exclude=errors).items():
            errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(serializers.as_serializer_error(DjangoValidationError(errors)))
        return attrs


@extend_schema_serializer(many=False)
class ErrorSerializer(DescribedSerializer):
    """The body of every error: a sentence, and for invalid input the messages by field."""

    detail = serializers.CharField(help_text=_("What went wrong, in a sentence."))
    errors = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text=_("For invalid input: the messages by field or query parameter name."),
    )


class PlanSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = [
            "code",
            "name",
            "region_name",
            "region_code",
            "period_start",
            "period_end",
            "base_year",
            "outlook_year",
            "issuer",
            "approval_date",
            "published_as_printed",
            "is_draft",
        ]
        extra_kwargs = {"name": {"help_text": _("Name of the plan, as published.")}}
