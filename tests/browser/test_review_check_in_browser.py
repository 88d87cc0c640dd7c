"""The conformance check in a real Chromium: a staff member checks a proposal, follows a
finding to its clause in the plan's text, and prints the review opinion (审查意见)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_check_a_proposal_follow_its_clause_and_print_the_opinion(
    page, live_server, loaded_plan, watch, screenshots
):
    reviewer = factories.make_user("reviewer", staff=True, first_name="伟", last_name="张")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", reviewer.username)
    page.fill("#id_password", "test-password-不可猜")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto(live_server.url + reverse("review:check"))
    page.select_option("#id_right_type", "mining")
    page.select_option("#id_mineral", "铜矿")
    page.fill("#id_annual_capacity", "30")
    page.select_option("#id_capacity_unit", "10k_t_per_year")
    page.fill("#id_year", "2023")
    page.get_by_role("button", name="审查", exact=True).click()

    verdict = page.get_by_test_id("verdict")
    expect(verdict).to_contain_text("符合规划")
    expect(verdict).to_contain_text("中型")
    conflict = page.locator('[data-rule="new_mine.boundary_conflict"]')
    expect(conflict).to_contain_text("30 万吨/年")
    expect(conflict).to_contain_text("不一致")
    # The clause's own words, inline.
    conflict.locator("summary").click()
    expect(conflict.locator("blockquote")).to_contain_text("不再新建年产矿石量 30 万吨以下的铜矿山")
    screenshots(page, "review-check-verdict")
    checked_url = page.url

    conflict.locator("cite a").click()
    page.wait_for_url(re.compile(r"/plan/\?plan=xinyuan-2021-2025#s4-2$"))
    clause = page.locator("#s4-2")
    expect(clause).to_be_visible()
    expect(clause).to_contain_text("优化开发利用结构")

    page.goto(checked_url)
    page.emulate_media(media="print")
    opinion = page.get_by_test_id("opinion")
    expect(opinion).to_be_visible()
    expect(opinion.locator("h2")).to_have_text("审查意见")
    expect(page.get_by_test_id("opinion-date")).to_have_text(timezone.localdate().isoformat())
    expect(page.get_by_test_id("opinion-reviewer")).to_have_text("伟 张")
    expect(page.locator(".check-form")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(conflict).to_be_visible()
    screenshots(page, "review-check-printed")
    page.emulate_media(media="screen")
    expect(page.locator(".check-form")).to_be_visible()
    watch.assert_clean()
