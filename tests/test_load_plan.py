"""``load_plan``: atomic, idempotent, and clear about bad rows."""

import json
import shutil
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from deposits.models import Deposit
from planportal.loader import FIXTURES_DIR, FixtureError, plan_load, plan_models, plan_snapshot
from rights.models import ExplorationRight, MiningRight
from targets.models import IndicatorValue

pytestmark = pytest.mark.usefixtures("loaded_plan")


def test_loading_twice_changes_nothing():
    before = plan_snapshot()
    report = plan_load()
    assert not report.changed
    assert not report.created
    assert not report.updated
    assert plan_snapshot() == before


def test_command_reports_what_it_did():
    out = StringIO()
    call_command("load_plan", stdout=out)
    text = out.getvalue()
    assert "rights.explorationright: 0 created, 0 updated, 36 unchanged" in text
    assert "nothing changed" in text


def test_loading_into_an_empty_database_gives_the_same_data():
    before = plan_snapshot()
    for model in reversed(plan_models()):
        model.objects.all().delete()
        model.history.all().delete()  # an empty database has no history
    assert Deposit.objects.count() == 0
    report = plan_load()
    assert report.created["rights.explorationright"] == 36
    assert report.created["deposits.deposit"] == 23
    assert plan_snapshot() == before


def test_a_record_changed_since_the_load_is_kept_and_reported():
    row = ExplorationRight.objects.get(seq=33)
    row.area_km2 = 99
    row.save()  # a shell or API save: no history user, no load_plan reason
    report = plan_load()
    assert not report.updated
    assert report.kept == {"rights.explorationright": 1}
    row.refresh_from_db()
    assert row.area_km2 == 99
    (kept,) = report.kept_records
    (change,) = kept.changes
    assert (change.name, change.plan_value, change.current_value) == (
        "area_km2",
        Decimal("29.3"),
        Decimal("99"),
    )


@pytest.fixture
def broken_fixtures(tmp_path):
    """A copy of fixtures/ that a test can spoil."""
    target = tmp_path / "fixtures"
    shutil.copytree(FIXTURES_DIR, target)

    def spoil(filename, seq, **changes):
        path = target / filename
        data = json.loads(path.read_text(encoding="utf-8"))
        row = next(r for r in data["rows"] if r.get("seq") == seq)
        row.update(changes)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return target

    return spoil


def test_unknown_mineral_names_file_and_row_and_writes_nothing(broken_fixtures):
    folder = broken_fixtures("exploration_rights.json", 7, mineral="不存在矿", area_km2=1.23)
    ExplorationRight.objects.filter(seq=1).update(area_km2=50)
    before = plan_snapshot()
    with pytest.raises(FixtureError) as error:
        plan_load(folder)
    message = str(error.value)
    assert "exploration_rights.json row 7 (seq 7)" in message
    assert "mineral" in message
    assert "不存在矿" in message
    # Nothing was written: not even the earlier rows that the load would have restored.
    assert plan_snapshot() == before
    assert ExplorationRight.objects.get(seq=1).area_km2 == 50


def test_negative_area_names_file_row_and_field(broken_fixtures):
    folder = broken_fixtures("mining_rights.json", 3, area_km2=-0.72)
    before = plan_snapshot()
    with pytest.raises(CommandError) as error:
        call_command("load_plan", fixtures=str(folder), stdout=StringIO())
    message = str(error.value)
    assert "Nothing was loaded" in message
    assert "mining_rights.json row 3 (seq 3)" in message
    assert "area_km2" in message
    assert plan_snapshot() == before


def test_unknown_field_and_bad_choice_are_refused(broken_fixtures):
    folder = broken_fixtures("deposits.json", 2, scale="巨型")
    with pytest.raises(FixtureError, match=r"deposits.json row 2 \(seq 2\): scale"):
        plan_load(folder)
    folder = broken_fixtures("deposits.json", 2, scale="small", colour="红")
    with pytest.raises(FixtureError, match="colour: no such field"):
        plan_load(folder)


def test_malformed_file_is_named(tmp_path):
    folder = tmp_path / "fixtures"
    folder.mkdir()
    (folder / "plans.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(FixtureError, match=r"plans\.json: cannot read fixture"):
        plan_load(folder)


# Staff corrections survive a reload ------------------------------------------------------


def admin_edit(record, user, **changes):
    """Change a record as the admin does: simple-history records the user who saved it."""
    for name, value in changes.items():
        setattr(record, name, value)
    record._history_user = user
    record._change_reason = "更正"
    record.save()
    return record


def api_figure_edit(user, value):
    """Correct an actual figure as the API does: ``entered_by`` is the user, no history user."""
    figure = IndicatorValue.objects.get(
        indicator__group__code="review_resources", indicator__seq=3, year=2020
    )
    figure.value = value
    figure.entered_by = user
    figure.save()
    return figure


def test_an_admin_edit_is_kept_and_listed_with_who_and_when(editor):
    right = admin_edit(MiningRight.objects.get(seq=2), editor, capacity=Decimal("77.7"))
    out = StringIO()
    call_command("load_plan", stdout=out)
    text = out.getvalue()
    right.refresh_from_db()
    assert right.capacity == Decimal("77.7")
    assert right.history.first().history_user == editor  # still the staff's edit, no reload
    assert "rights.miningright: 0 created, 0 updated, 23 unchanged, 1 kept" in text
    assert "capacity: plan 6, now 77.7, changed by editor on " in text
    assert "--overwrite" in text
    assert "Plan loaded" not in text


def test_an_actual_figure_entered_through_the_api_is_never_overwritten(editor):
    api_figure_edit(editor, Decimal("0.99"))
    for overwrite in (False, True):
        report = plan_load(overwrite=overwrite)
        figure = IndicatorValue.objects.get(
            indicator__group__code="review_resources", indicator__seq=3, year=2020
        )
        assert (figure.value, figure.entered_by) == (Decimal("0.99"), editor)
        assert report.kept == {"targets.indicatorvalue": 1}
        assert not report.updated
        (kept,) = report.kept_records
        assert [(c.name, c.plan_value, c.current_value) for c in kept.changes] == [
            ("value", Decimal("0.24"), Decimal("0.99"))
        ]
        assert kept.changes[0].changed_by == editor


def test_overwrite_puts_the_plans_value_back_into_a_register(editor):
    right = admin_edit(MiningRight.objects.get(seq=2), editor, capacity=Decimal("77.7"))
    out = StringIO()
    call_command("load_plan", overwrite=True, stdout=out)
    right.refresh_from_db()
    assert right.capacity == 6
    latest = right.history.first()
    assert (latest.history_user, latest.history_change_reason) == (None, "load_plan")
    assert "Overwrote 1 record" in out.getvalue()
    assert "capacity: plan 6, now 77.7, changed by editor" in out.getvalue()
    # Back to the plan's values: the next load finds nothing to do.
    report = plan_load()
    assert not report.updated
    assert not report.kept
    assert not report.created


def test_a_second_load_of_an_untouched_database_writes_no_history():
    counts = {model: model.history.count() for model in plan_models()}
    report = plan_load()
    assert not report.created
    assert not report.updated
    assert not report.kept
    assert {model: model.history.count() for model in plan_models()} == counts


def test_a_corrected_fixture_reaches_a_record_nobody_changed(broken_fixtures):
    folder = broken_fixtures("mining_rights.json", 3, capacity=7)
    report = plan_load(folder)
    assert report.updated == {"rights.miningright": 1}
    assert not report.kept
    assert MiningRight.objects.get(seq=3).capacity == 7


def test_a_corrected_fixture_waits_while_staff_changed_the_same_record(editor, broken_fixtures):
    right = admin_edit(MiningRight.objects.get(seq=3), editor, holder="某矿业公司")
    folder = broken_fixtures("mining_rights.json", 3, capacity=7, holder="")
    report = plan_load(folder)
    right.refresh_from_db()
    assert (right.capacity, right.holder) == (6, "某矿业公司")
    (kept,) = report.kept_records
    by_name = {change.name: change for change in kept.changes}
    assert by_name["holder"].by_staff
    assert by_name["holder"].changed_by == editor
    assert not by_name["capacity"].by_staff
    assert "the plan's value changed" in by_name["capacity"].describe()


def test_records_loaded_before_the_loader_marked_its_saves_take_plan_corrections(
    editor, broken_fixtures
):
    # A database loaded by the earlier loader: history without the load_plan reason.
    MiningRight.history.update(history_change_reason=None)
    admin_edit(MiningRight.objects.get(seq=2), editor, capacity=Decimal("77.7"))
    folder = broken_fixtures("mining_rights.json", 3, capacity=7)
    report = plan_load(folder)
    assert report.updated == {"rights.miningright": 1}
    assert MiningRight.objects.get(seq=3).capacity == 7
    assert [record.record for record in report.kept_records] == [
        "[seq 2] “新疆西部鑫盛矿业有限公司新疆新源县包尔萨依铁矿”"
    ]
    assert MiningRight.objects.get(seq=2).capacity == Decimal("77.7")


def test_a_record_deleted_by_staff_stays_deleted_unless_overwrite(editor):
    right = MiningRight.objects.get(seq=5)
    right._history_user = editor
    right.delete()
    report = plan_load()
    assert not MiningRight.objects.filter(seq=5).exists()
    assert report.kept == {"rights.miningright": 1}
    (kept,) = report.kept_records
    assert kept.changes[0].describe().startswith("deleted by editor on ")
    assert kept.changes[0].changed_by == editor
    report = plan_load(overwrite=True)
    assert report.created == {"rights.miningright": 1}
    assert MiningRight.objects.filter(seq=5).exists()
