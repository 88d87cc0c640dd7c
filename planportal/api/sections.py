"""API of the plan's text: ``GET /api/v1/plan-sections/`` (``planportal.plan_text``)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from planportal.api.filters import choice_filter, plan_filter
from planportal.api.serializers import DescribedFieldsMixin
from planportal.api.views import PlanDataViewSet
from planportal.models import PlanSection, SectionKind
from planportal.plan_text import section_url


class PlanSectionFilterSet(django_filters.FilterSet):
    plan = plan_filter()
    kind = choice_filter("kind", SectionKind.choices, _("kind"), _("Kind of section."))
    anchor = django_filters.CharFilter(
        field_name="anchor", label=_("anchor"), help_text=_("Anchor of the section, e.g. box-18.")
    )

    search_fields = ["title", "text"]

    class Meta:
        model = PlanSection
        fields = ["plan", "kind", "anchor"]


class PlanSectionSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("Code of the plan the section belongs to.")
    )
    parent = serializers.SlugRelatedField(
        slug_field="anchor",
        read_only=True,
        allow_null=True,
        help_text=_("Anchor of the section this one is part of, or null."),
    )
    url = serializers.SerializerMethodField(
        help_text=_("Address of the section on the plan's page (/plan/…#anchor).")
    )

    class Meta:
        model = PlanSection
        fields = [
            "id",
            "plan",
            "anchor",
            "url",
            "kind",
            "number",
            "title",
            "level",
            "parent",
            "order",
            "line_start",
            "line_end",
            "text",
        ]
        extra_kwargs = {
            "kind": {
                "help_text": _(
                    "front (cover, 总则), chapter (一、), section (（一）) or box (专栏)."
                )
            },
            "title": {"help_text": _("Title as printed.")},
            "level": {"help_text": _("Depth in the text: 1 for a chapter, 2 for its sections, …")},
            "order": {"help_text": _("Position of the section in the text, from 1.")},
            "text": {
                "help_text": _("The section's text as printed, its sections and boxes included.")
            },
        }

    # A path on this server, like every clause link of the API (not an absolute URI).
    @extend_schema_field(OpenApiTypes.STR)
    def get_url(self, section):
        return section_url(section.plan, section.anchor)


class PlanSectionViewSet(PlanDataViewSet):
    """The sections of the plan's text, in document order."""

    serializer_class = PlanSectionSerializer
    filterset_class = PlanSectionFilterSet
    ordering_fields = ["order", "anchor"]
    ordering = ["plan", "order"]

    def get_queryset(self):
        return PlanSection.objects.select_related("plan", "parent")
