"""Serializer fields every register uses: the plan by its code, a choice's label."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from planportal.models import Plan


def plan_field():
    """``plan``: the plan a row belongs to, read and written as its code."""
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
