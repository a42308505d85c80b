"""Geodata as municipalities publish it, one trait per file, for the standardiser's and the
readers' tests (datasets/geodata/, synthetic; expected.yaml says what each must give).

The traits are those of real files from Danish municipalities: MultiPoint playgrounds with
a URN or CRS84 `crs` member and longitude first; parking areas as polygons and
multipolygons, one of them invalid (a bow tie, as real exports hold); an ESRI .prj
without an EPSG code; WKT in a CSV cell; (0, 0), -999 and empty coordinates; '0' and
'ukendt' for an empty link, a link with a space; upper-case FKG export names with staff
user ids; a file that already uses GeoFA's names; lines; a CSV named .xlsx; x and y
swapped in every row; lat/lon columns with rows outside Denmark; an Excel title line and a
header repeated where files were joined; a lone GeoJSON Feature; a `crs` member that the
coordinates contradict; geometry collections, heights (Z) and an empty collection in WKT;
Bornholm's UTM zone 33; degrees with three decimals; the words files use for codes, with
empty rows below; GeoJSON points with latitude first; a place as two numbers in one cell;
KML as Google My Maps writes it (layers as folders, fields as ExtendedData) and a KMZ as
ArcGIS writes it (the fields only as an HTML table in the description); ED50 (EPSG:23032)
coordinates whose columns name their system.

Each case's truth is made here in EPSG:25832 (centimetres) and written the way the trait
writes it; expected.yaml holds the truth (points, polygons as WKT) and what must be set
aside, so a test compares the standardiser's output with what was planted, not with
what it wrote before.
"""

from __future__ import annotations

import json
import math
import random
import tempfile
from pathlib import Path

import yaml

from oddk.generate.common import (
    Output,
    csv_text,
    dec_comma,
    fix_dbf_date,
    point_near,
    rng,
    to_utm,
    to_wgs,
)

FOLDER = "geodata"
PLAY_WORDS = ["Skovbrynet", "Søparken", "Kirkebakken", "Åløkken", "Engvej", "Mølledammen",
              "Præstegården", "Rosenhaven", "Bøgely", "Strandkanten", "Ørnereden", "Hybenhaven",
              "Lærkereden", "Nørreport", "Fælleden", "Kildeskoven"]
CPH_SECTOR = (200.0, 340.0)  # Copenhagen's points on land (west of the Sound)


def _names(r: random.Random, prefix: str, n: int) -> list[str]:
    words = r.sample(PLAY_WORDS, n) if n <= len(PLAY_WORDS) else [
        f"{r.choice(PLAY_WORDS)} {i}" for i in range(n)]
    return [f"{prefix} {w}" for w in words]


def _lonlat(x: float, y: float) -> list[float]:
    lon, lat = to_wgs(x, y)
    return [round(lon, 7), round(lat, 7)]


def _rectangle(r: random.Random, cx: float, cy: float) -> list[tuple[float, float]]:
    """A parking area: a rotated rectangle of 20-90 m by 15-50 m around (cx, cy), closed."""
    w, h, a = r.uniform(20, 90), r.uniform(15, 50), r.uniform(0, math.pi)
    corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]
    ring = [(round(cx + u * math.cos(a) - v * math.sin(a), 2),
             round(cy + u * math.sin(a) + v * math.cos(a), 2)) for u, v in corners]
    return ring + [ring[0]]


def _wkt_polygon(rings: list[list[tuple[float, float]]]) -> str:
    return "POLYGON (" + ", ".join(
        "(" + ", ".join(f"{x:.2f} {y:.2f}" for x, y in ring) + ")" for ring in rings) + ")"


class Cases:
    """The register of cases: what expected.yaml says of each."""

    def __init__(self, out: Output):
        self.out, self.cases = out, []

    def add(self, rel: str, trait: str, **facts) -> None:
        self.cases.append({"path": f"{FOLDER}/{rel}", "trait": trait, **facts})

    def geojson(self, rel: str, doc: dict, **meta) -> None:
        self.out.text(f"{FOLDER}/{rel}", json.dumps(doc, ensure_ascii=False, indent=1) + "\n",
                      format="geojson", rows=len(doc["features"]), **meta)

    def table(self, rel: str, header, rows, sep=";", **meta) -> None:
        self.out.table(f"{FOLDER}/{rel}", header, rows, sep=sep, **meta)


def build(out: Output, towns: dict) -> None:
    cases = Cases(out)
    copenhagen_multipoint(cases, towns)
    frederiksberg_crs84(cases, towns)
    horsens_polygons(cases, towns)
    syddjurs_multipolygons(cases, towns)
    ringkobing_esri_shapefile(cases, towns)
    fkg_export(cases, towns)
    wkt_in_csv(cases, towns)
    zero_coordinates(cases, towns)
    geofa_names(cases, towns)
    lines(cases, towns)
    lying_extension(cases, towns)
    swapped_columns(cases, towns)
    lat_lon_outside(cases, towns)
    title_and_repeated_header(cases, towns)
    lone_feature(cases, towns)
    crs_member_that_lies(cases, towns)
    collections_in_wkt(cases, towns)
    bornholm_zone_33(cases, towns)
    three_decimal_degrees(cases, towns)
    words_for_codes(cases, towns)
    geojson_latitude_first(cases, towns)
    pair_in_one_cell(cases, towns)
    my_maps_kml(cases, towns)
    arcgis_kmz(cases, towns)
    ed50_columns(cases, towns)
    doc = {"about": "What oddk standardise must make of each file in datasets/geodata/ "
           "(synthetic): the theme (standard), the facility type, the rows written with their "
           "truth (points in EPSG:25832; polygons and lines as WKT in EPSG:25832), and what "
           "must be set aside (row, field, action). Rows are data rows of the source, 1 = the "
           "first. Written by `oddk datasets`.", "cases": cases.cases}
    out.text(f"{FOLDER}/expected.yaml", yaml.safe_dump(doc, allow_unicode=True, sort_keys=False,
                                                        width=100), format="yaml")


def _point_rows(names, pts, rows=None):
    return [{"row": (rows or list(range(1, len(names) + 1)))[k], "navn": n, "x": x, "y": y}
            for k, (n, (x, y)) in enumerate(zip(names, pts, strict=True))]


def copenhagen_multipoint(cases: Cases, towns: dict) -> None:
    """Copenhagen's playgrounds: MultiPoints of one point, crs urn:ogc:def:crs:EPSG::4326
    (which says latitude first) with longitude first, as the real file stores them; a link
    '0' for none, one with a space, one 'ukendt'."""
    r = rng("geodata/kobenhavn")
    names = _names(r, "Legeplads", 12)
    pts = [point_near(r, towns[101], CPH_SECTOR, 4000) for _ in names]
    feats = []
    for i, (name, (x, y)) in enumerate(zip(names, pts, strict=True), 1):
        link = {3: "0", 5: "https://www.kk.dk/legepladser/Legeplads " + name.split()[-1],
                8: "ukendt"}.get(i, f"https://www.kk.dk/legepladser/{i}")
        feats.append({"type": "Feature", "id": f"legeplads.{i}",
                      "geometry": {"type": "MultiPoint", "coordinates": [_lonlat(x, y)]},
                      "properties": {"id": i, "navn": name, "type": "Legeplads",
                                     "link": link}})
    rel = "kobenhavn-legepladser-multipoint-urn-synthetic.geojson"
    cases.geojson(rel, {"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "urn:ogc:def:crs:EPSG::4326"}}, "features": feats}, crs="EPSG:4326")
    cases.add(rel, "MultiPoint of one point each, crs urn:ogc:def:crs:EPSG::4326, longitude "
              "first; '0' and 'ukendt' as an empty link, a link with a space",
              standard="geofa-facility", facil_ty_k=1031, rows_written=12, set_aside=[],
              changes=[{"row": 5, "field": "link"}], empty_links=[3, 8],
              points=_point_rows(names, pts))


def frederiksberg_crs84(cases: Cases, towns: dict) -> None:
    """Frederiksberg's playgrounds: MultiPoint with crs urn:ogc:def:crs:OGC:1.3:CRS84, one
    playground of two points, one feature without a geometry."""
    r = rng("geodata/frederiksberg")
    names = _names(r, "Legeplads", 8)
    pts = [point_near(r, towns[147], None, 1200) for _ in names]
    extra = point_near(r, towns[147], None, 1200)
    feats = []
    for i, (name, (x, y)) in enumerate(zip(names, pts, strict=True), 1):
        coords = [_lonlat(x, y)] + ([_lonlat(*extra)] if i == 4 else [])
        geom = None if i == 6 else {"type": "MultiPoint", "coordinates": coords}
        feats.append({"type": "Feature", "geometry": geom,
                      "properties": {"Navn": name, "Kategori": "Legeplads"}})
    rel = "frederiksberg-legepladser-crs84-synthetic.geojson"
    cases.geojson(rel, {"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}, "features": feats}, crs="EPSG:4326")
    written = [(k + 1, n, p) for k, (n, p) in enumerate(zip(names, pts, strict=True)) if k != 5]
    written.insert(4, (4, names[3], extra))
    cases.add(rel, "MultiPoint with crs urn:ogc:def:crs:OGC:1.3:CRS84; a MultiPoint of two "
              "points (two facility points), a feature without geometry (set aside)",
              standard="geofa-facility", facil_ty_k=1031, rows_written=8,
              set_aside=[{"row": 6, "field": "x, y", "action": "row left out"}],
              points=[{"row": i, "navn": n, "x": p[0], "y": p[1]} for i, n, p in written])


def _parking_areas(r, kode, towns, n, prefix="P-plads"):
    names = _names(r, prefix, n)
    rings = [_rectangle(r, *point_near(r, towns[kode])) for _ in names]
    return names, rings


def horsens_polygons(cases: Cases, towns: dict) -> None:
    """Horsens's parking areas: Polygons in WGS84 (no crs member), ANTAL_PLADSER, one bow-tie
    polygon that crosses itself (repaired with make_valid)."""
    r = rng("geodata/horsens")
    names, rings = _parking_areas(r, 615, towns, 10)
    bow = 7  # its 3rd and 4th corners swapped: a bow tie
    feats, truth = [], []
    for i, (name, ring) in enumerate(zip(names, rings, strict=True), 1):
        written = ring if i != bow else [ring[0], ring[1], ring[3], ring[2], ring[0]]
        feats.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [
            [_lonlat(x, y) for x, y in written]]}, "properties": {
            "NAVN": name, "ANTAL_PLADSER": 10 + 7 * i, "TYPE": "Parkeringsplads"}})
        truth.append({"row": i, "navn": name, "wkt": _wkt_polygon([written]),
                      "antal_pl": 10 + 7 * i, "repaired": i == bow})
    rel = "horsens-parkering-polygoner-synthetic.geojson"
    cases.geojson(rel, {"type": "FeatureCollection", "features": feats}, crs="EPSG:4326")
    cases.add(rel, "parking areas as Polygons in WGS84, upper-case ANTAL_PLADSER, one invalid "
              "(self-crossing) polygon", standard="geofa-facility-area", facil_ty_k=1351,
              rows_written=10, set_aside=[], changes=[{"row": bow, "field": "geometri"}],
              areas=truth)
    cases.add(rel, "the same parking areas written as points (--points): each polygon's "
              "representative point", standard="geofa-facility", facil_ty_k=1351,
              rows_written=10, set_aside=[], args={"points": True}, inside=truth)


def syddjurs_multipolygons(cases: Cases, towns: dict) -> None:
    """Syddjurs's parking areas: MultiPolygons (two parts each) in EPSG:25832, named by a URN."""
    r = rng("geodata/syddjurs")
    names, rings = _parking_areas(r, 706, towns, 6)
    feats, truth = [], []
    for i, (name, ring) in enumerate(zip(names, rings, strict=True), 1):
        second = [(x + 120.0, y + 15.0) for x, y in ring]
        parts = [[[list(p) for p in ring]], [[list(p) for p in second]]]
        feats.append({"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates":
                                                      parts},
                      "properties": {"navn": name, "facilitet": "P-plads", "pladser": 40 + i}})
        truth.append({"row": i, "navn": name, "wkt": "MULTIPOLYGON (" + ", ".join(
            _wkt_polygon([p])[8:] for p in (ring, second)) + ")", "antal_pl": 40 + i})
    rel = "syddjurs-parkering-multipolygoner-synthetic.geojson"
    cases.geojson(rel, {"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "urn:ogc:def:crs:EPSG::25832"}}, "features": feats}, crs="EPSG:25832")
    cases.add(rel, "parking areas as MultiPolygons in EPSG:25832 (crs "
              "urn:ogc:def:crs:EPSG::25832)", standard="geofa-facility-area", facil_ty_k=1351,
              rows_written=6, set_aside=[], areas=truth)


ESRI_UTM32 = ('PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",'
              'SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],'
              'UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
              'PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],'
              'PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],'
              'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]')


def ringkobing_esri_shapefile(cases: Cases, towns: dict) -> None:
    """Ringkøbing-Skjern's parking areas: a polygon shapefile with an ESRI .prj (no EPSG code
    in it), DBF in Windows-1252 with upper-case names."""
    import shapefile

    r = rng("geodata/ringkobing-skjern")
    names, rings = _parking_areas(r, 760, towns, 7, prefix="Parkering")
    stem = "ringkobing-skjern-parkering-esri-synthetic"
    truth = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "p"
        w = shapefile.Writer(str(base), shapeType=shapefile.POLYGON, encoding="cp1252")
        w.field("NAVN", "C", 60)
        w.field("UNDER_ART", "C", 30)
        w.field("ANTAL_PLAD", "N", 6, 0)
        for i, (name, ring) in enumerate(zip(names, rings, strict=True), 1):
            w.poly([list(reversed(ring))])  # shapefile rings run clockwise
            w.record(name, "Parkeringsplads", 20 + 3 * i)
            truth.append({"row": i, "navn": name, "wkt": _wkt_polygon([ring]),
                          "antal_pl": 20 + 3 * i})
        w.close()
        fix_dbf_date(base.with_suffix(".dbf"))
        for ext in ["shp", "shx", "dbf"]:
            meta = {"format": "shapefile-" + ext}
            if ext == "shp":
                meta.update(crs="EPSG:25832 (ESRI .prj)", rows=len(names), encoding="cp1252",
                            header=["NAVN", "UNDER_ART", "ANTAL_PLAD"])
            cases.out.binary(f"{FOLDER}/{stem}.{ext}", base.with_suffix("." + ext).read_bytes(),
                             **meta)
    cases.out.text(f"{FOLDER}/{stem}.prj", ESRI_UTM32, format="shapefile-prj")
    cases.add(f"{stem}.shp", "polygon shapefile with an ESRI .prj (ETRS_1989_UTM_Zone_32N, "
              "no EPSG code), upper-case ESRI names (UNDER_ART, ANTAL_PLAD)",
              standard="geofa-facility-area", facil_ty_k=1351, rows_written=7, set_aside=[],
              areas=truth, crs="EPSG:25832")


def fkg_export(cases: Cases, towns: dict) -> None:
    """A GeoFA/FKG export as ESRI tools write it: upper-case names (TEMAKODE, UNDER_ART,
    ANTAL_PLADSER), staff user ids in BRUGER_ID and OPRETTET_AF, x/y in EPSG:25832 with a
    decimal comma, ';'."""
    r = rng("geodata/fkg")
    names = _names(r, "P-plads", 9)
    pts = [point_near(r, towns[751]) for _ in names]
    header = ["OBJEKT_ID", "TEMAKODE", "UNDER_ART", "NAVN", "ANTAL_PLADSER", "BRUGER_ID",
              "OPRETTET_AF", "X", "Y"]
    rows, kinds = [], []
    for i, (name, (x, y)) in enumerate(zip(names, pts, strict=True), 1):
        kind = "Cykelparkering" if i % 3 == 0 else "Parkeringsplads"
        kinds.append(1162 if kind == "Cykelparkering" else 1351)
        rows.append([1000 + i, 5800, kind, name, 10 * i, f"ADM\\{r.choice('abcdefgh')}"
                     f"{r.choice('ijklmnop')}{r.randint(10, 99)}", f"AARHUS\\mt{r.randint(1000, 9999)}",
                     dec_comma(x, 2), dec_comma(y, 2)])
    rel = "aarhus-parkering-fkg-eksport-synthetic.csv"
    cases.table(rel, header, rows, decimal=",", crs="EPSG:25832")
    cases.add(rel, "an FKG export with upper-case ESRI names (TEMAKODE, UNDER_ART, "
              "ANTAL_PLADSER) and staff user ids (BRUGER_ID, OPRETTET_AF), x/y with decimal "
              "commas", standard="geofa-facility", facil_ty_k=kinds, rows_written=9,
              set_aside=[], never=["BRUGER_ID", "OPRETTET_AF", "TEMAKODE", "OBJEKT_ID"],
              points=_point_rows(names, pts))


def wkt_in_csv(cases: Cases, towns: dict) -> None:
    """Benches with their place as WKT in a `lokation` column (WGS84), Danish free names
    (Navn, Beskrivelse), one broken WKT cell (set aside)."""
    r = rng("geodata/viborg")
    names = [f"Bænk ved {w}" for w in r.sample(PLAY_WORDS, 10)]
    pts = [point_near(r, towns[791]) for _ in names]
    rows = []
    for i, (name, (x, y)) in enumerate(zip(names, pts, strict=True), 1):
        lon, lat = _lonlat(x, y)
        wkt = f"POINT ({lon} {lat})" if i != 9 else f"POINT ({lon} {lat}"
        rows.append([name, r.choice(["Træbænk", "Bænk med ryglæn", "Bænkesæt"]), wkt])
    rel = "viborg-baenke-wkt-synthetic.csv"
    cases.table(rel, ["Navn", "Beskrivelse", "lokation"], rows)
    keep = [k for k in range(10) if k != 8]
    cases.add(rel, "WKT points (WGS84) in a CSV column named lokation, Danish free names, one "
              "broken WKT cell", standard="geofa-facility", facil_ty_k=1371, rows_written=9,
              set_aside=[{"row": 9, "field": "x, y", "action": "row left out"}],
              points=_point_rows([names[k] for k in keep], [pts[k] for k in keep],
                                 [k + 1 for k in keep]))


def _parking_lat_lon(r, names, pts, instead: dict, kind: str, spaces: tuple) -> list:
    """Parking rows (name, type, spaces, lat, lon), with the (lat, lon) text of `instead` in
    the rows it names (1 = the first)."""
    rows = []
    for i, (name, (x, y)) in enumerate(zip(names, pts, strict=True), 1):
        lon, lat = _lonlat(x, y)
        la, lo = instead.get(i, (f"{lat}", f"{lon}"))
        rows.append([name, kind, r.randint(*spaces), la, lo])
    return rows


def zero_coordinates(cases: Cases, towns: dict) -> None:
    """Parking with lat/lon columns where (0, 0), -999 and an empty cell stand for "no place"
    (a real parking CSV wrote 24 points at 0, 0)."""
    r = rng("geodata/skanderborg")
    names = _names(r, "P-plads", 14)
    pts = [point_near(r, towns[746]) for _ in names]
    none = {3: ("0", "0"), 6: ("0", "0"), 9: ("-999", "-999"), 12: ("", "")}
    rows = _parking_lat_lon(r, names, pts, none, "Parkeringsplads", (8, 90))
    rel = "skanderborg-parkering-nul-koordinater-synthetic.csv"
    cases.table(rel, ["navn", "type", "pladser", "lat", "lon"], rows, sep=",", crs="EPSG:4326")
    keep = [k for k in range(14) if k + 1 not in none]
    cases.add(rel, "lat/lon columns where (0, 0), -999 and empty cells stand for no place",
              standard="geofa-facility", facil_ty_k=1351, rows_written=10,
              set_aside=[{"row": i, "field": "x, y", "action": "row left out"} for i in none],
              points=_point_rows([names[k] for k in keep], [pts[k] for k in keep],
                                 [k + 1 for k in keep]))


def geofa_names(cases: Cases, towns: dict) -> None:
    """A file that already uses GeoFA's names, its geometry as EWKT in EPSG:25832, with values
    that break the standard: a postcode of three digits, an unknown handicap code, a row
    without a facility type."""
    r = rng("geodata/silkeborg")
    names = _names(r, "Toilet", 8)
    pts = [point_near(r, towns[740]) for _ in names]
    header = ["facil_ty_k", "navn", "handicap_k", "postnr", "link", "geometri"]
    rows = []
    for i, (name, (x, y)) in enumerate(zip(names, pts, strict=True), 1):
        rows.append(["" if i == 7 else 1012, name, 7 if i == 2 else r.choice([1, 3]),
                     "860" if i == 5 else "8600", f"https://silkeborg.dk/toiletter/{i}",
                     f"SRID=25832;POINT({x:.2f} {y:.2f})"])
    rel = "silkeborg-toiletter-geofa-navne-synthetic.csv"
    cases.table(rel, header, rows, sep=",")
    keep = [k for k in range(8) if k != 6]
    cases.add(rel, "GeoFA's own names (facil_ty_k, handicap_k …), EWKT geometry in EPSG:25832; "
              "a postcode of three digits and an unknown handicap code (values set aside), a "
              "row without a facility type (left out)", standard="geofa-facility",
              facil_ty_k=1012, rows_written=7, set_aside=[
                  {"row": 2, "field": "handicap_k", "action": "value left empty"},
                  {"row": 5, "field": "postnr", "action": "value left empty"},
                  {"row": 7, "field": "facil_ty_k", "action": "row left out"}],
              points=_point_rows([names[k] for k in keep], [pts[k] for k in keep],
                                 [k + 1 for k in keep]))


def lines(cases: Cases, towns: dict) -> None:
    """Vejle's bike tracks: LineStrings and a MultiLineString in WGS84."""
    r = rng("geodata/vejle")
    names = [f"Cykelbane {w}" for w in r.sample(PLAY_WORDS, 5)]
    feats, truth = [], []
    for i, name in enumerate(names, 1):
        x, y = point_near(r, towns[630])
        line = [(round(x + 80 * k, 2), round(y + r.uniform(-30, 30), 2)) for k in range(4)]
        if i == 5:
            other = [(round(px, 2), round(py + 200, 2)) for px, py in line]
            geom = {"type": "MultiLineString", "coordinates": [
                [_lonlat(*p) for p in line], [_lonlat(*p) for p in other]]}
            wkt = "MULTILINESTRING (" + ", ".join("(" + ", ".join(
                f"{px:.2f} {py:.2f}" for px, py in part) + ")" for part in (line, other)) + ")"
        else:
            geom = {"type": "LineString", "coordinates": [_lonlat(*p) for p in line]}
            wkt = "LINESTRING (" + ", ".join(f"{px:.2f} {py:.2f}" for px, py in line) + ")"
        feats.append({"type": "Feature", "geometry": geom, "properties": {"navn": name,
                                                                          "facil_ty_k": 4041}})
        truth.append({"row": i, "navn": name, "wkt": wkt})
    rel = "vejle-cykelbaner-linjer-synthetic.geojson"
    cases.geojson(rel, {"type": "FeatureCollection", "features": feats}, crs="EPSG:4326")
    cases.add(rel, "bike tracks as LineStrings and a MultiLineString (WGS84)",
              standard="geofa-facility-line", facil_ty_k=4041, rows_written=5, set_aside=[],
              lines=truth)


def lying_extension(cases: Cases, towns: dict) -> None:
    """A CSV named .xlsx (exported from a web page, saved with the wrong name)."""
    r = rng("geodata/odense")
    names = _names(r, "Toilet", 6)
    pts = [point_near(r, towns[461]) for _ in names]
    text = csv_text(["Navn", "Type", "X", "Y"], [
        [n, "Toilet", f"{x:.2f}", f"{y:.2f}"] for n, (x, y) in zip(names, pts, strict=True)], ";")
    rel = "odense-toiletter-forkert-endelse-synthetic.xlsx"
    cases.out.text(f"{FOLDER}/{rel}", text, format="csv", separator=";", decimal=".",
                   line_ending="LF", header=["Navn", "Type", "X", "Y"], header_row=1,
                   rows=len(names), crs="EPSG:25832", note="a CSV file named .xlsx")
    cases.add(rel, "a CSV file named .xlsx (the extension misleads)", standard="geofa-facility",
              facil_ty_k=1012, rows_written=6, set_aside=[], warning="wrong-extension",
              points=_point_rows(names, pts))


def swapped_columns(cases: Cases, towns: dict) -> None:
    """Toilets whose X column holds the northings and Y the eastings in every row (EPSG:25832,
    decimal commas): the columns were named the wrong way round."""
    r = rng("geodata/fredericia")
    names = _names(r, "Toilet", 8)
    pts = [point_near(r, towns[607]) for _ in names]
    rows = [[n, "Offentligt toilet", dec_comma(y, 2), dec_comma(x, 2)]
            for n, (x, y) in zip(names, pts, strict=True)]
    rel = "fredericia-toiletter-xy-byttet-synthetic.csv"
    cases.table(rel, ["Navn", "Type", "X", "Y"], rows, sep=";", decimal=",",
                crs="EPSG:25832 (X and Y swapped)")
    cases.add(rel, "X holds the northings and Y the eastings in every row (EPSG:25832): read "
              "crosswise, and said", standard="geofa-facility", facil_ty_k=1012,
              rows_written=8, set_aside=[], said=["are swapped in the file"],
              points=_point_rows(names, pts))


def lat_lon_outside(cases: Cases, towns: dict) -> None:
    """Parking with columns named latitude and longitude where a few rows are not in Denmark
    (a test row in Paris, one in Hamburg) and one is -999: too few inside Denmark for the
    values alone to say WGS84, so the names decide."""
    r = rng("geodata/esbjerg")
    names = _names(r, "P-plads", 7)
    pts = [point_near(r, towns[561]) for _ in names]
    away = {3: ("48.8566", "2.3522"), 5: ("-999", "-999"), 6: ("53.5511", "9.9937")}
    rows = _parking_lat_lon(r, names, pts, away, "Parkering", (10, 120))
    rel = "esbjerg-parkering-latlon-udenfor-synthetic.csv"
    cases.table(rel, ["navn", "type", "pladser", "latitude", "longitude"], rows, sep=",",
                crs="EPSG:4326")
    keep = [k for k in range(7) if k + 1 not in away]
    cases.add(rel, "columns named latitude/longitude with rows outside Denmark and a -999 row: "
              "the names say WGS84, the rows outside are set aside",
              standard="geofa-facility", facil_ty_k=1351, rows_written=4,
              set_aside=[{"row": i, "field": "x, y", "action": "row left out"}
                         for i in sorted(away)],
              points=_point_rows([names[k] for k in keep], [pts[k] for k in keep],
                                 [k + 1 for k in keep]))


def title_and_repeated_header(cases: Cases, towns: dict) -> None:
    """Toilets saved from Excel: a title line filled out with separators ('Titel;;;') above
    the header, and the header again in the middle, where two exports were joined."""
    r = rng("geodata/kolding")
    names = _names(r, "Toilet", 8)
    pts = [point_near(r, towns[621]) for _ in names]
    header = ["Navn", "Type", "X", "Y"]
    body = [[n, "Toilet", f"{x:.2f}", f"{y:.2f}"] for n, (x, y) in zip(names, pts, strict=True)]
    text = ("Offentlige toiletter i Kolding Kommune;;;\r\n"
            + csv_text(header, body[:5] + [header] + body[5:], ";", "\r\n"))
    rel = "kolding-toiletter-titel-gentaget-overskrift-synthetic.csv"
    cases.out.text(f"{FOLDER}/{rel}", text, format="csv", separator=";", decimal=".",
                   line_ending="CRLF", header=header, header_row=2, rows=len(names),
                   crs="EPSG:25832", note="a title line above the header, the header repeated "
                   "on line 8")
    cases.add(rel, "an Excel title line ('…;;;') above the header, and the header repeated "
              "where two exports were joined", standard="geofa-facility", facil_ty_k=1012,
              rows_written=8, set_aside=[], said=["Skipped 1 line above the table",
                                                  "Line 8 repeats the column names"],
              points=_point_rows(names, pts))


def lone_feature(cases: Cases, towns: dict) -> None:
    """One playground as a lone GeoJSON Feature, not a FeatureCollection (as a web map's
    "download this place" gives it)."""
    r = rng("geodata/hedensted")
    (name,) = _names(r, "Legeplads", 1)
    x, y = point_near(r, towns[766])
    rel = "hedensted-legeplads-enkelt-feature-synthetic.geojson"
    doc = {"type": "Feature", "geometry": {"type": "Point", "coordinates": _lonlat(x, y)},
           "properties": {"navn": name, "type": "Legeplads"}}
    cases.out.text(f"{FOLDER}/{rel}", json.dumps(doc, ensure_ascii=False, indent=1) + "\n",
                   format="geojson", rows=1, crs="EPSG:4326", note="a lone Feature")
    cases.add(rel, "a lone GeoJSON Feature, not a FeatureCollection", standard="geofa-facility",
              facil_ty_k=1031, rows_written=1, set_aside=[],
              points=_point_rows([name], [(x, y)]))


def crs_member_that_lies(cases: Cases, towns: dict) -> None:
    """Toilets in WGS84 degrees under a `crs` member that says EPSG:25832 (a template's
    member kept when the data was reprojected)."""
    r = rng("geodata/vordingborg")
    names = _names(r, "Toilet", 6)
    pts = [point_near(r, towns[390]) for _ in names]
    feats = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": _lonlat(x, y)},
              "properties": {"navn": n, "kategori": "Toilet"}}
             for n, (x, y) in zip(names, pts, strict=True)]
    rel = "vordingborg-toiletter-forkert-crs-synthetic.geojson"
    cases.geojson(rel, {"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "urn:ogc:def:crs:EPSG::25832"}}, "features": feats}, crs="EPSG:4326")
    cases.add(rel, "WGS84 degrees under a crs member that says EPSG:25832: read as WGS84, and "
              "said", standard="geofa-facility", facil_ty_k=1012, rows_written=6,
              set_aside=[], said=["its coordinates are EPSG:4326"],
              points=_point_rows(names, pts))


def collections_in_wkt(cases: Cases, towns: dict) -> None:
    """Benches as WKT in a `geometri` column (WGS84): points with a height (POINT Z), a
    collection of a point and its access path, a collection of one point, and an empty
    collection (no place: set aside)."""
    r = rng("geodata/hedensted-baenke")
    names = [f"Bænk ved {w}" for w in r.sample(PLAY_WORDS, 7)]
    pts = [point_near(r, towns[766]) for _ in names]
    rows = []
    for i, (name, (x, y)) in enumerate(zip(names, pts, strict=True), 1):
        lon, lat = _lonlat(x, y)
        path = _lonlat(x + 25, y + 10)
        wkt = {2: f"POINT Z ({lon} {lat} 42.5)",
               3: f"GEOMETRYCOLLECTION (POINT ({lon} {lat}), LINESTRING ({lon} {lat}, "
                  f"{path[0]} {path[1]}))",
               5: f"GEOMETRYCOLLECTION (POINT ({lon} {lat}))",
               6: "GEOMETRYCOLLECTION EMPTY"}.get(i, f"POINT ({lon} {lat})")
        rows.append([name, "Bænk", wkt])
    rel = "hedensted-baenke-samlinger-synthetic.csv"
    cases.table(rel, ["navn", "type", "geometri"], rows, sep=";")
    keep = [k for k in range(7) if k != 5]
    cases.add(rel, "WKT with heights (POINT Z), geometry collections (a point and its path, "
              "one point) and an empty collection (set aside)", standard="geofa-facility",
              facil_ty_k=1371, rows_written=6,
              set_aside=[{"row": 6, "field": "x, y", "action": "row left out"}],
              changes=[{"row": 3, "field": "x, y"}, {"row": 5, "field": "x, y"}],
              points=_point_rows([names[k] for k in keep], [pts[k] for k in keep],
                                 [k + 1 for k in keep]))


def bornholm_zone_33(cases: Cases, towns: dict) -> None:
    """Bornholm's toilets in UTM zone 33 (EPSG:25833) metres, as Bornholm publishes: the value
    ranges alone take them for zone 32 points in South Jutland."""
    from pyproj import Transformer

    r = rng("geodata/bornholm")
    names = _names(r, "Toilet", 6)
    pts = [point_near(r, towns[400], None, 6000) for _ in names]
    zone33 = Transformer.from_crs("EPSG:25832", "EPSG:25833", always_xy=True)
    rows = []
    for name, (x, y) in zip(names, pts, strict=True):
        e, n = zone33.transform(x, y)
        rows.append([name, "Toilet", f"{e:.2f}", f"{n:.2f}"])
    rel = "bornholm-toiletter-utm33-synthetic.csv"
    cases.table(rel, ["Navn", "Type", "Øst", "Nord"], rows, sep=";", crs="EPSG:25833")
    cases.add(rel, "Bornholm's UTM zone 33 (EPSG:25833) metres in columns Øst/Nord",
              standard="geofa-facility", facil_ty_k=1012, rows_written=6, set_aside=[],
              said=["are EPSG:25833 metres", "and the file name: UTM zone 33, as Bornholm "
                    "publishes; as EPSG:25832 they would lie in South Jutland"],
              points=_point_rows(names, pts))


def ed50_columns(cases: Cases, towns: dict) -> None:
    """Randers' car parks from an old register: ED50 / UTM 32N (EPSG:23032) metres in columns
    named X_ED50 and Y_ED50, decimal commas. The values alone would be taken for EPSG:25832,
    some 200 m off."""
    from pyproj import Transformer

    r = rng("geodata/randers-ed50")
    names = _names(r, "P-plads", 7)
    pts = [point_near(r, towns[730]) for _ in names]
    ed50 = Transformer.from_crs("EPSG:25832", "EPSG:23032", always_xy=True)
    rows = []
    for i, (name, (x, y)) in enumerate(zip(names, pts, strict=True), 1):
        e, n = ed50.transform(x, y)
        rows.append([name, 20 + 3 * i, dec_comma(e, 2), dec_comma(n, 2)])
    rel = "randers-parkering-ed50-synthetic.csv"
    cases.table(rel, ["Navn", "Pladser", "X_ED50", "Y_ED50"], rows, sep=";", crs="EPSG:23032")
    cases.add(rel, "ED50 / UTM 32N (EPSG:23032) metres in columns named X_ED50, Y_ED50",
              standard="geofa-facility", facil_ty_k=1351, rows_written=7, set_aside=[],
              points=_point_rows(names, pts))


def three_decimal_degrees(cases: Cases, towns: dict) -> None:
    """Toilets in WGS84 degrees written with three decimals ('55.662'), which look like
    thousands with a dot; the points are where the rounded degrees put them."""
    r = rng("geodata/kobenhavn-tre-decimaler")
    names = _names(r, "Toilet", 5)
    rows, pts = [], []
    for name in names:
        lon, lat = (round(v, 3) for v in to_wgs(*point_near(r, towns[101], CPH_SECTOR, 4000)))
        rows.append([name, f"{lat:.3f}", f"{lon:.3f}"])
        pts.append(tuple(round(v, 2) for v in to_utm(lon, lat)))
    rel = "kobenhavn-toiletter-tre-decimaler-synthetic.csv"
    cases.table(rel, ["Navn", "Breddegrad", "Længdegrad"], rows, sep=";", crs="EPSG:4326")
    cases.add(rel, "degrees with three decimals ('55.662'): a decimal point, not thousands",
              standard="geofa-facility", facil_ty_k=1012, rows_written=5, set_aside=[],
              points=_point_rows(names, pts))


def words_for_codes(cases: Cases, towns: dict) -> None:
    """Horsens's facilities with the words files use for codes: a type column that mixes
    GeoFA types (one, 'Hundeskov', a part of GeoFA's name), handicap J/N/'Ja (delvist)',
    opening hours beside Ja/Nej, payment words with a parking disc (free), postcodes with the
    town; two lines of separators only below the table (no rows)."""
    r = rng("geodata/horsens-ord")
    names = _names(r, "Facilitet", 6)
    pts = [point_near(r, towns[615]) for _ in names]
    words = [  # type, handicap, døgnåben, betaling, postnr -> facil_ty_k, codes, postnr
        ("Toilet", "J", "Ja", "Gratis", "8700 Horsens", 1012, 1, 1, 0, "8700"),
        ("Hundeskov", "N", "Døgnåbent (24/7)", "", "DK-8700", 1191, 3, 1, None, "8700"),
        ("Parkeringsplads", "Ja (delvist)", "Nej", "P-skive 2 timer", "8700", 1351, 2, 0, 0,
         "8700"),
        ("Legeplads", "N", "Kun om sommeren", "", "8781 Stenderup", 1031, 3, 0, None, "8781"),
        ("Parkeringsplads", "J", "24 timer i døgnet", "Betalingsparkering", "8700", 1351, 1, 1,
         1, "8700"),
        ("Bord-bænkesæt", "J", "Ja", "Gratis", "8700 Horsens", 1201, 1, 1, 0, "8700"),
    ]
    header = ["Navn", "Type", "Handicap", "Døgnåben", "Betaling", "Postnr", "X", "Y"]
    body = [[n, *w[:5], f"{x:.2f}", f"{y:.2f}"]
            for n, w, (x, y) in zip(names, words, pts, strict=True)]
    text = csv_text(header, body, ";", "\r\n") + ";;;;;;;\r\n" * 2
    rel = "horsens-faciliteter-ord-for-koder-synthetic.csv"
    cases.out.text(f"{FOLDER}/{rel}", text, format="csv", separator=";", decimal=".",
                   line_ending="CRLF", header=header, header_row=1, rows=len(names),
                   crs="EPSG:25832", note="two lines of separators only at the end")
    values = []
    for i, w in enumerate(words, 1):
        for field, v in zip(("handicap_k", "doegnaab_k", "betaling_k", "postnr"), w[6:],
                            strict=True):
            values.append({"row": i, "field": field, "value": "" if v is None else str(v)})
    cases.add(rel, "the words files use for codes (a mixed type column, J/N/'Ja (delvist)', "
              "opening hours beside Ja/Nej, a parking disc, postcodes with the town) and "
              "lines of separators only below the table", standard="geofa-facility",
              facil_ty_k=[w[5] for w in words], rows_written=6, set_aside=[],
              changes=[{"row": 1, "field": "postnr"}, {"row": 2, "field": "postnr"}],
              values=values,
              points=_point_rows(names, pts))


def geojson_latitude_first(cases: Cases, towns: dict) -> None:
    """Aalborg's playgrounds as GeoJSON points with latitude first (no crs member), as some
    web tools write them."""
    r = rng("geodata/aalborg-lat-foerst")
    names = _names(r, "Legeplads", 5)
    pts = [point_near(r, towns[851]) for _ in names]
    feats = [{"type": "Feature", "geometry": {"type": "Point",
                                              "coordinates": _lonlat(x, y)[::-1]},
              "properties": {"navn": n, "type": "Legeplads"}}
             for n, (x, y) in zip(names, pts, strict=True)]
    rel = "aalborg-legepladser-bredde-foerst-synthetic.geojson"
    cases.geojson(rel, {"type": "FeatureCollection", "features": feats},
                  crs="EPSG:4326 (latitude first)")
    cases.add(rel, "GeoJSON points with latitude first: read the other way round, and said",
              standard="geofa-facility", facil_ty_k=1031, rows_written=5, set_aside=[],
              said=["latitude, longitude (swapped)"], points=_point_rows(names, pts))


def pair_in_one_cell(cases: Cases, towns: dict) -> None:
    """Benches whose place is one cell of two numbers, latitude first, as a web map copies
    it ('56.1527, 10.2031'); one cell says 'ukendt' (set aside)."""
    r = rng("geodata/aarhus-koordinater")
    names = [f"Bænk ved {w}" for w in r.sample(PLAY_WORDS, 6)]
    pts = [point_near(r, towns[751]) for _ in names]
    rows = []
    for i, (name, (x, y)) in enumerate(zip(names, pts, strict=True), 1):
        lon, lat = _lonlat(x, y)
        rows.append([name, "Træbænk", "ukendt" if i == 4 else f"{lat}, {lon}"])
    rel = "aarhus-baenke-koordinater-i-en-celle-synthetic.csv"
    cases.table(rel, ["Navn", "Beskrivelse", "Koordinater"], rows, sep=",", crs="EPSG:4326")
    keep = [k for k in range(6) if k != 3]
    cases.add(rel, "a place as two numbers in one cell, latitude first ('56.1527, 10.2031'), "
              "one 'ukendt'", standard="geofa-facility", facil_ty_k=1371, rows_written=5,
              set_aside=[{"row": 4, "field": "x, y", "action": "row left out"}],
              said=["holds each place as two numbers, latitude, longitude"],
              points=_point_rows([names[k] for k in keep], [pts[k] for k in keep],
                                 [k + 1 for k in keep]))


def _kml(body: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">'
            f"\n<Document>\n{body}</Document>\n</kml>\n")


def my_maps_kml(cases: Cases, towns: dict) -> None:
    """Vejle's toilets as Google My Maps exports a map: a folder per layer, the layer's
    table as ExtendedData, HTML in the descriptions, coordinates with a height (and, in one
    placemark, a space after the comma); one placemark without a place (set aside)."""
    r = rng("geodata/vejle-kml")
    names = [f"Toilet {w}" for w in r.sample(PLAY_WORDS, 7)]
    pts = [point_near(r, towns[630]) for _ in names]
    layers = ["Offentlige toiletter", "Toiletter i parker"]
    body, placed = [], []
    for layer in layers:
        body.append(f"<Folder>\n<name>{layer}</name>\n")
        for i in range(len(names)):
            if (i % 2) != layers.index(layer):
                continue
            lon, lat = _lonlat(*pts[i])
            sep = ", " if i == 2 else ","
            place = ("" if i == 5 else
                     f"<Point><coordinates>{lon}{sep}{lat},0</coordinates></Point>")
            body.append(
                f"<Placemark>\n<name>{names[i]}</name>\n<description><![CDATA[Åbent hele "
                f"året<br>Rengøres dagligt]]></description>\n<ExtendedData>\n"
                f'<Data name="Handicapvenligt"><value>{"Ja" if i % 3 else "Nej"}</value></Data>\n'
                f'<Data name="Hjemmeside"><value>https://www.vejle.dk/toiletter/{i + 1}'
                f"</value></Data>\n</ExtendedData>\n{place}\n</Placemark>\n")
            placed.append(i)
        body.append("</Folder>\n")
    rel = "vejle-toiletter-my-maps-synthetic.kml"
    cases.out.text(f"{FOLDER}/{rel}", _kml("<name>Toiletter i Vejle</name>\n" + "".join(body)),
                   format="kml", rows=len(names), crs="EPSG:4326")
    written = [(k + 1, i) for k, i in enumerate(placed) if i != 5]
    cases.add(rel, "KML from Google My Maps: layers as folders, fields as ExtendedData, HTML "
              "in the descriptions, one placemark without a place", standard="geofa-facility",
              facil_ty_k=1012, rows_written=len(names) - 1,
              set_aside=[{"row": placed.index(5) + 1, "field": "x, y",
                          "action": "row left out"}],
              points=[{"row": k, "navn": names[i], "x": pts[i][0], "y": pts[i][1]}
                      for k, i in written])


def arcgis_kmz(cases: Cases, towns: dict) -> None:
    """Odder's car parks as ArcGIS's "Layer to KML" writes them: a KMZ (a zip holding
    doc.kml) whose placemarks keep the fields only as an HTML table in the description, the
    areas as polygons."""
    import io
    import zipfile

    r = rng("geodata/odder-kmz")
    names, rings = _parking_areas(r, 727, towns, 5)
    body, truth = [], []
    for i, (name, ring) in enumerate(zip(names, rings, strict=True), 1):
        table = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in (
            ("NAVN", name), ("ANTAL_PLADSER", 20 + 5 * i), ("TYPE", "Parkeringsplads")))
        coords = " ".join("{},{},0".format(*_lonlat(x, y)) for x, y in ring)
        body.append(
            f"<Placemark>\n<name>{i}</name>\n<description><![CDATA[<html><body><table>"
            f"{table}</table></body></html>]]></description>\n<Polygon><outerBoundaryIs>"
            f"<LinearRing><coordinates>{coords}</coordinates></LinearRing></outerBoundaryIs>"
            "</Polygon>\n</Placemark>\n")
        truth.append({"row": i, "navn": name, "wkt": _wkt_polygon([ring]), "antal_pl": 20 + 5 * i})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("doc.kml", (2024, 3, 1, 0, 0, 0)),
                   _kml("<Folder>\n<name>Parkering</name>\n" + "".join(body) + "</Folder>\n"))
    rel = "odder-parkering-arcgis-synthetic.kmz"
    cases.out.binary(f"{FOLDER}/{rel}", buf.getvalue(), format="kmz", rows=len(names),
                     crs="EPSG:4326")
    cases.add(rel, "KMZ from ArcGIS: the fields only as an HTML table in each description, "
              "areas as polygons", standard="geofa-facility-area", facil_ty_k=1351,
              rows_written=len(names), set_aside=[], areas=truth)
