"""``load_plan``: atomic, idempotent, and clear about bad rows."""

import json
import shutil
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from deposits.models import Deposit
from rights.models import ExplorationRight
from targets.plan_fixtures import FIXTURES_DIR, MODEL_ORDER, FixtureError, plan_load, plan_snapshot

pytestmark = pytest.mark.usefixtures("loaded_plan")


def test_loading_twice_changes_nothing():
    before = plan_snapshot()
    report = plan_load()
    assert not report.changed
    assert not report.created and not report.updated
    assert plan_snapshot() == before


def test_command_reports_what_it_did():
    out = StringIO()
    call_command("load_plan", stdout=out)
    text = out.getvalue()
    assert "rights.explorationright: 0 created, 0 updated, 36 unchanged" in text
    assert "nothing changed" in text


def test_loading_into_an_empty_database_gives_the_same_data():
    before = plan_snapshot()
    for label in reversed(MODEL_ORDER):
        apps.get_model(label).objects.all().delete()
    assert Deposit.objects.count() == 0
    report = plan_load()
    assert report.created["rights.explorationright"] == 36
    assert report.created["deposits.deposit"] == 23
    assert plan_snapshot() == before


def test_a_changed_record_is_restored_and_reported():
    row = ExplorationRight.objects.get(seq=33)
    row.area_km2 = 99
    row.save()
    report = plan_load()
    assert report.updated == {"rights.explorationright": 1}
    row.refresh_from_db()
    assert str(row.area_km2.normalize()) == "29.3"


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
    assert "mineral" in message and "不存在矿" in message
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
    with pytest.raises(FixtureError, match="plans.json: cannot read fixture"):
        plan_load(folder)
