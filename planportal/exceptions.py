"""JSON errors a person can act on."""

from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    """DRF's handler, with every error body carrying a top-level ``detail`` message."""
    response = exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" not in response.data:
        response.data = {"detail": "Invalid input.", "errors": response.data}
    return response
