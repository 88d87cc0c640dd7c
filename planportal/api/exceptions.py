"""JSON errors a person can act on.

Every error body of the API is an object with a ``detail`` sentence; validation errors also
carry ``errors``, the messages by field name (``{"area_km2": ["…"]}``), and their ``detail``
names those fields.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def _not_found(exc, context):
    """Name the resource and the id that was not found, instead of Django's English default."""
    view = context.get("view")
    lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
    value = getattr(view, "kwargs", {}).get(lookup) if lookup else None
    queryset = getattr(view, "queryset", None)
    model = queryset.model if queryset is not None else None
    if model is None and hasattr(view, "get_serializer_class"):
        model = getattr(getattr(view.get_serializer_class(), "Meta", None), "model", None)
    if model is not None and value is not None:
        return exceptions.NotFound(
            _("No %(resource)s has the %(field)s “%(value)s”.")
            % {
                "resource": model._meta.verbose_name,
                "field": "id" if lookup == "pk" else lookup,
                "value": value,
            }
        )
    return exceptions.NotFound(*exc.args)


def _unknown_format(context):
    """``?format=xml``: content negotiation raises a bare 404; name the format instead."""
    request, view = context.get("request"), context.get("view")
    if request is None or view is None or not hasattr(view, "get_renderers"):
        return None
    param = api_settings.URL_FORMAT_OVERRIDE
    requested = request.query_params.get(param) if param else None
    if not requested:
        return None
    formats = sorted({renderer.format for renderer in view.get_renderers()})
    if requested in formats:
        return None
    return exceptions.ValidationError(
        {
            param: [
                _("Unknown format “%(format)s”: use one of %(formats)s.")
                % {"format": requested, "formats": ", ".join(formats)}
            ]
        }
    )


def _flatten(errors, prefix=""):
    """``{"mineral": ["Unknown …"]}`` → ``["mineral: Unknown …"]`` (nested fields dotted)."""
    if isinstance(errors, dict):
        lines = []
        for field, value in errors.items():
            lines.extend(_flatten(value, f"{prefix}{field}."))
        return lines
    if isinstance(errors, list):
        lines = []
        for index, value in enumerate(errors):
            if isinstance(value, dict | list):
                lines.extend(_flatten(value, f"{prefix}{index}."))
            else:
                lines.extend(_flatten(value, prefix))
        return lines
    field = prefix.rstrip(".")
    return [f"{field}: {errors}" if field else str(errors)]


def api_exception_handler(exc, context):
    """DRF's handler, with every error body carrying a ``detail`` message.

    Also turns Django's ``ValidationError`` (a model's ``clean()``) into a 400 and a refused
    delete of a row others refer to into a 409, instead of a 500.
    """
    if isinstance(exc, Http404):
        exc = _unknown_format(context) or _not_found(exc, context)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict(_("Other records refer to this one, so it cannot be deleted."))

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data
        if not isinstance(errors, dict):
            errors = {"non_field_errors": errors}
        response.data = {
            "detail": _("Invalid input: %(errors)s") % {"errors": "; ".join(_flatten(errors))},
            "errors": errors,
        }
    elif not isinstance(response.data, dict) or "detail" not in response.data:
        response.data = {"detail": _("Invalid input."), "errors": response.data}
    return response


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """A JSON 404 for any path and method under /api/v1/ that names no resource.

    CSRF-exempt: it writes nothing, and a write to a mistyped path (``/indicator-values/0.5/``)
    should learn that the path is wrong, not get Django's HTML CSRF page.
    """
    return JsonResponse(
        {
            "detail": _("No API resource at %(path)s: see /api/v1/ for the list.")
            % {"path": request.path}
        },
        status=status.HTTP_404_NOT_FOUND,
        json_dumps_params={"ensure_ascii": False},
    )
