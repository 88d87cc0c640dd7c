"""API for exploration rights, mining rights and the minimum scale standards (专栏18)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from deposits.api import MineralField, MineralRecordSerializer
from planportal.api.fields import display_field, plan_field
from planportal.api.serializers import PlanRecordSerializer
from planportal.api.views import PlanDataViewSet, PlanRegisterViewSet
from rights.filters import ExplorationRightFilterSet, MiningRightFilterSet, ScaleStandardFilterSet
from rights.models import ExplorationRight, MiningRight, ScaleStandard

RIGHT_FIELDS = [
    "id",
    "plan",
    "seq",
    "name",
    "mineral",
    "mineral_id",
    "mineral_as_printed",
    "area_km2",
    "as_of",
    "permit_no",
    "holder",
    "holder_credit_code",
    "valid_from",
    "valid_to",
]


class ExplorationRightSerializer(MineralRecordSerializer):
    plan = plan_field()
    stage_display = display_field("stage")

    class Meta:
        model = ExplorationRight
        fields = [*RIGHT_FIELDS, "stage", "stage_display"]


@extend_schema_view(
    list=extend_schema(
        summary=_("List exploration rights"),
        description=_("Exploration rights of 专栏3, filtered, searched, ordered and paged."),
    ),
    retrieve=extend_schema(summary=_("One exploration right")),
    create=extend_schema(summary=_("Add an exploration right")),
    update=extend_schema(summary=_("Replace an exploration right")),
    partial_update=extend_schema(summary=_("Change an exploration right")),
    destroy=extend_schema(summary=_("Delete an exploration right")),
)
class ExplorationRightViewSet(PlanRegisterViewSet):
    serializer_class = ExplorationRightSerializer
    filterset_class = ExplorationRightFilterSet
    ordering_fields = ["seq", "name", "mineral__name", "stage", "area_km2", "valid_to"]

    def get_queryset(self):
        return ExplorationRight.objects.select_related("plan", "mineral")


class MiningRightSerializer(MineralRecordSerializer):
    plan = plan_field()
    capacity_unit_display = display_field("capacity_unit")
    status_display = display_field("status")
    mining_method_display = display_field("mining_method")
    scale_display = display_field("scale")

    class Meta:
        model = MiningRight
        fields = [
            *RIGHT_FIELDS,
            "capacity",
            "capacity_unit",
            "capacity_unit_display",
            "status",
            "status_display",
            "mining_method",
            "mining_method_display",
            "scale",
            "scale_display",
            "issuing_authority",
        ]


@extend_schema_view(
    list=extend_schema(
        summary=_("List mining rights"),
        description=_("Mining rights of 专栏4, filtered, searched, ordered and paged."),
    ),
    retrieve=extend_schema(summary=_("One mining right")),
    create=extend_schema(summary=_("Add a mining right")),
    update=extend_schema(summary=_("Replace a mining right")),
    partial_update=extend_schema(summary=_("Change a mining right")),
    destroy=extend_schema(summary=_("Delete a mining right")),
)
class MiningRightViewSet(PlanRegisterViewSet):
    serializer_class = MiningRightSerializer
    filterset_class = MiningRightFilterSet
    ordering_fields = [
        "seq",
        "name",
        "mineral__name",
        "status",
        "scale",
        "area_km2",
        "capacity",
        "valid_to",
    ]

    def get_queryset(self):
        return MiningRight.objects.select_related("plan", "mineral")


class ScaleStandardSerializer(PlanRecordSerializer):
    plan = plan_field()
    mineral = MineralField(read_only=True)
    mining_method_display = display_field("mining_method")
    unit_display = display_field("unit")
    basis_display = display_field("basis")

    class Meta:
        model = ScaleStandard
        fields = [
            "id",
            "plan",
            "seq",
            "variant",
            "mineral",
            "mineral_as_printed",
            "mining_method",
            "mining_method_display",
            "unit",
            "unit_display",
            "basis",
            "basis_display",
            "unit_as_printed",
            "large_min",
            "medium_min",
            "small_min",
            "large_as_printed",
            "medium_as_printed",
            "small_as_printed",
            "min_service_years",
            "note",
        ]


@extend_schema_view(
    list=extend_schema(
        summary=_("List minimum scale standards"),
        description=_(
            "专栏18 主要矿种最低开采规模设计标准: the large / medium / small thresholds by mineral."
        ),
    ),
    retrieve=extend_schema(summary=_("One minimum scale standard")),
)
class ScaleStandardViewSet(PlanDataViewSet):
    serializer_class = ScaleStandardSerializer
    filterset_class = ScaleStandardFilterSet
    ordering_fields = ["seq", "mineral__name", "large_min", "medium_min", "small_min"]

    def get_queryset(self):
        return ScaleStandard.objects.select_related("plan", "mineral")
