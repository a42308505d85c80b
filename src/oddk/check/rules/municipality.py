"""Municipality codes: one of the 98 codes of Danmarks Statistik / DAGI, written 751 or
"0751" (both valid). Region codes (81–85, 1081–1085) and Christiansø (411, no municipality)
are named as what they are.

    >>> Municipality.codes
    ('invalid-municipality-code',)
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from oddk.check.cells import MAX_ROWS, count_true, rows_where, where
from oddk.check.rules import Rule

NAME = re.compile(
    r"^(kommune_?kode|kom_?kode|kommune_?nr|kommunenummer|kommune_?no|komnr|kommune_?id|"
    r"municipality_?code|municipality_?id|lau_?code|kode_?kommune|kommunekode4|dagi_?kode)$",
    re.I)
REGION_CODES = ("81", "82", "83", "84", "85", "1081", "1082", "1083", "1084", "1085")


@lru_cache(maxsize=1)
def municipality_codes() -> pa.Array:
    """The 98 codes as text, plain and zero-padded ("751", "0751")."""
    from oddk.reference import municipalities

    m = municipalities()
    return pa.array(sorted(set(m["kode"].astype(str)) | set(m["kode4"].astype(str))), pa.string())


@lru_cache(maxsize=1)
def _is_code() -> np.ndarray:
    """A lookup table: is_code[n] for every number of up to four digits."""
    table = np.zeros(10_000, bool)
    table[[int(c) for c in municipality_codes().to_pylist()]] = True
    return table


class _Column:
    def __init__(self):
        self.bad = 0
        self.rows: list[int] = []
        self.values: dict[str, int] = {}


class Municipality(Rule):
    name = "municipality"
    codes = ("invalid-municipality-code",)

    def __init__(self, ctx):
        super().__init__(ctx)
        self.cols: dict[str, _Column] = {}

    def column(self, name, cells, profile, row0):
        if not NAME.match(name.strip()):
            return
        col = self.cols.setdefault(name, _Column())
        arr = cells.arr
        if cells.ints is not None and cells.maxlen <= 4:  # 751 or 0751: compare as numbers
            ints = cells.ints
            nums = pc.fill_null(ints, 0).to_numpy(zero_copy_only=False)
            valid = pa.array(_is_code()[nums])
        else:
            valid = pc.is_in(pc.utf8_trim_whitespace(arr), value_set=municipality_codes())
        bad = pc.and_(cells.filled, pc.invert(pc.fill_null(valid, False)))
        nbad = count_true(bad)
        if not nbad:
            return
        col.bad += nbad
        if len(col.rows) < MAX_ROWS:
            col.rows += rows_where(bad, row0, MAX_ROWS - len(col.rows))
        for item in pc.value_counts(where(arr, bad)).to_pylist():
            if len(col.values) < 50 or item["values"] in col.values:
                col.values[item["values"]] = col.values.get(item["values"], 0) + item["counts"]

    def end(self):
        ctx, say, out = self.ctx, self.say, []
        for name, c in self.cols.items():
            if not c.bad:
                continue
            vals = sorted(c.values, key=lambda v: -c.values[v])
            shown = [ctx.example(name, v, 20) for v in vals[:8]]
            regions = [v for v in vals if v.strip().lstrip("0") in REGION_CODES]
            detail = say.detail("region-codes", codes=", ".join(regions)) if regions else ""
            if "411" in vals:
                detail += say.detail("christianso")
            # Christiansø (411) is a real place with a real code, only no municipality's:
            # worth fixing, not a value that cannot be true
            only_411 = all(v.strip().lstrip("0") == "411" for v in vals)
            out.append(say.finding("invalid-municipality-code", column=name, count=c.bad,
                                   rows=c.rows, examples=", ".join(repr(v) for v in shown),
                                   detail=detail, examples_list=shown,
                                   severity="warning" if only_411 else None))
        return out

    def good(self):
        ok = [n for n, c in self.cols.items() if not c.bad]
        return [("municipality_ok", {"columns": ", ".join(ok)})] if ok else []
