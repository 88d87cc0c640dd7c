"""The portal on a phone (390×844, Chinese and English) and on paper, in Chromium.

On a phone every page fits the screen's width, the header folds into a menu, register rows are
cards of a reasonable height (the mining-rights list was 6,820 px tall); printed, the navigation
is gone and each page carries the plan's name and the date. Screenshots go to the test output
folder (``--output``, screenshots/phone-…)."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from rights.models import MiningRight
from targets.models import Indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 390, 844
HEADER_MAX = 80  # px, the site header with its menu closed
ROW_MAX = 240  # px, one register card (a name, a few fields, the status)
REGISTERS = ("deposits:list", "rights:exploration", "rights:mining", "zones:list")


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": WIDTH, "height": HEIGHT}}


def portal_paths(plan):
    indicator = Indicator.objects.filter(plan=plan).order_by("group__code", "seq").first()
    right = MiningRight.objects.filter(plan=plan).order_by("seq").first()
    paths = {
        "overview": reverse("overview"),
        "targets": reverse("targets:dashboard"),
        "indicator": reverse("targets:detail", args=[indicator.pk]),
        "review-13th": reverse("targets:review"),
        "review-check": reverse("review:check"),
        "review-mining-rights": reverse("review:mining-rights"),
        "review-blocks": reverse("review:blocks"),
        "review-statements": reverse("review:statements"),
        "plan-text": reverse("plan_text"),
        "record-mining-right": right.get_absolute_url(),
    }
    paths.update({name.replace(":", "-"): reverse(name) for name in REGISTERS})
    return paths


def measure(page):
    return page.evaluate(
        """() => {
            const header = document.querySelector('.site-header');
            const rows = [...document.querySelectorAll('.register-table tbody tr')];
            return {
                overflow: Math.max(document.documentElement.scrollWidth,
                                   document.body.scrollWidth) - window.innerWidth,
                header: header.getBoundingClientRect().height,
                tallestRow: Math.max(0, ...rows.map(r => r.getBoundingClientRect().height)),
                rows: rows.length,
                height: document.documentElement.scrollHeight,
            };
        }"""
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_portal_page_fits_a_phone(
    page, live_server, loaded_plan, watch, screenshots, language
):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    problems = {}
    heights = {}
    for name, path in portal_paths(loaded_plan).items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        found = measure(page)
        heights[name] = found["height"]
        if found["overflow"] > 0:
            problems[f"{name} overflow"] = found["overflow"]
        if found["header"] > HEADER_MAX:
            problems[f"{name} header"] = found["header"]
        if found["tallestRow"] > ROW_MAX:
            problems[f"{name} row"] = found["tallestRow"]
        screenshots(page, f"phone-{language}-{name}")
        screenshots(page, f"phone-{language}-{name}-first-screen", full_page=False)
    assert not problems, f"does not fit {WIDTH}×{HEIGHT} (px): {problems}"
    # 专栏4's mining rights measured 6,820 px tall before the cards.
    assert heights["rights-mining"] < 5000, heights["rights-mining"]
    watch.assert_clean()


def test_the_phone_menu_opens_and_closes(page, live_server, loaded_plan, watch):
    page.goto(live_server.url + reverse("rights:mining"))
    nav = page.locator("nav.site-nav")
    toggle = page.get_by_role("button", name="菜单")
    expect(nav).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(nav).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    nav.get_by_role("link", name="规划分区").click()
    page.wait_for_url("**/zones/**")
    expect(page.locator("nav.site-nav")).to_be_hidden()
    watch.assert_clean()


def test_long_target_groups_fold_on_a_phone_and_open_on_a_wide_screen(
    page, live_server, loaded_plan, watch
):
    page.goto(live_server.url + reverse("targets:dashboard"))
    folds = page.locator("details.fold")
    assert folds.count() > 1
    assert (
        page.evaluate("() => [...document.querySelectorAll('details.fold')].some(d => d.open)")
        is False
    )
    phone_height = page.evaluate("() => document.documentElement.scrollHeight")
    # Before the folds the page was 10,661 px long on a phone.
    assert phone_height < 4000, phone_height
    folds.first.locator("summary small").first.click()  # not the clause link
    expect(folds.first.locator("table")).to_be_visible()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.reload()
    assert page.evaluate("() => [...document.querySelectorAll('details.fold')].every(d => d.open)")
    watch.assert_clean()


def test_printed_pages_carry_the_plan_and_date_but_no_navigation(
    page, live_server, loaded_plan, watch, screenshots
):
    today = timezone.localdate().isoformat()
    for name in ("overview", "targets:dashboard", "rights:mining"):
        page.goto(live_server.url + reverse(name))
        header = page.get_by_test_id("print-header")
        expect(header).to_be_hidden()  # on screen
        page.emulate_media(media="print")
        expect(page.locator("header.site-header")).to_be_hidden()
        expect(page.locator("footer.site-footer")).to_be_hidden()
        expect(page.locator("form.filters")).to_be_hidden()
        if name == "rights:mining":
            expect(page.locator(".register-table thead")).to_be_visible()  # a table again
        expect(header).to_be_visible()
        expect(header).to_contain_text(loaded_plan.name)
        expect(header).to_contain_text(today)
        assert header.evaluate("el => getComputedStyle(el).position") == "fixed"
        # On paper the folded groups are all open.
        assert (
            page.evaluate("() => [...document.querySelectorAll('details.fold')].every(d => d.open)")
            or name != "targets:dashboard"
        )
        screenshots(page, f"print-{name.replace(':', '-')}")
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
        page.emulate_media(media="screen")
    watch.assert_clean()
