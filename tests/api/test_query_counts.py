"""No N+1: every list runs as many queries for a page of 2 rows as for a page of many.

Each resource gets ``ROWS`` extra rows first (tests/factories.py), each referring to
its own mineral, group, indicator or user, so that the large page really holds dozens of
rows and a query per row would show.
"""

import pytest

from tests.api.urls import url
from tests.factories import MANY, ROWS, many_exploration_rights

# Queries per list page: COUNT(*) and the page itself, plus one per prefetched relation.
EXPECTED_QUERIES = {
    "plans": 2,
    "minerals": 4,  # + aliases, + regulations with their plans
    "deposits": 2,
    "resource-reserves": 2,
    "exploration-rights": 2,
    "mining-rights": 2,
    "zones": 2,
    "development-regions": 2,
    # + the indicators' figures (with_live), live indicators, the plan's stock figures and
    # its sand-gravel-clay counts: computed inside the test's transaction, where
    # planportal.cache stores nothing; outside one they are a cache read.
    "indicators": 6,
    "indicator-values": 2,
    "key-projects": 2,
    "scale-standards": 2,
}


def test_every_resource_has_a_factory_for_many_rows():
    assert set(MANY) == set(EXPECTED_QUERIES)


@pytest.mark.parametrize("resource", EXPECTED_QUERIES)
def test_list_query_count_does_not_grow_with_the_page(
    resource, plan, api_client, django_assert_num_queries
):
    MANY[resource](plan, ROWS)
    expected = EXPECTED_QUERIES[resource]
    info = (
        f"/api/v1/{resource}/ ran a different number of queries than {expected}: an extra "
        "query per row is an N+1 (add select_related/prefetch_related in get_queryset); "
        "justify any other new query and update EXPECTED_QUERIES."
    )
    with django_assert_num_queries(expected, info=info):
        small = api_client.get(url(resource, page_size=2))
    with django_assert_num_queries(expected, info=info):
        large = api_client.get(url(resource, page_size=1000))
    assert small.status_code == large.status_code == 200
    assert len(small.json()["results"]) == 2
    body = large.json()
    # Every row is on the large page, the new ones included.
    assert ROWS < body["count"] <= 1000
    assert len(body["results"]) == body["count"]


def test_a_page_of_1000_exploration_rights_is_full(plan, api_client, django_assert_num_queries):
    many_exploration_rights(plan, 1100)
    with django_assert_num_queries(2):
        body = api_client.get(url("exploration-rights", page_size=1000)).json()
    assert len(body["results"]) == 1000


def test_filtering_by_mineral_name_adds_one_query(plan, api_client, django_assert_num_queries):
    with django_assert_num_queries(
        3, info="The mineral filter resolves the name or alias once, then counts and pages."
    ):
        body = api_client.get(url("deposits", mineral="铁", page_size=1000)).json()
    assert body["count"] == 20
