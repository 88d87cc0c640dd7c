"""Page-number pagination: ?page=&page_size= (default 50, at most 1000).

A page deep in a long list is read by a deferred join (``DeferredJoinPaginator``): the ids
of the page first, from the index of the ordering, then those rows alone with their related
rows; the same rows as ``LIMIT … OFFSET …``, without joining and skipping the thousands of
rows before them.
"""

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from planportal import cache
from planportal.api.renderers import XLSX_MAX_ROWS, XLSXRenderer


class DeferredJoinPaginator(Paginator):
    """Django's paginator, reading a page after the first by its rows' ids.

    ``WHERE id IN (SELECT id … ORDER BY … LIMIT n OFFSET m) ORDER BY …``: the subquery walks
    the ordering's index and reads nothing but ids; the outer query fetches the page's rows
    with their joins. SQLite and PostgreSQL both take a LIMIT inside IN (MySQL does not:
    ``allow_sliced_subqueries_with_in``). The count, the page numbers and the rows are
    Django's own; the count is cached per data generation under the list's SQL (a count of a
    large register is a scan of its index: ``planportal.cache.cached_for_rows``).
    """

    @cached_property
    def count(self):
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return Paginator.count.func(self)
        return cache.cached_for_rows("count", rows, lambda: Paginator.count.func(self))

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.rows(bottom, top), number, self)

    def rows(self, bottom, top):
        """The rows from ``bottom`` to ``top`` (exclusive) of the list, in its order."""
        rows = self.object_list
        if bottom == 0 or not self.defers(rows):
            return rows[bottom:top]
        return rows.filter(pk__in=rows.values("pk")[bottom:top])

    @staticmethod
    def defers(rows):
        """Whether the page of ``rows`` may be read by its ids: an ordered queryset of whole
        rows (no DISTINCT, grouping, annotation or UNION, whose ids subquery could need more
        than the id column or differ from the rows), on a database that takes the subquery."""
        if not isinstance(rows, QuerySet) or not rows.ordered:
            return False
        query = rows.query
        return (
            connections[rows.db].features.allow_sliced_subqueries_with_in
            and not query.is_sliced
            and not query.distinct
            and not query.combinator
            and query.group_by is None
            and not query.annotations
        )


class PlanPagination(PageNumberPagination):
    """``count``, ``next``, ``previous`` and ``results``; a page size that is not a positive
    whole number is a 400 rather than silently the default; one above 1000 is cut to 1000."""

    # page_size: REST_FRAMEWORK["PAGE_SIZE"].
    django_paginator_class = DeferredJoinPaginator
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
