"""Accessibility: axe-core (installed from npm by `make setup`) run in Chromium on
every page of the guideline site and on the slides, with no serious or critical
violations. Map iframes (srcdoc) are folium's; axe checks the page around them
(the frame gets a title so a screen reader can name it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from oddk.paths import kit_root
from tests.browser import offline_browser, serve, stop_server
from tests.test_site import site_dir  # noqa: F401  (the site, built once per session)

AXE = kit_root() / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
SERIOUS = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page; the serious and critical violations, one dict each."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make setup` (npm ci installs axe-core)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {iframes: false, resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       where: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
    return [v for v in result if v["impact"] in SERIOUS]


@pytest.mark.browser
def test_site_pages_and_slides_have_no_serious_accessibility_violations(site_dir):  # noqa: F811
    pages = sorted(
        p.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("*.html")
        if "reveal.js" not in p.parts
    )
    found = {}
    with serve(site_dir) as url, offline_browser(viewport=(1100, 800)) as browser:
        for rel in pages:
            browser.page.goto(f"{url}/{rel}")
            if rel.startswith("slides/"):
                browser.page.wait_for_function("window.Reveal && Reveal.isReady()")
            problems = axe_violations(browser.page)
            if problems:
                found[rel] = problems
    assert found == {}, "\n".join(
        f"{rel}: {v['id']} ({v['impact']}): {v['help']} at {v['where']}"
        for rel, vs in found.items()
        for v in vs
    )
    assert browser.outside == []


@pytest.mark.browser
def test_dashboard_app_has_no_serious_accessibility_violations(tmp_path):
    """The dashboard (app/dashboard.ipynb, `make app`) in Voilà; the check-my-file app is
    checked in tests/test_browser_check_app.py after an upload."""
    import subprocess

    from oddk.dashboard import app_command
    from tests.test_app_browser import free_port, wait_for_server

    port = free_port()
    argv, folder, env = app_command(port)
    log = tmp_path / "voila.log"
    with open(log, "w") as out:
        server = subprocess.Popen(argv, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_server(server, port, log)
        with offline_browser(viewport=(1200, 900)) as browser:
            browser.page.goto(f"http://127.0.0.1:{port}/", timeout=60_000)
            browser.page.wait_for_selector(".widget-dropdown select", timeout=60_000)
            problems = axe_violations(browser.page)
        assert problems == [], "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {v['where']}" for v in problems
        )
    finally:
        stop_server(server)
