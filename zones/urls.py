"""The planning areas and blocks and the key development regions: lists, exports, records."""

from django.urls import path

from planportal.registers import RecordDetailView
from zones.models import DevelopmentRegion, PlanningArea
from zones.views import DevelopmentRegionListView, PlanningAreaListView

app_name = "zones"

urlpatterns = [
    path("", PlanningAreaListView.as_view(), name="list"),
    path("export/", PlanningAreaListView.as_view(export=True), name="export"),
    path(
        "<int:pk>/",
        RecordDetailView.as_view(model=PlanningArea, nav="zones", list_url_name="zones:list"),
        name="detail",
    ),
    path("regions/", DevelopmentRegionListView.as_view(), name="regions"),
    path("regions/export/", DevelopmentRegionListView.as_view(export=True), name="regions-export"),
    path(
        "regions/<int:pk>/",
        RecordDetailView.as_view(
            model=DevelopmentRegion, nav="zones", list_url_name="zones:regions"
        ),
        name="region-detail",
    ),
]
