"""The suite's own layout: one test-data layer, and conftest files that only hold fixtures.

Test data is built by tests/factories.py alone; a conftest composes fixtures from it and is
never imported (pytest loads it; importing it runs it twice, under two module names, and
hides where a helper lives). Read from the source with ``ast``.
"""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _conftest_imports(path):
    """(line, statement) of every import of a conftest in the module at ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        if any("conftest" in name.split(".") for name in names):
            yield node.lineno, ast.unparse(node)


def _is_fixture(function):
    """``@pytest.fixture`` or ``@pytest.fixture(...)``, or a pytest hook."""
    if function.name.startswith("pytest_"):
        return True
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if ast.unparse(target) in {"pytest.fixture", "fixture"}:
            return True
    return False


def test_no_module_imports_from_a_conftest():
    offending = [
        f"{path.relative_to(TESTS.parent)}:{line}: {statement}"
        for path in sorted(TESTS.rglob("*.py"))
        for line, statement in _conftest_imports(path)
    ]
    assert not offending, (
        "Import helpers from tests/factories.py or a plain module, never from a conftest "
        "(ask for its fixtures instead):\n" + "\n".join(offending)
    )


def test_test_data_has_one_factories_module():
    factories = [path.relative_to(TESTS) for path in TESTS.rglob("*factor*.py")]
    assert factories == [Path("factories.py")], (
        f"Builders of test data belong in tests/factories.py, not also in {factories}"
    )


def test_conftest_files_hold_only_fixtures():
    builders = [
        f"{path.relative_to(TESTS.parent)}:{node.lineno}: {node.name}"
        for path in sorted(TESTS.rglob("conftest.py"))
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not _is_fixture(node)
    ]
    assert not builders, (
        "A conftest holds fixtures only; move these functions to tests/factories.py:\n"
        + "\n".join(builders)
    )
