"""The targets page leads with the plan's own period: a summary of where its targets stand
(figures and a chart's data, counted in the database), its tables, then the review of the
previous plan; the overview carries charts; each target says how its actual is formed."""

import json
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from targets.choices import GroupRole, Status
from targets.models import Indicator
from targets.selectors import indicator_rows
from tests.factories import make_indicator, make_value


def own_statuses(plan):
    """The status of each of the plan's own targets, as the database annotates it."""
    rows = indicator_rows().filter(plan=plan, group__role=GroupRole.TARGETS)
    return Counter(row.current_status for row in rows)


def json_data(html, element_id):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert match, f"no #{element_id} on the page"
    return json.loads(match.group(1))


def shown_counts(html):
    """The summary's figures as the page prints them: status code -> count."""
    return {
        code: int(count) for code, count in re.findall(r'data-status="(\w+)">(\d+)</span>', html)
    }


def test_summary_counts_are_the_statuses_of_the_plans_own_targets(zh_client, plan):
    expected = own_statuses(plan)
    response = zh_client.get(reverse("targets:dashboard"))
    summary = response.context["status_summary"]
    assert summary["total"] == sum(expected.values())
    assert summary["total"] == Indicator.objects.filter(plan=plan, group__role="targets").count()
    counted = {item["code"]: item["count"] for item in summary["statuses"]}
    assert {code: n for code, n in counted.items() if n} == dict(expected)
    shown = shown_counts(response.content.decode())
    assert shown.pop("total") == summary["total"]
    assert shown == counted
    # The four figures a reader looks for are there even at zero.
    assert {"met", "not_met", "within", "no_data"} <= set(shown)


def test_summary_leaves_out_the_review_of_the_previous_plan(zh_client, plan):
    review = Indicator.objects.filter(plan=plan, group__role=GroupRole.REVIEW).count()
    every = Indicator.objects.filter(plan=plan).count()
    assert review > 0
    summary = zh_client.get(reverse("targets:dashboard")).context["status_summary"]
    assert summary["total"] == every - review


def test_a_figure_entered_moves_the_summary(zh_client, plan):
    # 专栏8 row 2: 铁 at least 200 万吨; one year's 250 meets it whatever the aggregation.
    iron = Indicator.objects.get(plan=plan, group__code="column_8", seq=2)
    before = zh_client.get(reverse("targets:dashboard")).context["status_summary"]
    make_value(iron, 2025, "250")
    after = zh_client.get(reverse("targets:dashboard")).context["status_summary"]
    before_counts = {i["code"]: i["count"] for i in before["statuses"]}
    after_counts = {i["code"]: i["count"] for i in after["statuses"]}
    assert after_counts[Status.MET] == before_counts[Status.MET] + 1
    assert after["total"] == before["total"]


def test_the_plans_own_period_comes_first_and_the_review_after(zh_client, plan):
    html = zh_client.get(reverse("targets:dashboard")).content.decode()
    summary = html.index('id="status-summary"')
    first_table = html.index("<table")
    own = [html.index(f'data-group="{code}"') for code in ("column_7", "column_8", "prose")]
    review = [
        html.index(f'data-group="{code}"') for code in ("review_resources", "review_production")
    ]
    assert summary < min(own) < first_table
    assert max(own) < min(review)
    # The review page, with the completion rates as printed, is linked from the review part.
    part = html.index('data-testid="previous-plan-review"')
    assert max(own) < part < min(review)
    assert f'href="{reverse("targets:review")}?plan={plan.code}"' in html[part : min(review)]
    assert "上轮规划目标回顾" in html


def test_the_chart_data_is_the_summarys_counts(en_client, plan):
    response = en_client.get(reverse("targets:dashboard"))
    summary = response.context["status_summary"]
    chart = json_data(response.content.decode(), "status-chart-data")
    assert [(i["code"], i["count"]) for i in chart["items"]] == [
        (i["code"], i["count"]) for i in summary["statuses"]
    ]
    labels = {i["code"]: i["label"] for i in chart["items"]}
    assert labels["met"] == "met"
    assert labels["no_data"] == "no data"
    # Each bar takes its badge's tone (the colours themselves are portal.css's).
    tones = {i["code"]: i["tone"] for i in chart["items"]}
    assert tones["met"] == "good"
    assert tones["not_met"] == "bad"


def test_the_summary_chart_is_loaded_from_static_files_only(client, plan):
    html = client.get(reverse("targets:dashboard")).content.decode()
    assert 'data-chart="status"' in html
    assert "/static/vendor/echarts/echarts.min.js" in html
    assert "/static/js/charts.js" in html
    # No inline script: every <script> either loads a file or holds JSON.
    for attributes in re.findall(r"<script([^>]*)>", html):
        assert "src=" in attributes or 'type="application/json"' in attributes


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_targets_page_costs_the_same_queries_with_more_targets(client, plan, language):
    client.cookies["django_language"] = language
    url = reverse("targets:dashboard")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(12):
        indicator = make_indicator(plan, group="column_9", target=str(100 + n))
        make_value(indicator, 2023, str(90 + n))
    make_indicator(plan, group="review_production", target="5")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["status_summary"]["total"] == sum(own_statuses(plan).values())
    assert len(many) == len(few), (
        f"/targets/ made {len(few)} queries with the plan's targets and {len(many)} with 13 "
        "more: a query per target has crept in."
    )


def test_each_target_shows_how_its_actual_is_formed(en_client, plan):
    html = en_client.get(reverse("targets:dashboard")).content.decode()
    for indicator in Indicator.objects.filter(plan=plan).exclude(aggregation="")[:20]:
        match = re.search(rf'<tr data-indicator="{indicator.pk}">(.*?)</tr>', html, re.S)
        assert match, indicator
        cell = re.search(r'data-testid="aggregation">([^<]*)<', match.group(1)).group(1)
        assert cell == indicator.get_aggregation_display()
    iron = Indicator.objects.get(plan=plan, group__code="column_8", seq=2)
    detail = en_client.get(reverse("targets:detail", args=[iron.pk])).content.decode()
    assert f'data-testid="aggregation">{iron.get_aggregation_display()}<' in detail
    assert iron.get_aggregation_display()


def test_targets_on_one_quantity_show_both_verdicts_with_their_clauses(zh_client, plan):
    reader = Indicator.objects.filter(plan=plan, figures_from__isnull=False).first()
    if reader is None:
        pytest.skip("the plan names no target reading another's figures")
    source = reader.figures_from
    for shown, other in ((reader, source), (source, reader)):
        html = zh_client.get(reverse("targets:detail", args=[shown.pk])).content.decode()
        section = html[html.index('data-testid="same-quantity"') :]
        assert f'data-indicator="{shown.pk}"' in section
        assert f'data-indicator="{other.pk}"' in section
        assert section.count('data-testid="status"') >= 2
        for target in (shown, other):
            if target.clause:
                assert target.clause in section


def test_a_target_read_by_no_other_has_no_same_quantity_section(zh_client, plan):
    lone = (
        Indicator.objects.filter(plan=plan, figures_from__isnull=True, readers__isnull=True)
        .order_by("pk")
        .first()
    )
    html = zh_client.get(reverse("targets:detail", args=[lone.pk])).content.decode()
    assert 'data-testid="same-quantity"' not in html


def test_overview_charts_carry_the_summaries(en_client, plan):
    response = en_client.get(reverse("overview"))
    html = response.content.decode()
    status = json_data(html, "overview-status-data")
    expected = own_statuses(plan)
    assert {i["code"]: i["count"] for i in status["items"] if i["count"]} == dict(expected)
    stage = json_data(html, "overview-stage-data")
    by_stage = response.context["summary"]["exploration_rights"]["by_stage"]
    assert stage["series"][0]["values"] == [item["count"] for item in by_stage]
    assert sum(stage["series"][0]["values"]) == plan.explorationright_set.count()
    mineral = json_data(html, "overview-mineral-data")
    exploration, mining = mineral["series"]
    assert sum(exploration["values"]) == plan.explorationright_set.count()
    assert sum(mining["values"]) == plan.miningright_set.count()
    assert len(mineral["categories"]) == len(exploration["values"]) == len(mining["values"])


def test_trend_data_leaves_the_missing_years_out(zh_client, plan):
    """The chart's data has only years with a figure; charts.js draws the others as gaps."""
    iron = Indicator.objects.get(plan=plan, group__code="column_8", seq=2)
    make_value(iron, 2021, "40")
    make_value(iron, 2023, "120")
    html = zh_client.get(reverse("targets:detail", args=[iron.pk])).content.decode()
    data = json_data(html, "trend-data")
    assert data["years"] == [2021, 2023]
    assert [Decimal(v) for v in data["values"]] == [Decimal("40"), Decimal("120")]
    assert data["first_year"] == 2021
