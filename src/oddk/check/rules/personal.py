"""Personal data: CPR numbers, e-mail addresses and phone numbers of persons, staff user
ids, names of persons. Found by the patterns of `oddk.check.personal`, shown only masked;
a column that holds personal data shows no values in any other finding.

The Danish quirks: a CPR number is ddmmyy-xxxx (or ten digits) with a real date; ten
digits alone count only in a column named for CPR numbers or when nearly all of a
column's ten-digit values are real dates (ids are not); eight digits alone are a phone
number only in a phone column.

    >>> PersonalData.codes[:2]
    ('personal-data-cpr', 'personal-data-email')
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from oddk.check import personal
from oddk.check.cells import MAX_ROWS, count_true, rows_where, where
from oddk.check.rules import Rule

# one pass finds every cell worth a closer look: an @ or a backslash, eight digits in pairs
SUSPECT = r"[@\\]|[0-9]{2}[ .\-]?[0-9]{2}[ .\-]?[0-9]{2}[ .\-]?[0-9]{2}"
DIGITS = r"[0-9]{2}[ .\-]?[0-9]{2}[ .\-]?[0-9]{2}[ .\-]?[0-9]{2}"
CODES = {"cpr": "personal-data-cpr", "email": "personal-data-email",
         "phone": "personal-data-phone", "user_id": "personal-data-user-id",
         "user_column": "personal-data-user-id", "name": "personal-data-name"}


class _Column:
    """What one column holds of each kind of personal data."""

    def __init__(self, name: str, profile):
        self.is_user = bool(personal.USER_COLUMN.match(name))
        self.is_phone = bool(personal.PHONE_COLUMN.search(name))
        self.is_cpr = bool(personal.CPR_COLUMN.search(name))
        self.is_person = False
        if not profile.numeric and profile.sample:
            if personal.PERSON_COLUMN.match(name):
                self.is_person = True
            elif personal.NAME_COLUMN.match(name) or name.lower().endswith(("navn", "name")):
                names = sum(1 for v in profile.sample if personal.looks_like_person_name(v))
                self.is_person = names / len(profile.sample) >= 0.5
        self.found: dict[str, dict] = {}  # kind -> count, rows, examples, distinct
        self.pure = {"candidates": 0, "valid": 0, "rows": [], "examples": []}

    def add(self, kind, mask, values, row0, masker):
        n = count_true(mask)
        if not n:
            return
        d = self.found.setdefault(kind, {"count": 0, "rows": [], "examples": [],
                                         "distinct": set()})
        d["count"] += n
        if len(d["rows"]) < MAX_ROWS:
            d["rows"] += rows_where(mask, row0, MAX_ROWS - len(d["rows"]))
        if len(d["distinct"]) < 1000:
            d["distinct"].update(pc.unique(values).to_pylist()[:1000])
        for v in values.to_pylist()[:10]:
            m = masker(v)
            if m not in d["examples"] and len(d["examples"]) < 3:
                d["examples"].append(m)

    def pure_cpr(self) -> bool:
        """Ten-digit values alone are CPR numbers: nearly all are real dates, three or more."""
        p = self.pure
        return bool(p["candidates"]) and p["valid"] / p["candidates"] >= 0.9 and p["valid"] >= 3

    def kinds(self) -> set[str]:
        return set(self.found) | ({"cpr"} if self.pure_cpr() else set())


class PersonalData(Rule):
    name = "personal"
    codes = tuple(dict.fromkeys(CODES.values()))
    end_order = 0  # first: the other rules hide the values of its columns

    def __init__(self, ctx):
        super().__init__(ctx)
        self.cols: dict[str, _Column] = {}

    def column(self, name, cells, profile, row0):
        col = self.cols.get(name)
        if col is None:
            col = self.cols[name] = _Column(name, profile)
        if cells.nfilled == 0:
            return
        kind = cells.kind(profile)
        # dates and decimals hold no personal data; whole numbers can be CPR numbers without
        # the dash (ten digits) or phone numbers (eight) only
        if kind in ("dates", "decimals") or (kind == "digits" and cells.maxlen < 8):
            return
        if col.is_user or col.is_person or cells.any_match(SUSPECT):
            self._scan(col, cells, row0)

    def _scan(self, col: _Column, cells, row0):
        arr, maxlen = cells.arr, cells.maxlen
        # one cheap pass for the digit groups a CPR or phone number needs, then the exact
        # patterns only if there are any
        digits = maxlen >= 8 and cells.any_match(DIGITS)
        if digits and maxlen >= 10:
            cand = cells.matches(personal.CPR_RE2)
            if pc.any(cand).as_py():
                self._cpr(col, arr, cand, row0)
        if cells.any_match("@"):
            mask = cells.matches(personal.EMAIL_RE2)
            found = [m.group(0) for v in where(arr, mask).to_pylist()
                     for m in personal.EMAIL_RE.finditer(v)][:1000]
            col.add("email", mask, pa.array(found, pa.string()), row0, personal.mask_email)
        if digits:
            mask = cells.matches(personal.PHONE_RE2)
            if col.is_phone:
                mask = pc.or_(mask, cells.matches(personal.PLAIN_PHONE_RE2))
            if pc.any(mask).as_py():
                found = []
                for v in where(arr, mask).to_pylist()[:1000]:
                    found += [m.group(0) for m in personal.PHONE_RE.finditer(v)] or [v.strip()]
                col.add("phone", mask, pa.array(found, pa.string()), row0, personal.mask_phone)
        if cells.any_match(r"\\"):
            mask = cells.matches(personal.USER_ID_RE2)
            found = [m.group(0) for v in where(arr, mask).to_pylist()[:1000]
                     for m in personal.USER_ID_RE.finditer(v)]
            col.add("user_id", mask, pa.array(found, pa.string()), row0, personal.mask_user_id)
        filled = pc.invert(pc.fill_null(pc.equal(pc.utf8_trim_whitespace(arr), ""), True))
        if col.is_user and "user_id" not in col.found:
            col.add("user_column", filled, where(arr, filled), row0,
                    lambda v: personal.mask_name(v) if " " in v else v[:1] + personal.DOT * 3)
        if col.is_person:
            col.add("name", filled, where(arr, filled), row0, personal.mask_name)

    def _cpr(self, col: _Column, arr, cand, row0):
        values = where(arr, cand).to_pylist()
        idx = np.flatnonzero(np.asarray(cand.to_numpy(zero_copy_only=False), bool))
        hit = np.zeros(len(arr), bool)
        found = []
        for i, v in zip(idx, values, strict=True):
            ms = personal.cpr_matches(v)
            if not ms:
                if v.strip().isdigit() and len(v.strip()) == 10:
                    col.pure["candidates"] += 1
                continue
            if len(ms) == 1 and ms[0].group(0) == v.strip() and "-" not in v and not col.is_cpr:
                # ten digits alone: decided for the whole column at the end
                p = col.pure
                p["candidates"] += 1
                p["valid"] += 1
                if len(p["rows"]) < MAX_ROWS:
                    p["rows"].append(int(i) + row0 + 1)
                if len(p["examples"]) < 3:
                    p["examples"].append(personal.mask_cpr(v.strip()))
                continue
            hit[i] = True
            found += [m.group(0) for m in ms]
        col.add("cpr", pa.array(hit), pa.array(found[:1000], pa.string()), row0,
                personal.mask_cpr)

    def end(self):
        out = []
        for name, col in self.cols.items():
            kinds = col.kinds()
            if kinds:
                self.ctx.hidden.add(name)
            for kind in sorted(kinds):
                d = col.found.get(kind, {"count": 0, "rows": [], "examples": [],
                                         "distinct": set()})
                if kind == "cpr" and col.pure_cpr():
                    p = col.pure
                    d = {"count": d["count"] + p["valid"],
                         "rows": sorted(d["rows"] + p["rows"])[:MAX_ROWS],
                         "examples": (d["examples"] + p["examples"])[:3],
                         "distinct": d["distinct"]}
                distinct = len(d["distinct"])
                severity = None
                if kind in ("email", "phone") and distinct <= 2 and d["count"] > 2:
                    severity = "warning"  # one or two shared contact points, repeated
                out.append(self.say.finding(
                    CODES[kind], severity=severity, column=name, count=d["count"],
                    rows=d["rows"], examples=", ".join(d["examples"]),
                    examples_list=list(d["examples"]),
                    distinct=distinct if distinct < 1000 else "1000+"))
        self.found = out
        return out

    def good(self):
        return [] if self.found else [("no_personal", {})]
