"""A snapshot of a CKAN portal, taken from the practice portal: it loads back as a catalogue
folder and answers every query as the portal did; it is polite (a pause, retries with
back-off) and resumable (an interrupted run goes on where it stopped); it never writes over
a catalogue; and a municipality report made from it names the portal and its date."""

from __future__ import annotations

import json

import ckanapi
import pytest

from oddk import catalogue, snapshot
from tests.test_catalogue import LIST_QUERIES, QUERIES, _comparable, _without_urls


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    from oddk.portal.testing import running_portal

    with running_portal(tmp_path_factory.mktemp("portal")) as handle:
        yield handle


@pytest.fixture(scope="module")
def taken(portal, tmp_path_factory):
    folder = tmp_path_factory.mktemp("snapshot") / "catalogue"
    source = snapshot.take_snapshot(portal.url, folder, page=20, delay=0, progress=lambda *a: None)
    return folder, source


def test_the_snapshot_says_where_and_when_it_comes_from(taken, portal):
    folder, source = taken
    written = json.loads((folder / "source.json").read_text("utf-8"))
    assert written == source and source["portal"] == portal.url and source["practice"] is True
    packages = json.loads((folder / "packages.json").read_text("utf-8"))
    assert source["datasets"] == len(packages) == ckanapi.RemoteCKAN(portal.url).call_action(
        "package_search", {"rows": 0})["count"]
    assert [p["name"] for p in packages] == sorted(p["name"] for p in packages)
    readme = (folder / "README.md").read_text("utf-8")
    assert portal.url in readme and f"{source['datasets']} datasets" in readme
    assert not (folder / snapshot.PARTIAL).exists(), "the pages kept while running are gone"
    assert catalogue.Catalogue(catalogue_dir=folder).where.startswith(f"a snapshot of {portal.url}")


@pytest.mark.parametrize("kwargs", [q for _, q in QUERIES], ids=[i for i, _ in QUERIES])
def test_the_snapshot_answers_every_search_as_the_portal(taken, portal, kwargs):
    folder, _ = taken
    loaded = catalogue.Catalogue(catalogue_dir=folder)
    online = catalogue.connect(portal.url, apikey="")
    assert _comparable(loaded.search(**kwargs)) == _comparable(online.search(**kwargs))


@pytest.mark.parametrize("action, data", [q for q in LIST_QUERIES if "datastore" not in q[0]])
def test_the_snapshot_answers_every_list_and_show_as_the_portal(taken, portal, action, data):
    folder, _ = taken
    here = catalogue.Catalogue(catalogue_dir=folder).call(action, **data)
    there = ckanapi.RemoteCKAN(portal.url).call_action(action, data)
    if action == "package_show":
        here, there = _without_urls(here), _without_urls(there)
    assert here == there


def test_an_interrupted_snapshot_goes_on_where_it_stopped(portal, tmp_path, monkeypatch):
    folder = tmp_path / "catalogue"
    real = catalogue.Catalogue.call
    asked = []

    def flaky(self, action, **data):
        asked.append((action, data.get("start")))
        if action == "package_search" and data.get("start") == 40:
            raise KeyboardInterrupt  # the user pressed Ctrl+C on the third page
        return real(self, action, **data)

    monkeypatch.setattr(catalogue.Catalogue, "call", flaky)
    with pytest.raises(KeyboardInterrupt):
        snapshot.take_snapshot(portal.url, folder, page=20, delay=0, progress=lambda *a: None)
    assert sorted(p.name for p in (folder / snapshot.PARTIAL).glob("packages-*.json")) == [
        "packages-0000000.json", "packages-0000020.json"]
    monkeypatch.setattr(catalogue.Catalogue, "call", real)
    again = []
    monkeypatch.setattr(catalogue.Catalogue, "call",
                        lambda self, action, **d: again.append(d.get("start")) or real(
                            self, action, **d))
    source = snapshot.take_snapshot(portal.url, folder, page=20, delay=0, progress=lambda *a: None)
    assert 0 not in again and 20 not in again and 40 in again, "kept pages are not asked again"
    assert source["datasets"] == len(json.loads((folder / "packages.json").read_text("utf-8")))


def test_a_portal_that_does_not_answer_is_asked_again_with_growing_pauses(portal, tmp_path,
                                                                          monkeypatch):
    real = catalogue.Catalogue.call
    failures = {"left": 2}

    def down_twice(self, action, **data):
        if action == "organization_list" and failures["left"]:
            failures["left"] -= 1
            raise catalogue.PortalUnreachable("the portal did not answer")
        return real(self, action, **data)

    monkeypatch.setattr(catalogue.Catalogue, "call", down_twice)
    pauses = []
    snapshot.take_snapshot(portal.url, tmp_path / "c", delay=0.5, progress=lambda *a: None,
                           sleep=pauses.append)
    waits = [p for p in pauses if p != 0.5]
    assert waits == [1.0, 2.0], "back-off doubles"
    assert pauses.count(0.5) >= 5, "a pause before every request"
    failures["left"] = 99
    with pytest.raises(snapshot.SnapshotError, match="Run the same command again later"):
        snapshot.take_snapshot(portal.url, tmp_path / "d", delay=0, retries=1,
                               progress=lambda *a: None, sleep=lambda s: None)


def test_a_snapshot_never_writes_over_a_catalogue(taken, portal):
    folder, _ = taken
    with pytest.raises(FileExistsError, match="holds a catalogue already"):
        snapshot.take_snapshot(portal.url, folder, delay=0)


def test_a_report_from_a_snapshot_names_its_portal_and_date(taken):
    import requests

    from oddk import municipality_report as mr

    folder, source = taken
    asked = []
    original = requests.head
    requests.head = lambda *a, **k: asked.append(a) or original(*a, **k)
    try:
        report = mr.build_report("Aarhus", str(folder), "en")
    finally:
        requests.head = original
    assert asked == [], "a snapshot is read offline: no link is asked"
    page = report.to_html()
    assert f"Catalogue: a snapshot of {source['portal']}" in page
    assert f"the catalogue as of {source['date']}" in page
    # a practice portal serves the invented catalogue, so the label stays
    assert report.practice and "Practice report on invented data" in page
    real = dict(source, practice=False)
    (folder / "source.json").write_text(json.dumps(real), encoding="utf-8")
    try:
        page = mr.build_report("Aarhus", str(folder), "en").to_html()
        assert "Practice report" not in page and f"a snapshot of {source['portal']}" in page
    finally:
        (folder / "source.json").write_text(json.dumps(source), encoding="utf-8")


def test_a_snapshot_writes_over_nothing_in_its_folder(portal, tmp_path):
    (tmp_path / "README.md").write_text("# my own notes\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="README.md' exists already"):
        snapshot.take_snapshot(portal.url, tmp_path, delay=0, progress=lambda *a: None)
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# my own notes\n"


def test_kept_pages_of_another_count_are_not_reused(portal, tmp_path):
    folder = tmp_path / "catalogue"
    kept = folder / snapshot.PARTIAL
    kept.mkdir(parents=True)
    (kept / "state.json").write_text(json.dumps({"portal": portal.url, "count": 1, "page": 20}))
    (kept / "packages-0000000.json").write_text("[]")  # would hide twenty datasets
    source = snapshot.take_snapshot(portal.url, folder, page=20, delay=0,
                                    progress=lambda *a: None)
    assert source["datasets"] == ckanapi.RemoteCKAN(portal.url).call_action(
        "package_search", {"rows": 0})["count"]
