"""The list machinery every register page shares.

A register page is django-filter's ``FilterView`` over the FilterSet the API uses (from the
app's filters.py), searched over that FilterSet's ``search_fields`` with the API's own
search filter, an allow-list of sort keys, paging, the count and area of the filtered set,
and an Excel export of exactly the filtered rows. ``RegisterListView`` holds all of it;
each app's views.py subclasses it with its model and columns.

A record's own page is ``RecordDetailView``: every field with its verbose name, unit and
help, the plan's clause that prints the record, its change history for staff and a link to
its admin form for those who may change it, and the panels apps above the record's own add
to it (``register_record_panel``: the review shows a right's block and findings). Each
app's urls.py routes it with its model; no app writes a detail view of its own.
"""

from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db.models import Count, ForeignKey, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView
from rest_framework.request import Request

from planportal.api.filters import FilterSetSearchFilter
from planportal.api.pagination import DeferredJoinPaginator
from planportal.cache import cached_for_rows
from planportal.concurrency import BOOKKEEPING_FIELDS
from planportal.context_processors import plan_portal, selected_plan, use_plan
from planportal.excel import Sheet, xlsx_stream_response
from planportal.loader import FIXTURES_DIR, read_fixture


@dataclass(frozen=True)
class Column:
    """A column of a register: heading, how to read the value, and how to sort by it."""

    label: Any
    value: Any
    sort: str = ""
    numeric: bool = False
    # The cell links to the row's own page (``get_absolute_url``), or with a dotted path
    # (``"mineral"``) to the page of that related record.
    link: bool | str = False

    def url(self, obj):
        """The address the cell links to, or ""."""
        if not self.link:
            return ""
        target = obj if self.link is True else attr(self.link)(obj)
        return target.get_absolute_url() if target is not None else ""


def display(field):
    """Read a choice field's label: ``display("stage")`` → ``obj.get_stage_display()``."""

    def read(obj):
        return getattr(obj, f"get_{field}_display")()

    # What the export reads instead, from ``values_list`` (``export_rows``).
    read.lookup, read.choice = field, True
    return read


def attr(path):
    """Read a dotted attribute: ``attr("mineral.name")``; None along the way gives None."""

    def read(obj):
        for part in path.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                return None
        return obj

    read.lookup, read.choice = path.replace(".", "__"), False
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
    # Deep pages by their rows' ids, the count cached per data generation (as in the API).
    paginator_class = DeferredJoinPaginator
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

        One query either way, cached per data generation for these rows."""
        return cached_for_rows("totals", queryset, lambda: self._totals(queryset))

    def _totals(self, queryset):
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
        """The minerals this register uses in the plan, for the mineral filter's list (None
        for a register without a mineral filter)."""
        if "mineral" not in self.filterset_class.base_filters:
            return None
        used = self.model.objects.filter(plan=plan).values("mineral_id")
        mineral_model = self.model._meta.get_field("mineral").related_model
        names = mineral_model.objects.filter(pk__in=used).values_list("name", flat=True)
        # A scan of the plan's rows: cached per data generation, as the totals are.
        return cached_for_rows("mineral-options", names, lambda: list(names))

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
                [(column, column.value(obj), column.url(obj)) for column in self.columns]
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

    # Rows read from the database at a time while the export streams.
    export_chunk_size = 2000

    def export_response(self, plan, queryset):
        """The filtered rows as a streamed workbook (``planportal.excel.stream_workbook``):
        the first bytes leave before the query runs, memory stays flat at any length."""
        headers = [column.label for column in self.columns]
        sheet = Sheet(title=str(self.title), headers=headers, rows=self.export_rows(queryset))
        return xlsx_stream_response(f"{self.export_filename}-{plan.code}.xlsx", [sheet])

    def export_rows(self, queryset):
        """The export's cells, row by row, read ``export_chunk_size`` rows at a time.

        Values-based when every column reads a field (``attr``/``display``): one tuple per
        row from ``values_list`` and each choice's label translated once, not a model
        instance and a lazy label per row (4× faster at 100,000 rows). A column of any other
        kind reads model instances, as the page does."""
        lookups = [getattr(column.value, "lookup", None) for column in self.columns]
        try:
            if None in lookups or any(
                self.model._meta.get_field(lookup.split("__")[0]).many_to_many
                or _ends_in_relation(self.model, lookup)
                for lookup in lookups
            ):
                raise FieldDoesNotExist
            values = queryset.values_list(*lookups)
        except (FieldDoesNotExist, FieldError, AttributeError):
            for obj in queryset.iterator(chunk_size=self.export_chunk_size):
                yield [column.value(obj) for column in self.columns]
            return
        labels = [
            {code: str(label) for code, label in self.model._meta.get_field(lookup).flatchoices}
            if column.value.choice
            else None
            for column, lookup in zip(self.columns, lookups, strict=True)
        ]
        for row in values.iterator(chunk_size=self.export_chunk_size):
            yield [
                value if choices is None else choices.get(value, value)
                for value, choices in zip(row, labels, strict=True)
            ]


def _ends_in_relation(model, lookup):
    """Whether ``lookup`` (``mineral__name``) ends on a related record rather than a value."""
    *path, last = lookup.split("__")
    for name in path:
        model = model._meta.get_field(name).related_model
    return model._meta.get_field(last).is_relation


@cache
def fixture_tables():
    """(model, defaults, table) of every fixture file: which table of the plan each
    model's rows are transcribed from (read once per process)."""
    return [
        (data["model"], data.get("defaults", {}), data.get("table", ""))
        for data in map(read_fixture, sorted(FIXTURES_DIR.glob("*.json")))
    ]


def record_table(obj):
    """The plan's table ``obj`` is a row of: its own ``plan_table`` where the row says, else
    as its fixture names it ("专栏2 新源县矿床一览表"), else ""."""
    if table := getattr(obj, "plan_table", ""):
        return table
    for model, defaults, table in fixture_tables():
        if model is not type(obj) or defaults.get("plan") != obj.plan.code:
            continue
        # A choice (a zone's kind) tells one table of a model from another; other defaults
        # (the date a register describes) are data staff may correct.
        same = all(
            getattr(obj, name) == value
            for name, value in defaults.items()
            if name != "plan" and model._meta.get_field(name).choices
        )
        if same:
            return table
    return ""


@dataclass(frozen=True)
class RecordField:
    """One line of a record's page: the field's name, its value as shown, its unit."""

    label: Any
    value: Any
    unit: Any = ""
    help: Any = ""
    numeric: bool = False
    url: str = ""


@dataclass(frozen=True)
class HistoryEntry:
    """One save of a record: when, by whom, what kind, why, and the fields it changed."""

    date: Any
    user: Any
    kind: str
    reason: str
    fields: list


@dataclass(frozen=True)
class RecordPanel:
    """A section an app above the record's own adds to its page (the review's findings).

    ``template`` renders it with ``panel`` in its context; ``data`` is whatever that
    template reads.
    """

    title: Any
    template: str
    data: Any = None


# model → functions ``panel(request, obj)`` giving a ``RecordPanel`` or None.
_RECORD_PANELS = {}


def register_record_panel(model, panel):
    """Show ``panel(request, obj)`` on the page of every record of ``model``.

    Apps above the record's own app call it in their ``AppConfig.ready``: the base and the
    registers stay unaware of them (rights and zones may not import the review). A panel
    reads a constant number of queries.
    """
    panels = _RECORD_PANELS.setdefault(model, [])
    if panel not in panels:
        panels.append(panel)


def record_panels(request, obj):
    """The panels registered for ``obj``'s model, in the order they were registered."""
    panels = (panel(request, obj) for panel in _RECORD_PANELS.get(type(obj), ()))
    return [panel for panel in panels if panel is not None]


class RecordDetailView(DetailView):
    """The page of one register record: ``RecordDetailView.as_view(model=Deposit, nav=…,
    list_url_name=…)`` in the app's urls.py.

    ``units`` maps a figure's field to the field holding its unit (``{"capacity":
    "capacity_unit"}``); ``reference`` gives the plan's clause of a record (its fixture's
    table by default). A constant number of queries: the record with its foreign keys, the
    plan's sections, the history (staff only) and the user's permissions.
    """

    template_name = "registers/detail.html"
    nav = ""
    list_url_name = ""
    units = {}
    reference = staticmethod(record_table)
    history_size = 20

    def get_queryset(self):
        relations = [
            field.name
            for field in self.model._meta.concrete_fields
            if isinstance(field, ForeignKey)
        ]
        return self.model._default_manager.select_related(*relations)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        use_plan(self.request, obj.plan)
        return obj

    def fields(self, obj):
        """Every field a person entered or the plan prints, in the model's order."""
        unit_fields = set(self.units.values())
        lines = []
        for field in obj._meta.concrete_fields:
            if field.name in BOOKKEEPING_FIELDS or field.name == "plan":
                continue
            if field.name in unit_fields or not field.editable:
                continue
            value = getattr(obj, field.name)
            url = ""
            if field.choices:
                value = getattr(obj, f"get_{field.name}_display")()
            elif isinstance(field, ForeignKey) and value is not None:
                get_url = getattr(value, "get_absolute_url", None)
                url = get_url() if get_url else ""
            unit = ""
            if field.name in self.units:
                unit = getattr(obj, f"get_{self.units[field.name]}_display")()
            lines.append(
                RecordField(
                    label=field.verbose_name,
                    value=value,
                    unit=unit,
                    help=field.help_text,
                    numeric=field.get_internal_type() in {"DecimalField", "FloatField"},
                    url=url,
                )
            )
        return lines

    def history(self, obj):
        """The latest saves of the record, newest first, each with the fields it changed."""
        records = list(
            obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
                : self.history_size + 1
            ]
        )
        meta = obj._meta
        entries = []
        # A record written in bulk (an import) may have no history at all.
        for record, previous in zip(records, [*records[1:], None][: len(records)], strict=True):
            if len(entries) == self.history_size:
                break
            names = []
            if previous is not None:
                names = [
                    str(meta.get_field(change.field).verbose_name)
                    for change in record.diff_against(previous).changes
                    if change.field not in BOOKKEEPING_FIELDS
                ]
            entries.append(
                HistoryEntry(
                    date=record.history_date,
                    user=record.history_user,
                    kind=record.get_history_type_display(),
                    reason=record.history_change_reason or "",
                    fields=names,
                )
            )
        return entries

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        user = self.request.user
        meta = obj._meta
        admin_url = ""
        if user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
            admin_url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        return {
            **context,
            **plan_portal(self.request),
            "title": str(obj),
            "nav": self.nav,
            "verbose_name": meta.verbose_name,
            "record_fields": self.fields(obj),
            "reference": self.reference(obj),
            "list_url": reverse(self.list_url_name) if self.list_url_name else "",
            "admin_url": admin_url,
            "history": self.history(obj) if user.is_staff else None,
            "panels": record_panels(self.request, obj),
        }
