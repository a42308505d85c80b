"""Apply a column mapping to a municipal table: the standard's rows, and what could not be
converted (row, field, column, value, problem). Write them as CSV (x/y in EPSG:25832,
centimetres) or GeoJSON (WGS84, RFC 7946, 7 decimals).

A mapping is a plain dict (saved as YAML by `oddk.standards.mapping_file`):

    fields:
      facil_ty_k: {value: 1012}                                  # a constant
      navn: {column: Navn}                                       # a column as written (trimmed)
      handicap_k: {column: Handicapvenligt, codes: {Ja: 1, Delvis: 2, Nej: 3}}
      doegnaab_k: {column: Åbningstider, codes: {Døgnåben: 1}, other: 0}   # any other text -> 0
      postnr: {column: POSTNR, empty: ['0']}                     # '0' means empty here
    geometry: {x: Længdegrad, y: Breddegrad, crs: EPSG:4326}
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pandas as pd

from oddk.clean_geo import to_utm32, to_wgs84
from oddk.clean_text import EMPTY_MARKERS, is_missing, parse_number, text_of
from oddk.safe_write import guard, write_bytes
from oddk.standards.geofa import COLUMNS, INTEGER_FIELDS, REQUIRED, facility_name


class MappingError(ValueError):
    """A mapping that cannot produce the standard (a required field without a source, a column
    that is not in the file). The message says what to change."""


def _key(v) -> str | None:
    return text_of(v)


def _codes(spec: dict) -> dict[str, object]:
    return {_key(k): v for k, v in (spec.get("codes") or {}).items()}


def _check(df: pd.DataFrame, mapping: dict) -> None:
    fields = mapping.get("fields") or {}
    unknown = [f for f in fields if f not in COLUMNS or f in ("x", "y")]
    if unknown:
        raise MappingError(
            f"The mapping names fields the standard does not have: {', '.join(unknown)}. "
            f"Its fields are: {', '.join(c for c in COLUMNS if c not in ('x', 'y'))}."
        )
    for name, spec in fields.items():
        col = (spec or {}).get("column")
        if col is not None and col not in df.columns:
            raise MappingError(
                f"The mapping takes {name} from column {col!r}, which the file does not have. "
                f"Its columns are: {', '.join(map(str, df.columns))}."
            )
    missing = [
        f
        for f in REQUIRED
        if f not in ("x", "y") and not (fields.get(f) or {}).keys() & {"column", "value"}
    ]
    geo = mapping.get("geometry") or {}
    if not (geo.get("x") and geo.get("y")):
        missing.append("x, y (the geometry)")
    if missing:
        hints = {
            "facil_ty_k": "give the facility type with --type (a code such as 1012 or a name "
            "such as "
            "Toilet) or the `type` parameter",
            "cvr_kode": "give the publishing municipality with --municipality (a code or a name)",
            "x, y (the geometry)": "write a mapping file with --suggest-only and name the "
            "coordinate columns and their system under geometry: (x, y, crs)",
        }
        raise MappingError(
            "The standard requires "
            + ", ".join(missing)
            + ", and nothing in the file or the mapping fills "
            + ("it" if len(missing) == 1 else "them")
            + ". To fix: "
            + "; ".join(hints[m] for m in missing)
            + "."
        )
    for axis in ("x", "y"):
        if geo[axis] not in df.columns:
            raise MappingError(
                f"The mapping's geometry takes {axis} from column {geo[axis]!r}, which the file "
                f"does not have. Its columns are: {', '.join(map(str, df.columns))}."
            )


def apply_mapping(df: pd.DataFrame, mapping: dict):
    """The standard's table from `df` by `mapping`, and the problems.

    Returns `(out, problems)`: `out` has the standard's columns (codes and counts as Int64,
    text as strings, x/y in EPSG:25832 rounded to the centimetre), one row per source row
    in the same order; `problems` lists every value that could not be converted (row 1 =
    the first data row). Raises MappingError when a required field has no source.
    """
    _check(df, mapping)
    fields = mapping.get("fields") or {}
    problems: list[tuple] = []
    n = len(df)
    out = pd.DataFrame(index=range(n))
    for name in COLUMNS:
        if name in ("x", "y"):
            continue
        spec = fields.get(name) or {}
        is_int = name in INTEGER_FIELDS
        if "value" in spec:
            vals = [spec["value"]] * n
        elif "column" in spec:
            vals = _convert(df[spec["column"]].tolist(), name, spec, is_int, problems)
        else:
            vals = [None] * n
        if is_int:
            out[name] = pd.array([None if is_missing(v) else int(v) for v in vals], dtype="Int64")
        else:
            out[name] = pd.array([None if is_missing(v) else str(v) for v in vals], dtype="string")
    xs, ys = _geometry(df, mapping.get("geometry") or {}, problems)
    out["x"], out["y"] = xs, ys
    frame = pd.DataFrame(problems, columns=["row", "field", "column", "value", "problem"])
    frame = frame.sort_values(["row", "field"], kind="stable").reset_index(drop=True)
    return out, frame


def _convert(values: list, name: str, spec: dict, is_int: bool, problems: list) -> list:
    col = spec["column"]
    empty = {m.strip() for m in EMPTY_MARKERS} | {str(m).strip() for m in spec.get("empty") or []}
    codes = _codes(spec)
    folded = {k.casefold(): v for k, v in codes.items() if k is not None}
    other = spec.get("other")
    out = []
    texts: dict = {}  # each different value is turned into text once
    for i, v in enumerate(values, 1):
        try:
            t = texts[v]
        except (KeyError, TypeError):
            t = _key(v)
            try:
                texts[v] = t
            except TypeError:
                pass
        if t is None or t in empty:
            out.append(None)
            continue
        if codes or other is not None:
            if t in codes:
                out.append(codes[t])
            elif t.casefold() in folded:
                out.append(folded[t.casefold()])
            elif other is not None:
                out.append(other)
            else:
                problems.append(
                    (
                        i,
                        name,
                        col,
                        v,
                        f"{t!r} has no {name} code; add it under codes in the mapping",
                    )
                )
                out.append(None)
            continue
        if is_int:
            num, bad = parse_number([v], decimal=spec.get("decimal", ","))
            x = num.iloc[0]
            if len(bad) or math.isnan(x) or not float(x).is_integer():
                problems.append((i, name, col, v, f"{t!r} is not a whole number"))
                out.append(None)
            else:
                out.append(int(x))
            continue
        out.append(t)
    return out


def _geometry(df: pd.DataFrame, geo: dict, problems: list):
    crs = str(geo.get("crs") or "EPSG:25832").upper()
    decimal = geo.get("decimal", ".")
    a, b = df[geo["x"]], df[geo["y"]]
    if crs == "EPSG:25832":
        xs, px = (
            parse_number(a, decimal=decimal)
            if not pd.api.types.is_numeric_dtype(a)
            else (a.astype("float64"), pd.DataFrame(columns=["row", "value", "problem"]))
        )
        ys, py = (
            parse_number(b, decimal=decimal)
            if not pd.api.types.is_numeric_dtype(b)
            else (b.astype("float64"), pd.DataFrame(columns=["row", "value", "problem"]))
        )
        for p, col in ((px, geo["x"]), (py, geo["y"])):
            problems += [(int(r.row), "x, y", col, r.value, r.problem) for r in p.itertuples()]
        xs, ys = xs.tolist(), ys.tolist()
        for i, (x, y) in enumerate(zip(xs, ys, strict=True), 1):
            if math.isnan(x) or math.isnan(y):
                if not any(p[0] == i and p[1] == "x, y" for p in problems):
                    problems.append((i, "x, y", f"{geo['x']}, {geo['y']}", None, "no coordinates"))
    else:
        frame, p = to_utm32(a, b, crs=crs, decimal=decimal)
        problems += [
            (int(r.row), "x, y", f"{geo['x']}, {geo['y']}", r.value, r.problem)
            for r in p.itertuples()
        ]
        xs, ys = frame["x"].tolist(), frame["y"].tolist()
    cm = [
        (math.nan, math.nan)
        if math.isnan(x) or math.isnan(y)
        else (float(f"{x:.2f}"), float(f"{y:.2f}"))
        for x, y in zip(xs, ys, strict=True)
    ]
    return pd.array([c[0] for c in cm], dtype="Float64"), pd.array(
        [c[1] for c in cm], dtype="Float64"
    )


# --------------------------------------------------------------------------- writing


def _cell(v) -> str:
    return "" if is_missing(v) else str(v)


def csv_text(out: pd.DataFrame) -> str:
    """The standard table as CSV: UTF-8, ',', LF, empty cells for empty values, x/y with
    two decimals (centimetres in EPSG:25832)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=",", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(COLUMNS)
    for row in out[COLUMNS].itertuples(index=False):
        rec = dict(zip(COLUMNS, row, strict=True))
        cells = [_cell(rec[c]) for c in COLUMNS[:-2]]
        cells += ["" if is_missing(rec[c]) else f"{float(rec[c]):.2f}" for c in ("x", "y")]
        w.writerow(cells)
    return buf.getvalue()


def geojson_doc(out: pd.DataFrame) -> dict:
    """The standard table as a GeoJSON FeatureCollection (RFC 7946): WGS84 lon/lat rounded to
    7 decimals, transformed from x/y; codes as integers, empty fields as null. Rows without
    coordinates get a null geometry."""
    features = []
    xy = out[["x", "y"]].astype("float64")
    lonlat, _ = (
        to_wgs84(xy["x"], xy["y"]) if len(out) else (pd.DataFrame(columns=["lon", "lat"]), None)
    )
    for k, row in enumerate(out[COLUMNS].itertuples(index=False)):
        rec = dict(zip(COLUMNS, row, strict=True))
        props = {}
        for c in COLUMNS[:-2]:
            v = rec[c]
            props[c] = None if is_missing(v) else int(v) if c in INTEGER_FIELDS else str(v)
        lon, lat = lonlat.iloc[k]["lon"], lonlat.iloc[k]["lat"]
        geom = (
            None
            if math.isnan(lon) or math.isnan(lat)
            else {"type": "Point", "coordinates": [round(float(lon), 7), round(float(lat), 7)]}
        )
        features.append({"type": "Feature", "properties": props, "geometry": geom})
    return {"type": "FeatureCollection", "features": features}


def geojson_text(out: pd.DataFrame) -> str:
    return json.dumps(geojson_doc(out), ensure_ascii=False) + "\n"


def write_standard(out: pd.DataFrame, path, force: bool = False, inputs=()) -> Path:
    """Write the standard table to `path` (.csv or .geojson). Refuses to write over one of
    `inputs` (the source file, by identity: another name or a link counts too) and, unless
    `force`, over an existing file; never writes into datasets/."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".csv", ".geojson"):
        raise ValueError(f"Write the standard to a .csv or a .geojson file, not {p.name!r}.")
    guard(p, inputs, force)
    from oddk.paths import datasets_dir

    try:
        if p.resolve().is_relative_to(datasets_dir().resolve()):
            raise ValueError(
                f"'{p}' is inside datasets/, which holds the kit's input data. Write elsewhere "
                "(e.g. build/)."
            )
    except FileNotFoundError:
        pass
    text = csv_text(out) if suffix == ".csv" else geojson_text(out)
    return write_bytes(p, text.encode("utf-8"))


def describe(out: pd.DataFrame) -> pd.DataFrame:
    """A small summary of a standard table: rows per facility type."""
    counts = out["facil_ty_k"].value_counts(dropna=False).sort_index()
    return pd.DataFrame(
        {
            "facil_ty_k": counts.index.astype("Int64"),
            "type": [facility_name(c) if not is_missing(c) else "(none)" for c in counts.index],
            "rows": counts.to_numpy(),
        }
    ).reset_index(drop=True)
