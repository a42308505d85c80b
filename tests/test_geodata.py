"""Geodata as municipalities publish it (issue 16): every trait case in datasets/geodata/
(generated, synthetic) through `oddk standardise`, compared with the truth the generator
planted (expected.yaml): the theme, every usable feature, the type codes, names kept,
geometry inside Denmark, and what was set aside; the readers on the same traits; the fast
schema check against frictionless; the real Aarhus traffic files."""

from __future__ import annotations

import csv
import doctest
import hashlib
import importlib
import io
import json
import re
from pathlib import Path

import pytest
import shapely
import yaml

from oddk import standards
from oddk.cli import main as oddk_main
from oddk.paths import datasets_dir
from oddk.read import ReadError, read_table
from oddk.standards.validate import validate_text
from oddk.vocab import DENMARK_EXTENT

GEODATA = datasets_dir() / "geodata"
CASES = yaml.safe_load((GEODATA / "expected.yaml").read_text(encoding="utf-8"))["cases"]
REAL = datasets_dir() / "real"
(X0, X1), (Y0, Y1) = DENMARK_EXTENT["EPSG:25832"]
(LON0, LON1), (LAT0, LAT1) = DENMARK_EXTENT["EPSG:4326"]


def _id(case) -> str:
    return Path(case["path"]).stem.replace("-synthetic", "") + ("-points" if case.get(
        "args", {}).get("points") else "")


def _digest(path: Path) -> str:
    parts = sorted(path.parent.glob(path.stem + ".*")) if path.suffix == ".shp" else [path]
    return hashlib.sha256(b"".join(p.read_bytes() for p in parts)).hexdigest()


def _run(case, tmp_path, suffix=".csv", extra=()):
    src = datasets_dir() / case["path"]
    out = tmp_path / f"out{suffix}"
    args = ["standardise", str(src), "--out", str(out), *extra]
    if case.get("args", {}).get("points"):
        args.append("--points")
    return oddk_main(args), out


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_each_trait_case_is_written_as_geofa_with_every_usable_feature(case, tmp_path, capsys):
    src = datasets_dir() / case["path"]
    before = _digest(src)
    rc, out = _run(case, tmp_path)
    said = capsys.readouterr()
    assert rc == (1 if case["set_aside"] else 0), said.out + said.err
    rows = _rows(out)
    assert len(rows) == case["rows_written"]
    theme = case["standard"]
    assert f"standard {theme}" in said.out
    # valid against the standard's own schema, by frictionless
    errors = validate_text(out.read_text(encoding="utf-8"), theme)
    assert errors.empty, errors.head()
    codes = case["facil_ty_k"]
    want = codes if isinstance(codes, list) else [codes] * len(rows)
    truth = case.get("points") or case.get("areas") or case.get("lines") or case["inside"]
    if isinstance(codes, list):
        assert [int(r["facil_ty_k"]) for r in rows] == want
    else:
        assert {int(r["facil_ty_k"]) for r in rows} == {codes}
    assert [r["navn"] for r in rows] == [t["navn"] for t in truth], "names kept, in order"
    assert all(r["cvr_kode"] for r in rows)
    if "points" in case:
        for r, t in zip(rows, case["points"], strict=True):
            assert abs(float(r["x"]) - t["x"]) < 0.05 and abs(float(r["y"]) - t["y"]) < 0.05
    if "inside" in case:  # --points: each polygon's representative point lies inside it
        for r, t in zip(rows, case["inside"], strict=True):
            area = shapely.make_valid(shapely.from_wkt(t["wkt"]))
            assert area.contains(shapely.Point(float(r["x"]), float(r["y"])))
    for key in [k for k in ("areas", "lines") if k in case]:
        for r, t in zip(rows, case[key], strict=True):
            got = shapely.from_wkt(r["geometri"])
            planted = shapely.make_valid(shapely.from_wkt(t["wkt"]))
            assert got.geom_type.replace("Multi", "") == planted.geom_type.replace("Multi", "")
            if key == "areas":
                assert got.symmetric_difference(planted).area < 0.001 * planted.area
                assert int(r["antal_pl"]) == t["antal_pl"]
            else:
                assert got.hausdorff_distance(planted) < 0.05
    for r in rows:  # inside Denmark
        if "x" in r:
            assert X0 <= float(r["x"]) <= X1 and Y0 <= float(r["y"]) <= Y1
        else:
            b = shapely.from_wkt(r["geometri"]).bounds
            assert X0 <= b[0] and b[2] <= X1 and Y0 <= b[1] and b[3] <= Y1
    listing = out.with_name("out-set-aside.csv")
    if case["set_aside"]:
        got = [{"row": int(r["row"]), "field": r["field"], "action": r["action"]}
               for r in _rows(listing)]
        assert got == case["set_aside"]
        assert all(_rows(listing)[k]["reason"] for k in range(len(got)))
    else:
        assert not listing.exists()
    cells = {v for r in rows for v in r.values()}
    for col in case.get("never", []):  # staff user ids are never carried into the standard
        with open(src, encoding="utf-8", newline="") as f:
            values = {r[col] for r in csv.DictReader(f, delimiter=";")}
        assert values and not values & cells, col
        assert col not in rows[0] and col not in said.out.split("unmapped:")[0].split(
            "fields:")[-1]
    if "empty_links" in case:
        for row in case["empty_links"]:
            assert rows[row - 1]["link"] == ""
    if "changes" in case:
        for change in case["changes"]:
            assert re.search(rf"row {change['row']}( \((line|sheet row) \d+\))?: "
                             rf"{re.escape(change['field'])}", said.out), change
    at = {t["row"]: k for k, t in enumerate(truth)}
    for v in case.get("values", []):  # codes and values as the words in the file mean them
        assert rows[at[v["row"]]][v["field"]] == v["value"], v
    told = " ".join(said.out.split())  # what the run must tell the user (the YAML wraps lines)
    for words in case.get("said", []):
        assert words in told, words
    assert _digest(src) == before, "the input file must never change"


@pytest.mark.parametrize("case", [c for c in CASES if c["standard"] != "geofa-facility"
                                  or c.get("points")][:6], ids=_id)
def test_geojson_output_is_wgs84_with_the_themes_geometry_type(case, tmp_path, capsys):
    rc, out = _run(case, tmp_path, ".geojson")
    assert rc in (0, 1)
    doc = json.loads(out.read_text(encoding="utf-8"))
    kinds = {"geofa-facility": {"Point"}, "geofa-facility-area": {"Polygon", "MultiPolygon"},
             "geofa-facility-line": {"LineString", "MultiLineString"}}[case["standard"]]
    assert len(doc["features"]) == case["rows_written"]
    for f in doc["features"]:
        assert f["geometry"]["type"] in kinds
        xy = shapely.get_coordinates(shapely.from_geojson(json.dumps(f["geometry"])))
        assert ((LON0 <= xy[:, 0]) & (xy[:, 0] <= LON1) & (LAT0 <= xy[:, 1])
                & (xy[:, 1] <= LAT1)).all(), "longitude first, inside Denmark"


def test_polygons_become_points_only_when_asked_and_the_report_says_which(tmp_path, capsys):
    case = next(c for c in CASES if "horsens" in c["path"] and not c.get("args"))
    rc, out = _run(case, tmp_path)
    said = capsys.readouterr().out
    assert "GeoFA facility areas (t_5801_fac_fl)" in said and "geometri" in _rows(out)[0]
    rc, out = _run({**case, "args": {"points": True}}, tmp_path / "p" if (tmp_path / "p").mkdir()
                   is None else tmp_path)
    said = capsys.readouterr().out
    assert rc == 0 and "10 polygon(s) written as their representative point" in said
    assert {"x", "y"} <= set(_rows(out)[0])


def test_strict_writes_nothing_and_exits_two_when_anything_would_be_set_aside(tmp_path, capsys):
    case = next(c for c in CASES if "silkeborg" in c["path"])
    rc, out = _run(case, tmp_path, extra=["--strict"])
    err = capsys.readouterr().err
    assert rc == 2 and not out.exists()
    assert "--strict" in err and "row 7 (line 8): facil_ty_k" in err
    listed = _rows(out.with_name("out-set-aside.csv"))  # the to-do list is kept all the same
    assert [(r["row"], r["field"]) for r in listed] == [("2", "handicap_k"), ("5", "postnr"),
                                                         ("7", "facil_ty_k")]


def test_a_file_with_no_usable_geometry_writes_nothing_and_exits_two(tmp_path, capsys):
    src = tmp_path / "nul.csv"
    src.write_text("navn,type,lat,lon\nA,Toilet,0,0\nB,Toilet,-999,-999\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    assert oddk_main(["standardise", str(src), "--municipality", "Aarhus", "--out",
                      str(out)]) == 2
    err = capsys.readouterr().err
    assert not out.exists() and "nothing written" in err and "row 1 (line 2): x, y" in err


def test_points_in_the_area_theme_are_set_aside_with_a_way_out(tmp_path, capsys):
    case = next(c for c in CASES if "skanderborg" in c["path"])
    src = datasets_dir() / case["path"]
    out = tmp_path / "o.csv"
    assert oddk_main(["standardise", str(src), "--standard", "geofa-facility-area", "--out",
                      str(out)]) == 2
    assert "--points" in capsys.readouterr().err


def test_the_set_aside_list_never_overwrites_a_file_by_chance(tmp_path, capsys):
    case = next(c for c in CASES if "skanderborg" in c["path"])
    (tmp_path / "out-set-aside.csv").write_text("mine\n", encoding="utf-8")
    rc, out = _run(case, tmp_path)
    assert rc == 2 and not out.exists()
    assert (tmp_path / "out-set-aside.csv").read_text(encoding="utf-8") == "mine\n"


def _standardise_text(tmp_path, name, text, *extra):
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "o.csv"
    rc = oddk_main(["standardise", str(src), "--out", str(out), *extra])
    return rc, out


def test_a_column_named_as_a_lot_is_its_name_not_its_count(tmp_path, capsys):
    rc, out = _standardise_text(tmp_path, "parkering-aarhus.csv",
                                "Parkeringsplads,Pladser,lon,lat\nP-plads Nord,40,10.2,56.16\n"
                                "P-plads Syd,25,10.21,56.15\n", "--type", "Parkeringsplads")
    assert rc == 0, capsys.readouterr().err
    rows = _rows(out)
    assert [r["navn"] for r in rows] == ["P-plads Nord", "P-plads Syd"]
    assert [r["antal_pl"] for r in rows] == ["40", "25"]


def test_wkt_with_markers_for_no_place_is_still_read_as_wgs84(tmp_path, capsys):
    body = "".join(f'Bænk {i},"POINT (10.2{i} 56.16)"\n' for i in range(8))
    rc, out = _standardise_text(tmp_path, "baenke-aarhus.csv", "navn,wkt\n" + body
                                + 'Bænk x,"POINT (0 0)"\nBænk y,"POINT (-999 -999)"\n')
    assert rc == 1 and len(_rows(out)) == 8
    assert [r["row"] for r in _rows(out.with_name("o-set-aside.csv"))] == ["9", "10"]


def test_a_csv_wkt_column_keeps_its_own_system_beside_lon_lat_helpers(tmp_path, capsys):
    wkt = "POLYGON ((574000 6224000, 574050 6224000, 574050 6224040, 574000 6224000))"
    rc, out = _standardise_text(tmp_path, "parkering-aarhus.csv",
                                f'navn,lon,lat,wkt\nP1,10.2,56.16,"{wkt}"\n', "--type", "1351")
    assert rc == 0, capsys.readouterr().err
    assert shapely.from_wkt(_rows(out)[0]["geometri"]).equals(shapely.from_wkt(wkt))


def test_points_keeps_a_mappings_point_profile(tmp_path):
    src = datasets_dir() / "facilities" / "aarhus-toiletter-synthetic.csv"
    df, report = read_table(src)
    mapping = standards.suggest_mapping(df, report, source=src,
                                        standard="geofa-facility-toilet")
    result = standards.standardise(src, mapping=mapping, points=True)
    assert result.standard == "geofa-facility-toilet"


def test_values_on_a_row_left_out_are_listed_as_left_out_with_it(tmp_path, capsys):
    rc, out = _standardise_text(tmp_path, "toiletter-aarhus.csv",
                                "navn,antal,lon,lat\nA,3,10.2,56.16\nB,x,,\n", "--type", "1012")
    assert rc == 1
    listed = {(r["field"], r["action"]) for r in _rows(out.with_name("o-set-aside.csv"))}
    assert listed == {("antal_pl", "row left out"), ("x, y", "row left out")}


def test_odd_values_are_set_aside_not_the_whole_file(tmp_path, capsys):
    rc, out = _standardise_text(
        tmp_path, "toiletter-aarhus.csv",
        'navn,antal,link,wkt\nA,99999999999999999999,https://www.ærø.dk/a b,'
        '"MULTIPOINT (EMPTY, (10.2 56.16))"\nB,2,0,"POINT (10.21 56.15)"\n', "--type", "1012")
    assert rc == 1, capsys.readouterr().err
    rows = _rows(out)
    assert len(rows) == 2 and rows[0]["antal_pl"] == "" and rows[1]["antal_pl"] == "2"
    assert rows[0]["link"] == "https://www.xn--r-3fa9c.dk/a%20b" and rows[1]["link"] == ""
    assert "too large" in _rows(out.with_name("o-set-aside.csv"))[0]["reason"]


@pytest.mark.parametrize("word, code", [("Parkering", 1351), ("toiletter", 1012),
                                        ("bænke", 1371), ("Legeplads", 1031)])
def test_type_takes_the_words_files_use_not_only_geofas_names(word, code, tmp_path, capsys):
    rc, out = _standardise_text(tmp_path, "steder-aarhus.csv", "navn,lon,lat\nA,10.2,56.16\n",
                                "--type", word)
    assert rc == 0, capsys.readouterr().err
    assert _rows(out)[0]["facil_ty_k"] == str(code)


def test_a_type_that_is_no_facility_is_refused_with_close_names(tmp_path, capsys):
    rc, out = _standardise_text(tmp_path, "steder-aarhus.csv", "navn,lon,lat\nA,10.2,56.16\n",
                                "--type", "Legeplats")
    assert rc == 2 and not out.exists()
    assert "Did you mean Legeplads" in capsys.readouterr().err


def test_a_link_of_the_wrong_form_is_set_aside_in_words_not_a_pattern(tmp_path, capsys):
    rc, out = _standardise_text(tmp_path, "toiletter-aarhus.csv",
                                "navn,link,lon,lat\nA,ftp://aarhus.dk/toilet,10.2,56.16\n",
                                "--type", "1012")
    assert rc == 1
    (listed,) = _rows(out.with_name("o-set-aside.csv"))
    assert listed["field"] == "link" and "starts with http:// or https://" in listed["reason"]
    assert "pattern" not in listed["reason"] and "\\S" not in listed["reason"]


def test_heights_are_dropped_from_areas_geofa_is_two_dimensional(tmp_path, capsys):
    rc, out = _standardise_text(
        tmp_path, "parkering-aarhus.csv", "navn;geometri\nP;POLYGON Z ((10.20 56.16 5, 10.201 "
        "56.16 5, 10.201 56.161 5, 10.20 56.16 5))\n", "--type", "1351")
    assert rc == 0, capsys.readouterr().err
    area = shapely.from_wkt(_rows(out)[0]["geometri"])
    assert area.geom_type == "Polygon" and not area.has_z and area.area > 100


def test_a_type_column_with_a_word_that_is_no_type_sets_that_row_aside(tmp_path, capsys):
    rc, out = _standardise_text(tmp_path, "faciliteter-aarhus.csv", "navn,type,lon,lat\n"
                                "A,Toilet,10.2,56.16\nB,Legeplads,10.21,56.15\n"
                                "C,Gokartbane,10.22,56.14\n")
    assert rc == 1, capsys.readouterr().err
    assert [r["facil_ty_k"] for r in _rows(out)] == ["1012", "1031"]
    (listed,) = _rows(out.with_name("o-set-aside.csv"))
    assert (listed["row"], listed["field"], listed["action"]) == ("3", "facil_ty_k",
                                                                 "row left out")
    assert "'Gokartbane' has no facil_ty_k code" in listed["reason"]


def test_a_name_longer_than_geofa_holds_is_set_aside(tmp_path, capsys):
    long = "Toilet ved havnen og " * 13  # 273 characters; GeoFA's navn holds 254
    rc, out = _standardise_text(tmp_path, "toiletter-aarhus.csv",
                                f"navn,lon,lat\nKort navn,10.2,56.16\n{long},10.21,56.15\n",
                                "--type", "1012")
    assert rc == 1
    assert [r["navn"] for r in _rows(out)] == ["Kort navn", ""]
    (listed,) = _rows(out.with_name("o-set-aside.csv"))
    assert listed["field"] == "navn" and "at most 254 characters" in listed["reason"]


def test_an_empty_feature_collection_says_it_has_no_features(tmp_path, capsys):
    rc, out = _standardise_text(tmp_path, "toiletter-aarhus.geojson",
                                '{"type": "FeatureCollection", "features": []}')
    assert rc == 2 and not out.exists()
    assert "holds no rows (no features" in capsys.readouterr().err


def test_a_declared_utm_zone_33_is_kept_not_overruled(tmp_path, capsys):
    doc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "urn:ogc:def:crs:EPSG::25833"}}, "features": [{"type": "Feature", "geometry": {
            "type": "Point", "coordinates": [480346.07, 6105806.94]}, "properties": {
            "navn": "Toilet Rønne Havn"}}]}
    rc, out = _standardise_text(tmp_path, "toiletter-bornholm.geojson", json.dumps(doc))
    assert rc == 0, capsys.readouterr().err
    (row,) = _rows(out)  # Rønne in EPSG:25832, not 400 km west in South Jutland
    assert abs(float(row["x"]) - 863008.7) < 1 and abs(float(row["y"]) - 6120572.1) < 1


def test_a_cover_page_first_points_to_the_other_sheets(tmp_path, capsys):
    from oddk.generate.common import xlsx_bytes

    src = tmp_path / "legepladser-odense.xlsx"
    src.write_bytes(xlsx_bytes([("Forside", [["Legepladser i Odense"], ["Se arket Data"]]),
                                ("Data", [["Navn", "X", "Y"], ["A", 587347.52, 6139416.1]])]))
    rc = oddk_main(["standardise", str(src), "--out", str(tmp_path / "o.csv")])
    err = capsys.readouterr().err
    assert rc == 2 and "2 sheets (Forside, Data)" in err and "choose it with --sheet" in err
    rc = oddk_main(["standardise", str(src), "--out", str(tmp_path / "o.csv"), "--sheet",
                    "Data"])
    assert rc == 0 and _rows(tmp_path / "o.csv")[0]["navn"] == "A"


def test_workbook_coordinates_beside_one_word_are_read_and_the_word_set_aside(tmp_path,
                                                                              capsys):
    from oddk.generate.common import xlsx_bytes

    src = tmp_path / "legepladser-odense.xlsx"
    src.write_bytes(xlsx_bytes([("Data", [["Navn", "X", "Y"], ["A", 587347.52, 6139416.1],
                                          ["B", "ukendt", "ukendt"], ["C", 588100.5, 6140200.25]])]))
    rc = oddk_main(["standardise", str(src), "--out", str(tmp_path / "o.csv")])
    assert rc == 1, capsys.readouterr().err
    rows = _rows(tmp_path / "o.csv")
    assert [(r["navn"], r["x"], r["y"]) for r in rows] == [("A", "587347.52", "6139416.10"),
                                                          ("C", "588100.50", "6140200.25")]
    (listed,) = _rows(tmp_path / "o-set-aside.csv")
    assert listed["row"] == "2" and "'ukendt' is not a number" in listed["reason"]


def test_a_pair_in_one_cell_with_decimal_commas_and_longitude_first(tmp_path, capsys):
    rc, out = _standardise_text(tmp_path, "legepladser-odense.csv",
                                "Navn;Placering\nMunke Mose;10,3790 55,3920\n"
                                "Eventyrhaven;10,3830 55,3935\n")
    assert rc == 0, capsys.readouterr().err
    from oddk.clean_geo import to_utm32

    planted, _ = to_utm32([10.3790], [55.3920])
    first = _rows(out)[0]
    assert abs(float(first["x"]) - planted["x"].iloc[0]) < 0.01
    assert abs(float(first["y"]) - planted["y"].iloc[0]) < 0.01


def test_a_municipality_guessed_from_the_points_is_said_beside_the_result(tmp_path, capsys):
    rc, out = _standardise_text(tmp_path, "toiletter.csv", "navn,lon,lat\nA,10.2039,56.1629\n")
    assert rc == 0
    err = capsys.readouterr().err
    assert "Check the publisher" in err and "Aarhus Kommune (751)" in err
    assert "--municipality" in err


@pytest.mark.parametrize("name,told", [
    ("aarhus-toiletter.csv", "If another municipality publishes the file"),  # the name says it
    ("toiletter.csv", "Check the municipality you gave"),  # given with --municipality
])
def test_a_named_municipality_far_from_the_points_is_said(tmp_path, capsys, name, told):
    """Copenhagen's points (Rådhuspladsen, Nørrebro) under Aarhus's name: written as Aarhus's,
    as named, and the run says where the points lie instead, and how far that is."""
    extra = ["--municipality", "Aarhus"] if "aarhus" not in name else []
    rc, out = _standardise_text(tmp_path, name, "navn,lon,lat\nA,12.5683,55.6761\n"
                                "B,12.5530,55.6950\n", *extra)
    assert rc == 0
    err = capsys.readouterr().err
    assert _rows(out)[0]["cvr_kode"] == "55133018"  # Aarhus, as the name (or the user) says
    m = re.search(r"cvr_kode is 55133018, Aarhus Kommune \(751\), .*but the points lie near "
                  r"(\w+) \((.+?)\), (\d+) km from Aarhus", err)
    assert m and m.group(1) in ("København", "Frederiksberg"), err
    assert 140 < int(m.group(3)) < 170 and told in err  # Aarhus–Copenhagen: about 155 km


def test_points_in_the_named_municipality_or_near_its_main_town_are_not_questioned(tmp_path,
                                                                                capsys):
    # Aarhus's own points; Roskilde's name on points in Copenhagen, 30 km from Roskilde
    for name, text in (("aarhus-toiletter.csv", "navn,lon,lat\nA,10.2039,56.1629\n"),
                       ("roskilde-toiletter.csv", "navn,lon,lat\nA,12.5683,55.6761\n")):
        (tmp_path / name).mkdir()
        rc, _ = _standardise_text(tmp_path / name, name, text)
        assert rc == 0 and "Check the publisher" not in capsys.readouterr().err


def _squares(corners, d) -> str:
    """A GeoJSON FeatureCollection of square parking areas (no crs member) at `corners`."""
    feats = [{"type": "Feature", "properties": {"navn": f"P{i}"},
              "geometry": {"type": "Polygon", "coordinates": [[
                  [a, b], [a + d, b], [a + d, b + d], [a, b + d], [a, b]]]}}
             for i, (a, b) in enumerate(corners)]
    return json.dumps({"type": "FeatureCollection", "features": feats})


@pytest.mark.parametrize("order", ["lat lon", "utm"])
def test_areas_latitude_first_or_in_metres_without_a_crs_member_are_read_as_they_are(
        tmp_path, capsys, order):
    """Horsens's parking areas: latitude first (as some exports write EPSG:4326), or UTM 32
    metres without a crs member. Both are plain from the numbers: written where they are,
    and said."""
    from oddk.clean_geo import to_utm32

    lons, lats = [9.85 + 0.002 * i for i in range(4)], [55.86] * 4
    planted, _ = to_utm32(lons, lats)
    if order == "lat lon":
        text, said = _squares(zip(lats, lons, strict=True), 0.0005), "latitude, longitude"
    else:
        text, said = _squares(zip(planted["x"], planted["y"], strict=True), 30), "EPSG:25832"
    rc, out = _standardise_text(tmp_path, "horsens-parkering.geojson", text)
    assert rc == 0, capsys.readouterr().err
    assert said in " ".join(capsys.readouterr().out.split())
    rows = _rows(out)
    assert [r["navn"] for r in rows] == ["P0", "P1", "P2", "P3"]
    for r, x, y in zip(rows, planted["x"], planted["y"], strict=True):
        x0, y0, *_ = shapely.from_wkt(r["geometri"]).bounds  # the square's corner, to 1 m
        assert abs(x0 - x) < 1 and abs(y0 - y) < 1


def test_nested_properties_are_fields_by_their_last_name(tmp_path, capsys):
    """A property holding an object (an export's 'info': {...}) is read as 'info.handicap',
    mapped by its last name; before, the run stopped on it."""
    feats = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [542542.4, 6218088]},
              "properties": {"navn": "Udsigtspunkt", "info": {"handicap": "Nej", "postnr": 8600},
                             "billeder": []}}]
    doc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "EPSG:25832"}}, "features": feats}
    rc, out = _standardise_text(tmp_path, "silkeborg-udsigt.geojson", json.dumps(doc),
                                "--type", "Udsigtspunkt")
    assert rc == 0, capsys.readouterr().err
    (row,) = _rows(out)
    assert (row["navn"], row["handicap_k"], row["postnr"]) == ("Udsigtspunkt", "3", "8600")


def test_ewkt_cells_among_plain_wkt_are_each_read_in_their_own_system(tmp_path, capsys):
    """'SRID=4326;POINT (…)' beside plain UTM WKT in one column: each cell in its own system
    (the plain ones by their value ranges); before, the run stopped."""
    from oddk.clean_geo import to_utm32

    rc, out = _standardise_text(
        tmp_path, "helsingor-strande.csv",
        'navn,the_geom\nA,"SRID=4326;POINT(12.6 56.045)"\nB,"POINT(715224.76 6221826.41)"\n',
        "--type", "Badestrand")
    assert rc == 0, capsys.readouterr().err
    a, b = _rows(out)
    planted, _ = to_utm32([12.6], [56.045])
    assert abs(float(a["x"]) - planted["x"].iloc[0]) < 0.01
    assert (b["x"], b["y"]) == ("715224.76", "6221826.41")


def test_an_objekttype_column_gives_each_row_its_type_over_the_file_name(tmp_path, capsys):
    """'baenke' in the name says benches, but the column says each row's own type."""
    rc, out = _standardise_text(
        tmp_path, "odense-baenke.csv",
        "\ufeffObjekttype;Navn;Øst;Nord\r\nBænk;A;587852;6139401\r\n"
        "Bord/bænkesæt;B;587328;6137053\r\nLegeplads;C;587158;6139276\r\n"
        "Shelter;D;588904;6143763\r\nBænkebord;E;587406;6139503\r\n")
    assert rc == 0, capsys.readouterr().err
    assert [r["facil_ty_k"] for r in _rows(out)] == ["1371", "1201", "1031", "3012", "1201"]


def test_codes_and_postcodes_written_as_decimals_are_whole_numbers(tmp_path, capsys):
    """An ESRI export's floats: FACIL_TY_K '1031.0', POSTNR '9900.0'; '7.700' and '1.000'
    with a thousands point (among postcodes as text), each said."""
    rc, out = _standardise_text(
        tmp_path, "frederikshavn-faciliteter.csv",
        "FACIL_TY_K;NAVN;POSTNR;ANTAL_PL;X_KOORD;Y_KOORD\n"
        "1031.0;LEGEPLADS BANGSBO   ;9900.0;12,0;590689.047;6365147.009\n"
        "1012.0;TOILET PALMESTRANDEN;7.700;;592465.419;6366300.485\n"
        "3012.0;SHELTER;1.000;;594115.31;6398634.81\n"
        "1012.0;TOILET SKAGEN;DK-9990;;594115.31;6398634.81\n")
    said = capsys.readouterr()
    assert rc == 0, said.err
    rows = _rows(out)
    assert [r["facil_ty_k"] for r in rows] == ["1031", "1012", "3012", "1012"]
    assert [r["postnr"] for r in rows] == ["9900", "7700", "1000", "9990"]
    assert rows[0]["navn"] == "LEGEPLADS BANGSBO" and rows[0]["antal_pl"] == "12"
    assert "row 2 (line 3): postnr, value '7.700', the postcode 7700 taken from" in said.out


@pytest.mark.parametrize("xname,yname,x,y", [
    ("Øst_koordinat", "Nord_koordinat", "712008.3", "6185654.4"),
    ("Øst-koordinat", "Nord-koordinat", "712008.3", "6185654.4"),
    ("X_UTM", "Y_UTM", "712008.3", "6185654.4"),
    ("UTM32_X", "UTM32_Y", "712008.3", "6185654.4"),
    ("X_lon", "Y_lat", "12.3725", "55.7774"),
    ("laengdegrad_wgs84", "breddegrad_wgs84", "12.3725", "55.7774"),
])
def test_coordinate_columns_named_with_their_system_or_as_coordinates(tmp_path, capsys, xname,
                                                                      yname, x, y):
    """Names Danish exports give coordinates (Furesø's Bålplads Søndersø), each read."""
    from oddk.clean_geo import to_utm32

    rc, out = _standardise_text(tmp_path, "furesoe-baalpladser.csv",
                                f"Navn;{xname};{yname}\nBålplads Søndersø;{x};{y}\n")
    assert rc == 0, capsys.readouterr().err
    (row,) = _rows(out)
    planted, _ = to_utm32([float(x)], [float(y)])
    want = (712008.3, 6185654.4) if float(x) > 1000 else (planted["x"][0], planted["y"][0])
    assert abs(float(row["x"]) - want[0]) < 0.01 and abs(float(row["y"]) - want[1]) < 0.01


@pytest.mark.parametrize("member", [True, False])
def test_geojson_in_metres_with_the_northing_first_is_read_the_other_way_round(
        tmp_path, capsys, member):
    """Kerteminde's bathing jetties in EPSG:25832, each position (y, x): read as (x, y) and
    said, with the crs member saying EPSG:25832 or without one."""
    feats = [{"type": "Feature", "properties": {"navn": n},
              "geometry": {"type": "Point", "coordinates": [y, x]}}
             for n, x, y in (("Badebro Kerteminde", 604990.8, 6146121.65),
                             ("Badebro Hverringe", 607479.63, 6147851.81))]
    doc = {"type": "FeatureCollection", "features": feats}
    if member:
        doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}}
    rc, out = _standardise_text(tmp_path, "kerteminde-badebroer.geojson", json.dumps(doc))
    assert rc == 0, capsys.readouterr().err
    assert "northing, easting (swapped)" in capsys.readouterr().out
    assert [(r["x"], r["y"]) for r in _rows(out)] == [("604990.80", "6146121.65"),
                                                      ("607479.63", "6147851.81")]


def test_coordinates_with_decimal_commas_past_the_fiftieth_column_are_numbers(tmp_path, capsys):
    """A wide ESRI export (58 fields, then x, y with decimal commas): the decimal mark is
    judged on every column, so x, y are numbers and no warning says otherwise."""
    head = ";".join(["Navn", *[f"Felt{i}" for i in range(56)], "x", "y"])
    rows = [";".join([f"Legeplads {k}", *["v"] * 56, f"67558{k},65", f"612386{k},34"])
            for k in range(3)]
    rc, out = _standardise_text(tmp_path, "naestved-legepladser.csv",
                                "\n".join([head, *rows]) + "\n")
    said = capsys.readouterr()
    assert rc == 0, said.err
    assert "hold no numbers" not in said.out
    assert [r["x"] for r in _rows(out)] == ["675580.65", "675581.65", "675582.65"]


def test_an_always_open_column_and_a_bare_host_name(tmp_path, capsys):
    rc, out = _standardise_text(
        tmp_path, "holbaek-legepladser.csv",
        "Navn;Altid åben;Link;UTM_X;UTM_Y\nA;TRUE;holbaek.dk/byparken;670544.9;6177811.6\n"
        "B;FALSE;;670841.5;6178268.9\n", "--type", "Legeplads")
    assert rc == 0, capsys.readouterr().err
    a, b = _rows(out)
    assert (a["doegnaab_k"], b["doegnaab_k"]) == ("1", "0")
    assert a["link"] == "https://holbaek.dk/byparken"


def test_an_arcgis_rest_answer_is_read_as_its_features(tmp_path, capsys):
    """Esri JSON (f=json): attributes and x/y in the spatialReference's system, and a
    parking area as rings in Web Mercator (wkid 102100), read as GeoJSON would be."""
    points = {"spatialReference": {"wkid": 25832}, "features": [
        {"attributes": {"NAVN": "Toilet Hillerød Station", "HANDICAP": "Ja"},
         "geometry": {"x": 706783.61, "y": 6202904.75}}]}
    rc, out = _standardise_text(tmp_path, "hillerod-toiletter.json", json.dumps(points))
    said = capsys.readouterr()
    assert rc == 0, said.err
    assert "old-style" not in said.out
    (row,) = _rows(out)
    assert (row["navn"], row["handicap_k"], row["x"], row["y"]) == (
        "Toilet Hillerød Station", "1", "706783.61", "6202904.75")
    x, y = 1370000, 7475000  # Web Mercator metres on Zealand
    ring = [[x, y], [x + 50, y], [x + 50, y + 50], [x, y + 50], [x, y]]
    areas = {"spatialReference": {"wkid": 102100, "latestWkid": 3857},
             "features": [{"attributes": {"NAVN": "P-plads"}, "geometry": {"rings": [ring]}}]}
    (tmp_path / "a").mkdir()
    rc, out = _standardise_text(tmp_path / "a", "hillerod-parkering.json", json.dumps(areas))
    assert rc == 0, capsys.readouterr().err
    (row,) = _rows(out)
    from pyproj import Transformer

    middle = Transformer.from_crs("EPSG:3857", "EPSG:25832", always_xy=True).transform(
        x + 25, y + 25)
    area = shapely.from_wkt(row["geometri"])
    assert area.contains(shapely.Point(middle)) and 500 < area.area < 1000  # 28 m a side


def test_an_authority_column_and_codes_written_before_their_labels(tmp_path, capsys):
    """'Ansvarlig myndighed' names each row's municipality (two here): cvr_kode from it;
    '1 - Handicapegnet' and '1012 - Toilet', as code-list exports write them, are codes."""
    rc, out = _standardise_text(
        tmp_path, "faciliteter.csv",
        "Navn;Ansvarlig myndighed;Handicap;Type;X;Y\n"
        "A;Aarhus Kommune;1 - Handicapegnet;1371 - Bænk;572054.98;6223936.73\n"
        "B;Skanderborg Kommune;3 - Ikke handicapegnet;1012 - Toilet;563180.1;6213620.4\n")
    said = capsys.readouterr()
    assert rc == 0, said.err
    assert "Check the publisher" not in said.err  # the file says it, row by row
    rows = _rows(out)
    assert [(r["cvr_kode"], r["handicap_k"], r["facil_ty_k"]) for r in rows] == [
        ("55133018", "1", "1371"), ("29189633", "3", "1012")]


def test_degrees_written_with_a_degree_sign_are_numbers(tmp_path, capsys):
    from oddk.clean_geo import to_utm32

    rc, out = _standardise_text(tmp_path, "guldborgsund-toiletter.csv",
                                "Navn;Breddegrad;Længdegrad\nToilet Torvet;54.769°;11.874°\n"
                                "Toilet Marielyst;54.68 °;11.96°\n")
    said = capsys.readouterr()
    assert rc == 0, said.err
    assert "with a degree sign (e.g. '54.769°')" in said.out
    planted, _ = to_utm32([11.874, 11.96], [54.769, 54.68])
    for r, x, y in zip(_rows(out), planted["x"], planted["y"], strict=True):
        assert abs(float(r["x"]) - x) < 0.01 and abs(float(r["y"]) - y) < 0.01


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_row_of_group_names_above_the_column_names_is_skipped(tmp_path, capsys, kind):
    """Køge's packed-lunch houses: a title, then merged group names (Stamdata, Placering,
    Tilgængelighed) above the column names; the names are the header."""
    rows = [["Madpakkehuse i Køge Kommune"], ["Stamdata", None, "Placering (UTM32)", None,
                                              "Tilgængelighed"],
            ["Navn", "Type", "X", "Y", "Handicapvenlig"],
            ["Madpakkehus Lystskoven", "Madpakkehus", 689672.93, 6150073.58, "Ja"],
            ["Madpakkehus Ejby", "Madpakkehus", 693612.03, 6146902.01, "Nej"]]
    src = tmp_path / f"koge-madpakkehuse.{kind}"
    if kind == "xlsx":
        import openpyxl

        wb = openpyxl.Workbook()
        for row in rows:
            wb.active.append(row)
        wb.save(src)
    else:
        src.write_text("".join(";".join("" if v is None else str(v) for v in r) + "\n"
                               for r in rows), encoding="utf-8")
    out = tmp_path / "o.csv"
    assert oddk_main(["standardise", str(src), "--out", str(out)]) == 0, \
        capsys.readouterr().err
    got = _rows(out)
    assert [(r["navn"], r["facil_ty_k"], r["handicap_k"]) for r in got] == [
        ("Madpakkehus Lystskoven", "1132", "1"), ("Madpakkehus Ejby", "1132", "3")]


def test_empty_columns_without_a_name_are_not_listed_as_unmapped(tmp_path, capsys):
    """An export's trailing ';;;;' makes columns with no name and nothing in them: nothing
    to map, so not listed; a named column the standard has no field for still is."""
    rc, out = _standardise_text(tmp_path, "toiletter-aarhus.csv",
                                "Navn;Farve;X;Y;;;\nA;Rød;575000.5;6224000.5;;;\n"
                                "B;;575100.5;6224100.5;;;\n")
    said = capsys.readouterr().out
    assert rc == 0
    assert "Source columns that map to nothing (not in the output): Farve\n" in said
    assert "column_5" not in said.split("While reading")[0]


def test_a_count_in_words_is_the_count_and_said(tmp_path, capsys):
    rc, out = _standardise_text(
        tmp_path, "parkering-aarhus.csv",
        "Navn;Antal pladser;X;Y\nA;ca. 60;575000.5;6224000.5\nB;40 pladser;575100.5;6224100.5\n"
        "C;25;575200.5;6224200.5\nD;12-15;575300.5;6224300.5\n", "--type", "Parkeringsplads")
    said = capsys.readouterr()
    assert rc == 1  # '12-15' is no count: left empty and listed
    assert [r["antal_pl"] for r in _rows(out)] == ["60", "40", "25", ""]
    assert "row 1 (line 2): antal_pl, value 'ca. 60', the count 60 taken from" in said.out
    assert "row 3" not in said.out.split("Written otherwise")[1].split("Wrote")[0]
    assert "row 4 (line 5): antal_pl, value '12-15'" in said.err


def test_bredde_and_laengde_are_coordinates_only_when_they_hold_degrees(tmp_path, capsys):
    """'Bredde' and 'Længde' are latitude and longitude in Viborg's sledging hills, and a
    parking bay's width and length beside its x, y in another file."""
    from oddk.clean_geo import to_utm32

    rc, out = _standardise_text(tmp_path, "viborg-kaelkebakker.csv",
                                "Navn;Bredde;Længde\nKælkebakke Tinghøj;56,4551;9,4073\n")
    assert rc == 0, capsys.readouterr().err
    planted, _ = to_utm32([9.4073], [56.4551])
    (row,) = _rows(out)
    assert abs(float(row["x"]) - planted["x"][0]) < 0.01
    (tmp_path / "b").mkdir()
    rc, out = _standardise_text(tmp_path / "b", "aarhus-parkering.csv",
                                "Navn;Bredde;Længde;X;Y\nP1;2,5;5;575000,5;6224000,5\n")
    assert rc == 0, capsys.readouterr().err
    (row,) = _rows(out)
    assert (row["x"], row["y"]) == ("575000.50", "6224000.50")


#: Ordinary files the readers' newer rules must leave alone (found by a review): each
#: gives (file text, the field to look at, its values in the output, its exit code).
ORDINARY = {
    "hours-are-no-codes": ("Navn;Type;Åbningstider;x;y\nA;Toilet;0 - 24;574000;6224000\n"
                           "B;Toilet;1. maj - 30. september;574100;6224100\n"
                           "C;Toilet;8 - 16;574200;6224200\n", "doegnaab_k", ["1", "0", "0"], 0),
    "floor-is-no-code": ("Navn;Type;Handicap;x;y\nA;Toilet;Ja;574000;6224000\n"
                         "B;Toilet;3. sal, ingen elevator;574100;6224100\n", "handicap_k",
                         ["1", ""], 1),
    "contact-name-is-no-name": ("Kontaktpers. navn;Navn;Type;x;y\n"
                                "Jens Hansen;Legeplads Vest;Legeplads;574000;6224000\n",
                                "navn", ["Legeplads Vest"], 0),
    "unnamed-column-in-header": ("Navn;Type;;x;y\nToilet A;Toilet;lukket om vinteren;-;-\n"
                                 "Toilet B;Toilet;;574100;6224100\n", "navn", ["Toilet B"], 1),
    "utm32n-column-is-no-northing": ("Navn;Type;UTM32N;X;Y\nA;Toilet;Ja;574000;6224000\n",
                                     "y", ["6224000.00"], 0),
    "a-blank-authority-cell": ("Navn;Type;Ansvarlig myndighed;x;y\n"
                               "A;Toilet;Aarhus Kommune;574000;6224000\n"
                               "B;Toilet;;574100;6224100\n", "cvr_kode",
                               ["55133018", "55133018"], 0),
    "yes-no-before-a-reason": ("Navn;Type;Handicap;x;y\nA;Toilet;Nej, trapper;574000;6224000\n"
                               "B;Toilet;Ja, rampe ved indgang;574100;6224100\n"
                               "C;Toilet;Ja, men kun stuen;574200;6224200\n", "handicap_k",
                               ["3", "1", ""], 1),
    "opening-hours-after-a-yes": ("Navn;Type;Åbningstider;x;y\nA;Toilet;Ja, 8-16;574000;6224000\n"
                                  "B;Toilet;Ja, 0-24;574100;6224100\n", "doegnaab_k",
                                  ["0", "1"], 0),
    "a-www-inside-a-query": ("Navn;Type;Link;x;y\nA;Toilet;https://kort.dk/?q=www.b.dk,www.c.dk;"
                             "574000;6224000\n", "link", ["https://kort.dk/?q=www.b.dk,www.c.dk"], 0),
    "an-empty-name-column-and-its-copy": ("Navn;Type;x;y;Navn\n;Toilet;574000;6224000;Toilet A\n"
                                          ";Toilet;574100;6224100;Toilet B\n", "navn",
                                          ["Toilet A", "Toilet B"], 0),
    "ragged-spaces-in-a-name": ('Navn;Type;x;y\n"Shelter  ved\nBrabrand\u00a0Sø";Shelter;574000;6224000\n',
                                "navn", ["Shelter ved Brabrand Sø"], 0),
    "numbers-named-from-and-to-are-no-hours": ("Navn;Type;Afstand fra;Afstand til;x;y\n"
                                               "A;Toilet;2;24;574000;6224000\n", "doegnaab_k",
                                               [""], 0),
    "a-huge-float-count": ("Navn;Type;Antal pladser;x;y\nA;Parkering;99999999999999999999.0;"
                           "574000;6224000\nB;Parkering;ukendt;574100;6224100\n", "antal_pl",
                           ["", ""], 1),
}


@pytest.mark.parametrize("case", ORDINARY)
def test_ordinary_files_are_left_to_the_ordinary_rules(tmp_path, capsys, case):
    text, field, values, code = ORDINARY[case]
    rc, out = _standardise_text(tmp_path, "aarhus-faciliteter.csv", text)
    assert rc == code, capsys.readouterr().err
    assert [r[field] for r in _rows(out)] == values


def test_a_nested_name_does_not_take_a_field_a_plain_name_fills(tmp_path, capsys):
    feats = [{"type": "Feature", "properties": {"kontakt": {"navn": "Jens Hansen"},
                                                "navn": "Legeplads Vest"},
              "geometry": {"type": "Point", "coordinates": [10.2, 56.15]}}]
    rc, out = _standardise_text(tmp_path, "aarhus-legepladser.geojson",
                                json.dumps({"type": "FeatureCollection", "features": feats}))
    assert rc == 0, capsys.readouterr().err
    assert [r["navn"] for r in _rows(out)] == ["Legeplads Vest"]


def test_a_cpg_that_says_utf8_over_a_windows_1252_dbf_is_overruled(tmp_path, capsys):
    """Vejle's toilets: the .cpg says UTF-8, the .dbf is Windows-1252 (the export's default);
    read as Windows-1252, said, and no broken letters written as valid."""
    import shapefile

    base = tmp_path / "vejle-toiletter"
    with shapefile.Writer(str(base), shapeType=shapefile.POINT, encoding="cp1252") as w:
        w.field("NAVN", "C", 60)
        w.point(553980.5, 6176470.2)
        w.record("Toilet Nørreå Æblehaven")
    (tmp_path / "vejle-toiletter.cpg").write_text("UTF-8", encoding="ascii")
    out = tmp_path / "o.csv"
    assert oddk_main(["standardise", str(base) + ".shp", "--out", str(out)]) == 0
    assert "The .cpg file says UTF-8, but the .dbf's text is not UTF-8" in capsys.readouterr().out
    assert [r["navn"] for r in _rows(out)] == ["Toilet Nørreå Æblehaven"]


def test_overlapping_parts_are_joined_and_the_written_area_stays_valid(tmp_path, capsys):
    """Randers's parking lots: a MultiPolygon of two overlapping parts (one lot drawn twice
    over), repaired to their union (not cut into a gap), said as such; as written (to the
    centimetre) each area is valid."""
    from oddk.clean_geo import to_wgs84

    def square(x, y, w, h):
        pts, _ = to_wgs84([x, x + w, x + w, x, x], [y, y, y + h, y + h, y])
        return [[[a, b] for a, b in zip(pts["lon"], pts["lat"], strict=True)]]

    x, y = 563400.0, 6257400.0
    feats = [{"type": "Feature", "properties": {"navn": "P-plads Overlap"},
              "geometry": {"type": "MultiPolygon", "coordinates": [
                  square(x, y, 60, 60), square(x + 40, y, 40, 60)]}}]
    rc, out = _standardise_text(tmp_path, "randers-parkering.geojson",
                                json.dumps({"type": "FeatureCollection", "features": feats}))
    said = capsys.readouterr().out
    assert rc == 0, said
    assert "its parts overlap (joined into one area)" in said
    (row,) = _rows(out)
    area = shapely.from_wkt(row["geometri"])
    assert area.is_valid and abs(area.area - 80 * 60) < 5


def test_several_links_in_one_cell_and_a_greenland_postcode(tmp_path, capsys):
    rc, out = _standardise_text(
        tmp_path, "tonder-shelters.csv",
        "Navn;Link;Postnr;X;Y\n"
        "A;https://toender.dk/shelter og https://visittonder.dk;6270;485000.5;6090000.5\n"
        'B;"https://toender.dk/a;https://slks.dk/b";3900;486000.5;6091000.5\n', "--type",
        "Shelter")
    said = capsys.readouterr()
    assert rc == 1, said.err
    rows = _rows(out)
    assert [r["link"] for r in rows] == ["https://toender.dk/shelter", "https://toender.dk/a"]
    assert [r["postnr"] for r in rows] == ["6270", ""]
    assert "2 web addresses in one cell: the first kept" in said.out
    assert "3900 is a postcode in Greenland" in said.err


def test_a_hidden_first_sheet_is_passed_over(tmp_path, capsys):
    """Favrskov's playgrounds: a hidden lookup list first, the data on the sheet shown."""
    import openpyxl

    wb = openpyxl.Workbook()
    lookup = wb.active
    lookup.title = "Opslag"
    lookup.append(["kode", "tekst"])
    lookup.append([1, 2])
    lookup.sheet_state = "hidden"
    data = wb.create_sheet("Legepladser")
    data.append(["Navn", "X", "Y"])
    data.append(["Legeplads Hinnerup", 565432.1, 6238765.4])
    wb.active = 1
    wb.save(tmp_path / "favrskov-legepladser.xlsx")
    out = tmp_path / "o.csv"
    assert oddk_main(["standardise", str(tmp_path / "favrskov-legepladser.xlsx"), "--out",
                      str(out)]) == 0, capsys.readouterr().err
    assert "hidden: Opslag); read the first that is not hidden, 'Legepladser'" in \
        capsys.readouterr().out
    assert [r["navn"] for r in _rows(out)] == ["Legeplads Hinnerup"]


def test_a_feature_collection_inside_an_api_answer_is_read(tmp_path, capsys):
    doc = {"status": "ok", "data": {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"navn": "Shelter Marbæk", "type": "Dog park"},
         "geometry": {"type": "Point", "coordinates": [8.36, 55.52]}}]}}
    rc, out = _standardise_text(tmp_path, "esbjerg-faciliteter.json", json.dumps(doc))
    assert rc == 0, capsys.readouterr().err
    assert [(r["navn"], r["facil_ty_k"]) for r in _rows(out)] == [("Shelter Marbæk", "1191")]


def test_a_lone_feature_with_a_property_named_features_is_one_row(tmp_path, capsys):
    doc = {"type": "Feature", "properties": {"navn": "Toilet Marbæk", "type": "Toilet",
                                             "features": {"wifi": True}},
           "geometry": {"type": "Point", "coordinates": [8.36, 55.52]}}
    rc, out = _standardise_text(tmp_path, "esbjerg-toilet.geojson", json.dumps(doc))
    assert rc == 0, capsys.readouterr().err
    assert [r["navn"] for r in _rows(out)] == ["Toilet Marbæk"]


def test_a_hole_drawn_as_a_second_part_stays_a_hole(tmp_path, capsys):
    """A part inside another (a hole wound the wrong way, as exports do) is a hole when
    repaired, not filled in as if the parts overlapped."""
    from oddk.clean_geo import to_wgs84

    def ring(x, y, w):
        pts, _ = to_wgs84([x, x + w, x + w, x, x], [y, y, y + w, y + w, y])
        return [[[a, b] for a, b in zip(pts["lon"], pts["lat"], strict=True)]]

    x, y = 563400.0, 6257400.0
    feats = [{"type": "Feature", "properties": {"navn": "P-plads med ø"},
              "geometry": {"type": "MultiPolygon", "coordinates": [
                  ring(x, y, 100), ring(x + 30, y + 30, 40)]}}]
    rc, out = _standardise_text(tmp_path, "randers-parkering.geojson",
                                json.dumps({"type": "FeatureCollection", "features": feats}))
    said = capsys.readouterr().out
    assert rc == 0, said
    assert "one part lies inside another" in said
    (row,) = _rows(out)
    assert abs(shapely.from_wkt(row["geometri"]).area - (100 * 100 - 40 * 40)) < 5


def test_a_file_with_a_header_and_no_rows_writes_nothing(tmp_path, capsys):
    rc, out = _standardise_text(tmp_path, "toiletter-aarhus.csv", "navn,lon,lat\n",
                                "--type", "1012")
    assert rc == 2 and not out.exists() and "no rows" in capsys.readouterr().err


def test_a_clean_run_with_force_removes_the_list_of_an_earlier_run(tmp_path, capsys):
    (tmp_path / "o-set-aside.csv").write_text("row,field\n2,x, y\n", encoding="utf-8")
    rc, out = _standardise_text(tmp_path, "toiletter-aarhus.csv",
                                "navn,lon,lat\nA,10.2,56.16\n", "--type", "1012", "--force")
    assert rc == 0 and not (tmp_path / "o-set-aside.csv").exists()
    assert "earlier run" in capsys.readouterr().out


# --------------------------------------------------------------------------- the schema check


def _applied(case):
    src = datasets_dir() / case["path"]
    df, report = read_table(src)
    mapping = standards.suggest_mapping(df, report, source=src, standard=None)
    from oddk.standards.apply import apply

    return apply(df, mapping).table, mapping["standard"]


@pytest.mark.parametrize("case", [c for c in CASES if c["set_aside"] or "horsens" in c["path"]],
                         ids=_id)
def test_the_fast_schema_check_finds_what_frictionless_finds(case):
    table, standard = _applied(case)
    fast = standards.check_table(table, standard)
    ref = standards.validate_table(table.reset_index(drop=True), standard)
    # frictionless numbers the rows of the written CSV; the table's index is the source row
    rows = list(table.index + 1)
    ref_rows = [(rows[int(r) - 1], f) for r, f in zip(ref["row"], ref["field"], strict=True)]
    assert [(int(r), f) for r, f in zip(fast["row"], fast["field"], strict=True)] == ref_rows
    assert list(fast["problem"]) == list(ref["problem"])


def test_the_fast_schema_check_agrees_with_frictionless_on_every_kind_of_defect():
    from oddk.standards.apply import apply

    src = datasets_dir() / "facilities" / "aarhus-toiletter-synthetic.csv"
    df, report = read_table(src)
    table = apply(df, standards.suggest_mapping(df, report, source=src)).table
    table.loc[0, "cvr_kode"] = 123
    table.loc[1, "facil_ty_k"] = None
    table.loc[2, "handicap_k"] = 5
    table.loc[3, "antal_pl"] = 10_000
    table.loc[4, "postnr"] = "80000"
    table.loc[5, "link"] = "ftp://x"
    table.loc[6, "x"] = 100.0
    table.loc[7, "y"] = None
    table.loc[8, "navn"] = "Toilet " + "ved havnen " * 30  # GeoFA's navn holds 254 characters
    fast = standards.check_table(table)
    ref = standards.validate_table(table)
    assert len(fast) == 9
    assert fast[["row", "field", "problem"]].values.tolist() == \
        ref[["row", "field", "problem"]].values.tolist()
    def shown(v):
        return "" if v is None or v != v else str(v)

    assert [shown(v) for v in fast["value"]] == [shown(v) for v in ref["value"]]


# --------------------------------------------------------------------------- the readers


def test_multipoint_with_a_urn_crs_reads_as_wgs84_points_longitude_first():
    df, r = read_table(GEODATA / "kobenhavn-legepladser-multipoint-urn-synthetic.geojson")
    assert r.crs == "EPSG:4326" and r.geometry_types == {"MultiPoint": 12}
    assert df["lon"].between(12, 13).all() and df["lat"].between(55, 56).all()
    assert any("MultiPoint" in n for n in r.notes)


def test_crs84_and_a_feature_without_geometry_are_read_and_reported():
    df, r = read_table(GEODATA / "frederiksberg-legepladser-crs84-synthetic.geojson")
    assert r.crs == "EPSG:4326" and r.missing_coordinates == [6]
    assert any("feature(s) have no usable coordinates" in w for w in r.warnings)
    assert "geometry" in df.columns  # the MultiPoint of two points, kept whole


def test_polygons_are_kept_as_geometry_and_counted_by_type():
    df, r = read_table(GEODATA / "syddjurs-parkering-multipolygoner-synthetic.geojson")
    assert r.crs == "EPSG:25832" and r.geometry_types == {"MultiPolygon": 6}
    assert df["geometry"].map(lambda t: shapely.from_geojson(t).geom_type).eq(
        "MultiPolygon").all()
    from oddk.read import main_read

    text = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(text):
        main_read(str(GEODATA / "syddjurs-parkering-multipolygoner-synthetic.geojson"))
    assert "Geometry   MultiPolygon (6)" in text.getvalue()


def test_an_esri_prj_without_an_epsg_code_is_named():
    df, r = read_table(GEODATA / "ringkobing-skjern-parkering-esri-synthetic.shp")
    assert r.crs == "EPSG:25832" and r.geometry_types == {"Polygon": 7}


def test_a_lon_lat_ordered_wgs84_prj_is_wgs84(tmp_path):
    """Copenhagen's playground shapefile: GEOGCS WGS 84 with AUTHORITY 4326 and the axes in
    longitude, latitude order, which pyproj's strict match rejects."""
    import shapefile

    base = tmp_path / "legepladser"
    w = shapefile.Writer(str(base), shapeType=shapefile.POINT)
    w.field("navn", "C", 40)
    w.point(12.57, 55.68)
    w.record("Legeplads Fælledparken")
    w.close()
    base.with_suffix(".prj").write_text(
        'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
        'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
        'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
        'AXIS["Longitude",EAST],AXIS["Latitude",NORTH],AUTHORITY["EPSG","4326"]]',
        encoding="utf-8")
    df, r = read_table(base.with_suffix(".shp"))
    assert r.crs == "EPSG:4326"
    assert not any("does not name a known" in w for w in r.warnings)


def test_a_shapefiles_deleted_records_are_left_out_and_each_row_keeps_its_own_place(
        tmp_path, capsys):
    """ArcGIS and MapInfo mark a deleted feature in the .dbf (a '*' before its record) and
    leave its shape until the file is packed: record n still belongs to shape n."""
    import pyproj
    import shapefile

    base = tmp_path / "aarhus-sheltere"
    with shapefile.Writer(str(base), shapeType=shapefile.POINT) as w:
        w.field("navn", "C", 40)
        for k in range(6):
            w.point(570000 + 1000 * k, 6220000 + 1000 * k)
            w.record(f"Shelter {k + 1}")
    base.with_suffix(".prj").write_text(pyproj.CRS.from_epsg(25832).to_wkt("WKT1_ESRI"))
    dbf = bytearray(base.with_suffix(".dbf").read_bytes())
    header, size = int.from_bytes(dbf[8:10], "little"), int.from_bytes(dbf[10:12], "little")
    for k in (1, 3):  # Shelter 2 and Shelter 4 deleted
        dbf[header + k * size] = ord("*")
    base.with_suffix(".dbf").write_bytes(bytes(dbf))
    df, r = read_table(base.with_suffix(".shp"))
    assert df["navn"].tolist() == ["Shelter 1", "Shelter 3", "Shelter 5", "Shelter 6"]
    assert any("2 of the shapefile's records are marked deleted" in w and "records 2, 4" in w
               for w in r.warnings)
    out = tmp_path / "o.csv"
    assert oddk_main(["standardise", str(base.with_suffix(".shp")), "--out", str(out)]) == 0, \
        capsys.readouterr().err
    assert [(row["navn"], row["x"]) for row in _rows(out)] == [
        ("Shelter 1", "570000.00"), ("Shelter 3", "572000.00"), ("Shelter 5", "574000.00"),
        ("Shelter 6", "575000.00")]


def test_zero_and_minus_999_coordinates_are_missing_values_with_their_rows():
    df, r = read_table(GEODATA / "skanderborg-parkering-nul-koordinater-synthetic.csv")
    assert r.crs == "EPSG:4326" and r.missing_coordinates == [3, 6, 9, 12]


def test_wkt_in_a_csv_cell_is_found_by_its_values():
    src = GEODATA / "viborg-baenke-wkt-synthetic.csv"
    df, report = read_table(src)
    mapping = standards.suggest_mapping(df, report, source=src)
    assert mapping["geometry"]["column"] == "lokation"
    assert mapping["geometry"]["crs"] == "EPSG:4326"


def test_a_csv_named_xlsx_is_read_as_csv_with_a_warning_and_the_check_says_so():
    from oddk.check import check

    src = GEODATA / "odense-toiletter-forkert-endelse-synthetic.xlsx"
    df, r = read_table(src)
    assert r.format == "csv" and len(df) == 6
    assert any("it is a text file (CSV)" in w and "Rename it to .csv" in w for w in r.warnings)
    assert "wrong-extension" in check(src).codes


def test_a_binary_file_named_xlsx_that_is_no_workbook_is_still_refused(tmp_path):
    from oddk.errors import ReadError

    src = tmp_path / "x.xlsx"
    src.write_bytes(b"\x00\x01\x02garbage" * 10)
    with pytest.raises(ReadError, match="not a zip file"):
        read_table(src)


def test_the_real_aarhus_traffic_files_read_right():
    """datasets/real/mobility: Aarhus Kommune, Open Data DK, CC BY 4.0."""
    mob = REAL / "mobility"
    df, r = read_table(mob / "aarhus-trafikdata-maalepunkter.csv")
    assert len(df) == 929 and r.crs == "EPSG:4326"
    assert r.coordinate_columns == ["POINT_1_LNG", "POINT_1_LAT"]
    assert any("POINT_2_LNG" in n for n in r.notes)
    df, r = read_table(mob / "aarhus-realtids-trafikdata-2024-03-22.csv")
    assert len(df) == 928 and str(df["vehicleCount"].dtype).startswith("int")
    df, r = read_table(mob / "aarhus-trafikdata-rapport-158505-2014-2015.csv")
    assert len(df) == 66_624 and r.line_ending == "CRLF"
    df, r = read_table(mob / "aarhus-parkeringshuse.csv")
    assert len(df) == 12 and r.crs == "EPSG:4326"
    df, r = read_table(mob / "aarhus-trafikdata-datastore-search.json")
    assert len(df) == 449 and r.crs == "EPSG:4326"


@pytest.mark.parametrize("module", ["oddk.standards.geometry", "oddk.standards.set_aside",
                                    "oddk.standards.apply", "oddk.geometry_read",
                                    "oddk.read_geo"])
def test_doctests(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


# --------------------------------------------------------------------------- what files write


@pytest.mark.parametrize("text, header, rows", [
    (";;2024K1\nHele landet;Mænd;2963245\nHele landet;Kvinder;2998004\n",
     ["column_1", "column_2", "2024K1"], 2),  # a matrix export's header: its one name not first
    ("Navn;;\nToilet A;574000;6220000\nToilet B;574100;6220100\n",
     ["Navn", "column_2", "column_3"], 2),  # a header with unnamed columns, numbers below
    ("Toiletter i Aalborg;;\nnavn;x;y\nToilet A;574000;6220000\n", ["navn", "x", "y"], 1),
])
def test_a_one_cell_row_is_a_title_only_above_a_row_of_names(text, header, rows, tmp_path):
    src = tmp_path / "t.csv"
    src.write_text(text, encoding="utf-8")
    df, _ = read_table(src)
    assert list(df.columns) == header and len(df) == rows


@pytest.mark.parametrize("hours, code", [
    ("Døgnåbent (24/7)", 1), ("24 timer i døgnet", 1), ("0-24", 1), ("Altid åben", 1),
    ("Ja", 1), ("Nej", 0), ("Kl. 7-22 (ikke døgnåbent)", 0), ("Nej, ikke døgnåben", 0),
    ("Åben 8-16, lukket resten af døgnet", 0), ("Kl. 6-24, 7 dage om ugen", 0),
    ("Kl. 10-24", 0), ("Kun om sommeren", 0), ("00.00-24.00", 1), ("00:00 - 23:59", 1),
    ("10:00-23:59", 0)])
def test_opening_hours_are_around_the_clock_only_when_they_say_so(hours, code, tmp_path,
                                                                   capsys):
    rc, out = _standardise_text(tmp_path, "toiletter-aarhus.csv",
                                f"navn;døgnåben;lon;lat\nA;{hours};10,2;56,16\n"
                                "B;Kun i weekenden;10,21;56,15\n")
    assert rc == 0, capsys.readouterr().err
    assert _rows(out)[0]["doegnaab_k"] == str(code)


@pytest.mark.parametrize("opens, closes", [
    ("Åbningstid fra", "Åbningstid til"), ("Åbner", "Lukker"), ("Åbent fra kl.", "Åbent til kl."),
    ("opens", "closes")])
def test_opening_and_closing_times_in_two_columns_say_round_the_clock(opens, closes, tmp_path,
                                                                       capsys):
    rc, out = _standardise_text(tmp_path, "toiletter-aarhus.csv",
                                f"navn;{opens};{closes};lon;lat\nA;00:00;24:00;10,2;56,16\n"
                                "B;7.00;22.00;10,21;56,15\nC;0;23.59;10,22;56,15\n"
                                "D;;;10,23;56,15\nE;00:00;12:00;10,24;56,15\n")
    said = capsys.readouterr()
    assert rc == 0, said.err
    assert [r["doegnaab_k"] for r in _rows(out)] == ["1", "0", "1", "", "0"]
    assert "Source columns that map to nothing" not in said.out  # both columns are used
    mapping = yaml.safe_load(said.out.split("\n\n")[0])
    assert mapping["fields"]["doegnaab_k"]["until"] == closes


def test_one_of_two_pairs_of_times_is_no_guess_and_no_zero(tmp_path, capsys):
    """Weekdays and weekends apart: which pair says 'round the clock' is not guessed, and an
    opening time alone ('Åbningstid fra' 00:00) is not written as 'not round the clock'."""
    rc, out = _standardise_text(
        tmp_path, "toiletter-aarhus.csv",
        "navn;Åbningstid fra;Åbningstid til;Weekend fra;Weekend til;lon;lat\n"
        "A;00:00;24:00;10:00;16:00;10,2;56,16\n")
    said = capsys.readouterr()
    assert rc == 0, said.err
    assert _rows(out)[0]["doegnaab_k"] == ""
    assert "Åbningstid fra" in said.out.split("map to nothing")[1]


def test_a_column_of_times_named_from_is_not_hours_without_its_closing(tmp_path, capsys):
    rc, out = _standardise_text(tmp_path, "toiletter-aarhus.csv",
                                "navn;Åbningstid fra;lon;lat\nA;00:00;10,2;56,16\n")
    assert rc == 0, capsys.readouterr().err
    assert _rows(out)[0]["doegnaab_k"] == ""


def test_a_mapping_with_a_missing_closing_column_is_refused_plainly(tmp_path):
    import pandas as pd

    df = pd.DataFrame({"navn": ["A"], "Åbner": ["00:00"], "x": ["574000"], "y": ["6224000"]})
    mapping = {"fields": {"facil_ty_k": {"value": 1012}, "navn": {"column": "navn"},
                          "doegnaab_k": {"column": "Åbner", "until": "Lukker", "other": 0}},
               "geometry": {"x": "x", "y": "y", "crs": "EPSG:25832"}}
    with pytest.raises(standards.MappingError, match="column 'Lukker', which the file does not"):
        standards.apply_mapping(df, mapping)


@pytest.mark.parametrize("words, code", [
    ("Gratis", 0), ("P-skive 2 timer", 0), ("Ikke gratis", 1), ("Betaling, ingen P-skive", 1),
    ("Betalingsparkering, gratis for elbiler", 1), ("Betalingszone 2", 1)])
def test_payment_words_are_free_only_when_nothing_turns_them_around(words, code, tmp_path,
                                                                     capsys):
    rc, out = _standardise_text(tmp_path, "parkering-aarhus.csv",
                                f"navn;betaling;lon;lat\nA;{words};10,2;56,16\n"
                                "B;Gratis om natten, ellers betaling;10,21;56,15\n")
    assert rc == 0, capsys.readouterr().err
    assert _rows(out)[0]["betaling_k"] == str(code)


def test_type_words_the_file_name_can_stand_in_for_keep_every_row(tmp_path, capsys):
    rc, out = _standardise_text(tmp_path, "toiletter-aarhus.csv", "navn;type;lon;lat\n"
                                "A;Offentligt toilet;10,2;56,16\nB;Urinal;10,21;56,15\n"
                                "C;Område;10,22;56,14\n")
    assert rc == 0, capsys.readouterr().err
    assert [r["facil_ty_k"] for r in _rows(out)] == ["1012"] * 3


def test_codes_already_written_as_numbers_stand_beside_words(tmp_path, capsys):
    rc, out = _standardise_text(tmp_path, "toiletter-aarhus.csv", "navn;handicap;lon;lat\n"
                                "A;1;10,2;56,16\nB;3;10,21;56,15\nC;Kørestol;10,22;56,14\n")
    assert rc == 1
    assert [r["handicap_k"] for r in _rows(out)] == ["1", "3", ""]
    (listed,) = _rows(out.with_name("o-set-aside.csv"))
    assert "'Kørestol' has no handicap_k code" in listed["reason"]


def test_bornholm_zone_33_with_decimal_commas(tmp_path, capsys):
    rc, out = _standardise_text(tmp_path, "toiletter-bornholm.csv", "Navn;Øst;Nord\n"
                                "T1;480346,07;6105806,94\nT2;487358,40;6125745,70\n",
                                "--type", "Toilet")
    assert rc == 0, capsys.readouterr().err
    first = _rows(out)[0]  # Rønne in EPSG:25832
    assert abs(float(first["x"]) - 863008.7) < 1 and abs(float(first["y"]) - 6120572.1) < 1


def test_a_large_file_leaves_out_every_repeated_header_and_blank_line(tmp_path, monkeypatch):
    import oddk.read

    lines = ["id;antal;navn"] + [f"{i};{i * 2};navn {i}" for i in range(20_000)]
    lines.insert(7, "id;antal;navn")
    lines.insert(15_000, ";;")
    src = tmp_path / "stor.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(oddk.read, "LARGE", 10_000)  # the large-file reader, on a small file
    df, report = read_table(src)
    assert len(df) == 20_000 and not (df["id"].astype(str) == "id").any()
    assert str(df["antal"].dtype).startswith(("int", "Int"))  # numbers, not text
    assert any("repeats the column names" in w for w in report.warnings)
    assert any("is empty" in n for n in report.notes)


def test_a_place_beside_another_facility_is_no_type_and_a_link_names_none(tmp_path, capsys):
    # Randers' benches stand 'Ved P-pladsen' and 'Ved legepladsen'; Odense's link reads
    # '…/trafik-og-parkering/offentlige-toiletter': neither says what the facility is
    rc, out = _standardise_text(
        tmp_path, "randers-baenke.csv",
        "Bænk nr;Placering;X;Y\n1;Ved P-pladsen;565065.5;6259283.2\n"
        "2;Ved toiletbygningen;565258.4;6258755.9\n3;Nær shelteren;565301.0;6258801.0\n")
    assert rc == 0, capsys.readouterr().err
    rows = _rows(out)
    assert {r["facil_ty_k"] for r in rows} == {"1371"}
    assert [r["beskrivels"] for r in rows] == ["Ved P-pladsen", "Ved toiletbygningen",
                                               "Nær shelteren"]
    rc, out = _standardise_text(
        tmp_path, "odense-offentlige-toiletter.csv",
        "Navn;Læs mere;lon;lat\nRådhuset;https://www.odense.dk/trafik-og-parkering/toiletter;"
        "10,389;55,396\nMunke Mose;https://www.odense.dk/trafik-og-parkering/toiletter;"
        "10,377;55,392\n", "--force")
    assert rc == 0, capsys.readouterr().err
    rows = _rows(out)
    assert {r["facil_ty_k"] for r in rows} == {"1012"}
    assert rows[0]["link"] == "https://www.odense.dk/trafik-og-parkering/toiletter"


def test_a_type_column_not_named_so_still_gives_each_row_its_type(tmp_path, capsys):
    rc, out = _standardise_text(
        tmp_path, "holbaek-friluftsfaciliteter.csv",
        "Navn;Hvad;www;X;Y\n" + "".join(
            f"{n};{t};www.holbaek.dk/{n};670{i}44.9;61778{i}1.6\n" for i, (n, t) in enumerate(
                zip("ABCDEF", ["Legeplads", "Toilet", "Kunstgræsbane"] * 2, strict=True))))
    assert rc == 0, capsys.readouterr().err
    rows = _rows(out)
    assert [r["facil_ty_k"] for r in rows] == ["1031", "1012", "4111"] * 2
    assert rows[0]["link"] == "https://www.holbaek.dk/A"


@pytest.mark.parametrize("column", ["PARKNAVN", "rutenavn", "Stinavn"])
def test_a_name_column_named_after_the_thing_is_the_name(tmp_path, capsys, column):
    rc, out = _standardise_text(
        tmp_path, "odense-faciliteter.csv",
        f"{column};brugernavn;X;Y\nKongens Have;jens.h;588000.0;6139000.0\n"
        "Munke Mose;jens.h;587500.0;6138500.0\n", "--type", "Legeplads")
    assert rc == 0, capsys.readouterr().err
    assert [r["navn"] for r in _rows(out)] == ["Kongens Have", "Munke Mose"]


@pytest.mark.parametrize("name, code", [("vejle-badesteder", "1051"),
                                        ("skive-boldbaner", "4111")])
def test_bathing_sites_and_ball_courts_known_by_the_file_name(tmp_path, capsys, name, code):
    rc, out = _standardise_text(tmp_path, f"{name}.csv",
                                "navn;lon;lat\nA;9,53;55,70\nB;9,55;55,71\n")
    assert rc == 0, capsys.readouterr().err
    assert {r["facil_ty_k"] for r in _rows(out)} == {code}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_total_and_a_note_below_the_table_are_left_out_and_said(tmp_path, capsys, kind):
    rows = [["Navn", "Pladser", "Type", "X", "Y"],
            ["P Nord", "40", "Offentlig", "544054,61", "6149352,35"],
            ["P Syd", "25", "Offentlig", "546336,30", "6149588,40"],
            ["Total", "12", "Privat", "546400,00", "6149600,00"],  # a lot named so: data
            ["I alt", "77", "", "", ""], ["", "", "", "", ""],
            ["Kilde: Middelfart Kommune, Vej og Park", "", "", "", ""]]
    src = tmp_path / f"middelfart-parkering.{kind}"
    if kind == "csv":
        src.write_text("".join(";".join(r) + "\n" for r in rows), encoding="utf-8")
    else:
        openpyxl = pytest.importorskip("openpyxl")
        wb = openpyxl.Workbook()
        for r in rows:
            wb.active.append([float(v.replace(",", ".")) if v[:1].isdigit() else v or None
                              for v in r])
        wb.save(src)
    out = tmp_path / "o.csv"
    rc = oddk_main(["standardise", str(src), "--out", str(out)])
    said = capsys.readouterr()
    assert rc == 0, said.out + said.err
    assert [r["navn"] for r in _rows(out)] == ["P Nord", "P Syd", "Total"]
    word = "Lines" if kind == "csv" else "Rows"
    assert f"{word} 5, 7 below the table are a total or a note ('I alt', 'Kilde:" in said.out


def test_letters_encoded_twice_are_read_back_and_said(tmp_path, capsys):
    rows = "navn;X;Y\nBænk ved Søen;575290.86;6223512.70\nÅen;574058.05;6224815.50\n"
    twice = rows.encode("utf-8").decode("cp1252").encode("utf-8")  # opened wrong, saved again
    src = tmp_path / "aarhus-baenke.csv"
    src.write_bytes(twice)
    out = tmp_path / "o.csv"
    rc = oddk_main(["standardise", str(src), "--out", str(out)])
    said = capsys.readouterr().out
    assert rc == 0, said
    assert [r["navn"] for r in _rows(out)] == ["Bænk ved Søen", "Åen"]
    assert "Lines 2, 3 had letters encoded twice ('BÃ¦nk' for 'Bænk'" in said
    assert src.read_bytes() == twice  # the source is only read


def test_the_layer_named_as_the_type_asked_for_is_read(tmp_path, capsys):
    """Sønderborg's zip holds 'ruter' (lines) before 'shelters' (points): asked for shelters,
    the shelters are read and said, not the routes written as shelters."""
    import zipfile

    import shapefile

    folder = tmp_path / "layers"
    folder.mkdir()
    with shapefile.Writer(str(folder / "ruter"), shapeType=shapefile.POLYLINE) as w:
        w.field("NAVN", "C", 60)
        w.line([[(530000.0, 6090000.0), (531000.0, 6091000.0)]])
        w.record("Gendarmstien")
    with shapefile.Writer(str(folder / "shelters"), shapeType=shapefile.POINT) as w:
        w.field("NAVN", "C", 60)
        for i, name in enumerate(["Shelter Dybbøl", "Shelter Broager"]):
            w.point(530000.0 + i * 500, 6090000.0)
            w.record(name)
    src = tmp_path / "sonderborg-friluftsliv.zip"
    with zipfile.ZipFile(src, "w") as z:
        for part in sorted(folder.iterdir()):
            z.write(part, part.name)
    out = tmp_path / "o.csv"
    rc = oddk_main(["standardise", str(src), "--type", "Shelter", "--out", str(out)])
    said = capsys.readouterr()
    assert rc == 0, said.out + said.err
    assert [r["navn"] for r in _rows(out)] == ["Shelter Dybbøl", "Shelter Broager"]
    assert {r["facil_ty_k"] for r in _rows(out)} == {"3012"}
    assert "Read the layer 'shelters' of 2 (ruter, shelters)" in said.out
    rc = oddk_main(["standardise", str(src), "--out", str(tmp_path / "p.csv")])
    assert rc == 2
    assert "The file has 2 layers (ruter, shelters)" in capsys.readouterr().err


def test_a_zip_holding_one_geojson_is_read(tmp_path, capsys):
    import zipfile

    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"navn": "Hundeskoven"},
         "geometry": {"type": "Point", "coordinates": [12.08, 55.64]}}]}
    src = tmp_path / "roskilde-hundeskove.zip"
    with zipfile.ZipFile(src, "w") as z:
        z.writestr("hundeskove.geojson", json.dumps(doc))
    out = tmp_path / "o.csv"
    assert oddk_main(["standardise", str(src), "--out", str(out)]) == 0, capsys.readouterr()
    assert [(r["navn"], r["facil_ty_k"]) for r in _rows(out)] == [("Hundeskoven", "1191")]


@pytest.mark.parametrize("name, text, what", [
    ("shelters.csv", "<?xml version='1.0'?>\n<!-- WFS -->\n<ows:ExceptionReport "
     "xmlns:ows='http://www.opengis.net/ows'><ows:Exception/></ows:ExceptionReport>",
     "an XML file"),
    ("toiletter.csv", "<!DOCTYPE html><html><body>Log ind</body></html>", "a web page")])
def test_map_markup_and_web_pages_are_named_not_read_as_tables(tmp_path, capsys, name, text,
                                                                what):
    rc, _ = _standardise_text(tmp_path, name, text)
    assert rc == 2
    assert f"is not a table: it is {what}" in capsys.readouterr().err


def test_kml_and_kmz_are_read_with_their_fields_folders_and_system():
    _, said = read_table(GEODATA / "vejle-toiletter-my-maps-synthetic.kml")
    assert said.format == "kml" and said.crs == "EPSG:4326"
    assert said.crs_source == "the KML format (always WGS84 longitude/latitude)"
    assert said.column_names[:5] == ["name", "description", "Handicapvenligt", "Hjemmeside",
                                     "folder"]
    assert said.geometry_types == {"Point": 6, "none": 1} and said.missing_coordinates == [7]
    assert "read its 7 placemarks as rows" in said.notes[0]
    df, said = read_table(GEODATA / "odder-parkering-arcgis-synthetic.kmz")
    assert "description" not in df.columns  # it was the fields' table, read as the fields
    assert list(df["ANTAL_PLADSER"]) == ["25", "30", "35", "40", "45"]
    assert said.geometry_types == {"Polygon": 5}
    assert any("only in an HTML table in the description" in n for n in said.notes)


def _gpx(body: str) -> str:
    return ('<?xml version="1.0"?><gpx version="1.1" creator="Garmin" '
            f'xmlns="http://www.topografix.com/GPX/1/1">{body}</gpx>')


def test_gpx_waypoints_are_read_as_points_and_tracks_as_lines(tmp_path, capsys):
    wpts = ('<wpt lat="56.1702" lon="8.9811"><name>Shelter ved Hald Sø</name>'
            "<desc>Tre sheltre og bålplads</desc></wpt>"
            '<wpt lat="56.2010" lon="9.0102"><name>Shelter Dollerup</name></wpt>')
    track = ('<trk><name>Rundt om søen</name><trkseg><trkpt lat="56.17" lon="8.98"/>'
             '<trkpt lat="56.18" lon="8.99"/></trkseg></trk>')
    src = tmp_path / "viborg-shelters.gpx"
    src.write_text(_gpx(wpts + track), encoding="utf-8")
    df, said = read_table(src)
    assert said.format == "gpx" and said.geometry_types == {"Point": 2, "MultiLineString": 1}
    assert list(df["gpx"]) == ["waypoint", "waypoint", "track"]
    assert "read its 2 waypoints, 1 track as rows" in said.notes[0]
    src = tmp_path / "viborg-sheltre.gpx"
    src.write_text(_gpx(wpts), encoding="utf-8")
    out = tmp_path / "o.csv"
    assert oddk_main(["standardise", str(src), "--out", str(out)]) == 0, capsys.readouterr()
    rows = _rows(out)
    assert [(r["navn"], r["facil_ty_k"], r["beskrivels"]) for r in rows] == [
        ("Shelter ved Hald Sø", "3012", "Tre sheltre og bålplads"),
        ("Shelter Dollerup", "3012", "")]
    assert (float(rows[0]["x"]), float(rows[0]["y"])) == pytest.approx((498_826.4, 6_225_022.8),
                                                                       abs=0.1)


_WFS2 = ('<?xml version="1.0" encoding="UTF-8"?><wfs:FeatureCollection '
         'xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:gml="http://www.opengis.net/gml/3.2" '
         'xmlns:app="http://example.invalid/app">{}</wfs:FeatureCollection>')


def _member(kind: str, props: dict, geometry: str) -> str:
    inner = "".join(f"<app:{k}>{v}</app:{k}>" for k, v in props.items())
    return (f'<wfs:member><app:{kind} gml:id="{kind}.1">{inner}<app:geom>{geometry}</app:geom>'
            f"</app:{kind}></wfs:member>")


def test_gml_of_a_wfs_2_answer_is_read_latitude_first_as_gml_3_writes_it(tmp_path, capsys):
    point = ('<gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>{} {}</gml:pos>'
             "</gml:Point>")
    members = [_member("toiletter", {"navn": n, "aabningstid": "Døgnåbent"}, point.format(*p))
               for n, p in [("Toilet ved Kilden", (57.0488, 9.9217)),
                            ("Toilet Østre Anlæg", (57.0440, 9.9400))]]
    route = _member("ruter", {"navn": "Havnestien"}, '<gml:LineString srsName="urn:ogc:def:'
                    'crs:EPSG::4326"><gml:posList srsDimension="3">57.05 9.92 0 57.06 9.93 0'
                    "</gml:posList></gml:LineString>")
    src = tmp_path / "aalborg-toiletter.gml"
    src.write_text(_WFS2.format("".join(members) + route), encoding="utf-8")
    df, said = read_table(src)
    assert said.format == "gml" and said.crs == "EPSG:4326"
    assert said.geometry_types == {"Point": 2, "LineString": 1}
    assert list(df["layer"]) == ["toiletter", "toiletter", "ruter"]
    assert "of 2 types (ruter, toiletter)" in said.notes[0]
    assert "latitude (or northing) first" in said.notes[1]
    assert list(df["lon"][:2]) == [9.9217, 9.94]
    assert json.loads(df["geometry"][2])["coordinates"] == [[9.92, 57.05], [9.93, 57.06]]
    src.write_text(_WFS2.format("".join(members)), encoding="utf-8")
    out = tmp_path / "o.csv"
    assert oddk_main(["standardise", str(src), "--out", str(out)]) == 0, capsys.readouterr()
    rows = _rows(out)
    assert [(r["navn"], r["facil_ty_k"], r["doegnaab_k"]) for r in rows] == [
        ("Toilet ved Kilden", "1012", "1"), ("Toilet Østre Anlæg", "1012", "1")]
    assert (float(rows[0]["x"]), float(rows[0]["y"])) == pytest.approx((555_917.0, 6_323_195.6),
                                                                       abs=0.1)


def test_gml_2_areas_in_the_old_epsg_xml_form_are_written_in_the_area_theme(tmp_path, capsys):
    ring = "588100,6137100 588150,6137100 588150,6137140 588100,6137140 588100,6137100"
    area = ('<gml:MultiPolygon srsName="http://www.opengis.net/gml/srs/epsg.xml#25832">'
            "<gml:polygonMember><gml:Polygon><gml:outerBoundaryIs><gml:LinearRing>"
            f"<gml:coordinates>{ring}</gml:coordinates></gml:LinearRing></gml:outerBoundaryIs>"
            "</gml:Polygon></gml:polygonMember></gml:MultiPolygon>")
    src = tmp_path / "odense-parkering.gml"
    src.write_text('<wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs" xmlns:gml='
                   '"http://www.opengis.net/gml" xmlns:o="http://example.invalid/o">'
                   '<gml:featureMember><o:parkering fid="parkering.1"><o:NAVN>P-plads '
                   "Filosofgangen</o:NAVN><o:ANTAL_PLADSER>120</o:ANTAL_PLADSER><o:the_geom>"
                   f"{area}</o:the_geom></o:parkering></gml:featureMember>"
                   "</wfs:FeatureCollection>", encoding="utf-8")
    out = tmp_path / "o.csv"
    assert oddk_main(["standardise", str(src), "--out", str(out)]) == 0, capsys.readouterr()
    said = capsys.readouterr().out
    assert "standard geofa-facility-area" in said
    (row,) = _rows(out)
    assert (row["navn"], row["antal_pl"], row["facil_ty_k"]) == ("P-plads Filosofgangen", "120",
                                                                 "1351")
    corners = ", ".join(p.replace(",", " ") for p in ring.split())
    assert shapely.from_wkt(row["geometri"]).equals(shapely.from_wkt(
        f"MULTIPOLYGON ((({corners})))"))


def test_kml_with_latitude_first_is_read_the_other_way_round_and_said(tmp_path, capsys):
    marks = "".join(f"<Placemark><name>Bænk {i}</name><Point><coordinates>{lat},{lon}"
                    "</coordinates></Point></Placemark>"
                    for i, (lon, lat) in enumerate([(10.20, 56.15), (10.21, 56.16)], 1))
    src = tmp_path / "aarhus-baenke.kml"
    src.write_text(f'<kml xmlns="http://www.opengis.net/kml/2.2"><Document>{marks}'
                   "</Document></kml>", encoding="utf-8")
    out = tmp_path / "o.csv"
    assert oddk_main(["standardise", str(src), "--out", str(out)]) == 0
    assert "latitude, longitude (swapped); KML puts longitude first" in capsys.readouterr().out
    assert all(570_000 < float(r["x"]) < 580_000 for r in _rows(out))


@pytest.mark.parametrize("text, words", [
    ('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaa">]><kml><Placemark><name>&a;'
     "</name></Placemark></kml>", "it declares a DTD or entities"),
    ('<kml xmlns="http://www.opengis.net/kml/2.2"><NetworkLink><Link><href>'
     "https://example.invalid/toiletter.kml</href></Link></NetworkLink></kml>",
     "it holds no placemarks, only a link to the data elsewhere "
     "(https://example.invalid/toiletter.kml): download the file it links to."),
    ('<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>Toilet</name>\n'
     "<Point><coordinates>10.2,56.1</Point></Placemark></kml>",
     "it is not well-formed XML (mismatched tag at line 2, column")])
def test_a_kml_that_cannot_be_read_is_told_what_it_is(tmp_path, capsys, text, words):
    rc, _ = _standardise_text(tmp_path, "odense-toiletter.kml", text)
    assert rc == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "'odense-toiletter.kml' is KML, but " + words in err


def test_a_workbook_cell_at_excels_limit_is_said_to_be_cut_off(tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    ring = ", ".join(f"{502000 + i % 7}.{i:06d} 6270158.790000" for i in range(1200))
    wkt = f"POLYGON (({ring}"[:32_767]  # as Excel keeps it: cut at its limit
    wb = openpyxl.Workbook()
    wb.active.append(["Navn", "WKT"])
    wb.active.append(["Bane 1", "POLYGON ((502000 6270000, 502100 6270000, 502100 6270100, "
                      "502000 6270000))"])
    wb.active.append(["Bane 2", wkt])
    src = tmp_path / "skive-boldbaner.xlsx"
    wb.save(src)
    out = tmp_path / "o.csv"
    assert oddk_main(["standardise", str(src), "--out", str(out)]) == 1
    said = capsys.readouterr().out
    assert "Row 3, column 'WKT' holds 32 767 characters, the most an Excel cell can hold" in said
    assert [r["navn"] for r in _rows(out)] == ["Bane 1"]


def test_html_in_names_and_descriptions_is_written_as_plain_text_and_said(tmp_path, capsys):
    rc, out = _standardise_text(
        tmp_path, "aalborg-legepladser.csv",
        'navn;beskrivelse;X;Y\n"Legepladsen i Sl&oslash;tsparken";"<p>Gynger &amp; rutsjebane.</p>'
        '<br/>Åben for alle";556000.5;6320000.5\nKildeparken;Vandleg < 3 år;556100.5;6320100.5\n')
    said = capsys.readouterr().out
    assert rc == 0, said
    a, b = _rows(out)
    assert (a["navn"], a["beskrivels"]) == ("Legepladsen i Sløtsparken",
                                            "Gynger & rutsjebane. Åben for alle")
    assert b["beskrivels"] == "Vandleg < 3 år"  # no HTML: as written
    assert "HTML letter codes read ('&oslash;' as 'ø')" in said
    assert "HTML tags left out, HTML letter codes read ('&amp;' as '&')" in said


def test_a_cvr_column_far_from_the_points_is_said_and_a_given_municipality_wins(tmp_path,
                                                                                capsys):
    feats = [{"type": "Feature", "properties": {"cvr_kode": "35209115", "navn": n},
              "geometry": {"type": "Point", "coordinates": [10.2 + i / 100, 56.15]}}
             for i, n in enumerate(["Toilet Mølleparken", "Toilet Ceres Park"])]
    text = json.dumps({"type": "FeatureCollection", "features": feats})
    rc, out = _standardise_text(tmp_path, "aarhus-toiletter.geojson", text)
    said = capsys.readouterr()
    assert rc == 0, said.err
    assert {r["cvr_kode"] for r in _rows(out)} == {"35209115"}  # the file's, as it says
    assert ("Check the publisher: the file's cvr_kode 35209115 is Odense Kommune's, but the "
            "points lie near Aarhus") in said.err
    rc, out = _standardise_text(tmp_path, "aarhus-toiletter.geojson", text, "--municipality",
                                "Aarhus", "--force")
    said = capsys.readouterr()
    assert rc == 0, said.err
    assert {r["cvr_kode"] for r in _rows(out)} == {"55133018"}
    assert "Check the publisher" not in said.err
    assert "map to nothing (not in the output): cvr_kode" in said.out


def test_degrees_minutes_and_seconds_and_hemisphere_letters_are_read(tmp_path, capsys):
    """Faaborg-Midtfyn's fire pits copied from a GPS ('55°02'26.2"N', 'N 55° 06.360''), and
    Hvidovre's toilets from a web map ('55.6478° N, 12.4669° E' in one cell)."""
    import pyproj

    back = pyproj.Transformer.from_crs("EPSG:25832", "EPSG:4326", always_xy=True)
    rc, out = _standardise_text(
        tmp_path, "faaborg-midtfyn-baalpladser.csv",
        'Navn;Breddegrad;Længdegrad\nSvanninge;55°02\'26.2"N;10°19\'15.7"E\n'
        "Faaborg Havn;N 55° 06.360';E 010° 14.319'\n")
    said = capsys.readouterr().out
    assert rc == 0, said
    (a, b) = [back.transform(float(r["x"]), float(r["y"])) for r in _rows(out)]
    assert a == pytest.approx((10 + 19 / 60 + 15.7 / 3600, 55 + 2 / 60 + 26.2 / 3600), abs=1e-6)
    assert b == pytest.approx((10 + 14.319 / 60, 55 + 6.360 / 60), abs=1e-6)
    assert "read as decimal degrees (55.040611)" in said
    rc, out = _standardise_text(
        tmp_path, "hvidovre-toiletter.csv",
        "Toilet;Koordinater\nStrandparken;55.6478° N, 12.4669° E\n"
        "Avedøre Holme;55.6319° N, 12.4798° E\n", "--force")
    assert rc == 0, capsys.readouterr().err
    first = _rows(out)[0]
    assert back.transform(float(first["x"]), float(first["y"])) == pytest.approx(
        (12.4669, 55.6478), abs=1e-6)


@pytest.mark.parametrize("code, x, y, want", [(7416, 574755.3, 6224428.3, (574755.3, 6224428.3)),
                                              (7417, 510000.0, 6110000.0, None)])
def test_a_prj_with_a_height_beside_the_map_system_is_read_by_its_map_part(
        tmp_path, capsys, code, x, y, want):
    """MapInfo and ArcGIS write 'ETRS89 / UTM zone 32N + DVR90 height' (EPSG:7416) or its
    zone 33 twin (7417, Bornholm): the horizontal part is the map's system."""
    import pyproj
    import shapefile

    base = tmp_path / "shelters"
    with shapefile.Writer(str(base), shapeType=shapefile.POINT) as w:
        w.field("NAVN", "C", 60)
        w.point(x, y)
        w.record("Shelter")
    (tmp_path / "shelters.prj").write_text(pyproj.CRS.from_epsg(code).to_wkt("WKT1_GDAL"))
    out = tmp_path / "o.csv"
    assert oddk_main(["standardise", str(base) + ".shp", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "does not name a known coordinate system" not in said
    row = _rows(out)[0]
    if want is None:  # zone 33 metres, moved to zone 32: Bornholm, not South Jutland
        want = pyproj.Transformer.from_crs(25833, 25832, always_xy=True).transform(x, y)
        assert row["cvr_kode"] == "26696348"  # Bornholms Regionskommune, from the points
    assert (float(row["x"]), float(row["y"])) == pytest.approx(want, abs=0.01)


def test_a_sliver_with_no_area_on_the_centimetre_grid_is_set_aside(tmp_path, capsys):
    x, y = 573306.76, 6223401.34
    ring = [[x, y], [x + 50, y + 0.001], [x + 100, y], [x, y]]  # 1 mm high: valid, unwritable
    square = [[x, y + 10], [x + 20, y + 10], [x + 20, y + 30], [x, y + 30], [x, y + 10]]
    feats = [{"type": "Feature", "properties": {"navn": n},
              "geometry": {"type": "Polygon", "coordinates": [r]}}
             for n, r in (("Sliver", ring), ("Strand", square))]
    doc = {"type": "FeatureCollection", "features": feats,
           "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}}}
    rc, out = _standardise_text(tmp_path, "aarhus-badestrande.geojson", json.dumps(doc))
    said = capsys.readouterr()
    said = said.out + said.err
    assert rc == 1, said
    assert [r["navn"] for r in _rows(out)] == ["Strand"]
    assert shapely.from_wkt(_rows(out)[0]["geometri"]).is_valid
    assert "an area with no area left when written to the centimetre" in said


def test_gis_exports_traits_from_the_sixth_trial(tmp_path, capsys):
    """A FKG export naming its authority ('Aarhus Kommune' in cvr_kode), a 'type' column of
    GeoFA codes, MapInfo's CentroidX/CentroidY and a count that is 0 in every row (a .dbf's
    none)."""
    rc, out = _standardise_text(
        tmp_path, "faciliteter.csv",
        "navn;type;cvr_kode;antal_pl;CentroidX;CentroidY\n"
        "Legeplads Mølleparken;1031;Aarhus Kommune;0;574755,34;6224428,29\n"
        "Toilet Rådhuset;1012;Aarhus Kommune;0,0;575290,86;6223512,70\n")
    said = capsys.readouterr()
    assert rc == 0, said.out + said.err
    rows = _rows(out)
    assert [(r["facil_ty_k"], r["cvr_kode"], r["antal_pl"]) for r in rows] == [
        ("1031", "55133018", ""), ("1012", "55133018", "")]
    assert (rows[0]["x"], rows[0]["y"]) == ("574755.34", "6224428.29")


def test_geojson_text_sequence_and_etrs89_degrees_latitude_first(tmp_path, capsys):
    lines = [json.dumps({"type": "Feature", "properties": {"navn": n},
                         "geometry": {"type": "Point", "coordinates": c}})
             for n, c in (("Toilet Kongens Have", [12.579, 55.6855]),
                          ("Toilet Fælledparken", [12.57, 55.702]))]
    rc, out = _standardise_text(tmp_path, "kobenhavn-toiletter.geojsonl", "\n".join(lines))
    assert rc == 0, capsys.readouterr().err
    assert [r["navn"] for r in _rows(out)] == ["Toilet Kongens Have", "Toilet Fælledparken"]
    _, report = read_table(tmp_path / "kobenhavn-toiletter.geojsonl")
    assert "one GeoJSON feature a line (GeoJSONSeq" in " ".join(report.notes)
    feats = [{"type": "Feature", "properties": {"navn": "Toilet Kongens Have"},
              "geometry": {"type": "Point", "coordinates": [55.6855, 12.579]}}]
    doc = {"type": "FeatureCollection", "features": feats,  # a WFS 2.0 answer: lat, lon
           "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4258"}}}
    rc, out = _standardise_text(tmp_path, "kobenhavn-toiletter.geojson", json.dumps(doc),
                                "--force")
    assert rc == 0, capsys.readouterr().err
    row = _rows(out)[0]
    assert (float(row["x"]), float(row["y"])) == pytest.approx((724970.35, 6176884.10), abs=0.5)


def test_a_web_map_point_among_metres_is_read_and_a_point_outside_denmark_listed(tmp_path,
                                                                                capsys):
    rc, out = _standardise_text(
        tmp_path, "aarhus-legepladser.csv",
        "navn,x,y\nMølleparken,574755.34,6224428.29\nBotanisk Have,574099.51,6224272.17\n"
        "Åbyhøj Skole,10.157,56.156\nMarselisborg,575397.84,6221099.80\n"
        "Risskov,357400,6225000\nTranbjerg,570306.40,6216894.44\n")
    said = capsys.readouterr()
    said = said.out + said.err
    assert rc == 1, said
    rows = {r["navn"]: r for r in _rows(out)}
    assert "Risskov" not in rows
    assert float(rows["Åbyhøj Skole"]["x"]) == pytest.approx(571866.77, abs=0.01)  # Åbyhøj
    assert "row 3 (line 4): x, y, value '10.157, 56.156', a longitude and latitude" in said
    assert ("row 5 (line 6): x, y, value '357400, 6225000', outside Denmark as EPSG:25832"
            in said)
    assert "Most values of columns 'x' and 'y' are EPSG:25832 inside Denmark" in said


def test_written_geojson_areas_wind_as_rfc_7946_asks(tmp_path, capsys):
    x, y = 573306.76, 6223401.34
    clockwise = [[x, y], [x, y + 30], [x + 30, y + 30], [x + 30, y], [x, y]]
    hole = [[x + 10, y + 10], [x + 20, y + 10], [x + 20, y + 20], [x + 10, y + 20], [x + 10, y + 10]]
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"navn": "Den Permanente"},
         "geometry": {"type": "Polygon", "coordinates": [clockwise, hole]}}],
        "crs": {"type": "name", "properties": {"name": "EPSG:25832"}}}
    src = tmp_path / "aarhus-badestrande.geojson"
    src.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "o.geojson"
    assert oddk_main(["standardise", str(src), "--out", str(out)]) == 0, capsys.readouterr()
    outer, inner = json.loads(out.read_text())["features"][0]["geometry"]["coordinates"]
    assert shapely.LinearRing(outer).is_ccw and not shapely.LinearRing(inner).is_ccw


def test_features_without_properties_are_said(tmp_path, capsys):
    feats = [{"type": "Feature", "properties": {"navn": "Bænk 1", "type": "Bænk"},
              "geometry": {"type": "Point", "coordinates": [12.55, 55.75]}},
             {"type": "Feature", "properties": None,
              "geometry": {"type": "Point", "coordinates": [12.56, 55.76]}}]
    src = tmp_path / "gentofte-baenke.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), "utf-8")
    _, report = read_table(src)
    assert ("Feature 2 has no properties ('properties': null): only the geometry is read"
            in " ".join(report.warnings))


def test_coordinates_in_centimetres_are_told_so(tmp_path):
    src = tmp_path / "kobenhavn-baenke.csv"
    src.write_text("navn;x;y\nA;72497035;617688410\nB;72490000;617690000\n", encoding="utf-8")
    _, report = read_table(src)
    assert "Divided by 100 they are EPSG:25832 metres inside Denmark: are they centimetres?" \
        in " ".join(report.warnings)


def test_rows_with_more_fields_are_told_about_quotes(tmp_path):
    src = tmp_path / "kobenhavn-ladestandere.csv"
    src.write_text("navn,adresse,lon,lat\nLader 1,Nørregade 12, 1165 København K,12.57,55.68\n"
                   'Lader 2,"Vesterbrogade 1, 1620 København V",12.56,55.67\n', encoding="utf-8")
    _, report = read_table(src)
    assert "a value with a ',' in it, such as an address, must be in quotes" in " ".join(
        report.warnings)


@pytest.mark.parametrize("last", ["Total;;561000;6321000", "Kilde Allé;;561000;6321000",
                                  "Kilde ved Skoven;2;561000;6321000"])
def test_a_last_data_row_named_like_a_total_or_a_note_is_kept(tmp_path, last):
    src = tmp_path / "aalborg-baenke.csv"
    src.write_text("navn;antal;x;y\nBænk 1;1;560000;6320000\n" + last + "\n", encoding="utf-8")
    df, report = read_table(src)
    assert len(df) == 2 and not any("a total or a note" in w for w in report.warnings)


def test_a_legend_sheet_named_as_the_type_is_not_read_for_the_data(tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.active.append(["navn", "x", "y"])
    wb.active.append(["Toilet Havnen", 556000.5, 6320000.5])
    wb.create_sheet("Toiletter - forklaring").append(["Felt", "Betydning"])
    src = tmp_path / "aalborg-toiletter.xlsx"
    wb.save(src)
    out = tmp_path / "o.csv"
    assert oddk_main(["standardise", str(src), "--out", str(out)]) == 0, capsys.readouterr()
    assert [r["navn"] for r in _rows(out)] == ["Toilet Havnen"]


def test_a_sheet_a_zip_does_not_hold_is_refused_with_what_it_holds(tmp_path):
    import zipfile

    from oddk.read import ReadError, read_raw

    src = tmp_path / "data.zip"
    with zipfile.ZipFile(src, "w") as z:
        z.writestr("data/toiletter.csv", "navn;x;y\nA;1;2\n")
        z.writestr("data/parkering.csv", "navn;x;y\nB;1;2\n")
    with pytest.raises(ReadError, match="holds no file named 'parkeringer'; it holds "
                                        "toiletter, parkering"):
        read_raw(src, sheet="parkeringer")
    assert read_raw(src, sheet="parkering").frame()["navn"].tolist() == ["B"]


@pytest.mark.parametrize("text, plain", [("Adgang <i sommerhalvåret>", None),
                                         ("Ved <P-pladsen>", None),
                                         ('<a href="https://x.dk">Læs</a> mere', "Læs mere")])
def test_only_real_html_tags_are_taken_out(text, plain):
    from oddk.standards.apply import _plain_text

    assert _plain_text(text) == (plain or text)


def test_places_beside_written_short_are_no_type_and_plads_names_are_names():
    from oddk.standards.suggest import _BESIDE, _thing_name_match

    assert _BESIDE.match("v. P-pladsen") and not _BESIDE.match("Vandpost")
    assert [_thing_name_match(c) for c in ("Legepladsnavn", "Pladsnavn", "brugernavn")] == [
        "navn", "navn", None]


def test_a_shapefile_without_prj_in_bornholms_zone_33_range_is_told_both_systems(tmp_path):
    import shapefile

    base = tmp_path / "shelters"
    with shapefile.Writer(str(base), shapeType=shapefile.POINT) as w:
        w.field("NAVN", "C", 60)
        for i, name in enumerate(["Shelter Hammeren", "Shelter Dueodde"]):
            w.point(490000.0 + i * 20000, 6120000.0 - i * 20000)
            w.record(name)
    _, report = read_table(str(base) + ".shp")
    assert "EPSG:25833 if these are Bornholm's (UTM zone 33" in " ".join(report.warnings)


def test_a_row_written_twice_is_said_with_both_rows(tmp_path, capsys):
    rc, out = _standardise_text(
        tmp_path, "aalborg-baenke.csv",
        "navn;x;y\nBænk A;560000;6320000\nBænk B;560100;6320100\nBænk A;560000;6320000\n"
        "Bænk A;560200;6320200\n")  # the same name elsewhere is another bench
    said = capsys.readouterr().out
    assert rc == 0, said
    assert len(_rows(out)) == 4  # both written: the person decides
    assert ("1 row written twice, with the same name, type and place: row 3 (line 4) repeats "
            "row 1 (line 2)") in said


def test_the_thing_before_ved_decides_the_type(tmp_path, capsys):
    rows = ["Type;Navn;X;Y", "Toilet ved legepladsen;Toilet 1;575100;6224100",
            "Bænk ved hundeskoven;Bænk 1;575200;6224200",
            "Parkering ved legepladsen;P 1;575300;6224300", "Legeplads;Legeplads 1;575400;6224400",
            "Hundelegeplads;Hundelegeplads 1;575500;6224500",
            "Kælkebakke ved legepladsen;K 1;575600;6224600",
            "Madpakkehus ved legepladsen;M 1;575700;6224700",
            "Legeplads i parken;L 2;575800;6224800"]
    rc, out = _standardise_text(tmp_path, "aarhus-faciliteter.csv", "\n".join(rows) + "\n")
    assert rc == 0, capsys.readouterr()
    assert [r["facil_ty_k"] for r in _rows(out)] == ["1012", "1371", "1351", "1031", "1191",
                                                     "2132", "1132", "1031"]


@pytest.mark.parametrize("column, counts", [("Handicappladser", "0 2 3 1 4"),
                                            ("HANDICAPPL", "1 0 2 5 1"),
                                            ("Handicap", "0 12 3 0 2")])
def test_a_count_of_disabled_spaces_is_no_handicap_code(tmp_path, capsys, column, counts):
    rows = [f"Navn;{column};Normale pladser;X;Y"] + [
        f"P-plads {i};{n};{10 * i};{575000 + i};{6224000 + i}"
        for i, n in enumerate(counts.split(), 1)]
    rc, out = _standardise_text(tmp_path, "horsens-parkering.csv", "\n".join(rows) + "\n")
    said = capsys.readouterr().out
    assert rc == 0, said
    got = _rows(out)
    assert {r["handicap_k"] for r in got} == {""}, "a count written as codes 2, 3, 4"
    assert [r["antal_pl"] for r in got] == ["10", "20", "30", "40", "50"]
    assert f"map to nothing (not in the output): {column}" in said


@pytest.mark.parametrize("column, values, written", [
    ("Handicapvenlig legeplads", "Ja Nej Delvis Ja Nej", "1 3 2 1 3"),
    ("Handicap", "1 2 3 8 9", "1 2 3 8 9"), ("Handicap", "0 1 2 1 0", "3 1 2 1 3")])
def test_a_handicap_column_of_words_or_codes_is_still_the_handicap_code(tmp_path, capsys,
                                                                         column, values,
                                                                         written):
    rows = [f"Navn;{column};X;Y"] + [f"Legeplads {i};{v};{575000 + i};{6224000 + i}"
                                     for i, v in enumerate(values.split(), 1)]
    rc, out = _standardise_text(tmp_path, "aarhus-legepladser.csv", "\n".join(rows) + "\n")
    capsys.readouterr()
    assert " ".join(r["handicap_k"] for r in _rows(out)) == written


def test_disabled_spaces_are_not_the_lots_count(tmp_path):
    src = tmp_path / "aarhus-parkering.csv"
    src.write_text("Navn;HC-pladser;Normale pladser;X;Y\nP 1;2;40;575000;6225000\n",
                   encoding="utf-8")
    df, report = read_table(src)
    fields = standards.suggest_mapping(df, report, source=src)["fields"]
    assert fields["antal_pl"]["column"] == "Normale pladser"


@pytest.mark.parametrize("word, code", [("Bålpladser", 1022), ("Fitness udendørs", 4222),
                                        ("car park", 1351), ("outdoor gym", 4222),
                                        ("bathing site", 1051)])
def test_type_words_in_plural_and_in_english(tmp_path, capsys, word, code):
    rows = ["type;name;lat;lon", f"{word};A;56.15;10.20", f"{word};B;56.16;10.21",
            "Legeplads;C;56.17;10.22"]
    rc, out = _standardise_text(tmp_path, "favrskov-faciliteter.csv", "\n".join(rows) + "\n")
    assert rc == 0, capsys.readouterr()
    assert [int(r["facil_ty_k"]) for r in _rows(out)] == [code, code, 1031]


@pytest.mark.parametrize("name, code", [("udsigtstaarne-synthetic.csv", 2012),
                                        ("aarhus-baalhytter.csv", 3091),
                                        ("Svømmehaller 2024.csv", 4021)])
def test_a_file_named_by_a_plural_or_an_aa_spelling_gives_the_type(tmp_path, capsys, name,
                                                                   code):
    rc, out = _standardise_text(tmp_path, name, "Navn;lat;lon\nA;56.15;10.20\n",
                                "--municipality", "Aarhus")
    assert rc == 0, capsys.readouterr()
    assert _rows(out)[0]["facil_ty_k"] == str(code)


def test_a_type_word_misspelt_is_set_aside_with_the_type_it_is_close_to(tmp_path, capsys):
    rc, out = _standardise_text(tmp_path, "aarhus-faciliteter.csv",
                                "Navn;Type;lat;lon\nA;Shelter;56.15;10.20\nB;Sheltr;56.16;10.21\n")
    said = capsys.readouterr()
    assert rc == 1 and [r["navn"] for r in _rows(out)] == ["A"]
    assert "'Sheltr' has no facil_ty_k code (did you mean Shelter, 3012?)" in said.out + said.err


def test_a_file_named_fitness_is_outdoor_fitness_and_an_unknown_type_is_told_what_to_give(
        tmp_path, capsys):
    rc, out = _standardise_text(tmp_path, "fitness_hjoerring.csv",
                                "Navn;lat;lon\nFitness ved stranden;57.46;9.98\n")
    assert rc == 0, capsys.readouterr()
    assert _rows(out)[0]["facil_ty_k"] == "4222"
    rc, _ = _standardise_text(tmp_path, "hjoerring.csv", "Navn;lat;lon\nA;57.46;9.98\n",
                              "--type", "Klatrevæg i hallen", "--force")
    assert rc == 2
    assert "Give its code or its name in GeoFA's list of facility types, e.g. 1012 Toilet" in \
        capsys.readouterr().err


@pytest.mark.parametrize("names, crs", [(("X_ED50", "Y_ED50"), "EPSG:23032"),
                                        (("Øst_UTM33", "Nord_UTM33"), "EPSG:25833"),
                                        (("x_dktm1", "y_dktm1"), "EPSG:4093")])
def test_a_system_named_in_the_coordinate_columns_is_the_system(tmp_path, capsys, names, crs):
    from pyproj import Transformer

    truth = [(575_123.45, 6_224_567.89), (571_000.0, 6_230_000.0)]
    if crs == "EPSG:25833":
        truth = [(870_500.0, 6_125_300.0), (871_200.0, 6_124_100.0)]  # Bornholm, in zone 32
    to = Transformer.from_crs("EPSG:25832", crs, always_xy=True)
    rows = [f"Navn;{names[0]};{names[1]}"] + [
        "Bænk {};{:.2f};{:.2f}".format(i, *to.transform(x, y)).replace(".", ",")
        for i, (x, y) in enumerate(truth, 1)]
    src = tmp_path / "randers-baenke.csv"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    _, said = read_table(src)
    assert said.crs == crs and said.crs_source == f"the column names ('{names[0]}', '{names[1]}')"
    out = tmp_path / "o.csv"
    assert oddk_main(["standardise", str(src), "--out", str(out)]) == 0, capsys.readouterr()
    for r, (x, y) in zip(_rows(out), truth, strict=True):
        assert abs(float(r["x"]) - x) < 0.02 and abs(float(r["y"]) - y) < 0.02


def test_etrs_tm32_northing_first_is_read_the_other_way_round_in_its_own_system(tmp_path,
                                                                               capsys):
    doc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "urn:ogc:def:crs:EPSG::3044"}}, "features": [
        {"type": "Feature", "properties": {"navn": f"Shelter {i}"},
         "geometry": {"type": "Point", "coordinates": [6_141_652.52 + i, 588_380.15 + i]}}
        for i in range(3)]}
    rc, out = _standardise_text(tmp_path, "odense-shelters.geojson", json.dumps(doc))
    said = capsys.readouterr().out
    assert rc == 0, said
    assert "northing, easting (swapped): y before x, in EPSG:3044" in said
    assert [(float(r["x"]), float(r["y"])) for r in _rows(out)][0] == (588_380.15, 6_141_652.52)


def test_a_file_of_addresses_without_coordinates_is_told_how_to_get_them(tmp_path, capsys):
    rc, out = _standardise_text(tmp_path, "horsens-toiletter.csv", "Navn;Adresse;Postnr\n"
                                "Toilet Kløvermarken;Nørrebrogade 102;8700\n")
    assert rc == 2 and not out.exists()
    err = " ".join(capsys.readouterr().err.split())
    assert "the file gives each place as an address ('Adresse'), but no coordinates" in err
    assert "the kit does not look addresses up" in err


@pytest.mark.parametrize("rows, words", [
    (["575.123,6223.456", "571.000,6230.000"], "are they kilometres? Multiply them by 1000"),
    (["57512345,622345678", "57100000,623000000"], "are they centimetres? Divide them by 100"),
    (["475123,1224567", "471000,1230000"], "They look like DKTM (Danish Transverse Mercator")])
def test_coordinates_in_another_unit_or_in_dktm_are_told(tmp_path, capsys, rows, words):
    src = tmp_path / "silkeborg-baenke.csv"
    src.write_text("Navn,X,Y\n" + "".join(f"Bænk {i},{r}\n" for i, r in enumerate(rows)),
                   encoding="utf-8")
    _, said = read_table(src)
    assert said.crs is None
    assert words in " ".join(said.warnings)
    out = tmp_path / "m.yaml"
    assert oddk_main(["standardise", str(src), "--suggest-only", "--out", str(out)]) == 0
    assert "a guess: their values are not inside Denmark in any system the kit knows" in \
        " ".join(out.read_text(encoding="utf-8").split())


def test_an_opendocument_spreadsheet_is_named_with_what_to_do(tmp_path, capsys):
    import zipfile

    src = tmp_path / "lolland-toiletter.ods"
    with zipfile.ZipFile(src, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    assert oddk_main(["standardise", str(src), "--out", str(tmp_path / "o.csv")]) == 2
    assert "is an OpenDocument spreadsheet (LibreOffice Calc), which the kit does not read. " \
           "Open it in LibreOffice or Excel and save it as .xlsx or CSV." in \
           " ".join(capsys.readouterr().err.split())


def test_an_earlier_runs_list_is_named_as_such_and_nothing_is_written(tmp_path, capsys):
    case = next(c for c in CASES if "skanderborg" in c["path"])
    rc, out = _run(case, tmp_path)
    assert rc == 1 and out.with_name("out-set-aside.csv").exists()
    before = out.with_name("out-set-aside.csv").read_bytes()
    rc, geo = _run(case, tmp_path, suffix=".geojson")
    assert rc == 2 and not geo.exists()
    assert "'out-set-aside.csv' exists already (the list of what an earlier run set aside)" in \
        capsys.readouterr().err.replace(str(tmp_path) + "/", "")
    assert out.with_name("out-set-aside.csv").read_bytes() == before


def test_a_features_own_id_is_read_beside_its_properties(tmp_path):
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": 1000 + i, "properties": {"navn": f"Toilet {i}"},
         "geometry": {"type": "Point", "coordinates": [9.73, 55.50 + i / 100]}} for i in range(2)]}
    src = tmp_path / "middelfart-toiletter.geojson"
    src.write_text(json.dumps(doc), encoding="utf-8")
    df, _ = read_table(src)
    assert list(df["id"]) == [1000, 1001]
    df, _ = read_table(GEODATA / "kobenhavn-legepladser-multipoint-urn-synthetic.geojson")
    assert list(df["feature_id"][:2]) == ["legeplads.1", "legeplads.2"]
    assert list(df["id"][:2]) == [1, 2]


def test_routes_are_told_that_geofa_keeps_them_apart_from_its_facilities(tmp_path, capsys):
    doc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {
        "navn": "Himmelbjergruten", "type": "Vandrerute"}, "geometry": {
        "type": "LineString", "coordinates": [[9.68, 56.10], [9.70, 56.11], [9.72, 56.10]]}}]}
    rc, out = _standardise_text(tmp_path, "silkeborg-vandreruter.geojson", json.dumps(doc))
    assert rc == 2 and not out.exists()
    err = " ".join(capsys.readouterr().err.split())
    assert "the lines are routes (trails, cycle, riding or running routes), which GeoFA keeps " \
           "in its own route theme" in err


def test_gml_heights_nested_collections_and_no_srsname(tmp_path):
    line = ('<gml:LineString srsName="urn:ogc:def:crs:EPSG::25832" srsDimension="3"><gml:posList>'
            "575000 6225000 12 575100 6225100 13</gml:posList></gml:LineString>")
    inner = ("<wfs:member><wfs:FeatureCollection>{}</wfs:FeatureCollection></wfs:member>")
    src = tmp_path / "aarhus-stier.gml"
    src.write_text(_WFS2.format(inner.format(_member("stier", {"navn": "Åstien"}, line))
                                + inner.format(_member("toiletter", {"navn": "Havnen"},
                                               '<gml:Point srsName="urn:ogc:def:crs:EPSG::25832">'
                                               "<gml:pos>575200 6225200</gml:pos></gml:Point>"))),
                   encoding="utf-8")
    df, said = read_table(src)
    assert list(df["layer"]) == ["stier", "toiletter"]
    assert json.loads(df["geometry"][0])["coordinates"] == [[575000, 6225000], [575100, 6225100]]
    point = "<gml:Point><gml:coordinates>{}</gml:coordinates></gml:Point>"
    for xy, crs in (("575000,6225000", "EPSG:25832"), ("575000,1225000", None)):
        src.write_text(_WFS2.format(_member("toiletter", {"navn": "Havnen"}, point.format(xy))),
                       encoding="utf-8")
        _, said = read_table(src)
        assert said.crs == crs, xy  # never WGS84 by GeoJSON's default
        if crs:
            assert said.crs_source == ("guessed from the coordinates' value ranges (the file "
                                       "names no system)")
        else:
            assert "The file names no coordinate system" in said.warnings[0]
    src.write_text(_WFS2.format(""), encoding="utf-8")
    with pytest.raises(ReadError, match="it holds no features"):
        read_table(src)


def _kml_text(placemarks: str) -> str:
    return f'<kml xmlns="http://www.opengis.net/kml/2.2"><Document>{placemarks}</Document></kml>'


def test_a_kml_description_beside_a_table_or_with_a_doctype_in_cdata_is_kept(tmp_path):
    mark = ("<Placemark><name>Havnen</name><description><![CDATA[{}]]></description>"
            "<Point><coordinates>10.21,56.15</coordinates></Point></Placemark>")
    src = tmp_path / "toiletter.kml"
    for text in ("<p>Med puslebord</p><table><tr><td>Man-fre</td><td>8-20</td></tr>"
                 "<tr><td>Lør-søn</td><td>10-18</td></tr></table>",
                 "<!DOCTYPE html><html><body>Åbent</body></html>"):
        src.write_text(_kml_text(mark.format(text)), encoding="utf-8")
        df, _ = read_table(src)
        assert list(df["description"]) == [text] and "Man-fre" not in df.columns


def test_a_kmz_reads_its_doc_kml_and_a_utf16_kml_is_read(tmp_path):
    import zipfile

    mark = ("<Placemark><name>Havnen</name><Point><coordinates>10.21,56.15</coordinates>"
            "</Point></Placemark>")
    src = tmp_path / "toiletter.kmz"
    with zipfile.ZipFile(src, "w") as z:
        z.writestr("files/readme.txt", "Lavet i Google Earth")
        z.writestr("doc.kml", _kml_text(mark))
    df, _ = read_table(src)
    assert list(df["name"]) == ["Havnen"]
    src = tmp_path / "toiletter.kml"
    src.write_bytes(('<?xml version="1.0" encoding="UTF-16"?>' + _kml_text(mark)).encode("utf-16"))
    df, said = read_table(src)
    assert said.format == "kml" and list(df["name"]) == ["Havnen"]


def test_my_maps_folders_name_the_types_of_a_few_rows(tmp_path, capsys):
    folders = {"Toiletter": ["Havnen", "Parken"], "Legepladser": ["Skolen"],
               "Bænke ved søen": ["Søbænken"]}
    marks = "".join(f"<Folder><name>{f}</name>" + "".join(
        f"<Placemark><name>{n}</name><Point><coordinates>10.2{i},56.1{i}</coordinates></Point>"
        "</Placemark>" for i, n in enumerate(names)) + "</Folder>" for f, names in folders.items())
    rc, out = _standardise_text(tmp_path, "aarhus-faciliteter.kml", _kml_text(marks))
    assert rc == 0, capsys.readouterr()
    assert [r["facil_ty_k"] for r in _rows(out)] == ["1012", "1012", "1031", "1371"]


def test_empty_maps_are_told_and_feature_ids_stay_in_one_column(tmp_path):
    for name, text, words in (("a.kml", _kml_text(""), "holds no placemarks"),
                              ("a.gpx", _gpx(""), "holds no waypoints, routes or tracks")):
        src = tmp_path / name
        src.write_text(text, encoding="utf-8")
        with pytest.raises(ReadError, match=words):
            read_table(src)
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "toiletter.1", "properties": {"id": 1, "navn": "A"},
         "geometry": {"type": "Point", "coordinates": [10.2, 56.1]}},
        {"type": "Feature", "id": "toiletter.2", "properties": {"navn": "B"},
         "geometry": {"type": "Point", "coordinates": [10.3, 56.2]}}]}
    src = tmp_path / "toiletter.geojson"
    src.write_text(json.dumps(doc), encoding="utf-8")
    df, _ = read_table(src)
    assert list(df["feature_id"]) == ["toiletter.1", "toiletter.2"]


def test_a_web_address_is_no_place(tmp_path, capsys):
    rc, _ = _standardise_text(tmp_path, "aarhus-toiletter.csv",
                              "Navn;Webadresse\nHavnen;https://aarhus.dk\n")
    assert rc == 2
    assert "as an address" not in capsys.readouterr().err


def test_a_geometry_and_x_y_columns_that_disagree_are_said(tmp_path, capsys):
    rows = ["Navn;WKT;X;Y", "Bænk 1;POINT (575000 6225000);575000;6225000",
            "Bænk 2;POINT (576000 6226000);586000;6226000",
            "Bænk 3;POINT (577000 6227000);577000,5;6227000"]
    rc, out = _standardise_text(tmp_path, "aarhus-baenke.csv", "\n".join(rows) + "\n")
    said = " ".join(capsys.readouterr().out.split())
    assert rc == 0, said
    assert "1 row gives two places: the geometry in 'WKT' and the point in 'X', 'Y' lie more " \
           "than 10 m apart (row 2, line 3: 10 000 m). 'WKT' was used" in said
    assert [r["x"] for r in _rows(out)] == ["575000.00", "576000.00", "577000.00"]


def test_an_esri_json_whose_spatial_reference_is_a_wkt_is_read_in_that_system(tmp_path):
    from pyproj import CRS

    doc = {"spatialReference": {"wkt": CRS.from_epsg(25833).to_wkt("WKT1_ESRI")},
           "features": [{"attributes": {"NAVN": "Shelter Hammeren"},
                         "geometry": {"x": 492_000.0, "y": 6_122_000.0}}]}  # Bornholm, UTM 33N
    src = tmp_path / "bornholm-shelters.json"
    src.write_text(json.dumps(doc), encoding="utf-8")
    _, said = read_table(src)
    assert said.crs == "EPSG:25833"  # the values alone say UTM 32N in South Jutland


def test_points_across_the_country_are_no_one_municipalitys(tmp_path, capsys):
    towns = [(10.20, 56.15), (12.57, 55.68), (9.92, 57.05), (10.39, 55.40), (8.45, 55.47)]
    rows = ["Navn;Type;lat;lon"] + [f"Toilet {i};Toilet;{lat};{lon}"
                                    for i, (lon, lat) in enumerate(towns * 4)]
    rc, out = _standardise_text(tmp_path, "toiletter.csv", "\n".join(rows) + "\n")
    assert rc == 2 and not out.exists()
    assert "requires cvr_kode" in capsys.readouterr().err
    rows = ["Navn;Type;lat;lon"] + [f"Toilet {i};Toilet;{56.15 + i / 1000};{10.2 + i / 1000}"
                                    for i in range(5)]
    rc, out = _standardise_text(tmp_path, "toiletter.csv", "\n".join(rows) + "\n", "--force")
    assert rc == 0 and _rows(out)[0]["cvr_kode"] == "55133018"  # Aarhus, from the points


def test_a_kml_nested_deeper_than_python_recurses_is_read(tmp_path):
    mark = "<Placemark><name>{}</name>{}</Placemark>"
    point = "<Point><coordinates>10.2,56.1</coordinates></Point>"
    deep = "<Folder><name>x</name>" * 3000 + mark.format("Dybt", point) + "</Folder>" * 3000
    nested = "<MultiGeometry>" * 3000 + point + "</MultiGeometry>" * 3000
    src = tmp_path / "dybt.kml"
    src.write_text(_kml_text(deep + mark.format("Kasser", nested)), encoding="utf-8")
    df, said = read_table(src)
    assert list(df["name"]) == ["Dybt", "Kasser"] and df["folder"][0] == "x"
    assert said.geometry_types == {"Point": 1, "none": 1}
