"""oddk.catalogue: the offline snapshot answers as the practice portal does (through a
real ckanapi client), get() finds or downloads files, and errors speak plain words."""

from __future__ import annotations

import json

import ckanapi
import pytest

from oddk import catalogue
from oddk.paths import datasets_dir

FACETS = ["organization", "res_format", "license_id", "tags", "data_themes", "groups"]

# (id, search keyword arguments): the queries the notebooks teach, and a few more.
QUERIES = [
    ("everything", dict(rows=1000)),
    ("word", dict(q="toiletter")),
    ("word-is-a-prefix", dict(q="toilet", rows=50)),
    ("two-words", dict(q="legepladser aarhus")),
    ("organisation", dict(fq="organization:city-of-aarhus", rows=50)),
    ("tag", dict(fq="tags:toiletter", rows=50)),
    ("quoted-tag", dict(fq='tags:"kollektiv trafik"')),
    ("format", dict(fq="res_format:GEOJSON", rows=100)),
    ("format-either", dict(fq="res_format:(CSV OR XLSX)", rows=100)),
    ("licence", dict(fq="license_id:CC_BY", rows=100)),
    ("theme", dict(fq="data_themes:TRAN", rows=100)),
    ("word-and-not-format", dict(q="parkering", fq="-res_format:SHP")),
    ("two-filters", dict(fq="tags:toiletter res_format:CSV", rows=50)),
    ("fq-list", dict(q="toiletter", fq_list=["res_format:GEOJSON", "license_id:CC_BY"])),
    ("range", dict(fq="metadata_modified:[2026-06-01 TO *]", rows=100)),
    ("wildcard", dict(fq="organization:region-*", rows=100)),
    ("page-2", dict(q="*:*", rows=5, start=5)),
    ("past-the-end", dict(rows=10, start=500)),
    ("sorted-by-title", dict(sort="title_string asc", rows=30)),
    ("newest-first", dict(sort="metadata_modified desc", rows=30)),
    ("facets-only", dict(rows=0, facet_fields=FACETS, facet_limit=-1)),
    ("facets-of-a-search", dict(q="toiletter", rows=0, facet_fields=FACETS)),
    ("facet-limit", dict(rows=0, facet_fields=["tags"], facet_limit=5, facet_mincount=2)),
]


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    from oddk.portal.testing import running_portal

    with running_portal(tmp_path_factory.mktemp("portal")) as handle:
        yield handle


@pytest.fixture(scope="module")
def offline():
    return catalogue.connect("offline")


@pytest.fixture(scope="module")
def online(portal):
    return catalogue.connect(portal.url, apikey="")


def _comparable(result: dict) -> dict:
    return {
        "count": result["count"],
        "names": [p["name"] for p in result["results"]],
        "facets": result["facets"],
        "search_facets": result["search_facets"],
    }


def _without_urls(pkg: dict) -> dict:
    """A dataset without what a portal changes on load: its own download addresses."""
    pkg = json.loads(json.dumps(pkg))
    for res in pkg.get("resources", []):
        res.pop("url", None)
        res.pop("url_type", None)
    return pkg


@pytest.mark.parametrize("kwargs", [q for _, q in QUERIES], ids=[i for i, _ in QUERIES])
def test_offline_search_gives_what_the_practice_portal_gives_through_ckanapi(
    kwargs, offline, portal
):
    client = portal.client(token=False)
    data = {("facet." + k[6:] if k.startswith("facet_") else k): v for k, v in kwargs.items()}
    data["facet.field"] = data.pop("facet.fields", None)
    data = {k: v for k, v in data.items() if v is not None}
    through_ckanapi = client.call_action("package_search", data)
    assert _comparable(offline.search(**kwargs)) == _comparable(through_ckanapi)


def test_the_query_table_is_not_trivial(offline):
    counts = {i: offline.search(**q)["count"] for i, q in QUERIES}
    assert counts["everything"] > counts["organisation"] > 0
    assert counts["word"] == 10 and counts["tag"] == 10, "ten toilet datasets in the snapshot"
    assert 0 < counts["licence"] < counts["everything"]
    assert counts["word-is-a-prefix"] >= counts["word"]


def test_catalogue_over_a_practice_portal_gives_the_same_as_offline(offline, online):
    for _, kwargs in QUERIES:
        assert _comparable(online.search(**kwargs)) == _comparable(offline.search(**kwargs))


def test_show_gives_the_same_dataset_offline_and_on_the_practice_portal(offline, online):
    for name in ("offentlige-toiletter-aarhus", "parkering-odense", "budget-jammerbugt"):
        assert _without_urls(offline.show(name)) == _without_urls(online.show(name))


def test_show_finds_a_dataset_by_its_id_too(offline):
    pkg = offline.show("offentlige-toiletter-aarhus")
    assert offline.show(pkg["id"])["name"] == "offentlige-toiletter-aarhus"


def test_organisations_and_themes_agree_with_the_practice_portal(offline, online):
    def brief(orgs):
        return [(o["name"], o["title"], o["package_count"]) for o in orgs]

    assert brief(offline.organisations()) == brief(online.organisations())
    assert offline.organisations(all_fields=False) == online.organisations(all_fields=False)
    assert brief(offline.themes()) == brief(online.themes())
    total = sum(o["package_count"] for o in offline.organisations())
    assert total == offline.search(rows=0)["count"], "every dataset belongs to one organisation"


def test_resource_show_agrees_apart_from_the_download_address(offline, online):
    rid = offline.show("legepladser-odense")["resources"][0]["id"]
    a, b = offline.resource(rid), online.resource(rid)
    assert a["format"] == b["format"] == "XLSX"
    assert {k: v for k, v in a.items() if k not in ("url", "url_type")} == {
        k: v for k, v in b.items() if k not in ("url", "url_type")
    }


def test_errors_are_ckanapis_own_offline_and_online(offline, online):
    for cat in (offline, online):
        with pytest.raises(ckanapi.NotFound, match="no-such-dataset"):
            cat.show("no-such-dataset")
        with pytest.raises(ckanapi.SearchQueryError):
            cat.search(fq="metadata_modified:[2026]")
        with pytest.raises(ckanapi.ValidationError):
            cat.search(rows="many")


def test_search_all_pages_through_every_result(offline):
    every = offline.search_all(page=7)
    assert len(every) == offline.search(rows=0)["count"]
    assert len({p["name"] for p in every}) == len(every), "no dataset twice across pages"


def test_offline_get_gives_the_shipped_file_without_copying(offline):
    res = offline.show("offentlige-toiletter-aalborg")["resources"][0]
    path = offline.get(res)
    assert path == (datasets_dir() / "facilities" / "aalborg-toiletter-synthetic.csv").resolve()
    assert offline.get(res["id"]) == path and offline.get(res["url"]) == path


def test_offline_get_of_a_file_the_kit_does_not_ship_says_so(offline):
    res = offline.show("afstemningssteder-aarhus")["resources"][0]
    with pytest.raises(catalogue.CatalogueError, match="Offline, the kit has files for"):
        offline.get(res)


def test_online_get_downloads_into_the_output_folder(online, monkeypatch, tmp_path):
    monkeypatch.setenv("ODDK_OUTPUT", str(tmp_path / "out"))
    res = online.show("offentlige-toiletter-aalborg")["resources"][0]
    path = online.get(res, into="test-get")
    assert path.parent == tmp_path / "out" / "test-get"
    shipped = datasets_dir() / "facilities" / "aalborg-toiletter-synthetic.csv"
    assert path.read_bytes() == shipped.read_bytes()
    assert online.get(res["id"], into="test-get") == path, "the same file again is fine"


def test_online_get_of_a_shapefile_brings_its_parts(online, monkeypatch, tmp_path):
    from oddk.read import read_table

    monkeypatch.setenv("ODDK_OUTPUT", str(tmp_path / "out"))
    res = online.show("parkering-odense")["resources"][0]
    path = online.get(res, into="shp")
    assert sorted(p.suffix for p in path.parent.iterdir()) == [".dbf", ".shp", ".shx"]
    df, report = read_table(path)
    assert report.rows == len(df) > 0


def test_online_get_never_overwrites_a_different_file(online, monkeypatch, tmp_path):
    monkeypatch.setenv("ODDK_OUTPUT", str(tmp_path / "out"))
    res = online.show("offentlige-toiletter-aarhus")["resources"][0]
    path = online.get(res, into="keep")
    path.write_text("my own edits", encoding="utf-8")
    with pytest.raises(catalogue.CatalogueError, match="never overwrites"):
        online.get(res, into="keep")
    assert path.read_text(encoding="utf-8") == "my own edits"
    assert online.get(res, into="keep", overwrite=True).read_bytes() != b"my own edits"


def test_an_unreachable_portal_says_what_to_do():
    from oddk.portal.testing import free_port

    with pytest.raises(catalogue.PortalUnreachable) as err:
        catalogue.connect(f"http://127.0.0.1:{free_port()}")
    message = str(err.value)
    assert "Could not reach the portal" in message and 'portal="offline"' in message


def test_a_portal_address_that_is_not_a_web_address_is_explained():
    with pytest.raises(catalogue.CatalogueError, match='neither "offline" nor a web address'):
        catalogue.connect("admin.opendata.dk")


@pytest.mark.parametrize(
    "pasted",
    [
        "https://admin.opendata.dk",
        "https://admin.opendata.dk/",
        "https://admin.opendata.dk/api/3/action/",
        "https://admin.opendata.dk/api/3/action/package_search",
        "https://admin.opendata.dk/api/3",
    ],
)
def test_pasted_api_addresses_become_the_portal_address(pasted):
    assert catalogue.base_url(pasted) == "https://admin.opendata.dk"


def test_licence_terms_say_what_reuse_needs():
    assert catalogue.licence_terms("CC0")["reuse"] == "yes"
    assert catalogue.licence_terms("CC_BY")["reuse"] == "yes, with attribution"
    assert "same licence" in catalogue.licence_terms("CC_BYSA")["conditions"]
    assert catalogue.licence_terms("CC_BYNC")["open"] is False
    assert catalogue.licence_terms(None)["reuse"].startswith("no")


def test_openness_stars_follow_format_and_licence():
    assert catalogue.openness_stars("CSV", "CC0") == 3
    assert catalogue.openness_stars("XLSX", "CC_BY") == 2
    assert catalogue.openness_stars("PDF", "CC0") == 1
    assert catalogue.openness_stars("CSV", None) == 0
    assert catalogue.openness_stars("CSV", "CC_BYNC") == 0


def test_tables_for_people_have_the_columns_asked_for(offline):
    found = offline.search(q="toiletter", rows=50, facet_fields=["license_id"])
    table = catalogue.results_table(found, ["name", "organisation", "formats", "licences"])
    assert list(table.columns) == ["name", "organisation", "formats", "licences"]
    assert len(table) == 10
    files = catalogue.resources_table(found)
    assert len(files) == sum(len(p["resources"]) for p in found["results"])
    facet = catalogue.facet_table(found, "license_id")
    assert facet["count"].is_monotonic_decreasing and facet["count"].sum() >= 10


def test_the_snapshot_is_not_changed_by_what_a_caller_does_with_a_result(offline):
    offline.show("offentlige-toiletter-aarhus")["title"] = "changed"
    assert offline.show("offentlige-toiletter-aarhus")["title"] != "changed"


def test_get_sends_the_api_key_only_to_the_portal_itself(monkeypatch, tmp_path):
    sent = {}

    class Answer:
        status_code, reason, content = 200, "OK", b"a,b\n1,2\n"

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def fake_get(url, headers=None, **kwargs):
        sent[url] = dict(headers or {})
        return Answer()

    monkeypatch.setenv("ODDK_OUTPUT", str(tmp_path))
    monkeypatch.setattr(catalogue.requests, "get", fake_get)
    cat = catalogue.Catalogue("http://127.0.0.1:5000", apikey="secret-token")
    cat.get({"id": "r1", "url": "http://127.0.0.1:5000/dataset/d/resource/r1/download/a.csv"})
    cat.get({"id": "r2", "url": "https://elsewhere.example/files/b.csv"})
    assert sent["http://127.0.0.1:5000/dataset/d/resource/r1/download/a.csv"] == {
        "Authorization": "secret-token"
    }
    assert "Authorization" not in sent["https://elsewhere.example/files/b.csv"]


def test_facets_give_ckans_search_facets_shape_offline_and_online(offline, online):
    a = offline.facets(["res_format", "organization"], q="toiletter")
    assert a == online.facets(["res_format", "organization"], q="toiletter")
    assert set(a) == {"res_format", "organization"}
    assert {"name", "display_name", "count"} <= set(a["organization"]["items"][0])


def test_tag_list_and_organization_show_agree_with_the_practice_portal(offline, online):
    assert offline.call("tag_list") == online.call("tag_list")
    a = offline.call("organization_show", id="city-of-aarhus")
    b = online.call("organization_show", id="city-of-aarhus")
    assert (
        (a["title"], a["package_count"])
        == (b["title"], b["package_count"])
        == ("Aarhus Kommune", 6)  # 5 synthetic and the real traffic data
    )


def test_an_action_the_snapshot_cannot_answer_says_what_to_use(offline):
    with pytest.raises(catalogue.CatalogueError, match="read-only offline"):
        offline.call("package_create", name="x")


# Every read query beside package_search, asked of both: the offline catalogue runs the
# practice portal's own actions in-process, so the answers are the same (an earlier offline
# copy of them gave organization_list(limit=2) 32 rows).
LIST_QUERIES = [
    ("organization_list", {"limit": 2}),
    ("organization_list", {"limit": 3, "offset": 2, "sort": "package_count desc"}),
    ("organization_list", {"all_fields": True, "sort": "name asc"}),
    ("group_list", {"all_fields": True}),
    ("group_list", {"limit": 4, "offset": 1}),
    ("package_list", {}),
    ("package_list", {"limit": 5, "offset": 10}),
    ("tag_list", {}),
    ("license_list", {}),
    ("organization_show", {"id": "region-nordjylland"}),
    ("package_show", {"id": "offentlige-toiletter-aarhus"}),
    ("datastore_info", {"id": "e132d528-a8a2-4e49-b828-f8f0bb687716"}),
    ("datastore_search", {"resource_id": "e132d528-a8a2-4e49-b828-f8f0bb687716", "limit": 3,
                          "sort": "DISTANCE_IN_METERS desc"}),
]


@pytest.mark.parametrize("action, data", LIST_QUERIES,
                         ids=[f"{a}-{i}" for i, (a, _) in enumerate(LIST_QUERIES)])
def test_every_read_query_agrees_offline_and_through_ckanapi(offline, portal, action, data):
    client = ckanapi.RemoteCKAN(portal.url)
    here, there = offline.call(action, **data), client.call_action(action, data)
    if action == "package_show":
        here, there = _without_urls(here), _without_urls(there)
    if action == "datastore_search":
        here.pop("_links", None), there.pop("_links", None)
    assert here == there
    if action == "organization_list" and data.get("limit") == 2:
        assert len(here) == 2
