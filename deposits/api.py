"""API for minerals, deposits and resource reserves, and the pieces every resource shares.

The shared pieces live here because every register below refers to a mineral and to a plan:
``MineralField`` (a mineral read as ``{"id", "name"}``, written by name, alias or id),
``PlanRecordSerializer`` (plan as its code, the model's own validation on every write) and
``PlanDataViewSet`` / ``PlanRegisterViewSet`` (strict ordering, the one ``get_queryset``).
"""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import filters, serializers, viewsets
from rest_framework.exceptions import ValidationError

from deposits.filters import DepositFilterSet, MineralFilterSet, ResourceReserveFilterSet
from deposits.models import Deposit, Mineral, MineralRegulation, ResourceReserve
from planportal.models import Plan

# ---------------------------------------------------------------------------------------
# Shared pieces


class MineralField(serializers.Field):
    """A mineral: read as ``{"id", "name"}``; written as a canonical name, an alias
    (铁 for 铁矿), an id, or ``{"id": …}`` / ``{"name": …}``."""

    default_error_messages = {
        "unknown": _(
            "Unknown mineral “{value}”: use a canonical name or an alias listed at "
            "/api/v1/minerals/, or its id."
        ),
        "unknown_id": _("No mineral has id {value}: see /api/v1/minerals/."),
        "invalid": _("Give the mineral as its name, its id, or an object with “id” or “name”."),
    }

    def to_representation(self, value):
        return {"id": value.pk, "name": value.name}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get("id", data.get("name"))
        if isinstance(data, bool) or data is None:
            self.fail("invalid")
        if isinstance(data, int) or (isinstance(data, str) and data.strip().isdigit()):
            try:
                return Mineral.objects.get(pk=int(data))
            except Mineral.DoesNotExist:
                self.fail("unknown_id", value=data)
        if not isinstance(data, str) or not data.strip():
            self.fail("invalid")
        try:
            return Mineral.objects.resolve(data.strip())
        except (Mineral.DoesNotExist, Mineral.MultipleObjectsReturned):
            self.fail("unknown", value=data)


class MineralFieldExtension(OpenApiSerializerFieldExtension):
    """OpenAPI for ``MineralField``: an object in responses, name / id / object in requests."""

    target_class = MineralField

    def map_serializer_field(self, auto_schema, direction):
        reference = {
            "type": "object",
            "properties": {
                "id": {"type": "integer", "description": str(_("Id of the mineral."))},
                "name": {"type": "string", "description": str(_("Canonical name."))},
            },
        }
        if direction == "response":
            return {**reference, "required": ["id", "name"]}
        return {
            "oneOf": [
                {"type": "string", "description": str(_("Canonical name or alias."))},
                {"type": "integer", "description": str(_("Id of the mineral."))},
                reference,
            ],
            "description": str(
                _("Mineral by canonical name or alias (铁矿, 铁), by id, or as {“id”: …}.")
            ),
        }


def mineral_id_field(**kwargs):
    """Writing ``mineral_id`` instead of ``mineral``: the id of the mineral."""
    return serializers.PrimaryKeyRelatedField(
        source="mineral",
        queryset=Mineral.objects.all(),
        write_only=True,
        required=False,
        help_text=_("Id of the mineral; an alternative to giving “mineral”."),
        **kwargs,
    )


def plan_field():
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=Plan.objects.all(),
        help_text=_("Code of the plan the row belongs to, e.g. xinyuan-2021-2025."),
    )


def display_field(field_name):
    """The Chinese label of a choice field, beside its code (``stage`` / ``stage_display``)."""
    return serializers.CharField(source=f"get_{field_name}_display", read_only=True)


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabelField(serializers.Field):
    """The label of a choice computed in the database (an annotation has no get_*_display)."""

    def __init__(self, choices, **kwargs):
        self.labels = dict(choices)
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return str(self.labels.get(value, value))


class PlanRecordSerializer(serializers.ModelSerializer):
    """Base for the registers: every write goes through the model's own validation.

    ``full_clean`` runs the field validators, ``clean()`` (e.g. a figure's unit against its
    target's unit) and the database constraints, so the API refuses exactly what the admin
    refuses, with the field named.
    """

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        mineral = model._meta.get_field("mineral") if "mineral" in self.fields else None
        if (
            self.instance is None
            and mineral is not None
            and not mineral.null
            and "mineral" not in attrs
        ):
            raise ValidationError(
                {"mineral": [_("This field is required: give “mineral” (name) or “mineral_id”.")]}
            )
        instance = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            setattr(instance, name, value)
        try:
            instance.full_clean()
        except DjangoValidationError as exc:
            raise ValidationError(serializers.as_serializer_error(exc)) from exc
        return attrs


@extend_schema_serializer(many=False)
class ErrorSerializer(serializers.Serializer):
    """The body of every error: a sentence, and for invalid input the messages by field."""

    detail = serializers.CharField(help_text=_("What went wrong, in a sentence."))
    errors = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text=_("For invalid input: the messages by field or query parameter name."),
    )


class PlanAutoSchema(AutoSchema):
    """Documents the JSON errors every operation can answer with, beside its success."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        # 400 invalid filter, page size or payload; 401/403 without a login or the
        # permission (or when reading is closed); 404 unknown id or page.
        for code in ("400", "401", "403", "404"):
            responses.setdefault(
                code, self._get_response_for_code(ErrorSerializer, code, direction=direction)
            )
        return responses


class StrictOrderingFilter(filters.OrderingFilter):
    """``?ordering=`` over the listed columns only: an unknown column is a 400, not ignored.

    Rows that tie on the asked columns keep a stable order (by id), so paging through
    them neither repeats nor skips a row.
    """

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if not params:
            return self.get_default_ordering(view)
        fields = [param.strip() for param in params.split(",") if param.strip()]
        valid = self.remove_invalid_fields(queryset, fields, view, request)
        if len(valid) != len(fields):
            allowed = ", ".join(
                name for name, _label in self.get_valid_fields(queryset, view, {"request": request})
            )
            raise ValidationError(
                {
                    self.ordering_param: [
                        _("Cannot order by “%(value)s”. Allowed columns: %(allowed)s.")
                        % {"value": params, "allowed": allowed}
                    ]
                }
            )
        return valid

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if ordering:
            return queryset.order_by(*ordering, "pk")
        return queryset


class PlanDataViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only resource; subclasses add select_related etc. in ``get_queryset`` only."""

    schema = PlanAutoSchema()
    filter_backends = [DjangoFilterBackend, filters.SearchFilter, StrictOrderingFilter]


class PlanRegisterViewSet(viewsets.ModelViewSet):
    """A register: read by anyone allowed to read; written with the model permission."""

    schema = PlanAutoSchema()
    filter_backends = [DjangoFilterBackend, filters.SearchFilter, StrictOrderingFilter]


# ---------------------------------------------------------------------------------------
# Minerals


class MineralRegulationSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    direction_display = display_field("direction")

    class Meta:
        model = MineralRegulation
        fields = ["plan", "direction", "direction_display", "condition", "as_printed", "clause"]


class MineralSerializer(serializers.ModelSerializer):
    category_display = display_field("category")
    aliases = serializers.SlugRelatedField(
        slug_field="name",
        many=True,
        read_only=True,
        help_text=_("Other spellings of the mineral as the plan prints them."),
    )
    regulations = MineralRegulationSerializer(
        many=True, read_only=True, help_text=_("Regulation directions (三(一)) by plan.")
    )

    class Meta:
        model = Mineral
        fields = ["id", "name", "category", "category_display", "aliases", "regulations"]


@extend_schema_view(
    list=extend_schema(
        summary=_("List minerals"),
        description=_("The mineral catalogue: canonical names, aliases, regulation directions."),
    ),
    retrieve=extend_schema(summary=_("One mineral")),
)
class MineralViewSet(PlanDataViewSet):
    serializer_class = MineralSerializer
    filterset_class = MineralFilterSet
    search_fields = ["name", "aliases__name"]
    ordering_fields = ["name", "category"]

    def get_queryset(self):
        return Mineral.objects.prefetch_related(
            "aliases",
            # Each direction names its plan by code.
            Prefetch("regulations", queryset=MineralRegulation.objects.select_related("plan")),
        )


# ---------------------------------------------------------------------------------------
# Deposits and resource reserves


class DepositSerializer(PlanRecordSerializer):
    plan = plan_field()
    mineral = MineralField(required=False)
    mineral_id = mineral_id_field()
    work_degree_display = display_field("work_degree")
    scale_display = display_field("scale")

    class Meta:
        model = Deposit
        fields = [
            "id",
            "plan",
            "seq",
            "name",
            "mineral",
            "mineral_id",
            "mineral_as_printed",
            "work_degree",
            "work_degree_display",
            "scale",
            "scale_display",
        ]


@extend_schema_view(
    list=extend_schema(
        summary=_("List deposits"),
        description=_("Deposits of 专栏2 矿床一览表, filtered, searched, ordered and paged."),
    ),
    retrieve=extend_schema(summary=_("One deposit")),
    create=extend_schema(summary=_("Add a deposit")),
    update=extend_schema(summary=_("Replace a deposit")),
    partial_update=extend_schema(summary=_("Change a deposit")),
    destroy=extend_schema(summary=_("Delete a deposit")),
)
class DepositViewSet(PlanRegisterViewSet):
    serializer_class = DepositSerializer
    filterset_class = DepositFilterSet
    search_fields = ["name", "mineral__name", "mineral_as_printed"]
    ordering_fields = ["seq", "name", "mineral__name", "work_degree", "scale"]

    def get_queryset(self):
        return Deposit.objects.select_related("plan", "mineral")


class ResourceReserveSerializer(PlanRecordSerializer):
    plan = plan_field()
    mineral = MineralField(required=False)
    mineral_id = mineral_id_field()
    basis_display = display_field("basis")
    unit_display = display_field("unit")

    class Meta:
        model = ResourceReserve
        fields = [
            "id",
            "plan",
            "seq",
            "mineral",
            "mineral_id",
            "mineral_as_printed",
            "deposit_count",
            "statistic_as_printed",
            "basis",
            "basis_display",
            "unit",
            "unit_display",
            "retained_amount",
            "cumulative_amount",
        ]


@extend_schema_view(
    list=extend_schema(
        summary=_("List resource reserves"),
        description=_("Retained and cumulative identified resources (保有资源量) by mineral."),
    ),
    retrieve=extend_schema(summary=_("One resource reserve")),
    create=extend_schema(summary=_("Add a resource reserve")),
    update=extend_schema(summary=_("Replace a resource reserve")),
    partial_update=extend_schema(summary=_("Change a resource reserve")),
    destroy=extend_schema(summary=_("Delete a resource reserve")),
)
class ResourceReserveViewSet(PlanRegisterViewSet):
    serializer_class = ResourceReserveSerializer
    filterset_class = ResourceReserveFilterSet
    search_fields = ["mineral__name", "mineral_as_printed"]
    ordering_fields = ["seq", "mineral__name", "retained_amount", "cumulative_amount"]

    def get_queryset(self):
        return ResourceReserve.objects.select_related("plan", "mineral")
