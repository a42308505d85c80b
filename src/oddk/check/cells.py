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

from oddk.check.plain_numbers import buffers, comma_to_point, valid_mask

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
# first bytes of the characters pyarrow counts as space: ASCII white space, and the lead
# bytes of U+0085, U+00A0 (C2), U+1680 (E1), U+2000-U+205F (E2) and U+3000 (E3) in UTF-8
_SPACE_START = np.zeros(256, bool)
_SPACE_START[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 0xC2, 0xE1, 0xE2, 0xE3]] = True


def as_numbers(arr: pa.Array, decimal_comma: bool = False):
    """The text values as float64 (pyarrow array) if every value is a plain number, else
    None. Tries the cast only when the first values look numeric: a failing cast costs
    forty times a successful one."""
    if not _plain_head(arr):
        return None
    if decimal_comma:
        arr = comma_to_point(arr) or pc.replace_substring(arr, ",", ".")
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
        self._arr = arr  # a ChunkedArray is put together on first use (in a worker thread)
        self.n = len(arr)
        self._floats: dict[bool, object] = {}
        self._cache: dict[str, object] = {}

    @property
    def arr(self) -> pa.Array:
        if isinstance(self._arr, pa.ChunkedArray):
            self._arr = self._arr.combine_chunks()
        return self._arr

    def release(self) -> None:
        """Let go of the cells and of everything made of them."""
        self._arr = None
        self._cache.clear()
        self._floats.clear()

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
        def make():
            nulls = pc.is_null(self.arr)
            b = buffers(self.arr)
            if b is not None:  # only a cell that starts with a space can be all spaces
                offsets, data = b
                if not len(data):
                    return nulls
                text = data[offsets[0]:offsets[-1]]
                if len(text) and text.min() > 32 and text.max() < 0xC2:
                    return nulls  # no space of any kind anywhere (numbers, codes, dates)
                # each cell's first byte (an empty cell shows its neighbour's: no harm)
                starts = offsets[:-1]
                if len(starts) and starts[-1] >= len(data):  # empty cells at the very end
                    starts = np.minimum(starts, len(data) - 1)
                first = data[starts]
                # the bytes a space can start with: controls and ' ' (<= 32), 0xC2 (no-break
                # space), 0xE1-0xE3 (Unicode's other spaces)
                if not ((first <= 32).any() or ((first >= 0xC2) & (first <= 0xE3)).any()
                        and _SPACE_START[first].any()):
                    return nulls
            return pc.or_(nulls, pc.fill_null(pc.utf8_is_space(self.arr), False))

        return self.get("blank", make)

    @property
    def filled_np(self) -> np.ndarray:
        """`filled` as a numpy array of booleans."""
        def make():
            if self.blank.true_count == 0:
                return np.ones(self.n, bool)
            return np.asarray(self.filled.to_numpy(zero_copy_only=False), bool)

        return self.get("filled_np", make)

    @property
    def nfilled(self) -> int:
        return self.get("nfilled", lambda: self.n - count_true(self.blank))

    @property
    def filled(self):
        return self.get("filled", lambda: pc.invert(self.blank))

    @property
    def maxlen(self) -> int:
        """The longest cell in bytes (a bound on its length in characters)."""
        def make():
            b = buffers(self.arr)
            if b is None:
                return pc.max(pc.utf8_length(self.arr)).as_py() or 0
            return int(np.diff(b[0]).max()) if self.n else 0

        return self.get("maxlen", make)

    @property
    def all_digits(self) -> bool:
        """Every filled cell is a whole number without sign (ids, codes, counts)."""
        def make():
            head = [v for v in self.arr.slice(0, 200).to_pylist() if v is not None]
            if not all(v.isdigit() for v in head):  # a cheap look at the first values first
                return False
            b = buffers(self.arr)
            # only the bytes 0-9, and no cell of no characters ("" is no number): all numbers
            if b is not None and self.nfilled > 0:
                offsets, data = b
                text = data[offsets[0]:offsets[-1]]
                if len(text) and text.min() >= 48 and text.max() <= 57 and not (
                        (np.diff(offsets) == 0) & valid_mask(self.arr)).any():
                    return True
            return self.nfilled > 0 and count_true(pc.utf8_is_digit(self.arr)) == self.nfilled

        return self.get("digits", make)

    @property
    def ncomma(self) -> int:
        return self.get("comma", lambda: count_true(pc.match_substring(self.arr, ","))
                        if self.has_byte(44) else 0)

    @property
    def ndot(self) -> int:
        return self.get("dot", lambda: count_true(pc.match_substring(self.arr, "."))
                        if self.has_byte(46) else 0)

    def has_byte(self, byte: int) -> bool:
        """Does any cell hold this ASCII character? (One look at the data buffer.)"""
        def make():
            b = buffers(self.arr)
            if b is None:
                return True  # not known: ask the slow way
            offsets, data = b
            return bool((data[offsets[0]:offsets[-1]] == byte).any())

        return self.get(f"byte{byte}", make)

    def count_byte(self, byte: int) -> int:
        """How often this ASCII character occurs in the cells (not: in how many cells)."""
        b = buffers(self.arr)
        if b is None:
            return count_true(pc.match_substring(self.arr, chr(byte)))
        offsets, data = b
        return int(np.count_nonzero(data[offsets[0]:offsets[-1]] == byte))

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
            if not _plain_head(self.arr):  # a cheap look at the first values first
                return "text"
            # every value a number (with a decimal comma if the data holds commas)
            if self.floats(decimal_comma=self.has_byte(44)) is not None:
                return "decimals"
            return "text"

        return self.get("kind", make)

    @property
    def encoded(self):
        """The column dictionary-encoded (each distinct value once, and an index per cell)."""
        return self.get("encoded", lambda: pc.dictionary_encode(self.arr))

    def _by_dictionary(self) -> bool:
        """Ask questions of the distinct values only: a text column with few of them (street
        names, categories), where a regular expression on 300 values replaces one on a
        million cells."""
        def make():
            if self.known("kind") != "text" or self.n < 1000:
                return False
            return len(self.encoded.dictionary) * 4 <= self.n

        return self.get("by_dictionary", make)

    def matches(self, pattern: str):
        """Which cells match the regular expression `pattern` (RE2), empty cells never."""
        if self._by_dictionary():
            enc = self.encoded
            hit = pc.fill_null(pc.match_substring_regex(enc.dictionary, pattern), False)
            return pc.fill_null(pc.take(hit, enc.indices), False)
        return pc.fill_null(pc.match_substring_regex(self.arr, pattern), False)

    def matches_later(self, *patterns: str):
        """A function that says, when called, which cells match every one of `patterns`
        (as `matches`, and-ed): for a mask only some batches need. A column asked by its
        distinct values waits (it keeps those and an index per cell); any other is matched
        now, so that its text may be let go."""
        by_dictionary = self._by_dictionary()
        values, idx = (self.encoded.dictionary, self.encoded.indices) if by_dictionary \
            else (self.arr, None)

        def rows() -> np.ndarray:
            hit = None
            for pattern in patterns:
                m = pc.fill_null(pc.match_substring_regex(values, pattern), False)
                hit = m if hit is None else pc.and_(hit, m)
            if idx is not None:
                hit = pc.fill_null(pc.take(hit, idx), False)
            return np.asarray(hit.to_numpy(zero_copy_only=False), bool)

        if by_dictionary:
            return rows
        now = rows()
        return lambda: now

    def any_match(self, pattern: str) -> bool:
        """Does any cell match `pattern`?"""
        values = self.encoded.dictionary if self._by_dictionary() else self.arr
        return bool(pc.any(pc.fill_null(pc.match_substring_regex(values, pattern),
                                        False)).as_py())

    def floats(self, decimal_comma: bool):
        """All values as float64 (null where empty), or None if some are not numbers."""
        if decimal_comma and not self.has_byte(44):
            decimal_comma = False  # the same numbers either way
        if decimal_comma not in self._floats:
            self._floats[decimal_comma] = as_numbers(self.arr, decimal_comma)
        return self._floats[decimal_comma]

    @property
    def ints(self):
        """A column of whole numbers (`all_digits`, up to 18 digits) as int64, null where
        empty; else None."""
        def make():
            if not (self.all_digits and self.maxlen <= 18):
                return None
            arr = self.arr
            if self.blank.true_count != arr.null_count:  # cells of spaces: empty, not numbers
                arr = pc.if_else(self.filled, arr, None)
            return pc.cast(arr, pa.int64())

        return self.get("ints", make)


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
    valid = cells.filled_np
    nums = None
    if cells.nfilled == 0:
        return np.full(cells.n, NULL_CODE, dtype=np.uint64)
    if cells.ints is not None:
        nums = cells.ints
    elif _plain_head(arr) and not (cells.has_byte(44) and cells.has_byte(46)):
        nums = cells.floats(decimal_comma=cells.has_byte(44))
    every = cells.nfilled == cells.n  # no empty cell to mark
    if nums is not None:
        out = pc.fill_null(nums, 0).to_numpy(zero_copy_only=False).view(np.uint64)
    else:
        enc = cells.encoded
        values = enc.dictionary.to_numpy(zero_copy_only=False)
        hashes = pd.util.hash_array(np.asarray(values, dtype=object), categorize=False)
        out = hashes.take(pc.fill_null(enc.indices, 0).to_numpy(zero_copy_only=False))
    return out if every else np.where(valid, out, NULL_CODE)
