"""Yearly collection pages (年度填报): the template, its upload, preview and confirmation,
and the targets still lacking a figure.

The upload waits between the preview and the confirmation as the admin's imports do
(``planportal.imports``): in the cache, under a random name remembered in the uploader's
session, confirmed once. Staff need the add *and* change permission of actual figures.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from planportal.context_processors import plan_portal, selected_plan
from planportal.excel import XLSX_CONTENT_TYPE, content_disposition
from planportal.imports import UploadCacheStorage
from planportal.spreadsheets import SpreadsheetRefused, read_bytes
from targets.collection import (
    collection_years,
    indicator_value_import,
    indicator_value_missing,
    indicator_value_template,
)

SESSION_KEY = "targets_collection_uploads"
COLLECT_PERMISSIONS = ("targets.add_indicatorvalue", "targets.change_indicatorvalue")


class CollectionUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled workbook"),
        help_text=gettext_lazy("The collection template (.xlsx) with the year's figures typed in."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            return read_bytes(upload)  # refused over the size cap before it is read
        except SpreadsheetRefused as refused:
            raise forms.ValidationError(refused.messages) from refused


def _refusal(request):
    """A login for someone not signed in; None for staff who may collect; else a 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (request.user.is_staff and request.user.has_perms(COLLECT_PERMISSIONS)):
        raise PermissionDenied
    return None


def _collection_url(plan):
    return f"{reverse('targets:collection')}?plan={plan.code}"


def _page(request, plan, **context):
    return render(
        request,
        "targets/collection/index.html",
        {
            **plan_portal(request),
            "nav": "targets",
            "years": collection_years(plan),
            "form": context.pop("form", None) or CollectionUploadForm(),
            **context,
        },
    )


@require_http_methods(["GET", "POST"])
def collection(request):
    """The year's template to download, and the upload of a filled one, previewed."""
    if (refusal := _refusal(request)) is not None:
        return refusal
    plan = selected_plan(request)
    if request.method == "GET":
        return _page(request, plan)
    form = CollectionUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, plan, form=form)
    data = form.cleaned_data["file"]
    try:
        result = indicator_value_import(plan, data, user=request.user, dry_run=True)
    except SpreadsheetRefused as refused:
        form.add_error("file", refused.messages)
        return _page(request, plan, form=form)
    upload = None
    if not result.errors and (result.created or result.updated):
        storage = UploadCacheStorage()
        storage.save(data)
        uploads = request.session.get(SESSION_KEY, {})
        uploads[storage.name] = plan.code
        request.session[SESSION_KEY] = uploads
        upload = storage.name
    return _page(request, plan, form=form, result=result, upload=upload)


@require_safe
def collection_template(request):
    """The collection workbook of the plan for ``?year=``."""
    if (refusal := _refusal(request)) is not None:
        return refusal
    plan = selected_plan(request)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year not in collection_years(plan):
        messages.error(request, _("Choose a year of the plan's period."))
        return redirect(_collection_url(plan))
    response = HttpResponse(indicator_value_template(plan, year), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(f"填报-{plan.code}-{year}.xlsx")
    return response


@require_POST
def collection_confirm(request):
    """Write a previewed upload: once, only by the session that uploaded it."""
    if (refusal := _refusal(request)) is not None:
        return refusal
    name = request.POST.get("upload", "")
    uploads = request.session.get(SESSION_KEY, {})
    code = uploads.pop(name, None)
    if code is None:
        raise PermissionDenied  # not uploaded in this session, or already confirmed
    request.session[SESSION_KEY] = uploads
    storage = UploadCacheStorage(name=name)
    data = storage.read()
    storage.remove()
    plan = selected_plan(request)
    if plan.code != code:
        raise PermissionDenied
    if data is None:
        messages.error(request, _("The uploaded file has expired; please upload it again."))
        return redirect(_collection_url(plan))
    result = indicator_value_import(plan, data, user=request.user, dry_run=False)
    if result.errors:
        # The figures changed between the preview and the confirmation: show why.
        return _page(request, plan, result=result)
    messages.success(
        request,
        _("%(created)s figures added and %(updated)s corrected.")
        % {"created": len(result.created), "updated": len(result.updated)},
    )
    return redirect(_collection_url(plan))


@require_safe
def collection_missing(request):
    """Per year of the plan's period, the targets whose figure is still to be typed in."""
    plan = selected_plan(request)
    return render(
        request,
        "targets/collection/missing.html",
        {**plan_portal(request), "nav": "targets", "missing": indicator_value_missing(plan)},
    )
