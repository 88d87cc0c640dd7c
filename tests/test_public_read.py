"""PLAN_PORTAL_PUBLIC_READ=false closes every page, export, the API, its schema and docs."""

import pytest
from django.conf import settings as django_settings

from targets.models import Indicator

PAGES = [
    "/",
    "/targets/",
    "/targets/export/",
    "/targets/review/",
    "/targets/review/export/",
    "/targets/{pk}/",
    "/targets/{pk}/records/",
    "/targets/{pk}/records/export/",
    "/deposits/",
    "/deposits/export/",
    "/rights/exploration/",
    "/rights/exploration/export/",
    "/rights/mining/",
    "/rights/mining/export/",
    "/zones/",
    "/zones/export/",
    "/zones/regions/",
    "/zones/regions/export/",
    "/targets/projects/",
    "/targets/projects/export/",
]
# The API resources were closed already (tests/api/test_auth.py); the schema and docs were not.
API = ["/api/v1/schema/", "/api/v1/docs/", "/api/v1/docs/?script="]


@pytest.fixture
def closed(settings, loaded_plan):
    settings.PLAN_PORTAL_PUBLIC_READ = False
    # A live indicator: its drill-down (records/) pages exist.
    return Indicator.objects.filter(plan=loaded_plan).exclude(live_metric="").first().pk


@pytest.mark.parametrize("page", PAGES)
def test_pages_and_exports_send_anonymous_users_to_the_login(client, closed, viewer, page):
    address = page.format(pk=closed)
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")
    client.force_login(viewer)
    assert client.get(address).status_code == 200


@pytest.mark.parametrize("address", API)
def test_the_api_schema_and_docs_answer_401_in_json(client, closed, viewer, address):
    response = client.get(address)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"] == "Token"
    # The admin login, static files and the token login stay reachable.
    assert client.get("/admin/login/").status_code == 200
    assert client.get(django_settings.STATIC_URL + "css/portal.css").status_code == 200
    response = client.post(
        "/api/v1/auth/token/", {"username": "x", "password": "y"}, content_type="application/json"
    )
    assert response.status_code == 400
    client.force_login(viewer)
    assert client.get(address).status_code == 200
