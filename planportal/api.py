"""The API router: every resource registered once (see DESIGN.md, "REST API").

Also the plan resource, the token endpoints, the OpenAPI schema and its Swagger UI (served
from drf-spectacular-sidecar, so it works with no internet), and a JSON 404 for any other
path under /api/v1/.
"""

from django.contrib.auth.signals import user_logged_in
from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from knox.models import get_token_model
from knox.settings import knox_settings
from knox.views import LogoutView
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from deposits.api import (
    DepositViewSet,
    DescribedFieldsMixin,
    MineralViewSet,
    PlanDataViewSet,
    ResourceReserveViewSet,
)
from planportal.exceptions import api_not_found
from planportal.filters import PlanFilterSet
from planportal.models import Plan
from rights.api import ExplorationRightViewSet, MiningRightViewSet, ScaleStandardViewSet
from targets.api import IndicatorValueViewSet, IndicatorViewSet, KeyProjectViewSet, SummaryView
from zones.api import DevelopmentRegionViewSet, PlanningAreaViewSet


class PlanSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = [
            "code",
            "name",
            "region_name",
            "region_code",
            "period_start",
            "period_end",
            "base_year",
            "outlook_year",
            "issuer",
            "approval_date",
            "published_as_printed",
        ]
        extra_kwargs = {"name": {"help_text": _("Name of the plan, as published.")}}


@extend_schema_view(
    list=extend_schema(summary=_("List plans"), description=_("The plans the portal carries.")),
    retrieve=extend_schema(
        summary=_("One plan, by its code"),
        parameters=[
            OpenApiParameter(
                "code",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description=_("Code of the plan, e.g. xinyuan-2021-2025 (see /api/v1/plans/)."),
            )
        ],
    ),
)
class PlanViewSet(PlanDataViewSet):
    serializer_class = PlanSerializer
    lookup_field = "code"
    search_fields = ["name", "region_name", "code"]
    ordering_fields = ["code", "period_start", "period_end"]
    filterset_class = PlanFilterSet

    def get_queryset(self):
        return Plan.objects.all()


class TokenLoginSerializer(AuthTokenSerializer):
    username = serializers.CharField(
        label=_("Username"), write_only=True, help_text=_("User name of the API client.")
    )
    password = serializers.CharField(
        label=_("Password"),
        style={"input_type": "password"},
        trim_whitespace=False,
        write_only=True,
        help_text=_("Password of that user."),
    )


class LoginThrottle(AnonRateThrottle):
    """Slows down password guessing at the token endpoint.

    Counted in the default cache, which every worker shares (settings.CACHES); the client is
    the address ``NUM_PROXIES`` names, so a made-up X-Forwarded-For starts no new count.
    django-axes also locks the address out after too many wrong passwords.
    """

    scope = "token-login"
    rate = "10/min"

    def get_rate(self):
        return self.rate


class TokenLoginView(APIView):
    """A client's own user name and password for a hashed, expiring knox token.

    Staff can also issue a token for a client in the admin (knox's AuthToken admin) and
    revoke any token there; ``auth/logout/`` revokes the token the request is made with.
    """

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginThrottle]
    serializer_class = TokenLoginSerializer

    @extend_schema(
        summary=_("Get an API token"),
        description=_(
            "Send a user name and password; get a token to send as “Authorization: Token "
            "<token>”. The token expires; staff can revoke it in the admin."
        ),
        request=TokenLoginSerializer,
        responses={
            200: inline_serializer(
                "TokenResponse",
                {
                    "token": serializers.CharField(
                        help_text=_("The token: send it as “Authorization: Token <token>”.")
                    ),
                    "expiry": serializers.DateTimeField(
                        allow_null=True, help_text=_("When the token stops working.")
                    ),
                },
            )
        },
    )
    def post(self, request):
        # django-axes records the attempt on the Django request, where its middleware looks.
        serializer = TokenLoginSerializer(data=request.data, context={"request": request._request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        instance, token = get_token_model().objects.create(
            user=user, expiry=knox_settings.TOKEN_TTL, prefix=knox_settings.TOKEN_PREFIX
        )
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        return Response(
            {"token": token, "expiry": instance.expiry},
            status=status.HTTP_200_OK,
        )


class TokenLogoutView(LogoutView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary=_("Revoke this token"),
        description=_("Revokes the token the request is made with."),
        request=None,
        responses={204: None},
    )
    def post(self, request, format=None):
        return super().post(request, format)


class JSONErrorsMixin:
    """Errors in JSON like the rest of the API, whatever the view renders on success."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400:
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
            response.renderer_context = self.get_renderer_context()
        return response


class SchemaView(JSONErrorsMixin, SpectacularAPIView):
    """The OpenAPI document: YAML unless ?format=json."""


class DocsView(JSONErrorsMixin, SpectacularSwaggerSplitView):
    """Swagger UI, served from the portal's own static files.

    The split view serves its start-up script from ``?script``, so the page needs no inline
    script under the Content-Security-Policy; the template moves Swagger's <style> to a file.
    """

    template_name = "api/swagger_ui.html"


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
router.register("scale-standards", ScaleStandardViewSet, basename="scale-standard")

app_name = "api"

urlpatterns = [
    path("summary/", SummaryView.as_view(), name="summary"),
    path("auth/token/", TokenLoginView.as_view(), name="token-login"),
    path("auth/logout/", TokenLogoutView.as_view(), name="token-logout"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    re_path(r"^.*$", api_not_found),
]
