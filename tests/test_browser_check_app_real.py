""" "Check my file" on real files, in English and Danish, in Chromium with every outside
request blocked: Aarhus's real road-segments file and a latin-1 municipality list (the way
real lists come: Helsingør missing, 'Århus'). The page speaks plain words in the chosen
language (no command line, no internal code, no English on the Danish page), groups the
empty cells, takes house numbers and sensor names as text, names the missing municipality
and ends with the next step; the metadata form checks live, gives its description as YAML
and DCAT-AP-DK, and the check uses it. axe-core on the page with the form."""

from __future__ import annotations

import csv
import re

import pytest
import yaml

from oddk import check_app
from oddk.paths import kit_root
from oddk.reference import municipalities
from tests.browser import offline_browser, stop_server
from tests.plain_words import assert_plain
from tests.test_a11y import axe_violations
from tests.test_app_browser import free_port
from tests.test_browser_check_app import SCREENSHOTS, _serve, choose

ROOT = kit_root()
SEGMENTS = ROOT / "datasets" / "real" / "mobility" / "aarhus-trafikdata-maalepunkter.csv"

# English words the kit's pages use: none may stand on a Danish page ("English" names the
# language in its own words on the language switch, and is allowed)
ENGLISH = re.compile(r"\b(the|and|of|file|files|Download|Choose|column|columns|rows|empty|"
                     r"What next|Verdict|Fixed|fixed|report|Title|Description|Publisher|Licence|"
                     r"Themes|Keywords|Recommended|Check|Nothing|Language|Updated|Contact|"
                     r"numbers|text|missing|municipalit\w*|lists|Fill in|choose)\b")


def municipality_list(path):
    """A list of the municipalities as real ones come: Windows-1252, Helsingør left out,
    Aarhus spelt 'Århus'."""
    names = [("Århus" if n == "Aarhus" else n) for n in municipalities()["navn"]
             if n != "Helsingør"]
    with open(path, "w", encoding="cp1252", newline="") as f:
        out = csv.writer(f, delimiter=";")
        out.writerow(["kommune", "antal_legepladser"])
        out.writerows((n, 10 + i % 40) for i, n in enumerate(names))
    return path


def visible(page) -> str:
    """The page's visible text (the choices of a dropdown included)."""
    return page.inner_text("body")


def wait_checked(page, name: str, downloads: str) -> None:
    page.get_by_text(f"{name}:", exact=False).first.wait_for(timeout=60_000)
    page.get_by_role("heading", name=downloads).wait_for(timeout=60_000)


def download_text(page, link_name: str, tmp_path) -> str:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    return saved.read_text(encoding="utf-8")


@pytest.mark.browser
def test_real_files_in_both_languages_and_the_metadata_form(tmp_path):
    kommuner = municipality_list(tmp_path / "kommuner.csv")
    port = free_port()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    server, _log = _serve(tmp_path, port, env_extra={check_app.PORTAL_ENV: "http://127.0.0.1:5000"})
    try:
        with offline_browser(viewport=(1100, 900)) as guarded:
            page = guarded.page
            page.goto(f"http://127.0.0.1:{port}/", timeout=60_000)
            page.locator(".widget-upload").wait_for(timeout=60_000)

            # English, Aarhus's road segments: grouped empty cells, no mixed kinds
            choose(page, SEGMENTS)
            wait_checked(page, SEGMENTS.name, "Download")
            text = visible(page)
            assert_plain(text)
            assert len(re.findall(r"\d+ columns have empty cells", text)) == 1, \
                "one grouped finding"
            assert "'POINT_1_STREET_NUMBER' (40%)" in text and "'POINT_2_POSTAL_CODE'" in text
            assert "mixes kinds of values" not in text, "house numbers and sensor names are text"
            assert "What next" in text and "http://127.0.0.1:5000" in text
            page.screenshot(path=str(SCREENSHOTS / "check-app-segments-en.png"), full_page=True)

            # The latin-1 municipality list: the encoding and the missing municipality
            choose(page, kommuner)
            wait_checked(page, "kommuner.csv", "Download")
            text = visible(page)
            assert_plain(text)
            assert "lists 97 of Denmark's 98 municipalities" in text and "Helsingør" in text
            assert "'Århus' (Aarhus)" in text and "Windows-1252" in text
            assert "No metadata was given" in text

            # The form: checked live, complete, downloaded, and the check uses it
            status = page.locator("[role=status]").last
            assert "Fill in before publishing" in status.inner_text()
            page.get_by_label("Title").fill("Legepladser pr. kommune")
            page.get_by_label("Description").fill(
                "Antal offentlige legepladser i hver kommune, optalt i 2026.")
            page.get_by_label("Publisher").select_option(label="Aarhus Kommune")
            page.get_by_label("Contact (a unit, not a person)").fill("Teknik og Miljø")
            page.get_by_label("Contact e-mail").fill("teknik(at)aarhus.dk")
            page.get_by_text("is not an e-mail address").wait_for(timeout=20_000)
            page.get_by_label("Contact e-mail").fill("teknik@aarhus.dk")
            page.get_by_label("Licence").select_option(
                label="CC BY 4.0 (yes, with attribution)")
            page.get_by_text("Open data: yes, with attribution").wait_for(timeout=20_000)
            page.get_by_label("Updated").select_option(label="annual")
            page.get_by_label("Regions and cities").check()
            page.get_by_text("The description has everything a portal requires").wait_for(
                timeout=20_000)
            page.get_by_text("can be found by theme").wait_for(state="detached", timeout=20_000)
            record = yaml.safe_load(download_text(
                page, "The description (YAML, for the kit and the portal)", tmp_path))
            assert record["title"] == "Legepladser pr. kommune"
            assert record["organisation"] == "city-of-aarhus" and record["licence"] == "CC_BY_4_0"
            assert record["themes"] == ["REGI"] and record["frequency"] == "ANNUAL"
            turtle = download_text(
                page, "The description as DCAT-AP-DK (RDF Turtle, for data catalogues)", tmp_path)
            assert "dcat:Dataset" in turtle and "licence/CC_BY_4_0" in turtle
            page.get_by_role("button", name="Check the file again with this description").click()
            page.get_by_text("The metadata gives an open licence").wait_for(timeout=60_000)
            text = visible(page)
            assert "No metadata was given" not in text
            assert_plain(text)
            problems = axe_violations(page)
            assert problems == [], problems
            page.set_viewport_size({"width": 1100, "height": 4200})  # the app scrolls inside
            page.screenshot(path=str(SCREENSHOTS / "check-app-form-en.png"))

            # Danish: the same page, the same file and form, every word Danish
            page.get_by_role("button", name="Dansk").click()
            page.get_by_role("heading", name="Hent").wait_for(timeout=60_000)
            page.get_by_text("Hvad nu").wait_for(timeout=20_000)
            assert page.evaluate("document.documentElement.lang") == "da"
            text = visible(page)
            assert_plain(text)
            english = sorted(set(ENGLISH.findall(text.replace("English", ""))))
            assert english == [], [ln for ln in text.splitlines() if ENGLISH.search(ln.replace("English", ""))]
            assert "nævner 97 af Danmarks 98 kommuner" in text and "Helsingør" in text
            assert page.get_by_label("Titel").input_value() == "Legepladser pr. kommune"
            assert "Beskrivelsen har alt, hvad en portal kræver" in text
            page.screenshot(path=str(SCREENSHOTS / "check-app-form-da.png"))
            page.locator(".oddk-form").screenshot(path=str(SCREENSHOTS / "check-app-form-only-da.png"))
            problems = axe_violations(page)
            assert problems == [], problems

            choose(page, SEGMENTS)
            wait_checked(page, SEGMENTS.name, "Hent")
            text = visible(page)
            assert_plain(text)
            english = sorted(set(ENGLISH.findall(text.replace("English", ""))))
            assert english == [], [ln for ln in text.splitlines() if ENGLISH.search(ln.replace("English", ""))]
            assert len(re.findall(r"\d+ kolonner har tomme celler", text)) == 1
            assert page.get_by_label("Titel").input_value() == "", "a new file, a new title"
            assert page.get_by_label("Kontakt-e-mail").input_value() == "teknik@aarhus.dk"
            assert "flere slags" not in text and "Hvad nu" in text
            page.screenshot(path=str(SCREENSHOTS / "check-app-segments-da.png"))
        assert guarded.outside == [], guarded.outside[:5]
    finally:
        stop_server(server)
