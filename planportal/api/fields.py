"""Serializer fields every register uses: the plan by its code, a choice's label."""

import functools
import inspect

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from planportal.models import Plan

# Translated choice labels by (model field, language): {code: label}. Translating a lazy
# label costs a catalogue lookup; a page of 1,000 rows asks for the same few labels 1,000
# times, so each is translated once per process and language.
_labels = {}


def translated_labels(field):
    """``{code: label}`` of a model field's choices in the active language."""
    key = (field, translation.get_language())
    labels = _labels.get(key)
    if labels is None:
        labels = _labels[key] = {code: str(label) for code, label in field.flatchoices}
    return labels


def plan_field():
    """``plan``: the plan a row belongs to, read and written as its code."""
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=Plan.objects.all(),
        help_text=_("Code of the plan the row belongs to, e.g. xinyuan-2021-2025."),
    )


class ChoiceDisplayField(serializers.CharField):
    """The label of a model's choice field, beside its code (``stage`` / ``stage_display``).

    What ``get_stage_display()`` returns (the code itself when it is not a choice), read
    from the code and the model field's translated choices instead of calling the method
    per row: DRF inspects the signature of every callable it reads, which cost more than
    the rest of the row.
    """

    context_free = True  # planportal.api.serializers.ReadingPlan

    def __init__(self, field_name, **kwargs):
        self.choice_field = field_name
        kwargs["read_only"] = True
        kwargs.setdefault("source", f"get_{field_name}_display")
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        field = _generated_display(type(instance), self.choice_field)
        if field is None:
            return super().get_attribute(instance)
        value = getattr(instance, field.attname)
        try:
            return translated_labels(field).get(value, value)
        except TypeError:  # an unhashable value is no choice
            return value


@functools.cache
def _generated_display(model, name):
    """The field whose label Django's own ``model.get_<name>_display`` reads, else None (a
    model that defines the method itself, or not a model)."""
    method = inspect.getattr_static(model, f"get_{name}_display", None)
    if isinstance(method, functools.partialmethod) and (
        method.func is models.Model._get_FIELD_display
    ):
        return method.keywords.get("field")
    return None


def display_field(field_name):
    """The Chinese label of a choice field, beside its code (``stage`` / ``stage_display``)."""
    return ChoiceDisplayField(field_name)


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabelField(serializers.Field):
    """The label of a choice computed in the database (an annotation has no get_*_display)."""

    context_free = True  # planportal.api.serializers.ReadingPlan

    def __init__(self, choices, **kwargs):
        self.labels = dict(choices)
        self.translated = {}
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        language = translation.get_language()
        labels = self.translated.get(language)
        if labels is None:
            labels = self.translated[language] = {
                code: str(label) for code, label in self.labels.items()
            }
        return str(labels.get(value, value))
