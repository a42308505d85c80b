"""Coordinates: every point inside Denmark in the coordinate system the reader found;
cells that give no place ((0, 0), -999, a word such as 'ukendt') said as such, not as points
outside Denmark; Web Mercator (EPSG:3857, for web maps, not data) named; a system found only
from the values worth stating in the description.

    >>> Coordinates.codes
    ('coordinates-outside-denmark', 'coordinates-missing', 'web-mercator', 'crs-not-stated')
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from oddk.check.cells import MAX_ROWS
from oddk.check.rules import Rule
from oddk.geometry_read import no_place
from oddk.vocab import DENMARK_EXTENT

NUMBER = r"^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$"


class Coordinates(Rule):
    name = "coordinates"
    codes = ("coordinates-outside-denmark", "coordinates-missing", "web-mercator",
             "crs-not-stated")

    def __init__(self, ctx):
        super().__init__(ctx)
        rr = ctx.report
        self.cols = rr.coordinate_columns if rr is not None else None
        self.crs = rr.crs if rr is not None else None
        self.swapped = rr is not None and "swapped" in (rr.crs_source or "")
        self.decimal = rr.decimal if rr is not None else None
        self.points = self.outside = self.unplaced = 0
        self.rows: list[int] = []
        self.unplaced_rows: list[int] = []
        self.examples: dict[str, None] = {}  # the cells as written that give no place
        self._transformer = None  # to degrees, for a system without an extent of its own

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
        words = (self._written(columns[self.cols[0]]) & np.isnan(x)) | \
            (self._written(columns[self.cols[1]]) & np.isnan(y))  # 'ukendt', not a number
        none = (have & no_place(np.nan_to_num(x, nan=1.0), np.nan_to_num(y, nan=1.0))) | words
        self._unplaced(none, columns, row0)
        have &= ~none
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

    @staticmethod
    def _written(cells):
        """Which cells hold something (not empty, not only spaces)."""
        arr = pc.utf8_trim_whitespace(pc.cast(cells.arr, pa.string()))
        return pc.fill_null(pc.not_equal(arr, ""), False).to_numpy(zero_copy_only=False)

    def _unplaced(self, none, columns, row0: int) -> None:
        k = int(none.sum())
        if not k:
            return
        self.unplaced += k
        at = np.flatnonzero(none)
        if len(self.unplaced_rows) < MAX_ROWS:
            self.unplaced_rows += [int(i) + row0 + 1 for i in at[: MAX_ROWS - len(self.unplaced_rows)]]
        if len(self.examples) < 3:
            a, b = (columns[c].arr for c in self.cols)
            for i in at[:20]:
                pair = ", ".join("" if v is None else str(v).strip()
                                 for v in (a[int(i)].as_py(), b[int(i)].as_py()))
                self.examples.setdefault(f"'{pair}'", None)
                if len(self.examples) >= 3:
                    break

    def _to_degrees(self, x, y):
        """x, y in the file's system as WGS84 longitude, latitude (pyproj, x before y)."""
        if self._transformer is None:
            from pyproj import Transformer

            self._transformer = Transformer.from_crs(self.crs, "EPSG:4326", always_xy=True)
        return self._transformer.transform(x, y)

    def _columns(self) -> str:
        return self.say.join(f"'{c}'" for c in self.cols)

    def end(self):
        if not self.cols or not (self.points or self.unplaced):
            return []
        say, out, cols = self.say, [], self._columns()
        if self.unplaced:
            out.append(say.finding("coordinates-missing", count=self.unplaced, columns=cols,
                                   examples=", ".join(self.examples), rows=self.unplaced_rows))
        if not self.points:
            return out
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
