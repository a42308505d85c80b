"""The municipality report: it runs for every municipality and region; its figures are
recomputed here from the raw files (the catalogue's JSON, Statistics Denmark's CSV), not
through the kit; the practice label stands exactly on reports made from invented data; the
printed page fits two A4 pages, loads nothing from outside and passes axe-core."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re

import pytest

from oddk import municipality_report as mr
from oddk.municipality_report import overview, peers
from oddk.paths import kit_root

ROOT = kit_root()
PACKAGES = json.loads((ROOT / "datasets" / "catalogue" / "packages.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def source():
    return mr.source_for()


def _population() -> dict[str, int]:
    path = ROOT / "datasets" / "real" / "population" / "folk1a-2026-kommuner.csv"
    with open(path, encoding="utf-8") as f:
        return {row["kommune_navn"]: int(row["folketal"]) for row in csv.DictReader(f)}


def _own(official: str) -> list[dict]:
    return [p for p in PACKAGES if (p.get("organization") or {}).get("title") == official]


def test_every_municipality_and_region_gets_a_report(source):
    subjects = peers.every_subject()
    assert len(subjects) == 103 and len({s.official for s in subjects}) == 103
    for who in subjects:
        page = mr.build_report(who.name, source=source, language="da").to_html()
        assert f"Åbne data i {who.official}" in page
        assert "Øverapport på opdigtede data" in page, "the synthetic snapshot says so"


@pytest.mark.parametrize("name, official", [("Aarhus", "Aarhus Kommune"),
                                            ("Rebild", "Rebild Kommune"),
                                            ("Region Nordjylland", "Region Nordjylland")])
def test_the_figures_are_the_raw_files_own(source, name, official):
    report = mr.build_report(name, source=source)
    own = _own(official)
    s = report.summary()
    assert s["datasets"] == len(own) > 0
    assert s["resources"] == sum(len(p["resources"]) for p in own)
    people = _population()
    if report.who.kind == "region":
        with open(ROOT / "datasets" / "reference" / "municipalities.csv", encoding="utf-8") as f:
            names = [r["navn"] for r in csv.DictReader(f) if r["region_navn"] == official]
        population, table = sum(people[n] for n in names), report.region_peers
    else:
        population, table = people[name], report.group_peers
    mine = table.loc[table["name"] == report.who.name, "per_10000"].iloc[0]
    assert mine == pytest.approx(len(own) / population * 10_000)
    # the gap, by tags: what some peer's datasets are tagged with and none of its own
    own_tags = {t["name"] for p in own for t in p["tags"]}
    geofa = {"GeoFA: Toilet": "toiletter", "GeoFA: Legeplads": "legepladser",
             "GeoFA: Parkeringsplads": "parkering"}
    for gap in report.gaps:
        tag = geofa.get(gap.kind, gap.kind)
        publishing = [o for o in table["official"] if o != official
                      and any(tag in {t["name"] for t in p["tags"]} for p in _own(o))]
        assert tag not in own_tags and gap.peers == len(publishing), gap
        assert gap.of == len(table) - 1


def test_staleness_is_judged_only_where_the_frequency_allows(source):
    report = mr.build_report("Aarhus", source=source)
    snapshot = dt.date(2026, 11, 1)
    for ds in report.datasets:
        pkg = next(p for p in PACKAGES if p["name"] == ds.name)
        frequency = pkg.get("update_frequency")
        if frequency in (None, "IRREG", "UNKNOWN", "NEVER", "OTHER"):
            assert ds.stale_days is None, ds.name
        else:
            age = (snapshot - dt.date.fromisoformat(pkg["metadata_modified"][:10])).days
            assert (ds.stale_days > 0) == (age > max(2 * {"DAILY": 1, "WEEKLY": 7,
                "MONTHLY": 31, "QUARTERLY": 92, "ANNUAL": 366, "UPDATE_CONT": 1}[frequency], 14))


def test_a_municipality_not_on_the_portal_gets_the_peer_picture_and_first_steps(source):
    report = mr.build_report("Læsø", source=source, language="en")
    assert not report.member and report.datasets == []
    page = report.to_html()
    assert "Læsø Kommune has no organisation on the portal yet" in page
    assert len(report.first_steps) == 3 and "Where to start" in page
    assert report.group_peers is not None and "Landkommuner" in page


def test_the_practice_label_stands_only_on_invented_data(source):
    practice = mr.build_report("Aarhus", source=source, language="en").to_html()
    assert practice.index("Practice report on invented data") < practice.index("What Aarhus")
    real = mr.Source(source.packages, "https://admin.opendata.dk", dt.date(2026, 12, 1),
                     practice=False, online=True)
    page = mr.build_report("Aarhus", source=real, language="en", check_links=False).to_html()
    assert "Practice report" not in page and "invented data" not in page
    assert "Catalogue: https://admin.opendata.dk" in page
    assert "the catalogue as of 2026-12-01" in page


def test_a_practice_portal_is_recognised_as_invented_data(tmp_path):
    from oddk.portal.testing import running_portal

    with running_portal(tmp_path / "portal") as portal:
        source = mr.source_for(portal.url)
    assert source.online and source.practice
    assert len(source.packages) == len(PACKAGES)


def test_the_overview_writes_every_member_and_a_sortable_index(tmp_path):
    pages = overview.write_all(tmp_path / "reports", language="da")
    members = {(p.get("organization") or {}).get("title") for p in PACKAGES}
    assert len(pages) == len(members) + 1
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    for page in pages[:-1]:
        assert f'href="{page.name}"' in index
    assert index.count("<tr>") == len(members) + 1 and "<button" in index
    with pytest.raises(FileExistsError, match="exists already"):
        overview.write_all(tmp_path / "reports", language="da")


@pytest.mark.browser
def test_the_printed_report_fits_two_pages_and_loads_nothing_from_outside(tmp_path, source):
    from pypdf import PdfReader

    from tests.browser import offline_browser, serve
    from tests.test_a11y import axe_violations
    from tests.test_browser_check_app import SCREENSHOTS

    biggest = max(peers.every_subject(), key=lambda s: len(_own(s.official)))
    for who, language in ((biggest, "da"), (peers.subject("Læsø"), "en")):
        name = re.sub(r"\W+", "-", who.official.lower())
        (tmp_path / f"{name}.html").write_text(
            mr.build_report(who.name, source=source, language=language).to_html(), "utf-8")
        with serve(tmp_path) as url, offline_browser(viewport=(900, 1270)) as guarded:
            page = guarded.page
            page.goto(f"{url}/{name}.html")
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"report-{name}.png"), full_page=True)
            pdf = tmp_path / f"{name}.pdf"
            page.pdf(path=str(pdf), format="A4", print_background=True)
            assert len(PdfReader(pdf).pages) <= 2, f"{who.official}: more than two A4 pages"
            assert page.locator("img").count() == 2 - (who.kind == "region")
            problems = axe_violations(page)
            assert problems == [], problems
        assert guarded.outside == [] and guarded.errors == [], guarded.outside[:3]


def test_the_catalogues_deliberate_faults_show_on_their_members_pages(source):
    """datasets/catalogue/faults.json lists the faults built into the snapshot: a missing
    description or a contact address that is no e-mail shows as a field to fix on the
    portal's form; a resource without a licence counts as a file without an open licence."""
    faults = json.loads((ROOT / "datasets" / "catalogue" / "faults.json").read_text("utf-8"))
    for fault in faults:
        pkg = next(p for p in PACKAGES if p["name"] == fault["dataset"])
        report = mr.build_report(pkg["organization"]["title"], source=source)
        ds = next(d for d in report.datasets if d.name == fault["dataset"])
        if fault["field"] in ("notes", "author_email"):
            assert fault["field"] in ds.portal_gaps, fault
            assert ds.mandatory[0] < ds.mandatory[1] or fault["field"] == "author_email"
        if fault["field"] == "license_id":
            assert None in ds.licences and report.summary()["open_files"] < \
                report.summary()["resources"], fault


def test_a_tag_names_a_facility_type_only_by_its_name_or_an_inflection():
    cases = {"toiletter": "Toilet", "legepladser": "Legeplads", "bænke": "Bænk",
             "parkering": "Parkeringsplads", "parkeringsautomater": None, "kunstgræs": None,
             "brosten": None, "andet": None, "badevand": None}
    assert {tag: peers.facility_of(tag) for tag in cases} == cases


def test_bad_input_gets_plain_words_and_no_traceback(tmp_path):
    import subprocess
    import sys

    def oddk(*args):
        return subprocess.run([sys.executable, "-m", "oddk.cli", *args], capture_output=True,
                              text=True, cwd=tmp_path)

    unknown = oddk("report", "Narnia", "--out", "x.html")
    assert unknown.returncode == 2 and "none of the 98 municipalities or 5 regions" in \
        unknown.stderr and "Traceback" not in unknown.stderr
    away = oddk("report", "Aarhus", "--portal", "http://127.0.0.1:9", "--out", "y.html")
    assert away.returncode == 2 and "Could not reach the portal" in away.stderr
    snap = oddk("catalogue", "snapshot", "--portal", "http://127.0.0.1:9", "--out", "s",
                "--delay", "0")
    assert snap.returncode == 2 and "Traceback" not in snap.stderr
    assert not (tmp_path / "x.html").exists() and not (tmp_path / "s").exists()
