"""The readiness check: read the file once (through `oddk.read`), run every check, and
return one `CheckReport`.

Small files (up to 16 MB) are read whole by `oddk.read.read_table`, which also finds the
encoding, separator, header, sheets and coordinate system. Larger CSV files are described
by `read_table` on their first 128 kB and then read by pyarrow's CSV reader as text, in
blocks (streamed when over 256 MB), so a million rows take seconds and memory stays flat;
the encoding is checked over the whole file.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd  # noqa: F401  (imported with the library, not timed with the check)
import pyarrow as pa
import pyarrow.compute as pc

from oddk.check import content, stars
from oddk.check.content import MAX_ROWS, ColumnCheck
from oddk.check.messages import WORDS
from oddk.check.personal import mask
from oddk.check.report import CheckReport, Finding, good_line, make_finding
from oddk.check.structure import structure_findings, utf8_problem_lines
from oddk.read import ReadError, read_table

SMALL = 16 << 20  # read whole with read_table up to this size
SAMPLE = 128 << 10  # bytes read_table sees of a larger file
WHOLE = 256 << 20  # larger CSV files are streamed block by block
BATCH_ROWS = 250_000  # rows per batch when the file was read at once
BLOCK = 8 << 20  # pyarrow block size when streaming
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
    big = size > SMALL and p.suffix.lower() in (".csv", ".tsv", ".txt") and not _is_zip(p)
    try:
        if big:
            rr, batches, ragged_texts = _stream(p)
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
        _metadata_and_stars(r, md, None, tabular=False, conforms=False)
        r.sort()
        return r
    r.facts.update(_facts(rr, size))
    whole = rr.utf8_scan if big else None
    found, flags = structure_findings(p, rr, language, whole)
    r.findings += found
    if rr.rows == 0 and not big:
        detail = ("kun kolonnenavne, ingen rækker" if language == "da"
                  else "column names but no rows")
        r.findings.append(make_finding("empty-file", language, detail=detail))
    _disguised_or_cover(r, p, rr, sheet, language)
    if df is not None:
        raw = _raw_strings(p, rr) if rr.format in ("csv", "tsv") else None
        batches = iter([raw if raw is not None else _frame_to_batch(df)])
        if raw is not None:
            df = None  # the columns are the file's own text: classify them ourselves
    cols = _run_batches(r, rr, batches, df, schema, language)
    _after_batches(r, rr, cols, ragged_texts, language, flags, schema, standard_name)
    if rr.format == "xlsx":
        _workbook_formulas(r, p, rr, cols, language)
    conforms = bool(schema) and not any(f.code == "schema-violation" for f in r.findings)
    _metadata_and_stars(r, md, rr.format, tabular=rr.rows > 0, conforms=conforms)
    r.sort()
    return r


# --------------------------------------------------------------------------- reading


def _is_zip(p: Path) -> bool:
    with open(p, "rb") as f:
        return f.read(4) in (b"PK\x03\x04", b"PK\x05\x06")


def _facts(rr, size: int) -> dict:
    return {
        "format": rr.format, "bytes": size, "encoding": rr.encoding_name,
        "separator": rr.separator, "decimal": rr.decimal, "header_row": rr.header_row,
        "rows": rr.rows, "columns": rr.columns, "column_names": rr.column_names,
        "sheets": rr.sheets, "sheet": rr.sheet, "crs": rr.crs,
        "coordinate_columns": rr.coordinate_columns,
    }


def _raw_strings(p: Path, rr) -> pa.RecordBatch | None:
    """A small CSV's cells as the file writes them ("1.234,50", "-40,00", "0751"), with the
    rows read_table found (same header, title lines, ragged rows); None if they disagree."""
    import re


    enc = (rr.encoding or "utf-8").lower()
    data = p.read_bytes()
    errors = "strict"
    if enc in ("utf-8", "utf-8-sig"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            errors = "oddk-cp1252"
    try:
        text = data.decode(rr.encoding or "utf-8", errors=errors).lstrip("\ufeff")
    except (UnicodeDecodeError, LookupError):
        return None
    hint = re.match(r'"?sep=(.)"?\r?\n', text)
    first = (rr.header_row or 1) - 1 - (1 if hint else 0)
    if hint:
        text = text[hint.end():]
    try:
        raw = pd.read_csv(io.StringIO(text), sep=rr.separator or ",", header=None,
                          names=list(range(len(rr.column_names))), dtype=str,
                          keep_default_na=False, na_values=[""], skip_blank_lines=True,
                          skiprows=list(range(first)) if first > 0 else None,
                          engine="python" if len(rr.separator or ",") > 1 else "c")
    except (pd.errors.ParserError, ValueError):
        return None
    if rr.header_row is not None:
        raw = raw.iloc[1:]
    if len(raw) != rr.rows:
        return None
    arrays = [pa.array(raw[c], type=pa.string(), from_pandas=True) for c in raw.columns]
    return pa.RecordBatch.from_arrays(arrays, names=list(rr.column_names))


def _disguised_or_cover(r, p, rr, sheet, language):
    """An Excel workbook named .csv, or a workbook whose first sheet is a cover page."""
    da = language == "da"
    if rr.format == "xlsx" and p.suffix.lower() not in (".xlsx", ".xlsm"):
        detail = (f"'{p.name}' er en Excel-projektmappe (XLSX) med et {p.suffix}-navn" if da
                  else f"'{p.name}' is an Excel workbook (XLSX) with a {p.suffix} name")
        r.findings.append(make_finding("not-tabular", language, detail=detail))
    if (rr.format == "xlsx" and sheet is None and rr.sheets and len(rr.sheets) > 1
            and rr.columns <= 1):
        nxt = rr.sheets[1]
        detail = (f"det første ark '{rr.sheet}' har kun én kolonne (en forside?); data står "
                  f"nok i '{nxt}': tjek med sheet='{nxt}'" if da else
                  f"the first sheet '{rr.sheet}' has one column only (a cover page?); the data "
                  f"is probably in '{nxt}': check it with sheet='{nxt}'")
        r.findings.append(make_finding("not-tabular", language, detail=detail))


def _frame_to_batch(df) -> pa.RecordBatch:
    """The table from read_table as text columns (numbers written back as text)."""
    arrays = []
    for c in df.columns:
        s = df[c]
        if s.dtype == object:
            s = s.map(lambda v: None if v is None or v != v else str(v))
        arrays.append(pa.array(s.astype("str"), type=pa.string(), from_pandas=True))
    return pa.RecordBatch.from_arrays(arrays, names=[str(c) for c in df.columns])


def _stream(p: Path):
    """(read report from the first 128 kB, an iterator of text batches, ragged row texts)."""
    import pyarrow.csv as pcsv

    with open(p, "rb") as f:
        head = f.read(SAMPLE)
    cut = head.rfind(b"\n") + 1 or len(head)
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / p.name
        sample.write_bytes(head[:cut])
        _, rr = read_table(sample)
    rr.path = str(p)
    rr.ragged_rows = []  # counted over the whole file below
    names = [c for c in rr.column_names if not c.startswith("extra_")]
    rr.column_names = names
    ragged: list[str] = []

    def on_ragged(row):
        ragged.append(row.text)
        return "skip"

    options = dict(
        read_options=pcsv.ReadOptions(column_names=names, skip_rows=rr.header_row or 0,
                                      block_size=BLOCK),
        # a line break inside a value needs quotes; without any, the faster parser is exact
        parse_options=pcsv.ParseOptions(delimiter=rr.separator or ",",
                                        newlines_in_values=_has_quotes(p),
                                        invalid_row_handler=on_ragged),
        convert_options=pcsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                            strings_can_be_null=True, null_values=[""]),
    )
    enc = (rr.encoding or "utf-8").lower()
    whole = p.stat().st_size <= WHOLE
    rr.utf8_scan = (0, [])
    if enc not in ("utf-8", "utf-8-sig") or not whole:
        rr.utf8_scan = utf8_problem_lines(p)
    if enc not in ("utf-8", "utf-8-sig") or rr.utf8_scan[0]:
        return rr, _transcoded(p, enc, options), ragged
    if not whole:  # streamed block by block: memory stays flat
        return rr, iter(pcsv.open_csv(str(p), **options)), ragged
    try:  # read at once with pyarrow's threads (1 MB blocks keep both cores busy), then
        # handed out in batches of BATCH_ROWS (fewer, larger batches: fewer calls per check)
        options["read_options"].block_size = 1 << 20
        table = pcsv.read_csv(str(p), **options).combine_chunks()
    except pa.ArrowInvalid as e:
        if "utf8" not in str(e).lower():
            raise
        rr.utf8_scan = utf8_problem_lines(p)  # pyarrow checks UTF-8 as it reads
        ragged.clear()
        return rr, _transcoded(p, "utf-8", options), ragged
    return rr, iter(table.to_batches(max_chunksize=BATCH_ROWS)), ragged


def _transcoded(p: Path, enc: str, options: dict):
    """Batches of a file that is not (all) UTF-8, decoded once in memory (rare: a blocker)."""
    import pyarrow.csv as pcsv

    errors = "oddk-cp1252" if enc in ("utf-8", "utf-8-sig") else "replace"
    data = p.read_bytes().decode(enc, errors=errors).encode("utf-8")
    return iter(pcsv.open_csv(io.BytesIO(data), **options))


def _has_quotes(p: Path) -> bool:
    with open(p, "rb") as f:
        while chunk := f.read(16 << 20):
            if b'"' in chunk:
                return True
    return False


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


# --------------------------------------------------------------------------- findings


def _after_batches(r, rr, cols, ragged_texts, language, flags, schema, standard_name):
    da = language == "da"
    row_hashes = cols.pop("__rows__")
    coord = cols.pop("__coord__")
    schema_check = cols.pop("__schema__")
    personal_columns = set()
    # ragged rows in a streamed file: counted, scanned for personal data and formulas
    if ragged_texts:
        names = [c for c in rr.column_names]
        r.findings.append(make_finding(
            "ragged-rows", language, count=len(ragged_texts), width=len(names),
            where=(" (" + ("fx" if da else "e.g.") + " '" + mask(ragged_texts[0], 50) + "')")))
        flags.pop("even", None)
        extra = ColumnCheck("(ragged rows)" if not da else "(ujævne rækker)")
        extra.update(pa.array(ragged_texts[:100000], pa.string()), 0)
        cols[extra.name] = extra
    for name, col in cols.items():
        kinds = col.personal_kinds()
        if kinds:
            personal_columns.add(name)
        r.findings += _personal_findings(col, kinds, language)
    shifted = bool(rr.ragged_rows or ragged_texts)
    for name, col in cols.items():
        hide = name in personal_columns
        found = _column_findings(col, language, hide)
        if shifted:  # values pushed into the wrong columns: fix the rows first
            found = [f for f in found if f.code not in ("mixed-types", "number-format")]
        r.findings += found
    # duplicate rows
    if row_hashes:
        import pandas as pd

        h = np.concatenate(row_hashes)
        dup = pd.Series(h).duplicated(keep="first").to_numpy()
        k = int(dup.sum())
        if k:
            rows = [int(i) + 1 for i in np.flatnonzero(dup)[:MAX_ROWS]]
            r.findings.append(make_finding("duplicate-rows", language, count=k, rows=rows))
        else:
            flags["no_duplicates"] = True
    # coordinates
    _coordinate_findings(r, rr, coord, language, flags)
    if schema_check is not None:
        r.findings += schema_check.findings(language, standard_name, personal_columns)
    _good(r, rr, cols, flags, language, standard_name)


def _examples(values, hide: bool, language: str) -> str:
    if not values:
        return ""
    shown = ["•••" if hide else mask(v, 40) for v in values[:3]]
    return ", ".join(repr(v) for v in shown)


def _personal_findings(col: ColumnCheck, kinds: set, language: str) -> list[Finding]:
    out = []
    for kind in sorted(kinds):
        d = col.personal.get(kind, {"count": 0, "rows": [], "examples": [], "distinct": set()})
        if kind == "cpr" and col.cpr_pure_valid and col.cpr_pure_valid / max(
                1, col.cpr_pure_candidates) >= 0.9 and col.cpr_pure_valid >= 3:
            d = {"count": d["count"] + col.cpr_pure_valid,
                 "rows": sorted(d["rows"] + col.cpr_pure_rows)[:MAX_ROWS],
                 "examples": (d["examples"] + col.cpr_pure_examples)[:3],
                 "distinct": d["distinct"]}
        examples = ", ".join(d["examples"])
        code = {"cpr": "personal-data-cpr", "email": "personal-data-email",
                "phone": "personal-data-phone", "user_id": "personal-data-user-id",
                "user_column": "personal-data-user-id", "name": "personal-data-name"}[kind]
        severity = None
        distinct = len(d["distinct"])
        if kind in ("email", "phone") and distinct <= 2 and d["count"] > 2:
            severity = "warning"  # one or two shared contact points, repeated
        out.append(make_finding(code, language, severity=severity, column=col.name,
                                count=d["count"], rows=d["rows"], examples=examples,
                                examples_list=list(d["examples"]),
                                distinct=distinct if distinct < 1000 else "1000+"))
    return out


def _column_findings(col: ColumnCheck, language: str, hide: bool) -> list[Finding]:
    da = language == "da"
    out = []
    filled = col.rows_seen - col.empty
    if col.empty:
        share = col.empty / max(1, col.rows_seen)
        severity = "warning" if share >= 0.5 else None
        out.append(make_finding("missing-values", language, severity=severity, column=col.name,
                                count=col.empty, rows=col.empty_rows,
                                share=f"{share:.0%}" if share >= 0.01 else f"{share:.2%}"))
    if col.is_date:
        many = {k: v for k, v in col.date_formats.items()}
        if len(many) > 1:
            fmts = ", ".join(f"{k} ({v})" for k, v in sorted(many.items(), key=lambda x: -x[1]))
            detail = (f"datoer i {len(many)} formater: {fmts}" if da
                      else f"dates in {len(many)} formats: {fmts}")
            out.append(make_finding("mixed-types", language, column=col.name, detail=detail))
        if col.bad_dates:
            ex = _examples(col.bad_date_examples, hide, language)
            out.append(make_finding("invalid-date", language, column=col.name,
                                    count=col.bad_dates, rows=col.bad_date_rows,
                                    examples=f" ({ex})" if ex else "",
                                    examples_list=None if hide else
                                    [mask(v, 40) for v in col.bad_date_examples]))
    elif filled and col.numbers and col.texts and col.numbers / filled >= 0.5:
        ex = _examples(col.text_examples, hide, language)
        detail = (f"{col.numbers} tal og {col.texts} tekst ({ex})" if da
                  else f"{col.numbers} numbers and {col.texts} text ({ex})")
        out.append(make_finding("mixed-types", language, column=col.name, detail=detail,
                                rows=col.text_rows, count=col.texts,
                                examples_list=None if hide else
                                [mask(v, 40) for v in col.text_examples]))
    elif col.comma_dec and col.point_dec:
        detail = (f"decimalkomma ({col.comma_dec}) og decimalpunktum ({col.point_dec})" if da
                  else f"decimal comma ({col.comma_dec}) and decimal point ({col.point_dec})")
        out.append(make_finding("mixed-types", language, column=col.name, detail=detail))
    if col.thousands and not col.texts:
        detail = ("'.' som tusindtalsseparator" if da else "'.' as thousands separator") + (
            (", ',' som decimaltegn" if da else ", ',' as decimal mark") if col.comma_dec else "")
        out.append(make_finding("number-format", language, column=col.name, detail=detail,
                                count=col.thousands))
    if col.is_municipality and col.muni_bad:
        vals = sorted(col.muni_values, key=lambda v: -col.muni_values[v])
        shown = ["•••" if hide else mask(v, 20) for v in vals[:8]]
        ex = ", ".join(repr(v) for v in shown)
        regions = [v for v in vals if v.strip().lstrip("0") in
                   ("81", "82", "83", "84", "85", "1081", "1082", "1083", "1084", "1085")]
        detail = ""
        if regions:
            detail = (f" {', '.join(regions)} er regionskoder." if da
                      else f" {', '.join(regions)} are region codes.")
        if "411" in vals:
            detail += (" 411 er Christiansø, der ikke hører til en kommune." if da else
                       " 411 is Christiansø, which belongs to no municipality.")
        out.append(make_finding("invalid-municipality-code", language, column=col.name,
                                count=col.muni_bad, rows=col.muni_rows, examples=ex,
                                detail=detail, examples_list=shown))
    if col.is_id:
        k, rows = col.duplicate_ids()
        if k:
            out.append(make_finding("duplicate-ids", language, column=col.name, count=k,
                                    rows=rows))
    if col.formula:
        ex = _examples(col.formula_examples, hide, language)
        out.append(make_finding("formula-injection", language, column=col.name,
                                count=col.formula, rows=col.formula_rows,
                                examples=f": {ex}" if ex else "",
                                examples_list=None if hide else
                                [mask(v, 40) for v in col.formula_examples]))
    return out


def _coordinate_findings(r, rr, coord, language, flags):
    da = language == "da"
    if not coord.cols:
        return
    cols_text = " og ".join(f"'{c}'" for c in coord.cols) if da else \
        " and ".join(f"'{c}'" for c in coord.cols)
    if coord.points == 0:
        return
    if coord.outside:
        if coord.crs is None:
            detail = (" i EPSG:25832, WGS84 eller EPSG:3857" if da
                      else " in EPSG:25832, WGS84 or EPSG:3857")
        elif coord.swapped:
            detail = (f": kolonnerne ser ombyttede ud ({coord.crs} med x og y byttet om)" if da
                      else f": the columns look swapped ({coord.crs} with x and y exchanged)")
        else:
            detail = f" ({coord.crs})"
        severity = "blocker" if coord.outside / coord.points > 0.5 else "warning"
        r.findings.append(make_finding("coordinates-outside-denmark", language,
                                       severity=severity, count=coord.outside,
                                       columns=cols_text, detail=detail, rows=coord.rows))
    else:
        flags["coordinates_ok"] = (cols_text, coord.crs)
    if coord.crs == "EPSG:3857":
        r.findings.append(make_finding("web-mercator", language, columns=cols_text))
    elif coord.crs and (rr.crs_source or "").startswith("guessed") and not coord.swapped:
        r.findings.append(make_finding("crs-not-stated", language, columns=cols_text,
                                       crs=coord.crs))


def _workbook_formulas(r, p, rr, cols, language):
    from oddk.check.formulas import workbook_formula_cells

    try:
        found = workbook_formula_cells(p, rr.sheet, rr.header_row)
    except Exception:  # a damaged workbook was already reported by the reader
        return
    for col, rows in found.items():
        # a formula whose result was never saved reads as an empty cell: not missing data
        for f in list(r.findings):
            if f.code == "missing-values" and f.column == col and set(f.rows or []) <= set(rows) \
                    and (f.count or 0) <= len(rows):
                r.findings.remove(f)
        if any(f.code == "formula-injection" and f.column == col for f in r.findings):
            continue
        r.findings.append(make_finding("formula-injection", language, column=col,
                                       count=len(rows), rows=rows[:MAX_ROWS], examples=""))


def _good(r, rr, cols, flags, language, standard_name):
    codes = r.codes
    g = []
    if flags.get("utf8"):
        g.append(good_line("utf8", language))
    if rr.rows and not codes & {"duplicate-column", "empty-column-name", "no-header"}:
        g.append(good_line("table", language, rows=rr.rows, columns=len(rr.column_names)))
    if flags.get("even") and rr.format in ("csv", "tsv") and "ragged-rows" not in codes:
        g.append(good_line("even", language))
    if rr.format in ("csv", "tsv", "json", "geojson"):
        g.append(good_line("open_format", language, format=rr.format.upper()))
    if not any(c.startswith("personal-data-") for c in codes):
        g.append(good_line("no_personal", language))
    if "formula-injection" not in codes:
        g.append(good_line("no_formulas", language))
    if flags.get("no_duplicates") and rr.rows > 1:
        g.append(good_line("no_duplicates", language))
    if "missing-values" not in codes and rr.rows:
        g.append(good_line("complete", language))
    dates = [n for n, c in cols.items() if c.is_date and not c.bad_dates
             and len(c.date_formats) == 1]
    if dates:
        g.append(good_line("dates_ok", language, columns=", ".join(dates)))
    munis = [n for n, c in cols.items() if c.is_municipality and not c.muni_bad]
    if munis:
        g.append(good_line("municipality_ok", language, columns=", ".join(munis)))
    if flags.get("coordinates_ok"):
        cols_text, crs = flags["coordinates_ok"]
        g.append(good_line("coordinates_ok", language, columns=cols_text, crs=crs))
    if standard_name and "schema-violation" not in codes:
        g.append(good_line("standard_ok", language, standard=standard_name))
    r.good = g


def _metadata_and_stars(r, md, fmt, tabular, conforms):
    language = r.language
    da = language == "da"
    licence_open = None
    if md is None:
        r.findings.append(make_finding("no-metadata", language))
    else:
        comp = stars.completeness(md)
        lic = stars.licences(md)
        missing_lic = [name for name, x in lic if not x]
        if missing_lic:
            named = ", ".join(f"'{n}'" for n in missing_lic if n)
            detail = ((" for ressourcen " if da else " for resource ") + named) if named else ""
            r.findings.append(make_finding("no-licence", language, detail=detail))
            licence_open = False
        else:
            licence_open = all(stars.is_open(x) for _, x in lic)
            if licence_open:
                r.good.append(good_line("licence", language,
                                        licence=", ".join(sorted({x for _, x in lic}))))
        if comp["mandatory"]["missing"]:
            r.findings.append(make_finding("metadata-missing", language,
                                           fields=", ".join(comp["mandatory"]["missing"])))
        else:
            r.good.append(good_line("metadata_complete", language))
        if comp["recommended"]["missing"]:
            r.findings.append(make_finding("metadata-recommended", language,
                                           fields=", ".join(comp["recommended"]["missing"])))
        m, rec = comp["mandatory"], comp["recommended"]
        comp["summary"] = (
            f"{'påkrævet' if da else 'mandatory'} {m['present']}/{m['total']}, "
            f"{'anbefalet' if da else 'recommended'} {rec['present']}/{rec['total']}")
        r.metadata = comp
        conforms = conforms or bool(md.get("conforms_to") or md.get("conformsTo"))
    level, reasons = stars.star_level(fmt, tabular, licence_open, conforms, language)
    r.stars, r.stars_reasons = level, reasons
    _ = WORDS
