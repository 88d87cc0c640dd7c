"""POST /api/v1/conformance-checks/: the plan's verdict on a proposed right, or a 400 naming
the field."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from review.models import BlockPlacement
from rights.models import MiningRight
from tests import factories
from zones.models import PlanningArea, ZoneKind

URL = "/api/v1/conformance-checks/"

IRON = {
    "right_type": "mining",
    "mineral": "铁矿",
    "mining_method": "open_pit",
    "annual_capacity": 30,
    "capacity_unit": "10k_t_per_year",
    "year": 2023,
}


def post(client, payload, **extra):
    return client.post(URL, payload, format="json", **extra)


def test_the_answer_has_the_documented_shape(api_client, plan):
    response = post(api_client, {**IRON, "mineral": "铜", "mining_method": "", "reserves": 500})
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"conforms", "scale_class", "findings"}
    assert body["conforms"] is True
    assert body["scale_class"] == "medium"
    for finding in body["findings"]:
        assert set(finding) == {"rule", "severity", "message", "reference", "reference_url"}
        assert finding["severity"] in ("error", "warning", "info")
        assert finding["reference_url"].startswith("/plan/")
    conflict = next(f for f in body["findings"] if f["rule"] == "new_mine.boundary_conflict")
    assert conflict["severity"] == "warning"
    assert conflict["reference"] == "四(二)"
    # In Chinese by default, naming the figure compared and the limit.
    assert "30 万吨/年" in conflict["message"]
    assert "专栏18" in conflict["message"]
    assert "不一致" in conflict["message"]


def test_messages_in_english_when_asked(api_client, plan):
    response = post(api_client, {**IRON, "annual_capacity": 29}, HTTP_ACCEPT_LANGUAGE="en")
    body = response.json()
    assert body["conforms"] is False
    assert body["scale_class"] == "below_minimum"
    minimum = next(f for f in body["findings"] if f["rule"] == "scale.minimum")
    assert "is below 专栏18's minimum scale of 30" in minimum["message"]
    chinese = post(api_client, {**IRON, "annual_capacity": 29}).json()
    minimum = next(f for f in chinese["findings"] if f["rule"] == "scale.minimum")
    assert "低于" in minimum["message"]


def test_gold_in_tonnes_a_day(api_client, plan):
    payload = {**IRON, "mineral": "金", "annual_capacity": 299, "capacity_unit": "t_per_day"}
    body = post(api_client, payload).json()
    assert body["conforms"] is False
    rules = {f["rule"] for f in body["findings"]}
    assert {"new_mine.threshold", "scale.minimum", "scale.working_days"} <= rules


def test_an_exploration_right_needs_no_capacity(api_client, plan):
    block = PlanningArea.objects.get(plan=plan, kind=ZoneKind.EXPLORATION_BLOCK, seq=1)
    payload = {"right_type": "exploration", "mineral": "铁矿", "year": 2023, "zone": block.pk}
    body = post(api_client, payload).json()
    assert body["conforms"] is True
    assert body["scale_class"] is None


def test_a_taken_block_is_named(api_client, plan):
    block = PlanningArea.objects.get(plan=plan, kind=ZoneKind.MINING_BLOCK, seq=3)
    right = MiningRight.objects.get(plan=plan, seq=19)
    BlockPlacement.objects.create(mining_right=right, block=block)
    payload = {
        **IRON,
        "mineral": "建筑用砂",
        "mining_method": "",
        "annual_capacity": 15,
        "capacity_unit": "10k_m3_per_year",
        "zone": block.pk,
    }
    body = post(api_client, payload).json()
    assert body["conforms"] is False
    taken = next(f for f in body["findings"] if f["rule"] == "zone.taken")
    assert right.name in taken["message"]


BAD_PAYLOADS = [
    ({k: v for k, v in IRON.items() if k != "right_type"}, "right_type"),
    ({**IRON, "right_type": "prospecting"}, "right_type"),
    ({**IRON, "mineral": "不存在的矿"}, "mineral"),
    ({**IRON, "mineral": None}, "mineral"),
    ({**IRON, "mining_method": "dredging"}, "mining_method"),
    ({**IRON, "mining_method": ""}, "mining_method"),  # iron's limits differ by method
    ({**IRON, "annual_capacity": None}, "annual_capacity"),
    ({**IRON, "annual_capacity": "三十"}, "annual_capacity"),
    ({**IRON, "annual_capacity": -1}, "annual_capacity"),
    ({**IRON, "annual_capacity": "1e400"}, "annual_capacity"),
    ({**IRON, "annual_capacity": 10**20}, "annual_capacity"),
    ({**IRON, "capacity_unit": "10k_m3_per_year"}, "capacity_unit"),  # another dimension
    ({**IRON, "capacity_unit": "km2"}, "capacity_unit"),
    ({**IRON, "capacity_unit": ""}, "capacity_unit"),
    ({**IRON, "year": "二〇二三"}, "year"),
    ({**IRON, "year": 99999}, "year"),
    ({**IRON, "zone": 10**9}, "zone"),
    ({**IRON, "zone": "一号"}, "zone"),
    ({**IRON, "zone": 10**30}, "zone"),
    ({**IRON, "mineral": 10**30}, "mineral"),
    ({**IRON, "year": True}, "year"),
    ({**IRON, "plan": "no-such-plan"}, "plan"),
    ({**IRON, "reserves": -5}, "reserves"),
    ({**IRON, "mineral": "建筑用砂", "mining_method": ""}, "capacity_unit"),  # 万立方米
]


@pytest.mark.parametrize(("payload", "field"), BAD_PAYLOADS)
def test_bad_payloads_are_a_400_naming_the_field(api_client, plan, payload, field):
    response = post(api_client, payload)
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body["errors"], body
    assert field in body["detail"]


def test_a_zone_of_another_plan_is_refused(api_client, plan):
    other = factories.make_plan("other-2026-2030")
    zone = factories.make_zone(other, kind=ZoneKind.MINING_BLOCK)
    response = post(api_client, {**IRON, "zone": zone.pk})
    assert response.status_code == 400
    assert "zone" in response.json()["errors"]


def test_a_capacity_in_another_dimension_says_which_the_plan_uses(api_client, plan):
    response = post(api_client, {**IRON, "capacity_unit": "10k_m3_per_year"})
    (message,) = response.json()["errors"]["capacity_unit"]
    assert "万吨/年" in message
    assert "万立方米/年" in message


def test_not_json_is_a_400(api_client, plan):
    response = api_client.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    response = api_client.post(URL, "[1, 2]", content_type="application/json")
    assert response.status_code == 400


def test_errors_in_english_when_asked(api_client, plan):
    response = post(api_client, {**IRON, "mining_method": ""}, HTTP_ACCEPT_LANGUAGE="en")
    (message,) = response.json()["errors"]["mining_method"]
    assert "differ by mining method" in message


def test_get_is_not_allowed_and_reading_rules_apply(api_client, plan, settings, viewer):
    assert api_client.get(URL).status_code == 405
    settings.PLAN_PORTAL_PUBLIC_READ = False
    assert post(api_client, IRON).status_code == 401
    api_client.force_authenticate(viewer)
    assert post(api_client, IRON).status_code == 200


def test_unknown_query_parameters_are_refused(api_client, plan):
    response = api_client.post(f"{URL}?dry_run=1", IRON, format="json")
    assert response.status_code == 400
    assert "dry_run" in response.json()["errors"]


def test_the_check_is_documented(api_client, plan):
    schema = api_client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/conformance-checks/"]["post"]
    assert "400" in operation["responses"]
    request = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert request.endswith("ConformanceCheckRequest")
    assert set(schema["components"]["schemas"]["Verdict"]["properties"]) == {
        "conforms",
        "scale_class",
        "findings",
    }


def test_the_number_of_queries_does_not_grow_with_the_rights_in_a_block(
    api_client, plan, django_assert_num_queries
):
    block = PlanningArea.objects.get(plan=plan, kind=ZoneKind.MINING_BLOCK, seq=4)
    payload = {
        **IRON,
        "mineral": "建筑用砂",
        "mining_method": "",
        "annual_capacity": 15,
        "capacity_unit": "10k_m3_per_year",
        "zone": block.pk,
    }
    right = MiningRight.objects.get(plan=plan, seq=24)
    BlockPlacement.objects.create(mining_right=right, block=block)
    post(api_client, payload)  # warm caches (content types, sessions) out of the count
    with CaptureQueriesContext(connection) as one:
        post(api_client, payload)
    for seq in (20, 21, 22):
        BlockPlacement.objects.create(
            mining_right=MiningRight.objects.get(plan=plan, seq=seq), block=block
        )
    with django_assert_num_queries(
        len(one),
        info="the check's queries grew with the rights in the block: justify the extra query",
    ):
        post(api_client, payload)
