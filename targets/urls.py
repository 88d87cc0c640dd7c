"""Target pages: the dashboard, the 十三五 review, an indicator and its records, key projects."""

from django.urls import path

from planportal.registers import RecordDetailView
from targets import collection_views, evaluation_views, project_views, report_views, views
from targets.models import KeyProject

app_name = "targets"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/", views.dashboard_export, name="dashboard-export"),
    path("review/", views.review, name="review"),
    path("review/export/", views.review_export, name="review-export"),
    path("collection/", collection_views.collection, name="collection"),
    path("collection/template/", collection_views.collection_template, name="collection-template"),
    path("collection/confirm/", collection_views.collection_confirm, name="collection-confirm"),
    path("collection/missing/", collection_views.collection_missing, name="collection-missing"),
    path("evaluations/", evaluation_views.evaluation_list, name="evaluations"),
    path("evaluations/<int:pk>/", evaluation_views.evaluation_detail, name="evaluation"),
    path(
        "report/<int:year>.<str:fmt>",
        report_views.evaluation_report,
        name="evaluation-report",
    ),
    path("<int:pk>/", views.indicator_detail, name="detail"),
    path("projects/", project_views.KeyProjectListView.as_view(), name="projects"),
    path(
        "projects/export/",
        project_views.KeyProjectListView.as_view(export=True),
        name="projects-export",
    ),
    path(
        "projects/<int:pk>/",
        RecordDetailView.as_view(
            model=KeyProject,
            nav="targets",
            list_url_name="targets:projects",
            units={"capacity": "capacity_unit"},
        ),
        name="project-detail",
    ),
    path("<int:pk>/records/", views.indicator_records, name="records"),
    path(
        "<int:pk>/records/export/",
        views.indicator_records,
        {"export": True},
        name="records-export",
    ),
]
