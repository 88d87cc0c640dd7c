"""Cached summaries and live figures change right after a write through every channel.

These tests commit (``transaction=True``): the cache is used only outside a transaction and
renewed when a write commits, as on a server. The pages and the API are read once first, so
what they show afterwards comes from the cache unless the write invalidated it.
"""

import re
from decimal import Decimal

import pytest
import tablib
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from planportal import cache
from planportal.choices import MineStatus
from planportal.formatting import NO_FIGURE
from planportal.loader import plan_load
from rights.models import MiningRight
from rights.resources import MiningRightResource
from targets.choices import LiveMetric
from targets.models import Indicator
from tests.factories import admin_form_data, many_mining_rights

pytestmark = pytest.mark.django_db(transaction=True)

FIGURE = {
    "year": 2025,
    "value": "1500000",
    "unit": "t",
    "source": "statistical_report",
    "source_note": "2025 年矿产资源统计年报",
}


def logged_in(user):
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def closed_mines(client):
    """Closed mining rights in ``/api/v1/summary/``."""
    summary = client.get("/api/v1/summary/").json()
    return {item["code"]: item["count"] for item in summary["mining_rights"]["by_status"]}.get(
        MineStatus.CLOSED, 0
    )


def api_figure(client, indicator):
    """The figure ``/api/v1/indicators/`` shows for ``indicator`` (list and record agree)."""
    record = client.get(f"/api/v1/indicators/{indicator.pk}/").json()["current_value"]
    listed = client.get(f"/api/v1/indicators/?plan={indicator.plan.code}&page_size=100").json()
    [row] = [row for row in listed["results"] if row["id"] == indicator.pk]
    assert row["current_value"] == record
    return Decimal(record)


def dashboard_figure(client, indicator):
    """The figure ``/targets/`` shows for ``indicator``, read from the page as a reader sees it
    (an anonymous reader may get the page whole from the response cache); ``/`` must answer too.
    """
    assert client.get("/").status_code == 200
    html = client.get(reverse("targets:dashboard")).content.decode()
    row = re.search(rf'<tr data-indicator="{indicator.pk}">(.*?)</tr>', html, re.DOTALL)
    assert row, f"{indicator} is not on the dashboard"
    shown = re.search(r'data-testid="actual">([^<]*)', row[1])[1].strip()
    return None if shown == NO_FIGURE else Decimal(shown.replace(",", ""))


@pytest.fixture
def mines(plan):
    """The live count of mines in force (矿山总数)."""
    return Indicator.objects.get(plan=plan, live_metric=LiveMetric.MINE_COUNT)


def test_every_write_channel_renews_the_cached_figures(plan, mines, superuser, editor):
    anonymous = Client()
    right = MiningRight.objects.get(plan=plan, seq=3)
    assert right.status != MineStatus.CLOSED
    iron = Indicator.objects.get(plan=plan, group__code="column_8", seq=2)
    count, closed = api_figure(anonymous, mines), closed_mines(anonymous)
    assert dashboard_figure(anonymous, mines) == count
    iron_before = dashboard_figure(anonymous, iron)

    # Served from the cache: a write that bypasses every signal is not seen until a bump.
    MiningRight.objects.filter(pk=right.pk).update(status=MineStatus.CLOSED)
    assert (api_figure(anonymous, mines), closed_mines(anonymous)) == (count, closed)
    cache.bump()
    assert (api_figure(anonymous, mines), closed_mines(anonymous)) == (count - 1, closed + 1)
    assert dashboard_figure(anonymous, mines) == count - 1

    # The admin change form.
    url = reverse("admin:rights_miningright_change", args=[right.pk])
    admin = logged_in(superuser)
    saved = admin.post(url, {**admin_form_data(admin.get(url)), "status": MineStatus.PRODUCING})
    assert saved.status_code == 302
    assert (api_figure(anonymous, mines), closed_mines(anonymous)) == (count, closed)
    assert dashboard_figure(anonymous, mines) == count

    # The API.
    api = APIClient()
    api.force_authenticate(editor)
    patched = api.patch(
        f"/api/v1/mining-rights/{right.pk}/", {"status": MineStatus.CLOSED}, format="json"
    )
    assert patched.status_code == 200, patched.content
    assert (api_figure(anonymous, mines), closed_mines(anonymous)) == (count - 1, closed + 1)
    assert dashboard_figure(anonymous, mines) == count - 1

    # A page form: an actual figure typed in on the indicator's page.
    posted = logged_in(editor).post(reverse("targets:detail", args=[iron.pk]), FIGURE)
    assert posted.status_code == 302
    assert dashboard_figure(anonymous, iron) == Decimal("150.0000") != iron_before
    assert api_figure(anonymous, iron) == Decimal("150.0000")

    # An Excel import (django-import-export's resource, which writes in batches).
    other = MiningRight.objects.get(plan=plan, seq=4)
    assert other.status != MineStatus.CLOSED
    with translation.override("en"):
        dataset = MiningRightResource().export()
        status_column = dataset.headers.index("Status")
        seq_column = dataset.headers.index("No.")
        rows = [list(row) for row in dataset]
        for row in rows:
            if str(row[seq_column]) == "4":
                row[status_column] = "closed"
        result = MiningRightResource().import_data(
            tablib.Dataset(*rows, headers=dataset.headers),
            dry_run=False,
            use_transactions=True,
            user=superuser,
        )
    assert not result.has_errors()
    assert not result.has_validation_errors(), result.invalid_rows[:1]
    other.refresh_from_db()
    assert other.status == MineStatus.CLOSED
    assert (api_figure(anonymous, mines), closed_mines(anonymous)) == (count - 2, closed + 2)
    assert dashboard_figure(anonymous, mines) == count - 2

    # load_plan puts the plan's own values back.
    plan_load(overwrite=True)
    assert (api_figure(anonymous, mines), closed_mines(anonymous)) == (count, closed)
    assert dashboard_figure(anonymous, mines) == count


def test_warm_summary_and_dashboards_cost_the_same_queries_at_any_size(plan, settings):
    # The figures' own cache, with every answer computed (the whole-answer cache, on top, costs
    # one query: tests/planportal/test_response_cache.py).
    settings.RESPONSE_CACHE_SECONDS = 0
    client = Client()
    urls = ["/api/v1/summary/", f"/api/v1/indicators/?plan={plan.code}", "/", "/targets/"]

    def warm_counts():
        for url in urls:
            client.get(url)  # computes and stores
        counts = {}
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts[url] = len(captured)
        return counts

    few = warm_counts()
    many_mining_rights(plan, 1000)
    cache.bump()
    many = warm_counts()
    assert many == few, "a cached read must not cost more queries with more rows"
    # The summary, warm: the plan, and the data generation read from the shared cache.
    assert few["/api/v1/summary/"] == 2
