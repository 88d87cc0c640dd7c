"""A list's count (API and pages) and a page's totals are cached per data generation under the
list's SQL (``planportal.cache.cached_for_rows``): each filter has its own entry, and rows
written behind the model signals show only after a bump, as every other cached figure.

These tests commit (``transaction=True``): the cache is skipped inside a transaction. The
cache of whole answers is off, so that each answer is computed and only the counts come from
the cache.
"""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from planportal import cache
from planportal.choices import Stage
from rights.models import ExplorationRight
from tests.factories import many_exploration_rights

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def computed_answers(settings):
    settings.RESPONSE_CACHE_SECONDS = 0
    cache.bump()


def api_count(client, plan, **filters):
    response = client.get("/api/v1/exploration-rights/", {"plan": plan.code, **filters})
    assert response.status_code == 200
    return response.json()["count"]


def page_totals(client, plan, **filters):
    url = reverse("rights:exploration")
    response = client.get(url, {"plan": plan.code, **filters})
    assert response.status_code == 200
    totals = response.context["totals"]
    return totals["count"], totals["area"]


def test_api_counts_are_cached_per_generation_and_per_filter(plan):
    client = Client()
    every, general = api_count(client, plan), api_count(client, plan, stage=Stage.GENERAL)
    detailed = api_count(client, plan, stage=Stage.DETAILED)
    assert every > general > 0

    many_exploration_rights(plan, 3)  # bulk_create: behind the signals
    assert api_count(client, plan) == every
    assert api_count(client, plan, stage=Stage.GENERAL) == general

    cache.bump()
    assert api_count(client, plan) == every + 3
    assert api_count(client, plan, stage=Stage.GENERAL) == general + 3
    assert api_count(client, plan, stage=Stage.DETAILED) == detailed
    # The rows listed agree with the count.
    last = client.get("/api/v1/exploration-rights/", {"plan": plan.code, "page_size": 1000}).json()[
        "results"
    ]
    assert len(last) == every + 3


def test_page_totals_are_cached_the_same_way(plan):
    client = Client()
    count, area = page_totals(client, plan)
    general_count, _ = page_totals(client, plan, stage=Stage.GENERAL)

    many_exploration_rights(plan, 2)
    assert page_totals(client, plan) == (count, area)

    cache.bump()
    assert page_totals(client, plan) == (count + 2, area + 2 * Decimal("1.5"))
    assert page_totals(client, plan, stage=Stage.GENERAL)[0] == general_count + 2


def test_a_saved_row_renews_the_counts(plan):
    """A write through the models (admin, API, forms) needs no bump of its own."""
    right = ExplorationRight.objects.filter(plan=plan).order_by("seq").first()
    client = Client()
    before = api_count(client, right.plan, stage=Stage.RECONNAISSANCE)
    right.stage = Stage.RECONNAISSANCE if right.stage != Stage.RECONNAISSANCE else Stage.GENERAL
    moved_in = right.stage == Stage.RECONNAISSANCE
    right.save()
    after = api_count(client, right.plan, stage=Stage.RECONNAISSANCE)
    assert after == before + (1 if moved_in else -1)
