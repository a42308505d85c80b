"""Shared helpers for the dataset generator: seeds, places, writers, the file register.

Everything here is deterministic: a generator asks `rng("name")` for its own seeded
random stream, and the writers pin what Danish municipal files vary on (encoding,
BOM, separator, decimal comma, line ends) as well as the timestamps that XLSX (zip
entries, docProps/core.xml) and DBF headers would otherwise take from the clock.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import random
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

#: The catalogue snapshot's date; every fixed timestamp in generated files uses it.
SNAPSHOT = date(2026, 11, 1)
SNAPSHOT_DT = datetime(2026, 11, 1, 0, 0, 0)

#: Facility points lie within this distance (metres, EPSG:25832) of the municipality's
#: reference point (datasets/reference/municipalities.csv, GeoNames main town).
RADIUS_M = 6000.0


def rng(name: str) -> random.Random:
    """A random stream for one generator, seeded from its name (stable across runs)."""
    seed = int.from_bytes(hashlib.sha256(f"oddk-kit:{name}".encode()).digest()[:8], "big")
    return random.Random(seed)


def seeded_uuid(r: random.Random) -> str:
    """A version-4 UUID string drawn from a seeded stream (CKAN ids look like this)."""
    return str(uuid.UUID(int=r.getrandbits(128), version=4))


@lru_cache(maxsize=1)
def _transformers():
    from pyproj import Transformer

    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)
    to_wgs = Transformer.from_crs("EPSG:25832", "EPSG:4326", always_xy=True)
    return to_utm, to_wgs


def to_utm(lon: float, lat: float) -> tuple[float, float]:
    """WGS84 lon/lat to EPSG:25832 x/y (ETRS89 / UTM 32N), unrounded."""
    return _transformers()[0].transform(lon, lat)


def to_wgs(x: float, y: float) -> tuple[float, float]:
    """EPSG:25832 x/y to WGS84 lon/lat, unrounded."""
    return _transformers()[1].transform(x, y)


def load_municipalities(reference_dir: Path) -> dict[int, dict]:
    """datasets/reference/municipalities.csv keyed by kommunekode (int)."""
    with open(reference_dir / "municipalities.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {int(r["kode"]): r for r in rows}


def point_near(
    r: random.Random,
    town: dict,
    sector: tuple[float, float] | None = None,
    radius: float = RADIUS_M,
) -> tuple[float, float]:
    """A point in EPSG:25832 (rounded to the centimetre) uniformly in a disc around the
    town's reference point, at most 95 % of `radius` away; `sector` (bearings in degrees,
    clockwise from north, may wrap past 360) keeps coastal towns' points mostly on land."""
    cx, cy = to_utm(float(town["lon"]), float(town["lat"]))
    dist = radius * 0.95 * math.sqrt(r.random())
    lo, hi = sector or (0.0, 360.0)
    bearing = math.radians(lo + (hi - lo) * r.random())
    return round(cx + dist * math.sin(bearing), 2), round(cy + dist * math.cos(bearing), 2)


def dec_comma(value: float, decimals: int) -> str:
    """Format a number with a Danish decimal comma: 56.15 -> '56,150000'."""
    return f"{value:.{decimals}f}".replace(".", ",")


def csv_text(header: list[str], rows: list[list], sep: str = ",", newline: str = "\n") -> str:
    """Rows as CSV text with minimal quoting (values containing sep, quotes or newlines)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for row in rows:
        w.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def fixed_zip(data: bytes, when: datetime = SNAPSHOT_DT) -> bytes:
    """Rewrite a zip-based file (XLSX) so that it no longer depends on the clock: every
    entry dated `when`, entries in their original order, docProps/core.xml's
    dcterms:created/modified set to `when`."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: m.group(1) + stamp + m.group(3),
                    text,
                )
                body = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, body)
    return out.getvalue()


def xlsx_bytes(sheets: list[tuple[str, list[list]]]) -> bytes:
    """An XLSX workbook, one (sheet name, rows) pair per sheet, with fixed timestamps.
    Cells that are strings starting with '=' are written by openpyxl as formulas."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.properties.creator = "oddk-kit generator"
    wb.properties.created = SNAPSHOT_DT
    wb.properties.modified = SNAPSHOT_DT
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(buf.getvalue())


def fix_dbf_date(path: Path, day: date = SNAPSHOT) -> None:
    """Set the 'last update' date in a DBF header (bytes 1-3: YY-1900, MM, DD), which
    pyshp takes from the clock, to `day`."""
    with open(path, "r+b") as f:
        f.seek(1)
        f.write(bytes([day.year - 1900, day.month, day.day]))


@dataclass
class Output:
    """Where the generator writes (a datasets/ folder or a temporary copy) and the
    register of every file it wrote, which becomes datasets/files.yaml."""

    root: Path
    reference: Path | None = None  # datasets/reference, read only
    entries: list[dict] = field(default_factory=list)

    def path(self, rel: str) -> Path:
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    def register(self, rel: str, **meta) -> None:
        self.entries.append({"path": rel, **meta})

    def text(
        self, rel: str, text: str, *, encoding: str = "utf-8", bom: bool = False, **meta
    ) -> None:
        """Write text in `encoding` (optionally with a UTF-8 BOM) and register it."""
        data = text.encode(encoding)
        if bom:
            data = b"\xef\xbb\xbf" + data
        self.path(rel).write_bytes(data)
        self.register(rel, encoding=encoding, bom=bom, **meta)

    def table(
        self,
        rel: str,
        header: list[str],
        rows: list[list],
        *,
        sep: str = ",",
        newline: str = "\n",
        encoding: str = "utf-8",
        bom: bool = False,
        decimal: str = ".",
        **meta,
    ) -> None:
        """Write a CSV table and register its reading facts (encoding, BOM, separator,
        decimal mark, line ends, header, row count)."""
        text = csv_text(header, rows, sep, newline)
        self.text(
            rel,
            text,
            encoding=encoding,
            bom=bom,
            format="csv",
            separator=sep,
            decimal=decimal,
            line_ending="CRLF" if newline == "\r\n" else "LF",
            header=list(header),
            header_row=1,
            rows=len(rows),
            **meta,
        )

    def binary(self, rel: str, data: bytes, **meta) -> None:
        self.path(rel).write_bytes(data)
        self.register(rel, **meta)
