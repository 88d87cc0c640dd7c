"""The block ledger (GET /api/v1/conformance/blocks/) and block placements through the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planportal.roles import EDITOR, roles_setup
from review.models import BlockPlacement
from rights.models import ExplorationRight, MiningRight
from tests import factories
from zones.models import PlanningArea, ZoneKind

LEDGER = "/api/v1/conformance/blocks/"
PLACEMENTS = "/api/v1/block-placements/"


@pytest.fixture
def editor_client(api_client, loaded_plan):
    """A member of the 编辑 role: the role may add and change placements."""
    from django.contrib.auth.models import Group

    roles_setup()
    user = factories.make_user("placer", staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    api_client.force_authenticate(user)
    return api_client


def area(plan, kind, seq):
    return PlanningArea.objects.get(plan=plan, kind=kind, seq=seq)


def mine(plan, seq):
    return MiningRight.objects.get(plan=plan, seq=seq)


def test_the_ledger_lists_every_block_with_its_findings(api_client, loaded_plan):
    target = area(loaded_plan, ZoneKind.CONCENTRATED_AREA, 2)
    BlockPlacement.objects.create(mining_right=mine(loaded_plan, 1), block=target)
    body = api_client.get(LEDGER).json()
    assert body["plan"] == loaded_plan.code
    assert body["count"] == 33
    assert (body["unplaced_exploration_rights"], body["unplaced_mining_rights"]) == (36, 23)
    (granted,) = [row for row in body["results"] if row["granted"]]
    assert granted["id"] == target.pk
    assert granted["rights"][0]["name"] == "新疆伊犁钢铁有限责任公司铁矿"
    (item,) = granted["findings"]
    assert item["rule"] == "mineral_mismatch"
    assert item["severity"] == "error"
    assert item["reference"] == "三(三)"
    assert item["reference_url"].startswith("/plan/?plan=")

    filtered = api_client.get(LEDGER, {"has_findings": "true", "kind": "concentrated_area"})
    assert [row["id"] for row in filtered.json()["results"]] == [target.pk]
    assert api_client.get(LEDGER, {"granted": "false"}).json()["count"] == 32


@pytest.mark.parametrize(
    ("query", "status", "named"),
    [
        ({"granted": "perhaps"}, 400, "granted"),
        ({"kind": "key_mining_area"}, 400, "kind"),
        ({"has_finding": "true"}, 400, "has_finding"),
        ({"plan": "no-such-plan"}, 404, None),
        ({"plan": "bad\x00code"}, 404, None),
    ],
)
def test_bad_ledger_queries_are_refused_naming_the_parameter(
    api_client, loaded_plan, query, status, named
):
    response = api_client.get(LEDGER, query)
    assert response.status_code == status
    if named:
        assert named in response.json()["errors"]


def test_the_ledger_is_read_only(api_client, loaded_plan, editor_client):
    assert editor_client.post(LEDGER, {}, format="json").status_code == 405


def test_the_ledger_costs_the_same_queries_with_many_placements(api_client, loaded_plan):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get(LEDGER).status_code == 200
        return len(queries)

    first = block_with_rights = area(loaded_plan, ZoneKind.MINING_BLOCK, 1)
    BlockPlacement.objects.create(mining_right=mine(loaded_plan, 1), block=first)
    few = count()
    key = PlanningArea.objects.filter(plan=loaded_plan, kind=ZoneKind.KEY_MINING_AREA).first()
    for right in MiningRight.objects.filter(plan=loaded_plan, seq__gt=1):
        BlockPlacement.objects.create(mining_right=right, block=block_with_rights)
    for right in ExplorationRight.objects.filter(plan=loaded_plan)[:20]:
        BlockPlacement.objects.create(exploration_right=right, key_area=key)
    assert count() == few, "a query per block or right has crept into the block ledger"


def test_editor_places_a_right_and_a_stale_change_is_refused(editor_client, loaded_plan):
    right = mine(loaded_plan, 24)
    block = area(loaded_plan, ZoneKind.MINING_BLOCK, 1)
    response = editor_client.post(
        PLACEMENTS, {"mining_right": right.pk, "block": block.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    placement = response.json()
    assert response["ETag"] == '"1"'
    address = f"{PLACEMENTS}{placement['id']}/"
    changed = editor_client.patch(
        address, {"note": "按采矿许可证坐标"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert changed.status_code == 200
    stale = editor_client.patch(address, {"note": "旧"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert BlockPlacement.objects.get().note == "按采矿许可证坐标"
    # The same right twice: refused, naming the right.
    again = editor_client.post(
        PLACEMENTS, {"mining_right": right.pk, "block": block.pk}, format="json"
    )
    assert again.status_code == 400
    assert "mining_right" in again.json()["errors"]
    listed = editor_client.get(PLACEMENTS, {"plan": loaded_plan.code}).json()
    assert listed["count"] == 1
    # The editor may not delete.
    assert editor_client.delete(address).status_code == 403


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"block": 1}, "mining_right"),
        ({"mining_right": "x", "block": 1}, "mining_right"),
        ({"mining_right": 2**70}, "mining_right"),
        ({"mining_right": None, "exploration_right": None, "key_area": None}, "block"),
        ({"note": ["a"]}, "note"),
    ],
)
def test_hostile_placements_are_400_naming_the_field(editor_client, loaded_plan, body, named):
    if "block" in body:
        body = {**body, "block": area(loaded_plan, ZoneKind.MINING_BLOCK, 1).pk}
    response = editor_client.post(PLACEMENTS, body, format="json")
    assert response.status_code == 400
    assert named in response.json()["errors"]
    assert not BlockPlacement.objects.exists()


def test_a_block_of_the_wrong_kind_is_refused(editor_client, loaded_plan):
    key = PlanningArea.objects.filter(plan=loaded_plan, kind=ZoneKind.KEY_MINING_AREA).first()
    response = editor_client.post(
        PLACEMENTS, {"mining_right": mine(loaded_plan, 1).pk, "block": key.pk}, format="json"
    )
    assert response.status_code == 400
    assert "block" in response.json()["errors"]


def test_anonymous_and_viewers_may_not_place(api_client, loaded_plan, viewer):
    body = {
        "mining_right": mine(loaded_plan, 1).pk,
        "block": area(loaded_plan, ZoneKind.MINING_BLOCK, 1).pk,
    }
    assert api_client.post(PLACEMENTS, body, format="json").status_code == 401
    api_client.force_authenticate(viewer)
    assert api_client.post(PLACEMENTS, body, format="json").status_code == 403
    assert not BlockPlacement.objects.exists()


def test_a_put_names_its_right(editor_client, loaded_plan):
    placement = BlockPlacement.objects.create(
        mining_right=mine(loaded_plan, 1), block=area(loaded_plan, ZoneKind.MINING_BLOCK, 1)
    )
    response = editor_client.put(f"{PLACEMENTS}{placement.pk}/", {"note": "x"}, format="json")
    assert response.status_code == 400
    assert "mining_right" in response.json()["errors"]
    assert (
        editor_client.patch(
            f"{PLACEMENTS}{placement.pk}/", {"note": "x"}, format="json"
        ).status_code
        == 200
    )
