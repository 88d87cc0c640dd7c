"""The admin's Excel import and export screens (django-import-export), made safe to offer.

- Who: import needs the model's add *and* change permissions, export its view permission.
  (django-import-export's ``IMPORT_EXPORT_IMPORT_PERMISSION_CODE`` takes one code only, so
  ``has_import_permission`` asks for both here.)
- What: an upload is refused over ``IMPORT_MAX_UPLOAD_BYTES`` before it is stored, and read
  only through ``planportal.spreadsheets.open_workbook_safely`` (caps on unpacked size,
  dimension, rows, columns).
- Where the upload waits between the preview and the confirmation: in the cache (shared by
  every worker), under a random name that is remembered in the uploader's session, for at
  most ``IMPORT_UPLOAD_TTL_SECONDS``. Nothing is written to the temp folder. The confirm
  step takes only a name this session uploaded, and the upload is removed once confirmed,
  when the preview finds errors, or when it fails; an abandoned one expires from the cache.
- Errors are shown as messages, never as Python tracebacks.
- An export streams (``_do_file_export``): the rows are read ``chunk_size`` at a time and
  written into the workbook as the download goes, in flat memory, with the permission
  check, filters, selection and columns of django-import-export's own export view.
"""

from uuid import uuid4

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm
from import_export.signals import post_export
from import_export.tmp_storages import BaseStorage

from planportal.excel import content_disposition, xlsx_stream_response
from planportal.resources import PREVIEW_ROWS, RegisterXLSX
from planportal.spreadsheets import SpreadsheetRefused, check_upload_size

SESSION_KEY = "planportal_import_uploads"


class UploadCacheStorage(BaseStorage):
    """An uploaded workbook kept in the cache (``IMPORT_UPLOAD_CACHE``) until confirmed."""

    PREFIX = "planportal-import-"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.cache = caches[settings.IMPORT_UPLOAD_CACHE]

    def save(self, data):
        if not self.name:
            self.name = uuid4().hex
        self.cache.set(self.PREFIX + self.name, data, settings.IMPORT_UPLOAD_TTL_SECONDS)

    def read(self):
        return self.cache.get(self.PREFIX + self.name)

    def remove(self):
        self.cache.delete(self.PREFIX + self.name)


class SpreadsheetImportForm(ImportForm):
    """The upload form: a file over the size cap is refused before it is read or stored."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        check_upload_size(upload.size)
        return upload


class SafeImportExportMixin(ImportExportMixin):
    """django-import-export's admin mixin with the rules in this module's docstring."""

    import_formats = [RegisterXLSX]
    export_formats = [RegisterXLSX]
    import_form_class = SpreadsheetImportForm
    tmp_storage_class = UploadCacheStorage
    import_template_name = "admin/planportal/import.html"
    import_error_display = ("message",)

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        context["preview_rows"] = PREVIEW_ROWS
        context["preview_slice"] = f":{PREVIEW_ROWS}"
        return context

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    # The upload's name, remembered in the session between the preview and the confirm.

    def _session_uploads(self, request):
        return request.session.get(SESSION_KEY, {})

    def _remember_upload(self, request, name):
        uploads = self._session_uploads(request)
        uploads[name] = self.opts.label_lower
        request.session[SESSION_KEY] = uploads

    def _forget_upload(self, request, name):
        uploads = self._session_uploads(request)
        if uploads.pop(name, None) is not None:
            request.session[SESSION_KEY] = uploads
        self.get_tmp_storage_class()(name=name).remove()

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        form = context.get("form")
        upload = getattr(form, "cleaned_data", {}).get("import_file")
        name = getattr(upload, "tmp_storage_name", None)
        if name:
            if "confirm_form" in context:
                self._remember_upload(request, name)
            else:
                # A file with errors is never confirmed: it goes at once.
                self._forget_upload(request, name)
        return response

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetRefused):
            form.add_error("import_file", e.messages)
        else:
            form.add_error("import_file", _("The file could not be read as an Excel workbook."))

    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        name = request.POST.get("import_file_name", "")
        if self._session_uploads(request).get(name) != self.opts.label_lower:
            # Not a file this session uploaded to this register (or one already imported).
            raise PermissionDenied
        try:
            if self.get_tmp_storage_class()(name=name).read() is None:
                messages.error(
                    request,
                    _("The uploaded file has expired; please upload it again."),
                )
                info = self.opts.app_label, self.opts.model_name
                return HttpResponseRedirect(reverse("admin:{}_{}_import".format(*info)))
            return super().process_import(request, **kwargs)
        finally:
            self._forget_upload(request, name)

    # Exports as the register pages write them.

    def get_data_for_export(self, request, queryset, **kwargs):
        # Figures and dates as numbers and dates, not text (the library does this only for
        # its own format classes).
        kwargs["force_native_type"] = True
        return super().get_data_for_export(request, queryset, **kwargs)

    def get_export_filename(self, request, queryset, file_format):
        resource = self.get_export_resource_classes(request)[0]()
        return resource.get_export_filename(queryset)

    def get_valid_export_item_pks(self, request):
        # The export action's selection, within the rows the changelist may show; the
        # library's default reads every id of the table (and is deprecated).
        chosen = request.POST.getlist("export_items")
        try:
            return list(
                self.get_queryset(request).filter(pk__in=chosen).values_list("pk", flat=True)
            )
        except (ValueError, ValidationError):
            return []  # not ids: the form refuses the choice

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        """The workbook streamed as it is written (``PlanTableResource.export_sheet``,
        ``planportal.excel.stream_workbook``), not a ``tablib.Dataset`` then a workbook of
        every row in memory: the changelist's filters and the export action's selection
        are in ``queryset`` (``export_action``), the columns as the form chose them."""
        if not isinstance(file_format, RegisterXLSX):
            response = super()._do_file_export(file_format, request, queryset, export_form)
            filename = self.get_export_filename(request, queryset, file_format)
            response["Content-Disposition"] = content_disposition(filename)
            return response
        if not self.has_export_permission(request):
            raise PermissionDenied
        resource_class = self.choose_export_resource_class(export_form, request)
        resource = resource_class(
            **self.get_export_resource_kwargs(request, export_form=export_form)
        )
        sheet = resource.export_sheet(
            queryset, export_fields=self.get_export_resource_fields_from_form(export_form)
        )
        filename = self.get_export_filename(request, queryset, file_format)
        response = xlsx_stream_response(filename, [sheet])
        post_export.send(sender=None, model=self.model)
        return response
