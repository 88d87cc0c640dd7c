"""Register pages for exploration rights (专栏3) and mining rights (专栏4)."""

from django.utils.translation import gettext_lazy as _

from planportal.registers import Column, RegisterListView, attr, display
from rights.filters import ExplorationRightFilterSet, MiningRightFilterSet
from rights.models import ExplorationRight, MiningRight


class ExplorationRightListView(RegisterListView):
    model = ExplorationRight
    filterset_class = ExplorationRightFilterSet
    template_name = "rights/explorationright_list.html"
    title = _("Exploration rights")
    nav = "exploration"
    url_name = "rights:exploration"
    export_url_name = "rights:exploration-export"
    export_filename = "exploration-rights"
    form_filters = ("stage", "area_min", "area_max")
    columns = (
        Column(_("No."), attr("seq"), sort="seq", numeric=True),
        Column(_("Name"), attr("name"), sort="name", link=True),
        Column(_("Mineral"), attr("mineral.name"), sort="mineral__name", link="mineral"),
        Column(_("Mineral as printed"), attr("mineral_as_printed")),
        Column(_("Stage"), display("stage"), sort="stage"),
        Column(_("Area (km²)"), attr("area_km2"), sort="area_km2", numeric=True),
    )


class MiningRightListView(RegisterListView):
    model = MiningRight
    filterset_class = MiningRightFilterSet
    template_name = "rights/miningright_list.html"
    title = _("Mining rights")
    nav = "mining"
    url_name = "rights:mining"
    export_url_name = "rights:mining-export"
    export_filename = "mining-rights"
    form_filters = ("status", "scale", "mining_method")
    columns = (
        Column(_("No."), attr("seq"), sort="seq", numeric=True),
        Column(_("Name"), attr("name"), sort="name", link=True),
        Column(_("Mineral"), attr("mineral.name"), sort="mineral__name", link="mineral"),
        Column(_("Area (km²)"), attr("area_km2"), sort="area_km2", numeric=True),
        Column(_("Capacity"), attr("capacity"), sort="capacity", numeric=True),
        Column(_("Capacity unit"), display("capacity_unit")),
        Column(_("Status"), display("status"), sort="status"),
        Column(_("Mining method"), display("mining_method"), sort="mining_method"),
        Column(_("Scale"), display("scale"), sort="scale"),
    )
