"""API of the register review: block placements (staff's record), the block ledger and the
mining-rights review. Registered in ``planportal/api/urls.py``."""

import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.drainage import set_override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from planportal.api.filters import id_filter, refuse_unknown_parameters
from planportal.api.serializers import DescribedSerializer, PlanRecordSerializer
from planportal.api.views import PlanRegisterViewSet
from planportal.models import Plan
from review.api_checks import ConformanceFindingSerializer
from review.ledger import (
    block_ledger,
    block_ledger_filtered,
    mining_rights_filtered,
    mining_rights_review,
)
from review.models import BLOCK_KINDS, BlockPlacement
from review.register_filters import (
    SCALE_CLASS_CHOICES,
    BlockLedgerFilterForm,
    MiningRightsReviewFilterForm,
)


class BlockPlacementSerializer(PlanRecordSerializer):
    class Meta:
        model = BlockPlacement
        fields = ["id", "exploration_right", "mining_right", "block", "key_area", "note"]
        extra_kwargs = {
            "exploration_right": {"help_text": _("Id of the exploration right placed (or null).")},
            "mining_right": {"help_text": _("Id of the mining right placed (or null).")},
        }

    def validate(self, attrs):
        # A PUT replaces the placement: it names its right, as a POST does.
        if not self.partial and not {"exploration_right", "mining_right"} & set(attrs):
            raise ValidationError(
                {"mining_right": [_("Name the right placed: exploration_right or mining_right.")]}
            )
        return super().validate(attrs)

    def get_validators(self):
        # DRF's own unique check would file a second placement of a right under
        # non_field_errors; the model's one-to-one field names the right.
        return []


class BlockPlacementFilterSet(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(
        queryset=Plan.objects.all(),
        to_field_name="code",
        method="filter_plan",
        label=_("plan"),
        help_text=_("Plan code, e.g. xinyuan-2021-2025."),
    )
    block = id_filter("block", _("block"), _("Id of the block."))

    search_fields = [
        "block__name",
        "key_area__name",
        "exploration_right__name",
        "mining_right__name",
    ]

    class Meta:
        model = BlockPlacement
        fields = ["plan", "block"]

    def filter_plan(self, queryset, _name, plan):
        # A placement's plan is its right's.
        return queryset.filter(Q(exploration_right__plan=plan) | Q(mining_right__plan=plan))


# The plan is a code: the schema says so (the filter reads it through the right).
set_override(
    BlockPlacementFilterSet.base_filters["plan"],
    "field",
    {
        "type": "string",
        "description": BlockPlacementFilterSet.base_filters["plan"].extra["help_text"],
    },
)


@extend_schema_view(
    list=extend_schema(
        summary=_("List block placements"),
        description=_("Where staff placed each right: its block, or a key area outside any block."),
    ),
    retrieve=extend_schema(summary=_("One block placement")),
    create=extend_schema(summary=_("Place a right")),
    update=extend_schema(summary=_("Replace a block placement")),
    partial_update=extend_schema(summary=_("Change a block placement")),
    destroy=extend_schema(summary=_("Delete a block placement")),
)
class BlockPlacementViewSet(PlanRegisterViewSet):
    serializer_class = BlockPlacementSerializer
    filterset_class = BlockPlacementFilterSet
    ordering_fields = ["id", "block"]

    def get_queryset(self):
        return BlockPlacement.objects.order_by("pk")


class PlacedRightSerializer(DescribedSerializer):
    kind = serializers.CharField(help_text=_("exploration or mining."))
    id = serializers.IntegerField(source="right.pk", help_text=_("Id of the right."))
    name = serializers.CharField(source="right.name", help_text=_("Name of the right."))
    mineral = serializers.CharField(source="right.mineral.name", help_text=_("Its mineral."))
    placement = serializers.IntegerField(
        source="placement.pk", help_text=_("Id of the block placement.")
    )


class BlockEntrySerializer(DescribedSerializer):
    id = serializers.IntegerField(source="block.pk", help_text=_("Id of the block (a zone)."))
    kind = serializers.CharField(source="block.kind", help_text=_("Kind of block."))
    seq = serializers.IntegerField(source="block.seq", help_text=_("Its row in the plan's table."))
    name = serializers.CharField(source="block.name", help_text=_("Name of the block."))
    mineral = serializers.CharField(
        source="block.mineral.name",
        allow_null=True,
        default=None,
        help_text=_("Mineral of the block."),
    )
    mineral_as_printed = serializers.CharField(
        source="block.mineral_as_printed", help_text=_("The mineral as printed.")
    )
    area_km2 = serializers.DecimalField(
        source="block.area_km2", max_digits=12, decimal_places=4, help_text=_("Area (km²).")
    )
    granted = serializers.BooleanField(help_text=_("Whether a right lies in it (已出让)."))
    rights = PlacedRightSerializer(many=True, help_text=_("The rights placed in the block."))
    findings = ConformanceFindingSerializer(many=True, help_text=_("What does not conform."))


class OutsideBlockSerializer(DescribedSerializer):
    right = PlacedRightSerializer(source="placed", help_text=_("The right."))
    key_area = serializers.CharField(source="key_area.name", help_text=_("The key area."))
    findings = ConformanceFindingSerializer(many=True, help_text=_("What does not conform."))


class BlockLedgerSerializer(DescribedSerializer):
    plan = serializers.CharField(source="plan.code", help_text=_("Code of the plan."))
    count = serializers.IntegerField(help_text=_("Number of blocks listed."))
    results = BlockEntrySerializer(many=True, help_text=_("The blocks."))
    outside_blocks = OutsideBlockSerializer(
        many=True, help_text=_("Rights recorded in a key area and in no block.")
    )
    unplaced_exploration_rights = serializers.IntegerField(
        help_text=_("Exploration rights with no recorded location: key area not checkable.")
    )
    unplaced_mining_rights = serializers.IntegerField(
        help_text=_("Mining rights with no recorded location: key area not checkable.")
    )


def requested_plan(request):
    """The plan ``?plan=`` names, else the portal's default plan; 404 if none has the code."""
    code = request.query_params.get("plan") or settings.PLAN_PORTAL_DEFAULT_PLAN
    plan = Plan.objects.by_code(code)
    if plan is None:
        raise NotFound(_("No plan has the code “%(code)s”: see /api/v1/plans/.") % {"code": code})
    return plan


def validated_form(request, form_class):
    """The bound filter form of the query; a 400 naming each unknown or invalid parameter."""
    refuse_unknown_parameters(
        request, {"plan", api_settings.URL_FORMAT_OVERRIDE, *form_class.parameters}
    )
    form = form_class(request.query_params)
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    return form


def filter_parameters(form_class, **enums):
    """The OpenAPI parameters of a filter form: a choice of ``enums`` or true/false."""
    return [
        OpenApiParameter(
            name,
            OpenApiTypes.STR if name in enums else OpenApiTypes.BOOL,
            enum=enums.get(name),
            description=form_class.base_fields[name].help_text,
        )
        for name in form_class.parameters
    ]


PLAN_PARAMETER = OpenApiParameter(
    "plan", OpenApiTypes.STR, description=_("Plan code; the portal's default plan when absent.")
)


class BlockLedgerView(APIView):
    """The block ledger: each block with its rights, granted or open, and its findings."""

    @extend_schema(
        summary=_("Block ledger"),
        description=_(
            "Each exploration block, mining block and concentrated area with the rights placed "
            "in it, whether granted (已出让), and its findings, each citing its clause."
        ),
        parameters=[
            PLAN_PARAMETER,
            *filter_parameters(BlockLedgerFilterForm, kind=[kind.value for kind in BLOCK_KINDS]),
        ],
        responses=BlockLedgerSerializer,
    )
    def get(self, request):
        form = validated_form(request, BlockLedgerFilterForm)
        plan = requested_plan(request)
        ledger = block_ledger(plan)
        entries = block_ledger_filtered(ledger, **form.filters())
        data = {
            "plan": plan,
            "count": len(entries),
            "results": entries,
            "outside_blocks": ledger.outside_blocks,
            "unplaced_exploration_rights": ledger.unplaced_exploration,
            "unplaced_mining_rights": ledger.unplaced_mining,
        }
        return Response(BlockLedgerSerializer(data).data)


class RightReviewSerializer(DescribedSerializer):
    id = serializers.IntegerField(source="right.pk", help_text=_("Id of the mining right."))
    seq = serializers.IntegerField(source="right.seq", help_text=_("Its row in 专栏4."))
    name = serializers.CharField(source="right.name", help_text=_("Name of the mining right."))
    mineral = serializers.CharField(source="right.mineral.name", help_text=_("Its mineral."))
    capacity = serializers.DecimalField(
        source="right.capacity",
        max_digits=12,
        decimal_places=4,
        allow_null=True,
        help_text=_("Registered production capacity."),
    )
    capacity_unit = serializers.CharField(
        source="right.capacity_unit", help_text=_("Unit of the capacity.")
    )
    status = serializers.CharField(source="right.status", help_text=_("Production status."))
    scale_class = serializers.ChoiceField(
        choices=SCALE_CLASS_CHOICES,
        help_text=_("Class by 专栏18: large, medium, small, below_minimum or unknown."),
    )
    scale_class_display = serializers.CharField(
        source="scale_class_label", help_text=_("Chinese label of the class.")
    )
    standard = serializers.CharField(
        source="standard.__str__",
        allow_null=True,
        default=None,
        help_text=_("The row of 专栏18 compared, or null."),
    )
    compared = serializers.DecimalField(
        max_digits=20,
        decimal_places=4,
        allow_null=True,
        help_text=_("The capacity in the unit of that row."),
    )
    alternatives = serializers.DictField(
        child=serializers.CharField(),
        help_text=_(
            "Without a registered method under a row split by method: each method's class."
        ),
    )
    to_rectify = serializers.BooleanField(
        help_text=_("On the rectification list of 四(三) (below the minimum scale).")
    )
    findings = ConformanceFindingSerializer(many=True, help_text=_("What does not conform."))


class MiningRightsReviewSerializer(DescribedSerializer):
    plan = serializers.CharField(source="plan.code", help_text=_("Code of the plan."))
    count = serializers.IntegerField(help_text=_("Number of rights listed."))
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("Number of the plan's rights in each class.")
    )
    rectification = serializers.ListField(
        child=serializers.IntegerField(),
        help_text=_("Ids of the rights on the rectification list of 四(三)."),
    )
    results = RightReviewSerializer(many=True, help_text=_("The rights, classed."))


class MiningRightsReviewView(APIView):
    """Every mining right classed by 专栏18, with its findings and the rectification list."""

    @extend_schema(
        summary=_("Mining rights reviewed by 专栏18"),
        description=_(
            "Each mining right with its class by 专栏18 (unknown where the register does not "
            "say enough, with the reason), its findings, the counts by class and the "
            "rectification list of 四(三)."
        ),
        parameters=[
            PLAN_PARAMETER,
            *filter_parameters(
                MiningRightsReviewFilterForm,
                scale_class=[code for code, _label in SCALE_CLASS_CHOICES],
            ),
        ],
        responses=MiningRightsReviewSerializer,
    )
    def get(self, request):
        form = validated_form(request, MiningRightsReviewFilterForm)
        plan = requested_plan(request)
        review = mining_rights_review(plan)
        rows = mining_rights_filtered(review, **form.filters())
        data = {
            "plan": plan,
            "count": len(rows),
            "counts": review.counts,
            "rectification": [item.right.pk for item in review.rectification],
            "results": rows,
        }
        return Response(MiningRightsReviewSerializer(data).data)
