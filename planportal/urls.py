"""Root URLs: language switch, admin, API (/api/v1/) and pages."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("planportal.api")),
    path("", include("planportal.page_urls")),
]
