"""Review pages: the plan's self-check and the conformance review."""

from django.urls import path

from review import check_views, register_views, views

app_name = "review"

urlpatterns = [
    path("statements/", views.statements, name="statements"),
    path("statements/export/", views.statements_export, name="statements-export"),
    path("check/", check_views.check, name="check"),
    path("blocks/", register_views.blocks, name="blocks"),
    path("blocks/export/", register_views.blocks_export, name="blocks-export"),
    path("mining-rights/", register_views.mining_rights, name="mining-rights"),
    path(
        "mining-rights/export/",
        register_views.mining_rights_export,
        name="mining-rights-export",
    ),
]
