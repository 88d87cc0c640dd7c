"""Adding or correcting a year's actual figure on an indicator page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from planportal.choices import Scale
from rights.models import MiningRight
from targets.choices import LiveMetric
from targets.models import Indicator, IndicatorValue
from targets.selectors import indicator_rows

FIGURE = {
    "year": 2025,
    "value": "1500000",
    "unit": "t",
    "source": "statistical_report",
    "source_note": "2025 年矿产资源统计年报",
}


@pytest.fixture
def iron(plan):
    """专栏8 row 2: 铁, 200 矿石万吨 (a plain value target, typed-in figures)."""
    return Indicator.objects.get(plan=plan, group__code="column_8", seq=2)


def detail_url(indicator):
    return reverse("targets:detail", args=[indicator.pk])


def completion_on_dashboard(client, indicator):
    response = client.get(reverse("targets:dashboard"))
    for group in response.context["groups"]:
        for shown in group.indicator_list:
            if shown.pk == indicator.pk:
                return shown.current_completion_rate, response.content.decode()
    raise AssertionError(f"{indicator} is not on the dashboard")


def test_anonymous_post_is_sent_to_log_in(client, iron):
    response = client.post(detail_url(iron), FIGURE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not IndicatorValue.objects.filter(indicator=iron, year=2025).exists()


def test_a_viewer_may_not_post_a_figure(client, iron, viewer):
    client.force_login(viewer)
    assert client.post(detail_url(iron), FIGURE).status_code == 403
    assert not IndicatorValue.objects.filter(indicator=iron, year=2025).exists()


def test_the_form_is_shown_only_to_those_who_may_enter_figures(client, iron, viewer, editor):
    assert client.get(detail_url(iron)).context["form"] is None
    client.force_login(viewer)
    assert client.get(detail_url(iron)).context["form"] is None
    client.force_login(editor)
    html = client.get(detail_url(iron)).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="value"' in html


def test_staff_figure_changes_the_completion_on_the_targets_page(zh_client, iron, editor):
    zh_client.force_login(editor)
    before, _html = completion_on_dashboard(zh_client, iron)
    response = zh_client.post(detail_url(iron), FIGURE)
    assert response.status_code == 302
    assert response["Location"].startswith(detail_url(iron))
    # The success message is shown after the redirect, in Chinese, with who entered it.
    page = zh_client.get(response["Location"]).content.decode()
    assert "2025 年实际值已添加。" in page
    assert '">editor</td>' in page
    figure = IndicatorValue.objects.get(indicator=iron, year=2025)
    assert figure.entered_by == editor
    assert (figure.value, figure.unit) == (Decimal("1500000"), "t")
    # 1 500 000 t = 150 万吨; 150 ÷ 200 × 100 = 75 %.
    after, html = completion_on_dashboard(zh_client, iron)
    assert after == Decimal("75.00") != before
    assert "75 %" in html


def test_a_figure_in_another_dimension_is_refused_with_the_reason(zh_client, iron, editor):
    zh_client.force_login(editor)
    response = zh_client.post(detail_url(iron), {**FIGURE, "unit": "10k_m3"})
    assert response.status_code == 200
    errors = response.context["form"].errors["unit"]
    assert errors
    assert errors[0] in response.content.decode()
    assert not IndicatorValue.objects.filter(indicator=iron, year=2025).exists()


def test_an_invalid_number_is_refused(client, iron, editor):
    client.force_login(editor)
    response = client.post(detail_url(iron), {**FIGURE, "value": "lots"})
    assert response.status_code == 200
    assert response.context["form"].errors["value"]


def test_posting_a_year_again_corrects_the_figure(client, iron, editor):
    client.force_login(editor)
    client.post(detail_url(iron), FIGURE)
    client.post(detail_url(iron), {**FIGURE, "value": "180", "unit": "10k_t"})
    figure = IndicatorValue.objects.get(indicator=iron, year=2025)
    assert figure.value == Decimal("180")
    assert indicator_rows().get(pk=iron.pk).completion_rate == Decimal("90.00")


def test_correcting_needs_the_change_permission(client, iron, make_user):
    adder = make_user("adder", staff=True, perms=["targets.add_indicatorvalue"])
    client.force_login(adder)
    assert client.post(detail_url(iron), FIGURE).status_code == 302
    response = client.post(detail_url(iron), {**FIGURE, "value": "1"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert IndicatorValue.objects.get(indicator=iron, year=2025).value == Decimal("1500000")


def test_a_live_indicator_takes_no_typed_figure(client, plan, editor):
    # 矿山总数 is always computed from the registers.
    live = Indicator.objects.get(plan=plan, live_metric=LiveMetric.MINE_COUNT)
    client.force_login(editor)
    assert client.get(detail_url(live)).context["form"] is None
    assert client.post(detail_url(live), {**FIGURE, "unit": live.unit}).status_code == 403
    assert not IndicatorValue.objects.filter(indicator=live, year=2025).exists()


def test_a_live_figure_the_registers_cannot_give_may_be_typed_in(zh_client, plan, editor):
    # 大中型矿山比例: no mine has a registered scale, so staff type the 2025 figure in.
    share = Indicator.objects.get(plan=plan, live_metric=LiveMetric.LARGE_MEDIUM_SHARE)
    zh_client.force_login(editor)
    page = zh_client.get(detail_url(share))
    assert page.context["form"] is not None
    response = zh_client.post(
        detail_url(share),
        {**FIGURE, "value": "47.5", "unit": "percent", "source_note": "2025 年矿山规模统计"},
    )
    assert response.status_code == 302
    row = indicator_rows().get(pk=share.pk)
    assert (row.current_year, str(row.current_value), row.current_is_live) == (
        2025,
        "47.5000",
        False,
    )
    assert row.current_status == "met"
    # Once every mine has a registered scale the registers decide, and typing is refused.
    MiningRight.objects.filter(plan=plan).update(scale=Scale.SMALL)
    row = indicator_rows().get(pk=share.pk)
    assert (row.current_is_live, str(row.current_value), row.current_status) == (
        True,
        "0.0000",
        "not_met",
    )
    assert zh_client.get(detail_url(share)).context["form"] is None
    refused = zh_client.post(detail_url(share), {**FIGURE, "value": "50", "unit": "percent"})
    assert refused.status_code == 403
    assert IndicatorValue.objects.get(indicator=share, year=2025).value == Decimal("47.5")


def test_the_service_refuses_a_typed_figure_once_the_registers_give_it(plan, editor):
    from django.core.exceptions import ValidationError

    from targets.services import indicator_value_record

    share = Indicator.objects.get(plan=plan, live_metric=LiveMetric.LARGE_MEDIUM_SHARE)
    _figure, created = indicator_value_record(
        indicator=share, year=2024, value=Decimal("30"), unit="percent", source="other"
    )
    assert created
    MiningRight.objects.filter(plan=plan).update(scale=Scale.MEDIUM)
    with pytest.raises(ValidationError):
        indicator_value_record(
            indicator=share, year=2025, value=Decimal("30"), unit="percent", source="other"
        )
