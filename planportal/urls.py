"""Root URLs: probes, language switch, admin, API (/api/v1/) and pages."""

from django.contrib import admin
from django.urls import include, path

from planportal import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("planportal.api")),
    path("", include("planportal.page_urls")),
]
