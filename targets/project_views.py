"""The key projects register page (专栏19–22 重点项目) and its Excel export."""

from django import forms
from django.utils.translation import gettext_lazy as _

from planportal.registers import Column, RegisterListView, attr, display
from targets.filters import KeyProjectFilterSet
from targets.models import KeyProject


class KeyProjectListView(RegisterListView):
    """The plan's key projects, table by table (专栏19 … 专栏22)."""

    model = KeyProject
    filterset_class = KeyProjectFilterSet
    template_name = "targets/keyproject_list.html"
    title = _("Key projects")
    nav = "targets"
    url_name = "targets:projects"
    export_url_name = "targets:projects-export"
    export_filename = "key-projects"
    form_filters = ("group", "mining_method")
    has_area = False
    default_ordering = ("group", "seq")
    columns = (
        Column(_("Table"), attr("group"), sort="group"),
        Column(_("No."), attr("seq"), sort="seq", numeric=True),
        Column(_("Name"), attr("name"), sort="name", link=True),
        Column(_("Mineral"), attr("mineral.name"), sort="mineral__name", link="mineral"),
        Column(_("Administrative region"), attr("admin_region"), sort="admin_region"),
        Column(_("Mining method"), display("mining_method"), sort="mining_method"),
        Column(_("Capacity"), attr("capacity_as_printed")),
        Column(_("Schedule"), attr("schedule_as_printed"), sort="schedule_start"),
        Column(_("Note"), attr("note")),
    )

    def get_ordering(self):
        # A serial number is unique within its table only: the table orders ties.
        requested = self.requested_ordering()
        return (requested, "group", "seq") if requested else self.default_ordering

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        # The API takes any text for ``group``; the page offers the plan's own tables.
        tables = (
            KeyProject.objects.filter(plan=self.plan)
            .order_by("group")
            .values_list("group", "group_title")
            .distinct()
        )
        field = filterset.form.fields["group"]
        field.widget = forms.Select(
            choices=[("", _("All")), *((group, f"{group} {title}") for group, title in tables)]
        )
        return filterset
