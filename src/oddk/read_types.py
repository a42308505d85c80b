"""The typed frame from the raw table: text columns whose every value is a number in the
file's own notation become numbers; everything else stays text, so nothing is lost.

The Danish quirks: decimal comma with '.' thousands ("1.234,50"); codes with leading zeros
("0101" is kommunekode 101 written as text and must stay text); ids stored as floats
("101.0"); whole numbers with '.' thousands ("1.845") in files without a decimal comma.

    >>> to_number("1.234,50", ",", ".")
    1234.5
    >>> to_number("0751", ",", None) is None     # a code, not a number
    True
"""

from __future__ import annotations

import re

_INT = re.compile(r"^[+-]?\d+$")


def to_number(value: str, decimal: str | None, thousands: str | None):
    """One text value as int or float with the file's marks, or None if it is not a number.
    Text with a leading zero ("0101") is not a number: it is a code."""
    v = value.strip().replace("\u00a0", "")
    if not v:
        return None
    digits = v.lstrip("+-")
    if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
        return None
    if _INT.match(v):
        return int(v)
    if decimal == ",":
        if thousands == "." and re.match(r"^[+-]?\d{1,3}(\.\d{3})*(,\d+)?$", v):
            v = v.replace(".", "")
        elif "." in v:
            return None
        v = v.replace(",", ".")
    elif decimal == ".":
        if thousands == "," and re.match(r"^[+-]?\d{1,3}(,\d{3})*(\.\d+)?$", v):
            v = v.replace(",", "")
        elif "," in v:
            return None
    else:
        if not re.match(r"^[+-]?\d+$", v):
            return None
    try:
        return float(v)
    except ValueError:
        return None


def _number_pattern(decimal: str | None, thousands: str | None) -> str:
    """A regular expression for one number in the file's notation (the whole value)."""
    if decimal == ",":
        whole = r"(?:\d{1,3}(?:\.\d{3})+|\d+)" if thousands == "." else r"\d+"
        return rf"[+-]?{whole}(?:,\d+)?"
    if decimal == ".":
        whole = r"(?:\d{1,3}(?:,\d{3})+|\d+)" if thousands == "," else r"\d+"
        return rf"[+-]?{whole}(?:\.\d+)?"
    return r"[+-]?\d+"


def convert_numbers(
    df, decimal, thousands, warnings: list[str], found: dict | None = None
) -> dict[str, str]:
    """Turn text columns whose every non-empty value is a number into numbers, in place.

    Left as text, on purpose: columns with a value that has a leading zero ("0101" is a
    kommunekode, not 101), and whole numbers written as decimals ("101.0": ids stored as
    floats), which get a warning. A column of whole numbers with '.' thousands ("106",
    "1.845") in a file whose decimal mark is not ',' becomes whole numbers, with a warning.
    Returns {column: "integer" | "decimal" | "text" | …}. Vectorised with pandas' string
    methods, so a million rows take seconds, not minutes.
    """
    import pandas as pd

    pattern = _number_pattern(decimal, thousands)
    types = {}
    for col in df.columns:
        s = df[col]
        if not (pd.api.types.is_string_dtype(s) or s.dtype == object):
            types[col] = kind(s)
            continue
        types[col] = "text"
        nonnull = s.dropna()
        if s.dtype == object and not nonnull.map(lambda v: isinstance(v, str)).all():
            continue  # mixed Python objects (from a workbook): leave them
        v = nonnull.astype("str").str.strip()
        p = v[v != ""]
        if p.empty:
            continue
        lead = p.str.match(r"[+-]?0\d")
        plain = p.str.fullmatch(r"[+-]?\d+")
        if decimal != ",":
            dotted = p.str.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+")
            if (
                dotted.any()
                and (dotted | plain).all()
                and not (plain & lead).any()
                and (plain & (p.str.lstrip("+-").str.len() >= 2)).any()
            ):
                df[col] = _put(s, p.str.replace(".", "", regex=False), "Int64")
                example = p[dotted].iloc[0]
                warnings.append(
                    f"Column '{col}' writes whole numbers with '.' as thousands separator "
                    f"(e.g. '{example}' = {int(example.replace('.', ''))}); read them as whole "
                    "numbers."
                )
                types[col] = "integer"
                if found is not None:
                    found["thousands"] = "."
                continue
        valid = p.str.fullmatch(pattern)
        if not (valid & ~lead).all():
            if lead.any() and (valid | lead).all():
                warnings.append(
                    f"Column '{col}' holds numbers with leading zeros (e.g. '{p[lead].iloc[0]}'); "
                    "kept as text so the zeros are not lost."
                )
            elif valid.mean() >= 0.5:
                odd = list(dict.fromkeys(p[~valid].tolist()))
                shown = ", ".join(repr(v) for v in odd[:3]) + (" …" if len(odd) > 3 else "")
                warnings.append(
                    f"Column '{col}' holds mostly numbers, but also {shown}; kept as text. "
                    "Decide what those values mean before you calculate with the column."
                )
            continue
        norm = p
        if thousands:
            norm = norm.str.replace(thousands, "", regex=False)
        if decimal == ",":
            norm = norm.str.replace(",", ".", regex=False)
        if not norm.str.contains(".", regex=False).any():
            if norm.str.lstrip("+-").str.len().max() > 18:
                continue  # too long for an integer: an id, keep it as text
            df[col] = _put(s, norm, "Int64" if len(p) < len(s) else "int64")
            types[col] = "integer"
        elif decimal and looks_like_id(col) and p.str.contains(r"[.,]0+$").all():
            warnings.append(
                f"Column '{col}' is named like an id or code but holds whole numbers written as "
                f"decimals (e.g. '{p.iloc[0]}'), as ids stored as floats are; kept as text."
            )
        else:
            df[col] = _put(s, norm, "float64")
            types[col] = "decimal"
    return types


def _put(s, numbers_text, dtype: str):
    """A numeric column the length of `s`, with `numbers_text` (indexed like s) converted."""
    import pandas as pd

    nums = pd.to_numeric(numbers_text)
    out = pd.Series(
        pd.NA if dtype == "Int64" else float("nan"),
        index=s.index,
        dtype="Int64" if dtype != "float64" else "float64",
    )
    out[nums.index] = nums
    return out.astype(dtype)


_ID_TOKENS = {
    "id",
    "fid",
    "gid",
    "oid",
    "objectid",
    "kode",
    "code",
    "nr",
    "nummer",
    "no",
    "cvr",
    "k",
}


def looks_like_id(name) -> bool:
    """A column name such as OBJECTID, adr_id, kommunekode, postnr or GeoFA's facil_ty_k."""
    tokens = [t for t in re.split(r"[^0-9a-zæøå]+", str(name).lower()) if t]
    if not tokens:
        return False
    last = tokens[-1]
    return last in _ID_TOKENS or last.endswith(("id", "kode", "nr"))


def kind(s) -> str:
    """The kind of a typed column in plain words: integer, decimal, date, boolean or text."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(s):
        return "boolean"
    if pd.api.types.is_integer_dtype(s):
        return "integer"
    if pd.api.types.is_float_dtype(s):
        return "decimal"
    if pd.api.types.is_datetime64_any_dtype(s):
        return "date"
    return "text"
