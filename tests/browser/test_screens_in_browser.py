"""Every screen in Chromium at 1366×900 and 390×844, in Chinese and in English: each admin
changelist, add form, change form, history, import and export page of every registered model,
and every portal page, fits the window (the document no wider than the viewport), logs no
console error (a CSP violation is one), fetches nothing off 127.0.0.1 and has no serious or
critical axe-core violation. Overflow and axe are checked on the same load.

One browser context per (size, language): the test is parametrized by those, and a failure
names each page (and what failed there). Screenshots (first screen) go to the test output
folder (``--output``, screenshots/<size>-<language>-<page>.png).

axe-core comes from npm (a devDependency pinned in package-lock.json, installed by `make
assets`' `npm ci`); it is never copied to static/ (scripts/copy_assets.py) nor served to users:
the test evaluates it in the page through the DevTools protocol, which the portal's CSP does
not govern, so the policy stays on and its violations reach the console."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from deposits.models import Deposit, ResourceReserve
from rights.models import ExplorationRight, MiningRight
from targets.choices import LiveMetric
from targets.models import Evaluation, Indicator, KeyProject
from tests.factories import PASSWORD
from zones.models import DevelopmentRegion, PlanningArea

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"desktop": (1366, 900), "phone": (390, 844)}
LANGUAGES = ("zh-hans", "en")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
RECORD_MODELS = [
    Deposit,
    ResourceReserve,
    ExplorationRight,
    MiningRight,
    PlanningArea,
    DevelopmentRegion,
    KeyProject,
]
# Elements drawn by third parties that the portal cannot change, each with its reason. (The
# charts need none: their containers carry role="img" and a label, ECharts' canvas inside.)
EXCLUDE = [
    # Django admin's breadcrumbs: links told apart from the text by colour only
    # (link-in-text-block), styled by django/contrib/admin/static/admin/css/base.css.
    "div.breadcrumbs",
]


@pytest.fixture(
    params=[(size, language) for size in SCREENS for language in LANGUAGES],
    ids=lambda screen: "-".join(screen),
)
def screen(request):
    """(size name, language) of this run: one browser context each."""
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, screen):
    width, height = SCREENS[screen[0]]
    return {**browser_context_args, "viewport": {"width": width, "height": height}}


def admin_pages(superuser):
    """(name, path) of the changelist, the add form and an existing object's change form of
    every model the admin registers (an admin refusing additions has no add form), then the
    history, import and export pages and the index."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        name = f"admin-{meta.model_name}"
        yield f"{name}-list", reverse(f"{prefix}_changelist")
        if model_admin.has_add_permission(request):
            yield f"{name}-add", reverse(f"{prefix}_add")
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            yield f"{name}-change", reverse(f"{prefix}_change", args=[obj.pk])
    # The history, import and export pages share one template each: one model shows them.
    right = MiningRight.objects.order_by("pk").first()
    yield "admin-miningright-history", reverse("admin:rights_miningright_history", args=[right.pk])
    yield "admin-miningright-import", reverse("admin:rights_miningright_import")
    yield "admin-miningright-export", reverse("admin:rights_miningright_export")
    yield "admin-index", reverse("admin:index")


def portal_pages(plan):
    """(name, path) of every page of the portal: lists, dashboards, reviews, one record of
    each kind."""
    indicator = Indicator.objects.filter(plan=plan, live_metric=LiveMetric.MINE_COUNT).first()
    evaluation, _ = Evaluation.objects.get_or_create(plan=plan, year=plan.period_end)
    yield "overview", reverse("overview")
    yield "targets", reverse("targets:dashboard")
    yield "indicator", reverse("targets:detail", args=[indicator.pk])
    yield "indicator-records", reverse("targets:records", args=[indicator.pk])
    yield "targets-review", reverse("targets:review")
    yield "review-check", reverse("review:check")
    yield "review-mining-rights", reverse("review:mining-rights")
    yield "review-blocks", reverse("review:blocks")
    yield "review-statements", reverse("review:statements")
    yield "evaluations", reverse("targets:evaluations")
    yield "evaluation", reverse("targets:evaluation", args=[evaluation.pk])
    yield "plan-text", reverse("plan_text")
    yield "collection", reverse("targets:collection")
    yield "deposits", reverse("deposits:list")
    yield "exploration-rights", reverse("rights:exploration")
    yield "mining-rights", reverse("rights:mining")
    yield "zones", reverse("zones:list")
    yield "development-regions", reverse("zones:regions")
    yield "key-projects", reverse("targets:projects")
    mineral = Deposit.objects.filter(plan=plan).order_by("pk").first().mineral
    yield "record-mineral", mineral.get_absolute_url()
    for model in RECORD_MODELS:
        record = model.objects.filter(plan=plan).order_by("pk").first()
        yield f"record-{model._meta.model_name}", record.get_absolute_url()


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


def serious_violations(page):
    """axe's serious and critical violations on the page: rule id, impact, the elements."""
    if page.evaluate("() => typeof axe === 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        """(exclude) => axe.run({include: [document], exclude: exclude},
                                {resultTypes: ['violations']})""",
        [[selector] for selector in EXCLUDE],
    )
    return [
        f"{rule['id']} ({rule['impact']}): "
        + ", ".join(" ".join(node["target"]) for node in rule["nodes"][:5])
        for rule in results["violations"]
        if rule["impact"] in BLOCKING
    ]


def log_in(page, live_server, username):
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))


def walk(page, live_server, watch, screenshots, screen, pages):
    """Open each page once; what is wrong with it, by page name and path."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make assets` (npm ci installs axe-core).")
    size, language = screen
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    found = {}
    for name, path in pages:
        requests_before = len(watch.requests)
        response = page.goto(live_server.url + path)
        if path.startswith("/admin/"):
            # static/js/admin.js names Django's widgets once select2 has drawn them.
            page.wait_for_selector("html[data-widgets-named]", state="attached")
        problems = []
        if response.status != 200:
            problems.append(f"status {response.status}")
        if (lang := page.locator("html").get_attribute("lang")) != language:
            problems.append(f"lang {lang}")
        if (excess := overflow(page)) > 0:
            problems.append(f"document {excess} px wider than the window")
        if size == "desktop":
            # At 1366 px nothing in the admin scrolls sideways, not even inside its own box,
            # and names keep to two lines. (On a phone a changelist scrolls inside its box.)
            if path.startswith("/admin/") and (boxes := boxes_scrolling_sideways(page)):
                problems.append(f"boxes scrolling sideways: {boxes}")
            if names := names_on_more_than_two_lines(page):
                problems.append(f"names on more than two lines: {names[:3]}")
        # Errors the page logged on its own (axe's probes would trip the CSP in turn).
        problems += [f"console: {error}" for error in watch.errors]
        problems += serious_violations(page)
        del watch.errors[:]
        del watch.requests[:requests_before]  # keep only this page's for the next check
        problems += [f"request off 127.0.0.1: {url}" for url in watch.foreign_requests()]
        if problems:
            found[f"{name} {path}"] = problems
        screenshots(page, f"{size}-{language}-{name}", full_page=False)
    assert not found, f"{size} {language}:\n" + "\n".join(
        f"{where}: {problems}" for where, problems in found.items()
    )


def test_every_admin_page_fits_and_passes_axe(
    page, live_server, loaded_plan, make_user, watch, screenshots, screen
):
    root = make_user("root", staff=True, superuser=True)
    log_in(page, live_server, "root")
    walk(page, live_server, watch, screenshots, screen, list(admin_pages(root)))


def test_every_portal_page_fits_and_passes_axe(
    page, live_server, loaded_plan, watch, screenshots, screen
):
    walk(page, live_server, watch, screenshots, screen, list(portal_pages(loaded_plan)))
