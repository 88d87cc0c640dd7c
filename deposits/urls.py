"""The deposit register page (专栏2) and its Excel export."""

from django.urls import path

from deposits.views import DepositListView

app_name = "deposits"

urlpatterns = [
    path("", DepositListView.as_view(), name="list"),
    path("export/", DepositListView.as_view(export=True), name="export"),
]
