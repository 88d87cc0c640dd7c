"""Register page for the planning areas and blocks (专栏12–15 and the block tables)."""

from django.utils.translation import gettext_lazy as _

from planportal.registers import Column, RegisterListView, attr, display
from zones.filters import PlanningAreaFilterSet
from zones.models import PlanningArea


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
        Column(_("Mineral"), attr("mineral_as_printed"), sort="mineral_as_printed"),
        Column(_("Area (km²)"), attr("area_km2"), sort="area_km2", numeric=True),
        Column(_("Administrative region"), attr("admin_region"), sort="admin_region"),
        Column(_("Planned stage"), display("stage"), sort="stage"),
        Column(_("Note"), attr("note")),
    )
