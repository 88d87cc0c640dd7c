"""Natural keys: declared once on each model, and what serializers and the plan loader use."""

import ast
import json
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers

from deposits.models import MineralAlias
from planportal import loader
from planportal.loader import FIXTURES_DIR, loadable_models, plan_load, plan_models
from planportal.models import NaturalKeyManager, NaturalKeyModel, Plan
from targets.models import Indicator, IndicatorValue

pytestmark = pytest.mark.usefixtures("loaded_plan")


def project_models():
    """The models of the project's own apps (not Django's or a library's)."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        model
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
        and ".venv" not in Path(config.path).parts
        for model in config.get_models()
    ]


def test_every_loaded_row_is_found_again_by_its_natural_key():
    for model in loadable_models():
        rows = list(model.objects.all())
        for row in rows:
            key = row.natural_key()
            assert model.objects.get_by_natural_key(*key) == row, (model, key)
    for model in plan_models():
        assert model.objects.exists(), f"{model._meta.label} has no rows: nothing was checked"


def test_a_foreign_key_in_a_natural_key_stands_for_the_related_rows_key():
    figure = IndicatorValue.objects.get(
        indicator__group__code="review_resources", indicator__seq=3, year=2020
    )
    assert figure.natural_key() == ("xinyuan-2021-2025", "review_resources", 3, 2020)
    assert Indicator.natural_key.dependencies == ["targets.indicatorgroup"]
    assert IndicatorValue.natural_key.dependencies == ["targets.indicator"]
    with pytest.raises(TypeError, match="natural key has 4 parts"):
        IndicatorValue.objects.get_by_natural_key("xinyuan-2021-2025", "review_resources", 3)


def test_serializers_name_rows_by_their_declared_keys():
    figures = IndicatorValue.objects.order_by("pk")[:5]
    text = serializers.serialize(
        "json", figures, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    assert '"indicator": ["xinyuan-2021-2025", ' in text
    assert '"pk"' not in text
    found = [item.object.pk for item in serializers.deserialize("json", text)]
    assert found == [figure.pk for figure in figures]


def test_the_load_order_puts_each_model_after_the_models_it_refers_to():
    order = plan_models()
    assert order[0] is Plan
    for position, model in enumerate(order):
        refers_to = {apps.get_model(label) for label in model.natural_key.dependencies}
        refers_to |= {
            field.related_model
            for field in model._meta.fields
            if field.is_relation and field.related_model in order
        }
        for target in refers_to - {model}:
            assert order.index(target) < position, f"{model._meta.label} before {target}"


def test_a_natural_key_is_declared_once_on_its_model():
    keyed = [model for model in project_models() if hasattr(model, "natural_key")]
    assert Plan in keyed
    assert IndicatorValue in keyed
    for model in keyed:
        assert issubclass(model, NaturalKeyModel), model
        assert model.natural_key_fields, model
        for cls in model.__mro__:
            if cls is not NaturalKeyModel:
                assert "natural_key" not in vars(cls), f"{cls.__qualname__} defines natural_key"
        manager = model._default_manager
        assert isinstance(manager, NaturalKeyManager), model
        for cls in [*type(manager).__mro__, manager._queryset_class]:
            if cls is not NaturalKeyManager:
                assert "get_by_natural_key" not in vars(cls), (
                    f"{cls.__qualname__} defines get_by_natural_key: declare natural_key_fields"
                )


def test_the_loader_loads_any_model_that_declares_a_natural_key(tmp_path):
    folder = tmp_path / "fixtures"
    shutil.copytree(FIXTURES_DIR, folder)
    (folder / "mineral_aliases.json").write_text(
        json.dumps(
            {
                "table": "别名",
                "model": "deposits.mineralalias",
                "rows": [{"name": "磁铁矿石", "mineral": "铁"}],  # a mineral by its alias
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    order = plan_models(folder)
    assert order.index(MineralAlias) > order.index(apps.get_model("deposits.mineral"))
    report = plan_load(folder)
    assert report.created == {"deposits.mineralalias": 1}
    assert MineralAlias.objects.get(name="磁铁矿石").mineral.name == "铁矿"
    labels = [line.split(":")[0] for line in report.lines()]
    assert labels.index("deposits.mineralalias") > labels.index("deposits.mineral")


def test_the_loader_names_no_model():
    # What is special about a model (aliases, staff-owned figures) is declared on the model.
    tree = ast.parse(Path(loader.__file__).read_text(encoding="utf-8"))
    strings = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    labels = {model._meta.label_lower for model in project_models()}
    assert "deposits.mineral" in labels
    assert not strings & labels
