"""Column checks on text values, a batch at a time: missing values, mixed kinds, dates,
municipality codes, personal data, formulas, duplicate ids.

Each column gets a `ColumnCheck` that looks at its first batch to decide what the column
is (dates? municipality codes? an id?), then counts problems batch by batch with
vectorised pyarrow.compute string functions, so a million rows take about a second and
memory stays flat. Why our own and not frictionless: frictionless checks one cell at a
time in Python (about 18 000 rows a second); this is the same rules, column-wise.

The Danish quirks: dates as dd-mm-yyyy, dd.mm.yyyy and d/m/yyyy beside ISO; numbers with
decimal comma and '.' thousands; kommunekode as 751 or "0751"; 'ukendt' and 'n/a' for
unknown.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from oddk.check import formulas, personal

MAX_ROWS = 20  # rows kept per finding
MAX_EXAMPLES = 5

# a number in Danish (1.234,50) or international (1234.5) notation, spaces around allowed
NUMBER = r"^ *[+-]?(?:[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:[.,][0-9]+)?) *$"
DATE = (r"^\s*(?P<a>[0-9]{1,4})(?P<s1>[-./])(?P<b>[0-9]{1,2})(?P<s2>[-./])(?P<c>[0-9]{1,4})"
        r"(?P<rest>(?:[T ][0-9:.+\-Z]*)?)\s*$")
_DATE_PY = re.compile(DATE)
SUSPECT = r"^[=+\-@\t\r]|[@\\]|[0-9]{2}[ .\-]?[0-9]{2}[ .\-]?[0-9]{2}[ .\-]?[0-9]{2}"
_NUMBER_PY = re.compile(NUMBER)
DATE_NAME = re.compile(r"(dato|date|dag$|_dt$|tidspunkt|oprettet$|aendret$|ændret$|^tid$|"
                       r"time$|timestamp|periode_(start|slut)|fra$|til$)", re.I)
MUNICIPALITY_NAME = re.compile(
    r"^(kommune_?kode|kom_?kode|kommune_?nr|kommunenummer|kommune_?no|komnr|kommune_?id|"
    r"municipality_?code|municipality_?id|lau_?code|kode_?kommune|kommunekode4|dagi_?kode)$",
    re.I)
ID_NAME = re.compile(r"^(id|fid|gid|oid|objectid|object_?id|objekt_?id|uuid|guid|"
                     r"l(ø|oe|o)be_?nr|l(ø|oe|o)benummer|row_?id|record_?id)$", re.I)
MISSING_WORDS = {"na", "n/a", "null", "none", "nan", "ukendt", "unknown", "?", "mangler",
                 "ikke oplyst", "-", "--", "x"}


def _rows(mask: pa.Array, row0: int, limit: int) -> list[int]:
    """1-based data row numbers where `mask` is true (at most `limit`)."""
    if limit <= 0:
        return []
    idx = np.flatnonzero(np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool))[:limit]
    return [int(i) + row0 + 1 for i in idx]


def _true(mask) -> int:
    """How many cells of a boolean mask are true (null counts as false)."""
    if isinstance(mask, pa.ChunkedArray):
        return sum(c.true_count for c in mask.chunks)
    return int(mask.true_count)


def _filter(arr, mask):
    return pc.filter(arr, pc.fill_null(mask, False))


NULL_CODE = np.uint64(0x5BD1E995)


def as_numbers(arr: pa.Array, decimal_comma: bool = False):
    """The text values as float64 (pyarrow array) if every value is a plain number, else
    None. Tries the cast only when the first values look numeric: a failing cast costs
    forty times a successful one."""
    if not _plain_head(arr):
        return None
    if decimal_comma:
        arr = pc.replace_substring(arr, ",", ".")
    try:
        return pc.cast(arr, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


_PLAIN = re.compile(r"^[+-]?[0-9]+(?:[.,][0-9]+)?$")


def _plain_head(arr) -> bool:
    """Do the first 200 values look like plain numbers? (A cheap look before a cast.)"""
    head = [v for v in arr.slice(0, 200).to_pylist() if v is not None]
    return bool(head) and all(_PLAIN.match(v) for v in head)


class Cells:
    """One column of one batch, with what several checks need computed once: which cells
    are empty, whether all are whole numbers, the values as numbers."""

    def __init__(self, arr):
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        self.arr = arr
        self.n = len(arr)
        self._floats: dict[bool, object] = {}
        self._cache: dict[str, object] = {}

    def _get(self, key, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def blank(self):
        """Empty or only spaces (pyarrow reads "" as null)."""
        return self._get("blank", lambda: pc.or_(pc.is_null(self.arr), pc.fill_null(
            pc.utf8_is_space(self.arr), False)))

    @property
    def nfilled(self) -> int:
        return self._get("nfilled", lambda: self.n - _true(self.blank))

    @property
    def filled(self):
        return self._get("filled", lambda: pc.invert(self.blank))

    @property
    def maxlen(self) -> int:
        return self._get("maxlen", lambda: pc.max(pc.utf8_length(self.arr)).as_py() or 0)

    @property
    def all_digits(self) -> bool:
        """Every filled cell is a whole number without sign (ids, codes, counts)."""
        return self._get("digits", lambda: self.nfilled > 0 and
                         _true(pc.utf8_is_digit(self.arr)) == self.nfilled)

    @property
    def ncomma(self) -> int:
        return self._get("comma", lambda: _true(pc.match_substring(self.arr, ",")))

    @property
    def ndot(self) -> int:
        return self._get("dot", lambda: _true(pc.match_substring(self.arr, ".")))

    def floats(self, decimal_comma: bool):
        """All values as float64 (null where empty), or None if some are not numbers."""
        if decimal_comma not in self._floats:
            self._floats[decimal_comma] = as_numbers(self.arr, decimal_comma)
        return self._floats[decimal_comma]


def value_codes(cells) -> np.ndarray:
    """A 64-bit code per value, the same for equal values in any batch (for duplicates).
    Whole numbers and decimals use their value (fast); other text is hashed once per
    distinct value."""

    if not isinstance(cells, Cells):
        cells = Cells(cells)
    return cells._get("codes", lambda: _value_codes(cells))


def _value_codes(cells: Cells) -> np.ndarray:
    import pandas as pd

    arr = cells.arr
    valid = np.asarray(cells.filled.to_numpy(zero_copy_only=False), bool)
    nums = None
    if cells.nfilled == 0:
        return np.full(cells.n, NULL_CODE, dtype=np.uint64)
    if cells.all_digits and cells.maxlen <= 18:
        nums = pc.cast(pc.if_else(cells.filled, arr, "0"), pa.int64())
    elif _plain_head(arr) and not (cells.ncomma and cells.ndot):
        nums = cells.floats(decimal_comma=bool(cells.ncomma))
    if nums is not None:
        out = pc.fill_null(nums, 0).to_numpy(zero_copy_only=False).view(np.uint64).copy()
        out[~valid] = NULL_CODE
        return out
    enc = pc.dictionary_encode(pc.fill_null(arr, ""))
    values = enc.dictionary.to_numpy(zero_copy_only=False)
    hashes = pd.util.hash_array(np.asarray(values, dtype=object), categorize=False)
    out = hashes[enc.indices.to_numpy(zero_copy_only=False)]
    out[~valid] = NULL_CODE
    return out


class ColumnCheck:
    """What one column holds, counted over all batches."""

    def __init__(self, name: str, known_kind: str | None = None):
        self.name = name
        self.known_kind = known_kind  # "integer"/"decimal" when the reader made numbers
        self.decided = False
        self.is_date = self.is_municipality = self.is_id = False
        self.texty = False  # its first rows hold (almost) no numbers
        self.is_user = self.is_person = self.is_phone_col = self.is_cpr_col = False
        self.rows_seen = 0
        self.empty = 0
        self.empty_rows: list[int] = []
        self.numbers = self.texts = 0
        self.text_rows: list[int] = []
        self.text_examples: list[str] = []
        self.comma_dec = self.point_dec = self.thousands = 0
        self.date_formats: dict[str, int] = {}
        self.bad_dates = 0
        self.bad_date_rows: list[int] = []
        self.bad_date_examples: list[str] = []
        self.muni_bad = 0
        self.muni_rows: list[int] = []
        self.muni_values: dict[str, int] = {}
        self.id_codes: list[np.ndarray] = []
        # personal data: kind -> {"count", "rows", "examples", "distinct"}
        self.personal: dict[str, dict] = {}
        self.cpr_pure_candidates = 0
        self.cpr_pure_valid = 0
        self.cpr_pure_rows: list[int] = []
        self.cpr_pure_examples: list[str] = []
        self.name_values = 0
        self.name_rows: list[int] = []
        self.name_examples: list[str] = []
        self.formula = 0
        self.formula_rows: list[int] = []
        self.formula_examples: list[str] = []

    # ------------------------------------------------------------------ first batch
    def decide(self, arr: pa.Array) -> None:
        """Decide from the first batch what the column is."""
        self.decided = True
        name = self.name.strip()
        sample = [v for v in arr.slice(0, 5000).to_pylist() if v is not None and v.strip()][:2000]
        self.is_municipality = bool(MUNICIPALITY_NAME.match(name))
        self.is_id = bool(ID_NAME.match(name))
        self.is_user = bool(personal.USER_COLUMN.match(name))
        self.is_phone_col = bool(personal.PHONE_COLUMN.search(name))
        self.is_cpr_col = bool(personal.CPR_COLUMN.search(name))
        if not sample:
            return
        numeric = sum(1 for v in sample if _NUMBER_PY.match(v))
        self.texty = numeric <= len(sample) // 50
        dates = sum(1 for v in sample if _DATE_PY.match(v))
        self.is_date = dates / len(sample) >= 0.8 or (
            bool(DATE_NAME.search(name)) and dates / len(sample) >= 0.5)
        if self.known_kind in ("integer", "decimal"):
            return
        if personal.PERSON_COLUMN.match(name):
            self.is_person = True
        elif personal.NAME_COLUMN.match(name) or name.lower().endswith(("navn", "name")):
            names = sum(1 for v in sample if personal.looks_like_person_name(v))
            self.is_person = names / len(sample) >= 0.5

    # ------------------------------------------------------------------ every batch
    def update(self, arr, row0: int) -> None:
        """Count this batch (a pyarrow array or `Cells`); `codes` (from `value_codes`)
        saves hashing the column twice."""
        cells = arr if isinstance(arr, Cells) else Cells(arr)
        arr = cells.arr
        if not self.decided:
            self.decide(arr)
        n = cells.n
        self.rows_seen += n
        blank = cells.blank
        nblank = n - cells.nfilled
        if nblank:
            self.empty += nblank
            if len(self.empty_rows) < MAX_ROWS:
                self.empty_rows += _rows(blank, row0, MAX_ROWS - len(self.empty_rows))
        if nblank == n:
            return
        filled = cells.filled
        maxlen = cells.maxlen
        all_dates = False
        if self.is_date:
            all_dates = self._dates(arr, filled, row0, cells)
        kind = "dates" if all_dates else self._kinds(cells, row0)
        if self.is_municipality:
            self._municipality(arr, filled, row0)
        if self.is_id:
            self.id_codes.append(value_codes(cells))  # empty cells have NULL_CODE
        # dates and decimals hold no personal data and no formulas; whole numbers can be CPR
        # numbers without the dash (ten digits) or phone numbers (eight) only
        if kind == "text" or (kind == "digits" and maxlen >= 8):
            # one pass finds every cell worth a closer look (a formula sign first, an @ or a
            # backslash, eight digits in pairs); most columns have none and stop here
            suspect = pc.any(pc.fill_null(pc.match_substring_regex(arr, SUSPECT), False)).as_py()
            if suspect or self.is_user or self.is_person:
                self._personal(arr, row0, maxlen)
            if suspect and kind == "text":
                self._formulas(arr, row0)

    def _kinds(self, cells: Cells, row0) -> str:
        """Count numbers and text. Returns "digits" (whole numbers only), "decimals" (every
        value a number with a decimal mark) or "text" (anything else)."""
        arr, filled, nfilled = cells.arr, cells.filled, cells.nfilled
        if self.known_kind in ("integer", "decimal"):
            self.numbers += nfilled
            return "decimals" if self.known_kind == "decimal" else "digits"
        if cells.all_digits:  # whole numbers only: the common, cheap case
            self.numbers += nfilled
            return "digits"
        if self.texty and not self.numbers:  # a text column (by its first rows): no numbers
            self.texts += nfilled
            return "text"
        ncomma, ndot = cells.ncomma, cells.ndot
        if not (ncomma and ndot) and cells.floats(decimal_comma=bool(ncomma)) is not None:
            # plain decimals (572335.02 or 330,98): every value a number, one mark
            self.numbers += nfilled
            self.comma_dec += ncomma
            self.point_dec += ndot
            return "decimals" if ncomma + ndot == nfilled else "text"
        number = pc.fill_null(pc.match_substring_regex(arr, NUMBER), False)
        nnum = _true(number)
        self.numbers += nnum
        with_mark = 0
        if nnum:
            comma = pc.and_(number, pc.match_substring(arr, ","))
            dot = pc.and_(number, pc.match_substring(arr, "."))
            ncomma, ndot = _true(comma), _true(dot)
            with_mark = _true(pc.or_(comma, dot))
            self.comma_dec += ncomma
            if ndot:
                if ncomma:  # "1.234,50": dots before three digits are thousands
                    pattern = r"\.[0-9]{3}(?:[.,]|$)"
                else:  # no commas: only "1.234.567" shows dots as thousands
                    pattern = r"\..*\."
                groups = _true(pc.and_(dot, pc.fill_null(pc.match_substring_regex(arr, pattern),
                                                         False)))
                self.thousands += groups
                self.point_dec += ndot - groups
        text = pc.and_(filled, pc.invert(number))
        ntext = nfilled - nnum
        if ntext:
            self.texts += ntext
            if nnum or self.numbers:
                if len(self.text_rows) < MAX_ROWS:
                    self.text_rows += _rows(text, row0, MAX_ROWS - len(self.text_rows))
                if len(self.text_examples) < MAX_EXAMPLES:
                    for v in pc.unique(_filter(arr, text)).to_pylist()[:20]:
                        if v not in self.text_examples and len(self.text_examples) < MAX_EXAMPLES:
                            self.text_examples.append(v)
        return "decimals" if ntext == 0 and with_mark == nfilled else "text"

    def _dates(self, arr, filled, row0, cells=None) -> bool:
        """Count date formats and impossible dates; True if every value is a date in a
        format we know. Fixed-width dates (01-05-2024, 2024-05-01) are cut by position,
        about ten times faster than the regular expression used for the rest."""
        lens = pc.binary_length(arr)
        if not pc.all(pc.or_(pc.invert(filled), pc.fill_null(pc.equal(lens, 10), False))).as_py():
            return self._dates_regex(arr, filled, row0)
        nfilled = _true(filled)
        fixed = self._dates_fixed(arr, filled, nfilled, row0, cells)
        if fixed is not None:
            return fixed
        for name, p1, p2, dd, mm, yy in (("dd{s}mm{s}yyyy", 2, 5, (0, 2), (3, 5), (6, 10)),
                                         ("yyyy{s}mm{s}dd", 4, 7, (8, 10), (5, 7), (0, 4))):
            s1 = pc.utf8_slice_codeunits(arr, p1, p1 + 1)
            s2 = pc.utf8_slice_codeunits(arr, p2, p2 + 1)
            parts = [pc.utf8_slice_codeunits(arr, a, b) for a, b in (dd, mm, yy)]
            ok = pc.and_(pc.equal(s1, s2), pc.is_in(s1, value_set=pa.array(["-", ".", "/"])))
            for part in parts:
                ok = pc.and_(ok, pc.utf8_is_digit(part))
            ok = pc.and_(filled, pc.fill_null(ok, False))
            if _true(ok) != nfilled:
                continue
            for item in pc.value_counts(_filter(s1, ok)).to_pylist():
                key = name.format(s=item["values"])
                self.date_formats[key] = self.date_formats.get(key, 0) + item["counts"]
            okn = np.asarray(ok.to_numpy(zero_copy_only=False), bool)
            d, m, y = (pc.cast(pc.if_else(ok, part, "1"), pa.int64())
                       .to_numpy(zero_copy_only=False) for part in parts)
            self._bad_dates(arr, okn & ~_valid_dates(y, m, d), row0)
            if cells is not None:  # shared with the duplicate and standard checks
                seps = pc.unique(_filter(s1, ok)).to_pylist()
                cells._cache["date_layout"] = name.format(s=seps[0]) if len(seps) == 1 else None
                code = (y * 10000 + m * 100 + d).astype(np.uint64) * np.uint64(4) + \
                    np.uint64(["-", ".", "/"].index(seps[0]) if len(seps) == 1 else 3)
                cells._cache["codes"] = np.where(okn, code, NULL_CODE)
            return True
        return self._dates_regex(arr, filled, row0)

    def _dates_fixed(self, arr, filled, nfilled, row0, cells) -> bool | None:
        """Ten-character dates (01-05-2024, 2024-05-01) read straight from the bytes with
        numpy: every filled value is exactly 10 bytes. None if they are not all one of the
        two layouts."""
        if arr.offset or arr.type != pa.string():
            arr = pa.concat_arrays([arr])  # a fresh array: offsets from 0
        bufs = arr.buffers()
        n = len(arr)
        offsets = np.frombuffer(bufs[1], dtype=np.int32, count=n + 1)
        data = np.frombuffer(bufs[2], dtype=np.uint8) if bufs[2] is not None else None
        if data is None or not len(data):
            return None
        ok = np.asarray(filled.to_numpy(zero_copy_only=False), bool)
        idx = offsets[:-1, None] + np.arange(10, dtype=np.int32)  # int32 throughout: fast
        np.minimum(idx, len(data) - 1, out=idx)
        b = data[idx]  # n x 10 bytes
        z = b - np.uint8(48)  # digits become 0-9; anything else wraps to 10-255
        digit = z < 10
        seps = {45: "-", 46: ".", 47: "/"}

        def num(cols):
            out = z[:, cols[0]].astype(np.int32)
            for c in cols[1:]:
                out = out * 10 + z[:, c]
            return out

        for name, p1, p2, dd, mm, yy in (("dd{s}mm{s}yyyy", 2, 5, (0, 1), (3, 4), (6, 7, 8, 9)),
                                         ("yyyy{s}mm{s}dd", 4, 7, (8, 9), (5, 6), (0, 1, 2, 3))):
            good = ok & (b[:, p1] == b[:, p2]) & ((b[:, p1] >= 45) & (b[:, p1] <= 47))
            for i in range(10):
                if i not in (p1, p2):
                    good &= digit[:, i]
            if int(good.sum()) != nfilled:
                continue
            d, m, y = num(dd), num(mm), num(yy)
            used = np.unique(b[good, p1])
            for sep in used:
                key = name.format(s=seps[int(sep)])
                self.date_formats[key] = self.date_formats.get(key, 0) + int(
                    (good & (b[:, p1] == sep)).sum())
            self._bad_dates(arr, good & ~_valid_dates(y, m, d), row0)
            if cells is not None:  # shared with the duplicate and standard checks
                one = len(used) == 1
                cells._cache["date_layout"] = name.format(s=seps[int(used[0])]) if one else None
                code = (y * 10000 + m * 100 + d).astype(np.uint64) * np.uint64(4) + \
                    (b[:, p1].astype(np.uint64) - np.uint64(45))
                cells._cache["codes"] = np.where(good, code, NULL_CODE)
            return True
        return None

    def _bad_dates(self, arr, bad: np.ndarray, row0: int) -> None:
        nbad = int(bad.sum())
        if not nbad:
            return
        self.bad_dates += nbad
        idx = np.flatnonzero(bad)
        if len(self.bad_date_rows) < MAX_ROWS:
            self.bad_date_rows += [int(i) + row0 + 1
                                   for i in idx[: MAX_ROWS - len(self.bad_date_rows)]]
        for i in idx[:50]:
            v = arr[int(i)].as_py()
            if v not in self.bad_date_examples and len(self.bad_date_examples) < MAX_EXAMPLES:
                self.bad_date_examples.append(v)

    def _dates_regex(self, arr, filled, row0) -> bool:
        parts = pc.extract_regex(arr, DATE)  # struct of a, s1, b, s2, c, rest (null: no match)
        matched = pc.and_(filled, pc.is_valid(parts))
        unmatched = pc.and_(filled, pc.invert(pc.fill_null(pc.is_valid(parts), False)))
        a = pc.struct_field(parts, "a")
        c = pc.struct_field(parts, "c")
        b = pc.struct_field(parts, "b")
        s1 = pc.struct_field(parts, "s1")
        iso = pc.equal(pc.utf8_length(a), 4)
        year = pc.cast(pc.if_else(iso, a, c), pa.int32(), safe=False).to_numpy(
            zero_copy_only=False)
        day = pc.cast(pc.if_else(iso, c, a), pa.int32()).to_numpy(zero_copy_only=False)
        month = pc.cast(b, pa.int32()).to_numpy(zero_copy_only=False)
        ok_match = np.asarray(matched.to_numpy(zero_copy_only=False), dtype=bool)
        unmatched_np = np.asarray(unmatched.to_numpy(zero_copy_only=False), bool)
        yr = np.where(ok_match, np.nan_to_num(year, nan=2000), 2000).astype(np.int64)
        mo = np.where(ok_match, np.nan_to_num(month, nan=1), 1).astype(np.int64)
        dy = np.where(ok_match, np.nan_to_num(day, nan=1), 1).astype(np.int64)
        valid = _valid_dates(yr, mo, dy)
        bad = (ok_match & ~valid) | unmatched_np
        # formats: yyyy-mm-dd, dd-mm-yyyy, dd.mm.yyyy, d/m/yyyy ...
        if ok_match.any():
            fmt = pc.if_else(iso, pc.binary_join_element_wise("yyyy", s1, "mm", s1, "dd", ""),
                             pc.binary_join_element_wise("dd", s1, "mm", s1, "yyyy", ""))
            fmt = pc.if_else(pc.and_(pc.invert(iso), pc.less(pc.utf8_length(a), 2)),
                             pc.binary_join_element_wise("d", s1, "m", s1, "yyyy", ""), fmt)
            fmt = _filter(fmt, matched)
            counts = pc.value_counts(fmt)
            for item in counts.to_pylist():
                self.date_formats[item["values"]] = self.date_formats.get(item["values"], 0) + \
                    item["counts"]
        self._bad_dates(arr, bad, row0)
        return not unmatched_np.any()

    def _municipality(self, arr, filled, row0):
        valid = pc.is_in(pc.utf8_trim_whitespace(arr), value_set=_municipality_codes())
        bad = pc.and_(filled, pc.invert(pc.fill_null(valid, False)))
        nbad = _true(bad)
        if nbad:
            self.muni_bad += nbad
            if len(self.muni_rows) < MAX_ROWS:
                self.muni_rows += _rows(bad, row0, MAX_ROWS - len(self.muni_rows))
            for item in pc.value_counts(_filter(arr, bad)).to_pylist():
                if len(self.muni_values) < 50 or item["values"] in self.muni_values:
                    self.muni_values[item["values"]] = self.muni_values.get(item["values"], 0) \
                        + item["counts"]

    def _add_personal(self, kind, mask, values, row0, masker):
        n = _true(mask)
        if not n:
            return
        d = self.personal.setdefault(kind, {"count": 0, "rows": [], "examples": [],
                                            "distinct": set()})
        d["count"] += n
        if len(d["rows"]) < MAX_ROWS:
            d["rows"] += _rows(mask, row0, MAX_ROWS - len(d["rows"]))
        if len(d["distinct"]) < 1000:
            for v in pc.unique(values).to_pylist()[:1000]:
                d["distinct"].add(v)
        if len(d["examples"]) < 3:
            for v in values.to_pylist()[:10]:
                m = masker(v)
                if m not in d["examples"] and len(d["examples"]) < 3:
                    d["examples"].append(m)

    def _personal(self, arr, row0, maxlen):
        # one cheap pass for digit groups that a CPR or phone number needs, then the exact
        # patterns only if there are any
        digits = maxlen >= 8 and pc.any(pc.fill_null(pc.match_substring_regex(
            arr, r"[0-9]{2}[ .\-]?[0-9]{2}[ .\-]?[0-9]{2}[ .\-]?[0-9]{2}"), False)).as_py()
        if digits and maxlen >= 10:
            cand = pc.fill_null(pc.match_substring_regex(arr, personal.CPR_RE2), False)
            if pc.any(cand).as_py():
                self._cpr(arr, cand, row0)
        if pc.any(pc.fill_null(pc.match_substring(arr, "@"), False)).as_py():
            mask = pc.fill_null(pc.match_substring_regex(arr, personal.EMAIL_RE2), False)
            found = [m.group(0) for v in _filter(arr, mask).to_pylist()
                     for m in personal.EMAIL_RE.finditer(v)][:1000]
            self._add_personal("email", mask, pa.array(found, pa.string()), row0,
                               personal.mask_email)
        if digits:
            mask = pc.fill_null(pc.match_substring_regex(arr, personal.PHONE_RE2), False)
            if self.is_phone_col:
                mask = pc.or_(mask, pc.fill_null(
                    pc.match_substring_regex(arr, personal.PLAIN_PHONE_RE2), False))
            if pc.any(mask).as_py():
                found = []
                for v in _filter(arr, mask).to_pylist()[:1000]:
                    ms = [m.group(0) for m in personal.PHONE_RE.finditer(v)]
                    found += ms or [v.strip()]
                self._add_personal("phone", mask, pa.array(found, pa.string()), row0,
                                   personal.mask_phone)
        if pc.any(pc.fill_null(pc.match_substring(arr, "\\"), False)).as_py():
            mask = pc.fill_null(pc.match_substring_regex(arr, personal.USER_ID_RE2), False)
            found = [m.group(0) for v in _filter(arr, mask).to_pylist()[:1000]
                     for m in personal.USER_ID_RE.finditer(v)]
            self._add_personal("user_id", mask, pa.array(found, pa.string()), row0,
                               personal.mask_user_id)
        if self.is_user and "user_id" not in self.personal:
            filled = pc.invert(pc.fill_null(pc.equal(pc.utf8_trim_whitespace(arr), ""), True))
            self._add_personal("user_column", filled, _filter(arr, filled), row0,
                               lambda v: personal.mask_name(v) if " " in v else
                               v[:1] + personal.DOT * 3)
        if self.is_person:
            filled = pc.invert(pc.fill_null(pc.equal(pc.utf8_trim_whitespace(arr), ""), True))
            self._add_personal("name", filled, _filter(arr, filled), row0, personal.mask_name)

    def _cpr(self, arr, cand, row0):
        values = _filter(arr, cand).to_pylist()
        idx = np.flatnonzero(np.asarray(cand.to_numpy(zero_copy_only=False), bool))
        hit = np.zeros(len(arr), bool)
        found = []
        for i, v in zip(idx, values, strict=True):
            ms = personal.cpr_matches(v)
            if not ms:
                if v.strip().isdigit() and len(v.strip()) == 10:
                    self.cpr_pure_candidates += 1
                continue
            pure = len(ms) == 1 and ms[0].group(0) == v.strip() and "-" not in v
            if pure and not self.is_cpr_col:
                # ten digits alone: a CPR number only if the column is named so or nearly
                # all of its ten-digit values are real dates (ids are not)
                self.cpr_pure_candidates += 1
                self.cpr_pure_valid += 1
                if len(self.cpr_pure_rows) < MAX_ROWS:
                    self.cpr_pure_rows.append(int(i) + row0 + 1)
                if len(self.cpr_pure_examples) < 3:
                    self.cpr_pure_examples.append(personal.mask_cpr(v.strip()))
                continue
            hit[i] = True
            found += [m.group(0) for m in ms]
        self._add_personal("cpr", pa.array(hit), pa.array(found[:1000], pa.string()), row0,
                           personal.mask_cpr)

    def _formulas(self, arr, row0):
        mask = formulas.formula_mask(arr)
        n = _true(mask)
        if n:
            self.formula += n
            if len(self.formula_rows) < MAX_ROWS:
                self.formula_rows += _rows(mask, row0, MAX_ROWS - len(self.formula_rows))
            if len(self.formula_examples) < 3:
                for v in _filter(arr, mask).to_pylist()[:3]:
                    self.formula_examples.append(v)

    # ------------------------------------------------------------------ results
    def personal_kinds(self) -> set[str]:
        kinds = set(self.personal)
        if self.cpr_pure_candidates and (self.cpr_pure_valid / self.cpr_pure_candidates >= 0.9
                                         and self.cpr_pure_valid >= 3):
            kinds.add("cpr")
        return kinds

    def duplicate_ids(self) -> tuple[int, list[int]]:
        if not self.id_codes:
            return 0, []
        import pandas as pd

        codes = np.concatenate(self.id_codes)
        dup = pd.Series(codes).duplicated(keep="first").to_numpy() & (
            codes != NULL_CODE)
        idx = np.flatnonzero(dup)
        return int(dup.sum()), [int(i) + 1 for i in idx[:MAX_ROWS]]


def _valid_dates(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Which (year, month, day) are real calendar dates: 31-02-2021 is not."""
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    dim = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(m, 1, 12) - 1]
    dim = dim + ((m == 2) & leap)
    return (m >= 1) & (m <= 12) & (d >= 1) & (d <= dim) & (y >= 1000)


_CODES: pa.Array | None = None


def _municipality_codes() -> pa.Array:
    global _CODES
    if _CODES is None:
        from oddk.reference import municipalities

        m = municipalities()
        values = sorted(set(m["kode"].astype(str)) | set(m["kode4"].astype(str)))
        _CODES = pa.array(values, pa.string())
    return _CODES
