"""Ragged rows: a row with more or fewer fields than the header puts values in the wrong
columns for every program that reads the file (usually a separator inside a value that is
not quoted: "Hansen, Jens").

    >>> Ragged.codes
    ('ragged-rows',)
"""

from __future__ import annotations

from oddk.check.rules import Rule
from oddk.personal import mask


class Ragged(Rule):
    name = "ragged"
    codes = ("ragged-rows",)

    def end(self):
        t, say = self.ctx.table, self.say
        names = [c for c in t.report.column_names if not c.startswith("extra_")]
        if t.report.ragged_rows:
            lines = t.report.ragged_rows
            return [say.finding("ragged-rows", count=len(lines), width=len(names),
                                where=say.lines(lines), lines=lines[:20])]
        if t.ragged_texts:
            where = say.detail("for-example", example=mask(t.ragged_texts[0], 50))
            return [say.finding("ragged-rows", count=len(t.ragged_texts), width=len(names),
                                where=where)]
        return []

    def good(self):
        t = self.ctx.table
        even = not t.report.ragged_rows and not t.ragged_texts
        return [("even", {})] if even and t.format in ("csv", "tsv") else []
