"""Reading for the readiness check: the cells of a file as text, in batches.

Small files come from `oddk.read.read_table` (which found the encoding, separator, header,
sheets and coordinate system); a CSV's own text is read again so that "1.234,50", "-40,00"
and "0751" reach the checks as written. Larger CSV files are described by `read_table` on
their first 128 kB and read by pyarrow's CSV reader as text: at once on both cores up to
256 MB, block by block above that, so memory stays flat. pyarrow checks UTF-8 as it reads;
a file that is not UTF-8 is decoded once in memory (it is a blocker anyway).
"""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa

from oddk.check.structure import utf8_problem_lines
from oddk.read import read_table

SAMPLE = 128 << 10  # bytes read_table sees of a larger file
WHOLE = 256 << 20  # larger CSV files are streamed block by block
BATCH_ROWS = 250_000  # rows per batch when the file was read at once
BLOCK = 8 << 20  # pyarrow block size when streaming


def is_zip(p: Path) -> bool:
    with open(p, "rb") as f:
        return f.read(4) in (b"PK\x03\x04", b"PK\x05\x06")


def facts(rr, size: int) -> dict:
    return {
        "format": rr.format, "bytes": size, "encoding": rr.encoding_name,
        "separator": rr.separator, "decimal": rr.decimal, "header_row": rr.header_row,
        "rows": rr.rows, "columns": rr.columns, "column_names": rr.column_names,
        "sheets": rr.sheets, "sheet": rr.sheet, "crs": rr.crs,
        "coordinate_columns": rr.coordinate_columns, "types": dict(rr.types or {}),
    }


def raw_strings(p: Path, rr) -> pa.RecordBatch | None:
    """A small CSV's cells as the file writes them ("1.234,50", "-40,00", "0751"), with the
    rows read_table found (same header, title lines, ragged rows); None if they disagree."""
    enc = (rr.encoding or "utf-8").lower()
    data = p.read_bytes()
    errors = "strict"
    if enc in ("utf-8", "utf-8-sig"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            errors = "oddk-cp1252"
    try:
        text = data.decode(rr.encoding or "utf-8", errors=errors).lstrip("\ufeff")
    except (UnicodeDecodeError, LookupError):
        return None
    hint = re.match(r'"?sep=(.)"?\r?\n', text)
    first = (rr.header_row or 1) - 1 - (1 if hint else 0)
    if hint:
        text = text[hint.end():]
    try:
        raw = pd.read_csv(io.StringIO(text), sep=rr.separator or ",", header=None,
                          names=list(range(len(rr.column_names))), dtype=str,
                          keep_default_na=False, na_values=[""], skip_blank_lines=True,
                          skiprows=list(range(first)) if first > 0 else None,
                          engine="python" if len(rr.separator or ",") > 1 else "c")
    except (pd.errors.ParserError, ValueError):
        return None
    if rr.header_row is not None:
        raw = raw.iloc[1:]
    if len(raw) != rr.rows:
        return None
    arrays = [pa.array(raw[c], type=pa.string(), from_pandas=True) for c in raw.columns]
    return pa.RecordBatch.from_arrays(arrays, names=list(rr.column_names))


def frame_to_batch(df) -> pa.RecordBatch:
    """The table from read_table as text columns (numbers written back as text)."""
    arrays = []
    for c in df.columns:
        s = df[c]
        if s.dtype == object:
            s = s.map(lambda v: None if v is None or v != v else str(v))
        arrays.append(pa.array(s.astype("str"), type=pa.string(), from_pandas=True))
    return pa.RecordBatch.from_arrays(arrays, names=[str(c) for c in df.columns])


def stream(p: Path):
    """(read report from the first 128 kB, an iterator of text batches, ragged row texts)."""
    import pyarrow.csv as pcsv

    with open(p, "rb") as f:
        head = f.read(SAMPLE)
    cut = head.rfind(b"\n") + 1 or len(head)
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / p.name
        sample.write_bytes(head[:cut])
        _, rr = read_table(sample)
    rr.path = str(p)
    rr.ragged_rows = []  # counted over the whole file below
    names = [c for c in rr.column_names if not c.startswith("extra_")]
    rr.column_names = names
    ragged: list[str] = []

    def on_ragged(row):
        ragged.append(row.text)
        return "skip"

    options = dict(
        read_options=pcsv.ReadOptions(column_names=names, skip_rows=rr.header_row or 0,
                                      block_size=BLOCK),
        # a line break inside a value needs quotes; without any, the faster parser is exact
        parse_options=pcsv.ParseOptions(delimiter=rr.separator or ",",
                                        newlines_in_values=has_quotes(p),
                                        invalid_row_handler=on_ragged),
        convert_options=pcsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                            strings_can_be_null=True, null_values=[""]),
    )
    enc = (rr.encoding or "utf-8").lower()
    whole = p.stat().st_size <= WHOLE
    rr.utf8_scan = (0, [])
    if enc not in ("utf-8", "utf-8-sig") or not whole:
        rr.utf8_scan = utf8_problem_lines(p)
    if enc not in ("utf-8", "utf-8-sig") or rr.utf8_scan[0]:
        return rr, transcoded(p, enc, options), ragged
    if not whole:  # streamed block by block: memory stays flat
        return rr, iter(pcsv.open_csv(str(p), **options)), ragged
    try:  # read at once with pyarrow's threads (1 MB blocks keep both cores busy), then
        # handed out in batches of BATCH_ROWS (fewer, larger batches: fewer calls per check)
        options["read_options"].block_size = 1 << 20
        table = pcsv.read_csv(str(p), **options).combine_chunks()
    except pa.ArrowInvalid as e:
        if "utf8" not in str(e).lower():
            raise
        rr.utf8_scan = utf8_problem_lines(p)  # pyarrow checks UTF-8 as it reads
        ragged.clear()
        return rr, transcoded(p, "utf-8", options), ragged
    return rr, iter(table.to_batches(max_chunksize=BATCH_ROWS)), ragged


def transcoded(p: Path, enc: str, options: dict):
    """Batches of a file that is not (all) UTF-8, decoded once in memory (rare: a blocker)."""
    import pyarrow.csv as pcsv

    errors = "oddk-cp1252" if enc in ("utf-8", "utf-8-sig") else "replace"
    data = p.read_bytes().decode(enc, errors=errors).encode("utf-8")
    return iter(pcsv.open_csv(io.BytesIO(data), **options))


def has_quotes(p: Path) -> bool:
    with open(p, "rb") as f:
        while chunk := f.read(16 << 20):
            if b'"' in chunk:
                return True
    return False
