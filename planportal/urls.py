"""Root URLs: probes, language switch, admin, API (/api/v1/) and pages.

Every page takes ``?plan=<code>`` (default ``settings.PLAN_PORTAL_DEFAULT_PLAN``); each
register has an ``export/`` twin that gives the same filtered rows as an .xlsx workbook.
Each app lists its own pages in its ``urls.py``.
"""

from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from planportal import health
from planportal.views import plan_text
from targets.views import overview

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("planportal.api.urls")),
    path("", overview, name="overview"),
    # Browsers ask for /favicon.ico on every page that names none (the admin's included).
    path("favicon.ico", lambda request: redirect(static("img/favicon.svg"), permanent=True)),
    path("targets/", include("targets.urls")),
    path("deposits/", include("deposits.urls")),
    path("rights/", include("rights.urls")),
    path("zones/", include("zones.urls")),
    path("plan/", plan_text, name="plan_text"),
    path("review/", include("review.urls")),
]
