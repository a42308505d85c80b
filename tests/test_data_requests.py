"""The register of data requests: `oddk requests` checks it and sums it up, names every
entry at fault in plain words, and each municipality's report shows what it was asked for."""

from __future__ import annotations

import subprocess
import sys

import yaml

from oddk import data_requests
from oddk import municipality_report as mr
from oddk.paths import kit_root

ROOT = kit_root()
RAW = yaml.safe_load((ROOT / "meeting-kit" / "data-requests.yaml").read_text("utf-8"))


def test_the_register_is_summed_up_from_its_entries():
    done = subprocess.run([sys.executable, "-m", "oddk.cli", "requests"], capture_output=True,
                          text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    n = len(RAW["requests"])
    assert f"{n} requests from {len({r['asked_by'] for r in RAW['requests']})}" in done.stdout
    hjorring = sum("Hjørring" in r["municipalities"] for r in RAW["requests"])
    assert f"Hjørring Kommune ({hjorring})" in done.stdout
    assert "invented examples" in done.stdout, "the examples say they are examples"


def test_every_entry_at_fault_is_named(tmp_path):
    bad = tmp_path / "requests.yaml"
    bad.write_text(yaml.safe_dump({"requests": [
        {"asked_by": "Hackathon", "date": "2026-02-31", "wants": "Toiletter",
         "municipalities": ["Aarhus"], "why": "en app"},
        {"asked_by": "Datadrink", "date": "2026-03-01", "wants": "Bænke",
         "municipalities": ["Narnia"], "why": "et kort"},
        {"asked_by": "Møde", "wants": "Træer", "municipalities": ["Odense"]},
    ]}, allow_unicode=True), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "oddk.cli", "requests", str(bad)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1
    assert "date '2026-02-31' is not a date" in done.stderr
    assert "'Narnia' is none of the 98 municipalities or 5 regions" in done.stderr
    assert "request 3 ('Træer') lacks date, why" in done.stderr


def test_a_municipality_report_shows_the_requests_that_concern_it():
    report = mr.build_report("Hjørring", language="da")
    asked = [r for r in RAW["requests"] if "Hjørring" in r["municipalities"]]
    assert [r.wants for r in report.requests] == [
        r["wants"] for r in sorted(asked, key=lambda r: r["date"], reverse=True)]
    page = report.to_html()
    assert "Det har folk bedt Hjørring Kommune om" in page and "opdigtede eksempler" in page
    assert mr.build_report("Thisted").requests == []
    assert data_requests.requests_for(data_requests.load_requests(), "Region Nordjylland")


def test_an_empty_register_is_summed_up_too(tmp_path):
    empty = tmp_path / "requests.yaml"
    empty.write_text("requests: []\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "oddk.cli", "requests", str(empty)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and "0 requests" in done.stdout, done.stderr
