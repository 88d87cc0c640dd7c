"""The block ledger: every block of the plan, the rights staff placed in it, its findings."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from review.ledger import block_ledger, block_ledger_filtered
from review.models import BlockPlacement
from rights.models import ExplorationRight, MiningRight
from tests import factories
from zones.models import PlanningArea, ZoneKind


def block(plan, kind, seq):
    return PlanningArea.objects.get(plan=plan, kind=kind, seq=seq)


def mine(plan, seq):
    return MiningRight.objects.get(plan=plan, seq=seq)


def exploration(plan, seq):
    return ExplorationRight.objects.get(plan=plan, seq=seq)


def place(right, area=None, key_area=None):
    field = "mining_right" if isinstance(right, MiningRight) else "exploration_right"
    placement = BlockPlacement(**{field: right}, block=area, key_area=key_area)
    placement.full_clean()
    placement.save()
    return placement


def entry_of(ledger, area):
    return next(entry for entry in ledger.blocks if entry.block == area)


def rules(entry):
    return sorted(item.rule for item in entry.findings)


def test_the_loaded_plan_has_every_block_open_and_no_location_recorded(loaded_plan):
    ledger = block_ledger(loaded_plan)
    kinds = [entry.block.kind for entry in ledger.blocks]
    # 专栏15: 15 exploration blocks; 14 mining blocks; 4 concentrated areas, in that order.
    assert (
        kinds
        == [ZoneKind.EXPLORATION_BLOCK] * 15
        + [ZoneKind.MINING_BLOCK] * 14
        + [ZoneKind.CONCENTRATED_AREA] * 4
    )
    # All the plan's blocks are new ones in blank areas (空白区新设): none is granted yet.
    assert not any(entry.granted or entry.findings for entry in ledger.blocks)
    assert ledger.outside_blocks == []
    # With no coordinates in the registers, no right's key area can be decided.
    assert (ledger.unplaced_exploration, ledger.unplaced_mining) == (36, 24)


def test_findings_of_placed_rights(loaded_plan):
    plan = loaded_plan
    sand_block = block(plan, ZoneKind.MINING_BLOCK, 1)  # 建筑用砂
    clay_area = block(plan, ZoneKind.CONCENTRATED_AREA, 1)  # 砂石粘土
    other_area = block(plan, ZoneKind.CONCENTRATED_AREA, 2)
    shared = block(plan, ZoneKind.MINING_BLOCK, 3)
    iron_block = block(plan, ZoneKind.EXPLORATION_BLOCK, 1)  # 铁矿
    key_exploration = PlanningArea.objects.get(plan=plan, kind=ZoneKind.KEY_EXPLORATION_AREA)
    place(mine(plan, 24), sand_block)  # 建筑用砂 in a 建筑用砂 block
    place(mine(plan, 13), clay_area)  # 砖瓦用粘土: a member of 砂石粘土类
    place(mine(plan, 1), other_area)  # 铁矿 in a sand-gravel-clay area
    place(mine(plan, 19), shared)
    place(mine(plan, 20), shared)  # 建筑石料用灰岩: of 砂石粘土类, not 建筑用砂
    place(exploration(plan, 2), iron_block)  # 铁矿 exploration in an iron exploration block
    place(mine(plan, 2), iron_block)  # a mining right in an exploration block
    place(exploration(plan, 11), key_area=key_exploration)

    ledger = block_ledger(plan)
    assert rules(entry_of(ledger, sand_block)) == []
    assert entry_of(ledger, sand_block).granted
    assert rules(entry_of(ledger, clay_area)) == []
    assert rules(entry_of(ledger, other_area)) == ["mineral_mismatch"]
    assert rules(entry_of(ledger, shared)) == ["mineral_mismatch", "one_block_one_right"]
    assert rules(entry_of(ledger, iron_block)) == ["block_kind", "one_block_one_right"]
    (outside,) = ledger.outside_blocks
    assert outside.placed.right == exploration(plan, 11)
    assert [(f.rule, f.severity, f.reference) for f in outside.findings] == [
        ("outside_block_in_key_area", "warning", "专栏13")
    ]
    assert (ledger.unplaced_exploration, ledger.unplaced_mining) == (34, 18)

    mismatch = entry_of(ledger, other_area).findings[0]
    assert "铁矿" in mismatch.message
    assert "砂石粘土" in mismatch.message
    # Every finding cites a clause that resolves to a section of the plan's text.
    everything = [f for entry in ledger.blocks for f in entry.findings] + outside.findings
    assert {f.reference for f in everything} == {"三(三)", "四(三)", "专栏13"}
    assert all(f.reference_url and "#" in f.reference_url for f in everything)

    granted = block_ledger_filtered(ledger, granted=True)
    assert len(granted) == 5
    assert block_ledger_filtered(ledger, kind=ZoneKind.CONCENTRATED_AREA, has_findings=True) == [
        entry_of(ledger, other_area)
    ]
    assert len(block_ledger_filtered(ledger, granted=False, has_findings=False)) == 33 - 5


def test_an_exploration_right_in_a_mining_block_is_a_finding(loaded_plan):
    area = block(loaded_plan, ZoneKind.MINING_BLOCK, 10)  # 砖瓦用粘土
    place(exploration(loaded_plan, 2), area)
    entry = entry_of(block_ledger(loaded_plan), area)
    assert rules(entry) == ["block_kind", "mineral_mismatch"]
    kind = next(f for f in entry.findings if f.rule == "block_kind")
    assert kind.reference == "三(三)"


@translation.override("en")
def test_a_placement_names_one_right_of_the_areas_plan(loaded_plan):
    plan = loaded_plan
    area = block(plan, ZoneKind.MINING_BLOCK, 1)
    with pytest.raises(ValidationError) as both:
        BlockPlacement(
            mining_right=mine(plan, 1), exploration_right=exploration(plan, 1), block=area
        ).full_clean()
    assert "exactly one right" in str(both.value)
    with pytest.raises(ValidationError, match="exactly one right"):
        BlockPlacement(block=area).full_clean()
    with pytest.raises(ValidationError, match="block or the key area"):
        BlockPlacement(mining_right=mine(plan, 1)).full_clean()
    key = PlanningArea.objects.filter(plan=plan, kind=ZoneKind.KEY_MINING_AREA).first()
    with pytest.raises(ValidationError) as wrong_kind:
        BlockPlacement(mining_right=mine(plan, 1), block=key, key_area=area).full_clean()
    assert set(wrong_kind.value.message_dict) == {"block", "key_area"}
    other_plan = factories.make_plan("ledger-plan-2026-2030")
    stranger = factories.make_mining_right(other_plan)
    with pytest.raises(ValidationError) as other:
        BlockPlacement(mining_right=stranger, block=area).full_clean()
    assert "same plan" in str(other.value.message_dict["block"])
    place(mine(plan, 1), area)
    with pytest.raises(ValidationError) as twice:
        BlockPlacement(mining_right=mine(plan, 1), block=area).full_clean()
    assert "already exists" in str(twice.value.message_dict["mining_right"])
    with transaction.atomic(), pytest.raises(IntegrityError):
        BlockPlacement.objects.create(block=area)


def test_ledger_page_and_export(client, loaded_plan):
    place(mine(loaded_plan, 1), block(loaded_plan, ZoneKind.CONCENTRATED_AREA, 2))
    url = reverse("review:blocks")
    response = client.get(url, {"has_findings": "true"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "新疆新源县哈木斯特砂石粘土集中开采区" in text
    assert "新疆新源县吉郎德萨依铁矿普查" not in text  # no findings: filtered out
    assert 'data-rule="mineral_mismatch"' in text
    assert "/plan/?plan=" in text  # the clause is a link into the plan's text
    assert 'data-testid="not-checkable"' in text

    bad = client.get(url, {"granted": "maybe"})
    assert bad.status_code == 200
    assert "errorlist" in bad.content.decode()

    export = client.get(reverse("review:blocks-export"), {"kind": "concentrated_area"})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 4
    assert any("三(三)" in (row[7] or "") for row in rows[1:])


def test_ledger_page_in_english(client, loaded_plan):
    client = factories.client_in(client, "en")
    response = client.get(reverse("review:blocks"))
    assert "Block ledger" in response.content.decode()
    client = factories.client_in(client, "zh-hans")
    assert "区块台账" in client.get(reverse("review:blocks")).content.decode()


def test_staff_place_a_right_from_the_admin(client, loaded_plan, superuser):
    client.force_login(superuser)
    right = mine(loaded_plan, 24)
    target = block(loaded_plan, ZoneKind.MINING_BLOCK, 1)
    placement = place(mine(loaded_plan, 1), target)
    for url in (
        reverse("admin:review_blockplacement_changelist"),
        reverse("admin:review_blockplacement_add"),
        reverse("admin:review_blockplacement_change", args=[placement.pk]),
    ):
        assert client.get(url).status_code == 200, url
    # The placement is an inline of the right's own page.
    change = reverse("admin:rights_miningright_change", args=[right.pk])
    page = client.get(change)
    assert "block_placement-TOTAL_FORMS" in page.content.decode()
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | dict)
    }
    data.update(
        {
            "mineral": right.mineral_id,
            "seen_version": right.version,
            "block_placement-TOTAL_FORMS": "1",
            "block_placement-INITIAL_FORMS": "0",
            "block_placement-0-block": str(target.pk),
            "block_placement-0-key_area": "",
            "block_placement-0-note": "许可证坐标",
        }
    )
    response = client.post(change, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert BlockPlacement.objects.get(mining_right=right).block == target
