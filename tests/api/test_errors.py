"""Every error is JSON with a sentence a person can act on."""

import pytest

from tests.api.urls import url


def test_unknown_id_is_a_json_404_naming_the_resource(plan, get_json):
    status, body = get_json(url("deposits", 999999))
    assert status == 404
    assert "999999" in body["detail"]


def test_unknown_plan_code_is_a_json_404(plan, get_json):
    status, body = get_json(url("plans", "nowhere"))
    assert status == 404
    assert "nowhere" in body["detail"]


@pytest.mark.parametrize("path", ["nothing", "deposits/abc/extra", "exploration_rights"])
def test_unknown_api_path_is_a_json_404(path, get_json, db):
    status, body = get_json(f"/api/v1/{path}/")
    assert status == 404
    assert body["detail"]


def test_unsupported_method_is_a_json_405(plan, api_client, superuser):
    api_client.force_authenticate(superuser)
    response = api_client.delete(url("deposits"))
    assert response.status_code == 405
    assert response.json()["detail"]
    assert api_client.post(url("summary"), {}).status_code == 405


def test_malformed_json_is_a_400(plan, api_client, editor):
    api_client.force_authenticate(editor)
    response = api_client.post(url("deposits"), data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_validation_error_names_every_field(plan, api_client, editor):
    api_client.force_authenticate(editor)
    response = api_client.post(url("deposits"), {"plan": plan.code}, format="json")
    body = response.json()
    assert response.status_code == 400
    for field in ("seq", "name", "work_degree", "scale"):
        assert field in body["errors"]
        assert field in body["detail"]


@pytest.mark.parametrize("path", ["/api/v1/schema/", "/api/v1/docs/"])
def test_schema_and_docs_answer_errors_in_json(path, api_client, db):
    response = api_client.post(path)
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert "POST" in response.json()["detail"]


@pytest.mark.parametrize(
    "path", ["/api/v1/deposits/", "/api/v1/deposits/1/", "/api/v1/summary/", "/api/v1/schema/"]
)
def test_an_unknown_format_is_a_400_naming_it(path, plan, get_json):
    status, body = get_json(f"{path}?format=xml")
    assert status == 400
    assert "xml" in body["errors"]["format"][0]
    assert "json" in body["errors"]["format"][0]
    assert "format" in body["detail"]


def test_the_json_format_is_still_accepted(plan, get_json, api_client):
    assert get_json("/api/v1/deposits/?format=json")[0] == 200
    response = api_client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")
