"""The metadata: an open licence on every resource, what DCAT-AP-DK requires and recommends,
and the 5-star level of the whole (format, licence, a standard named by a URI).

    >>> Metadata.codes
    ('no-metadata', 'no-licence', 'metadata-missing', 'metadata-recommended')
"""

from __future__ import annotations

from oddk import vocab
from oddk.check import stars
from oddk.check.rules import Rule


class Metadata(Rule):
    name = "metadata"
    codes = ("no-metadata", "no-licence", "metadata-missing", "metadata-recommended")
    needs_table = False
    end_order = 2  # last: the stars need to know whether the file follows its standard

    def end(self):
        ctx, say, md, out = self.ctx, self.say, self.ctx.metadata, []
        self.goods = []
        licence_open = None
        conforms = ctx.conforms
        if md is None:
            out.append(say.finding("no-metadata"))
        else:
            comp = stars.completeness(md)
            lic = stars.licences(md)
            missing = [name for name, x in lic if not x]
            if missing:
                named = ", ".join(f"'{n}'" for n in missing if n)
                out.append(say.finding("no-licence", detail=say.detail(
                    "for-resource", names=named) if named else ""))
                licence_open = False
            else:
                licence_open = all(stars.is_open(x) for _, x in lic)
                if licence_open:
                    names = sorted({vocab.licence(x).short if vocab.licence(x) else x
                                    for _, x in lic})
                    self.goods.append(("licence", {"licence": ", ".join(names)}))
            if comp["mandatory"]["missing"]:
                out.append(say.finding("metadata-missing",
                                       fields=say.properties(comp["mandatory"]["missing"])))
            else:
                self.goods.append(("metadata_complete", {}))
            if comp["recommended"]["missing"]:
                out.append(say.finding("metadata-recommended",
                                       fields=say.properties(comp["recommended"]["missing"])))
            m, rec = comp["mandatory"], comp["recommended"]
            comp["summary"] = say.detail("metadata-summary", present=m["present"],
                                         total=m["total"], rec_present=rec["present"],
                                         rec_total=rec["total"])
            ctx.completeness = comp
            conforms = conforms or bool(md.get("conforms_to") or md.get("conformsTo"))
        t = ctx.table
        fmt = t.format if t.error is None else None
        tabular = t.error is None and ctx.rows > 0
        ctx.stars = stars.star_level(fmt, tabular, licence_open, conforms, say.language)
        return out

    def good(self):
        return self.goods
