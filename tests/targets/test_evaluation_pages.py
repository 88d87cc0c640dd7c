"""The evaluation pages: who may do what, sign-off, the changes since, query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from targets.evaluation import evaluation_create, evaluation_save, evaluation_sign_off
from targets.models import Evaluation, EvaluationReason, Indicator
from tests import factories

EVALUATION_PERMS = [
    "targets.view_evaluation",
    "targets.add_evaluation",
    "targets.change_evaluation",
    "targets.add_evaluationreason",
    "targets.change_evaluationreason",
]
JUSTIFY = (
    "{url} made {few} queries with few rows and {many} with many: a query per row has crept "
    "in. Load it with select_related / prefetch_related / the selectors, or justify it here."
)


@pytest.fixture
def evaluator(db):
    return factories.make_user("评估员", staff=True, perms=EVALUATION_PERMS)


@pytest.fixture
def iron(make_indicator):
    return make_indicator(target="200", aggregation="period_total", name="铁")


@pytest.fixture
def evaluation(own_plan):
    return evaluation_create(own_plan, 2025)


def detail_url(evaluation):
    return reverse("targets:evaluation", args=[evaluation.pk])


def list_url(plan):
    return f"{reverse('targets:evaluations')}?plan={plan.code}"


def save_form(evaluation, **fields):
    return {"action": "save", "seen_version": evaluation.version, **fields}


def test_staff_write_the_text_and_reasons_then_sign_off(
    client, evaluator, evaluation, iron, add_value
):
    add_value(iron, 2022, "50")
    client.force_login(evaluator)
    page = client.get(detail_url(evaluation))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'name="reason-{iron.pk}"' in html  # a reason field for the target not met
    assert 'data-testid="missing-reasons"' in html
    assert "规划实施总体情况" in html

    response = client.post(
        detail_url(evaluation),
        save_form(evaluation, overall="总体顺利。", **{f"reason-{iron.pk}": "投入不足。"}),
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.overall == "总体顺利。"
    assert EvaluationReason.objects.get(evaluation=evaluation).reason == "投入不足。"
    assert (
        'data-testid="missing-reasons"' not in client.get(detail_url(evaluation)).content.decode()
    )

    response = client.post(
        detail_url(evaluation), {"action": "sign_off", "seen_version": evaluation.version}
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.signed_off_by == evaluator
    html = client.get(detail_url(evaluation)).content.decode()
    assert 'data-testid="signed-off"' in html
    assert 'name="reason-' not in html
    assert 'name="overall"' not in html
    assert "没有变化" in html  # nothing has changed since


def test_the_page_shows_what_changed_since_the_sign_off(
    client, evaluator, evaluation, iron, add_value
):
    figure = add_value(iron, 2022, "50")
    evaluation_sign_off(evaluation, evaluator)
    figure.value = 180
    figure.save()
    html = client.get(detail_url(evaluation)).content.decode()
    # The frozen figure stays in the table; the change is listed beneath the sign-off.
    row = re.search(rf'<tr data-indicator="{iron.pk}">.*?</tr>', html, re.S)[0]
    assert 'data-year="2022">50<' in row
    changes = re.search(r'id="changes-since-sign-off".*?</section>', html, re.S)[0]
    assert 'data-field="2022"' in changes
    assert re.search(
        r'data-testid="signed-value">50<.*?data-testid="current-value">180<', changes, re.S
    )


def test_a_signed_evaluation_refuses_a_save_from_the_page(client, evaluator, evaluation, iron):
    evaluation_sign_off(evaluation, evaluator)
    evaluation.refresh_from_db()
    client.force_login(evaluator)
    response = client.post(
        detail_url(evaluation),
        save_form(evaluation, overall="改", **{f"reason-{iron.pk}": "改"}),
    )
    assert response.status_code == 200
    assert "已签发" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.overall == ""
    assert not EvaluationReason.objects.exists()
    # Signing again is refused too; reopening is for superusers only.
    client.post(detail_url(evaluation), {"action": "sign_off"})
    assert Evaluation.objects.get(pk=evaluation.pk).version == evaluation.version
    assert client.post(detail_url(evaluation), {"action": "reopen"}).status_code == 403


def test_a_superuser_reopens(client, superuser, evaluator, evaluation):
    evaluation_sign_off(evaluation, evaluator)
    client.force_login(superuser)
    html = client.get(detail_url(evaluation)).content.decode()
    assert 'value="reopen"' in html
    client.post(detail_url(evaluation), {"action": "reopen"})
    assert not Evaluation.objects.get(pk=evaluation.pk).is_signed


def test_stale_version_is_refused_and_the_text_kept(client, evaluator, evaluation):
    seen = evaluation.version
    evaluation_save(evaluation, sections={"overall": "别人写的"})
    client.force_login(evaluator)
    response = client.post(
        detail_url(evaluation), {"action": "save", "seen_version": seen, "overall": "我写的"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "我写的" in html  # what was typed is shown again, not lost
    assert Evaluation.objects.get(pk=evaluation.pk).overall == "别人写的"


@pytest.mark.parametrize("who", ["anonymous", "viewer", "editor"])
def test_who_may_not_edit(client, who, evaluation, editor, viewer):
    if who != "anonymous":
        client.force_login({"viewer": viewer, "editor": editor}[who])
    html = client.get(detail_url(evaluation)).content.decode()
    assert 'name="overall"' not in html
    assert 'value="sign_off"' not in html
    response = client.post(detail_url(evaluation), save_form(evaluation, overall="改"))
    assert response.status_code == (302 if who == "anonymous" else 403)
    if who == "anonymous":
        assert "/login/" in response["Location"]
    response = client.post(list_url(evaluation.plan), {"year": 2023})
    assert response.status_code == (302 if who == "anonymous" else 403)
    assert Evaluation.objects.get(pk=evaluation.pk).overall == ""
    assert Evaluation.objects.count() == 1


def test_hostile_input_is_refused(client, evaluator, evaluation, plan):
    client.force_login(evaluator)
    other = Indicator.objects.filter(plan=plan).first()
    for data in (
        {"action": "save", "seen_version": "x"},
        {"action": "save", "seen_version": "99999999999999999999"},
        {"action": "save", "seen_version": evaluation.version, f"reason-{other.pk}": "别的规划"},
        {"action": "nonsense"},
    ):
        response = client.post(detail_url(evaluation), data)
        assert response.status_code == 200, data
    assert not EvaluationReason.objects.exists()
    assert Evaluation.objects.get(pk=evaluation.pk).version == evaluation.version
    for year in ("2031", "abc", "2025"):
        client.post(list_url(evaluation.plan), {"year": year})
    assert Evaluation.objects.count() == 1  # outside the period, not a year, a duplicate


def test_staff_start_an_evaluation(client, evaluator, own_plan):
    client.force_login(evaluator)
    assert 'name="year"' in client.get(list_url(own_plan)).content.decode()
    response = client.post(list_url(own_plan), {"year": "2023", "kind": ""})
    evaluation = Evaluation.objects.get(plan=own_plan)
    assert response["Location"] == detail_url(evaluation)
    assert evaluation.kind == "midterm"
    html = client.get(list_url(own_plan)).content.decode()
    assert f'data-evaluation="{evaluation.pk}"' in html
    assert "中期评估" in html


def test_the_dashboard_links_to_the_evaluations(client, plan):
    html = client.get(f"{reverse('targets:dashboard')}?plan={plan.code}").content.decode()
    assert reverse("targets:evaluations") in html


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_pages_cost_a_fixed_number_of_queries(
    client, evaluator, own_plan, make_indicator, add_value
):
    client.force_login(evaluator)
    first = evaluation_create(own_plan, 2025)
    iron = make_indicator(target="200")
    add_value(iron, 2022, "10")
    evaluation_save(first, reasons={iron.pk: "原因"})
    few = {url: count_queries(client, url) for url in (list_url(own_plan), detail_url(first))}
    for year in (2021, 2022, 2023):
        evaluation_sign_off(evaluation_create(own_plan, year), evaluator)
    for n in range(8):
        indicator = make_indicator(target="100", group=f"g{n % 3}")
        add_value(indicator, 2021 + n % 5, "3")
        evaluation_save(first, reasons={indicator.pk: f"原因{n}"})
    for url, count in few.items():
        many = count_queries(client, url)
        assert many == count, JUSTIFY.format(url=url, few=count, many=many)
    # A signed one reads its snapshot and builds the current figures once, to compare.
    signed = Evaluation.objects.filter(plan=own_plan, year=2023).get()
    url = detail_url(signed)
    before = count_queries(client, url)
    make_indicator(target="5", group="g9")
    assert count_queries(client, url) == before
