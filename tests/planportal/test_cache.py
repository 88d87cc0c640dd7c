"""The data generation of cached figures: renewed once per committed write, never before."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation

from deposits.models import Mineral
from planportal import cache
from tests.factories import make_mineral, make_mineral_class, make_plan

# Commits are real here: the generation is renewed on commit, and the cache is used only
# outside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bumps(monkeypatch):
    """Every bump of the generation, counted."""
    calls = []
    original = cache.bump

    def counting():
        calls.append(1)
        original()

    monkeypatch.setattr(cache, "bump", counting)
    return calls


def write_then_fail(name):
    with transaction.atomic():
        make_mineral(name)
        raise RuntimeError


def test_a_committed_write_renews_the_generation_once(bumps):
    before = cache.generation()
    with transaction.atomic():
        mineral = make_mineral("测试矿")
        mineral.name = "测试矿二"
        mineral.save()
        Mineral.objects.filter(pk=mineral.pk).first().delete()
        assert cache.generation() == before, "not before the commit"
    assert len(bumps) == 1
    assert cache.generation() != before


def test_a_rolled_back_write_keeps_the_generation(bumps):
    before = cache.generation()
    with pytest.raises(RuntimeError):
        write_then_fail("回滚矿")
    assert not Mineral.objects.filter(name="回滚矿").exists()
    assert bumps == []
    assert cache.generation() == before
    # A rolled-back savepoint does not keep the transaction from bumping later.
    with transaction.atomic():
        with pytest.raises(RuntimeError):
            write_then_fail("回滚矿")
        make_mineral("保留矿")
    assert len(bumps) == 1
    assert cache.generation() != before


def test_links_and_every_portal_app_bump_other_apps_do_not():
    plan = make_plan()
    mineral = make_mineral("链接矿")
    mineral_class = make_mineral_class(plan)
    before = cache.generation()
    mineral_class.minerals.add(mineral)
    assert cache.generation() != before
    before = cache.generation()
    get_user_model().objects.create(username="someone")
    assert cache.generation() == before


def test_cached_values_per_generation_and_language():
    calls = []

    def compute():
        calls.append(translation.get_language())
        return len(calls)

    with translation.override("en"):
        assert cache.cached(("test", 1), compute) == 1
        assert cache.cached(("test", 1), compute) == 1
        assert cache.cached(("test", 2), compute) == 2
    with translation.override("zh-hans"):
        assert cache.cached(("test", 1), compute) == 3
    cache.bump()
    with translation.override("en"):
        assert cache.cached(("test", 1), compute) == 4
    # A lost generation (a culled entry, a flushed Redis) starts a fresh one.
    cache.cache.delete(cache.GENERATION_KEY)
    with translation.override("en"):
        assert cache.cached(("test", 1), compute) == 5
    assert len(cache.cached(("x" * 300,), lambda: "long key")) == 8


def test_inside_a_transaction_values_are_computed_not_cached():
    assert cache.cached(("inside",), lambda: "committed") == "committed"
    with transaction.atomic():
        make_mineral("事务中矿")
        assert cache.cached(("inside",), lambda: "own write") == "own write"
        assert cache.cached(("fresh",), lambda: "not stored") == "not stored"
    assert cache.cached(("fresh",), lambda: "after") == "after"


class BrokenCache:
    """A cache whose backend cannot be reached (its table not created, Redis down)."""

    def get(self, *args, **kwargs):
        raise ConnectionError("cache down")

    set = add = get


def test_a_cache_that_cannot_be_reached_fails_neither_a_write_nor_a_read(monkeypatch):
    monkeypatch.setattr(cache, "cache", BrokenCache())
    make_mineral("缓存失效矿")  # committed; its bump finds no cache and is logged
    assert Mineral.objects.filter(name="缓存失效矿").exists()
    calls = []
    assert cache.cached(("broken",), lambda: calls.append(1) or 42) == 42
    assert cache.cached(("broken",), lambda: calls.append(1) or 42) == 42
    assert len(calls) == 2  # computed each time, nothing kept
