"""Personal data: CPR numbers, e-mail addresses and phone numbers of persons, staff user
ids, names of persons; in every column, in free text, in column names, in the file's name
and on every sheet of a workbook. Found by the patterns of `oddk.personal`, shown only
masked; a column that holds personal data shows no values in any other finding.

The Danish quirks: a CPR number written with any separator is one wherever it stands; ten
digits alone count in a table about persons (a column named cpr, borger, fornavn …), and
elsewhere when (nearly) all of a column's ten-digit values are real CPR dates. Coordinates
and geometry (geometry columns, WKT, numbers with decimals) are never read as CPR or phone
numbers. A phone number or a mailbox in a row that names an authority, a service or a
business is the organisation's: worth knowing, not personal data.

    >>> PersonalData.codes[:2]
    ('personal-data-cpr', 'personal-data-email')
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from oddk import personal
from oddk.check.cells import MAX_ROWS, Cells, count_true, rows_where, where
from oddk.check.profile import profile
from oddk.check.rules import Rule

# one pass finds every cell worth a closer look: an @ or a backslash, eight digits in pairs
SUSPECT = rf"[@\\]|[0-9]{{2}}[ .{personal.DASHES}/]?[0-9]{{2}}[ .{personal.DASHES}/]?[0-9]{{2}}" \
          rf"[ .{personal.DASHES}/]?[0-9]{{2}}|{personal.CPR_RE2}"
CODES = {"cpr": "personal-data-cpr", "email": "personal-data-email",
         "phone": "personal-data-phone", "user_id": "personal-data-user-id",
         "user_column": "personal-data-user-id", "name": "personal-data-name"}
CONTACTS = {"email", "phone"}  # an organisation's, when its row names one
# ten digits in a column of times (unix timestamps) are no CPR numbers
TIME_COLUMN = re.compile(r"(tid|time|timestamp|epoch|unix|dato|date)", re.I)


class _Column:
    """What one column holds of each kind of personal data."""

    def __init__(self, name: str, prof, table_person: bool, geometry: bool):
        self.is_user = bool(personal.USER_COLUMN.match(name))
        self.weak_user = bool(personal.WEAK_USER_COLUMN.match(name))
        self.is_phone = bool(personal.PHONE_COLUMN.search(name))
        self.person_context = table_person or bool(personal.CPR_COLUMN.search(name))
        self.geometry = geometry or bool(personal.GEOMETRY_COLUMN.match(name.strip()))
        self.is_person = False
        self.by_shape = True  # a value is a name when it has a person name's shape
        if not prof.numeric and prof.sample:
            if personal.PERSON_COLUMN.match(name) and not personal.WEAK_PERSON_COLUMN.match(name):
                self.is_person = not all(personal.looks_like_organisation(v)
                                         for v in prof.sample)
                self.by_shape = False  # fornavn, kontaktperson: every value but an organisation
            elif personal.PLACE_NAME_COLUMN.search(name):
                pass  # vejnavn, stednavn: "Anne Maries Vej" is a street
            elif (personal.NAME_COLUMN.match(name) or personal.WEAK_PERSON_COLUMN.match(name)
                  or name.lower().endswith(("navn", "name"))):
                names = sum(1 for v in prof.sample if personal.looks_like_person_name(v)
                            and not personal.looks_like_organisation(v))
                self.is_person = names / len(prof.sample) >= 0.5
        self.found: dict[str, dict] = {}  # kind -> count, rows, examples, distinct
        self.bare = {"ten": 0, "valid": 0, "filled": 0, "rows": [], "examples": [],
                     "days": set()}
        self.time_like = bool(TIME_COLUMN.search(name))
        self.org_context = False  # its values say whose the row's contacts are
        self.contacts: dict[str, dict] = {}  # an organisation's phone numbers and mailboxes

    def add(self, kind, mask, values, row0, masker, into=None):
        n = count_true(mask)
        if not n:
            return
        d = (self.found if into is None else into).setdefault(
            kind, {"count": 0, "rows": [], "examples": [], "distinct": set()})
        d["count"] += n
        if len(d["rows"]) < MAX_ROWS:
            d["rows"] += rows_where(mask, row0, MAX_ROWS - len(d["rows"]))
        if len(d["distinct"]) < 1000:
            d["distinct"].update(pc.unique(values).to_pylist()[:1000])
        for v in values.to_pylist()[:10]:
            m = masker(v)
            if m not in d["examples"] and len(d["examples"]) < 3:
                d["examples"].append(m)

    def bare_cpr(self) -> bool:
        """Are this column's ten-digit values CPR numbers? In a table about persons, one
        real CPR date is enough; elsewhere two, when (nearly) all ten-digit values have
        one, or one among values that are mostly something else (references, notes)."""
        b = self.bare
        if not b["valid"]:
            return False
        if self.person_context:
            return True
        if self.time_like or (b["ten"] >= 5 and len(b["days"]) == 1):
            return False  # unix timestamps (1709251200), P-numbers: all "born" on one day
        share = b["valid"] / b["ten"]
        return (b["valid"] >= 2 and share >= 0.9) or (share == 1 and b["ten"] * 2 <= b["filled"])

    def kinds(self) -> set[str]:
        return set(self.found) | ({"cpr"} if self.bare_cpr() else set())


class _Scanner:
    """The personal data of one table (the checked sheet, or another sheet)."""

    def __init__(self, columns, coordinates=()):
        self.table_person = personal.person_table(columns)
        self.coordinates = set(coordinates or ())
        self.cols: dict[str, _Column] = {}
        self.contacts_now: dict[str, dict] = {}  # this batch: column -> kind -> (mask, values)
        # this batch: column -> a function giving the rows that name an organisation
        self.org_now: dict[str, object] = {}

    def column(self, name, cells, prof, row0):
        col = self.cols.get(name)
        if col is None:
            col = self.cols[name] = _Column(name, prof, self.table_person,
                                            name in self.coordinates)
        if cells.nfilled == 0 or col.geometry:
            return
        col.bare["filled"] += cells.nfilled
        kind = cells.kind(prof)
        if kind == "text" and cells.any_match(personal.ORGANISATION_RE2):
            col.org_context = bool(personal.ORG_CONTEXT_COLUMN.search(name.strip()))
            # the rows that name an organisation, worked out only in a batch with contacts;
            # outside a name column, only a cell that starts with the organisation's name
            self.org_now[name] = cells.matches_later(
                personal.ORGANISATION_RE2,
                *(() if col.org_context else (personal.ORGANISATION_LEAD_RE2,)))
        # dates and decimals hold no personal data; whole numbers can be CPR numbers without
        # the dash (ten digits, nine when a number lost its leading zero) or phone numbers
        if kind in ("dates", "decimals") or (kind == "digits" and cells.maxlen < 8):
            return
        if col.is_user or col.is_person or cells.any_match(SUSPECT):
            self._scan(col, name, cells, row0, prof.numeric)

    def _scan(self, col: _Column, name, cells, row0, numeric: bool):
        arr, maxlen = cells.arr, cells.maxlen
        if cells.any_match(personal.WKT_RE2):  # geometry written as text: never personal
            arr = pc.if_else(cells.matches(personal.WKT_RE2), None, arr)
            cells = Cells(arr)
        digits = maxlen >= 8
        if digits and maxlen >= 9:
            padded = arr
            if numeric:  # a number that lost its leading zero: 101571234 was 0101571234
                padded = pc.utf8_lpad(arr, 10, "0")
            source = Cells(padded) if numeric else cells
            cand = source.matches(personal.CPR_RE2)
            if pc.any(cand).as_py():
                # every ten-digit value counts in the share of real CPR dates
                col.bare["ten"] += count_true(source.matches(r"^\s*[0-9]{10}\s*$"))
                self._cpr(col, padded, cand, row0)
        now = self.contacts_now.setdefault(name, {})
        if cells.any_match("@"):
            mask = cells.matches(personal.EMAIL_RE2)
            if pc.any(mask).as_py():
                now["email"] = (mask, arr)
        if digits:
            mask = cells.matches(personal.PHONE_RE2)
            if col.is_phone:
                mask = pc.or_(mask, cells.matches(personal.PLAIN_PHONE_RE2))
            if pc.any(mask).as_py():
                now["phone"] = (mask, arr)
        if cells.any_match(r"\\"):
            mask = cells.matches(personal.USER_ID_RE2)
            found = [m.group(0) for v in where(arr, mask).to_pylist()[:1000]
                     for m in personal.USER_ID_RE.finditer(v)]
            col.add("user_id", mask, pa.array(found, pa.string()), row0, personal.mask_user_id)
        filled = pc.invert(pc.fill_null(pc.equal(pc.utf8_trim_whitespace(arr), ""), True))
        if col.is_user and "user_id" not in col.found:
            if col.weak_user:  # "bruger": Børn, Alle … are who a place is for
                filled = pc.and_(filled, pc.fill_null(pc.match_substring_regex(arr, r"[0-9\\]"),
                                                      False))
            col.add("user_column", filled, where(arr, filled), row0,
                    lambda v: personal.mask_name(v) if " " in v else v[:1] + personal.DOT * 3)
        if col.is_person:
            people = _people(arr, col.by_shape)
            mask = pc.and_(filled, people)
            col.add("name", mask, where(arr, mask), row0, personal.mask_name)

    def _cpr(self, col: _Column, arr, cand, row0):
        values = where(arr, cand).to_pylist()
        idx = np.flatnonzero(np.asarray(cand.to_numpy(zero_copy_only=False), bool))
        hit = np.zeros(len(arr), bool)
        found = []
        for i, v in zip(idx, values, strict=True):
            ms = personal.cpr_matches(v)
            if len(v.strip()) == 10 and v.strip().isdigit():  # ten digits alone: judged below
                b = col.bare
                if len(b["days"]) < 2:
                    b["days"].add(v.strip()[:2])
                if ms:
                    b["valid"] += 1
                    if len(b["rows"]) < MAX_ROWS:
                        b["rows"].append(int(i) + row0 + 1)
                    if len(b["examples"]) < 3:
                        b["examples"].append(personal.mask_cpr(v.strip()))
                continue
            if ms:
                hit[i] = True
                found += [m.group(0) for m in ms]
        col.add("cpr", pa.array(hit), pa.array(found[:1000], pa.string()), row0,
                personal.mask_cpr)

    def batch(self, row0: int, n: int) -> None:
        """Phone numbers and mailboxes found in this batch: a person's, or (in a row that
        names an organisation, or a shared mailbox) the organisation's."""
        if not any(self.contacts_now.values()):  # no phone number or mailbox in this batch
            self.contacts_now, self.org_now = {}, {}
            return
        org_rows = {name: rows() for name, rows in self.org_now.items()}
        org = np.zeros(n, bool)  # rows whose name column names an organisation
        for name, mask in org_rows.items():
            if self.cols[name].org_context:
                org |= mask
        for name, found in self.contacts_now.items():
            col = self.cols[name]
            own = org_rows.get(name)  # "Borgerservice, +45 89 40 20 00" in one cell
            for kind, (mask, arr) in found.items():
                hits = np.asarray(mask.to_numpy(zero_copy_only=False), bool)
                shared = org | own if own is not None else org.copy()
                if kind == "email":  # info@, teknik@kommune.dk: each distinct address once
                    distinct = pc.unique(where(arr, mask)).to_pylist()
                    mailboxes = [v for v in distinct if all(
                        personal.shared_mailbox(m.group(0)) for m in personal.EMAIL_RE.finditer(v))]
                    shared |= np.asarray(pc.fill_null(pc.is_in(arr, pa.array(
                        mailboxes, pa.string())), False).to_numpy(zero_copy_only=False), bool)
                for into, part in ((None, hits & ~shared), (col.contacts, hits & shared)):
                    if part.any():
                        values = where(arr, pa.array(part)).to_pylist()[:1000]
                        col.add(kind, pa.array(part), pa.array(_contacts(kind, values)),
                                row0, _MASKERS[kind], into=into)
        self.contacts_now, self.org_now = {}, {}

    def findings(self, ctx, sheet: str | None = None) -> list:
        say, out = ctx.say, []
        for name, col in self.cols.items():
            kinds = col.kinds()
            kinds -= {k for k in CONTACTS & kinds if _shared_point(col.found[k])}
            if kinds and sheet is None:
                ctx.hidden.add(name)
            shown = personal.mask_label(name)
            where_ = (say.detail("where-sheet", column=shown, sheet=personal.mask_label(sheet))
                      if sheet else say.detail("where-column", column=shown))
            for kind in sorted(kinds | {k for k in CONTACTS if k in col.found}):
                d = col.found.get(kind, {"count": 0, "rows": [], "examples": [],
                                         "distinct": set()})
                if kind in CONTACTS and _shared_point(d):
                    # one or two numbers (mailboxes) in every row: a shared contact point,
                    # most likely the organisation's; said as a warning to check
                    out.append(_finding(say, "contact-point", where_, shown, d, severity="warning",
                                        what=say.detail(f"what-{kind}")))
                    continue
                if kind == "cpr" and col.bare_cpr():
                    b = col.bare
                    d = {"count": d["count"] + b["valid"],
                         "rows": sorted(d["rows"] + b["rows"])[:MAX_ROWS],
                         "examples": (d["examples"] + b["examples"])[:3],
                         "distinct": d["distinct"]}
                out.append(_finding(say, CODES[kind], where_, shown, d))
            for kind, d in sorted(col.contacts.items()):  # whichever batch found it first
                if kind not in col.found:
                    out.append(_finding(say, "contact-point", where_, shown, d,
                                        what=say.detail(f"what-{kind}")))
        return out


_MASKERS = {"email": personal.mask_email, "phone": personal.mask_phone}


def _people(arr, by_shape: bool):
    """Which cells hold a person's name: not an organisation's, and (by_shape) shaped like
    a person's name. Each distinct value is judged once."""
    distinct = pc.unique(arr)
    judged = [v is not None and not personal.looks_like_organisation(v)
              and (not by_shape or personal.looks_like_person_name(v))
              for v in distinct.to_pylist()]
    yes = pc.filter(distinct, pa.array(judged, pa.bool_()))
    return pc.fill_null(pc.is_in(arr, value_set=yes), False)


def _shared_point(d) -> bool:
    """One or two numbers (mailboxes) repeated in every row: a shared contact point."""
    return len(d["distinct"]) <= 2 and d["count"] > 2


def _contacts(kind, values) -> list[str]:
    pattern = personal.EMAIL_RE if kind == "email" else personal.PHONE_RE
    out = []
    for v in values[:1000]:
        out += [m.group(0) for m in pattern.finditer(v)] or [v.strip()]
    return out


def _finding(say, code, where_, column, d, severity=None, **extra):
    distinct = len(d["distinct"])
    return say.finding(code, severity=severity, column=column, where=where_, count=d["count"],
                       rows=d["rows"],
                       examples=", ".join(d["examples"]), examples_list=list(d["examples"]),
                       distinct=distinct if distinct < 1000 else "1000+", **extra)


class PersonalData(Rule):
    name = "personal"
    codes = tuple(dict.fromkeys([*CODES.values(), "contact-point"]))
    end_order = 0  # first: the other rules hide the values of its columns

    def __init__(self, ctx):
        super().__init__(ctx)
        rr = ctx.report
        self.scan = _Scanner(rr.column_names if rr else (), rr.coordinate_columns if rr else ())

    def column(self, name, cells, profile, row0):
        self.scan.column(name, cells, profile, row0)

    def batch(self, columns, row0, n):
        self.scan.batch(row0, n)

    def end(self):
        ctx, say = self.ctx, self.say
        out = self.scan.findings(ctx)
        rr = ctx.report
        out += self._names(ctx.table.header or (rr.column_names if rr else []),
                           say.detail("where-header"))
        out += self._names([ctx.table.path.name], say.detail("where-file-name"))
        out += self._names(ctx.table.preamble, say.detail("where-title"))
        out += self._names(rr.sheets if rr and rr.sheets else [], say.detail("where-sheet-name"))
        for sheet, raw in ctx.table.other_sheets():
            out += _scan_raw(ctx, raw, sheet)
            out += self._names(raw.preamble, say.detail("where-sheet-title",
                                                        sheet=personal.mask_label(sheet)))
            out += self._names(raw.header or raw.columns, say.detail(
                "where-sheet-header", sheet=personal.mask_label(sheet)))
        self.found = [f for f in out if f.code != "contact-point"]
        return out

    def _names(self, texts, where_) -> list:
        """CPR numbers, mailboxes and phone numbers in column names or the file's name."""
        out = []
        for kind, code, find, masker in (
                ("cpr", "personal-data-cpr", personal.cpr_matches, personal.mask_cpr),
                ("email", "personal-data-email", personal.EMAIL_RE.findall, None),
                ("phone", "personal-data-phone", personal.PHONE_RE.findall, None)):
            hits = [m.group(0) if hasattr(m, "group") else m for t in texts for m in find(t)]
            if kind == "cpr":
                hits += [t.strip() for t in texts if personal.is_bare_cpr(t)]
            if hits:
                d = {"count": len(hits), "rows": None, "distinct": set(hits),
                     "examples": [personal.mask_label(h) if masker is None else masker(h)
                                  for h in hits[:3]]}
                out.append(_finding(self.say, code, where_, None, d))
        return out

    def good(self):
        return [] if self.found else [("no_personal", {})]


def _scan_raw(ctx, raw, sheet: str) -> list:
    """The personal data of another sheet of the workbook."""
    scan = _Scanner(raw.columns)
    text = raw.text()
    n = len(text)
    for name in text.columns:
        arr = pa.array(text[name], type=pa.string(), from_pandas=True)
        scan.column(str(name), Cells(arr), profile(str(name), arr), 0)
    scan.batch(0, n)
    return scan.findings(ctx, sheet=sheet)
