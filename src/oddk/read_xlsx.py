"""Excel workbooks (XLSX) for `oddk.read`, read once: each sheet's XML is parsed a single
time for both a cell's saved value and its formula, only the cells that hold something.

Why not openpyxl's reader: it gives either the values or the formulas (so a workbook was
loaded twice or three times to get both), and it walks every cell of the used range. Its
helpers still do the parts that need Excel knowledge: the shared strings, which number
formats are dates, and Excel's day numbers.

The Danish quirks: a cover sheet before the data, title rows above the header, formulas
whose results were never saved (files written by programs, not by Excel).

    >>> raw = read_xlsx("datasets/bad/formler-synthetic.xlsx",
    ...                 open("datasets/bad/formler-synthetic.xlsx", "rb").read(), None, [], [])
    >>> raw.formulas["link"]
    {1: '=HYPERLINK("http://example.com/x","Klik her")'}
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import iterparse

from oddk.errors import ReadError
from oddk.raw_table import RawTable
from oddk.read_csv import (
    SECOND_HEADER,
    without_blank_rows,
    without_footer,
    without_repeated_header,
)
from oddk.read_detect import (
    clean_names,
    detect_decimal,
    find_header,
    second_header,
    sub_header,
    two_rows_said,
)
from oddk.read_geo import finish
from oddk.read_report import base_report

__all__ = ["read_xlsx", "sheet_cells", "type_columns"]

#: The most characters an Excel cell holds: a longer value was cut off when it was saved.
EXCEL_CELL = 32_767

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"([A-Z]+)([0-9]+)")


class Workbook:
    """The parts of an XLSX package the kit reads: sheet names, shared strings, date styles."""

    def __init__(self, p: Path, data: bytes):
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.sheets = self._sheets()
        except (zipfile.BadZipFile, KeyError, SyntaxError, ValueError) as e:
            raise ReadError("not-tabular", p, f"Could not open '{p.name}' as an Excel workbook "
                            f"({e}). Open and re-save it in Excel.") from None
        self._strings = None
        self._styles = None

    def _sheets(self) -> dict[str, str | None]:
        """{sheet name: path of its XML in the package (None for a chart sheet)}."""
        rels = {}
        rel_path = "xl/_rels/workbook.xml.rels"
        if rel_path in self.zip.namelist():
            for _, el in iterparse(self.zip.open(rel_path)):
                if el.tag == PKG_REL + "Relationship":
                    target = el.get("Target", "")
                    path = target.lstrip("/") if target.startswith("/") else \
                        posixpath.normpath(posixpath.join("xl", target))
                    rels[el.get("Id")] = path if el.get("Type", "").endswith("/worksheet") \
                        else None
        out = {}
        root = iterparse(self.zip.open("xl/workbook.xml"), events=("start",))
        self.date1904 = False
        self.hidden: list[str] = []  # sheets hidden from the person (lookup lists, helpers)
        for _, el in root:
            if el.tag == MAIN + "workbookPr":
                self.date1904 = el.get("date1904", "0").lower() in ("1", "true")
            elif el.tag == MAIN + "sheet":
                out[el.get("name")] = rels.get(el.get(REL + "id"))
                if el.get("state") in ("hidden", "veryHidden"):
                    self.hidden.append(el.get("name"))
        return out

    @property
    def strings(self) -> list[str]:
        if self._strings is None:
            from openpyxl.reader.strings import read_string_table

            name = "xl/sharedStrings.xml"
            self._strings = read_string_table(self.zip.open(name)) \
                if name in self.zip.namelist() else []
        return self._strings

    @property
    def date_styles(self) -> tuple[set[int], set[int]]:
        """(style ids formatted as dates, style ids formatted as durations)."""
        if self._styles is None:
            from openpyxl.styles.numbers import (
                builtin_format_code,
                is_date_format,
                is_timedelta_format,
            )

            custom, dates, durations = {}, set(), set()
            if "xl/styles.xml" in self.zip.namelist():
                in_xfs, idx = False, 0
                for event, el in iterparse(self.zip.open("xl/styles.xml"), ("start", "end")):
                    if event == "start" and el.tag == MAIN + "numFmt":
                        custom[int(el.get("numFmtId"))] = el.get("formatCode", "")
                    elif el.tag == MAIN + "cellXfs":
                        in_xfs = event == "start"
                    elif event == "start" and in_xfs and el.tag == MAIN + "xf":
                        fid = int(el.get("numFmtId", 0))
                        fmt = custom.get(fid) or builtin_format_code(fid) or ""
                        if is_date_format(fmt):
                            dates.add(idx)
                        if is_timedelta_format(fmt):
                            durations.add(idx)
                        idx += 1
            self._styles = (dates, durations)
        return self._styles


def sheet_cells(book: Workbook, name: str, tail: dict | None = None):
    """Yield (sheet row, {column index: value}, {column index: formula}) for each row that
    holds a value or a formula; columns are 0-based. A formula whose result was never
    saved gives no value. `tail` gets what the sheet lists after its rows, in the same
    pass: "merged", its merged ranges ('A2:A4'), and "links", its hyperlinks (range, id)."""
    path = book.sheets.get(name)
    if path is None or path not in book.zip.namelist():
        return
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    epoch = CALENDAR_MAC_1904 if book.date1904 else CALENDAR_WINDOWS_1900
    row_no = 0
    for _, el in iterparse(book.zip.open(path)):
        if el.tag != MAIN + "row":
            if tail is not None and el.get("ref"):
                if el.tag == MAIN + "mergeCell":
                    tail.setdefault("merged", []).append(el.get("ref"))
                elif el.tag == MAIN + "hyperlink" and el.get(REL + "id"):
                    tail.setdefault("links", []).append((el.get("ref"), el.get(REL + "id")))
            continue
        row_no = int(el.get("r") or row_no + 1)
        values, formulas, col = {}, {}, -1
        for c in el.iter(MAIN + "c"):
            ref = c.get("r")
            m = _REF.match(ref) if ref else None
            col = column_index_from_string(m.group(1)) - 1 if m else col + 1
            f = c.find(MAIN + "f")
            if f is not None:
                formulas[col] = "=" + (f.text or "")
            v = _value(book, c, epoch, from_excel)
            if v is not None and v != "":
                values[col] = v
        el.clear()
        if values or formulas:
            yield row_no, values, formulas


def _fill_merged(body: list, lines: list, merged: list, place: dict, names: list,
                 notes: list) -> None:
    """A value merged down over a group of data rows ('Område' over three rows, as a person
    sees it) written into each row it covers. Merges across columns (a header's label over
    X and Y) are the header's, left as they are."""
    from openpyxl.utils.cell import range_boundaries

    at = {row: k for k, row in enumerate(lines)}
    filled: dict[int, int] = {}
    for ref in merged:
        c1, r1, c2, r2 = range_boundaries(ref)
        t = place.get(c1 - 1)
        if c1 != c2 or r2 == r1 or r1 not in at or t is None or t >= len(body[at[r1]]):
            continue
        value = body[at[r1]][t]
        for r in range(r1 + 1, r2 + 1):
            if value is not None and r in at and body[at[r]][t] is None:
                body[at[r]][t] = value
                filled[t] = filled.get(t, 0) + 1
    for t, n in filled.items():
        notes.append(f"Column '{names[t]}': {n} cell(s) are merged with a cell above them (a "
                     "group's value written once for several rows); its value was read into "
                     "each row.")


def sheet_links(book: Workbook, name: str, links: list) -> dict[tuple[int, int], str]:
    """{(sheet row, 0-based column): web address} of the sheet's hyperlinks (`links`: their
    ranges and ids, as `sheet_cells` found them): a cell that shows 'Læs mere' and links to
    a page holds the address only in the link; the sheet's relationships give it."""
    path = book.sheets.get(name) or ""
    rels = posixpath.join(posixpath.dirname(path), "_rels", posixpath.basename(path) + ".rels")
    if rels not in book.zip.namelist():
        return {}
    targets = {el.get("Id"): el.get("Target") for _, el in iterparse(book.zip.open(rels))
               if el.tag == PKG_REL + "Relationship"
               and el.get("Type", "").endswith("/hyperlink") and el.get("Target")}
    from openpyxl.utils.cell import range_boundaries

    out = {}
    for ref, rid in links:
        if url := targets.get(rid):
            c1, r1, c2, r2 = range_boundaries(ref)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    out[(r, c - 1)] = url
    return out


def _with_links(df, links: dict, lines: list, place: dict, names: list, notes: list):
    """The hyperlinks' addresses as a column beside the column whose cells show them
    ('Mere info' -> 'Mere info (link)'), where the cells show other text."""
    import pandas as pd

    at = {row: k for k, row in enumerate(lines)}
    by_column: dict[str, dict[int, str]] = {}
    for (row, col), url in links.items():
        if row in at and col in place and place[col] < len(names):
            by_column.setdefault(names[place[col]], {})[at[row]] = url
    for col, urls in by_column.items():
        shown = {k: df[col].iat[k] for k in urls}
        if all(isinstance(shown[k], str) and shown[k].strip() == u for k, u in urls.items()):
            continue  # the cells show their addresses
        new = f"{col} (link)"
        values = [urls.get(k) for k in range(len(df))]
        df.insert(df.columns.get_loc(col) + 1, new, pd.Series(values, dtype=object,
                                                                  index=df.index))
        k, url = next(iter(urls.items()))
        notes.append(f"Column '{col}' links {len(urls)} cell(s) to web addresses that the cells "
                     f"do not show (e.g. '{shown[k]}' → {url}); read into the column '{new}'.")
    return df


def _value(book, c, epoch, from_excel):
    t = c.get("t", "n")
    if t == "inlineStr":
        node = c.find(MAIN + "is")
        return "".join(x.text or "" for x in node.iter(MAIN + "t")) if node is not None else None
    text = c.findtext(MAIN + "v")
    if text is None or text == "":
        return None
    if t == "s":
        return book.strings[int(text)]
    if t in ("str", "e"):
        return text
    if t == "b":
        return bool(int(text))
    if t == "d":
        from openpyxl.utils.datetime import from_ISO8601

        return from_ISO8601(text)
    number = float(text) if ("." in text or "e" in text or "E" in text) else int(text)
    style = int(c.get("s", 0))
    dates, durations = book.date_styles
    if style in dates:
        try:
            return from_excel(number, epoch, timedelta=style in durations)
        except (OverflowError, ValueError):
            return "#VALUE!"
    return number


def read_xlsx(path, data: bytes, sheet: str | None, warnings: list, notes: list) -> RawTable:
    """The raw table of one sheet of a workbook: values as Excel stores them, each row's
    row number in the sheet, the formulas by column and data row."""
    import pandas as pd

    p = Path(path)
    book = Workbook(p, data)
    report = base_report(p, "xlsx")
    report.sheets = list(book.sheets)
    if not report.sheets:
        raise ReadError("not-tabular", p, f"'{p.name}' is a workbook without sheets. Open and "
                        "re-save it in Excel.")
    if sheet is None:
        shown = [n for n in report.sheets if n not in book.hidden] or report.sheets
        name = shown[0]  # a hidden sheet (a lookup list) is not what the person sees first
        if len(report.sheets) > 1:
            which = "the first" if name == report.sheets[0] else "the first that is not hidden"
            hidden = (f"; hidden: {', '.join(book.hidden)}" if book.hidden else "")
            warnings.append(
                f"The workbook has {len(report.sheets)} sheets ({', '.join(report.sheets)}"
                f"{hidden}); read {which}, '{name}'. Choose another with sheet= (or --sheet)."
            )
    elif sheet in report.sheets:
        name = sheet
    else:
        raise ReadError("no-such-sheet", p, f"'{p.name}' has no sheet '{sheet}'. Its sheets "
                        f"are: {', '.join(report.sheets)}.")
    report.sheet = name
    try:
        tail: dict = {}
        found = list(sheet_cells(book, name, tail))
    except (SyntaxError, KeyError, ValueError, IndexError) as e:
        raise ReadError("not-tabular", p, f"Could not read the sheet '{name}' in '{p.name}' "
                        f"({e}). Open and re-save it in Excel.") from None
    numbered = [(i, vals, fs) for i, vals, fs in found if vals]
    if not numbered:
        raise ReadError("empty-file", p, f"The sheet '{name}' in '{p.name}' is empty. Choose "
                        "another sheet with sheet=.")
    place = _places(numbered, warnings, name)  # sheet column -> table column
    rows = []
    for _, vals, _ in numbered:
        row = [None] * (max(place[j] for j in vals) + 1)
        for j, v in vals.items():
            row[place[j]] = v
        rows.append(row)
    widths = [len(r) for r in rows]
    h, has_header = find_header(widths, rows)
    if h > 0:
        warnings.append(
            f"Skipped {h} row{'s' if h > 1 else ''} above the header (a title?) in sheet '{name}'."
        )
    width = max(widths[h:])
    two = sub_header(rows, h) if has_header else None
    if two:  # a header in two rows: read as one
        notes.append(two_rows_said(rows[h], two, "Rows", numbered[h][0], numbered[h + 1][0]))
        rows = rows[:h] + [two] + rows[h + 2:]
        numbered = numbered[:h + 1] + numbered[h + 2:]
    elif has_header and second_header(rows, h):  # the names twice (in two languages?)
        warnings.append(SECOND_HEADER.format(word="Row", at=numbered[h + 1][0]))
        rows = rows[:h + 1] + rows[h + 2:]
        numbered = numbered[:h + 1] + numbered[h + 2:]
    start = h + 1 if has_header else h
    body = [r + [None] * (width - len(r)) for r in rows[start:]]
    header = None
    if has_header:
        header = ["" if v is None else str(v).strip() for v in rows[h]]
        names = clean_names(rows[h] + [None] * (width - len(rows[h])), warnings)
        report.header_row = numbered[h][0]
    else:
        names = [f"column_{i + 1}" for i in range(width)]
        warnings.append("The first row holds only numbers, so it was read as data; the columns "
                        "are named column_1, ….")
    lines = [i for i, _, _ in numbered[start:]]
    if tail.get("merged"):
        _fill_merged(body, lines, tail["merged"], place, names, notes)
    df = pd.DataFrame(body, columns=names, dtype=object)
    full = [(lines[k], names[j]) for k, r in enumerate(body) for j, v in enumerate(r)
            if isinstance(v, str) and len(v) == EXCEL_CELL]
    if full:
        warnings.append(
            f"Row {full[0][0]}, column '{full[0][1]}' holds 32 767 characters, the most an "
            f"Excel cell can hold{f' ({len(full)} cells in all)' if len(full) > 1 else ''}: its "
            "value was probably cut off there (a long geometry?). Export the data as GeoJSON, a "
            "shapefile or CSV instead.")
    if header:
        df, lines = without_repeated_header(df, header[:width], lines, warnings, "Row")
    every = lines
    df, lines = without_footer(df, lines, warnings, "Row")
    df, lines = without_blank_rows(df, lines, notes, "Row")
    blank = set(every) - set(lines)
    position = {row: k + 1 for k, row in enumerate(lines)}
    formulas: dict[str, dict[int, str]] = {}
    unsaved = set()
    for i, vals, fs in found:
        if report.header_row is not None and i <= report.header_row:
            continue
        if i in blank:
            continue  # a row left out (blank): its formulas belong to no data row
        for j, formula in fs.items():
            if place.get(j, width) < width and len(formula) > 1:
                col = names[place[j]]
                formulas.setdefault(col, {})[position.get(i, i - (report.header_row or 0))] = \
                    formula
                if j not in vals:
                    unsaved.add(col)
    if tail.get("links") and (links := sheet_links(book, name, tail["links"])):
        df = _with_links(df, links, lines, place, names, notes)
    empty = [c for c in names if df[c].isna().all()]
    if unsaved & set(empty) and len(df):
        cols = [c for c in names if c in unsaved and c in empty]
        warnings.append(
            f"Column{'s' if len(cols) > 1 else ''} {', '.join(repr(c) for c in cols)} "
            "hold formulas whose results were never saved, so they read as empty. "
            "Open the workbook in Excel or LibreOffice, save it, and read it again."
        )
    if sheet is None and len(report.sheets) > 1 and len(df.columns) <= 1:
        warnings.append(
            f"The first sheet '{name}' has one column only: a cover page or notes? "
            f"The data may be in another sheet; try sheet='{report.sheets[1]}'."
        )
    text_values = [v for c in names if _has_text(df[c])
                   for v in df[c].tolist()[:2000] if isinstance(v, str)]
    report.decimal, report.thousands, _ = detect_decimal(text_values)
    raw = RawTable(report, df, header=header, lines=lines, formulas=formulas,
                   typed_by_format=True, typer=type_columns,
                   preamble=[" ".join(str(v) for v in r if v is not None) for r in rows[:h]])
    return finish(raw, warnings, notes)


GAPS = 50  # empty columns the kit keeps between filled ones; beyond that they are left out


def _places(numbered, warnings: list, sheet: str) -> dict[int, int]:
    """Where each of the sheet's columns goes in the table. Empty columns between filled
    ones are kept as they are (an unnamed column is worth a word), unless there are many:
    a sheet whose used range runs to column XFD because of one far cell becomes a table of
    the columns that hold values, not 16,384 columns."""
    used = sorted({j for _, vals, _ in numbered for j in vals})
    if used[-1] + 1 - len(used) <= GAPS:
        return {j: j for j in range(used[-1] + 1)}
    warnings.append(
        f"The sheet '{sheet}' spans {used[-1] + 1:,} columns, but only {len(used)} hold values; "
        "the empty columns were left out.")
    return {j: k for k, j in enumerate(used)}


def _has_text(s) -> bool:
    return any(isinstance(v, str) for v in s.tolist())


def type_columns(df, report):
    """The typed frame of a sheet: whole numbers, decimals, dates and booleans as Excel
    stores them; text columns whose values are numbers in the file's notation as numbers;
    columns that mix text and numbers as text, with a warning."""
    import pandas as pd

    from oddk.read_types import convert_numbers

    warnings, notes = report.warnings, report.notes
    for col in df.columns:
        vals = [v for v in df[col].tolist() if v is not None and v != ""]
        kinds = {type(v).__name__ for v in vals}
        if not vals:
            df[col] = pd.array([None] * len(df), dtype="str")
        elif kinds <= {"int"}:
            df[col] = pd.array([v if v != "" else None for v in df[col]], dtype="Int64")
        elif kinds <= {"int", "float"}:
            df[col] = pd.to_numeric(df[col].replace("", None))
            if all(isinstance(v, float) and v.is_integer() for v in vals):
                notes.append(f"Column '{col}' holds whole numbers stored as decimals "
                             f"(e.g. {vals[0]}).")
        elif kinds <= {"datetime", "date"}:
            df[col] = pd.to_datetime(df[col])
        elif kinds <= {"bool"}:
            df[col] = df[col].astype("boolean")
        else:
            if kinds - {"str"} and "str" in kinds:
                warnings.append(f"Column '{col}' mixes text and "
                                f"{', '.join(sorted(kinds - {'str'}))} values; kept as text.")
            df[col] = pd.array([None if v is None or v == "" else str(v) for v in df[col]],
                               dtype="str")
    report.types = convert_numbers(df, report.decimal, report.thousands, warnings)
    if report.decimal is None and any(t == "decimal" for t in report.types.values()):
        notes.append("Excel stores numbers without a decimal mark; they were read as numbers.")
    return df
