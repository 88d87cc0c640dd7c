"""API of the review: the plan's self-check, ``GET /api/v1/plan-statements/``.

Every figure the plan states in its prose about its own tables, beside the figure the tables
give (``review.stated_figures``), whether they agree and by how much, and the clause with its
address in the plan's text. ``?format=xlsx`` gives the same rows as a workbook.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from planportal.api.fields import display_field
from planportal.api.serializers import DescribedFieldsMixin
from planportal.api.views import PlanDataViewSet
from planportal.plan_text import reference_url
from review.statement_filters import StatementFilterSet
from review.statements import difference, figure_checks, unchecked_reason
from targets.models import StatedFigure

# What the computed columns are in the schema: null where the figure cannot be checked; the
# clause's address is a path on this server (/plan/…#anchor), or null.
NULLABLE_FIGURE = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
NULLABLE_PATH = serializers.CharField(allow_null=True)


class StatementSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("Code of the plan that states the figure.")
    )
    unit_display = display_field("unit")
    clause_url = serializers.SerializerMethodField(
        help_text=_("Address of the clause in the plan's text (/plan/…#anchor), or null.")
    )
    computed = serializers.SerializerMethodField(
        help_text=_(
            "The figure the tables give, in the stated unit, rounded to the decimals printed; "
            "null when it cannot be checked."
        )
    )
    agrees = serializers.SerializerMethodField(
        help_text=_("Whether the tables give the stated figure; null when it cannot be checked.")
    )
    difference = serializers.SerializerMethodField(
        help_text=_("The tables' figure less the stated one; null when it cannot be checked.")
    )
    checkable = serializers.SerializerMethodField(
        help_text=_("Whether the tables record what the figure needs.")
    )
    reason = serializers.SerializerMethodField(
        help_text=_("Why the figure cannot be checked (the columns the tables lack); else empty.")
    )

    class Meta:
        model = StatedFigure
        fields = [
            "id",
            "plan",
            "seq",
            "clause",
            "clause_url",
            "subject",
            "value",
            "unit",
            "unit_display",
            "computed",
            "agrees",
            "difference",
            "checkable",
            "reason",
            "metric",
            "as_printed",
        ]
        extra_kwargs = {
            "seq": {
                "help_text": _("Serial number of the figure, in the order the plan states it.")
            },
            "clause": {"help_text": _("Clause of the plan that states the figure, e.g. 一(一).")},
            "subject": {"help_text": _("What the figure counts or measures.")},
            "value": {"help_text": _("The figure as the plan states it.")},
            "unit": {"help_text": _("Unit of the stated figure (code).")},
            "as_printed": {"help_text": _("The sentence that states the figure, as printed.")},
        }

    def _check(self, figure):
        checks = self.context.get("checks")
        if checks is None:
            checks = self.context["checks"] = figure_checks(
                self.context["request"], StatedFigure.objects.filter(pk=figure.pk)
            )
        return checks.get(figure.pk)

    @extend_schema_field(NULLABLE_PATH)
    def get_clause_url(self, figure):
        # One plan object per plan, so that its sections are read once for the whole list.
        plan = self.context.setdefault("plans", {}).setdefault(figure.plan_id, figure.plan)
        return reference_url(plan, figure.clause)

    @extend_schema_field(NULLABLE_FIGURE)
    def get_computed(self, figure):
        check = self._check(figure)
        return None if check is None else check.computed_as_stated

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_agrees(self, figure):
        check = self._check(figure)
        return None if check is None else check.agrees

    @extend_schema_field(NULLABLE_FIGURE)
    def get_difference(self, figure):
        return difference(self._check(figure))

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_checkable(self, figure):
        check = self._check(figure)
        return check is not None and check.checkable

    @extend_schema_field(OpenApiTypes.STR)
    def get_reason(self, figure):
        return unchecked_reason(self._check(figure))


class PlanStatementViewSet(PlanDataViewSet):
    """The plan's self-check: each stated figure beside the figure its tables give."""

    serializer_class = StatementSerializer
    filterset_class = StatementFilterSet
    ordering_fields = ["seq", "clause", "subject"]
    ordering = ["plan", "seq"]

    def get_queryset(self):
        return StatedFigure.objects.exclude(metric="").select_related("plan")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "action", None) == "list":
            context["checks"] = figure_checks(
                self.request, self.filter_queryset(self.get_queryset())
            )
        return context
