"""What the database itself refuses in the rights registers and actual figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rights.models import ExplorationRight, MiningRight
from targets.models import Indicator, IndicatorValue

pytestmark = pytest.mark.usefixtures("loaded_plan")


def test_a_capacity_must_be_per_year_or_per_day():
    mine = MiningRight.objects.get(seq=1)
    mine.capacity_unit = "km2"
    with pytest.raises(ValidationError) as error:
        mine.full_clean()
    assert "capacity_unit" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        MiningRight.objects.filter(pk=mine.pk).update(capacity_unit="percent")


def test_a_right_cannot_expire_before_it_starts():
    right = ExplorationRight.objects.get(seq=1)
    right.valid_from = datetime.date(2025, 1, 1)
    right.valid_to = datetime.date(2020, 1, 1)
    with pytest.raises(ValidationError, match="有效期止日不得早于起日"):
        right.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        right.save()


def test_an_actual_figure_needs_a_plausible_year():
    indicator = Indicator.objects.filter(unit="10k_t").first()
    figure = IndicatorValue(
        indicator=indicator, year=20205, value=Decimal("1"), unit="10k_t", source="other"
    )
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert "year" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        figure.save()
