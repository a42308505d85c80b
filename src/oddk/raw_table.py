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

from oddk.personal import mask
from oddk.read_report import ReadReport

__all__ = ["RawTable", "as_text"]


@dataclass
class RawTable:
    """One table as the file writes it.

    `cells`: a DataFrame with the column names the reader made unique; in text formats
    (CSV, TSV) every cell is the text as written (None when empty), in workbooks, JSON and
    shapefiles the value the format stores (number, date, text). `header`: the header row
    as written (duplicates and blanks kept), None when the file has none. `lines`: for each
    row, its line in the file (CSV) or row in the sheet (XLSX); None where rows have no
    lines (JSON). `formulas`: for workbooks, {column: {data row (1-based): formula}}.
    `non_utf8` (a property): for text files, (number of lines with bytes that are not UTF-8,
    the first 20 of them), counted when first asked (`lines_not_utf8` None until then).
    `preamble`: the text of the rows above the header (a title, a note), which is not part
    of the table. `report`: what the reader found (encoding, separator, header …).
    """

    report: ReadReport
    cells: object  # pandas.DataFrame
    header: list[str] | None = None
    lines: list[int] | None = None
    formulas: dict[str, dict[int, str]] = field(default_factory=dict)
    lines_not_utf8: tuple[int, list[int]] | None = (0, [])  # None: counted when asked
    typed_by_format: bool = False  # the format stores types (XLSX, JSON, shapefile)
    typer: object = None  # the format's own way to the typed frame (workbooks), if any
    ragged_texts: list[str] = field(default_factory=list)  # a large file: rows left out
    preamble: list[str] = field(default_factory=list)  # the lines above the header (titles)
    _frame: object = None
    _bytes: bytes | None = field(default=None, repr=False)  # for lines_not_utf8 = None

    @property
    def non_utf8(self) -> tuple[int, list[int]]:
        """(lines with bytes that are not UTF-8, the first 20 of them): counted the first
        time it is asked (only the check asks), from the bytes the reader kept."""
        if self.lines_not_utf8 is None:
            from oddk.read_detect import non_utf8_lines

            self.lines_not_utf8 = non_utf8_lines([self._bytes])
            self._bytes = None
        return self.lines_not_utf8

    def count_non_utf8_later(self, data: bytes) -> None:
        """Keep `data` to count its lines that are not UTF-8 when `non_utf8` is asked."""
        self.lines_not_utf8, self._bytes = None, data

    @property
    def line_word(self) -> str | None:
        """What the file's own program calls a row's place: 'line' in a text file, 'sheet
        row' in a workbook; None where rows have no lines (JSON, shapefiles)."""
        if self.lines is None:
            return None
        return "sheet row" if self.report.format == "xlsx" else "line"

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
            out[c] = pd.array([as_text(v) for v in self.cells[c].tolist()], dtype="str")
        return out

    def frame(self, keep_text: bool = True):
        """The typed frame: number columns as numbers (in the file's own notation), the rest
        as text; made once, with the report's `types` and warnings filled in. With
        `keep_text=False` the cells themselves become the frame (the text of a number column
        is let go as soon as it is a number: a large file fits in less memory); then only
        the frame is left of this raw table."""
        if self._frame is None:
            from oddk.read_types import convert_numbers, kind

            # copy on write: the text is not copied, only what changes is new
            df = self.cells if not keep_text else self.cells.copy(deep=False)
            r = self.report
            if self.typer is not None:
                df = self.typer(df, r)
            elif self.typed_by_format:
                r.types = {str(c): kind(df[c]) for c in df.columns}
            else:
                found: dict = {}
                r.types = convert_numbers(df, r.decimal, r.thousands, r.warnings, found)
                r.thousands = r.thousands or found.get("thousands")
            r.warnings = [mask(w, 100_000) for w in r.warnings]  # "leading zeros (e.g. …)"
            r.notes = [mask(n, 100_000) for n in r.notes]
            self._frame = df
        return self._frame


def as_text(v) -> str | None:
    """A stored value as text: None when empty, whole numbers without '.0', dates as ISO."""
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
