"""The base of every resource's serializer.

``PlanRecordSerializer`` (the model's own validation on every write, each constraint's
error under the fields it concerns), ``DescribedFieldsMixin`` (a description for every
field of the schema) and ``ErrorSerializer`` (the body of every error).
"""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
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


class PlanRecordSerializer(
    VersionedSerializerMixin, DescribedFieldsMixin, serializers.ModelSerializer
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
