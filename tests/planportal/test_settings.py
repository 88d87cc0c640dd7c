"""Settings come from the environment; production settings pass Django's deploy checks."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "plan.example.gov.cn",
    "DATABASE_URL": "postgres://planportal:secret@db.internal:5432/planportal",
}


def python(*argv, **env):
    """Python in the project folder, in this environment without the production variables,
    with ``env`` on top."""
    # The test process itself allows async-unsafe ORM calls for Playwright; a deployment does not.
    drop = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL", "ANSWER_CACHE_URL"}
    base = {k: v for k, v in os.environ.items() if k not in drop}
    return subprocess.run(
        [sys.executable, *argv],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(*args, **env):
    return python("manage.py", *args, **env)


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_database_url_selects_postgresql():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='planportal.settings';"
        "from django.conf import settings; db = settings.DATABASES['default'];"
        "print(db['ENGINE'], db['HOST'], db['NAME'], settings.DEBUG, settings.ALLOWED_HOSTS)"
    )
    result = python("-c", code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "db.internal",
        "planportal",
        "False",
        "['plan.example.gov.cn']",
    ]


def test_chinese_first_with_english_available():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]


def test_debug_is_off_unless_the_environment_turns_it_on():
    # A forgotten DEBUG variable must give production behaviour, not a debug page.
    env = {k: v for k, v in PRODUCTION.items() if k != "DEBUG"}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='planportal.settings';"
        "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)"
    )
    result = python("-c", code, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_without_debug_and_secret_key_the_portal_refuses_to_start():
    result = manage("check", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
