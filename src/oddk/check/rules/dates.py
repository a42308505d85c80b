"""Dates: real calendar dates (a 31 February is a typing error that pandas and pyarrow
silently turn into 3 March), in one format per column.

The Danish quirks: dd-mm-yyyy, dd.mm.yyyy and d/m/yyyy beside ISO yyyy-mm-dd. Ten-character
dates, the usual case, are read straight from the bytes with numpy (about ten times faster
than a regular expression); the rest by one regular expression.

    >>> Dates.codes
    ('invalid-date', 'mixed-types')
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from oddk.check.cells import MAX_EXAMPLES, MAX_ROWS, NULL_CODE, Cells, where
from oddk.check.plain_numbers import buffers
from oddk.check.profile import DATE
from oddk.check.rules import Rule

SEPARATORS = {45: "-", 46: ".", 47: "/"}
COMPACT = r"^\s*(?P<y>[12][0-9]{3})(?P<m>[0-9]{2})(?P<d>[0-9]{2})(?:T[0-9]{2,6}(?:[.,][0-9]+)?Z?)?\s*$"
# (name, separator positions, day, month and year byte positions) of ten-character dates
FIXED = (("dd{s}mm{s}yyyy", 2, 5, (0, 1), (3, 4), (6, 7, 8, 9)),
         ("yyyy{s}mm{s}dd", 4, 7, (8, 9), (5, 6), (0, 1, 2, 3)))


class _Column:
    def __init__(self):
        self.formats: dict[str, int] = {}
        self.others = 0  # values that are no dates at all ('ukendt')
        self.other_examples: list[str] = []
        self.bad = 0
        self.bad_rows: list[int] = []
        self.bad_examples: list[str] = []

    def count_formats(self, pairs) -> None:
        for key, n in pairs:
            if n:
                self.formats[key] = self.formats.get(key, 0) + int(n)

    def add_bad(self, arr, bad: np.ndarray, row0: int) -> None:
        nbad = int(bad.sum())
        if not nbad:
            return
        self.bad += nbad
        idx = np.flatnonzero(bad)
        if len(self.bad_rows) < MAX_ROWS:
            self.bad_rows += [int(i) + row0 + 1 for i in idx[: MAX_ROWS - len(self.bad_rows)]]
        for i in idx[:50]:
            v = arr[int(i)].as_py()
            if v not in self.bad_examples and len(self.bad_examples) < MAX_EXAMPLES:
                self.bad_examples.append(v)


class Dates(Rule):
    name = "dates"
    codes = ("invalid-date", "mixed-types")

    def __init__(self, ctx):
        super().__init__(ctx)
        self.cols: dict[str, _Column] = {}

    def column(self, name, cells, profile, row0):
        if not profile.is_date:
            return
        col = self.cols.setdefault(name, _Column())
        if not cells.nfilled:
            return
        if cells.n >= 50_000 and pc.count_distinct(cells.arr.slice(0, 20_000)).as_py() < 10_000:
            # few distinct dates (days of a few years): read each once, then map to the rows
            enc = cells.encoded
            nulls = enc.indices.null_count
            idx = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False) if nulls \
                else enc.indices.to_numpy()
            weights = np.bincount(idx[idx >= 0] if nulls else idx, minlength=len(enc.dictionary))
            values = Cells(enc.dictionary)
            found = _read(values, values.filled_np, weights)
            weights_used = True
            bad = (found.bad[idx] & (idx >= 0)) if nulls else found.bad[idx]
            codes = found.codes
            if codes is not None:
                codes = np.where(idx >= 0, codes[idx], NULL_CODE) if nulls else codes[idx]
        else:
            found = _read(cells, cells.filled_np, None)
            weights_used, idx = False, None
            bad, codes = found.bad, found.codes
        col.count_formats(found.formats.items())
        col.add_bad(cells.arr, bad, row0)
        if found.others is not None:
            others = found.others[idx] & (idx >= 0) if weights_used else found.others
            col.others += int(others.sum())
            for i in np.flatnonzero(others)[:MAX_EXAMPLES - len(col.other_examples)]:
                col.other_examples.append(cells.arr[int(i)].as_py())
        cells.remember("all_dates", found.every)
        if codes is not None:  # shared with the duplicate and standard rules
            cells.remember("date_layout", found.layout)
            cells.remember("codes", codes)

    def end(self):
        ctx, say, out = self.ctx, self.say, []
        for name, c in self.cols.items():
            if len(c.formats) > 1:
                fmts = ", ".join(f"{k} ({v})" for k, v in sorted(c.formats.items(),
                                                                 key=lambda x: -x[1]))
                out.append(say.finding("mixed-types", column=name, detail=say.detail(
                    "date-formats", n=len(c.formats), formats=fmts)))
            if c.others:
                ex = ctx.examples(name, c.other_examples)
                out.append(say.finding("mixed-types", column=name, detail=say.detail(
                    "dates-and-text", texts=c.others, examples=ex)))
            if c.bad:
                ex = ctx.examples(name, c.bad_examples)
                out.append(say.finding(
                    "invalid-date", column=name, count=c.bad, rows=c.bad_rows,
                    examples=f" ({ex})" if ex else "",
                    examples_list=ctx.example_list(name, c.bad_examples)))
        return out

    def good(self):
        ok = [n for n, c in self.cols.items() if not c.bad and len(c.formats) == 1]
        return [("dates_ok", {"columns": ", ".join(ok)})] if ok else []


_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])  # February: up to 29


def valid_dates(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Which (year, month, day) are real calendar dates: 31-02-2021 is not, 29-02-2024 is."""
    ok = (m >= 1) & (m <= 12) & (d >= 1) & (y >= 1000)
    ok &= d <= _DAYS[np.where(ok, m, 0)]
    feb29 = np.flatnonzero(ok & (m == 2) & (d == 29))  # the few where the year decides
    if len(feb29):
        yy = y[feb29]
        ok[feb29] = (yy % 4 == 0) & ((yy % 100 != 0) | (yy % 400 == 0))
    return ok


@dataclass
class _Found:
    """What reading a column's dates found: every value a date?, formats and how often, which
    values are not real dates, and (ten-character dates) a code per value and the layout."""

    every: bool
    formats: dict
    bad: np.ndarray
    codes: np.ndarray | None = None
    layout: str | None = None
    others: np.ndarray | None = None  # which values are no dates at all


def _read(cells, ok: np.ndarray, weights) -> _Found:
    """Read the dates of `cells` (`weights`: how often each occurs, when they are a column's
    distinct values): by position when every filled value has ten characters, else by the
    regular expression."""
    b = buffers(cells.arr)
    if b is not None and bool((np.diff(b[0])[ok] == 10).all()):
        found = _fixed(cells, ok, weights)
        if found is not None:
            return found
    return _regex(cells.arr, ok, weights)


def _fixed(cells, ok: np.ndarray, weights) -> _Found | None:
    """Ten-character dates (01-05-2024, 2024-05-01) read from the bytes: every filled value
    in one of the two layouts, or None (then the regular expression decides)."""
    offsets, data = buffers(cells.arr)
    n = cells.n
    if ok.all() and offsets[-1] - offsets[0] == 10 * n:  # the usual case: one block of bytes
        grid = data[offsets[0]:offsets[-1]].reshape(n, 10)
    else:
        idx = offsets[:-1, None] + np.arange(10, dtype=np.int32)
        np.minimum(idx, max(len(data) - 1, 0), out=idx)
        grid = data[idx] if len(data) else np.zeros((n, 10), np.uint8)
    z = grid - np.uint8(48)  # digits become 0-9; anything else wraps to 10-255

    def num(cols):
        out = z[:, cols[0]].astype(np.int32)
        for c in cols[1:]:
            out = out * 10 + z[:, c]
        return out

    for name, p1, p2, dd, mm, yy in FIXED:
        sep = grid[:, p1]
        digits = [i for i in range(10) if i not in (p1, p2)]
        good = ok & (sep == grid[:, p2]) & (sep >= 45) & (sep <= 47) & \
            (z[:, digits] < 10).all(axis=1)
        if int(good.sum()) != int(ok.sum()):
            continue
        d, m, y = num(dd), num(mm), num(yy)
        w = None if weights is None else weights[good]
        counts = np.bincount(sep[good], weights=w, minlength=48)[45:48]  # - . / separate
        used = [45 + i for i in np.flatnonzero(counts)]
        formats = {name.format(s=SEPARATORS[s]): int(counts[s - 45]) for s in used}
        code = (y * 10000 + m * 100 + d).astype(np.uint64) * np.uint64(4) + \
            (sep.astype(np.uint64) - np.uint64(45))
        layout = name.format(s=SEPARATORS[used[0]]) if len(used) == 1 else None
        return _Found(True, formats, good & ~valid_dates(y, m, d),
                      np.where(good, code, NULL_CODE), layout)
    return None


def _regex(arr, ok: np.ndarray, weights) -> _Found:
    """Dates of any length by one regular expression; every value a date or not."""
    parts = pc.extract_regex(arr, DATE)  # struct of a, s1, b, s2, c, rest (null: no match)
    valid = np.asarray(pc.fill_null(pc.is_valid(parts), False).to_numpy(zero_copy_only=False),
                       bool)
    matched, missing = ok & valid, ok & ~valid
    a, b, c = (pc.struct_field(parts, k) for k in ("a", "b", "c"))
    s1 = pc.struct_field(parts, "s1")
    iso = pc.equal(pc.utf8_length(a), 4)
    year = pc.cast(pc.if_else(iso, a, c), pa.int32(), safe=False).to_numpy(zero_copy_only=False)
    # 15.03.24: a two-digit year (the century only decides 29 February: read as 20yy)
    short = np.asarray(pc.fill_null(pc.and_(pc.invert(iso), pc.equal(pc.utf8_length(c), 2)),
                                    False).to_numpy(zero_copy_only=False), bool)
    year = np.where(short, np.nan_to_num(year) + 2000, year)
    day = pc.cast(pc.if_else(iso, c, a), pa.int32()).to_numpy(zero_copy_only=False)
    month = pc.cast(b, pa.int32()).to_numpy(zero_copy_only=False)
    yr = np.where(matched, np.nan_to_num(year, nan=2000), 2000).astype(np.int64)
    mo = np.where(matched, np.nan_to_num(month, nan=1), 1).astype(np.int64)
    dy = np.where(matched, np.nan_to_num(day, nan=1), 1).astype(np.int64)
    compact = np.zeros(len(ok), bool)
    if missing.any():  # 20240101, 20240101T101557: ISO 8601's basic form
        more = pc.extract_regex(arr, COMPACT)
        compact = missing & np.asarray(pc.fill_null(pc.is_valid(more), False).to_numpy(
            zero_copy_only=False), bool)
        if compact.any():
            for out, key in ((yr, "y"), (mo, "m"), (dy, "d")):
                got = pc.cast(pc.struct_field(more, key), pa.int64()).to_numpy(
                    zero_copy_only=False)
                out[compact] = np.nan_to_num(got[compact]).astype(np.int64)
    formats: dict[str, int] = {}
    if matched.any():  # formats: yyyy-mm-dd, dd-mm-yyyy, dd.mm.yyyy, d/m/yyyy ...
        fmt = pc.if_else(iso, pc.binary_join_element_wise("yyyy", s1, "mm", s1, "dd", ""),
                         pc.binary_join_element_wise("dd", s1, "mm", s1, "yyyy", ""))
        fmt = pc.if_else(pc.and_(pc.invert(iso), pc.less(pc.utf8_length(a), 2)),
                         pc.binary_join_element_wise("d", s1, "m", s1, "yyyy", ""), fmt)
        fmt = pc.if_else(pa.array(short), pc.replace_substring(fmt, "yyyy", "yy"), fmt)
        if weights is None:
            for item in pc.value_counts(where(fmt, pa.array(matched))).to_pylist():
                formats[item["values"]] = item["counts"]
        else:
            for f, k in zip(fmt.to_pylist(), weights.tolist(), strict=True):
                if f is not None:
                    formats[f] = formats.get(f, 0) + k
            formats = {f: k for f, k in formats.items() if k}
    if compact.any():
        formats["yyyymmdd"] = int(compact.sum() if weights is None else weights[compact].sum())
    # a value that is no date at all ('ukendt') is the kinds rule's (mixed types), not an
    # impossible date
    real = valid_dates(yr, mo, dy)
    others = missing & ~compact
    return _Found(not others.any(), formats, (matched | compact) & ~real,
                  others=others if others.any() else None)
