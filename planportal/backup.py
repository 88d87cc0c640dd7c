"""Backup and restore of the whole database content, portable between SQLite and PostgreSQL.

A backup is one JSON document (gzip-compressed when its name ends in ``.gz``)::

    {"format": "plan-portal-backup", "format_version": 1, "created_at": "…",
     "source": {"vendor": "sqlite", "django": "5.2"},
     "migrations": {"rights": ["0001_initial", …], …},
     "counts": {"rights.miningright": 24, …},
     "objects": [{"model": "rights.miningright", "pk": 3, "fields": {…}}, …]}

``objects`` is Django's own serialization (what ``dumpdata`` writes) of every row of every
installed app: the plan's registers and targets, actual figures, users, groups and their
permissions, API tokens (knox keeps only their hashes), the admin's log and every
django-simple-history table. Primary keys are kept, so history rows still point at their
records and sequences continue after the restored ids. Content types and permissions are
left out: ``migrate`` creates them on every database, with ids of its own, so the rows that
refer to them (users', groups' permissions, the admin log) name them by natural key. Sessions
are left out too: a restored portal starts with nobody logged in.

``migrations`` is the schema the rows fit: a backup is restored only into a database migrated
to exactly the same state (restore with the release that made the backup, then ``migrate``).
"""

import datetime
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import django
from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from planportal.cache import bump_on_commit

FORMAT = "plan-portal-backup"
FORMAT_VERSION = 1

# Created by `migrate` on every database, with ids of its own: referred to by natural key.
RECREATED = {"contenttypes.contenttype", "auth.permission"}
# Not carried over (and cleared when a restore replaces a database's content).
LEFT_OUT = {"sessions.session"}

GZIP_MAGIC = b"\x1f\x8b"


class BackupJSONEncoder(DjangoJSONEncoder):
    """Django's encoder (Decimals as exact strings), but times keep their microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why and what to do."""


class DatabaseNotEmpty(BackupError):
    """Restoring would mix two databases' rows; ``found`` counts the rows already there."""

    def __init__(self, found):
        self.found = found
        shown = [f"{label} {count}" for label, count in list(found.items())[:6]]
        if len(found) > len(shown):
            shown.append("…")
        super().__init__(
            f"The database is not empty: it holds {sum(found.values())} rows in {len(found)} "
            f"tables ({', '.join(shown)}). Restore into a freshly migrated, empty database, or "
            "pass --force to replace its content."
        )


@dataclass
class RestoreReport:
    counts: dict  # rows restored per model label
    replaced: dict  # rows that were there before (only with force)

    @property
    def total(self):
        return sum(self.counts.values())


def backup_models(using=DEFAULT_DB_ALIAS):
    """Every model whose rows a backup holds, ordered so that natural keys resolve on load."""
    app_list = [
        (
            config,
            [
                model
                for model in config.get_models()
                if not model._meta.proxy
                and model._meta.managed
                and model._meta.label_lower not in RECREATED | LEFT_OUT
                and router.allow_migrate_model(using, model)
            ],
        )
        for config in apps.get_app_configs()
    ]
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def _names_recreated_rows(model):
    """True when the model refers to content types or permissions (which `migrate` numbers)."""
    return any(
        field.concrete
        and field.is_relation
        and field.related_model is not None
        and field.related_model._meta.label_lower in RECREATED
        for field in model._meta.get_fields()
    )


def applied_migrations(using=DEFAULT_DB_ALIAS):
    """The schema's state: applied migration names per installed app."""
    installed = {config.label for config in apps.get_app_configs()}
    state = {}
    for app_label, name in MigrationRecorder(connections[using]).applied_migrations():
        if app_label in installed:
            state.setdefault(app_label, []).append(name)
    return {label: sorted(names) for label, names in sorted(state.items())}


def backup_build(using=DEFAULT_DB_ALIAS):
    """The whole database content as a backup document (a dict), read in one snapshot."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for every table, so the backup is consistent while others write.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        objects, counts = [], {}
        for model in backup_models(using):
            rows = serializers.serialize(
                "python",
                model._base_manager.using(using).order_by("pk").iterator(),
                use_natural_foreign_keys=_names_recreated_rows(model),
                use_natural_primary_keys=False,
            )
            objects.extend(rows)
            counts[model._meta.label_lower] = len(rows)
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "source": {"vendor": connection.vendor, "django": django.get_version()},
            "migrations": applied_migrations(using),
            "counts": counts,
            "objects": objects,
        }


def backup_write(path, using=DEFAULT_DB_ALIAS):
    """Write a backup of the whole database to ``path`` (gzip when it ends in .gz).

    Returns the document's ``counts`` (rows per model label).
    """
    path = Path(path)
    document = backup_build(using)
    data = json.dumps(document, cls=BackupJSONEncoder, ensure_ascii=False).encode("utf-8")
    if path.name.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    tmp = path.with_name(f".{path.name}.partial")
    tmp.write_bytes(data)
    tmp.replace(path)  # never a half-written backup under the real name
    return document["counts"]


def backup_read(path):
    """Parse a backup file (plain or gzip) and check that it is one this code can restore."""
    try:
        data = Path(path).read_bytes()
        if data.startswith(GZIP_MAGIC):
            data = gzip.decompress(data)
        document = json.loads(data.decode("utf-8"))
    except (OSError, EOFError, ValueError) as exc:
        raise BackupError(f"{path}: cannot read the backup: {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"{path}: not a Plan Portal backup (written by `manage.py backup`).")
    if document.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path}: backup format {document.get('format_version')} cannot be restored by this "
            f"release (it reads format {FORMAT_VERSION})."
        )
    return document


def _schema_differences(document, using):
    here = applied_migrations(using)
    there = document.get("migrations", {})
    missing = sorted(
        f"{app}.{name}"
        for app, names in there.items()
        for name in set(names) - set(here.get(app, ()))
    )
    extra = sorted(
        f"{app}.{name}"
        for app, names in here.items()
        for name in set(names) - set(there.get(app, ()))
    )
    problems = []
    if missing:
        problems.append(
            f"the backup's schema has migrations this database lacks ({', '.join(missing)}): "
            "run `manage.py migrate` first, with the release that made the backup"
        )
    if extra:
        problems.append(
            f"this database has migrations the backup's schema lacks ({', '.join(extra)}): "
            "restore with the release that made the backup, then run `manage.py migrate`"
        )
    return problems


def _tables(models):
    tables = []
    for model in models:
        tables.append(model._meta.db_table)
        tables.extend(
            field.remote_field.through._meta.db_table
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        )
    return tables


def _rows_present(models, using):
    found = {}
    for model in models:
        count = model._base_manager.using(using).count()
        if count:
            found[model._meta.label_lower] = count
    return found


def backup_restore(path, *, force=False, using=DEFAULT_DB_ALIAS):
    """Restore a backup into the database, all or nothing; return a RestoreReport.

    Refuses (DatabaseNotEmpty) a database that already holds rows, unless ``force``: then its
    content is replaced. Refuses a backup whose schema (migrations) differs from the
    database's. Resets the sequences (PostgreSQL) so new rows continue after restored ids.
    """
    document = backup_read(path)
    problems = _schema_differences(document, using)
    if problems:
        raise BackupError(f"{path}: cannot restore: " + "; ".join(problems) + ".")
    connection = connections[using]
    models = backup_models(using)
    left_out = [model for model in apps.get_models() if model._meta.label_lower in LEFT_OUT]
    with transaction.atomic(using=using):
        # The flush below sends no signals: the cached figures start afresh on commit.
        bump_on_commit(using)
        found = _rows_present(models, using)
        if found and not force:
            raise DatabaseNotEmpty(found)
        if found:
            statements = connection.ops.sql_flush(
                no_style(), _tables([*models, *left_out]), reset_sequences=False
            )
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        counts, deferred = {}, []
        with connection.constraint_checks_disabled():
            for obj in serializers.deserialize(
                "python", document["objects"], using=using, handle_forward_references=True
            ):
                # The tables are empty: insert without first trying an update.
                obj.save(using=using, force_insert=True)
                label = obj.object._meta.label_lower
                counts[label] = counts.get(label, 0) + 1
                if obj.deferred_fields:
                    deferred.append(obj)
            for obj in deferred:
                obj.save_deferred_fields(using=using)
        connection.check_constraints(table_names=_tables(models))
        expected = {label: n for label, n in document.get("counts", {}).items() if n}
        if counts != expected:
            raise BackupError(
                f"{path}: restored rows {counts} do not match the backup's counts {expected}."
            )
        sequences = connection.ops.sequence_reset_sql(no_style(), models)
        if sequences:
            with connection.cursor() as cursor:
                for statement in sequences:
                    cursor.execute(statement)
    return RestoreReport(counts=counts, replaced=found)
