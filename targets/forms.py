"""Forms of the target pages: filters of the dashboard, and a year's actual figure."""

from django import forms
from django.utils.translation import gettext_lazy as _

from planportal.units import Unit
from targets.models import Attribute, ValueSource


class DashboardFilterForm(forms.Form):
    """GET filters of /targets/: period, 专栏 group and attribute (the plan is ?plan=)."""

    period = forms.ChoiceField(label=_("Period"), required=False)
    group = forms.ChoiceField(label=_("Table"), required=False)
    attribute = forms.ChoiceField(
        label=_("Attribute"),
        required=False,
        choices=[("", _("All"))] + list(Attribute.choices),
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
    value = forms.DecimalField(label=_("Actual figure"), max_digits=16, decimal_places=4)
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
