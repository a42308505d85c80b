"""Coordinates: EPSG:25832 (ETRS89 / UTM 32N, what Danish municipalities use) ↔ WGS84
(what GeoJSON and web maps use), with pyproj; Z = -999 as missing.

Part of `oddk.clean` (see there for the `(values, problems)` contract).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from oddk.clean_text import as_series, is_missing, parse_number, problems_frame
from oddk.geometry_read import no_place
from oddk.vocab import DENMARK_EXTENT


def _bounds(crs: str) -> tuple[float, float, float, float]:
    (x0, x1), (y0, y1) = DENMARK_EXTENT[crs]
    return (x0, y0, x1, y1)


#: Denmark with Bornholm and Christiansø: (min x, min y, max x, max y), from oddk.vocab.
DENMARK_BOUNDS_25832 = _bounds("EPSG:25832")
DENMARK_BOUNDS_WGS84 = _bounds("EPSG:4326")  # lon, lat

#: What shapefiles and GPS exports write for "no height".
MISSING_Z = (-999.0, -9999.0)


@lru_cache(maxsize=8)
def _transformer(src: str, dst: str):
    from pyproj import Transformer

    return Transformer.from_crs(src, dst, always_xy=True)


def _numbers(values, decimal):
    s = as_series(values)
    if pd.api.types.is_numeric_dtype(s):
        return s.astype("float64"), problems_frame()
    return parse_number(s, decimal=decimal)


def _transform(a, b, src, dst, decimal, bounds, names):
    """Both columns at once; the problems row by row, only for the rows that have one."""
    a_vals, pa = _numbers(a, decimal)
    b_vals, pb = _numbers(b, decimal)
    problems = [tuple(r) for r in pd.concat([pa, pb]).itertuples(index=False)]
    src_a = a_vals.to_numpy(dtype="float64", na_value=np.nan)
    src_b = b_vals.to_numpy(dtype="float64", na_value=np.nan)
    ta, tb = _transformer(src, dst).transform(src_a, src_b)
    out_a, out_b = np.array(ta, dtype="float64"), np.array(tb, dtype="float64")
    lo_a, lo_b, hi_a, hi_b = bounds
    empty = np.isnan(src_a) | np.isnan(src_b)
    marker = ~empty & no_place(src_a, src_b)
    inside = (lo_a <= out_a) & (out_a <= hi_a) & (lo_b <= out_b) & (out_b <= hi_b)
    outside = ~empty & ~marker & ~inside
    said = {p[0] for p in problems}
    for k in np.flatnonzero(empty | marker | outside).tolist():
        i, va, vb = k + 1, float(src_a[k]), float(src_b[k])
        if empty[k]:
            if i not in said:
                problems.append((i, f"{va}, {vb}", "no coordinates"))
        elif marker[k]:
            problems.append((i, f"{va:g}, {vb:g}", "stands for no place ((0, 0) and -999 are "
                             "markers, not coordinates): made empty"))
        else:
            problems.append((i, f"{va}, {vb}", f"outside Denmark as {src} ({names[0]}, "
                             f"{names[1]} swapped, or another coordinate system?)"))
    gone = empty | marker | outside
    out_a[gone] = out_b[gone] = np.nan
    frame = pd.DataFrame({names[2]: out_a, names[3]: out_b}, index=a_vals.index)
    return frame, problems_frame(sorted(problems, key=lambda p: p[0]))


def to_wgs84(x, y, crs: str = "EPSG:25832", decimal: str = "."):
    """EPSG:25832 x/y (metres) to WGS84 lon/lat (degrees) with pyproj.

        >>> to_wgs84([574000.0], [6224000.0])[0].round(5).values.tolist()
        [[10.19132, 56.15527]]

    `crs` names the source system (EPSG:25832 by default; EPSG:3857 also works). Text
    with a decimal comma is read with `decimal=","`. Points that land outside Denmark are
    reported (x and y swapped, or the wrong system), not drawn in the sea; (0, 0) and -999
    stand for no place and are made empty, with their rows.
    Returns `(frame with lon, lat; problems)`.
    """
    return _transform(
        x, y, crs, "EPSG:4326", decimal, DENMARK_BOUNDS_WGS84, ("x", "y", "lon", "lat")
    )


def to_utm32(lon, lat, crs: str = "EPSG:4326", decimal: str = "."):
    """WGS84 lon/lat (degrees) to EPSG:25832 x/y (metres) with pyproj.

        >>> to_utm32([10.2], [56.16])[0].round(2).values.tolist()
        [[574529.82, 6224535.68]]

    Mind the order: longitude (east, about 8–15 in Denmark) first. Returns
    `(frame with x, y; problems)`.
    """
    return _transform(
        lon, lat, crs, "EPSG:25832", decimal, DENMARK_BOUNDS_25832, ("lon", "lat", "x", "y")
    )


def drop_missing_z(z, missing=MISSING_Z):
    """Heights where -999 (or -9999) means "no height" as missing values.

        >>> drop_missing_z([-999.0, 12.5])[0].tolist()
        [nan, 12.5]

    Returns `(values, problems)`; the problems list the rows whose height was a marker.
    """
    s = as_series(z)
    out, marked = [], []
    for i, v in enumerate(s.tolist(), 1):
        if is_missing(v):
            out.append(math.nan)
        elif float(v) in missing:
            out.append(math.nan)
            marked.append((i, v, f"{v} means no height: made empty"))
        else:
            out.append(float(v))
    return pd.Series(out, index=s.index, dtype="float64"), problems_frame(marked)
