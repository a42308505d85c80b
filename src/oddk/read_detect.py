"""What `oddk.read` detects in a file's bytes and text: encoding, separator, decimal mark,
header row and number columns.

The Danish quirks handled here: files in UTF-8 (with or without BOM), Windows-1252 or
latin-1; `;` separators with decimal comma and `.` thousands ("1.234,50"); titles above
the header in Statistics Denmark exports; codes with leading zeros ("0101") that must
stay text.

    >>> detect_encoding("Søen;Åen".encode("cp1252")).codec
    'cp1252'
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

# --------------------------------------------------------------------------- encoding

# Characters that ordinary Danish (and Nordic/European) text holds outside ASCII. The
# share of a decoding's non-ASCII characters that fall in this set is our confidence
# that the decoding is right: a wrong code page turns "ø" into "›" or "¸".
_DANISH_TEXT = set("æøåÆØÅéÉèÈêëüÜöÖäÄáÁóÓíÍúÚàôîçÇñßšŠžŽ«»°½¼¾§£€–—‘’“”„…•·×\u00a0²³µ¤¢¹")
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")

HUMAN_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16 with BOM",
    "utf-16-le": "UTF-16 (little-endian)",
    "utf-16-be": "UTF-16 (big-endian)",
    "cp1252": "Windows-1252",
    "latin-1": "ISO-8859-1 (latin-1)",
    "cp850": "DOS code page 850",
}


def _cp1252_fallback(err: UnicodeDecodeError):
    """Codec error handler: decode a byte that is not UTF-8 as Windows-1252 (latin-1 where
    cp1252 leaves it undefined). Used for files that mix UTF-8 and latin-1 bytes."""
    bad = err.object[err.start : err.start + 1]
    try:
        ch = bad.decode("cp1252")
    except UnicodeDecodeError:
        ch = bad.decode("latin-1")
    return ch, err.start + 1


codecs.register_error("oddk-cp1252", _cp1252_fallback)


@dataclass
class EncodingGuess:
    """The encoding `detect_encoding` chose and why."""

    codec: str  # a Python codec name that reads the file: pass it as encoding=
    confidence: float  # 0..1
    bom: bool
    how: str  # plain words: how we decided
    errors: str = "strict"  # "oddk-cp1252" for UTF-8 files with stray latin-1 bytes
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return HUMAN_NAMES.get(self.codec, self.codec)


def danish_share(text: str, limit: int = 20000) -> float:
    """Share of the non-ASCII characters in `text` that ordinary Danish text holds where it
    holds them: letters (æ ø å é ü …) anywhere, signs (° € – “ ”) only outside words. 1.0 if
    there are none. Looks at the first `limit` non-ASCII characters. (The rule in words:
    the encoding guess asks it of the bytes, per code page, in `_single_byte_scores`; a
    test holds the two equal.)"""
    good = bad = 0
    for m in itertools.islice(_NON_ASCII.finditer(text), limit):
        i, c = m.start(), m.group()
        if c in _DANISH_TEXT and (
            c.isalpha() or not (text[i - 1 : i].isalpha() and text[i + 1 : i + 2].isalpha())
        ):
            good += 1  # a Danish letter, or punctuation that is not stuck inside a word ("S°en")
        else:
            bad += 1
    return 1.0 if good + bad == 0 else good / (good + bad)


def _utf8_letters(data: bytes, limit: int = 1000) -> bool:
    """Does `data` hold a letter written as UTF-8 (æ as C3 A6) among its first `limit`
    UTF-8-shaped byte sequences? The sequences are found with numpy (a regular expression
    took a quarter of a second for 8 MB of Windows-1252, which has none)."""
    a = np.frombuffer(data, np.uint8)
    lead = np.flatnonzero((a >= 0xC2) & (a <= 0xF4))
    if not len(lead):
        return False
    tail = np.concatenate([a, np.zeros(3, np.uint8)])
    cont = (tail >= 0x80) & (tail <= 0xBF)
    first = a[lead]
    size = np.where(first <= 0xDF, 2, np.where(first <= 0xEF, 3, 4))
    shaped = cont[lead + 1] & ((size < 3) | cont[lead + 2]) & ((size < 4) | cont[lead + 3])
    for i, n in zip(lead[shaped][:limit].tolist(), size[shaped][:limit].tolist(), strict=True):
        try:
            if data[i:i + n].decode("utf-8").isalpha():
                return True
        except UnicodeDecodeError:  # an overlong or surrogate form: not UTF-8 at all
            continue
    return False


def _single_byte_scores(data: bytes, limit: int = 20000) -> tuple[dict[str, float], bool]:
    """({code page: danish_share of the text in it}, whether bytes 0x80-0x9F occur), for the
    code pages that decode `data` (Windows-1252 leaves five bytes undefined). In these code
    pages each byte is one character, so danish_share's rule is asked of the bytes through
    a table per code page (the same answer as on the decoded text, without decoding it)."""
    a = np.frombuffer(data, np.uint8)
    high = np.flatnonzero(a >= 0x80)
    has_c1 = bool((a[high] <= 0x9F).any())
    undefined = has_c1 and bool(np.isin(a[high], list(_CP1252_UNDEFINED)).any())  # anywhere
    high = high[:limit]
    b = a[high]
    last = len(a) - 1  # no letter before the first byte or after the last
    before = np.where(high > 0, a[np.maximum(high - 1, 0)], ord(" "))
    after = np.where(high < last, a[np.minimum(high + 1, last)], ord(" "))
    scores = {}
    for codec in ("cp1252", "latin-1", "cp850"):
        if codec == "cp1252" and undefined:
            continue  # bytes Windows-1252 does not define: not Windows-1252
        letter, sign, alpha = _byte_tables(codec)
        good = letter[b] | (sign[b] & ~(alpha[before] & alpha[after]))
        scores[codec] = float(good.mean()) if len(b) else 1.0
    return scores, has_c1


@functools.cache
def _byte_tables(codec: str):
    """Per byte in `codec`: a Danish letter; a Danish sign (° € – “ ”); a letter at all."""
    chars = [bytes([i]).decode(codec, errors="replace") for i in range(256)]
    return (np.array([c in _DANISH_TEXT and c.isalpha() for c in chars]),
            np.array([c in _DANISH_TEXT and not c.isalpha() for c in chars]),
            np.array([c.isalpha() for c in chars]))


def undo_double_encoding(text: str) -> tuple[str, list[int]]:
    r"""`text` with letters encoded twice read back (a UTF-8 file opened as Windows-1252 and
    saved as UTF-8 again: 'Ã¦' for æ, 'Â°' for °), and the lines (1-based) that held them.
    A line is read back only if all of it is such letters' bytes: Danish text has no 'Ã' of
    its own. Only the lines with an 'Ã' or 'Â' are looked at.

        >>> undo_double_encoding("navn\nBÃ¦nk ved SÃ¸en\nÃ…rhus Â°\nÃ\n")
        ('navn\nBænk ved Søen\nÅrhus °\nÃ\n', [2, 3])
    """
    if "Ã" not in text and "Â" not in text:
        return text, []
    parts, lines, end, line = [], [], 0, 1
    for m in re.finditer("[ÃÂ]", text):
        if m.start() < end:
            continue  # a line already looked at
        start = text.rfind("\n", 0, m.start()) + 1
        end = len(text) if (stop := text.find("\n", m.start())) < 0 else stop
        old = text[start:end].rstrip("\r")
        try:
            new = old.encode("cp1252").decode("utf-8")
        except UnicodeError:  # not the bytes of UTF-8 letters: left as it is
            continue
        if new != old:
            line += text.count("\n", parts[-1][0] if parts else 0, start)
            parts.append((start, start + len(old), new))
            lines.append(line)
    if not parts:
        return text, []
    out, last = [], 0
    for start, stop, new in parts:
        out += [text[last:start], new]
        last = stop
    return "".join(out) + text[last:], lines


def line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset (for messages)."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, offset - start + 1


def detect_encoding(data: bytes) -> EncodingGuess:
    """Decide how to decode `data`, for Danish files.

    charset-normalizer alone misnames short Danish texts (a few lines with "ø" come back as
    cp1250, cp1006 or cp437), so the common cases are decided by rules that cannot be fooled
    by shortness, and charset-normalizer decides only what the rules leave open:

    1. a BOM decides (UTF-8 or UTF-16);
    2. bytes that decode as strict UTF-8 are UTF-8 (random Windows-1252 text almost never
       does: "æ" is one byte, followed by ASCII, which UTF-8 forbids);
    3. UTF-8 letters mixed with stray non-UTF-8 bytes: UTF-8, stray bytes as Windows-1252;
    4. otherwise a single-byte code page. Windows-1252 and latin-1 differ only in bytes
       0x80-0x9F (€ – “ ” in cp1252, invisible control codes in latin-1). Without those bytes
       both give the same text and we name it Windows-1252, which is what Danish Excel and
       GIS tools write; with them, Windows-1252 if it defines them all, DOS 850 if that gives
       Danish letters where cp1252 gives punctuation, else latin-1;
    5. text that is none of these: charset-normalizer's best match.

        >>> detect_encoding("Å".encode("utf-8")).codec
        'utf-8'
    """
    if data.startswith(codecs.BOM_UTF8):
        return EncodingGuess("utf-8-sig", 1.0, True, "UTF-8 byte order mark (BOM) at the start")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return EncodingGuess("utf-16", 1.0, True, "UTF-16 byte order mark (BOM) at the start")
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 4 and len(head) >= 4:
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if text and sum(c.isprintable() or c in "\r\n\t" for c in text) / len(text) > 0.95:
                return EncodingGuess(
                    codec, 0.9, False, "every other byte is zero: UTF-16 without BOM"
                )
    if not _HIGH_BYTE.search(data):
        return EncodingGuess(
            "utf-8",
            1.0,
            False,
            "plain ASCII (no æ, ø or å), so UTF-8, Windows-1252 and latin-1 all read it the same",
        )
    try:
        data.decode("utf-8")
        return EncodingGuess("utf-8", 0.99, False, "every byte sequence is valid UTF-8")
    except UnicodeDecodeError as e:
        first_bad = e.start
    if _utf8_letters(data):
        line, col = line_and_column(data, first_bad)
        return EncodingGuess(
            "utf-8",
            0.6,
            False,
            "mostly UTF-8, with some bytes that are not",
            errors="oddk-cp1252",
            warnings=[
                "The file is mostly UTF-8, but some bytes are not (the first is "
                f"0x{data[first_bad]:02x} "
                f"at line {line}, column {col}). They were read as Windows-1252; check those "
                "values "
                "and save the file as UTF-8."
            ],
        )
    scores, has_c1 = _single_byte_scores(data)
    if not has_c1:
        choice, how = (
            "cp1252",
            ("single-byte text without bytes 0x80-0x9F: Windows-1252 (latin-1 reads it the same)"),
        )
    elif "cp1252" in scores and scores["cp1252"] >= scores.get("cp850", 0):
        choice, how = "cp1252", "single-byte text using bytes 0x80-0x9F (€ – “ ” in Windows-1252)"
    elif scores.get("cp850", 0) > scores.get("latin-1", 0):
        choice, how = (
            "cp850",
            "single-byte text whose bytes 0x80-0x9F are Danish letters in DOS code page 850",
        )
    else:
        choice, how = (
            "latin-1",
            "single-byte text with bytes 0x80-0x9F that Windows-1252 does not define: latin-1",
        )
    confidence = round(min(scores[choice], 0.98), 2)
    if confidence >= 0.8:
        return EncodingGuess(choice, confidence, False, how)
    best = _charset_normalizer_best(data)
    if best is not None and best[1] > confidence:
        codec, conf = best
        return EncodingGuess(
            codec,
            conf,
            False,
            "charset-normalizer's best match (not a usual Danish encoding)",
            warnings=[
                f"The encoding looks like {codec}, which is unusual for Danish files; check the "
                "text."
            ],
        )
    return EncodingGuess(
        choice,
        confidence,
        False,
        how,
        warnings=[
            "Unsure of the encoding: some characters are not usual in Danish text; check æ, ø "
            "and å."
        ],
    )


def _charset_normalizer_best(data: bytes) -> tuple[str, float] | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        return None
    try:
        codec = codecs.lookup(match.encoding).name
    except LookupError:
        return None
    return _common_twin(data, codec), round(max(0.0, 1.0 - match.chaos), 2)


#: Rare code pages that read Danish text as a common one does: the common one is named
#: (a Mac file's æ, ø, å are the same in mac-iceland and mac-roman).
_TWINS = {"mac-iceland": "mac-roman", "mac-turkish": "mac-roman", "cp861": "cp865"}


def _common_twin(data: bytes, codec: str) -> str:
    twin = _TWINS.get(codec)
    try:
        return twin if twin and data.decode(twin) == data.decode(codec) else codec
    except UnicodeDecodeError:
        return codec


# --------------------------------------------------------------------------- separator

SEPARATORS = [";", ",", "\t", "|"]
SEPARATOR_NAMES = {";": "semicolon", ",": "comma", "\t": "tab", "|": "pipe"}


def _field_counts(sample: str, sep: str) -> list[int]:
    rows = csv.reader(io.StringIO(sample, newline=""), delimiter=sep)
    counts = []
    try:
        for row in rows:
            if row:
                counts.append(len(row))
    except csv.Error:
        pass
    return counts


def detect_separator(text: str, max_lines: int = 200) -> tuple[str | None, float]:
    """The separator among `; , tab |` that splits the first lines into the most consistent
    number of fields (more than one), with its consistency (share of lines with the usual count).

    Why not csv.Sniffer: it considers every character, raises "Could not determine delimiter"
    on short files, and is fooled by decimal commas in `;` files. Danish files use only these
    four; counting fields per row (with the csv module's quote handling) over them is simple
    and explainable. The last sampled line is dropped if the sample cut it.

        >>> detect_separator("kommune;beløb\\nAarhus;1.234,50\\n")[0]
        ';'
    """
    lines = text.splitlines(keepends=True)
    sample = "".join(lines[:max_lines])
    best: tuple[float, int, int] | None = None
    best_sep = None
    for rank, sep in enumerate(SEPARATORS):
        counts = _field_counts(sample, sep)
        if not counts:
            continue
        usual, n = Counter(counts).most_common(1)[0]
        if usual < 2:
            continue
        consistency = n / len(counts)
        key = (consistency, usual, -rank)
        # prefer consistency; among equally consistent separators, more fields
        if best is None or key > best:
            best, best_sep = key, sep
    if best is None:
        return None, 0.0
    return best_sep, round(best[0], 2)


# --------------------------------------------------------------------------- numbers

_INT = re.compile(r"^[+-]?\d+$")
_COMMA_DEC = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+),\d+$")  # 1.234,50  12,5
_POINT_DEC = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)\.\d+$")  # 1,234.50  12.5
_DOT_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")  # 1.234.567 (or 1.234: ambiguous)
_COMMA_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")
_COMMA_3 = re.compile(r",\d{3}$")
_POINT_3 = re.compile(r"\.\d{3}$")


def detect_decimal(values) -> tuple[str | None, str | None, dict]:
    """Decimal mark and thousands separator from text values: ("," , ".", evidence) for
    Danish "1.234,50", (".", ",", …) for "1,234.50", (None, None, …) when no value shows a
    decimal mark. A value such as "1.234" or "1,234" alone is ambiguous and counts for
    neither unless other values decide.

        >>> detect_decimal(["1.234,50", "12,5"])[:2]
        (',', '.')
    """
    ev = Counter()
    # each distinct value once, weighted by how often it occurs; only values with a mark
    seen = Counter(v for v in values if isinstance(v, str) and ("," in v or "." in v))
    for raw, k in seen.items():
        v = raw.strip().replace("\u00a0", "").replace(" ", "").removesuffix("°")  # 54.769°
        if not v or _INT.match(v) or not v[-1].isdigit():
            continue
        for key in _evidence(v):
            ev[key] += k
    comma = ev["comma"] + ev["comma+dot"]
    point = ev["point"] + ev["point+comma"]
    if comma > point:
        return ",", "." if (ev["comma+dot"] or _has_dot_thousands(values)) else None, dict(ev)
    if point > comma:
        return ".", "," if ev["point+comma"] else None, dict(ev)
    return None, None, dict(ev)


def _evidence(v: str) -> list[str]:
    """What one value says about the decimal mark: the kinds of evidence it gives."""
    out = []
    if _COMMA_DEC.match(v):
        if "." in v:
            out.append("comma+dot")
        elif not _COMMA_3.search(v) or v.lstrip("+-").startswith("0,"):
            out.append("comma")
        else:
            out.append("ambiguous")  # 1,234
    if _POINT_DEC.match(v):
        if "," in v:
            out.append("point+comma")
        elif not _POINT_3.search(v) or v.lstrip("+-").startswith("0."):
            out.append("point")
        else:
            out.append("ambiguous")  # 1.234
    if v.count(".") > 1 and _DOT_THOUSANDS.match(v):
        out.append("comma")  # 1.234.567 has dots as thousands
    if v.count(",") > 1 and _COMMA_THOUSANDS.match(v):
        out.append("point")
    return out


def _has_dot_thousands(values) -> bool:
    return any(
        isinstance(v, str) and v.count(".") > 1 and _DOT_THOUSANDS.match(v.strip()) for v in values
    )


# --------------------------------------------------------------------------- header


def looks_numeric(v) -> bool:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return True
    if not isinstance(v, str):
        return False
    return bool(re.match(r"^[+-]?[\d.,]+$", v.strip())) and any(c.isdigit() for c in v)


def find_header(widths: list[int], first_rows: list[list]) -> tuple[int, bool]:
    """Index of the header among the first rows, and whether it is a header at all.

    The header is the first row as wide as the usual row (title lines above it, as in
    Statistics Denmark exports, are narrower). A first row of numbers only is data, not a
    header."""
    if not widths:
        return 0, True
    usual = Counter(widths[:200]).most_common(1)[0][0]

    def filled(i: int) -> list:
        row = first_rows[i] if i < len(first_rows) else []
        return [k for k, c in enumerate(row) if c is not None and str(c).strip() != ""]

    def wide(i: int) -> int:
        """The row's width; a title Excel filled out with empty cells ('Titel;;;': its first
        cell alone, above a row of names) counts as one cell."""
        cells = filled(i)
        if len(cells) > 1 or cells not in ([0], []) or i + 1 >= len(first_rows):
            return widths[i]
        names = [first_rows[i + 1][k] for k in filled(i + 1)]
        header_below = len(names) > 1 and not any(looks_numeric(c) for c in names)
        return len(cells) if header_below else widths[i]

    # A title is at most half as wide as the table ("Tabel FOLK1A" above "OMRÅDE;KØN;TID");
    # a header a field or two short of the rows is still the header (and the rows are ragged).
    idx = next((i for i in range(min(50, len(widths))) if wide(i) > max(1, usual // 2)), 0)
    if _group_row(idx, filled, first_rows):
        idx += 1
    row = first_rows[idx] if idx < len(first_rows) else []
    cells = [c for c in row if c not in (None, "")]
    is_header = not (cells and all(looks_numeric(c) for c in cells) and len(widths) > idx + 1)
    return idx, is_header


def _group_row(i: int, filled, rows: list[list]) -> bool:
    """Is row i a merged group header ('Stamdata', '', 'Placering', '') above the names?
    Each name is followed by the empty cells it spans, the row below names the columns
    (text only), and the row after that holds numbers where the names are (data)."""
    if i + 2 >= len(rows):
        return False
    here, names = filled(i), filled(i + 1)
    if not here or len(here) >= len(names) or here[-1] > names[-1]:
        return False
    if any(k + 1 in here for k in here):  # each group name spans the empty cells after it
        return False
    below = [rows[i + 1][k] for k in names]
    data = [rows[i + 2][k] for k in names if k < len(rows[i + 2])]
    return not any(looks_numeric(c) for c in below) and any(looks_numeric(c) for c in data)


def sub_header(rows: list[list], h: int) -> list[str] | None:
    """The column names of a header in two rows ('Navn', 'Placering (UTM32)', '' over '', '',
    'X', 'Y': a label merged over the columns it groups, named in the row below), or None.
    The row below names only the grouped columns (text), and the row after it is data."""
    if h + 2 >= len(rows):
        return None
    top, below, data = rows[h], rows[h + 1], rows[h + 2]

    def has(row, k):
        return k < len(row) and row[k] is not None and str(row[k]).strip() != ""

    width = max(len(top), len(below))
    gaps = [k for k in range(width) if not has(top, k) and has(below, k)]
    if not gaps or any(looks_numeric(below[k]) for k in range(len(below)) if has(below, k)):
        return None
    for k in range(width):  # below: only under a gap, or under the label that starts one
        if has(below, k) and has(top, k) and not (k + 1 < width and not has(top, k + 1)):
            return None
    if not all(has(data, k) for k in gaps):
        return None
    grouped = [k for k in range(width) if has(below, k)]
    if not any(looks_numeric(data[k]) for k in grouped if has(data, k)):
        return None  # names over numbers ('X', 'Y'), not a row of words under words
    return [str(below[k]).strip() if has(below, k) else
            ("" if not has(top, k) else str(top[k]).strip()) for k in range(width)]


def second_header(rows: list[list], h: int) -> bool:
    """Is the row below the header a second row of names (the header again in another
    language: 'Navn', 'Breddegrad' over 'Name', 'Latitude')? A name in every cell the header
    names, each its own, and over the number columns the names of coordinates."""
    if h + 2 >= len(rows):
        return False
    top, below = rows[h], rows[h + 1]

    def cell(row, k):
        v = row[k] if k < len(row) else None
        return None if v is None or str(v).strip() == "" else v

    named = [k for k in range(len(top)) if cell(top, k) is not None]
    words = [cell(below, k) for k in named]
    if len(named) < 2 or not all(map(_name_like, words)) or len(set(words)) < len(words):
        return False  # names are words, each its own ('mangler', 'mangler' is a row of data)
    data = rows[h + 2:h + 7]
    numbers = [k for k in named
               if all(cell(r, k) is not None and looks_numeric(cell(r, k)) for r in data)]
    if len(numbers) < 2:  # words over two number columns: names, not a row of data …
        return False
    from oddk.read_geo import find_coordinate_columns

    found = find_coordinate_columns([cell(below, k) for k in numbers])  # … of coordinates
    return found is not None and found[2] != "degrees?"


def _name_like(v) -> bool:
    """A column name's look: short text without digits, and no word for "unknown"."""
    return (isinstance(v, str) and 0 < len(v.strip()) <= 40 and not any(c.isdigit() for c in v)
            and v.strip().lower() not in _NO_VALUE)


#: Words a cell uses for "no value", never a column's name.
_NO_VALUE = {"ukendt", "unknown", "n/a", "na", "-", "ingen", "mangler", "missing", "none",
             "null", "ikke oplyst", "ikke angivet", "?", "x"}


def two_rows_said(top: list, names: list[str], word: str, first: int, second: int) -> str:
    """The note that a header of two rows was read as one."""
    top = list(top) + [None] * (len(names) - len(top))
    groups = [f"'{top[k]}' over {', '.join(repr(n) for n in names[k:k + 1 + _gap(top, k)])}"
              for k in range(len(top)) if top[k] not in (None, "") and _gap(top, k)]
    return (f"{word} {first} and {second} are one header in two rows ({'; '.join(groups)}): "
            "the columns are named by the lower row where it names them.")


def _gap(top: list, k: int) -> int:
    """How many empty cells follow cell k of a header row (the span of a merged label)."""
    n = 0
    while k + 1 + n < len(top) and top[k + 1 + n] in (None, ""):
        n += 1
    return n


def clean_names(names: list, warnings: list[str]) -> list[str]:
    """Column names as unique, non-empty text; trims spaces and a stray BOM."""
    out: list[str] = []
    seen: Counter = Counter()
    blanks = []
    for i, n in enumerate(names):
        n = "" if n is None or (isinstance(n, float) and n != n) else str(n)
        n = n.replace("\ufeff", "").strip()
        n = unicodedata.normalize("NFC", n)
        if not n:
            n = f"column_{i + 1}"
            blanks.append(i + 1)
        seen[n] += 1
        if seen[n] > 1:
            warnings.append(
                f"Column name '{n}' appears more than once; the copy is called '{n}_{seen[n]}'."
            )
            n = f"{n}_{seen[n]}"
        out.append(n)
    if blanks:
        warnings.append(
            "Column"
            + ("s " if len(blanks) > 1 else " ")
            + ", ".join(map(str, blanks))
            + " had no name; named column_<number>."
        )
    return out


# --------------------------------------------------------------------------- UTF-8 lines


def _valid_utf8(data: bytes) -> bool:
    """Is `data` UTF-8 throughout? (pyarrow checks the bytes without making a Python text
    of them, which would take up to four times their size.)"""
    import pyarrow as pa

    buf = pa.py_buffer(data)  # no copy: the bytes are looked at where they are
    offsets = pa.py_buffer(np.array([0, len(buf)], dtype=np.int64))
    try:
        pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, buf]).cast(pa.large_string())
        return True
    except pa.ArrowInvalid:
        return False


def non_utf8_lines(chunks, limit: int = 20) -> tuple[int, list[int]]:
    """(number of lines with bytes that are not UTF-8, the first `limit` of them) in the
    bytes given as pieces (a whole file in one piece, mapped or read, or block by block:
    memory stays flat, nothing is copied but a line cut between two pieces)."""
    bad: list[int] = []
    count = 0
    base = 1
    carry = b""
    uncounted = 0  # line breaks of the parts before are counted only when a line is named
    pending: list = []
    for chunk in itertools.chain(chunks, [None]):
        if chunk is None:
            data, cut = memoryview(carry), len(carry)
        else:
            data = memoryview(carry + bytes(chunk)) if carry else memoryview(chunk)
            cut = _last_line_break(data) + 1
        part, carry = data[:cut], bytes(data[cut:])
        if len(part) and not _valid_utf8(part):
            base += sum(_lines_in(p) for p in pending)
            pending, uncounted = [], 0
            found = lines_not_utf8(part)
            count += len(found)
            bad += (base + found[: max(0, limit - len(bad))]).tolist()
            base += _lines_in(part)
        elif len(part):
            if uncounted > 64 << 20:  # hold no more than 64 MB of parts to count later
                base += sum(_lines_in(p) for p in pending)
                pending, uncounted = [], 0
            pending.append(part)
            uncounted += len(part)
    return count, bad


def lines_not_utf8(part) -> np.ndarray:
    """The lines of `part` (0-based: line breaks before them) that hold bytes Python's UTF-8
    decoder refuses, found by numpy among the bytes above 127 alone: each lead byte needs
    its continuation bytes right after it, every continuation byte needs its lead, and no
    sequence may be overlong, a surrogate or above U+10FFFF.

        >>> lines_not_utf8("a\\nø\\n".encode("cp1252") + "ø\\n".encode()).tolist()
        [1]
    """
    b = np.frombuffer(part, np.uint8)
    at = np.flatnonzero(b >= 0x80)
    if not len(at):
        return np.zeros(0, dtype=np.int64)
    v = b[at].astype(np.int16)
    need = np.select([(v >= 0xC2) & (v <= 0xDF), (v >= 0xE0) & (v <= 0xEF),
                      (v >= 0xF0) & (v <= 0xF4)], [1, 2, 3], 0)
    cont = (v & 0xC0) == 0x80
    bad = ~cont & (need == 0)  # C0, C1, F5-FF: never in UTF-8
    covered = np.zeros(len(at), dtype=bool)
    # the k-th byte after a lead: the next high byte k places on, in the very next position
    at_next = np.concatenate([at, np.full(3, -9)])
    cont_next = np.concatenate([cont, np.zeros(3, bool)])
    idx = np.arange(len(at))
    for k in (1, 2, 3):
        leads = idx[need >= k]
        follows = (at_next[leads + k] == at[leads] + k) & cont_next[leads + k]
        bad[leads[~follows]] = True
        covered[leads[follows] + k] = True
    second = np.concatenate([v[1:], [0]])
    bad |= need.astype(bool) & (((v == 0xE0) & (second < 0xA0)) | ((v == 0xED) & (second > 0x9F))
                                | ((v == 0xF0) & (second < 0x90)) | ((v == 0xF4) & (second > 0x8F)))
    bad |= cont & ~covered
    if not bad.any():
        return np.zeros(0, dtype=np.int64)
    breaks = np.flatnonzero(b == 10)
    lines = np.searchsorted(breaks, at[bad]).astype(np.int64)  # in order: once each
    return lines[np.concatenate([[True], lines[1:] != lines[:-1]])]


def _last_line_break(view) -> int:
    """Where the last line break is (-1 if none), looked for near the end first."""
    a = np.frombuffer(view, np.uint8)
    tail = np.flatnonzero(a[-(1 << 16):] == 10)
    if len(tail):
        return len(a) - min(len(a), 1 << 16) + int(tail[-1])
    found = np.flatnonzero(a == 10)
    return int(found[-1]) if len(found) else -1


def _lines_in(part) -> int:
    """How many line breaks (without copying the bytes)."""
    return int(np.count_nonzero(np.frombuffer(part, np.uint8) == 10))
