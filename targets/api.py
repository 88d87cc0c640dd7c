"""API for indicators, their actual figures, key projects and the plan summary."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from deposits.api import MineralField
from planportal.api.fields import ChoiceLabelField, display_field
from planportal.api.filters import refuse_unknown_parameters
from planportal.api.permissions import ImportPermission, PlanDataPermission
from planportal.api.serializers import (
    DescribedFieldsMixin,
    DescribedSerializer,
    PlanRecordSerializer,
)
from planportal.api.views import PlanDataViewSet, PlanRegisterViewSet
from planportal.concurrency import StaleVersion, etag
from planportal.models import Plan
from planportal.spreadsheets import SpreadsheetRefused
from targets.choices import Status
from targets.collection import indicator_value_import
from targets.evaluation import (
    evaluation_create,
    evaluation_save,
    evaluation_sign_off,
    report_data,
)
from targets.filters import (
    EvaluationFilterSet,
    IndicatorFilterSet,
    IndicatorValueFilterSet,
    KeyProjectFilterSet,
)
from targets.models import Evaluation, EvaluationReason, Indicator, IndicatorValue, KeyProject
from targets.reports.renderers import REPORT_RENDERERS
from targets.selectors import with_figures
from targets.services import indicator_value_save
from targets.summary import plan_summary


class IndicatorSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("Code of the plan the indicator belongs to.")
    )
    group = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("Code of the indicator group.")
    )
    group_title = serializers.CharField(
        source="group.title", read_only=True, help_text=_("Title of the table as printed.")
    )
    mineral = MineralField(read_only=True, allow_null=True)
    unit_display = display_field("unit")
    basis_display = display_field("basis")
    target_kind_display = display_field("target_kind")
    attribute_display = display_field("attribute")
    live_metric_display = display_field("live_metric")
    aggregation_display = display_field("aggregation")
    figures_from = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "Id of the indicator whose yearly figures this one reads (the same quantity, "
            "judged by this target's own rule); empty when it has figures of its own."
        ),
    )
    # Computed once in the database by Indicator.objects.with_completion().
    latest_year = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "The last year counted in the actual figure (the target year for a target-year figure)."
        ),
    )
    actual_first_year = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "The first year counted in the actual figure: for a total over the period, "
            "the total runs from this year to latest_year."
        ),
    )
    latest_value = serializers.DecimalField(
        max_digits=None,
        decimal_places=None,
        read_only=True,
        allow_null=True,
        help_text=_(
            "The actual figure formed as aggregation says (total over the period, figure "
            "of the target year, or latest figure), in the indicator's unit."
        ),
    )
    completion_rate = serializers.DecimalField(
        max_digits=None,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text=_(
            "Latest actual figure ÷ target × 100, as the plan computes it; empty for an "
            "at-most target (see cap_usage)."
        ),
    )
    status = serializers.ChoiceField(
        choices=Status.choices,
        read_only=True,
        help_text=_(
            "met / not_met for a bound, below / within / above for a range, "
            "no_data without an actual figure, no_target without a target."
        ),
    )
    status_display = ChoiceLabelField(source="status", choices=Status.choices)
    # What the dashboard shows: the live register figure where the indicator has one,
    # otherwise the latest recorded figure (Indicator.objects.with_live()).
    current_year = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Year of the figure the dashboard shows.")
    )
    current_value = serializers.DecimalField(
        max_digits=None,
        decimal_places=None,
        read_only=True,
        allow_null=True,
        help_text=_("The live register figure where there is one, else the latest actual figure."),
    )
    current_is_live = serializers.BooleanField(
        read_only=True, help_text=_("Whether current_value is computed from the registers.")
    )
    current_completion_rate = serializers.DecimalField(
        max_digits=None,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text=_("current_value ÷ target × 100; empty for an at-most target."),
    )
    current_cap_usage = serializers.DecimalField(
        max_digits=None,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text=_("For an at-most target: current_value ÷ cap × 100 (over 100 is over the cap)."),
    )
    evaluation_year = serializers.IntegerField(
        read_only=True,
        help_text=_(
            "The year live figures are judged at: this year, or the target year if earlier."
        ),
    )
    baseline_year = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("Year of the baseline: the latest figure before the target's period."),
    )
    baseline_value = serializers.DecimalField(
        max_digits=None,
        decimal_places=None,
        read_only=True,
        allow_null=True,
        help_text=_("The baseline figure, in the indicator's unit; it does not count."),
    )
    current_status = serializers.ChoiceField(
        choices=Status.choices, read_only=True, help_text=_("Status of current_value.")
    )
    current_status_display = ChoiceLabelField(source="current_status", choices=Status.choices)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "plan",
            "group",
            "group_title",
            "seq",
            "name",
            "mineral",
            "unit",
            "unit_display",
            "basis",
            "basis_display",
            "unit_as_printed",
            "target_year",
            "target_kind",
            "target_kind_display",
            "target_value",
            "target_low",
            "target_high",
            "target_as_printed",
            "attribute",
            "attribute_display",
            "live_metric",
            "live_metric_display",
            "aggregation",
            "aggregation_display",
            "figures_from",
            "clause",
            "note",
            "actual_first_year",
            "latest_year",
            "latest_value",
            "completion_rate",
            "status",
            "status_display",
            "current_year",
            "current_value",
            "current_is_live",
            "current_completion_rate",
            "current_status",
            "current_status_display",
            "current_cap_usage",
            "evaluation_year",
            "baseline_year",
            "baseline_value",
        ]


@extend_schema_view(
    list=extend_schema(
        summary=_("List indicators"),
        description=_(
            "The plan's targets (专栏7–10, the 十三五 review and targets stated in prose), "
            "each with its latest actual figure, completion rate and status."
        ),
    ),
    retrieve=extend_schema(summary=_("One indicator")),
)
class IndicatorViewSet(PlanDataViewSet):
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    ordering_fields = ["seq", "name", "target_year", "attribute", "group__order"]

    def get_queryset(self):
        queryset = Indicator.objects.select_related("plan", "group", "mineral")
        # The schema generator asks for the queryset of a fake view: it needs the model, not
        # the live figures (which read the registers).
        if self._figures_attached() or getattr(self, "swagger_fake_view", False):
            return queryset
        return queryset.with_live()

    def _figures_attached(self):
        # JSON pages and records read the cached figures (indicator_figures), set on the rows
        # of the page; other renderers (a spreadsheet of every row) read the annotations.
        renderer = getattr(self.request, "accepted_renderer", None)
        return self.action in ("list", "retrieve") and getattr(renderer, "format", "") == "json"

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self._figures_attached():
            return with_figures(page)
        return page

    def get_object(self):
        indicator = super().get_object()
        if self._figures_attached():
            with_figures([indicator])
        return indicator


class IndicatorValueSerializer(PlanRecordSerializer):
    plan = serializers.SlugRelatedField(
        source="indicator.plan",
        slug_field="code",
        read_only=True,
        help_text=_("Code of the plan of the indicator."),
    )
    indicator_name = serializers.CharField(
        source="indicator.name",
        read_only=True,
        help_text=_("Name of the indicator the figure is for."),
    )
    unit_display = display_field("unit")
    source_display = display_field("source")
    entered_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text=_("Who entered the figure (empty for figures loaded from the plan)."),
    )

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "plan",
            "indicator",
            "indicator_name",
            "year",
            "value",
            "unit",
            "unit_display",
            "value_as_printed",
            "source",
            "source_display",
            "source_note",
            "stated_completion_rate",
            "entered_by",
        ]


@extend_schema_view(
    list=extend_schema(
        summary=_("List actual figures"),
        description=_("Actual figures of the indicators, one per indicator and year."),
    ),
    retrieve=extend_schema(summary=_("One actual figure")),
    create=extend_schema(
        summary=_("Add an actual figure"),
        description=_(
            "The unit must measure the same thing as the indicator's (a figure in 万立方米 "
            "for a target in 万吨 is refused). The user who sends it is recorded."
        ),
    ),
    update=extend_schema(summary=_("Replace an actual figure")),
    partial_update=extend_schema(summary=_("Change an actual figure")),
    destroy=extend_schema(summary=_("Delete an actual figure")),
)
class IndicatorValueViewSet(PlanRegisterViewSet):
    serializer_class = IndicatorValueSerializer
    filterset_class = IndicatorValueFilterSet
    ordering_fields = ["year", "value", "indicator__seq"]

    def get_queryset(self):
        return IndicatorValue.objects.select_related("indicator__plan", "entered_by")

    # Through the same service as the page form: a live indicator's figure is refused, a
    # new value clears the figure as printed.
    def perform_create(self, serializer):
        serializer.instance = indicator_value_save(
            IndicatorValue(), serializer.validated_data, entered_by=self.request.user
        )

    def perform_update(self, serializer):
        try:
            serializer.instance = indicator_value_save(
                serializer.instance,
                serializer.validated_data,
                entered_by=self.request.user,
                expected_version=self.expected_version(),
            )
        except StaleVersion as error:
            self.refuse_stale(error)


class KeyProjectSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("Code of the plan the project belongs to.")
    )
    mineral = MineralField(read_only=True, allow_null=True)
    mining_method_display = display_field("mining_method")
    capacity_unit_display = display_field("capacity_unit")

    class Meta:
        model = KeyProject
        fields = [
            "id",
            "plan",
            "group",
            "group_title",
            "seq",
            "name",
            "note",
            "description",
            "implementer",
            "admin_region",
            "mineral",
            "mining_method",
            "mining_method_display",
            "capacity",
            "capacity_unit",
            "capacity_unit_display",
            "capacity_as_printed",
            "status_as_printed",
            "schedule_start",
            "schedule_end",
            "schedule_as_printed",
        ]


@extend_schema_view(
    list=extend_schema(summary=_("List key projects"), description=_("Key projects of 专栏19–22.")),
    retrieve=extend_schema(summary=_("One key project")),
)
class KeyProjectViewSet(PlanDataViewSet):
    serializer_class = KeyProjectSerializer
    filterset_class = KeyProjectFilterSet
    ordering_fields = ["group", "seq", "name", "schedule_start"]

    def get_queryset(self):
        return KeyProject.objects.select_related("plan", "mineral")


# ---------------------------------------------------------------------------------------
# Summary


class ChoiceCountSerializer(DescribedSerializer):
    code = serializers.CharField(help_text=_("Stable English code."))
    label = serializers.CharField(help_text=_("Chinese label."))
    count = serializers.IntegerField(help_text=_("Number of rows with this code."))


class ChoiceAreaSerializer(ChoiceCountSerializer):
    area_km2 = serializers.DecimalField(
        max_digits=None, decimal_places=4, help_text=_("Total area of these rows, in km².")
    )


class MineralCountSerializer(DescribedSerializer):
    id = serializers.IntegerField(help_text=_("Id of the mineral."))
    name = serializers.CharField(help_text=_("Canonical name of the mineral."))
    count = serializers.IntegerField(help_text=_("Number of rows of this mineral."))


class MineralAreaSerializer(MineralCountSerializer):
    area_km2 = serializers.DecimalField(
        max_digits=None, decimal_places=4, help_text=_("Total area of these rows, in km².")
    )


class SummaryPlanSerializer(DescribedSerializer):
    code = serializers.CharField(help_text=_("Code of the plan."))
    name = serializers.CharField(help_text=_("Name of the plan."))


class DepositSummarySerializer(DescribedSerializer):
    count = serializers.IntegerField(help_text=_("Number of deposits (专栏2)."))
    by_work_degree = ChoiceCountSerializer(many=True, help_text=_("Deposits by work degree."))
    by_scale = ChoiceCountSerializer(many=True, help_text=_("Deposits by scale."))
    by_mineral = MineralCountSerializer(many=True, help_text=_("Deposits by mineral."))


class ExplorationRightSummarySerializer(DescribedSerializer):
    count = serializers.IntegerField(help_text=_("Number of exploration rights (专栏3)."))
    area_km2 = serializers.DecimalField(
        max_digits=None, decimal_places=4, help_text=_("Total area of the rights, in km².")
    )
    by_stage = ChoiceAreaSerializer(
        many=True, help_text=_("Count and area of the rights by exploration stage.")
    )
    by_mineral = MineralAreaSerializer(
        many=True, help_text=_("Count and area of the rights by mineral.")
    )


class MiningRightSummarySerializer(DescribedSerializer):
    count = serializers.IntegerField(help_text=_("Number of mining rights (专栏4)."))
    area_km2 = serializers.DecimalField(
        max_digits=None, decimal_places=4, help_text=_("Total area of the rights, in km².")
    )
    by_status = ChoiceAreaSerializer(
        many=True, help_text=_("Count and area of the rights by production status.")
    )
    by_scale = ChoiceCountSerializer(many=True, help_text=_("Mining rights by registered scale."))
    by_mineral = MineralAreaSerializer(
        many=True, help_text=_("Count and area of the rights by mineral.")
    )


class PlanSummarySerializer(DescribedSerializer):
    plan = SummaryPlanSerializer(help_text=_("The plan summed up."))
    deposits = DepositSummarySerializer(help_text=_("The deposits of 专栏2."))
    exploration_rights = ExplorationRightSummarySerializer(
        help_text=_("The exploration rights of 专栏3.")
    )
    mining_rights = MiningRightSummarySerializer(help_text=_("The mining rights of 专栏4."))
    zones = ChoiceAreaSerializer(many=True, help_text=_("Each zone kind's count and area."))


class SummaryView(APIView):
    """The plan at a glance: counts and areas of the registers, by database aggregation."""

    @extend_schema(
        summary=_("Plan summary"),
        description=_(
            "Counts and total areas of deposits, exploration rights, mining rights and each "
            "zone kind; counts by stage, status, scale and mineral."
        ),
        parameters=[
            OpenApiParameter(
                "plan",
                OpenApiTypes.STR,
                description=_("Plan code; the portal's default plan when absent."),
            )
        ],
        responses=PlanSummarySerializer,
    )
    def get(self, request):
        refuse_unknown_parameters(request, {"plan", api_settings.URL_FORMAT_OVERRIDE})
        code = request.query_params.get("plan") or settings.PLAN_PORTAL_DEFAULT_PLAN
        plan = Plan.objects.by_code(code)
        if plan is None:
            raise NotFound(
                _("No plan has the code “%(code)s”: see /api/v1/plans/.") % {"code": code}
            )
        return Response(PlanSummarySerializer(plan_summary(plan)).data)


# ---------------------------------------------------------------------------------------
# Yearly collection: a filled template, checked and imported


class IndicatorValueImportRequestSerializer(DescribedSerializer):
    file = serializers.FileField(
        help_text=_(
            "The filled collection workbook (.xlsx), as downloaded from the yearly collection page."
        )
    )
    dry_run = serializers.BooleanField(
        default=True,
        help_text=_("true (the default): check only and write nothing; false: write the rows."),
    )
    plan = serializers.CharField(
        required=False,
        help_text=_("Code of the plan the workbook is for; the portal's default plan if absent."),
    )


class ImportRowErrorSerializer(DescribedSerializer):
    row = serializers.IntegerField(help_text=_("Row number in the sheet (the headings are row 1)."))
    column = serializers.CharField(help_text=_("Heading of the column the error is in."))
    message = serializers.CharField(help_text=_("What is wrong and how to put it right."))


class IndicatorValueImportResultSerializer(DescribedSerializer):
    dry_run = serializers.BooleanField(help_text=_("Whether the rows were only checked."))
    created = serializers.IntegerField(help_text=_("Rows that add a year's figure."))
    updated = serializers.IntegerField(help_text=_("Rows that correct a year's figure."))
    unchanged = serializers.IntegerField(
        help_text=_("Rows left as they are: the same figure, or an empty one.")
    )
    errors = ImportRowErrorSerializer(
        many=True, help_text=_("Errors by row and column; with any, nothing is written.")
    )


class IndicatorValueImportView(APIView):
    """Import the actual figures of a filled yearly collection workbook."""

    parser_classes = [MultiPartParser]
    permission_classes = [ImportPermission]
    queryset = IndicatorValue.objects.none()  # the model whose permissions are asked

    @extend_schema(
        summary=_("Import a yearly collection workbook"),
        description=_(
            "Every row is checked before anything is written. With dry_run=true the answer "
            "says which rows would add, correct or leave a figure and which have errors; with "
            "dry_run=false the rows are written only if none has an error, all together, "
            "recorded as entered by the sender. A file that is not a workbook, is too large "
            "or lacks the template's columns is a 400."
        ),
        request={"multipart/form-data": IndicatorValueImportRequestSerializer},
        responses=IndicatorValueImportResultSerializer,
    )
    def post(self, request):
        refuse_unknown_parameters(request, {api_settings.URL_FORMAT_OVERRIDE})
        form = IndicatorValueImportRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        code = form.validated_data.get("plan") or settings.PLAN_PORTAL_DEFAULT_PLAN
        plan = Plan.objects.by_code(code)
        if plan is None:
            message = _("No plan has the code “%(code)s”: see /api/v1/plans/.") % {"code": code}
            raise ValidationError({"plan": [message]})
        try:
            result = indicator_value_import(
                plan,
                form.validated_data["file"],
                user=request.user,
                dry_run=form.validated_data["dry_run"],
            )
        except SpreadsheetRefused as refused:
            raise ValidationError({"file": refused.messages}) from refused
        answer = {
            "dry_run": result.dry_run,
            "created": len(result.created),
            "updated": len(result.updated),
            "unchanged": result.unchanged_count,
            "errors": result.errors,
        }
        return Response(IndicatorValueImportResultSerializer(answer).data)


# ---------------------------------------------------------------------------------------
# Evaluations (终期评估, 中期评估): text and reasons by staff, figures by the portal.


class EvaluationReasonSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    indicator = serializers.PrimaryKeyRelatedField(
        queryset=Indicator.objects.all(),
        help_text=_("Id of a target of the evaluation's plan that was not met."),
    )
    indicator_name = serializers.CharField(
        source="indicator.name", read_only=True, help_text=_("Name of the indicator.")
    )
    reason = serializers.CharField(
        allow_blank=True,
        max_length=10_000,
        help_text=_("Why the target was not met (原因分析); empty removes the reason."),
    )

    class Meta:
        model = EvaluationReason
        fields = ["indicator", "indicator_name", "reason"]


class EvaluationSerializer(PlanRecordSerializer):
    plan = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Plan.objects.all(),
        help_text=_("Code of the plan evaluated; set when the evaluation is created."),
    )
    kind_display = display_field("kind")
    signed_off_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text=_("Who signed the evaluation off (empty while it is open)."),
    )
    reasons = EvaluationReasonSerializer(
        many=True,
        required=False,
        help_text=_(
            "The reasons for targets not met. A write replaces the reasons it names and "
            "keeps the others; an empty reason removes one."
        ),
    )

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "plan",
            "year",
            "kind",
            "kind_display",
            *Evaluation.SECTION_FIELDS,
            "reasons",
            "signed_off_at",
            "signed_off_by",
        ]
        read_only_fields = ["signed_off_at"]
        extra_kwargs = {
            "overall": {"help_text": _("Overall implementation of the plan (规划实施总体情况).")},
            "targets": {"help_text": _("Completion of the targets (目标指标完成情况).")},
            "tasks": {"help_text": _("Main tasks and measures (主要任务落实情况).")},
            "problems": {"help_text": _("Problems and their causes (存在问题及原因).")},
            "recommendations": {"help_text": _("Recommendations for the next plan (下一步建议).")},
            "signed_off_at": {
                "help_text": _("When the evaluation was signed off (empty while it is open).")
            },
        }

    def validate(self, attrs):
        reasons = attrs.pop("reasons", None)
        if self.instance is not None:
            for name in ("plan", "year", "kind"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise ValidationError(
                        {name: [_("Set when the evaluation is created; it cannot change.")]}
                    )
        attrs = super().validate(attrs)
        if reasons is not None:
            attrs["reasons"] = reasons
        return attrs

    def _parts(self, validated_data):
        reasons = {
            item["indicator"].pk: item["reason"] for item in validated_data.pop("reasons", [])
        }
        sections = {
            name: validated_data[name]
            for name in Evaluation.SECTION_FIELDS
            if name in validated_data
        }
        return sections, reasons

    @transaction.atomic
    def create(self, validated_data):
        sections, reasons = self._parts(validated_data)
        evaluation = evaluation_create(
            validated_data["plan"], validated_data["year"], kind=validated_data.get("kind", "")
        )
        if sections or reasons:
            evaluation_save(evaluation, sections=sections, reasons=reasons)
        return evaluation

    def update(self, instance, validated_data):
        sections, reasons = self._parts(validated_data)
        return evaluation_save(
            instance,
            sections=sections,
            reasons=reasons,
            expected_version=getattr(self, "_expected_version", None),
        )


class EvaluationSignOffPermission(PlanDataPermission):
    """Signing off changes the evaluation: a POST needs its change permission."""

    perms_map = {**PlanDataPermission.perms_map, "POST": ["%(app_label)s.change_%(model_name)s"]}


@extend_schema_view(
    list=extend_schema(
        summary=_("List evaluations"),
        description=_("The evaluations of the plans (终期评估, 中期评估), one per plan and year."),
    ),
    retrieve=extend_schema(summary=_("One evaluation")),
    create=extend_schema(
        summary=_("Start an evaluation"),
        description=_(
            "A plan and a year of its period; the kind is derived from the year when not "
            "given (final for the last year of the period, else mid-term)."
        ),
    ),
    update=extend_schema(summary=_("Replace an evaluation's text")),
    partial_update=extend_schema(
        summary=_("Change an evaluation's text or reasons"),
        description=_("Refused (400) once the evaluation is signed off."),
    ),
    destroy=extend_schema(
        summary=_("Delete an evaluation"), description=_("Refused (400) once it is signed off.")
    ),
)
class EvaluationViewSet(PlanRegisterViewSet):
    serializer_class = EvaluationSerializer
    filterset_class = EvaluationFilterSet
    ordering_fields = ["year", "signed_off_at"]

    def get_queryset(self):
        return (
            Evaluation.objects.select_related("plan", "signed_off_by")
            .prefetch_related("reasons__indicator")
            .order_by("plan_id", "-year")
        )

    # The services refuse a signed evaluation and a reason for another plan's target.
    def perform_create(self, serializer):
        try:
            super().perform_create(serializer)
        except DjangoValidationError as error:
            raise ValidationError(serializers.as_serializer_error(error)) from error

    def perform_update(self, serializer):
        try:
            super().perform_update(serializer)
        except DjangoValidationError as error:
            raise ValidationError(serializers.as_serializer_error(error)) from error

    def perform_destroy(self, instance):
        if instance.is_signed:
            raise ValidationError({"detail": _("A signed evaluation cannot be deleted.")})
        super().perform_destroy(instance)

    @extend_schema(
        summary=_("Sign an evaluation off"),
        description=_(
            "Freezes the evaluation's figures, text and reasons as they are now; later "
            "corrections of the figures do not change it. Needs the change permission; "
            "refused (400) when already signed; honours If-Match."
        ),
        request=None,
        responses={200: EvaluationSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="sign-off",
        permission_classes=[EvaluationSignOffPermission],
    )
    def sign_off(self, request, pk=None):
        evaluation = self.get_object()
        try:
            evaluation_sign_off(evaluation, request.user, expected_version=self.expected_version())
        except StaleVersion as error:
            self.refuse_stale(error)
        except DjangoValidationError as error:
            raise ValidationError(serializers.as_serializer_error(error)) from error
        response = Response(self.get_serializer(evaluation).data)
        response["ETag"] = etag(evaluation.version)
        return response

    @extend_schema(
        summary=_("An evaluation's report"),
        description=_(
            "The report's data: the figures (frozen once signed off, else computed now), "
            "the text and the reasons, as the report files are written from it."
        ),
        # ?format=xlsx|docx (or Accept: their media types): the report files.
        parameters=[
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                enum=["json", "xlsx", "docx"],
                description=_(
                    "json (the default): the report's data; xlsx: the report as an Excel "
                    "workbook; docx: the report as a Word document."
                ),
            )
        ],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            **{(200, renderer.media_type): OpenApiTypes.BINARY for renderer in REPORT_RENDERERS},
        },
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[*api_settings.DEFAULT_RENDERER_CLASSES, *REPORT_RENDERERS],
    )
    def report(self, request, pk=None):
        return Response(report_data(self.get_object()))
