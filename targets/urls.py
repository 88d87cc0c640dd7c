"""Target pages: the dashboard, the 十三五 review, an indicator and its records."""

from django.urls import path

from targets import views

app_name = "targets"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/", views.dashboard_export, name="dashboard-export"),
    path("review/", views.review, name="review"),
    path("review/export/", views.review_export, name="review-export"),
    path("<int:pk>/", views.indicator_detail, name="detail"),
    path("<int:pk>/records/", views.indicator_records, name="records"),
    path(
        "<int:pk>/records/export/",
        views.indicator_records,
        {"export": True},
        name="records-export",
    ),
]
