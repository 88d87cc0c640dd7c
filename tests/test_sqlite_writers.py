"""Twenty concurrent writers on the default SQLite set-up: they wait, none fails.

A real server (gunicorn, two workers of eight threads) runs on its own file database, so the
test means the same in the SQLite and the PostgreSQL run: 10 API clients change mining
rights and 10 staff save the figure form at once, 200 saves in all, and no answer is a 500
("database is locked" before WAL, the busy timeout and IMMEDIATE transactions).
"""

import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
WRITERS = 10  # of each kind
SAVES = 10  # by each writer: 2 × 10 × 10 = 200

SETUP = """
WRITERS = {writers}
import json
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from knox.models import AuthToken

from rights.models import MiningRight
from targets.models import Indicator

user = get_user_model().objects.create_user("writer", password="-", is_staff=True)
user.user_permissions.add(*Permission.objects.filter(codename__in=[
    "view_miningright", "change_miningright", "add_indicatorvalue", "change_indicatorvalue",
]))
_, token = AuthToken.objects.create(user=user)
backend = "django.contrib.auth.backends.ModelBackend"
if backend not in settings.AUTHENTICATION_BACKENDS:
    backend = settings.AUTHENTICATION_BACKENDS[-1]
sessions = []
for _ in range(WRITERS):
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
print(json.dumps({
    "token": token,
    "sessions": sessions,
    "rights": list(MiningRight.objects.order_by("pk").values_list("pk", flat=True)[:WRITERS]),
    "indicator": Indicator.objects.get(group__code="column_8", seq=2).pk,
}))
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        **kwargs,
    )


@pytest.fixture
def server(tmp_path):
    """gunicorn on 127.0.0.1 over a fresh SQLite file with the plan loaded."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CONN_MAX_AGE": "0",
        "DEBUG": "true",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("CACHE_URL", None)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable", "-v0")
    manage(env, "load_plan")
    script = SETUP.replace("{writers}", str(WRITERS))
    setup = json.loads(manage(env, "shell", "-c", script).stdout.strip().splitlines()[-1])
    port = free_port()
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "planportal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "8",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(f"{base}/api/v1/", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start: " + (tmp_path / "gunicorn.log").read_text())
        yield base, setup
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def api_writer(base, token, right, number):
    statuses = []
    with requests.Session() as session:
        session.headers["Authorization"] = f"Token {token}"
        for save in range(SAVES):
            response = session.patch(
                f"{base}/api/v1/mining-rights/{right}/",
                json={"holder": f"并发测试公司{number}-{save}"},
                timeout=60,
            )
            statuses.append(response.status_code)
    return statuses


def page_writer(base, session_key, indicator, number):
    statuses = []
    address = f"{base}/targets/{indicator}/"
    with requests.Session() as session:
        session.cookies.set(settings.SESSION_COOKIE_NAME, session_key)
        session.get(address, timeout=60)
        token = session.cookies[settings.CSRF_COOKIE_NAME]
        for save in range(SAVES):
            response = session.post(
                address,
                data={
                    "csrfmiddlewaretoken": token,
                    "year": 2021 + number % 5,
                    "value": str(100 + number * SAVES + save),
                    "unit": "10k_t",
                    "source": "statistical_report",
                    "source_note": f"并发测试 {number}-{save}",
                },
                allow_redirects=False,
                timeout=60,
            )
            statuses.append(response.status_code)
    return statuses


def test_twenty_concurrent_writers_on_sqlite_never_get_a_500(server):
    base, setup = server
    with ThreadPoolExecutor(max_workers=2 * WRITERS) as pool:
        api = [
            pool.submit(api_writer, base, setup["token"], right, number)
            for number, right in enumerate(setup["rights"])
        ]
        pages = [
            pool.submit(page_writer, base, key, setup["indicator"], number)
            for number, key in enumerate(setup["sessions"])
        ]
        api_statuses = [status for future in api for status in future.result()]
        page_statuses = [status for future in pages for status in future.result()]
    assert len(api_statuses) + len(page_statuses) == 2 * WRITERS * SAVES
    assert [status for status in api_statuses + page_statuses if status >= 500] == []
    assert set(api_statuses) == {200}
    assert set(page_statuses) == {302}
