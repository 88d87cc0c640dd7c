"""The OpenAPI document as a client generator reads it.

A generator turns titles into class names and enum values into member names, and reads
``security`` to know when to send credentials. ``postprocess_for_clients`` (a
drf-spectacular postprocessing hook, see SPECTACULAR_SETTINGS) keeps the Chinese in the
descriptions and gives the generator names that read well in code.
"""

import re

from django.conf import settings
from django.db import models

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
