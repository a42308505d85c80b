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
from oddk.generate.common import load_municipalities, to_utm

#: The radius the facilities and mobility cards state (metres, EPSG:25832).
STATED_RADIUS_M = 6000.0


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
    return {e["path"]: e for e in doc["files"] + doc.get("bad_files", [])}


@pytest.fixture(scope="module")
def towns(datasets) -> dict:
    return load_municipalities(datasets / "reference")


def read_table(datasets: Path, entry: dict) -> list[dict]:
    """Rows of a tabular file as dicts of strings, read only from files.yaml's facts."""
    path = datasets / entry["path"]
    fmt = entry["format"]
    if fmt == "csv":
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") == entry["bom"], (
            f"{path.name}: BOM as files.yaml says"
        )
        text = io.StringIO(raw.decode("utf-8-sig" if entry["bom"] else entry["encoding"]),
                           newline="")
        for _ in range(entry.get("header_row", 1) - 1):  # a title above the header
            text.readline()
        rows = csv.DictReader(text, delimiter=entry["separator"])
        return [r for r in rows if list(r.values()) != rows.fieldnames  # a header repeated
                and any((v or "").strip() for v in r.values())]  # a line of separators only
    if fmt == "geojson":
        doc = json.loads(path.read_text(encoding="utf-8"))
        return [
            {
                **f["properties"],
                "_lon": f["geometry"]["coordinates"][0],
                "_lat": f["geometry"]["coordinates"][1],
            }
            for f in doc["features"]
        ]
    if fmt == "xlsx":
        from openpyxl import load_workbook

        ws = load_workbook(path, read_only=True)[entry["sheets"][0]]
        rows = list(ws.iter_rows(values_only=True))[entry["header_row"] - 1 :]
        return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    if fmt == "shapefile-shp":
        import shapefile

        with shapefile.Reader(str(path.with_suffix("")), encoding=entry["encoding"]) as r:
            names = [f[0] for f in r.fields[1:]]
            return [
                {**dict(zip(names, rec, strict=True)), "_x": s.points[0][0], "_y": s.points[0][1]}
                for rec, s in zip(r.records(), r.shapes(), strict=True)
            ]
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
    listed = {p for p in register if not p.startswith(("reference/", "real/"))}
    assert listed == generated_paths(datasets) - {"files.yaml"}


def test_files_yaml_lists_exactly_the_real_files_with_source_licence_and_attribution(
        datasets, register):
    real = {p.relative_to(datasets).as_posix() for p in (datasets / "real").rglob("*")
            if p.is_file() and p.name != "README.md"}
    assert real == {p for p in register if p.startswith("real/")}
    card = (datasets / "real" / "README.md").read_text(encoding="utf-8")
    for rel in real:
        entry = register[rel]
        assert entry["synthetic"] is False and entry["licence"] and entry["source"]
        assert entry["attribution"] in card and Path(rel).name in card


SHARED = Path(__file__).resolve().parents[2] / "shared" / "real-data"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/real-data is not on this machine")
def test_the_real_files_are_copies_byte_for_byte(datasets):
    for p in (datasets / "real").rglob("*"):
        if p.is_file() and p.name != "README.md":
            rel = p.relative_to(datasets / "real")
            assert p.read_bytes() == (SHARED / rel).read_bytes(), rel


def test_csv_files_read_as_files_yaml_says(datasets, register):
    for rel, entry in register.items():
        if entry.get("format") != "csv" or entry.get("readable") is False:
            continue
        rows = read_table(datasets, entry)
        first = (
            (datasets / rel)
            .read_bytes()
            .decode("utf-8-sig" if entry["bom"] else entry["encoding"])
            .split("\n")[entry.get("header_row", 1) - 1]
        )
        assert (
            next(csv.reader([first.rstrip("\r")], delimiter=entry["separator"])) == entry["header"]
        ), rel
        assert len(rows) == entry["rows"], rel
        assert first.endswith("\r") == (entry["line_ending"] == "CRLF"), rel


def test_total_committed_data_stays_small(datasets):
    total = sum(p.stat().st_size for p in datasets.rglob("*") if p.is_file())
    assert total < 10 * 1024 * 1024, f"datasets/ holds {total / 1e6:.1f} MB; the budget is 25 MB"


# --- facilities and the GeoFA answer key ---------------------------------------------


def test_there_are_toilets_from_four_municipalities_and_two_each_of_playgrounds_and_parking(
    register,
):
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
            assert d <= STATED_RADIUS_M, (
                f"{entry['path']}: a point lies {d:.0f} m from {town['hovedby']}"
            )
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
        for src, key in zip(
            read_table(datasets, entry), read_table(datasets, key_entry), strict=True
        ):
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
REQUIRED_PACKAGE = [
    "id",
    "name",
    "title",
    "title_translated",
    "notes",
    "notes_translated",
    "owner_org",
    "organization",
    "author",
    "author_email",
    "update_frequency",
    "data_themes",
    "metadata_created",
    "metadata_modified",
    "resources",
    "tags",
]
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
        "missing-description",
        "no-licence",
        "dead-url",
        "invalid-email",
        "stale",
    }


def test_a_missing_licence_stays_missing(packages, faults):
    by_id = {r["id"]: r for p in packages for r in p["resources"]}
    missing = [by_id[k[2]] for k in faults if k[1] == "license_id"]
    assert any("license_id" not in r for r in missing) and any(
        r.get("license_id", 0) is None for r in missing
    )


def test_shipped_resources_map_to_files_in_datasets(datasets, packages, register):
    by_id = {r["id"]: (p, r) for p in packages for r in p["resources"]}
    local = _load(datasets, "local_files.json")
    assert len(local) >= 8
    for item in local:
        pkg, res = by_id[item["resource_id"]]
        assert res["url"] == item["url"]
        assert item["url"] == (
            f"https://admin.opendata.dk/dataset/{pkg['name']}/resource/"
            f"{res['id']}/download/{Path(item['path']).name}"
        )
        for path in [item["path"], *item["companions"]]:
            assert path in register and (datasets / path).is_file(), path
        assert res["size"] == (datasets / item["path"]).stat().st_size


def test_organisation_and_group_counts_match_the_packages(datasets, packages):
    for org in _load(datasets, "organizations.json"):
        assert org["package_count"] == sum(p["owner_org"] == org["id"] for p in packages)
        assert org["type"] == "organization" and org["is_organization"] is True
    for g in _load(datasets, "groups.json"):
        assert (
            g["name"].upper() in {t for p in packages for t in p["data_themes"]}
            or g["package_count"] == 0
        )


# --- mobility, tourism, population ---------------------------------------------------


def test_bicycle_counts_cover_a_year_at_twenty_points_with_gaps(datasets, register, towns):
    points = read_table(datasets, register["mobility/aarhus-taellepunkter-synthetic.csv"])
    daily = read_table(datasets, register["mobility/aarhus-cykler-doegn-2024-synthetic.csv"])
    assert len(points) >= 20
    days = {r["dato"] for r in daily}
    assert min(days) == "2024-01-01" and max(days) == "2024-12-31" and len(days) == 366
    per_point = {p["punkt_id"]: 0 for p in points}
    for r in daily:
        per_point[r["punkt_id"]] += 1
    assert max(per_point.values()) == 366 and min(per_point.values()) < 330, "sensor gaps"
    town = towns[751]
    cx, cy = to_utm(float(town["lon"]), float(town["lat"]))
    for p in points:
        assert math.hypot(float(p["x"]) - cx, float(p["y"]) - cy) <= STATED_RADIUS_M


def test_bicycle_counts_have_commute_peaks_and_seasons(datasets, register):
    from datetime import date

    hourly = read_table(datasets, register["mobility/aarhus-cykler-time-2024-05-synthetic.csv"])
    daily = read_table(datasets, register["mobility/aarhus-cykler-doegn-2024-synthetic.csv"])
    weekday, weekend = [0] * 24, [0] * 24
    sums: dict[tuple, int] = {}
    for r in hourly:
        d = date.fromisoformat(r["tidspunkt"][:10])
        hour = int(r["tidspunkt"][11:13])
        (weekend if d.weekday() >= 5 else weekday)[hour] += int(r["cykler"])
        sums[(r["punkt_id"], r["tidspunkt"][:10])] = sums.get(
            (r["punkt_id"], r["tidspunkt"][:10]), 0
        ) + int(r["cykler"])
    top_weekday = sorted(range(24), key=lambda h: -weekday[h])[:4]
    assert set(top_weekday) <= {7, 8, 15, 16, 17}, f"weekday peaks at {top_weekday}"
    assert 11 <= max(range(24), key=lambda h: weekend[h]) <= 15
    by_month = [[] for _ in range(13)]
    for r in daily:
        by_month[int(r["dato"][5:7])].append(int(r["cykler"]))
        if r["dato"][5:7] == "05":
            assert sums[(r["punkt_id"], r["dato"])] == int(r["cykler"]), "daily = sum of hours"
    mean = [sum(v) / len(v) if v else 0 for v in by_month]
    assert mean[6] > 1.5 * mean[1] and mean[8] > 1.5 * mean[12]


NORTH_JUTLAND = {773, 787, 810, 813, 820, 825, 840, 846, 849, 851, 860}


def test_tourism_is_in_the_statistics_denmark_shape(datasets, register, towns):
    import re

    entry = register["tourism/nordjylland-overnatninger-synthetic.csv"]
    raw = (datasets / entry["path"]).read_bytes()
    assert raw.startswith("\ufeffOMRÅDE;NATION;TID;INDHOLD\r\n".encode("utf-8"))
    rows = read_table(datasets, entry)
    assert {r["OMRÅDE"] for r in rows} == {towns[k]["navn"] for k in NORTH_JUTLAND}
    assert all(re.fullmatch(r"20\d\dM(0[1-9]|1[0-2])", r["TID"]) for r in rows)
    totals = {(r["OMRÅDE"], r["TID"]): int(r["INDHOLD"]) for r in rows if r["NATION"] == "I alt"}
    shown: dict[tuple, int] = {}
    for r in rows:
        if r["NATION"] != "I alt" and r["INDHOLD"] != "..":
            shown[(r["OMRÅDE"], r["TID"])] = shown.get((r["OMRÅDE"], r["TID"]), 0) + int(
                r["INDHOLD"]
            )
    assert any(r["INDHOLD"] == ".." for r in rows), "some values are withheld"
    assert all(shown[k] <= totals[k] for k in totals)
    wide = read_table(datasets, register["tourism/nordjylland-overnatninger-bred-synthetic.csv"])
    long = {(r["OMRÅDE"], r["NATION"], r["TID"]): r["INDHOLD"] for r in rows}
    area = ""
    assert wide[1]["OMRÅDE"] == "", "the area is named only on its block's first row"
    for w in wide:
        area = w["OMRÅDE"] or area
        for month in [f"2024M{m:02d}" for m in range(1, 13)]:
            assert long[(area, w["NATION"], month)] == w[month]


def test_attractions_lie_in_their_municipality(datasets, register, towns):
    entry = register["tourism/nordjylland-attraktioner-synthetic.geojson"]
    doc = json.loads((datasets / entry["path"]).read_text(encoding="utf-8"))
    assert {f["properties"]["kommunekode"] for f in doc["features"]} == NORTH_JUTLAND
    for f in doc["features"]:
        town = towns[f["properties"]["kommunekode"]]
        x, y = to_utm(*f["geometry"]["coordinates"])
        cx, cy = to_utm(float(town["lon"]), float(town["lat"]))
        assert math.hypot(x - cx, y - cy) <= entry["radius_m"]


# --- bad files -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def expected_bad(datasets):
    return yaml.safe_load((datasets / "bad" / "expected.yaml").read_text(encoding="utf-8"))


def cpr_birth_year(number: str) -> int:
    """The birth year CPR's century rule gives a DDMMYY-SSSS number."""
    digits = number.replace("-", "")
    yy, seventh = int(digits[4:6]), int(digits[6])
    if seventh <= 3:
        return 1900 + yy
    if seventh in (4, 9):
        return 2000 + yy if yy <= 36 else 1900 + yy
    return 2000 + yy if yy <= 57 else 1800 + yy


def test_bad_files_list_only_known_codes_and_every_bad_file(datasets, expected_bad):
    codes = set(expected_bad["codes"])
    listed = {f["path"] for f in expected_bad["files"]}
    on_disk = {
        p.relative_to(datasets).as_posix()
        for p in (datasets / "bad").iterdir()
        if p.suffix != ".md" and p.name != "expected.yaml"
    }
    assert listed == on_disk
    raised = set()
    for f in expected_bad["files"]:
        assert set(f["expect"]) | set(f["may"]) <= codes, f["path"]
        assert f["defect"]
        raised |= set(f["expect"])
    assert codes - raised == {"no-licence"}, (
        "every file-level code has a file (no-licence is in the catalogue)"
    )


def test_fictitious_personal_data_is_format_valid_but_never_real(datasets, register):
    import re
    from datetime import date

    rows = read_table(datasets, register["bad/personoplysninger-synthetic.csv"])
    numbers = [r["cpr"] for r in rows] + re.findall(
        r"\b\d{6}-\d{4}\b", " ".join(r["bemaerkning"] for r in rows)
    )
    assert len(numbers) > 20
    for n in numbers:
        assert re.fullmatch(r"\d{6}-?\d{4}", n)
        year = cpr_birth_year(n)
        born = date(year, int(n[2:4]), int(n[0:2]))  # a real calendar date
        assert born > date(2026, 11, 1), f"{n} could belong to someone born {born}"
    assert all(r["email"].endswith("@example.com") for r in rows)
    assert all(re.fullmatch(r"\+45 ?1\d( ?\d\d){3}", r["telefon"]) for r in rows)
    assert all(re.fullmatch(r"ADM\\[a-z]{3}\d{3}", r["oprettet_af"]) for r in rows)


def test_each_bad_file_really_has_its_defect(datasets, expected_bad):
    import zipfile

    f = {e["path"]: e for e in expected_bad["files"]}
    b = lambda rel: (datasets / rel).read_bytes()  # noqa: E731
    assert b("bad/tom-synthetic.csv") == b""
    assert b("bad/kun-overskrift-synthetic.csv").count(b"\n") == 1
    assert b"\x00" in b("bad/binaer-synthetic.csv")
    assert b("bad/excel-forklaedt-synthetic.csv").startswith(b"PK")
    with zipfile.ZipFile(datasets / "bad/flere-ark-synthetic.xlsx") as z:
        assert "xl/worksheets/sheet3.xml" in z.namelist()
    mixed = b("bad/blandet-kodning-synthetic.csv").split(b"\r\n")
    with pytest.raises(UnicodeDecodeError):
        mixed[3].decode("utf-8")
    mixed[1].decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        b("bad/latin1-synthetic.csv").decode("utf-8")
    lines = b("bad/ujaevne-raekker-synthetic.csv").decode().splitlines()
    widths = [len(next(csv.reader([line]))) for line in lines]
    assert [i + 1 for i, w in enumerate(widths) if w != widths[0]] == f[
        "bad/ujaevne-raekker-synthetic.csv"
    ]["lines"]
    header = b("bad/dobbelt-overskrift-synthetic.csv").decode().splitlines()[0].split(",")
    assert len(header) != len(set(header))
    xs = [
        float(r.split(",")[2])
        for r in b("bad/ombyttede-koordinater-synthetic.csv").decode().splitlines()[1:]
    ]
    assert all(x > 6_000_000 for x in xs), "x holds northings"
    text = b("bad/formler-synthetic.csv").decode()
    assert "=HYPERLINK(" in text and "@SUM(" in text


# --- the command line and the scale generator ----------------------------------------


def test_oddk_datasets_check_passes_on_the_committed_files(capsys):
    from oddk.cli import main

    assert main(["datasets", "--check"]) == 0
    assert "byte for byte" in capsys.readouterr().out


def test_scale_file_has_the_benchmark_shape_and_its_rare_defects(tmp_path, towns):
    from oddk.generate import scale

    n = 30_000
    path = scale.write(tmp_path / "scale.csv", n)
    text = path.read_text(encoding="utf-8")
    assert text == scale.write(tmp_path / "again.csv", n).read_text(encoding="utf-8"), "seeded"
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert list(rows[0]) == ["id", "navn", "kommunekode", "dato", "beloeb", "x", "y", "kategori"]
    assert len(rows) == n
    ids = [r["id"] for r in rows]
    assert len(ids) - len(set(ids)) == 3
    assert sum(r["beloeb"] == "" for r in rows) == 3
    assert sum(r["kommunekode"] == "999" for r in rows) == 3
    assert sum(r["dato"] == "31-02-2021" for r in rows) == 3
    assert {int(r["kommunekode"]) for r in rows} - {999} <= set(towns)
    assert len({r["kategori"] for r in rows}) == 7
    names = {r["navn"] for r in rows}
    assert 200 <= len(names) <= 400 and any(c in "".join(names) for c in "æøå")
    assert all("," in r["beloeb"] for r in rows if r["beloeb"])
    assert all(len(r["dato"]) == 10 and r["dato"][2] == "-" for r in rows)


def test_scale_refuses_to_write_into_the_repository(root):
    from oddk.generate import scale

    with pytest.raises(SystemExit, match="never"):
        scale.write(root / "datasets" / "big.csv", 10)
    assert not (root / "datasets" / "big.csv").exists()


def test_answer_key_geojson_matches_the_csv_key(datasets, register):
    for entry in facility_sources(register):
        stem = Path(entry["path"]).stem
        rows = read_table(datasets, register[f"facilities/answer-key/{stem}.csv"])
        doc = json.loads((datasets / f"facilities/answer-key/{stem}.geojson").read_text("utf-8"))
        assert len(doc["features"]) == len(rows)
        for row, feat in zip(rows, doc["features"], strict=True):
            lon, lat = feat["geometry"]["coordinates"]
            assert all(len(repr(v).split(".")[1]) <= 7 for v in (lon, lat))
            x, y = to_utm(lon, lat)
            assert math.hypot(x - float(row["x"]), y - float(row["y"])) < 0.02
            props = feat["properties"]
            assert props["facil_ty_k"] == int(row["facil_ty_k"]) and props["navn"] == row["navn"]
            assert props["handicap_k"] == (int(row["handicap_k"]) if row["handicap_k"] else None)


def test_mixed_municipality_forms_have_a_true_answer(datasets, register, towns):
    rows = read_table(datasets, register["population/kommuner-blandede-former-synthetic.csv"])
    forms = {r["kommune"] for r in rows}
    assert {"751", "0751", "Århus", "AARHUS", "Brønderslev-Dronninglund", "Christiansø"} <= forms
    assert {int(r["facit_kommunekode"]) for r in rows} <= set(towns) | {411}
    assert {"82", "1081", "DK-81"} <= {r["region"] for r in rows}


def test_latin1_geojson_and_web_mercator_files_are_as_described(datasets):
    raw = (datasets / "bad/latin1-i-geojson-synthetic.geojson").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert json.loads(raw.decode("cp1252"))["features"][0]["properties"]["by"] == "Århus"
    lines = (datasets / "bad/web-mercator-synthetic.csv").read_text("utf-8").splitlines()[1:]
    assert all(float(line.split(",")[2]) > 1_000_000 for line in lines)


def test_every_generated_file_is_named_in_its_folder_card(datasets, register):
    index = (datasets / "README.md").read_text(encoding="utf-8")
    for rel in register:
        folder, _, rest = rel.partition("/")
        if folder == "reference" or rest.startswith("answer-key/"):
            continue
        assert f"[{folder}/]" in index, f"datasets/README.md does not list {folder}/"
        card = (datasets / folder / "README.md").read_text(encoding="utf-8")
        name = Path(rest).name
        stem = Path(rest).stem
        assert name in card or f"{stem}.shp" in card, f"{folder}/README.md does not describe {name}"
