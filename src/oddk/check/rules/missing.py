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
        """One finding per level, listing the columns with their shares, the emptiest first:
        a warning for the columns that are mostly empty, a note for the others."""
        formulas = self.ctx.table.formulas
        own = set(self.ctx.table.header or [])
        found = []
        for name, empty in self.empty.items():
            if name.startswith("extra_") and name not in own:
                continue  # the reader's column for the fields of ragged rows (their rule's)
            rows = self.rows[name]
            unsaved = formulas.get(name, {})
            if unsaved and set(rows) <= set(unsaved) and empty <= len(unsaved):
                continue  # formulas whose results were never saved, not missing data
            found.append((empty / max(1, self.seen[name]), name, empty, rows))
        rr = self.ctx.report
        place = {n: i for i, n in enumerate(rr.column_names if rr else [])}
        out = []
        for mostly in (True, False):  # equal shares in the file's order (whatever the batches)
            group = sorted((f for f in found if (f[0] >= 0.5) == mostly),
                           key=lambda f: (-f[0], place.get(f[1], len(place)), f[1]))
            if not group:
                continue
            listed = ", ".join(f"'{name}' ({_share(share)})" for share, name, _, _ in group)
            first = group[0]
            out.append(self.say.finding(
                "missing-values", severity="warning" if mostly else None,
                column=first[1] if len(group) == 1 else None, count=sum(g[2] for g in group),
                rows=first[3] if len(group) == 1 else None, columns=listed, ncolumns=len(group),
                columns_list=[g[1] for g in group]))
        return out

    def good(self):
        return [("complete", {})] if self.ctx.rows and not self.empty else []


def _share(share: float) -> str:
    return f"{share:.0%}" if share >= 0.01 else f"{share:.2%}"
