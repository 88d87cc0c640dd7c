"""The block ledger and the mining-rights review cost as many queries with many rows as few.

The mining-rights review reads 专栏18's row once per distinct mineral and method of the
register (``review.ledger._Standards``), never once per right: many rights of the plan's
own minerals cost nothing more.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planportal.choices import MineStatus
from review.models import BlockPlacement
from rights.models import ExplorationRight, MiningRight
from zones.models import PlanningArea, ZoneKind

JUSTIFY = (
    "{url} made {few} queries with few rows and {many} with many: a query per row has crept "
    "in. Load it with select_related / prefetch_related, or justify the extra query here."
)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def urls():
    return [
        reverse("review:blocks"),
        reverse("review:blocks") + "?granted=true&has_findings=true",
        reverse("review:blocks-export"),
        reverse("review:mining-rights"),
        reverse("review:mining-rights") + "?scale_class=below_minimum",
        reverse("review:mining-rights-export"),
        "/api/v1/conformance/blocks/",
        "/api/v1/conformance/mining-rights/",
        "/api/v1/block-placements/",
    ]


def add_many(plan):
    """Many more mining rights of the plan's minerals, each placed; many placed exploration
    rights in a key area."""
    template = list(MiningRight.objects.filter(plan=plan).order_by("seq"))
    MiningRight.objects.bulk_create(
        MiningRight(
            plan=plan,
            seq=2000 + index,
            name=f"测试采矿权 {index}",
            mineral=template[index % len(template)].mineral,
            area_km2=Decimal("0.1"),
            capacity=Decimal(index % 40),
            capacity_unit=template[index % len(template)].capacity_unit,
            status=MineStatus.PRODUCING,
        )
        for index in range(120)
    )
    blocks = list(PlanningArea.objects.filter(plan=plan, kind=ZoneKind.MINING_BLOCK))
    key = PlanningArea.objects.filter(plan=plan, kind=ZoneKind.KEY_MINING_AREA).first()
    BlockPlacement.objects.bulk_create(
        BlockPlacement(mining_right=right, block=blocks[index % len(blocks)])
        for index, right in enumerate(MiningRight.objects.filter(plan=plan, seq__gt=1))
    )
    BlockPlacement.objects.bulk_create(
        BlockPlacement(exploration_right=right, key_area=key)
        for right in ExplorationRight.objects.filter(plan=plan)
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_review_pages_make_as_many_queries_with_many_rows_as_with_few(
    client, loaded_plan, language
):
    from tests.factories import client_in

    client = client_in(client, language)
    BlockPlacement.objects.create(
        mining_right=MiningRight.objects.get(plan=loaded_plan, seq=1),
        block=PlanningArea.objects.filter(plan=loaded_plan, kind=ZoneKind.MINING_BLOCK).first(),
    )
    few = {url: count_queries(client, url) for url in urls()}
    add_many(loaded_plan)
    for url in urls():
        many = count_queries(client, url)
        assert many == few[url], JUSTIFY.format(url=url, few=few[url], many=many)
