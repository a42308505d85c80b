"""The practice portal, driven end to end by the real ckanapi client.

One portal process serves most tests (module fixture); the restart test starts its
own. Everything runs on 127.0.0.1; nothing touches the internet.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import ckanapi
import pytest
import requests

from oddk.portal import search, validate
from oddk.portal.store import Store
from oddk.portal.testing import running_portal

ROOT = Path(__file__).resolve().parents[1]
REAL_CATALOGUE = ROOT / "datasets" / "catalogue"

ORG_A = {
    "id": "org-a-id",
    "name": "city-of-aarhus",
    "title": "Aarhus Kommune",
    "type": "organization",
    "is_organization": True,
    "state": "active",
}
ORG_B = {
    "id": "org-b-id",
    "name": "ballerup-kommune",
    "title": "Ballerup Kommune",
    "type": "organization",
    "is_organization": True,
    "state": "active",
}


def _pkg(name, org, title, tags, themes, formats, licence="CC0", **extra):
    pid = f"{name}-id"
    return {
        "id": pid,
        "name": name,
        "title": title,
        "notes": f"Om {title.lower()}.",
        "title_translated": {"da": title, "en": title},
        "owner_org": org["id"],
        "organization": org,
        "author": "Data Team",
        "author_email": "data@example.dk",
        "tags": [{"name": t} for t in tags],
        "data_themes": themes,
        "update_frequency": "ANNUAL",
        "state": "active",
        "type": "dataset",
        "metadata_created": "2024-01-01T00:00:00",
        "metadata_modified": extra.pop("modified"),
        "groups": [{"id": "grp-tran", "name": "tran", "title": "Transport"}]
        if "TRAN" in themes
        else [],
        "resources": [
            {
                "id": f"{name}-res-{i}",
                "package_id": pid,
                "name": f"{title} {f}",
                "url": f"https://admin.opendata.dk/dataset/{name}/download/{i}.{f.lower()}",
                "format": f,
                "license_id": licence,
            }
            for i, f in enumerate(formats)
        ],
        **extra,
    }


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory) -> Path:
    """A small catalogue in the real one's shape, with one deliberate fault and a local file."""
    folder = tmp_path_factory.mktemp("datasets") / "catalogue"
    folder.mkdir()
    packages = [
        _pkg(
            "toiletter-aarhus",
            ORG_A,
            "Offentlige toiletter i Aarhus",
            ["toiletter", "service"],
            ["HEAL", "SOCI"],
            ["CSV", "GEOJSON"],
            modified="2025-03-01T00:00:00",
        ),
        _pkg(
            "parkering-aarhus",
            ORG_A,
            "Parkeringspladser i Aarhus",
            ["parkering", "trafik"],
            ["TRAN"],
            ["CSV"],
            licence="CC_BY",
            modified="2025-05-01T00:00:00",
        ),
        _pkg(
            "legepladser-ballerup",
            ORG_B,
            "Legepladser i Ballerup",
            ["legepladser", "børn"],
            ["SOCI", "EDUC"],
            ["GEOJSON"],
            modified="2025-01-01T00:00:00",
            author_email="not-an-email",
        ),  # a deliberate fault: stays as it is
    ]
    del packages[2]["resources"][0]["license_id"]  # another deliberate fault
    (folder / "packages.json").write_text(json.dumps(packages, ensure_ascii=False), "utf-8")
    (folder / "organizations.json").write_text(json.dumps([ORG_A, ORG_B]), "utf-8")
    (folder / "groups.json").write_text(
        json.dumps([{"id": "grp-tran", "name": "tran", "title": "Transport"}]), "utf-8"
    )
    (folder.parent / "facilities").mkdir()
    (folder.parent / "facilities" / "toiletter.csv").write_bytes(
        "navn;postnr\r\nRådhuset;8000\r\n".encode("cp1252")
    )
    (folder / "local_files.json").write_text(
        json.dumps([{"resource_id": "toiletter-aarhus-res-0", "path": "facilities/toiletter.csv"}]),
        "utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def portal(tmp_path_factory, catalogue):
    with running_portal(tmp_path_factory.mktemp("portal"), catalogue, max_upload_mb=1) as handle:
        yield handle


def new_dataset(name: str, **extra) -> dict:
    return {
        "name": name,
        "title": "Cykelparkering i Aarhus",
        "notes": "Hvor du kan parkere din cykel.",
        "owner_org": "city-of-aarhus",
        "author": "Anna Jensen",
        "author_email": "anna@aarhus.example",
        "data_themes": ["TRAN"],
        "update_frequency": "MONTHLY",
        "tags": [{"name": "cykler"}],
        **extra,
    }


def api(portal, action, *, method="post", token=None, headers=None, **kwargs):
    headers = {**({"Authorization": token} if token else {}), **(headers or {})}
    return getattr(requests, method)(
        f"{portal.url}/api/3/action/{action}", headers=headers, timeout=10, **kwargs
    )


# --- the read API -----------------------------------------------------------------------


def test_catalogue_is_loaded_as_it_is_with_its_faults(portal):
    ckan = portal.client(token=False)
    assert {"legepladser-ballerup", "parkering-aarhus", "toiletter-aarhus"} <= set(
        ckan.action.package_list()
    )
    faulty = ckan.action.package_show(id="legepladser-ballerup")
    assert faulty["author_email"] == "not-an-email"
    assert "license_id" not in faulty["resources"][0]
    assert faulty["num_resources"] == 1 and faulty["organization"]["name"] == "ballerup-kommune"


def test_status_show_and_the_envelope_are_ckans(portal):
    r = api(portal, "status_show", method="get")
    body = r.json()
    assert r.status_code == 200 and body["success"] is True
    assert body["help"] == f"{portal.url}/api/3/action/help_show?name=status_show"
    assert body["result"]["ckan_version"].startswith("2.11")
    assert "changes" not in ckanapi.RemoteCKAN(portal.url).action.help_show(name="package_show")


def test_package_search_filters_like_ckan(portal):
    ckan = portal.client(token=False)

    def names(**kw):
        return sorted(p["name"] for p in ckan.action.package_search(rows=100, **kw)["results"])

    assert names(q="toiletter") == ["toiletter-aarhus"]
    assert names(q="aarhus parkering") == ["parkering-aarhus"]
    assert names(fq="organization:city-of-aarhus") == ["parkering-aarhus", "toiletter-aarhus"]
    assert names(fq="tags:børn") == ["legepladser-ballerup"]
    assert names(fq="res_format:GEOJSON") == ["legepladser-ballerup", "toiletter-aarhus"]
    assert names(fq="license_id:CC_BY") == ["parkering-aarhus"]
    assert names(fq="data_themes:SOCI -organization:ballerup-kommune") == ["toiletter-aarhus"]
    assert names(fq="data_themes:(TRAN OR EDUC)") == ["legepladser-ballerup", "parkering-aarhus"]
    assert names(q="tags:parkering OR tags:toiletter") == ["parkering-aarhus", "toiletter-aarhus"]
    assert names(fq_list=["organization:city-of-aarhus", "tags:trafik"]) == ["parkering-aarhus"]
    assert names(q="*:*", fq="metadata_modified:[2025-02-01 TO *]") == [
        "parkering-aarhus",
        "toiletter-aarhus",
    ]


def test_package_search_pages_sorts_and_counts_facets_as_ckan(portal):
    ckan = portal.client(token=False)
    result = ckan.action.package_search(
        q="",
        rows=1,
        start=1,
        sort="metadata_modified desc",
        **{"facet.field": ["organization", "res_format"]},
    )
    assert set(result) >= {"count", "results", "facets", "search_facets", "sort"}
    assert result["count"] >= 3 and len(result["results"]) == 1
    all_sorted = ckan.action.package_search(rows=1000, sort="metadata_modified desc")["results"]
    assert result["results"][0]["name"] == all_sorted[1]["name"]
    org_facet = result["search_facets"]["organization"]
    assert org_facet["title"] == "organization"
    aarhus = next(i for i in org_facet["items"] if i["name"] == "city-of-aarhus")
    assert aarhus["display_name"] == "Aarhus Kommune" and aarhus["count"] >= 2
    assert result["facets"]["organization"]["city-of-aarhus"] == aarhus["count"]
    # facet.field also comes as a JSON string in a GET query, as the CKAN docs show it
    r = api(
        portal,
        "package_search",
        method="get",
        params={"fq": "organization:ballerup-kommune", "facet.field": '["res_format"]'},
    )
    assert r.json()["result"]["search_facets"]["res_format"]["items"] == [
        {"name": "GEOJSON", "display_name": "GEOJSON", "count": 1}
    ]


def test_organizations_and_groups_are_listed_as_ckan(portal):
    ckan = portal.client(token=False)
    assert ckan.action.organization_list(organizations=["city-of-aarhus", "ballerup-kommune"]) == [
        "city-of-aarhus",
        "ballerup-kommune",
    ]  # sorted by title: Aarhus Kommune, Ballerup Kommune
    full = ckan.action.organization_list(all_fields=True, sort="name asc", limit=2)
    assert [o["name"] for o in full] == ["ballerup-kommune", "city-of-aarhus"]
    assert full[0]["package_count"] == 1 and full[0]["title"] == "Ballerup Kommune"
    org = ckan.action.organization_show(id="city-of-aarhus", include_datasets=True)
    assert org["package_count"] >= 2 and "toiletter-aarhus" in [p["name"] for p in org["packages"]]
    assert ckan.action.group_list() == ["tran"]
    with pytest.raises(ckanapi.NotFound):
        ckan.action.organization_show(id="no-such-kommune")


def test_an_organization_can_be_created_for_practice(portal):
    ckan = portal.client()
    org = ckan.action.organization_create(name="test-kommune", title="Test Kommune")
    assert org["is_organization"] and org["package_count"] == 0
    assert "test-kommune" in ckan.action.organization_list()
    with pytest.raises(ckanapi.ValidationError):
        ckan.action.organization_create(name="test-kommune")
    with pytest.raises(ckanapi.NotAuthorized):
        portal.client(token=False).action.organization_create(name="anden-kommune")


def test_a_local_file_is_served_at_its_resource_url(portal, catalogue):
    res = portal.client(token=False).action.resource_show(id="toiletter-aarhus-res-0")
    assert res["url"].startswith(portal.url + "/dataset/")
    r = requests.get(res["url"], timeout=10)
    assert r.status_code == 200
    assert r.content == (catalogue.parent / "facilities" / "toiletter.csv").read_bytes()


# --- writes, tokens and uploads ---------------------------------------------------------


def test_publish_round_trip_with_ckanapi(portal, tmp_path):
    ckan = portal.client()
    created = ckan.action.package_create(**new_dataset("cykelparkering-aarhus"))
    assert created["organization"]["name"] == "city-of-aarhus" and created["state"] == "active"
    assert created["tags"][0]["name"] == "cykler"

    found = ckan.action.package_search(q="cykelparkering")
    assert [p["name"] for p in found["results"]] == ["cykelparkering-aarhus"]

    patched = ckan.action.package_patch(id="cykelparkering-aarhus", title="Cykelstativer i Aarhus")
    assert patched["title"] == "Cykelstativer i Aarhus" and patched["notes"] == created["notes"]

    data = "id;navn;antal\r\n1;Banegården;120\r\n2;Ø-gaden;40\r\n".encode("cp1252") + bytes(
        range(256)
    )
    (tmp_path / "cykler.csv").write_bytes(data)
    with open(tmp_path / "cykler.csv", "rb") as f:
        res = ckan.action.resource_create(
            package_id=created["id"], name="Cykelstativer", format="CSV", upload=f
        )
    assert res["url_type"] == "upload" and res["license_id"] == "CC0"  # the portal's default
    assert res["url"].startswith(
        f"{portal.url}/dataset/{created['id']}/resource/{res['id']}/download/"
    )
    download = requests.get(res["url"], timeout=10)
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == hashlib.sha256(data).hexdigest()

    (tmp_path / "cykler-2025.csv").write_bytes(b"id;antal\n1;130\n")
    with open(tmp_path / "cykler-2025.csv", "rb") as f:
        updated = ckan.action.resource_update(
            id=res["id"], name="Cykelstativer 2025", format="CSV", license_id="CC_BY", upload=f
        )
    assert updated["license_id"] == "CC_BY" and updated["url"].endswith("/cykler-2025.csv")
    assert requests.get(updated["url"], timeout=10).content == b"id;antal\n1;130\n"

    # a whole-dataset update from package_show keeps the uploaded file
    shown = ckan.action.package_show(id="cykelparkering-aarhus")
    shown["notes"] = "Opdateret beskrivelse."
    again = ckan.action.package_update(**shown)
    assert (
        again["resources"][0]["url"] == updated["url"]
        and again["notes"] == "Opdateret beskrivelse."
    )

    ckan.action.package_delete(id="cykelparkering-aarhus")
    assert ckan.action.package_search(q="cykelparkering")["count"] == 0
    assert "cykelparkering-aarhus" not in ckan.action.package_list()
    with pytest.raises(ckanapi.NotAuthorized):
        portal.client(token=False).action.package_show(id="cykelparkering-aarhus")
    assert ckan.action.package_show(id="cykelparkering-aarhus")["state"] == "deleted"
    ckan.action.dataset_purge(id="cykelparkering-aarhus")
    with pytest.raises(ckanapi.NotFound):
        ckan.action.package_show(id="cykelparkering-aarhus")
    assert requests.get(updated["url"], timeout=10).status_code == 404


@pytest.mark.parametrize("token", [None, "oddk-not-a-real-token"])
def test_writes_without_a_valid_token_are_refused_and_change_nothing(portal, token):
    before = portal.client(token=False).action.package_search(rows=1000)
    ckan = ckanapi.RemoteCKAN(portal.url, apikey=token)
    with pytest.raises(ckanapi.NotAuthorized):
        ckan.action.package_create(**new_dataset("uden-adgang"))
    with pytest.raises(ckanapi.NotAuthorized):
        ckan.action.package_patch(id="toiletter-aarhus", title="Ændret")
    with pytest.raises(ckanapi.NotAuthorized):
        ckan.action.package_delete(id="toiletter-aarhus")
    with pytest.raises(ckanapi.NotAuthorized):
        ckan.action.resource_create(package_id="toiletter-aarhus", url="https://example.dk/x.csv")
    r = api(portal, "package_create", token=token, json=new_dataset("uden-adgang"))
    body = r.json()
    assert r.status_code == 403 and body["success"] is False
    assert body["error"]["__type"] == "Authorization Error"
    assert body["error"]["message"].startswith("Access denied: ")
    after = portal.client(token=False).action.package_search(rows=1000)
    assert after == before


def test_invalid_datasets_are_refused_with_field_messages(portal):
    ckan = portal.client()
    with pytest.raises(ckanapi.ValidationError) as e:
        ckan.action.package_create(
            name="Ikke Gyldigt Navn",
            title="",
            author_email="anna@",
            owner_org="no-such-org",
            data_themes=["TRAFIK"],
            update_frequency="SOMETIMES",
            resources=[{"url": "https://x.dk/a.csv", "license_id": "MIT"}],
        )
    errors = e.value.error_dict
    assert errors["__type"] == "Validation Error"
    assert "lowercase alphanumeric" in errors["name"][0]
    assert errors["title"] == ["Missing value"] and errors["notes"] == ["Missing value"]
    assert errors["author"] == ["Missing value"]
    assert "not a valid format" in errors["author_email"][0]
    assert errors["owner_org"][0].startswith("Organization does not exist")
    assert errors["data_themes"][0].startswith("unexpected choice 'TRAFIK'")
    assert errors["update_frequency"][0].startswith("unexpected choice")
    assert errors["resources"][0]["license_id"][0].startswith("unexpected choice 'MIT'")
    with pytest.raises(ckanapi.ValidationError) as e:
        ckan.action.package_create(**new_dataset("toiletter-aarhus"))
    assert e.value.error_dict["name"] == ["That URL is already in use."]
    assert "toiletter-aarhus" in ckan.action.package_list()


def test_bad_requests_get_ckan_shaped_errors_without_a_stack_trace(portal, tmp_path):
    bodies = []

    def check(r, status):
        assert r.status_code == status, r.text
        bodies.append(r.text)
        return r.json()

    assert (
        check(api(portal, "package_frobnicate", json={}), 400)
        == "Bad request - Action name not known: package_frobnicate"
    )
    msg = check(
        api(
            portal,
            "package_create",
            token=portal.token,
            data=b'{"name": "x",',
            headers={"Content-Type": "application/json"},
        ),
        400,
    )
    assert msg.startswith("Bad request - JSON Error:")
    msg = check(
        api(portal, "package_show", data=b"[1, 2]", headers={"Content-Type": "application/json"}),
        400,
    )
    assert "needs to be a dictionary" in msg
    msg = check(api(portal, "package_create", method="get", token=portal.token), 400)
    assert "Please use POST" in msg
    err = check(api(portal, "package_search", json={"rows": "ten", "start": -1}), 409)["error"]
    assert err["__type"] == "Validation Error" and "Invalid integer" in err["rows"][0]
    assert "natural number" in err["start"][0]
    err = check(
        api(
            portal,
            "package_create",
            token=portal.token,
            json=new_dataset("forkerte-typer", tags="cykler", title=42),
        ),
        409,
    )["error"]
    assert "Must be a list" in err["tags"][0] and "Must be a string" in err["title"][0]
    err = check(api(portal, "package_search", json={"sort": "popularity desc"}), 400)["error"]
    assert err["__type"] == "Search Query Error"
    err = check(api(portal, "package_show", json={"id": "findes-ikke"}), 404)["error"]
    assert err == {
        "__type": "Not Found Error",
        "message": "Not found: there is no dataset with the id or name 'findes-ikke'",
    }
    # forms work too: plain fields, and (as in CKAN) a JSON object sent as a form's only key
    form = api(portal, "package_search", data={"rows": "1", "fq": "tags:børn"}).json()
    assert form["result"]["results"][0]["name"] == "legepladser-ballerup"
    curl_style = api(  # curl -d '{"id": ...}' sends JSON labelled as a form
        portal,
        "package_show",
        data='{"id": "toiletter-aarhus"}',
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert curl_style.json()["result"]["name"] == "toiletter-aarhus"
    err = check(api(portal, "package_show", json={}), 409)["error"]
    assert err["id"] == ["Missing value"]

    # an upload over the limit (1 MB here): CKAN's "File upload too large" validation error
    (tmp_path / "big.csv").write_bytes(b"x" * 1_200_000)
    with open(tmp_path / "big.csv", "rb") as f, pytest.raises(ckanapi.ValidationError) as e:
        portal.client().action.resource_create(package_id="toiletter-aarhus", upload=f)
    assert e.value.error_dict["upload"][0].startswith("File upload too large")
    assert len(portal.client().action.package_show(id="toiletter-aarhus")["resources"]) == 2
    with open(tmp_path / "big.csv", "rb") as f:
        check(
            api(
                portal,
                "resource_create",
                token=portal.token,
                data={"package_id": "toiletter-aarhus"},
                files={"upload": f},
            ),
            409,
        )
    assert not any("Traceback" in b or 'File "' in b for b in bodies)


def test_thirty_concurrent_clients_create_datasets_and_all_are_there(portal):
    barrier = threading.Barrier(30)

    def publish(i):
        ckan = ckanapi.RemoteCKAN(portal.url, apikey=portal.token)
        barrier.wait(timeout=30)
        return ckan.action.package_create(**new_dataset(f"samtidig-{i:02d}"))["name"]

    with ThreadPoolExecutor(max_workers=30) as pool:
        names = list(pool.map(publish, range(30)))  # re-raises any error, e.g. a 500
    assert names == [f"samtidig-{i:02d}" for i in range(30)]
    listed = set(portal.client(token=False).action.package_list())
    assert {f"samtidig-{i:02d}" for i in range(30)} <= listed
    assert " 500 " not in portal.log()


def test_a_restart_keeps_all_data_and_stops_cleanly(tmp_path, catalogue):
    data = tmp_path / "portal"
    with running_portal(data, catalogue) as first:
        ckan = first.client()
        ckan.action.package_create(**new_dataset("overlever-genstart"))
        (tmp_path / "f.csv").write_bytes(b"a;b\n1;2\n")
        with open(tmp_path / "f.csv", "rb") as f:
            res = ckan.action.resource_create(package_id="overlever-genstart", upload=f)
        ckan.action.package_patch(id="toiletter-aarhus", title="Toiletter (ændret)")
    assert first.process.returncode is not None
    with sqlite3.connect(data / "portal.sqlite") as con:  # concurrent writers wait, not fail
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert "Finished server process" in first.log()  # uvicorn's clean shutdown on SIGTERM
    with running_portal(data, catalogue) as second:
        ckan = second.client(token=False)
        assert ckan.action.package_show(id="overlever-genstart")["author"] == "Anna Jensen"
        assert ckan.action.package_show(id="toiletter-aarhus")["title"] == "Toiletter (ændret)"
        assert len(ckan.action.package_list()) == 4  # the catalogue is not loaded twice
        url = ckan.action.resource_show(id=res["id"])["url"]
        assert url.startswith(second.url) and requests.get(url, timeout=10).content == b"a;b\n1;2\n"
        with pytest.raises(ckanapi.NotAuthorized):  # the first run's token still counts
            ckanapi.RemoteCKAN(second.url, apikey="oddk-wrong").action.package_delete(
                id="overlever-genstart"
            )
        ckanapi.RemoteCKAN(second.url, apikey=first.token).action.package_delete(
            id="overlever-genstart"
        )


def test_the_web_page_lists_and_shows_datasets(portal):
    index = requests.get(portal.url + "/", params={"q": "toiletter"}, timeout=10)
    assert index.status_code == 200 and '<html lang="en">' in index.text
    assert 'href="dataset/toiletter-aarhus"' in index.text and "parkering-aarhus" not in index.text
    page = requests.get(portal.url + "/dataset/toiletter-aarhus", timeout=10)
    assert page.status_code == 200 and "Offentlige toiletter i Aarhus" in page.text
    assert (
        'href="../dataset/toiletter-aarhus-id/resource/toiletter-aarhus-res-0/download/toiletter.csv"'
        in page.text
    )
    assert requests.get(portal.url + "/dataset/findes-ikke", timeout=10).status_code == 404


def test_a_token_is_printed_once_and_stored_hashed(tmp_path):
    import contextlib
    import io

    from oddk.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["portal", "token", "create", "anna", "--data", str(tmp_path)]) == 0
    token = out.getvalue().strip()
    assert token.startswith("oddk-") and len(token) > 40
    assert token.encode() not in (tmp_path / "portal.sqlite").read_bytes()
    from oddk.portal.auth import user_for_token

    assert user_for_token(Store(tmp_path), token) == "anna"
    assert user_for_token(Store(tmp_path), token + "x") is None


# --- pieces -----------------------------------------------------------------------------


def test_name_rules_are_ckans():
    assert validate.name_errors("cykler-2024_v2") == []
    assert validate.name_errors("x") == ["Must be at least 2 characters long"]
    assert "maximum of 100" in validate.name_errors("a" * 101)[0]
    assert (
        "try 'offentlige-toiletter-i-aarhus'"
        in validate.name_errors("Offentlige toiletter i Århus")[0]
    )


def test_tags_may_come_as_ckans_tag_string():
    pkg = {"tag_string": "parkering, trafik,bænke"}
    validate.check_package(pkg, lambda ident: None)
    assert pkg["tags"] == [{"name": "parkering"}, {"name": "trafik"}, {"name": "bænke"}]


def test_query_parser_reads_solr_clauses():
    groups = search.parse('tags:"to ord" -organization:x OR res_format:CSV')
    assert groups == [
        [(False, "tags", '"to ord"'), (True, "organization", "x")],
        [(False, "res_format", "CSV")],
    ]


@pytest.mark.skipif(
    not (REAL_CATALOGUE / "packages.json").is_file(),
    reason="the embedded catalogue is not generated yet",
)
def test_the_real_catalogue_is_served_as_it_is_and_its_shipped_files_download(tmp_path):
    expected = json.loads((REAL_CATALOGUE / "packages.json").read_text("utf-8"))
    shipped = json.loads((REAL_CATALOGUE / "local_files.json").read_text("utf-8"))
    local_ids = {entry["resource_id"] for entry in shipped}
    with running_portal(tmp_path / "portal", REAL_CATALOGUE) as portal:
        ckan = portal.client(token=False)
        assert sorted(ckan.action.package_list()) == sorted(p["name"] for p in expected)
        assert ckan.action.package_search(rows=0)["count"] == len(expected)
        for original in expected:
            served = ckan.action.package_show(id=original["name"])
            for res in served["resources"]:  # shipped files are served by the portal itself
                if res["id"] in local_ids:
                    assert res["url"].startswith(portal.url + "/dataset/")
                    res["url"], res["url_type"] = None, None
            for res in original["resources"]:
                if res["id"] in local_ids:
                    res["url"], res["url_type"] = None, None
            assert served == original, f"{original['name']} changed on loading"
        for entry in shipped:
            url = ckan.action.resource_show(id=entry["resource_id"])["url"]
            body = requests.get(url, timeout=10).content
            assert body == (ROOT / "datasets" / entry["path"]).read_bytes(), entry["path"]
            for companion in entry.get("companions") or []:  # a shapefile's .dbf and .shx
                sidecar = url.rsplit("/", 1)[0] + "/" + companion.rsplit("/", 1)[1]
                assert (
                    requests.get(sidecar, timeout=10).content
                    == (ROOT / "datasets" / companion).read_bytes()
                )


def test_ctrl_c_stops_the_portal_cleanly_and_reset_starts_again(tmp_path, catalogue):
    import signal
    import subprocess

    from oddk.portal.testing import free_port, start_process, wait_until_up

    data = tmp_path / "portal"
    with running_portal(data, catalogue) as portal:
        portal.client().action.package_create(**new_dataset("bliver-nulstillet"))
    port = free_port()
    proc, log = start_process(data, port, catalogue)
    assert wait_until_up(f"http://127.0.0.1:{port}", proc, log)
    busy = subprocess.run(
        [sys.executable, "-m", "oddk.portal", "serve", "--port", str(port), "--data", str(data)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert busy.returncode == 1 and "already in use" in busy.stderr
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=15) is not None
    assert "Finished server process" in log.read_text()
    with running_portal(data, catalogue) as again:
        assert "bliver-nulstillet" in again.client().action.package_list()
    with running_portal(data, catalogue, reset=True) as fresh:
        names = fresh.client().action.package_list()
        assert "bliver-nulstillet" not in names and "toiletter-aarhus" in names


def test_the_binder_entry_starts_the_portal_on_a_fixed_port():
    from oddk.portal.binder import setup_portal

    entry = setup_portal()
    assert entry["port"] == 5000 and "{port}" in entry["command"]
    assert entry["command"][1:4] == ["-m", "oddk.portal", "serve"]
    assert entry["launcher_entry"]["title"] == "Practice portal"


def test_tricky_input_cannot_escape_the_data_folder_or_script_the_page(portal):
    ckan = portal.client()
    with pytest.raises(ckanapi.ValidationError) as e:
        ckan.action.package_create(
            **new_dataset("sti-forsoeg", resources=[{"id": "../../etc", "url": "x"}])
        )
    assert "letters, digits" in e.value.error_dict["resources"][0]["id"][0]
    ckan.action.package_create(
        **new_dataset(
            "script-forsoeg",
            title="<script>alert(1)</script>",
            resources=[{"name": "Klik", "url": "javascript:alert(1)"}],
        )
    )
    page = requests.get(portal.url + "/dataset/script-forsoeg", timeout=10).text
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="javascript:' not in page


def test_an_uploaded_file_can_be_replaced_by_a_link(portal, tmp_path):
    ckan = portal.client()
    pkg = ckan.action.package_create(**new_dataset("fil-bliver-link"))
    (tmp_path / "a.csv").write_bytes(b"a\n1\n")
    with open(tmp_path / "a.csv", "rb") as f:
        res = ckan.action.resource_create(package_id=pkg["id"], upload=f)
    patched = ckan.action.resource_patch(id=res["id"], url="https://example.dk/a.csv")
    assert patched["url"] == "https://example.dk/a.csv" and patched["url_type"] is None
    shown = ckan.action.package_show(id=pkg["id"])
    shown["resources"][0]["url"] = "https://example.dk/b.csv"
    updated = ckan.action.package_update(**shown)
    assert updated["resources"][0]["url"] == "https://example.dk/b.csv"
    assert updated["resources"][0]["url_type"] is None


def test_an_unexpected_error_is_answered_in_ckans_shape_without_details(tmp_path, monkeypatch):
    import asyncio

    import httpx

    from oddk.portal import actions
    from oddk.portal.app import create_app

    def broken(ctx, data):
        raise RuntimeError("secret detail from inside the server")

    broken.side_effect_free, broken.write = True, False
    monkeypatch.setitem(actions.all_actions(), "status_show", broken)
    app = create_app(Store(tmp_path), "http://testserver", 1000)

    async def call():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            return await c.get("/api/3/action/status_show")

    r = asyncio.run(call())
    assert r.status_code == 500
    assert r.json()["error"] == {
        "__type": "Internal Server Error",
        "message": "Internal Server Error",
    }
    assert "secret" not in r.text and "Traceback" not in r.text


def test_behind_a_path_prefix_urls_carry_the_prefix_and_it_answers_there(tmp_path, catalogue):
    site = "http://127.0.0.1:{port}/practice/portal"
    with running_portal(tmp_path / "portal", catalogue, site_url=site) as portal:
        prefixed = portal.url + "/practice/portal"
        res = ckanapi.RemoteCKAN(prefixed).action.resource_show(id="toiletter-aarhus-res-0")
        assert res["url"].startswith(prefixed + "/dataset/toiletter-aarhus-id/resource/")
        assert requests.get(res["url"], timeout=10).status_code == 200  # a full-path proxy
        direct = portal.url + res["url"][len(prefixed) :]
        assert requests.get(direct, timeout=10).status_code == 200  # a stripping proxy
        page = requests.get(prefixed, timeout=10)  # redirected to .../portal/
        assert page.url == prefixed + "/" and 'href="dataset/toiletter-aarhus"' in page.text


@pytest.mark.skipif(
    not (REAL_CATALOGUE / "faults.json").is_file(), reason="the embedded catalogue is not there"
)
def test_the_snapshots_faults_must_be_fixed_before_a_dataset_can_be_changed(tmp_path):
    faults = json.loads((REAL_CATALOGUE / "faults.json").read_text("utf-8"))
    with running_portal(tmp_path / "portal", REAL_CATALOGUE) as portal:
        ckan = portal.client()
        for fault in faults:
            if fault["field"] in ("notes", "author_email"):
                with pytest.raises(ckanapi.ValidationError) as e:
                    ckan.action.package_patch(id=fault["dataset"], version="2")
                assert fault["field"] in e.value.error_dict, fault
            elif fault["field"] == "license_id":  # a write gives the resource the default
                res = ckan.action.resource_patch(id=fault["resource_id"], description="Rettet")
                assert res["license_id"] == "CC0"


def test_a_notebook_run_gets_the_url_as_parameter_and_the_token_in_the_environment(tmp_path):
    from oddk.portal.testing import portal_for_run

    with portal_for_run(tmp_path / "portal") as (parameters, env):
        assert set(parameters) == {"portal_url"} and set(env) == {"ODDK_API_KEY"}
        ckan = ckanapi.RemoteCKAN(parameters["portal_url"], apikey=env["ODDK_API_KEY"])
        assert ckan.action.status_show()["site_url"] == parameters["portal_url"]
        assert ckan.action.organization_create(name="harness-test")["name"] == "harness-test"


def test_a_private_dataset_shows_only_with_a_token(portal):
    ckan, anonymous = portal.client(), portal.client(token=False)
    ckan.action.package_create(**new_dataset("privat-udkast", private=True))
    assert "privat-udkast" not in anonymous.action.package_list()
    assert anonymous.action.package_search(q="privat-udkast", include_private=True)["count"] == 0
    assert ckan.action.package_search(q="privat-udkast", include_private=True)["count"] == 1
    assert ckan.action.package_search(q="privat-udkast")["count"] == 0  # as CKAN: ask for it
    with pytest.raises(ckanapi.NotAuthorized):
        anonymous.action.package_show(id="privat-udkast")
    assert ckan.action.package_show(id="privat-udkast")["private"] is True
    page = requests.get(portal.url + "/dataset/privat-udkast", timeout=10).text
    assert "<strong>Private.</strong>" in page  # the practice page shows it, marked
