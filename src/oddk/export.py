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

from oddk.check.formulas import is_formula, neutralise
from oddk.personal import mask

__all__ = ["export", "export_frame", "open_data_text", "main_export"]


def open_data_text(raw):
    """Every cell of a raw table as open-data text: as written, except numbers, which are
    written as numbers without thousands separators and with a decimal point ("1.234,50"
    → "1234.5", a whole number without ".0"). Empty cells are ''."""
    import pandas as pd

    df, text = raw.frame(), raw.text()
    out = pd.DataFrame(index=text.index)
    for c in text.columns:
        s = df[c]
        if pd.api.types.is_float_dtype(s):
            t = s.map(lambda v: "" if v != v else (str(int(v)) if float(v).is_integer()
                                                   else repr(float(v))))
        elif pd.api.types.is_integer_dtype(s):
            t = s.map(lambda v: "" if v is pd.NA else str(int(v)))
        else:
            t = text[c].fillna("")
        out[str(c)] = t.astype(object)
    return out


def export_frame(text, out, excel: bool = False, force: bool = False,
                 decimals: list[str] = ()) -> dict:
    """Write the text table `text` (every cell a string) to `out` (UTF-8, comma) and, with
    `excel=True`, a Danish-Excel copy next to it (`<name>-excel.csv`: `;`, BOM, decimal
    comma in the `decimals` columns). Refuses to overwrite an existing file unless
    `force=True`. Returns what was written and how many cells were neutralised."""
    out = Path(out)
    targets = [out] + ([out.with_name(out.stem + "-excel" + out.suffix)] if excel else [])
    for t in targets:
        if t.exists() and not force:
            raise FileExistsError(f"'{t}' exists already; give another --out, or force=True "
                                  "(--force) to replace it.")
    text = text.copy()
    neutralised = 0
    cells = []
    for col in text.columns:
        flags = text[col].map(is_formula)
        neutralised += int(flags.sum())
        cells += [(int(i) + 1, col) for i in flags[flags].index[:20]] if flags.any() else []
        text[col] = text[col].map(neutralise)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=",", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(list(text.columns))
        w.writerows(text.itertuples(index=False, name=None))
    result = {"csv": str(out), "rows": len(text), "columns": len(text.columns),
              "neutralised": neutralised, "neutralised_cells": cells}
    if excel:
        xl = text.copy()
        for c in decimals:
            xl[str(c)] = xl[str(c)].str.replace(".", ",", regex=False)
        with open(targets[1], "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
            w.writerow(list(xl.columns))
            w.writerows(xl.itertuples(index=False, name=None))
        result["excel"] = str(targets[1])
    return result


def export(path, out, excel: bool = False, force: bool = False, sheet: str | None = None,
           drop_personal: bool = False) -> dict:
    """Read `path` (any format `oddk.read` reads) and write it with `export_frame`. The output
    must not be the input: the input file is never changed.

    Personal data is never removed silently: `result["personal"]` names the columns that
    hold it, and with `drop_personal=True` a second file without them is written beside
    the first, named so that it says so (`NAME-without-personal-data.csv`)."""
    import pandas as pd

    from oddk.check.engine import personal_columns
    from oddk.read import read_raw

    src, dst = Path(path).resolve(), Path(out).resolve()
    if src == dst or (excel and dst.with_name(dst.stem + "-excel" + dst.suffix) == src):
        raise FileExistsError(f"'{out}' is the input file; export writes a new file and never "
                              "changes the input.")
    raw = read_raw(path, sheet=sheet)
    df = raw.frame()
    decimals = [c for c in df.columns if pd.api.types.is_float_dtype(df[c])]
    personal, found = personal_columns(raw)
    text = open_data_text(raw)
    res = export_frame(text, out, excel=excel, force=force, decimals=decimals)
    res["personal"] = personal
    res["personal_kinds"] = sorted({f.code for f in found})
    if drop_personal and personal:
        target = Path(out).with_name(Path(out).stem + WITHOUT_PERSONAL + Path(out).suffix)
        kept = [c for c in decimals if c not in personal]
        res["without_personal"] = export_frame(text.drop(columns=personal), target, force=force,
                                               decimals=kept)["csv"]
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
    print(f"Wrote {res['csv']} ({res['rows']} rows, UTF-8, comma).")
    if "excel" in res:
        print(f"Wrote {res['excel']} (for Danish Excel: ';' and BOM).")
    if res["neutralised"]:
        where = ", ".join(f"row {r} '{c}'" for r, c in res["neutralised_cells"][:5])
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
