"""The admin at 1366×900 in Chromium: every changelist and a change form of every model fit
the window (no sideways scrolling), with no console error; and each record's own page too.

Screenshots go to the test output folder (``--output``, screenshots/admin-…)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from deposits.models import Deposit, ResourceReserve
from rights.models import ExplorationRight, MiningRight
from targets.models import KeyProject
from tests.factories import PASSWORD
from zones.models import DevelopmentRegion, PlanningArea

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 1366, 900
RECORD_MODELS = [
    Deposit,
    ResourceReserve,
    ExplorationRight,
    MiningRight,
    PlanningArea,
    DevelopmentRegion,
    KeyProject,
]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": WIDTH, "height": HEIGHT}}


def overflow(page):
    """How far the document is wider than the window, in CSS pixels (0: it fits)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )


def boxes_scrolling_sideways(page):
    """Boxes whose content is wider than they are (a table scrolling inside its box)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('#content *')].filter(el => {
            // A multiple select with long options scrolls inside itself, not the page.
            if (el.tagName === 'SELECT') return false;
            const style = getComputedStyle(el);
            return ['auto', 'scroll'].includes(style.overflowX)
                && el.scrollWidth > el.clientWidth + 1;
        }).map(el => (el.id || el.className || el.tagName) + ': ' + el.scrollWidth + ' in '
            + el.clientWidth)"""
    )


def names_on_more_than_two_lines(page):
    """Names in a changelist that wrap to more than two lines."""
    return page.evaluate(
        """() => [...document.querySelectorAll('#result_list .field-name')].filter(el => {
            const style = getComputedStyle(el);
            const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.4;
            // The text's own height, not the cell's (a cell is as tall as its row).
            const range = document.createRange();
            range.selectNodeContents(el);
            return range.getBoundingClientRect().height / line > 2.5;
        }).map(el => el.textContent.trim())"""
    )


def admin_pages():
    """(name, path) of every changelist and of one change form (or the add form) per model."""
    for model in admin.site._registry:
        meta = model._meta
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        yield f"admin-{meta.model_name}-list", reverse(f"{prefix}_changelist")
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            yield f"admin-{meta.model_name}-change", reverse(f"{prefix}_change", args=[obj.pk])
        else:
            yield f"admin-{meta.model_name}-add", reverse(f"{prefix}_add")


def log_in(page, live_server, username):
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))


def test_every_admin_page_fits_1366_px(
    page, live_server, loaded_plan, make_user, watch, screenshots
):
    make_user("root", staff=True, superuser=True)
    log_in(page, live_server, "root")
    too_wide = {}
    for name, path in admin_pages():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        excess = overflow(page)
        if excess > 0:
            too_wide[path] = f"document {excess} px too wide"
        if boxes := boxes_scrolling_sideways(page):
            too_wide[path] = boxes
        if names := names_on_more_than_two_lines(page):
            too_wide[path] = f"names on more than two lines: {names[:3]}"
        screenshots(page, name, full_page=False)
    assert not too_wide, f"does not fit {WIDTH} px: {too_wide}"
    watch.assert_clean()


def test_every_record_page_fits_1366_px(page, live_server, loaded_plan, watch, screenshots):
    too_wide = {}
    for model in RECORD_MODELS:
        record = model.objects.filter(plan=loaded_plan).order_by("seq").first()
        path = record.get_absolute_url()
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        if (excess := overflow(page)) > 0:
            too_wide[path] = excess
        screenshots(page, f"record-{model._meta.model_name}")
    assert not too_wide, f"wider than {WIDTH} px (by px): {too_wide}"
    watch.assert_clean()
