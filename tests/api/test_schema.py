"""OpenAPI 3 at /api/v1/schema/, Swagger UI served by the portal itself at /api/v1/docs/."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

from tests.api.test_resources import RESOURCES

WRITABLE = ["deposits", "resource-reserves", "exploration-rights", "mining-rights", "zones"]


@pytest.fixture
def schema(api_client, db):
    response = api_client.get("/api/v1/schema/?format=json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    return response.json()


def test_schema_validates_as_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on an invalid document


def test_schema_generates_without_warnings(tmp_path, db):
    # --fail-on-warn: a field or filter whose type drf-spectacular had to guess fails here.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


def test_schema_lists_every_endpoint(schema):
    paths = schema["paths"]
    for resource, (_model, _rows, lookup) in RESOURCES.items():
        assert f"/api/v1/{resource}/" in paths
        assert f"/api/v1/{resource}/{{{lookup}}}/" in paths
        assert "get" in paths[f"/api/v1/{resource}/"]
    for resource in [*WRITABLE, "indicator-values", "evaluations"]:
        assert {"post"} <= set(paths[f"/api/v1/{resource}/"])
        assert {"put", "patch", "delete"} <= set(paths[f"/api/v1/{resource}/{{id}}/"])
    for resource in ["plans", "minerals", "indicators", "key-projects", "scale-standards"]:
        assert "post" not in paths[f"/api/v1/{resource}/"]
    assert "post" in paths["/api/v1/evaluations/{id}/sign-off/"]
    assert "get" in paths["/api/v1/evaluations/{id}/report/"]
    assert "get" in paths["/api/v1/summary/"]
    assert "post" in paths["/api/v1/auth/token/"]


def test_schema_describes_filters_in_chinese(schema):
    operation = schema["paths"]["/api/v1/exploration-rights/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    for name in ["plan", "mineral", "mineral_id", "stage", "area_min", "area_max", "search"]:
        assert name in parameters
        assert parameters[name].get("description"), name
    assert "勘查阶段" in parameters["stage"]["description"]
    assert re.search(r"[\u4e00-\u9fff]", parameters["area_min"]["description"])
    assert re.search(r"[\u4e00-\u9fff]", operation["summary"])
    assert {"page", "page_size", "ordering"} <= set(parameters)


def test_schema_documents_the_token(schema):
    schemes = schema["components"]["securitySchemes"]
    assert any(
        (scheme.get("type") == "apiKey" and scheme.get("name") == "Authorization")
        or scheme.get("scheme") == "token"
        for scheme in schemes.values()
    ), schemes


def test_schema_numbers_are_numbers(schema):
    right = schema["components"]["schemas"]["ExplorationRight"]
    assert right["properties"]["area_km2"]["type"] == "number"
    mineral = right["properties"]["mineral"]
    assert set(mineral["properties"]) == {"id", "name"}


def test_docs_page_loads_nothing_from_outside_the_portal(api_client, db):
    response = api_client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert references
    for reference in references:
        assert not re.match(r"^(https?:)?//", reference), reference
    # Every script and stylesheet it names is one of the portal's static files.
    for reference in references:
        if reference.startswith("/static/"):
            assert finders.find(reference.removeprefix("/static/")), reference
    # The start-up script is served apart from the page (no inline script under the CSP).
    script = api_client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "/api/v1/schema/" in script.content.decode()


def undescribed(schema):
    """Every parameter and property of the document that has no description, by location."""
    missing = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
                if not parameter.get("description"):
                    missing.append(f"{method.upper()} {path} {parameter['in']} {parameter['name']}")

    def walk(node, where):
        if isinstance(node, dict):
            for name, prop in (node.get("properties") or {}).items():
                if not prop.get("description"):
                    missing.append(f"{where}.{name}")
                walk(prop, f"{where}.{name}")
            for key, value in node.items():
                if key != "properties":
                    walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    walk(schema["components"]["schemas"], "components")
    return missing


def test_every_parameter_and_field_is_described(schema):
    assert schema["components"]["schemas"], "no components to check"
    missing = undescribed(schema)
    assert not missing, f"{len(missing)} without a description: " + ", ".join(missing)


def test_the_walk_finds_an_undescribed_field(schema):
    # The check above can fail: a property or parameter stripped of its description shows.
    schema["components"]["schemas"]["Deposit"]["properties"]["id"].pop("description")
    schema["paths"]["/api/v1/plans/{code}/"]["get"]["parameters"][0].pop("description")
    missing = undescribed(schema)
    assert "components/Deposit.id" in missing
    assert "GET /api/v1/plans/{code}/ path code" in missing


def test_choice_labels_and_ids_are_described_in_chinese(schema):
    properties = schema["components"]["schemas"]["ExplorationRight"]["properties"]
    for name in ("id", "stage_display", "mineral", "name"):
        assert re.search(r"[\u4e00-\u9fff]", properties[name]["description"]), name
    assert "stage" in properties["stage_display"]["description"]
    parameters = {
        parameter["name"]: parameter
        for parameter in schema["paths"]["/api/v1/plans/"]["get"]["parameters"]
    }
    for name in ("period_start", "period_end", "region_code"):
        assert re.search(r"[\u4e00-\u9fff]", parameters[name]["description"]), name


def test_id_filters_give_their_bounds(schema):
    parameters = {
        parameter["name"]: parameter["schema"]
        for parameter in schema["paths"]["/api/v1/indicator-values/"]["get"]["parameters"]
    }
    assert parameters["indicator"] == {
        "type": "integer",
        "format": "int64",
        "minimum": 1,
        "maximum": 2**63 - 1,
    }
    assert (parameters["year"]["minimum"], parameters["year"]["maximum"]) == (1, 9999)


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", method, operation


def test_writes_take_json_only(schema):
    # One request body per write: a generated client sends JSON, not multipart.
    bodies = {
        name: sorted(operation["requestBody"]["content"])
        for name, _method, operation in operations(schema)
        if "requestBody" in operation
    }
    assert bodies, "no write operation has a body"
    # The one exception: the yearly collection import takes its workbook as a file upload.
    upload = "POST /api/v1/imports/indicator-values/"
    assert bodies.pop(upload) == ["multipart/form-data"]
    assert {name: ["application/json"] for name in bodies} == bodies


def test_a_form_body_is_refused_with_a_json_415(editor, api_client, plan):
    api_client.force_authenticate(editor)
    response = api_client.post("/api/v1/deposits/", {"name": "x"}, format="multipart")
    assert response.status_code == 415
    assert "multipart/form-data" in response.json()["detail"]


def documented(schema, name):
    method, path = name.split(" ", 1)
    return set(schema["paths"][path][method.lower()]["responses"])


def test_every_operation_documents_its_errors_with_the_error_body(schema):
    for name, method, operation in operations(schema):
        errors = operation["responses"]
        assert "400" in errors, name
        for code, response in errors.items():
            if int(code) >= 400:
                content = response["content"]["application/json"]["schema"]
                assert content == {"$ref": "#/components/schemas/Error"}, (name, code)
        if "requestBody" in operation:
            assert "415" in errors, name
        if method == "delete":
            assert {"404", "409", "412"} <= set(errors), name
        if method in ("put", "patch"):
            assert {"404", "412"} <= set(errors), name
        if method == "get":
            assert {"401", "403", "404"} <= set(errors), name
    assert {"200", "400", "415", "429"} == documented(schema, "POST /api/v1/auth/token/")
    assert {"204", "401", "403"} <= documented(schema, "POST /api/v1/auth/logout/")


def test_names_read_well_in_generated_code(schema):
    # Titles become class names: none is Chinese (the descriptions are).
    titles = re.findall(r'"title": "([^"]*)"', json.dumps(schema, ensure_ascii=False))
    assert all(title.isascii() for title in titles), titles
    unit = schema["components"]["schemas"]["UnitEnum"]
    names = dict(zip(unit["enum"], unit["x-enum-varnames"], strict=True))
    assert names["10k_t"] == "TEN_K_TONNE"
    assert names["100m_yuan"] == "HUNDRED_M_YUAN"
    stage = {
        parameter["name"]: parameter["schema"]
        for parameter in schema["paths"]["/api/v1/exploration-rights/"]["get"]["parameters"]
    }["stage"]
    assert "title" not in stage
    assert dict(zip(stage["enum"], stage["x-enum-varnames"], strict=True))["general"] == "GENERAL"


def test_reads_need_no_credentials_writes_do(schema):
    for name, method, operation in operations(schema):
        if name == "POST /api/v1/auth/token/":
            continue
        if method == "get":
            assert {} in operation["security"], name
            assert {"knoxApiToken": []} in operation["security"], name
        else:
            assert {} not in operation["security"], name


def test_reads_need_credentials_when_reading_is_closed(api_client, settings, superuser):
    settings.PLAN_PORTAL_PUBLIC_READ = False
    api_client.force_authenticate(superuser)
    schema = api_client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/deposits/"]["get"]
    assert {} not in operation["security"]


def test_descriptions_speak_to_integrators(schema):
    # Docstrings of the shared base classes are notes for the portal's developers.
    text = json.dumps(schema, ensure_ascii=False)
    for note in ("``", "full_clean", "tests/", "get_queryset", "select_related", "Mixin"):
        assert note not in text, note
