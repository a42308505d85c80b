"""Set aside what breaks the standard, write the rest: a value that breaks it is left empty, a
row without a usable geometry or a required field is left out; each is listed with its row,
its line in the file (where the file has lines), field, value and reason, so that the person
can find it in the source, fix it and run again.

    >>> import pandas as pd
    >>> problems = pd.DataFrame([(2, "x, y", "lon, lat", "0, 0", "no usable coordinates")],
    ...                         columns=["row", "field", "column", "value", "problem"])
    >>> errors = pd.DataFrame(columns=["row", "field", "value", "problem"])
    >>> table = pd.DataFrame({"navn": ["A", "B"], "x": [574000.0, None], "y": [6224000.0, None]})
    >>> kept, listed = set_aside(table, problems, errors, "geofa-facility", lines=[2, 4])
    >>> len(kept), listed[["row", "line", "field", "action"]].values.tolist()
    (1, [[2, 4, 'x, y', 'row left out']])
"""

from __future__ import annotations

import pandas as pd

from oddk.standards.geofa import load_schema

COLUMNS = ["row", "line", "field", "value", "reason", "action"]
VALUE, ROW = "value left empty", "row left out"
_GEOMETRY = {"x", "y", "x, y", "geometri"}


def set_aside(table: pd.DataFrame, problems: pd.DataFrame, errors: pd.DataFrame,
              standard: str, lines: list[int] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the table to write, the list of what was set aside). `problems` are the values that
    could not be converted (already empty in `table`), `errors` what breaks the schema
    (`check_table`). Rows are the source's data rows (1 = the first); `lines`, each data
    row's line in the file (`RawTable.lines`), gives the list's `line` (empty without)."""
    required = {f["name"] for f in load_schema(standard)["fields"]
                if (f.get("constraints") or {}).get("required")}
    required |= _GEOMETRY if required & _GEOMETRY else set()
    listed: dict[tuple, tuple] = {}
    for r in problems.itertuples(index=False):
        key = (int(r.row), "x, y" if r.field in ("x", "y") else r.field)
        listed.setdefault(key, (r.value, r.problem))
    geo_said = {row for row, field in listed if field in _GEOMETRY}
    for r in errors.itertuples(index=False):
        field = "x, y" if r.field in ("x", "y") else r.field
        if r.row is None or (int(r.row), field) in listed:
            continue
        if field in _GEOMETRY and int(r.row) in geo_said:
            continue  # the geometry's own problem says more than "x is required and empty"
        listed[(int(r.row), field)] = (r.value, r.problem)
        if field in _GEOMETRY:
            geo_said.add(int(r.row))
    left_out = {row for row, field in listed if field in required}
    rows = []
    for (row, field), (value, reason) in sorted(listed.items()):
        rows.append((row, line_of(row, lines), field, value, reason,
                     ROW if row in left_out else VALUE))
    kept = table[~(table.index.to_series() + 1).isin(left_out).to_numpy()].copy()
    emptied = [(row, field) for row, _, field, *_ in rows if row not in left_out]
    if emptied:
        pos = {}
        for k, i in enumerate(kept.index):
            pos.setdefault(i + 1, []).append(k)
        for row, field in emptied:
            if field in kept.columns:
                col = kept.columns.get_loc(field)
                for k in pos.get(row, ()):
                    kept.iat[k, col] = None
    return kept, pd.DataFrame(rows, columns=COLUMNS).astype({"line": "Int64"})


def line_of(row: int, lines: list[int] | None) -> int | None:
    """The file's line (or sheet row) of data row `row` (1-based); None when unknown."""
    return lines[row - 1] if lines and 0 < row <= len(lines) else None


def with_lines(frame: pd.DataFrame, lines: list[int] | None) -> pd.DataFrame:
    """`frame` (a list by data row, such as the changes) with each row's `line` beside it."""
    out = frame.copy()
    out.insert(1, "line", pd.array([line_of(int(r), lines) for r in out["row"]], dtype="Int64"))
    return out
