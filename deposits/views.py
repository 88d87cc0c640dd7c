"""The deposit register page (专栏2 矿床一览表) and a mineral's own page."""

from dataclasses import dataclass
from typing import Any

from django.db.models import ForeignKey
from django.utils.translation import gettext_lazy as _

from deposits.filters import DepositFilterSet
from deposits.models import Deposit, Mineral, MineralClassMember, MineralRegulation
from planportal.context_processors import plan_choices, selected_plan
from planportal.plan_text import reference_url
from planportal.registers import Column, RecordDetailView, RegisterListView, attr, display


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
        Column(_("Mineral"), attr("mineral.name"), sort="mineral__name", link="mineral"),
        Column(_("Mineral as printed"), attr("mineral_as_printed")),
        Column(_("Work degree"), display("work_degree"), sort="work_degree"),
        Column(_("Scale"), display("scale"), sort="scale"),
    )


@dataclass(frozen=True)
class MineralRecords:
    """The records of one register that name a mineral: the first few and how many."""

    label: Any
    records: list
    count: int

    @property
    def more(self):
        return self.count - len(self.records)


class MineralDetailView(RecordDetailView):
    """A mineral of the catalogue: its names, the regulation direction each plan gives it,
    the classes it belongs to, and the records of every register of the selected plan that
    name it (deposits, rights, zones, targets, key projects).

    The registers are found from the mineral's reverse foreign keys, so this page needs no
    import of the apps above (rights, zones, targets). Two queries per register whatever
    the number of its rows: the first ``records_shown`` and the count.
    """

    model = Mineral
    template_name = "deposits/mineral_detail.html"
    nav = "deposits"
    records_shown = 20

    def get_queryset(self):
        return Mineral.objects.prefetch_related("aliases")

    def get_object(self, queryset=None):
        # A mineral belongs to no plan: the page shows the plan ``?plan=`` selects.
        return super(RecordDetailView, self).get_object(queryset)

    def reference(self, obj):
        return ""

    def registers(self, mineral, plan):
        """``MineralRecords`` of each register of ``plan`` with a page per record."""
        registers = []
        for relation in Mineral._meta.related_objects:
            model = relation.related_model
            if not isinstance(relation.field, ForeignKey) or not hasattr(model, "get_absolute_url"):
                continue
            if "plan" not in {field.name for field in model._meta.concrete_fields}:
                continue
            # A record's name may read its foreign keys (an indicator's group).
            relations = [
                field.name
                for field in model._meta.concrete_fields
                if isinstance(field, ForeignKey) and field.name != "plan"
            ]
            rows = model._default_manager.filter(
                plan=plan, **{relation.field.name: mineral}
            ).select_related(*relations)
            count = rows.count()
            if count:
                records = list(rows[: self.records_shown])
                registers.append(MineralRecords(model._meta.verbose_name_plural, records, count))
        return registers

    def regulations(self, mineral):
        """The direction each plan gives the mineral (三(一)), each with its clause's link."""
        plans = {plan.pk: plan for plan in plan_choices(self.request)}
        plans[selected_plan(self.request).pk] = selected_plan(self.request)
        rows = MineralRegulation.objects.filter(mineral=mineral).order_by("plan_id", "direction")
        return [
            (row, plans.get(row.plan_id), reference_url(plans.get(row.plan_id), row.clause))
            for row in rows
        ]

    def classes(self, mineral):
        """The plans' classes the mineral belongs to (砂石粘土类), each with its clause's link."""
        plans = {plan.pk: plan for plan in plan_choices(self.request)}
        plans[selected_plan(self.request).pk] = selected_plan(self.request)
        rows = MineralClassMember.objects.filter(mineral=mineral).select_related("mineral_class")
        return [
            (
                row,
                plans.get(row.mineral_class.plan_id),
                reference_url(plans.get(row.mineral_class.plan_id), row.mineral_class.clause),
            )
            for row in rows.order_by("mineral_class__plan_id", "mineral_class__code")
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mineral = self.object
        return {
            **context,
            "aliases": [alias.name for alias in mineral.aliases.all()],
            "regulations": self.regulations(mineral),
            "classes": self.classes(mineral),
            "registers": self.registers(mineral, selected_plan(self.request)),
        }
