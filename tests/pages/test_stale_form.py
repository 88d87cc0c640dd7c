"""The figure form refuses a save from a stale page: nobody's figure is silently replaced."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from targets.models import Indicator, IndicatorValue
from tests.factories import client_in

FIGURE = {
    "year": 2025,
    "value": "1500000",
    "unit": "t",
    "source": "statistical_report",
    "source_note": "2025 年矿产资源统计年报",
}


@pytest.fixture
def iron(plan):
    """专栏8 row 2: 铁, 200 矿石万吨 (typed-in figures)."""
    return Indicator.objects.get(plan=plan, group__code="column_8", seq=2)


@pytest.fixture
def colleague(make_user):
    return make_user(
        "colleague",
        staff=True,
        perms=["targets.add_indicatorvalue", "targets.change_indicatorvalue"],
    )


@pytest.fixture
def colleague_client(colleague):
    client = client_in(Client(), "zh-hans")
    client.force_login(colleague)
    return client


def detail_url(indicator):
    return reverse("targets:detail", args=[indicator.pk])


def shown_form(client, indicator):
    """Open the page; the figure form as it would be posted back (with its hidden field)."""
    form = client.get(detail_url(indicator)).context["form"]
    return {**FIGURE, "seen_versions": form.initial["seen_versions"]}


def test_a_correction_from_a_stale_page_is_refused_with_what_changed(
    zh_client, colleague_client, iron, editor
):
    colleague_client.post(detail_url(iron), {**FIGURE, "value": "1000000"})
    zh_client.force_login(editor)
    posted = shown_form(zh_client, iron)
    # Meanwhile the colleague corrects the same year's figure.
    assert (
        colleague_client.post(detail_url(iron), {**FIGURE, "value": "1800000"}).status_code == 302
    )
    response = zh_client.post(detail_url(iron), {**posted, "value": "1200000"})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "colleague" in errors
    assert "1800000" in errors
    assert "colleague" in response.content.decode()
    figure = IndicatorValue.objects.get(indicator=iron, year=2025)
    assert figure.value == Decimal("1800000")
    assert figure.entered_by.username == "colleague"


def test_a_figure_added_meanwhile_by_someone_else_is_a_conflict(
    zh_client, colleague_client, iron, editor
):
    zh_client.force_login(editor)
    posted = shown_form(zh_client, iron)  # no 2025 figure yet
    assert colleague_client.post(detail_url(iron), FIGURE).status_code == 302
    response = zh_client.post(detail_url(iron), {**posted, "value": "1200000"})
    assert response.status_code == 200
    assert "colleague" in " ".join(response.context["form"].non_field_errors())
    assert IndicatorValue.objects.get(indicator=iron, year=2025).value == Decimal("1500000")


def test_a_save_from_a_current_page_is_written(zh_client, iron, editor):
    zh_client.force_login(editor)
    posted = shown_form(zh_client, iron)
    assert zh_client.post(detail_url(iron), posted).status_code == 302
    # The page now shows the new figure's version, so a further correction goes through.
    posted = shown_form(zh_client, iron)
    assert zh_client.post(detail_url(iron), {**posted, "value": "1600000"}).status_code == 302
    assert IndicatorValue.objects.get(indicator=iron, year=2025).value == Decimal("1600000")
