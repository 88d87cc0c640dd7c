"""Writes of target figures that pages and imports share."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from targets.models import Indicator, IndicatorValue


@transaction.atomic
def indicator_value_record(
    *, indicator, year, value, unit, source, source_note="", entered_by=None
):
    """Add an indicator's actual figure for ``year``, or correct the one it already has.

    The figure is validated by ``IndicatorValue.full_clean``: a unit of another dimension
    than the target's (万立方米 for a target in 万吨) is refused with a ValidationError on
    ``unit``. A live indicator is computed from the registers, so typing its figure in is
    refused too — unless the registers cannot give its figure (``live_value`` None: no mine
    with a registered scale, no dated sand-gravel-clay right), when the typed figure is what
    counts. Returns ``(figure, created)``; ``entered_by`` records who entered it.
    """
    if indicator.live_metric and live_figure_known(indicator):
        raise ValidationError(
            _("This indicator is computed from the registers; its figures cannot be typed in.")
        )
    figure = (
        IndicatorValue.objects.select_for_update().filter(indicator=indicator, year=year).first()
    )
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
    figure.full_clean()
    figure.save()
    return figure, created


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
