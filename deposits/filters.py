"""FilterSets for minerals, deposits and resource reserves, and the mineral filters of every register.

One FilterSet per list, used by the API, the pages and the exports alike. An invalid value
(an unknown stage, text where a number belongs, a mineral nobody has heard of) fails the
FilterSet's form, so the API answers 400 and a page shows the error: never a silently
unfiltered list.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from deposits.models import Deposit, Mineral, MineralCategory, Regulation, ResourceReserve
from planportal.api.filters import choice_filter, id_filter, plan_filter
from planportal.choices import Scale, Stage
from planportal.units import Basis, Unit


class MineralNameField(forms.CharField):
    """A mineral's canonical name or one of its aliases, cleaned to the matching ids."""

    default_error_messages = {
        "unknown": _(
            "Unknown mineral “%(name)s”: use a canonical name or an alias listed at "
            "/api/v1/minerals/."
        ),
    }

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        ids = list(Mineral.objects.for_name(value).values_list("pk", flat=True))
        if not ids:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"name": value}
            )
        return ids


class MineralNameFilter(django_filters.CharFilter):
    """``?mineral=铁矿`` or ``?mineral=铁``: by canonical name or alias."""

    field_class = MineralNameField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("mineral"))
        kwargs.setdefault(
            "help_text",
            _("Mineral by canonical name or by an alias as the plan prints it, e.g. 铁矿 or 铁."),
        )
        # The form field cleans a name to the ids of the minerals so called.
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)


def mineral_filters(field_name="mineral"):
    """The pair ``?mineral=<name or alias>`` and ``?mineral_id=<id>``."""
    return (
        MineralNameFilter(field_name=field_name),
        id_filter(
            f"{field_name}_id", _("mineral id"), _("Mineral by its id (see /api/v1/minerals/).")
        ),
    )


class MineralFilterSet(django_filters.FilterSet):
    name = MineralNameFilter(
        field_name="pk",
        label=_("name"),
        help_text=_("Canonical name or alias; gives the one mineral so called."),
    )
    category = choice_filter(
        "category", MineralCategory.choices, _("category"), _("Category of the mineral.")
    )
    regulation = django_filters.ChoiceFilter(
        field_name="regulations__direction",
        choices=Regulation.choices,
        label=_("regulation direction"),
        help_text=_("Minerals the plan names with this regulation direction (三(一))."),
        distinct=True,
    )

    search_fields = ["name", "aliases__name"]

    class Meta:
        model = Mineral
        fields = ["name", "category", "regulation"]


class DepositFilterSet(django_filters.FilterSet):
    plan = plan_filter()
    mineral, mineral_id = mineral_filters()
    work_degree = choice_filter(
        "work_degree", Stage.choices, _("work degree"), _("Work degree (工作程度) of the deposit.")
    )
    scale = choice_filter("scale", Scale.choices, _("scale"), _("Scale of the deposit."))

    search_fields = ["name", "mineral__name", "mineral_as_printed"]

    class Meta:
        model = Deposit
        fields = ["plan", "mineral", "mineral_id", "work_degree", "scale"]


class ResourceReserveFilterSet(django_filters.FilterSet):
    plan = plan_filter()
    mineral, mineral_id = mineral_filters()
    basis = choice_filter("basis", Basis.choices, _("basis"), _("Ore or metal."))
    unit = choice_filter("unit", Unit.choices, _("unit"), _("Unit of the amounts."))

    search_fields = ["mineral__name", "mineral_as_printed"]

    class Meta:
        model = ResourceReserve
        fields = ["plan", "mineral", "mineral_id", "basis", "unit"]
