"""Every register record has a page of its own, linked from its list and its drill-downs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deposits.models import Deposit, ResourceReserve
from rights.models import ExplorationRight, MiningRight
from targets.models import Indicator, KeyProject
from zones.models import DevelopmentRegion, PlanningArea

# (model, its list page, the navigation entry its page highlights)
RECORDS = [
    (Deposit, "deposits:list", "deposits"),
    (ResourceReserve, None, "deposits"),
    (ExplorationRight, "rights:exploration", "exploration"),
    (MiningRight, "rights:mining", "mining"),
    (PlanningArea, "zones:list", "zones"),
    (DevelopmentRegion, None, "zones"),
    (KeyProject, None, "targets"),
]
IDS = [model._meta.model_name for model, _list, _nav in RECORDS]

JUSTIFY = (
    "{url} made {few} queries with a short history and {many} with a long one: a query per "
    "history entry or field has crept in. Load it with select_related, or justify it here."
)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def first_record(model, plan):
    return model.objects.filter(plan=plan).order_by("seq").first()


@pytest.mark.parametrize(("model", "list_name", "nav"), RECORDS, ids=IDS)
def test_record_page_shows_the_record_and_is_linked_from_its_list(
    zh_client, plan, model, list_name, nav
):
    record = first_record(model, plan)
    url = record.get_absolute_url()
    page = zh_client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert f"<h1>{record}</h1>" in text
    # Every field a person enters or the plan prints is there by its verbose name.
    # (A unit is shown beside its figure, not as a line of its own.)
    shown = [
        field
        for field in model._meta.concrete_fields
        if field.editable
        and field.name not in {"id", "plan", "created_at", "updated_at"}
        and not field.name.endswith("unit")
    ]
    for field in shown:
        assert str(field.verbose_name) in text, field.name
    # The plan's table that prints the row, linked to its section of the plan's text.
    assert 'data-testid="plan-clause"' in text
    assert f'href="{reverse("plan_text")}?plan={plan.code}#' in text
    # Its list's entry is the one highlighted in the navigation.
    assert page.context["nav"] == nav
    assert text.count('aria-current="page"') == 1
    if list_name:
        assert f'href="{reverse(list_name)}?plan={plan.code}" aria-current="page"' in text
        assert f'href="{url}"' in zh_client.get(reverse(list_name)).content.decode()


def test_mining_right_page_gives_figures_with_their_units(zh_client, plan):
    right = first_record(MiningRight, plan)
    text = zh_client.get(right.get_absolute_url()).content.decode()
    assert right.get_capacity_unit_display() in text
    assert right.get_status_display() in text
    assert "专栏4" in text


@pytest.mark.parametrize(("model", "list_name", "nav"), RECORDS, ids=IDS)
def test_record_page_costs_the_same_queries_however_long_its_history(
    client, superuser, plan, model, list_name, nav
):
    client.force_login(superuser)
    record = first_record(model, plan)
    url = record.get_absolute_url()
    few = count_queries(client, url)
    field = "name" if hasattr(record, "name") else "mineral_as_printed"
    for number in range(25):
        setattr(record, field, f"{getattr(record, field)[:40]}·{number}")
        record.save()
    many = count_queries(client, url)
    assert few == many, JUSTIFY.format(url=url, few=few, many=many)


@pytest.mark.parametrize(
    "name",
    [
        "deposits:detail",
        "deposits:reserve-detail",
        "rights:exploration-detail",
        "rights:mining-detail",
        "zones:detail",
        "zones:region-detail",
        "targets:project-detail",
        "deposits:mineral-detail",
    ],
)
def test_missing_record_is_404(client, plan, name):
    assert client.get(reverse(name, args=[999_999])).status_code == 404


def test_history_is_shown_to_staff_only(client, plan, editor, viewer):
    right = first_record(MiningRight, plan)
    right.holder = "新源县测试矿业有限公司"
    right._history_user = editor
    right.save()
    url = right.get_absolute_url()
    for user in (None, viewer):
        if user:
            client.force_login(user)
        text = client.get(url).content.decode()
        assert 'data-testid="history"' not in text
        assert "editor" not in text
    client.force_login(editor)
    text = client.get(url).content.decode()
    assert 'data-testid="history"' in text
    history = text.split('data-testid="history"')[1]
    assert "editor" in history
    assert str(MiningRight._meta.get_field("holder").verbose_name) in history


def test_admin_link_only_for_those_who_may_change_the_record(client, plan, editor, viewer):
    right = first_record(MiningRight, plan)
    admin_url = reverse("admin:rights_miningright_change", args=[right.pk])
    assert admin_url not in client.get(right.get_absolute_url()).content.decode()
    client.force_login(viewer)
    assert admin_url not in client.get(right.get_absolute_url()).content.decode()
    client.force_login(editor)
    assert admin_url in client.get(right.get_absolute_url()).content.decode()
    # The editor may not change key projects: no link there.
    project = first_record(KeyProject, plan)
    text = client.get(project.get_absolute_url()).content.decode()
    assert 'data-testid="admin-link"' not in text


def test_indicator_drill_down_links_each_record_to_its_page(client, plan):
    indicator = (
        Indicator.objects.filter(plan=plan, live_metric="mine_count").first()
        or Indicator.objects.filter(plan=plan).exclude(live_metric="").first()
    )
    page = client.get(reverse("targets:records", args=[indicator.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    links = [obj.get_absolute_url() for obj in page.context["page_obj"]]
    assert links
    for link in links:
        assert f'href="{link}"' in text


def test_each_kind_of_zone_names_its_own_table_of_the_plan(client, plan):
    for kind, table in [("key_exploration_area", "专栏13"), ("exploration_block", "专栏15")]:
        zone = PlanningArea.objects.filter(plan=plan, kind=kind).first()
        clause = client.get(zone.get_absolute_url()).context["reference"]
        assert clause.startswith(table), (kind, clause)
    right = first_record(MiningRight, plan)
    right.as_of = None  # a corrected register date does not lose the row its table
    right.save()
    assert client.get(right.get_absolute_url()).context["reference"].startswith("专栏4")


def test_a_record_without_history_has_a_page_for_staff_too(client, superuser, plan):
    # Rows written in bulk (an import, a synthetic load) have no history entry.
    right = first_record(MiningRight, plan)
    right.history.all().delete()
    client.force_login(superuser)
    page = client.get(right.get_absolute_url())
    assert page.status_code == 200
    assert page.context["history"] == []
