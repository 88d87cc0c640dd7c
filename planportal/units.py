"""Units and quantities of the plan.

The plan mixes units (万吨, 吨, 千克, 金吨, 矿石亿吨, 万立方米, 平方千米, %, 处, 万元, 亿元,
万吨/年 …). A figure is stored as a Decimal plus a unit code; the basis (ore 矿石 / metal
金属) is kept apart from the unit. Conversion happens only inside one dimension, with an
exact decimal factor; anything else is refused with ``IncompatibleUnits``.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dimension(models.TextChoices):
    MASS = "mass", _("mass")
    VOLUME = "volume", _("volume")
    AREA = "area", _("area")
    MONEY = "money", _("money")
    RATIO = "ratio", _("ratio")
    COUNT = "count", _("count")
    MASS_RATE = "mass_rate", _("mass per year")
    VOLUME_RATE = "volume_rate", _("volume per year")
    MASS_PER_DAY = "mass_per_day", _("mass per day")


class Unit(models.TextChoices):
    KG = "kg", _("kg")
    TONNE = "t", _("t")
    TEN_K_TONNE = "10k_t", _("10k t")
    HUNDRED_M_TONNE = "100m_t", _("100m t")
    CUBIC_METRE = "m3", _("m³")
    TEN_K_CUBIC_METRE = "10k_m3", _("10k m³")
    KM2 = "km2", _("km²")
    PERCENT = "percent", _("%")
    COUNT = "count", _("count")
    YUAN = "yuan", _("yuan")
    TEN_K_YUAN = "10k_yuan", _("10k yuan")
    HUNDRED_M_YUAN = "100m_yuan", _("100m yuan")
    TEN_K_TONNE_PER_YEAR = "10k_t_per_year", _("10k t/year")
    TEN_K_CUBIC_METRE_PER_YEAR = "10k_m3_per_year", _("10k m³/year")
    TONNE_PER_DAY = "t_per_day", _("t/day")


class Basis(models.TextChoices):
    """What a quantity counts: the ore mined, or the metal it contains."""

    ORE = "ore", _("ore")
    METAL = "metal", _("metal")


# unit -> (dimension, factor to the dimension's base unit)
UNIT_DIMENSIONS = {
    Unit.KG: (Dimension.MASS, Decimal("0.001")),
    Unit.TONNE: (Dimension.MASS, Decimal("1")),
    Unit.TEN_K_TONNE: (Dimension.MASS, Decimal("10000")),
    Unit.HUNDRED_M_TONNE: (Dimension.MASS, Decimal("100000000")),
    Unit.CUBIC_METRE: (Dimension.VOLUME, Decimal("1")),
    Unit.TEN_K_CUBIC_METRE: (Dimension.VOLUME, Decimal("10000")),
    Unit.KM2: (Dimension.AREA, Decimal("1")),
    Unit.PERCENT: (Dimension.RATIO, Decimal("1")),
    Unit.COUNT: (Dimension.COUNT, Decimal("1")),
    Unit.YUAN: (Dimension.MONEY, Decimal("1")),
    Unit.TEN_K_YUAN: (Dimension.MONEY, Decimal("10000")),
    Unit.HUNDRED_M_YUAN: (Dimension.MONEY, Decimal("100000000")),
    Unit.TEN_K_TONNE_PER_YEAR: (Dimension.MASS_RATE, Decimal("10000")),
    Unit.TEN_K_CUBIC_METRE_PER_YEAR: (Dimension.VOLUME_RATE, Decimal("10000")),
    Unit.TONNE_PER_DAY: (Dimension.MASS_PER_DAY, Decimal("1")),
}


class IncompatibleUnits(ValueError):
    """Raised when a figure is converted or compared across dimensions."""


def dimension_of(unit):
    """The dimension of a unit code."""
    try:
        return UNIT_DIMENSIONS[Unit(unit)][0]
    except ValueError as exc:
        raise IncompatibleUnits(_("Unknown unit “%(unit)s”.") % {"unit": unit}) from exc


def convert(value, from_unit, to_unit):
    """Convert a Decimal between two units of the same dimension, exactly."""
    from_unit, to_unit = Unit(from_unit), Unit(to_unit)
    from_dim, from_factor = UNIT_DIMENSIONS[from_unit]
    to_dim, to_factor = UNIT_DIMENSIONS[to_unit]
    if from_dim != to_dim:
        raise IncompatibleUnits(
            _(
                "Cannot convert %(from)s (%(from_dim)s) to %(to)s (%(to_dim)s): different dimensions."
            )
            % {
                "from": from_unit.label,
                "from_dim": from_dim.label,
                "to": to_unit.label,
                "to_dim": to_dim.label,
            }
        )
    if from_unit == to_unit:
        return Decimal(value)
    return Decimal(value) * from_factor / to_factor
