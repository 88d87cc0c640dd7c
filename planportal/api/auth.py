"""The token endpoints: a user name and password for a knox token, and its revocation."""

from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.models import get_token_model
from knox.settings import knox_settings
from knox.views import LogoutView
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView


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
    """Slows down password guessing at the token endpoint (rate: ``DEFAULT_THROTTLE_RATES``).

    Counted in the default cache, which every worker shares (settings.CACHES); the client is
    the address ``NUM_PROXIES`` names, so a made-up X-Forwarded-For starts no new count.
    django-axes also locks the address out after too many wrong passwords.
    """

    scope = "token-login"


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
