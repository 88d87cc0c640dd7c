"""Swagger UI works under the Content-Security-Policy: drawn, no console error (a blocked
script or style is one), nothing fetched off 127.0.0.1."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_are_drawn_under_the_policy(page, live_server, loaded_plan, watch):
    response = page.goto(live_server.url + "/api/v1/docs/")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Plan Portal API")
    expect(page.locator(".opblock").first).to_be_visible()
    watch.assert_clean()
