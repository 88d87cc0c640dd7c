"""The evaluation (终期评估): its figures are the dashboard's, and signing off freezes them."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from planportal.concurrency import StaleVersion
from planportal.formatting import figure, percent
from targets.choices import GroupRole, Status, TargetKind
from targets.evaluation import (
    build_snapshot,
    changes_since_sign_off,
    evaluation_create,
    evaluation_reopen,
    evaluation_save,
    evaluation_sign_off,
    missing_reasons,
    report_data,
)
from targets.models import Evaluation, EvaluationKind, EvaluationReason, Indicator
from targets.selectors import indicator_dashboard, review_tables
from tests import factories

SNAPSHOT_KEYS = {
    "plan",
    "year",
    "kind",
    "kind_label",
    "generated_at",
    "signed_off_at",
    "signed_off_by",
    "sections",
    "summary",
    "groups",
    "registers",
}
INDICATOR_KEYS = {
    "id",
    "seq",
    "name",
    "attribute",
    "attribute_label",
    "unit",
    "aggregation",
    "aggregation_label",
    "baseline",
    "baseline_year",
    "target_text",
    "values",
    "actual",
    "completion",
    "status",
    "status_label",
    "reason",
}


@pytest.fixture
def iron(make_indicator):
    """A period total: 200 万吨 of iron ore over 2021–2025 (专栏8)."""
    return make_indicator(target="200", aggregation="period_total", name="铁")


@pytest.fixture
def evaluation(own_plan):
    return evaluation_create(own_plan, 2025)


@pytest.fixture
def staff(db):
    return factories.make_user("评估人", staff=True)


def test_snapshot_figures_match_the_dashboard(plan):
    """Every figure of the snapshot is the one the dashboard and the review show."""
    indicator = indicator_dashboard(plan, group="column_8")[0].indicator_list[0]
    factories.make_value(indicator, 2021, "1")
    factories.make_value(indicator, 2023, "1")
    with translation.override("zh-hans"):
        data = build_snapshot(plan, 2025)
        own = indicator_dashboard(plan, period=(plan.period_start, plan.period_end))
        review = review_tables(plan)
    assert set(data) >= SNAPSHOT_KEYS
    assert json.loads(json.dumps(data)) == data  # JSON as it is stored
    shown = {i["id"]: i for g in data["groups"] for i in g["indicators"]}
    for group in own:
        if group.role != GroupRole.TARGETS:
            continue
        for row in group.indicator_list:
            entry = shown[row.pk]
            assert set(entry) >= INDICATOR_KEYS
            assert entry["actual"] == (
                None if row.current_value is None else figure(row.current_value)
            )
            assert entry["completion"] == (
                None
                if row.current_completion_rate is None
                else percent(row.current_completion_rate)
            )
            assert entry["status"] == row.current_status
    for group in review:
        for row in group.indicator_list:
            assert shown[row.pk]["actual"] == (
                None if row.latest_value is None else figure(row.latest_value)
            )
            assert shown[row.pk]["status"] == row.status
    # 新发现矿产地 1-2 处 over the period: 1 + 1 reaches the range.
    entry = shown[indicator.pk]
    assert entry["values"] == {"2021": "1", "2022": None, "2023": "1", "2024": None, "2025": None}
    assert entry["actual"] == "2"
    assert [g["role"] for g in data["groups"]][-1] == GroupRole.REVIEW
    assert data["groups"][0]["years"] == [2021, 2022, 2023, 2024, 2025]
    assert data["kind"] == EvaluationKind.FINAL
    assert data["kind_label"] == "终期评估"
    assert [s["title"] for s in data["sections"]] == [
        "规划实施总体情况",
        "目标指标完成情况",
        "主要任务落实情况",
        "存在问题及原因",
        "下一步建议",
    ]
    summary = data["summary"]
    assert summary["total"] == sum(item["count"] for item in summary["statuses"])
    assert {"met", "not_met", "within_range", "no_data"} <= set(summary)
    totals = data["registers"]["totals"]
    assert totals["mining_rights"] == sum(
        row["count"] for row in data["registers"]["mining_rights_by_mineral"]
    )


def test_yearly_values_are_in_the_indicators_unit(make_indicator, add_value):
    """A figure typed in 万元 under a target in 亿元 shows converted, as the dashboard does."""
    target = make_indicator("100m_yuan", target="1")
    add_value(target, 2022, "1510", unit="10k_yuan")
    data = build_snapshot(target.plan, 2025)
    entry = data["groups"][0]["indicators"][0]
    assert entry["values"]["2022"] == "0.151"
    assert entry["actual"] == "0.151"


def test_kind_follows_the_year(own_plan):
    assert evaluation_create(own_plan, 2025).kind == EvaluationKind.FINAL
    assert evaluation_create(own_plan, 2023).kind == EvaluationKind.MIDTERM
    with pytest.raises(ValidationError):
        evaluation_create(own_plan, 2023)  # one per plan and year
    with pytest.raises(ValidationError):
        evaluation_create(own_plan, 2031)  # outside the period


def test_signed_evaluation_does_not_move_when_a_figure_is_corrected(
    evaluation, iron, add_value, staff
):
    figure_2022 = add_value(iron, 2022, "50")
    add_value(iron, 2023, "50")
    evaluation_save(evaluation, sections={"overall": "总体顺利。"}, reasons={iron.pk: "投入不足。"})
    unsigned = report_data(evaluation)
    entry = unsigned["groups"][0]["indicators"][0]
    assert (entry["actual"], entry["completion"], entry["status"]) == ("100", "50 %", "not_met")
    assert entry["reason"] == "投入不足。"

    evaluation_sign_off(evaluation, staff)
    evaluation.refresh_from_db()
    signed = json.loads(json.dumps(evaluation.snapshot))
    assert signed["signed_off_by"] == "评估人"
    assert signed["signed_off_at"] is not None
    assert changes_since_sign_off(evaluation) == []

    # A correction afterwards: the dashboard moves, the signed report does not.
    figure_2022.value = Decimal("150")
    figure_2022.save()
    add_value(iron, 2024, "10")
    evaluation.refresh_from_db()
    assert report_data(evaluation) == signed
    entry = report_data(evaluation)["groups"][0]["indicators"][0]
    assert (entry["actual"], entry["status"], entry["reason"]) == ("100", "not_met", "投入不足。")
    assert entry["values"]["2022"] == "50"
    assert report_data(evaluation)["sections"][0]["text"] == "总体顺利。"

    changes = {(c["field"], c["signed"], c["current"]) for c in changes_since_sign_off(evaluation)}
    assert changes == {
        ("2022", "50", "150"),
        ("2024", None, "10"),
        ("actual", "100", "210"),
        ("completion", "50 %", "105 %"),
        ("status", Status.NOT_MET, Status.MET),
    }


def test_a_signed_evaluation_refuses_edits(evaluation, iron, staff):
    evaluation_save(evaluation, reasons={iron.pk: "原因"})
    evaluation_sign_off(evaluation, staff)
    with pytest.raises(ValidationError):
        evaluation_save(evaluation, sections={"overall": "改"})
    with pytest.raises(ValidationError):
        evaluation_save(evaluation, reasons={iron.pk: "改"})
    with pytest.raises(ValidationError):
        evaluation_sign_off(evaluation, staff)  # already signed
    # The models refuse it too, whatever path calls full_clean.
    stored = Evaluation.objects.get(pk=evaluation.pk)
    stored.overall = "改"
    with pytest.raises(ValidationError):
        stored.full_clean()
    reason = EvaluationReason.objects.get(evaluation=evaluation)
    reason.reason = "改"
    with pytest.raises(ValidationError):
        reason.full_clean()
    stored.refresh_from_db()
    assert stored.overall == ""
    assert reason.__class__.objects.get().reason == "原因"


def test_only_a_superuser_reopens(evaluation, staff, superuser):
    evaluation_sign_off(evaluation, staff)
    with pytest.raises(PermissionDenied):
        evaluation_reopen(evaluation, staff)
    evaluation_reopen(evaluation, superuser)
    evaluation.refresh_from_db()
    assert evaluation.snapshot is None
    assert not evaluation.is_signed
    # The signed report stays in the history.
    assert evaluation.history.filter(snapshot__isnull=False).exists()
    evaluation_save(evaluation, sections={"overall": "补充"})


def test_stale_version_is_refused(evaluation, iron):
    seen = evaluation.version
    evaluation_save(evaluation, sections={"overall": "甲"}, expected_version=seen)
    other = Evaluation.objects.get(pk=evaluation.pk)
    with pytest.raises(StaleVersion):
        evaluation_save(other, reasons={iron.pk: "乙"}, expected_version=seen)
    assert not EvaluationReason.objects.exists()
    with pytest.raises(StaleVersion):
        evaluation_sign_off(other, None, expected_version=seen)


def test_reasons_of_another_plan_are_refused(evaluation, plan):
    foreign = Indicator.objects.filter(plan=plan).first()
    with pytest.raises(ValidationError):
        evaluation_save(evaluation, reasons={foreign.pk: "别的规划"})
    assert not EvaluationReason.objects.exists()


def test_missing_reasons_are_listed_not_required(
    evaluation, iron, make_indicator, add_value, staff
):
    capped = make_indicator(target="20", kind=TargetKind.AT_MOST, name="封顶")
    add_value(iron, 2022, "10")
    add_value(capped, 2025, "30")
    data = report_data(evaluation)
    assert {i["id"] for i in missing_reasons(data)} == {iron.pk, capped.pk}
    evaluation_save(evaluation, reasons={iron.pk: "原因"})
    assert [i["id"] for i in missing_reasons(report_data(evaluation))] == [capped.pk]
    evaluation_sign_off(evaluation, staff)  # not blocked
    assert Evaluation.objects.get(pk=evaluation.pk).is_signed


def test_an_empty_reason_removes_it(evaluation, iron):
    evaluation_save(evaluation, reasons={iron.pk: "原因"})
    evaluation_save(evaluation, reasons={iron.pk: "  "})
    assert not EvaluationReason.objects.exists()


def test_build_snapshot_costs_a_fixed_number_of_queries(
    own_plan, make_indicator, add_value, django_assert_num_queries
):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            build_snapshot(own_plan, 2025)
        return len(queries)

    make_indicator(target="1")
    few = count()
    for n in range(6):
        indicator = make_indicator(target="10", group=f"g{n % 3}")
        add_value(indicator, 2021 + n % 5, "3")
    assert count() == few, "build_snapshot made a query per row: load it with the selectors"
