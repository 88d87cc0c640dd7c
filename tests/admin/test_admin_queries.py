"""A changelist (and an export) costs the same number of queries for 2 rows as for 12."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deposits.models import Deposit, Mineral
from planportal.models import Plan
from rights.models import ExplorationRight, MiningRight
from targets.models import IndicatorGroup, IndicatorValue
from tests.admin.test_admin_pages import PORTAL_MODELS, admin_url
from tests.factories import make_row
from zones.models import PlanningArea

FEW, MANY = 2, 12
JUSTIFY = (
    "The {what} of {model} ran more queries with {many} rows than with {few}: a column or "
    "filter reaches into a relation per row. Add it to list_select_related / the queryset, "
    "or justify the extra query here."
)


def scope(model, plan):
    """Changelist parameters that show only the rows a test made."""
    if model is Plan:
        return {"q": "测试规划"}
    if model is Mineral:
        return {"q": "测试矿"}
    if model is IndicatorValue:
        return {"indicator__plan__id__exact": plan.pk}
    return {"plan__id__exact": plan.pk}


def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=lambda m: m.__name__)
def test_changelist_query_count_does_not_grow_with_rows(
    model, admin_client_zh, test_plan, django_assert_num_queries
):
    url, params = admin_url(model, "changelist"), scope(model, test_plan)
    for _ in range(FEW):
        make_row(model, test_plan)
    few_queries, response = count_queries(admin_client_zh, url, params)
    few_rows = response.context["cl"].result_count
    assert FEW <= few_rows <= FEW + 1  # the test plan itself is one of the plans listed
    for _ in range(MANY - FEW):
        make_row(model, test_plan)
    message = JUSTIFY.format(what="changelist", model=model.__name__, few=FEW, many=MANY)
    with django_assert_num_queries(few_queries, info=message):
        response = admin_client_zh.get(url, params)
    assert response.context["cl"].result_count == few_rows + MANY - FEW


def export_fields(model):
    from django.contrib import admin

    resource = admin.site._registry[model].resource_classes[0]
    return {f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()}


@pytest.mark.parametrize(
    "model",
    [Deposit, ExplorationRight, MiningRight, PlanningArea, IndicatorValue],
    ids=lambda m: m.__name__,
)
def test_xlsx_export_query_count_does_not_grow_with_rows(
    model, admin_client_zh, test_plan, django_assert_num_queries
):
    url = (
        admin_url(model, "export")
        + "?"
        + "&".join(f"{key}={value}" for key, value in scope(model, test_plan).items())
    )
    data = {"format": "0", "resource": "0", **export_fields(model)}
    for _ in range(FEW):
        make_row(model, test_plan)
    with CaptureQueriesContext(connection) as queries:
        response = admin_client_zh.post(url, data)
        response.getvalue()  # the rows are read as the workbook streams
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    for _ in range(MANY - FEW):
        make_row(model, test_plan)
    message = JUSTIFY.format(what="xlsx export", model=model.__name__, few=FEW, many=MANY)
    with django_assert_num_queries(len(queries), info=message):
        admin_client_zh.post(url, data).getvalue()


def test_indicator_group_scope_counts_only_the_test_plan(admin_client_zh, test_plan):
    # The scope above really narrows the list: rows of the loaded plan are not counted.
    make_row(IndicatorGroup, test_plan)
    _, response = count_queries(
        admin_client_zh, admin_url(IndicatorGroup, "changelist"), scope(IndicatorGroup, test_plan)
    )
    assert response.context["cl"].result_count == 1
