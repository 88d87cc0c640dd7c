"""Loading a plan from its fixtures: one JSON file per table of the plan.

A fixture file names its model, the table it transcribes and its rows::

    {
      "table": "专栏3 截至2020年底新源县已设探矿权一览表",
      "model": "rights.explorationright",
      "defaults": {"plan": "xinyuan-2021-2025", "as_of": "2020-12-31"},
      "rows": [{"seq": 1, "name": "…", "mineral": "铜矿", "stage": "detailed", "area_km2": 4.98}]
    }

Rows carry no database ids: a plan is named by its code, a mineral by its canonical name or
one of its aliases, an indicator group by its code, an indicator by ``[group code, seq]``.
Numbers are read as exact decimals. Every row is validated (field validators and database
constraints) before it is written; the whole load runs in one transaction, so a bad row
leaves the database as it was. Loading twice changes nothing the second time.

A plan row names its source text (``source_text``, a path in the repository such as
``fixtures/plan/xinyuan-mineral-plan-2021-2025.txt``); the file is loaded into ``Plan.text``.

Staff corrections are never undone silently. The loader saves with the change reason
``load_plan`` (``LOAD_REASON``) and no history user, so every record's history says what the
plan's values were at the last load. When a record differs from its fixture row, each differing
field is compared with that last load (the latest history entry with the reason ``load_plan``;
for records loaded before the loader marked its saves, the entry that created the record when
no user made it):

- the field still holds what was loaded: the plan's value changed, the field is updated;
- it holds something else (or no load is on record): someone changed it since; the whole
  record is kept and reported (plan value, current value, who changed it and when), unless
  ``overwrite=True``.

A row whose record was deleted (its history's last entry for that natural key is a deletion)
is likewise left deleted and reported, unless ``overwrite=True``.

Actual figures (``IndicatorValue``) entered or changed by staff (``entered_by`` set, or changed
since the load) are never overwritten, not even with ``overwrite=True``: they are what the
bureau reported, and a person corrects them through the portal.
"""

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import timezone

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"

# The change reason of every save the loader makes: how a record's history tells a load
# from a person's edit.
LOAD_REASON = "load_plan"

# Actual figures: what the bureau reported. Never overwritten once staff entered or changed them.
ACTUAL_FIGURES = "targets.indicatorvalue"

# Load order (what a row refers to is loaded before it) and the fields that identify a row.
NATURAL_KEYS = {
    "planportal.plan": ("code",),
    "deposits.mineral": ("name",),
    "deposits.mineralregulation": ("plan", "mineral", "direction"),
    "deposits.deposit": ("plan", "seq"),
    "deposits.resourcereserve": ("plan", "seq"),
    "rights.explorationright": ("plan", "seq"),
    "rights.miningright": ("plan", "seq"),
    "rights.scalestandard": ("plan", "seq", "variant"),
    "rights.minimumscalerule": ("plan", "seq"),
    "zones.planningarea": ("plan", "kind", "seq"),
    "zones.developmentregion": ("plan", "seq"),
    "targets.indicatorgroup": ("plan", "code"),
    "targets.indicator": ("group", "seq"),
    "targets.indicatorvalue": ("indicator", "year"),
    "targets.keyproject": ("plan", "group", "seq"),
    "targets.statedfigure": ("plan", "seq"),
}
MODEL_ORDER = list(NATURAL_KEYS)


class FixtureError(Exception):
    """A fixture file or row that cannot be loaded; the message names file and row."""


DELETED = "(deleted)"  # the FieldChange name of a record someone deleted


@dataclass
class FieldChange:
    """One field where a record differs from the plan's fixture row."""

    name: str
    plan_value: object
    current_value: object
    by_staff: bool  # changed since the last load (else: the plan's value changed)
    changed_by: object = None  # the user, when the history knows
    changed_at: object = None  # when, when the history knows

    def describe(self):
        if not self.by_staff:
            return (
                f"{self.name}: plan {_show(self.plan_value)}, now {_show(self.current_value)} "
                "(the plan's value changed since the last load)"
            )
        who = f" by {self.changed_by}" if self.changed_by is not None else ""
        when = (
            f" on {timezone.localtime(self.changed_at):%Y-%m-%d %H:%M %Z}"
            if self.changed_at is not None
            else ""
        )
        if self.name == DELETED:
            return f"deleted{who}{when} (the plan has this row)"
        text = f"{self.name}: plan {_show(self.plan_value)}, now {_show(self.current_value)}"
        return f"{text}, changed{who}{when}" if who or when else f"{text}, changed since the load"


@dataclass
class ChangedRecord:
    """A record someone changed since it was loaded: kept, or overwritten on request."""

    label: str
    record: str
    changes: list

    def lines(self):
        yield f"{self.label} {self.record}:"
        for change in self.changes:
            yield f"    {change.describe()}"


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)
    kept: dict = field(default_factory=dict)
    kept_records: list = field(default_factory=list)
    overwritten_records: list = field(default_factory=list)

    def count(self, bucket, label):
        counts = getattr(self, bucket)
        counts[label] = counts.get(label, 0) + 1

    @property
    def changed(self):
        return bool(self.created or self.updated)

    def lines(self):
        labels = sorted(
            set(self.created) | set(self.updated) | set(self.unchanged) | set(self.kept),
            key=MODEL_ORDER.index,
        )
        for label in labels:
            yield (
                f"{label}: {self.created.get(label, 0)} created, "
                f"{self.updated.get(label, 0)} updated, {self.unchanged.get(label, 0)} unchanged, "
                f"{self.kept.get(label, 0)} kept"
            )


def _show(value):
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    text = str(value)
    return text if len(text) <= 60 else f"{text[:57]}…"


def read_fixture(path):
    """Parse one fixture file, numbers as exact Decimals."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, ValueError) as exc:
        raise FixtureError(f"{path}: cannot read fixture: {exc}") from exc
    if not isinstance(data, dict) or data.get("model") not in NATURAL_KEYS:
        raise FixtureError(f'{path}: a fixture needs a known "model" ({", ".join(MODEL_ORDER)}).')
    if not isinstance(data.get("rows"), list):
        raise FixtureError(f'{path}: a fixture needs a list of "rows".')
    return data


class RowLoader:
    """Turns one row's plain values into model field values, resolving references."""

    def __init__(self, model):
        self.model = model

    def resolve(self, name, value, values):
        model_field = self.model._meta.get_field(name)
        if not model_field.is_relation:
            return model_field.to_python(value)
        if value is None:
            return None
        target = model_field.related_model
        label = target._meta.label_lower
        try:
            if label == "planportal.plan":
                return target.objects.get(code=value)
            if label == "deposits.mineral":
                return target.objects.resolve(value)
            if label == "targets.indicatorgroup":
                return target.objects.get(plan=values["plan"], code=value)
            if label == "targets.indicator":
                group_code, seq = value
                return target.objects.get(plan=values["plan"], group__code=group_code, seq=seq)
        except ObjectDoesNotExist as exc:
            raise ValidationError({name: f"unknown {target._meta.model_name} “{value}”"}) from exc
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError({name: f"cannot resolve “{value}”: {exc}"}) from exc
        raise ValidationError({name: f"references to {label} are not supported in fixtures"})

    def build(self, row, defaults):
        raw = {**defaults, **row}
        aliases = raw.pop("aliases", None)
        field_names = {f.name for f in self.model._meta.get_fields()}
        # A model without a plan of its own (IndicatorValue) may still name one: it scopes
        # the row's references, e.g. an indicator given as [group code, seq].
        scope = {}
        if "plan" in raw and "plan" not in field_names:
            code = raw.pop("plan")
            try:
                scope["plan"] = apps.get_model("planportal.plan").objects.get(code=code)
            except ObjectDoesNotExist as exc:
                raise ValidationError({"plan": f"unknown plan “{code}”"}) from exc
        unknown = sorted(set(raw) - field_names)
        if unknown:
            raise ValidationError(dict.fromkeys(unknown, "no such field"))
        values = {}
        # The plan comes first: other references are looked up within it.
        for name in sorted(raw, key=lambda n: n != "plan"):
            values[name] = self.resolve(name, raw[name], {**scope, **values})
        if (
            "mineral" in raw
            and isinstance(raw["mineral"], str)
            and not raw.get("mineral_as_printed")
        ) and any(f.name == "mineral_as_printed" for f in self.model._meta.get_fields()):
            values["mineral_as_printed"] = raw["mineral"]
        if self.model._meta.label_lower == "planportal.plan" and values.get("source_text"):
            values["text"] = plan_source_text(values["source_text"])
        return values, aliases


def plan_source_text(source_text):
    """The plan's full text, read from ``source_text``: a path inside the repository."""
    repository = Path(settings.BASE_DIR).resolve()
    path = (repository / source_text).resolve()
    try:
        if not path.is_relative_to(repository):
            raise ValueError("not a path inside the repository")
        return path.read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise ValidationError(
            {"source_text": f"cannot read the plan's text “{source_text}”: {exc}"}
        ) from exc


def _same(current, value):
    if isinstance(current, models.Model) or isinstance(value, models.Model):
        return getattr(current, "pk", current) == getattr(value, "pk", value)
    return current == value


def _differing(instance, values):
    """The names of the fields whose current value is not the fixture's."""
    return [name for name, value in values.items() if not _same(getattr(instance, name), value)]


def _last_load(history):
    """The history entry (newest first list) that holds what the loader last wrote."""
    for entry in history:
        if entry.history_change_reason == LOAD_REASON:
            return entry
    # Loaded before the loader marked its saves: the creation, when no person made it.
    first = history[-1] if history else None
    if (
        first is not None
        and first.history_type == "+"
        and first.history_user_id is None
        and not first.history_change_reason
    ):
        return first
    return None


def _changes(instance, values, names):
    """FieldChanges for ``names``: which were changed by staff since the last load, by whom."""
    history = list(instance.history.select_related("history_user"))  # newest first
    base = _last_load(history)
    since = history[: history.index(base)] if base is not None else history
    entered_by = getattr(instance, "entered_by", None)
    changes = []
    for name in names:
        attname = instance._meta.get_field(name).attname
        current = getattr(instance, attname)
        by_staff = entered_by is not None or base is None or getattr(base, attname) != current
        changed_by = changed_at = None
        if by_staff:
            # The newest entry after the load that set this field to something new.
            for index, newer in enumerate(since):
                older = since[index + 1] if index + 1 < len(since) else base
                if older is None or getattr(newer, attname) != getattr(older, attname):
                    changed_by, changed_at = newer.history_user, newer.history_date
                    break
            changed_by = changed_by or entered_by
        changes.append(
            FieldChange(
                name=name,
                plan_value=values[name],
                current_value=getattr(instance, name),
                by_staff=by_staff,
                changed_by=changed_by,
                changed_at=changed_at,
            )
        )
    return changes


def _describe_record(instance, key_fields, values):
    key = ", ".join(f"{name} {_show(values[name])}" for name in key_fields if name != "plan")
    return f"[{key}] “{instance}”"


def _deletion(model, key):
    """The history entry that deleted the row with this natural key, if that is its last word."""
    entry = model.history.filter(**key).select_related("history_user").first()  # newest first
    return entry if entry is not None and entry.history_type == "-" else None


def _deleted_record(label, deletion, key_fields, values):
    change = FieldChange(
        name=DELETED,
        plan_value=None,
        current_value=None,
        by_staff=True,
        changed_by=deletion.history_user,
        changed_at=deletion.history_date,
    )
    return ChangedRecord(label, _describe_record(deletion.instance, key_fields, values), [change])


def _save(instance):
    instance._change_reason = LOAD_REASON
    instance._history_user = None  # the loader, not whoever a request context names
    instance.full_clean()
    instance.save()


def _sync_aliases(mineral, aliases):
    from deposits.models import MineralAlias

    changed = False
    for alias in aliases or []:
        existing = MineralAlias.objects.filter(name=alias).first()
        if existing is None:
            MineralAlias.objects.create(mineral=mineral, name=alias)
            changed = True
        elif existing.mineral_id != mineral.pk:
            raise ValidationError(
                {"aliases": f"“{alias}” is already an alias of {existing.mineral}"}
            )
    return changed


def load_file(data, path, report, *, overwrite=False):
    """Load one parsed fixture's rows; raise FixtureError naming file and row.

    A record someone changed or deleted since the last load is kept (or left deleted) and added
    to ``report.kept_records`` unless ``overwrite`` (actual figures entered by staff are kept
    even then).
    """
    label = data["model"]
    model = apps.get_model(label)
    key_fields = NATURAL_KEYS[label]
    loader = RowLoader(model)
    defaults = data.get("defaults", {})
    # Only when someone ever deleted a row is it worth asking, row by row, who did.
    deletions = model.history.filter(history_type="-").exists()
    for number, row in enumerate(data["rows"], start=1):
        where = f"{path} row {number}" + (f" (seq {row['seq']})" if "seq" in row else "")
        try:
            values, aliases = loader.build(row, defaults)
            missing = [name for name in key_fields if name not in values]
            if missing:
                raise ValidationError(dict.fromkeys(missing, "needed to identify the row"))
            key = {name: values[name] for name in key_fields}
            instance = model.objects.filter(**key).first()
            if instance is None:
                deletion = _deletion(model, key) if deletions else None
                if deletion is not None and (not overwrite or label == ACTUAL_FIGURES):
                    record = _deleted_record(label, deletion, key_fields, values)
                    report.kept_records.append(record)
                    report.count("kept", label)
                    continue
                instance = model(**values)
                _save(instance)
                if deletion is not None:
                    report.overwritten_records.append(
                        _deleted_record(label, deletion, key_fields, values)
                    )
                bucket = "created"
            elif not (differing := _differing(instance, values)):
                bucket = "unchanged"
            else:
                changes = _changes(instance, values, differing)
                record = ChangedRecord(
                    label, _describe_record(instance, key_fields, values), changes
                )
                staff_changed = any(change.by_staff for change in changes)
                if staff_changed and (not overwrite or label == ACTUAL_FIGURES):
                    report.kept_records.append(record)
                    bucket = "kept"
                else:
                    for name, value in values.items():
                        setattr(instance, name, value)
                    _save(instance)
                    if staff_changed:
                        report.overwritten_records.append(record)
                    bucket = "updated"
            if aliases is not None and _sync_aliases(instance, aliases) and bucket == "unchanged":
                bucket = "updated"
        except ValidationError as exc:
            raise FixtureError(f"{where}: {_describe(exc)}") from exc
        report.count(bucket, label)


def _describe(error):
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def plan_load(directory=FIXTURES_DIR, *, overwrite=False):
    """Load every fixture file in ``directory`` in one transaction; return a LoadReport.

    Raises FixtureError (naming the file and row) and writes nothing if any row is bad.
    Records changed by staff since the last load are kept and reported, unless ``overwrite``
    (see the module's docstring).
    """
    directory = Path(directory)
    files = [(read_fixture(path), path) for path in sorted(directory.glob("*.json"))]
    if not files:
        raise FixtureError(f"{directory}: no fixture files found.")
    files.sort(key=lambda item: MODEL_ORDER.index(item[0]["model"]))
    report = LoadReport()
    with transaction.atomic():
        for data, path in files:
            load_file(
                data,
                path.relative_to(directory.parent) if directory.parent in path.parents else path,
                report,
                overwrite=overwrite,
            )
    return report


def plan_snapshot():
    """Every loaded row as sorted JSON lines by natural keys, without ids, timestamps, versions.

    Two databases holding the same plan give the same snapshot, whatever their ids.
    """
    lines = []
    for label in MODEL_ORDER:
        data = json.loads(
            serializers.serialize(
                "json",
                apps.get_model(label).objects.all(),
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
            )
        )
        for row in data:
            row.pop("pk", None)
            row["fields"].pop("created_at", None)
            row["fields"].pop("updated_at", None)
            row["fields"].pop("version", None)
            row["fields"].pop("text", None)  # the source text is checked on its own
            lines.append(json.dumps(row, sort_keys=True, ensure_ascii=False))
    return sorted(lines)


def plan_digest():
    """SHA-256 of ``plan_snapshot()``: one line to compare databases or releases."""
    return hashlib.sha256("\n".join(plan_snapshot()).encode("utf-8")).hexdigest()
