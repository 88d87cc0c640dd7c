"""The plan loader: a plan's tables from its fixtures, one JSON file per table.

A fixture file names its model, the table it transcribes and its rows::

    {
      "table": "专栏3 截至2020年底新源县已设探矿权一览表",
      "model": "rights.explorationright",
      "defaults": {"plan": "xinyuan-2021-2025", "as_of": "2020-12-31"},
      "rows": [{"seq": 1, "name": "…", "mineral": "铜矿", "stage": "detailed", "area_km2": 4.98}]
    }

Any model with a declared natural key (``planportal.models.NaturalKeyModel``) can have a
fixture; models are loaded after the models their rows refer to. Rows carry no database ids:
a row refers to another by that row's natural key, less the plan when it starts with the plan
(the row's own plan, or the ``plan`` a row of a model without one names): a plan is named by
its code, a mineral by its canonical name or one of its aliases, an indicator group by its
code, an indicator by ``[group code, seq]``.
Numbers are read as exact decimals. Every row is validated (field validators and database
constraints) before it is written; the whole load runs in one transaction, so a bad row
leaves the database as it was. Loading twice changes nothing the second time.

A plan row names its source text (``source_text``, a path in the repository such as
``fixtures/plan/xinyuan-mineral-plan-2021-2025.txt``); the file is loaded into ``Plan.text``,
and the text's sections (``PlanSection``: chapters, sections, 专栏 boxes) are derived from it
again at every load (``planportal.plan_text.sync_sections``).

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
is likewise left deleted and reported, unless ``overwrite=True``. A model that keeps no history
has no load on record: a record that differs from its row is kept and reported.

Records of a ``staff_owned`` model (actual figures, ``IndicatorValue``) entered or changed by
staff (``entered_by`` set, or changed since the load) are never overwritten, not even with
``overwrite=True``: they are what the bureau reported, and a person corrects them through the
portal.
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

from planportal.cache import bump_on_commit
from planportal.models import NaturalKeyModel, Plan
from planportal.plan_text import sync_sections

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"

# The change reason of every save the loader makes: how a record's history tells a load
# from a person's edit.
LOAD_REASON = "load_plan"


def loadable_models():
    """Every model a fixture may fill: those that declare their natural key."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, NaturalKeyModel) and model.natural_key_fields
    ]


def load_order(models):
    """``models`` ordered so that each comes after the models its rows refer to.

    Django's serializers order what they write by the same rule (foreign keys and natural key
    dependencies); models that do not depend on each other keep the apps' order.
    """
    chosen = set(models)
    in_app_order = [model for model in apps.get_models() if model in chosen]
    return serializers.sort_dependencies([(None, in_app_order)])


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
    labels: list = field(default_factory=list)  # the models loaded, in load order
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
        counted = set(self.created) | set(self.updated) | set(self.unchanged) | set(self.kept)
        for label in (label for label in self.labels if label in counted):
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
    """Parse one fixture file, numbers as exact Decimals, ``"model"`` as the model class."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, ValueError) as exc:
        raise FixtureError(f"{path}: cannot read fixture: {exc}") from exc
    labels = {model._meta.label_lower: model for model in loadable_models()}
    if not isinstance(data, dict) or data.get("model") not in labels:
        raise FixtureError(f'{path}: a fixture needs a known "model" ({", ".join(labels)}).')
    if not isinstance(data.get("rows"), list):
        raise FixtureError(f'{path}: a fixture needs a list of "rows".')
    data["model"] = labels[data["model"]]
    return data


def _key_starts_with_plan(model):
    """Whether ``model``'s natural key starts with its plan's code (fixtures leave it out)."""
    first = model._meta.get_field(model.natural_key_fields[0])
    return first.is_relation and (
        first.related_model is Plan or _key_starts_with_plan(first.related_model)
    )


def _alias_relation(model):
    """The other names of ``model``'s rows: (alias model, its foreign key's name), or None."""
    if not model.natural_key_aliases:
        return None
    relation = model._meta.get_field(model.natural_key_aliases)
    return relation.related_model, relation.field.name


def _get_by_reference(model, key):
    """The row of ``model`` with natural key ``key``, or one of its aliases."""
    try:
        return model.objects.get_by_natural_key(*key)
    except model.DoesNotExist:
        if (aliases := _alias_relation(model)) is None:
            raise
        alias_model, owner = aliases
        try:
            return getattr(alias_model.objects.get_by_natural_key(*key), owner)
        except alias_model.DoesNotExist:
            raise model.DoesNotExist from None


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
        if not (issubclass(target, NaturalKeyModel) and target.natural_key_fields):
            raise ValidationError(
                {name: f"references to {target._meta.label_lower} are not supported in fixtures"}
            )
        key = tuple(value) if isinstance(value, list) else (value,)
        try:
            if _key_starts_with_plan(target):
                key = (values["plan"].code, *key)
            return _get_by_reference(target, key)
        except ObjectDoesNotExist as exc:
            raise ValidationError({name: f"unknown {target._meta.model_name} “{value}”"}) from exc
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError({name: f"cannot resolve “{value}”: {exc}"}) from exc

    def build(self, row, defaults):
        raw = {**defaults, **row}
        aliases = None
        if self.model.natural_key_aliases:
            aliases = raw.pop(self.model.natural_key_aliases, None)
        field_names = {f.name for f in self.model._meta.get_fields()}
        # A model without a plan of its own (IndicatorValue) may still name one: it scopes
        # the row's references, e.g. an indicator given as [group code, seq].
        scope = {}
        if "plan" in raw and "plan" not in field_names:
            code = raw.pop("plan")
            try:
                scope["plan"] = Plan.objects.get_by_natural_key(code)
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
        if self.model is Plan and values.get("source_text"):
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


def _keeps_history(model):
    """Whether ``model`` keeps a history (simple-history): without one, no load is on record."""
    return hasattr(model, "history")


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
    history = (  # newest first
        list(instance.history.select_related("history_user")) if _keeps_history(instance) else []
    )
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


def _sync_aliases(instance, aliases):
    """Give ``instance`` the other names a fixture row lists; True if any was new."""
    alias_model, owner = _alias_relation(type(instance))
    (name_field,) = alias_model.natural_key_fields
    changed = False
    owner_id = alias_model._meta.get_field(owner).attname
    for alias in aliases or []:
        existing = alias_model.objects.filter(**{name_field: alias}).first()
        if existing is None:
            alias_model.objects.create(**{owner: instance, name_field: alias})
            changed = True
        elif getattr(existing, owner_id) != instance.pk:
            raise ValidationError(
                {
                    instance.natural_key_aliases: (
                        f"“{alias}” is already an alias of {getattr(existing, owner)}"
                    )
                }
            )
    return changed


def load_file(data, path, report, *, overwrite=False):
    """Load one parsed fixture's rows; raise FixtureError naming file and row.

    A record someone changed or deleted since the last load is kept (or left deleted) and added
    to ``report.kept_records`` unless ``overwrite`` (actual figures entered by staff are kept
    even then).
    """
    model = data["model"]
    label = model._meta.label_lower
    key_fields = model.natural_key_fields
    loader = RowLoader(model)
    defaults = data.get("defaults", {})
    # Only when someone ever deleted a row is it worth asking, row by row, who did.
    deletions = _keeps_history(model) and model.history.filter(history_type="-").exists()
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
                if deletion is not None and (not overwrite or model.staff_owned):
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
                if staff_changed and (not overwrite or model.staff_owned):
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
    files = _read_fixtures(directory)
    order = load_order({data["model"] for data, _ in files})
    files.sort(key=lambda item: order.index(item[0]["model"]))
    report = LoadReport(labels=[model._meta.label_lower for model in order])
    with transaction.atomic():
        # Cached figures (planportal.cache) start afresh once the load commits, whichever
        # rows it wrote, and also when a load bypasses the save signals.
        bump_on_commit()
        for data, path in files:
            load_file(
                data,
                path.relative_to(directory.parent) if directory.parent in path.parents else path,
                report,
                overwrite=overwrite,
            )
        # The sections of each plan's text (PlanSection), derived again from Plan.text.
        for plan in Plan.objects.only("pk", "code", "text"):
            sync_sections(plan)
    return report


def _read_fixtures(directory):
    """Every fixture file of ``directory``, parsed: (data, path) pairs in file-name order."""
    files = [(read_fixture(path), path) for path in sorted(Path(directory).glob("*.json"))]
    if not files:
        raise FixtureError(f"{directory}: no fixture files found.")
    return files


def plan_models(directory=FIXTURES_DIR):
    """The models the fixtures in ``directory`` fill, in load order."""
    return load_order({data["model"] for data, _ in _read_fixtures(directory)})


def plan_snapshot():
    """Every loaded row as sorted JSON lines by natural keys, without ids, timestamps, versions.

    The rows of every model the plan's fixtures fill. Two databases holding the same plan give
    the same snapshot, whatever their ids.
    """
    lines = []
    for model in plan_models():
        data = json.loads(
            serializers.serialize(
                "json",
                model.objects.all(),
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
