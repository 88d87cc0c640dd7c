"""The admin change form opened twice: the second save is refused, the first one kept."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from rights.models import MiningRight
from targets.models import Indicator, IndicatorValue
from tests.factories import admin_form_data


def client_as(user, language="en"):
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def right(loaded_plan):
    return MiningRight.objects.get(plan=loaded_plan, seq=3)


def test_a_change_form_opened_twice_refuses_the_second_save(superuser, editor, right):
    url = reverse("admin:rights_miningright_change", args=[right.pk])
    first, second = client_as(superuser), client_as(editor)
    first_form = admin_form_data(first.get(url))
    second_form = admin_form_data(second.get(url))
    assert second_form["seen_version"] == str(right.version)

    saved = first.post(url, {**first_form, "holder": "乙公司"})
    assert saved.status_code == 302

    refused = second.post(url, {**second_form, "capacity": "77.7"})
    assert refused.status_code == 200  # the form again, with the reason
    errors = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "holder" in errors
    assert "乙公司" in errors
    assert superuser.username in errors
    right.refresh_from_db()
    assert right.holder == "乙公司"
    assert right.capacity != Decimal("77.7")


def test_a_change_form_saved_twice_in_turn_is_written_both_times(superuser, right):
    url = reverse("admin:rights_miningright_change", args=[right.pk])
    client = client_as(superuser)
    assert (
        client.post(url, {**admin_form_data(client.get(url)), "holder": "甲公司"}).status_code
        == 302
    )
    assert (
        client.post(url, {**admin_form_data(client.get(url)), "holder": "乙公司"}).status_code
        == 302
    )
    right.refresh_from_db()
    assert right.holder == "乙公司"


def test_a_stale_row_of_the_figures_inline_is_refused(superuser, make_user, loaded_plan):
    indicator = Indicator.objects.filter(plan=loaded_plan, values__isnull=False).first()
    figure = indicator.values.order_by("year").first()
    url = reverse("admin:targets_indicator_change", args=[indicator.pk])
    other = make_user("other-admin", staff=True, superuser=True)
    first, second = client_as(superuser), client_as(other)
    first_form, second_form = admin_form_data(first.get(url)), admin_form_data(second.get(url))
    row = next(
        name.removesuffix("-id")
        for name, value in first_form.items()
        if name.endswith("-id") and value == str(figure.pk)
    )
    assert first.post(url, {**first_form, f"{row}-source_note": "甲的更正"}).status_code == 302
    refused = second.post(url, {**second_form, f"{row}-source_note": "乙的更正"})
    assert refused.status_code == 200
    assert "甲的更正" in refused.content.decode()
    figure.refresh_from_db()
    assert figure.source_note == "甲的更正"
    assert IndicatorValue.objects.filter(source_note="乙的更正").count() == 0
