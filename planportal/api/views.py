"""The base viewsets of every resource, the plans, and the OpenAPI schema and its docs.

The schema and its Swagger UI are served from drf-spectacular-sidecar, so they work with
no internet.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings

from planportal.api.filters import PlanFilterSet
from planportal.api.renderers import XLSXRenderer, workbook_response
from planportal.api.serializers import PlanSerializer
from planportal.concurrency import VersionedViewSetMixin
from planportal.models import Plan


class SpreadsheetListMixin:
    """A list also answers ``?format=xlsx`` (``planportal.api.renderers``); one record or a
    write does not offer it, so ``?format=xlsx`` there is an unknown format (400)."""

    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, XLSXRenderer]

    def list(self, request, *args, **kwargs):
        if not isinstance(getattr(request, "accepted_renderer", None), XLSXRenderer):
            return super().list(request, *args, **kwargs)
        # Every filtered row, streamed: the pagination only checks the count.
        queryset = self.filter_queryset(self.get_queryset())
        self.paginate_queryset(queryset)
        return workbook_response(self, request, queryset)

    def get_renderers(self):
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "list":
            return renderers
        return [renderer for renderer in renderers if not isinstance(renderer, XLSXRenderer)]


class ReadColumnsMixin:
    """A read loads only the columns its serializer shows (``QuerySet.only()``): a register
    row has twice as many columns as it shows, and its plan carries the whole plan text.

    Writes load whole rows (a save writes the loaded columns only).
    """

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.request.method not in ("GET", "HEAD") or self.action not in ("list", "retrieve"):
            return queryset
        read_columns = getattr(self.get_serializer_class(), "read_columns", None)
        columns = read_columns() if read_columns is not None else None
        return queryset.only(*columns) if columns else queryset


class PlanDataViewSet(ReadColumnsMixin, SpreadsheetListMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only resource; subclasses add select_related etc. in ``get_queryset`` only.

    Filtering, search, ordering, paging and permissions are the API's defaults
    (``REST_FRAMEWORK`` in the settings).
    """


class PlanRegisterViewSet(
    ReadColumnsMixin, SpreadsheetListMixin, VersionedViewSetMixin, viewsets.ModelViewSet
):
    """A register: read by anyone allowed to read; written with the model permission.

    Every record read or written carries an ``ETag``; PUT, PATCH and DELETE honour an
    optional ``If-Match`` (412 on a stale version).
    """


@extend_schema_view(
    list=extend_schema(summary=_("List plans"), description=_("The plans the portal carries.")),
    retrieve=extend_schema(
        summary=_("One plan, by its code"),
        parameters=[
            OpenApiParameter(
                "code",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description=_("Code of the plan, e.g. xinyuan-2021-2025 (see /api/v1/plans/)."),
            )
        ],
    ),
)
class PlanViewSet(PlanDataViewSet):
    serializer_class = PlanSerializer
    lookup_field = "code"
    ordering_fields = ["code", "period_start", "period_end"]
    filterset_class = PlanFilterSet

    def get_queryset(self):
        return Plan.objects.all()


class JSONErrorsMixin:
    """Errors in JSON like the rest of the API, whatever the view renders on success."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400:
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
            response.renderer_context = self.get_renderer_context()
        return response


class SchemaView(JSONErrorsMixin, SpectacularAPIView):
    """The OpenAPI document: YAML unless ?format=json."""


class DocsView(JSONErrorsMixin, SpectacularSwaggerSplitView):
    """Swagger UI, served from the portal's own static files.

    The split view serves its start-up script from ``?script``, so the page needs no inline
    script under the Content-Security-Policy; the template moves Swagger's <style> to a file.
    """

    template_name = "api/swagger_ui.html"
