"""Browser tests with no way out: Debian's Chromium through Playwright, with every
request that leaves the machine blocked and recorded.

    from tests.browser import offline_page, serve   # or import offline_page in conftest.py

    def test_something(offline_page, tmp_path):
        with serve(tmp_path) as url:
            offline_page.page.goto(url + "/map.html")
        assert offline_page.outside == []

Chromium comes from `apt-get install chromium` (never `playwright install`).
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# What a page may load: this machine's test servers and documents with no address.
LOCAL = re.compile(r"^((http|ws)://127\.0\.0\.1(:\d+)?(/|$)|file:|data:|about:|blob:)")


@dataclass
class OfflinePage:
    """A Playwright page plus what it tried to fetch from outside and its script errors."""

    page: object
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def offline_browser(viewport: tuple[int, int] = (1000, 700)) -> Iterator[OfflinePage]:
    """Chromium with every non-local request aborted and recorded in `.outside`."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's Chromium (apt-get install chromium)"
        if os.environ.get("CI"):  # in CI a missing browser is a failure, never a quiet skip
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": viewport[0], "height": viewport[1]}, service_workers="block"
            )
            result = OfflinePage(page=None)

            def guard(route):
                url = route.request.url
                if LOCAL.match(url):
                    route.continue_()
                else:
                    result.outside.append(url)
                    route.abort("blockedbyclient")

            context.route("**/*", guard)
            page = context.new_page()
            page.on("pageerror", lambda exc: result.errors.append(str(exc)))
            result.page = page
            yield result
        finally:
            browser.close()


@pytest.fixture
def offline_page() -> Iterator[OfflinePage]:
    """A fresh Chromium page that cannot reach anything but 127.0.0.1 (see `offline_browser`)."""
    with offline_browser() as result:
        yield result


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at a free port for the duration; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def stop_server(server, seconds: float = 20) -> None:
    """Stop a server process a test started: terminate, then kill if it does not end."""
    import subprocess

    server.terminate()
    try:
        server.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)
