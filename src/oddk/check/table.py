"""The file the check reads, opened once: what the reader found and the cells as text,
in batches.

Small files (up to 16 MB) are read whole by `oddk.read.read_raw`, which finds the
encoding, separator, header, sheets and coordinate system and keeps the cells as written
("1.234,50", "-40,00", "0751"). A larger CSV is opened once: its first 64 kB tell
`read_raw` the layout, and pyarrow's CSV reader reads the rest as text, on both cores in
three parts up to 256 MB and block by block above that, so memory stays flat. pyarrow checks
UTF-8 as it reads; a file that is not UTF-8 is decoded once in memory (a blocker anyway).
"""

from __future__ import annotations

import io
import mmap
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from oddk.errors import ReadError
from oddk.read import read_raw
from oddk.read_large import (
    BLOCK,
    UTF8,
    arrow_options,
    block_for,
    scan,
    undecodable_rows_quiet,
    utf8_stream,
)

SMALL = 16 << 20  # read whole with read_raw up to this size
SAMPLE = 64 << 10  # bytes read_raw sees of a larger file
WHOLE = 256 << 20  # larger CSV files are streamed block by block
BATCH_ROWS = 1_000_000  # rows per batch when the file was read at once
PARTS = 3  # a file mapped into memory is parsed in this many parts (a third of the memory)
UNOPENABLE = ("not-found", "permission-denied", "is-directory", "no-such-sheet")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")


@dataclass
class Table:
    """What the rules look at: the reader's report, the raw header and formulas, the lines
    that are not UTF-8, the rows that did not fit (streamed files), and the batches."""

    path: Path
    size: int
    sheet: str | None = None  # the sheet asked for (None: the first)
    report: object = None  # oddk.read_report.ReadReport
    error: ReadError | None = None  # the file could not be read as a table
    header: list[str] | None = None
    formulas: dict = field(default_factory=dict)
    non_utf8: tuple[int, list[int]] = (0, [])
    ragged_texts: list[str] = field(default_factory=list)  # streamed files: rows that did not fit
    streamed: bool = False
    known_kinds: dict = field(default_factory=dict)  # typed formats: column -> integer/decimal
    batches: object = None  # an iterator of pyarrow RecordBatch (text columns)
    later: object = None  # work for the report that may run beside the batches
    data: bytes | None = None  # the bytes of a workbook, for its other sheets
    preamble: list[str] = field(default_factory=list)  # rows above the header (titles)
    head_not_utf8: bool = False  # a large file's first 64 kB hold bytes that are not UTF-8

    def other_sheets(self):
        """(name, raw table) of each sheet of a workbook other than the one checked, read
        from the bytes already in memory; sheets that hold no table are passed over."""
        rr = self.report
        if self.data is None or rr is None or rr.format != "xlsx" or not rr.sheets:
            return
        for name in rr.sheets:
            if name == rr.sheet:
                continue
            try:
                yield name, read_raw(self.path, sheet=name, data=self.data)
            except ReadError:
                continue

    @property
    def format(self) -> str | None:
        return self.report.format if self.report is not None else None


def open_table(path, sheet: str | None = None) -> Table:
    """Open `path` for the check. Raises ReadError for paths that cannot be opened at all;
    a file that opens but is not a table comes back with `.error` set."""
    p = Path(path)
    if not p.exists() or p.is_dir():
        read_raw(p)  # raises the reader's plain-words ReadError
    try:
        size = p.stat().st_size
    except OSError as e:
        raise ReadError("not-found", p, f"Could not open '{p.name}': {e.strerror or e}.") \
            from None
    table = Table(p, size, sheet)
    try:
        if size > SMALL and p.suffix.lower() in TEXT_SUFFIXES:
            _stream(table, sheet)
        else:
            _whole(table, sheet)
    except ReadError as e:
        if e.code in UNOPENABLE:
            raise
        table.error = e
        table.batches = iter(())
    return table


def _whole(table: Table, sheet, data: bytes | None = None) -> None:
    if data is None and table.path.is_file():
        data = _read_bytes(table.path)
    raw = read_raw(table.path, sheet=sheet, data=data)
    if raw.report.format == "xlsx":
        table.data = data
    frame = raw.frame()  # the types of the columns (a fact of the report)
    table.report, table.header, table.formulas = raw.report, raw.header, raw.formulas
    table.non_utf8, table.preamble = raw.non_utf8, raw.preamble
    if raw.typed_by_format:
        table.known_kinds = dict(raw.report.types or {})
    table.batches = iter([raw_batch(raw, frame)])


def raw_batch(raw, frame=None):
    """A raw table as one batch of text columns: a text file's cells as written, the
    values of a workbook, JSON or shapefile written as text."""
    if raw.typed_by_format:
        return frame_to_batch(raw.frame() if frame is None else frame)
    arrays = [pa.array(raw.cells[c], type=pa.string(), from_pandas=True)
              for c in raw.cells.columns]  # chunked, when a large file was read in blocks
    return pa.table(arrays, names=raw.columns)


def _read_bytes(p: Path) -> bytes:
    try:
        return p.read_bytes()
    except PermissionError:
        raise ReadError("permission-denied", p, f"You do not have permission to read '{p.name}'. "
                        "Copy it somewhere you can read, or ask for access.") from None
    except OSError as e:
        raise ReadError("not-found", p, f"Could not open '{p.name}': {e.strerror or e}.") from None


def frame_to_batch(df) -> pa.RecordBatch:
    """A typed table as text columns (numbers written back as text)."""
    arrays = []
    for c in df.columns:
        s = df[c]
        if s.dtype == object:
            s = s.map(lambda v: None if v is None or v != v else str(v))
        arrays.append(pa.array(s.astype("str"), type=pa.string(), from_pandas=True))
    return pa.RecordBatch.from_arrays(arrays, names=[str(c) for c in df.columns])


def _stream(table: Table, sheet) -> None:
    """A large text file, opened once: the layout from its first 64 kB, then pyarrow."""
    f = open(table.path, "rb")  # noqa: SIM115 (kept open while the batches are read)
    try:
        _stream_open(table, sheet, f)
    except BaseException:
        f.close()
        raise


def _stream_open(table: Table, sheet, f) -> None:
    whole = 0 < table.size <= WHOLE
    # up to 256 MB the file is mapped into memory (the same open, no copy) and parsed at once
    data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if whole else None
    head = data[:SAMPLE] if whole else f.read(SAMPLE)
    if whole:
        f.close()
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):  # a workbook or zip named .csv
        data = data[:] if whole else head + f.read()
        f.close()
        return _whole(table, sheet, data)
    cut = head.rfind(b"\n") + 1 or len(head)
    sample = read_raw(table.path, data=head[:cut])
    table.later = sample.frame  # the types of the columns, from the sample: made meanwhile
    rr = sample.report
    rr.ragged_rows = []  # counted over the whole file below
    rr.column_names = [c for c in rr.column_names if not c.startswith("extra_")]
    table.report, table.header, table.streamed = rr, sample.header, True
    table.preamble = sample.preamble
    table.head_not_utf8 = bool(sample.non_utf8[0])  # the header and titles pyarrow skips
    enc = (rr.encoding or "utf-8").lower()
    if whole:
        table.batches = _batches_in_memory(table, data, enc)
    else:
        table.batches = _batches_streamed(table, f, enc)


def _options(table: Table, quotes: bool, block: int) -> dict:
    def on_ragged(row):
        table.ragged_texts.append(row.text)

    return arrow_options(table.report, quotes, on_ragged, block)


def _batches_in_memory(table: Table, data, enc: str):
    """A file mapped into memory: parsed in a few large parts (`_parts`) with pyarrow's
    threads (1 MB blocks keep both cores busy), handed out in slices of BATCH_ROWS (fewer,
    larger batches: fewer calls per rule); each column is put together from its blocks by
    the rules' workers."""
    import pyarrow.csv as pcsv

    # a UTF-8 file whose first 64 kB (header and titles) are UTF-8 throughout: pyarrow checks
    # the rest as it reads (no pass of our own); the lines that are not UTF-8 are looked for
    # only when it stops at one (in a cell, or in a ragged row it cannot show)
    utf8 = enc in UTF8 and not table.head_not_utf8
    found = scan([data], find_non_utf8=not utf8)
    columns = len(table.report.column_names)
    options = _options(table, found.quotes, block_for(table.path, found.longest, columns, 1 << 20))
    start = 0  # where the part not yet handed out begins
    if utf8:
        try:
            for end, t in _parts(table, data, found.quotes, options):
                # handed out in slices, each let go once its rules are done
                while t.num_rows:
                    yield t.slice(0, BATCH_ROWS)
                    t = t.slice(BATCH_ROWS)
                start = end
            return
        except pa.ArrowInvalid:
            found.non_utf8 = scan([data]).non_utf8
            if not found.non_utf8[0]:
                raise  # not about UTF-8
    table.non_utf8 = found.non_utf8
    # not UTF-8 (a blocker anyway): the rest decoded as it is read, block by block
    if start:
        options["read_options"].skip_rows = 0
    yield from pcsv.open_csv(utf8_stream(io.BytesIO(data[start:]), enc, True), **options)


def _parts(table: Table, data, quotes: bool, options: dict):
    """(end offset, pyarrow Table) of a mapped UTF-8 file, in PARTS parts cut at line breaks
    (a file without quotes: no value holds a line break; one with quotes is one part). Only
    one part's cells are held at a time (the 1M-row benchmark's peak: 484 -> 365 MiB, at the
    same speed), the next parsed on pyarrow's threads while the rules check this one. A
    part that is not UTF-8 raises pa.ArrowInvalid, its ragged rows taken back."""
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow.csv as pcsv

    n = 1 if quotes else PARTS
    first = 0  # the lines pyarrow skips (titles, the header) stay in the first part
    for _ in range(options["read_options"].skip_rows):
        first = data.find(b"\n", first) + 1
        if not first:  # lines that end in a lone CR: one part
            n = 1
            break
    cuts = [0]
    for i in range(1, n):
        cut = data.find(b"\n", max(cuts[-1], first, len(data) * i // n)) + 1
        if cuts[-1] < cut < len(data):
            cuts.append(cut)
    cuts.append(len(data))
    whole = pa.py_buffer(data)
    rest = dict(options, read_options=_no_header(options["read_options"]))

    def parse(i):
        before = len(table.ragged_texts)
        try:
            with undecodable_rows_quiet():
                return pcsv.read_csv(pa.BufferReader(whole[cuts[i]:cuts[i + 1]]),
                                     **(options if i == 0 else rest))
        except pa.ArrowInvalid:
            del table.ragged_texts[before:]  # counted again when the part is decoded
            raise

    with ThreadPoolExecutor(max_workers=1) as ahead:
        nxt = ahead.submit(parse, 0)
        for i in range(len(cuts) - 1):
            t = nxt.result()
            if i + 2 < len(cuts):
                nxt = ahead.submit(parse, i + 1)
            yield cuts[i + 1], t
            del t


def _no_header(ro):
    import pyarrow.csv as pcsv

    return pcsv.ReadOptions(column_names=ro.column_names, skip_rows=0,
                            block_size=ro.block_size)


def _batches_streamed(table: Table, f, enc: str):
    """Block by block from the open file: a first pass for quotes, the longest line and the
    bytes that are not UTF-8, then pyarrow's streaming reader on the same file."""
    import pyarrow.csv as pcsv

    with f:
        f.seek(0)
        found = scan(iter(lambda: f.read(16 << 20), b""))
        table.non_utf8 = found.non_utf8
        columns = len(table.report.column_names)
        options = _options(table, found.quotes, block_for(table.path, found.longest, columns,
                                                          BLOCK))
        f.seek(0)
        yield from pcsv.open_csv(utf8_stream(f, enc, found.non_utf8[0]), **options)
