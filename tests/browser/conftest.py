"""Browser fixtures: the live server on 127.0.0.1, a Chinese browser, a network log."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# The live server listens on 127.0.0.1 so that "nothing leaves 127.0.0.1" can be checked
# against one host name (pytest-django reads this when the session's live server starts).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

LOCAL_HOST = "127.0.0.1"


@pytest.fixture
def browser_context_args(browser_context_args):
    """A browser that asks for Chinese first, as the bureau's machines do."""
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def screenshots(pytestconfig):
    folder = Path(pytestconfig.getoption("--output")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def save(page, name, full_page=True):
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save


class PageWatch:
    """Every request a page makes and every console error it logs."""

    def __init__(self, page):
        self.requests = []
        self.errors = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def foreign_requests(self):
        """Requests to anywhere but the portal on 127.0.0.1 (data: and blob: stay local)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != LOCAL_HOST
        ]

    def assert_clean(self):
        assert not self.errors, f"console errors: {self.errors}"
        assert self.requests, "no request was recorded"
        assert not self.foreign_requests(), f"requests left {LOCAL_HOST}: {self.foreign_requests()}"


@pytest.fixture
def watch(page):
    return PageWatch(page)
