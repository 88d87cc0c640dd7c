"""``start_next_plan``: the draft of the next plan, from the registers and final figures."""

import json
import shutil
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deposits.models import (
    SAND_CLAY_CLASS,
    Deposit,
    MineralClass,
    MineralClassMember,
    MineralRegulation,
    ResourceReserve,
)
from planportal.choices import MineStatus
from planportal.loader import FIXTURES_DIR, LOAD_REASON, plan_load
from planportal.models import Plan
from rights.models import ExplorationRight, MinimumScaleRule, MiningRight, ScaleStandard
from targets.carry_over import CARRY_OVER_REASON, plan_period_parse, plan_start_next
from targets.choices import GroupRole, ValueSource
from targets.models import Indicator, IndicatorGroup, IndicatorValue
from tests import factories
from zones.models import DevelopmentRegion, PlanningArea

NEW = "xinyuan-2026-2030"

REGISTERS = [
    MineralRegulation,
    MineralClass,
    Deposit,
    ResourceReserve,
    ExplorationRight,
    MiningRight,
    ScaleStandard,
    MinimumScaleRule,
    PlanningArea,
    DevelopmentRegion,
]

# Fields a copy has of its own.
OWN = {"id", "plan", "created_at", "updated_at", "version"}


def start(source, code=NEW, period=(2026, 2030), **kwargs):
    return plan_start_next(source, code, *period, **kwargs)


def rows_of(model, plan):
    """The rows of ``plan`` as plain values, without what a copy has of its own."""
    names = [f.attname for f in model._meta.concrete_fields if f.name not in OWN]
    return sorted(model.objects.filter(plan=plan).values_list(*names), key=lambda row: repr(row))


def everything_written():
    """How many rows and history entries each carried-over model holds."""
    models = [Plan, *REGISTERS, MineralClassMember, IndicatorGroup, Indicator, IndicatorValue]
    return {model._meta.label: (model.objects.count(), model.history.count()) for model in models}


@pytest.fixture
def user(db):
    return factories.make_user("planner", staff=True)


def test_every_register_is_copied_with_its_seq_and_fields(loaded_plan):
    result = start(loaded_plan)
    new = result.plan
    for model in REGISTERS:
        assert (
            model.objects.filter(plan=new).count() == model.objects.filter(plan=loaded_plan).count()
        ), model
        assert rows_of(model, new) == rows_of(model, loaded_plan), model
        assert result.created[model._meta.label_lower] == model.objects.filter(plan=new).count()
    assert result.created["deposits.deposit"] == 23
    assert result.created["rights.explorationright"] == 36
    assert result.created["rights.miningright"] == 24


def test_the_new_plan_is_a_draft_based_on_the_last_year(loaded_plan):
    new = start(loaded_plan).plan
    new.refresh_from_db()
    assert new.is_draft
    assert not loaded_plan.is_draft
    assert (new.period_start, new.period_end, new.base_year) == (2026, 2030, 2025)
    assert (new.region_name, new.region_code, new.issuer) == (
        loaded_plan.region_name,
        loaded_plan.region_code,
        loaded_plan.issuer,
    )
    # Not approved, no text yet: staff fill these in.
    assert new.approval_date is None
    assert new.text == ""


def test_a_name_with_the_period_gets_the_new_years(own_plan):
    own_plan.name = "某县矿产资源总体规划（2021—2025年）"
    own_plan.save()
    assert start(own_plan, "next-plan").plan.name == "某县矿产资源总体规划（2026—2030年）"


def test_mineral_classes_keep_their_members_and_targets_point_at_the_new_class(loaded_plan):
    new = start(loaded_plan).plan
    old_class = MineralClass.objects.get(plan=loaded_plan, code=SAND_CLAY_CLASS)
    new_class = MineralClass.objects.get(plan=new, code=SAND_CLAY_CLASS)
    assert set(new_class.minerals.values_list("name", flat=True)) == set(
        old_class.minerals.values_list("name", flat=True)
    )
    assert MineralClassMember.objects.filter(mineral_class__plan=new).count() == (
        MineralClassMember.objects.filter(mineral_class__plan=loaded_plan).count()
    )
    classes = Indicator.objects.filter(plan=new).exclude(mineral_class=None)
    assert all(indicator.mineral_class.plan_id == new.pk for indicator in classes)


def test_a_closed_mine_is_not_carried(loaded_plan):
    closed = MiningRight.objects.filter(plan=loaded_plan).get(seq=3)
    closed.status = MineStatus.CLOSED
    closed.save()
    result = start(loaded_plan)
    seqs = set(MiningRight.objects.filter(plan=result.plan).values_list("seq", flat=True))
    assert 3 not in seqs
    assert len(seqs) == 23
    assert result.left_behind["rights.miningright"] == (1, "closed or expired")


def test_a_right_expired_before_the_next_period_is_not_carried(loaded_plan):
    ExplorationRight.objects.filter(plan=loaded_plan, seq=1).update(
        valid_from=date(2019, 1, 1), valid_to=date(2025, 6, 30)
    )
    ExplorationRight.objects.filter(plan=loaded_plan, seq=2).update(
        valid_from=date(2024, 1, 1), valid_to=date(2027, 6, 30)
    )
    result = start(loaded_plan)
    seqs = set(ExplorationRight.objects.filter(plan=result.plan).values_list("seq", flat=True))
    assert 1 not in seqs
    assert 2 in seqs
    assert result.left_behind["rights.explorationright"] == (1, "expired")


def test_the_baselines_are_the_source_final_figures(loaded_plan, user):
    # 专栏9 (2025 年规划目标): the figure of 2025; 专栏8 (2021—2025): the total of the period.
    iron = Indicator.objects.get(plan=loaded_plan, group__code="column_9", seq=1)
    factories.make_value(iron, 2024, "40")
    factories.make_value(iron, 2025, "55.5")
    found = Indicator.objects.get(plan=loaded_plan, group__code="column_8", seq=1)
    factories.make_value(found, 2021, "1")
    factories.make_value(found, 2023, "1")
    final = {
        (indicator.group.code, indicator.seq): (indicator.current_year, indicator.current_value)
        for indicator in Indicator.objects.filter(plan=loaded_plan, group__role=GroupRole.TARGETS)
        .with_live()
        .select_related("group")
    }
    assert final["prose", 4] == (2025, Decimal("24"))  # 矿山总数, live from the registers
    assert final["column_9", 1] == (2025, Decimal("55.5"))
    assert final["column_8", 1][1] is not None

    new = start(loaded_plan, user=user).plan

    reviews = IndicatorGroup.objects.filter(plan=new)
    assert set(reviews.values_list("role", flat=True)) == {GroupRole.REVIEW}
    assert set(reviews.values_list("code", flat=True)) == {
        f"review_{code}"
        for code in IndicatorGroup.objects.filter(
            plan=loaded_plan, role=GroupRole.TARGETS
        ).values_list("code", flat=True)
    }
    assert {(g.period_start, g.period_end) for g in reviews} == {(2021, 2025)}
    carried = {
        (indicator.group.code.removeprefix("review_"), indicator.seq): (
            indicator.current_year,
            indicator.current_value,
        )
        for indicator in Indicator.objects.filter(plan=new).with_live().select_related("group")
    }
    assert carried == final
    # The final figure is a figure of its own now, not the new plan's registers.
    assert not Indicator.objects.filter(plan=new).exclude(live_metric="").exists()
    mines = IndicatorValue.objects.get(
        indicator__plan=new, indicator__seq=4, indicator__group__code="review_prose"
    )
    assert (mines.year, mines.value, mines.source) == (2025, Decimal("24"), ValueSource.REGISTER)
    assert loaded_plan.code in mines.source_note
    assert mines.entered_by == user
    figure = IndicatorValue.objects.get(
        indicator__plan=new, indicator__group__code="review_column_9", indicator__seq=1
    )
    assert (figure.year, figure.value, figure.source) == (
        2025,
        Decimal("55.5"),
        ValueSource.STATISTICAL_REPORT,
    )
    # One figure holds the source's whole final figure (a period total too).
    (new_found,) = IndicatorValue.objects.filter(
        indicator__plan=new, indicator__group__code="review_column_8", indicator__seq=1
    )
    assert (new_found.year, new_found.value) == final["column_8", 1]
    # The targets come along; the new plan's own targets are for staff to enter.
    copy = Indicator.objects.get(plan=new, group__code="review_column_9", seq=1)
    assert (copy.target_kind, copy.target_value, copy.target_year) == (
        iron.target_kind,
        iron.target_value,
        iron.target_year,
    )
    assert not IndicatorGroup.objects.filter(plan=new, role=GroupRole.TARGETS).exists()


def test_history_names_the_carry_over_and_the_user(loaded_plan, user):
    new = start(loaded_plan, user=user).plan
    entries = [
        new.history.get(),
        *Deposit.history.filter(plan=new),
        *MiningRight.history.filter(plan=new),
        *MineralClassMember.history.filter(mineral_class__plan=new),
        *Indicator.history.filter(plan=new),
        *IndicatorValue.history.filter(indicator__plan=new),
    ]
    assert len(entries) > 50
    assert {entry.history_change_reason for entry in entries} == {CARRY_OVER_REASON}
    assert {entry.history_user_id for entry in entries} == {user.pk}
    assert {entry.history_type for entry in entries} == {"+"}
    assert CARRY_OVER_REASON != LOAD_REASON


def test_both_plans_are_offered_and_the_new_one_answers_on_pages_and_api(
    loaded_plan, client, api_client
):
    new = start(loaded_plan).plan
    pages = [
        "/",
        "/targets/",
        "/targets/review/",
        "/deposits/",
        "/rights/exploration/",
        "/rights/mining/",
        "/zones/",
    ]
    for page in pages:
        response = client.get(page, {"plan": NEW})
        assert response.status_code == 200, page
        assert response.context["plan"] == new, page
        assert {plan.code for plan in response.context["plans"]} >= {NEW, loaded_plan.code}
        text = response.content.decode()
        assert f'value="{NEW}"' in text, page
        assert f'value="{loaded_plan.code}"' in text, page
    # The portal still opens on the plan in force.
    assert client.get("/").context["plan"] == loaded_plan

    plan = api_client.get(f"/api/v1/plans/{NEW}/")
    assert plan.status_code == 200
    assert plan.json()["is_draft"] is True
    assert api_client.get(f"/api/v1/plans/{loaded_plan.code}/").json()["is_draft"] is False
    for resource, expected in [
        ("deposits", 23),
        ("mining-rights", 24),
        ("exploration-rights", 36),
        ("indicators", Indicator.objects.filter(plan=new).count()),
    ]:
        response = api_client.get(f"/api/v1/{resource}/", {"plan": NEW})
        assert response.status_code == 200, resource
        assert response.json()["count"] == expected, resource


@pytest.mark.parametrize(
    ("source", "code", "period", "field"),
    [
        (None, "xinyuan-2021-2025", "2026-2030", "code"),  # the code is taken
        (None, "next plan", "2026-2030", "code"),  # no slug
        (None, NEW, "2025-2030", "period"),  # overlaps the source's period
        (None, NEW, "2030-2026", "period"),  # ends before it starts
        (None, NEW, "2026", None),  # not a period
        ("no-such-plan", NEW, "2026-2030", None),
    ],
)
def test_a_refused_start_writes_nothing(loaded_plan, source, code, period, field):
    before = everything_written()
    with pytest.raises(CommandError, match="Nothing was created") as refused:
        call_command(
            "start_next_plan",
            "--from",
            source or loaded_plan.code,
            "--code",
            code,
            "--period",
            period,
            stdout=StringIO(),
        )
    if field:
        assert f"{field}:" in str(refused.value)
    assert everything_written() == before


def test_a_failure_halfway_leaves_nothing(loaded_plan, monkeypatch):
    before = everything_written()

    def broken(*args, **kwargs):
        raise ValidationError("boom")

    monkeypatch.setattr("targets.carry_over._review_of", broken)
    with pytest.raises(ValidationError):
        start(loaded_plan)
    assert everything_written() == before


def test_the_service_refuses_an_unknown_source(db):
    with pytest.raises(ValidationError):
        start("no-such-plan")


@pytest.mark.parametrize(
    ("text", "period"),
    [("2026-2030", (2026, 2030)), ("2026—2030", (2026, 2030)), (" 2026 至 2030 ", (2026, 2030))],
)
def test_periods_are_read_as_two_years(text, period):
    assert plan_period_parse(text) == period


def test_dry_run_shows_the_counts_and_writes_nothing(loaded_plan):
    before = everything_written()
    out = StringIO()
    call_command(
        "start_next_plan",
        "--from",
        loaded_plan.code,
        "--code",
        NEW,
        "--period",
        "2026-2030",
        "--dry-run",
        stdout=out,
    )
    text = out.getvalue()
    assert "deposits.deposit: 23 would be created" in text
    assert "rights.miningright: 24 would be created" in text
    assert "Dry run" in text
    assert everything_written() == before


def test_the_command_creates_the_plan_and_names_the_user(loaded_plan, user):
    out = StringIO()
    call_command(
        "start_next_plan",
        "--from",
        loaded_plan.code,
        "--code",
        NEW,
        "--period",
        "2026-2030",
        "--user",
        user.username,
        stdout=out,
    )
    assert "zones.planningarea: 37 created" in out.getvalue()
    new = Plan.objects.get(code=NEW)
    assert new.history.get().history_user == user


def test_loading_the_source_fixtures_again_leaves_the_new_plan_alone(loaded_plan, tmp_path):
    new = start(loaded_plan).plan
    carried = {model: rows_of(model, new) for model in REGISTERS}
    history = {model: model.history.filter(plan=new).count() for model in REGISTERS}
    # The plan's fixtures now say something else about a deposit and a mine.
    fixtures = tmp_path / "fixtures"
    shutil.copytree(FIXTURES_DIR, fixtures)
    for name in ["deposits.json", "mining_rights.json"]:
        path = fixtures / name
        data = json.loads(path.read_text(encoding="utf-8"))
        data["rows"][0]["name"] = "改名后的记录"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    report = plan_load(fixtures)

    assert report.updated == {"deposits.deposit": 1, "rights.miningright": 1}
    assert Deposit.objects.filter(plan=loaded_plan, name="改名后的记录").exists()
    assert not Deposit.objects.filter(plan=new, name="改名后的记录").exists()
    assert {model: rows_of(model, new) for model in REGISTERS} == carried
    assert {model: model.history.filter(plan=new).count() for model in REGISTERS} == history
    assert not plan_load(fixtures).changed


def _one_row_each(source):
    for make in [
        factories.make_regulation,
        factories.make_deposit,
        factories.make_resource_reserve,
        factories.make_exploration_right,
        factories.make_mining_right,
        factories.make_scale_standard,
        factories.make_minimum_scale_rule,
        factories.make_zone,
        factories.make_development_region,
    ]:
        make(source)
    factories.make_mineral_class(source, minerals=["铁矿"])
    factories.make_value(factories.make_indicator(source, target="1"), 2023, "2")


def _many_rows_each(source, count=30):
    for many in [
        factories.many_minerals,  # with a regulation each
        factories.many_deposits,
        factories.many_resource_reserves,
        factories.many_exploration_rights,
        factories.many_mining_rights,
        factories.many_scale_standards,
        factories.many_zones,
        factories.many_development_regions,
    ]:
        many(source, count)
    for _ in range(3):
        factories.make_minimum_scale_rule(source)
    factories.make_mineral_class(source, minerals=[f"类成员{n}" for n in range(count)])
    for indicator in factories.many_indicators(source, count):
        factories.make_value(indicator, 2023, "2")


def _queries_to_start(source):
    with CaptureQueriesContext(connection) as queries:
        plan_start_next(source, f"{source.code}-next", 2026, 2030)
    return len(queries)


def test_the_queries_do_not_grow_with_the_rows(db):
    few, many = factories.make_plan(period=(2021, 2025)), factories.make_plan(period=(2021, 2025))
    _one_row_each(few)
    _many_rows_each(many)
    assert Deposit.objects.filter(plan=many).count() == 30
    queries_few, queries_many = _queries_to_start(few), _queries_to_start(many)
    assert Deposit.objects.filter(plan__code=f"{many.code}-next").count() == 30
    assert IndicatorValue.objects.filter(indicator__plan__code=f"{many.code}-next").count() == 30
    assert queries_few == queries_many, (
        f"Carrying over 30 rows of each register took {queries_many} queries, one row "
        f"{queries_few}: a query per row crept in. Insert in bulk (bulk_create_with_history), "
        "or justify the extra query here."
    )


def test_an_empty_register_is_no_trouble(db):
    source = factories.make_plan(period=(2021, 2025))
    result = plan_start_next(source, "empty-next", 2026, 2030)
    assert result.created["deposits.deposit"] == 0
    assert Plan.objects.get(code="empty-next").is_draft
