"""Fixtures shared by every test module: the plan, users, API clients, the browser."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from planportal.loader import plan_load
from planportal.models import Plan
from tests import factories

PLAN_CODE = "xinyuan-2021-2025"

# Playwright's sync API runs an event loop in the test thread; the ORM calls that browser
# tests make between page actions are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (``make test`` runs one worker per core with ``--dist loadgroup``),
    the tests of a module that share a module-scoped fixture stay on one worker, so the
    fixture (a makemessages run, say) is built once rather than once per worker."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        definitions = info.name2fixturedefs.values() if info else ()
        if any(
            # baseid "" is a plugin's fixture (pytest-django's class-scoped unittest set-up).
            chain and chain[-1].scope == "module" and chain[-1].baseid
            for chain in definitions
        ):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Test users need no slow key stretching; production keeps Django's default hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the plan once into the test database; tests roll back their own changes."""
    with django_db_blocker.unblock():
        plan_load()


@pytest.fixture
def loaded_plan(db):
    """The Xinyuan 2021–2025 plan with every table loaded.

    Transactional tests (live server, browser) flush the database when they end, so the
    plan is loaded again if it is missing.
    """
    plan = Plan.objects.filter(code=PLAN_CODE).first()
    if plan is None:
        plan_load()
        plan = Plan.objects.get(code=PLAN_CODE)
    return plan


@pytest.fixture
def plan(loaded_plan):
    return loaded_plan


@pytest.fixture
def make_user(db):
    return factories.make_user


@pytest.fixture
def superuser(db):
    return factories.make_user("root", staff=True, superuser=True)


@pytest.fixture
def editor(db):
    """Bureau staff who may add and change registers and actual figures, not delete them."""
    perms = [
        f"{app}.{action}_{model}"
        for app, model in [
            ("deposits", "deposit"),
            ("deposits", "resourcereserve"),
            ("rights", "explorationright"),
            ("rights", "miningright"),
            ("zones", "planningarea"),
            ("targets", "indicatorvalue"),
        ]
        for action in ("view", "add", "change")
    ]
    return factories.make_user("editor", staff=True, perms=perms)


@pytest.fixture
def viewer(db):
    return factories.make_user("viewer")


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded browser; no traffic off this machine."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


PLAN_TEXT = Path(settings.BASE_DIR) / "fixtures" / "plan" / "xinyuan-mineral-plan-2021-2025.txt"


@pytest.fixture(scope="session")
def plan_text_path():
    """Where the plan's full text is committed in the repository."""
    return PLAN_TEXT


@pytest.fixture(scope="session")
def plan_text(plan_text_path):
    """The plan's full text: every test reads it from here, and the file is read only here."""
    return plan_text_path.read_text(encoding="utf-8")
