"""The encoding: open data is UTF-8, so that æ, ø and å read correctly in every program.
Danish files are often Windows-1252 (Excel, GIS tools), or UTF-8 with a few stray bytes.

    >>> Encoding.codes
    ('encoding-not-utf8',)
"""

from __future__ import annotations

from oddk.check.rules import Rule

TEXT_FORMATS = ("csv", "tsv", "json", "geojson")
UTF8 = ("utf-8", "utf-8-sig")


class Encoding(Rule):
    name = "encoding"
    codes = ("encoding-not-utf8",)

    def end(self):
        rr, say = self.ctx.report, self.say
        enc = (rr.encoding or "").lower()
        if rr.format in TEXT_FORMATS:
            count, lines = self.ctx.table.non_utf8
            if enc in UTF8 and not count:
                return []
            name = rr.encoding_name or enc
            if enc in UTF8 and count:
                name = say.detail("utf8-stray-bytes")
            where = say.lines(lines) if lines and count < 200 else ""
            return [say.finding("encoding-not-utf8", encoding=name, where=where,
                                lines=lines or None, count=count or None)]
        if rr.format == "shapefile" and enc not in UTF8:
            # a shapefile's DBF is often Windows-1252 and can say so (.cpg): worth fixing,
            # not a blocker
            return [say.finding("encoding-not-utf8", severity="warning",
                                encoding=rr.encoding_name or rr.encoding, where="")]
        return []

    def good(self):
        rr = self.ctx.report
        clean = (rr.encoding or "").lower() in UTF8 and not self.ctx.table.non_utf8[0]
        return [("utf8", {})] if rr.format in TEXT_FORMATS and clean else []
