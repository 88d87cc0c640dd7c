"""Staff issue API tokens per client in the admin; every token expires and can be revoked."""

import datetime
import re

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from rights.models import ExplorationRight


def issue_token(client, user, expiry):
    response = client.post(
        reverse("admin:planportal_apitoken_add"),
        {"user": user.pk, "expiry_0": expiry.strftime("%Y-%m-%d"), "expiry_1": "12:00:00"},
    )
    return response


def test_the_add_form_proposes_an_expiry(admin_client_zh):
    response = admin_client_zh.get(reverse("admin:planportal_apitoken_add"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.fields["expiry"].required
    assert form.fields["expiry"].initial > timezone.now() + datetime.timedelta(days=300)
    assert "API 令牌" in response.content.decode()


def test_a_token_without_expiry_is_refused(admin_client_zh, editor):
    response = admin_client_zh.post(reverse("admin:planportal_apitoken_add"), {"user": editor.pk})
    assert response.status_code == 200
    assert "expiry" in response.context["adminform"].form.errors
    assert not AuthToken.objects.filter(user=editor).exists()


def test_an_issued_token_is_shown_once_writes_and_is_revoked_by_deleting(admin_client_zh, editor):
    expiry = timezone.now() + datetime.timedelta(days=30)
    response = issue_token(admin_client_zh, editor, expiry)
    assert response.status_code == 302
    token = AuthToken.objects.get(user=editor)
    assert token.expiry is not None
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    keys = [m.group(0) for text in shown for m in [re.search(rf"{token.token_key}\w+", text)] if m]
    assert len(keys) == 1, shown
    key = keys[0]

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    right = ExplorationRight.objects.get(seq=33)
    answer = api.patch(f"/api/v1/exploration-rights/{right.pk}/", {"area_km2": 30}, format="json")
    assert answer.status_code == 200

    admin_client_zh.post(
        reverse("admin:planportal_apitoken_delete", args=[token.pk]), {"post": "yes"}
    )
    assert not AuthToken.objects.filter(pk=token.pk).exists()
    answer = api.patch(f"/api/v1/exploration-rights/{right.pk}/", {"area_km2": 31}, format="json")
    assert answer.status_code == 401
