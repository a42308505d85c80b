"""One column of one batch as pyarrow text, with what several rules need computed once:
which cells are empty, whether every value is a whole number, the values as numbers, a
code per value for finding repeats.

Why pyarrow.compute and not a loop over cells: the same questions asked column-wise take
about a second for a million rows (frictionless-py asks them cell by cell, about 18 000
rows a second).
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

MAX_ROWS = 20  # rows kept per finding
MAX_EXAMPLES = 5


def rows_where(mask: pa.Array, row0: int, limit: int) -> list[int]:
    """1-based data row numbers where `mask` is true (at most `limit`)."""
    if limit <= 0:
        return []
    idx = np.flatnonzero(np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool))[:limit]
    return [int(i) + row0 + 1 for i in idx]


def count_true(mask) -> int:
    """How many cells of a boolean mask are true (null counts as false)."""
    if isinstance(mask, pa.ChunkedArray):
        return sum(c.true_count for c in mask.chunks)
    return int(mask.true_count)


def where(arr, mask):
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

    def get(self, key: str, make):
        """A fact about the cells, made once (by whichever rule asks first)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def remember(self, key: str, value) -> None:
        """Keep a fact a rule found on the way, for the rules after it."""
        self._cache[key] = value

    def known(self, key: str, default=None):
        """A fact kept by an earlier rule, or `default`."""
        return self._cache.get(key, default)

    @property
    def blank(self):
        """Empty or only spaces (pyarrow reads "" as null)."""
        return self.get("blank", lambda: pc.or_(pc.is_null(self.arr), pc.fill_null(
            pc.utf8_is_space(self.arr), False)))

    @property
    def nfilled(self) -> int:
        return self.get("nfilled", lambda: self.n - count_true(self.blank))

    @property
    def filled(self):
        return self.get("filled", lambda: pc.invert(self.blank))

    @property
    def maxlen(self) -> int:
        return self.get("maxlen", lambda: pc.max(pc.utf8_length(self.arr)).as_py() or 0)

    @property
    def all_digits(self) -> bool:
        """Every filled cell is a whole number without sign (ids, codes, counts)."""
        return self.get("digits", lambda: self.nfilled > 0 and
                         count_true(pc.utf8_is_digit(self.arr)) == self.nfilled)

    @property
    def ncomma(self) -> int:
        return self.get("comma", lambda: count_true(pc.match_substring(self.arr, ",")))

    @property
    def ndot(self) -> int:
        return self.get("dot", lambda: count_true(pc.match_substring(self.arr, ".")))

    def kind(self, profile) -> str:
        """"dates" (every value a date, as the dates rule found), "digits" (whole numbers
        only), "decimals" (every value a plain number with one decimal mark) or "text"."""
        def make():
            if self.known("all_dates"):
                return "dates"
            if profile.known_kind == "integer" or self.all_digits:
                return "digits"
            if profile.known_kind == "decimal":
                return "decimals"
            if not (self.ncomma and self.ndot) and self.ncomma + self.ndot == self.nfilled \
                    and self.floats(decimal_comma=bool(self.ncomma)) is not None:
                return "decimals"
            return "text"

        return self.get("kind", make)

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
    return cells.get("codes", lambda: _value_codes(cells))


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
