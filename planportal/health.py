"""Probes for a load balancer or an orchestrator: ``/healthz`` and ``/readyz``.

``/healthz`` says the process answers (a failing one is restarted) and touches nothing else.
``/readyz`` says this app server can serve requests: every database it uses answers a
trivial query and the shared cache keeps what it is given (a failing one is taken out of
the pool until it recovers). Both are open whatever ``PLAN_PORTAL_PUBLIC_READ`` says, answer
JSON to any method, and are never cached.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)


@csrf_exempt
@never_cache
def healthz(request):
    """200 while the process answers; no database, no cache."""
    return JsonResponse({"status": "ok"})


def _database_ready(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_ready():
    key = f"planportal:readyz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        return cache.get(key) == value
    finally:
        cache.delete(key)


def readiness_checks():
    """``{name: True/False}`` for every database alias and the default cache."""
    checks = {
        f"database:{alias}": (lambda alias=alias: _database_ready(alias)) for alias in connections
    }
    checks["cache"] = _cache_ready
    results = {}
    for name, check in checks.items():
        try:
            results[name] = bool(check())
        except Exception:
            # The probe answers 503 instead of a 500 page; the log keeps the reason.
            logger.exception("Readiness check %s failed", name)
            results[name] = False
    return results


@csrf_exempt
@never_cache
def readyz(request):
    """200 when the databases and the cache answer; 503 naming the ones that do not."""
    results = readiness_checks()
    failed = [name for name, ok in results.items() if not ok]
    body = {"status": "fail" if failed else "ok", "checks": results, "failed": failed}
    return JsonResponse(body, status=503 if failed else 200)
