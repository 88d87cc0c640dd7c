"""Every decimal field accepts only what SQLite and PostgreSQL both store and read back.

SQLite keeps a decimal as a double (15 significant digits); a value with more used to pass
validation, be saved, and then make every list that read it answer 500.
"""

import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import IntegrityError, models, transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from deposits.models import ResourceReserve
from planportal.models import DECIMAL_MAX_DIGITS
from rights.models import ExplorationRight, MiningRight
from targets.forms import IndicatorValueForm
from targets.models import IndicatorValue
from tests.api.urls import url
from zones.models import PlanningArea

PROJECT_APPS = {"planportal", "deposits", "rights", "zones", "targets"}

# Resource, model, decimal field, and the lists (API and pages) that read the field.
WRITABLE_DECIMALS = [
    ("resource-reserves", ResourceReserve, "retained_amount", []),
    ("resource-reserves", ResourceReserve, "cumulative_amount", []),
    (
        "exploration-rights",
        ExplorationRight,
        "area_km2",
        ["/api/v1/summary/", "/rights/exploration/"],
    ),
    ("mining-rights", MiningRight, "area_km2", ["/api/v1/summary/", "/rights/mining/", "/"]),
    ("mining-rights", MiningRight, "capacity", ["/rights/mining/"]),
    ("zones", PlanningArea, "area_km2", ["/api/v1/summary/", "/zones/"]),
    ("indicator-values", IndicatorValue, "value", ["/api/v1/indicators/", "/targets/", "/"]),
    ("indicator-values", IndicatorValue, "stated_completion_rate", ["/api/v1/indicators/"]),
]


def limits(field):
    """The largest and smallest value the field accepts, and its smallest step."""
    step = Decimal(1).scaleb(-field.decimal_places)
    largest = Decimal(10) ** (field.max_digits - field.decimal_places) - step
    non_negative = any(
        isinstance(validator, MinValueValidator) and validator.limit_value == 0
        for validator in field.validators
    )
    return (Decimal(0) if non_negative else -largest), largest, step


def decimal_fields():
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS and not model.__name__.startswith("Historical"):
            for field in model._meta.concrete_fields:
                if isinstance(field, models.DecimalField):
                    yield model, field


def record_of(model, plan):
    rows = model.objects.all()
    if model is IndicatorValue:
        # A typed-in indicator: a live one's figures are computed, not written.
        rows = rows.filter(indicator__plan=plan, indicator__live_metric="")
    return rows.order_by("pk").first()


def body(response):
    """The JSON body with every number read as an exact Decimal."""
    return json.loads(response.content, parse_float=Decimal)


@pytest.fixture
def client(api_client, superuser):
    api_client.force_authenticate(superuser)
    return api_client


def test_no_decimal_column_holds_more_digits_than_a_double_keeps():
    too_wide = [
        f"{model.__name__}.{field.name} ({field.max_digits})"
        for model, field in decimal_fields()
        if field.max_digits > DECIMAL_MAX_DIGITS
    ]
    assert not too_wide
    assert IndicatorValueForm.base_fields["value"].max_digits <= DECIMAL_MAX_DIGITS


def test_every_decimal_column_stores_and_reads_back_its_extremes(plan):
    """Written straight to the table: the largest, smallest and finest value read back."""
    for model, field in decimal_fields():
        row = model.objects.order_by("pk").first()
        assert row is not None, model
        smallest, largest, step = limits(field)
        for value in (largest, smallest, step, largest - step):
            try:
                with transaction.atomic():
                    model.objects.filter(pk=row.pk).update(**{field.name: value})
            except IntegrityError:
                continue  # a check constraint keeps it out (a percentage up to 100)
            stored = model.objects.filter(pk=row.pk).values_list(field.name, flat=True).get()
            assert stored == value, (model.__name__, field.name, value, stored)
            assert list(model.objects.all()), (model.__name__, field.name)
        with pytest.raises(ValidationError):
            field.clean(largest + step, row)
        with pytest.raises(ValidationError):
            field.clean(step / 10, row)


@pytest.mark.parametrize(
    ("resource", "model", "name", "lists"),
    WRITABLE_DECIMALS,
    ids=[f"{resource}.{name}" for resource, _m, name, _l in WRITABLE_DECIMALS],
)
def test_decimal_extremes_round_trip_through_the_api(client, plan, resource, model, name, lists):
    field = model._meta.get_field(name)
    smallest, largest, step = limits(field)
    record = record_of(model, plan)
    address = url(resource, record.pk)

    @settings(
        max_examples=10,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.decimals(min_value=smallest, max_value=largest, places=field.decimal_places))
    @example(largest)
    @example(smallest)
    @example(step)
    @example(largest - step)
    def round_trip(value):
        written = client.patch(address, {name: str(value)}, format="json")
        assert written.status_code == 200, written.content
        assert body(written)[name] == value
        read = client.get(address)
        assert read.status_code == 200
        assert body(read)[name] == value
        assert client.get(url(resource, page_size=100)).status_code == 200

    round_trip()

    # Every list that reads the field (API, pages) stays readable at both extremes.
    for value in (largest, smallest):
        assert client.patch(address, {name: str(value)}, format="json").status_code == 200
        for path in lists:
            assert client.get(path).status_code == 200, (path, value)

    # Out of range: one step over, one step under, a finer step: refused naming the field.
    for value in (largest + step, smallest - step, step / 10):
        refused = client.patch(address, {name: str(value)}, format="json")
        assert refused.status_code == 400, (value, refused.content)
        assert name in refused.json()["errors"]


@pytest.mark.parametrize(
    ("resource", "model", "name"),
    [(resource, model, name) for resource, model, name, _l in WRITABLE_DECIMALS],
)
def test_the_value_that_broke_the_lists_is_refused(client, plan, resource, model, name):
    record = record_of(model, plan)
    response = client.patch(url(resource, record.pk), {name: "999999999999.9999"}, format="json")
    assert response.status_code == 400
    assert name in response.json()["errors"]
    assert client.get(url(resource)).status_code == 200
