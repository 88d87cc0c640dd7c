"""The conformance check page (/review/check/): the form, the verdict with each clause, the
opinion's date and reviewer, and the same validation as the API."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from review.models import BlockPlacement
from rights.models import MiningRight
from zones.models import PlanningArea, ZoneKind

URL = "/review/check/"
COPPER = {
    "right_type": "mining",
    "mineral": "铜矿",
    "annual_capacity": "30",
    "capacity_unit": "10k_t_per_year",
    "year": "2023",
}


def test_the_form_alone_checks_nothing(client, plan):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="annual_capacity"' in html
    assert 'data-testid="opinion"' not in html


def test_the_verdict_shows_each_finding_with_its_clause(client, plan, make_user):
    client.force_login(make_user("张审查", first_name="伟", last_name="张"))
    response = client.get(URL, COPPER)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-rule="new_mine.boundary_conflict"' in html
    # The clause linked to its anchor and its words shown inline.
    assert 'href="/plan/?plan=xinyuan-2021-2025#s4-2"' in html
    assert "不再新建年产矿石量 30 万吨以下的铜矿山" in html
    assert 'href="/plan/?plan=xinyuan-2021-2025#box-18"' in html
    assert "审查意见" in html
    assert 'data-testid="opinion-reviewer">伟 张</span>' in html
    assert 'data-testid="opinion-date">' in html
    assert "符合规划" in html


def test_an_anonymous_opinion_leaves_a_line_to_sign(client, plan):
    html = client.get(URL, COPPER).content.decode()
    assert 'class="signature-line"' in html


def test_errors_are_the_apis_shown_under_their_fields(client, plan):
    response = client.get(URL, {**COPPER, "mineral": "铁矿", "capacity_unit": "10k_m3_per_year"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="opinion"' not in html
    assert "不同的量" in html or "万立方米/年" in html
    assert 'role="alert"' in html
    missing = client.get(URL, {"right_type": "mining", "mineral": "铜矿", "year": "2023"})
    assert 'role="alert"' in missing.content.decode()


def test_a_post_is_not_taken(client, plan):
    assert client.post(URL, COPPER).status_code == 405


def test_closed_reading_asks_for_a_login(client, plan, settings):
    settings.PLAN_PORTAL_PUBLIC_READ = False
    response = client.get(URL, COPPER)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_number_of_queries_does_not_grow_with_the_rights_in_a_block(client, plan):
    block = PlanningArea.objects.get(plan=plan, kind=ZoneKind.MINING_BLOCK, seq=5)
    query = {
        **COPPER,
        "mineral": "建筑用砂",
        "annual_capacity": "15",
        "capacity_unit": "10k_m3_per_year",
        "zone": str(block.pk),
    }
    BlockPlacement.objects.create(
        mining_right=MiningRight.objects.get(plan=plan, seq=24), block=block
    )
    client.get(URL, query)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, query)
    for seq in (19, 20, 21):
        BlockPlacement.objects.create(
            mining_right=MiningRight.objects.get(plan=plan, seq=seq), block=block
        )
    with CaptureQueriesContext(connection) as many:
        client.get(URL, query)
    assert len(many) == len(few), (
        "the check page's queries grew with the rights in the block: justify the extra query"
    )
