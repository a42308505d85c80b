"""The raw table: a file's cells as written, read once, with where each row came from.

Every tool starts here: the readiness check looks at the text as written ("1.234,50",
"0751", "-40,00"), the export writes it back, the standardiser maps it, notebook 03 shows
it beside the cleaned values; the typed frame (`frame()`, what `oddk.read.read_table`
returns) is made from it, never by reading the file again.

    >>> from oddk.read import read_raw                               # doctest: +SKIP
    >>> raw = read_raw("datasets/bad/tusindtalsseparator-synthetic.csv")  # doctest: +SKIP
    >>> raw.text()["beloeb"][0], raw.frame()["beloeb"][0]              # doctest: +SKIP
    ('1.234,50', 1234.5)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from oddk.read_report import ReadReport

__all__ = ["RawTable"]


@dataclass
class RawTable:
    """One table as the file writes it.

    `cells`: a DataFrame with the column names the reader made unique; in text formats
    (CSV, TSV) every cell is the text as written (None when empty), in workbooks, JSON and
    shapefiles the value the format stores (number, date, text). `header`: the header row
    as written (duplicates and blanks kept), None when the file has none. `lines`: for each
    row, its line in the file (CSV) or row in the sheet (XLSX); None where rows have no
    lines (JSON). `formulas`: for workbooks, {column: {data row (1-based): formula}}.
    `non_utf8`: for text files, (number of lines with bytes that are not UTF-8, the first 20
    of them). `report`: what the reader found (encoding, separator, header, CRS …).
    """

    report: ReadReport
    cells: object  # pandas.DataFrame
    header: list[str] | None = None
    lines: list[int] | None = None
    formulas: dict[str, dict[int, str]] = field(default_factory=dict)
    non_utf8: tuple[int, list[int]] = (0, [])
    typed_by_format: bool = False  # the format stores types (XLSX, JSON, shapefile)
    _frame: object = None

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.cells.columns]

    def __len__(self) -> int:
        return len(self.cells)

    def text(self):
        """Every cell as text (None when empty): as written in a text file; in other formats
        the stored value written as text (whole numbers without '.0', dates as ISO)."""
        import pandas as pd

        if not self.typed_by_format:
            return self.cells.copy()
        out = pd.DataFrame(index=self.cells.index)
        for c in self.cells.columns:
            out[c] = pd.array([_as_text(v) for v in self.cells[c].tolist()], dtype="str")
        return out

    def frame(self):
        """The typed frame: number columns as numbers (in the file's own notation), the rest
        as text; made once, with the report's `types` and warnings filled in."""
        if self._frame is None:
            from oddk.read_types import convert_numbers, kind

            df = self.cells.copy()
            r = self.report
            if r.format == "xlsx":
                from oddk.read_xlsx import type_columns

                df = type_columns(df, r)
            elif self.typed_by_format:
                r.types = {str(c): kind(df[c]) for c in df.columns}
            else:
                found: dict = {}
                r.types = convert_numbers(df, r.decimal, r.thousands, r.warnings, found)
                r.thousands = r.thousands or found.get("thousands")
            self._frame = df
        return self._frame


def _as_text(v) -> str | None:
    import datetime as dt

    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ") if (v.hour, v.minute, v.second) != (0, 0, 0) \
            else v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    s = str(v)
    return s if s else None


def finish(raw: RawTable, warnings: list[str], notes: list[str]) -> RawTable:
    """Fill in the report's table facts and the coordinate system (from the coordinate
    columns' values when the format does not say)."""
    from oddk.read_geo import crs_from_columns
    from oddk.vocab import CRS_NAMES

    report, df = raw.report, raw.cells
    report.rows, report.columns = int(len(df)), int(len(df.columns))
    report.column_names = [str(c) for c in df.columns]
    if report.crs is None and report.coordinate_columns is None and report.rows:
        info = crs_from_columns(df, report.decimal, report.thousands)
        report.crs, report.crs_source = info["crs"], info["crs_source"]
        report.coordinate_columns = info["coordinate_columns"]
        warnings.extend(info["warnings"])
    if report.crs and not report.crs_name:
        report.crs_name = CRS_NAMES.get(report.crs)
    if report.rows == 0:
        warnings.append(f"'{Path(report.path).name}' has column names but no rows of data.")
    report.warnings = warnings
    report.notes = notes
    return raw
