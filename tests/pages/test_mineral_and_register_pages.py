"""A mineral's own page, the key projects and development regions lists, and the links to
them from the other registers."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from deposits.models import Deposit, Mineral
from planportal.choices import MineStatus, Scale, Stage
from planportal.plan_text import reference_url
from planportal.units import Unit
from rights.models import MiningRight
from targets.models import Indicator, KeyProject
from tests.factories import (
    make_key_project,
    make_mineral,
    many_development_regions,
    many_key_projects,
)
from zones.models import DevelopmentRegion

JUSTIFY = (
    "{url} made {few} queries with few rows and {many} with many: a query per row has "
    "crept in. Load it with select_related / prefetch_related, or justify it here."
)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        response.getvalue()
    assert response.status_code == 200, url
    return len(queries)


# --- The mineral's page --------------------------------------------------------------------


def test_mineral_page_gives_its_names_regulation_classes_and_records(zh_client, plan):
    sand = Mineral.objects.resolve("建筑用砂")
    page = zh_client.get(sand.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "<h1>建筑用砂</h1>" in text
    assert str(Mineral._meta.get_field("category").verbose_name) in text
    # 三(一): 建筑用砂 is a key mineral; its clause is linked.
    regulation = text.split('data-testid="mineral-regulation"')[1].split("</section>")[0]
    assert "重点" in regulation
    assert f'href="{reference_url(plan, "三(一)")}"' in regulation
    # It belongs to the plan's 砂石粘土类.
    assert "砂石粘土类" in text.split('data-testid="mineral-classes"')[1]
    # Every record of the plan naming it is linked: its mining rights, blocks, targets.
    records = text.split('data-testid="mineral-records"')[1]
    for right in MiningRight.objects.filter(plan=plan, mineral=sand):
        assert f'href="{right.get_absolute_url()}"' in records
    for indicator in Indicator.objects.filter(plan=plan, mineral=sand):
        assert f'href="{indicator.get_absolute_url()}"' in records
    assert page.context["nav"] == "deposits"


def test_mineral_page_lists_its_aliases(client, plan):
    iron = Mineral.objects.resolve("铁")
    text = client.get(iron.get_absolute_url()).content.decode()
    assert "铁" in text.split('data-testid="mineral-aliases"')[1].split("</section>")[0]


def add_mineral_records(plan, mineral, count, start):
    Deposit.objects.bulk_create(
        Deposit(
            plan=plan,
            seq=start + i,
            name=f"测试矿床{start + i}",
            mineral=mineral,
            work_degree=Stage.GENERAL,
            scale=Scale.SMALL,
        )
        for i in range(count)
    )
    MiningRight.objects.bulk_create(
        MiningRight(
            plan=plan,
            seq=start + i,
            name=f"测试采矿权{start + i}",
            mineral=mineral,
            area_km2=Decimal("0.5"),
            capacity=Decimal("3"),
            capacity_unit=Unit.TEN_K_TONNE_PER_YEAR,
            status=MineStatus.PRODUCING,
        )
        for i in range(count)
    )
    for _ in range(count // 10 or 1):
        make_key_project(plan, mineral=mineral)


def test_mineral_page_costs_the_same_queries_with_many_records(client, superuser, plan):
    client.force_login(superuser)
    mineral = make_mineral("测试页面矿种")
    add_mineral_records(plan, mineral, 10, start=3000)
    url = mineral.get_absolute_url()
    few = count_queries(client, url)
    add_mineral_records(plan, mineral, 990, start=4000)
    many = count_queries(client, url)
    assert few == many, JUSTIFY.format(url=url, few=few, many=many)
    page = client.get(url)
    deposits = next(r for r in page.context["registers"] if r.count == 1000)
    assert len(deposits.records) == 20
    assert deposits.more == 980


def test_registers_link_each_mineral_to_its_page(client, plan):
    iron = Mineral.objects.resolve("铁矿")
    make_key_project(plan, mineral=iron)
    indicator = Indicator.objects.filter(plan=plan, live_metric="mine_count").first()
    pages = [
        reverse("deposits:list"),
        reverse("rights:exploration"),
        reverse("rights:mining"),
        reverse("zones:list"),
        reverse("targets:projects"),
        reverse("targets:records", args=[indicator.pk]),
    ]
    for url in pages:
        text = client.get(url).content.decode()
        assert f'href="{iron.get_absolute_url()}"' in text, url
    # A record's own page links its mineral too.
    right = MiningRight.objects.filter(plan=plan, mineral=iron).first()
    assert (
        f'href="{iron.get_absolute_url()}"' in client.get(right.get_absolute_url()).content.decode()
    )


# --- Key projects and development regions --------------------------------------------------

LISTS = [
    (KeyProject, "targets:projects", "targets:projects-export", "targets", many_key_projects),
    (
        DevelopmentRegion,
        "zones:regions",
        "zones:regions-export",
        "zones",
        many_development_regions,
    ),
]
LIST_IDS = ["key-projects", "development-regions"]


@pytest.mark.parametrize(("model", "list_name", "export_name", "nav", "many"), LISTS, ids=LIST_IDS)
def test_list_links_every_record_and_its_record_page_links_back(
    zh_client, plan, model, list_name, export_name, nav, many
):
    page = zh_client.get(reverse(list_name))
    assert page.status_code == 200
    assert page.context["nav"] == nav
    text = page.content.decode()
    records = list(model.objects.filter(plan=plan))
    assert records
    assert page.context["totals"]["count"] == len(records)
    for record in records:
        assert f'href="{record.get_absolute_url()}"' in text
    # The list is reached from its section's sub-navigation, and the record's page
    # leads back to it.
    assert f'href="{reverse(list_name)}?plan={plan.code}" aria-current="page"' in text
    record = zh_client.get(records[0].get_absolute_url()).content.decode()
    assert f'href="{reverse(list_name)}?plan={plan.code}"' in record
    # Its section's other page offers it.
    other = reverse("targets:dashboard") if nav == "targets" else reverse("zones:list")
    assert f'href="{reverse(list_name)}?plan={plan.code}"' in zh_client.get(other).content.decode()


@pytest.mark.parametrize(("model", "list_name", "export_name", "nav", "many"), LISTS, ids=LIST_IDS)
def test_list_and_export_cost_the_same_queries_with_many_rows(
    client, plan, model, list_name, export_name, nav, many
):
    # A search and an order that find rows of the plan's own with few rows and with many
    # (an empty page skips the query of its rows).
    urls = [reverse(list_name), reverse(list_name) + "?search=新源&ordering=-name"]
    urls.append(reverse(export_name))
    few = {url: count_queries(client, url) for url in urls}
    many(plan, 200)
    for url in urls:
        queries = count_queries(client, url)
        assert queries == few[url], JUSTIFY.format(url=url, few=few[url], many=queries)
    sheet = load_workbook(BytesIO(client.get(reverse(export_name)).getvalue())).active
    assert sheet.max_row == 1 + model.objects.filter(plan=plan).count()


def test_key_projects_filter_by_table_and_search(client, plan):
    page = client.get(reverse("targets:projects"), {"group": "专栏20"})
    names = {row[2][1] for row in page.context["rows"]}
    expected = set(
        KeyProject.objects.filter(plan=plan, group="专栏20").values_list("name", flat=True)
    )
    assert names == expected
    assert len(expected) == 3
    # The table filter offers the plan's own tables, with their titles.
    assert "专栏20 矿产资源调查评价与勘查重点项目" in page.content.decode()
    page = client.get(reverse("targets:projects"), {"search": "铁矿带"})
    assert [row[2][1] for row in page.context["rows"]] == ["阿吾拉勒铁矿带深部勘查"]


@pytest.mark.parametrize(
    "query",
    [
        {"group": "<script>alert(1)</script>"},
        {"ordering": "password"},
        {"page": "999999999999"},
        {"search": "'; drop table x; --"},
        {"mining_method": "teleport"},
    ],
)
def test_key_projects_list_takes_hostile_input_without_error(client, plan, query):
    page = client.get(reverse("targets:projects"), query)
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.content.decode()


def test_development_regions_have_no_mineral_filter(client, plan):
    page = client.get(reverse("zones:regions"))
    assert 'name="mineral"' not in page.content.decode()
    # Asked for anyway, it is an unknown filter: an error and no rows.
    page = client.get(reverse("zones:regions"), {"mineral": "铁矿"})
    assert page.status_code == 200
    assert page.context["rows"] == []
    assert "mineral" in page.content.decode().split('class="errorlist"')[1]
