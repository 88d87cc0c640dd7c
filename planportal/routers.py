"""Reads to the read replica, writes to the primary (``DATABASE_REPLICA_URL``).

Installed by the settings only when a replica is configured. A read made inside a
transaction on the primary goes to the primary too: it must see what the transaction wrote,
and a replica lags behind by however long replication takes.
"""

from django.db import connections

PRIMARY = "default"
REPLICA = "replica"

# State every app server must see at once, never a lagging copy: the database cache (login
# lock-outs, throttles, uploads waiting for confirmation) and sessions (a login just made).
PRIMARY_ONLY_APPS = {"django_cache", "sessions"}


class PrimaryReplicaRouter:
    """Route reads to ``replica`` and everything else to ``default``."""

    def db_for_read(self, model, **hints):
        if REPLICA not in connections.settings:
            return None
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary: an object read from one may be
        # related to an object read from the other.
        databases = {PRIMARY, REPLICA}
        if obj1._state.db in databases and obj2._state.db in databases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
