"""CSV and TSV for `oddk.read`: the cells as written, with each row's line in the file.

The Danish quirks: `;` separators (Statistics Denmark, Danish Excel), Excel's "sep=;" first
line, titles above the header, rows with too few or too many fields, and Windows-1252 text
beside UTF-8.

    >>> from oddk.read_detect import detect_encoding
    >>> data = "kommune;beløb\\nAarhus;1.234,50\\n".encode("cp1252")
    >>> raw = read_delimited("t.csv", data, detect_encoding(data), None, [], [])
    >>> raw.cells.iloc[0].tolist(), raw.lines, raw.report.separator
    (['Aarhus', '1.234,50'], [2], ';')
"""

from __future__ import annotations

import csv
import io
import re
from contextlib import contextmanager
from pathlib import Path

from oddk.errors import ReadError
from oddk.raw_table import RawTable
from oddk.read_detect import (
    SEPARATOR_NAMES,
    clean_names,
    detect_decimal,
    detect_separator,
    find_header,
    looks_numeric,
    second_header,
    sub_header,
    two_rows_said,
)
from oddk.read_geo import finish
from oddk.read_report import base_report

__all__ = ["read_delimited", "decode", "line_ending", "MAX_CELL"]

#: The longest value the kit reads in a delimited file: 1 MiB (the csv module's own limit,
#: 128 KiB, is below what free-text columns sometimes hold).
MAX_CELL = 1 << 20


def decode(data: bytes, guess) -> str:
    """The text of `data` with the encoding `guess`, without a BOM."""
    text = data.decode(guess.codec, errors=guess.errors)
    return text[1:] if guess.bom and text.startswith("\ufeff") else text


def line_ending(text: str) -> str | None:
    """"CRLF", "LF", "CR", "mixed", or None for a single line."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    kinds = [k for k, n in (("CRLF", crlf), ("LF", lf), ("CR", cr)) if n]
    if not kinds:
        return None
    return kinds[0] if len(kinds) == 1 else "mixed"


def read_delimited(path, data: bytes, guess, sep, warnings, notes, text: str | None = None
                   ) -> RawTable:
    """The raw table of a delimited text file (its bytes `data`, decoded with `guess`)."""
    import pandas as pd

    p = Path(path)
    text = decode(data, guess) if text is None else text
    report = base_report(p, "csv", guess)
    warnings.extend(guess.warnings)
    report.line_ending = line_ending(text)
    hint = re.match(r'"?sep=(.)"?\r?\n', text)
    skipped = 1 if hint else 0  # lines cut off the text; line numbers stay the file's
    if hint:  # Excel's "sep=;" first line: it names the separator and is not data
        text = text[hint.end():]
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
    widths, line_nos, first_rows = _records(p, text, sep, skipped)
    h, has_header = find_header(widths, first_rows)
    if h > 0:
        warnings.append(
            f"Skipped {h} line{'s' if h > 1 else ''} above the table (a title?): "
            + (f"the column names are on line {line_nos[h]}." if has_header
               else f"the data starts on line {line_nos[h]}.")
        )
    report.header_row = line_nos[h] if has_header else None
    two = sub_header(first_rows, h) if has_header else None  # a header in two lines
    again = has_header and not two and second_header(first_rows, h)  # names twice
    if again:
        warnings.append(SECOND_HEADER.format(word="Line", at=line_nos[h + 1]))
    width = max(widths[h], len(two)) if two else widths[h]
    body = range(h + (2 if two or again else 1) if has_header else h, len(widths))
    report.ragged_rows = _ragged(widths, line_nos, body, width, warnings, sep)
    total = max(widths[i] for i in range(h, len(widths)))
    try:
        with _cell_limit():
            df = pd.read_csv(
                io.StringIO(text), sep=sep, header=None, names=list(range(total)), dtype=str,
                keep_default_na=False, na_values=[""], skip_blank_lines=True,
                skiprows=[line_nos[i] - 1 - skipped for i in range(h)] if h else None,
                engine="python" if len(sep) > 1 else "c",
            )
    except (pd.errors.ParserError, ValueError) as e:
        opened = _unclosed_quote_line(text)
        where = (
            f'a quote (") on line {opened} is never closed, so the rest of the file would be '
            "one value. Fix or remove that quote" if opened
            else f"{e}. Check the separator and the quotes"
        )
        raise ReadError(
            "not-tabular", p, f"Could not split '{p.name}' into columns: {where}, and read it "
            "again.") from None
    header = None
    if has_header:
        header = two or ["" if v is None or v != v else str(v).strip()
                         for v in df.iloc[0].tolist()]
        while len(header) > width and header[-1] == "":
            header.pop()
        if two:
            notes.append(two_rows_said(first_rows[h], two, "Lines", line_nos[h],
                                       line_nos[h + 1]))
        df = df.iloc[2 if two or again else 1:].reset_index(drop=True)
        names = clean_names(header[:width] + [None] * (width - len(header[:width])), warnings)
    else:
        warnings.append(
            "The first row holds only numbers, so it was read as data; the columns are named "
            "column_1, …."
        )
        names = [f"column_{i + 1}" for i in range(width)]
    df.columns = names + [f"extra_{i + 1}" for i in range(total - width)]
    lines = [line_nos[i] for i in body]
    if has_header:
        df, lines = without_repeated_header(df, header[:width], lines, warnings)
    df, lines = without_footer(df, lines, warnings, "Line")
    df, lines = without_blank_rows(df, lines, notes, "Line")
    if '="' in text:
        df = without_text_formulas(df, notes)
    per = min(2000, max(100, 100_000 // max(len(df.columns), 1)))  # every column has a say
    values = [v for c in df.columns for v in df[c].dropna().iloc[:per].tolist()]
    report.decimal, report.thousands, _ = detect_decimal(values)
    raw = RawTable(report, df, header=header, lines=lines if len(lines) == len(df) else None,
                   preamble=[sep.join(r) for r in first_rows[:h]])
    return finish(raw, warnings, notes)


#: Excel's way to keep a value as text ('="0101"', '="8000"'): a formula that gives it.
_TEXT_FORMULA = r'^="([^"]*)"$'


def without_text_formulas(df, notes: list):
    """Cells written as Excel text formulas ('="8000"') as the text they give ('8000'), said
    per column. Other formulas stay as they are (the check finds them)."""
    for col in df.columns:
        s = df[col]
        hit = s.str.startswith('="', na=False)
        if not hit.any():
            continue
        inner = s[hit].str.extract(_TEXT_FORMULA, expand=False)
        done = inner.notna()
        if not done.any():
            continue
        df[col] = s.mask(hit & done.reindex(s.index, fill_value=False), inner)
        example = s[hit][done].iloc[0]
        notes.append(f"Column '{col}' writes {int(done.sum())} value(s) as Excel text formulas "
                     f"(e.g. {example}, Excel's way to keep leading zeros); read as the text "
                     f"they give ({inner[done].iloc[0]}).")
    return df


#: What the readers say of rows they leave out (read_large says it again of the whole file).
SECOND_HEADER = ("{word} {at} holds names too, not data (the header again, in another "
                 "language?): left out of the data.")
REPEATED_HEADER = "the column names (files joined together?): left out of the data."
BLANK_ROWS = "(only separators or spaces): left out."


#: Cells that hold only spaces, as spreadsheets leave them.
_SPACES = [" " * n for n in range(1, 9)] + ["\t", "\u00a0"]


def without_blank_rows(df, lines: list | None, notes: list, word: str = "Line"):
    """The rows with nothing in them (only separators, as ';;;;' that Excel writes below a
    table, or only spaces) left out of the data, and said with their lines (or, without
    `lines`, their data rows)."""
    if not len(df) or not len(df.columns):
        return df, lines
    rows = None  # the positions still blank, narrowed column by column
    for c in df.columns:
        s = df[c] if rows is None else df[c].iloc[rows]
        empty = (s.isna() | s.isin(_SPACES)).to_numpy(bool)  # a hash lookup, not a strip
        rows = (empty.nonzero()[0] if rows is None else rows[empty])
        if not len(rows):
            return df, lines
    return _left_out(df, lines, [int(i) for i in rows], notes,
                     lambda n, shown: f"{word}{'s' if n > 1 else ''} {shown} "
                     f"{'are' if n > 1 else 'is'} empty {BLANK_ROWS}")


#: A total below a table ('I alt', 'Total:'): the word alone in its cell.
_TOTAL = re.compile(r"(?:i alt|total|totalt|sum|samlet|subtotal)\s*:?", re.IGNORECASE)
#: A note below a table ('Kilde: Middelfart Kommune', '© Aarhus Kommune', 'Opdateret 1.
#: marts 2024'); a word alone ('Kilde Allé') is no note.
_NOTE = re.compile(r"(?:kilde|source|note|noter|bemærk|bemærkning|opdateret|updated|udtrukket|"
                   r"dataudtræk|copyright)\s*:|©|\*|(?:opdateret|udtrukket|updated)\s+\d",
                   re.IGNORECASE)
#: Rows from the end that can be a table's totals and notes.
_FOOTER_ROWS = 20


def _filled(cells) -> list[str]:
    return [t for t in (str(c).strip() for c in cells if c is not None and c == c) if t]


def _footer_row(cells: list) -> bool:
    """A row below a table that is no data: a total (the word, then only numbers, in at
    most half of the columns) or a note alone in its row."""
    filled = _filled(cells)
    first, rest = filled[0], filled[1:]
    if _TOTAL.fullmatch(first):
        return len(filled) <= len(cells) / 2 and all(looks_numeric(v) for v in rest)
    return not rest and bool(_NOTE.match(first))


def without_footer(df, lines: list | None, warnings: list, word: str = "Line"):
    """The rows below the table that are a total or a note ('I alt;;;699', 'Kilde: …', as
    spreadsheets are exported) left out of the data, and said with their lines (blank rows
    among them are left to `without_blank_rows`)."""
    if len(df.columns) < 2 or not len(df):
        return df, lines
    tail = df.iloc[-_FOOTER_ROWS:].to_numpy(dtype=object).tolist()
    at, first = [], {}
    for k in range(len(tail) - 1, -1, -1):  # from the end, past blank rows, while footers
        filled = _filled(tail[k])
        if not filled:
            continue
        if not _footer_row(tail[k]):
            break
        i = len(df) - len(tail) + k
        at.insert(0, i)
        first[i] = filled[0]
    if not at or len(at) == len(df):
        return df, lines
    shown = ", ".join(repr(first[i][:40]) for i in at[:3])
    return _left_out(df, lines, at, warnings,
                     lambda n, where: f"{word}{'s' if n > 1 else ''} {where} below the table "
                     f"{'are' if n > 1 else 'is'} a total or a note ({shown}), not data: "
                     "left out.")


def without_repeated_header(df, header: list, lines: list | None, warnings: list,
                            word: str = "Line"):
    """The rows that repeat the column names (files joined one after another, each with its
    header) left out of the data, and said with their lines (or data rows)."""
    if len([h for h in header if h]) < 2:
        return df, lines
    same = None
    for k, name in enumerate(header):
        if name:  # as the header row wrote it: joined files repeat it character for character
            hit = (df.iloc[:, k] == name).fillna(False).to_numpy(bool)
            same = hit if same is None else same & hit
            if not same.any():
                return df, lines
    at = [int(i) for i in same.nonzero()[0]]
    titles = [i - 1 for i in at if i > 1 and i - 1 not in at and _title_row(df.iloc[i - 1])
              and _after_gap(df, lines, i - 1)]
    df, lines = _left_out(df, lines, at, warnings,
                          lambda n, shown: f"{word}{'s' if n > 1 else ''} {shown} "
                          f"repeat{'' if n > 1 else 's'} {REPEATED_HEADER}")
    if titles:  # the title of a second table on the sheet, above its header
        titles = [i - sum(a < i for a in at) for i in titles]
        df, lines = _left_out(df, lines, titles, warnings,
                              lambda n, shown: f"{word}{'s' if n > 1 else ''} {shown}, above "
                              f"the repeated names, {'are titles' if n > 1 else 'is a title'} "
                              "(of a second table?): left out of the data.")
    return df, lines


def _after_gap(df, lines: list | None, k: int) -> bool:
    """Does row k follow an empty row (or, in a text file, a blank line), as a second table's
    title does?"""
    if lines is not None and len(lines) == len(df) and lines[k] - lines[k - 1] > 1:
        return True
    return all(v is None or v != v or str(v).strip() == "" for v in df.iloc[k - 1].tolist())


def _title_row(row) -> bool:
    """A row whose first cell alone holds text (a table's title)."""
    cells = [v for v in row.tolist() if v is not None and v == v and str(v).strip() != ""]
    return len(cells) == 1 and isinstance(row.iloc[0], str) and row.iloc[0].strip() != ""


def _left_out(df, lines, at: list[int], said: list, words):
    """`df` without the rows at positions `at`, `lines` to match, and what `words` says of
    them (their lines, else their data rows) added to `said`."""
    known = lines is not None and len(lines) == len(df)
    where = [lines[i] for i in at] if known else [i + 1 for i in at]
    said.append(words(len(at), ", ".join(map(str, where[:10])) + (", …" if len(at) > 10
                                                                   else "")))
    gone = set(at)
    kept = df.drop(index=df.index[at]).reset_index(drop=True)
    return kept, [n for i, n in enumerate(lines) if i not in gone] if known else lines


@contextmanager
def _cell_limit():
    """The kit's limit on a value for the csv module (and pandas' Python engine, which uses
    it) while a file is read: the limit is the process's, and other libraries set their own
    when they are imported; the one before is put back."""
    before = csv.field_size_limit(MAX_CELL)
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _records(p: Path, text: str, sep: str, skipped: int):
    """One pass with the csv module: each record's width and line number, the first rows.
    Text without quotes has one record per line: counted with numpy instead."""
    fast = _records_unquoted(text, sep, skipped)
    if fast is not None:
        return fast
    with _cell_limit():
        return _records_limited(p, text, sep, skipped)


def _records_unquoted(text: str, sep: str, skipped: int):
    """What `_records_limited` finds, for text without quotes (every line one record): the
    separators of each line counted at once. None when the text has quotes, lone carriage
    returns (which the csv module takes as line breaks), NULs, a separator that is not one
    ASCII character or a line longer than the kit's limit on a value, or holds no rows: then
    the csv module decides (and says what is wrong)."""
    import numpy as np

    if '"' in text or "\x00" in text or len(sep) != 1 or ord(sep) > 127 or not text:
        return None
    raw = text.encode("utf-8")
    a = np.frombuffer(raw, np.uint8)
    cr = np.flatnonzero(a == 13)
    if len(cr) and (cr[-1] + 1 >= len(a) or (a[cr + 1] != 10).any()):
        return None
    ends = np.flatnonzero(a == 10)
    if not len(ends) or ends[-1] != len(a) - 1:
        ends = np.append(ends, len(a))  # the last line has no line break
    starts = np.concatenate([[0], ends[:-1] + 1])
    if (ends - starts).max() > MAX_CELL:
        return None  # a value may be too long: the csv module measures it
    stops = ends  # where each line's text ends: before its "\r\n" or "\n"
    if len(cr):
        after_cr = np.zeros(len(a) + 1, bool)
        after_cr[cr + 1] = True
        stops = ends - after_cr[ends]
    at = np.flatnonzero(a == ord(sep))  # the separators, counted between each line's ends
    widths = np.searchsorted(at, stops) - np.searchsorted(at, starts) + 1
    keep = widths > 1
    lone = np.flatnonzero(~keep)
    if len(lone):  # one field: a row unless empty or only spaces (as the csv module reads)
        keep[lone] = [bool(raw[i:j].decode("utf-8").strip()) for i, j in
                      zip(starts[lone].tolist(), stops[lone].tolist(), strict=True)]
    rows = np.flatnonzero(keep)
    if not len(rows):
        return None
    first_rows = [raw[starts[i]:stops[i]].decode("utf-8").split(sep) for i in rows[:200].tolist()]
    return widths[rows].tolist(), (rows + 1 + skipped).tolist(), first_rows


def _records_limited(p: Path, text: str, sep: str, skipped: int):
    widths, line_nos, first_rows = [], [], []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    done = 0  # lines read before this record: a record over several lines starts on done + 1
    try:
        for row in reader:
            start, done = done + 1, reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            widths.append(len(row))
            line_nos.append(start + skipped)
            if len(first_rows) < 200:
                first_rows.append(row)
    except csv.Error as e:
        line = reader.line_num + skipped
        opened = _unclosed_quote_line(text)
        if opened:
            raise ReadError(
                "not-tabular", p,
                f"Could not split '{p.name}' into fields: a quote (\") on line {opened} is never "
                "closed, so the rest of the file would be one value. Fix or remove that quote, "
                "and read it again.") from None
        if "field larger than field limit" in str(e):
            raise ReadError(
                "too-large", p,
                f"Line {line} of '{p.name}' holds a value longer than {MAX_CELL >> 20} MiB; the "
                f"kit reads values up to {MAX_CELL >> 20} MiB. Shorten it (long texts belong in "
                "a document, not a table cell), or split it, and read the file again.") from None
        raise ReadError(
            "not-tabular", p,
            f"Could not split '{p.name}' into fields near line {line}: {e}. Check the "
            "separator and the quotes on that line.",
        ) from None
    if not widths:
        raise ReadError(
            "empty-file", p, f"'{p.name}' holds no rows. Download it again or check the export."
        )
    return widths, line_nos, first_rows


def _ragged(widths, line_nos, body, width, warnings, sep: str = ",") -> list[int]:
    """The lines of rows without the header's number of fields, with a warning."""
    ragged = [line_nos[i] for i in body if widths[i] != width]
    if ragged:
        short = [line_nos[i] for i in body if widths[i] < width]
        long_ = [line_nos[i] for i in body if widths[i] > width]
        parts = []
        if short:
            parts.append(f"{len(short)} with fewer fields (line{'s' if len(short) > 1 else ''} "
                         f"{_few(short)}; filled with empty values)")
        if long_:
            parts.append(f"{len(long_)} with more fields (line{'s' if len(long_) > 1 else ''} "
                         f"{_few(long_)}; the extra values are in columns extra_1, …)")
        warnings.append(
            f"{len(ragged)} row{'s do' if len(ragged) > 1 else ' does'} not have the header's "
            f"{width} fields: " + " and ".join(parts)
            + ". Check the separator and quotes on those lines"
            + (f" (a value with a '{sep}' in it, such as an address, must be in quotes: "
               f'"Nørregade 12{sep} 8000 Aarhus C")' if long_ and sep in ",;" else "") + "."
        )
    return ragged


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
