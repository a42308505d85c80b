"""Data standards as Frictionless Table Schemas, and the mapping tool that brings a
municipality's own file to one: suggest a mapping, apply it, validate, write.

The kit ships the GeoFA facility-points standard (theme t_5800_fac_pkt) in `schemas/`:
`geofa-facility` (every facility type) and profiles for toilets, playgrounds, parking and
benches. One call does the whole job headless:

    >>> result = standardise("datasets/facilities/aarhus-toiletter-synthetic.csv")  # doctest: +SKIP
    >>> result.table.head(), result.problems, result.errors  # doctest: +SKIP

Step by step: `read_table` → `suggest_mapping` (or `load_mapping`) → `apply_mapping` →
`validate_table` → `write_standard`; `save_mapping` keeps the mapping as YAML to replay.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from oddk.standards.apply import (
    MappingError,
    apply_mapping,
    csv_text,
    describe,
    geojson_doc,
    geojson_text,
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
)
from oddk.standards.mapping_file import load_mapping, mapping_yaml, save_mapping
from oddk.standards.suggest import mapping_table, suggest_mapping
from oddk.standards.validate import validate_file, validate_rows, validate_table

__all__ = [
    "COLUMNS",
    "REQUIRED",
    "STANDARDS",
    "MappingError",
    "Standardised",
    "apply_mapping",
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
    "standardise",
    "suggest_mapping",
    "validate_file",
    "validate_rows",
    "validate_table",
    "write_standard",
]


@dataclass
class Standardised:
    """What `standardise` gives back: the source table and its read report, the mapping used,
    the standard table, values that could not be converted, and rows that break the schema."""

    source: pd.DataFrame
    report: object
    mapping: dict
    table: pd.DataFrame
    problems: pd.DataFrame  # row, field, column, value, problem
    errors: pd.DataFrame  # row, field, value, problem (frictionless, against the standard's schema)
    unmapped: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.errors.empty


def standardise(
    path,
    standard: str = "geofa-facility",
    facility_type=None,
    mapping=None,
    municipality=None,
    sheet=None,
) -> Standardised:
    """Read `path`, map it (the saved `mapping`, a dict or a YAML path, or else the suggested
    one), convert it, and validate the result against the standard's Table Schema.
    Raises `oddk.read.ReadError` for unreadable files and `MappingError` when a required field
    cannot be filled."""
    from oddk.read import read_raw

    if isinstance(mapping, (str, Path)):
        mapping = load_mapping(mapping)
    sheet = sheet or (mapping or {}).get("sheet")
    raw = read_raw(path, sheet=sheet)  # read once; the typed frame is made from it
    df, report = raw.frame(), raw.report
    if mapping is None:
        mapping = suggest_mapping(
            df,
            report,
            source=path,
            facility_type=facility_type,
            municipality=municipality,
            standard=standard,
        )
    elif facility_type not in (None, ""):
        code = facility_code(facility_type)
        mapping = {**mapping, "fields": {**mapping["fields"], "facil_ty_k": {"value": code}}}
    table, problems = apply_mapping(df, mapping)
    errors = validate_table(table, mapping.get("standard") or standard)
    used = {s.get("column") for s in mapping["fields"].values()} | {
        (mapping.get("geometry") or {}).get(a) for a in ("x", "y")
    }
    unmapped = [c for c in df.columns if c not in used]
    return Standardised(df, report, mapping, table, problems, errors, unmapped)
