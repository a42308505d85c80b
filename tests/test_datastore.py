"""CKAN's DataStore on the practice portal and offline (issue 17): datastore_search through
ckanapi gives the records, total and paging of the real answer the kit ships
(datasets/real/mobility, Aarhus Kommune, CC BY 4.0); q, filters, fields, sort, limit and
offset behave as CKAN's; the offline catalogue answers the same."""

from __future__ import annotations

import csv
import json

import ckanapi
import pytest
import requests

from oddk.catalogue import connect
from oddk.paths import datasets_dir
from oddk.portal.testing import running_portal

REAL = datasets_dir() / "real" / "mobility"
ANSWER = json.loads((REAL / "aarhus-trafikdata-datastore-search.json").read_text(encoding="utf-8"))
SEGMENTS = ANSWER["result"]["resource_id"]


def _readings_id() -> str:
    files = json.loads((datasets_dir() / "catalogue" / "local_files.json").read_text("utf-8"))
    return next(f["resource_id"] for f in files if f.get("datastore", "").endswith("03-22.csv"))


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    with running_portal(tmp_path_factory.mktemp("portal")) as handle:
        yield handle


@pytest.fixture(scope="module")
def ckan(portal):
    return portal.client(token=False)


def test_the_real_answer_comes_back_whole_with_its_links(ckan):
    got = ckan.action.datastore_search(resource_id=SEGMENTS, limit=500)
    real = ANSWER["result"]
    assert set(real) <= set(got) and got["total_was_estimated"] is False
    assert got["records"] == real["records"], "the records, in their own order, numbers as text"
    assert got["fields"] == real["fields"] and got["total"] == real["total"] == 449
    assert got["_links"] == real["_links"]


def test_paging_with_limit_and_offset_gives_every_record_once(ckan):
    pages = [ckan.action.datastore_search(resource_id=SEGMENTS, limit=100, offset=o)
             for o in range(0, 500, 100)]
    assert [len(p["records"]) for p in pages] == [100, 100, 100, 100, 49]
    assert [r for p in pages for r in p["records"]] == ANSWER["result"]["records"]
    assert pages[1]["_links"]["next"].startswith("/api/action/datastore_search?offset=200&limit=100")
    assert {p["total"] for p in pages} == {449}


def test_q_filters_fields_and_sort_answer_as_the_datastore(ckan):
    records = ANSWER["result"]["records"]
    found = ckan.action.datastore_search(resource_id=SEGMENTS, q="hinnerup", limit=1000)
    want = [r for r in records if any("hinnerup" in str(v).lower().split() for k, v in r.items()
                                      if isinstance(v, str))]
    assert found["total"] == len(want) > 0
    cowi = ckan.action.datastore_search(resource_id=SEGMENTS, filters={"ORGANISATION": "COWI"},
                                        fields=["REPORT_ID", "ORGANISATION"], limit=1000)
    assert cowi["total"] == sum(r["ORGANISATION"] == "COWI" for r in records)
    assert [f["id"] for f in cowi["fields"]] == ["REPORT_ID", "ORGANISATION"]
    assert all(set(r) == {"REPORT_ID", "ORGANISATION"} for r in cowi["records"])
    longest = ckan.action.datastore_search(resource_id=SEGMENTS, sort="DISTANCE_IN_METERS desc",
                                           limit=3)
    assert [r["DISTANCE_IN_METERS"] for r in longest["records"]] == sorted(
        (r["DISTANCE_IN_METERS"] for r in records), reverse=True)[:3]
    two = ckan.action.datastore_search(resource_id=SEGMENTS, sort="ROAD_TYPE, REPORT_ID desc",
                                       limit=1000)["records"]
    assert two == sorted(sorted(records, key=lambda r: -r["REPORT_ID"]),
                         key=lambda r: r["ROAD_TYPE"])


def test_both_api_paths_answer_and_a_wrong_call_gets_ckans_errors(portal, ckan):
    for prefix in ("/api/action/", "/api/3/action/"):
        res = requests.get(f"{portal.url}{prefix}datastore_search",
                           params={"resource_id": SEGMENTS, "limit": 1}, timeout=10)
        assert res.status_code == 200 and res.json()["result"]["total"] == 449
    with pytest.raises(ckanapi.NotFound):
        ckan.action.datastore_search(resource_id="not-a-resource")
    with pytest.raises(ckanapi.ValidationError, match="not in table"):
        ckan.action.datastore_search(resource_id=SEGMENTS, fields=["nope"])
    with pytest.raises(ckanapi.ValidationError):
        ckan.action.datastore_search(resource_id=SEGMENTS, limit="many")


def test_a_csv_resource_is_a_table_of_numbers_and_text_with_its_row_ids(ckan):
    rid = _readings_id()
    with open(REAL / "aarhus-realtids-trafikdata-2024-03-22.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    info = ckan.action.datastore_info(id=rid)
    assert info["meta"]["count"] == len(rows) == 928
    types = {f["id"]: f["type"] for f in info["fields"]}
    assert types["vehicleCount"] == "int4" and types["TIMESTAMP"] == "text"
    one = ckan.action.datastore_search(resource_id=rid, filters={"REPORT_ID": 158505})
    assert one["total"] == sum(r["REPORT_ID"] == "158505" for r in rows)
    assert all(isinstance(r["vehicleCount"], int) for r in one["records"])


def test_the_offline_catalogue_answers_as_the_practice_portal(ckan):
    offline = connect("offline")
    for query in ({"limit": 7, "offset": 440}, {"q": "Aarhus", "sort": "REPORT_ID"},
                  {"filters": {"ROAD_TYPE": "MAJOR_ROAD"}, "fields": "REPORT_ID,ROAD_TYPE"}):
        assert offline.call("datastore_search", resource_id=SEGMENTS, **query) == \
            ckan.action.datastore_search(resource_id=SEGMENTS, **query)
    table = offline.datastore_records(SEGMENTS, page=100)
    assert len(table) == 449 and list(table.columns) == [f["id"] for f in ANSWER["result"]["fields"]]
    with pytest.raises(ckanapi.NotFound):
        offline.call("datastore_search", resource_id="not-a-resource")


def test_the_traffic_dataset_is_in_the_catalogue_with_its_datastore_resources(ckan):
    pkg = ckan.action.package_show(id="realtids-trafikdata")
    active = {r["id"]: r["datastore_active"] for r in pkg["resources"]}
    assert active[SEGMENTS] is True and active[_readings_id()] is True
    assert {r["license_id"] for r in pkg["resources"]} == {"CC_BY"}
    assert pkg["notes"].startswith("Rigtige data")


def test_odd_calls_get_ckans_validation_errors_never_a_crash(ckan):
    for bad in ({"sort": "DISTANCE_IN_METERS sideways"}, {"sort": [1]}, {"fields": 5},
                {"records_format": "xml"}, {"foo": "bar"}, {"sort": "nope desc"}):
        with pytest.raises(ckanapi.ValidationError):
            ckan.action.datastore_search(resource_id=SEGMENTS, **bad)
    assert ckan.action.datastore_search(resource_id=SEGMENTS, sort="DISTANCE_IN_METERS,",
                                        limit=1)["total"] == 449
    assert ckan.action.datastore_search(resource_id=SEGMENTS, q="{oops", limit=1)["total"] == 0


def test_full_text_words_as_postgresql_makes_them(ckan):
    records = ANSWER["result"]["records"]
    first = records[0]
    by_number = ckan.action.datastore_search(resource_id=SEGMENTS, q=str(first["REPORT_ID"]))
    assert first["REPORT_ID"] in {r["REPORT_ID"] for r in by_number["records"]}
    assert ckan.action.datastore_search(resource_id=SEGMENTS, q="BT", limit=1)["total"] == sum(
        "_BT_" in r["REPORT_NAME"] for r in records)
    assert ckan.action.datastore_search(resource_id=SEGMENTS, q="Hinn")["total"] == 0
    assert ckan.action.datastore_search(resource_id=SEGMENTS, q="the Hinnerup")["total"] > 0


def test_distinct_lists_and_no_total(ckan):
    kinds = ckan.action.datastore_search(resource_id=SEGMENTS, fields="ROAD_TYPE", distinct=True)
    assert sorted(r["ROAD_TYPE"] for r in kinds["records"]) == sorted(
        {r["ROAD_TYPE"] for r in ANSWER["result"]["records"]})
    lists = ckan.action.datastore_search(resource_id=SEGMENTS, fields=["REPORT_ID", "ROAD_TYPE"],
                                         records_format="lists", limit=2)
    assert lists["records"] == [[r["REPORT_ID"], r["ROAD_TYPE"]]
                                for r in ANSWER["result"]["records"][:2]]
    assert "total" not in ckan.action.datastore_search(resource_id=SEGMENTS, include_total=False)
