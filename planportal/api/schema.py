"""The OpenAPI document: the errors and headers of every operation, and names for clients.

``PlanAutoSchema`` (the ``DEFAULT_SCHEMA_CLASS``) documents the JSON errors and the
ETag / If-Match headers of every operation. A client generator turns titles into class
names and enum values into member names, and reads ``security`` to know when to send
credentials: ``postprocess_for_clients`` (a drf-spectacular postprocessing hook, see
SPECTACULAR_SETTINGS) keeps the Chinese in the descriptions and gives the generator names
that read well in code.
"""

import inspect
import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_doc, get_override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.permissions import AllowAny

from planportal.api.renderers import XLSXRenderer
from planportal.api.serializers import ErrorSerializer
from planportal.concurrency import IF_MATCH_PARAMETER, VersionedViewSetMixin

READ_METHODS = ("get", "head")


def _choices_classes():
    """Every ``TextChoices`` / ``IntegerChoices`` class the project has defined."""
    found, pending = [], [models.Choices]
    while pending:
        cls = pending.pop()
        for subclass in cls.__subclasses__():
            pending.append(subclass)
            if subclass.__members__:
                found.append(subclass)
    return found


def _member_names(values, classes):
    """Names for ``values``: the members of the smallest choices class holding them all
    (``10k_t`` → ``TEN_K_TONNE``), else names made from the values."""
    wanted = set(values)
    holders = [
        {member.value: name for name, member in cls.__members__.items()}
        for cls in classes
        if wanted <= {member.value for member in cls}
    ]
    if holders:
        names = min(holders, key=len)
        return [names[value] for value in values]
    return [_name_from_value(value) for value in values]


def _name_from_value(value):
    name = re.sub(r"\W+", "_", str(value)).strip("_").upper() or "BLANK"
    return f"VALUE_{name}" if name[0].isdigit() else name


def _walk(node, visit):
    if isinstance(node, dict):
        visit(node)
        for value in node.values():
            _walk(value, visit)
    elif isinstance(node, list):
        for value in node:
            _walk(value, visit)


def postprocess_for_clients(result, generator, request, public, **kwargs):
    """English (or no) titles, ``x-enum-varnames`` on every enum, and no credentials
    needed for reads while ``PLAN_PORTAL_PUBLIC_READ`` is on."""
    classes = _choices_classes()

    def visit(node):
        title = node.get("title")
        if isinstance(title, str) and not title.isascii():
            # A filter's Chinese label: the description already says it.
            del node["title"]
        enum = node.get("enum")
        if isinstance(enum, list) and all(isinstance(value, str) for value in enum):
            node["x-enum-varnames"] = _member_names(enum, classes)

    _walk(result.get("components", {}).get("schemas", {}), visit)
    _walk(result.get("paths", {}), visit)

    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            security = operation.get("security")
            if security == [{}]:
                # No credentials at all (the token endpoint): a generator takes an empty
                # list, not a list of one empty requirement, to mean "send none".
                operation["security"] = []
            elif (
                settings.PLAN_PORTAL_PUBLIC_READ
                and method in READ_METHODS
                and security
                and {} not in security
            ):
                operation["security"] = [*security, {}]
    return result


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

    def _offers_xlsx(self):
        return (
            self.method == "GET"
            and self._is_list_view()
            and any(isinstance(renderer, XLSXRenderer) for renderer in self.view.get_renderers())
        )

    def map_renderers(self, attribute):
        # The workbook is described on its own below, as a file rather than the JSON body.
        formats = super().map_renderers(attribute)
        return [value for value in formats if value not in (XLSXRenderer.media_type, "xlsx")]

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
        # ?format=xlsx (or Accept: its media type) on a list: the rows as a workbook. Not a
        # documented query parameter: ``format`` is every resource's DRF override.
        if self._offers_xlsx() and "200" in responses:
            responses["200"]["content"][XLSXRenderer.media_type] = {
                "schema": {"type": "string", "format": "binary"}
            }
        for code in self._error_codes():
            responses.setdefault(
                code, self._get_response_for_code(ErrorSerializer, code, direction=direction)
            )
        return responses
