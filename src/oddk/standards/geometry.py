"""The standardiser's geometry, with shapely: a column of geometries as files hold them
(GeoJSON text from the reader, WKT or EWKT in a CSV cell), in EPSG:25832, sorted by kind
(point, area, line), repaired when invalid, and turned into a point when points are asked
for: a polygon's representative point (always inside it), a line's middle.

    >>> g, notes = geometries(["POINT (10.2 56.16)", "MULTIPOINT ((12.5 55.7))", "0"], "EPSG:4326")
    >>> [kind(v) for v in g], notes[2]
    (['point', 'point', None], 'no usable geometry')
"""

from __future__ import annotations

import json
import re

import numpy as np

from oddk.clean_geo import DENMARK_BOUNDS_25832, _transformer
from oddk.geometry_read import no_place

__all__ = ["KINDS", "geometries", "kind", "looks_like_geometry", "parse", "to_point", "transform"]

#: The GeoFA theme each kind of geometry belongs to.
KINDS = {"point": "t_5800_fac_pkt", "area": "t_5801_fac_fl", "line": "t_5802_fac_li"}
_KIND_OF = {"Point": "point", "MultiPoint": "point", "Polygon": "area", "MultiPolygon": "area",
            "LineString": "line", "MultiLineString": "line", "LinearRing": "line"}
_WKT = re.compile(r"^\s*(?:SRID=(\d+);)?\s*(MULTI)?(POINT|LINESTRING|POLYGON|GEOMETRYCOLLECTION)"
                  r"\s*(Z|M|ZM)?\s*[(E]", re.IGNORECASE)


def looks_like_geometry(text) -> bool:
    """WKT, EWKT or a GeoJSON geometry object, by its first characters."""
    if not isinstance(text, str):
        return False
    t = text.lstrip()
    return bool(_WKT.match(t)) or (t.startswith("{") and '"coordinates"' in t[:200])


def srid(values) -> str | None:
    """The EPSG code an EWKT column states ('SRID=25832;POINT (…)' -> 'EPSG:25832')."""
    for v in values:
        if code := cell_srid(v):
            return code
    return None


def cell_srid(value) -> str | None:
    """The EPSG code one EWKT cell states; None for plain WKT, GeoJSON or anything else."""
    m = _WKT.match(value) if isinstance(value, str) else None
    return f"EPSG:{m.group(1)}" if m and m.group(1) else None


#: One number of a coordinate pair: a decimal point or comma.
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def pair(text) -> tuple[float, float] | None:
    """The two numbers of a place written in one cell, as written (first, second), or None:
    '56.1527, 10.2031', '56.1527,10.2031', '10,3790 55,3920', '(574736.5; 6223726.6)'.

        >>> pair("56.1527, 10.2031"), pair("10,3790 55,3920"), pair("56.1527,10.2031")
        ((56.1527, 10.2031), (10.379, 55.392), (56.1527, 10.2031))
        >>> pair("POINT (1 2)"), pair("56,1527,10,2031")
        (None, None)
        >>> pair("55.6421° N, 12.4741° E"), pair("55°05'42.1\\"N 10°19'15.7\\"E")
        ((55.6421, 12.4741), (55.095028, 10.321028))
        >>> pair("N 55° 06.360' E 10° 12.000'"), pair("55°N, 55°N")
        ((55.106, 10.2), None)
    """
    if not isinstance(text, str):
        return None
    t = text.strip().removeprefix("(").removesuffix(")").strip()
    if "°" in t:  # '55.6421° N, 12.4741° E', 'N 55° 06.360' E 10° 12.000''
        from oddk.degrees import degrees

        for m in re.finditer(r"[\s,;]+", t):  # split where both halves are degrees
            a, b = degrees(t[:m.start()]), degrees(t[m.end():])
            if a and b and (a[1] is None or a[1] != b[1]):
                return a[0], b[0]
        return None
    for sep in (";", ", ", None, ","):  # None: any run of spaces
        parts = [x.strip() for x in t.split(sep)]
        if len(parts) == 2 and all(_NUMBER.fullmatch(x) for x in parts):
            return float(parts[0].replace(",", ".")), float(parts[1].replace(",", "."))
    return None


def pair_as_wkt(text, order: str):
    """A coordinate pair cell as a WKT point, x first: `order` says how the cell has them
    ('lat lon' puts the second number first). Anything else is returned as it is."""
    got = pair(text)
    if got is None:
        return text
    a, b = got[::-1] if order in ("lat lon", "y x") else got
    return f"POINT ({a!r} {b!r})"


def parse(text):
    """A shapely geometry from GeoJSON text (or a dict), WKT or EWKT; None when it is none."""
    import shapely

    if isinstance(text, dict):
        text = json.dumps(text)
    if not isinstance(text, str) or not text.strip():
        return None
    t = text.strip()
    try:
        if t.startswith("{"):
            return shapely.from_geojson(t)
        return shapely.from_wkt(re.sub(r"^SRID=\d+;", "", t, flags=re.IGNORECASE))
    except Exception:  # shapely.errors.GEOSException and its kin: not a geometry
        return None


def _usable(geom) -> bool:
    """Not empty, and not a marker for "none": (0, 0) or -999."""
    import shapely

    if geom is None or geom.is_empty:
        return False
    xy = shapely.get_coordinates(geom)
    if not len(xy) or not np.isfinite(xy).all():
        return False
    return not no_place(xy[:, 0], xy[:, 1]).any()


def transform(geoms: list, src: str, dst: str = "EPSG:25832") -> list:
    """Geometries from `src` to `dst`, x first whatever the system's axis order says
    (`always_xy`: Copenhagen's files say EPSG::4326 and store longitude first)."""
    import shapely

    if src.upper() == dst.upper():
        return list(geoms)
    t = _transformer(src.upper(), dst.upper())

    def move(xy):
        a, b = t.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([a, b])

    return [None if g is None else shapely.transform(g, move) for g in geoms]


def geometries(values, crs: str) -> tuple[list, dict[int, str]]:
    """A column of geometry text as shapely geometries in EPSG:25832, and a note per row
    (0-based) that needed one: 'no usable geometry', 'not a geometry: …', 'repaired: …',
    'outside Denmark …'. Rows whose geometry is unusable are None."""
    import shapely

    notes: dict[int, str] = {}
    parsed = []
    for i, v in enumerate(values):
        g = parse(v)
        if g is None:
            text = "" if v is None or v != v else str(v).strip()
            if text and text not in ("0", "-", "-999") and not looks_like_geometry(text):
                notes[i] = f"not a geometry: {text[:60]!r}"
            elif text and looks_like_geometry(text):
                notes[i] = "a geometry that cannot be read (broken WKT or GeoJSON)"
            else:
                notes[i] = "no usable geometry"
        elif not _usable(g):
            notes[i] = "no usable geometry"
            g = None
        parsed.append(g)
    parsed = [None if g is None else shapely.force_2d(g) for g in parsed]  # GeoFA is 2D
    # an EWKT cell in its own system ('SRID=4326;POINT (…)' among plain WKT), the rest in crs
    own = [cell_srid(v) or crs for v in values]
    moved: list = [None] * len(parsed)
    for system in dict.fromkeys(own):
        at = [i for i, c in enumerate(own) if c == system]
        for i, g in zip(at, transform([parsed[i] for i in at], system), strict=True):
            moved[i] = g
    x0, y0, x1, y1 = DENMARK_BOUNDS_25832
    for i, g in enumerate(moved):
        if g is None:
            continue
        if not np.isfinite(shapely.get_coordinates(g)).all():  # no place in that system
            notes[i] = (f"outside Denmark as {own[i]} (longitude and latitude swapped, or "
                        "another coordinate system?)")
            moved[i] = None
            continue
        if not g.is_valid:
            overlap = _overlap(g)
            why = overlap or _plain_reason(shapely.is_valid_reason(g))
            # overlapping parts joined (not cut into a gap); a part inside another a hole
            g = shapely.make_valid(g, method="structure" if overlap else "linework")
            if kind(g) is None:  # repair left nothing of the right kind
                notes[i] = f"an invalid geometry that cannot be repaired ({why})"
                moved[i] = None
                continue
            notes[i] = f"repaired: {why}"
        g = moved[i] = _on_centimetre_grid(g)
        if g is None:
            notes[i] = ("an area with no area left when written to the centimetre (a sliver, "
                        "or its corners in one line)")
            continue
        bx0, by0, bx1, by1 = g.bounds
        if not (x0 <= bx0 and bx1 <= x1 and y0 <= by0 and by1 <= y1):
            notes[i] = (f"outside Denmark as {own[i]} (longitude and latitude swapped, or "
                        "another coordinate system?)")
            moved[i] = None
    return moved, notes


def _on_centimetre_grid(geom):
    """An area on the centimetre grid the CSV writes (2 decimals), still valid: written and
    read back it is the same geometry (rounding alone can make parts touch and cross);
    None for a sliver that has no area left on that grid. Points and lines, which rounding
    cannot make invalid, are returned as they are."""
    import shapely

    if geom.geom_type not in ("Polygon", "MultiPolygon") or \
            shapely.set_precision(geom, 0.01, mode="pointwise").is_valid:
        return geom  # rounded as written it stays valid: kept as it is (its rings' order too)
    try:
        snapped = shapely.set_precision(geom, 0.01)
    except shapely.errors.GEOSException:  # GEOS cannot snap it: keep it as it is
        return geom
    return None if snapped.is_empty or kind(snapped) != "area" else snapped


def _overlap(geom) -> str | None:
    """'its parts overlap' for a MultiPolygon of valid parts that share area (the same
    ring twice, two drawings of one lot), which GEOS calls a self-intersection."""
    if geom.geom_type != "MultiPolygon" or not all(p.is_valid for p in geom.geoms):
        return None
    parts = list(geom.geoms)
    for a in range(len(parts)):
        for b in range(a + 1, min(len(parts), a + 50)):
            p, q = parts[a], parts[b]
            if p.covers(q) or q.covers(p):  # a part inside another is a hole drawn as a part
                continue
            if p.intersection(q).area > 0:
                return "its parts overlap (joined into one area)"
    return None


_REASONS = {"Ring Self-intersection": "a ring touches itself",
            "Self-intersection": "it crosses itself", "Too few points": "too few corners",
            "Hole lies outside shell": "a hole lies outside the area",
            "Nested shells": "one part lies inside another",
            "Interior is disconnected": "a hole cuts the area in two",
            "Invalid Coordinate": "a corner is not a number"}


def without_empty(geom):
    """A MultiPoint without its empty points (MULTIPOINT (EMPTY, (10.2 56.16)))."""
    import shapely

    parts = [g for g in geom.geoms if not g.is_empty]
    return parts[0] if len(parts) == 1 else shapely.MultiPoint(parts)


def _plain_reason(reason: str) -> str:
    """GEOS's reason in plain words: 'Self-intersection[548287.9 6188360.9]' -> 'it crosses
    itself at 548287.9, 6188360.9 (EPSG:25832)'."""
    m = re.match(r"([^\[]+)(?:\[([-\d.e]+) ([-\d.e]+)\])?", reason)
    head = m.group(1).strip() if m else reason
    what = next((v for k, v in _REASONS.items() if head.startswith(k)), head)
    if m and m.group(2):
        what += f" at {float(m.group(2)):.1f}, {float(m.group(3)):.1f} (EPSG:25832)"
    return what


def kind(geom) -> str | None:
    """'point', 'area' or 'line'; a collection by what it holds most of; None for nothing."""
    if geom is None or geom.is_empty:
        return None
    t = geom.geom_type
    if t in _KIND_OF:
        return _KIND_OF[t]
    if t == "GeometryCollection":
        kinds = [kind(g) for g in geom.geoms]
        for k in ("area", "line", "point"):
            if k in kinds:
                return k
    return None


def only(geom, wanted: str):
    """The parts of `geom` of one kind (make_valid can give a polygon with a stray line)."""
    import shapely

    if geom.geom_type != "GeometryCollection":
        return geom
    parts = [g for g in geom.geoms if kind(g) == wanted]
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def to_point(geom):
    """A point that stands for `geom`: itself, a MultiPoint's only point, a polygon's
    representative point (inside it, unlike a centroid), a line's middle."""
    k = kind(geom)
    if geom.geom_type == "Point":
        return geom
    if k == "line":
        return only(geom, "line").interpolate(0.5, normalized=True)
    if geom.geom_type == "MultiPoint" and len(geom.geoms) == 1:
        return geom.geoms[0]
    return only(geom, k).representative_point()


def lonlat(values, crs: str):
    """One WGS84 point (lon, lat) per geometry cell, for a map or a "where is it" check: a
    point as it is, a polygon's representative point, a line's middle; NaN where the cell
    holds no usable geometry (nothing is dropped, so rows keep their place).

        >>> lonlat(['{"type": "Polygon", "coordinates": [[[10, 56], [10.01, 56], [10, 56.01], [10, 56]]]}'],
        ...        "EPSG:4326")[0].round(3).tolist()
        [10.003]
    """
    import math

    geoms = [parse(v) for v in values]
    pts = [to_point(g) if g is not None and _usable(g) and kind(g) else None for g in geoms]
    x = np.array([p.x if p is not None else math.nan for p in pts], dtype=float)
    y = np.array([p.y if p is not None else math.nan for p in pts], dtype=float)
    if crs.upper() != "EPSG:4326":
        x, y = _transformer(crs.upper(), "EPSG:4326").transform(x, y)
    return np.asarray(x), np.asarray(y)
