"""SQL expressions for an indicator's figures: completion rate, cap usage, status.

Each reads the indicator's own columns (``target_kind``, ``target_value``, ``target_low``,
``target_high``) and takes the figure to judge as an expression, so the same rule serves the
latest recorded figure (``with_completion``) and the live one (``with_live``).
"""

from django.db.models import Case, CharField, F, FloatField, Value, When
from django.db.models.functions import NullIf
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual, IsNull, LessThan

from planportal.units import Arithmetic, Fixed, FixedDecimalField, unit_ratio_expression
from targets.choices import RATE_PLACES, VALUE_PLACES, Status, TargetKind


def value_field():
    """The output field of a figure in an indicator's unit (4 places)."""
    return FixedDecimalField(max_digits=16, decimal_places=VALUE_PLACES)


def rate_field():
    """The output field of a rate in % (2 places, as the plan prints them)."""
    return FixedDecimalField(max_digits=12, decimal_places=RATE_PLACES)


def converted_value(value_path, unit_path, to_unit_path):
    """A figure (lookup path ``value_path`` in unit ``unit_path``) in unit ``to_unit_path``.

    The factor is ``planportal.units.ratio`` written as SQL (1510 万元 → 0.1510 亿元); 4 places.
    """
    return Fixed(
        Arithmetic(F(value_path)) * unit_ratio_expression(unit_path, to_unit_path),
        VALUE_PLACES,
    )


def completion_target():
    """The figure a completion rate divides by: the value or bound, or a range's lower end."""
    return Case(
        When(target_kind=TargetKind.RANGE, then=F("target_low")),
        default=F("target_value"),
        output_field=value_field(),
    )


def completion_rate_expression(value):
    """actual ÷ target × 100 rounded to 2 places, as the plan computes it (铜 0.24 / 0.2 = 120).

    Both operands are cast before dividing (no integer division on SQLite), a zero target
    gives NULL (NullIf), and so does a missing value or target. An at-most target (控制在 …
    以内, 不超过) has no completion rate: the plan computes completion only for targets to
    reach, and 24 mines against a cap of 20 are not "120 % complete". Its share of the cap
    used is ``cap_usage_expression``.
    """
    return Case(
        When(target_kind=TargetKind.AT_MOST, then=Value(None)),
        default=Fixed(
            Arithmetic(value)
            * Value(100)
            / NullIf(Arithmetic(completion_target()), Value(0), output_field=FloatField()),
            RATE_PLACES,
            max_digits=12,
        ),
        output_field=rate_field(),
    )


def cap_usage_expression(value):
    """For an at-most target: value ÷ cap × 100, 2 places (24 mines of a cap of 20: 120.00).

    None for other kinds of target, without a value, or with a zero cap.
    """
    return Case(
        When(
            target_kind=TargetKind.AT_MOST,
            then=Fixed(
                Arithmetic(value)
                * Value(100)
                / NullIf(Arithmetic(F("target_value")), Value(0), output_field=FloatField()),
                RATE_PLACES,
                max_digits=12,
            ),
        ),
        default=Value(None),
        output_field=rate_field(),
    )


def status_expression(value):
    """The ``Status`` of ``value`` (an expression in the indicator's unit) against the target.

    value and at-least targets are met when value ≥ target, at-most targets when value ≤
    target; a range says below / within / above (both ends included in "within").
    """
    return Case(
        When(IsNull(completion_target(), True), then=Value(Status.NO_TARGET)),
        When(IsNull(value, True), then=Value(Status.NO_DATA)),
        When(
            target_kind=TargetKind.RANGE,
            then=Case(
                When(LessThan(value, F("target_low")), then=Value(Status.BELOW)),
                When(GreaterThan(value, F("target_high")), then=Value(Status.ABOVE)),
                default=Value(Status.WITHIN),
            ),
        ),
        When(
            target_kind=TargetKind.AT_MOST,
            then=Case(
                When(GreaterThan(value, F("target_value")), then=Value(Status.NOT_MET)),
                default=Value(Status.MET),
            ),
        ),
        When(GreaterThanOrEqual(value, F("target_value")), then=Value(Status.MET)),
        default=Value(Status.NOT_MET),
        output_field=CharField(),
    )


def in_indicator_unit(value):
    """``value``, a figure in the unit of the series it was read from (the indicator's own, or
    that of the target named by ``figures_from``), converted into the indicator's unit; 4 places.

    Reads the ``_series_unit`` annotation of ``IndicatorQuerySet.with_completion``.
    """
    return Fixed(
        Arithmetic(value) * unit_ratio_expression("_series_unit", "unit"),
        VALUE_PLACES,
    )
