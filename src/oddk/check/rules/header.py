"""The header: a name for every column, each name once, on the first line (Statistics
Denmark's exports put a title above it).

    >>> Header.codes
    ('no-header', 'rows-above-header', 'duplicate-column', 'empty-column-name')
"""

from __future__ import annotations

from collections import Counter

from oddk.check.rules import Rule
from oddk.personal import mask_label


class Header(Rule):
    name = "header"
    codes = ("no-header", "rows-above-header", "duplicate-column", "empty-column-name")

    def end(self):
        t, say = self.ctx.table, self.say
        rr, out = t.report, []
        if rr.format in ("csv", "tsv", "xlsx"):
            if rr.header_row is None:
                out.append(say.finding("no-header"))
            elif rr.header_row > 1 and rr.format in ("csv", "tsv"):
                skipped = rr.header_row - 1 - (1 if any("sep=" in n for n in rr.notes) else 0)
                if skipped > 0:
                    out.append(say.finding("rows-above-header", count=skipped,
                                           line=rr.header_row))
        names = t.header or []
        for name, k in Counter(n for n in names if n).items():
            if k > 1:
                out.append(say.finding("duplicate-column", column=mask_label(name), count=k))
        for i, n in enumerate(names, start=1):
            if not n:
                out.append(say.finding("empty-column-name", position=i))
        self.found = out
        return out

    def good(self):
        rr = self.ctx.report
        named = not any(f.code != "rows-above-header" for f in self.found)
        if self.ctx.rows and named:
            return [("table", {"rows": self.ctx.rows, "columns": len(rr.column_names)})]
        return []
