"""Page-number pagination: ?page=&page_size= (default 50, at most 1000)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from planportal.api.renderers import XLSX_MAX_ROWS, XLSXRenderer


class PlanPagination(PageNumberPagination):
    """``count``, ``next``, ``previous`` and ``results``; a page size that is not a positive
    whole number is a 400 rather than silently the default; one above 1000 is cut to 1000."""

    # page_size: REST_FRAMEWORK["PAGE_SIZE"].
    page_size_query_param = "page_size"
    max_page_size = 1000
    page_query_description = _("Page number, from 1.")
    page_size_query_description = _("Rows per page: 50 unless given, at most 1000.")
    invalid_page_message = _("Invalid page: there is no such page of results.")

    def paginate_queryset(self, queryset, request, view=None):
        """One page of rows; for ``?format=xlsx`` every matching row (None: not paged)."""
        if isinstance(getattr(request, "accepted_renderer", None), XLSXRenderer):
            if queryset.count() > XLSX_MAX_ROWS:
                raise ValidationError(
                    {
                        "format": [
                            _(
                                "More than %(limit)s rows match: narrow the filters to "
                                "download them as a workbook."
                            )
                            % {"limit": XLSX_MAX_ROWS}
                        ]
                    }
                )
            return None
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError(
                {self.page_size_query_param: [_("Give a whole number from 1 to 1000.")]}
            )
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        """The documented bounds are the enforced ones: page from 1, page_size 1 to 1000."""
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": _("Number of rows that match, on every page together."),
            "next": _("Address of the next page; null on the last page."),
            "previous": _("Address of the previous page; null on the first page."),
            "results": _("The rows of this page."),
        }
        for name, description in descriptions.items():
            response["properties"][name]["description"] = str(description)
        return response
