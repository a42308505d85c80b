"""Text, empty markers, numbers with a decimal comma, and ids stored as floats.

Part of `oddk.clean` (see there for the `(values, problems)` contract).
"""

from __future__ import annotations

import math
import re

import pandas as pd

#: What Danish municipal files write for "no value". '0' is not here: it is a real value
#: in many columns (a code, a count); pass it in `markers` where it means empty (postnr).
EMPTY_MARKERS = ("", "-", "--", "NULL", "null", "Null", "NA", "N/A", "n/a", "None", "none")


def as_series(values) -> pd.Series:
    """A Series from a Series, a list, a tuple or a single value (a list of one)."""
    if isinstance(values, pd.Series):
        return values
    if isinstance(values, (list, tuple, pd.Index)) or hasattr(values, "__array__"):
        return pd.Series(list(values), dtype=object)
    return pd.Series([values], dtype=object)


def problems_frame(rows: list[tuple[int, object, str]] | None = None) -> pd.DataFrame:
    """The table of values a helper could not convert: row (1 = first data row), value, problem."""
    frame = pd.DataFrame(rows or [], columns=["row", "value", "problem"])
    frame["row"] = frame["row"].astype("int64")
    frame["value"] = frame["value"].astype(object)
    return frame


def is_missing(v) -> bool:
    """True for None, NaN, pandas NA/NaT."""
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float) and math.isnan(v)


def text_of(v) -> str | None:
    """A value as trimmed text; None when missing. 12.0 -> '12', True -> 'true'."""
    if is_missing(v):
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def blank_empty(values, markers=EMPTY_MARKERS):
    """Trim stray whitespace and turn empty markers into missing values.

    Danish files write "no value" as '', ' ', '-', 'NULL' (and in some columns '0'):
        >>> blank_empty(["Torvet  ", " ", "-", "0"], markers=EMPTY_MARKERS + ("0",))[0].tolist()
        ['Torvet', <NA>, <NA>, <NA>]

    Returns `(values, blanked)`: text values (pandas string dtype), and the rows that were
    turned empty (row, value, problem) so that a reader sees what happened.
    """
    s = as_series(values)
    wanted = {m.strip() for m in markers}
    out, blanked = [], []
    for i, v in enumerate(s.tolist(), 1):
        t = text_of(v)
        if t is None:
            out.append(pd.NA)
        elif t in wanted:
            out.append(pd.NA)
            if str(v) != "":
                blanked.append((i, v, f"{v!r} is an empty marker: made empty"))
        else:
            out.append(re.sub(r"\s+", " ", t))
    return pd.Series(out, index=s.index, dtype="string"), problems_frame(blanked)


def parse_number(values, decimal: str = ",", thousands: str | None = None, markers=EMPTY_MARKERS):
    """Numbers as Danish files write them: decimal comma and '.' between thousands.

        >>> parse_number(["1.234,50", "-40,00", "12"])[0].tolist()
        [1234.5, -40.0, 12.0]

    `decimal` is the file's decimal mark ("," or "."); the other mark is taken as the
    thousands separator (`thousands` overrides). Numbers already read as numbers pass
    through; empty markers become missing. A value in the other notation ("12.5" in a
    decimal-comma column) or words ("ukendt") are reported, not guessed.
    Returns `(values, problems)` with float values.
    """
    if decimal not in (",", "."):
        raise ValueError(f"decimal should be ',' or '.', not {decimal!r}.")
    thousands = thousands if thousands is not None else ("." if decimal == "," else ",")
    pattern = re.compile(
        r"[+-]?(\d{1,3}(" + re.escape(thousands) + r"\d{3})+|\d+)(" + re.escape(decimal) + r"\d+)?"
        r"([eE][+-]?\d{1,3})?"  # Excel's scientific form, '5,68598E+05'
    )
    s = as_series(values)
    empty = {m.strip() for m in markers}
    out, bad = [], []
    for i, v in enumerate(s.tolist(), 1):
        if is_missing(v):
            out.append(math.nan)
            continue
        if isinstance(v, bool):
            bad.append((i, v, "a yes/no value, not a number"))
            out.append(math.nan)
            continue
        if isinstance(v, (int, float)):
            out.append(float(v))
            continue
        t = str(v).strip().replace("\u00a0", "").replace(" ", "")
        if t in empty:
            out.append(math.nan)
            continue
        if pattern.fullmatch(t):
            out.append(float(t.replace(thousands, "").replace(decimal, ".")))
            continue
        other = "." if decimal == "," else ","
        if re.fullmatch(r"[+-]?\d+" + re.escape(other) + r"\d+", t):
            why = (
                f"{v!r} uses {other!r} as decimal mark, but this column uses {decimal!r}: "
                "check which is meant"
            )
        else:
            why = f"{v!r} is not a number"
        bad.append((i, v, why))
        out.append(math.nan)
    return pd.Series(out, index=s.index, dtype="float64"), problems_frame(bad)


def parse_id(values, markers=EMPTY_MARKERS):
    """Ids and codes that a spreadsheet stored as floats ("12,0", "12.0", 12.0) as whole numbers.

        >>> parse_id(["1,0", "2.0", 3.0])[0].tolist()
        [1, 2, 3]

    A value with a real fraction (12.5) or words is reported. Returns `(values, problems)`
    with pandas Int64 values.
    """
    s = as_series(values)
    empty = {m.strip() for m in markers}
    out, bad = [], []
    for i, v in enumerate(s.tolist(), 1):
        if is_missing(v):
            out.append(pd.NA)
            continue
        t = str(v).strip()
        if t in empty:
            out.append(pd.NA)
            continue
        m = re.fullmatch(r"([+-]?\d+)(?:[.,](\d+))?", t)
        if not m:
            bad.append((i, v, f"{v!r} is not a whole number"))
            out.append(pd.NA)
        elif m.group(2) and set(m.group(2)) != {"0"}:
            bad.append((i, v, f"{v!r} has a fraction: an id should be a whole number"))
            out.append(pd.NA)
        else:
            out.append(int(m.group(1)))
    return pd.Series(out, index=s.index, dtype="Int64"), problems_frame(bad)
