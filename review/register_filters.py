"""The filters of the block ledger and the mining-rights review: one form each, shared by
the page, its Excel export and the API (an invalid value is a 400 naming the parameter)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from review.models import BLOCK_KINDS

SCALE_CLASS_CHOICES = [
    ("large", _("large")),
    ("medium", _("medium")),
    ("small", _("small")),
    ("below_minimum", _("below the minimum scale")),
    ("unknown", _("unknown")),
]
YES_NO = [("", _("All")), ("true", _("Yes")), ("false", _("No"))]


def _yes_no(label, help_text):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        required=False,
        coerce=lambda value: value == "true",
        empty_value=None,
    )


class BlockLedgerFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("kind"),
        help_text=_("exploration_block, mining_block or concentrated_area."),
        choices=[("", _("All")), *[(kind.value, kind.label) for kind in BLOCK_KINDS]],
        required=False,
    )
    granted = _yes_no(_("granted"), _("true: blocks a right lies in (已出让); false: open ones."))
    has_findings = _yes_no(_("has findings"), _("true: blocks with a finding; false: without."))

    parameters = ("kind", "granted", "has_findings")

    def filters(self):
        """The cleaned filters, for ``block_ledger_filtered``."""
        return {name: self.cleaned_data.get(name) or None for name in ("kind",)} | {
            name: self.cleaned_data.get(name) for name in ("granted", "has_findings")
        }


class MiningRightsReviewFilterForm(forms.Form):
    scale_class = forms.ChoiceField(
        label=_("class by Box 18"),
        help_text=_("large, medium, small, below_minimum or unknown."),
        choices=[("", _("All")), *SCALE_CLASS_CHOICES],
        required=False,
    )
    rectify = _yes_no(
        _("to rectify"), _("true: the rectification list of 四(三); false: the other rights.")
    )

    parameters = ("scale_class", "rectify")

    def filters(self):
        """The cleaned filters, for ``mining_rights_filtered``."""
        return {
            "scale_class": self.cleaned_data.get("scale_class") or None,
            "rectify": self.cleaned_data.get("rectify"),
        }
