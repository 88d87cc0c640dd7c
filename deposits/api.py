"""API for minerals, deposits and resource reserves, and the pieces every resource shares.

The shared pieces live here because every register below refers to a mineral and to a plan:
``MineralField`` (a mineral read as ``{"id", "name"}``, written by name, alias or id),
``PlanRecordSerializer`` (plan as its code, the model's own validation on every write, each
constraint's error under the fields it concerns), ``DescribedFieldsMixin`` (a description
for every field of the schema) and ``PlanDataViewSet`` / ``PlanRegisterViewSet`` (unknown
query parameters and orderings refused, the one ``get_queryset``).
"""

import copy
import inspect

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import router
from django.db.models import CheckConstraint, F, Prefetch, Q, UniqueConstraint
from django.db.models.constants import LOOKUP_SEP
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_doc, get_override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import filters, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.settings import api_settings

from deposits.filters import DepositFilterSet, MineralFilterSet, ResourceReserveFilterSet
from deposits.models import Deposit, Mineral, MineralRegulation, ResourceReserve
from planportal.concurrency import (
    IF_MATCH_PARAMETER,
    VersionedSerializerMixin,
    VersionedViewSetMixin,
)
from planportal.models import Plan

# ---------------------------------------------------------------------------------------
# Shared pieces


class MineralField(serializers.Field):
    """A mineral: read as ``{"id", "name"}``; written as a canonical name, an alias
    (铁 for 铁矿), an id, or ``{"id": …}`` / ``{"name": …}``."""

    default_error_messages = {
        "unknown": _(
            "Unknown mineral “{value}”: use a canonical name or an alias listed at "
            "/api/v1/minerals/, or its id."
        ),
        "unknown_id": _("No mineral has id {value}: see /api/v1/minerals/."),
        "invalid": _("Give the mineral as its name, its id, or an object with “id” or “name”."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("The mineral, as its id and canonical name; written by name, alias or id."),
        )
        super().__init__(**kwargs)

    def to_representation(self, value):
        return {"id": value.pk, "name": value.name}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get("id", data.get("name"))
        if isinstance(data, bool) or data is None:
            self.fail("invalid")
        if isinstance(data, int) or (isinstance(data, str) and data.strip().isdigit()):
            try:
                return Mineral.objects.get(pk=int(data))
            except Mineral.DoesNotExist:
                self.fail("unknown_id", value=data)
        if not isinstance(data, str) or not data.strip():
            self.fail("invalid")
        try:
            return Mineral.objects.resolve(data.strip())
        except (Mineral.DoesNotExist, Mineral.MultipleObjectsReturned):
            self.fail("unknown", value=data)


class MineralFieldExtension(OpenApiSerializerFieldExtension):
    """OpenAPI for ``MineralField``: an object in responses, name / id / object in requests."""

    target_class = MineralField

    def map_serializer_field(self, auto_schema, direction):
        reference = {
            "type": "object",
            "properties": {
                "id": {"type": "integer", "description": str(_("Id of the mineral."))},
                "name": {"type": "string", "description": str(_("Canonical name."))},
            },
        }
        if direction == "response":
            return {**reference, "required": ["id", "name"]}
        return {
            "oneOf": [
                {"type": "string", "description": str(_("Canonical name or alias."))},
                {"type": "integer", "description": str(_("Id of the mineral."))},
                reference,
            ],
            "description": str(
                _("Mineral by canonical name or alias (铁矿, 铁), by id, or as {“id”: …}.")
            ),
        }


def mineral_id_field(**kwargs):
    """Writing ``mineral_id`` instead of ``mineral``: the id of the mineral."""
    return serializers.PrimaryKeyRelatedField(
        source="mineral",
        queryset=Mineral.objects.all(),
        write_only=True,
        required=False,
        help_text=_("Id of the mineral; an alternative to giving “mineral”."),
        **kwargs,
    )


def plan_field():
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=Plan.objects.all(),
        help_text=_("Code of the plan the row belongs to, e.g. xinyuan-2021-2025."),
    )


def display_field(field_name):
    """The Chinese label of a choice field, beside its code (``stage`` / ``stage_display``)."""
    return serializers.CharField(source=f"get_{field_name}_display", read_only=True)


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabelField(serializers.Field):
    """The label of a choice computed in the database (an annotation has no get_*_display)."""

    def __init__(self, choices, **kwargs):
        self.labels = dict(choices)
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return str(self.labels.get(value, value))


# What a field of the API means, for the OpenAPI schema, by field name; a serializer's own
# help_text (or its model field's) comes first. A ``*_display`` field is described from
# the field it labels.
FIELD_DESCRIPTIONS = {
    "id": _("Id of the row: its address is /api/v1/<resource>/<id>/."),
    "seq": _("Serial number (序号) of the row in the plan's table."),
    "name": _("Name, exactly as the plan prints it."),
    "mineral_as_printed": _("The mineral exactly as the plan's table writes it."),
    "area_km2": _("Area in square kilometres (km²)."),
    "unit": _("Unit of measurement of the figures of the row."),
    "basis": _("Whether the figures count ore or the metal in it (矿石量 / 金属量)."),
    "unit_as_printed": _("The unit exactly as the plan prints it."),
    "note": _("Remark (备注) as the plan prints it."),
    "clause": _("Section of the plan the row comes from, e.g. 三(一)."),
    "as_printed": _("The words of the plan this row is taken from."),
    "holder": _("Holder of the right (矿业权人)."),
    "holder_credit_code": _(
        "Unified social credit code (统一社会信用代码) of the holder, 18 characters."
    ),
    "valid_from": _("First day the right is valid (有效期起)."),
    "valid_to": _("Last day the right is valid (有效期止)."),
    "as_of": _("Date the register row describes."),
    "permit_no": _("Permit number (许可证号)."),
    "stage": _("Exploration stage (勘查阶段)."),
    "work_degree": _("Work degree (工作程度) of the deposit: how far it has been explored."),
    "scale": _("Scale (规模): large, medium, small."),
    "status": _("Production status of the mine."),
    "mining_method": _("Mining method: open-pit, underground or both."),
    "capacity": _("Production capacity (生产规模) per year, in the capacity unit."),
    "capacity_unit": _("Unit of the production capacity, per year."),
    "capacity_as_printed": _("The production capacity exactly as the plan prints it."),
    "issuing_authority": _("Authority that issued the right (发证机关)."),
    "admin_region": _("Township or county the row lies in (所在行政区)."),
    "kind": _("Kind of planning area or block (分区类型)."),
    "deposit_count": _("Number of deposits (矿区数) the figures cover."),
    "statistic_as_printed": _("What is counted, and in what unit, exactly as the table prints it."),
    "development_direction": _("Development direction (发展方向) of the region."),
    "exploration_direction": _("Exploration direction (勘查方向) of the region."),
    "exploitation_direction": _("Exploitation direction (开发方向) of the region."),
    "category": _("Category of the mineral: energy, metal, non-metal or water and gas."),
    "direction": _("Regulation direction (调控方向) the plan gives the mineral."),
    "variant": _("Which of a mineral's rows of 专栏18, where it has several."),
    "large_min": _("Smallest capacity of a large mine, in the unit of the row."),
    "medium_min": _("Smallest capacity of a medium mine, in the unit of the row."),
    "small_min": _("Smallest capacity of a small mine, in the unit of the row."),
    "large_as_printed": _("Threshold of a large mine exactly as printed."),
    "medium_as_printed": _("Threshold of a medium mine exactly as printed."),
    "small_as_printed": _("Threshold of a small mine exactly as printed."),
    "min_service_years": _("Shortest service life (最低服务年限) of a mine, in years."),
    "target_year": _("Year the target is for."),
    "target_kind": _("How the target reads: a value, at least, at most, or a range."),
    "target_low": _("Lower end of a range target."),
    "target_high": _("Upper end of a range target."),
    "target_as_printed": _("The target exactly as the plan prints it."),
    "attribute": _("Expected (预期性) or binding (约束性) indicator."),
    "indicator": _("Id of the indicator the figure is for (see /api/v1/indicators/)."),
    "indicator_name": _("Name of the indicator the figure is for."),
    "year": _("Year the figure is for."),
    "value": _("The figure, in its unit."),
    "value_as_printed": _("The figure exactly as it was printed or reported."),
    "source": _("Where the figure comes from: the plan, a statistics report, a register…"),
    "group_title": _("Title of the plan's table (专栏) the row is listed in."),
    "description": _("What the project builds (建设内容)."),
    "implementer": _("Who carries out the project (实施单位)."),
    "status_as_printed": _("The project's status exactly as printed."),
    "schedule_start": _("First year of the project's schedule."),
    "schedule_end": _("Last year of the project's schedule."),
    "schedule_as_printed": _("The schedule exactly as the plan prints it."),
    "count": _("Number of rows."),
    "region_name": _("Region the plan covers."),
    "period_start": _("First year of the planning period."),
    "period_end": _("Last year of the planning period."),
    "base_year": _("Base year (基准年) of the plan's figures."),
    "outlook_year": _("Year the plan looks ahead to (展望年)."),
    "issuer": _("Authority that issued the plan."),
    "published_as_printed": _("The publication date exactly as printed."),
}


class DescribedFieldsMixin:
    """Every field of the serializer carries a description for the OpenAPI schema.

    Fields with no help_text of their own (nor from their model field) take it from
    ``FIELD_DESCRIPTIONS``; ``<field>_display`` is described as the Chinese label of
    ``<field>``. tests/api/test_schema.py fails on any field left without one.
    """

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            if field.help_text:
                continue
            if name in FIELD_DESCRIPTIONS:
                field.help_text = FIELD_DESCRIPTIONS[name]
            elif name.endswith("_display"):
                code = name.removesuffix("_display")
                labelled = fields.get(code)
                label = (labelled.label if labelled is not None else None) or code
                field.help_text = format_lazy(
                    _("Chinese label of {label} (the code is in “{field}”)."),
                    label=label,
                    field=code,
                )
        return fields


class DescribedSerializer(DescribedFieldsMixin, serializers.Serializer):
    """A plain serializer whose fields are all described."""


def _condition_fields(condition):
    """The names of the columns a CheckConstraint's condition reads, in order of mention."""
    names = []

    def visit(node):
        if isinstance(node, Q):
            for child in node.children:
                visit(child)
        elif isinstance(node, tuple):
            lookup, value = node
            names.append(lookup.split(LOOKUP_SEP)[0])
            visit(value)
        elif isinstance(node, F):
            names.append(node.name.split(LOOKUP_SEP)[0])

    visit(condition)
    return list(dict.fromkeys(names))


def _unique_message(instance, constraint, fields):
    """Name the row's values that another row already has: “序号 1”, “分区类型 开采区块, 序号 1”."""
    meta = instance._meta

    def shown(name):
        field = meta.get_field(name)
        if field.choices:
            return getattr(instance, f"get_{name}_display")()
        return getattr(instance, field.attname)

    params = {
        "model": meta.verbose_name,
        "values": ", ".join(
            f"{meta.get_field(name).verbose_name} {shown(name)}" for name in fields
        ),
    }
    scope = [name for name in constraint.fields if name not in fields]
    if scope:
        params["scope"] = ", ".join(str(meta.get_field(name).verbose_name) for name in scope)
        return gettext("Another %(model)s of this %(scope)s already has %(values)s.") % params
    return gettext("Another %(model)s already has %(values)s.") % params


def constraint_errors(instance, exclude=()):
    """The model's constraints that ``instance`` breaks, each message under its field names.

    Django files a constraint over several columns under ``non_field_errors``; the API
    names the fields instead: a unique constraint under its own columns (``seq``, ``kind``
    and ``seq``, ``year``; not the plan or indicator the row belongs to), a check under
    the columns its condition reads (``valid_from`` and ``valid_to``).
    """
    meta = instance._meta
    concrete = {field.name for field in meta.concrete_fields}
    using = router.db_for_write(type(instance), instance=instance)
    errors = {}
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                constraint.validate(model_class, instance, exclude=set(exclude), using=using)
            except DjangoValidationError as exc:
                messages = exc.messages
                if isinstance(constraint, UniqueConstraint) and constraint.fields:
                    fields = [
                        name for name in constraint.fields if not meta.get_field(name).is_relation
                    ] or [constraint.fields[-1]]
                    if constraint.violation_error_message == (
                        constraint.default_violation_error_message
                    ):
                        messages = [_unique_message(instance, constraint, fields)]
                elif isinstance(constraint, CheckConstraint):
                    fields = [
                        name for name in _condition_fields(constraint.condition) if name in concrete
                    ] or [NON_FIELD_ERRORS]
                else:
                    fields = [NON_FIELD_ERRORS]
                for name in fields:
                    errors.setdefault(name, []).extend(messages)
    return errors


class PlanRecordSerializer(
    VersionedSerializerMixin, DescribedFieldsMixin, serializers.ModelSerializer
):
    """Base for the registers: every write goes through the model's own validation.

    ``full_clean`` runs the field validators and ``clean()`` (e.g. a figure's unit against
    its target's unit); then every database constraint is checked with its error filed
    under the fields it concerns (``constraint_errors``), so the API refuses exactly what
    the admin refuses, with the field named. An update writes only the fields sent, and
    only while the record has the version ``If-Match`` names (``VersionedSerializerMixin``);
    every record shows its ``version``.
    """

    version = serializers.IntegerField(
        read_only=True,
        help_text=_(
            "Version of the record, raised by every save; its ETag. Send it back as "
            'If-Match: "<version>" to write only if nobody changed the record since.'
        ),
    )

    def get_field_names(self, declared_fields, info):
        names = super().get_field_names(declared_fields, info)
        return [*names, "version"] if "version" not in names else names

    def get_unique_together_validators(self):
        # DRF's own check files a duplicate (plan, seq) under non_field_errors;
        # constraint_errors() names the field.
        return []

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        mineral = model._meta.get_field("mineral") if "mineral" in self.fields else None
        if (
            self.instance is None
            and mineral is not None
            and not mineral.null
            and "mineral" not in attrs
        ):
            raise ValidationError(
                {"mineral": [_("This field is required: give “mineral” (name) or “mineral_id”.")]}
            )
        instance = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            setattr(instance, name, value)
        errors = {}
        try:
            instance.full_clean(validate_constraints=False)
        except DjangoValidationError as exc:
            errors = exc.update_error_dict(errors)
        for name, messages in constraint_errors(instance, exclude=errors).items():
            errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(serializers.as_serializer_error(DjangoValidationError(errors)))
        return attrs


@extend_schema_serializer(many=False)
class ErrorSerializer(DescribedSerializer):
    """The body of every error: a sentence, and for invalid input the messages by field."""

    detail = serializers.CharField(help_text=_("What went wrong, in a sentence."))
    errors = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text=_("For invalid input: the messages by field or query parameter name."),
    )


def _own_doc(cls):
    """The docstring ``cls`` itself has, not one it inherits."""
    return inspect.cleandoc(cls.__dict__.get("__doc__") or "")


ETAG_HEADER = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200, 201],
    description=_('The record\'s version as an entity tag, e.g. "3": send it as If-Match.'),
)


class PlanAutoSchema(AutoSchema):
    """Documents the JSON errors every operation can answer with, beside its success,
    and the ETag / If-Match headers of the registers (``VersionedViewSetMixin``).

    The API's ``DEFAULT_SCHEMA_CLASS``, so the token endpoints and the summary document
    their errors too.
    """

    def _is_versioned(self):
        return isinstance(self.view, VersionedViewSetMixin)

    def get_description(self):
        # A view's own docstring, never one inherited from the shared base classes, whose
        # docstrings speak to the portal's developers.
        action = getattr(self.view, getattr(self.view, "action", None) or self.method.lower(), None)
        return get_doc(action) or _own_doc(type(self.view))

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        description = get_override(serializer, "description", _own_doc(type(serializer)))
        if description:
            schema["description"] = description
        else:
            schema.pop("description", None)
        return schema

    def _is_conditional_write(self):
        return self._is_versioned() and self.method in ("PUT", "PATCH", "DELETE")

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self._is_conditional_write():
            parameters.append(IF_MATCH_PARAMETER)
        if self._is_versioned() and self.method != "DELETE" and not self._is_list_view():
            parameters.append(ETAG_HEADER)
        return parameters

    def _error_codes(self):
        """The error statuses of this operation, each answered with an ``ErrorSerializer``."""
        view = self.view
        # 400: an invalid filter, page size, format or body.
        codes = ["400"]
        # 401 without credentials, 403 without the permission (or while reading is closed).
        if not all(issubclass(cls, AllowAny) for cls in view.permission_classes):
            codes += ["401", "403"]
        # 404: an unknown id, page or plan.
        if self.method == "GET" or "{" in self.path:
            codes.append("404")
        # 409: a row other records refer to cannot be deleted.
        if self.method == "DELETE" and self._is_versioned():
            codes.append("409")
        # 412: If-Match names an older version of the record.
        if self._is_conditional_write():
            codes.append("412")
        # 415: a body that is not JSON.
        if self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None:
            codes.append("415")
        # 429: too many attempts (the token endpoint).
        if view.throttle_classes:
            codes.append("429")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            responses.setdefault(
                code, self._get_response_for_code(ErrorSerializer, code, direction=direction)
            )
        return responses


class StrictOrderingFilter(filters.OrderingFilter):
    """``?ordering=`` over the listed columns only: an unknown column is a 400, not ignored.

    Rows that tie on the asked columns keep a stable order (by id), so paging through
    them neither repeats nor skips a row.
    """

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if not params:
            return self.get_default_ordering(view)
        fields = [param.strip() for param in params.split(",") if param.strip()]
        valid = self.remove_invalid_fields(queryset, fields, view, request)
        if len(valid) != len(fields):
            allowed = ", ".join(
                name for name, _label in self.get_valid_fields(queryset, view, {"request": request})
            )
            raise ValidationError(
                {
                    self.ordering_param: [
                        _("Cannot order by “%(value)s”. Allowed columns: %(allowed)s.")
                        % {"value": params, "allowed": allowed}
                    ]
                }
            )
        return valid

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if ordering:
            return queryset.order_by(*ordering, "pk")
        return queryset


def refuse_unknown_parameters(request, accepted):
    """A 400 for any query parameter not in ``accepted``, naming it and listing the rest.

    A mistyped filter (``?stag=exploration``) or one the resource does not have
    (``?status=`` on exploration rights) would otherwise give the whole, unfiltered list.
    """
    unknown = [name for name in request.query_params if name not in accepted]
    if unknown:
        listed = ", ".join(sorted(accepted))
        raise ValidationError(
            {
                name: [
                    _("Unknown query parameter “%(name)s”. Accepted here: %(accepted)s.")
                    % {"name": name, "accepted": listed}
                ]
                for name in unknown
            }
        )


class KnownParametersFilter(filters.BaseFilterBackend):
    """Runs first: refuses any query parameter that is not one of the resource's filters,
    its search, ordering or paging parameters, or ``format``."""

    def accepted(self, request, queryset, view):
        accepted = {api_settings.URL_FORMAT_OVERRIDE}
        for backend_class in view.filter_backends:
            backend = backend_class()
            if isinstance(backend, DjangoFilterBackend):
                filterset_class = backend.get_filterset_class(view, queryset)
                if filterset_class is not None:
                    accepted.update(filterset_class.base_filters)
            elif isinstance(backend, filters.SearchFilter) and backend.get_search_fields(
                view, request
            ):
                accepted.add(backend.search_param)
            elif isinstance(backend, filters.OrderingFilter) and getattr(
                view, "ordering_fields", None
            ):
                accepted.add(backend.ordering_param)
        paginator = getattr(view, "paginator", None)
        if paginator is not None:
            accepted.update(
                name
                for name in (
                    getattr(paginator, "page_query_param", None),
                    getattr(paginator, "page_size_query_param", None),
                )
                if name
            )
        accepted.discard(None)
        return accepted

    def filter_queryset(self, request, queryset, view):
        refuse_unknown_parameters(request, self.accepted(request, queryset, view))
        return queryset


FILTER_BACKENDS = [
    KnownParametersFilter,
    DjangoFilterBackend,
    filters.SearchFilter,
    StrictOrderingFilter,
]


class PlanDataViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only resource; subclasses add select_related etc. in ``get_queryset`` only."""

    filter_backends = FILTER_BACKENDS


class PlanRegisterViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    """A register: read by anyone allowed to read; written with the model permission.

    Every record read or written carries an ``ETag``; PUT, PATCH and DELETE honour an
    optional ``If-Match`` (412 on a stale version).
    """

    filter_backends = FILTER_BACKENDS


# ---------------------------------------------------------------------------------------
# Minerals


class MineralRegulationSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    direction_display = display_field("direction")

    class Meta:
        model = MineralRegulation
        fields = ["plan", "direction", "direction_display", "condition", "as_printed", "clause"]


class MineralSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    category_display = display_field("category")
    aliases = serializers.SlugRelatedField(
        slug_field="name",
        many=True,
        read_only=True,
        help_text=_("Other spellings of the mineral as the plan prints them."),
    )
    regulations = MineralRegulationSerializer(
        many=True, read_only=True, help_text=_("Regulation directions (三(一)) by plan.")
    )

    class Meta:
        model = Mineral
        fields = ["id", "name", "category", "category_display", "aliases", "regulations"]
        extra_kwargs = {"name": {"help_text": _("Canonical name of the mineral.")}}


@extend_schema_view(
    list=extend_schema(
        summary=_("List minerals"),
        description=_("The mineral catalogue: canonical names, aliases, regulation directions."),
    ),
    retrieve=extend_schema(summary=_("One mineral")),
)
class MineralViewSet(PlanDataViewSet):
    serializer_class = MineralSerializer
    filterset_class = MineralFilterSet
    search_fields = ["name", "aliases__name"]
    ordering_fields = ["name", "category"]

    def get_queryset(self):
        return Mineral.objects.prefetch_related(
            "aliases",
            # Each direction names its plan by code.
            Prefetch("regulations", queryset=MineralRegulation.objects.select_related("plan")),
        )


# ---------------------------------------------------------------------------------------
# Deposits and resource reserves


class DepositSerializer(PlanRecordSerializer):
    plan = plan_field()
    mineral = MineralField(required=False)
    mineral_id = mineral_id_field()
    work_degree_display = display_field("work_degree")
    scale_display = display_field("scale")

    class Meta:
        model = Deposit
        fields = [
            "id",
            "plan",
            "seq",
            "name",
            "mineral",
            "mineral_id",
            "mineral_as_printed",
            "work_degree",
            "work_degree_display",
            "scale",
            "scale_display",
        ]


@extend_schema_view(
    list=extend_schema(
        summary=_("List deposits"),
        description=_("Deposits of 专栏2 矿床一览表, filtered, searched, ordered and paged."),
    ),
    retrieve=extend_schema(summary=_("One deposit")),
    create=extend_schema(summary=_("Add a deposit")),
    update=extend_schema(summary=_("Replace a deposit")),
    partial_update=extend_schema(summary=_("Change a deposit")),
    destroy=extend_schema(summary=_("Delete a deposit")),
)
class DepositViewSet(PlanRegisterViewSet):
    serializer_class = DepositSerializer
    filterset_class = DepositFilterSet
    search_fields = ["name", "mineral__name", "mineral_as_printed"]
    ordering_fields = ["seq", "name", "mineral__name", "work_degree", "scale"]

    def get_queryset(self):
        return Deposit.objects.select_related("plan", "mineral")


class ResourceReserveSerializer(PlanRecordSerializer):
    plan = plan_field()
    mineral = MineralField(required=False)
    mineral_id = mineral_id_field()
    basis_display = display_field("basis")
    unit_display = display_field("unit")

    class Meta:
        model = ResourceReserve
        fields = [
            "id",
            "plan",
            "seq",
            "mineral",
            "mineral_id",
            "mineral_as_printed",
            "deposit_count",
            "statistic_as_printed",
            "basis",
            "basis_display",
            "unit",
            "unit_display",
            "retained_amount",
            "cumulative_amount",
        ]


@extend_schema_view(
    list=extend_schema(
        summary=_("List resource reserves"),
        description=_("Retained and cumulative identified resources (保有资源量) by mineral."),
    ),
    retrieve=extend_schema(summary=_("One resource reserve")),
    create=extend_schema(summary=_("Add a resource reserve")),
    update=extend_schema(summary=_("Replace a resource reserve")),
    partial_update=extend_schema(summary=_("Change a resource reserve")),
    destroy=extend_schema(summary=_("Delete a resource reserve")),
)
class ResourceReserveViewSet(PlanRegisterViewSet):
    serializer_class = ResourceReserveSerializer
    filterset_class = ResourceReserveFilterSet
    search_fields = ["mineral__name", "mineral_as_printed"]
    ordering_fields = ["seq", "mineral__name", "retained_amount", "cumulative_amount"]

    def get_queryset(self):
        return ResourceReserve.objects.select_related("plan", "mineral")
