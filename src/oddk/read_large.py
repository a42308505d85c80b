"""Large delimited files, read with memory that stays near the size of the file: the layout
(encoding, separator, header, decimal mark) from the first 64 kB, one pass over the bytes
for what pyarrow needs to know first (quotes, the longest line, lines that are not UTF-8),
then pyarrow's CSV reader, all from one open file. A file that is not UTF-8 is decoded as
it is read, block by block, never as a whole.

Used by `oddk.read.read_raw` for large CSV files and by the readiness check for every
large CSV.

    >>> sample("kommune;beløb\\nAarhus;1.234,50\\n".encode(), "t.csv").report.separator
    ';'
"""

from __future__ import annotations

import codecs
import io
from contextlib import contextmanager
from pathlib import Path

from oddk.errors import ReadError

__all__ = ["LARGE", "SAMPLE", "BLOCK", "sample", "scan", "block_for", "arrow_options",
           "utf8_stream", "undecodable_rows_quiet", "read_large", "give_back_memory", "release",
           "quick_memory_pool"]

LARGE = 32 << 20  # read_raw reads larger CSV files this way
SAMPLE = 64 << 10  # bytes the layout is learnt from
BLOCK = 8 << 20  # pyarrow's block size when reading block by block
UTF8 = ("utf-8", "utf-8-sig")


def sample(head: bytes, path, encoding=None, sep=None):
    """The raw table of the file's first lines."""
    from oddk.read import read_raw

    cut = head.rfind(b"\n") + 1 or len(head)
    return read_raw(path, data=head[:cut], encoding=encoding, sep=sep)


class Scan:
    """What one pass over the bytes found: quotes, the longest line, lines not UTF-8."""

    def __init__(self):
        self.quotes = False
        self.longest = (0, 0)  # (bytes, line number)
        self.non_utf8: tuple[int, list[int]] = (0, [])


LONG = 64 << 10  # lines up to this long need no look: every block size holds them


def scan(chunks, find_non_utf8: bool = True) -> Scan:
    """One pass over the file's bytes, given in pieces (memory stays flat): quotes, the
    longest line when one is longer than LONG (shorter ones fit any block), and the lines
    that are not UTF-8 unless `find_non_utf8` is False (the caller leaves UTF-8 to pyarrow's
    reader). The long lines are looked for with bytes.rfind (memchr's speed), not by
    listing every line break."""
    from oddk.read_detect import non_utf8_lines

    s = Scan()
    carry, lines = 0, 0  # bytes since the last line break before this chunk; breaks so far
    before = None  # a mapped chunk whose line breaks are counted only if another follows

    def measured():
        nonlocal carry, lines, before
        for chunk in chunks:
            if before is not None:
                lines += _breaks(before, 0, len(before))
                before = None
            s.quotes = s.quotes or chunk.find(b'"') >= 0
            _long_lines(s, chunk, carry, lines)
            last = chunk.rfind(b"\n")
            if isinstance(chunk, bytes):
                lines += chunk.count(b"\n")
            else:
                before = chunk
            carry = len(chunk) - 1 - last if last >= 0 else carry + len(chunk)
            yield chunk
        if carry > max(s.longest[0], LONG):
            s.longest = (carry, lines + (_breaks(before, 0, len(before)) if before is not None
                                         else 0) + 1)

    if find_non_utf8:
        s.non_utf8 = non_utf8_lines(measured())
    else:
        for _ in measured():
            pass
    return s


def _breaks(view, start: int, end: int) -> int:
    """Line breaks in view[start:end] (bytes, or a mapped file: without copying it)."""
    if isinstance(view, bytes):
        return view.count(b"\n", start, end)
    import numpy as np

    return int(np.count_nonzero(np.frombuffer(view, np.uint8, end - start, start) == 10))


def _long_lines(s: Scan, view: bytes, carry: int, lines: int) -> None:
    """Record in `s` the longest line of `view` that is longer than LONG (the first line
    continues `carry` bytes of the chunk before); `lines`: line breaks before the chunk."""
    pos, n = 0, len(view)
    while pos < n:
        window = min(n, pos + LONG - (carry if pos == 0 else 0))
        brk = view.rfind(b"\n", pos, window + 1)
        if brk >= 0:
            pos = brk + 1
            continue
        # no line break within LONG bytes: a long line; measure it and find its number
        nxt = view.find(b"\n", pos)
        end = n if nxt < 0 else nxt
        size = end - pos + (carry if pos == 0 else 0) + 1
        if size > s.longest[0]:
            s.longest = (size, lines + _breaks(view, 0, pos) + 1)
        if nxt < 0:
            return
        pos = nxt + 1


def block_for(path, longest: tuple[int, int], columns: int, usual: int) -> int:
    """pyarrow's block size: the usual one, or more when a line is longer (every line must
    fit in a block); a line over the kit's limit is refused in plain words."""
    from oddk.read_csv import MAX_CELL

    size, line = longest
    p = Path(path)
    if size > MAX_CELL * max(1, columns):
        raise ReadError("too-large", p, f"Line {line} of '{p.name}' is {size >> 20} MiB long; the "
                        f"kit reads values up to {MAX_CELL >> 20} MiB. Shorten or split the longest "
                        "values, and read the file again.")
    return max(usual, 2 * size)


@contextmanager
def undecodable_rows_quiet():
    """While pyarrow reads: a ragged row that is not UTF-8 stops the read (pyarrow cannot
    hand it to the row handler, and says so on stderr: not said here, the caller reads the
    file again, decoding it). Any other unraisable error goes on to the hook before."""
    import sys

    before = sys.unraisablehook

    def hook(unraisable):
        where = getattr(unraisable.object, "__qualname__", "")
        if not (unraisable.exc_type is UnicodeDecodeError and where.startswith("arrow_options.")):
            before(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        sys.unraisablehook = before


def arrow_options(report, quotes: bool, on_ragged, block_size: int) -> dict:
    """pyarrow CSV options that read every cell as text, as the report found the layout."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    names = [c for c in report.column_names if not c.startswith("extra_")]

    def handler(row):
        on_ragged(row)
        return "skip"

    return dict(
        read_options=pcsv.ReadOptions(column_names=names, skip_rows=report.header_row or 0,
                                      block_size=block_size),
        # a line break inside a value needs quotes; without any, the faster parser is exact
        parse_options=pcsv.ParseOptions(delimiter=report.separator or ",",
                                        newlines_in_values=quotes, invalid_row_handler=handler),
        convert_options=pcsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                            strings_can_be_null=True, null_values=[""]),
    )


class _Utf8(io.RawIOBase):
    """A binary file in another encoding, read as UTF-8, a block at a time."""

    def __init__(self, f, encoding: str, errors: str):
        self.f = f
        self.decoder = codecs.getincrementaldecoder(encoding)(errors=errors)
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while len(self.pending) < len(buffer):
            chunk = self.f.read(1 << 20)
            self.pending += self.decoder.decode(chunk, final=not chunk).encode("utf-8")
            if not chunk:
                break
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n


def utf8_stream(f, encoding: str, non_utf8: bool):
    """`f` as UTF-8: itself when it is UTF-8 throughout, else decoded as it is read (stray
    bytes in a UTF-8 file as Windows-1252, as the reader does)."""
    enc = (encoding or "utf-8").lower()
    if enc in UTF8 and not non_utf8:
        return f
    errors = "oddk-cp1252" if enc in UTF8 else "replace"
    return io.BufferedReader(_Utf8(f, "utf-8" if enc in UTF8 else enc, errors), 1 << 20)


def give_back_memory() -> None:
    """Ask glibc to hand large freed blocks back to the system at once (a fixed mmap
    threshold of 1 MiB), and pyarrow to allocate through it: without this, the blocks a
    large read frees stay with the process, and a 300 MB file held 270 MB more than it
    needed. The threshold is glibc's (nothing happens on macOS, Windows, musl)."""
    global _GAVE_BACK
    if _GAVE_BACK:
        return
    _GAVE_BACK = True
    import pyarrow as pa

    # pyarrow's own allocator (mimalloc) keeps what it frees; the system's gives it back
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.mallopt(-3, 1 << 20)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError, TypeError):
        pass


_GAVE_BACK = False
_LIBC = None


def quick_memory_pool() -> None:
    """For the readiness check, whose columns live for one batch: pyarrow's jemalloc pool
    where the wheel has it (Linux, macOS). The default (mimalloc) hands freed pages back to
    the system and faults them in again for the next column: on the one-million-row
    benchmark the check took a fifth longer with it. Only in place of that default: a
    pool chosen by the user (ARROW_DEFAULT_MEMORY_POOL, pa.set_memory_pool) or by a large
    read that asked for memory back stays."""
    import os

    import pyarrow as pa

    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL") or \
            pa.default_memory_pool().backend_name != "mimalloc":
        return
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except NotImplementedError:  # a build without jemalloc: the default stays
        pass


def release() -> None:
    """Hand freed memory back to the system now (glibc's malloc_trim), once a large file
    is being read (`give_back_memory` was called); otherwise nothing. Called between the
    steps that let a column go, so that the next step does not stand on top of it."""
    global _LIBC
    if not _GAVE_BACK:
        return
    try:
        if _LIBC is None:
            import ctypes
            import ctypes.util

            _LIBC = ctypes.CDLL(ctypes.util.find_library("c"))
        _LIBC.malloc_trim(0)
    except (OSError, AttributeError, TypeError):
        pass


def read_large(p: Path, encoding: str | None = None, sep: str | None = None):
    """The raw table of a large delimited file (`oddk.raw_table.RawTable`), read with memory
    near the file's size. Rows that do not have the header's number of fields are left out
    of the table and reported; rows have no line numbers (`lines` is None)."""
    import pyarrow.csv as pcsv

    from oddk.raw_table import RawTable
    from oddk.read_csv import (
        BLANK_ROWS,
        REPEATED_HEADER,
        without_blank_rows,
        without_repeated_header,
    )
    from oddk.read_geo import finish

    give_back_memory()
    with open(p, "rb") as f:
        head = f.read(SAMPLE)
        first = sample(head, p, encoding, sep)
        report = first.report
        if report.format not in ("csv", "tsv"):  # a zip or JSON under a .csv name
            return None
        f.seek(0)
        found = scan(iter(lambda: f.read(16 << 20), b""))
        ragged: list[int] = []
        texts: list[str] = []

        def on_ragged(row):
            if len(texts) < 100_000:
                texts.append(row.text)
            if len(ragged) < 1000 and row.number is not None and row.number > 0:
                ragged.append(int(row.number))

        block = block_for(p, found.longest, len(report.column_names), BLOCK)
        options = arrow_options(report, found.quotes, on_ragged, block)
        f.seek(0)
        table = pcsv.open_csv(utf8_stream(f, report.encoding, found.non_utf8[0]),
                              **options).read_all()
    # the first lines' own word on ragged rows, repeated headers and blank rows is replaced
    # by the whole file's
    warnings = [w for w in report.warnings if "not have the header's" not in w
                and REPEATED_HEADER not in w]
    notes = [n for n in report.notes if BLANK_ROWS not in n]
    if texts:
        warnings.append(f"{len(texts):,} row(s) do not have the header's "
                        f"{len(options['read_options'].column_names)} fields and were left out of "
                        "the table (a large file is read without them). Check the separator and "
                        "quotes on those lines.")
    report.ragged_rows = ragged
    import pandas as pd
    import pyarrow as pa

    # the text stays in pyarrow's buffers (pandas' own string type would copy it)
    cells = table.to_pandas(types_mapper={pa.string(): pd.ArrowDtype(pa.string())}.get)
    del table
    if first.header:
        cells, _ = without_repeated_header(cells, first.header, None, warnings, "Data row")
    cells, _ = without_blank_rows(cells, None, notes, "Data row")
    raw = RawTable(report, cells, header=first.header, lines=None, lines_not_utf8=found.non_utf8,
                   ragged_texts=texts)
    return finish(raw, warnings, notes)
