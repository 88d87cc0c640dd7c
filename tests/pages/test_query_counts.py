"""Every page costs the same number of queries with a few rows as with many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from targets.models import Indicator, LiveMetric

JUSTIFY = (
    "{url} made {few} queries with few rows and a different number with many: a query per "
    "row has crept in. Load it with select_related / prefetch_related / an annotation, or "
    "justify the extra query here."
)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def urls(plan):
    indicator = Indicator.objects.filter(plan=plan, live_metric="").first()
    mines = Indicator.objects.filter(plan=plan, live_metric=LiveMetric.MINE_COUNT).first()
    return [
        reverse("overview"),
        reverse("targets:dashboard"),
        reverse("targets:dashboard") + "?period=2021-2025&attribute=expected",
        reverse("targets:review"),
        reverse("targets:detail", args=[indicator.pk]),
        reverse("deposits:list"),
        reverse("deposits:list") + "?scale=small&ordering=-name&page=2",
        reverse("rights:exploration") + "?search=铁&stage=general",
        reverse("rights:mining") + "?mineral=铁矿&ordering=area_km2",
        reverse("zones:list") + "?kind=mining_block",
        reverse("deposits:export"),
        reverse("rights:exploration-export"),
        reverse("rights:mining-export"),
        reverse("zones:export"),
        reverse("targets:dashboard-export"),
        reverse("targets:review-export"),
        *([reverse("targets:records", args=[mines.pk])] if mines else []),
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_pages_make_as_many_queries_with_many_rows_as_with_few(
    client, plan, many_records, django_assert_num_queries, language
):
    client.cookies["django_language"] = language
    pages = urls(plan)
    few = {url: count_queries(client, url) for url in pages}
    indicators = many_records(plan)
    # An indicator page with five figures costs what one with the plan's figures cost.
    detail = reverse("targets:detail", args=[indicators[0].pk])
    few[detail] = few[pages[4]]
    for url, expected in few.items():
        with django_assert_num_queries(expected, info=JUSTIFY.format(url=url, few=expected)):
            response = client.get(url)
        assert response.status_code == 200


def test_staff_pages_make_as_many_queries_with_many_figures(client, plan, editor, many_records):
    """A signed-in editor sees the add-figure form; that costs no query per figure either."""
    client.force_login(editor)
    indicator = Indicator.objects.filter(plan=plan, live_metric="").first()
    url = reverse("targets:detail", args=[indicator.pk])
    few = count_queries(client, url)
    indicators = many_records(plan)
    many = count_queries(client, reverse("targets:detail", args=[indicators[0].pk]))
    assert many == few, JUSTIFY.format(url=url, few=few)
