"""The API and the page form write actual figures through the same service, with its rules."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from planportal.choices import Scale
from rights.models import MiningRight
from targets.choices import LiveMetric
from targets.models import Indicator, IndicatorValue
from targets.services import indicator_value_refuse_typed_in
from tests.api.urls import url


@pytest.fixture
def editor_client(api_client, editor):
    api_client.force_authenticate(editor)
    return api_client


def refusal(indicator):
    with pytest.raises(ValidationError) as raised:
        indicator_value_refuse_typed_in(indicator)
    return raised.value.messages[0]


def figure(indicator, **changes):
    return {
        "indicator": indicator.pk,
        "year": 2025,
        "value": "21",
        "unit": indicator.unit,
        "source": "statistical_report",
        **changes,
    }


def test_a_typed_in_figure_for_a_live_indicator_is_refused_as_on_the_page(plan, editor_client):
    # 矿山总数 is always computed from the registers: the page shows no form for it.
    live = Indicator.objects.get(plan=plan, live_metric=LiveMetric.MINE_COUNT)
    response = editor_client.post(url("indicator-values"), figure(live), format="json")
    assert response.status_code == 400
    assert refusal(live) in response.json()["detail"]
    assert not IndicatorValue.objects.filter(indicator=live, year=2025).exists()


def test_a_correction_of_a_live_indicator_figure_is_refused(plan, editor_client):
    live = Indicator.objects.get(plan=plan, live_metric=LiveMetric.MINE_COUNT)
    existing = IndicatorValue.objects.filter(indicator=live).first()
    if existing is None:
        existing = IndicatorValue.objects.create(
            indicator=live, year=2020, value=Decimal("30"), unit=live.unit, source="plan"
        )
    before = existing.value
    response = editor_client.patch(
        url("indicator-values", existing.pk), {"value": "99"}, format="json"
    )
    assert response.status_code == 400
    existing.refresh_from_db()
    assert existing.value == before


def test_a_live_figure_the_registers_cannot_give_is_accepted_until_they_can(plan, editor_client):
    # 大中型矿山比例: no mine has a registered scale yet, so the typed figure counts.
    share = Indicator.objects.get(plan=plan, live_metric=LiveMetric.LARGE_MEDIUM_SHARE)
    response = editor_client.post(
        url("indicator-values"), figure(share, value="47.5", unit="percent"), format="json"
    )
    assert response.status_code == 201, response.json()
    MiningRight.objects.filter(plan=plan).update(scale=Scale.MEDIUM)
    response = editor_client.post(
        url("indicator-values"),
        figure(share, year=2024, value="40", unit="percent"),
        format="json",
    )
    assert response.status_code == 400
    assert refusal(share) in response.json()["detail"]


def test_a_new_value_through_the_api_clears_the_figure_as_printed(plan, editor_client):
    printed = IndicatorValue.objects.filter(
        indicator__plan=plan, indicator__live_metric=""
    ).exclude(value_as_printed="")
    existing = printed.first()
    response = editor_client.patch(
        url("indicator-values", existing.pk), {"value": str(existing.value + 1)}, format="json"
    )
    assert response.status_code == 200
    existing.refresh_from_db()
    assert existing.value_as_printed == ""
