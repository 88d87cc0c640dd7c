"""The API's URLs (/api/v1/): every resource registered once, here.

Also the summary, the token endpoints, the OpenAPI schema and its Swagger UI, and a JSON
404 for any other path under /api/v1/.
"""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from deposits.api import DepositViewSet, MineralViewSet, ResourceReserveViewSet
from planportal.api.auth import TokenLoginView, TokenLogoutView
from planportal.api.exceptions import api_not_found
from planportal.api.sections import PlanSectionViewSet
from planportal.api.views import DocsView, PlanViewSet, SchemaView
from review.api import PlanStatementViewSet
from review.api_checks import ConformanceCheckView
from review.api_registers import (
    BlockLedgerView,
    BlockPlacementViewSet,
    MiningRightsReviewView,
)
from rights.api import ExplorationRightViewSet, MiningRightViewSet, ScaleStandardViewSet
from targets.api import (
    EvaluationViewSet,
    IndicatorValueImportView,
    IndicatorValueViewSet,
    IndicatorViewSet,
    KeyProjectViewSet,
    SummaryView,
)
from zones.api import DevelopmentRegionViewSet, PlanningAreaViewSet

router = DefaultRouter()
router.include_format_suffixes = False
router.register("plans", PlanViewSet, basename="plan")
router.register("minerals", MineralViewSet, basename="mineral")
router.register("deposits", DepositViewSet, basename="deposit")
router.register("resource-reserves", ResourceReserveViewSet, basename="resource-reserve")
router.register("exploration-rights", ExplorationRightViewSet, basename="exploration-right")
router.register("mining-rights", MiningRightViewSet, basename="mining-right")
router.register("zones", PlanningAreaViewSet, basename="zone")
router.register("development-regions", DevelopmentRegionViewSet, basename="development-region")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
router.register("key-projects", KeyProjectViewSet, basename="key-project")
router.register("evaluations", EvaluationViewSet, basename="evaluation")
router.register("scale-standards", ScaleStandardViewSet, basename="scale-standard")
router.register("plan-sections", PlanSectionViewSet, basename="plan-section")
router.register("plan-statements", PlanStatementViewSet, basename="plan-statement")
router.register("block-placements", BlockPlacementViewSet, basename="block-placement")

app_name = "api"

urlpatterns = [
    path("summary/", SummaryView.as_view(), name="summary"),
    path(
        "imports/indicator-values/",
        IndicatorValueImportView.as_view(),
        name="indicator-value-import",
    ),
    path("conformance/blocks/", BlockLedgerView.as_view(), name="conformance-blocks"),
    path(
        "conformance/mining-rights/",
        MiningRightsReviewView.as_view(),
        name="conformance-mining-rights",
    ),
    path("conformance-checks/", ConformanceCheckView.as_view(), name="conformance-checks"),
    path("auth/token/", TokenLoginView.as_view(), name="token-login"),
    path("auth/logout/", TokenLogoutView.as_view(), name="token-logout"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    re_path(r"^.*$", api_not_found),
]
