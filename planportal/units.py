"""Units and quantities of the plan.

The plan mixes units (万吨, 吨, 千克, 金吨, 矿石亿吨, 万立方米, 平方千米, %, 处, 家, 个, 万元,
亿元, 万吨/年 …). Counts are one dimension in three words, as the plan prints them: 处 for
deposits and places (矿产地), 家 for mines (矿山总数), 个 for rights (探矿权、采矿权数). A figure is stored as a Decimal plus a unit code; the basis (ore 矿石 / metal
金属) is kept apart from the unit. Conversion happens only inside one dimension, with an
exact decimal factor; anything else is refused with ``IncompatibleUnits``.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import total_ordering

from django.db import models
from django.db.models import Case, F, FloatField, Func, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Dimension(models.TextChoices):
    MASS = "mass", _("mass")
    VOLUME = "volume", _("volume")
    AREA = "area", _("area")
    MONEY = "money", _("money")
    RATIO = "ratio", _("ratio")
    COUNT = "count", _("number of items")
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
    COUNT_MINES = "count_mines", pgettext_lazy("unit", "mines")
    COUNT_RIGHTS = "count_rights", pgettext_lazy("unit", "rights")
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


# Production capacities (生产规模, 设计生产能力, 最低开采规模) are per year or per day.
CAPACITY_UNITS = (Unit.TEN_K_TONNE_PER_YEAR, Unit.TEN_K_CUBIC_METRE_PER_YEAR, Unit.TONNE_PER_DAY)
CAPACITY_UNIT_CHOICES = [(unit.value, unit.label) for unit in CAPACITY_UNITS]


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
    Unit.COUNT_MINES: (Dimension.COUNT, Decimal("1")),
    Unit.COUNT_RIGHTS: (Dimension.COUNT, Decimal("1")),
    Unit.YUAN: (Dimension.MONEY, Decimal("1")),
    Unit.TEN_K_YUAN: (Dimension.MONEY, Decimal("10000")),
    Unit.HUNDRED_M_YUAN: (Dimension.MONEY, Decimal("100000000")),
    Unit.TEN_K_TONNE_PER_YEAR: (Dimension.MASS_RATE, Decimal("10000")),
    Unit.TEN_K_CUBIC_METRE_PER_YEAR: (Dimension.VOLUME_RATE, Decimal("10000")),
    Unit.TONNE_PER_DAY: (Dimension.MASS_PER_DAY, Decimal("1")),
}


class IncompatibleUnits(ValueError):
    """Raised when a figure is converted or compared across dimensions."""


def _unit(unit):
    try:
        return Unit(unit)
    except ValueError as exc:
        raise IncompatibleUnits(_("Unknown unit “%(unit)s”.") % {"unit": unit}) from exc


def dimension_of(unit):
    """The dimension of a unit code."""
    return UNIT_DIMENSIONS[_unit(unit)][0]


def factor_of(unit):
    """The exact factor from a unit to its dimension's base unit (万吨 → 10000 t)."""
    return UNIT_DIMENSIONS[_unit(unit)][1]


def same_dimension(unit_a, unit_b):
    """Whether two unit codes measure the same thing (万吨 and 千克 do; 万吨 and 万立方米 don't)."""
    return dimension_of(unit_a) == dimension_of(unit_b)


def units_of(dimension):
    """The units of one dimension, in the order of ``Unit``."""
    return [unit for unit, (dim, _factor) in UNIT_DIMENSIONS.items() if dim == dimension]


def ratio(from_unit, to_unit):
    """The exact factor that turns a figure in ``from_unit`` into ``to_unit``.

    Every factor is a power of ten, so the quotient is exact (万元 → 亿元 is 0.0001).
    Raises ``IncompatibleUnits`` across dimensions.
    """
    from_unit, to_unit = _unit(from_unit), _unit(to_unit)
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
        return Decimal(1)
    return from_factor / to_factor


def convert(value, from_unit, to_unit):
    """Convert a Decimal between two units of the same dimension, exactly."""
    factor = ratio(from_unit, to_unit)
    if factor == 1:
        return Decimal(value)
    return Decimal(value) * factor


@total_ordering
@dataclass(frozen=True)
class Quantity:
    """A figure with its unit; compares and adds across units of one dimension only.

    ``Quantity(Decimal("1510"), "10k_yuan") == Quantity(Decimal("0.151"), "100m_yuan")``;
    comparing 万吨 with 万立方米 raises ``IncompatibleUnits``.
    """

    value: Decimal
    unit: Unit

    def __post_init__(self):
        object.__setattr__(self, "value", Decimal(self.value))
        object.__setattr__(self, "unit", _unit(self.unit))

    @property
    def dimension(self):
        return dimension_of(self.unit)

    def to(self, unit):
        """This quantity expressed in another unit of the same dimension."""
        return Quantity(convert(self.value, self.unit, unit), unit)

    def _other_value(self, other):
        if not isinstance(other, Quantity):
            return NotImplemented
        return convert(other.value, other.unit, self.unit)

    def __eq__(self, other):
        value = self._other_value(other)
        return value if value is NotImplemented else self.value == value

    def __lt__(self, other):
        value = self._other_value(other)
        return value if value is NotImplemented else self.value < value

    def __hash__(self):
        base = self.value * factor_of(self.unit)
        return hash((self.dimension, base.normalize()))

    def __add__(self, other):
        value = self._other_value(other)
        return value if value is NotImplemented else Quantity(self.value + value, self.unit)

    def __sub__(self, other):
        value = self._other_value(other)
        return value if value is NotImplemented else Quantity(self.value - value, self.unit)

    def __str__(self):
        return f"{self.value} {self.unit.label}"


# --- The same semantics in SQL --------------------------------------------------------------
#
# Figures computed in the database (completion rates, converted actual figures) must give the
# same digits on SQLite and PostgreSQL. PostgreSQL computes in exact NUMERIC. SQLite has no
# decimal type: CAST(x AS NUMERIC) turns 1510.0 into the integer 1510, and integer ÷ integer
# truncates there, so arithmetic is done in REAL and every result is rounded in SQL to the
# places it is shown with, then read back as a Decimal with exactly those places.


class Arithmetic(Func):
    """An operand made safe for division: NUMERIC on PostgreSQL, REAL on SQLite.

    Its output field is a float on purpose: Django wraps every DecimalField expression in
    CAST(… AS NUMERIC) on SQLite, which would turn 2660.0 back into an integer.
    """

    template = "CAST(%(expressions)s AS NUMERIC)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="CAST(%(expressions)s AS REAL)", **extra_context
        )


class FixedDecimalField(models.DecimalField):
    """Output field of computed figures: a Decimal with exactly ``decimal_places`` places.

    PostgreSQL returns NUMERIC(p, s) with its scale; SQLite returns a float that Django turns
    into a Decimal without quantizing computed expressions. This field quantizes both, so
    120 reads as Decimal("120.00") on either backend. Not a model field: no column uses it.
    """

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return Decimal(value).quantize(Decimal(1).scaleb(-self.decimal_places))


class Fixed(Func):
    """Round an expression in SQL and read it back as a Decimal with ``places`` places."""

    function = "ROUND"
    arity = 2

    def __init__(self, expression, places, max_digits=16):
        super().__init__(
            Arithmetic(expression),
            Value(places),
            output_field=FixedDecimalField(max_digits=max_digits, decimal_places=places),
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        # ROUND already gives the places; an unbounded NUMERIC, so a large figure over a
        # small target (a rate of 10¹⁵ %) reads back instead of overflowing NUMERIC(p, s).
        sql, params = self.as_sql(compiler, connection, **extra_context)
        return f"CAST({sql} AS NUMERIC)", params

    def as_sqlite(self, compiler, connection, **extra_context):
        # No CAST(… AS NUMERIC) wrapping here: the float is quantized on reading.
        return self.as_sql(compiler, connection, **extra_context)


def unit_ratio_expression(from_field, to_field):
    """SQL for ``ratio(from_unit, to_unit)`` read from two unit columns (lookup paths).

    One WHEN per ordered pair of distinct units of one dimension, each with the exact factor
    of ``ratio()``; 1 for the same unit; NULL across dimensions (such a figure is refused
    before it is saved, see ``IndicatorValue.clean``).
    """
    whens = [When(Q(**{from_field: F(to_field)}), then=Value(Decimal(1)))]
    for source in Unit:
        for target in Unit:
            if source != target and same_dimension(source, target):
                whens.append(
                    When(
                        Q(**{from_field: source.value, to_field: target.value}),
                        then=Value(ratio(source, target)),
                    )
                )
    return Arithmetic(Case(*whens, default=None))
