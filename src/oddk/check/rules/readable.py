"""Is it a table at all? An empty, binary or damaged file; an Excel workbook under a .csv
name; a workbook whose first sheet is a cover page; several sheets; a format tied to one
program (XLSX: 2 stars).

    >>> Readable.codes
    ('empty-file', 'not-tabular', 'several-sheets', 'not-open-format', 'wrong-extension')
"""

from __future__ import annotations

from oddk.check.rules import Rule
from oddk.personal import mask, mask_label

OPEN_FORMATS = ("csv", "tsv", "json", "geojson")


class Readable(Rule):
    name = "readable"
    codes = ("empty-file", "not-tabular", "several-sheets", "not-open-format", "wrong-extension")
    needs_table = False

    def end(self):
        t, say = self.ctx.table, self.say
        if t.error is not None:
            code = "empty-file" if t.error.code == "empty-file" else "not-tabular"
            if code == "empty-file" and t.path.is_file() and t.path.stat().st_size == 0:
                return [say.finding(code, detail=say.detail(  # in the report's language
                    "no-text", file=mask_label(t.path.name), size=0))]
            return [say.finding(code, detail=mask(str(t.error).rstrip("."), 300))]
        rr, out = t.report, []
        if self.ctx.rows == 0 and not t.streamed:
            out.append(say.finding("empty-file", detail=say.detail(
                "no-rows" if rr.columns else "no-columns")))  # an empty FeatureCollection
        if rr.format == "xlsx" and t.path.suffix.lower() not in (".xlsx", ".xlsm", ".xls"):
            out.append(say.finding("not-tabular", detail=say.detail(
                "disguised-workbook", file=mask_label(t.path.name), suffix=t.path.suffix)))
        wrong = _wrong_extension(rr.format, t.path.suffix.lower())
        if wrong:
            out.append(say.finding("wrong-extension", file=mask_label(t.path.name),
                                   suffix=t.path.suffix, what=say.detail(f"is-{rr.format}"),
                                   right=wrong))
        if rr.format == "xlsx" and t.sheet is None and rr.sheets and len(rr.sheets) > 1 \
                and rr.columns <= 1:
            out.append(say.finding("not-tabular", detail=say.detail(
                "cover-sheet", sheet=mask_label(rr.sheet), next=mask_label(rr.sheets[1]))))
        if rr.sheets and len(rr.sheets) > 1:
            out.append(say.finding("several-sheets", count=len(rr.sheets),
                                   sheets=", ".join(mask_label(n) for n in rr.sheets),
                                   sheet=mask_label(rr.sheet)))
        if rr.format == "xlsx":
            out.append(say.finding("not-open-format", format="Excel (XLSX)"))
        return out

    def good(self):
        fmt = self.ctx.table.format
        return [("open_format", {"format": fmt.upper()})] if fmt in OPEN_FORMATS else []


#: The names each format goes by (a workbook named .csv is the not-tabular rule's).
_SUFFIXES = {"csv": (".csv", ".txt"), "tsv": (".tsv", ".txt", ".csv", ".tab"),
             "json": (".json",), "geojson": (".geojson", ".json")}
_RIGHT = {"csv": ".csv", "tsv": ".tsv", "json": ".json", "geojson": ".geojson"}


def _wrong_extension(fmt: str | None, suffix: str) -> str | None:
    """The name the file should have when its own misleads (a CSV named .xlsx, JSON named
    .csv, a workbook named .xls, the older Excel's name), else None."""
    if fmt == "xlsx":
        return ".xlsx" if suffix == ".xls" else None  # any other name: not-tabular's
    if fmt not in _SUFFIXES or not suffix or suffix in _SUFFIXES[fmt]:
        return None
    return _RIGHT[fmt]

