"""What `oddk.read` found in a file: the reading report, in plain words and as JSON.

    >>> r = ReadReport(path="toiletter.csv", format="csv", encoding="cp1252",
    ...                encoding_name="Windows-1252", separator=";", separator_name="semicolon")
    >>> print(r.to_text().splitlines()[2])
    Separator  semicolon (';')
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from oddk.personal import mask, mask_label

__all__ = ["ReadReport", "FEATURE_FORMATS"]

#: The formats read as features: their geometry (and its system) is the format's own.
FEATURE_FORMATS = ("geojson", "shapefile", "kml", "gpx", "gml")


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
    geometry_types: dict[str, int] | None = None  # GeoJSON/shapefile: how many of each type
    missing_coordinates: list[int] = field(default_factory=list)  # data rows without a place
    ragged_rows: list[int] = field(default_factory=list)  # line numbers with too few/many fields
    warnings: list[str] = field(default_factory=list)  # things to look at or fix
    notes: list[str] = field(default_factory=list)  # things worth knowing

    def to_dict(self) -> dict:
        d = asdict(self)
        d["path"] = mask(self.path, 10_000)  # a CPR number in a file's name stays hidden
        d["sheets"] = [mask_label(n) for n in self.sheets] if self.sheets else self.sheets
        d["sheet"] = mask_label(self.sheet) if self.sheet else self.sheet
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        """The report in plain words, one fact a line."""
        lines = [f"File       {mask(Path(self.path).name, 200)} ({self.format.upper()})"]
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
            names = ", ".join(mask_label(n) for n in self.sheets)
            lines.append(f"Sheets     {names} (read: {mask_label(self.sheet or '')})")
        hdr = f"row {self.header_row}" if self.header_row else "none"
        if self.format in ("csv", "tsv", "xlsx"):
            lines.append(f"Header     {hdr}")
        lines.append(f"Table      {self.rows} row{'' if self.rows == 1 else 's'} x {self.columns} "
                     f"column{'' if self.columns == 1 else 's'}")
        if self.column_names:
            shown = ", ".join(f"{c} ({self.types.get(c, '?')})" for c in self.column_names[:30])
            more = f", … {len(self.column_names) - 30} more" if len(self.column_names) > 30 else ""
            lines.append(f"Columns    {shown}{more}")
        if self.crs:
            name = f" ({self.crs_name})" if self.crs_name else ""
            lines.append(f"CRS        {self.crs}{name}; how we know: {self.crs_source}")
        elif self.coordinate_columns or self.format in FEATURE_FORMATS:
            lines.append("CRS        unknown")
        if self.geometry_types:
            lines.append("Geometry   " + ", ".join(
                f"{k} ({v})" for k, v in sorted(self.geometry_types.items(), key=lambda kv: -kv[1])))
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


def base_report(path, fmt: str, guess=None) -> ReadReport:
    """A new report for `path` in format `fmt`, with the encoding `guess` (an
    `oddk.read_detect.EncodingGuess`) filled in."""
    r = ReadReport(path=str(path), format=fmt)
    if guess is not None:
        r.encoding = guess.codec
        r.encoding_name = guess.name
        r.encoding_confidence = guess.confidence
        r.encoding_how = guess.how
        r.bom = guess.bom
    return r
