"""The plan's self-check: its stated figures beside its tables, on /review/statements/ and at
GET /api/v1/plan-statements/.

What the data holds (fixtures/stated_figures.json, tests/golden/test_stated_figures.py): 44
figures, 4 that the plan contradicts (铜 9 vs 7 铜 + 2 多金属 rows, 8.95 vs 8.96 km², 5 vs 6
minerals developed, and 四(一)'s "降至22个" mines against 二(三)'s target "控制在 20 家以内"),
8 that cannot be checked (专栏4 records no scale or issuing authority), 32 that agree.
"""

from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from review.stated_figures import MetricError, metric_value, metric_values, stated_figure_checks
from review.statements import unchecked_reason
from targets.models import Indicator, StatedFigure

pytestmark = pytest.mark.usefixtures("loaded_plan")

API = "/api/v1/plan-statements/"
PAGE = "/review/statements/"

# subject -> (stated, from the tables or the target, difference, clause anchor)
CONTRADICTIONS = {
    "探矿权数（铜矿）": ("9", "7", "-2", "#s1-1"),
    "采矿权占用土地总面积": ("8.95", "8.96", "0.01", "#s1-1"),
    "已开发利用的矿产种数": ("5", "6", "1", "#s1-1"),
    # 四(一) projects 22 mines for 2025; 二(三)'s target caps them at 20.
    "2025 年预计矿山数": ("22", "20", "-2", "#s4-1"),
}


def rows_by_subject(api_client, **params):
    body = api_client.get(API, {"plan": "xinyuan-2021-2025", "page_size": 1000, **params}).json()
    return body, {row["subject"]: row for row in body["results"]}


def test_the_api_reports_each_contradiction_and_agrees_where_the_plan_agrees(api_client):
    body, rows = rows_by_subject(api_client)
    assert body["count"] == 44
    for subject, (stated, computed, difference, anchor) in CONTRADICTIONS.items():
        row = rows[subject]
        assert (row["agrees"], row["checkable"]) == (False, True), subject
        assert Decimal(str(row["value"])) == Decimal(stated)
        assert Decimal(str(row["computed"])) == Decimal(computed)
        assert Decimal(str(row["difference"])) == Decimal(difference)
        assert row["clause_url"].startswith(f"/plan/?plan=xinyuan-2021-2025{anchor}")
    iron = rows["探矿权数（铁矿）"]
    assert (iron["agrees"], Decimal(str(iron["computed"])), Decimal(str(iron["difference"]))) == (
        True,
        18,
        0,
    )
    assert rows["2020 年矿山总数"]["agrees"] is True
    assert rows["2020 年矿山总数"]["clause_url"] == "/plan/?plan=xinyuan-2021-2025#s4-1"
    medium = rows["中型矿山数"]
    assert (medium["agrees"], medium["checkable"], medium["computed"]) == (None, False, None)
    assert "规模" in medium["reason"]
    assert medium["difference"] is None
    outcomes = [row["agrees"] for row in body["results"]]
    assert (outcomes.count(True), outcomes.count(False), outcomes.count(None)) == (32, 4, 8)
    assert all(row["clause_url"] for row in body["results"])  # every clause resolves


def test_the_api_filters_by_agreement_checkability_and_clause(api_client):
    body, rows = rows_by_subject(api_client, agrees="false")
    assert set(rows) == set(CONTRADICTIONS)
    body, rows = rows_by_subject(api_client, checkable="false")
    assert body["count"] == 8
    assert all(not row["checkable"] for row in rows.values())
    body, rows = rows_by_subject(api_client, agrees="true", checkable="true")
    assert body["count"] == 32
    body, rows = rows_by_subject(api_client, clause="四(一)")
    assert set(rows) == {"2020 年矿山总数", "大中型矿山占比", "2025 年预计矿山数"}
    response = api_client.get(API, {"agrees": "maybe"})
    assert response.status_code == 400
    assert "agrees" in str(response.json())
    assert api_client.get(API, {"plan": "no-such-plan"}).status_code == 400
    assert api_client.get(API, {"colour": "red"}).status_code == 400


def test_the_api_answers_a_workbook_of_the_same_rows(api_client):
    response = api_client.get(API, {"agrees": "false", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.getvalue())).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 1 + 4
    assert any("采矿权占用土地总面积" in row for row in values[1:])
    assert any("2025 年预计矿山数" in row for row in values[1:])


def test_one_statement_and_writes_refused(api_client):
    figure = StatedFigure.objects.get(subject="采矿权占用土地总面积")
    row = api_client.get(f"{API}{figure.pk}/").json()
    assert (row["agrees"], Decimal(str(row["difference"]))) == (False, Decimal("0.01"))
    assert api_client.post(API, {}, format="json").status_code in (401, 403, 405)
    assert api_client.get(f"{API}999999999/").status_code == 404


def test_the_page_shows_the_summary_the_rows_and_their_clauses(client):
    response = client.get(PAGE, {"plan": "xinyuan-2021-2025"})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["summary"] == {
        "total": 44,
        "agree": 32,
        "disagree": 4,
        "not_checkable": 8,
    }
    assert 'data-testid="disagree-count">4<' in html
    for subject in CONTRADICTIONS:
        assert subject in html
    assert 'href="/plan/?plan=xinyuan-2021-2025#s4-1"' in html
    assert html.count('data-agrees="false"') == 4
    filtered = client.get(PAGE, {"plan": "xinyuan-2021-2025", "checkable": "false"})
    assert [row["figure"].subject for row in filtered.context["rows"]].count("中型矿山数") == 1
    assert len(filtered.context["rows"]) == 8
    # The summary counts every figure whatever the filters keep.
    assert filtered.context["summary"]["total"] == 44
    assert client.get(PAGE, {"agrees": "maybe"}).context["rows"] == []
    assert client.get(PAGE, {"plan": "nope"}).status_code == 404
    assert client.post(PAGE).status_code == 405


def test_the_page_exports_its_rows(client):
    response = client.get(f"{PAGE}export/", {"plan": "xinyuan-2021-2025", "agrees": "false"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(rows) == 1 + 4
    area = next(row for row in rows if row[2] == "采矿权占用土地总面积")
    assert (Decimal(str(area[3])), Decimal(str(area[5])), Decimal(str(area[7]))) == (
        Decimal("8.95"),
        Decimal("8.96"),
        Decimal("0.01"),
    )


def test_the_batched_values_are_those_of_one_metric_at_a_time(loaded_plan):
    keys = list(StatedFigure.objects.values_list("metric", flat=True))
    batched = metric_values(loaded_plan, keys)
    assert batched == {key: metric_value(loaded_plan, key) for key in keys}


def _more_figures(plan, count):
    metrics = [
        ("exploration_right.count?mineral=金矿", "count"),
        ("mining_right.area_km2?mineral=铁矿", "km2"),
        ("deposit.mineral_count", "count"),
        ("mining_right.count?scale=medium", "count"),
        ("planning_area.count?kind=exploration_block", "count"),
        ("indicator.target?group=prose&seq=2", "10k_m3"),
    ]
    StatedFigure.objects.bulk_create(
        StatedFigure(
            plan=plan,
            seq=1000 + number,
            clause="专栏18",
            subject=f"extra {number}",
            value=1,
            unit=metrics[number % len(metrics)][1],
            metric=metrics[number % len(metrics)][0],
            as_printed="x",
        )
        for number in range(count)
    )


def test_the_checks_cost_the_same_queries_with_more_figures(loaded_plan, client, api_client):
    def count(call):
        with CaptureQueriesContext(connection) as queries:
            call()
        return len(queries)

    def pages():
        assert client.get(PAGE).status_code == 200

    def api():
        assert api_client.get(API, {"page_size": 1000}).status_code == 200

    def checks():
        stated_figure_checks(loaded_plan)

    before = [count(checks), count(pages), count(api)]
    _more_figures(loaded_plan, 12)
    after = [count(checks), count(pages), count(api)]
    assert before == after
    # minerals, the figures, one aggregate per register, one for the targets
    assert before[0] <= 7


def test_a_figure_whose_unit_measures_something_else_cannot_be_checked(api_client):
    figure = StatedFigure.objects.get(subject="采矿权占用土地总面积")
    StatedFigure.objects.filter(pk=figure.pk).update(unit="count")  # as a careless edit might
    row = api_client.get(f"{API}{figure.pk}/").json()
    assert (row["agrees"], row["checkable"], row["computed"]) == (None, False, None)
    assert row["reason"]


def test_the_mine_count_projection_contradicts_the_target(loaded_plan, api_client):
    (check,) = [c for c in stated_figure_checks(loaded_plan) if c.figure.seq == 44]
    assert check.figure.clause == "四(一) 合理确定矿山数量"
    assert "降至22个" in check.figure.as_printed
    assert (check.computed, check.computed_unit) == (Decimal(20), "count_mines")
    assert (check.computed_as_stated, check.agrees) == (Decimal(20), False)
    assert metric_value(loaded_plan, "indicator.target?group=prose&seq=4") == 20
    row = api_client.get(f"{API}{check.figure.pk}/").json()
    assert (row["agrees"], row["checkable"], Decimal(str(row["difference"]))) == (
        False,
        True,
        Decimal(-2),
    )
    assert row["clause_url"] == "/plan/?plan=xinyuan-2021-2025#s4-1"


def test_a_target_follows_its_indicator(loaded_plan):
    Indicator.objects.filter(plan=loaded_plan, group__code="prose", seq=4).update(target_value=22)
    (check,) = [c for c in stated_figure_checks(loaded_plan) if c.figure.seq == 44]
    assert check.agrees is True
    # A range has no single target: the figure cannot be checked, and says why.
    Indicator.objects.filter(plan=loaded_plan, group__code="prose", seq=4).update(
        target_kind="range", target_value=None, target_low=18, target_high=22
    )
    assert metric_value(loaded_plan, "indicator.target_high?group=prose&seq=4") == 22
    assert metric_value(loaded_plan, "indicator.target_low?group=prose&seq=4") == 18
    (check,) = [c for c in stated_figure_checks(loaded_plan) if c.figure.seq == 44]
    assert (check.checkable, check.agrees) == (False, None)
    assert "target_low" in unchecked_reason(check)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("indicator.value?group=prose&seq=4", "unknown measure"),
        ("indicator.target", "group and 序号"),
        ("indicator.target?group=prose", "group and 序号"),
        ("indicator.target?group=prose&seq=4&mineral=铁矿", "group and 序号"),
        ("indicator.target?group=prose&seq=4&seq=5", "group and 序号"),
        ("indicator.target?group=&seq=4", "group code is empty"),
        ("indicator.target?group=prose&seq=four", "not a positive whole number"),
        ("indicator.target?group=prose&seq=0", "not a positive whole number"),
        ("indicator.target?group=prose&seq=99", "no target 99"),
        ("indicator.target?group=nope&seq=4", "no target 4 in group “nope”"),
    ],
)
def test_a_bad_target_key_is_refused(loaded_plan, key, message):
    with pytest.raises(MetricError, match=message):
        metric_value(loaded_plan, key)
