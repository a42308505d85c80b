"""JSON records and GeoJSON for `oddk.read`.

The Danish quirks: GeoJSON exported from GIS tools with latin-1 bytes inside or an old
"crs" member naming EPSG:25832; API answers that wrap the records (`{"result": {"records":
[…]}}`, as CKAN's DataStore does).

    >>> from oddk.read_detect import detect_encoding
    >>> data = b'{"result": {"records": [{"navn": "Aarhus", "antal": 3}]}}'
    >>> raw = read_json("svar.json", data.decode(), detect_encoding(data), [], [])
    >>> raw.cells.to_dict("records"), raw.report.notes
    ([{'navn': 'Aarhus', 'antal': 3}], ["Read the records under 'result.records'."])
"""

from __future__ import annotations

import json
from pathlib import Path

from oddk import json_safe
from oddk.errors import ReadError
from oddk.raw_table import RawTable
from oddk.read_geo import finish
from oddk.read_report import base_report
from oddk.read_types import kind

__all__ = ["read_json", "read_features", "is_json"]

#: Where API answers keep their rows, when a level holds several lists of records.
RECORD_KEYS = ("records", "rows", "data", "items", "results", "features")


def is_json(text: str) -> bool:
    try:
        json_safe.loads(text)
        return True
    except json_safe.TooDeep:
        return True  # JSON, too deep: read_json says so
    except ValueError:
        return False


def _feature_sequence(text: str) -> dict | None:
    """A FeatureCollection of a GeoJSON text sequence (a feature a line, each line maybe led
    by the record separator RFC 8142 puts there), or None if a line is no feature."""
    features = []
    for line in text.splitlines():
        line = line.strip().lstrip("\x1e").strip()
        if not line:
            continue
        try:
            f = json_safe.loads(line)
        except ValueError:
            return None
        if not isinstance(f, dict) or f.get("type") != "Feature":
            return None
        features.append(f)
    return {"type": "FeatureCollection", "features": features} if features else None


def read_json(path, text: str, guess, warnings: list, notes: list) -> RawTable:
    """The raw table of a JSON file: a list of records (also wrapped one or two levels deep)
    or a GeoJSON FeatureCollection (properties, then the geometry)."""
    import pandas as pd

    p = Path(path)
    try:
        doc = json_safe.loads(text)
    except json_safe.TooDeep as e:
        raise ReadError("too-large", p, f"'{p.name}': {e} Real data nests a few levels; this "
                        "file is not a table, or it is damaged.") from None
    except json.JSONDecodeError as e:
        doc = _feature_sequence(text) if e.msg == "Extra data" else None
        if doc is None:
            raise ReadError(
                "bad-json", p,
                f"'{p.name}' is not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}. "
                "Download it again, or open it in a text editor to see what is wrong there.",
            ) from None
        notes.append(f"'{p.name}' holds one GeoJSON feature a line (GeoJSONSeq, as ogr2ogr and "
                     f"QGIS write it); read its {len(doc['features'])} features as one "
                     "collection.")
    doc = _as_collection(doc, notes)
    is_geo = isinstance(doc, dict) and (doc.get("type") == "FeatureCollection" or "features" in doc)
    report = base_report(p, "geojson" if is_geo else "json", guess)
    warnings.extend(guess.warnings)
    if guess.codec not in ("utf-8", "utf-8-sig") and guess.errors == "strict":
        warnings.append(
            f"The file is {guess.name}, but JSON must be UTF-8; decoded it as {guess.name}. "
            "Save it as UTF-8 before publishing."
        )
    if guess.bom:
        notes.append("The file starts with a BOM, which JSON does not allow; it was skipped.")
    if is_geo:
        return read_features(report, doc, warnings, notes)
    else:
        records, where = _find_records(doc)
        if isinstance(doc, dict) and doc.get("type") == "Topology":
            raise ReadError(
                "not-tabular", p,
                f"'{p.name}' is TopoJSON (a web map's compact form of GeoJSON), which the kit "
                "does not read. Convert it to GeoJSON (in QGIS: open it and save it as GeoJSON; "
                "or on mapshaper.org), or look for a GeoJSON or CSV version of the data.")
        if records is None:
            raise ReadError(
                "not-tabular", p,
                f"'{p.name}' is JSON but not a table: expected a list of records ([{{...}}, "
                "{...}]) or a GeoJSON FeatureCollection. Look for a CSV or GeoJSON version of "
                "the data.",
            )
        if where:
            notes.append(f"Read the records under '{where}'.")
        df = pd.json_normalize(records) if records else pd.DataFrame()
        for col in df.columns:
            if df[col].map(lambda v: isinstance(v, (list, dict))).any():
                df[col] = df[col].map(
                    lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict))
                    else v)
    return _finished(report, df, warnings, notes)


def read_features(report, doc: dict, warnings: list, notes: list, fmt: str = "GeoJSON"
                  ) -> RawTable:
    """The raw table of a GeoJSON FeatureCollection (`doc`, also one made from KML or GPX):
    the properties, then the geometry; the coordinate system in `report`."""
    from oddk.read_geo import features_frame

    df, info = features_frame(doc, warnings, fmt)
    report.crs, report.crs_name = info["crs"], info["crs_name"]
    report.crs_source, report.coordinate_columns = info["crs_source"], info["coordinate_columns"]
    report.geometry_types, report.missing_coordinates = info["geometry_types"], info["missing"]
    notes.extend(info["notes"])
    return _finished(report, df, warnings, notes)


def _finished(report, df, warnings: list, notes: list) -> RawTable:
    raw = finish(RawTable(report, df, typed_by_format=True), warnings, notes)
    report.types = {str(c): kind(raw.cells[c]) for c in raw.cells.columns}
    return raw


_GEOMETRIES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
               "MultiPolygon", "GeometryCollection"}


#: The crs member an ArcGIS REST answer's spatialReference becomes (no old-style GeoJSON).
ESRI_REFERENCE = "esri-spatial-reference"  # in oddk.read_geo.FORMAT_SYSTEMS
#: ArcGIS's spatial references that are not EPSG codes, as the EPSG code they are.
_ESRI_WKID = {102100: 3857, 102113: 3857}


def _from_esri(doc, notes: list):
    """An ArcGIS REST answer (Esri JSON: `features` of `attributes` and a `geometry` of x/y,
    `points`, `paths` or `rings`, a `spatialReference`) as a GeoJSON FeatureCollection; None
    when `doc` is not one."""
    feats = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(feats, list) or not feats or not all(
            isinstance(f, dict) and "attributes" in f and "properties" not in f for f in feats):
        return None

    def geometry(g):
        if not isinstance(g, dict):
            return None
        if "x" in g and "y" in g:
            return {"type": "Point", "coordinates": [g["x"], g["y"]]}
        if g.get("points"):
            return {"type": "MultiPoint", "coordinates": g["points"]}
        if g.get("paths"):
            return {"type": "MultiLineString", "coordinates": g["paths"]}
        if g.get("rings"):  # outer rings and holes; a polygon of several parts is repaired
            return {"type": "Polygon", "coordinates": g["rings"]}
        return None

    out = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": f.get("attributes") or {},
         "geometry": geometry(f.get("geometry"))} for f in feats]}
    ref = doc.get("spatialReference") or next(
        (f["geometry"].get("spatialReference") for f in feats
         if isinstance(f.get("geometry"), dict) and f["geometry"].get("spatialReference")), None)
    wkid = (ref or {}).get("latestWkid") or (ref or {}).get("wkid")
    if isinstance(wkid, int):
        out["crs"] = {"type": ESRI_REFERENCE,
                      "properties": {"name": f"EPSG:{_ESRI_WKID.get(wkid, wkid)}"}}
    elif isinstance((ref or {}).get("wkt"), str):  # a system ArcGIS has no number for
        from oddk.read_geo import crs_from_wkt

        code, name = crs_from_wkt(ref["wkt"])
        out["crs"] = {"type": ESRI_REFERENCE, "properties": {"name": code or name or "WKT"}}
    notes.append("The file is Esri JSON (an ArcGIS REST answer), not GeoJSON: read its "
                 "attributes and geometries all the same. ArcGIS gives GeoJSON with f=geojson.")
    return out


def _as_collection(doc, notes: list):
    """A lone GeoJSON Feature, or a bare geometry, as a FeatureCollection of one (its `crs`
    member kept); an ArcGIS REST answer (Esri JSON) as GeoJSON; anything else as it is."""
    if isinstance(doc, dict) and "features" not in doc and doc.get("type") not in \
            _GEOMETRIES | {"Feature"}:  # {"status": …, "data": {FeatureCollection}}
        inner = [(k, v) for k, v in doc.items() if isinstance(v, dict) and (
            v.get("type") == "FeatureCollection" or isinstance(v.get("features"), list))]
        if len(inner) == 1:
            notes.append(f"The features are under '{inner[0][0]}': read from there.")
            doc = inner[0][1]
    if (esri := _from_esri(doc, notes)) is not None:
        return esri
    if not isinstance(doc, dict) or doc.get("type") not in _GEOMETRIES | {"Feature"}:
        return doc
    lone = doc.get("type")
    feature = doc if lone == "Feature" else {"type": "Feature", "geometry": doc,
                                             "properties": {}}
    notes.append(f"The file holds one GeoJSON {lone}, not a FeatureCollection: read as a table "
                 "of one row.")
    wrapped = {"type": "FeatureCollection", "features": [feature]}
    if "crs" in doc:
        wrapped["crs"] = doc["crs"]
    return wrapped


def _find_records(doc):
    def is_records(v):
        return isinstance(v, list) and (not v or all(isinstance(x, dict) for x in v))

    if is_records(doc):
        return doc, None
    if isinstance(doc, dict):
        for outer in [None, *[k for k, v in doc.items() if isinstance(v, dict)]]:
            level = doc if outer is None else doc[outer]
            found = [k for k, v in level.items() if is_records(v) and v]
            if len(found) > 1:  # CKAN's datastore_search: result.fields and result.records
                found = [k for k in found if k.lower() in RECORD_KEYS] or found
            if len(found) == 1:
                return level[found[0]], (f"{outer}.{found[0]}" if outer else found[0])
    return None, None
