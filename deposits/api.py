"""API for minerals, deposits and resource reserves, and the mineral of every register.

Every register below refers to a mineral: ``MineralField`` (a mineral read as
``{"id", "name"}``, written by name, alias or id), ``mineral_id_field`` and
``MineralRecordSerializer`` live here for rights, zones and targets to use.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from deposits.filters import DepositFilterSet, MineralFilterSet, ResourceReserveFilterSet
from deposits.models import Deposit, Mineral, MineralRegulation, ResourceReserve
from planportal.api.fields import display_field, plan_field
from planportal.api.serializers import DescribedFieldsMixin, PlanRecordSerializer
from planportal.api.views import PlanDataViewSet, PlanRegisterViewSet

# ---------------------------------------------------------------------------------------
# The mineral of a row


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
    # Read from the row and its mineral's name alone (planportal.api.serializers.ReadingPlan).
    context_free = True
    related_columns = ("name",)

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("The mineral, as its id and canonical name; written by name, alias or id."),
        )
        super().__init__(**kwargs)

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


class MineralRecordSerializer(PlanRecordSerializer):
    """A register row of one mineral: ``mineral`` written by name, alias or id, or
    ``mineral_id``; one of the two is required where the row must name a mineral."""

    mineral = MineralField(required=False)
    mineral_id = mineral_id_field()

    def validate(self, attrs):
        mineral = self.Meta.model._meta.get_field("mineral")
        if self.instance is None and not mineral.null and "mineral" not in attrs:
            raise ValidationError(
                {"mineral": [_("This field is required: give “mineral” (name) or “mineral_id”.")]}
            )
        return super().validate(attrs)


# ---------------------------------------------------------------------------------------
# Minerals


class MineralRegulationSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    direction_display = display_field("direction")

    class Meta:
        model = MineralRegulation
        fields = ["plan", "direction", "direction_display", "condition", "as_printed", "clause"]


class MineralSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
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
        extra_kwargs = {"name": {"help_text": _("Canonical name of the mineral.")}}


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
    ordering_fields = ["name", "category"]

    def get_queryset(self):
        return Mineral.objects.prefetch_related(
            "aliases",
            # Each direction names its plan by code.
            Prefetch("regulations", queryset=MineralRegulation.objects.select_related("plan")),
        )


# ---------------------------------------------------------------------------------------
# Deposits and resource reserves


class DepositSerializer(MineralRecordSerializer):
    plan = plan_field()
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
    ordering_fields = ["seq", "name", "mineral__name", "work_degree", "scale"]

    def get_queryset(self):
        return Deposit.objects.select_related("plan", "mineral")


class ResourceReserveSerializer(MineralRecordSerializer):
    plan = plan_field()
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
    ordering_fields = ["seq", "mineral__name", "retained_amount", "cumulative_amount"]

    def get_queryset(self):
        return ResourceReserve.objects.select_related("plan", "mineral")
