"""The readiness report's HTML page in a real browser: it draws with nothing from outside,
puts what is good before what to fix, and shows personal data masked."""

from __future__ import annotations

from pathlib import Path

import pytest

from oddk.check import check

from .browser import serve

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "build" / "screenshots"


@pytest.mark.browser
def test_report_page_draws_offline_good_first_and_masked(offline_page, tmp_path):
    report = check(ROOT / "datasets/bad/personoplysninger-synthetic.csv", language="da")
    (tmp_path / "rapport.html").write_text(report.to_html(), encoding="utf-8")
    page = offline_page.page
    with serve(tmp_path) as url:
        page.goto(url + "/rapport.html")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "check-report-personal-data.png"), full_page=True)
        text = page.inner_text("body")
    assert offline_page.outside == [] and offline_page.errors == []
    assert text.index("Det er godt") < text.index("Det skal rettes") < text.index("Værd at vide")
    assert "04••••-••••" in text and "040357-7847" not in text
