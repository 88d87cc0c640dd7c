"""With a read replica: reads go to it, writes and reads inside a write go to the primary.

The test run has one database; the ``replica`` alias is added for this module only as Django's test mirror
of ``default`` (``TEST: {"MIRROR": "default"}``), a second connection to the same test
database, so the rest of the suite runs without a router.
"""

import copy
from unittest import mock

import pytest
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from planportal.models import Plan
from planportal.routers import PrimaryReplicaRouter
from tests.planportal.test_settings import manage


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup, django_db_blocker):
    """A ``replica`` alias mirroring the test database, for this module only.

    Module-scoped so that it exists before each test's database access is set up (which
    checks the aliases the test names).
    """
    mirror = copy.deepcopy(connections["default"].settings_dict)
    mirror["TEST"] = {**mirror.get("TEST", {}), "MIRROR": "default"}
    connections.settings["replica"] = mirror
    yield
    with django_db_blocker.unblock():
        connections["replica"].close()
    del connections["replica"]
    del connections.settings["replica"]


@pytest.fixture
def replica(settings):
    """The router switched on, and the replica's connection.

    Tests are transactional: inside a test case's own transaction every read would count as
    a read inside a write, and the replica's connection could not see the rows written.
    """
    settings.DATABASE_ROUTERS = ["planportal.routers.PrimaryReplicaRouter"]
    return connections["replica"]


with_replica = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def new_plan(code):
    return Plan(
        code=code,
        name="测试规划",
        region_name="测试县",
        period_start=2021,
        period_end=2025,
        base_year=2020,
    )


@with_replica
def test_reads_go_to_the_replica_and_writes_to_the_primary(replica):
    primary = connections["default"]
    with CaptureQueriesContext(primary) as on_primary, CaptureQueriesContext(replica) as on_replica:
        new_plan("router-write").save()
        plan = Plan.objects.get(code="router-write")
    assert plan._state.db == "replica"
    assert any("INSERT" in query["sql"] for query in on_primary.captured_queries)
    assert not any("INSERT" in query["sql"] for query in on_replica.captured_queries)
    assert any("SELECT" in query["sql"] for query in on_replica.captured_queries)
    # The write's commit starts a new data generation in the shared cache, which lives on the
    # primary (planportal.cache, PRIMARY_ONLY_APPS): those are the only reads there.
    assert not any(
        "SELECT" in query["sql"] and "planportal_cache" not in query["sql"]
        for query in on_primary.captured_queries
    )

    # An object read from the replica is saved back to the primary.
    plan.name = "改名"
    with CaptureQueriesContext(primary) as on_primary, CaptureQueriesContext(replica) as on_replica:
        plan.save()
    assert any("UPDATE" in query["sql"] for query in on_primary.captured_queries)
    assert not on_replica.captured_queries
    assert Plan.objects.using("default").get(code="router-write").name == "改名"


@with_replica
def test_reads_inside_a_write_transaction_go_to_the_primary(replica):
    primary = connections["default"]
    with CaptureQueriesContext(replica) as on_replica:
        with transaction.atomic():
            new_plan("router-atomic").save()
            # Not yet on any replica: the transaction must read its own write.
            assert Plan.objects.filter(code="router-atomic").exists()
            assert router.db_for_read(Plan) == "default"
        assert router.db_for_read(Plan) == "replica"
    assert not on_replica.captured_queries
    assert not primary.in_atomic_block


@with_replica
def test_the_cache_and_sessions_stay_on_the_primary(replica):
    from django.contrib.sessions.models import Session

    assert router.db_for_read(Session) == "default"


@with_replica
def test_migrations_run_on_the_primary_only_and_relations_cross(replica):
    assert router.allow_migrate("default", "planportal")
    assert not router.allow_migrate("replica", "planportal")
    from_primary, from_replica = new_plan("a"), new_plan("b")
    from_primary._state.db, from_replica._state.db = "default", "replica"
    assert router.allow_relation(from_primary, from_replica)


def test_without_a_replica_the_router_has_no_say():
    """Installed with no ``replica`` alias, it leaves Django's default choice."""
    without_replica = {"default": connections.settings["default"]}
    with mock.patch.object(connections, "settings", without_replica):
        assert PrimaryReplicaRouter().db_for_read(Plan) is None


def test_database_replica_url_adds_the_alias_and_the_router():
    script = (
        "from django.conf import settings; "
        "print(settings.DATABASES['replica']['HOST'], settings.DATABASES['replica']['TEST']['MIRROR'], "
        "settings.DATABASE_ROUTERS)"
    )
    replica_url = "postgres://reader:secret@db-replica.internal:5432/planportal"
    with_replica = manage("shell", "-c", script, DEBUG="true", DATABASE_REPLICA_URL=replica_url)
    assert with_replica.returncode == 0, with_replica.stderr
    assert "db-replica.internal default" in with_replica.stdout
    assert "planportal.routers.PrimaryReplicaRouter" in with_replica.stdout

    without = manage(
        "shell", "-c", "from django.conf import settings; print(settings.DATABASES)", DEBUG="true"
    )
    assert without.returncode == 0, without.stderr
    assert "replica" not in without.stdout
