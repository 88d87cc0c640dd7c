"""A Content-Security-Policy on every answer: scripts and styles only from the portal."""

import re

import pytest
from django.urls import reverse

from rights.models import MiningRight
from targets.models import Indicator

PAGES = [
    "/",
    "/targets/",
    "/targets/review/",
    "/targets/{pk}/",
    "/targets/{pk}/records/",
    "/deposits/",
    "/rights/exploration/",
    "/rights/mining/",
    "/zones/",
]
ADMIN = ["/admin/", "/admin/rights/miningright/", "/admin/rights/miningright/add/"]
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


def policy(response):
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def inline_scripts(html):
    """Scripts that would run from the page itself: no src, not a JSON data block."""
    return [
        body
        for attributes, body in SCRIPT.findall(html)
        if "src=" not in attributes and "application/json" not in attributes
    ]


@pytest.fixture
def pages(loaded_plan):
    pk = Indicator.objects.filter(plan=loaded_plan).exclude(live_metric="").first().pk
    return [page.format(pk=pk) for page in PAGES]


def assert_strict(response):
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    # No style attribute anywhere: the third-party templates that wrote one are overridden.
    assert directives["style-src-attr"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    html = response.content.decode()
    assert inline_scripts(html) == []
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), "inline event handler"


def test_portal_pages_carry_the_policy_and_no_inline_script(client, pages):
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert_strict(response)


def test_portal_pages_carry_no_style_attribute(client, pages):
    """Progress bars are <meter>s: nothing on the portal's pages needs style-src-attr."""
    for page in pages:
        html = client.get(page).content.decode()
        assert not STYLE_ATTRIBUTE.search(html), (page, STYLE_ATTRIBUTE.search(html))
        assert "<meter" in html or page not in ("/targets/", "/targets/review/"), page


def test_admin_pages_carry_the_policy(client, superuser, loaded_plan):
    assert "Content-Security-Policy" in client.get("/admin/login/")
    client.force_login(superuser)
    for page in ADMIN:
        response = client.get(page)
        assert response.status_code == 200, page
        assert_strict(response)


def test_admin_pages_carry_no_style_attribute_nor_inline_handler(client, superuser, loaded_plan):
    """The export form and the history list, once third-party templates with style="…" and
    onchange="…", are overridden (templates/admin/import_export, templates/simple_history)."""
    client.force_login(superuser)
    right = MiningRight.objects.filter(plan=loaded_plan).order_by("pk").first()
    pages = [
        *ADMIN,
        reverse("admin:rights_miningright_export"),
        reverse("admin:rights_miningright_import"),
        reverse("admin:rights_miningright_history", args=[right.pk]),
        reverse("admin:rights_miningright_change", args=[right.pk]),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert not STYLE_ATTRIBUTE.search(html), (page, STYLE_ATTRIBUTE.search(html))
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), page
    assert 'id="select-all-toggle"' in client.get(pages[3]).content.decode()


def test_the_api_docs_work_under_the_policy(client, db):
    response = client.get("/api/v1/docs/")
    assert_strict(response)
    assert "<style" not in response.content.decode()
    sources = re.findall(r'<script src="([^"]+)"', response.content.decode())
    # Swagger UI's bundle, its preset and the start-up script, all served by the portal.
    assert len(sources) == 3
    assert all(source.startswith("/") and not source.startswith("//") for source in sources)
    script = client.get(sources[-1].replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
