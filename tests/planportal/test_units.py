"""Units of the plan: exact conversions inside a dimension, refusal across dimensions."""

from decimal import Decimal

import pytest
from django.utils import translation

from planportal.units import (
    Dimension,
    IncompatibleUnits,
    Quantity,
    Unit,
    convert,
    dimension_of,
    ratio,
    same_dimension,
    units_of,
)


@pytest.mark.parametrize(
    ("value", "from_unit", "to_unit", "expected"),
    [
        ("1", Unit.TEN_K_TONNE, Unit.TONNE, "10000"),
        ("0.24", Unit.TEN_K_TONNE, Unit.TONNE, "2400"),
        ("2400", Unit.TONNE, Unit.TEN_K_TONNE, "0.24"),
        ("300", Unit.KG, Unit.TONNE, "0.3"),
        ("1", Unit.TONNE, Unit.KG, "1000"),
        ("0.8", Unit.HUNDRED_M_TONNE, Unit.TEN_K_TONNE, "8000"),
        ("3000", Unit.TEN_K_TONNE, Unit.HUNDRED_M_TONNE, "0.3"),
        ("1", Unit.HUNDRED_M_TONNE, Unit.KG, "100000000000"),
        ("26.6", Unit.TEN_K_CUBIC_METRE, Unit.CUBIC_METRE, "266000"),
        ("150000", Unit.CUBIC_METRE, Unit.TEN_K_CUBIC_METRE, "15"),
        ("1510", Unit.TEN_K_YUAN, Unit.HUNDRED_M_YUAN, "0.151"),
        ("15", Unit.HUNDRED_M_YUAN, Unit.TEN_K_YUAN, "150000"),
        ("1", Unit.TEN_K_YUAN, Unit.YUAN, "10000"),
    ],
)
def test_conversions_inside_a_dimension_are_exact(value, from_unit, to_unit, expected):
    result = convert(Decimal(value), from_unit, to_unit)
    assert isinstance(result, Decimal)
    assert result == Decimal(expected)


def test_conversion_round_trips_without_loss():
    value = Decimal("0.0123")
    for dimension in (Dimension.MASS, Dimension.VOLUME, Dimension.MONEY):
        for a in units_of(dimension):
            for b in units_of(dimension):
                assert convert(convert(value, a, b), b, a) == value


def test_ratio_is_exact_power_of_ten():
    assert ratio(Unit.TEN_K_YUAN, Unit.HUNDRED_M_YUAN) == Decimal("0.0001")
    assert ratio(Unit.KG, Unit.HUNDRED_M_TONNE) == Decimal("1E-11")
    assert ratio(Unit.KM2, Unit.KM2) == 1


@pytest.mark.parametrize(
    ("from_unit", "to_unit"),
    [
        (Unit.TEN_K_CUBIC_METRE, Unit.TEN_K_TONNE),
        (Unit.TEN_K_TONNE, Unit.HUNDRED_M_YUAN),
        (Unit.PERCENT, Unit.COUNT),
        (Unit.TEN_K_TONNE_PER_YEAR, Unit.TEN_K_TONNE),
        (Unit.KM2, Unit.CUBIC_METRE),
    ],
)
def test_conversion_across_dimensions_is_refused(from_unit, to_unit):
    with translation.override("en"), pytest.raises(IncompatibleUnits) as info:
        convert(Decimal("1"), from_unit, to_unit)
    message = str(info.value)
    with translation.override("en"):
        assert str(Unit(from_unit).label) in message
        assert str(Unit(to_unit).label) in message
    assert "different dimensions" in message


def test_refusal_names_both_units_in_chinese():
    with translation.override("zh-hans"), pytest.raises(IncompatibleUnits) as info:
        convert(Decimal("26.6"), Unit.TEN_K_CUBIC_METRE, Unit.TEN_K_TONNE)
    message = str(info.value)
    with translation.override("zh-hans"):
        assert str(Unit.TEN_K_CUBIC_METRE.label) in message
        assert str(Unit.TEN_K_TONNE.label) in message


def test_unknown_unit_is_refused_with_its_name():
    with pytest.raises(IncompatibleUnits, match="furlong"):
        convert(Decimal("1"), "furlong", Unit.TONNE)
    with pytest.raises(IncompatibleUnits, match="furlong"):
        dimension_of("furlong")


def test_same_dimension():
    assert same_dimension(Unit.KG, Unit.HUNDRED_M_TONNE)
    assert same_dimension(Unit.CUBIC_METRE, Unit.TEN_K_CUBIC_METRE)
    assert not same_dimension(Unit.TEN_K_TONNE, Unit.TEN_K_CUBIC_METRE)


def test_quantities_compare_across_units_of_one_dimension():
    assert Quantity(Decimal("1510"), Unit.TEN_K_YUAN) == Quantity(
        Decimal("0.151"), Unit.HUNDRED_M_YUAN
    )
    assert Quantity(Decimal("1510"), Unit.TEN_K_YUAN) < Quantity(Decimal("15"), Unit.HUNDRED_M_YUAN)
    assert Quantity(Decimal("2400"), Unit.TONNE) > Quantity(Decimal("0.2"), Unit.TEN_K_TONNE)
    assert Quantity(Decimal("2400"), Unit.TONNE).to(Unit.TEN_K_TONNE) == Quantity(
        Decimal("0.24"), Unit.TEN_K_TONNE
    )
    total = Quantity(Decimal("1"), Unit.TEN_K_TONNE) + Quantity(Decimal("500"), Unit.TONNE)
    assert total.value == Decimal("1.05")
    assert total.unit == Unit.TEN_K_TONNE
    assert hash(Quantity(Decimal("1"), Unit.TONNE)) == hash(Quantity(Decimal("1000"), Unit.KG))


def test_quantities_refuse_to_compare_across_dimensions():
    mass = Quantity(Decimal("80"), Unit.TEN_K_TONNE)
    volume = Quantity(Decimal("80"), Unit.TEN_K_CUBIC_METRE)
    with pytest.raises(IncompatibleUnits):
        mass < volume  # noqa: B015
    with pytest.raises(IncompatibleUnits):
        mass == volume  # noqa: B015
    with pytest.raises(IncompatibleUnits):
        mass + volume
