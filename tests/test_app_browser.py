"""The dashboard as a Voilà app (issue 8, point 5), in Chromium with every request that
leaves the machine blocked: the app loads, a picker changes, the table, map and chart follow."""

from __future__ import annotations

import socket
import subprocess
import time

import pytest

from oddk import dashboard
from oddk.paths import build_dir
from oddk.portal.testing import free_port
from tests.browser import offline_browser

DRAWN = """() => [...document.querySelectorAll('.marker-cluster')]
    .reduce((n, c) => n + parseInt(c.textContent, 10), 0)
    + document.querySelectorAll('[class*="awesome-marker-icon-"]').length"""


def wait_for_server(server: subprocess.Popen, port: int, log, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"voila stopped (exit {server.returncode}):\n{log.read_text()}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail(f"voila did not answer on port {port} within {seconds} s:\n{log.read_text()}")


def markers_in_map(page, expected: int, seconds: float = 20) -> int:
    """Leaflet's drawn markers (clusters counted by their number) in the map iframe; the
    widget replaces its iframe on each update, so look again until the new one has drawn."""
    drawn = None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for frame in page.frames:
            if frame.url != "about:srcdoc" or frame.is_detached():
                continue
            try:
                drawn = frame.evaluate(f"({DRAWN})()")
            except Exception:  # detached while we looked: the next round sees the new one
                continue
            if drawn == expected:
                return drawn
        page.wait_for_timeout(200)
    return drawn


@pytest.mark.browser
def test_app_loads_offline_and_follows_the_municipality_picker(tmp_path):
    port = free_port()
    argv, folder, env = dashboard.app_command(port)
    log = tmp_path / "voila.log"
    with open(log, "w") as out:
        server = subprocess.Popen(argv, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_server(server, port, log)
        with offline_browser(viewport=(1200, 900)) as guarded:
            page = guarded.page
            page.goto(f"http://127.0.0.1:{port}/", timeout=60_000)
            page.wait_for_selector(".widget-dropdown select", timeout=60_000)
            page.wait_for_function("document.body.innerText.includes('97 × Toilet in all')")
            assert markers_in_map(page, 97) == 97
            shots = build_dir() / "screenshots"
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / "app-dashboard-all.png"), full_page=True)

            page.locator(".widget-dropdown select").first.select_option("Ballerup")
            page.wait_for_function("document.body.innerText.includes('14 × Toilet in Ballerup')")
            assert markers_in_map(page, 14) == 14
            text = page.inner_text("body")
            assert "Toilet ved Engen, Ballerup" in text, "the table should list Ballerup's toilets"
            assert "Toilet ved Løvparken, Aalborg" not in text, "and no longer Aalborg's"
            highlighted = page.locator("td[style*='d95f02'], td[id*='row']").count()
            assert highlighted > 0, "the chart should still be there"
            page.screenshot(path=str(shots / "app-dashboard-ballerup.png"), full_page=True)
            fetched = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)

    assert guarded.outside == [], "the app tried to reach the internet"
    assert guarded.errors == [], "the app's scripts failed"
    extensions = {
        u.split("/labextensions/")[1].split("/static/")[0]
        for u in fetched
        if "/labextensions/" in u
    }
    assert extensions == {
        "@jupyter-widgets/jupyterlab-manager",
        "@voila-dashboards/widgets-manager8",
    }, f"only the widgets extensions should load, not {extensions}"
