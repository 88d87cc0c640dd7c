"""Every page answers in Chinese and in English, and says what it should."""

import re

import pytest
from django.urls import reverse

from targets.choices import LiveMetric
from targets.models import Indicator


def page_urls(plan):
    indicator = Indicator.objects.filter(plan=plan, live_metric="").first()
    live = Indicator.objects.filter(plan=plan).exclude(live_metric="").first()
    urls = [
        reverse("overview"),
        reverse("targets:dashboard"),
        reverse("targets:review"),
        reverse("targets:detail", args=[indicator.pk]),
        reverse("deposits:list"),
        reverse("rights:exploration"),
        reverse("rights:mining"),
        reverse("zones:list"),
    ]
    if live is not None:
        urls.append(reverse("targets:records", args=[live.pk]))
    return urls


# A word of each page's Chinese and of its English, from the page catalogue.
NAV_ZH = ["概览", "规划指标", "矿床", "探矿权", "采矿权", "规划分区"]
NAV_EN = ["Overview", "Targets", "Deposits", "Exploration rights", "Mining rights"]


def test_every_page_answers_in_chinese(zh_client, plan):
    for url in page_urls(plan):
        response = zh_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="zh-hans">' in html, url
        for word in NAV_ZH:
            assert word in html, f"{url} lacks {word}"
        # The plan's own name is shown as printed.
        assert plan.name in html


def test_every_page_answers_in_english(en_client, plan):
    for url in page_urls(plan):
        response = en_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="en">' in html, url
        for word in NAV_EN:
            assert word in html, f"{url} lacks {word}"
        assert "规划指标</a>" not in html


def test_language_switch_sets_english_and_back(client, plan):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("targets:dashboard")}
    )
    assert response.status_code == 302
    assert (
        "Targets and where they stand" in client.get(reverse("targets:dashboard")).content.decode()
    )
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "规划指标完成情况" in client.get(reverse("targets:dashboard")).content.decode()


def test_unknown_plan_is_404(client, plan):
    assert client.get(reverse("targets:dashboard"), {"plan": "no-such-plan"}).status_code == 404


def test_targets_page_lists_every_indicator_of_the_plan_by_group(zh_client, plan):
    html = zh_client.get(reverse("targets:dashboard")).content.decode()
    indicators = Indicator.objects.filter(plan=plan).select_related("group")
    assert indicators.exists()
    rows = re.findall(r'<tr data-indicator="(\d+)">', html)
    assert sorted(map(int, rows)) == sorted(indicators.values_list("pk", flat=True))
    for title in {i.group.title for i in indicators}:
        assert title in html


def test_review_page_shows_both_review_tables(zh_client, plan):
    response = zh_client.get(reverse("targets:review"))
    html = response.content.decode()
    assert 'data-group="review_resources"' in html
    assert 'data-group="review_production"' in html
    groups = response.context["groups"]
    shown = sum(len(g.indicator_list) for g in groups)
    assert (
        shown
        == Indicator.objects.filter(
            plan=plan, group__code__in=["review_resources", "review_production"]
        ).count()
    )


def test_echarts_is_loaded_only_on_a_page_with_a_chart(client, plan):
    indicator = Indicator.objects.filter(plan=plan, live_metric="").first()
    detail = client.get(reverse("targets:detail", args=[indicator.pk])).content.decode()
    assert "vendor/echarts/echarts.min.js" in detail
    # The chart's data is JSON in a script element of its own, not pasted into code.
    assert '<script id="trend-data" type="application/json">' in detail
    # The overview and the targets page draw charts too (issue 9); the registers do not.
    with_charts = {
        reverse("targets:detail", args=[indicator.pk]),
        reverse("overview"),
        reverse("targets:dashboard"),
    }
    for url in page_urls(plan):
        if url not in with_charts:
            assert "echarts" not in client.get(url).content.decode(), url


def test_pages_load_nothing_from_another_host(client, plan):
    for url in page_urls(plan):
        html = client.get(url).content.decode()
        for attribute in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not re.match(r"^(https?:)?//", attribute), f"{url} refers to {attribute}"


@pytest.mark.parametrize("metric", [LiveMetric.MINE_COUNT, LiveMetric.EXPLORATION_RIGHT_COUNT])
def test_live_indicator_links_to_the_records_it_counts(client, plan, metric):
    from targets.live import live_records, live_value

    indicator = Indicator.objects.filter(plan=plan, live_metric=metric).first()
    if indicator is None:
        indicator = Indicator.objects.filter(plan=plan, live_metric="").first()
        indicator.live_metric = metric
        indicator.unit = "count"
        indicator.save()
    dashboard = client.get(reverse("targets:dashboard")).content.decode()
    records_url = reverse("targets:records", args=[indicator.pk])
    assert records_url in dashboard
    response = client.get(records_url)
    assert response.status_code == 200
    expected = live_records(plan, metric)
    assert response.context["totals"]["count"] == expected.count() == live_value(plan, metric)
    html = response.content.decode()
    for record in expected[:10]:
        assert record.name in html


def test_overview_shows_the_register_counts_and_links_to_filtered_lists(zh_client, plan):
    response = zh_client.get(reverse("overview"))
    html = response.content.decode()
    deposit_count = plan.deposit_set.count()
    assert f'data-testid="deposit-count">{deposit_count}<' in html
    assert response.context["summary"]["mining_rights"]["count"] == plan.miningright_set.count()
    # Each stage and status links to the register filtered by it.
    assert f"{reverse('rights:exploration')}?plan={plan.code}&amp;stage=detailed" in html
    assert f"{reverse('rights:mining')}?plan={plan.code}&amp;status=suspended" in html
    # Key targets are the plan's own-period indicators with a figure or a baseline.
    key_targets = response.context["key_targets"]
    assert {i.name for i in key_targets} >= {"矿山总数", "大中型矿山比例", "砖瓦用粘土年产矿石量"}
    for indicator in key_targets:
        assert indicator.group.period_start == plan.period_start
        assert indicator.current_value is not None or indicator.baseline_value is not None


def test_plan_is_chosen_with_the_plan_parameter(client, plan):
    from decimal import Decimal

    from deposits.models import Deposit, Mineral
    from planportal.models import Plan
    from rights.models import ExplorationRight

    other = Plan.objects.create(
        code="next-2026-2030",
        name="下一轮规划",
        region_name="新源县",
        period_start=2026,
        period_end=2030,
        base_year=2025,
    )
    iron = Mineral.objects.resolve("铁矿")
    Deposit.objects.create(
        plan=other, seq=1, name="下一轮矿床", mineral=iron, work_degree="general", scale="small"
    )
    ExplorationRight.objects.create(
        plan=other, seq=1, name="下一轮探矿权", mineral=iron, stage="general", area_km2=Decimal("2")
    )
    response = client.get(reverse("deposits:list"), {"plan": other.code})
    assert [row[1][1] for row in response.context["rows"]] == ["下一轮矿床"]
    html = response.content.decode()
    # With two plans the header offers a switch, and links keep the chosen plan.
    assert 'name="plan"' in html
    assert "下一轮规划" in html
    assert f"{reverse('rights:exploration')}?plan={other.code}" in html
    # Without ?plan= the default plan is shown.
    default = client.get(reverse("deposits:list"))
    assert default.context["totals"]["count"] == plan.deposit_set.count()
    overview = client.get(reverse("overview"), {"plan": other.code})
    assert overview.context["summary"]["exploration_rights"]["count"] == 1
