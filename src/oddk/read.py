"""Read a downloaded file into a table, and say what was found instead of guessing silently.

`read_table` handles what Danish municipalities publish: CSV/TSV in UTF-8 (with or without
BOM), Windows-1252 or latin-1, with `;` separators and decimal commas ("1.234,50"); Excel
workbooks (.xlsx, also when named .csv); JSON records; GeoJSON (also with latin-1 bytes
inside, one feature a line, or an ArcGIS REST answer); shapefiles (.shp, a folder or a .zip;
a missing .prj is reported); a .zip holding one table. Letters encoded twice ('BÃ¦nk') are
read back, and totals and notes below a table left out, each said. KML (and KMZ), GPX and GML
(a WFS answer) are read as GeoJSON is; web pages are named, not read. It returns the
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

Reading happens once: `read_raw` gives the raw table (cells as written, header, line
numbers, workbook formulas, the report) and `read_table` the typed frame made from it.

Anything that cannot be read as a table raises `ReadError` (from `oddk.errors`) (a ValueError) with a `.code`
("not-found", "permission-denied", "is-directory", "empty-file", "not-tabular",
"no-such-sheet", "bad-json", "wrong-encoding") and a message that says what, which file,
and what to do.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

from oddk.errors import ReadError
from oddk.personal import mask
from oddk.raw_table import RawTable
from oddk.read_csv import decode, read_delimited
from oddk.read_detect import (
    EncodingGuess,
    detect_encoding,
    line_and_column,
    undo_double_encoding,
)
from oddk.read_geo import read_shapefile
from oddk.read_json import is_json, read_features, read_json
from oddk.read_large import LARGE, read_large
from oddk.read_report import ReadReport, base_report
from oddk.read_xlsx import read_xlsx

__all__ = ["ReadError", "ReadReport", "RawTable", "as_written", "read_raw", "read_table", "main_read"]


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
    """Read a CSV/TSV, XLSX, JSON, GeoJSON, shapefile, KML or GPX into a DataFrame and report
    what was found. Returns `(df, report)`: the typed frame of `read_raw`'s raw table.

    `sheet` chooses a worksheet (or a shapefile layer in a .zip or folder); by default the
    first, with a warning when there are several. `encoding` and `sep` override detection.

        >>> df, report = read_table("toiletter.csv")               # doctest: +SKIP
        >>> print(report)                                           # doctest: +SKIP
    """
    raw = read_raw(path, sheet, encoding=encoding, sep=sep)
    return raw.frame(keep_text=False), raw.report


def as_written(path, sheet: str | None = None):
    """Every cell as text, exactly as written in the file ('' when empty), and the report:
    what a cleaning step starts from (numbers and dates not yet read as such)."""
    raw = read_raw(path, sheet)
    return raw.text().fillna(""), raw.report


def read_raw(path, sheet: str | None = None, *, encoding: str | None = None,
             sep: str | None = None, data: bytes | None = None) -> RawTable:
    """Read a file once into its raw table (`oddk.raw_table.RawTable`): the cells as
    written, the header as written, each row's line, a workbook's formulas, and the report.

    `data`: the file's bytes when the caller has read them already (or only a first part
    of a large file, to learn its layout); then the file is not opened again.

        >>> raw = read_raw("datasets/bad/tusindtalsseparator-synthetic.csv")   # doctest: +SKIP
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
    if data is not None:
        return _read_bytes(p, data, sheet, encoding, sep, warnings, notes)
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
            return read_shapefile(p, sheet, warnings, notes)
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
    if p.suffix.lower() in (".csv", ".tsv", ".txt") and p.stat().st_size > LARGE:
        raw = read_large(p, encoding=encoding, sep=sep)  # memory near the file's size
        if raw is not None:
            return raw
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
    return _read_bytes(p, data, sheet, encoding, sep, warnings, notes)


def _read_bytes(p: Path, data: bytes, sheet, encoding, sep, warnings, notes) -> RawTable:
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
    markup = _markup(data)
    if markup and markup[0] in _XML_MAPS_READ:
        return _read_map_xml(p, data, _XML_MAPS_READ[markup[0]], warnings, notes)
    if markup:
        raise ReadError("not-tabular", p, f"'{p.name}' is not a table: it is {markup[0]}. "
                        f"{markup[1]}")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _read_zip(p, data, sheet, warnings, notes)
    if suffix == ".shp":
        return read_shapefile(p, sheet, warnings, notes, data=data)
    if suffix in (".dbf", ".shx", ".prj", ".cpg"):
        raise ReadError(
            "not-tabular",
            p,
            f"'{p.name}' is one part of a shapefile; read the .shp file, its folder, or the .zip "
            "instead.",
        )
    if suffix in (".xlsx", ".xlsm", ".xls"):
        if b"\x00" in data[:65536]:
            raise ReadError(
                "not-tabular",
                p,
                f"'{p.name}' is named like an Excel workbook but is not one (it is not a zip "
                "file). Open it to see what it is, or download it again.",
            )
        if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] not in (b"{", b"["):  # JSON: said below
            warnings.append(f"'{p.name}' is named like an Excel workbook, but it is a text file "
                            "(CSV); read it as CSV. Rename it to .csv.")
    guess = _encoding(p, data, encoding)
    text = decode(data, guess)
    _refuse_binary(p, text)
    text, twice = undo_double_encoding(text)
    if twice:
        shown = ", ".join(map(str, twice[:10])) + (", …" if len(twice) > 10 else "")
        warnings.append(
            f"Line{'s' if len(twice) > 1 else ''} {shown} had letters encoded twice ('BÃ¦nk' "
            "for 'Bænk', as when a file is opened with the wrong encoding and saved again); "
            "they were read back as the letters (æ, ø, å). Export the source once, as UTF-8, "
            "to mend it there.")
    stripped = text.lstrip()
    if suffix in (".json", ".geojson") or (
        stripped[:1] in "{[" and suffix not in (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls")
    ):
        raw = read_json(p, text, guess, warnings, notes)
    elif stripped[:1] in "{[" and is_json(stripped):
        warnings.append(f"'{p.name}' is named like {suffix} but holds JSON; read it as JSON.")
        raw = read_json(p, text, guess, warnings, notes)
    else:
        raw = read_delimited(p, data, guess, sep, warnings, notes, text=text)
    if guess.codec not in ("utf-8", "utf-8-sig") or guess.errors != "strict":
        raw.count_non_utf8_later(data)  # counted if asked (the check): not every reader needs it
    return raw


#: XML that maps are written in, by the root element's name (after any namespace prefix).
_XML_MAPS = {b"kml": "a KML file (Google Earth, Google My Maps)",
             b"featurecollection": "a GML file (a WFS answer)",
             b"gpx": "a GPX file (GPS tracks and points)"}
#: Those the kit reads, as the format each is read as.
_XML_MAPS_READ = {_XML_MAPS[b"kml"]: "kml", _XML_MAPS[b"gpx"]: "gpx",
                  _XML_MAPS[b"featurecollection"]: "gml"}


def _read_map_xml(p: Path, data: bytes, fmt: str, warnings, notes) -> RawTable:
    """A KML, GPX or GML file read as GeoJSON is (KML and GPX are WGS84 by their
    specifications; GML says its system)."""
    from oddk.read_map_xml import XmlMapError, gml_collection, gpx_collection, kml_collection

    read = {"kml": kml_collection, "gpx": gpx_collection, "gml": gml_collection}[fmt]
    try:
        doc = read(data, notes)
    except XmlMapError as e:
        raise ReadError("not-tabular", p, f"'{p.name}' is {fmt.upper()}, but {e}.") from None
    if fmt != "gml":  # the format's own system (oddk.read_geo.FORMAT_SYSTEMS)
        doc["crs"] = {"type": fmt, "properties": {"name": "EPSG:4326"}}
    return read_features(base_report(p, fmt, detect_encoding(data)), doc, warnings, notes,
                         fmt.upper())


_EXPORT = ("Export it as GeoJSON, a shapefile or CSV (QGIS and the map tool that made it can), "
           "or find that version of the data.")


def _markup(data: bytes) -> tuple[str, str] | None:
    """(what an XML or HTML file is, what to do), or None for anything else."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 (as Windows tools save XML)
        data = data[:4000].decode("utf-16", errors="ignore").encode("utf-8")
    head = data[:2000].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head.startswith(b"<"):
        return None
    if head.startswith((b"<!doctype html", b"<html")):
        return ("a web page (HTML)", "The page may link to the data: download the data file "
                "itself (CSV, XLSX, GeoJSON or a zipped shapefile).")
    root = re.search(rb"<(?:[\w.-]+:)?([\w.-]+)", head)  # past <?xml …?> and comments
    name = root.group(1) if root else b""
    if name == b"workbook":  # Excel's XML Spreadsheet 2003
        return ("an Excel workbook saved as XML", "Open it in Excel and save it as .xlsx or "
                "CSV.")
    return _XML_MAPS.get(name, "an XML file"), _EXPORT


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



# --------------------------------------------------------------------------- zip


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
        return read_xlsx(p, data, sheet, warnings, notes)
    if any(n.lower().endswith(".shp") for n in names):
        return read_shapefile(p, sheet, warnings, notes, data=data)
    if "mimetype" in names and zf.read("mimetype").startswith(b"application/vnd.oasis"):
        what = ("an OpenDocument spreadsheet (LibreOffice Calc)" if b"spreadsheet" in
                zf.read("mimetype") else "an OpenDocument file (LibreOffice)")
        raise ReadError("not-tabular", p, f"'{p.name}' is {what}, which the kit does not read. "
                        "Open it in LibreOffice or Excel and save it as .xlsx or CSV.")
    tables = [n for n in names if not n.startswith("__MACOSX/") and n.lower().endswith(
        (".csv", ".tsv", ".txt", ".json", ".geojson", ".xlsx", ".kml", ".gpx", ".gml"))]
    maps = [n for n in tables if n.lower().endswith(".kml")]  # a KMZ: its doc.kml
    if maps and not sheet:
        tables = [next((n for n in maps if Path(n).name.lower() == "doc.kml"), maps[0])]
    chosen = [n for n in tables if Path(n).stem == sheet] if sheet else tables[:1]
    if sheet and tables and not chosen:
        raise ReadError("no-such-sheet", p, f"'{p.name}' holds no file named '{sheet}'; it "
                        f"holds {', '.join(Path(n).stem for n in tables[:10])}.")
    if len(chosen) == 1 and (sheet or len(tables) == 1):
        inner = chosen[0]
        notes.append(f"'{p.name}' is a zip file; read the {Path(inner).name} inside it.")
        return _read_bytes(p.with_name(Path(inner).name), zf.read(inner), None, None, None,
                           warnings, notes)
    if tables:
        raise ReadError(
            "no-such-sheet", p, f"'{p.name}' holds {len(tables)} data files "
            f"({', '.join(tables[:5])}): choose one by its name without the ending "
            f"(--sheet {Path(tables[0]).stem}; sheet= in Python).")
    raise ReadError("not-tabular", p, f"'{p.name}' is a zip file without a shapefile, workbook "
                    "or other data file in it.")



# --------------------------------------------------------------------------- CLI


def main_read(
    path: str, sheet: str | None = None, as_json: bool = False, encoding: str | None = None
) -> int:
    """`oddk read PATH`: print the report; exit 0, or 2 with a plain-words error."""
    import sys

    try:
        _, report = read_table(path, sheet=sheet, encoding=encoding)
    except ReadError as e:
        print(f"oddk read: {mask(str(e), 10_000)}", file=sys.stderr)
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
