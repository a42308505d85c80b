"""The readiness check: read the file once (through `oddk.read`), run every check, and
return one `CheckReport`.

Small files (up to 16 MB) are read whole by `oddk.read.read_table`, which also finds the
encoding, separator, header, sheets and coordinate system; larger CSV files are read as
text by pyarrow (`reading`), so a million rows take about a second and memory stays flat.
Each batch's columns go through `content.ColumnCheck` (and the standard's `SchemaCheck`);
`findings` turns the counts into the report.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd  # noqa: F401  (imported with the library, not timed with the check)
import pyarrow as pa
import pyarrow.compute as pc

from oddk.check import content, stars
from oddk.check.content import MAX_ROWS, ColumnCheck
from oddk.check.findings import (
    after_batches,
    disguised_or_cover,
    metadata_and_stars,
    workbook_formulas,
)
from oddk.check.personal import mask
from oddk.check.reading import facts, frame_to_batch, is_zip, raw_strings, stream
from oddk.check.report import CheckReport, make_finding
from oddk.check.structure import structure_findings
from oddk.read import ReadError, read_table

SMALL = 16 << 20  # read whole with read_table up to this size
UNOPENABLE = ("not-found", "permission-denied", "is-directory", "no-such-sheet")


def check(path, standard=None, metadata=None, language: str = "en", sheet: str | None = None
          ) -> CheckReport:
    """Check a data file before publishing; returns a `CheckReport` (verdict, stars, findings).

    `standard`: a Frictionless Table Schema (a dict, a .json/.yaml file, or a name that
    `oddk.standards` knows, e.g. the GeoFA facility points); `metadata`: a CKAN dataset dict
    (or its JSON file) for the licence and DCAT-AP-DK completeness; `language`: "en" or "da";
    `sheet`: the worksheet of a workbook (default: the first).

    An empty, binary or unreadable file is a report with a blocker; a path that does not
    exist or cannot be opened raises `oddk.read.ReadError` (code "not-found",
    "permission-denied", "is-directory" or "no-such-sheet"); an unknown standard raises
    ValueError. The file is only read, never changed.

        >>> report = check("datasets/bad/formler-synthetic.csv")      # doctest: +SKIP
        >>> report.verdict, sorted(report.codes)                         # doctest: +SKIP
        ('fix', ['formula-injection'])
    """
    language = language if language in ("en", "da") else "en"
    p = Path(path)
    schema, standard_name = (None, None)
    if standard is not None:
        from oddk.check.schema import load_standard

        schema, standard_name = load_standard(standard)
    md = stars.load_metadata(metadata) if metadata is not None else None
    r = CheckReport(path=str(p), language=language, standard=standard_name)
    r.facts["file"] = p.name
    if not p.exists() or p.is_dir():
        read_table(p)  # raises the reader's plain-words ReadError
    try:
        size = p.stat().st_size
    except OSError as e:
        raise ReadError("not-found", p, f"Could not open '{p.name}': {e.strerror or e}.") \
            from None
    big = size > SMALL and p.suffix.lower() in (".csv", ".tsv", ".txt") and not is_zip(p)
    try:
        if big:
            rr, batches, ragged_texts = stream(p)
            df = None
        else:
            df, rr = read_table(p, sheet=sheet)
            batches, ragged_texts = None, []
    except ReadError as e:
        if e.code in UNOPENABLE:
            raise
        code = "empty-file" if e.code == "empty-file" else "not-tabular"
        detail = str(e).rstrip(".")
        r.findings.append(make_finding(code, language, detail=mask(detail, 300)))
        r.facts["format"] = p.suffix.lstrip(".") or "?"
        metadata_and_stars(r, md, None, tabular=False, conforms=False)
        r.sort()
        return r
    r.facts.update(facts(rr, size))
    whole = rr.utf8_scan if big else None
    found, flags = structure_findings(p, rr, language, whole)
    r.findings += found
    if rr.rows == 0 and not big:
        detail = ("kun kolonnenavne, ingen rækker" if language == "da"
                  else "column names but no rows")
        r.findings.append(make_finding("empty-file", language, detail=detail))
    disguised_or_cover(r, p, rr, sheet, language)
    if df is not None:
        raw = raw_strings(p, rr) if rr.format in ("csv", "tsv") else None
        batches = iter([raw if raw is not None else frame_to_batch(df)])
        if raw is not None:
            df = None  # the columns are the file's own text: classify them ourselves
    cols = _run_batches(r, rr, batches, df, schema, language)
    after_batches(r, rr, cols, ragged_texts, language, flags, schema, standard_name)
    if rr.format == "xlsx":
        workbook_formulas(r, p, rr, cols, language)
    conforms = bool(schema) and not any(f.code == "schema-violation" for f in r.findings)
    metadata_and_stars(r, md, rr.format, tabular=rr.rows > 0, conforms=conforms)
    r.sort()
    return r


# --------------------------------------------------------------------------- reading


# --------------------------------------------------------------------------- batches


def _run_batches(r, rr, batches, df, schema, language):
    kinds = rr.types or {}
    cols: dict[str, ColumnCheck] = {}
    rows_total = 0
    row_hashes: list[np.ndarray] = []
    coord = _Coordinates(rr)
    schema_check = None
    if schema:
        from oddk.check.schema import SchemaCheck

        schema_check = SchemaCheck(schema, rr.column_names)
    for batch in batches:
        n = batch.num_rows
        if not n:
            continue
        h = np.zeros(n, dtype=np.uint64)
        cells = {}
        for name, arr in zip(batch.schema.names, batch.columns, strict=True):
            col = cols.get(name)
            if col is None:
                col = cols[name] = ColumnCheck(name, kinds.get(name) if df is not None else None)
            cells[name] = c = content.Cells(arr)  # facts shared by every check of the column
            col.update(c, rows_total)
            codes = content.value_codes(c)  # (dates and ids: already made by the update)
            # (threads per column were tried: slower, the many small calls fight for the GIL)
            h = h * np.uint64(1000003) ^ codes
        row_hashes.append(h)
        coord.update(cells, rows_total)
        if schema_check:
            schema_check.update(cells, rows_total)
        rows_total += n
    r.facts["rows"] = rows_total if df is None else r.facts["rows"]
    rr.rows = r.facts["rows"]
    cols["__rows__"] = row_hashes  # type: ignore[assignment]
    cols["__coord__"] = coord  # type: ignore[assignment]
    cols["__schema__"] = schema_check  # type: ignore[assignment]
    return cols


class _Coordinates:
    """Points outside Denmark, in the coordinate system the reader found."""

    def __init__(self, rr):
        self.cols = rr.coordinate_columns
        self.crs = rr.crs
        self.swapped = "swapped" in (rr.crs_source or "")
        self.decimal = rr.decimal
        self.points = 0
        self.outside = 0
        self.rows: list[int] = []

    def _numbers(self, cells):
        fast = cells.floats(decimal_comma=self.decimal == ",")
        if fast is not None:
            return fast.to_numpy(zero_copy_only=False)
        arr = cells.arr
        if self.decimal == ",":
            arr = pc.replace_substring(arr, ",", ".")
        arr = pc.utf8_trim_whitespace(arr)
        number = r"^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$"
        ok = pc.fill_null(pc.match_substring_regex(arr, number), False)
        return pc.cast(pc.if_else(ok, arr, None), pa.float64()).to_numpy(zero_copy_only=False)

    def update(self, cells: dict, row0):
        if not self.cols or any(c not in cells for c in self.cols):
            return
        from oddk.read_geo import RANGES

        x = self._numbers(cells[self.cols[0]])
        y = self._numbers(cells[self.cols[1]])
        have = ~np.isnan(x) & ~np.isnan(y)
        self.points += int(have.sum())
        if self.crs and not self.swapped:
            (x0, x1), (y0, y1) = RANGES[self.crs]
            out = have & ~((x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))
        else:
            out = have
        k = int(out.sum())
        if k:
            self.outside += k
            if len(self.rows) < MAX_ROWS:
                self.rows += [int(i) + row0 + 1 for i in np.flatnonzero(out)[: MAX_ROWS -
                                                                             len(self.rows)]]


