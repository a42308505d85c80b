"""Data standards as Frictionless Table Schemas, and the mapping tool that brings a
municipality's own file to one: suggest a mapping, apply it, validate, write.

The kit ships the GeoFA facility-points standard (theme t_5800_fac_pkt) in `schemas/`:
`geofa-facility` (every facility type) and profiles for toilets, playgrounds, parking and
benches. One call does the whole job headless:

    >>> result = standardise("datasets/facilities/aarhus-toiletter-synthetic.csv")  # doctest: +SKIP
    >>> result.table.head(), result.problems, result.errors  # doctest: +SKIP

Step by step: `read_table` → `suggest_mapping` (or `load_mapping`) → `apply_mapping` →
`check_table` (or frictionless: `validate_table`) → `set_aside` → `write_standard`;
`save_mapping` keeps the mapping as YAML to replay.

What breaks the standard is set aside, not the whole file: a bad value is left empty, a row
without a usable geometry or a required field is left out, and `result.set_aside` lists each
with its row, its line in the file, field, value and reason. Points, areas and lines go to GeoFA's point, area
and line themes (`geofa-facility`, `geofa-facility-area`, `geofa-facility-line`); with the
point standard asked for, a polygon becomes its representative point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from oddk.standards.apply import (
    MappingError,
    apply_mapping,
    csv_text,
    describe,
    geojson_doc,
    geojson_text,
    source_columns,
    write_standard,
)
from oddk.standards.geofa import (
    COLUMNS,
    REQUIRED,
    STANDARDS,
    codes,
    cvr_for_municipality,
    facility_code,
    facility_name,
    facility_types,
    load_schema,
    theme_label,
    theme_of,
)
from oddk.standards.mapping_file import load_mapping, mapping_yaml, save_mapping
from oddk.standards.set_aside import set_aside, with_lines
from oddk.standards.suggest import blank_column, mapping_table, suggest_mapping
from oddk.standards.validate import check_table, validate_file, validate_rows, validate_table

__all__ = [
    "COLUMNS",
    "REQUIRED",
    "STANDARDS",
    "MappingError",
    "Standardised",
    "apply_mapping",
    "check_table",
    "part_named_as",
    "codes",
    "csv_text",
    "cvr_for_municipality",
    "describe",
    "facility_code",
    "facility_name",
    "facility_types",
    "geojson_doc",
    "geojson_text",
    "load_mapping",
    "load_schema",
    "mapping_table",
    "mapping_yaml",
    "save_mapping",
    "set_aside",
    "standardise",
    "suggest_mapping",
    "theme_label",
    "validate_file",
    "validate_rows",
    "validate_table",
    "write_standard",
]


@dataclass
class Standardised:
    """What `standardise` gives back: the source table and its read report, the mapping used,
    the standard table to write (what breaks the standard set aside), the values that could
    not be converted, the rows' schema errors before setting aside, the list of what was set
    aside (row, line, field, value, reason, action), and the values written otherwise than the
    file has them (row, line, field, column, value, change). `row` is the data row (1 = the
    first), `line` where the file's own program shows it (a text file's line, a sheet's row;
    empty where the file has no lines, as in GeoJSON, whose rows are its features)."""

    source: pd.DataFrame
    report: object
    mapping: dict
    table: pd.DataFrame
    problems: pd.DataFrame  # row, field, column, value, problem
    errors: pd.DataFrame  # row, field, value, problem (against the standard's schema)
    unmapped: list[str] = field(default_factory=list)
    set_aside: pd.DataFrame = None  # row, line, field, value, reason, action
    changes: pd.DataFrame = None  # row, line, field, column, value, change
    line_word: str | None = None  # what `line` is: 'line' (text), 'sheet row' (workbook)

    @property
    def valid(self) -> bool:
        """Nothing set aside: every row and value of the file is in the standard table."""
        return self.errors.empty and self.problems.empty

    @property
    def standard(self) -> str:
        return self.mapping.get("standard") or "geofa-facility"

    @property
    def rows_left_out(self) -> list[int]:
        s = self.set_aside
        return sorted(set(s.loc[s["action"] == "row left out", "row"])) if s is not None else []


def _part_word(report) -> str:
    return "layer" if report.format == "shapefile" else "sheet"


def _part_holder(report) -> str:
    return "file" if report.format == "shapefile" else "workbook"


def _type_asked(facility_type, path) -> int | None:
    """The facility type the user gave, else the one the file's name says."""
    from oddk.standards.suggest import _file_type

    if facility_type not in (None, ""):
        return facility_code(facility_type)
    return _file_type(Path(str(path)).stem)


def part_named_as(report, facility_type, path) -> str | None:
    """Of a workbook's sheets or a zip's layers, the one (and only one) whose name says the
    type asked for, when the first read is not it; else None."""
    from oddk.standards.suggest import _file_type, type_code

    parts = list(report.sheets or [])
    wanted = _type_asked(facility_type, path) if len(parts) > 1 else None
    if wanted is None or type_code(report.sheet or "") == wanted:
        return None
    named = [n for n in parts if wanted in (type_code(n), _file_type(n))
             and not _LEGEND.search(n)]
    return named[0] if len(named) == 1 and named[0] != report.sheet else None


#: Words in a sheet's name that say it explains the data ('Toiletter - forklaring').
_LEGEND = re.compile(r"forklaring|beskrivelse|vejledning|metadata|kodeliste|koder|legend|"
                     r"readme|læs ?mig|om data|info", re.IGNORECASE)


def _say_repeated_rows(table: pd.DataFrame, raw, warnings: list) -> None:
    """Rows written twice: the same name, type and place as a row above (one facility drawn
    twice, or two exports joined), said with their rows; both are written."""
    from oddk.standards.set_aside import line_of

    where = [c for c in ("x", "y", "geometri") if c in table.columns]
    keys = [c for c in ("navn", "facil_ty_k") if c in table.columns] + where
    if not len(table) or not where:
        return
    placed = table.loc[table[where].notna().all(axis=1).to_numpy(), keys]
    # each row's values as one hash (a collision is one in 10^19): the first row with it
    hashes = pd.util.hash_pandas_object(placed, index=False).to_numpy()
    _, first_at, which = np.unique(hashes, return_index=True, return_inverse=True)
    first = placed.index.to_numpy()[first_at[which]]
    again = pd.Series(first_at[which] != np.arange(len(placed)), index=placed.index) \
        & ~placed.index.duplicated(keep="first")
    if not again.any():  # (a MultiPoint's points share their row, and are no repeats)
        return

    def said(i) -> str:
        line = line_of(i + 1, raw.lines)
        return f"row {i + 1}" + (f" ({raw.line_word} {line})" if line else "")

    at = again.to_numpy().nonzero()[0]
    shown = "; ".join(f"{said(placed.index[k])} repeats {said(first[k])}" for k in at[:10])
    warnings.append(f"{len(at)} row{'s' if len(at) > 1 else ''} written twice, with the same "
                    f"name, type and place: {shown}{', …' if len(at) > 10 else ''}. If it is "
                    "one facility, remove the copy in the source.")


#: Farther apart than this, a row's geometry and its x, y columns are two places, not one.
TWO_PLACES_M = 10.0


def _say_two_places(df: pd.DataFrame, mapping: dict, table: pd.DataFrame, raw,
                    warnings: list) -> None:
    """A file with both a geometry column (WKT) and x, y columns: the rows where the two put
    the point more than TWO_PLACES_M apart, said (the geometry column was used)."""
    from oddk.clean_geo import to_utm32
    from oddk.standards.set_aside import line_of

    geo, report = mapping.get("geometry") or {}, raw.report
    cols = list(report.coordinate_columns or [])
    if not geo.get("column") or len(cols) != 2 or set(cols) & {geo.get("x"), geo.get("y")} \
            or not report.crs or not {"x", "y"} <= set(table.columns):
        return
    points = table[~table.index.duplicated(keep=False)]  # one point a row (no MultiPoints)
    rows = points.index.to_numpy()
    other, _ = to_utm32(df[cols[0]].iloc[rows], df[cols[1]].iloc[rows], report.crs,
                        report.decimal or ".")
    gap = np.hypot(points["x"].to_numpy(float) - other["x"].to_numpy(float),
                   points["y"].to_numpy(float) - other["y"].to_numpy(float))
    far = (gap > TWO_PLACES_M).nonzero()[0]  # NaN (no x, y) is never far
    if not len(far):
        return

    def said(k) -> str:
        line = line_of(rows[k] + 1, raw.lines)
        return (f"row {rows[k] + 1}" + (f", {raw.line_word} {line}" if line else "")
                + f": {gap[k]:,.0f} m".replace(",", " "))

    shown = "; ".join(said(k) for k in far[:10]) + (", …" if len(far) > 10 else "")
    one = len(far) == 1
    warnings.append(
        f"{len(far)} row{'' if one else 's'} give{'s' if one else ''} two places: the geometry "
        f"in '{geo['column']}' and the point in '{cols[0]}', '{cols[1]}' lie more than "
        f"{TWO_PLACES_M:.0f} m apart ({shown}). '{geo['column']}' was used; check which is "
        "right, and mend the other in the source.")


def standardise(
    path,
    standard: str | None = None,
    facility_type=None,
    mapping=None,
    municipality=None,
    sheet=None,
    points: bool = False,
) -> Standardised:
    """Read `path`, map it (the saved `mapping`, a dict or a YAML path, or else the suggested
    one), convert it, check it against the standard's Table Schema and set aside what breaks
    it. `standard=None` chooses the theme by the file's geometry (points, areas, lines).
    Raises `oddk.read.ReadError` for unreadable files and `MappingError` when a required field
    cannot be filled."""
    from oddk.read import read_raw
    from oddk.standards.apply import apply

    if isinstance(mapping, (str, Path)):
        mapping = load_mapping(mapping)
    sheet = sheet or (mapping or {}).get("sheet")
    raw = read_raw(path, sheet=sheet)  # read once; the typed frame is made from it
    if sheet is None and mapping is None:
        named = part_named_as(raw.report, facility_type, path)
        if named:  # a zip's 'shelters' layer beside its 'ruter', when shelters are asked for
            raw = read_raw(path, sheet=named)
            raw.report.warnings.append(
                f"Read the {_part_word(raw.report)} '{named}' of {len(raw.report.sheets)} "
                f"({', '.join(raw.report.sheets)}): its name says "
                f"{facility_name(_type_asked(facility_type, path))}, the type asked for.")
    df, report = raw.frame(), raw.report
    if not len(df) and not len(df.columns):  # an empty FeatureCollection, an empty sheet
        raise MappingError(f"'{Path(path).name}' holds no rows (no features, no records): "
                           "there is nothing to standardise. Check that it is the right file.")
    if points:  # every geometry as a point: the standard asked for, the mapping's, if a point one
        chosen = standard or (mapping or {}).get("standard")
        standard = chosen if chosen and theme_of(chosen) == "point" else "geofa-facility"
    if mapping is None:
        mapping = suggest_mapping(
            df,
            report,
            source=path,
            facility_type=facility_type,
            municipality=municipality,
            standard=standard,
        )
    else:
        if facility_type not in (None, ""):
            code = facility_code(facility_type)
            mapping = {**mapping, "fields": {**mapping["fields"], "facil_ty_k": {"value": code}}}
        if standard is not None:
            mapping = {**mapping, "standard": standard}
    chosen = mapping.get("standard") or "geofa-facility"
    try:
        done = apply(df, mapping)
    except MappingError as err:
        sheets = list(getattr(report, "sheets", None) or [])
        if sheet is None and len(sheets) > 1:  # a cover page first: the data in another sheet
            which = ("this is the first" if report.sheet in (None, sheets[0]) else
                     f"'{report.sheet}' was read")
            raise MappingError(
                f"{err} The {_part_holder(report)} has {len(sheets)} {_part_word(report)}s "
                f"({', '.join(sheets)}) and {which}; if the data is in another, choose "
                "it with --sheet (sheet= in Python)."
            ) from None
        raise
    errors = check_table(done.table, chosen)
    table, listed = set_aside(done.table, done.problems, errors, chosen, lines=raw.lines)
    _say_repeated_rows(table, raw, report.warnings)
    _say_two_places(df, mapping, table, raw, report.warnings)
    used = source_columns(mapping)
    unmapped = [c for c in df.columns if c not in used and not blank_column(df, c)]
    return Standardised(df, report, mapping, table, done.problems, errors, unmapped, listed,
                        with_lines(done.changes, raw.lines), raw.line_word)
