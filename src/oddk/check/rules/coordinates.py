"""Coordinates: every point inside Denmark in the coordinate system the reader found;
Web Mercator (EPSG:3857, for web maps, not data) named; a system found only from the
values worth stating in the description.

    >>> Coordinates.codes
    ('coordinates-outside-denmark', 'web-mercator', 'crs-not-stated')
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from oddk.check.cells import MAX_ROWS
from oddk.check.rules import Rule
from oddk.vocab import DENMARK_EXTENT

NUMBER = r"^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$"


class Coordinates(Rule):
    name = "coordinates"
    codes = ("coordinates-outside-denmark", "web-mercator", "crs-not-stated")

    def __init__(self, ctx):
        super().__init__(ctx)
        rr = ctx.report
        self.cols = rr.coordinate_columns if rr is not None else None
        self.crs = rr.crs if rr is not None else None
        self.swapped = rr is not None and "swapped" in (rr.crs_source or "")
        self.decimal = rr.decimal if rr is not None else None
        self.points = self.outside = 0
        self.rows: list[int] = []

    def batch_columns(self) -> set[str]:
        return set(self.cols or ())

    def _numbers(self, cells):
        fast = cells.floats(decimal_comma=self.decimal == ",")
        if fast is not None:
            return fast.to_numpy(zero_copy_only=False)
        arr = cells.arr
        if self.decimal == ",":
            arr = pc.replace_substring(arr, ",", ".")
        arr = pc.utf8_trim_whitespace(arr)
        ok = pc.fill_null(pc.match_substring_regex(arr, NUMBER), False)
        return pc.cast(pc.if_else(ok, arr, None), pa.float64()).to_numpy(zero_copy_only=False)

    def batch(self, columns, row0, n):
        if not self.cols or any(c not in columns for c in self.cols):
            return
        x = self._numbers(columns[self.cols[0]])
        y = self._numbers(columns[self.cols[1]])
        have = ~np.isnan(x) & ~np.isnan(y)
        self.points += int(have.sum())
        if self.crs and not self.swapped:
            if self.crs not in DENMARK_EXTENT:  # ED50, UTM 33, DKTM …: as degrees
                x, y = self._to_degrees(x, y)
            (x0, x1), (y0, y1) = DENMARK_EXTENT.get(self.crs, DENMARK_EXTENT["EPSG:4326"])
            out = have & ~((x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))
        else:
            out = have
        k = int(out.sum())
        if k:
            self.outside += k
            if len(self.rows) < MAX_ROWS:
                self.rows += [int(i) + row0 + 1
                              for i in np.flatnonzero(out)[: MAX_ROWS - len(self.rows)]]

    def _to_degrees(self, x, y):
        """x, y in the file's system as WGS84 longitude, latitude (pyproj, x before y)."""
        if getattr(self, "_transformer", None) is None:
            from pyproj import Transformer

            self._transformer = Transformer.from_crs(self.crs, "EPSG:4326", always_xy=True)
        return self._transformer.transform(x, y)

    def _columns(self) -> str:
        return self.say.join(f"'{c}'" for c in self.cols)

    def end(self):
        if not self.cols or not self.points:
            return []
        say, out, cols = self.say, [], self._columns()
        if self.outside:
            if self.crs is None:
                detail = say.detail("outside-any-system")
            elif self.swapped:
                detail = say.detail("columns-swapped", crs=self.crs)
            else:
                detail = f" ({self.crs})"
            severity = "blocker" if self.outside / self.points > 0.5 else "warning"
            out.append(say.finding("coordinates-outside-denmark", severity=severity,
                                   count=self.outside, columns=cols, detail=detail,
                                   rows=self.rows))
        if self.crs == "EPSG:3857":
            out.append(say.finding("web-mercator", columns=cols))
        elif self.crs and (self.ctx.report.crs_source or "").startswith("guessed") \
                and not self.swapped:
            out.append(say.finding("crs-not-stated", columns=cols, crs=self.crs))
        return out

    def good(self):
        if self.cols and self.points and not self.outside:
            return [("coordinates_ok", {"columns": self._columns(), "crs": self.crs})]
        return []
