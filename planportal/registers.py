"""The list machinery every register page shares.

A register page is django-filter's ``FilterView`` over the FilterSet the API uses (from the
app's filters.py), searched over that FilterSet's ``search_fields`` with the API's own
search filter, an allow-list of sort keys, paging, the count and area of the filtered set,
and an Excel export of exactly the filtered rows. ``RegisterListView`` holds all of it;
each app's views.py subclasses it with its model and columns.
"""

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView
from rest_framework.request import Request

from planportal.api.filters import FilterSetSearchFilter
from planportal.context_processors import plan_portal, selected_plan
from planportal.excel import Sheet, xlsx_response


@dataclass(frozen=True)
class Column:
    """A column of a register: heading, how to read the value, and how to sort by it."""

    label: Any
    value: Any
    sort: str = ""
    numeric: bool = False


def display(field):
    """Read a choice field's label: ``display("stage")`` → ``obj.get_stage_display()``."""
    return lambda obj: getattr(obj, f"get_{field}_display")()


def attr(path):
    """Read a dotted attribute: ``attr("mineral.name")``; None along the way gives None."""

    def read(obj):
        for part in path.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                return None
        return obj

    return read


class RegisterListView(FilterView):
    """A filtered, searchable, sortable, paged register list with totals and Excel export.

    An invalid filter (or one the FilterSet does not have) shows its error and no rows,
    never a silently unfiltered list (``strict``, django-filter's default).
    """

    model = None
    filterset_class = None
    template_name = "registers/list.html"
    title = ""
    nav = ""
    url_name = ""
    export_url_name = ""
    export_filename = "register"
    columns = ()
    default_ordering = ("seq",)
    paginate_by = 50
    # Query parameters of the page itself, beside the FilterSet's.
    page_parameters = frozenset({"plan", "search", "ordering", "page"})
    # Filters shown in the form (the FilterSet may have more for the API).
    form_filters = ()
    has_area = True
    # A choice field whose kinds of rows may overlap on the ground (a mining block inside a
    # key mining area): their areas are then given per kind, never added up.
    area_by = None
    export = False

    @cached_property
    def plan(self):
        return selected_plan(self.request)

    def base_queryset(self, plan):
        return self.model.objects.filter(plan=plan).select_related("mineral")

    def sort_keys(self):
        return {column.sort for column in self.columns if column.sort}

    def requested_ordering(self):
        """``?ordering=`` when it names a sortable column, else ``""``."""
        requested = self.request.GET.get("ordering", "")
        return requested if requested.lstrip("-") in self.sort_keys() else ""

    def get_ordering(self):
        requested = self.requested_ordering()
        return (requested, "seq") if requested else self.default_ordering

    def get_queryset(self):
        """The plan's rows, searched as the API searches them, in the asked order."""
        queryset = self.base_queryset(self.plan)
        queryset = FilterSetSearchFilter().filter_queryset(Request(self.request), queryset, self)
        return queryset.order_by(*self.get_ordering())

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        for name in self.form_filters:
            field = filterset.form.fields[name]
            if getattr(field, "empty_label", None) is not None:
                # django-filter's "---------" reads better on a page as "All"; setting the
                # choices again rebinds django-filter's choice iterator to this form's field.
                field.empty_label = _("All")
                field.choices = field.widget.choices.choices
        unknown = sorted(set(self.request.GET) - set(filterset.filters) - self.page_parameters)
        if unknown:
            # A misspelt filter must not look like a filtered list.
            filterset.form.full_clean()
            filterset.form.add_error(
                None,
                _("Unknown filter: %(names)s. The list cannot be filtered by it.")
                % {"names": ", ".join(unknown)},
            )
        return filterset

    def get_paginate_by(self, queryset):
        return None if self.export else self.paginate_by

    def paginate_queryset(self, queryset, page_size):
        # Past the last page (or not a number) shows the last (or first) page, not a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def totals(self, queryset):
        """``count`` and ``area`` of the filtered rows; with ``area_by``, also ``by``: the
        count and area of each kind, and ``area`` only when the rows are of one kind.

        One query either way."""
        aggregates = {"count": Count("pk")}
        if self.has_area:
            aggregates["area"] = Sum("area_km2")
        if not (self.has_area and self.area_by):
            return queryset.order_by().aggregate(**aggregates)
        choices = self.model._meta.get_field(self.area_by).flatchoices
        labels = dict(choices)
        position = {code: index for index, (code, _label) in enumerate(choices)}
        rows = queryset.order_by().values(self.area_by).annotate(**aggregates)
        # In the order of the choices, as the overview lists the kinds.
        by = [
            {
                "code": row[self.area_by],
                "label": labels.get(row[self.area_by], row[self.area_by]),
                "count": row["count"],
                "area": row["area"],
            }
            for row in sorted(rows, key=lambda row: position.get(row[self.area_by], len(position)))
        ]
        return {
            "count": sum(row["count"] for row in by),
            "area": by[0]["area"] if len(by) == 1 else None,
            "by": by if len(by) > 1 else [],
        }

    def mineral_options(self, plan):
        """The minerals this register uses in the plan, for the mineral filter's list."""
        used = self.model.objects.filter(plan=plan).values("mineral_id")
        mineral_model = self.model._meta.get_field("mineral").related_model
        return mineral_model.objects.filter(pk__in=used).values_list("name", flat=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.export:
            return context
        request = self.request
        query = request.GET.copy()
        query.pop("page", None)
        filterset = context["filter"]
        return {
            **context,
            **plan_portal(request),
            "title": self.title,
            "nav": self.nav,
            "filterset": filterset,
            "form_fields": [filterset.form[name] for name in self.form_filters],
            "mineral_options": self.mineral_options(self.plan),
            "columns": self.columns,
            "rows": [
                [(column, column.value(obj)) for column in self.columns]
                for obj in context["page_obj"]
            ],
            "ordering": self.requested_ordering(),
            "totals": self.totals(self.object_list),
            "has_area": self.has_area,
            "search": request.GET.get("search", ""),
            "export_url": f"{self.export_url()}?{request.GET.urlencode()}",
            "list_url": self.list_url(),
            "page_query": query.urlencode(),
            **self.get_extra_context(),
        }

    def render_to_response(self, context, **response_kwargs):
        if self.export:
            return self.export_response(self.plan, self.object_list)
        return super().render_to_response(context, **response_kwargs)

    def list_url(self):
        return reverse(self.url_name)

    def export_url(self):
        return reverse(self.export_url_name)

    def get_extra_context(self):
        """What a subclass adds to the page's context."""
        return {}

    def export_response(self, plan, queryset):
        headers = [column.label for column in self.columns]
        rows = ([column.value(obj) for column in self.columns] for obj in queryset.iterator())
        sheet = Sheet(title=str(self.title), headers=headers, rows=rows)
        return xlsx_response(f"{self.export_filename}-{plan.code}.xlsx", [sheet])
