"""Read a downloaded file into a table, and say what was found instead of guessing silently.

`read_table` handles what Danish municipalities publish: CSV/TSV in UTF-8 (with or without
BOM), Windows-1252 or latin-1, with `;` separators and decimal commas ("1.234,50"); Excel
workbooks (.xlsx, also when named .csv); JSON records; GeoJSON (also with latin-1 bytes
inside); shapefiles (.shp, a folder or a .zip; a missing .prj is reported). It returns the
table and a report: encoding with confidence, BOM, separator, decimal mark, header row,
rows, columns, sheets, coordinate system, and warnings in plain words.

    >>> df, report = read_table("datasets/toiletter.csv")      # doctest: +SKIP
    >>> report.encoding, report.separator, report.decimal      # doctest: +SKIP
    ('cp1252', ';', ',')
    >>> report.to_dict()["warnings"]                           # doctest: +SKIP

Values in CSV/TSV are read as text first, so nothing is lost; then a column becomes
numbers only if every value in it is a number in the file's own notation. Codes with
leading zeros ("0101") stay text, with a warning; whole numbers written as decimals
("101.0", ids stored as floats) stay text, with a warning; dates stay text (see
`oddk.clean`). Workbooks, JSON and shapefiles keep the types their format stores (a DBF
decimal field of whole numbers gets the same "ids stored as floats?" warning). A file with
column names but no rows is a table with no rows (and a warning), not an error.

The input is never changed: every file is opened read-only, read once into memory, and
nothing is written next to it.

Anything that cannot be read as a table raises `ReadError` (a ValueError) with a `.code`
("not-found", "permission-denied", "is-directory", "empty-file", "not-tabular",
"no-such-sheet", "bad-json", "wrong-encoding") and a message that says what, which file,
and what to do.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from oddk.read_detect import (
    HUMAN_NAMES,
    SEPARATOR_NAMES,
    EncodingGuess,
    clean_names,
    convert_numbers,
    detect_decimal,
    detect_encoding,
    detect_separator,
    find_header,
    line_and_column,
)

__all__ = ["ReadError", "ReadReport", "read_table", "main_read"]


class ReadError(ValueError):
    """A file that cannot be read as a table. `.code` says why in one word ("empty-file"),
    `.path` which file; the message says what to do."""

    def __init__(self, code: str, path, message: str):
        super().__init__(message)
        self.code = code
        self.path = str(path) if path is not None else None


@dataclass
class ReadReport:
    """What `read_table` found in a file. `to_dict()` gives plain JSON-ready values."""

    path: str
    format: str  # csv, tsv, xlsx, json, geojson, shapefile
    encoding: str | None = None  # a Python codec name that reads the file (utf-8-sig when BOM)
    encoding_name: str | None = None  # the same in plain words ("Windows-1252")
    encoding_confidence: float | None = None
    encoding_how: str | None = None
    bom: bool = False
    line_ending: str | None = None  # "CRLF", "LF", "CR" or "mixed"
    separator: str | None = None
    separator_name: str | None = None
    decimal: str | None = None  # "," or "." (None: no decimal numbers seen)
    thousands: str | None = None
    header_row: int | None = None  # 1-based row (line) holding the column names; None: no header
    rows: int = 0
    columns: int = 0
    column_names: list[str] = field(default_factory=list)
    types: dict[str, str] = field(
        default_factory=dict
    )  # column -> text/integer/decimal/date/boolean
    sheets: list[str] | None = None  # worksheet (or shapefile layer) names
    sheet: str | None = None  # the one that was read
    crs: str | None = None  # "EPSG:25832", "EPSG:4326", "EPSG:3857" or None
    crs_name: str | None = None
    crs_source: str | None = None  # how we know, in plain words
    coordinate_columns: list[str] | None = None
    ragged_rows: list[int] = field(default_factory=list)  # line numbers with too few/many fields
    warnings: list[str] = field(default_factory=list)  # things to look at or fix
    notes: list[str] = field(default_factory=list)  # things worth knowing

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        """The report in plain words, one fact a line."""
        lines = [f"File       {Path(self.path).name} ({self.format.upper()})"]
        if self.encoding:
            conf = (
                f", confidence {self.encoding_confidence:.2f}"
                if self.encoding_confidence is not None
                else ""
            )
            lines.append(
                f'Encoding   {self.encoding_name} (encoding="{self.encoding}"){conf}'
                + (", with BOM" if self.bom else ", no BOM")
            )
        if self.line_ending:
            lines.append(f"Lines      end in {self.line_ending}")
        if self.separator:
            lines.append(f"Separator  {self.separator_name} ({self.separator!r})")
        if self.format in ("csv", "tsv", "xlsx", "json") or self.decimal:
            dec = {",": "comma (1,5)", ".": "point (1.5)"}.get(self.decimal, "none seen")
            th = f", thousands {self.thousands!r}" if self.thousands else ""
            lines.append(f"Decimal    {dec}{th}")
        if self.sheets:
            lines.append(f"Sheets     {', '.join(self.sheets)} (read: {self.sheet})")
        hdr = f"row {self.header_row}" if self.header_row else "none"
        if self.format in ("csv", "tsv", "xlsx"):
            lines.append(f"Header     {hdr}")
        lines.append(f"Table      {self.rows} rows x {self.columns} columns")
        if self.column_names:
            shown = ", ".join(f"{c} ({self.types.get(c, '?')})" for c in self.column_names[:30])
            more = f", … {len(self.column_names) - 30} more" if len(self.column_names) > 30 else ""
            lines.append(f"Columns    {shown}{more}")
        if self.crs:
            name = f" ({self.crs_name})" if self.crs_name else ""
            lines.append(f"CRS        {self.crs}{name}; how we know: {self.crs_source}")
        elif self.coordinate_columns or self.format in ("geojson", "shapefile"):
            lines.append("CRS        unknown")
        if self.warnings:
            lines.append("Warnings")
            lines += [f"  - {w}" for w in self.warnings]
        if self.notes:
            lines.append("Notes")
            lines += [f"  - {n}" for n in self.notes]
        return "\n".join(lines)

    __str__ = to_text

    def _repr_markdown_(self) -> str:  # a readable report in a notebook
        return "```\n" + self.to_text() + "\n```"


# --------------------------------------------------------------------------- the entry point

_MAGIC = [
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip-compressed file (unpack it first)"),
    (
        b"\xd0\xcf\x11\xe0",
        "an old Excel (.xls) or Office file (open it in Excel and save it as .xlsx or CSV)",
    ),
    (b"SQLite format 3", "an SQLite database (a GeoPackage?)"),
]


def read_table(
    path, sheet: str | None = None, *, encoding: str | None = None, sep: str | None = None
):
    """Read a CSV/TSV, XLSX, JSON, GeoJSON or shapefile into a DataFrame and report what
    was found. Returns `(df, report)`.

    `sheet` chooses a worksheet (or a shapefile layer in a .zip or folder); by default the
    first, with a warning when there are several. `encoding` and `sep` override detection.

        >>> df, report = read_table("toiletter.csv")               # doctest: +SKIP
        >>> print(report)                                           # doctest: +SKIP
    """
    p = Path(path)
    warnings: list[str] = []
    notes: list[str] = []
    if str(path).startswith(("http://", "https://")):
        raise ReadError(
            "not-found",
            path,
            f"read_table reads files on this machine, and '{path}' is a web address. "
            "Download the file first (see notebook 02), then read the downloaded file.",
        )
    if not p.exists():
        hint = ""
        if p.parent.exists():
            near = sorted(x.name for x in p.parent.iterdir() if x.stem.lower() == p.stem.lower())
            hint = f" Did you mean {', '.join(repr(n) for n in near)}?" if near else ""
        raise ReadError(
            "not-found",
            p,
            f"There is no file '{p}'.{hint} Check the name and the folder (the path is taken from "
            f"'{Path.cwd()}').",
        )
    if p.exists() and not p.is_dir() and not p.is_file():
        raise ReadError(
            "not-tabular",
            p,
            f"'{p}' is not a regular file (a device or a pipe?). Give the path of a data file.",
        )
    if p.is_dir():
        if any(x.suffix.lower() == ".shp" for x in p.iterdir()):
            return _read_shapefile(p, sheet, warnings, notes)
        raise ReadError(
            "is-directory",
            p,
            f"'{p}' is a folder, not a file. Give the path of one file in it (or a folder holding "
            "a shapefile).",
        )
    if not os.access(p, os.R_OK):
        raise ReadError(
            "permission-denied",
            p,
            f"You do not have permission to read '{p.name}'. Copy it somewhere you can read, or "
            "ask for access.",
        )
    try:
        data = p.read_bytes()
    except PermissionError:
        raise ReadError(
            "permission-denied",
            p,
            f"You do not have permission to read '{p.name}'. Copy it somewhere you can read, or "
            "ask for access.",
        ) from None
    except OSError as e:
        raise ReadError("not-found", p, f"Could not open '{p.name}': {e.strerror or e}.") from None
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise ReadError(
            "empty-file",
            p,
            f"'{p.name}' is empty ({len(data)} bytes, no text). Download it again or check the "
            "export.",
        )
    suffix = p.suffix.lower()
    if (
        sheet is not None
        and suffix not in (".xlsx", ".xlsm", ".zip", ".shp")
        and not data.startswith(b"PK")
    ):
        warnings.append(f"sheet={sheet!r} was ignored: '{p.name}' is not a workbook.")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ReadError(
                "not-tabular",
                p,
                f"'{p.name}' is not a table: it is {what}. Find the CSV, XLSX, JSON or GeoJSON "
                "version of the data.",
            )
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _read_zip(p, data, sheet, warnings, notes)
    if suffix == ".shp":
        return _read_shapefile(p, sheet, warnings, notes)
    if suffix in (".dbf", ".shx", ".prj", ".cpg"):
        raise ReadError(
            "not-tabular",
            p,
            f"'{p.name}' is one part of a shapefile; read the .shp file, its folder, or the .zip "
            "instead.",
        )
    if suffix in (".xlsx", ".xlsm", ".xls"):
        raise ReadError(
            "not-tabular",
            p,
            f"'{p.name}' is named like an Excel workbook but is not one (it is not a zip file). "
            "Open it to see what it is, or download it again.",
        )
    guess = _encoding(p, data, encoding)
    text = data.decode(guess.codec, errors=guess.errors)
    if guess.bom and text.startswith("\ufeff"):
        text = text[1:]
    _refuse_binary(p, text)
    stripped = text.lstrip()
    if suffix in (".json", ".geojson") or (
        stripped[:1] in "{[" and suffix not in (".csv", ".tsv", ".txt")
    ):
        return _read_json(p, text, guess, warnings, notes)
    if stripped[:1] in "{[" and _is_json(stripped):
        warnings.append(f"'{p.name}' is named like {suffix} but holds JSON; read it as JSON.")
        return _read_json(p, text, guess, warnings, notes)
    return _read_delimited(p, data, text, guess, sep, warnings, notes)


def _encoding(p: Path, data: bytes, encoding: str | None) -> EncodingGuess:
    if encoding is None:
        return detect_encoding(data)
    try:
        data.decode(encoding)
    except LookupError:
        raise ReadError(
            "wrong-encoding",
            p,
            f"'{encoding}' is not an encoding Python knows; try 'utf-8' or 'cp1252'.",
        ) from None
    except UnicodeDecodeError as e:
        line, col = line_and_column(data, e.start)
        guess = detect_encoding(data)
        raise ReadError(
            "wrong-encoding",
            p,
            f"Could not read '{p.name}' as {encoding} (byte 0x{data[e.start]:02x} at line {line}, "
            f"column {col}). "
            f'It looks like {guess.name}; try encoding="{guess.codec}".',
        ) from None
    bom = data.startswith(b"\xef\xbb\xbf") and encoding.lower().replace("_", "-") in (
        "utf-8-sig",
        "utf8-sig",
    )
    return EncodingGuess(encoding, 1.0, bom, "given by you (encoding=)")


def _refuse_binary(p: Path, text: str) -> None:
    sample = text[:20000]
    control = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\r\n\f") or c == "\ufffd")
    if "\x00" in sample or control > max(2, len(sample) // 100):
        raise ReadError(
            "not-tabular",
            p,
            f"'{p.name}' is not a text table: it holds binary data (e.g. zero bytes), as images, "
            "PDFs or "
            "databases do. Check that you downloaded the data file and not something else.",
        )


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
        return True
    except ValueError:
        return False


def _line_ending(text: str) -> str | None:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    kinds = [k for k, n in (("CRLF", crlf), ("LF", lf), ("CR", cr)) if n]
    if not kinds:
        return None
    return kinds[0] if len(kinds) == 1 else "mixed"


def _base_report(p: Path, fmt: str, guess: EncodingGuess | None) -> ReadReport:
    r = ReadReport(path=str(p), format=fmt)
    if guess is not None:
        r.encoding = guess.codec
        r.encoding_name = guess.name
        r.encoding_confidence = guess.confidence
        r.encoding_how = guess.how
        r.bom = guess.bom
    return r


def _finish(df, report: ReadReport, warnings, notes):
    from oddk.read_geo import crs_from_columns

    report.rows, report.columns = int(len(df)), int(len(df.columns))
    report.column_names = [str(c) for c in df.columns]
    if report.crs is None and report.coordinate_columns is None and report.rows:
        info = crs_from_columns(df, report.decimal, report.thousands)
        report.crs, report.crs_source = info["crs"], info["crs_source"]
        report.coordinate_columns = info["coordinate_columns"]
        warnings.extend(info["warnings"])
    if report.crs and not report.crs_name:
        from oddk.read_geo import CRS_NAMES

        report.crs_name = CRS_NAMES.get(report.crs)
    if report.rows == 0:
        warnings.append(f"'{Path(report.path).name}' has column names but no rows of data.")
    report.warnings = warnings
    report.notes = notes
    return df, report


# --------------------------------------------------------------------------- CSV / TSV


def _read_delimited(p, data, text, guess, sep, warnings, notes):
    import csv

    import pandas as pd

    report = _base_report(p, "csv", guess)
    warnings.extend(guess.warnings)
    report.line_ending = _line_ending(text)
    hint = re.match(r'"?sep=(.)"?\r?\n', text)
    skipped = 1 if hint else 0  # lines cut off the text; line numbers stay the file's
    if hint:  # Excel's "sep=;" first line: it names the separator and is not data
        text = text[hint.end() :]
        sep = sep or hint.group(1)
        notes.append(
            f"The first line 'sep={hint.group(1)}' (an Excel hint) names the separator; skipped."
        )
    if sep is None:
        sep, _ = detect_separator(text)  # rows that disagree are reported as ragged below
        if sep is None:
            sep = "\t" if p.suffix.lower() == ".tsv" else ","
            notes.append(
                "Found only one column: no ; , tab or | splits the lines into the same number of "
                "fields."
            )
    report.separator, report.separator_name = sep, SEPARATOR_NAMES.get(sep, repr(sep))
    if sep == "\t":
        report.format = "tsv"
    # One pass with the csv module: the width of each record and its line number.
    widths, line_nos, first_rows = [], [], []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            widths.append(len(row))
            line_nos.append(reader.line_num + skipped)
            if len(first_rows) < 200:
                first_rows.append(row)
    except csv.Error as e:
        raise ReadError(
            "not-tabular",
            p,
            f"Could not split '{p.name}' into fields near line {reader.line_num}: {e}. "
            'Look for an unclosed quote (") there.',
        ) from None
    if not widths:
        raise ReadError(
            "empty-file", p, f"'{p.name}' holds no rows. Download it again or check the export."
        )
    h, has_header = find_header(widths, first_rows)
    if h > 0:
        warnings.append(
            f"Skipped {h} line{'s' if h > 1 else ''} above the table (a title?): "
            + (
                f"the column names are on line {line_nos[h]}."
                if has_header
                else f"the data starts on line {line_nos[h]}."
            )
        )
    report.header_row = line_nos[h] if has_header else None
    width = widths[h]
    body = range(h + 1 if has_header else h, len(widths))
    ragged = [line_nos[i] for i in body if widths[i] != width]
    if ragged:
        short = [line_nos[i] for i in body if widths[i] < width]
        long_ = [line_nos[i] for i in body if widths[i] > width]
        parts = []
        if short:
            parts.append(
                f"{len(short)} with fewer fields (line{'s' if len(short) > 1 else ''} "
                f"{_few(short)}; filled with empty values)"
            )
        if long_:
            parts.append(
                f"{len(long_)} with more fields (line{'s' if len(long_) > 1 else ''} "
                f"{_few(long_)}; the extra values are in columns extra_1, …)"
            )
        warnings.append(
            f"{len(ragged)} row{'s do' if len(ragged) > 1 else ' does'} not have the header's "
            f"{width} fields: "
            + " and ".join(parts)
            + ". Check the separator and quotes on those lines."
        )
    report.ragged_rows = ragged
    total = max(widths[i] for i in range(h, len(widths)))
    try:
        df = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            names=list(range(total)),
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=True,
            skiprows=[line_nos[i] - 1 - skipped for i in range(h)] if h else None,
            engine="python" if len(sep) > 1 else "c",
        )
    except (pd.errors.ParserError, ValueError) as e:
        opened = _unclosed_quote_line(text)
        where = (
            f'a quote (") on line {opened} is never closed, so the rest of the file would be '
            "one value. Fix or remove that quote"
            if opened
            else f"{e}. Check the separator and the quotes"
        )
        raise ReadError(
            "not-tabular",
            p,
            f"Could not split '{p.name}' into columns: {where}, and read it again.",
        ) from None
    if has_header:
        header = [df.iat[0, i] if i < width else None for i in range(total)]
        df = df.iloc[1:].reset_index(drop=True)
    else:
        header = []
        warnings.append(
            "The first row holds only numbers, so it was read as data; the columns are named "
            "column_1, …."
        )
    names = (
        clean_names(header[:width] + [None] * (width - len(header[:width])), warnings)
        if has_header
        else [f"column_{i + 1}" for i in range(width)]
    )
    names += [f"extra_{i + 1}" for i in range(total - width)]
    df.columns = names
    values = [v for c in df.columns[:50] for v in df[c].dropna().tolist()[:2000]]
    report.decimal, report.thousands, _ = detect_decimal(values)
    found: dict = {}
    report.types = convert_numbers(df, report.decimal, report.thousands, warnings, found)
    report.thousands = report.thousands or found.get("thousands")
    return _finish(df, report, warnings, notes)


def _unclosed_quote_line(text: str) -> int | None:
    """The line where a quoted value opens and the file ends before it closes, or None."""
    if text.count('"') % 2 == 0:
        return None
    inside, opened = False, None
    for n, line in enumerate(text.splitlines(), start=1):
        for _ in range(line.count('"') % 2):
            inside = not inside
            opened = n if inside else None
    return opened


def _few(nums: list[int], n: int = 10) -> str:
    s = ", ".join(map(str, nums[:n]))
    return s + (f" and {len(nums) - n} more" if len(nums) > n else "")


# --------------------------------------------------------------------------- XLSX, zip


def _read_zip(p, data, sheet, warnings, notes):
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = zf.namelist()
    except zipfile.BadZipFile:
        raise ReadError(
            "not-tabular", p, f"'{p.name}' looks like a zip file but is damaged. Download it again."
        ) from None
    if "xl/workbook.xml" in names:
        if p.suffix.lower() not in (".xlsx", ".xlsm"):
            warnings.append(
                f"'{p.name}' is an Excel workbook (XLSX), not {p.suffix or 'a text file'}; read "
                "it as XLSX. "
                "Rename it to .xlsx, or export it as CSV if a CSV was meant."
            )
        return _read_xlsx(p, data, sheet, warnings, notes)
    if any(n.lower().endswith(".shp") for n in names):
        return _read_shapefile(p, sheet, warnings, notes)
    tables = [
        n for n in names if n.lower().endswith((".csv", ".tsv", ".json", ".geojson", ".xlsx"))
    ]
    what = f" It holds {', '.join(tables[:5])}: unpack it and read one of those." if tables else ""
    raise ReadError(
        "not-tabular", p, f"'{p.name}' is a zip file without a shapefile or workbook in it.{what}"
    )


def _read_xlsx(p, data, sheet, warnings, notes):
    import warnings as pywarnings

    import openpyxl
    import pandas as pd

    report = _base_report(p, "xlsx", None)
    with pywarnings.catch_warnings():
        pywarnings.simplefilter("ignore")  # openpyxl warns about styles and data validation
        try:
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as e:  # openpyxl raises many kinds on a damaged workbook
            raise ReadError(
                "not-tabular",
                p,
                f"Could not open '{p.name}' as an Excel workbook: {e}. Open and re-save it in "
                "Excel.",
            ) from None
    try:
        report.sheets = list(wb.sheetnames)
        if sheet is None:
            name = report.sheets[0]
            if len(report.sheets) > 1:
                warnings.append(
                    f"The workbook has {len(report.sheets)} sheets ({', '.join(report.sheets)}); "
                    "read the first, "
                    f"'{name}'. Choose another with sheet= (or --sheet)."
                )
        elif sheet in report.sheets:
            name = sheet
        else:
            raise ReadError(
                "no-such-sheet",
                p,
                f"'{p.name}' has no sheet '{sheet}'. Its sheets are: {', '.join(report.sheets)}.",
            )
        report.sheet = name
        numbered = [
            (i, list(r))
            for i, r in enumerate(wb[name].iter_rows(min_row=1, values_only=True), start=1)
        ]
    finally:
        wb.close()
    numbered = [(i, r) for i, r in numbered if any(v not in (None, "") for v in r)]
    row_nos = [i for i, _ in numbered]
    rows = [r for _, r in numbered]
    if not rows:
        raise ReadError(
            "empty-file",
            p,
            f"The sheet '{name}' in '{p.name}' is empty. Choose another sheet with sheet=.",
        )
    widths = [max((i + 1 for i, v in enumerate(r) if v not in (None, "")), default=0) for r in rows]
    h, has_header = find_header(widths, rows)
    if h > 0:
        warnings.append(
            f"Skipped {h} row{'s' if h > 1 else ''} above the header (a title?) in sheet '{name}'."
        )
    width = max(widths[h:])
    body = [
        r[:width] + [None] * (width - len(r[:width])) for r in rows[h + 1 if has_header else h :]
    ]
    if has_header:
        names = clean_names(rows[h][:width] + [None] * (width - len(rows[h][:width])), warnings)
        report.header_row = row_nos[h]
    else:
        names = [f"column_{i + 1}" for i in range(width)]
        warnings.append(
            "The first row holds only numbers, so it was read as data; the columns are named "
            "column_1, …."
        )
    df = pd.DataFrame(body, columns=names, dtype=object)
    text_values, empty = [], []
    for col in names:
        vals = [v for v in df[col].tolist() if v is not None and v != ""]
        kinds = {type(v).__name__ for v in vals}
        if not vals:
            df[col] = pd.array([None] * len(df), dtype="str")
            empty.append(col)
        elif kinds <= {"int"}:
            df[col] = pd.array([v if v not in ("",) else None for v in df[col]], dtype="Int64")
        elif kinds <= {"int", "float"}:
            df[col] = pd.to_numeric(df[col].replace("", None))
            ints = [v for v in vals if isinstance(v, float)]
            if (
                ints
                and all(v.is_integer() for v in ints)
                and all(isinstance(v, float) for v in vals)
            ):
                notes.append(
                    f"Column '{col}' holds whole numbers stored as decimals (e.g. {vals[0]})."
                )
        elif kinds <= {"datetime", "date"}:
            df[col] = pd.to_datetime(df[col])
        elif kinds <= {"bool"}:
            df[col] = df[col].astype("boolean")
        else:
            if len(kinds - {"str"}) and "str" in kinds:
                warnings.append(
                    f"Column '{col}' mixes text and {', '.join(sorted(kinds - {'str'}))} values; "
                    "kept as text."
                )
            df[col] = pd.array(
                [None if v is None or v == "" else str(v) for v in df[col]], dtype="str"
            )
            text_values += [str(v) for v in vals[:2000]]
    if sheet is None and len(report.sheets) > 1 and len(df.columns) <= 1:
        nxt = report.sheets[1]
        warnings.append(
            f"The first sheet '{name}' has one column only: a cover page or notes? "
            f"The data may be in another sheet; try sheet='{nxt}'."
        )
    if empty and len(df):
        _warn_unsaved_formulas(data, name, names, empty, h, warnings)
    report.decimal, report.thousands, _ = detect_decimal(text_values)
    report.types = convert_numbers(df, report.decimal, report.thousands, warnings)
    if report.decimal is None and any(t == "decimal" for t in report.types.values()):
        notes.append("Excel stores numbers without a decimal mark; they were read as numbers.")
    return _finish(df, report, warnings, notes)


def _warn_unsaved_formulas(data, sheet, names, empty, h, warnings):
    """Columns that are empty because their cells are formulas whose results were never saved
    (workbooks written by programs rather than Excel)."""
    import warnings as pywarnings

    import openpyxl

    with pywarnings.catch_warnings():
        pywarnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        rows = [
            r for r in wb[sheet].iter_rows(values_only=True) if any(v not in (None, "") for v in r)
        ]
    finally:
        wb.close()
    cols = [
        c
        for c in empty
        if any(
            isinstance(r[names.index(c)], str) and r[names.index(c)].startswith("=")
            for r in rows[h + 1 :]
            if len(r) > names.index(c)
        )
    ]
    if cols:
        warnings.append(
            f"Column{'s' if len(cols) > 1 else ''} {', '.join(repr(c) for c in cols)} "
            "hold formulas whose results were never saved, so they read as empty. "
            "Open the workbook in Excel or LibreOffice, save it, and read it again."
        )


# --------------------------------------------------------------------------- JSON, GeoJSON


def _read_json(p, text, guess, warnings, notes):
    import pandas as pd

    from oddk.read_geo import features_frame

    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise ReadError(
            "bad-json",
            p,
            f"'{p.name}' is not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}. "
            "Download it again, or open it in a text editor to see what is wrong there.",
        ) from None
    is_geo = isinstance(doc, dict) and (doc.get("type") == "FeatureCollection" or "features" in doc)
    report = _base_report(p, "geojson" if is_geo else "json", guess)
    warnings.extend(guess.warnings)
    if guess.codec not in ("utf-8", "utf-8-sig") or guess.errors != "strict":
        if guess.errors == "strict":
            warnings.append(
                f"The file is {guess.name}, but JSON must be UTF-8; decoded it as {guess.name}. "
                "Save it as UTF-8 before publishing."
            )
    if guess.bom:
        notes.append("The file starts with a BOM, which JSON does not allow; it was skipped.")
    if is_geo:
        df, info = features_frame(doc, warnings)
        report.crs, report.crs_name = info["crs"], info["crs_name"]
        report.crs_source, report.coordinate_columns = (
            info["crs_source"],
            info["coordinate_columns"],
        )
        report.types = {c: _pandas_kind(df[c]) for c in df.columns}
        return _finish(df, report, warnings, notes)
    records, where = _find_records(doc)
    if records is None:
        raise ReadError(
            "not-tabular",
            p,
            f"'{p.name}' is JSON but not a table: expected a list of records ([{{...}}, {{...}}]) "
            "or a GeoJSON "
            "FeatureCollection. Look for a CSV or GeoJSON version of the data.",
        )
    if where:
        notes.append(f"Read the records under '{where}'.")
    df = pd.json_normalize(records) if records else pd.DataFrame()
    for col in df.columns:
        if df[col].map(lambda v: isinstance(v, (list, dict))).any():
            df[col] = df[col].map(
                lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
            )
    report.types = {c: _pandas_kind(df[c]) for c in df.columns}
    return _finish(df, report, warnings, notes)


def _find_records(doc):
    def is_records(v):
        return isinstance(v, list) and (not v or all(isinstance(x, dict) for x in v))

    if is_records(doc):
        return doc, None
    if isinstance(doc, dict):
        for outer in [None, *[k for k, v in doc.items() if isinstance(v, dict)]]:
            level = doc if outer is None else doc[outer]
            found = [k for k, v in level.items() if is_records(v) and v]
            if len(found) == 1:
                return level[found[0]], (f"{outer}.{found[0]}" if outer else found[0])
    return None, None


def _pandas_kind(s) -> str:
    from oddk.read_detect import _kind

    return _kind(s)


# --------------------------------------------------------------------------- shapefiles


def _read_shapefile(p, sheet, warnings, notes):
    from oddk.read_geo import shapefile_frame

    df, info, enc, layers, name = shapefile_frame(p, sheet, warnings, notes)
    report = ReadReport(path=str(p), format="shapefile")
    report.encoding, report.encoding_confidence = enc["codec"], enc["confidence"]
    report.encoding_name, report.encoding_how = (
        HUMAN_NAMES.get(enc["codec"], enc["codec"]),
        enc["how"],
    )
    if len(layers) > 1 or p.is_dir() or p.suffix.lower() == ".zip":
        report.sheets, report.sheet = layers, name
    report.crs, report.crs_name = info["crs"], info["crs_name"]
    report.crs_source, report.coordinate_columns = info["crs_source"], info["coordinate_columns"]
    report.types = {c: _pandas_kind(df[c]) for c in df.columns}
    return _finish(df, report, warnings, notes)


# --------------------------------------------------------------------------- CLI


def main_read(
    path: str, sheet: str | None = None, as_json: bool = False, encoding: str | None = None
) -> int:
    """`oddk read PATH`: print the report; exit 0, or 2 with a plain-words error."""
    import sys

    try:
        _, report = read_table(path, sheet=sheet, encoding=encoding)
    except ReadError as e:
        print(f"oddk read: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # never a traceback for the user; say what and where
        print(
            f"oddk read: could not read '{Path(path).name}' as a table ({type(e).__name__}: {e}). "
            "Please report this with the file.",
            file=sys.stderr,
        )
        return 2
    print(report.to_json() if as_json else report.to_text())
    return 0
