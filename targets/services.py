"""Writes of target figures that pages, the API and imports share."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planportal.concurrency import StaleVersion, save_versioned
from targets.models import Indicator, IndicatorValue


def indicator_value_refuse_typed_in(indicator):
    """Refuse a typed-in figure for a live indicator whose registers give its figure.

    A live indicator is computed from the registers, so typing its figure in is refused —
    unless the registers cannot give its figure (``live_value`` None: no mine with a
    registered scale, no dated sand-gravel-clay right), when the typed figure is what
    counts. The page form and the API both ask here.
    """
    if indicator.live_metric and live_figure_known(indicator):
        raise ValidationError(
            _("This indicator is computed from the registers; its figures cannot be typed in.")
        )


@transaction.atomic
def indicator_value_record(
    *,
    indicator,
    year,
    value,
    unit,
    source,
    source_note="",
    entered_by=None,
    expected_version=None,
):
    """Add an indicator's actual figure for ``year``, or correct the one it already has.

    The figure is validated by ``IndicatorValue.full_clean``: a unit of another dimension
    than the target's (万立方米 for a target in 万吨) is refused with a ValidationError on
    ``unit``; a live indicator's figure by ``indicator_value_refuse_typed_in``.
    ``expected_version`` is the version of the year's figure the writer saw (0: it saw
    none); when the figure has another version now — someone corrected, added or deleted
    it meanwhile — ``StaleVersion`` is raised and nothing is written. None: not checked.
    Returns ``(figure, created)``; ``entered_by`` records who entered it.
    """
    indicator_value_refuse_typed_in(indicator)
    # Read under a row lock (on SQLite the transaction holds the write lock already), so
    # the comparison and the write below see the same row.
    figure = (
        IndicatorValue.objects.select_for_update().filter(indicator=indicator, year=year).first()
    )
    current = figure.version if figure is not None else None
    if expected_version is not None and (current or 0) != expected_version:
        raise StaleVersion(IndicatorValue, figure.pk if figure else None, expected_version, current)
    created = figure is None
    if created:
        figure = IndicatorValue(indicator=indicator, year=year)
    elif figure.value != value or figure.unit != unit:
        # The figure as printed described the old value (the history keeps it); the
        # completion rate the plan printed stays, to compare with.
        figure.value_as_printed = ""
    figure.value = value
    figure.unit = unit
    figure.source = source
    figure.source_note = source_note
    figure.entered_by = entered_by
    if entered_by is not None:
        figure._history_user = entered_by  # the history names the writer, API token or not
    figure.full_clean()
    figure.save()
    return figure, created


@transaction.atomic
def indicator_value_save(figure, changes, *, entered_by=None, expected_version=None):
    """Add ``figure`` (no pk yet) or change it by ``changes``, as the API writes them.

    The same rules as ``indicator_value_record``: a live indicator's figure is refused, a
    new value or unit clears the figure as printed (unless ``changes`` gives one). A change
    writes only the fields in ``changes`` and, with ``expected_version``, only while the
    figure still has that version (``StaleVersion`` otherwise). Returns the figure.
    """
    changes = dict(changes)
    indicator_value_refuse_typed_in(changes.get("indicator") or figure.indicator)
    new_figure = any(
        name in changes and changes[name] != getattr(figure, name) for name in ("value", "unit")
    )
    if figure.pk is not None and new_figure and "value_as_printed" not in changes:
        changes["value_as_printed"] = ""
    for name, value in changes.items():
        setattr(figure, name, value)
    figure.entered_by = entered_by
    if figure.pk is None:
        figure.full_clean()
        figure.save()
    else:
        save_versioned(
            figure, expected_version=expected_version, update_fields=[*changes, "entered_by"]
        )
    return figure


def live_figure_known(indicator):
    """Whether the registers give ``indicator``'s live figure now (``with_live().live_value``).

    Always asks the database (one query): the figure may have changed since the indicator
    was read.
    """
    if not indicator.live_metric:
        return False
    return (
        Indicator.objects.with_live()
        .filter(pk=indicator.pk)
        .values_list("live_value", flat=True)
        .get()
        is not None
    )
