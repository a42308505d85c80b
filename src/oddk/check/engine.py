"""The readiness check: open the file once (`table`), hand every batch of text columns to
every rule (`rules`), and put the rules' findings, "what is good" lines and stars into one
`CheckReport`.

A column's rules run in a worker thread when a batch is large (pyarrow.compute releases
the GIL, so two columns are checked at once on two cores); the rules that need the whole
row (duplicates, coordinates, the standard) run after each batch.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd  # noqa: F401  (imported with the library, not timed with the check)
import pyarrow as pa

from oddk.check import stars
from oddk.check.cells import Cells
from oddk.check.messages import GOOD
from oddk.check.profile import profile
from oddk.check.report import CheckReport
from oddk.check.rules import RULES, Context
from oddk.check.table import open_table
from oddk.check.words import Words
from oddk.errors import ReadError
from oddk.personal import mask, mask_label
from oddk.read_large import quick_memory_pool

PARALLEL_ROWS = 50_000  # batches this large have their columns checked on two threads
_GOOD_ORDER = {key: i for i, key in enumerate(GOOD)}


def check(path, standard=None, metadata=None, language: str = "en", sheet: str | None = None,
          rules=None) -> CheckReport:
    """Check a data file before publishing; returns a `CheckReport` (verdict, stars, findings).

    `standard`: a Frictionless Table Schema (a dict, a .json/.yaml file, or a name that
    `oddk.standards` knows, e.g. the GeoFA facility points); `metadata`: a CKAN dataset dict
    (or its JSON file) for the licence and DCAT-AP-DK completeness; `language`: "en" or "da";
    `sheet`: the worksheet of a workbook (default: the first); `rules`: the rules to run
    (default: all of `oddk.check.rules.RULES`).

    An empty, binary or unreadable file is a report with a blocker; a path that does not
    exist or cannot be opened raises `oddk.errors.ReadError` (code "not-found",
    "permission-denied", "is-directory" or "no-such-sheet"); an unknown standard raises
    ValueError. The file is opened once and only read, never changed.

        >>> report = check("datasets/bad/formler-synthetic.csv")      # doctest: +SKIP
        >>> report.verdict, sorted(report.codes)                         # doctest: +SKIP
        ('fix', ['formula-injection'])
    """
    say = Words(language)
    schema, standard_name = None, None
    if standard is not None:
        from oddk.check.schema import load_standard

        schema, standard_name = load_standard(standard)
    md = stars.load_metadata(metadata) if metadata is not None else None
    quick_memory_pool()
    table = open_table(path, sheet)
    ctx = Context(table, say, schema, standard_name, md)
    r = CheckReport(path=str(Path(path)), language=say.language, standard=standard_name)
    r.facts["file"] = mask(table.path.name, 200)  # a CPR number in a file's name stays hidden
    active = [R(ctx) for R in (RULES if rules is None else rules)
              if table.error is None or not R.needs_table]
    if table.error is None:
        try:
            ctx.rows = _run(ctx, table, active)
        except ReadError as e:  # found while reading on (a line too long for the kit)
            table.error, ctx.rows = e, 0
            active = [R(ctx) for R in (RULES if rules is None else rules) if not R.needs_table]
    if table.error is None:
        table.report.rows = ctx.rows
        r.facts.update(_facts(table))
    else:
        r.facts["format"] = table.path.suffix.lstrip(".") or "?"
    return _report(r, ctx, active)


def personal_columns(raw, language: str = "en") -> tuple[list[str], list]:
    """(the columns of a raw table that hold personal data, the findings), from the table
    already read (`oddk.read.read_raw`): the personal-data rule alone, nothing opened again.
    `oddk export` uses it to say what the cleaned file still holds."""
    from oddk.check.rules.dates import Dates
    from oddk.check.rules.personal import PersonalData
    from oddk.check.table import BATCH_ROWS, Table, raw_batch

    table = Table(Path(raw.report.path), 0, report=raw.report, header=raw.header,
                  known_kinds=dict(raw.report.types or {}) if raw.typed_by_format else {})
    whole = raw_batch(raw)  # in slices (not copied): a large file's columns one part at a time
    table.batches = (whole.slice(i, BATCH_ROWS) for i in range(0, max(1, whole.num_rows),
                                                                 BATCH_ROWS))
    ctx = Context(table, Words(language))
    active = [Dates(ctx), PersonalData(ctx)]  # dates first, so date columns are passed over
    ctx.rows = _run(ctx, table, active)
    findings = [f for f in active[1].end() if f.code != "contact-point"]
    return [c for c in raw.columns if c in ctx.hidden], findings


def _facts(t) -> dict:
    rr = t.report
    return {
        "format": rr.format, "bytes": t.size, "encoding": rr.encoding_name,
        "separator": rr.separator, "decimal": rr.decimal, "header_row": rr.header_row,
        "rows": rr.rows, "columns": rr.columns, "column_names": rr.column_names,
        "sheets": [mask_label(n) for n in rr.sheets] if rr.sheets else rr.sheets,
        "sheet": mask_label(rr.sheet) if rr.sheet else rr.sheet, "crs": rr.crs,
        "coordinate_columns": rr.coordinate_columns, "types": dict(rr.types or {}),
    }


def _run(ctx: Context, table, active) -> int:
    """Every batch through every rule; the number of rows."""
    rows = 0
    with ThreadPoolExecutor(max_workers=2) as pool:
        later = pool.submit(table.later) if table.later else None
        for batch in table.batches:
            n, columns = batch.num_rows, _columns(ctx, batch)
            del batch  # its columns live on in the cells, each put together once
            rows += _batch(ctx, active, columns, n, rows, pool)
        if table.ragged_texts:  # rows of a streamed file that did not fit: still scanned
            name = ctx.say.detail("ragged-rows-column")
            extra = pa.record_batch([pa.array(table.ragged_texts[:100_000], pa.string())],
                                    names=[name])
            _batch(ctx, active, _columns(ctx, extra), extra.num_rows, 0, None)
        if later is not None:
            later.result()
    return rows


def _columns(ctx: Context, batch) -> dict:
    """{name: Cells} of a batch; each column's profile is made from its first batch."""
    columns = {}
    for name, arr in zip(batch.schema.names, batch.columns, strict=True):
        if name not in ctx.profiles:
            ctx.profiles[name] = profile(name, arr, ctx.table.known_kinds.get(name))
        columns[name] = Cells(arr)
    return columns


def _batch(ctx: Context, active, columns: dict, n: int, row0: int, pool) -> int:
    if not n:
        return 0

    kept = set().union(*(rule.batch_columns() for rule in active))

    def one(name):
        cells, prof = columns[name], ctx.profiles[name]
        for rule in active:
            rule.column(name, cells, prof, row0)
        if name not in kept:
            cells.release()  # what the rules made of this column is not needed any more

    if pool is not None and n >= PARALLEL_ROWS and len(columns) > 1:
        list(pool.map(one, sorted(columns, key=lambda c: -columns[c]._arr.nbytes)))
    else:
        for name in columns:
            one(name)
    for rule in active:
        rule.batch(columns, row0, n)
    return n


def _report(r: CheckReport, ctx: Context, active) -> CheckReport:
    good = []
    for rule in sorted(active, key=lambda x: x.end_order):
        for f in rule.end():
            f.rule = rule.name
            r.findings.append(f)
        good += rule.good()
    good.sort(key=lambda g: _GOOD_ORDER[g[0]])
    r.good = [ctx.say.good(key, **fields) for key, fields in good]
    r.stars, r.stars_reasons = ctx.stars
    r.metadata = ctx.completeness
    r.sort()
    return r
