"""Concurrent edits through the API: ETag, If-Match, and PATCH writing only what it sends."""

from decimal import Decimal

import pytest

from rights.api import MiningRightViewSet
from rights.models import MiningRight
from tests.api.urls import url


@pytest.fixture
def editor_client(api_client, editor):
    api_client.force_authenticate(editor)
    return api_client


@pytest.fixture
def other_client(editor):
    """A second client of the same bureau, writing at the same time."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.fixture
def right(plan):
    return MiningRight.objects.get(plan=plan, seq=3)


@pytest.fixture
def meanwhile(monkeypatch):
    """Run ``write`` once, right after the next request has read its record.

    That is the interleaving of two clients saving at the same instant: the second has its
    copy of the record in memory when the first one's write lands.
    """

    def arrange(write):
        original = MiningRightViewSet.get_object
        pending = [write]

        def get_object(view):
            instance = original(view)
            while pending:
                pending.pop()()
            return instance

        monkeypatch.setattr(MiningRightViewSet, "get_object", get_object)

    return arrange


def read(client, right):
    response = client.get(url("mining-rights", right.pk))
    assert response.status_code == 200
    return response


def test_a_record_is_read_with_an_etag_that_changes_after_a_write(editor_client, right):
    first = read(editor_client, right)
    assert first["ETag"] == f'"{first.json()["version"]}"'
    written = editor_client.patch(
        url("mining-rights", right.pk), {"holder": "新源县测试矿业有限公司"}, format="json"
    )
    assert written.status_code == 200
    assert written["ETag"] == f'"{written.json()["version"]}"'
    assert written["ETag"] != first["ETag"]
    assert read(editor_client, right)["ETag"] == written["ETag"]


def test_a_created_record_has_an_etag(plan, editor_client):
    response = editor_client.post(
        url("exploration-rights"),
        {
            "plan": plan.code,
            "seq": 101,
            "name": "新疆新源县测试铜矿普查",
            "mineral": "铜",
            "stage": "general",
            "area_km2": "3.25",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response["ETag"] == '"1"'


def test_a_stale_put_with_if_match_is_a_412_and_writes_nothing(editor_client, other_client, right):
    seen = read(editor_client, right)
    payload = {**seen.json(), "holder": "甲公司"}
    payload["mineral"] = payload["mineral"]["name"]
    payload.pop("mineral_id", None)
    assert (
        other_client.patch(
            url("mining-rights", right.pk), {"holder": "乙公司"}, format="json"
        ).status_code
        == 200
    )
    response = editor_client.put(
        url("mining-rights", right.pk), payload, format="json", HTTP_IF_MATCH=seen["ETag"]
    )
    assert response.status_code == 412
    body = response.json()
    assert "乙公司" in body["detail"]  # what changed meanwhile, and to what
    right.refresh_from_db()
    assert right.holder == "乙公司"


def test_a_put_with_the_current_etag_is_written(editor_client, right):
    seen = read(editor_client, right)
    payload = {**seen.json(), "holder": "甲公司"}
    payload["mineral"] = payload["mineral"]["name"]
    payload.pop("mineral_id", None)
    response = editor_client.put(
        url("mining-rights", right.pk), payload, format="json", HTTP_IF_MATCH=seen["ETag"]
    )
    assert response.status_code == 200, response.json()
    right.refresh_from_db()
    assert right.holder == "甲公司"


def test_a_stale_patch_with_if_match_is_a_412_and_writes_nothing(
    editor_client, other_client, right
):
    seen = read(editor_client, right)
    other = other_client.patch(
        url("mining-rights", right.pk),
        {"holder": "乙公司"},
        format="json",
        HTTP_IF_MATCH=seen["ETag"],
    )
    assert other.status_code == 200
    response = editor_client.patch(
        url("mining-rights", right.pk),
        {"capacity": "77.7"},
        format="json",
        HTTP_IF_MATCH=seen["ETag"],
    )
    assert response.status_code == 412
    assert response.json()["detail"]
    right.refresh_from_db()
    assert right.holder == "乙公司"
    assert right.capacity != Decimal("77.7")


def test_a_stale_delete_with_if_match_is_a_412_and_deletes_nothing(
    plan, api_client, superuser, other_client, right
):
    api_client.force_authenticate(superuser)
    seen = read(api_client, right)
    other_client.patch(url("mining-rights", right.pk), {"holder": "乙公司"}, format="json")
    response = api_client.delete(url("mining-rights", right.pk), HTTP_IF_MATCH=seen["ETag"])
    assert response.status_code == 412
    assert MiningRight.objects.filter(pk=right.pk).exists()


def test_a_delete_with_the_current_etag_deletes(plan, api_client, superuser, right):
    api_client.force_authenticate(superuser)
    seen = read(api_client, right)
    response = api_client.delete(url("mining-rights", right.pk), HTTP_IF_MATCH=seen["ETag"])
    assert response.status_code == 204
    assert not MiningRight.objects.filter(pk=right.pk).exists()


def test_patches_of_different_fields_at_the_same_time_are_both_kept(
    editor_client, other_client, right, meanwhile
):
    # Without If-Match: the second PATCH was read before the first one landed, and must
    # still write only its own field, not the stale holder it read.
    meanwhile(
        lambda: other_client.patch(
            url("mining-rights", right.pk), {"holder": "乙公司"}, format="json"
        )
    )
    response = editor_client.patch(
        url("mining-rights", right.pk), {"capacity": "77.7"}, format="json"
    )
    assert response.status_code == 200
    right.refresh_from_db()
    assert right.holder == "乙公司"
    assert right.capacity == Decimal("77.7")
    assert response.json()["version"] == right.version


def test_a_patch_read_before_another_write_is_refused_with_if_match(
    editor_client, other_client, right, meanwhile
):
    seen = read(editor_client, right)
    meanwhile(
        lambda: other_client.patch(
            url("mining-rights", right.pk), {"holder": "乙公司"}, format="json"
        )
    )
    response = editor_client.patch(
        url("mining-rights", right.pk),
        {"capacity": "77.7"},
        format="json",
        HTTP_IF_MATCH=seen["ETag"],
    )
    assert response.status_code == 412
    right.refresh_from_db()
    assert right.holder == "乙公司"
    assert right.capacity != Decimal("77.7")


def test_a_malformed_if_match_is_a_400_naming_the_header(editor_client, right):
    response = editor_client.patch(
        url("mining-rights", right.pk), {"holder": "甲公司"}, format="json", HTTP_IF_MATCH="soon"
    )
    assert response.status_code == 400
    assert "If-Match" in response.json()["errors"]


def test_every_write_raises_the_version_by_one(editor_client, right):
    before = right.version
    for holder in ("甲公司", "乙公司"):
        editor_client.patch(url("mining-rights", right.pk), {"holder": holder}, format="json")
    right.refresh_from_db()
    assert right.version == before + 2


def test_the_schema_documents_if_match_etag_and_412(api_client, superuser):
    api_client.force_authenticate(superuser)
    schema = api_client.get("/api/v1/schema/?format=json").json()
    item = schema["paths"]["/api/v1/mining-rights/{id}/"]
    for method in ("put", "patch", "delete"):
        parameters = {p["name"]: p for p in item[method]["parameters"]}
        assert parameters["If-Match"]["in"] == "header"
        assert not parameters["If-Match"].get("required", False)
        assert "412" in item[method]["responses"]
    assert "ETag" in item["get"]["responses"]["200"]["headers"]
    assert "412" not in item["get"]["responses"]
