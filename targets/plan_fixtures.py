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

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"

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


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)

    def count(self, bucket, label):
        counts = getattr(self, bucket)
        counts[label] = counts.get(label, 0) + 1

    @property
    def changed(self):
        return bool(self.created or self.updated)

    def lines(self):
        labels = sorted(
            set(self.created) | set(self.updated) | set(self.unchanged), key=MODEL_ORDER.index
        )
        for label in labels:
            yield (
                f"{label}: {self.created.get(label, 0)} created, "
                f"{self.updated.get(label, 0)} updated, {self.unchanged.get(label, 0)} unchanged"
            )


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
        return values, aliases


def _differs(instance, values):
    for name, value in values.items():
        current = getattr(instance, name)
        if isinstance(current, models.Model) or isinstance(value, models.Model):
            if getattr(current, "pk", None) != getattr(value, "pk", None):
                return True
        elif current != value:
            return True
    return False


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


def load_file(data, path, report):
    """Load one parsed fixture's rows; raise FixtureError naming file and row."""
    model = apps.get_model(data["model"])
    key_fields = NATURAL_KEYS[data["model"]]
    loader = RowLoader(model)
    defaults = data.get("defaults", {})
    for number, row in enumerate(data["rows"], start=1):
        where = f"{path} row {number}" + (f" (seq {row['seq']})" if "seq" in row else "")
        try:
            values, aliases = loader.build(row, defaults)
            missing = [name for name in key_fields if name not in values]
            if missing:
                raise ValidationError(dict.fromkeys(missing, "needed to identify the row"))
            instance = model.objects.filter(**{name: values[name] for name in key_fields}).first()
            if instance is None:
                instance = model(**values)
                instance.full_clean()
                instance.save()
                bucket = "created"
            elif _differs(instance, values):
                for name, value in values.items():
                    setattr(instance, name, value)
                instance.full_clean()
                instance.save()
                bucket = "updated"
            else:
                bucket = "unchanged"
            if aliases is not None and _sync_aliases(instance, aliases) and bucket == "unchanged":
                bucket = "updated"
        except ValidationError as exc:
            raise FixtureError(f"{where}: {_describe(exc)}") from exc
        report.count(bucket, data["model"])


def _describe(error):
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def plan_load(directory=FIXTURES_DIR):
    """Load every fixture file in ``directory`` in one transaction; return a LoadReport.

    Raises FixtureError (naming the file and row) and writes nothing if any row is bad.
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
