"""Every resource has a list and a detail, with the documented fields and the plan's rows."""

import pytest
from django.apps import apps

from tests.api.urls import url

# resource → (model, rows the plan prints (None: whatever the catalogue holds), lookup field)
RESOURCES = {
    "plans": ("planportal.Plan", 1, "code"),
    "minerals": ("deposits.Mineral", None, "id"),
    "deposits": ("deposits.Deposit", 23, "id"),
    "resource-reserves": ("deposits.ResourceReserve", 4, "id"),
    "exploration-rights": ("rights.ExplorationRight", 36, "id"),
    "mining-rights": ("rights.MiningRight", 24, "id"),
    # 专栏12–15 (1 + 1 + 2 + 15), 14 mining blocks, 4 concentrated areas.
    "zones": ("zones.PlanningArea", 37, "id"),
    "development-regions": ("zones.DevelopmentRegion", 2, "id"),
    "indicators": ("targets.Indicator", None, "id"),
    "indicator-values": ("targets.IndicatorValue", None, "id"),
    "key-projects": ("targets.KeyProject", 7, "id"),
    "scale-standards": ("rights.ScaleStandard", None, "id"),
}

# Fields every row of a plan's table carries in the API: its plan (by code) and its 序号.
PLAN_ROW_RESOURCES = [
    "deposits",
    "resource-reserves",
    "exploration-rights",
    "mining-rights",
    "zones",
    "development-regions",
    "indicators",
    "key-projects",
    "scale-standards",
]


@pytest.mark.parametrize("resource", RESOURCES)
def test_list_gives_every_row_of_the_plan_with_page_links(resource, plan, get_json):
    label, printed, _lookup = RESOURCES[resource]
    model = apps.get_model(label)
    status, body = get_json(url(resource, page_size=1000))
    assert status == 200
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == model.objects.count()
    if printed is not None:
        assert body["count"] == printed
    assert len(body["results"]) == body["count"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_detail_gives_the_row_the_list_gave(resource, plan, get_json):
    _label, _printed, lookup = RESOURCES[resource]
    _status, listing = get_json(url(resource))
    first = listing["results"][0]
    status, detail = get_json(url(resource, first[lookup]))
    assert status == 200
    assert detail == first


@pytest.mark.parametrize("resource", PLAN_ROW_RESOURCES)
def test_rows_name_their_plan_by_code_and_their_seq(resource, plan, get_json):
    _status, body = get_json(url(resource))
    row = body["results"][0]
    assert row["plan"] == plan.code
    assert isinstance(row["seq"], int)


def test_choice_fields_come_with_their_label(plan, get_json):
    _status, body = get_json(url("exploration-rights", ordering="seq"))
    first = body["results"][0]
    # 专栏3 row 1: 新疆新源县玉希莫勒盖达坂铜矿详查, 铜矿, 详查, 4.98
    assert first["stage"] == "detailed"
    assert first["stage_display"] in {"详查", "detailed exploration"}


def test_a_mineral_is_read_as_id_and_canonical_name(plan, get_json):
    # 专栏4 row 10 prints 水泥用石灰岩, an alias of 水泥用灰岩.
    from rights.models import MiningRight

    right = MiningRight.objects.get(plan=plan, seq=10)
    _status, body = get_json(url("mining-rights", right.pk))
    assert body["mineral"] == {"id": right.mineral_id, "name": "水泥用灰岩"}
    assert body["mineral_as_printed"] == "水泥用石灰岩"


def test_numbers_are_json_numbers(plan, api_client):
    from rights.models import MiningRight

    right = MiningRight.objects.get(plan=plan, seq=1)
    text = api_client.get(url("mining-rights", right.pk)).content.decode()
    # 专栏4 row 1: 1.65 km², 60 万吨/年: numbers, not strings.
    assert '"area_km2":1.65' in text.replace(" ", "")
    assert '"capacity":60' in text.replace(" ", "")


def test_minerals_list_their_aliases_and_regulations(plan, get_json):
    _status, body = get_json(url("minerals", name="水泥用灰岩"))
    (mineral,) = body["results"]
    assert "水泥用石灰岩" in mineral["aliases"]
    for regulation in mineral["regulations"]:
        assert regulation["plan"] == plan.code


def test_plans_are_found_by_code(plan, get_json):
    status, body = get_json(url("plans", plan.code))
    assert status == 200
    assert body["period_start"] == 2021
    assert body["period_end"] == 2025
    assert body["base_year"] == 2020
