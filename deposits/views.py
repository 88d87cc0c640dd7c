"""The deposit register page (专栏2 矿床一览表)."""

from django.utils.translation import gettext_lazy as _

from deposits.filters import DepositFilterSet
from deposits.models import Deposit
from planportal.registers import Column, RegisterListView, attr, display


class DepositListView(RegisterListView):
    """专栏2 矿床一览表: deposits by mineral, work degree and scale."""

    model = Deposit
    filterset_class = DepositFilterSet
    template_name = "deposits/deposit_list.html"
    title = _("Deposits")
    nav = "deposits"
    url_name = "deposits:list"
    export_url_name = "deposits:export"
    export_filename = "deposits"
    form_filters = ("work_degree", "scale")
    has_area = False
    columns = (
        Column(_("No."), attr("seq"), sort="seq", numeric=True),
        Column(_("Name"), attr("name"), sort="name", link=True),
        Column(_("Mineral"), attr("mineral.name"), sort="mineral__name"),
        Column(_("Mineral as printed"), attr("mineral_as_printed")),
        Column(_("Work degree"), display("work_degree"), sort="work_degree"),
        Column(_("Scale"), display("scale"), sort="scale"),
    )
