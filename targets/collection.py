"""Yearly collection (年度填报): a workbook of the year's typed-in figures, filled and read back.

``indicator_value_template`` writes, for a plan and a year, one row per target whose figure
is typed in (not the live ones, computed from the registers, nor those that read another
indicator's series); ``indicator_value_import`` reads the filled workbook back through
``planportal.spreadsheets.open_workbook_safely`` (its caps refuse hostile files), checks
every row before anything is written, and writes all rows or none.

A row names its indicator by a stable key, ``<group code>/<serial number>`` (``column_9/10``),
and carries the version of the year's figure as it was when the workbook was made, so a
figure someone changed since is refused rather than silently replaced. An empty figure
leaves the year as it is. A workbook made by the portal and uploaded unchanged changes
nothing.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planportal.concurrency import StaleVersion
from planportal.excel import Sheet, workbook_bytes
from planportal.spreadsheets import SpreadsheetRefused, open_workbook_safely
from planportal.units import IncompatibleUnits, Unit, same_dimension
from targets.choices import ValueSource
from targets.models import Indicator, IndicatorValue
from targets.services import indicator_value_record

# The workbook's columns: (name, heading). The headings are written in Chinese; a workbook
# whose headings are in English (or Chinese) is read back.
COLUMNS = [
    ("key", gettext_lazy("indicator code")),
    ("group", gettext_lazy("table")),
    ("seq", gettext_lazy("serial number")),
    ("name", gettext_lazy("indicator name")),
    ("unit", gettext_lazy("unit")),
    ("year", gettext_lazy("year")),
    ("previous_year", gettext_lazy("year of the previous figure")),
    ("previous_value", gettext_lazy("previous figure")),
    ("version", gettext_lazy("version of the figure")),
    ("value", gettext_lazy("actual figure")),
]
# What an import needs; the other columns are there for the person filling the workbook.
REQUIRED = ("key", "unit", "year", "value")
TEMPLATE_LANGUAGE = "zh-hans"
HEADING_LANGUAGES = ("zh-hans", "en")


def indicator_key(indicator):
    """The stable key of an indicator in a collection workbook: ``<group code>/<seq>``."""
    return f"{indicator.group.code}/{indicator.seq}"


def _reads_another_series():
    """Indicators that read another indicator's yearly series (``figures_from``)."""
    return Q(figures_from__isnull=False)


def typed_in_indicators(plan, year):
    """The plan's indicators whose figure for ``year`` staff type in.

    Those of a group whose period holds ``year``; a live indicator (computed from the
    registers) or one reading another indicator's series is left out.
    """
    return (
        Indicator.objects.filter(
            plan=plan, group__period_start__lte=year, group__period_end__gte=year, live_metric=""
        )
        .exclude(_reads_another_series())
        .select_related("group")
        .order_by("group__order", "group__code", "seq")
    )


def collection_years(plan):
    """The years a collection workbook can be made for: the plan's period."""
    return list(range(plan.period_start, plan.period_end + 1))


def indicator_value_template(plan, year):
    """The collection workbook of ``plan`` for ``year`` (.xlsx bytes).

    One row per typed-in indicator: its key, table, serial number, name, the unit, the
    year, the latest earlier figure and its year, the version of the year's figure (0:
    none yet) and the year's figure itself, empty while there is none.
    """
    indicators = list(typed_in_indicators(plan, year))
    figures = {}
    previous = {}
    for figure in IndicatorValue.objects.filter(indicator__in=indicators, year__lte=year).order_by(
        "indicator_id", "year"
    ):
        if figure.year == year:
            figures[figure.indicator_id] = figure
        else:
            previous[figure.indicator_id] = figure  # the latest earlier one wins
    rows = []
    with translation.override(TEMPLATE_LANGUAGE):
        for indicator in indicators:
            figure = figures.get(indicator.pk)
            earlier = previous.get(indicator.pk)
            rows.append(
                [
                    indicator_key(indicator),
                    indicator.group.title,
                    indicator.seq,
                    indicator.name,
                    Unit(figure.unit if figure else indicator.unit).label,
                    year,
                    earlier.year if earlier else None,
                    _plain(earlier.value) if earlier else None,
                    figure.version if figure else 0,
                    _plain(figure.value) if figure else None,
                ]
            )
        headers = [str(heading) for _name, heading in COLUMNS]
        title = _("%(year)s figures") % {"year": year}
        return workbook_bytes([Sheet(title=title, headers=headers, rows=rows)])


def _plain(value):
    """A stored figure without its trailing zeros (12.5000 → 12.5), still a number."""
    normalized = value.normalize()
    return normalized.quantize(Decimal(1)) if normalized == normalized.to_integral() else normalized


@dataclass
class RowError:
    """What is wrong with one row: its row number in the sheet, the column, a message."""

    row: int
    column: str
    message: str


@dataclass
class RowPlan:
    """A row that checks out: what it would write, and the figure it finds."""

    row: int
    indicator: Indicator
    year: int
    value: Decimal | None
    unit: str
    version: int
    current: IndicatorValue | None

    @property
    def key(self):
        return indicator_key(self.indicator)


@dataclass
class ImportResult:
    """Rows to create, update and leave as they are, and the errors; ``written`` once saved."""

    dry_run: bool
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    # Rows with an empty figure: the year is left as it is (counted with the unchanged).
    left_blank: int = 0
    written: bool = False

    @property
    def unchanged_count(self):
        return len(self.unchanged) + self.left_blank


def _headings(sheet):
    """Column name → index in the sheet's rows; a workbook missing a needed column is refused."""
    known = {}
    for language in HEADING_LANGUAGES:
        with translation.override(language):
            for name, heading in COLUMNS:
                known[str(heading).strip().lower()] = name
    found = {}
    for index, heading in enumerate(sheet.headers):
        name = known.get(str(heading or "").strip().lower())
        if name and name not in found:
            found[name] = index
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        with translation.override(TEMPLATE_LANGUAGE):
            names = "、".join(str(heading) for name, heading in COLUMNS if name in missing)
        raise SpreadsheetRefused(
            _(
                "The sheet has no column %(columns)s: download the collection template and "
                "fill that in."
            )
            % {"columns": names},
            code="not_a_template",
        )
    return found


def _units_by_name():
    """Every way a unit may be written in the unit column: its code, Chinese and English label."""
    names = {}
    for unit in Unit:
        names[unit.value.lower()] = unit.value
        for language in HEADING_LANGUAGES:
            with translation.override(language):
                names[str(unit.label).strip().lower()] = unit.value
    return names


def _number(value):
    """A cell's figure as a Decimal, or None when it is not a finite number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
    else:
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            return None
    return number if number.is_finite() else None


def _whole(value):
    number = _number(value)
    if number is None or number != number.to_integral():
        return None
    return int(number)


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


class _RowReader:
    """Checks the rows of one upload against the plan; collects plans and errors."""

    def __init__(self, plan, sheet):
        self.plan = plan
        self.sheet = sheet
        self.columns = _headings(sheet)
        with translation.override(TEMPLATE_LANGUAGE):
            self.headings = {name: str(heading) for name, heading in COLUMNS}
        self.units = _units_by_name()
        self.indicators = {
            indicator_key(indicator): indicator
            for indicator in Indicator.objects.filter(plan=plan).select_related("group")
        }
        excluded = Indicator.objects.filter(plan=plan).filter(
            ~Q(live_metric="") | _reads_another_series()
        )
        self.not_typed_in = set(excluded.values_list("pk", flat=True))
        self.seen = {}
        self.errors = []

    def cell(self, row, name):
        index = self.columns.get(name)
        return None if index is None else row[index]

    def error(self, number, name, message):
        self.errors.append(RowError(row=number, column=self.headings[name], message=message))

    def read(self, number, row):
        """The RowPlan of one row, or None (its errors recorded, or nothing to write)."""
        value_cell = self.cell(row, "value")
        if _blank(value_cell):
            return None  # an empty figure: the year is left as it is
        errors_before = len(self.errors)
        indicator = self.indicator(number, row)
        year = self.year(number, row, indicator)
        value = _number(value_cell)
        if value is None:
            self.error(
                number,
                "value",
                _("“%(value)s” is not a number: type the figure only, without its unit.")
                % {"value": value_cell},
            )
        unit = self.unit(number, row, indicator)
        version = self.version(number, row)
        if len(self.errors) > errors_before:
            return None
        key = (indicator.pk, year)
        if key in self.seen:
            self.error(
                number,
                "key",
                _("A second row for %(key)s in %(year)s (the first is row %(row)s).")
                % {"key": indicator_key(indicator), "year": year, "row": self.seen[key]},
            )
            return None
        self.seen[key] = number
        return RowPlan(
            row=number,
            indicator=indicator,
            year=year,
            value=value,
            unit=unit,
            version=version,
            current=None,
        )

    def indicator(self, number, row):
        key = str(self.cell(row, "key") or "").strip()
        indicator = self.indicators.get(key)
        if indicator is None:
            self.error(
                number,
                "key",
                _("No indicator of the plan has the code “%(key)s”.") % {"key": key},
            )
        elif indicator.pk in self.not_typed_in:
            self.error(
                number,
                "key",
                _(
                    "The figures of “%(name)s” are not typed in: they come from the registers "
                    "or from another indicator."
                )
                % {"name": indicator.name},
            )
            return None
        return indicator

    def year(self, number, row, indicator):
        raw = self.cell(row, "year")
        year = _whole(raw)
        if year is None:
            self.error(number, "year", _("“%(value)s” is not a year.") % {"value": raw or ""})
            return None
        if indicator is not None:
            group = indicator.group
            if not group.period_start <= year <= group.period_end:
                self.error(
                    number,
                    "year",
                    _("%(year)s lies outside the period of the target, %(start)s–%(end)s.")
                    % {"year": year, "start": group.period_start, "end": group.period_end},
                )
        return year

    def unit(self, number, row, indicator):
        raw = self.cell(row, "unit")
        if _blank(raw):
            return indicator.unit if indicator is not None else None
        unit = self.units.get(str(raw).strip().lower())
        if unit is None:
            self.error(number, "unit", _("Unknown unit “%(unit)s”.") % {"unit": raw})
            return None
        if indicator is not None:
            try:
                same = same_dimension(unit, indicator.unit)
            except IncompatibleUnits:
                same = False
            if not same:
                self.error(
                    number,
                    "unit",
                    _("A figure in %(unit)s cannot be compared with a target in %(target)s.")
                    % {"unit": Unit(unit).label, "target": Unit(indicator.unit).label},
                )
        return unit

    def version(self, number, row):
        if "version" not in self.columns:
            return None  # a workbook without the column: not checked
        raw = self.cell(row, "version")
        if _blank(raw):
            return 0
        version = _whole(raw)
        if version is None or version < 0:
            self.error(
                number,
                "version",
                _("“%(value)s” is not a version: leave the column as the template gave it.")
                % {"value": raw},
            )
        return version


def _sort(result, plans, reader):
    """Put each checked row into created / updated / unchanged, comparing with the database."""
    current = {
        (figure.indicator_id, figure.year): figure
        for figure in IndicatorValue.objects.filter(
            indicator__in={row.indicator.pk for row in plans},
            year__in={row.year for row in plans},
        )
    }
    for row in plans:
        figure = current.get((row.indicator.pk, row.year))
        row.current = figure
        if figure is not None and figure.value == row.value and figure.unit == row.unit:
            result.unchanged.append(row)
            continue
        seen = figure.version if figure is not None else 0
        if row.version is not None and row.version != seen:
            reader.error(row.row, "value", _stale_message(row, figure))
            continue
        # The same checks as every other write of a figure (digits, decimal places, …).
        candidate = IndicatorValue(
            indicator=row.indicator,
            year=row.year,
            value=row.value,
            unit=row.unit,
            source=ValueSource.STATISTICAL_REPORT,
        )
        try:
            candidate.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = name if name in reader.headings else "value"
                for message in messages:
                    reader.error(row.row, column, message)
            continue
        (result.updated if figure is not None else result.created).append(row)


def _stale_message(row, figure):
    if figure is None:
        return _("The figure for %(year)s was deleted after the template was downloaded.") % {
            "year": row.year
        }
    error = StaleVersion(IndicatorValue, figure.pk, row.version, figure.version)
    changed = "; ".join(str(change) for change in error.changes)
    text = _(
        "The figure for %(year)s was changed after the template was downloaded (now "
        "%(value)s): download the template again."
    ) % {"year": row.year, "value": _plain(figure.value)}
    return f"{text} {changed}".strip()


def indicator_value_import(plan, file, *, user, dry_run=True):
    """Check the rows of a filled collection workbook of ``plan`` and, unless ``dry_run``,
    write them.

    Every row is checked before anything is written: an unknown indicator, a live one, a
    unit of another dimension, a year outside the target's period, text for a number, a
    second row for the same indicator and year, a figure changed since the template was
    downloaded — each is a ``RowError`` with its row and column. Only when no row has an
    error are the figures written, all in one transaction (all or none), each recorded as
    entered by ``user``, who the history names too. A file that is no workbook, breaks a
    cap or lacks the template's columns raises ``SpreadsheetRefused``.
    """
    sheet = open_workbook_safely(file)
    reader = _RowReader(plan, sheet)
    result = ImportResult(dry_run=dry_run)
    plans = []
    for number, row in zip(sheet.numbers, sheet.rows, strict=True):
        if _blank(reader.cell(row, "value")):
            result.left_blank += 1
            continue
        checked = reader.read(number, row)
        if checked is not None:
            plans.append(checked)
    _sort(result, plans, reader)
    result.errors = sorted(reader.errors, key=lambda error: error.row)
    if dry_run or result.errors:
        return result
    try:
        _write(result, user)
    except StaleVersion as error:
        # Someone saved a figure between the check above and the write: nothing was written.
        result.errors.append(RowError(row=0, column="", message=error.message))
        return result
    result.written = True
    return result


@transaction.atomic
def _write(result, user):
    for row in [*result.created, *result.updated]:
        indicator_value_record(
            indicator=row.indicator,
            year=row.year,
            value=row.value,
            unit=row.unit,
            source=ValueSource.STATISTICAL_REPORT,
            source_note=_("yearly collection workbook"),
            entered_by=user,
            expected_version=row.current.version if row.current is not None else 0,
        )


def indicator_value_missing(plan):
    """Per year of the plan's period, the typed-in indicators that still lack a figure.

    A list of ``(year, [indicator, …])``; one query per year.
    """
    missing = []
    for year in collection_years(plan):
        indicators = list(
            typed_in_indicators(plan, year).exclude(values__year=year).select_related("group")
        )
        missing.append((year, indicators))
    return missing
