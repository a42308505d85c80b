"""Repeats: rows that repeat an earlier row exactly, and identifiers (id, objectid, løbenr …)
that repeat, which break every join on them. Each value becomes a 64-bit code
(`cells.value_codes`); a row's code combines its values' codes.

    >>> Duplicates.codes
    ('duplicate-rows', 'duplicate-ids')
"""

from __future__ import annotations

import re
import threading

import numpy as np

from oddk.check.cells import MAX_ROWS, NULL_CODE, value_codes
from oddk.check.rules import Rule

ID_NAME = re.compile(r"^(id|fid|gid|oid|objectid|object_?id|objekt_?id|uuid|guid|"
                     r"l(ø|oe|o)be_?nr|l(ø|oe|o)benummer|row_?id|record_?id)$", re.I)


def repeated(codes: np.ndarray, ignore=None, keep="first") -> np.ndarray:
    """Which codes repeat an earlier one (the first of each stays unmarked; with
    keep=False every copy is marked); codes equal to `ignore` never are."""
    import pandas as pd

    in_order = keep in ("first", False) and codes.dtype.kind in "iuf" and len(codes) > 1
    same = codes[1:] == codes[:-1] if in_order else None
    if in_order and (same | (codes[1:] > codes[:-1])).all():
        # in order already (ids counted up, as most files hold them): a copy is next to
        # the value it repeats, and no hash table is needed
        dup = np.concatenate([[False], same])
        if keep is False:
            dup[:-1] |= same
    else:
        dup = pd.Series(codes).duplicated(keep=keep).to_numpy()
    return dup & (codes != ignore) if ignore is not None else dup


class Duplicates(Rule):
    name = "duplicates"
    codes = ("duplicate-rows", "duplicate-ids")

    def __init__(self, ctx):
        super().__init__(ctx)
        self.row_code: np.ndarray | None = None  # this batch's rows, summed as columns finish
        self.lock = threading.Lock()
        self.order: dict[str, int] = {}  # each column's place: its own multiplier
        self.rows: list[np.ndarray] = []
        self.ids: dict[str, list[np.ndarray]] = {}
        self.first: dict[str, np.ndarray] = {}  # every copy of a repeated id, first batch

    def column(self, name, cells, profile, row0):
        codes = value_codes(cells)
        # a row's code: the sum of its values' codes, each column's times its own odd
        # number (the same whatever order the worker threads finish the columns in)
        with self.lock:
            k = np.uint64(2 * (1000003 + 7919 * self.order.setdefault(name, len(self.order))) + 1)
            if self.row_code is None or len(self.row_code) != len(codes):
                self.row_code = np.zeros(len(codes), np.uint64)
            self.row_code += codes * k
        if ID_NAME.match(name.strip()):
            self.ids.setdefault(name, []).append(codes)  # empty cells have NULL_CODE
            if row0 == 0:  # in this column's worker thread; enough when it is the only batch
                self.first[name] = repeated(codes, keep=False)

    def batch(self, columns, row0, n):
        self.rows.append(self.row_code if self.row_code is not None else np.zeros(n, np.uint64))
        self.row_code = None

    def end(self):
        say, out = self.say, []
        ids = {name: np.concatenate(parts) for name, parts in self.ids.items()}
        # every copy of a value that occurs more than once (empty cells too: rows may repeat)
        repeats = {name: self.first[name] if len(self.ids[name]) == 1
                   else repeated(codes, keep=False) for name, codes in ids.items()}
        self.dup_rows = None
        if self.rows:
            h = np.concatenate(self.rows)
            if repeats:  # a repeated row repeats its id too: look only among those rows
                among = np.flatnonzero(next(iter(repeats.values())))
                dup = np.zeros(len(h), bool)
                dup[among] = repeated(h[among])
            else:
                dup = repeated(h)
            self.dup_rows = int(dup.sum())
            if self.dup_rows:
                rows = [int(i) + 1 for i in np.flatnonzero(dup)[:MAX_ROWS]]
                out.append(say.finding("duplicate-rows", count=self.dup_rows, rows=rows))
        for name, all_of_them in repeats.items():
            codes = ids[name]
            among = np.flatnonzero(all_of_them & (codes != NULL_CODE))  # the first is no repeat
            dup = np.zeros(len(codes), bool)
            dup[among] = repeated(codes[among])
            if dup.any():
                rows = [int(i) + 1 for i in np.flatnonzero(dup)[:MAX_ROWS]]
                out.append(say.finding("duplicate-ids", column=name, count=int(dup.sum()),
                                       rows=rows))
        return out

    def good(self):
        none = self.dup_rows == 0 and self.ctx.rows > 1
        return [("no_duplicates", {})] if none else []
