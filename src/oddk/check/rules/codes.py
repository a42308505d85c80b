"""Codes that cannot be true: a postnr that is no Danish postcode, a GeoFA code (facil_ty_k,
handicap_k, doegnaab_k, betaling_k, cvr_kode) that is not in GeoFA's code list. Like an
impossible date, such a value is wrong wherever it is used, so it blocks publishing.

The Danish quirks: postcodes are four digits from 0800 to 9990 (written 800 when a
spreadsheet dropped the zero, '8000 Aarhus C' or 'DK-8000' by hand); '0' often stands for
"none", like an empty cell. When
rows are ragged their values sit in the wrong columns: nothing is said until they are fixed.

    >>> Codes.codes
    ('invalid-postcode', 'invalid-code')
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from oddk import vocab
from oddk.check.cells import MAX_ROWS, count_true, rows_where, where
from oddk.check.rules import Rule

POSTCODE_NAME = re.compile(r"^(post_?nr|post_?nummer|postnummer|post_?code|postal_?code|"
                           r"zip_?code|zip)$", re.I)
GEOFA_CODED = ("facil_ty_k", "handicap_k", "doegnaab_k", "betaling_k", "cvr_kode")


class _Column:
    def __init__(self, code: str, allowed: str):
        self.code, self.allowed = code, allowed
        self.bad = 0
        self.rows: list[int] = []
        self.values: dict[str, int] = {}


class Codes(Rule):
    name = "codes"
    codes = ("invalid-postcode", "invalid-code")

    def __init__(self, ctx):
        super().__init__(ctx)
        self.cols: dict[str, _Column] = {}
        # a standard's own code lists are checked by the standard rule
        self.in_standard = {f.get("name") for f in (ctx.schema or {}).get("fields", [])
                            if (f.get("constraints") or {}).get("enum")}

    def column(self, name, cells, profile, row0):
        key = name.strip().lower()
        if name in self.in_standard or not cells.nfilled:
            return
        if POSTCODE_NAME.match(key):
            ok = _postcodes(cells)
            code, allowed = "invalid-postcode", "0800–9990"
        elif key in GEOFA_CODED:
            valid = pa.array([str(c) for c in vocab.geofa_code_list(key)], pa.string())
            ok = pc.fill_null(pc.is_in(pc.utf8_trim_whitespace(cells.arr), value_set=valid),
                              False)
            code, allowed = "invalid-code", f"GeoFA {key}"
        else:
            return
        bad = pc.and_(cells.filled, pc.invert(ok))
        nbad = count_true(bad)
        col = self.cols.setdefault(name, _Column(code, allowed))
        if not nbad:
            return
        col.bad += nbad
        if len(col.rows) < MAX_ROWS:
            col.rows += rows_where(bad, row0, MAX_ROWS - len(col.rows))
        for item in pc.value_counts(where(cells.arr, bad)).to_pylist()[:50]:
            col.values[item["values"]] = col.values.get(item["values"], 0) + item["counts"]

    def end(self):
        ctx, say, out = self.ctx, self.say, []
        if ctx.table.report.ragged_rows or ctx.table.ragged_texts:
            return []  # values pushed into the wrong columns: the rows are fixed first
        for name, c in self.cols.items():
            if c.bad:
                vals = sorted(c.values, key=lambda v: -c.values[v])
                out.append(say.finding(c.code, column=name, count=c.bad, rows=c.rows,
                                       examples=ctx.examples(name, vals, 5), allowed=c.allowed,
                                       examples_list=ctx.example_list(name, vals[:5])))
        return out

    def good(self):
        ok = [n for n, c in self.cols.items() if not c.bad]
        return [("codes_ok", {"columns": ", ".join(ok)})] if ok else []


def _postcodes(cells):
    """Which cells are Danish postcodes: four digits (or three, a dropped zero) from 800 to
    9990, also written with the town or a country prefix ('8000 Aarhus C', 'DK-8000': a
    matter of form, which the kinds rule points out); '0' says "none", like an empty cell,
    and so does a word without digits ('ukendt', also the kinds rule's)."""
    text = pc.utf8_trim_whitespace(cells.arr)
    number = pc.struct_field(pc.extract_regex(text, r"^(?:DK[- ]?)?(?P<n>[0-9]{1,4})(?:\s+\D.*)?$"),
                             "n") if len(text) else text
    digits = pc.fill_null(pc.is_valid(number), False)
    nums = pc.cast(pc.if_else(digits, number, "-1"), pa.int64()).to_numpy(zero_copy_only=False)
    inside = ((nums >= 800) & (nums <= 9990)) | (nums == 0)
    words = pc.invert(pc.fill_null(pc.match_substring_regex(text, "[0-9]"), False))
    return pc.or_(pc.and_(digits, pa.array(np.asarray(inside, bool))), words)  # 'ukendt': kinds
