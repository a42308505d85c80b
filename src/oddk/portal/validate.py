"""Validation of writes, as opendata.dk's ckanext-scheming schema does it.

Only writes through the API are validated: the embedded catalogue keeps its
deliberate faults, so the find lessons have something to find.

Messages start with CKAN's own words ("Missing value", "unexpected choice") so code
written against opendata.dk sees the same errors, and go on in plain words.
"""

from __future__ import annotations

import re
from datetime import date

from oddk import json_safe
from oddk.vocab import DATA_THEMES, DEFAULT_LICENCE, LICENCES, UPDATE_FREQUENCIES, fold

# The vocabularies are oddk.vocab's (EU codes: data themes, update frequencies, and the
# licence codes a resource's license_id may take, with CKAN's titles); CC0 is the default.
LICENSES = {code: lic.title for code, lic in LICENCES.items()}
DEFAULT_LICENSE = DEFAULT_LICENCE

NAME_RE = re.compile(r"^[a-z0-9_-]+$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TAG_RE = re.compile(r"^[\w \-.]+$")
ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,100}$")

MISSING = "Missing value"
REQUIRED = ("title", "notes", "owner_org", "author", "author_email")
TEXT_FIELDS = (
    "name",
    "title",
    "notes",
    "owner_org",
    "author",
    "author_email",
    "maintainer",
    "maintainer_email",
    "update_frequency",
    "temporal_start",
    "temporal_end",
    "documentation",
    "url",
    "version",
    "license_id",
)
RESOURCE_TEXT_FIELDS = ("url", "name", "description", "format", "license_id", "mimetype")


def name_errors(name) -> list[str]:
    """CKAN's rules for a dataset's `name` (its address): 2–100 characters,
    lowercase a–z, 0–9, - and _. `name_errors("Parkering 2024")` names the fault."""
    if not isinstance(name, str) or not name:
        return [MISSING]
    out = []
    if len(name) < 2:
        out.append("Must be at least 2 characters long")
    if len(name) > 100:
        out.append("Name must be a maximum of 100 characters long")
    if not NAME_RE.match(name):
        out.append(
            "Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_ "
            f"('{name}' is not; try '{suggest_name(name)}')"
        )
    return out


def suggest_name(text: str) -> str:
    """A valid name from a title.

    'Offentlige toiletter i Århus' → 'offentlige-toiletter-i-aarhus'."""
    s = fold(text)
    s = re.sub(r"[^a-z0-9_-]+", "-", s).strip("-")
    return (s or "dataset")[:100].ljust(2, "0")


def _choice_errors(value, allowed, what: str) -> list[str]:
    if value in allowed:
        return []
    return [f"unexpected choice '{value}': {what} must be one of {', '.join(allowed)}"]


def as_list(value):
    """A multiple-choice field may come as a list, a JSON list in a string
    (multipart uploads), or a comma-separated string, as scheming accepts."""
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        s = value.strip()
        if s.startswith("["):
            try:
                parsed = json_safe.loads(s)  # a TooDeep is a ValueError too
            except ValueError:
                return None
            return parsed if isinstance(parsed, list) else None
        return [v.strip() for v in s.split(",") if v.strip()]
    return None


def _date_errors(value) -> list[str]:
    try:
        date.fromisoformat(str(value)[:10])
    except ValueError:
        return [f"Date format incorrect: '{value}' should be a date such as 2024-01-31"]
    return []


def check_package(pkg: dict, org_lookup) -> dict:
    """Validate and tidy a dataset dict in place; return CKAN-shaped field errors.

    `org_lookup(id_or_name)` returns the organization dict or None. Tags may come as
    [{"name": ..}] or plain strings; data_themes as a list or "ENVI,TRAN".
    """
    errors: dict = {}

    def add(field, msgs):
        if msgs:
            errors.setdefault(field, []).extend(msgs)

    for field in TEXT_FIELDS:
        value = pkg.get(field)
        if value is not None and not isinstance(value, str):
            add(field, [f"Must be a string, not {type(value).__name__}"])
    add("name", [] if "name" in errors else name_errors(pkg.get("name")))
    for field in REQUIRED:
        if field in errors:
            continue
        value = pkg.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            add(field, [MISSING])
    email = pkg.get("author_email")
    if isinstance(email, str) and email.strip() and not EMAIL_RE.match(email.strip()):
        add("author_email", [f"Email {email} is not a valid format"])
    owner = pkg.get("owner_org")
    if isinstance(owner, str) and owner.strip() and "owner_org" not in errors:
        org = org_lookup(owner.strip())
        if org is None:
            add("owner_org", [f"Organization does not exist: no organization '{owner}' here"])
        else:
            pkg["owner_org"] = org["id"]
            pkg["organization"] = org

    if pkg.get("data_themes") not in (None, "", []):
        themes = as_list(pkg["data_themes"])
        if themes is None or not all(isinstance(t, str) for t in themes):
            add("data_themes", ['Must be a list of theme codes such as ["ENVI", "TRAN"]'])
        else:
            pkg["data_themes"] = themes
            for t in themes:
                add("data_themes", _choice_errors(t, DATA_THEMES, "each data theme"))
    freq = pkg.get("update_frequency")
    if isinstance(freq, str) and freq:
        add("update_frequency", _choice_errors(freq, UPDATE_FREQUENCIES, "update_frequency"))
    for field in ("temporal_start", "temporal_end"):
        if isinstance(pkg.get(field), str) and pkg[field]:
            add(field, _date_errors(pkg[field]))
    start, end = pkg.get("temporal_start"), pkg.get("temporal_end")
    if not errors.get("temporal_start") and not errors.get("temporal_end") and start and end:
        if str(end)[:10] < str(start)[:10]:
            add("temporal_end", [f"temporal_end {end} is before temporal_start {start}"])

    if isinstance(pkg.get("tag_string"), str) and not pkg.get("tags"):  # CKAN's "a,b" form
        pkg["tags"] = [t.strip() for t in pkg.pop("tag_string").split(",") if t.strip()]
    tags = pkg.get("tags")
    if tags not in (None, ""):
        if not isinstance(tags, list):
            add("tags", ['Must be a list such as [{"name": "parkering"}]'])
        else:
            tidy = []
            for tag in tags:
                tag_name = tag.get("name") if isinstance(tag, dict) else tag
                if not isinstance(tag_name, str):
                    add("tags", [f'Each tag must be {{"name": "..."}}, not {tag!r}'])
                    continue
                tag_name = tag_name.strip()
                if not 2 <= len(tag_name) <= 100:
                    add("tags", [f'Tag "{tag_name}" length must be between 2 and 100 characters'])
                elif not TAG_RE.match(tag_name):
                    add(
                        "tags",
                        [f'Tag "{tag_name}" must be alphanumeric characters or symbols: -_.'],
                    )
                tidy.append(tag_name)
            if "tags" not in errors:
                pkg["tags"] = [{"name": t} for t in dict.fromkeys(tidy)]

    resources = pkg.get("resources")
    if resources is not None:
        if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
            add("resources", ["Must be a list of resource dicts"])
        else:
            res_errors = [check_resource(r) for r in resources]
            if any(res_errors):
                errors["resources"] = res_errors
    return errors


def check_resource(res: dict, *, default_license: bool = True) -> dict:
    """Validate and tidy one resource dict in place; return its field errors.
    A missing license_id becomes CC0, the portal's default."""
    errors: dict = {}
    for field in RESOURCE_TEXT_FIELDS:
        value = res.get(field)
        if value is not None and not isinstance(value, str):
            errors[field] = [f"Must be a string, not {type(value).__name__}"]
    rid = res.get("id")
    if rid is not None and not (isinstance(rid, str) and ID_RE.match(rid)):
        errors["id"] = ["Must be letters, digits, - and _ only (the portal makes one if left out)"]
    lic = res.get("license_id")
    if lic in (None, ""):
        if default_license:
            res["license_id"] = DEFAULT_LICENSE
    elif "license_id" not in errors:
        msgs = _choice_errors(lic, list(LICENSES), "license_id")
        if msgs:
            errors["license_id"] = msgs
    return errors
