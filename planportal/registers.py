"""The list machinery every register page shares.

A register page is a FilterSet (the same one the API uses, from the app's filters.py), a
free-text search, an allow-list of sort keys, paging, the count and area of the filtered
set, and an Excel export of exactly the filtered rows. ``RegisterListView`` holds all of
it; each app's views.py subclasses it with its model and columns.
"""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

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


class RegisterListView(View):
    """A filtered, searchable, sortable, paged register list with totals and Excel export."""

    model = None
    filterset_class = None
    template_name = "registers/list.html"
    title = ""
    nav = ""
    url_name = ""
    export_url_name = ""
    export_filename = "register"
    columns = ()
    search_fields = ("name", "mineral_as_printed", "mineral__name")
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

    def base_queryset(self, plan):
        return self.model.objects.filter(plan=plan).select_related("mineral")

    def sort_keys(self):
        return {column.sort for column in self.columns if column.sort}

    def ordering(self, request):
        requested = request.GET.get("ordering", "")
        if requested.lstrip("-") in self.sort_keys():
            return requested, (requested, "seq")
        return "", self.default_ordering

    def search(self, queryset, text):
        if not text:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": text})
        return queryset.filter(condition)

    def filtered(self, request, plan):
        """The FilterSet bound to the query string and the rows it lets through, sorted."""
        filterset = self.filterset_class(request.GET, queryset=self.base_queryset(plan))
        for name in self.form_filters:
            field = filterset.form.fields[name]
            if getattr(field, "empty_label", None) is not None:
                # django-filter's "---------" reads better on a page as "All"; setting the
                # choices again rebinds django-filter's choice iterator to this form's field.
                field.empty_label = _("All")
                field.choices = field.widget.choices.choices
        valid = filterset.is_valid()
        unknown = sorted(set(request.GET) - set(filterset.filters) - self.page_parameters)
        if unknown:
            # A misspelt filter must not look like a filtered list.
            filterset.form.add_error(
                None,
                _("Unknown filter: %(names)s. The list cannot be filtered by it.")
                % {"names": ", ".join(unknown)},
            )
            valid = False
        if valid:
            queryset = self.search(filterset.qs, request.GET.get("search", "").strip())
        else:
            # An invalid filter shows its error and no rows, never a silently unfiltered list.
            queryset = filterset.queryset.none()
        current, order_by = self.ordering(request)
        return filterset, queryset.order_by(*order_by), current

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

    def get(self, request):
        plan = selected_plan(request)
        filterset, queryset, current = self.filtered(request, plan)
        if self.export:
            return self.export_response(plan, queryset)
        page = Paginator(queryset, self.paginate_by).get_page(request.GET.get("page"))
        rows = [[(column, column.value(obj)) for column in self.columns] for obj in page]
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            **plan_portal(request),
            "title": self.title,
            "nav": self.nav,
            "filterset": filterset,
            "form_fields": [filterset.form[name] for name in self.form_filters],
            "mineral_options": self.mineral_options(plan),
            "columns": self.columns,
            "rows": rows,
            "page_obj": page,
            "ordering": current,
            "totals": self.totals(queryset),
            "has_area": self.has_area,
            "search": request.GET.get("search", ""),
            "export_url": f"{self.export_url()}?{request.GET.urlencode()}",
            "list_url": self.list_url(),
            "page_query": query.urlencode(),
            **self.extra_context(),
        }
        return render(request, self.template_name, context)

    def list_url(self):
        return reverse(self.url_name)

    def export_url(self):
        return reverse(self.export_url_name)

    def extra_context(self):
        return {}

    def export_response(self, plan, queryset):
        headers = [column.label for column in self.columns]
        rows = ([column.value(obj) for column in self.columns] for obj in queryset.iterator())
        sheet = Sheet(title=str(self.title), headers=headers, rows=rows)
        return xlsx_response(f"{self.export_filename}-{plan.code}.xlsx", [sheet])
