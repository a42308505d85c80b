"""A dataset's metadata, written once: the kit's metadata record and opendata.dk's dataset dict.

A municipality fills in one small YAML file (the **metadata record**, *metadata-post*):
title, description, organisation, contact, themes, frequency, licence, the files.
From it the kit makes the dataset dict that opendata.dk's CKAN (ckanext-scheming)
expects (`to_ckan`) and DCAT-AP-DK RDF (`oddk.dcat`). The reverse also works: a
dataset dict as the portal returns it (`package_show`) becomes a record (`from_ckan`),
so a published dataset can be checked and described the same way.

    >>> record = load_record("notebooks/metadata/aarhus-toiletter.yaml")   # doctest: +SKIP
    >>> [p["field"] for p in check_record(record) if p["severity"] != "warning"]
    []

Danish quirks handled: organisations are the portal's slugs (`city-of-aarhus`,
`ballerup-kommune`); the portal needs `author` and `author_email` (the contact);
themes, frequency, licences and file types are EU vocabulary codes (`ENVI`, `ANNUAL`,
`CC0`, `CSV`), the same lists the practice portal checks (`oddk.portal.validate`); a
licence may also be given as a variant or SPDX id ("cc-by-4.0" → CC_BY_4_0), a format as a
reader's name or suffix ("shapefile" → SHP); municipalities may be given by code or by any
spelling ("0751", "Århus"). The vocabularies are imported from `oddk.vocab`, never copied.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urlparse

from oddk import vocab
from oddk.portal.validate import EMAIL_RE, LICENSES, name_errors, suggest_name
from oddk.vocab import DATA_THEMES, UPDATE_FREQUENCIES

__all__ = [
    "MetadataError",
    "load_record",
    "read_record",
    "is_ckan_dict",
    "normalise",
    "check_record",
    "blockers",
    "require_complete",
    "to_ckan",
    "from_ckan",
    "attach_file",
    "FILE_TYPES",
    "format_problems",
]

# EU Vocabularies "file type" codes the kit knows, with their IANA media types (oddk.vocab's).
FILE_TYPES = {code: ft.media_type for code, ft in vocab.FILE_TYPES.items()}


def _licence_code(value: str | None) -> str | None:
    """The EU code of a licence given by code, variant or SPDX id; an unknown one in capitals."""
    if not value:
        return None
    known = vocab.licence(value)
    return known.code if known else value.upper()


def _format_code(value: str | None) -> str | None:
    """The EU file-type code of a format given by code, reader's name or suffix ('shapefile'
    → 'SHP'); an unknown one in capitals."""
    if not value:
        return None
    known = vocab.file_type(value)
    return known.code if known else value.upper()


def _suffix_format(path: str) -> str | None:
    """The EU file-type code for a file name's suffix ('toiletter.geojson' → 'GEOJSON')."""
    suffix = Path(path).suffix
    known = vocab.file_type(suffix) if suffix else None
    return known.code if known else None


# Reserved top-level domains that never resolve (RFC 2606 / RFC 6761): a link there is dead.
_DEAD_TLDS = (".invalid", ".localhost")
STALE_YEARS = 3

# The record's fields, in the order a person fills them in (and the CKAN field each becomes).
CKAN_FIELD = {
    "name": "name",
    "title": "title",
    "description": "notes",
    "organisation": "owner_org",
    "contact.name": "author",
    "contact.email": "author_email",
    "themes": "data_themes",
    "frequency": "update_frequency",
    "temporal.start": "temporal_start",
    "temporal.end": "temporal_end",
    "keywords": "tags",
    "documentation": "documentation",
    "landing_page": "url",
    "version": "version",
    "modified": "metadata_modified",
    "issued": "metadata_created",
    "distributions": "resources",
}


class MetadataError(ValueError):
    """A record that cannot be made complete. `.problems` lists each field with what is wrong."""

    def __init__(self, problems: list[dict], source: str | None = None):
        self.problems = problems
        self.source = source
        where = f" in {source}" if source else ""
        super().__init__(
            f"The metadata{where} is not complete yet:\n"
            + format_problems(problems, blockers_only=True)
        )


# --------------------------------------------------------------------------- reading


def read_record(path) -> dict:
    """Read a metadata file (YAML or JSON) as it is: the kit's record or a CKAN dataset dict.
    A `package_show` answer (`{"success": true, "result": {...}}`) is unwrapped."""
    import yaml

    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"There is no metadata file '{p}'. Check the name and the folder.")
    text = p.read_text(encoding="utf-8-sig")
    try:
        data = json.loads(text) if p.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as err:
        raise MetadataError(
            [
                _problem(
                    "(file)", "invalid", f"'{p.name}' is not valid YAML/JSON: {err}".splitlines()[0]
                )
            ],
            str(p),
        ) from None
    if isinstance(data, dict) and isinstance(data.get("result"), dict) and "success" in data:
        data = data["result"]
    if not isinstance(data, dict):
        raise MetadataError(
            [
                _problem(
                    "(file)",
                    "invalid",
                    f"'{p.name}' should hold one record (field: value lines), "
                    f"not a {type(data).__name__}.",
                )
            ],
            str(p),
        )
    return data


def is_ckan_dict(data: dict) -> bool:
    """True for a dataset dict in CKAN's shape (notes, owner_org, resources …)."""
    return any(
        k in data for k in ("notes", "owner_org", "resources", "author_email", "organization")
    )


def load_record(path) -> dict:
    """Read a metadata file and return the kit's record, normalised. A CKAN dataset dict
    (e.g. saved from `package_show`) is turned into a record first. File paths of the
    distributions are taken relative to the metadata file's folder."""
    p = Path(path)
    data = read_record(p)
    record = from_ckan(data) if is_ckan_dict(data) else data
    return normalise(record, base=p.parent)


# --------------------------------------------------------------------------- normalising


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    s = str(value).strip()
    return s or None


def _date_text(value) -> str | None:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(value)


def _list(value) -> list:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        return [v for v in value if v not in (None, "")]
    return [value]


def normalise(record: dict, base=None) -> dict:
    """A tidy copy of a record: text stripped, dates as ISO text, lists as lists, codes in
    upper case ("envi" → "ENVI", "cc-by" stays as written so the check can name it),
    relative file paths resolved against `base`. The input dict is not changed."""
    r = copy.deepcopy(record)
    out: dict = {}
    for key in (
        "name",
        "title",
        "title_en",
        "description",
        "description_en",
        "organisation",
        "publisher",
        "publisher_type",
        "spatial",
        "landing_page",
        "documentation",
        "identifier",
        "version",
    ):
        out[key] = _text(r.get(key))
    for key in ("issued", "modified"):
        out[key] = _date_text(r.get(key))
    contact = r.get("contact") or {}
    if isinstance(contact, str):
        contact = {"email": contact} if "@" in contact else {"name": contact}
    out["contact"] = {"name": _text(contact.get("name")), "email": _text(contact.get("email"))}
    out["themes"] = [str(t).strip().upper() for t in _list(r.get("themes"))]
    freq = _text(r.get("frequency"))
    out["frequency"] = freq.upper() if freq else None
    temporal = r.get("temporal") or {}
    out["temporal"] = {
        "start": _date_text(temporal.get("start")),
        "end": _date_text(temporal.get("end")),
    }
    out["keywords"] = [str(k).strip() for k in _list(r.get("keywords"))]
    out["licence"] = _licence_code(_text(r.get("licence", r.get("license"))))
    out["language"] = [str(x).strip().lower() for x in _list(r.get("language"))] or ["da"]
    out["conforms_to"] = [str(x).strip() for x in _list(r.get("conforms_to"))]
    dists = []
    for d in r.get("distributions") or []:
        d = dict(d) if isinstance(d, dict) else {"url": d}
        item = {
            k: _text(d.get(k))
            for k in (
                "id",
                "title",
                "description",
                "url",
                "format",
                "media_type",
                "sha1",
                "modified",
            )
        }
        item["licence"] = _licence_code(_text(d.get("licence", d.get("license"))))
        item["byte_size"] = d.get("byte_size")
        f = _text(d.get("file"))
        if f:
            fp = Path(f)
            if not fp.is_absolute() and base is not None and (Path(base) / fp).exists():
                fp = Path(base) / fp
            item["file"] = str(fp)
        else:
            item["file"] = None
        if item["format"]:
            item["format"] = _format_code(item["format"])
        elif item["file"] or item["url"]:
            item["format"] = _suffix_format(urlparse(item["file"] or item["url"]).path)
        dists.append(item)
    out["distributions"] = dists
    # fields only a CKAN dict brings along, kept for the round trip
    for key in ("_ckan_id", "_licence_missing"):
        if key in r:
            out[key] = r[key]
    return out


def attach_file(record: dict, path, *, title: str | None = None, fmt: str | None = None) -> dict:
    """The record with `path` as its (first) distribution's file: size and SHA-1 filled in.
    Keeps the distribution's title, description and licence if the record has one."""
    r = normalise(record)
    p = Path(path)
    first = dict(r["distributions"][0]) if r["distributions"] else {}
    data = p.read_bytes()
    first.update(
        {
            "file": str(p),
            "url": None,
            "format": _format_code(fmt) or _suffix_format(p.name) or first.get("format") or None,
            "byte_size": len(data),
            "sha1": hashlib.sha1(data).hexdigest(),
        }
    )
    first["title"] = title or first.get("title") or p.name
    r["distributions"] = [first, *r["distributions"][1:]]
    return r


# --------------------------------------------------------------------------- checking


def _problem(field: str, severity: str, message: str, ckan: str | None = None) -> dict:
    return {
        "field": field,
        "ckan_field": ckan or CKAN_FIELD.get(field, field),
        "severity": severity,
        "message": message,
    }


def _parse_date(text):
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def url_problem(url: str) -> str | None:
    """What is wrong with a link, found without network: not http(s), no host, or a
    host under a reserved domain that never resolves ('http://gammel-server.x.invalid/…')."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return f"'{url}' is not a web address (it should start with https://)."
    host = (parsed.hostname or "").lower()
    if host.endswith(_DEAD_TLDS) or host in ("localhost",):
        return (
            f"'{url}' is a dead link: the domain '{host}' never resolves. "
            "Give the address where the file is really published."
        )
    return None


def check_record(record: dict, *, today=None, stale_years: int = STALE_YEARS) -> list[dict]:
    """Every problem in a record, each `{field, ckan_field, severity, message}`.

    severity: "missing" or "invalid" (the record cannot be published or described
    completely until fixed) or "warning" (recommended, or a sign of neglect such as a
    dataset not modified for `stale_years` years before `today`).

        >>> [p["field"] for p in check_record({"title": "Toiletter"})][:3]
        ['description', 'organisation', 'contact.name']
    """
    r = normalise(record)
    out: list[dict] = []

    def missing(field, what):
        out.append(_problem(field, "missing", f"{field} is missing: {what}"))

    if not r["title"]:
        missing("title", "give the dataset a short title, e.g. 'Offentlige toiletter i Aarhus'.")
    if not r["description"]:
        missing(
            "description",
            "say in a few sentences what the data is, where it comes from "
            "and how often it changes.",
        )
    if not r["organisation"]:
        missing("organisation", "the portal's name for your organisation, e.g. 'city-of-aarhus'.")
    if not r["contact"]["name"]:
        missing(
            "contact.name",
            "who answers questions about the data (opendata.dk's 'author'), "
            "e.g. 'Teknik og Miljø, Aarhus Kommune'.",
        )
    email = r["contact"]["email"]
    if not email:
        missing("contact.email", "an e-mail address for questions (opendata.dk's 'author_email').")
    elif not EMAIL_RE.match(email) or "(at)" in email or not _email_domain_ok(email):
        out.append(
            _problem(
                "contact.email",
                "invalid",
                f"contact.email '{email}' is not a valid e-mail address; write it as "
                "name@domain.dk.",
            )
        )
    if r["name"]:
        errs = name_errors(r["name"])
        if errs:
            out.append(_problem("name", "invalid", f"name '{r['name']}': {errs[0]}"))
    for t in r["themes"]:
        if t not in DATA_THEMES:
            out.append(
                _problem(
                    "themes",
                    "invalid",
                    f"theme '{t}' is not an EU data theme; use one of {', '.join(DATA_THEMES)}.",
                )
            )
    if not r["themes"]:
        out.append(
            _problem(
                "themes",
                "warning",
                "themes: none given; choose one or more EU data "
                "themes (e.g. ENVI, TRAN) so the dataset can be found by theme.",
            )
        )
    if r["frequency"] and r["frequency"] not in UPDATE_FREQUENCIES:
        out.append(
            _problem(
                "frequency",
                "invalid",
                f"frequency '{r['frequency']}' is not an EU "
                "frequency code; use e.g. ANNUAL, MONTHLY, DAILY, IRREG or UNKNOWN.",
            )
        )
    if not r["frequency"]:
        out.append(
            _problem(
                "frequency",
                "warning",
                "frequency: say how often the data is updated (ANNUAL, MONTHLY, IRREG, …).",
            )
        )
    start, end = r["temporal"]["start"], r["temporal"]["end"]
    for key, value in (("temporal.start", start), ("temporal.end", end)):
        if value and _parse_date(value) is None:
            out.append(
                _problem(key, "invalid", f"{key} '{value}' is not a date; write it as 2024-01-31.")
            )
    if (
        start
        and end
        and _parse_date(start)
        and _parse_date(end)
        and _parse_date(end) < _parse_date(start)
    ):
        out.append(
            _problem(
                "temporal.end", "invalid", f"temporal.end {end} is before temporal.start {start}."
            )
        )
    for key in ("issued", "modified"):
        if r[key] and _parse_date(r[key]) is None:
            out.append(
                _problem(key, "invalid", f"{key} '{r[key]}' is not a date; write it as 2024-01-31.")
            )
    if not r["keywords"]:
        out.append(
            _problem(
                "keywords",
                "warning",
                "keywords: add a few words people search for (e.g. toiletter, faciliteter).",
            )
        )
    if r["licence"] and r["licence"] not in LICENSES:
        out.append(
            _problem(
                "licence",
                "invalid",
                f"licence '{r['licence']}' is not a licence code "
                f"the portal knows; use one of {', '.join(LICENSES)} (CC0 is the default "
                "for open data).",
            )
        )
    for key in ("landing_page", "documentation"):
        if r[key]:
            msg = url_problem(r[key])
            if msg:
                out.append(_problem(key, "invalid", f"{key}: {msg}"))
    if not r["distributions"]:
        out.append(
            _problem(
                "distributions",
                "missing",
                "distributions are missing: name at least "
                "one file (file: …) or address (url: …) where the data is.",
            )
        )
    for i, d in enumerate(r["distributions"]):
        where = f"distributions[{i}]"
        ck = f"resources[{i}]"
        if not d["file"] and not d["url"]:
            out.append(
                _problem(
                    f"{where}.url",
                    "missing",
                    f"{where}: give the file to upload "
                    "(file: …) or the address of the data (url: …).",
                    f"{ck}.url",
                )
            )
        if d["file"] and not Path(d["file"]).is_file():
            out.append(
                _problem(
                    f"{where}.file",
                    "invalid",
                    f"{where}.file: there is no file '{d['file']}'.",
                    f"{ck}.upload",
                )
            )
        if d["url"] and not d["file"]:
            msg = url_problem(d["url"])
            if msg:
                out.append(_problem(f"{where}.url", "invalid", f"{where}.url: {msg}", f"{ck}.url"))
        lic = d["licence"] or r["licence"]
        if not lic:
            out.append(
                _problem(
                    f"{where}.licence",
                    "missing",
                    f"licence is missing for {where}"
                    f"{' (' + d['title'] + ')' if d['title'] else ''}: choose one, e.g. "
                    "licence: CC0 (free for any use) or CC_BY_4_0.",
                    f"{ck}.license_id",
                )
            )
        elif d["licence"] and d["licence"] not in LICENSES:
            out.append(
                _problem(
                    f"{where}.licence",
                    "invalid",
                    f"{where}.licence '{d['licence']}' is "
                    f"not a licence code the portal knows; use one of {', '.join(LICENSES)}.",
                    f"{ck}.license_id",
                )
            )
        known = vocab.licence(lic) if lic in LICENSES else None
        if known is not None and not known.open:
            out.append(
                _problem(
                    f"{where}.licence",
                    "warning",
                    f"{where}.licence {lic} ({known.title}): {known.conditions['en']}. "
                    "The data will not count as open data (0 stars); "
                    "CC0 or CC_BY_4_0 would make it open.",
                    f"{ck}.license_id",
                )
            )
        if d["format"] and d["format"] not in FILE_TYPES:
            out.append(
                _problem(
                    f"{where}.format",
                    "warning",
                    f"{where}.format '{d['format']}' is not "
                    f"one of the EU file types the kit knows ({', '.join(FILE_TYPES)}).",
                    f"{ck}.format",
                )
            )
        if not d["format"]:
            out.append(
                _problem(
                    f"{where}.format",
                    "warning",
                    f"{where}.format: say the file type (CSV, GEOJSON, XLSX …).",
                    f"{ck}.format",
                )
            )
    if r["modified"] and _parse_date(r["modified"]):
        ref = _parse_date(_date_text(today)) if today else dt.date.today()
        age = ref - _parse_date(r["modified"])
        if age.days > 365.25 * stale_years:
            out.append(
                _problem(
                    "modified",
                    "warning",
                    f"modified {r['modified'][:10]}: the dataset "
                    f"has not been updated for {age.days // 365} years. Publish a new "
                    "version or say in the description that it is no longer updated.",
                )
            )
    return out


def _email_domain_ok(email: str) -> bool:
    domain = email.rsplit("@", 1)[-1]
    labels = domain.split(".")
    return len(labels) >= 2 and all(labels) and labels[-1].isalpha() and len(labels[-1]) >= 2


def blockers(problems: list[dict]) -> list[dict]:
    """The problems that stop publishing (everything but warnings)."""
    return [p for p in problems if p["severity"] != "warning"]


def require_complete(record: dict, source: str | None = None, **kw) -> dict:
    """The normalised record, or MetadataError naming every missing or invalid field."""
    problems = blockers(check_record(record, **kw))
    if problems:
        raise MetadataError(problems, source)
    return normalise(record)


def format_problems(problems: list[dict], *, blockers_only: bool = False) -> str:
    """Problems in plain words, one a line, blockers first."""
    order = {"missing": 0, "invalid": 1, "warning": 2}
    rows = [p for p in problems if not blockers_only or p["severity"] != "warning"]
    rows.sort(key=lambda p: order.get(p["severity"], 3))
    return "\n".join(f"  - [{p['severity']}] {p['message']}" for p in rows) or "  (nothing to fix)"


# --------------------------------------------------------------------------- CKAN


def to_ckan(record: dict, *, strict: bool = True) -> dict:
    """opendata.dk's dataset dict (ckanext-scheming fields) for a record.

    Resources carry their own license_id (licences belong to resources on opendata.dk);
    a resource with a file gets no url here: `oddk.publish` uploads the file.

        >>> to_ckan(record)["author_email"]          # doctest: +SKIP
        'opendata@aarhus.example'
    """
    r = require_complete(record) if strict else normalise(record)
    name = r["name"] or suggest_name(r["title"] or "dataset")
    pkg: dict = {
        "name": name,
        "title": r["title"],
        "notes": r["description"],
        "owner_org": r["organisation"],
        "author": r["contact"]["name"],
        "author_email": r["contact"]["email"],
        "data_themes": list(r["themes"]),
        "update_frequency": r["frequency"] or "UNKNOWN",
        "tags": [{"name": k} for k in r["keywords"]],
    }
    if r["title_en"]:
        pkg["title_translated"] = {"da": r["title"], "en": r["title_en"]}
    if r["description_en"]:
        pkg["notes_translated"] = {"da": r["description"], "en": r["description_en"]}
    if r["temporal"]["start"]:
        pkg["temporal_start"] = r["temporal"]["start"][:10]
    if r["temporal"]["end"]:
        pkg["temporal_end"] = r["temporal"]["end"][:10]
    if r["documentation"]:
        pkg["documentation"] = r["documentation"]
    if r["landing_page"]:
        pkg["url"] = r["landing_page"]
    if r["version"]:
        pkg["version"] = r["version"]
    resources = []
    for d in r["distributions"]:
        res = {
            "name": d["title"] or (Path(d["file"]).name if d["file"] else name),
            "description": d["description"] or "",
            "format": d["format"] or "",
            "license_id": d["licence"] or r["licence"] or vocab.DEFAULT_LICENCE,
        }
        if d["id"]:
            res["id"] = d["id"]
        if d["url"] and not d["file"]:
            res["url"] = d["url"]
        resources.append(res)
    pkg["resources"] = resources
    return pkg


def from_ckan(pkg: dict) -> dict:
    """The kit's record for a CKAN dataset dict as the portal returns it (`package_show`).

    A resource without a licence stays without one (the record names it), instead of
    getting the portal's default: the check should show the gap, not hide it."""
    org = pkg.get("organization") or {}
    title_tr = pkg.get("title_translated") or {}
    notes_tr = pkg.get("notes_translated") or {}
    record = {
        "name": pkg.get("name"),
        "title": pkg.get("title") or title_tr.get("da"),
        "title_en": title_tr.get("en"),
        "description": pkg.get("notes") or notes_tr.get("da"),
        "description_en": notes_tr.get("en"),
        "organisation": org.get("name") or pkg.get("owner_org"),
        "publisher": org.get("title"),
        "contact": {"name": pkg.get("author"), "email": pkg.get("author_email")},
        "themes": _list(pkg.get("data_themes")),
        "frequency": pkg.get("update_frequency"),
        "temporal": {"start": pkg.get("temporal_start"), "end": pkg.get("temporal_end")},
        "keywords": [t.get("name") if isinstance(t, dict) else t for t in pkg.get("tags") or []],
        "documentation": pkg.get("documentation"),
        "landing_page": pkg.get("url"),
        "version": pkg.get("version"),
        "issued": pkg.get("metadata_created"),
        "modified": pkg.get("metadata_modified"),
        "identifier": pkg.get("id"),
        "distributions": [
            {
                "id": res.get("id"),
                "title": res.get("name"),
                "description": res.get("description"),
                "url": res.get("url"),
                "format": res.get("format"),
                "licence": res.get("license_id"),
                "byte_size": res.get("size"),
                "modified": res.get("last_modified") or res.get("metadata_modified"),
            }
            for res in pkg.get("resources") or []
        ],
    }
    if pkg.get("id"):
        record["_ckan_id"] = pkg["id"]
    return record


def organisation_title(slug: str | None) -> str | None:
    """The organisation's name ('Aarhus Kommune') for a portal slug, from the embedded catalogue."""
    if not slug:
        return None
    from oddk.paths import datasets_dir

    try:
        orgs = json.loads((datasets_dir() / "catalogue" / "organizations.json").read_text("utf-8"))
    except (OSError, ValueError, FileNotFoundError):
        return None
    for org in orgs:
        if slug in (org.get("name"), org.get("id")):
            return org.get("title")
    return None


_REGION_WORDS = re.compile(r"^region[ -]", re.I)


def publisher_type(record: dict) -> str:
    """ADMS publisher type: RegionalAuthority for a region, else LocalAuthority."""
    r = normalise(record)
    if r["publisher_type"]:
        return r["publisher_type"]
    name = r["publisher"] or organisation_title(r["organisation"]) or r["organisation"] or ""
    return (
        "RegionalAuthority"
        if _REGION_WORDS.match(name) or "region" in (r["organisation"] or "")
        else "LocalAuthority"
    )
