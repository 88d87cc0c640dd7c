"""The probes: /healthz answers without the database, /readyz checks the database and cache."""

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: a query here would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_answers_200_when_the_database_and_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failed"] == []
    assert body["checks"] == {"database:default": True, "cache": True}


@pytest.mark.django_db
def test_readyz_answers_503_naming_the_database_when_it_is_unreachable(client):
    refused = OperationalError("could not connect to server: Connection refused")
    with mock.patch.object(connection, "cursor", side_effect=refused):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert "database:default" in body["failed"]


@pytest.mark.django_db
def test_readyz_answers_503_naming_the_cache_when_it_loses_what_it_is_given(client):
    with mock.patch("planportal.health.cache.get", return_value=None):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_stay_open_when_reading_is_closed(client, settings, path):
    settings.PLAN_PORTAL_PUBLIC_READ = False
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_probes_take_a_post_without_a_csrf_token():
    response = Client(enforce_csrf_checks=True).post("/healthz")
    assert response.status_code == 200
