"""Writing registers and actual figures: who may, what is refused, what is recorded."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from deposits.models import Deposit, Mineral
from rights.models import ExplorationRight, MiningRight
from targets.models import IndicatorValue
from tests.api.urls import url
from tests.factories import make_indicator
from zones.models import PlanningArea


@pytest.fixture
def editor_client(api_client, editor):
    api_client.force_authenticate(editor)
    return api_client


def exploration_right_payload(for_plan, **changes):
    return {
        "plan": for_plan.code,
        "seq": 101,
        "name": "新疆新源县测试铜矿普查",
        "mineral": "铜",
        "stage": "general",
        "area_km2": "3.25",
        **changes,
    }


def test_anonymous_write_is_a_401_and_writes_nothing(plan, api_client):
    before = ExplorationRight.objects.count()
    response = api_client.post(
        url("exploration-rights"), exploration_right_payload(plan), format="json"
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"]
    assert ExplorationRight.objects.count() == before


def test_anonymous_delete_is_a_401_and_deletes_nothing(plan, api_client):
    right = ExplorationRight.objects.get(plan=plan, seq=1)
    assert api_client.delete(url("exploration-rights", right.pk)).status_code == 401
    assert ExplorationRight.objects.filter(pk=right.pk).exists()


def test_user_without_the_permission_gets_a_403_and_changes_nothing(plan, api_client, viewer):
    api_client.force_authenticate(viewer)
    right = ExplorationRight.objects.get(plan=plan, seq=1)
    response = api_client.patch(
        url("exploration-rights", right.pk), {"area_km2": 99}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"]
    right.refresh_from_db()
    assert str(right.area_km2) == "4.9800"
    assert api_client.post(url("deposits"), {}, format="json").status_code == 403


def test_editor_creates_a_right_with_a_mineral_alias(plan, editor_client):
    response = editor_client.post(
        url("exploration-rights"), exploration_right_payload(plan), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    copper = Mineral.objects.get(name="铜矿")
    assert body["mineral"] == {"id": copper.pk, "name": "铜矿"}
    assert body["area_km2"] == 3.25
    assert body["stage_display"]
    right = ExplorationRight.objects.get(pk=body["id"])
    assert right.mineral == copper
    assert right.plan == plan


def test_editor_creates_a_deposit_by_mineral_id(plan, editor_client):
    iron = Mineral.objects.get(name="铁矿")
    response = editor_client.post(
        url("deposits"),
        {
            "plan": plan.code,
            "seq": 24,
            "name": "测试铁矿区",
            "mineral_id": iron.pk,
            "work_degree": "general",
            "scale": "small",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Deposit.objects.get(plan=plan, seq=24).mineral == iron


def test_editor_updates_a_mining_right_and_history_names_them(plan, editor_client, editor):
    right = MiningRight.objects.get(plan=plan, seq=13)
    response = editor_client.patch(
        url("mining-rights", right.pk), {"status": "suspended", "capacity": 6}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "suspended"
    right.refresh_from_db()
    assert right.status == "suspended"
    assert right.history.latest().history_user == editor


def test_editor_replaces_a_zone_with_put(plan, editor_client):
    zone = PlanningArea.objects.get(plan=plan, kind="mining_block", seq=1)
    response = editor_client.get(url("zones", zone.pk))
    body = response.json()
    body.update({"area_km2": 0.05, "mineral": body["mineral"]["name"]})
    response = editor_client.put(url("zones", zone.pk), body, format="json")
    assert response.status_code == 200, response.json()
    zone.refresh_from_db()
    assert str(zone.area_km2) == "0.0500"


def test_a_zone_may_have_no_mineral(plan, editor_client):
    zone = PlanningArea.objects.get(plan=plan, kind="concentrated_area", seq=1)
    response = editor_client.patch(url("zones", zone.pk), {"mineral": None}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["mineral"] is None
    zone.refresh_from_db()
    assert zone.mineral is None


def test_delete_needs_the_delete_permission(plan, editor_client, editor, make_user, api_client):
    right = ExplorationRight.objects.get(plan=plan, seq=36)
    # The editor may add and change, not delete.
    assert editor_client.delete(url("exploration-rights", right.pk)).status_code == 403
    assert ExplorationRight.objects.filter(pk=right.pk).exists()
    deleter = make_user("deleter")
    deleter.user_permissions.add(Permission.objects.get(codename="delete_explorationright"))
    api_client.force_authenticate(deleter)
    assert api_client.delete(url("exploration-rights", right.pk)).status_code == 204
    assert not ExplorationRight.objects.filter(pk=right.pk).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"area_km2": "-1.5"}, "area_km2"),
        ({"area_km2": "三点五"}, "area_km2"),
        ({"mineral": "不存在的矿"}, "mineral"),
        ({"mineral": None}, "mineral"),
        ({"stage": "finished"}, "stage"),
        ({"plan": "no-such-plan"}, "plan"),
        ({"seq": 0}, "seq"),
    ],
)
def test_invalid_right_is_a_400_naming_the_field_and_writes_nothing(
    plan, editor_client, changes, field
):
    before = ExplorationRight.objects.count()
    response = editor_client.post(
        url("exploration-rights"), exploration_right_payload(plan, **changes), format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"], body
    assert field in body["detail"]
    assert ExplorationRight.objects.count() == before


@pytest.mark.parametrize("missing", ["name", "area_km2", "stage", "plan", "mineral"])
def test_missing_field_is_a_400_naming_it(plan, editor_client, missing):
    payload = exploration_right_payload(plan)
    del payload[missing]
    before = ExplorationRight.objects.count()
    response = editor_client.post(url("exploration-rights"), payload, format="json")
    assert response.status_code == 400
    assert missing in response.json()["errors"]
    assert ExplorationRight.objects.count() == before


def test_a_seq_already_taken_is_refused_under_seq(plan, editor_client):
    response = editor_client.post(
        url("exploration-rights"), exploration_right_payload(plan, seq=1), format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"seq"}, errors
    assert "1" in errors["seq"][0]
    assert "seq" in response.json()["detail"]
    assert ExplorationRight.objects.filter(plan=plan, seq=1).count() == 1


def test_changing_a_seq_to_one_taken_is_refused_under_seq(plan, editor_client):
    right = MiningRight.objects.get(plan=plan, seq=2)
    response = editor_client.patch(url("mining-rights", right.pk), {"seq": 1}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"seq"}
    right.refresh_from_db()
    assert right.seq == 2


def test_a_row_keeps_its_own_seq_when_changed(plan, editor_client):
    right = MiningRight.objects.get(plan=plan, seq=2)
    response = editor_client.patch(url("mining-rights", right.pk), {"seq": 2}, format="json")
    assert response.status_code == 200, response.json()


def test_a_zone_kind_and_seq_already_taken_are_refused_under_both(plan, editor_client):
    # Mining block 1 exists; exploration block 1 too: (kind, seq) is what must be unique.
    response = editor_client.post(
        url("zones"),
        {
            "plan": plan.code,
            "kind": "mining_block",
            "seq": 1,
            "name": "测试开采区块",
            "mineral": "建筑用砂",
            "area_km2": "0.1",
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"kind", "seq"}, errors
    before = PlanningArea.objects.filter(plan=plan, kind="mining_block").count()
    free = PlanningArea.objects.filter(plan=plan, kind="mining_block").order_by("-seq")[0].seq + 1
    response = editor_client.post(
        url("zones"),
        {
            "plan": plan.code,
            "kind": "mining_block",
            "seq": free,
            "name": "测试开采区块",
            "mineral": "建筑用砂",
            "area_km2": "0.1",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert PlanningArea.objects.filter(plan=plan, kind="mining_block").count() == before + 1


def test_negative_capacity_is_refused(plan, editor_client):
    right = MiningRight.objects.get(plan=plan, seq=1)
    response = editor_client.patch(url("mining-rights", right.pk), {"capacity": -60}, format="json")
    assert response.status_code == 400
    assert "capacity" in response.json()["errors"]
    right.refresh_from_db()
    assert right.capacity == 60


def test_editor_enters_an_actual_figure_and_is_recorded(plan, editor_client, editor):
    target = make_indicator(plan, unit="10k_t")
    response = editor_client.post(
        url("indicator-values"),
        {
            "indicator": target.pk,
            "year": 2020,
            "value": "0.24",
            "unit": "10k_t",
            "source": "plan_text",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["entered_by"] == editor.username
    assert response.json()["plan"] == plan.code
    value = IndicatorValue.objects.get(indicator=target, year=2020)
    assert value.entered_by == editor
    status = editor_client.get(url("indicator-values", value.pk)).status_code
    assert status == 200


def test_a_figure_in_another_dimension_than_its_target_is_refused(plan, editor_client):
    # A figure in 万立方米 cannot be compared with a target in 万吨.
    target = make_indicator(plan, unit="10k_t")
    response = editor_client.post(
        url("indicator-values"),
        {"indicator": target.pk, "year": 2021, "value": "5", "unit": "10k_m3", "source": "other"},
        format="json",
    )
    assert response.status_code == 400
    assert "unit" in response.json()["errors"]
    assert not IndicatorValue.objects.filter(indicator=target).exists()


def test_a_second_figure_for_the_same_year_is_refused_under_year(plan, editor_client):
    target = make_indicator(plan, unit="10k_t")
    payload = {"indicator": target.pk, "year": 2022, "value": "1", "unit": "t", "source": "other"}
    assert editor_client.post(url("indicator-values"), payload, format="json").status_code == 201
    response = editor_client.post(url("indicator-values"), payload, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"year"}, errors
    assert "year" in response.json()["detail"]
    assert IndicatorValue.objects.filter(indicator=target).count() == 1


@pytest.mark.parametrize("year", [1948, 2101, 0])
def test_a_figure_for_an_implausible_year_is_refused_under_year(plan, editor_client, year):
    # Actual figures are for 1949–2100.
    target = make_indicator(plan, unit="10k_t")
    response = editor_client.post(
        url("indicator-values"),
        {"indicator": target.pk, "year": year, "value": "1", "unit": "10k_t", "source": "other"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"year"}
    assert not IndicatorValue.objects.filter(indicator=target).exists()


@pytest.mark.parametrize("year", [1949, 2100])
def test_a_figure_for_the_first_and_last_plausible_year_is_accepted(plan, editor_client, year):
    target = make_indicator(plan, unit="10k_t")
    response = editor_client.post(
        url("indicator-values"),
        {"indicator": target.pk, "year": year, "value": "1", "unit": "10k_t", "source": "other"},
        format="json",
    )
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize("unit", ["10k_t", "km2", "percent", "count"])
def test_a_capacity_not_per_year_is_refused_under_capacity_unit(plan, editor_client, unit):
    right = MiningRight.objects.get(plan=plan, seq=1)
    response = editor_client.patch(
        url("mining-rights", right.pk), {"capacity_unit": unit}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"capacity_unit"}
    right.refresh_from_db()
    assert right.capacity_unit == "10k_t_per_year"


def test_a_capacity_per_day_is_accepted(plan, editor_client):
    right = MiningRight.objects.get(plan=plan, seq=1)
    response = editor_client.patch(
        url("mining-rights", right.pk), {"capacity_unit": "t_per_day"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["capacity_unit_display"]


@pytest.mark.parametrize("resource", ["exploration-rights", "mining-rights"])
def test_a_right_expiring_before_it_starts_is_refused_naming_both_dates(
    plan, editor_client, resource
):
    model = ExplorationRight if resource == "exploration-rights" else MiningRight
    right = model.objects.get(plan=plan, seq=3)
    response = editor_client.patch(
        url(resource, right.pk),
        {"valid_from": "2024-01-01", "valid_to": "2023-12-31"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"valid_from", "valid_to"}, body
    assert "valid_to" in body["detail"]
    right.refresh_from_db()
    assert right.valid_from != date(2024, 1, 1)
    response = editor_client.patch(
        url(resource, right.pk),
        {"valid_from": "2024-01-01", "valid_to": "2024-01-01"},
        format="json",
    )
    assert response.status_code == 200, response.json()


def test_text_in_a_figure_is_refused(plan, editor_client):
    target = make_indicator(plan, unit="10k_t")
    response = editor_client.post(
        url("indicator-values"),
        {"indicator": target.pk, "year": 2023, "value": "很多", "unit": "10k_t", "source": "other"},
        format="json",
    )
    assert response.status_code == 400
    assert "value" in response.json()["errors"]


@pytest.mark.parametrize("resource", ["plans", "minerals", "indicators", "key-projects"])
def test_read_only_resources_refuse_writes_with_a_405(plan, api_client, superuser, resource):
    api_client.force_authenticate(superuser)
    response = api_client.post(url(resource), {}, format="json")
    assert response.status_code == 405
    assert "POST" in response.json()["detail"]


def test_session_writes_need_the_csrf_token(plan, editor):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(
        url("exploration-rights"), exploration_right_payload(plan, seq=102), format="json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not ExplorationRight.objects.filter(plan=plan, seq=102).exists()
