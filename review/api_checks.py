"""API of the conformance check: ``POST /api/v1/conformance-checks/`` (``review.rules``).

A computation that writes nothing: whoever may read the plan may ask it
(``PLAN_PORTAL_PUBLIC_READ``, like every read of the API), and, like the rest of the API, it
is not throttled. The serializer here is the one validation of a proposal: the check page's
form (``review.forms``) runs it too.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from deposits.api import MineralField
from planportal.api.filters import refuse_unknown_parameters
from planportal.api.permissions import PublicReadPermission
from planportal.api.serializers import DescribedSerializer
from planportal.choices import MiningMethod
from planportal.models import Plan
from planportal.units import CAPACITY_UNIT_CHOICES
from review.rules import (
    BELOW_MINIMUM,
    ERROR,
    EXPLORATION,
    INFO,
    LARGE,
    MEDIUM,
    MINING,
    SMALL,
    WARNING,
    Proposal,
    ProposalError,
    check,
    method_needed,
)
from zones.models import PlanningArea

RIGHT_TYPES = [(MINING, _("mining right")), (EXPLORATION, _("exploration right"))]
SEVERITIES = [(ERROR, _("error")), (WARNING, _("warning")), (INFO, _("information"))]
SCALE_CLASSES = [
    (LARGE, _("large")),
    (MEDIUM, _("medium")),
    (SMALL, _("small")),
    (BELOW_MINIMUM, _("below the minimum scale")),
]


class ConformanceCheckSerializer(DescribedSerializer):
    """A proposed right, checked against the plan."""

    # validated_data["verdict"] is the plan's answer (review.rules.check).

    right_type = serializers.ChoiceField(
        choices=RIGHT_TYPES, help_text=_("mining (采矿权) or exploration (探矿权).")
    )
    mineral = MineralField(help_text=_("The mineral, by canonical name, alias or id."))
    mining_method = serializers.ChoiceField(
        choices=MiningMethod.choices,
        required=False,
        allow_blank=True,
        help_text=_("open_pit or underground; needed where the plan's limits differ (iron, gold)."),
    )
    annual_capacity = serializers.DecimalField(
        max_digits=14,
        decimal_places=4,
        min_value=0,
        required=False,
        allow_null=True,
        help_text=_("Production capacity, in capacity_unit; needed for a mining right."),
    )
    capacity_unit = serializers.ChoiceField(
        choices=CAPACITY_UNIT_CHOICES,
        required=False,
        allow_blank=True,
        help_text=_(
            "10k_t_per_year (万吨/年), 10k_m3_per_year (万立方米/年) or t_per_day (吨/日); "
            "within the dimension the plan rates the mineral in (gold: either)."
        ),
    )
    year = serializers.IntegerField(
        min_value=1900, max_value=2100, help_text=_("Year the right is to be set.")
    )
    zone = serializers.PrimaryKeyRelatedField(
        queryset=PlanningArea.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the block or area the right is to lie in (/api/v1/zones/)."),
    )
    plan = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Plan.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Code of the plan to check against; the portal's default plan when absent."),
    )
    reserves = serializers.DecimalField(
        max_digits=16,
        decimal_places=4,
        min_value=0,
        required=False,
        allow_null=True,
        help_text=_(
            "Reserves the mine holds, in 万吨 (capacity in 万吨/年 or t/d) or 万立方米 "
            "(capacity in 万立方米/年); checked against the minimum service life."
        ),
    )

    def validate(self, attrs):
        plan = attrs.get("plan") or Plan.objects.by_code(settings.PLAN_PORTAL_DEFAULT_PLAN)
        if plan is None:
            raise serializers.ValidationError({"plan": [_("Name the plan to check against.")]})
        mining = attrs["right_type"] == MINING
        errors = {}
        if mining:
            for name in ("annual_capacity", "capacity_unit"):
                if attrs.get(name) in (None, ""):
                    errors[name] = [_("A mining right needs its capacity and its unit.")]
            if not attrs.get("mining_method") and method_needed(plan, attrs["mineral"]):
                errors["mining_method"] = [
                    _("The plan's limits for %(mineral)s differ by mining method: give it.")
                    % {"mineral": attrs["mineral"].name}
                ]
        zone = attrs.get("zone")
        if zone is not None and zone.plan_id != plan.pk:
            errors["zone"] = [_("The zone belongs to another plan.")]
        if errors:
            raise serializers.ValidationError(errors)
        proposal = Proposal(
            right_type=attrs["right_type"],
            mineral=attrs["mineral"],
            plan=plan,
            year=attrs["year"],
            mining_method=attrs.get("mining_method") or "",
            annual_capacity=attrs.get("annual_capacity") if mining else None,
            capacity_unit=(attrs.get("capacity_unit") or "") if mining else "",
            zone=zone,
            reserves=attrs.get("reserves"),
        )
        try:
            verdict = check(proposal)
        except ProposalError as refused:
            raise serializers.ValidationError({refused.field: [refused.message]}) from refused
        return {**attrs, "plan": plan, "proposal": proposal, "verdict": verdict}


class ConformanceFindingSerializer(DescribedSerializer):
    rule = serializers.CharField(help_text=_("Code of the rule, e.g. scale.minimum."))
    severity = serializers.ChoiceField(
        choices=SEVERITIES, help_text=_("error (does not conform), warning or info.")
    )
    message = serializers.CharField(help_text=_("The finding, naming the figure and the limit."))
    reference = serializers.CharField(help_text=_("The clause of the plan, e.g. 专栏18, 四(二)."))
    reference_url = serializers.CharField(
        allow_null=True, help_text=_("Address of that clause in the plan's text.")
    )


class VerdictSerializer(DescribedSerializer):
    conforms = serializers.BooleanField(help_text=_("Whether no finding is an error."))
    scale_class = serializers.ChoiceField(
        choices=SCALE_CLASSES,
        allow_null=True,
        help_text=_("Size class by 专栏18, or null where 专栏18 does not rate the mineral."),
    )
    findings = ConformanceFindingSerializer(
        many=True, help_text=_("Every finding, with its clause.")
    )


class ConformanceCheckView(APIView):
    """Check a proposed right against the plan."""

    permission_classes = [PublicReadPermission]

    @extend_schema(
        summary=_("Check a proposed right against the plan"),
        description=_(
            "The plan's answer to a proposed exploration or mining right: whether it "
            "conforms, its size class by 专栏18 and every finding (minimum scale of 专栏18, "
            "the new-mine limits of 四(二) and 三(三), the minimum service life, the "
            "regulation direction of 三(一), the zone, the yearly quota of sand-gravel-clay "
            "rights and the mine count), each with its clause. Nothing is written. A "
            "capacity in a unit of another dimension than the plan rates the mineral in, "
            "or any other bad field, is a 400 naming the field."
        ),
        request=ConformanceCheckSerializer,
        responses=VerdictSerializer,
        examples=[
            OpenApiExample(
                "Open-pit iron mine",
                request_only=True,
                value={
                    "right_type": "mining",
                    "mineral": "铁矿",
                    "mining_method": "open_pit",
                    "annual_capacity": 30,
                    "capacity_unit": "10k_t_per_year",
                    "year": 2023,
                },
            )
        ],
    )
    def post(self, request):
        refuse_unknown_parameters(request, {api_settings.URL_FORMAT_OVERRIDE})
        serializer = ConformanceCheckSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(VerdictSerializer(serializer.validated_data["verdict"]).data)
