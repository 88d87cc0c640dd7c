"""Reading is open unless the setting closes it; writing takes a session or a knox token."""

from datetime import timedelta

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from rights.models import ExplorationRight
from tests.api.urls import url


def payload(for_plan, seq):
    return {
        "plan": for_plan.code,
        "seq": seq,
        "name": "令牌写入的探矿权",
        "mineral": "金矿",
        "stage": "general",
        "area_km2": 1.2,
    }


def token_client(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_token_writes_with_the_users_permission(plan, editor):
    _instance, token = AuthToken.objects.create(user=editor)
    response = token_client(token).post(
        url("exploration-rights"), payload(plan, 201), format="json"
    )
    assert response.status_code == 201, response.json()
    assert ExplorationRight.objects.filter(plan=plan, seq=201).exists()


def test_a_token_of_a_user_without_the_permission_gets_a_403(plan, viewer):
    _instance, token = AuthToken.objects.create(user=viewer)
    response = token_client(token).post(
        url("exploration-rights"), payload(plan, 202), format="json"
    )
    assert response.status_code == 403
    assert not ExplorationRight.objects.filter(plan=plan, seq=202).exists()


def test_a_revoked_token_gets_a_401(plan, editor):
    instance, token = AuthToken.objects.create(user=editor)
    instance.delete()  # what staff do in the admin
    client = token_client(token)
    response = client.post(url("exploration-rights"), payload(plan, 203), format="json")
    assert response.status_code == 401
    assert client.get(url("deposits")).status_code == 401
    assert not ExplorationRight.objects.filter(plan=plan, seq=203).exists()


def test_an_expired_token_gets_a_401(plan, editor):
    _instance, token = AuthToken.objects.create(user=editor, expiry=timedelta(seconds=-1))
    response = token_client(token).post(
        url("exploration-rights"), payload(plan, 204), format="json"
    )
    assert response.status_code == 401
    assert not ExplorationRight.objects.filter(plan=plan, seq=204).exists()


def test_tokens_are_stored_hashed_and_expire(editor):
    instance, token = AuthToken.objects.create(user=editor)
    assert token not in instance.digest
    assert instance.expiry is not None


def test_a_client_logs_in_for_a_token_and_logs_out(plan, editor):
    client = APIClient()
    response = client.post(
        url("auth/token"), {"username": "editor", "password": "test-password-不可猜"}, format="json"
    )
    assert response.status_code == 200, response.json()
    token = response.json()["token"]
    assert response.json()["expiry"]
    client = token_client(token)
    assert (
        client.post(url("exploration-rights"), payload(plan, 205), format="json").status_code == 201
    )
    assert client.post(url("auth/logout")).status_code == 204
    assert (
        client.post(url("exploration-rights"), payload(plan, 206), format="json").status_code == 401
    )


def test_a_wrong_password_gets_no_token(editor):
    response = APIClient().post(
        url("auth/token"), {"username": "editor", "password": "guess"}, format="json"
    )
    assert response.status_code == 400
    assert "token" not in response.json()
    assert not AuthToken.objects.filter(user=editor).exists()


def test_reading_is_open_by_default(plan, api_client):
    assert api_client.get(url("deposits")).status_code == 200
    assert api_client.get(url("summary")).status_code == 200


@pytest.mark.parametrize("resource", ["deposits", "indicators", "summary", "minerals"])
def test_a_setting_closes_reading_to_anonymous_users(plan, api_client, viewer, settings, resource):
    settings.PLAN_PORTAL_PUBLIC_READ = False
    response = api_client.get(url(resource))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    api_client.force_authenticate(viewer)
    assert api_client.get(url(resource)).status_code == 200


def test_with_reading_closed_a_token_reads(plan, viewer, settings):
    settings.PLAN_PORTAL_PUBLIC_READ = False
    _instance, token = AuthToken.objects.create(user=viewer)
    assert token_client(token).get(url("exploration-rights")).status_code == 200
