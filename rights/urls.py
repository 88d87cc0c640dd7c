"""The exploration (专栏3) and mining (专栏4) rights register pages and their exports."""

from django.urls import path

from planportal.registers import RecordDetailView
from rights.models import ExplorationRight, MiningRight
from rights.views import ExplorationRightListView, MiningRightListView

app_name = "rights"

urlpatterns = [
    path("exploration/", ExplorationRightListView.as_view(), name="exploration"),
    path(
        "exploration/export/",
        ExplorationRightListView.as_view(export=True),
        name="exploration-export",
    ),
    path(
        "exploration/<int:pk>/",
        RecordDetailView.as_view(
            model=ExplorationRight, nav="exploration", list_url_name="rights:exploration"
        ),
        name="exploration-detail",
    ),
    path("mining/", MiningRightListView.as_view(), name="mining"),
    path(
        "mining/<int:pk>/",
        RecordDetailView.as_view(
            model=MiningRight,
            nav="mining",
            list_url_name="rights:mining",
            units={"capacity": "capacity_unit"},
        ),
        name="mining-detail",
    ),
    path("mining/export/", MiningRightListView.as_view(export=True), name="mining-export"),
]
