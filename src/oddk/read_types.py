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

import pyarrow.compute as pc

_INT = re.compile(r"^[+-]?\d+$")


def to_number(value: str, decimal: str | None, thousands: str | None):
    """One text value as int or float with the file's marks, or None if it is not a number.
    Text with a leading zero ("0101") is not a number: it is a code."""
    v = value.strip().replace("\u00a0", "").removesuffix("°").rstrip()  # '54.769°' is degrees
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
    Returns {column: "integer" | "decimal" | "text" | …}. Vectorised with pyarrow.compute
    (RE2, no Python per value), so millions of rows take seconds.
    """
    pattern = _number_pattern(decimal, thousands)
    types = {}
    from oddk.read_large import release

    for col in df.columns:
        _without_degree_signs(df, col, warnings, decimal)
        types[col] = _convert(df, col, pattern, decimal, thousands, warnings, found)
        release()  # a large file's text of this column goes back to the system
    return types


def _without_degree_signs(df, col, warnings: list[str], decimal=None) -> None:
    """A text column whose every value is a number with a degree sign ('54.769°', as some
    exports write latitudes) as the numbers' text, in place, and said; one in degrees,
    minutes and seconds or with a hemisphere letter ('55°05'42.1"N', '12.4741° E') as decimal
    degrees, written with the file's decimal mark."""
    import pandas as pd

    from oddk.degrees import degrees

    s = df[col]
    if not pd.api.types.is_string_dtype(s):
        return
    first = s.dropna().head(1).tolist()
    if not first or "°" not in str(first[0]):
        return
    filled = s.dropna().astype("str").str.strip()
    filled = filled[filled != ""]
    shown = str(first[0]).strip()
    if filled.str.fullmatch(r"[+-]?\d+(?:[.,]\d+)?\s*°").all():
        df[col] = s.str.replace(r"\s*°\s*$", "", regex=True)
        warnings.append(f"Column '{col}' writes its numbers with a degree sign (e.g. "
                        f"'{shown}'); read as numbers without it.")
        return
    read = {v: degrees(v) for v in filled.unique().tolist()}
    if not all(read.values()):
        return
    mark = "," if decimal == "," else "."
    text = {v: f"{d:.6f}".replace(".", mark) for v, (d, _) in read.items()}
    df[col] = s.map(lambda v: text.get(str(v).strip(), v) if isinstance(v, str) else v)
    warnings.append(f"Column '{col}' writes degrees, minutes and seconds or a hemisphere "
                    f"letter (e.g. '{shown}'); read as decimal degrees ({text[shown]}).")


SAMPLE = 2000  # a column's first filled values that decide whether a full look is worth it


def _hopeless(arr) -> bool:
    """True when a column's first filled values are mostly not numbers (names, dates): it
    stays text, and the full passes over its values are spared."""
    head = pc.drop_null(arr.slice(0, 4 * SAMPLE)).slice(0, SAMPLE)
    head = pc.utf8_trim_whitespace(head)
    head = pc.filter(head, pc.not_equal(head, ""))
    if not len(head):
        return False
    numbers = pc.match_substring_regex(head, r"^[+-]?\d[\d.,]*(?:[eE][+-]?\d+)?$")  # any notation
    return _true(numbers) < 0.25 * len(head)


def _convert(df, col, pattern: str, decimal, thousands, warnings: list, found) -> str:
    """One column of `convert_numbers` (its own function, so that the column's text and the
    intermediate arrays are let go before the next column is looked at)."""
    import pandas as pd

    s = df[col]
    if not (pd.api.types.is_string_dtype(s) or s.dtype == object):
        return kind(s)
    if s.dtype == object and not s.dropna().map(lambda v: isinstance(v, str)).all():
        return "text"  # mixed Python objects (from a workbook): leave them
    arr = getattr(s.array, "_pa_array", None)
    if arr is not None and len(arr) > 4 * SAMPLE and _hopeless(arr):
        return "text"
    if arr is not None and not thousands and decimal != ",":
        fast = _plain_numbers(arr, pattern, decimal, looks_like_id(col))
        if fast is not None:
            kind_, nums = fast
            df[col] = _series(nums, s.index, "float64" if kind_ == "decimal" else
                              "Int64" if nums.null_count else "int64")
            return kind_
    c = _Column(s)
    del s
    if not c.n:
        return "text"
    lead, plain = c.where(r"[+-]?0\d[\d.,]*"), c.where(r"[+-]?\d+")  # 0101, not 08:00
    if decimal != ",":
        dotted = c.where(r"[+-]?\d{1,3}(?:\.\d{3})+")
        if (c.count(dotted) and c.all(pc.or_(dotted, plain)) and not c.count(
                pc.and_(plain, lead)) and c.count(pc.and_(plain, c.long_enough(2)))):
            df[col] = c.numbers(pc.replace_substring(c.t, ".", ""), "Int64")
            example = c.first(dotted)
            warnings.append(
                f"Column '{col}' writes whole numbers with '.' as thousands separator "
                f"(e.g. '{example}' = {int(example.replace('.', ''))}); read them as whole "
                "numbers."
            )
            if found is not None:
                found["thousands"] = "."
            return "integer"
    if (sci := _scientific(c, col, decimal, warnings)) is not None:
        df[col] = sci
        return "decimal"
    valid = c.where(pattern)
    if not c.all(pc.and_(valid, pc.invert(lead))):
        if c.count(lead) and c.all(pc.or_(valid, lead)):
            warnings.append(
                f"Column '{col}' holds numbers with leading zeros (e.g. '{c.first(lead)}'); "
                "kept as text so the zeros are not lost."
            )
        elif c.count(valid) >= 0.5 * c.n:
            odd = list(dict.fromkeys(c.values(pc.invert(valid), 1000)))
            shown = ", ".join(repr(v) for v in odd[:3]) + (" …" if len(odd) > 3 else "")
            warnings.append(
                f"Column '{col}' holds mostly numbers, but also {shown}; kept as text. "
                "Decide what those values mean before you calculate with the column."
            )
        return "text"
    norm = c.t
    if thousands:
        norm = pc.replace_substring(norm, thousands, "")
    if decimal == ",":
        norm = pc.replace_substring(norm, ",", ".")
    if not c.count(pc.fill_null(pc.match_substring(norm, "."), False)):
        if (pc.max(pc.utf8_length(pc.utf8_ltrim(pc.if_else(c.present, norm, None), "+-")))
                .as_py() or 0) > 18:
            return "text"  # too long for an integer: an id, keep it as text
        df[col] = c.numbers(norm, "Int64" if c.n < len(c.present) else "int64")
        return "integer"
    elif decimal and looks_like_id(col) and c.all(c.where(r".*[.,]0+")):
        warnings.append(
            f"Column '{col}' is named like an id or code but holds whole numbers written as "
            f"decimals (e.g. '{c.first(c.present)}'), as ids stored as floats are; kept as "
            "text."
        )
    else:
        df[col] = c.numbers(norm, "float64")
        return "decimal"
    return "text"


def _scientific(c, col, decimal, warnings: list):
    """Numbers in Excel's scientific form ('5,68598E+05', '6.2237E6') as floats, said with
    what the form loses; None when the column has none, or holds anything else."""
    mark = re.escape(decimal or ".")
    sci = c.where(r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d{1,3}")  # its comma is a decimal comma
    if not c.count(sci) or not c.all(pc.or_(sci, c.where(rf"[+-]?\d+(?:{mark}\d+)?"))):
        return None
    example = c.first(sci)
    value = float(example.replace(",", "."))
    warnings.append(
        f"Column '{col}' writes numbers in Excel's scientific form (e.g. '{example}' = "
        f"{value:.10g}); read as numbers. The form keeps few digits (a coordinate to the "
        "metre or worse): format the cells as Number before the export.")
    norm = pc.if_else(sci, pc.replace_substring(c.t, ",", "."),
                      pc.replace_substring(c.t, ",", ".") if decimal == "," else c.t)
    return c.numbers(norm, "float64")


def _plain_numbers(arr, pattern: str, decimal, id_like: bool):
    """("integer" | "decimal", pyarrow numbers) for a column of numbers that need no
    rewriting (no thousands separator, no decimal comma, no spaces, no '+', no leading
    zero): read by one cast, without `_Column`'s full look. None: look closer."""
    import pyarrow as pa

    if arr.null_count == len(arr) or _true(pc.match_substring_regex(arr, r"^[+-]?0\d")):
        return None
    try:
        ints = pc.cast(arr, pa.int64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        ints = None
    if ints is not None:
        big = pc.max(pc.abs(ints)).as_py() or 0
        return None if big >= 10**18 or _true(pc.starts_with(arr, "+")) else ("integer", ints)
    if decimal != "." or not pc.all(pc.match_substring_regex(arr, f"^(?:{pattern})$")).as_py():
        return None
    if _true(pc.match_substring_regex(arr, r"^[+-]?\d{1,3}(?:\.\d{3})+$")):
        return None  # '1.845' may be thousands
    if id_like and pc.all(pc.match_substring_regex(arr, r"[.,]0+$")).as_py():
        return None  # ids stored as floats: a warning
    try:
        return "decimal", pc.cast(arr, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def _series(nums, index, dtype: str):
    """pyarrow numbers as a pandas Series of `dtype` (float64, int64 or Int64), not copied
    where pandas can share the buffer."""
    import pandas as pd
    import pyarrow as pa

    if dtype == "float64" or dtype == "int64" and not nums.null_count:
        return pd.Series(nums.to_numpy(zero_copy_only=False), index=index, dtype=dtype)
    out = nums.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
    out.index = index
    return out.astype(dtype)


def _true(mask) -> int:
    """How many are true (a pyarrow boolean array, chunked or not)."""
    return int(pc.sum(mask).as_py() or 0)


class _Column:
    """A text column's values, trimmed, as pyarrow sees them; `present` marks the filled
    cells (the others count for nothing and become empty numbers)."""

    def __init__(self, s):
        import pyarrow as pa

        self.index = s.index
        arr = getattr(s.array, "_pa_array", None)  # arrow-backed text: no copy
        if arr is None:
            arr = pa.array(s.array, type=pa.large_string(), from_pandas=True)
        # trimmed: a copy of the text, only when some value has spaces around it
        padded = _true(pc.fill_null(pc.match_substring_regex(arr, r"^\s|\s$"), False))
        self.t = pc.utf8_trim_whitespace(arr) if padded else arr
        self.present = pc.fill_null(pc.not_equal(self.t, ""), False)
        self.n = _true(self.present)
        self.all_present = self.n == len(arr) - arr.null_count  # no cell of spaces only

    def where(self, pattern: str, start: bool = False):
        """Which filled cells match (the whole value, or its start)."""
        rx = f"^(?:{pattern})" + ("" if start else "$")
        return pc.and_(self.present, pc.fill_null(pc.match_substring_regex(self.t, rx), False))

    def count(self, mask) -> int:
        return _true(pc.and_(self.present, mask))

    def all(self, mask) -> bool:
        return self.count(mask) == self.n

    def long_enough(self, k: int):
        return pc.greater_equal(pc.utf8_length(pc.utf8_ltrim(self.t, "+-")), k)

    def values(self, mask, limit: int) -> list[str]:
        return pc.filter(self.t, pc.and_(self.present, mask)).slice(0, limit).to_pylist()

    def first(self, mask) -> str:
        return self.values(mask, 1)[0]

    def numbers(self, text, dtype: str):
        """The filled cells of `text` as numbers (pandas, like the column), the rest empty."""
        import pyarrow as pa

        target = pa.float64() if dtype == "float64" else pa.int64()
        if _true(pc.starts_with(text, "+")):
            text = pc.replace_substring_regex(text, r"^\+", "")  # pyarrow reads no "+5"
        nums = pc.cast(text if self.all_present else pc.if_else(self.present, text, None),
                       target)
        del text
        return _series(nums, self.index, dtype)


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
