"""Write a table as an open-data CSV: UTF-8 and comma-separated, with every cell that a
spreadsheet would run as a formula neutralised; and, on request, a copy that Danish Excel
opens correctly (`;` separator, BOM, decimal comma).

Danish Excel reads a plain comma CSV as one column and shows UTF-8 æ, ø, å wrongly unless
the file starts with a BOM; hence the second copy. Personal data is never removed silently:
check first (`oddk check`), decide, then export.

    >>> export("toiletter.xlsx", "build/toiletter.csv", excel=True)   # doctest: +SKIP
    {'csv': 'build/toiletter.csv', 'excel': 'build/toiletter-excel.csv', 'neutralised': 2, ...}
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from oddk.check.formulas import formula_mask, is_formula, neutralise
from oddk.personal import mask
from oddk.safe_write import guard

__all__ = ["export", "export_frame", "open_data_columns", "open_data_text", "main_export"]


CHUNK = 50_000  # rows written at a time: memory stays flat on large files


def open_data_columns(raw) -> dict:
    """The columns of a raw table as they go into an open-data CSV: text as written, whole
    numbers as digits, decimal numbers (kept as numbers until written) with a point and
    without thousands separators ("1.234,50" → 1234.5). {name: pyarrow array}."""
    import pandas as pd

    if raw.typed_by_format:
        df, text = raw.frame(), raw.text()
    else:  # a text file: its typed frame keeps the other columns' text as written
        df = text = raw.frame(keep_text=False)  # (the text of a number column is let go)
    out = {}
    for c in text.columns:
        s = df[c]
        if pd.api.types.is_float_dtype(s):
            out[str(c)] = pa.array(s, type=pa.float64(), from_pandas=True)
        elif pd.api.types.is_integer_dtype(s) and not pd.api.types.is_bool_dtype(s):
            out[str(c)] = pc.cast(pa.array(s, type=pa.int64(), from_pandas=True), pa.string())
        else:
            out[str(c)] = pa.array(text[c], type=pa.string(), from_pandas=True)
    return out


def open_data_text(raw):
    """Every cell of a raw table as open-data text ('' when empty), as a DataFrame: for a
    look in a notebook (export itself writes the columns chunk by chunk)."""
    import pandas as pd

    cols = open_data_columns(raw)
    return pd.DataFrame({c: _texts(a, ".") for c, a in cols.items()}).astype(object)


def _texts(arr, mark: str) -> list[str]:
    """A column's cells as the text written: a decimal number as Python writes it (a whole
    one without '.0'), with `mark` as decimal mark; '' when empty."""
    if pa.types.is_floating(arr.type):
        out = ["" if v is None or v != v else (str(int(v)) if v.is_integer() else repr(v))
               for v in arr.to_pylist()]
        return [v.replace(".", mark) for v in out] if mark != "." else out
    return ["" if v is None else v for v in arr.to_pylist()]


def export_frame(columns: dict, out, excel: bool = False, force: bool = False,
                 inputs=()) -> dict:
    """Write `columns` ({name: pyarrow array}, see `open_data_columns`) to `out` (UTF-8,
    comma) and, with `excel=True`, a Danish-Excel copy next to it (`<name>-excel.csv`: `;`,
    BOM, decimal comma). Every cell and column name that a spreadsheet would run as a
    formula gets a `'` in front. Refuses to write over one of `inputs` (by identity) and,
    unless `force=True`, over an existing file. Returns what was written and how many cells
    were neutralised."""
    out = Path(out)
    targets = [out] + ([out.with_name(out.stem + "-excel" + out.suffix)] if excel else [])
    for t in targets:
        guard(t, inputs, force)
    names = [neutralise(str(c)) for c in columns]
    neutralised = sum(1 for c in columns if is_formula(str(c)))
    cells = [(0, str(c)) for c in columns if is_formula(str(c))]  # row 0: the header
    safe = {}
    for name, arr in columns.items():
        if pa.types.is_string(arr.type):
            hit = pc.fill_null(formula_mask(arr), False)
            k = int(pc.sum(hit).as_py() or 0)
            if k:
                neutralised += k
                rows = np.flatnonzero(np.asarray(hit.to_numpy(zero_copy_only=False), bool))
                cells += [(int(i) + 1, name) for i in rows[:20]]
                arr = pc.if_else(hit, pc.binary_join_element_wise("'", arr, ""), arr)
        safe[name] = arr
    n = len(next(iter(columns.values()))) if columns else 0
    _write(out, names, safe, n, ",", "\n", "utf-8", ".")
    result = {"csv": str(out), "rows": n, "columns": len(names), "neutralised": neutralised,
              "neutralised_cells": sorted(cells)[:20]}
    if excel:
        _write(targets[1], names, safe, n, ";", "\r\n", "utf-8-sig", ",")
        result["excel"] = str(targets[1])
    return result


def _write(target: Path, names, columns: dict, n: int, sep: str, eol: str, encoding: str,
           mark: str) -> None:
    """One CSV, written chunk by chunk to a new file that takes its name when complete."""
    import os
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as f:
            w = csv.writer(f, delimiter=sep, lineterminator=eol, quoting=csv.QUOTE_MINIMAL)
            w.writerow(names)
            arrays = list(columns.values())
            for start in range(0, n, CHUNK):
                part = [_texts(a.slice(start, CHUNK), mark) for a in arrays]
                w.writerows(zip(*part, strict=True))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export(path, out, excel: bool = False, force: bool = False, sheet: str | None = None,
           drop_personal: bool = False) -> dict:
    """Read `path` (any format `oddk.read` reads) and write it with `export_frame`. The output
    must not be the input: the input file is never changed.

    Personal data is never removed silently: `result["personal"]` names the columns that
    hold it, and with `drop_personal=True` a second file without them is written beside
    the first, named so that it says so (`NAME-without-personal-data.csv`)."""

    from oddk.check.engine import personal_columns
    from oddk.read import read_raw

    raw = read_raw(path, sheet=sheet)
    personal, found = personal_columns(raw)
    columns = open_data_columns(raw)
    res = export_frame(columns, out, excel=excel, force=force, inputs=[path])
    res["personal"] = personal
    res["personal_kinds"] = sorted({f.code for f in found})
    if drop_personal and personal:
        target = Path(out).with_name(Path(out).stem + WITHOUT_PERSONAL + Path(out).suffix)
        kept = {c: a for c, a in columns.items() if c not in personal}
        res["without_personal"] = export_frame(kept, target, force=force, inputs=[path])["csv"]
    return res


WITHOUT_PERSONAL = "-without-personal-data"
_KINDS = {"personal-data-cpr": "CPR numbers", "personal-data-email": "e-mail addresses",
          "personal-data-phone": "phone numbers", "personal-data-user-id": "staff user ids",
          "personal-data-name": "names of persons"}


def main_export(path: str, out: str, excel: bool = False, force: bool = False,
                sheet: str | None = None, drop_personal: bool = False) -> int:
    """`oddk export PATH --out OUT [--excel] [--drop-personal]`: exit 0 written, 2 could not
    read or write."""
    from oddk.read import ReadError

    try:
        res = export(path, out, excel=excel, force=force, sheet=sheet,
                     drop_personal=drop_personal)
    except (ReadError, FileExistsError) as e:
        print(f"oddk export: {mask(str(e), 10_000)}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"oddk export: could not write '{out}': {e.strerror or e}.", file=sys.stderr)
        return 2
    except Exception as e:  # never a traceback for the user; say what and where
        print(f"oddk export: could not export '{mask(Path(path).name, 200)}' "
              f"({type(e).__name__}). Please report this with the file.", file=sys.stderr)
        return 2
    print(f"Wrote {res['csv']} ({res['rows']} rows, UTF-8, comma).")
    if "excel" in res:
        print(f"Wrote {res['excel']} (for Danish Excel: ';' and BOM).")
    if res["neutralised"]:
        where = ", ".join(f"the column name '{c}'" if r == 0 else f"row {r} of '{c}'"
                          for r, c in res["neutralised_cells"][:5])
        print(f"Neutralised {res['neutralised']} cell(s) that a spreadsheet would run as a "
              f"formula (a ' in front): {where}.")
    if res["personal"]:
        kinds = ", ".join(_KINDS[k] for k in res["personal_kinds"] if k in _KINDS)
        cols = ", ".join(f"'{c}'" for c in res["personal"])
        print(f"The file still holds personal data ({kinds}) in {cols}, and so does what was "
              "written: do not publish it.", file=sys.stderr)
        if "without_personal" in res:
            print(f"Wrote {res['without_personal']} without those columns.")
        else:
            print("Run again with --drop-personal to write a copy without those columns.",
                  file=sys.stderr)
    return 0
