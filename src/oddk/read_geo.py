"""Geodata for `oddk.read`: GeoJSON, shapefiles, and which coordinate system a table's
coordinates are in.

The Danish quirks handled here: EPSG:25832 (ETRS89 / UTM zone 32N) coordinates in x/y
columns, WGS84 lat/lon (sometimes swapped), Web Mercator (EPSG:3857); GeoJSON with an
old-style "crs" member or latin-1 bytes; shapefiles without .prj or .cpg.

    >>> guess_crs_from_values([575000, 720000], [6225000, 6180000])
    'EPSG:25832'
"""

from __future__ import annotations

import codecs
import io
import json
import re
import zipfile
from contextlib import contextmanager
from pathlib import Path

from oddk.errors import ReadError
from oddk.geometry_read import (
    MISSING_NUMBERS,
    Geometries,
    missing_warning,
    missing_xy_rows,
    positions,
    swap_axes,
)
from oddk.personal import mask, mask_label
from oddk.vocab import BORNHOLM_33, CRS_NAMES, DENMARK_EXTENT

# Denmark's extent and the systems' names: one definition, in oddk.vocab.
RANGES = DENMARK_EXTENT

#: A coordinate system or "coordinate" beside an axis name: 'X_UTM', 'Øst_koordinat',
#: 'breddegrad_wgs84', 'UTM32_X' ('Bredde' and 'Længde' alone are also width and length).
_SYSTEM = (r"(?:wgs_?84|utm_?3[23]?n?|utm|etrs_?89|euref_?89|ed_?50(?:_?utm_?3[23]n?)?|"
           r"dktm_?[1-4]?|(?:epsg_?)?(?:2583[23]|4326|4258|3044|2303[23]|409[3-6]|3857)|"
           r"koord(?:inat)?|coord(?:inate)?)")


def _axis(core: str, prefix: str = "", alone: str = "") -> re.Pattern:
    """An axis's names: the core with a system before or after it, or `alone` (a single
    letter that a system beside it would make ambiguous: 'UTM32N' is no northing)."""
    alone = rf"|^(?:{alone})$" if alone else ""
    return re.compile(rf"^(?:{_SYSTEM}_?|{prefix})?(?:{core})(?:_?{_SYSTEM})?${alone}")


#: A point's word before its x and y (MapInfo's CentroidX, ArcGIS's POINT_X).
_CENTRE = r"(?:centroid|center|centre|centrum|midt|punkt|point)_?"
_X_NAMES = _axis(r"x|easting|east|øst|oest", prefix=_CENTRE, alone="e")
_Y_NAMES = _axis(r"y|northing|north|nord", prefix=_CENTRE, alone="n")
_LON_NAMES = _axis(r"lon|lng|long|longitude|længdegrad|laengdegrad", prefix=r"x_?")
_LAT_NAMES = _axis(r"lat|latitude|breddegrad", prefix=r"y_?")


def _name_key(name) -> str:
    """A column name as the patterns read it: lower case, spaces, dots and dashes as '_'."""
    return re.sub(r"[\s.\-]+", "_", str(name).strip().lower()).strip("_")


def _inside(values, lo_hi, share=0.9) -> bool:
    return _share(values, lo_hi) >= share


def _share(values, lo_hi) -> float:
    """The share of `values` inside (lo, hi)."""
    lo, hi = lo_hi
    vals = [v for v in values if v is not None and v == v]
    return sum(lo <= v <= hi for v in vals) / len(vals) if vals else 0.0


def guess_crs_from_values(xs, ys) -> str | None:
    """The system whose Danish extent holds (90 % of) these x and y values, or None."""
    for code, (xr, yr) in RANGES.items():
        if _inside(xs, xr) and _inside(ys, yr):
            return code
    return None


def find_coordinate_columns(columns) -> tuple[str, str, str] | None:
    """(x column, y column, kind) from the column names, kind "lonlat" or "xy"; failing plain
    names, the first pair that shares a prefix (Aarhus's traffic sensors: POINT_1_LAT and
    POINT_1_LNG, start and end of a road segment).

        >>> find_coordinate_columns(["POINT_1_LAT", "POINT_1_LNG", "POINT_2_LAT", "POINT_2_LNG"])
        ('POINT_1_LNG', 'POINT_1_LAT', 'lonlat')
    """
    low = {_name_key(c): c for c in columns}
    for xs, ys, kind in ((_LON_NAMES, _LAT_NAMES, "lonlat"), (_X_NAMES, _Y_NAMES, "xy")):
        x = next((c for k, c in low.items() if xs.match(k)), None)
        y = next((c for k, c in low.items() if ys.match(k)), None)
        if x is not None and y is not None:
            return x, y, kind
    pairs = coordinate_pairs(columns)
    if pairs:
        return pairs[0]
    x = next((c for k, c in low.items() if _LON_OR_LENGTH.match(k)), None)
    y = next((c for k, c in low.items() if _LAT_OR_WIDTH.match(k)), None)
    return (x, y, "degrees?") if x is not None and y is not None else None


#: 'Længde' and 'Bredde' alone: longitude and latitude, or a length and a width (metres);
#: the values decide (oddk.read_geo.crs_from_columns).
_LON_OR_LENGTH = re.compile(r"^(længde|laengde)$")
_LAT_OR_WIDTH = re.compile(r"^bredde$")


_PREFIXED = re.compile(r"^(.+?)(?:[_ .-]?(lon|lng|long|longitude|lat|latitude)|[_ .-](x|y))$")


def coordinate_pairs(columns) -> list[tuple[str, str, str]]:
    """Every (lon, lat, "lonlat") or (x, y, "xy") pair of columns named with a shared prefix
    ('POINT_1_LNG', 'POINT_1_LAT'; 'start_x', 'start_y'), in the order of the columns."""
    by_prefix: dict[tuple[str, str], dict[str, str]] = {}
    for c in columns:
        m = _PREFIXED.match(str(c).strip().lower())
        if not m:
            continue
        axis = m.group(2) or m.group(3)
        kind = "xy" if axis in ("x", "y") else "lonlat"
        role = "x" if axis in ("x", "lon", "lng", "long", "longitude") else "y"
        by_prefix.setdefault((m.group(1), kind), {}).setdefault(role, c)
    return [(d["x"], d["y"], kind) for (_, kind), d in by_prefix.items() if len(d) == 2]


def _numbers_of(values, decimal: str | None, thousands: str | None) -> list[float]:
    """The numbers of a column as text or numbers (the file's marks), others left out."""
    from oddk.degrees import degrees
    from oddk.read_types import to_number

    out = []
    for v in values.tolist():
        if isinstance(v, str):
            v = (degrees(v) or (None,))[0] if "°" in v else to_number(v, decimal or ".",
                                                                       thousands)
        if isinstance(v, (int, float)) and not isinstance(v, bool) and v == v:
            out.append(float(v))
    return out


def crs_from_columns(df, decimal: str | None, thousands: str | None,
                     lines: list[int] | None = None, line_word: str | None = None) -> dict:
    """{"crs", "crs_source", "coordinate_columns", "warnings"} from a table's coordinate
    columns: found by name, decided by value ranges. `lines` (each row's line in the file)
    let the warnings say where rows are."""
    found = find_coordinate_columns(df.columns)
    out = {"crs": None, "crs_source": None, "coordinate_columns": None, "warnings": []}
    if not found:
        return out
    xcol, ycol, kind = found
    if kind == "degrees?":  # 'Længde', 'Bredde': coordinates only if they are degrees here
        sample = df[[xcol, ycol]].head(5000)
        xs, ys = (_numbers_of(sample[c], decimal, thousands) for c in (xcol, ycol))
        if guess_crs_from_values(xs, ys) != "EPSG:4326":
            return out
        kind = "lonlat"
    out["coordinate_columns"] = [str(xcol), str(ycol)]
    others = [p for p in coordinate_pairs(df.columns) if p[0] != xcol]
    if others:
        out["notes"] = [f"Columns {', '.join(f'{a!r} and {b!r}' for a, b, _ in others)} hold "
                        f"coordinates too; the coordinate system is judged on {xcol!r} and "
                        f"{ycol!r}."]
    out["missing"] = missing_xy_rows(df, xcol, ycol)
    if out["missing"]:
        out["warnings"].append(missing_warning(out["missing"], lines=lines,
                                               line_word=line_word))

    def nums(col):  # "none" (0, -999) says nothing of the system
        return [v for v in _numbers_of(df[col].head(5000), decimal, thousands)
                if v != 0 and v not in MISSING_NUMBERS]

    xs, ys = nums(xcol), nums(ycol)
    if not xs or not ys:
        out["warnings"].append(
            f"Columns '{xcol}' and '{ycol}' look like coordinates but hold no numbers."
        )
        return out
    named = system_named(xcol, ycol)
    if named and named not in RANGES and _in_denmark_as(named, xs, ys):
        out["crs"] = named  # ED50, Bornholm's zone 33, DKTM: the values alone cannot say
        out["crs_source"] = f"the column names ('{xcol}', '{ycol}')"
        return out
    code = guess_crs_from_values(xs, ys)
    if code:
        out["crs"] = code
        out["crs_source"] = f"guessed from the value ranges of columns '{xcol}' and '{ycol}'"
        if kind == "lonlat" and code != "EPSG:4326":
            out["warnings"].append(
                f"Columns '{xcol}' and '{ycol}' are named like longitude/latitude but hold {code} "
                "values."
            )
        return out
    swapped = guess_crs_from_values(ys, xs)
    if swapped:
        out["crs"] = swapped
        out["crs_source"] = (
            f"guessed from the value ranges of columns '{xcol}' and '{ycol}' (swapped)"
        )
        out["warnings"].append(
            f"Columns '{xcol}' and '{ycol}' look swapped: '{xcol}' holds the "
            f"{'latitudes' if swapped == 'EPSG:4326' else 'northings'} "
            f"and '{ycol}' the {'longitudes' if swapped == 'EPSG:4326' else 'eastings'} of "
            f"{swapped}. Swap them before making a map."
        )
        return out
    share = {code: min(_share(xs, xr), _share(ys, yr)) for code, (xr, yr) in RANGES.items()}
    most = max(share, key=share.get)
    if share[most] >= 0.5:  # most rows in one system, some elsewhere (typed in by hand?)
        out["crs"] = most
        out["crs_source"] = (f"guessed from the value ranges of columns '{xcol}' and '{ycol}' "
                             f"(most of them)")
        out["warnings"].append(
            f"Most values of columns '{xcol}' and '{ycol}' are {most} inside Denmark, but "
            f"{1 - share[most]:.0%} are not: those rows are in another system, or wrong.")
        return out
    scale = next((f for f in (100, 1000, 0.001) if guess_crs_from_values(
        [x / f for x in xs], [y / f for y in ys]) == "EPSG:25832"), None)  # cm, mm or km?
    unit = {100: "centimetres", 1000: "millimetres", 0.001: "kilometres"}.get(scale)
    how = ("Multiplied by 1000" if scale == 0.001 else f"Divided by {scale}",
           "Multiply them by 1000" if scale == 0.001 else f"Divide them by {scale}")
    dktm = _share(ys, (1_000_000, 1_450_000)) >= 0.9 and _share(xs, (100_000, 900_000)) >= 0.9
    out["warnings"].append(
        f"Columns '{xcol}' and '{ycol}' look like coordinates, but their values are not inside "
        "Denmark in "
        "EPSG:25832, WGS84 or EPSG:3857; the coordinate system is unknown."
        + (f" {how[0]} they are EPSG:25832 metres inside Denmark: are they {unit}? {how[1]} "
           "in the file." if scale else "")
        + (" They look like DKTM (Danish Transverse Mercator, northings less 5 000 000): name "
           "the zone in a mapping (crs: EPSG:4093 DKTM1 Jutland, EPSG:4094 DKTM2 Funen, "
           "EPSG:4095 DKTM3 Zealand, EPSG:4096 DKTM4 Bornholm)." if dktm and not scale else "")
    )
    return out


def system_named(*names) -> str | None:
    """The system that coordinate columns' names say ('X_ED50' → EPSG:23032, 'Øst_UTM33' →
    EPSG:25833, 'x_dktm1' → EPSG:4093, 'y_25832'), or None when they say none (or WGS84's
    and UTM 32's own, which the values tell anyway)."""
    key = "_".join(_name_key(n) for n in names)
    if re.search(r"ed_?50", key):
        return "EPSG:23033" if re.search(r"utm_?33|23033", key) else "EPSG:23032"
    if m := re.search(r"dktm_?([1-4])", key):
        return f"EPSG:{4092 + int(m.group(1))}"
    if re.search(r"utm_?33|25833", key):
        return "EPSG:25833"
    if m := re.search(r"(?<!\d)(3044|2303[23]|409[3-6]|4258)(?!\d)", key):
        return f"EPSG:{m.group(1)}"
    return None


def _in_denmark_as(crs: str, xs, ys, share: float = 0.9) -> bool:
    """Do (90 % of) the values lie in Denmark when read in `crs`?"""
    import numpy as np
    from pyproj import Transformer

    from oddk.vocab import inside_denmark

    lon, lat = Transformer.from_crs(crs, "EPSG:4326", always_xy=True).transform(
        np.asarray(xs[:500], dtype=float), np.asarray(ys[:500], dtype=float))
    return bool(np.mean(inside_denmark(lon, lat)) >= share)


def in_bornholm_zone_33(xs, ys) -> bool:
    """Do (90 % of) these values, which the value ranges take for EPSG:25832, lie in Bornholm's
    UTM zone 33 box (where Bornholm's own files have them)?"""
    return bool(xs) and _inside(xs, BORNHOLM_33[0]) and _inside(ys, BORNHOLM_33[1])


def _bornholm_file(info: dict, df, report) -> None:
    """A Bornholm file (so its name says) whose values, guessed EPSG:25832, lie in Bornholm's
    UTM zone 33 box: EPSG:25833, as Bornholm publishes (as zone 32 they lie in South
    Jutland)."""
    cols = info.get("coordinate_columns")
    if info["crs"] != "EPSG:25832" or not cols or "bornholm" not in Path(report.path).stem.lower():
        return
    xs, ys = (_numbers_of(df[c].head(5000), report.decimal, report.thousands) for c in cols)
    if in_bornholm_zone_33(xs, ys):
        info["crs"] = "EPSG:25833"
        info["crs_source"] = (f"guessed from the value ranges of columns '{cols[0]}' and "
                              f"'{cols[1]}' and the file name: UTM zone 33, as Bornholm "
                              "publishes; as EPSG:25832 they would lie in South Jutland")


def finish(raw, warnings: list[str], notes: list[str]):
    """A reader's last step: the report's table facts, and the coordinate system from the
    coordinate columns' values when the format does not say. Returns the raw table."""
    report, df = raw.report, raw.cells
    names = [str(c) for c in df.columns]
    if raw.header is None:  # JSON keys, a shapefile's fields: as the file names them
        raw.header = names  # (the readiness check looks for personal data in them)
    shown = [mask_label(n) for n in names]
    if shown != names:  # a column named by a CPR number (or an e-mail …): never shown
        from oddk.read_detect import clean_names

        df.columns = clean_names(shown, warnings)
        warnings.append("A column name holds personal data (a CPR number, an e-mail address "
                        "or a phone number); it is shown masked.")
    report.rows, report.columns = int(len(df)), int(len(df.columns))
    report.column_names = [str(c) for c in df.columns]
    if report.crs is None and report.coordinate_columns is None and report.rows:
        info = crs_from_columns(df, report.decimal, report.thousands, raw.lines, raw.line_word)
        _bornholm_file(info, df, report)
        report.crs, report.crs_source = info["crs"], info["crs_source"]
        report.coordinate_columns = info["coordinate_columns"]
        report.missing_coordinates = info.get("missing", [])
        warnings.extend(info["warnings"])
        notes.extend(info.get("notes", []))
    if report.crs and not report.crs_name:
        report.crs_name = CRS_NAMES.get(report.crs)
    if report.rows == 0:
        warnings.append(f"'{Path(report.path).name}' has column names but no rows of data.")
    # every value a warning quotes passes through the mask: "leading zeros (e.g. '0101…')"
    report.warnings = [mask(w, 100_000) for w in warnings]
    report.notes = [mask(n, 100_000) for n in notes]
    return raw


#: The systems Danish files are in, compared with a .prj that pyproj cannot name at its
#: usual confidence (a WGS 84 with the axes in longitude, latitude order is still WGS 84)
KNOWN_EPSG = (4326, 25832, 25833, 4258, 3857, 23032, 32632, 32633, 4093, 4094, 4095, 4096)


def crs_from_wkt(wkt: str) -> tuple[str | None, str | None]:
    """("EPSG:25832", "ETRS89 / UTM zone 32N") from a .prj file's WKT (OGC or ESRI, either
    axis order), as GIS tools match it: pyproj's match, else the same system as a known one
    when the axis order is set aside.

        >>> crs_from_wkt('GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,'
        ...     '298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],'
        ...     'AXIS["Longitude",EAST],AXIS["Latitude",NORTH],AUTHORITY["EPSG","4326"]]')[0]
        'EPSG:4326'

    A compound system (a height beside the map's) gives its horizontal part:

        >>> from pyproj import CRS
        >>> crs_from_wkt(CRS.from_epsg(7417).to_wkt("WKT1_GDAL"))  # UTM 33N + DVR90 height
        ('EPSG:25833', 'ETRS89 / UTM zone 33N')
    """
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        crs = CRS.from_wkt(wkt)
    except CRSError:
        return None, None
    for _ in range(3):  # the horizontal system of 'UTM zone 32N + DVR90 height', of TOWGS84
        if crs.is_compound:
            crs = crs.sub_crs_list[0]
        elif crs.is_bound:
            crs = crs.source_crs
    epsg = crs.to_epsg(min_confidence=70)
    if epsg is None:
        for code in KNOWN_EPSG:
            if crs.equals(CRS.from_epsg(code), ignore_axis_order=True):
                epsg = code
                break
    return (f"EPSG:{epsg}" if epsg else None), crs.name


def crs_from_name(name: str) -> tuple[str | None, str | None]:
    """("EPSG:25832", name) from a GeoJSON "crs" name such as urn:ogc:def:crs:EPSG::25832, or
    a GML srsName (http://www.opengis.net/gml/srs/epsg.xml#25832)."""
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    if re.search(r"CRS84$", name):
        return "EPSG:4326", CRS_NAMES["EPSG:4326"]
    old = re.search(r"epsg\.xml#(\d+)$", name)  # GML 2's form (WFS 1.0, GeoServer)
    if old:
        name = f"EPSG:{old.group(1)}"
    try:
        crs = CRS.from_user_input(name)
    except CRSError:
        return None, None
    epsg = crs.to_epsg(min_confidence=70)
    return (f"EPSG:{epsg}" if epsg else None), crs.name


# --------------------------------------------------------------------------- GeoJSON


def crs_name_of(member) -> str:
    """The name a GeoJSON `crs` member gives ('urn:ogc:def:crs:EPSG::25832')."""
    return str(((member or {}).get("properties") or {}).get("name") or "")


def _flat(props, prefix: str = "") -> dict:
    """A feature's properties as one level: a nested object's keys joined by '.' ('info.
    handicap', as pandas' json_normalize names them), a list kept as JSON text."""
    out: dict = {}
    for key, value in (props.items() if isinstance(props, dict) else ()):
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.update(_flat(value, f"{name}."))
        elif isinstance(value, (dict, list)):
            out[name] = json.dumps(value, ensure_ascii=False) if value else None
        else:
            out[name] = value
    return out


#: Systems whose Danish values lie where a system of RANGES has them (ETRS89 degrees as
#: WGS84's; ETRS-TM32, ED50 and WGS84 UTM 32N metres as EPSG:25832's, within a few hundred
#: metres)
_RANGES_OF = {"EPSG:4258": "EPSG:4326", "EPSG:3044": "EPSG:25832", "EPSG:23032": "EPSG:25832",
              "EPSG:32632": "EPSG:25832"}

#: The `crs` members that readers of other formats give (oddk.read_json, oddk.read_map_xml),
#: by their type, with how the report says where the system is from: the system is the
#: format's own, no old-style GeoJSON member.
FORMAT_SYSTEMS = {"esri-spatial-reference": "the Esri JSON's spatialReference ({name})",
                  "gml-srsname": "the GML's srsName ({name})",
                  "kml": "the KML format (always WGS84 longitude/latitude)",
                  "gpx": "the GPX format (always WGS84 longitude/latitude)"}


def _id_column(feats: list) -> str | None:
    """The column for the features' own ids: 'id', or 'feature_id' when a property is named
    'id' already; None when no feature has one, or each is its property 'id' again."""
    pairs = [(f.get("id"), f.get("properties") if isinstance(f.get("properties"), dict) else {})
             for f in feats if isinstance(f, dict)]
    if all(fid is None for fid, _ in pairs):
        return None
    if not any("id" in props for _, props in pairs):
        return "id"
    return None if all(props.get("id") == fid for fid, props in pairs) else "feature_id"


def features_frame(doc: dict, warnings: list[str], fmt: str = "GeoJSON"):
    """A GeoJSON FeatureCollection as a DataFrame: the properties, then the geometry as
    `lon`/`lat` (or `x`/`y` when not WGS84) for points and as GeoJSON text in `geometry`
    for everything else. `fmt` is the format the file is in (KML and GPX are read as
    GeoJSON). Returns (df, crs info dict)."""
    import pandas as pd

    feats = doc.get("features") or []
    crs, crs_name, source = None, None, None
    member, old_style = doc.get("crs"), None
    if isinstance(member, dict):
        name = (member.get("properties") or {}).get("name")
        if name:
            crs, crs_name = crs_from_name(str(name))
            own = FORMAT_SYSTEMS.get(member.get("type"))  # a system the format names
            source = (own or "the GeoJSON 'crs' member ({name})").format(name=name)
            if crs != "EPSG:4326" and not own:
                old_style = (
                    f"The GeoJSON declares {crs or name} in an old-style 'crs' member; RFC 7946 "
                    "GeoJSON must be "
                    "WGS84 longitude/latitude. Reproject before publishing."
                )
    rows, xs, ys = [], [], []
    others = []  # (row, geometry) of the areas, lines and collections: their ranges count too
    seen = Geometries()
    bare = []  # features with "properties": null
    id_key = _id_column(feats)
    for i, f in enumerate(feats, start=1):
        props = _flat((f or {}).get("properties")) if isinstance(f, dict) else {}
        fid = f.get("id") if isinstance(f, dict) else None
        if fid is not None and id_key:  # the feature's own id is kept too
            props[id_key] = fid
        geom = f.get("geometry") if isinstance(f, dict) else None
        point = seen.point(geom, i)
        if point is not None:
            props["__x"], props["__y"] = point
            xs.append(point[0])
            ys.append(point[1])
        elif isinstance(geom, dict) and geom.get("type") not in ("Point", "MultiPoint", None) \
                or isinstance(geom, dict) and geom.get("type") == "MultiPoint" \
                and len(geom.get("coordinates") or []) > 1:
            props["__geometry"] = json.dumps(geom, ensure_ascii=False)
            others.append((len(rows), geom))
        rows.append(props)
        if isinstance(f, dict) and f.get("properties") is None:
            bare.append(i)
    if bare:
        shown = ", ".join(map(str, bare[:10])) + (", …" if len(bare) > 10 else "")
        warnings.append(f"Feature{'s' if len(bare) > 1 else ''} {shown} "
                        f"{'have' if len(bare) > 1 else 'has'} no properties ('properties': "
                        "null): only the geometry is read, with no name or type.")
    warnings.extend(seen.warnings("feature"))
    nums_x = [float(v) for v in xs if isinstance(v, (int, float))]
    nums_y = [float(v) for v in ys if isinstance(v, (int, float))]
    for _, geom in others[:2000]:
        for x, y in positions(geom):
            nums_x.append(x)
            nums_y.append(y)
    by_values = guess_crs_from_values(nums_x, nums_y) if nums_x else None
    # y before x in every position (latitude first; northing first): plain from the values
    # alone, in the system the crs member says, or in any without one
    crossed = guess_crs_from_values(nums_y, nums_x) if nums_x and not by_values else None
    same = crossed is not None and _RANGES_OF.get(crs, crs) == crossed  # degrees either …
    swapped = (crs if same else crossed) if crossed and (same or crs is None and member is None) \
        else None
    if swapped:  # every geometry read the other way round, the areas' and lines' too
        for k, geom in others:
            rows[k]["__geometry"] = json.dumps(swap_axes(geom), ensure_ascii=False)
    df = pd.DataFrame.from_records(rows) if rows else pd.DataFrame()
    blank = [i for i, c in enumerate(df.columns) if not str(c).strip()]
    if blank:  # a property named "": named as a CSV reader names a column without a name
        df.columns = [f"column_{i + 1}" if i in blank else c for i, c in enumerate(df.columns)]
        named = ", ".join(f"column_{i + 1}" for i in blank)
        warnings.append(f"A property had no name; named {named}.")
    if crs is None and member is None:
        crs, crs_name, source = (
            "EPSG:4326",
            CRS_NAMES["EPSG:4326"],
            "the RFC 7946 default (GeoJSON is WGS84)",
        )
        if by_values and by_values != "EPSG:4326":
            crs, crs_name = by_values, CRS_NAMES[by_values]
            source = "guessed from the coordinates' value ranges (the file has no 'crs' member)"
            warnings.append(
                f"The coordinates look like {by_values}, not WGS84 longitude/latitude as RFC 7946 "
                "GeoJSON "
                "requires. Reproject before publishing."
            )
        elif swapped == "EPSG:4326":
            source = "the RFC 7946 default (GeoJSON is WGS84), latitude and longitude swapped"
        elif swapped:
            crs, crs_name = swapped, CRS_NAMES[swapped]
            source = ("guessed from the coordinates' value ranges (the file has no 'crs' member), "
                      "northing and easting swapped")
    elif crs is None and not crs_name_of(member) and (by_values or swapped):
        crs = by_values or swapped  # a format that names no system here (a GML without srsName)
        crs_name = CRS_NAMES[crs]
        source = ("guessed from the coordinates' value ranges (the file names no system)"
                  + (", northing and easting swapped" if swapped and not by_values else ""))
    elif crs is None and not crs_name_of(member) and nums_x:
        warnings.append("The file names no coordinate system, and its coordinates are not "
                        "inside Denmark in EPSG:25832, WGS84 or EPSG:3857: the system is "
                        "unknown. Name it in a mapping (crs: EPSG:…), or export the file again "
                        "with its system.")
    elif swapped:
        source += ", its coordinates swapped"
    elif crs in RANGES and by_values and by_values != crs:  # plainly in another system
        old_style = (
            f"The GeoJSON's 'crs' member says {crs}, but its coordinates are {by_values} "
            f"({CRS_NAMES[by_values]}) inside Denmark, so they were read as {by_values}. Correct "
            "the 'crs' member, or leave it out (GeoJSON is WGS84)."
        )
        crs, crs_name = by_values, CRS_NAMES[by_values]
        source = (f"the coordinates' value ranges (the 'crs' member says {crs_name_of(member)}, "
                  "which they do not fit)")
    if old_style:
        warnings.append(old_style)
    if swapped:
        df = df.rename(columns={"__x": "__y", "__y": "__x"})  # x (longitude) is the second
        what = "points' coordinates are" if not others else "coordinates are"
        degrees = _RANGES_OF.get(swapped, swapped) == "EPSG:4326"
        order = (f"latitude, longitude (swapped); {fmt} puts longitude first" if degrees else
                 f"northing, easting (swapped): y before x, in {swapped}; {fmt} puts x first")
        warnings.append(f"The {what} {order}. They were read the other way round; swap them in "
                        "the file before publishing.")
    geographic = crs == "EPSG:4326"
    rename = {
        "__x": "lon" if geographic else "x",
        "__y": "lat" if geographic else "y",
        "__geometry": "geometry",
    }
    for old, new in rename.items():
        if old in df.columns and new in df.columns:
            rename[old] = f"{new}_geometry"
    df = df.rename(columns=rename)
    cols = [rename[k] for k in ("__x", "__y") if rename[k] in df.columns]
    info = {
        "crs": crs,
        "crs_name": crs_name,
        "crs_source": source,
        "coordinate_columns": cols or None,
        "geometry_types": seen.types or None,
        "missing": seen.missing,
        "notes": seen.notes(),
    }
    return df, info


# --------------------------------------------------------------------------- shapefiles

def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_CPG = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "65001": "utf-8",
    "1252": "cp1252",
    "ansi 1252": "cp1252",
    "cp1252": "cp1252",
    "windows-1252": "cp1252",
    "iso-8859-1": "latin-1",
    "iso8859-1": "latin-1",
    "88591": "latin-1",
    "8859-1": "latin-1",
    "latin1": "latin-1",
    "850": "cp850",
    "oem 850": "cp850",
}


def shapefile_parts(path: Path, layer: str | None, data: bytes | None = None
                    ) -> tuple[dict[str, bytes], str, list[str]]:
    """The bytes of one layer's .shp/.shx/.dbf/.prj/.cpg from a .shp, a folder or a .zip,
    read without changing or unpacking anything, each part once (`data`: the bytes of the
    .zip or of the .shp when they were read already). Returns (parts, layer, all layers)."""
    if path.is_dir():
        files = {p.name: p for p in path.iterdir() if p.is_file()}

        def read(name):
            return files[name].read_bytes()
    elif path.suffix.lower() != ".shp":  # a zip
        zf = zipfile.ZipFile(io.BytesIO(data if data is not None else path.read_bytes()))
        files = {n: n for n in zf.namelist() if not n.endswith("/") and "__MACOSX" not in n}

        def read(name):
            return zf.read(files[name])
    else:
        files = {p.name: p for p in path.parent.iterdir() if p.is_file() and p.stem == path.stem}

        def read(name):
            return data if data is not None and name == path.name else files[name].read_bytes()

    layers = sorted(n[:-4] for n in files if n.lower().endswith(".shp"))
    if not layers:
        raise ReadError(
            "not-tabular",
            path,
            f"Found no shapefile (.shp) in '{path.name}'. A shapefile needs at least .shp, .shx "
            "and .dbf files.",
        )
    if layer is None:
        chosen = path.stem if (path.suffix.lower() == ".shp" and path.stem in layers) else layers[0]
    elif layer in layers or layer in [Path(x).name for x in layers]:
        chosen = next(x for x in layers if x == layer or Path(x).name == layer)
    else:
        raise ReadError(
            "no-such-sheet",
            path,
            f"'{path.name}' has no layer '{layer}'. Its layers are: "
            f"{', '.join(Path(x).name for x in layers)}.",
        )
    parts = {}
    for ext in ("shp", "shx", "dbf", "prj", "cpg"):
        name = next((n for n in files if n[:-4] == chosen and n[-4:].lower() == f".{ext}"), None)
        if name is not None:
            parts[ext] = read(name)
    return parts, chosen, layers


def shapefile_frame(path: Path, layer: str | None, warnings: list[str], notes: list[str],
                    data: bytes | None = None):
    """A shapefile layer as a DataFrame (attributes, then x/y for points or GeoJSON text in
    `geometry`), with what was found: encoding of the .dbf, CRS from the .prj."""
    import pandas as pd
    import shapefile

    from oddk.read_detect import detect_encoding

    parts, chosen, layers = shapefile_parts(path, layer, data)
    name = Path(chosen).name
    if len(layers) > 1 and layer is None:
        warnings.append(
            f"'{path.name}' holds {len(layers)} layers "
            f"({', '.join(Path(x).name for x in layers)}); read the first, "
            f"'{name}'. Choose another with --sheet (sheet= in Python)."
        )
    for ext in ("shp", "dbf"):
        if ext not in parts:
            raise ReadError(
                "not-tabular",
                path,
                f"The shapefile '{name}' has no .{ext} file next to its other parts; a shapefile "
                "needs .shp, .shx and .dbf.",
            )
    dbf = parts["dbf"]
    if "cpg" in parts:
        label = parts["cpg"].decode("ascii", "replace").strip().lower()
        codec = _CPG.get(label) or _CPG.get(label.replace("ansi ", "")) or label
        try:
            codec = codecs.lookup(codec).name if codec not in _CPG.values() else codec
        except LookupError:
            warnings.append(
                f"The .cpg file names an encoding Python does not know ('{label}'); detected it "
                "instead."
            )
            codec = None
    header_len = int.from_bytes(dbf[8:10], "little") if len(dbf) >= 10 else 0
    guess = None
    if "cpg" in parts and codec == "utf-8" and not _is_utf8(dbf[header_len:]):
        guess = detect_encoding(dbf[header_len:])
    if guess is not None and guess.codec != "utf-8":  # not a cut-off letter: another encoding
        warnings.append(
            f"The .cpg file says UTF-8, but the .dbf's text is not UTF-8: it reads as "
            f"{guess.name}, and was read so (Danish letters would otherwise be broken). Correct "
            "the .cpg file (or export again as UTF-8).")
        codec = guess.codec
    if "cpg" in parts and codec:
        overruled = f", but the .dbf's text is {guess.name}" if codec != "utf-8" and guess else ""
        enc = {
            "codec": codec,
            "confidence": 1.0,
            "bom": False,
            "how": f"the .cpg file says '{label}'{overruled}",
        }
    else:
        guess = detect_encoding(dbf[header_len:])
        enc = {
            "codec": guess.codec,
            "confidence": guess.confidence,
            "bom": False,
            "how": ("no usable .cpg file" if "cpg" in parts else "no .cpg file")
            + f"; detected from the .dbf's text ({guess.how})",
        }
        warnings.extend(guess.warnings)
        if "cpg" not in parts and (
            guess.codec != "utf-8" or max(dbf[header_len:], default=0) >= 0x80
        ):
            notes.append(
                "The shapefile has no .cpg file saying its text encoding; the .dbf looks like "
                f"{guess.name}."
            )
    try:
        reader = shapefile.Reader(
            shp=io.BytesIO(parts["shp"]),
            shx=io.BytesIO(parts["shx"]) if "shx" in parts else None,
            dbf=io.BytesIO(dbf),
            encoding=enc["codec"],
            encodingErrors="replace",
        )
    except Exception as e:  # pyshp raises its own ShapefileException and struct errors
        raise ReadError(
            "not-tabular", path, f"Could not read the shapefile '{name}': {e}."
        ) from None
    with reader, _set(shapefile, "VERBOSE", False):  # pyshp's ring notes: judged later
        fields = [f for f in reader.fields if f.name != "DeletionFlag"]
        names = [f.name for f in fields]
        rows, xs, ys, other = [], [], [], False
        seen = Geometries()
        deleted = []  # a .dbf's records marked deleted (left until the file is packed)
        # shape n with record n: pyshp's iterShapeRecords skips deleted records but not
        # their shapes, and pairs each later record with the shape before its own
        pairs = zip(reader.iterShapes(), reader.iterRecords(deleted_as_None=True), strict=False)
        for n, (shape, record) in enumerate(pairs, start=1):
            if record is None:
                deleted.append(n)
                continue
            i = n - len(deleted)
            rec = list(record)
            geo = shape.__geo_interface__ if shape.shapeType != shapefile.NULL else None
            point = seen.point(geo, i)
            if point is not None:
                xs.append(point[0])
                ys.append(point[1])
                rec += [point[0], point[1], None]
            else:
                keep = geo is not None and geo.get("type") not in ("Point", "MultiPoint") or \
                    geo is not None and len(geo.get("coordinates") or []) > 1
                other = other or keep
                rec += [None, None, json.dumps(geo) if keep else None]
            rows.append(rec)
        warnings.extend(seen.warnings("feature"))
        notes.extend(seen.notes())
    if deleted:
        shown = ", ".join(map(str, deleted[:10])) + (", …" if len(deleted) > 10 else "")
        warnings.append(
            f"{len(deleted)} of the shapefile's records are marked deleted in its .dbf "
            f"(record{'s' * (len(deleted) != 1)} {shown}) and were left out, as GIS programs "
            "leave them out. Pack the shapefile before publishing (QGIS: save it as a new "
            "file; ArcGIS: copy the features), so that no program shows them.")
    df = pd.DataFrame(rows, columns=names + ["__x", "__y", "__geometry"])
    if not xs:
        df = df.drop(columns=["__x", "__y"])
    if not other:
        df = df.drop(columns=["__geometry"])
    for f in fields:  # N fields with decimals whose values are all whole: ids stored as floats
        if f.field_type in ("N", "F") and f.decimal > 0:
            vals = [v for v in df[f.name].tolist() if isinstance(v, float)]
            if vals and all(v.is_integer() for v in vals):
                warnings.append(
                    f"Field '{f.name}' is stored as a decimal number but holds only whole numbers "
                    "(ids stored as floats?); check whether it should be an integer or a code."
                )
        if f.field_type == "C":
            df[f.name] = df[f.name].astype("str")
    if "prj" in parts:
        crs, crs_name = crs_from_wkt(parts["prj"].decode("latin-1"))
        source = "the .prj file"
        if crs is None:
            crs = guess_crs_from_values(xs, ys) if xs else None
            source = ("guessed from the coordinates' value ranges (the .prj file names no "
                      "known system)" if crs else None)
            warnings.append(f"The .prj file does not name a known coordinate system"
                            f"{f' ({crs_name})' if crs_name else ''}"
                            + (f"; the coordinates look like {crs}." if crs else "."))
            crs_name = CRS_NAMES.get(crs, crs_name)
    else:
        crs = guess_crs_from_values(xs, ys) if xs else None
        crs_name = CRS_NAMES.get(crs)
        source = "guessed from the coordinates' value ranges (no .prj file)" if crs else None
        warnings.append(
            f"The shapefile '{name}' has no .prj file, so it does not say its coordinate system"
            + (f"; the coordinates look like {crs}." if crs else ".")
            + (" Add a .prj before publishing: EPSG:25833 if these are Bornholm's (UTM zone "
               "33, as Bornholm publishes), else EPSG:25832." if crs == "EPSG:25832"
               and _share(xs, BORNHOLM_33[0]) >= 0.9 and _share(ys, BORNHOLM_33[1]) >= 0.9
               else " Add a .prj (EPSG:25832 for Danish municipal data) before publishing.")
        )
    geographic = crs == "EPSG:4326"
    rename = {"__x": "lon" if geographic else "x", "__y": "lat" if geographic else "y"}
    rename["__geometry"] = "geometry"
    for old, new in list(rename.items()):
        if new in df.columns:  # a field already has that name: keep both
            rename[old] = f"{new}_geometry"
    df = df.rename(columns=rename)
    coord_cols = [rename["__x"], rename["__y"]] if xs else None
    info = {
        "crs": crs,
        "crs_name": crs_name,
        "crs_source": source,
        "coordinate_columns": coord_cols,
        "geometry_types": seen.types or None,
        "missing": seen.missing,
    }
    return df, info, enc, [Path(x).name for x in layers], name


@contextmanager
def _set(module, name: str, value):
    """`module.name` set to `value` for the block, then put back."""
    before = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, before)


def read_shapefile(path, layer: str | None, warnings: list[str], notes: list[str],
                   data: bytes | None = None):
    """The raw table of a shapefile layer (a .shp, a folder or a .zip): the attributes as the
    .dbf stores them, then the geometry; the encoding and coordinate system found."""
    from oddk.raw_table import RawTable
    from oddk.read_detect import HUMAN_NAMES
    from oddk.read_report import ReadReport
    from oddk.read_types import kind

    p = Path(path)
    df, info, enc, layers, name = shapefile_frame(p, layer, warnings, notes, data)
    report = ReadReport(path=str(p), format="shapefile")
    report.encoding, report.encoding_confidence = enc["codec"], enc["confidence"]
    report.encoding_name = HUMAN_NAMES.get(enc["codec"], enc["codec"])
    report.encoding_how = enc["how"]
    if len(layers) > 1 or p.is_dir() or p.suffix.lower() == ".zip":
        report.sheets, report.sheet = layers, name
    report.crs, report.crs_name = info["crs"], info["crs_name"]
    report.crs_source, report.coordinate_columns = info["crs_source"], info["coordinate_columns"]
    report.geometry_types, report.missing_coordinates = info["geometry_types"], info["missing"]
    raw = finish(RawTable(report, df, typed_by_format=True), warnings, notes)
    report.types = {str(c): kind(raw.cells[c]) for c in raw.cells.columns}
    return raw
