"""The embedded data (datasets/): reproducible, described by files.yaml, and true to its cards.

The generator runs once per test session into a temporary folder (a second run after
the committed one), and the tests read the files the way a learner's reader would,
using only what datasets/files.yaml says about each file.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest
import yaml

from oddk.generate import build_all, compare, generated_paths, geofa
from oddk.generate.common import RADIUS_M, load_municipalities, to_utm


@pytest.fixture(scope="module")
def datasets(root) -> Path:
    return root / "datasets"


@pytest.fixture(scope="module")
def fresh(datasets, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("datasets")
    build_all(target, datasets / "reference")
    return target


@pytest.fixture(scope="module")
def register(datasets) -> dict:
    doc = yaml.safe_load((datasets / "files.yaml").read_text(encoding="utf-8"))
    return {e["path"]: e for e in doc["files"]}


@pytest.fixture(scope="module")
def towns(datasets) -> dict:
    return load_municipalities(datasets / "reference")


def read_table(datasets: Path, entry: dict) -> list[dict]:
    """Rows of a tabular file as dicts of strings, read only from files.yaml's facts."""
    path = datasets / entry["path"]
    fmt = entry["format"]
    if fmt == "csv":
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") == entry["bom"], f"{path.name}: BOM as files.yaml says"
        text = raw.decode("utf-8-sig" if entry["bom"] else entry["encoding"])
        return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=entry["separator"]))
    if fmt == "geojson":
        doc = json.loads(path.read_text(encoding="utf-8"))
        return [{**f["properties"], "_lon": f["geometry"]["coordinates"][0],
                 "_lat": f["geometry"]["coordinates"][1]} for f in doc["features"]]
    if fmt == "xlsx":
        from openpyxl import load_workbook

        ws = load_workbook(path, read_only=True)[entry["sheets"][0]]
        rows = list(ws.iter_rows(values_only=True))[entry["header_row"] - 1:]
        return [dict(zip(rows[0], r)) for r in rows[1:]]
    if fmt == "shapefile-shp":
        import shapefile

        with shapefile.Reader(str(path.with_suffix("")), encoding=entry["encoding"]) as r:
            names = [f[0] for f in r.fields[1:]]
            return [{**dict(zip(names, rec)), "_x": s.points[0][0], "_y": s.points[0][1]}
                    for rec, s in zip(r.records(), r.shapes())]
    raise AssertionError(f"no test reader for {fmt}")


def _num(value, entry) -> float:
    text = str(value)
    if entry.get("decimal") == ",":
        text = text.replace(",", ".")
    return float(text)


def source_xy(row: dict, entry: dict) -> tuple[float, float]:
    """A source row's point in EPSG:25832, unrounded."""
    if "_x" in row:
        return row["_x"], row["_y"]
    if "_lon" in row:
        return to_utm(row["_lon"], row["_lat"])
    cols = entry["coordinates"]
    if "lat" in cols:
        return to_utm(_num(row[cols["lon"]], entry), _num(row[cols["lat"]], entry))
    return _num(row[cols["x"]], entry), _num(row[cols["y"]], entry)


def facility_sources(register: dict) -> list[dict]:
    return [e for e in register.values() if e.get("facility")]


# --- reproducibility -----------------------------------------------------------------

def test_fresh_generation_equals_committed_files_byte_for_byte(fresh, datasets):
    assert compare(fresh, datasets) == []


def test_a_changed_file_is_reported_by_the_check(fresh, tmp_path):
    import shutil

    copy = tmp_path / "datasets"
    shutil.copytree(fresh, copy)
    target = copy / "facilities" / "aarhus-toiletter-synthetic.csv"
    target.write_bytes(target.read_bytes() + b"x")
    (copy / "facilities" / "stray.csv").write_text("a\n1\n")
    problems = compare(fresh, copy)
    assert any("aarhus-toiletter-synthetic.csv" in p for p in problems)
    assert any("stray.csv" in p for p in problems)


def test_xlsx_files_carry_the_snapshot_date_not_the_clock(datasets, register):
    import zipfile

    for rel, entry in register.items():
        if entry.get("format") != "xlsx":
            continue
        with zipfile.ZipFile(datasets / rel) as z:
            assert {i.date_time for i in z.infolist()} == {(2026, 11, 1, 0, 0, 0)}, rel
            core = z.read("docProps/core.xml").decode()
            assert core.count("2026-11-01T00:00:00Z") == 2, rel


# --- files.yaml ----------------------------------------------------------------------

def test_files_yaml_lists_exactly_the_generated_files(datasets, register):
    listed = {p for p in register if not p.startswith("reference/")}
    assert listed == generated_paths(datasets) - {"files.yaml"}


def test_csv_files_read_as_files_yaml_says(datasets, register):
    for rel, entry in register.items():
        if entry.get("format") != "csv" or entry.get("readable") is False:
            continue
        rows = read_table(datasets, entry)
        first = (datasets / rel).read_bytes().decode(
            "utf-8-sig" if entry["bom"] else entry["encoding"]).split("\n", 1)[0]
        assert next(csv.reader([first.rstrip("\r")], delimiter=entry["separator"])) == entry["header"], rel
        assert len(rows) == entry["rows"], rel
        assert first.endswith("\r") == (entry["line_ending"] == "CRLF"), rel


def test_total_committed_data_stays_small(datasets):
    total = sum(p.stat().st_size for p in datasets.rglob("*") if p.is_file())
    assert total < 10 * 1024 * 1024, f"datasets/ holds {total / 1e6:.1f} MB; the budget is 25 MB"


# --- facilities and the GeoFA answer key ---------------------------------------------

def test_there_are_toilets_from_four_municipalities_and_two_each_of_playgrounds_and_parking(register):
    by_kind: dict[str, set] = {}
    for e in facility_sources(register):
        by_kind.setdefault(e["facility"], set()).add(e["kommunekode"])
    assert len(by_kind["toilet"]) >= 4
    assert len(by_kind["playground"]) >= 2 and len(by_kind["parking"]) >= 2


def test_every_facility_point_lies_within_the_stated_radius(datasets, register, towns):
    checked = 0
    for entry in facility_sources(register):
        town = towns[entry["kommunekode"]]
        cx, cy = to_utm(float(town["lon"]), float(town["lat"]))
        for row in read_table(datasets, entry):
            x, y = source_xy(row, entry)
            d = math.hypot(x - cx, y - cy)
            assert d <= RADIUS_M, f"{entry['path']}: a point lies {d:.0f} m from {town['hovedby']}"
            checked += 1
    assert checked > 150


def test_answer_key_uses_geofa_fields_and_codes(datasets, register):
    expected_types = {"toilet": {1012}, "playground": {1031, 1041}, "parking": {1351, 1162}}
    for entry in facility_sources(register):
        key_entry = register[f"facilities/answer-key/{Path(entry['path']).stem}.csv"]
        assert key_entry["source"] == entry["path"]
        assert key_entry["header"] == geofa.KEY_COLUMNS
        key = read_table(datasets, key_entry)
        assert len(key) == entry["rows"], "one key row per source row"
        for row in key:
            for field in geofa.KEY_REQUIRED:
                assert row[field] != "", f"{key_entry['path']}: {field} is required"
            assert int(row["facil_ty_k"]) in expected_types[entry["facility"]]
            assert int(row["cvr_kode"]) == geofa.CVR[entry["kommunekode"]]
            assert row["handicap_k"] == "" or int(row["handicap_k"]) in geofa.HANDICAP
            for f in ["doegnaab_k", "betaling_k"]:
                assert row[f] == "" or int(row[f]) in geofa.JA_NEJ
            assert row["antal_pl"] == "" or 0 <= int(row["antal_pl"]) <= 9999
            assert row["navn"] == row["navn"].strip() and row["navn"]
            for c in ["x", "y"]:
                assert len(row[c].split(".")[1]) == 2, "x/y rounded to the centimetre"


def test_answer_key_coordinates_follow_from_the_source_values(datasets, register):
    for entry in facility_sources(register):
        key_entry = register[f"facilities/answer-key/{Path(entry['path']).stem}.csv"]
        for src, key in zip(read_table(datasets, entry), read_table(datasets, key_entry)):
            x, y = source_xy(src, entry)
            assert (f"{x:.2f}", f"{y:.2f}") == (key["x"], key["y"]), entry["path"]


def test_every_source_carries_the_quirk_its_card_promises(datasets, register):
    raw = {rel: (datasets / rel).read_bytes() for rel in register if rel.startswith("facilities/")}
    assert raw["facilities/aarhus-toiletter-synthetic.csv"].startswith(b"\xef\xbb\xbf")
    assert "ø".encode("cp1252") in raw["facilities/aalborg-toiletter-synthetic.csv"]
    assert b"\r\n" not in raw["facilities/ballerup-toiletter-synthetic.csv"]
    assert not (datasets / "facilities/odense-parkering-synthetic.prj").exists()
    ballerup = read_table(datasets, register["facilities/ballerup-toiletter-synthetic.csv"])
    assert any(r["accessible"] == "-" for r in ballerup)


# --- the catalogue snapshot ----------------------------------------------------------

SNAPSHOT_DATE = "2026-11-01"
REQUIRED_PACKAGE = ["id", "name", "title", "title_translated", "notes", "notes_translated",
                    "owner_org", "organization", "author", "author_email", "update_frequency",
                    "data_themes", "metadata_created", "metadata_modified", "resources", "tags"]
REQUIRED_RESOURCE = ["id", "package_id", "url", "name", "format", "license_id", "position"]
EMAIL = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$"


def _load(datasets: Path, name: str):
    return json.loads((datasets / "catalogue" / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def packages(datasets):
    return _load(datasets, "packages.json")


@pytest.fixture(scope="module")
def faults(datasets):
    return {(f["dataset"], f["field"], f["resource_id"]): f for f in _load(datasets, "faults.json")}


def test_catalogue_is_big_and_varied_enough(datasets, packages):
    import uuid

    orgs = _load(datasets, "organizations.json")
    assert len(packages) >= 80 and len(orgs) >= 25
    assert [p["name"] for p in packages] == sorted(p["name"] for p in packages)
    ids = [p["id"] for p in packages] + [r["id"] for p in packages for r in p["resources"]]
    assert len(ids) == len(set(ids)) and all(uuid.UUID(i).version == 4 for i in ids)
    formats = {r["format"] for p in packages for r in p["resources"]}
    assert {"CSV", "GEOJSON", "XLSX", "SHP", "WMS_SRVC"} <= formats
    assert {"CC0", "CC_BY"} <= {r.get("license_id") for p in packages for r in p["resources"]}
    assert len({p["update_frequency"] for p in packages}) >= 4
    assert len({t for p in packages for t in p["data_themes"]}) >= 6


def test_every_record_has_the_portal_required_fields_except_listed_faults(packages, faults):
    import re
    from datetime import datetime, timedelta

    cutoff = datetime.fromisoformat(SNAPSHOT_DATE) - timedelta(days=3 * 365)
    seen = set()

    def ok(cond, pkg, field, res=None):
        key = (pkg["name"], field, res["id"] if res else None)
        if key in faults:
            assert not cond, f"listed fault {key} is not actually in the record"
            seen.add(key)
        else:
            assert cond, f"{pkg['name']}: {field} is missing or wrong and not a listed fault"

    for p in packages:
        for field in REQUIRED_PACKAGE:
            assert field in p, (p["name"], field)
        assert p["organization"]["id"] == p["owner_org"]
        assert p["state"] == "active" and p["private"] is False and p["type"] == "dataset"
        assert p["num_resources"] == len(p["resources"]) >= 1 and p["num_tags"] == len(p["tags"])
        ok(bool(p["notes"]), p, "notes")
        ok(bool(re.match(EMAIL, p["author_email"] or "")), p, "author_email")
        ok(datetime.fromisoformat(p["metadata_modified"]) >= cutoff, p, "metadata_modified")
        assert p["author"] and p["title"] and p["data_themes"]
        for i, res in enumerate(p["resources"]):
            assert res["position"] == i and res["package_id"] == p["id"]
            ok(res.get("license_id") in {"CC0", "CC_BY", "CC_BYSA"}, p, "license_id", res)
            ok(".invalid/" not in res["url"], p, "url", res)
            for field in REQUIRED_RESOURCE:
                if field != "license_id":
                    assert res.get(field) is not None, (p["name"], field)
    assert seen == set(faults), "every listed fault is found in the records"
    assert {f["fault"] for f in faults.values()} == {
        "missing-description", "no-licence", "dead-url", "invalid-email", "stale"}


def test_a_missing_licence_stays_missing(packages, faults):
    by_id = {r["id"]: r for p in packages for r in p["resources"]}
    missing = [by_id[k[2]] for k in faults if k[1] == "license_id"]
    assert any("license_id" not in r for r in missing) and any(r.get("license_id", 0) is None for r in missing)


def test_shipped_resources_map_to_files_in_datasets(datasets, packages, register):
    by_id = {r["id"]: (p, r) for p in packages for r in p["resources"]}
    local = _load(datasets, "local_files.json")
    assert len(local) >= 8
    for item in local:
        pkg, res = by_id[item["resource_id"]]
        assert res["url"] == item["url"]
        assert item["url"] == (f"https://admin.opendata.dk/dataset/{pkg['name']}/resource/"
                               f"{res['id']}/download/{Path(item['path']).name}")
        for path in [item["path"], *item["companions"]]:
            assert path in register and (datasets / path).is_file(), path
        assert res["size"] == (datasets / item["path"]).stat().st_size


def test_organisation_and_group_counts_match_the_packages(datasets, packages):
    for org in _load(datasets, "organizations.json"):
        assert org["package_count"] == sum(p["owner_org"] == org["id"] for p in packages)
        assert org["type"] == "organization" and org["is_organization"] is True
    for g in _load(datasets, "groups.json"):
        assert g["name"].upper() in {t for p in packages for t in p["data_themes"]} or g["package_count"] == 0
