"""Hostile or mistaken requests get JSON answers: deep JSON, unknown paths, bad page sizes."""

import json

import pytest
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from planportal.api.parsers import MAX_DEPTH


def nested(depth):
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1_000, 100_000])
def test_deep_json_is_a_400_even_for_anonymous_token_logins(db, depth):
    response = APIClient().post(
        "/api/v1/auth/token/", nested(depth), content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()


def test_deep_json_in_a_write_is_a_400(plan, superuser):
    client = APIClient()
    client.force_authenticate(superuser)
    body = f'{{"plan": "{plan.code}", "seq": 901, "name": {nested(5_000)}}}'
    response = client.post("/api/v1/exploration-rights/", body, content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()
    # Within the limit, the document is read and the login refused for its credentials.
    body = json.dumps({"username": "x", "password": "y", "extra": json.loads(nested(10))})
    response = APIClient().post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()["errors"]


UNKNOWN = [
    "/api/v1/indicator-values/0.5/",
    "/api/v1/deposits/1.json/",
    "/api/v1/no-such-thing/",
    "/api/v1/nonexistent/",
    "/api/v1/deposits",
    "/api/v1/indicator-values",
]


@pytest.mark.parametrize("path", UNKNOWN)
@pytest.mark.parametrize("credentials", ["anonymous", "session", "token"])
def test_unknown_api_paths_are_a_json_404_for_every_method(path, credentials, superuser, client):
    if credentials == "session":
        client = Client(enforce_csrf_checks=True)
        client.force_login(superuser)
    elif credentials == "token":
        _instance, token = AuthToken.objects.create(user=superuser)
        client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {token}")
    else:
        client = Client(enforce_csrf_checks=True)
    for method in ("get", "post", "put", "patch", "delete", "options"):
        response = client.generic(method.upper(), path, "{}", content_type="application/json")
        assert response.status_code == 404, (method, path)
        assert response["Content-Type"].startswith("application/json"), (method, path)
        assert path in response.json()["detail"]


def test_the_schema_bounds_page_size_as_the_api_does(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()
    parameters = {
        parameter["name"]: parameter["schema"]
        for parameter in schema["paths"]["/api/v1/deposits/"]["get"]["parameters"]
    }
    assert parameters["page_size"]["minimum"] == 1
    assert parameters["page_size"]["maximum"] == 1000
    assert parameters["page"]["minimum"] == 1
