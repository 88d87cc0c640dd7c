"""FilterSets for planning areas and blocks and the key development regions."""

import django_filters
from django.utils.translation import gettext_lazy as _

from deposits.filters import mineral_filters
from planportal.api.filters import area_filters, choice_filter, plan_filter
from planportal.choices import Stage
from zones.models import DevelopmentRegion, PlanningArea, ZoneKind


class PlanningAreaFilterSet(django_filters.FilterSet):
    plan = plan_filter()
    kind = choice_filter("kind", ZoneKind.choices, _("kind"), _("Kind of area or block."))
    mineral, mineral_id = mineral_filters()
    stage = choice_filter(
        "stage", Stage.choices, _("planned stage"), _("Planned exploration stage of a block.")
    )
    area_min, area_max = area_filters()

    search_fields = ["name", "mineral__name", "mineral_as_printed", "admin_region", "note"]

    class Meta:
        model = PlanningArea
        fields = ["plan", "kind", "mineral", "mineral_id", "stage", "area_min", "area_max"]


class DevelopmentRegionFilterSet(django_filters.FilterSet):
    plan = plan_filter()

    search_fields = ["name", "development_direction"]

    class Meta:
        model = DevelopmentRegion
        fields = ["plan"]
