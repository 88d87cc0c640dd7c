"""Page URLs: overview, targets, registers.

Every page takes ``?plan=<code>`` (default ``settings.PLAN_PORTAL_DEFAULT_PLAN``); each
register has an ``export/`` twin that gives the same filtered rows as an .xlsx workbook.
"""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from deposits.views import DepositListView
from rights.views import ExplorationRightListView, MiningRightListView
from targets import views as target_views
from zones.views import PlanningAreaListView

target_patterns = [
    path("", target_views.dashboard, name="dashboard"),
    path("export/", target_views.dashboard_export, name="dashboard-export"),
    path("review/", target_views.review, name="review"),
    path("review/export/", target_views.review_export, name="review-export"),
    path("<int:pk>/", target_views.indicator_detail, name="detail"),
    path("<int:pk>/records/", target_views.indicator_records, name="records"),
    path(
        "<int:pk>/records/export/",
        target_views.indicator_records,
        {"export": True},
        name="records-export",
    ),
]

deposit_patterns = [
    path("", DepositListView.as_view(), name="list"),
    path("export/", DepositListView.as_view(export=True), name="export"),
]

right_patterns = [
    path("exploration/", ExplorationRightListView.as_view(), name="exploration"),
    path(
        "exploration/export/",
        ExplorationRightListView.as_view(export=True),
        name="exploration-export",
    ),
    path("mining/", MiningRightListView.as_view(), name="mining"),
    path("mining/export/", MiningRightListView.as_view(export=True), name="mining-export"),
]

zone_patterns = [
    path("", PlanningAreaListView.as_view(), name="list"),
    path("export/", PlanningAreaListView.as_view(export=True), name="export"),
]

urlpatterns = [
    path("", target_views.overview, name="overview"),
    # Browsers ask for /favicon.ico on every page that names none (the admin's included).
    path("favicon.ico", lambda request: redirect(static("img/favicon.svg"), permanent=True)),
    path("targets/", include((target_patterns, "targets"))),
    path("deposits/", include((deposit_patterns, "deposits"))),
    path("rights/", include((right_patterns, "rights"))),
    path("zones/", include((zone_patterns, "zones"))),
]
