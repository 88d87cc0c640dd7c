"""No N+1: every list runs as many queries for a page of 2 rows as for a page of 1000."""

from decimal import Decimal

import pytest

from deposits.models import Mineral
from rights.models import ExplorationRight
from targets.models import Indicator, IndicatorValue
from tests.api.conftest import url

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
    "indicators": 2,
    "indicator-values": 2,
    "key-projects": 2,
    "scale-standards": 2,
}


def many_exploration_rights(plan, count):
    """``count`` extra exploration rights, so that a page of 1000 is full."""
    mineral = Mineral.objects.get(name="铁矿")
    ExplorationRight.objects.bulk_create(
        ExplorationRight(
            plan=plan,
            seq=1000 + index,
            name=f"测试探矿权 {index}",
            mineral=mineral,
            area_km2=Decimal("1.5"),
            stage="general",
        )
        for index in range(count)
    )


def more_indicator_values(count):
    """Actual figures for ``count`` indicators (in each one's own unit), in a year no fixture uses."""
    indicators = list(Indicator.objects.order_by("pk")[:count])
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator,
            year=2099,
            value=Decimal("1"),
            unit=indicator.unit,
            source="other",
        )
        for indicator in indicators
    )
    return len(indicators)


@pytest.mark.parametrize("resource", EXPECTED_QUERIES)
def test_list_query_count_does_not_grow_with_the_page(
    resource, plan, api_client, django_assert_num_queries
):
    if resource == "exploration-rights":
        many_exploration_rights(plan, 1100)
    if resource == "indicator-values":
        assert more_indicator_values(5) == 5
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
    assert len(small.json()["results"]) == min(2, large.json()["count"])
    assert len(large.json()["results"]) == min(1000, large.json()["count"])


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
