"""``generate_synthetic``: the same seed gives the same rows, and every row is valid."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from deposits.models import Deposit
from planportal.loader import plan_snapshot
from planportal.models import Plan
from rights.models import ExplorationRight, MiningRight
from targets.models import Indicator, IndicatorGroup, IndicatorValue
from zones.models import PlanningArea

GENERATED = [
    Plan,
    Deposit,
    ExplorationRight,
    MiningRight,
    PlanningArea,
    IndicatorGroup,
    Indicator,
    IndicatorValue,
]


def synthetic_digest(seed):
    """SHA-256 of the synthetic rows of ``seed`` by natural keys: no ids, no timestamps."""
    lines = [line for line in plan_snapshot() if f"synthetic-{seed}-" in line]
    assert lines
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def generate_and_digest(seed, **options):
    """Generate into the database as it is now, digest, and roll the rows back."""
    with transaction.atomic():
        call_command(
            "generate_synthetic", plans=2, rights=40, seed=seed, stdout=StringIO(), **options
        )
        digest = synthetic_digest(seed)
        transaction.set_rollback(True)
    assert not Plan.objects.filter(code__startswith=f"synthetic-{seed}-").exists()
    return digest


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_rows():
    first = generate_and_digest(11)
    assert generate_and_digest(11) == first
    # Batches of 7 rows instead of one INSERT: the same rows again.
    assert generate_and_digest(11, batch_size=7) == first


@pytest.mark.django_db
def test_another_seed_gives_other_rows():
    with transaction.atomic():
        call_command("generate_synthetic", plans=1, rights=40, seed=12, stdout=StringIO())
        call_command("generate_synthetic", plans=1, rights=40, seed=13, stdout=StringIO())
        names = lambda seed: list(  # noqa: E731
            ExplorationRight.objects.filter(plan__code=f"synthetic-{seed}-1")
            .order_by("seq")
            .values_list("name", flat=True)
        )
        assert names(12) != names(13)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_generated_row_passes_the_models_validation():
    out = StringIO()
    call_command("generate_synthetic", plans=2, rights=60, seed=21, stdout=out)
    assert "Generated 2 synthetic plan(s), seed 21." in out.getvalue()
    plans = Plan.objects.filter(code__startswith="synthetic-21-")
    assert sorted(plans.values_list("code", flat=True)) == ["synthetic-21-1", "synthetic-21-2"]
    counts = {}
    for model in GENERATED:
        if model is Plan:
            rows = plans
        elif model is IndicatorValue:
            rows = model.objects.filter(indicator__plan__in=plans)
        else:
            rows = model.objects.filter(plan__in=plans)
        counts[model] = 0
        for row in rows:
            row.full_clean()
            counts[model] += 1
    assert counts[ExplorationRight] == 120
    assert counts[MiningRight] == 60
    assert all(counts.values()), counts
    # Every mining right's capacity is in a per-year or per-day unit; every validity ordered.
    for right in MiningRight.objects.filter(plan__in=plans):
        assert right.capacity >= 0
        assert right.valid_from <= right.valid_to
        assert len(right.permit_no) == 23


@pytest.mark.django_db
def test_a_seed_already_loaded_is_refused():
    call_command("generate_synthetic", plans=1, rights=5, seed=31, stdout=StringIO())
    with pytest.raises(CommandError, match="already loaded"):
        call_command("generate_synthetic", plans=1, rights=5, seed=31, stdout=StringIO())
    assert Plan.objects.filter(code__startswith="synthetic-31-").count() == 1
