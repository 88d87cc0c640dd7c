"""The planning areas and blocks register page and its Excel export."""

from django.urls import path

from zones.views import PlanningAreaListView

app_name = "zones"

urlpatterns = [
    path("", PlanningAreaListView.as_view(), name="list"),
    path("export/", PlanningAreaListView.as_view(export=True), name="export"),
]
