"""Whole answers to anonymous GETs, cached per data generation (planportal/response_cache.py).

Covered: a HIT repeats the MISS at the cost of the generation read; every write through the
ORM or the API shows at once, a ``QuerySet.update`` only after ``cache.bump()``; signed-in
users and credentials neither get nor fill the cache; each language and each API ``Accept``
header has its own entry; a cached page hands every reader a CSRF token of their own; errors,
probes, the admin, exports, HEAD and requests with a session or messages cookie are never
cached; closing public reads closes the cached answers; ``RESPONSE_CACHE_SECONDS = 0`` turns the
cache off; a flood of distinct answers culls only its own cache, never a login lock-out.

These tests commit (``transaction=True``): the cache is skipped inside a transaction.
"""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from knox.models import AuthToken
from rest_framework.test import APIClient

from planportal import cache
from rights.models import ExplorationRight
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HEADING = re.compile(r"<h1>(.*?)</h1>", re.DOTALL)


@pytest.fixture(autouse=True)
def fresh_generation():
    """No test reuses an answer another test cached."""
    cache.bump()


@pytest.fixture
def right(plan):
    return ExplorationRight.objects.filter(plan=plan).order_by("seq").first()


def list_url(plan):
    return f"/api/v1/exploration-rights/?plan={plan.code}"


def record_url(right):
    return f"/api/v1/exploration-rights/{right.pk}/"


def fetch(client, url, expected_cache, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, response.content[:300]
    assert response.get("X-Cache") == expected_cache, f"{url}: X-Cache {response.get('X-Cache')}"
    return response


def without_csrf_tokens(html):
    return CSRF_FIELD.sub("", html.decode())


def test_an_api_list_and_record_are_served_again_for_one_query(plan, right):
    anonymous = Client()
    for url in (list_url(plan), record_url(right)):
        first = fetch(anonymous, url, "MISS")
        with CaptureQueriesContext(connection) as queries:
            second = fetch(anonymous, url, "HIT")
        assert second.content == first.content
        assert second["Content-Type"] == first["Content-Type"]
        assert len(queries) <= 1, [query["sql"] for query in queries.captured_queries]


def test_a_page_is_served_again_apart_from_its_csrf_token(plan):
    anonymous = Client()
    for url in ("/", reverse("targets:dashboard")):
        first = fetch(anonymous, url, "MISS")
        second = fetch(anonymous, url, "HIT")
        assert without_csrf_tokens(second.content) == without_csrf_tokens(first.content)


def test_a_write_through_the_orm_or_the_api_shows_at_once(plan, right, editor):
    anonymous = Client()
    fetch(anonymous, record_url(right), "MISS")
    fetch(anonymous, list_url(plan), "MISS")
    fetch(anonymous, record_url(right), "HIT")

    right.name = "新疆新源县缓存测试铜矿普查"
    right.save()
    assert fetch(anonymous, record_url(right), "MISS").json()["name"] == right.name
    listed = fetch(anonymous, list_url(plan), "MISS").json()["results"]
    assert right.name in {row["name"] for row in listed}

    api = APIClient()
    api.force_login(editor)
    seen = api.get(record_url(right))
    assert "X-Cache" not in seen
    patched = api.patch(
        record_url(right),
        {"name": "新疆新源县接口测试铜矿普查"},
        format="json",
        HTTP_IF_MATCH=seen["ETag"],
    )
    assert patched.status_code == 200, patched.content
    assert (
        fetch(anonymous, record_url(right), "MISS").json()["name"] == "新疆新源县接口测试铜矿普查"
    )
    assert fetch(anonymous, record_url(right), "HIT").json()["name"] == "新疆新源县接口测试铜矿普查"


def test_an_update_that_bypasses_signals_shows_after_a_bump(right):
    anonymous = Client()
    before = fetch(anonymous, record_url(right), "MISS").json()["name"]
    ExplorationRight.objects.filter(pk=right.pk).update(name="新疆新源县批量测试铜矿普查")
    assert fetch(anonymous, record_url(right), "HIT").json()["name"] == before
    cache.bump()
    assert (
        fetch(anonymous, record_url(right), "MISS").json()["name"] == "新疆新源县批量测试铜矿普查"
    )


def test_signed_in_users_neither_get_nor_fill_the_cache(plan, right, editor):
    anonymous = Client()
    page = reverse("rights:exploration-detail", args=[right.pk])
    public = fetch(anonymous, page, "MISS").content.decode()
    fetch(anonymous, record_url(right), "MISS")
    assert 'data-testid="admin-link"' not in public

    staff = Client()
    staff.force_login(editor)
    staff_page = fetch(staff, page, None).content.decode()
    assert 'data-testid="admin-link"' in staff_page
    assert editor.username in staff_page
    fetch(staff, record_url(right), None)

    _instance, token = AuthToken.objects.create(user=editor)
    token_client = APIClient()
    token_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    fetch(token_client, record_url(right), None)
    fetch(token_client, list_url(plan), None)

    # The anonymous copy is still the anonymous page, not the one the editor was shown.
    cached = fetch(Client(), page, "HIT").content.decode()
    assert 'data-testid="admin-link"' not in cached
    assert editor.username not in cached


def test_each_language_has_its_own_entry(plan):
    url = reverse("targets:dashboard")
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    chinese = Client()
    with translation.override("zh-hans"):
        chinese_title = translation.gettext("Targets and where they stand")
    assert chinese_title != "Targets and where they stand"

    for expected in ("MISS", "HIT"):
        in_english = fetch(english, url, expected).content.decode()
        in_chinese = fetch(chinese, url, expected).content.decode()
        assert HEADING.search(in_english)[1] == "Targets and where they stand"
        assert HEADING.search(in_chinese)[1] == chinese_title


def test_every_reader_of_a_cached_page_gets_a_working_csrf_token_of_their_own(plan):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = fetch(first, "/", "MISS")
    second_page = fetch(second, "/", "HIT")
    first_token = CSRF_FIELD.search(first_page.content.decode())[1]
    second_token = CSRF_FIELD.search(second_page.content.decode())[1]
    assert first_token != second_token
    assert first_token not in second_page.content.decode()
    assert first.cookies[settings.CSRF_COOKIE_NAME].value
    assert second.cookies[settings.CSRF_COOKIE_NAME].value

    for client, token in ((first, first_token), (second, second_token)):
        switched = client.post(
            "/i18n/setlang/", {"csrfmiddlewaretoken": token, "language": "en", "next": "/"}
        )
        assert switched.status_code == 302, switched.content[:300]


def test_errors_probes_admin_exports_head_and_sessions_are_not_cached(plan):
    anonymous = Client()
    for _ in range(2):
        missing = anonymous.get("/api/v1/exploration-rights/999999/")
        assert missing.status_code == 404
        assert "X-Cache" not in missing
        for url in ("/healthz", "/admin/login/"):
            response = anonymous.get(url)
            assert response.status_code == 200
            assert "X-Cache" not in response
        export = anonymous.get(reverse("rights:exploration-export") + f"?plan={plan.code}")
        assert export.status_code == 200
        assert export.streaming
        assert "X-Cache" not in export
        head = anonymous.head("/")
        assert head.status_code == 200
        assert "X-Cache" not in head

    fetch(Client(), "/", "MISS")
    for cookie in ("messages", settings.SESSION_COOKIE_NAME):
        client = Client()
        client.cookies[cookie] = "anything"
        fetch(client, "/", None)


def test_closing_public_reads_closes_the_cached_pages(plan, settings):
    url = reverse("targets:dashboard")
    fetch(Client(), url, "MISS")
    fetch(Client(), url, "HIT")
    settings.PLAN_PORTAL_PUBLIC_READ = False
    closed = Client().get(url)
    assert closed.status_code == 302
    assert closed["Location"].startswith(reverse("admin:login"))
    assert "X-Cache" not in closed


def test_closing_public_reads_closes_the_cached_api(plan, right, settings):
    """PublicReadMiddleware leaves /api/ open and the API is closed by the view's permission,
    which a HIT never reaches: with reads closed nothing may come from the cache, or the JSON
    cached while they were public (the shared cache and its generation outlive the restart that
    changes the setting) would still be served to anonymous readers."""
    fetch(Client(), record_url(right), "MISS")
    settings.PLAN_PORTAL_PUBLIC_READ = False
    # What a URL that was not cached answers now.
    assert Client().get(list_url(plan)).status_code in (401, 403)
    closed = Client().get(record_url(right))
    assert closed.status_code in (401, 403), closed.get("X-Cache")


def test_zero_seconds_turns_the_cache_off(right, settings):
    settings.RESPONSE_CACHE_SECONDS = 0
    anonymous = Client()
    fetch(anonymous, record_url(right), None)
    fetch(anonymous, "/", None)
    # Not even a write that bypasses the signals is hidden: every answer is computed.
    ExplorationRight.objects.filter(pk=right.pk).update(name="新疆新源县不缓存测试铜矿普查")
    assert (
        fetch(anonymous, record_url(right), None).json()["name"] == "新疆新源县不缓存测试铜矿普查"
    )


def test_each_accept_header_of_the_api_has_its_own_entry(right):
    anonymous = Client()
    as_json = fetch(anonymous, record_url(right), "MISS", HTTP_ACCEPT="application/json")
    fetch(anonymous, record_url(right), "HIT", HTTP_ACCEPT="application/json")
    as_html = fetch(anonymous, record_url(right), "MISS", HTTP_ACCEPT="text/html")
    assert as_json["Content-Type"].startswith("application/json")
    assert as_html["Content-Type"].startswith("text/html")
    again = fetch(anonymous, record_url(right), "HIT", HTTP_ACCEPT="text/html")
    assert again["Content-Type"].startswith("text/html")
    assert b"<html" in again.content.lower()


def test_a_flood_of_distinct_answers_never_culls_a_login_lock_out(plan, superuser, settings):
    """Anonymous readers can store one answer per distinct URL. Were answers kept beside the
    lock-outs, a burst of them past ``MAX_ENTRIES`` would cull the lock-out (Django culls the
    keys that sort first, and ``axes`` sorts before ``planportal``) and reopen the login."""
    settings.AXES_FAILURE_LIMIT = 2
    small = {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}
    settings.CACHES = {
        alias: {**config, "OPTIONS": small} for alias, config in settings.CACHES.items()
    }
    login = "/admin/login/?next=/admin/"
    attacker = Client()
    answers = [
        attacker.post(login, {"username": "root", "password": "wrong"}).status_code
        for _ in range(2)
    ]
    assert answers == [200, 429]
    for size in range(1, 41):
        fetch(Client(), f"{list_url(plan)}&page_size={size}", "MISS")
    table = connection.ops.quote_name(settings.CACHES["answers"]["LOCATION"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        assert 0 < cursor.fetchone()[0] <= 11  # culled, within its own bound
    response = attacker.post(login, {"username": "root", "password": factories.PASSWORD})
    assert response.status_code == 429  # still locked out
