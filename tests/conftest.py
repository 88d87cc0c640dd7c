"""Fixtures shared by every test module: the plan, users, API clients, the browser."""

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from planportal.models import Plan
from targets.plan_fixtures import plan_load

PLAN_CODE = "xinyuan-2021-2025"

# Playwright's sync API runs an event loop in the test thread; the ORM calls that browser
# tests make between page actions are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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


def _user(username, *, staff=False, superuser=False, perms=()):
    user = get_user_model().objects.create_user(
        username=username, password="test-password-不可猜", is_staff=staff, is_superuser=superuser
    )
    for codename in perms:
        app_label, code = codename.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=code)
        )
    return user


@pytest.fixture
def make_user(db):
    return _user


@pytest.fixture
def superuser(db):
    return _user("root", staff=True, superuser=True)


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
    return _user("editor", staff=True, perms=perms)


@pytest.fixture
def viewer(db):
    return _user("viewer")


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


REPOSITORY = Path(__file__).resolve().parent.parent
PLAN_TEXT_PATH = REPOSITORY / "fixtures" / "plan" / "xinyuan-mineral-plan-2021-2025.txt"


@pytest.fixture(scope="session")
def plan_text():
    """The plan's full text as committed in the repository: every test reads it from here."""
    return PLAN_TEXT_PATH.read_text(encoding="utf-8")
