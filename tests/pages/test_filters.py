"""The register and target pages filter, search, sort and page like the API."""

import re

from django.db.models import Sum
from django.urls import reverse

from deposits.models import Deposit
from planportal.choices import MineStatus, Stage
from rights.models import ExplorationRight, MiningRight
from targets.choices import Attribute
from targets.models import Indicator
from zones.models import PlanningArea, ZoneKind


def names(response):
    return [row[1][1] for row in response.context["rows"]]


def test_exploration_rights_filter_by_stage_gives_the_count_and_area_of_those_rights(client, plan):
    response = client.get(reverse("rights:exploration"), {"stage": Stage.DETAILED})
    expected = ExplorationRight.objects.filter(plan=plan, stage=Stage.DETAILED)
    assert expected.exists()
    assert response.context["totals"]["count"] == expected.count()
    assert response.context["totals"]["area"] == expected.aggregate(a=Sum("area_km2"))["a"]
    assert sorted(names(response)) == sorted(expected.values_list("name", flat=True))


def test_mineral_filter_takes_an_alias_as_the_api_does(client, plan):
    by_name = client.get(reverse("rights:mining"), {"mineral": "铁矿"})
    expected = MiningRight.objects.filter(plan=plan, mineral__name="铁矿").count()
    assert by_name.context["totals"]["count"] == expected > 0


def test_search_finds_records_by_name(client, plan):
    right = MiningRight.objects.filter(plan=plan).first()
    fragment = right.name[2:8]
    response = client.get(reverse("rights:mining"), {"search": fragment})
    expected = MiningRight.objects.filter(plan=plan, name__icontains=fragment)
    assert response.context["totals"]["count"] == expected.count()
    assert right.name in names(response)


def test_sorting_by_area_descending(client, plan):
    response = client.get(reverse("zones:list"), {"ordering": "-area_km2"})
    areas = [row[4][1] for row in response.context["rows"]]
    assert areas == sorted(areas, reverse=True)
    assert len(areas) == min(50, PlanningArea.objects.filter(plan=plan).count())


def test_an_unknown_sort_key_is_ignored(client, plan):
    response = client.get(reverse("deposits:list"), {"ordering": "password"})
    assert response.status_code == 200
    seqs = [row[0][1] for row in response.context["rows"]]
    assert seqs == sorted(seqs)


def test_an_invalid_filter_shows_its_error_and_no_rows(zh_client, plan):
    response = zh_client.get(reverse("rights:mining"), {"status": "flying"})
    assert response.status_code == 200
    assert response.context["totals"]["count"] == 0
    assert response.context["filterset"].errors
    assert 'class="errorlist"' in response.content.decode()


def test_filters_combine(client, plan):
    response = client.get(
        reverse("rights:mining"), {"status": MineStatus.SUSPENDED, "mineral": "铁矿"}
    )
    expected = MiningRight.objects.filter(
        plan=plan, status=MineStatus.SUSPENDED, mineral__name="铁矿"
    ).count()
    assert response.context["totals"]["count"] == expected


def test_paging_keeps_the_filter(client, plan, many_records):
    many_records(plan)
    url = reverse("deposits:list")
    first = client.get(url, {"scale": "small"})
    second = client.get(url, {"scale": "small", "page": 2})
    expected = Deposit.objects.filter(plan=plan, scale="small").count()
    assert first.context["page_obj"].paginator.count == expected > 50
    assert len(first.context["rows"]) == 50
    assert not set(names(first)) & set(names(second))
    assert "scale=small" in first.context["page_query"]


def test_zone_kind_filter(client, plan):
    response = client.get(reverse("zones:list"), {"kind": ZoneKind.EXPLORATION_BLOCK})
    expected = PlanningArea.objects.filter(plan=plan, kind=ZoneKind.EXPLORATION_BLOCK).count()
    assert response.context["totals"]["count"] == expected > 0


def shown_indicators(response):
    return [i for g in response.context["groups"] for i in g.indicator_list]


def test_targets_filter_by_period(client, plan):
    response = client.get(reverse("targets:dashboard"), {"period": "2016-2020"})
    shown = shown_indicators(response)
    assert shown
    assert all(group.period_end <= 2020 for group in response.context["groups"])
    assert len(shown) == Indicator.objects.filter(plan=plan, group__period_end=2020).count()


def test_targets_filter_by_group_and_attribute(client, plan):
    response = client.get(
        reverse("targets:dashboard"), {"group": "column_8", "attribute": Attribute.EXPECTED}
    )
    expected = Indicator.objects.filter(
        plan=plan, group__code="column_8", attribute=Attribute.EXPECTED
    )
    assert sorted(i.pk for i in shown_indicators(response)) == sorted(
        expected.values_list("pk", flat=True)
    )
    assert expected.exists()


def test_targets_filter_rejects_an_unknown_group(client, plan):
    response = client.get(reverse("targets:dashboard"), {"group": "column_99"})
    assert response.status_code == 200
    assert response.context["form"].errors["group"]
    assert shown_indicators(response) == []


def test_choice_filters_offer_all_in_the_page_language(zh_client, plan):
    html = zh_client.get(reverse("rights:mining")).content.decode()
    status_select = html.split('name="status"')[1].split("</select>")[0]
    assert re.search(r'<option value=""( selected)?>全部</option>', status_select)
    assert "---------" not in html


def test_an_unknown_filter_shows_an_error_and_no_rows(client, plan):
    # ?status= is a mining-right filter: on exploration rights it must not pass silently.
    response = client.get(reverse("rights:exploration"), {"status": "producing"})
    assert response.status_code == 200
    assert response.context["totals"]["count"] == 0
    assert "未知的筛选条件：status" in response.content.decode()
    export = client.get(reverse("rights:exploration-export"), {"stag": "exploration"})
    assert export.status_code == 200


def test_the_page_parameters_are_not_unknown_filters(client, plan):
    response = client.get(
        reverse("rights:exploration"),
        {"plan": plan.code, "search": "铁", "ordering": "-area_km2", "page": "1"},
    )
    assert response.context["totals"]["count"] > 0
    assert not response.context["filterset"].errors
