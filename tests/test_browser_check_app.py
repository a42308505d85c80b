""" "Check my file" as a Voilà app, in Chromium with every outside request blocked:
upload a bad file, read the blocker in plain words (English, then Danish), download
the fixed CSV from a data: link; a file over the limit is refused in the browser and
never sent; no serious accessibility violation (axe-core). Plus the parts that need
no browser: nothing is left on the server after a check, and the limit holds in the
kernel too."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from oddk import check_app
from oddk.dashboard import app_command
from oddk.paths import kit_root
from tests.browser import offline_browser, stop_server
from tests.test_a11y import axe_violations
from tests.test_app_browser import free_port, wait_for_server

ROOT = kit_root()
SCREENSHOTS = ROOT / "build" / "screenshots"
LATIN1 = ROOT / "datasets" / "bad" / "latin1-synthetic.csv"


def choose(page, path: Path) -> None:
    """Click the upload button and pick `path` in the browser's file chooser."""
    with page.expect_file_chooser() as chooser:
        page.locator(".widget-upload").click()
    chooser.value.set_files(str(path))


def test_a_check_leaves_nothing_on_the_server(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = check_app.check_upload("C:\\Users\\anna\\latin1-synthetic.csv", LATIN1.read_bytes())
    assert list(tmp_path.iterdir()) == [], "the upload and every file made from it are deleted"
    assert result["name"] == "latin1-synthetic.csv"
    assert "encoding-not-utf8" in result["report"].codes
    fixed = result["downloads"][0]
    assert fixed["filename"] == "latin1-synthetic-fixed.csv"
    assert "Århus" in fixed["data"].decode("utf-8")
    assert [d["filename"] for d in result["downloads"][1:]] == [
        "latin1-synthetic-report-en.html",
        "latin1-synthetic-report-en.json",
        "latin1-synthetic-metadata.yaml",
    ]


def test_the_kernel_refuses_a_file_over_the_limit_too():
    with pytest.raises(check_app.UploadTooLarge, match="up to 5 MiB"):
        check_app.check_upload("big.csv", b"x" * (check_app.MAX_UPLOAD + 1))


@pytest.mark.browser
def test_upload_a_bad_file_read_the_blocker_and_download_the_fixed_csv(tmp_path):
    port = free_port()
    argv, folder, env = app_command(port, notebook=check_app.APP_NOTEBOOK)
    log = tmp_path / "voila.log"
    big = tmp_path / "too-big.csv"
    big.write_bytes(b"a;b\r\n" + b"1;2\r\n" * (check_app.MAX_UPLOAD // 5 + 10))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:
        server = subprocess.Popen(argv, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_server(server, port, log)
        with offline_browser(viewport=(1100, 900)) as guarded:
            page = guarded.page
            sent: list[int] = []
            page.on(
                "websocket",
                lambda ws: ws.on("framesent", lambda payload: sent.append(len(payload))),
            )
            page.goto(f"http://127.0.0.1:{port}/", timeout=60_000)
            button = page.locator(".widget-upload")
            button.wait_for(timeout=60_000)
            assert "Do not upload personal data to a public server" in page.inner_text("body")

            # Too big: refused in the browser with a clear message; nothing large is sent.
            choose(page, big)
            refused = page.locator("#oddk-upload-refused")
            refused.wait_for()
            assert "the app takes files up to 5 MiB" in refused.inner_text()
            page.wait_for_timeout(1000)
            assert max(sent, default=0) < 1_000_000, "the large file must not be sent to the server"
            assert "No file yet" in page.inner_text("body")

            # A Windows-1252 file: the blocker in plain words, and a fixed UTF-8 copy.
            choose(page, LATIN1)
            page.get_by_role(
                "link", name="Fixed CSV: UTF-8, comma-separated, formulas made harmless"
            ).wait_for(timeout=60_000)
            assert not refused.is_visible()
            text = page.inner_text("body")
            assert "latin1-synthetic.csv" in text and "UTF-8" in text
            for internal in ("oddk export", "--out", "--metadata", "metadata=", "encoding-not-utf8",
                             "no-metadata", "Verdict", "(fix)", "(improve)"):
                assert internal not in text, f"the app shows {internal!r}"
            assert "Download the fixed CSV on this page" in text and "What next" in text
            label = page.evaluate("getComputedStyle(document.querySelector('.oddk-upload'), "
                                  "'::after').content")
            assert "latin1-synthetic.csv" in label and "(0)" not in label
            page.screenshot(path=str(SCREENSHOTS / "check-app-report.png"), full_page=True)
            with page.expect_download() as info:
                page.get_by_role(
                    "link", name="Fixed CSV: UTF-8, comma-separated, formulas made harmless"
                ).click()
            saved = tmp_path / "fixed.csv"
            info.value.save_as(saved)
            assert info.value.suggested_filename == "latin1-synthetic-fixed.csv"
            assert "Toilet ved Åen" in saved.read_bytes().decode("utf-8")

            problems = axe_violations(page)
            assert problems == [], problems

            # The same report in Danish, without uploading again.
            page.get_by_role("button", name="Dansk").click()
            page.get_by_role(
                "link", name="Rettet CSV: UTF-8, kommasepareret, formler gjort harmløse"
            ).wait_for()
            dansk = page.inner_text("body")
            assert "Hent den rettede CSV på denne side" in dansk and "Hvad nu" in dansk
            assert "IMPROVE" not in dansk and "FIX" not in dansk and "encoding-not-utf8" not in dansk
            page.screenshot(path=str(SCREENSHOTS / "check-app-report-da.png"), full_page=True)
        assert guarded.outside == [], guarded.outside[:5]
    finally:
        stop_server(server)
    assert Path(log).exists()


def _serve(tmp_path, port, *options, tmpdir=None, env_extra=None):
    """Start the app on `port` (Voilà options after it); returns (server, its log)."""
    argv, folder, env = app_command(port, notebook=check_app.APP_NOTEBOOK)
    if tmpdir is not None:
        env = {**env, "TMPDIR": str(tmpdir)}
    env = {**env, **(env_extra or {})}
    log = tmp_path / f"voila-{port}.log"
    with open(log, "w") as out:
        server = subprocess.Popen([*argv, *options], cwd=folder, env=env, stdout=out,
                                  stderr=subprocess.STDOUT)
    wait_for_server(server, port, log)
    return server, log


def _kernel_id(page) -> str:
    import json

    return json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]


def _alive(port, kernel) -> bool:
    import requests

    return requests.get(f"http://127.0.0.1:{port}/api/kernels/{kernel}", timeout=10).status_code \
        == 200


def test_the_settings_cull_a_closed_pages_kernel_in_minutes():
    import json

    settings = json.loads((ROOT / "app" / "voila.json").read_text(encoding="utf-8"))
    cull = settings["MappingKernelManager"]
    assert 60 <= cull["cull_idle_timeout"] <= 900 and cull["cull_interval"] <= 120
    assert cull["cull_connected"] is False, "an open page keeps its kernel"


def test_a_stale_check_folder_goes_and_a_running_ones_stays(tmp_path, monkeypatch):
    import os
    import time

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    stale, young = tmp_path / "oddk-check-stale", tmp_path / "oddk-check-young"
    stale.mkdir(), young.mkdir()
    (stale / "upload.csv").write_text("a;b\n", encoding="utf-8")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    assert check_app.remove_stale_folders() == ["oddk-check-stale"]
    assert not stale.exists() and young.exists()


@pytest.mark.browser
def test_a_closed_pages_kernel_is_culled_and_an_ended_session_says_so(tmp_path):
    import os
    import time

    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    stale = tmpdir / "oddk-check-killed-mid-check"
    stale.mkdir()
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    port = free_port()
    server, log = _serve(tmp_path, port, "--MappingKernelManager.cull_idle_timeout=4",
                         "--MappingKernelManager.cull_interval=1", tmpdir=tmpdir)
    try:
        with offline_browser(viewport=(1100, 900)) as guarded:
            page = guarded.page
            page.goto(f"http://127.0.0.1:{port}/", timeout=60_000)
            page.locator(".widget-upload").wait_for(timeout=60_000)
            kernel = _kernel_id(page)
            choose(page, LATIN1)
            page.get_by_role("link", name="Fixed CSV: UTF-8, comma-separated, formulas made "
                             "harmless").wait_for(timeout=60_000)
            assert not stale.exists(), "the folder a killed kernel left is removed at start"
            assert [p.name for p in tmpdir.glob("oddk-check-*")] == [], "the check kept nothing"
            page.wait_for_timeout(8000)  # twice the idle timeout, the page open
            assert _alive(port, kernel), "an open page keeps its kernel"
            page.close()
            deadline = time.monotonic() + 30
            while _alive(port, kernel) and time.monotonic() < deadline:
                time.sleep(1)
            assert not _alive(port, kernel), "the closed page's kernel is culled"
        assert guarded.outside == [], guarded.outside[:5]
    finally:
        stop_server(server)
    assert f"Kernel shutdown: {kernel}" in log.read_text()

    port = free_port()  # an open page whose kernel went: it says so, in its language
    server, log = _serve(tmp_path, port, "--MappingKernelManager.cull_idle_timeout=3",
                         "--MappingKernelManager.cull_interval=1",
                         "--MappingKernelManager.cull_connected=True")
    try:
        with offline_browser(viewport=(1100, 900)) as guarded:
            page = guarded.page
            page.goto(f"http://127.0.0.1:{port}/", timeout=60_000)
            page.locator(".widget-upload").wait_for(timeout=60_000)
            page.get_by_role("button", name="Dansk").click()
            ended = page.locator("#oddk-session-ended")
            ended.wait_for(state="visible", timeout=40_000)
            assert "Din session er slut" in ended.inner_text()
            page.screenshot(path=str(SCREENSHOTS / "check-app-session-ended-da.png"))
    finally:
        stop_server(server)
