"""Request parsers: DRF's JSON parser, refusing documents nested too deep."""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# No record of the portal nests deeper than a few levels; a hostile document nests thousands.
MAX_DEPTH = 32


def _depth(document):
    """How deeply lists and objects nest in a parsed document (walked without recursion)."""
    deepest, stack = 0, [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, depth)
            stack.extend((item, depth + 1) for item in value)
    return deepest


class JSONParser(parsers.JSONParser):
    """A 400 for JSON nested more than ``MAX_DEPTH`` levels, instead of a RecursionError 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            document = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(self.too_deep()) from None
        if _depth(document) > MAX_DEPTH:
            raise ParseError(self.too_deep())
        return document

    def too_deep(self):
        return _("JSON parse error: nested more than %(depth)d levels deep.") % {"depth": MAX_DEPTH}
