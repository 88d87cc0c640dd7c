"""The check page's form: the fields of a proposal, validated by the API's serializer.

One validation: every field is read as text here and checked by
``review.api_checks.ConformanceCheckSerializer``, whose errors are shown under the fields
they name. The choices are only what the page offers to pick from.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from deposits.models import Mineral
from planportal.choices import MiningMethod
from planportal.units import CAPACITY_UNIT_CHOICES
from review.api_checks import RIGHT_TYPES, ConformanceCheckSerializer
from zones.models import PlanningArea

BLANK = [("", "—")]


class ConformanceCheckForm(forms.Form):
    right_type = forms.CharField(
        label=_("Right"), required=False, widget=forms.Select(choices=RIGHT_TYPES)
    )
    mineral = forms.CharField(label=_("Mineral"), required=False, widget=forms.Select)
    mining_method = forms.CharField(
        label=_("Mining method"),
        required=False,
        widget=forms.Select(choices=BLANK + list(MiningMethod.choices)),
    )
    annual_capacity = forms.CharField(
        label=_("Production capacity"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
    )
    capacity_unit = forms.CharField(
        label=_("Unit"),
        required=False,
        widget=forms.Select(choices=BLANK + CAPACITY_UNIT_CHOICES),
    )
    year = forms.CharField(
        label=_("Year"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
    )
    zone = forms.CharField(label=_("Block or area"), required=False, widget=forms.Select)
    reserves = forms.CharField(
        label=_("Reserves (万吨 or 万立方米)"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.verdict = None
        self.fields["mineral"].widget.choices = BLANK + [
            (name, name) for name in Mineral.objects.values_list("name", flat=True)
        ]
        zones = PlanningArea.objects.filter(plan=plan).order_by("kind", "seq")
        self.fields["zone"].widget.choices = BLANK + [
            (zone.pk, f"{zone.get_kind_display()} {zone.seq} {zone.name}") for zone in zones
        ]

    def clean(self):
        data = {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}
        serializer = ConformanceCheckSerializer(data={**data, "plan": self.plan.code})
        if serializer.is_valid():
            self.verdict = serializer.validated_data["verdict"]
            return self.cleaned_data
        for name, messages in serializer.errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, str(message))
        return self.cleaned_data
