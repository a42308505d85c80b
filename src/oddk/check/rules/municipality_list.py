"""A list of municipalities: a short table with a row per municipality whose column of
names (or codes) names most of Denmark's 98 is checked against them: the ones missing are named (a real list lacked
Helsingør), and names written in an old or another spelling are named with today's name
('Århus' has been Aarhus since 2011).

    >>> MunicipalityList.codes
    ('municipality-list-incomplete', 'municipality-old-name')
"""

from __future__ import annotations

import pyarrow.compute as pc

from oddk.check.rules import Rule

MOST = 50  # a column naming at least this many municipalities is a list of them
MAX_ROWS = 400  # a list of the 98 (with totals, regions, years) is short: longer files are data


class MunicipalityList(Rule):
    name = "municipality-list"
    codes = ("municipality-list-incomplete", "municipality-old-name")

    def __init__(self, ctx):
        super().__init__(ctx)
        self.values: dict[str, set] = {}
        self.too_many: set[str] = set()

    def column(self, name, cells, profile, row0):
        if name in self.too_many or profile.is_date or row0 + cells.n > MAX_ROWS:
            self.too_many.add(name)
            self.values.pop(name, None)
            return
        if name not in self.values and not _looks_like_municipalities(profile.sample):
            self.too_many.add(name)  # judged on its first values: never looked at again
            return
        seen = self.values.setdefault(name, set())
        distinct = pc.unique(cells.arr).to_pylist()  # few: trimmed here, not the whole column
        seen.update(v.strip() for v in distinct if v and v.strip())

    def end(self):
        from oddk.reference import find_municipality, municipalities

        out = []
        everyone = municipalities()
        for name, values in self.values.items():
            if len(values) < MOST:
                continue
            found, other = {}, []
            for v in values:
                try:
                    row = find_municipality(v)
                except ValueError:
                    other.append(v)
                    continue
                found.setdefault(int(row["kode"]), []).append(v)
            if len(found) < MOST or len(other) > 0.1 * len(values) or \
                    len(found) < 0.8 * self.ctx.rows:
                continue  # not a list of municipalities (one row each), but data about them
            missing = everyone[~everyone["kode"].isin(found)]
            if len(missing):
                out.append(self.say.finding(
                    "municipality-list-incomplete", column=name, count=len(missing),
                    named=len(found), missing=", ".join(missing["navn"]),
                    examples_list=list(missing["navn"])))
            names = dict(zip(everyone["kode"], everyone["navn"], strict=True))
            official = set(everyone["navn"]) | set(everyone["officielt_navn"])
            old = sorted((v, names[k]) for k, vs in found.items() for v in vs
                         if not v.isdigit() and v not in official)
            if old:
                out.append(self.say.finding(
                    "municipality-old-name", column=name, count=len(old),
                    examples=", ".join(f"'{v}' ({today})" for v, today in old[:8]),
                    examples_list=[v for v, _ in old]))
        return out


def _looks_like_municipalities(sample) -> bool:
    """Do most of a column's first values name a municipality (in any spelling, or a code)?"""
    from oddk.reference import find_municipality

    values = [v.strip() for v in (sample or [])[:20] if v and v.strip()]
    if len(values) < 5:
        return False
    hits = 0
    for v in values:
        try:
            find_municipality(v)
            hits += 1
        except ValueError:
            pass
    return hits >= 0.8 * len(values)
