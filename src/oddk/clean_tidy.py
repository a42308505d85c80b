"""A wide Statistics Denmark export (months as columns, the area written once per block)
into tidy long form: one row per area, category and period.

Part of `oddk.clean` (see there for the `(values, problems)` contract).
"""

from __future__ import annotations

import pandas as pd

from oddk.clean_dates import parse_period
from oddk.clean_text import EMPTY_MARKERS, as_series, parse_number, problems_frame

#: Statistics Denmark writes '..' for a withheld value and '-' for nothing.
WITHHELD = ("..", ".", "-")


def fill_down(values, markers=EMPTY_MARKERS):
    """Fill empty cells with the value above, as a pivoted export needs.

        >>> fill_down(["Morsø", "", "", "Thisted", ""])[0].tolist()
        ['Morsø', 'Morsø', 'Morsø', 'Thisted', 'Thisted']

    StatBank writes the area only on the first row of its block. An empty cell before any
    value cannot be filled and is reported. Returns `(values, problems)`.
    """
    s = as_series(values)
    empty = {m.strip() for m in markers}
    out, bad, last = [], [], None
    for i, v in enumerate(s.tolist(), 1):
        t = None if v is None or (isinstance(v, float) and v != v) or v is pd.NA else str(v).strip()
        if t is None or t in empty:
            if last is None:
                bad.append((i, v, "empty, and there is no value above it to fill down"))
            out.append(last)
        else:
            last = t
            out.append(t)
    return pd.Series(out, index=s.index, dtype="string"), problems_frame(bad)


def wide_to_long(
    df: pd.DataFrame,
    id_columns: list[str],
    var_name: str = "TID",
    value_name: str = "INDHOLD",
    fill: list[str] | None = None,
    decimal: str = ",",
    withheld=WITHHELD,
):
    """Reshape a wide export (one column per period) to long form, one row per value.

        OMRÅDE;NATION;2024M01;2024M02          OMRÅDE;NATION;TID;INDHOLD
        Morsø;I alt;3554;4000         ->       Morsø;I alt;2024M01;3554
        ;Danmark;2865;3246                     Morsø;Danmark;2024M01;2865 …

    `fill` lists the id columns to fill down first (default: the first id column).
    Values become numbers; Statistics Denmark's '..' (withheld) becomes missing and is
    listed, as are values that are no numbers. Period columns are checked with
    `parse_period` and a column `periode` holds each period's first day.
    Returns `(long frame, problems)`; a problem's `row` is the wide file's data row.
    """
    missing = [c for c in id_columns if c not in df.columns]
    if missing:
        raise ValueError(
            f"The table has no column {', '.join(map(repr, missing))}; its columns are "
            f"{', '.join(map(str, df.columns))}."
        )
    wide = df.copy()
    wide.insert(0, "_row", range(1, len(wide) + 1))
    problems = []
    for col in fill if fill is not None else id_columns[:1]:
        wide[col], p = fill_down(wide[col])
        problems += [(r.row, r.value, f"{col}: {r.problem}") for r in p.itertuples()]
    period_cols = [c for c in wide.columns if c not in id_columns and c != "_row"]
    periods, p = parse_period(pd.Series(period_cols, dtype=object))
    if len(p):
        raise ValueError(
            f"These columns are not periods: {', '.join(map(str, p['value']))}. "
            "Name the other id columns in id_columns."
        )
    long = wide.melt(
        id_vars=["_row", *id_columns], value_vars=period_cols, var_name=var_name, value_name="_raw"
    )
    long = long.sort_values(["_row", var_name], kind="stable").reset_index(drop=True)
    raw = long["_raw"].astype(object)
    is_withheld = raw.map(lambda v: isinstance(v, str) and v.strip() in withheld)
    values, bad = parse_number(raw.where(~is_withheld, None), decimal=decimal)
    for k in long.index[is_withheld]:
        problems.append(
            (
                int(long.at[k, "_row"]),
                long.at[k, "_raw"],
                f"{long.at[k, var_name]}: withheld by Statistics Denmark ('..'): missing",
            )
        )
    for b in bad.itertuples():
        problems.append(
            (
                int(long.loc[b.row - 1, "_row"]),
                b.value,
                f"{long.loc[b.row - 1, var_name]}: {b.problem}",
            )
        )
    long[value_name] = values
    long["periode"] = long[var_name].map(dict(zip(period_cols, periods, strict=True)))
    long = long.drop(columns=["_row", "_raw"])
    return long, problems_frame(sorted(problems, key=lambda x: x[0]))
