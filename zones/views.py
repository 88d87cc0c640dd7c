"""Register pages for the planning areas and blocks (专栏12–15 and the block tables) and the
key development regions (专栏11)."""

from django.utils.translation import gettext_lazy as _

from planportal.registers import Column, RegisterListView, attr, display
from zones.filters import DevelopmentRegionFilterSet, PlanningAreaFilterSet
from zones.models import DevelopmentRegion, PlanningArea


class PlanningAreaListView(RegisterListView):
    model = PlanningArea
    filterset_class = PlanningAreaFilterSet
    template_name = "zones/planningarea_list.html"
    title = _("Planning zones and blocks")
    nav = "zones"
    url_name = "zones:list"
    export_url_name = "zones:export"
    export_filename = "planning-areas"
    form_filters = ("kind", "stage", "area_min", "area_max")
    default_ordering = ("kind", "seq")
    # Planned areas contain key areas and blocks: a total over kinds would count land twice.
    area_by = "kind"
    columns = (
        Column(_("Kind"), display("kind"), sort="kind"),
        Column(_("No."), attr("seq"), sort="seq", numeric=True),
        Column(_("Name"), attr("name"), sort="name", link=True),
        Column(_("Mineral"), attr("mineral_as_printed"), sort="mineral_as_printed", link="mineral"),
        Column(_("Area (km²)"), attr("area_km2"), sort="area_km2", numeric=True),
        Column(_("Administrative region"), attr("admin_region"), sort="admin_region"),
        Column(_("Planned stage"), display("stage"), sort="stage"),
        Column(_("Note"), attr("note")),
    )


class DevelopmentRegionListView(RegisterListView):
    """专栏11 重点区域发展方向: each key development region and its three directions."""

    model = DevelopmentRegion
    filterset_class = DevelopmentRegionFilterSet
    template_name = "zones/developmentregion_list.html"
    title = _("Key development regions")
    nav = "zones"
    url_name = "zones:regions"
    export_url_name = "zones:regions-export"
    export_filename = "development-regions"
    has_area = False
    columns = (
        Column(_("No."), attr("seq"), sort="seq", numeric=True),
        Column(_("Name"), attr("name"), sort="name", link=True),
        Column(_("Development direction"), attr("development_direction")),
        Column(_("Exploration direction"), attr("exploration_direction")),
        Column(_("Exploitation direction"), attr("exploitation_direction")),
    )

    def base_queryset(self, plan):
        return DevelopmentRegion.objects.filter(plan=plan)
