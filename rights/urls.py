"""The exploration (专栏3) and mining (专栏4) rights register pages and their exports."""

from django.urls import path

from rights.views import ExplorationRightListView, MiningRightListView

app_name = "rights"

urlpatterns = [
    path("exploration/", ExplorationRightListView.as_view(), name="exploration"),
    path(
        "exploration/export/",
        ExplorationRightListView.as_view(export=True),
        name="exploration-export",
    ),
    path("mining/", MiningRightListView.as_view(), name="mining"),
    path("mining/export/", MiningRightListView.as_view(export=True), name="mining-export"),
]
