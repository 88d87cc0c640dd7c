"""A right's and a block's own page show where the right lies and what does not conform,
as the register review and the block ledger give them (review/panels.py)."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planportal.choices import MineStatus
from planportal.plan_text import reference_url
from planportal.units import Unit
from review.ledger import block_ledger
from review.models import BlockPlacement
from rights.models import ExplorationRight, MiningRight
from tests.factories import client_in, make_mineral, make_zone
from zones.models import PlanningArea, ZoneKind

JUSTIFY = (
    "{url} made {few} queries with one right in its block and {many} with many: a query "
    "per right has crept into a panel. Load it with select_related, or justify it here."
)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def sand_block(plan):
    return PlanningArea.objects.filter(
        plan=plan, kind=ZoneKind.MINING_BLOCK, mineral__name="建筑用砂"
    ).first()


def test_mining_right_below_the_minimum_is_on_the_rectification_list_of_its_page(client, plan):
    zh_client = client_in(client, "zh-hans")
    # Issue 10: rights 2, 3, 4, … are below 专栏18's minimum; right 1 is medium.
    below = MiningRight.objects.get(plan=plan, seq=2)
    text = zh_client.get(below.get_absolute_url()).content.decode()
    panel = text.split('data-testid="scale-review"')[1]
    assert 'data-scale-class="below_minimum"' in panel
    assert 'data-rule="scale.below_minimum"' in panel
    assert "列入四(三)整改名单" in panel
    # The finding and the panel link to their clauses and to the review of the register.
    assert f'href="{reference_url(plan, "四(三)")}"' in panel
    assert f'href="{reference_url(plan, "专栏18")}"' in panel
    assert f'href="{reverse("review:mining-rights")}?plan={plan.code}"' in panel

    medium = MiningRight.objects.get(plan=plan, seq=1)
    panel = zh_client.get(medium.get_absolute_url()).content.decode()
    panel = panel.split('data-testid="scale-review"')[1]
    assert 'data-scale-class="medium"' in panel
    assert "scale.below_minimum" not in panel


def test_a_placement_shows_on_the_right_and_on_its_block_with_the_ledgers_findings(client, plan):
    zh_client = client_in(client, "zh-hans")
    right = MiningRight.objects.get(plan=plan, seq=2)  # 铁矿
    block = sand_block(plan)  # drawn for 建筑用砂
    text = zh_client.get(right.get_absolute_url()).content.decode()
    assert "尚未登记落区" in text.split('data-testid="block-placement"')[1]

    BlockPlacement.objects.create(mining_right=right, block=block, note="采矿许可证坐标")
    text = zh_client.get(right.get_absolute_url()).content.decode()
    panel = text.split('data-testid="block-placement"')[1]
    assert f'href="{block.get_absolute_url()}"' in panel
    assert "采矿许可证坐标" in panel
    assert 'data-rule="mineral_mismatch"' in panel
    assert f'href="{reverse("review:blocks")}?plan={plan.code}"' in panel
    assert f'href="{reference_url(plan, "三(三)")}"' in panel

    page = zh_client.get(block.get_absolute_url())
    panel = page.content.decode().split('data-testid="block-ledger-entry"')[1]
    assert "已出让" in panel
    assert f'href="{right.get_absolute_url()}"' in panel
    # The same findings as the block's row of the ledger page.
    ledger_entry = next(e for e in block_ledger(plan).blocks if e.block.pk == block.pk)
    shown = page.context["panels"][0].data["entry"].findings
    assert (
        [f.rule for f in shown] == [f.rule for f in ledger_entry.findings] == ["mineral_mismatch"]
    )


def test_a_second_right_in_the_block_is_a_finding_on_each_rights_page(client, plan):
    block = sand_block(plan)
    sand = list(MiningRight.objects.filter(plan=plan, mineral__name="建筑用砂").order_by("seq")[:2])
    for right in sand:
        BlockPlacement.objects.create(mining_right=right, block=block)
    for right in sand:
        panel = client.get(right.get_absolute_url()).content.decode()
        panel = panel.split('data-testid="block-placement"')[1]
        assert 'data-rule="one_block_one_right"' in panel
        assert 'data-rule="mineral_mismatch"' not in panel


def test_a_right_outside_any_block_in_a_key_area_is_a_finding_on_both_pages(client, plan):
    right = ExplorationRight.objects.filter(plan=plan).order_by("seq").first()
    key_area = PlanningArea.objects.filter(plan=plan, kind=ZoneKind.KEY_EXPLORATION_AREA).first()
    BlockPlacement.objects.create(exploration_right=right, key_area=key_area)
    for url in (right.get_absolute_url(), key_area.get_absolute_url()):
        text = client.get(url).content.decode()
        assert 'data-rule="outside_block_in_key_area"' in text, url
    text = client.get(key_area.get_absolute_url()).content.decode()
    assert (
        f'href="{right.get_absolute_url()}"' in text.split('data-testid="key-area-placements"')[1]
    )


def test_a_zone_that_is_no_block_or_key_area_has_no_panel(client, plan):
    zone = PlanningArea.objects.filter(plan=plan, kind=ZoneKind.NATIONAL_PLANNED_AREA).first()
    if zone is None:  # the plan's zones of other kinds
        zone = make_zone(plan, kind=ZoneKind.NATIONAL_PLANNED_AREA)
    page = client.get(zone.get_absolute_url())
    assert page.status_code == 200
    assert page.context["panels"] == []


def add_placed_rights(plan, block, count):
    """``count`` mining rights of the block's mineral, each placed in ``block``."""
    start = 2000 + BlockPlacement.objects.count()
    rights = MiningRight.objects.bulk_create(
        MiningRight(
            plan=plan,
            seq=start + index,
            name=f"测试落区采矿权{start + index}",
            mineral=block.mineral,
            area_km2=Decimal("0.1"),
            capacity=Decimal("1"),
            capacity_unit=Unit.TEN_K_CUBIC_METRE_PER_YEAR,
            status=MineStatus.PRODUCING,
        )
        for index in range(count)
    )
    BlockPlacement.objects.bulk_create(BlockPlacement(mining_right=r, block=block) for r in rights)
    return rights


def test_record_pages_with_panels_cost_the_same_queries_with_many_placed_rights(
    client, superuser, plan
):
    client.force_login(superuser)  # staff also read the history
    block = make_zone(plan, mineral="建筑用砂", kind=ZoneKind.MINING_BLOCK)
    key_area = PlanningArea.objects.filter(plan=plan, kind=ZoneKind.KEY_MINING_AREA).first()
    right = add_placed_rights(plan, block, 10)[0]
    BlockPlacement.objects.filter(mining_right=right).update(key_area=key_area)
    urls = [right.get_absolute_url(), block.get_absolute_url(), key_area.get_absolute_url()]
    few = {url: count_queries(client, url) for url in urls}
    placed = add_placed_rights(plan, block, 990)
    BlockPlacement.objects.filter(mining_right__in=placed[:500]).update(key_area=key_area)
    for url in urls:
        many = count_queries(client, url)
        assert many == few[url], JUSTIFY.format(url=url, few=few[url], many=many)
    page = client.get(block.get_absolute_url())
    assert page.content.decode().count("测试落区采矿权") == 1000
    findings = page.context["panels"][0].data["entry"].findings
    assert [f.rule for f in findings] == ["one_block_one_right"]


def test_the_mineral_of_a_record_links_to_its_page(client, plan):
    mineral = make_mineral("建筑用砂")
    block = sand_block(plan)
    text = client.get(block.get_absolute_url()).content.decode()
    assert f'href="{mineral.get_absolute_url()}"' in text
