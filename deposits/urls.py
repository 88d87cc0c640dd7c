"""The deposit register page (专栏2), its Excel export, and the pages of its records and minerals."""

from django.urls import path

from deposits.models import Deposit, ResourceReserve
from deposits.views import DepositListView, MineralDetailView
from planportal.registers import RecordDetailView

app_name = "deposits"

urlpatterns = [
    path("", DepositListView.as_view(), name="list"),
    path("export/", DepositListView.as_view(export=True), name="export"),
    path(
        "<int:pk>/",
        RecordDetailView.as_view(model=Deposit, nav="deposits", list_url_name="deposits:list"),
        name="detail",
    ),
    path(
        "reserves/<int:pk>/",
        RecordDetailView.as_view(
            model=ResourceReserve,
            nav="deposits",
            units={"retained_amount": "unit", "cumulative_amount": "unit"},
        ),
        name="reserve-detail",
    ),
    path("minerals/<int:pk>/", MineralDetailView.as_view(), name="mineral-detail"),
]
