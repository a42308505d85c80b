"""Structure findings: encoding, header, ragged rows, column names, sheets, format,
coordinate system; from what `oddk.read` reported (no second detection) plus the raw
header line, which the reader has already made unique.

The Danish quirks: Windows-1252 files from Excel and GIS tools, `;` separators, title lines
above the header in Statistics Denmark exports, workbooks with a cover sheet first.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from oddk.check.report import Finding, make_finding


def raw_header(path: Path, report) -> list[str] | None:
    """The column names exactly as the file writes them (duplicates and blanks kept)."""
    if report.format in ("csv", "tsv") and report.header_row:
        with open(path, "rb") as f:
            head = f.read(1 << 20)
        text = head.decode(report.encoding or "utf-8", errors="replace").lstrip("\ufeff")
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=report.separator or ",")
        try:
            for row in reader:
                if reader.line_num >= report.header_row and row:
                    return [c.strip() for c in row]
        except csv.Error:
            return None
        return None
    if report.format == "xlsx" and report.sheet and report.header_row:
        import warnings

        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(Path(path).read_bytes()), read_only=True)
        try:
            for i, row in enumerate(wb[report.sheet].iter_rows(values_only=True), start=1):
                if i == report.header_row:
                    vals = list(row)
                    while vals and vals[-1] in (None, ""):
                        vals.pop()
                    return ["" if v is None else str(v).strip() for v in vals]
        finally:
            wb.close()
    return None


def utf8_problem_lines(path: Path, limit: int = 20) -> tuple[int, list[int]]:
    """(number of lines with bytes that are not UTF-8, the first `limit` of them), reading
    the file in 16 MB pieces so that memory stays flat."""
    bad_lines: list[int] = []
    count = 0
    line_base = 1
    carry = b""
    with open(path, "rb") as f:
        while True:
            chunk = f.read(16 << 20)
            if not chunk:
                break
            data = carry + chunk
            cut = data.rfind(b"\n") + 1 if len(chunk) == 16 << 20 else len(data)
            if cut == 0:
                cut = len(data)
            part, carry = data[:cut], data[cut:]
            try:
                part.decode("utf-8")
            except UnicodeDecodeError:
                for n, line in enumerate(part.split(b"\n")):
                    try:
                        line.decode("utf-8")
                    except UnicodeDecodeError:
                        count += 1
                        if len(bad_lines) < limit:
                            bad_lines.append(line_base + n)
            line_base += part.count(b"\n")
    return count, bad_lines


def structure_findings(path: Path, report, language: str, whole_file_utf8: tuple | None
                       ) -> tuple[list[Finding], dict]:
    """Findings about the file's structure, and facts for the report's 'good' list."""
    out: list[Finding] = []
    facts: dict = {}
    # encoding (text formats only)
    if report.format in ("csv", "tsv", "json", "geojson"):
        enc = (report.encoding or "").lower()
        count, lines = whole_file_utf8 if whole_file_utf8 else utf8_problem_lines(path)
        if enc in ("utf-8", "utf-8-sig") and not count:
            facts["utf8"] = True
        else:
            name = report.encoding_name or enc
            if enc in ("utf-8", "utf-8-sig") and count:
                name = "UTF-8 " + ("med bytes, der ikke er UTF-8" if language == "da"
                                   else "with bytes that are not UTF-8")
            where = ""
            if lines and count < 200:
                where = (f" (linje {', '.join(map(str, lines[:10]))})" if language == "da"
                         else f" (line {', '.join(map(str, lines[:10]))})")
            out.append(make_finding("encoding-not-utf8", language, encoding=name, where=where,
                                    lines=lines or None, count=count or None))
    elif report.format == "shapefile" and (report.encoding or "").lower() not in (
            "utf-8", "utf-8-sig"):
        # a shapefile's DBF is often Windows-1252 and can say so (.cpg): worth fixing, not
        # a blocker
        out.append(make_finding("encoding-not-utf8", language, severity="warning",
                                encoding=report.encoding_name or report.encoding, where=""))
    # ragged rows
    if report.ragged_rows:
        names = [c for c in report.column_names if not c.startswith("extra_")]
        lines = report.ragged_rows
        where = (f" ({'linje' if language == 'da' else 'line'} "
                 f"{', '.join(map(str, lines[:10]))})")
        out.append(make_finding("ragged-rows", language, count=len(lines), width=len(names),
                                where=where, lines=lines[:20]))
    else:
        facts["even"] = True
    # header
    if report.format in ("csv", "tsv", "xlsx"):
        if report.header_row is None:
            out.append(make_finding("no-header", language))
        elif report.header_row > 1 and report.format in ("csv", "tsv"):
            skipped = report.header_row - 1
            if any("sep=" in n for n in report.notes):
                skipped -= 1
            if skipped > 0:
                out.append(make_finding("rows-above-header", language, count=skipped,
                                        line=report.header_row))
    names = raw_header(path, report)
    if names:
        counts = Counter(n for n in names if n)
        for name, k in counts.items():
            if k > 1:
                out.append(make_finding("duplicate-column", language, column=name, count=k))
        for i, n in enumerate(names, start=1):
            if not n:
                out.append(make_finding("empty-column-name", language, position=i))
    # sheets
    if report.sheets and len(report.sheets) > 1:
        out.append(make_finding("several-sheets", language, count=len(report.sheets),
                                sheets=", ".join(report.sheets), sheet=report.sheet))
    if report.format == "xlsx":
        out.append(make_finding("not-open-format", language, format="Excel (XLSX)"))
    return out, facts
