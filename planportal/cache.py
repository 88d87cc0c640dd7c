"""Figures cached per data generation in the shared cache, invalidated by every write.

The generation is a random token kept in the ``answers`` cache (``settings.CACHES``: the
database cache's ``planportal_cache_answers`` table, or Redis through ``ANSWER_CACHE_URL`` /
``CACHE_URL``), which every app server shares; the cached values live there too, apart from the
login lock-outs of the default cache. Any write to the portal's
data replaces it once the transaction commits:

- ``post_save``, ``post_delete`` and ``m2m_changed`` of every model of the apps in ``DATA_APPS``
  (connected in ``planportal/signals.py``), which covers the admin, the page forms, the API and
  the imports that save row by row;
- an explicit ``bump()`` from the writers that bypass those signals: ``load_plan``
  (``planportal/loader.py``), ``generate_synthetic``, ``restore``, ``bulk_create`` /
  ``QuerySet.update`` paths.

``cached(key_parts, compute)`` stores a value under a key made of the generation, the active
language and ``key_parts``, so a new generation makes every earlier entry unreachable (they
expire on their own). Nothing needs to know which figure a write touched.

Why a token rather than a counter: an entry of the database cache can be culled and Redis can
be flushed or restarted; a fresh random token never collides with a generation whose entries
may still be stored, where a counter restarting at 1 would bring them back.

Transactions: the bump runs in ``transaction.on_commit``, once per transaction however many rows
it writes, so another server never caches pre-commit data under a post-commit generation. A
rolled-back transaction does not bump at all: it changed nothing. Inside a transaction
(``atomic``) ``cached()`` neither reads nor stores: it computes, so a service, a sign-off or a
test (pytest-django wraps each in a transaction) sees its own writes, also those made with
``QuerySet.update`` or ``bulk_update``, and never caches them before they are committed.
Page and API reads run outside a transaction (no ``ATOMIC_REQUESTS``) and use the cache.
"""

import hashlib
import logging
import secrets
import threading
from collections import OrderedDict

from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.utils import translation
from django.utils.connection import ConnectionProxy

logger = logging.getLogger(__name__)

# The cache of what can be computed again (settings.CACHES["answers"]), per thread like
# ``django.core.cache.cache``.
cache = ConnectionProxy(caches, "answers")

# The apps whose rows every cached figure is computed from.
DATA_APPS = frozenset({"planportal", "deposits", "rights", "zones", "targets", "review"})

GENERATION_KEY = "planportal:data-generation"
# A replica that lags behind the primary could let a figure computed from older rows be stored
# under the new generation; a bounded lifetime caps how long that could show.
DEFAULT_TIMEOUT = 600
# The longest key the database cache and memcached-compatible backends take comfortably.
MAX_KEY_LENGTH = 200

# Values read from the shared cache in this process, keyed by their full key (generation
# included), so an entry of an older generation is never served. Bounded, oldest out first.
_memo = OrderedDict()
_memo_lock = threading.Lock()
MEMO_SIZE = 256


def generation():
    """The current data generation (a token), read from the shared cache."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        # First use, or the entry was culled: any fresh token is a new generation. ``add``
        # keeps the token another server may have set in between.
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        token = cache.get(GENERATION_KEY)
    return token


def bump():
    """Start a new generation now: every figure cached so far is recomputed on next use.

    Bulk writers that bypass the model signals call it after their transaction commits (or
    inside it: see ``bump_on_commit``).
    """
    with _memo_lock:
        _memo.clear()
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:
        # The write has committed: a cache that cannot be reached (its table not created,
        # Redis down) must not turn it into an error. Figures cached before may then be
        # served until they expire (DEFAULT_TIMEOUT); /readyz reports the cache as down.
        logger.exception("Could not start a new data generation in the cache")


def bump_on_commit(using="default"):
    """Bump once the transaction on ``using`` commits (at once outside a transaction).

    Registered once per transaction: the many rows of one save or import bump once.
    """
    if not _bump_pending(connections[using]):
        transaction.on_commit(_bump_after_commit, using=using)


def _bump_after_commit():
    bump()


def _bump_pending(connection):
    # ``run_on_commit`` holds (savepoint ids, callback, robust) per callback; Django drops the
    # callbacks of a rolled-back savepoint or transaction from it.
    return any(entry[1] is _bump_after_commit for entry in connection.run_on_commit)


def _in_transaction():
    """True inside an ``atomic`` block of any connection in use."""
    return any(connection.in_atomic_block for connection in connections.all(initialized_only=True))


def cached(key_parts, compute, timeout=None):
    """``compute()``'s result, cached for the current data generation.

    ``key_parts``: what the value depends on besides the data (a name and, say, the plan's
    code), joined into the key. The active language (``translation.get_language()``) is always
    part of the key, so a value holding translated text (labels, choice names) is never served
    in the other language; a value without text simply has one entry per language.

    The value must pickle, and callers must not mutate it: the same object may be handed to
    several requests of this process. ``timeout`` in seconds, ``None`` for ``DEFAULT_TIMEOUT``.
    """
    key = current_key(key_parts)
    if key is None:
        return compute()
    value = read(key)
    if value is MISSING:
        value = compute()
        write(key, value, timeout)
    return value


def cached_for_rows(name, queryset, compute):
    """``compute()`` (a count or aggregate of exactly ``queryset``'s rows), cached under the
    queryset's SQL: the same filters of the same list share one entry per generation.

    The SQL and its parameters say which rows; the database alias which copy of them."""
    if _in_transaction():
        return compute()
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return compute()
    digest = hashlib.sha256(repr((queryset.db, sql, params)).encode()).hexdigest()
    return cached([name, digest], compute)


def current_key(key_parts):
    """The full key of ``key_parts`` in the current generation, or ``None`` when nothing may be
    read or stored: inside a transaction, or when the cache cannot be reached."""
    if _in_transaction():
        return None
    try:
        return _key(generation(), key_parts)
    except Exception:
        # No cache to read from: the figures are computed, as they would be on a miss.
        logger.exception("The cache cannot be read; computing without it")
        return None


def read(key):
    """The value stored under ``key`` (from ``current_key``), or ``MISSING``."""
    with _memo_lock:
        value = _memo.get(key, MISSING)
        if value is not MISSING:
            _memo.move_to_end(key)
            return value
    try:
        value = cache.get(key, MISSING)
    except Exception:
        logger.exception("The cache cannot be read; computing without it")
        return MISSING
    if value is not MISSING:
        _remember(key, value)
    return value


def write(key, value, timeout=None, remember=True):
    """Store ``value`` under ``key`` (from ``current_key``) for every server; ``remember``: keep
    it in this process's memo too."""
    try:
        cache.set(key, value, timeout=DEFAULT_TIMEOUT if timeout is None else timeout)
    except Exception:
        logger.exception("The cache cannot be written; the figures are not kept")
        return
    if remember:
        _remember(key, value)


def _remember(key, value):
    with _memo_lock:
        _memo[key] = value
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)


MISSING = object()


def _key(token, key_parts):
    parts = ":".join(str(part) for part in key_parts)
    key = f"planportal:figures:{token}:{translation.get_language() or '-'}:{parts}"
    if len(key) > MAX_KEY_LENGTH:
        digest = hashlib.sha256(parts.encode()).hexdigest()
        key = f"planportal:figures:{token}:{translation.get_language() or '-'}:{digest}"
    return key


def data_changed(sender, using="default", **kwargs):
    """Signal receiver: a row of the portal's data was saved, deleted or relinked."""
    if sender._meta.app_label in DATA_APPS:
        bump_on_commit(using)
