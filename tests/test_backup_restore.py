"""``backup`` and ``restore``: the whole database round-trips, staff edits and history included.

The in-process test empties the test database (``flush``) and restores into it, so it runs as
a transactional test. The cross-engine test (SQLite → PostgreSQL → SQLite) runs manage.py in
subprocesses with their own DATABASE_URL; it needs the PostgreSQL server of the test run.
"""

import gzip
import json
import os
import subprocess
import sys
import uuid
from decimal import Decimal
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from knox.auth import TokenAuthentication
from knox.models import AuthToken
from simple_history.models import HistoricalChanges

from planportal.loader import plan_digest
from rights.models import MiningRight
from targets.models import IndicatorValue

REPOSITORY = Path(settings.BASE_DIR)


def history_counts():
    return {
        model._meta.label_lower: model.objects.count()
        for model in apps.get_models()
        if issubclass(model, HistoricalChanges)
    }


def staff_edits():
    """What a bureau's database holds beyond the plan: people, their edits, tokens, a log."""
    editor = get_user_model().objects.create_user("编辑甲", password="test-password-不可猜")
    group = Group.objects.create(name="编辑")
    group.permissions.add(
        Permission.objects.get(codename="change_miningright", content_type__app_label="rights")
    )
    editor.groups.add(group)
    editor.user_permissions.add(
        Permission.objects.get(codename="change_indicatorvalue", content_type__app_label="targets")
    )
    right = MiningRight.objects.get(seq=2)
    right.capacity = Decimal("77.7")
    right._history_user = editor
    right._change_reason = "更正产能"
    right.save()
    figure = IndicatorValue.objects.get(
        indicator__group__code="review_resources", indicator__seq=3, year=2020
    )
    figure.value = Decimal("0.99")
    figure.entered_by = editor
    figure.save()
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(MiningRight),
        object_id=str(right.pk),
        object_repr=str(right),
        action_flag=CHANGE,
        change_message="更正产能",
    )
    _, token = AuthToken.objects.create(user=editor)
    return token


def people():
    """Users with their groups and permissions, as natural keys (ids may differ)."""
    return sorted(
        (
            user.username,
            user.password,
            sorted(user.groups.values_list("name", flat=True)),
            sorted(user.user_permissions.values_list("codename", flat=True)),
        )
        for user in get_user_model().objects.all()
    ) + sorted(
        (group.name, sorted(group.permissions.values_list("codename", flat=True)))
        for group in Group.objects.all()
    )


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_into_an_empty_database(loaded_plan, tmp_path):
    token = staff_edits()
    digest, histories, who = plan_digest(), history_counts(), people()
    log = list(LogEntry.objects.values_list("user__username", "content_type__model", "object_id"))
    backup = tmp_path / "portal.json.gz"
    call_command("backup", output=str(backup), stdout=StringIO())
    assert backup.read_bytes()[:2] == b"\x1f\x8b"

    with pytest.raises(CommandError, match=r"not empty: .*planportal\.plan 1"):
        call_command("restore", str(backup))
    assert plan_digest() == digest  # a refused restore writes nothing

    call_command("flush", interactive=False, verbosity=0)
    assert MiningRight.objects.count() == 0
    assert history_counts()["rights.historicalminingright"] == 0
    call_command("restore", str(backup), stdout=StringIO())

    assert plan_digest() == digest
    assert history_counts() == histories
    assert people() == who
    log_now = LogEntry.objects.values_list("user__username", "content_type__model", "object_id")
    assert list(log_now) == log
    figure = IndicatorValue.objects.get(
        indicator__group__code="review_resources", indicator__seq=3, year=2020
    )
    assert (figure.value, figure.entered_by.username) == (Decimal("0.99"), "编辑甲")
    latest = MiningRight.objects.get(seq=2).history.first()
    assert (latest.history_user.username, latest.history_change_reason) == ("编辑甲", "更正产能")
    user, _ = TokenAuthentication().authenticate_credentials(token.encode())
    assert user.username == "编辑甲"
    # New rows continue after the restored ids (sequences reset on PostgreSQL).
    get_user_model().objects.create_user("新用户")
    MiningRight.objects.get(seq=3).save()

    # --force replaces a non-empty database's content with the backup's.
    call_command("restore", str(backup), force=True, stdout=StringIO())
    assert plan_digest() == digest
    assert history_counts() == histories
    assert not get_user_model().objects.filter(username="新用户").exists()


def test_a_backup_of_another_schema_is_refused(tmp_path, db):
    backup = tmp_path / "portal.json"
    call_command("backup", output=str(backup), stdout=StringIO())
    document = json.loads(backup.read_text(encoding="utf-8"))
    document["migrations"]["rights"].append("9999_from_the_future")
    backup.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match=r"rights\.9999_from_the_future.*migrate"):
        call_command("restore", str(backup), force=True)


def test_a_file_that_is_not_a_backup_is_refused(tmp_path, db):
    other = tmp_path / "plans.json"
    other.write_text('{"table": "封面与总则", "rows": []}', encoding="utf-8")
    with pytest.raises(CommandError, match="not a Plan Portal backup"):
        call_command("restore", str(other), force=True)


# Across engines ------------------------------------------------------------------------


def manage(database_url, *args):
    """Run manage.py against another database; return its standard output."""
    env = {**os.environ, "DATABASE_URL": database_url, "CONN_MAX_AGE": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}: {result.stderr}"
    return result.stdout


def run(database_url, *commands, edit_as=None):
    """In one manage.py process on another database: run manage.py commands (lists of
    arguments), optionally make staff edits as ``edit_as``; return the plan digest."""
    return manage(
        database_url,
        "shell",
        "-c",
        f"commands, edit_as = {commands!r}, {edit_as!r}\n{SCRIPT}",
    ).split()[-1]


SCRIPT = """
from decimal import Decimal
from django.contrib.auth import get_user_model
from django.core.management import call_command
from knox.models import AuthToken
from planportal.loader import plan_digest
from rights.models import MiningRight
from targets.models import IndicatorValue

for command in commands:
    call_command(*command, verbosity=0)
if edit_as:
    editor = get_user_model().objects.create_user(edit_as, password="x")
    right = MiningRight.objects.get(seq=2)
    right.capacity = Decimal("77.7")
    right._history_user = editor
    right.save()
    figure = IndicatorValue.objects.get(
        indicator__seq=3, indicator__group__code="review_resources", year=2020
    )
    figure.value, figure.entered_by = Decimal("0.99"), editor
    figure.save()
    AuthToken.objects.create(user=editor)
print(plan_digest())
"""


def counts(backup):
    return json.loads(gzip.decompress(backup.read_bytes()))["counts"]


@pytest.fixture
def postgres_database():
    """A new, empty database on the test run's PostgreSQL server; dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs the PostgreSQL server of the test run (DATABASE_URL)")
    import psycopg2

    params = dj_database_url.parse(url)
    name = f"planportal_restore_{uuid.uuid4().hex[:8]}"
    server = psycopg2.connect(
        dbname="postgres",
        **{
            key: value
            for key, value in {
                "user": params["USER"],
                "password": params["PASSWORD"],
                "host": params["HOST"],
                "port": params["PORT"],
                **params["OPTIONS"],
            }.items()
            if value
        },
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.close()


def test_a_sqlite_backup_restores_into_postgresql_and_back(postgres_database, tmp_path):
    from_sqlite = tmp_path / "from-sqlite.json.gz"
    from_postgres = tmp_path / "from-postgres.json.gz"
    migrate = ["migrate", "--noinput"]
    sqlite_url = f"sqlite:///{tmp_path / 'source.sqlite3'}"
    run(sqlite_url, migrate, ["load_plan"], edit_as="编辑甲")
    digest = run(sqlite_url, ["backup", "-o", str(from_sqlite)])

    restored = run(
        postgres_database,
        migrate,
        ["restore", str(from_sqlite)],
        ["backup", "-o", str(from_postgres)],
    )
    assert restored == digest
    assert counts(from_postgres) == counts(from_sqlite)
    # New rows continue after the restored ids: the sequences were reset.
    run(postgres_database, edit_as="编辑乙")

    back_url = f"sqlite:///{tmp_path / 'back.sqlite3'}"
    assert run(back_url, migrate, ["restore", str(from_postgres)]) == digest
