"""Whole answers to anonymous reads, cached per data generation (``planportal/cache.py``).

The public reads the portal's pages and API for the same few plans over and over, and nothing
an anonymous reader sees changes until a write commits. So the first anonymous ``GET`` of a URL
stores the answer in the shared cache under the current data generation, and every later one,
on any app server, is that answer again until a write, through any channel, starts a new
generation (``planportal.cache.bump_on_commit``). What the answer depends on besides the data
is part of its key: the scheme, host, path and query string, the active language, the
``Accept`` header of an API request and today's date (figures "in force" are counted on it).

What is never cached, and always computed:

- a request by anyone who may be signed in or sends credentials: an ``Authorization`` header,
  or any cookie besides the CSRF cookie and the language cookie (a session, pending messages);
- ``/admin/`` and the other paths of ``RESPONSE_CACHE_EXCLUDED_PATHS`` (health checks, sign-in,
  tokens); a request inside a transaction (tests, services);
- an answer that is not a complete ``200`` (errors, redirects, streamed exports), that sets a
  cookie other than the CSRF cookie or shows a message added for this reader, that says
  ``Cache-Control: private``, ``no-cache`` or ``no-store`` (``never_cache``), or that is larger
  than ``RESPONSE_CACHE_MAX_BYTES``.

The access check runs before this middleware (``PublicReadMiddleware``; the view's own
permission for anonymous users decides the first answer, and only a 200 is stored), so an
answer is served only where anonymous readers may have it. With public reads off
(``PLAN_PORTAL_PUBLIC_READ``) nothing is cached or served from the cache: the API's own check
comes after this middleware. The headers the middleware inside this one adds (frame options, the
content security policy) are stored with the answer.

A page's form carries a CSRF token masked from the reader's own secret. Before a page is stored,
the token is replaced by a marker; every reader then gets a token of their own in its place
(``get_token``, which also sends them the cookie), so a cached page never hands one reader's
token to another and its forms keep working.

Answers carry ``X-Cache: HIT`` or ``MISS`` when they could be cached. ``RESPONSE_CACHE_SECONDS``
(environment, default 600) bounds an entry's life; 0 turns the cache off, so that every answer
is computed (the benchmark measures both).
"""

import re

from django.conf import settings
from django.http import HttpResponse

# A private helper of Django's CSRF module: the one way to tell which secret a token was
# masked from (recheck on a Django upgrade; tests/planportal/test_response_cache.py would fail).
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone

from planportal import cache

CSRF_MARKER = b"\x00planportal-csrf-token\x00"
# Django's masked CSRF tokens: 64 letters and digits (``django.middleware.csrf``).
CSRF_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
# Answers up to this size are also kept in each worker's own memory (planportal.cache's memo).
MEMO_MAX_BYTES = 256 * 1024
UNCACHEABLE_CONTROL = ("private", "no-cache", "no-store")


class PublicResponseCacheMiddleware:
    """Serves an anonymous ``GET`` from the cache when the data has not changed since."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        key = cache.current_key(["response", *request_key(request)])
        if key is None:
            return self.get_response(request)
        entry = cache.read(key)
        if entry is not cache.MISSING:
            return rebuild(request, entry)
        response = self.get_response(request)
        entry = storable(request, response)
        if entry is not None:
            cache.write(
                key,
                entry,
                timeout=settings.RESPONSE_CACHE_SECONDS,
                remember=len(entry["content"]) <= MEMO_MAX_BYTES,
            )
            response["X-Cache"] = "MISS"
        return response


def cacheable_request(request):
    if not settings.RESPONSE_CACHE_SECONDS or request.method != "GET":
        return False
    if not settings.PLAN_PORTAL_PUBLIC_READ:
        # Nothing is public: and the API decides in its views, after this middleware, so an
        # answer stored while reads were public must never be served once they are not.
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    allowed_cookies = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    if set(request.COOKIES) - allowed_cookies:
        return False
    if any(request.path_info.startswith(path) for path in settings.RESPONSE_CACHE_EXCLUDED_PATHS):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def request_key(request):
    """What an anonymous answer depends on besides the data and the language."""
    parts = [request.scheme, request.get_host(), request.get_full_path(), timezone.localdate()]
    if request.path_info.startswith("/api/"):
        # Content negotiation: JSON, the browsable API or a spreadsheet.
        parts.append(request.META.get("HTTP_ACCEPT", ""))
    return parts


def storable(request, response):
    """The cache entry for ``response``, or ``None`` when it must not be shared."""
    if response.status_code != 200 or response.streaming:
        return None
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in UNCACHEABLE_CONTROL):
        return None
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return None
    if getattr(getattr(request, "_messages", None), "_queued_messages", None):
        return None  # a message added for this reader and shown on this page
    content = response.content
    if len(content) > settings.RESPONSE_CACHE_MAX_BYTES or CSRF_MARKER in content:
        return None
    secret = request.META.get("CSRF_COOKIE")
    has_token = False
    if secret:
        content, replaced = _mask_out_tokens(content, secret)
        has_token = replaced > 0
        if secret.encode() in content:
            return None
    headers = {
        name: value
        for name, value in response.items()
        if name.lower() not in {"set-cookie", "content-length", "x-cache"}
    }
    return {"content": content, "headers": headers, "csrf": has_token}


def _mask_out_tokens(content, secret):
    """``content`` with every CSRF token masked from ``secret`` replaced by the marker."""
    count = 0

    def replace(match):
        nonlocal count
        if _unmask_cipher_token(match.group().decode()) == secret:
            count += 1
            return CSRF_MARKER
        return match.group()

    return CSRF_TOKEN.sub(replace, content), count


def rebuild(request, entry):
    content = entry["content"]
    if entry["csrf"]:
        # This reader's own token; get_token also has the CSRF middleware send the cookie.
        content = content.replace(CSRF_MARKER, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in entry["headers"].items():
        response[name] = value
    response["X-Cache"] = "HIT"
    return response
