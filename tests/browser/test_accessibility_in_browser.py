"""Every screen passes axe-core in Chromium, in Chinese and in English: no serious or critical
violation on the portal's pages, the collection page, a record page of each kind, the admin.

axe-core comes from npm (a devDependency pinned in package-lock.json, installed by `make
assets`' `npm ci`); it is never copied to static/ (scripts/copy_assets.py) nor served to users:
the test injects it into the page it checks."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from deposits.models import Deposit, ResourceReserve
from rights.models import ExplorationRight, MiningRight
from targets.choices import LiveMetric
from targets.models import Evaluation, Indicator, KeyProject
from tests.factories import PASSWORD
from zones.models import DevelopmentRegion, PlanningArea

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
RECORD_MODELS = [
    Deposit,
    ResourceReserve,
    ExplorationRight,
    MiningRight,
    PlanningArea,
    DevelopmentRegion,
    KeyProject,
]
BLOCKING = ("serious", "critical")
# Elements drawn by third parties that the portal cannot change, each with its reason. (The
# charts need none: their containers carry role="img" and a label, ECharts' canvas inside.)
EXCLUDE = [
    # Django admin's breadcrumbs: links told apart from the text by colour only
    # (link-in-text-block), styled by django/contrib/admin/static/admin/css/base.css.
    "div.breadcrumbs",
]


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe is injected as an inline script, which the portal's CSP (rightly) refuses: the test
    # browser alone bypasses the policy (tests/test_csp.py checks the policy itself).
    return {**browser_context_args, "bypass_csp": True, "viewport": {"width": 1366, "height": 900}}


def pages(plan):
    """(name, path) of every screen to check."""
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
    for model in RECORD_MODELS:
        record = model.objects.filter(plan=plan).order_by("pk").first()
        yield f"record-{model._meta.model_name}", record.get_absolute_url()
    yield "admin", reverse("admin:index")
    yield "admin-miningright-list", reverse("admin:rights_miningright_changelist")


def serious_violations(page):
    """axe's serious and critical violations on the page: rule id, impact, the elements."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make assets` (npm ci installs axe-core).")
    page.add_script_tag(path=str(AXE))
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


def check_every_page(page, live_server, plan, language):
    found = {}
    for name, path in pages(plan):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == language, path
        if violations := serious_violations(page):
            found[f"{language} {name} {path}"] = violations
    return found


def test_no_serious_accessibility_violation_in_chinese_and_english(
    page, live_server, loaded_plan, make_user, watch
):
    make_user("root", staff=True, superuser=True)
    log_in(page, live_server, "root")
    found = check_every_page(page, live_server, loaded_plan, "zh-hans")
    page.goto(live_server.url + reverse("overview"))
    page.click("button[name=language][value=en]")
    page.wait_for_load_state("networkidle")
    found |= check_every_page(page, live_server, loaded_plan, "en")
    assert not found, "axe violations (serious or critical):\n" + "\n".join(
        f"{where}: {violations}" for where, violations in found.items()
    )
    watch.assert_clean()


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
