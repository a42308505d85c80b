"""Empty cells: fine when a value is truly unknown, but the description should say what an
empty cell means; a column that is mostly empty is worth a warning. Cells of a workbook
that hold formulas whose results were never saved are not counted (the reader warns).

    >>> Missing.codes
    ('missing-values',)
"""

from __future__ import annotations

from oddk.check.cells import MAX_ROWS, rows_where
from oddk.check.rules import Rule


class Missing(Rule):
    name = "missing"
    codes = ("missing-values",)

    def __init__(self, ctx):
        super().__init__(ctx)
        self.seen: dict[str, int] = {}
        self.empty: dict[str, int] = {}
        self.rows: dict[str, list[int]] = {}

    def column(self, name, cells, profile, row0):
        self.seen[name] = self.seen.get(name, 0) + cells.n
        nblank = cells.n - cells.nfilled
        if nblank:
            self.empty[name] = self.empty.get(name, 0) + nblank
            rows = self.rows.setdefault(name, [])
            if len(rows) < MAX_ROWS:
                rows += rows_where(cells.blank, row0, MAX_ROWS - len(rows))

    def end(self):
        out = []
        formulas = self.ctx.table.formulas
        for name, empty in self.empty.items():
            rows = self.rows[name]
            unsaved = formulas.get(name, {})
            if unsaved and set(rows) <= set(unsaved) and empty <= len(unsaved):
                continue  # formulas whose results were never saved, not missing data
            share = empty / max(1, self.seen[name])
            out.append(self.say.finding(
                "missing-values", severity="warning" if share >= 0.5 else None, column=name,
                count=empty, rows=rows, share=f"{share:.0%}" if share >= 0.01 else f"{share:.2%}"))
        return out

    def good(self):
        return [("complete", {})] if self.ctx.rows and not self.empty else []
