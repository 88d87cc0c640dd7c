"""Keyboard use in Chromium: the skip link is the first stop and leads to the content; the
completion bars are <meter>s.

axe-core's check of every screen (portal and admin, 1366×900 and 390×844, Chinese and
English) is in test_screens_in_browser.py, on the same load as the overflow check."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1366, "height": 900}}


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(page, live_server, loaded_plan):
    page.goto(live_server.url + reverse("targets:dashboard"))
    page.keyboard.press("Tab")
    link = page.locator(".skip-link")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    assert link.bounding_box()["y"] >= 0, "the focused skip link is visible"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content"
    # The completion bars are <meter>s the browser measures (no inline width).
    meter = page.locator("meter.progress__bar").first
    assert meter.bounding_box()["width"] > 20
