"""Who may come in: the client's address, login lock-outs, and closed reading.

``client_ip`` is the one place that decides which address a request comes from, for the API
throttles (DRF's ``NUM_PROXIES``) and the login lock-outs (django-axes) alike.
``PublicReadMiddleware`` closes every page and export when ``PLAN_PORTAL_PUBLIC_READ`` is off;
the API (schema and docs included) is closed by ``planportal.api.permissions`` with the same rule.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from rest_framework.throttling import BaseThrottle


def client_ip(request):
    """The client's address: ``REMOTE_ADDR``, or the address ``NUM_PROXIES`` proxies saw.

    DRF's own rule, so a throttle and a lock-out always count the same client.
    """
    return BaseThrottle().get_ident(request)


def lockout_response(request, original_response=None, credentials=None):
    """A 429 for a locked-out login: JSON on the API, a short page elsewhere."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _("Too many failed logins from this address: try again in %(minutes)s minutes.") % {
        "minutes": minutes
    }
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": message}, status=429, json_dumps_params={"ensure_ascii": False}
        )
    return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")


def may_read(user):
    """Whether ``user`` may read the plan: anyone while reading is public, else signed-in users."""
    return settings.PLAN_PORTAL_PUBLIC_READ or bool(user and user.is_authenticated)


class PublicReadMiddleware:
    """With ``PLAN_PORTAL_PUBLIC_READ`` off, every page and export asks for a login.

    The admin has its own login, static files, the language switch and the health probes stay
    open, and the API (which answers 401 in JSON, tokens included) decides in
    ``planportal.api.permissions``.
    """

    open_prefixes = ("/admin/", "/api/", "/i18n/", "/favicon.ico", "/healthz", "/readyz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Open paths first: a probe must not load a session from the database.
        if self.is_open(request.path_info) or may_read(request.user):
            return self.get_response(request)
        return redirect_to_login(request.get_full_path())

    def is_open(self, path):
        static = "/" + settings.STATIC_URL.lstrip("/")
        return path.startswith((*self.open_prefixes, static))
