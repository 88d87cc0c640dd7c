"""FilterSets for exploration rights, mining rights and the scale standards (专栏18)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from deposits.filters import mineral_filters
from planportal.api.filters import area_filters, choice_filter, plan_filter, range_filters
from planportal.choices import MineStatus, MiningMethod, Scale, Stage
from planportal.units import Unit
from rights.models import ExplorationRight, MiningRight, ScaleStandard

# What ?search= looks in, on the register pages and in the API alike.
RIGHT_SEARCH_FIELDS = ["name", "mineral__name", "mineral_as_printed", "holder", "permit_no"]


class ExplorationRightFilterSet(django_filters.FilterSet):
    plan = plan_filter()
    mineral, mineral_id = mineral_filters()
    stage = choice_filter("stage", Stage.choices, _("stage"), _("Exploration stage (勘查阶段)."))
    area_min, area_max = area_filters()

    search_fields = RIGHT_SEARCH_FIELDS

    class Meta:
        model = ExplorationRight
        fields = ["plan", "mineral", "mineral_id", "stage", "area_min", "area_max"]


class MiningRightFilterSet(django_filters.FilterSet):
    plan = plan_filter()
    mineral, mineral_id = mineral_filters()
    status = choice_filter("status", MineStatus.choices, _("status"), _("Production status."))
    scale = choice_filter("scale", Scale.choices, _("scale"), _("Registered scale of the mine."))
    mining_method = choice_filter(
        "mining_method", MiningMethod.choices, _("mining method"), _("Mining method.")
    )
    capacity_unit = choice_filter(
        "capacity_unit", Unit.choices, _("capacity unit"), _("Unit of the production capacity.")
    )
    area_min, area_max = area_filters()
    capacity_min, capacity_max = range_filters(
        "capacity",
        _("capacity from"),
        _("capacity to"),
        _("Production capacity at least this much per year, in the mine's capacity unit."),
        _("Production capacity at most this much per year, in the mine's capacity unit."),
    )

    search_fields = RIGHT_SEARCH_FIELDS

    class Meta:
        model = MiningRight
        fields = [
            "plan",
            "mineral",
            "mineral_id",
            "status",
            "scale",
            "mining_method",
            "capacity_unit",
            "area_min",
            "area_max",
            "capacity_min",
            "capacity_max",
        ]


class ScaleStandardFilterSet(django_filters.FilterSet):
    plan = plan_filter()
    mineral, mineral_id = mineral_filters()
    mining_method = choice_filter(
        "mining_method", MiningMethod.choices, _("mining method"), _("Mining method.")
    )

    search_fields = ["mineral__name", "mineral_as_printed"]

    class Meta:
        model = ScaleStandard
        fields = ["plan", "mineral", "mineral_id", "mining_method"]
