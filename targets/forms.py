"""Forms of the target pages: filters of the dashboard, and a year's actual figure."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from planportal.models import DECIMAL_MAX_DIGITS
from planportal.units import Unit, dimension_of, units_of
from targets.choices import Attribute, ValueSource


class DashboardFilterForm(forms.Form):
    """GET filters of /targets/: period, 专栏 group and attribute (the plan is ?plan=)."""

    period = forms.ChoiceField(label=_("Period"), required=False)
    group = forms.ChoiceField(label=_("Table"), required=False)
    attribute = forms.ChoiceField(
        label=_("Attribute"),
        required=False,
        choices=[("", _("All")), *list(Attribute.choices)],
    )

    def __init__(self, data, *, groups):
        super().__init__(data)
        periods = sorted({(g.period_start, g.period_end) for g in groups}, reverse=True)
        self.fields["period"].choices = [("", _("All"))] + [
            (f"{start}-{end}", f"{start}–{end}") for start, end in periods
        ]
        self.fields["group"].choices = [("", _("All"))] + [(g.code, g.title) for g in groups]

    def clean_period(self):
        value = self.cleaned_data["period"]
        if not value:
            return None
        start, end = value.split("-")
        return int(start), int(end)


class IndicatorValueForm(forms.Form):
    """A year's actual figure: value, unit (converted within its dimension) and source."""

    year = forms.IntegerField(label=_("Year"), min_value=1949, max_value=2100)
    value = forms.DecimalField(
        label=_("Actual figure"), max_digits=DECIMAL_MAX_DIGITS, decimal_places=4
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    source = forms.ChoiceField(
        label=_("Source"), choices=ValueSource.choices, initial=ValueSource.STATISTICAL_REPORT
    )
    source_note = forms.CharField(
        label=_("Source detail"),
        max_length=255,
        required=False,
        help_text=_("Which report, register extract or passage of the plan."),
    )
    # The versions of the indicator's figures when the page was shown, as JSON
    # ({"2024": 3}): saving a figure someone else corrected, added or deleted meanwhile is
    # refused (planportal.concurrency).
    seen_versions = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, figures=None, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit:
            # Only the units of the target's own dimension (吨, 万吨 … for a mass): a figure
            # in another is refused anyway, so the list does not offer all fifteen.
            field = self.fields["unit"]
            field.choices = [(code.value, code.label) for code in units_of(dimension_of(unit))]
            field.error_messages["invalid_choice"] = _(
                "%(value)s is not a unit of what this target measures: choose one of the list."
            )
        if figures is not None:
            self.initial["seen_versions"] = json.dumps(
                {str(figure.year): figure.version for figure in figures}, sort_keys=True
            )

    def clean_seen_versions(self):
        text = self.cleaned_data["seen_versions"]
        if not text:
            return None
        try:
            versions = {int(year): int(version) for year, version in json.loads(text).items()}
        except (ValueError, TypeError, AttributeError) as exc:
            raise forms.ValidationError(_("The page was damaged: reload it.")) from exc
        return versions

    def expected_version(self):
        """The version of the year's figure when the page was shown: 0 if it had none;
        None when the form did not say (nothing to compare with)."""
        versions = self.cleaned_data.get("seen_versions")
        if versions is None:
            return None
        return versions.get(self.cleaned_data["year"], 0)
