"""The mapper of notebook 04 in a browser (Voilà, Chromium with outside requests blocked):
the form draws, and picking in a dropdown changes the preview and the messages live."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

from oddk.paths import build_dir, kit_root
from oddk.portal.testing import free_port
from tests.browser import offline_browser


@pytest.mark.browser
def test_mapper_form_changes_preview_and_messages_live(tmp_path):
    port = free_port()
    env = dict(os.environ, ODDK_OUTPUT=str(tmp_path / "output"), ODDK_ROOT=str(kit_root()))
    log = tmp_path / "voila.log"
    argv = [sys.executable, "-m", "voila", "04-standardise.ipynb", f"--port={port}", "--no-browser"]
    with open(log, "w") as out:
        server = subprocess.Popen(argv, cwd=kit_root() / "notebooks", env=env, stdout=out,
                                  stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert server.poll() is None, f"voila stopped:\n{log.read_text()}"
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        with offline_browser(viewport=(1200, 900)) as guarded:
            page = guarded.page
            page.goto(f"http://127.0.0.1:{port}/", timeout=90_000)
            handicap = page.locator(".widget-dropdown", has=page.locator("label", has_text="handicap_k"))
            handicap.locator("select").wait_for(timeout=90_000)
            page.wait_for_function("document.body.innerText.includes('All 28 rows convert')")
            shots = build_dir() / "screenshots"
            shots.mkdir(parents=True, exist_ok=True)
            form = page.locator(".widget-vbox").first
            form.screenshot(path=str(shots / "standardise-mapper.png"))
            handicap.locator("select").select_option("(empty)")
            page.wait_for_function(
                "document.body.innerText.includes('Source columns that map to nothing: Handicapvenligt')")
            form.screenshot(path=str(shots / "standardise-mapper-handicap-empty.png"))
            assert guarded.errors == []
    finally:
        server.terminate()
        server.wait(timeout=30)
