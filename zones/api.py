"""API for planning areas and blocks (``zones``) and the key development regions."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from deposits.api import MineralField, MineralRecordSerializer, mineral_id_field
from planportal.api.fields import display_field, plan_field
from planportal.api.serializers import PlanRecordSerializer
from planportal.api.views import PlanDataViewSet, PlanRegisterViewSet
from zones.filters import DevelopmentRegionFilterSet, PlanningAreaFilterSet
from zones.models import DevelopmentRegion, PlanningArea


class PlanningAreaSerializer(MineralRecordSerializer):
    plan = plan_field()
    kind_display = display_field("kind")
    mineral = MineralField(required=False, allow_null=True)
    mineral_id = mineral_id_field(allow_null=True)
    stage_display = display_field("stage")

    class Meta:
        model = PlanningArea
        fields = [
            "id",
            "plan",
            "kind",
            "kind_display",
            "seq",
            "name",
            "mineral",
            "mineral_id",
            "mineral_as_printed",
            "area_km2",
            "admin_region",
            "stage",
            "stage_display",
            "note",
        ]


@extend_schema_view(
    list=extend_schema(
        summary=_("List planning areas and blocks"),
        description=_(
            "National planned areas, key exploration and mining areas, exploration and mining "
            "blocks, concentrated sand-gravel-clay areas (专栏12–15 and the block tables)."
        ),
    ),
    retrieve=extend_schema(summary=_("One planning area or block")),
    create=extend_schema(summary=_("Add a planning area or block")),
    update=extend_schema(summary=_("Replace a planning area or block")),
    partial_update=extend_schema(summary=_("Change a planning area or block")),
    destroy=extend_schema(summary=_("Delete a planning area or block")),
)
class PlanningAreaViewSet(PlanRegisterViewSet):
    serializer_class = PlanningAreaSerializer
    filterset_class = PlanningAreaFilterSet
    ordering_fields = ["kind", "seq", "name", "mineral__name", "area_km2"]

    def get_queryset(self):
        return PlanningArea.objects.select_related("plan", "mineral")


class DevelopmentRegionSerializer(PlanRecordSerializer):
    plan = plan_field()

    class Meta:
        model = DevelopmentRegion
        fields = [
            "id",
            "plan",
            "seq",
            "name",
            "development_direction",
            "exploration_direction",
            "exploitation_direction",
        ]


@extend_schema_view(
    list=extend_schema(
        summary=_("List key development regions"),
        description=_(
            "专栏11 重点区域发展方向: development, exploration and exploitation directions."
        ),
    ),
    retrieve=extend_schema(summary=_("One key development region")),
)
class DevelopmentRegionViewSet(PlanDataViewSet):
    serializer_class = DevelopmentRegionSerializer
    filterset_class = DevelopmentRegionFilterSet
    ordering_fields = ["seq", "name"]

    def get_queryset(self):
        return DevelopmentRegion.objects.select_related("plan")
