"""Maps written in XML as GeoJSON features, for `oddk.read`: the table is read from them as
from GeoJSON. KML (Google Earth, Google My Maps, ArcGIS's "Layer to KML", QGIS) and GPX (GPS
points and tracks) are WGS84 longitude/latitude by their specifications; GML (a WFS answer,
GML 2 or 3, as GeoServer, QGIS and ogr2ogr write it) names its system in `srsName`.

A KML placemark's fields are its `name`, `description` and `ExtendedData` (`Data` or a
schema's `SimpleData`); the folder it sits in (a My Maps layer, a QGIS layer) is kept as
`folder`. ArcGIS writes the fields only as an HTML table in the description: that table is
read as the fields. A KMZ is a zip holding the KML (`oddk.read` opens it). A GML feature's
elements are its fields; several feature types in one answer get a `layer` column.

    >>> doc = kml_collection(b'<kml xmlns="http://www.opengis.net/kml/2.2"><Folder>'
    ...     b'<name>Toiletter</name><Placemark><name>Havnen</name><Point>'
    ...     b'<coordinates>10.21,56.15,0</coordinates></Point></Placemark></Folder></kml>', [])
    >>> doc["features"][0]["properties"], doc["features"][0]["geometry"]["coordinates"]
    ({'name': 'Havnen', 'folder': 'Toiletter'}, [10.21, 56.15])
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

__all__ = ["kml_collection", "gpx_collection", "gml_collection", "XmlMapError"]


class XmlMapError(ValueError):
    """The file is not well-formed XML, or holds what a map file never needs (a DTD)."""


def _root(data: bytes):
    start = re.search(rb"<(?![?!])", data)  # the root element: the prolog is before it
    prolog = data[:start.start() if start else len(data)].lower()
    if b"<!doctype" in prolog or b"<!entity" in prolog:  # no map file needs a DTD
        raise XmlMapError("it declares a DTD or entities, which no map file needs (a file "
                          "made to harm the reader can). Export it again from the map tool")
    try:
        return ET.fromstring(data)
    except ET.ParseError as e:
        line, col = e.position
        raise XmlMapError(f"it is not well-formed XML ({str(e).split(':')[0]} at line {line}, "
                          f"column {col + 1}). Download it again, or export it again from the "
                          "map tool") from None


def _tag(el) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _children(el, name: str):
    return [c for c in el if _tag(c) == name]


def _text(el) -> str | None:
    if el is None:
        return None
    text = "".join(el.itertext()).strip()
    return text or None


def _child_text(el, name: str) -> str | None:
    found = _children(el, name)
    return _text(found[0]) if found else None


# --------------------------------------------------------------------------- KML

#: Collections in collections deeper than this hold no place the kit reads (real files: 1).
_DEEPEST = 20

def _positions(text: str | None) -> list[list[float]]:
    """A KML coordinates text ('lon,lat[,alt] lon,lat …'; spaces after commas tolerated) as
    [lon, lat] pairs, the height dropped."""
    if not text:
        return []
    out = []
    for token in re.sub(r"\s*,\s*", ",", text.strip()).split():
        parts = token.split(",")
        try:
            out.append([float(parts[0]), float(parts[1])])
        except (IndexError, ValueError):
            out.append([float("nan"), float("nan")])  # said as missing, with its row
    return out


def _ring(el) -> list[list[float]]:
    rings = [r for r in el.iter() if _tag(r) == "LinearRing"]
    return _positions(_child_text(rings[0], "coordinates")) if rings else []


def _kml_geometry(el, depth: int = 0):
    kind = _tag(el)
    if depth > _DEEPEST:
        return None
    if kind == "Point":
        pos = _positions(_child_text(el, "coordinates"))
        return {"type": "Point", "coordinates": pos[0]} if pos else None
    if kind in ("LineString", "LinearRing"):
        return {"type": "LineString", "coordinates": _positions(_child_text(el, "coordinates"))}
    if kind == "Polygon":
        outer = [_ring(b) for b in _children(el, "outerBoundaryIs")]
        inner = [_ring(b) for b in _children(el, "innerBoundaryIs")]
        return {"type": "Polygon", "coordinates": [r for r in outer + inner if r]}
    if kind == "MultiGeometry":
        parts = [g for g in (_kml_geometry(c, depth + 1) for c in el) if g]
        kinds = {g["type"] for g in parts}
        if kinds == {"Point"}:
            return {"type": "MultiPoint", "coordinates": [g["coordinates"] for g in parts]}
        if kinds == {"LineString"}:
            return {"type": "MultiLineString", "coordinates": [g["coordinates"] for g in parts]}
        if kinds == {"Polygon"}:
            return {"type": "MultiPolygon", "coordinates": [g["coordinates"] for g in parts]}
        return {"type": "GeometryCollection", "geometries": parts} if parts else None
    return None  # a Model, a gx:Track: no place the kit reads


_CELLS = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.I | re.S)
_ROWS = re.compile(r"<tr[^>]*>(.*?)</tr>", re.I | re.S)
_TAGS = re.compile(r"<[^>]+>")


def _table_fields(description: str | None) -> dict | None:
    """The fields of an HTML table of name/value rows in a description (ArcGIS writes a
    layer's attributes so), or None when the description is not such a table."""
    if not description or "<t" not in description.lower():
        return None
    around = re.sub(r"<table.*</table>", "", description, flags=re.I | re.S)
    if html.unescape(_TAGS.sub("", around)).strip():
        return None  # words beside the table: a description that holds a table, kept whole
    fields = {}
    for row in _ROWS.findall(description):
        cells = [html.unescape(_TAGS.sub("", c)).strip() for c in _CELLS.findall(row)]
        if len(cells) == 2 and cells[0]:
            fields[cells[0]] = cells[1] or None
    return fields if len(fields) >= 2 else None


def _extended(el) -> dict:
    out = {}
    for data in (d for d in el.iter() if _tag(d) in ("Data", "SimpleData")):
        name = data.get("name")
        if not name:
            continue
        value = _child_text(data, "value") if _tag(data) == "Data" else _text(data)
        out[name] = value
    return out


def _placemarks(root):
    """The placemarks with the name of the folder each sits in, in the file's order (a
    stack, not recursion: a file may nest folders deeper than Python recurses)."""
    stack = [(iter(root), None)]
    while stack:
        child = next(stack[-1][0], None)
        if child is None:
            stack.pop()
            continue
        kind, folder = _tag(child), stack[-1][1]
        if kind in ("Document", "Folder"):
            stack.append((iter(child), _child_text(child, "name") if kind == "Folder"
                          else folder))
        elif kind == "Placemark":
            yield child, folder


def kml_collection(data: bytes, notes: list[str]) -> dict:
    """A KML document's placemarks as a GeoJSON FeatureCollection (WGS84): the name,
    description, fields and folder as properties."""
    root = _root(data)
    features, from_tables = [], 0
    for mark, folder in _placemarks(root):
        props = {"name": _child_text(mark, "name")}
        description = _child_text(mark, "description")
        fields = _table_fields(description)
        if fields is None:
            props["description"] = description
        else:
            from_tables += 1
        ext = [e for e in mark if _tag(e) == "ExtendedData"]
        props.update(_extended(ext[0]) if ext else {})
        props.update({k: v for k, v in (fields or {}).items() if k not in props})
        if folder:
            props["folder"] = folder
        shapes = [g for g in map(_kml_geometry, mark) if g]
        features.append({"type": "Feature", "properties": props,
                         "geometry": shapes[0] if shapes else None})
    links = [_text(h) for h in root.iter() if _tag(h) == "href"]
    if not features and links:
        raise XmlMapError(f"it holds no placemarks, only a link to the data elsewhere "
                          f"({links[0]}): download the file it links to")
    if not features:
        raise XmlMapError("it holds no placemarks (no places, nothing to read). Export the map "
                          "again with its places")
    if not any(f["properties"].get("description") for f in features):
        for f in features:
            f["properties"].pop("description", None)
    notes.append(f"The file is KML (as Google Earth and My Maps write it): read its "
                 f"{len(features)} placemark{'s' if len(features) != 1 else ''} as rows, the "
                 "name, description and fields as columns, in WGS84 longitude/latitude.")
    if from_tables:
        notes.append(f"{from_tables} placemark{'s' if from_tables != 1 else ''} kept the fields "
                     "only in an HTML table in the description (as ArcGIS writes KML): the "
                     "table was read as the fields.")
    return {"type": "FeatureCollection", "features": features}


# --------------------------------------------------------------------------- GPX

def _gpx_position(pt) -> list[float]:
    try:
        return [float(pt.get("lon")), float(pt.get("lat"))]
    except (TypeError, ValueError):
        return [float("nan"), float("nan")]


def _gpx_props(el, kind: str) -> dict:
    props = {name: _child_text(el, name) for name in ("name", "desc", "cmt", "type", "sym")}
    links = [c.get("href") for c in _children(el, "link") if c.get("href")]
    props["link"] = links[0] if links else None
    props["gpx"] = {"wpt": "waypoint", "rte": "route", "trk": "track"}[kind]
    return props


def gpx_collection(data: bytes, notes: list[str]) -> dict:
    """A GPX file's waypoints (points), routes and tracks (lines) as a GeoJSON
    FeatureCollection (WGS84)."""
    root = _root(data)
    features = []
    for el in root:
        kind = _tag(el)
        if kind == "wpt":
            geometry = {"type": "Point", "coordinates": _gpx_position(el)}
        elif kind == "rte":
            geometry = {"type": "LineString",
                        "coordinates": [_gpx_position(p) for p in _children(el, "rtept")]}
        elif kind == "trk":
            geometry = {"type": "MultiLineString", "coordinates": [
                [_gpx_position(p) for p in _children(seg, "trkpt")]
                for seg in _children(el, "trkseg")]}
        else:
            continue
        features.append({"type": "Feature", "properties": _gpx_props(el, kind),
                         "geometry": geometry})
    if not features:
        raise XmlMapError("it holds no waypoints, routes or tracks (nothing to read). Export "
                          "it again with its points")
    empty = [k for k in ("name", "desc", "cmt", "type", "sym", "link")
             if all(f["properties"][k] is None for f in features)]
    for f in features:  # columns no element filled are left out
        for key in empty:
            del f["properties"][key]
    counts = {k: sum(f["properties"]["gpx"] == k for f in features)
              for k in ("waypoint", "route", "track")}
    said = ", ".join(f"{n} {word}{'s' if n != 1 else ''}" for word, n in counts.items()
                     if n)
    notes.append(f"The file is GPX (GPS points and tracks): read its {said} as rows, in "
                 "WGS84 longitude/latitude.")
    return {"type": "FeatureCollection", "features": features}


# --------------------------------------------------------------------------- GML

_GML_POINTS = {"Point"}
_GML_LINES = {"LineString", "LinearRing", "Curve", "LineStringSegment", "Arc"}
_GML_AREAS = {"Polygon", "Surface", "PolygonPatch"}
_GML_MULTI = {"MultiPoint": "Point", "MultiLineString": "LineString", "MultiCurve": "LineString",
              "MultiPolygon": "Polygon", "MultiSurface": "Polygon"}
_GML_GEOMETRIES = _GML_POINTS | _GML_LINES | _GML_AREAS | set(_GML_MULTI) | {"MultiGeometry"}


def _numbers(text: str | None) -> list[float]:
    try:
        return [float(v) for v in (text or "").split()]
    except ValueError:
        return []


def _dimension(el, numbers: int, given: int | None) -> int:
    dim = el.get("srsDimension") or el.get("dimension")
    if dim and dim.isdigit() and int(dim) > 0:
        return int(dim)
    if given:
        return given
    return 3 if numbers % 2 and numbers % 3 == 0 else 2


def _given_dimension(el) -> int | None:
    """The srsDimension a geometry element (or one inside it) states, if any."""
    for c in el.iter():
        dim = c.get("srsDimension")
        if dim and dim.isdigit() and int(dim) > 0:
            return int(dim)
    return None


def _gml_positions(el, given: int | None = None) -> list[list[float]]:
    """The positions under a GML geometry element: posList, pos, coordinates or coord;
    `given` is the srsDimension the geometry states (3: heights to drop)."""
    out = []
    for c in el.iter():
        kind = _tag(c)
        if kind == "posList":
            nums = _numbers(c.text)
            dim = _dimension(c, len(nums), given)
            out += [nums[i:i + 2] for i in range(0, len(nums) - dim + 1, dim)]
        elif kind == "pos":
            nums = _numbers(c.text)
            if len(nums) >= 2:
                out.append(nums[:2])
        elif kind == "coordinates":  # GML 2: 'x,y x,y' (cs and ts may say otherwise)
            cs, ts = c.get("cs", ","), c.get("ts", " ")
            for token in (c.text or "").strip().split(None if ts == " " else ts):
                parts = token.strip().split(cs)
                try:
                    out.append([float(parts[0]), float(parts[1])])
                except (IndexError, ValueError):
                    pass
        elif kind == "coord":
            x, y = _child_text(c, "X"), _child_text(c, "Y")
            try:
                out.append([float(x), float(y)])
            except (TypeError, ValueError):
                pass
    return out


def _gml_rings(el, given: int | None) -> list[list[list[float]]]:
    rings = []
    for c in el.iter():
        if _tag(c) in ("exterior", "outerBoundaryIs", "interior", "innerBoundaryIs"):
            rings.append(_gml_positions(c, given))
    return [r for r in rings if r]


def _gml_geometry(el, given: int | None = None, depth: int = 0):
    kind = _tag(el)
    if depth > _DEEPEST:
        return None
    given = _given_dimension(el) or given
    if kind in _GML_POINTS:
        pos = _gml_positions(el, given)
        return {"type": "Point", "coordinates": pos[0]} if pos else None
    if kind in _GML_LINES:
        return {"type": "LineString", "coordinates": _gml_positions(el, given)}
    if kind in _GML_AREAS:
        return {"type": "Polygon", "coordinates": _gml_rings(el, given)}
    parts = []
    for member in el:  # pointMember(s), curveMember(s), surfaceMember(s), geometryMember(s)
        for g in member:
            if _tag(g) in _GML_GEOMETRIES:
                parts.append(_gml_geometry(g, given, depth + 1))
    parts = [g for g in parts if g]
    single = _GML_MULTI.get(kind)
    if single and all(g["type"] == single for g in parts):
        return {"type": f"Multi{single}", "coordinates": [g["coordinates"] for g in parts]}
    return {"type": "GeometryCollection", "geometries": parts} if parts else None


def _srs_of(el) -> str | None:
    for c in el.iter():
        if c.get("srsName"):
            return c.get("srsName")
    return None


def _members(root, depth: int = 0):
    """The feature elements of a GML FeatureCollection (GML 2 and 3, WFS 1 and 2)."""
    if depth > _DEEPEST:
        return
    for child in root:
        if _tag(child) in ("featureMember", "member", "featureMembers"):
            for f in child:
                if not isinstance(f.tag, str):
                    continue
                if _tag(f) in ("FeatureCollection", "additionalObjects", "SimpleFeatureCollection"):
                    yield from _members(f, depth + 1)  # WFS 2.0: a collection a type, inside
                else:
                    yield f


def _each_position(geom):
    if geom is None:
        return
    if geom["type"] == "GeometryCollection":
        for g in geom["geometries"]:
            yield from _each_position(g)
        return
    stack = [geom["coordinates"]]
    while stack:
        c = stack.pop()
        if c and isinstance(c[0], (int, float)):
            yield c
        else:
            stack.extend(c)


def gml_collection(data: bytes, notes: list[str]) -> dict:
    """A GML FeatureCollection's features as a GeoJSON FeatureCollection: each feature's
    elements as properties, its geometry in the system its srsName says, x before y."""
    root = _root(data)
    features, srs, kinds = [], None, []
    for el in _members(root):
        props, geometry = {}, None
        ids = [v for k, v in el.attrib.items() if k == "fid" or k.endswith("}id")]
        if ids:
            props["gml_id"] = ids[0]
        for c in el:
            name = _tag(c)
            if name == "boundedBy":
                continue
            shapes = [g for g in c if _tag(g) in _GML_GEOMETRIES]
            if shapes and geometry is None:
                geometry = _gml_geometry(shapes[0])
                srs = srs or _srs_of(c)
            elif not shapes:
                props[name] = _text(c)
        kinds.append(_tag(el))
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    if not features:
        raise XmlMapError("it holds no features (a WFS query that matched nothing?). Ask the "
                          "service again, or export the layer again")
    srs = srs or _srs_of(root)
    layers = sorted(set(kinds))
    if len(layers) > 1:  # several feature types (layers) in one answer
        for f, kind in zip(features, kinds, strict=True):
            f["properties"]["layer"] = kind
    # In Denmark the second coordinate is the larger in every system the kit knows (the
    # latitude, the northing): GML's axis order (latitude first for EPSG::4326 in GML 3.2,
    # longitude first in GML 2) is read from the values, not guessed from the srsName
    notes.append(f"The file is GML (a WFS answer): read its {len(features)} feature"
                 f"{'s' if len(features) != 1 else ''}"
                 + (f" of {len(layers)} types ({', '.join(layers)})" if len(layers) > 1 else "")
                 + f" as rows, in {srs or 'a system it does not name'}.")
    pairs = [p for f in features[:2000] for p in _each_position(f["geometry"])]
    if pairs and sum(p[0] > p[1] for p in pairs) > len(pairs) / 2:
        for f in features:
            for p in _each_position(f["geometry"]):
                p[0], p[1] = p[1], p[0]
        notes.append("It gives the latitude (or northing) first, as GML 3 does for "
                     f"{srs or 'its system'}: read as x, y.")
    doc = {"type": "FeatureCollection", "features": features}
    # read_geo's FORMAT_SYSTEMS; without a srsName, the values say the system (never the
    # GeoJSON default, WGS84)
    doc["crs"] = {"type": "gml-srsname", "properties": {"name": srs}}
    return doc
