"""A search term finds the same rows on a register page as through the API's ?search=."""

import pytest
from django.urls import reverse

from deposits.models import Deposit
from rights.models import ExplorationRight, MiningRight
from zones.models import PlanningArea

PERMIT_NO = "C4400002021011210151234"
HOLDER = "新源县示例矿业有限公司"
NOTE = "示例备注：与生态保护红线不重叠"


def page_ids(client, url_name, term):
    response = client.get(reverse(url_name), {"search": term})
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert not page.has_other_pages(), "pick a term that fits on one page"
    return {row.pk for row in page.object_list}


def api_ids(api_client, resource, plan, term):
    response = api_client.get(
        f"/api/v1/{resource}/", {"plan": plan.code, "search": term, "page_size": 1000}
    )
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def first_with_mineral(model, plan):
    return model.objects.filter(plan=plan, mineral__isnull=False).order_by("seq").first()


@pytest.mark.parametrize(
    ("model", "url_name", "resource", "field", "term"),
    [
        (MiningRight, "rights:mining", "mining-rights", "permit_no", PERMIT_NO),
        (MiningRight, "rights:mining", "mining-rights", "holder", HOLDER),
        (ExplorationRight, "rights:exploration", "exploration-rights", "permit_no", PERMIT_NO),
        (ExplorationRight, "rights:exploration", "exploration-rights", "holder", HOLDER),
        (PlanningArea, "zones:list", "zones", "note", NOTE),
    ],
)
def test_a_term_in_a_searched_field_finds_the_row_on_the_page_and_in_the_api(
    client, api_client, plan, model, url_name, resource, field, term
):
    row = first_with_mineral(model, plan)
    model.objects.filter(pk=row.pk).update(**{field: term})

    on_page = page_ids(client, url_name, term)
    assert on_page == {row.pk}
    assert api_ids(api_client, resource, plan, term) == on_page


@pytest.mark.parametrize(
    ("model", "url_name", "resource"),
    [
        (MiningRight, "rights:mining", "mining-rights"),
        (ExplorationRight, "rights:exploration", "exploration-rights"),
        (Deposit, "deposits:list", "deposits"),
        (PlanningArea, "zones:list", "zones"),
    ],
)
def test_a_name_and_a_mineral_find_the_same_rows_on_the_page_and_in_the_api(
    client, api_client, plan, model, url_name, resource
):
    row = first_with_mineral(model, plan)
    for term in (row.name, f"{row.name} {row.mineral.name}"):
        on_page = page_ids(client, url_name, term)
        assert row.pk in on_page
        assert api_ids(api_client, resource, plan, term) == on_page
