"""Every page costs the same number of queries with a few rows as with many."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deposits.models import Mineral
from planportal.choices import MineStatus, Scale
from rights.models import MiningRight
from targets.choices import LiveMetric, TargetKind
from targets.live import LIVE_UNITS
from targets.models import Indicator, IndicatorGroup

JUSTIFY = (
    "{url} made {few} queries with few rows and a different number with many: a query per "
    "row has crept in. Load it with select_related / prefetch_related / an annotation, or "
    "justify the extra query here."
)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        response.getvalue()  # an export's rows are read as it streams
    assert response.status_code == 200, url
    return len(queries)


def live_indicators(plan):
    """An indicator of ``plan`` for every live metric: the plan's own (矿山总数, 大中型矿山比例,
    年净增砂石粘土类采矿权数), and one made here for each metric the plan states no target of."""
    group = IndicatorGroup.objects.get(plan=plan, code="prose")
    existing = {
        i.live_metric: i for i in Indicator.objects.filter(plan=plan).exclude(live_metric="")
    }
    for seq, metric in enumerate(LiveMetric, start=100):
        if metric not in existing:
            existing[metric] = Indicator.objects.create(
                plan=plan,
                group=group,
                seq=seq,
                name=f"测试实时指标 {metric.label}",
                unit=LIVE_UNITS[metric],
                target_year=2025,
                target_kind=TargetKind.AT_LEAST,
                target_value=Decimal("1"),
                live_metric=metric,
            )
    return [existing[metric] for metric in LiveMetric]


def add_register_detail(plan):
    """Give the registers what makes every live figure known: scales and dated sand-clay rights."""
    MiningRight.objects.filter(plan=plan).update(scale=Scale.SMALL)
    sand = Mineral.objects.resolve("建筑用砂")
    MiningRight.objects.bulk_create(
        MiningRight(
            plan=plan,
            seq=5000 + i,
            name=f"测试砂石采矿权{i}",
            mineral=sand,
            area_km2=Decimal("0.1"),
            capacity=Decimal("5"),
            capacity_unit="10k_m3_per_year",
            status=MineStatus.PRODUCING,
            scale=Scale.MEDIUM,
            valid_from=datetime.date(2021 + i % 5, 3, 1),
        )
        for i in range(40)
    )


def add_one_dated_sand_clay_right(plan):
    """One sand-gravel-clay right set in 2022, so that the drill-down of the yearly quota has
    a row to show with few rows too (an empty page skips the query of its rows)."""
    MiningRight.objects.create(
        plan=plan,
        seq=4999,
        name="测试砂石采矿权",
        mineral=Mineral.objects.resolve("建筑用砂"),
        area_km2=Decimal("0.1"),
        capacity=Decimal("5"),
        capacity_unit="10k_m3_per_year",
        status=MineStatus.PRODUCING,
        valid_from=datetime.date(2022, 5, 1),
    )


def urls(plan):
    indicator = Indicator.objects.filter(plan=plan, live_metric="").first()
    live = live_indicators(plan)
    return [
        reverse("overview"),
        reverse("targets:dashboard"),
        reverse("targets:dashboard") + "?period=2021-2025&attribute=expected",
        reverse("targets:review"),
        reverse("targets:detail", args=[indicator.pk]),
        reverse("deposits:list"),
        reverse("deposits:list") + "?scale=small&ordering=-name&page=2",
        reverse("rights:exploration") + "?search=铁&stage=general",
        reverse("rights:mining") + "?mineral=铁矿&ordering=area_km2",
        reverse("zones:list") + "?kind=mining_block",
        reverse("deposits:export"),
        reverse("rights:exploration-export"),
        reverse("rights:mining-export"),
        reverse("zones:export"),
        reverse("targets:dashboard-export"),
        reverse("targets:review-export"),
        # Every live indicator's page and the drill-down to its records.
        *[reverse("targets:detail", args=[i.pk]) for i in live],
        *[reverse("targets:records", args=[i.pk]) for i in live],
        *[reverse("targets:records-export", args=[i.pk]) for i in live],
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_pages_make_as_many_queries_with_many_rows_as_with_few(
    client, plan, many_records, django_assert_num_queries, language
):
    client.cookies["django_language"] = language
    add_one_dated_sand_clay_right(plan)
    pages = urls(plan)
    few = {url: count_queries(client, url) for url in pages}
    indicators = many_records(plan)
    add_register_detail(plan)
    # An indicator page with five figures costs what one with the plan's figures cost.
    detail = reverse("targets:detail", args=[indicators[0].pk])
    few[detail] = few[pages[4]]
    for url, expected in few.items():
        with django_assert_num_queries(expected, info=JUSTIFY.format(url=url, few=expected)):
            response = client.get(url)
            response.getvalue()
        assert response.status_code == 200


def test_staff_pages_make_as_many_queries_with_many_figures(client, plan, editor, many_records):
    """A signed-in editor sees the add-figure form; that costs no query per figure either."""
    client.force_login(editor)
    indicator = Indicator.objects.filter(plan=plan, live_metric="").first()
    url = reverse("targets:detail", args=[indicator.pk])
    few = count_queries(client, url)
    indicators = many_records(plan)
    many = count_queries(client, reverse("targets:detail", args=[indicators[0].pk]))
    assert many == few, JUSTIFY.format(url=url, few=few)


def test_live_figures_are_known_after_adding_register_detail(plan):
    """The many-rows case above really switches every live figure from unknown to known."""
    live = live_indicators(plan)
    before = {
        i.live_metric: i.live_value
        for i in Indicator.objects.with_live().filter(pk__in=[i.pk for i in live])
    }
    assert before[LiveMetric.LARGE_MEDIUM_SHARE] is None
    assert before[LiveMetric.NEW_SAND_CLAY_RIGHTS] is None
    add_register_detail(plan)
    after = Indicator.objects.with_live().filter(pk__in=[i.pk for i in live])
    assert all(i.live_value is not None for i in after)
