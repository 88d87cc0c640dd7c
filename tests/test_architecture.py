"""The import direction of ARCHITECTURE.md, read from the source with ``ast``.

Layers, lowest first: ``planportal`` (the base) ← ``deposits`` ← ``rights``, ``zones`` ←
``targets`` ← ``review``. A module may import from its own app and from the layers below it,
never from one above it nor from a sibling on its own layer. The project's URL wiring is the
one exception: it names every app's views, so it may import from all of them.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# app -> the project apps it may import from (besides itself)
MAY_IMPORT = {
    "planportal": set(),
    "deposits": {"planportal"},
    "rights": {"planportal", "deposits"},
    "zones": {"planportal", "deposits"},
    "targets": {"planportal", "deposits", "rights", "zones"},
    "review": {"planportal", "deposits", "rights", "zones", "targets"},
}
APPS = set(MAY_IMPORT)

# The URL configuration routes to every app; nothing else in the base may look up.
WIRING = {"planportal/urls.py", "planportal/api/urls.py"}


def _source_files(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in APPS:
                yield node.lineno, top


def _violations(app):
    allowed = MAY_IMPORT[app] | {app}
    for path in _source_files(app):
        relative = path.relative_to(ROOT).as_posix()
        if relative in WIRING:
            continue
        for line, imported in _imported_apps(path):
            if imported not in allowed:
                yield f"{relative}:{line} imports {imported}"


@pytest.mark.parametrize("app", sorted(APPS))
def test_imports_point_down_the_layers(app):
    assert (ROOT / app).is_dir(), f"{app} is a layer of ARCHITECTURE.md but has no package"
    violations = list(_violations(app))
    assert not violations, (
        f"{app} may import only from {sorted(MAY_IMPORT[app]) or 'itself'} "
        "(ARCHITECTURE.md):\n" + "\n".join(violations)
    )


def test_every_project_app_has_a_layer():
    local_apps = {
        name.split(".")[0]
        for name in settings.INSTALLED_APPS
        if (ROOT / name.split(".")[0]).is_dir()
    }
    assert local_apps <= APPS, f"apps without a layer in ARCHITECTURE.md: {local_apps - APPS}"


def test_the_checker_sees_an_upward_import(tmp_path):
    # The test above can fail: an upward import in a module is found.
    module = tmp_path / "probe.py"
    module.write_text("from targets.models import Indicator\nimport rights.models\n")
    assert [app for _, app in _imported_apps(module)] == ["targets", "rights"]
