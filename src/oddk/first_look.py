"""A first look at a file, as notebook 02 teaches it: what a plain `pd.read_csv` makes of it,
one line read with the right and the wrong encoding, a profile of the columns (with the
empty cells Danish files write as ' ' or '-'), and the coordinates placed in WGS84 with a
check that they lie in Denmark.

    >>> plain_read("datasets/facilities/aalborg-toiletter-synthetic.csv")["what happened"][:30]
    'stopped: the file is not UTF-8'
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["DANISH", "both_encodings", "in_plain_words", "looks_empty", "placed", "plain_read",
           "profile"]

DANISH = "æøåÆØÅ"


def in_plain_words(err: Exception) -> str:
    """Why pd.read_csv stopped, in plain words."""
    if isinstance(err, UnicodeDecodeError):
        return (f"stopped: the file is not UTF-8 (byte 0x{err.object[err.start]:02x} at position "
                f"{err.start} is not valid UTF-8; a Windows-1252 æ, ø or å, or not a text file "
                "at all)")
    if isinstance(err, pd.errors.ParserError):
        return ("stopped: rows have different numbers of fields, because the columns are not "
                "separated by commas (or decimal commas were taken as separators)")
    if isinstance(err, pd.errors.EmptyDataError):
        return "stopped: no columns found (an empty file?)"
    return f"stopped: {type(err).__name__}: {str(err).splitlines()[0][:100]}"


def _printable(text, limit: int = 40) -> str:
    text = "".join(ch if ch.isprintable() else "�" for ch in str(text))
    return text[:limit] + (" …" if len(text) > limit else "")


def plain_read(path, **options) -> dict:
    """What `pd.read_csv(path, **options)` does: the call, rows, columns, what happened (the
    column names, or why it stopped, never a crash) and a value with letters beyond a-z."""
    call = "pd.read_csv(path" + "".join(f", {k}={v!r}" for k, v in options.items()) + ")"
    try:
        table = pd.read_csv(path, **options)
    except Exception as err:  # any failure, in plain words
        return {"call": call, "rows": None, "columns": None, "what happened": in_plain_words(err),
                "a value with letters beyond a–z": ""}
    cells = [str(v) for v in [*table.columns, *table.head(50).to_numpy().ravel()]]
    beyond = next((v for v in cells if any(ord(ch) > 127 for ch in v)), "")
    names = ", ".join(str(c) for c in table.columns)
    return {"call": call, "rows": len(table), "columns": table.shape[1],
            "what happened": "read; column names: " + _printable(names, 60),
            "a value with letters beyond a–z": _printable(beyond)}


def both_encodings(path, report) -> tuple[pd.DataFrame, str | None]:
    """The first line with æ, ø or å, read with the file's encoding and with the other one
    (UTF-8 or Windows-1252); with a sentence instead when there is nothing to show (no Danish
    letters, or a format that stores its text inside: a workbook, a shapefile)."""
    if report.format in ("kml", "gml", "gpx"):
        return pd.DataFrame(), (f"A {report.format.upper()} file is XML, which names its own "
                                "encoding in its first line (<?xml … encoding=\"UTF-8\"?>); "
                                "read_table reads it by that.")
    if report.format not in ("csv", "tsv", "json", "geojson") or not report.encoding:
        kind = {"xlsx": "An Excel workbook", "shapefile": "A shapefile"}.get(
            report.format, f"A {report.format} file")
        return pd.DataFrame(), (f"{kind} stores its text inside the format (a workbook's XML, a "
                                "shapefile's .dbf); read_table reads it with the format's own "
                                "library (openpyxl, pyshp).")
    right = report.encoding
    wrong = "cp1252" if right.startswith("utf-8") else "utf-8"
    line = next((b for b in Path(path).read_bytes().splitlines()
                 if any(ch in b.decode(right, errors="replace") for ch in DANISH)), None)
    if line is None:
        return pd.DataFrame(), "This file has no æ, ø or å: its encoding does not show here."
    first = next((i for i, b in enumerate(line) if b >= 0x80), 0)  # the first letter beyond ASCII
    start = max(0, first - 40)  # a long line (a GeoJSON on one line) shown around it
    part = line[start:first + 50]
    dots = "…" if start else ""
    return pd.DataFrame({
        "read as": [f"{right} (right)", f"{wrong} (wrong)"],
        "the line": [dots + part.decode(right, errors="replace"),
                     dots + part.decode(wrong, errors="replace")],
    }), None


def looks_empty(column: pd.Series) -> pd.Series:
    """Empty, or written as an empty marker Danish files use: '', ' ', '-'."""
    text = column.astype("string").str.strip()
    return column.isna() | text.isin(["", "-"]).fillna(False)


def profile(df: pd.DataFrame, report) -> pd.DataFrame:
    """Per column: its type (as read_table found it), empty cells, distinct values, an
    example."""
    def example(column):
        filled = column[~looks_empty(column)]
        return str(filled.iloc[0])[:30] if len(filled) else ""

    return pd.DataFrame({
        "type": [report.types.get(c, str(df[c].dtype)) for c in df.columns],
        "empty": [int(looks_empty(df[c]).sum()) for c in df.columns],
        "distinct": [int(df[c].nunique()) for c in df.columns],
        "example": [example(df[c]) for c in df.columns],
    }, index=pd.Index(df.columns, name="column"))


def placed(df: pd.DataFrame, report) -> tuple[pd.DataFrame, str]:
    """The file's places in WGS84 (lon, lat) with `inside Denmark`, and a sentence saying
    where they come from: x/y or lon/lat columns (pyproj, always_xy), or a geometry column
    (a polygon or a line placed by a point inside it). An empty table when there are none."""
    from pyproj import Transformer

    from oddk.vocab import inside_denmark

    if report.coordinate_columns and report.crs:
        xcol, ycol = report.coordinate_columns[:2]
        x = pd.to_numeric(df[xcol], errors="coerce").to_numpy(dtype=float)
        y = pd.to_numeric(df[ycol], errors="coerce").to_numpy(dtype=float)
        lon, lat = (x, y) if report.crs == "EPSG:4326" else Transformer.from_crs(
            report.crs, "EPSG:4326", always_xy=True).transform(x, y)
        points = pd.DataFrame({xcol: x, ycol: y, "lon": lon, "lat": lat})
        where = f"Coordinates in {xcol!r} and {ycol!r}, {report.crs} ({report.crs_source})"
    elif "geometry" in df.columns and report.crs:
        from oddk.standards.geometry import lonlat

        lon, lat = lonlat(df["geometry"], report.crs)
        points = pd.DataFrame({"geometry": df["geometry"].str[:40], "lon": lon, "lat": lat})
        kinds = ", ".join(f"{k} ({n})" for k, n in (report.geometry_types or {}).items())
        where = (f"Geometries ({kinds}) in {report.crs} ({report.crs_source}), each placed by a "
                 "point inside it")
    else:
        return pd.DataFrame(), ("No coordinates found (no x/y or lat/lon columns): nothing to "
                                "place on a map.")
    points["inside Denmark"] = inside_denmark(points["lon"], points["lat"])
    placed_rows = int((points["lon"].notna() & points["lat"].notna()).sum())
    none = len(points) - placed_rows
    return points, (f"{where}; {int(points['inside Denmark'].sum())} of {placed_rows} inside "
                    "Denmark" + (f"; {none} row{'s' * (none != 1)} without a place" if none
                                 else ""))
