"""Formula injection: cells that Excel or LibreOffice would run as a formula when someone
opens the published file (=HYPERLINK(…), +SUM(…), @…), and a workbook's own formulas.
Negative amounts ("-40,00") are numbers, not formulas (`oddk.check.formulas`).

    >>> Formulas.codes
    ('formula-injection', 'formula-in-header')
"""

from __future__ import annotations

from oddk.check.cells import MAX_ROWS, count_true, rows_where, where
from oddk.check.formulas import formula_mask, is_formula
from oddk.check.rules import Rule
from oddk.personal import mask

START = r"^[=+\-@\t\r]"


class _Column:
    def __init__(self):
        self.count = 0
        self.rows: list[int] = []
        self.examples: list[str] = []


class Formulas(Rule):
    name = "formulas"
    codes = ("formula-injection", "formula-in-header")

    def __init__(self, ctx):
        super().__init__(ctx)
        self.cols: dict[str, _Column] = {}

    def column(self, name, cells, profile, row0):
        if not cells.nfilled or cells.kind(profile) != "text":
            return  # numbers and dates are never formulas
        arr = cells.arr
        if not cells.any_match(START):
            return
        mask = formula_mask(arr)
        n = count_true(mask)
        if n:
            col = self.cols.setdefault(name, _Column())
            col.count += n
            if len(col.rows) < MAX_ROWS:
                col.rows += rows_where(mask, row0, MAX_ROWS - len(col.rows))
            if len(col.examples) < 3:
                col.examples += where(arr, mask).to_pylist()[: 3 - len(col.examples)]

    def end(self):
        ctx, say, out = self.ctx, self.say, []
        for name, c in self.cols.items():
            ex = ctx.examples(name, c.examples)
            out.append(say.finding(
                "formula-injection", column=name, count=c.count, rows=c.rows,
                examples=f": {ex}" if ex else "",
                examples_list=ctx.example_list(name, c.examples)))
        # a workbook's own formulas (their saved results are what the cells show)
        for name, cells in self.ctx.table.formulas.items():
            if name not in self.cols:
                rows = sorted(cells)
                out.append(say.finding("formula-injection", column=name, count=len(rows),
                                       rows=rows[:MAX_ROWS], examples=""))
        named = [n for n in ctx.table.header or [] if is_formula(str(n))]
        if named:
            ex = ", ".join(repr(mask(str(n), 60)) for n in named[:3])
            out.append(say.finding("formula-in-header", count=len(named), examples=ex))
        self.found = out
        return out

    def good(self):
        return [] if self.found else [("no_formulas", {})]
