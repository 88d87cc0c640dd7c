"""The register lists are read in index order, not sorted over a join with the plan table.

An ordering that names the ``plan`` foreign key follows it into ``Plan.Meta.ordering``
(``-period_start, code``): every page then joins the plan table and sorts all rows of the
register (issue 12: 50 ms against 0.2 ms for the first page at 100,000 rights). The lists
order by ``plan_id`` instead, which the ``(plan_id, seq)`` unique index gives for free.

The plan of the page query itself is checked (the query the API runs, caught with
``CaptureQueriesContext``). Small test tables may make PostgreSQL prefer a sequential scan and
a sort of a few rows, so there only the absence of the plan table from the sort is asserted.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rights.models import ExplorationRight, MiningRight
from tests.api.urls import url
from zones.models import PlanningArea

# The register lists whose default ordering an index gives: (plan_id, seq) or, for zones,
# (plan_id, kind, seq) and for scale standards (plan_id, seq, variant).
INDEX_ORDERED = [
    "deposits",
    "resource-reserves",
    "exploration-rights",
    "mining-rights",
    "zones",
    "development-regions",
    "scale-standards",
    "key-projects",
]

# Filters the pages and the API offer, each with an index that starts with the column.
FILTERED = [
    ("exploration-rights", ExplorationRight, {"stage": "exploration"}),
    ("mining-rights", MiningRight, {"status": "producing"}),
    ("mining-rights", MiningRight, {"scale": "small"}),
    ("zones", PlanningArea, {"kind": "mining_block"}),
]

COUNT = 'SELECT COUNT(*) AS "__count"'


def page_query(client, address):
    """The SQL of the page query of one API request: its last query with a LIMIT (before it:
    the COUNT, and the plan looked up by its code for ``?plan=``)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, response.content[:300]
    pages = [q["sql"] for q in queries if " LIMIT " in q["sql"] and not q["sql"].startswith(COUNT)]
    assert pages, [q["sql"] for q in queries]
    return pages[-1]


def order_by_clause(sql):
    return sql.rsplit(" ORDER BY ", 1)[1]


def explain(sql):
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        return "\n".join(" ".join(map(str, row)) for row in cursor.fetchall())


def assert_read_in_index_order(sql):
    assert "planportal_plan" not in order_by_clause(sql), sql
    plan = explain(sql)
    if connection.vendor == "sqlite":
        assert "USE TEMP B-TREE" not in plan, plan
        assert not re.search(r"\bSCAN planportal_plan\b", plan), plan
    else:
        sort_keys = [line for line in plan.splitlines() if "Sort Key:" in line]
        assert not any("planportal_plan" in key for key in sort_keys), plan


@pytest.mark.parametrize("resource", INDEX_ORDERED)
def test_first_page_is_read_in_index_order(resource, plan, api_client):
    assert_read_in_index_order(page_query(api_client, url(resource, page_size=50)))


@pytest.mark.parametrize("resource", INDEX_ORDERED)
def test_first_page_of_one_plan_is_read_in_index_order(resource, plan, api_client):
    sql = page_query(api_client, url(resource, plan=plan.code, page_size=50))
    assert_read_in_index_order(sql)


@pytest.mark.parametrize(("resource", "model", "params"), FILTERED)
def test_filtered_page_is_read_in_index_order(resource, model, params, plan, api_client):
    # At least one row matches, or the API skips the page query after a count of 0.
    if not model.objects.filter(**params).exists():
        model.objects.filter(pk=model.objects.filter(plan=plan).first().pk).update(**params)
    assert_read_in_index_order(page_query(api_client, url(resource, page_size=50, **params)))


@pytest.mark.parametrize("resource", ["indicators", "indicator-values"])
def test_ordering_does_not_sort_by_the_plan_table(resource, plan, api_client):
    # Indicators are ordered by their group's order, which no index of theirs holds; the
    # plan table still has no part in the sort.
    sql = page_query(api_client, url(resource, page_size=50))
    assert "planportal_plan" not in order_by_clause(sql), sql
