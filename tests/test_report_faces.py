"""The readiness report's faces: a shared HTML page (`oddk check --html`, the app's download)
and the app's own page speak plain words (no command line, no function, no kit folder, no
finding code) in English and Danish; the notebook's view and the text report keep the codes
and the commands for those who program."""

from __future__ import annotations

from pathlib import Path

import pytest

from oddk.check import check
from oddk.check.messages import APP_FIXES, PAGE_FIXES, TEXTS, face_fix
from tests.plain_words import assert_plain, page_text, programmer_words

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "datasets" / "bad"


@pytest.mark.parametrize("language", ["en", "da"])
@pytest.mark.parametrize("app", [False, True], ids=["page", "app"])
def test_every_fix_on_a_page_is_in_plain_words(language, app):
    shown = {code: face_fix(code, language, TEXTS[code][language][1], app=app)
             for code in TEXTS}
    assert {c: programmer_words(f) for c, f in shown.items() if programmer_words(f)} == {}
    assert set(PAGE_FIXES) | set(APP_FIXES) <= set(TEXTS)  # no fix for a code that is gone


def test_the_plain_words_replace_only_what_needs_it():
    """A fix without commands stands as the text report has it; one with them is replaced."""
    plain = TEXTS["ragged-rows"]["da"][1]
    assert face_fix("ragged-rows", "da", plain) == plain
    assert "oddk export" in TEXTS["encoding-not-utf8"]["da"][1]
    assert face_fix("encoding-not-utf8", "da", "x") == PAGE_FIXES["encoding-not-utf8"]["da"]
    assert face_fix("encoding-not-utf8", "da", "x", app=True) == \
        APP_FIXES["encoding-not-utf8"]["da"]


@pytest.mark.parametrize("language", ["en", "da"])
def test_every_bad_file_s_shared_report_is_in_plain_words(language):
    files = sorted(p for p in BAD.iterdir() if p.suffix in (".csv", ".xlsx", ".json"))
    assert len(files) >= 20
    codes = set()
    for path in files:
        report = check(path, language=language)
        codes |= report.codes
        page = report.to_html()
        try:
            assert_plain(page_text(page))
        except AssertionError as err:
            raise AssertionError(f"{path.name}: {err}") from None
        shown = page_text(page)
        for f in report.findings:  # each finding's fix is there, in its plain words
            assert face_fix(f.code, language, f.fix) in shown
    # the reports met the findings whose own fixes name commands, functions or folders
    assert {"encoding-not-utf8", "formula-injection", "duplicate-rows", "not-open-format",
            "no-metadata"} <= codes


def test_the_notebook_and_the_text_report_keep_codes_and_commands():
    report = check(BAD / "latin1-synthetic.csv", language="en")
    fragment = report.to_html(standalone=False)
    assert "<code>encoding-not-utf8</code>" in fragment and "oddk export" in fragment
    assert "oddk export" in report.to_text()
    shared = report.to_html()
    assert "encoding-not-utf8" not in shared and "oddk export" not in shared
    assert "Save As" in shared
    app = report.to_html(standalone=False, face="app")
    assert "fixed CSV on this page" in app and "encoding-not-utf8" not in app
    with pytest.raises(ValueError, match="face is"):
        report.to_html(face="pdf")
