"""Login throttles hold across workers and are not reset by a made-up X-Forwarded-For.

Every gunicorn worker is a process of its own; ``forget_process_memory`` drops what this
process keeps in memory between requests, so a count that survives it is one all workers share.
"""

import itertools

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends import locmem
from rest_framework.test import APIClient

from planportal.settings import cache_config

PASSWORD = "test-password-不可猜"
addresses = (f"203.0.113.{n % 250}, 198.51.100.{n % 250}" for n in itertools.count(1))


def forget_process_memory():
    """What a request that lands on another worker process would not see."""
    locmem._caches.clear()
    locmem._expire_info.clear()
    locmem._locks.clear()
    caches.close_all()


def admin_login(client, username, password):
    forget_process_memory()
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        HTTP_X_FORWARDED_FOR=next(addresses),
    )


def token_login(username, password):
    forget_process_memory()
    return APIClient().post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        format="json",
        HTTP_X_FORWARDED_FOR=next(addresses),
    )


def test_the_shared_cache_is_the_database_unless_redis_is_named():
    assert django_settings.CACHES["default"]["BACKEND"] == (
        "django.core.cache.backends.db.DatabaseCache"
    )
    assert cache_config("redis://cache.internal:6379/1") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/1",
    }
    with pytest.raises(Exception, match="CACHE_URL"):
        cache_config("memcached://cache.internal")


def test_proxies_are_not_trusted_unless_configured():
    assert django_settings.NUM_PROXIES == 0
    assert django_settings.REST_FRAMEWORK["NUM_PROXIES"] == 0


def test_admin_logins_are_locked_out_after_the_failure_limit(client, superuser, settings):
    settings.AXES_FAILURE_LIMIT = 3
    answers = [admin_login(client, "root", "wrong guess").status_code for _attempt in range(3)]
    # The login form again with its error, then the failure that reaches the limit locks out.
    assert answers == [200, 200, 429]
    # Locked out, even with the right password, from "another worker" and another made-up
    # forwarded address.
    response = admin_login(client, "root", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_right_password_below_the_limit_logs_in_and_clears_the_count(client, superuser, settings):
    settings.AXES_FAILURE_LIMIT = 3
    answers = [
        admin_login(client, "root", "wrong guess").status_code,
        admin_login(client, "root", "wrong guess").status_code,
        admin_login(client, "root", PASSWORD).status_code,
        admin_login(client, "root", "wrong guess").status_code,
        admin_login(client, "root", "wrong guess").status_code,
        admin_login(client, "root", "wrong guess").status_code,
    ]
    assert answers == [200, 200, 302, 200, 200, 429]


def test_token_logins_are_locked_out_after_the_failure_limit(editor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    answers = [token_login("editor", "wrong guess").status_code for _attempt in range(3)]
    assert answers == [400, 400, 429]
    response = token_login("editor", PASSWORD)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert "token" not in response.json()


def test_the_token_endpoint_throttle_counts_across_workers(editor, settings):
    settings.AXES_FAILURE_LIMIT = 1000  # the throttle, not the lock-out, is under test here
    answers = [token_login("editor", "wrong guess").status_code for _attempt in range(11)]
    assert answers == [400] * 10 + [429]
    assert token_login("editor", PASSWORD).status_code == 429
