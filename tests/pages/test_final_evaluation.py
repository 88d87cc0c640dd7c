"""The pages of the plan's final evaluation: caps, live figures as at the target year,
baselines apart from results, targets printed once, and areas that overlap."""

import re

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from targets.choices import LiveMetric, Status
from targets.models import Indicator, IndicatorValue
from zones.models import PlanningArea, ZoneKind

EVALUATED = min(timezone.localdate().year, 2025)


def prose(plan, seq):
    return Indicator.objects.get(plan=plan, group__code="prose", seq=seq)


def row_html(html, indicator):
    match = re.search(rf'<tr data-indicator="{indicator.pk}">(.*?)</tr>', html, re.S)
    assert match, f"{indicator.name} is not on the page"
    return match.group(1)


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def detail(client, indicator):
    response = client.get(reverse("targets:detail", args=[indicator.pk]))
    assert response.status_code == 200
    return response.content.decode()


# 1. At-most targets show the share of the cap, never a completion rate --------------------


def test_mine_count_shows_the_share_of_its_cap_in_red(zh_client, plan):
    # 矿山总数控制在 20 家以内; 24 mines in the registers.
    mines = prose(plan, 4)
    row = row_html(zh_client.get(reverse("targets:dashboard")).content.decode(), mines)
    assert 'data-testid="cap-usage">占上限 120 %<' in row
    assert 'data-testid="completion"' not in row
    assert "progress__bar--bad" in row
    assert 'value="100"' in row
    assert "未达到" in row


def test_a_cap_kept_is_green_and_labelled_as_a_share_of_the_cap(zh_client, plan):
    # 建筑用砂 控制在 500 万立方米: 120 produced in 2025 uses 24 % of the cap. The cap reads
    # 专栏9 row 10's figures (figures_from) and judges the target year's (aggregation).
    sand = prose(plan, 2)
    IndicatorValue.objects.create(
        indicator=sand.figures_from,
        year=2025,
        value=120,
        unit="10k_m3",
        source="statistical_report",
    )
    for html in (
        row_html(zh_client.get(reverse("targets:dashboard")).content.decode(), sand),
        detail(zh_client, sand),
    ):
        assert "占上限 24 %" in html
        assert "progress__bar--good" in html
        assert 'value="24"' in html
        assert "已达到" in html


def test_the_detail_page_names_the_bar_of_a_cap(en_client, plan):
    html = detail(en_client, prose(plan, 4))
    assert "Share of the cap used" in html
    assert "120 % of the cap" in html


# 2. Live figures as at the target year, and unknown when the records cannot give them ------


def test_live_figure_is_labelled_as_the_register_figure_of_the_target_year(zh_client, plan):
    mines = prose(plan, 4)
    row = text(row_html(zh_client.get(reverse("targets:dashboard")).content.decode(), mines))
    assert f"24 （{EVALUATED}） 登记簿实时数" in row
    page = text(detail(zh_client, mines))
    assert f"24 家（{EVALUATED}） 登记簿实时数" in page


def test_sand_clay_quota_without_dates_has_no_data_and_says_why(zh_client, plan):
    quota = prose(plan, 5)
    row = row_html(zh_client.get(reverse("targets:dashboard")).content.decode(), quota)
    assert "无数据" in row
    assert "已达到" not in row
    assert "登记簿实时数" not in row
    assert "砂石粘土类采矿权均未登记有效期起始日期" in detail(zh_client, quota)


# 3. Baselines are shown apart and decide nothing ------------------------------------------


@pytest.mark.parametrize(("seq", "baseline"), [(1, "0.151"), (2, "0"), (3, "26.6")])
def test_2020_figures_are_baselines_on_the_2025_targets(zh_client, plan, seq, baseline):
    indicator = prose(plan, seq)
    row = row_html(zh_client.get(reverse("targets:dashboard")).content.decode(), indicator)
    assert f"基期值 {baseline}（2020）" in text(row)
    assert "无数据" in row
    assert "已达到" not in row
    assert "1.01 %" not in row
    page = detail(zh_client, indicator)
    assert re.search(rf'data-testid="baseline">{re.escape(baseline)} \S+（2020）', page)
    # In the figures table the 2020 row is marked as the baseline.
    assert 'data-year="2020"' in page
    assert 'data-testid="baseline-tag"' in page


def test_a_figure_after_the_target_year_is_shown_but_not_counted(zh_client, plan):
    iron = Indicator.objects.get(plan=plan, group__code="column_8", seq=2)
    IndicatorValue.objects.create(
        indicator=iron, year=2026, value=250, unit="10k_t", source="statistical_report"
    )
    page = detail(zh_client, iron)
    assert 'data-year="2026"' in page
    assert "晚于目标年，不计入" in page
    row = row_html(zh_client.get(reverse("targets:dashboard")).content.decode(), iron)
    assert "无数据" in row
    assert "250" not in text(row)


def test_review_rows_keep_their_printed_rates(zh_client, plan):
    html = zh_client.get(reverse("targets:dashboard"), {"period": "2016-2020"}).content.decode()
    copper = Indicator.objects.get(plan=plan, group__code="review_resources", seq=3)
    clay = Indicator.objects.get(plan=plan, group__code="review_production", seq=4)
    assert 'data-testid="completion">120 %<' in row_html(html, copper)
    assert 'data-testid="completion">33.25 %<' in row_html(html, clay)


# 4. The unit is printed once --------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "seq", "shown", "doubled"),
    [
        ("prose", 4, "控制在 20 家以内（2025）", "以内 家"),
        ("prose", 5, "不超过 3 个（2025）", "3 个 个"),
        ("prose", 1, "达到 15 亿元（2025）", "亿元 亿元"),
        ("column_10", 1, "≥45 %（2025）", None),
        ("column_8", 1, "1-2 处（2025）", None),
    ],
)
def test_the_target_prints_its_unit_once(zh_client, plan, group, seq, shown, doubled):
    indicator = Indicator.objects.get(plan=plan, group__code=group, seq=seq)
    page = detail(zh_client, indicator)
    target = re.search(r'data-testid="target">(.*?)</dd>', page, re.S).group(1)
    assert text(target).startswith(shown)
    if doubled:
        assert doubled not in target


def test_an_unprinted_target_shows_the_figure_the_rate_divides_by(zh_client, plan):
    # 十三五 非金属矿产: the unit cell reads 花岗岩 1 处, the target cell is empty.
    granite = Indicator.objects.get(plan=plan, group__code="review_resources", seq=5)
    target = re.search(r'data-testid="target">(.*?)</dd>', detail(zh_client, granite), re.S)
    assert text(target.group(1)).startswith("1 ")
    assert "花岗岩 1 处" in target.group(1)
    review = zh_client.get(reverse("targets:dashboard"), {"period": "2016-2020"}).content.decode()
    assert "原表未印目标值" in row_html(review, granite)


# 5. The live badge only on live figures; unscaled mines are named -------------------------


def test_live_badge_marks_only_figures_that_are_live(zh_client, plan):
    response = zh_client.get(reverse("targets:dashboard"))
    html = response.content.decode()
    live = {i.pk for g in response.context["groups"] for i in g.indicator_list if i.current_is_live}
    assert live == {prose(plan, 4).pk}
    badged = {
        int(pk)
        for pk, row in re.findall(r'<tr data-indicator="(\d+)">(.*?)</tr>', html, re.S)
        if 'data-testid="live-badge"' in row
    }
    assert badged == live


def test_share_page_says_how_many_mines_lack_a_scale_and_links_to_them(zh_client, plan):
    share = Indicator.objects.get(plan=plan, live_metric=LiveMetric.LARGE_MEDIUM_SHARE)
    page = detail(zh_client, share)
    assert "24 座矿山未登记规模" in page
    assert f'href="{reverse("rights:mining")}?plan={plan.code}"' in page
    assert 'data-testid="live-badge"' not in page


# 6. No English in the records shown to the bureau -----------------------------------------


def test_indicator_pages_show_the_notes_in_chinese(zh_client, plan):
    for group, seq in [("review_resources", 5), ("column_9", 2), ("prose", 5), ("prose", 1)]:
        page = detail(zh_client, Indicator.objects.get(plan=plan, group__code=group, seq=seq))
        # What the page says of the indicator and its figures (the chart's JSON keys aside).
        shown = re.findall(
            r'<dl class="facts">.*?</dl>|<table class="figures.*?</table>', page, re.S
        )
        assert len(shown) == 2
        english = re.findall(r"[A-Za-z]{4,}", text(" ".join(shown)))
        assert not english, f"{group} {seq}: {english}"


# 7. Overlapping zone areas are not added up -----------------------------------------------


def test_zones_show_area_per_kind_unless_filtered_to_one(zh_client, plan):
    response = zh_client.get(reverse("zones:list"))
    html = response.content.decode()
    assert 'data-testid="result-area"' not in html
    assert "总面积" not in html
    by_kind = {item["code"]: item["area"] for item in response.context["totals"]["by"]}
    expected = dict(
        PlanningArea.objects.filter(plan=plan)
        .values("kind")
        .annotate(a=Sum("area_km2"))
        .values_list("kind", "a")
    )
    assert by_kind == expected
    assert len(by_kind) > 1
    assert response.context["totals"]["count"] == PlanningArea.objects.filter(plan=plan).count()
    one = zh_client.get(reverse("zones:list"), {"kind": ZoneKind.MINING_BLOCK})
    blocks = PlanningArea.objects.filter(plan=plan, kind=ZoneKind.MINING_BLOCK)
    assert one.context["totals"]["area"] == blocks.aggregate(a=Sum("area_km2"))["a"]
    assert 'data-testid="result-area"' in one.content.decode()


def test_status_of_every_row_is_one_the_page_can_label(zh_client, plan):
    response = zh_client.get(reverse("targets:dashboard"))
    statuses = {i.current_status for g in response.context["groups"] for i in g.indicator_list}
    assert statuses <= set(Status.values)


def test_sand_clay_quota_with_dates_shows_its_busiest_year_and_its_records(zh_client, plan):
    import datetime

    from deposits.models import Mineral
    from rights.models import MiningRight

    quota = prose(plan, 5)
    sand = Mineral.objects.resolve("建筑用砂")
    for seq, day in enumerate(
        [datetime.date(2023, 3, 1), datetime.date(2023, 9, 1), datetime.date(2022, 1, 1)], 900
    ):
        MiningRight.objects.create(
            plan=plan,
            seq=seq,
            name=f"新设砂石采矿权{seq}",
            mineral=sand,
            area_km2=1,
            capacity=5,
            capacity_unit="10k_m3_per_year",
            status="producing",
            valid_from=day,
        )
    row = text(row_html(zh_client.get(reverse("targets:dashboard")).content.decode(), quota))
    assert f"2 （{EVALUATED}） 登记簿实时数" in row
    assert f"2021–{EVALUATED} 年中最多的一年（2023 年）" in row
    assert "占上限 66.67 %" in row
    assert "已达到" in row
    records = zh_client.get(reverse("targets:records", args=[quota.pk]))
    assert records.context["totals"]["count"] == 3
    assert "新设砂石采矿权902" in records.content.decode()
