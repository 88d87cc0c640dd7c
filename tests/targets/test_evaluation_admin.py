"""The evaluation in the admin: text and reasons until signed off, read-only after."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from targets.evaluation import evaluation_create, evaluation_save, evaluation_sign_off
from targets.models import Evaluation, EvaluationReason
from tests.factories import admin_form_data


@pytest.fixture
def admin_client(superuser):
    client = Client()
    client.force_login(superuser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def evaluation(own_plan):
    return evaluation_create(own_plan, 2025)


@pytest.fixture
def iron(make_indicator):
    return make_indicator(target="200", name="铁")


def change_url(evaluation):
    return reverse("admin:targets_evaluation_change", args=[evaluation.pk])


def test_text_and_reasons_are_written_in_the_admin(admin_client, evaluation, iron):
    data = admin_form_data(admin_client.get(change_url(evaluation)))
    prefix = "reasons"
    data.update(
        {
            "overall": "总体顺利。",
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-indicator": str(iron.pk),
            f"{prefix}-0-reason": "投入不足。",
            f"{prefix}-0-evaluation": str(evaluation.pk),
        }
    )
    response = admin_client.post(change_url(evaluation), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    evaluation.refresh_from_db()
    assert evaluation.overall == "总体顺利。"
    assert EvaluationReason.objects.get(evaluation=evaluation).reason == "投入不足。"


def test_a_stale_admin_save_is_refused(admin_client, evaluation):
    data = admin_form_data(admin_client.get(change_url(evaluation)))
    evaluation_save(evaluation, sections={"overall": "别人写的"})
    response = admin_client.post(change_url(evaluation), {**data, "overall": "我写的"})
    assert response.status_code == 200
    assert Evaluation.objects.get(pk=evaluation.pk).overall == "别人写的"


def test_a_signed_evaluation_is_read_only_in_the_admin(admin_client, evaluation, iron, superuser):
    evaluation_save(evaluation, sections={"overall": "原文"}, reasons={iron.pk: "原因"})
    evaluation_sign_off(evaluation, superuser)
    page = admin_client.get(change_url(evaluation))
    html = page.content.decode()
    assert 'name="overall"' not in html
    assert 'name="reasons-0-reason"' not in html
    data = admin_form_data(page)
    data.update(
        {
            "overall": "改",
            "reasons-TOTAL_FORMS": "2",
            "reasons-1-indicator": str(iron.pk),
            "reasons-1-reason": "改",
        }
    )
    admin_client.post(change_url(evaluation), data)
    evaluation.refresh_from_db()
    assert evaluation.overall == "原文"
    assert [r.reason for r in EvaluationReason.objects.all()] == ["原因"]
    delete = reverse("admin:targets_evaluation_delete", args=[evaluation.pk])
    assert admin_client.get(delete).status_code == 403


def test_the_admin_pages_open(admin_client, evaluation):
    for url in (
        reverse("admin:targets_evaluation_changelist"),
        reverse("admin:targets_evaluation_add"),
        change_url(evaluation),
    ):
        assert admin_client.get(url).status_code == 200, url
