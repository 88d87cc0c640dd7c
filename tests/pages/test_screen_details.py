"""Small things a user trips on (issue 11): the figure form's units, the login's landing page,
the drill-down's navigation, sortable headers, the API docs link, the admin's plan column."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from planportal.units import Unit, dimension_of, units_of
from rights.models import MiningRight
from targets.models import Indicator
from tests.factories import PASSWORD, make_plan


@pytest.fixture
def iron(plan):
    """专栏8 row 2: 铁, 200 矿石万吨 (a mass)."""
    return Indicator.objects.get(plan=plan, group__code="column_8", seq=2)


def test_figure_form_offers_only_units_of_the_targets_dimension(client, editor, iron):
    client.force_login(editor)
    form = client.get(reverse("targets:detail", args=[iron.pk])).context["form"]
    offered = [code for code, _label in form.fields["unit"].choices]
    assert offered == [unit.value for unit in units_of(dimension_of(iron.unit))]
    assert Unit.TONNE.value in offered
    for other in (Unit.KG.value, Unit.PERCENT.value, Unit.YUAN.value, Unit.TEN_K_CUBIC_METRE.value):
        if dimension_of(other) != dimension_of(iron.unit):
            assert other not in offered
    assert len(offered) < len(Unit.choices)


def test_figure_in_a_unit_the_form_does_not_offer_is_refused(zh_client, editor, iron):
    zh_client.force_login(editor)
    url = reverse("targets:detail", args=[iron.pk])
    figure = {"year": 2025, "value": "1", "unit": "percent", "source": "statistical_report"}
    response = zh_client.post(url, figure)
    assert response.status_code == 200
    assert "不是该指标所计量的单位" in response.content.decode()
    assert not iron.values.filter(year=2025, unit="percent").exists()


def test_login_with_a_refused_next_lands_on_the_overview(client, make_user):
    make_user("clerk", staff=True)
    response = client.post(
        reverse("admin:login") + "?next=https://evil.example/",
        {"username": "clerk", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("overview")


def test_records_drill_down_highlights_the_targets_in_the_navigation(client, plan):
    indicator = Indicator.objects.filter(plan=plan).exclude(live_metric="").first()
    page = client.get(reverse("targets:records", args=[indicator.pk]))
    text = page.content.decode()
    assert page.context["nav"] == "targets"
    assert f'href="{reverse("targets:dashboard")}?plan={plan.code}" aria-current="page"' in text
    assert text.count('aria-current="page"') == 1


def test_sortable_headers_are_marked_and_say_their_order(client, plan):
    text = client.get(reverse("rights:mining"), {"ordering": "-capacity"}).content.decode()
    assert 'class="sort-link"' in text
    assert 'aria-sort="descending"' in text
    assert text.count("aria-sort=") == 1


def test_every_page_links_to_the_api_docs(client, plan):
    for name in ("overview", "rights:mining", "targets:dashboard"):
        text = client.get(reverse(name)).content.decode()
        assert f'href="{reverse("api:docs")}"' in text, name


def list_display(user, model):
    request = RequestFactory().get("/")
    request.user = user
    return admin.site._registry[model].get_list_display(request)


def test_admin_plan_column_is_gone_with_one_plan_and_a_short_code_with_several(
    plan, superuser, admin_client
):
    assert "plan" not in list_display(superuser, MiningRight)
    assert "plan_code" not in list_display(superuser, MiningRight)
    make_plan()
    columns = list_display(superuser, MiningRight)
    assert "plan_code" in columns
    assert "plan" not in columns
    text = admin_client.get(reverse("admin:rights_miningright_changelist")).content.decode()
    assert f">{plan.code}</td>" in text
    table = text.split('id="result_list"')[1].split("</table>")[0]
    assert plan.name not in table


def test_admin_pages_load_the_portal_admin_stylesheet(admin_client, plan):
    text = admin_client.get(reverse("admin:rights_miningright_changelist")).content.decode()
    assert "css/admin.css" in text
