"""Geometry as municipalities publish it, for the readers: every GeoJSON geometry type
(Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon, empty or null), and
the coordinates that stand for "none" ((0, 0), -999, empty), which are missing values.

Copenhagen's and Frederiksberg's playgrounds are MultiPoints of one point each (GeoFA's own
geometry type): a point. Parking areas are polygons: their geometry is kept whole (as GeoJSON
text) for the standardiser. A point at (0, 0) is in the sea off Africa; -999 is a spreadsheet's
"unknown".

    >>> g = Geometries()
    >>> g.point({"type": "MultiPoint", "coordinates": [[12.5, 55.7]]}, 1)
    (12.5, 55.7)
    >>> g.point({"type": "Point", "coordinates": [0, 0]}, 2) is None, g.missing
    (True, [2])
"""

from __future__ import annotations

__all__ = ["Geometries", "MISSING_NUMBERS", "missing_warning", "missing_xy_rows", "no_place",
           "positions", "swap_axes"]

#: Numbers that stand for an unknown coordinate (besides 0, 0 together and an empty cell).
MISSING_NUMBERS = (-999.0, -9999.0, -99999.0)


def no_place(x, y):
    """Coordinates that stand for no place: (0, 0) together, or -999 (-9999 …) in either;
    numbers or numpy arrays of them (then a boolean array). NaN is not a marker here.

        >>> no_place(0, 0), no_place(10.2, -999), no_place(10.2, 56.1)
        (True, True, False)
    """
    import numpy as np

    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    out = ((x == 0) & (y == 0)) | np.isin(x, MISSING_NUMBERS) | np.isin(y, MISSING_NUMBERS)
    return bool(out) if out.ndim == 0 else out


def _is_missing_pair(x, y) -> bool:
    try:
        x, y = float(x), float(y)
    except (TypeError, ValueError):
        return True
    return x != x or y != y or no_place(x, y)


class Geometries:
    """What a reader met, feature by feature: the geometry types (how many of each) and the
    features (1-based) without usable coordinates."""

    def __init__(self):
        self.types: dict[str, int] = {}
        self.missing: list[int] = []
        self.multi_single = 0  # MultiPoints of one point, read as points

    def point(self, geo, row: int):
        """(x, y) of a Point or a MultiPoint of one point; None for other geometries, and
        (recorded as missing) for no geometry or coordinates that stand for none."""
        kind = geo.get("type") if isinstance(geo, dict) else None
        self.types[kind or "none"] = self.types.get(kind or "none", 0) + 1
        coords = geo.get("coordinates") if kind else None
        if kind == "MultiPoint" and isinstance(coords, (list, tuple)) and len(coords) == 1:
            coords = coords[0]
            self.multi_single += 1
        elif kind != "Point":
            if kind is None or not _has_coordinates(coords if kind != "GeometryCollection"
                                                   else geo.get("geometries")):
                self.missing.append(row)
            return None
        if not isinstance(coords, (list, tuple)) or len(coords) < 2 or _is_missing_pair(*coords[:2]):
            self.missing.append(row)
            return None
        return coords[0], coords[1]

    def warnings(self, what: str = "feature") -> list[str]:
        out = []
        if self.missing:
            out.append(missing_warning(self.missing, what))
        return out

    def notes(self) -> list[str]:
        out = []
        if self.multi_single:
            out.append(f"{self.multi_single} MultiPoint geometries hold one point each; they "
                       "were read as points.")
        return out


def _has_coordinates(coords) -> bool:
    """Does a (nested) coordinate list hold at least one position?"""
    stack = [coords]
    while stack:
        c = stack.pop()
        if isinstance(c, dict):
            stack.append(c.get("coordinates"))
        elif isinstance(c, (list, tuple)):
            if c and all(isinstance(v, (int, float)) for v in c[:2]) and len(c) >= 2:
                return True
            stack.extend(c)
    return False


def _is_position(c) -> bool:
    return isinstance(c, (list, tuple)) and len(c) >= 2 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in c[:2])


def positions(geom, limit: int = 20) -> list[tuple[float, float]]:
    """The first `limit` positions (x, y) of a GeoJSON geometry (any type, collections too)."""
    out, stack = [], [geom]
    while stack and len(out) < limit:
        c = stack.pop()
        if isinstance(c, dict):
            stack.extend(reversed([c.get("coordinates"), *(c.get("geometries") or [])]))
        elif _is_position(c):
            out.append((float(c[0]), float(c[1])))
        elif isinstance(c, (list, tuple)):
            stack.extend(reversed(c))
    return out


def swap_axes(geom):
    """A GeoJSON geometry with each position's first two numbers swapped (latitude-first
    files read longitude first); the rest (type, a third number) kept.

        >>> swap_axes({"type": "LineString", "coordinates": [[55.8, 9.8, 3], [55.9, 9.9]]})
        {'type': 'LineString', 'coordinates': [[9.8, 55.8, 3], [9.9, 55.9]]}
    """
    if isinstance(geom, dict):
        return {k: (swap_axes(v) if k in ("coordinates", "geometries") else v)
                for k, v in geom.items()}
    if _is_position(geom):
        return [geom[1], geom[0], *geom[2:]]
    if isinstance(geom, (list, tuple)):
        return [swap_axes(c) for c in geom]
    return geom


def missing_warning(rows: list[int], what: str = "row", lines: list[int] | None = None,
                    line_word: str | None = None) -> str:
    """The reader's word on rows without a place; with the file's `lines` (one per data row)
    it says where they are too ('rows 2, 4 (lines 5, 8)')."""
    more = " …" if len(rows) > 10 else ""
    shown = ", ".join(str(r) for r in rows[:10]) + more
    if lines and line_word and all(0 < r <= len(lines) for r in rows[:10]):
        s = "s" if len(rows) > 1 else ""
        shown += f" ({line_word}{s} {', '.join(str(lines[r - 1]) for r in rows[:10])}{more})"
    return (f"{len(rows)} {what}(s) have no usable coordinates (empty, 0, 0, or -999): "
            f"{what}{'s' if len(rows) > 1 else ''} {shown}. They are missing values: on a map "
            "they would stand at 0°, 0° (in the sea off Africa) or nowhere. Fill them in, or leave them empty.")


def missing_xy_rows(df, xcol, ycol) -> list[int]:
    """The data rows (1-based) of a table whose x/y (or lon/lat) columns hold no usable
    coordinate: an empty cell, (0, 0), or -999 (-9999 …), while the row holds other values.
    Text columns are looked at with pyarrow (millions of rows in a fraction of a second)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    def marks(col):
        """(empty, zero, minus-999) as numpy booleans."""
        s = df[col]
        if s.dtype == object and s.map(lambda v: v is None or isinstance(v, (int, float))
                                       and not isinstance(v, bool)).all():
            s = pd.to_numeric(s, errors="coerce")  # a workbook's numbers
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            v = s.to_numpy(dtype=float, na_value=np.nan)
            return np.isnan(v), v == 0, np.isin(v, MISSING_NUMBERS)
        if isinstance(s.dtype, pd.StringDtype):  # text as read: handed over, no copy
            arr = pa.array(s.array, type=pa.string())
        else:
            text = s.map(lambda v: None if v is None or v != v else str(v)) \
                if s.dtype == object else s.astype(object).where(s.notna(), None)
            arr = pa.array(text, type=pa.string(), from_pandas=True)
        arr = pc.utf8_trim_whitespace(arr)

        def hit(pattern):
            return np.asarray(pc.fill_null(pc.match_substring_regex(arr, pattern), False)
                              .to_numpy(zero_copy_only=False), bool)

        empty = np.asarray(pc.fill_null(pc.equal(arr, ""), True).to_numpy(zero_copy_only=False),
                           bool)
        return empty, hit(r"^[+-]?0+(?:[.,]0*)?$"), hit(r"^-9{3,5}(?:[.,]0*)?$")

    ex, zx, mx = marks(xcol)
    ey, zy, my = marks(ycol)
    bad = ex | ey | (zx & zy) | mx | my
    if not bad.any():
        return []
    rest = df.drop(columns=[xcol, ycol])
    others = rest.notna().any(axis=1).to_numpy() if len(rest.columns) else np.ones(len(df), bool)
    return [int(i) + 1 for i in np.flatnonzero(bad & others)]
