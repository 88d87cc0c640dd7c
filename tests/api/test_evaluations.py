"""/api/v1/evaluations/: start, write text and reasons with If-Match, sign off, read the report."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from targets.evaluation import evaluation_create, evaluation_save, evaluation_sign_off
from targets.models import Evaluation, EvaluationReason, Indicator
from tests import factories
from tests.api.urls import url

PERMS = [
    "targets.view_evaluation",
    "targets.add_evaluation",
    "targets.change_evaluation",
    "targets.add_evaluationreason",
    "targets.change_evaluationreason",
]


@pytest.fixture
def evaluator(db):
    return factories.make_user("接口评估员", staff=True, perms=PERMS)


@pytest.fixture
def client(api_client, evaluator):
    api_client.force_authenticate(evaluator)
    return api_client


@pytest.fixture
def evaluation(plan):
    return evaluation_create(plan, 2025)


@pytest.fixture
def target(plan):
    return Indicator.objects.filter(plan=plan, group__code="column_8").order_by("seq").first()


def test_start_an_evaluation(client, plan, target):
    response = client.post(
        url("evaluations"),
        {
            "plan": plan.code,
            "year": 2023,
            "overall": "中期总体情况",
            "reasons": [{"indicator": target.pk, "reason": "原因"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == "midterm"
    assert body["overall"] == "中期总体情况"
    assert body["reasons"] == [
        {"indicator": target.pk, "indicator_name": target.name, "reason": "原因"}
    ]
    assert response["ETag"] == f'"{body["version"]}"'
    # One per plan and year; a year outside the period; an unknown plan.
    for data in (
        {"plan": plan.code, "year": 2023},
        {"plan": plan.code, "year": 2031},
        {"plan": "no-such-plan", "year": 2025},
        {"plan": plan.code, "year": "二〇二五"},
    ):
        assert client.post(url("evaluations"), data, format="json").status_code == 400, data
    assert Evaluation.objects.count() == 1


def test_patch_with_if_match_then_sign_off_then_refused(client, evaluation, target):
    address = url("evaluations", evaluation.pk)
    etag = client.get(address)["ETag"]
    response = client.patch(
        address,
        {"targets": "完成情况", "reasons": [{"indicator": target.pk, "reason": "勘查投入不足"}]},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.json()
    # The old ETag is stale now: 412, nothing written.
    stale = client.patch(address, {"targets": "旧"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    evaluation.refresh_from_db()
    assert evaluation.targets == "完成情况"

    signed = client.post(
        url("evaluations", evaluation.pk, "sign-off"), HTTP_IF_MATCH=response["ETag"]
    )
    assert signed.status_code == 200, signed.json()
    assert signed.json()["signed_off_by"] == "接口评估员"
    report = client.get(url("evaluations", evaluation.pk, "report")).json()
    assert report["signed_off_by"] == "接口评估员"
    reason = next(
        i["reason"] for g in report["groups"] for i in g["indicators"] if i["id"] == target.pk
    )
    assert reason == "勘查投入不足"

    # Signed: every write is refused.
    for data in (
        {"targets": "改"},
        {"reasons": [{"indicator": target.pk, "reason": "改"}]},
        {},
    ):
        assert client.patch(address, data, format="json").status_code == 400, data
    assert (
        client.put(address, {"plan": evaluation.plan.code, "year": 2025}, format="json").status_code
        == 400
    )
    assert client.post(url("evaluations", evaluation.pk, "sign-off")).status_code == 400
    assert client.delete(address).status_code in (400, 403)
    evaluation.refresh_from_db()
    assert evaluation.targets == "完成情况"
    assert EvaluationReason.objects.get(evaluation=evaluation).reason == "勘查投入不足"


def test_plan_and_year_do_not_change(client, evaluation):
    response = client.patch(url("evaluations", evaluation.pk), {"year": 2024}, format="json")
    assert response.status_code == 400
    assert Evaluation.objects.get(pk=evaluation.pk).year == 2025


def test_hostile_bodies_are_refused(client, evaluation, target):
    address = url("evaluations", evaluation.pk)
    for data in (
        {"reasons": "不是列表"},
        {"reasons": [{"indicator": 10**20, "reason": "x"}]},
        {"reasons": [{"indicator": target.pk, "reason": ["x"]}]},
        {"reasons": [{"indicator": target.pk, "reason": "x" * 10_001}]},
        {"overall": {"a": 1}},
    ):
        assert client.patch(address, data, format="json").status_code == 400, data
    other_plan = factories.make_plan()
    foreign = factories.make_indicator(other_plan, target="1")
    response = client.patch(
        address, {"reasons": [{"indicator": foreign.pk, "reason": "x"}]}, format="json"
    )
    assert response.status_code == 400
    assert not EvaluationReason.objects.exists()
    assert client.patch(address, "{bad json", content_type="application/json").status_code == 400


@pytest.mark.parametrize("who", ["anonymous", "viewer", "editor"])
def test_who_may_not_write(api_client, who, evaluation, viewer, editor):
    if who != "anonymous":
        api_client.force_authenticate({"viewer": viewer, "editor": editor}[who])
    expected = 401 if who == "anonymous" else 403
    assert api_client.get(url("evaluations", evaluation.pk)).status_code == 200
    assert (
        api_client.patch(
            url("evaluations", evaluation.pk), {"overall": "x"}, format="json"
        ).status_code
        == expected
    )
    assert api_client.post(url("evaluations", evaluation.pk, "sign-off")).status_code == expected
    assert not Evaluation.objects.get(pk=evaluation.pk).is_signed


def test_filters(client, plan, evaluator):
    evaluation_sign_off(evaluation_create(plan, 2023), evaluator)
    evaluation_create(plan, 2025)

    def years(**params):
        return [row["year"] for row in client.get(url("evaluations", **params)).json()["results"]]

    assert years(plan=plan.code) == [2025, 2023]
    assert years(signed="true") == [2023]
    assert years(signed="false") == [2025]
    assert years(kind="final") == [2025]
    assert client.get(url("evaluations", kind="weird")).status_code == 400


def test_list_costs_a_fixed_number_of_queries(client, plan, target, evaluator):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("evaluations")).status_code == 200
        return len(queries)

    evaluation_save(evaluation_create(plan, 2025), reasons={target.pk: "原因"})
    few = count()
    for year in (2021, 2022, 2023):
        evaluation = evaluation_create(plan, year)
        evaluation_save(evaluation, reasons={target.pk: f"原因{year}"})
        evaluation_sign_off(evaluation, evaluator)
    assert count() == few, "the evaluations list made a query per row: prefetch it"
