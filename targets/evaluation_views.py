"""Evaluation pages (终期评估, 中期评估): the list of a plan's evaluations, and one evaluation.

Anyone who may read the plan reads them. Staff with ``targets.add_evaluation`` start one;
staff with ``targets.change_evaluation`` write its text and reasons and sign it off; a
superuser may reopen a signed one. Every write goes through ``targets.evaluation``.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from planportal.concurrency import StaleVersion
from planportal.context_processors import plan_portal, selected_plan, use_plan
from targets.evaluation import (
    SECTION_TITLES,
    changes_since_sign_off,
    evaluation_create,
    evaluation_reopen,
    evaluation_save,
    evaluation_sign_off,
    missing_reasons,
    report_data,
)
from targets.models import Evaluation, EvaluationKind

# How a compared field of ``changes_since_sign_off`` is named (a year stays a year).
FIELD_LABELS = {
    "indicator": gettext_lazy("the target itself"),
    "baseline": gettext_lazy("Baseline"),
    "target_text": gettext_lazy("Target"),
    "actual": gettext_lazy("Actual"),
    "completion": gettext_lazy("Completion"),
    "cap_usage": gettext_lazy("Share of the cap used"),
    "status": gettext_lazy("Status"),
}

EDIT_PERMISSION = "targets.change_evaluation"
ADD_PERMISSION = "targets.add_evaluation"


class EvaluationCreateForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("From the year")), *EvaluationKind.choices],
        help_text=gettext_lazy("Final for the last year of the period, else mid-term."),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(plan.period_start, plan.period_end + 1)
        self.fields["year"].choices = [(year, year) for year in years]
        self.fields["year"].initial = plan.period_end


class EvaluationTextForm(forms.Form):
    """The narrative sections and the version the writer saw (reasons come as ``reason-<pk>``)."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        for name in Evaluation.SECTION_FIELDS:
            self.fields[name] = forms.CharField(
                label=SECTION_TITLES[name],
                required=False,
                strip=False,
                max_length=100_000,
                widget=forms.Textarea(attrs={"rows": 6}),
                initial=getattr(evaluation, name),
            )
        self.fields["seen_version"].initial = evaluation.version


def _may(request, permission):
    user = request.user
    return user.is_authenticated and user.is_staff and user.has_perm(permission)


def _refusal(request, permission):
    """A login for someone not signed in, a 403 for someone without ``permission``."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _may(request, permission):
        raise PermissionDenied
    return None


@require_http_methods(["GET", "POST"])
def evaluation_list(request):
    """The selected plan's evaluations, and the form that starts one."""
    plan = selected_plan(request)
    form = None
    if request.method == "POST":
        if (refusal := _refusal(request, ADD_PERMISSION)) is not None:
            return refusal
        form = EvaluationCreateForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                evaluation = evaluation_create(
                    plan, form.cleaned_data["year"], kind=form.cleaned_data["kind"]
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The evaluation has been started."))
                return redirect(evaluation.get_absolute_url())
    if form is None and _may(request, ADD_PERMISSION):
        form = EvaluationCreateForm(plan=plan)
    evaluations = list(
        Evaluation.objects.filter(plan=plan).select_related("signed_off_by").order_by("-year")
    )
    context = {
        **plan_portal(request),
        "nav": "targets",
        "evaluations": evaluations,
        "form": form,
    }
    return render(request, "targets/evaluation/list.html", context)


@require_http_methods(["GET", "POST"])
def evaluation_detail(request, pk):
    """One evaluation: the portal's figures, the staff's text and reasons, the sign-off.

    Signed, the figures are the frozen ones, with what has changed since beneath them.
    """
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("plan", "signed_off_by"), pk=pk
    )
    use_plan(request, evaluation.plan)
    can_edit = _may(request, EDIT_PERMISSION)
    form = None
    if request.method == "POST":
        if (refusal := _refusal(request, EDIT_PERMISSION)) is not None:
            return refusal
        action = request.POST.get("action")
        if action == "reopen" and not request.user.is_superuser:
            raise PermissionDenied
        done, form = _act(request, evaluation, action)
        if done:
            return redirect(evaluation.get_absolute_url())
    data = report_data(evaluation, language=translation.get_language())
    if request.method == "POST" and not evaluation.is_signed:
        # A refused save shows what was typed, not the stored reasons (the data is fresh).
        posted = _posted_reasons(request)
        for group in data["groups"]:
            for indicator in group["indicators"]:
                indicator["reason"] = posted.get(indicator["id"], indicator["reason"])
    if form is None and can_edit and not evaluation.is_signed:
        form = EvaluationTextForm(evaluation=evaluation)
    targets = [group for group in data["groups"] if group["role"] == "targets"]
    context = {
        **plan_portal(request),
        "nav": "targets",
        "evaluation": evaluation,
        "data": data,
        "target_groups": targets,
        "review_groups": [group for group in data["groups"] if group["role"] != "targets"],
        "sections": [
            {**section, "field": form[section["key"]] if form is not None else None}
            for section in data["sections"]
        ],
        "missing_reasons": missing_reasons(data),
        "changes": [
            {**change, "field_label": FIELD_LABELS.get(change["field"], change["field"])}
            for change in changes_since_sign_off(evaluation)
        ],
        "form": form,
        "can_edit": can_edit and not evaluation.is_signed,
        "can_sign": can_edit and not evaluation.is_signed,
        "can_reopen": request.user.is_superuser and evaluation.is_signed,
    }
    return render(request, "targets/evaluation/detail.html", context)


def _posted_reasons(request):
    """``{indicator pk: text}`` from the ``reason-<pk>`` fields of the form."""
    reasons = {}
    for name, text in request.POST.items():
        prefix, _sep, pk = name.partition("-")
        if prefix == "reason" and pk.isdigit() and len(pk) < 12:
            reasons[int(pk)] = text
    return reasons


def _seen_version(request):
    text = request.POST.get("seen_version", "")
    return int(text) if text.isdigit() and len(text) < 12 else None


def _act(request, evaluation, action):
    """Carry out a POSTed ``action``; returns (done, form with the errors to show)."""
    form = None
    try:
        if action == "save":
            form = EvaluationTextForm(request.POST, evaluation=evaluation)
            if not form.is_valid():
                return False, form
            evaluation_save(
                evaluation,
                sections={name: form.cleaned_data[name] for name in Evaluation.SECTION_FIELDS},
                reasons=_posted_reasons(request),
                expected_version=form.cleaned_data["seen_version"],
            )
            messages.success(request, _("The evaluation has been saved."))
        elif action == "sign_off":
            evaluation_sign_off(evaluation, request.user, expected_version=_seen_version(request))
            messages.success(request, _("The evaluation has been signed off."))
        elif action == "reopen":
            evaluation_reopen(evaluation, request.user, expected_version=_seen_version(request))
            messages.success(request, _("The evaluation has been reopened."))
        else:
            messages.error(request, _("Nothing was done: choose save or sign off."))
            return False, form
    except StaleVersion as error:
        _refused(request, form, error.message)
        evaluation.refresh_from_db()
        return False, form
    except ValidationError as error:
        _refused(request, form, " ".join(error.messages))
        evaluation.refresh_from_db()
        return False, form
    return True, None


def _refused(request, form, message):
    if form is not None:
        form.add_error(None, message)
    else:
        messages.error(request, message)
