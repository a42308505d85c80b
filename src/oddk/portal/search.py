"""package_search over the datasets in the store, answering as CKAN's Solr search does.

The query language is the part of Solr's that CKAN users write: free words in `q`
(every word must match, in any text field, ignoring case), `field:value`,
`field:"two words"`, `field:(A OR B)`, `field:[2024-01-01 TO *]`, `-field:value`,
clauses joined by spaces (all must match) or `OR`; `fq_list` adds more filters.
Fields: organization, tags, res_format, license_id, data_themes, groups, and any
top-level field such as name, update_frequency or author. We filter in Python
rather than run Solr: a practice catalogue holds hundreds of datasets, and this
keeps the portal one small process.
"""

from __future__ import annotations

import fnmatch
import re

from oddk import json_safe
from oddk.portal.errors import SearchQueryError, ValidationError

MAX_ROWS = 1000
DEFAULT_ROWS = 10
DEFAULT_SORT = "score desc, metadata_modified desc"
SORT_FIELDS = {
    "score",
    "name",
    "title",
    "title_string",
    "metadata_modified",
    "metadata_created",
    "num_resources",
    "num_tags",
    "id",
}

CLAUSE = re.compile(
    r"""\s*(?P<op>[+-]|NOT\s+)?
    (?:(?P<field>[A-Za-z_][\w.]*):)?
    (?P<value>"[^"]*"|\([^)]*\)|\[[^\]]*\]|\{[^}]*\}|[^\s()]+)""",
    re.X,
)
TEXT_FIELDS = {"text", "title", "notes", "res_name", "res_description", "author"}


def _list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def field_values(pkg: dict, field: str) -> list[str]:
    """The values a dataset has for a search field, as Solr indexes them."""
    resources = [r for r in _list(pkg.get("resources")) if isinstance(r, dict)]
    if field == "organization":
        org = pkg.get("organization")
        return [org["name"]] if isinstance(org, dict) and org.get("name") else []
    if field in ("tags", "groups"):
        return [t.get("name", "") if isinstance(t, dict) else str(t) for t in _list(pkg.get(field))]
    if field == "res_format":
        return [r.get("format") or "" for r in resources]
    if field == "res_name":
        return [r.get("name") or "" for r in resources]
    if field == "res_description":
        return [r.get("description") or "" for r in resources]
    if field == "res_url":
        return [r.get("url") or "" for r in resources]
    if field == "license_id":
        ids = [pkg.get("license_id")] + [r.get("license_id") for r in resources]
        return list(dict.fromkeys(i for i in ids if i))
    if field == "text":
        return [text_blob(pkg)]
    return [str(v) for v in _list(pkg.get(field)) if v is not None and not isinstance(v, dict)]


def text_blob(pkg: dict) -> str:
    parts = [pkg.get(k) for k in ("name", "title", "notes", "author", "update_frequency")]
    for k in ("title_translated", "notes_translated"):
        if isinstance(pkg.get(k), dict):
            parts.extend(pkg[k].values())
    org = pkg.get("organization")
    if isinstance(org, dict):
        parts += [org.get("name"), org.get("title")]
    for f in ("tags", "groups", "res_name", "res_description", "res_format", "data_themes"):
        parts += field_values(pkg, f)
    return " ".join(str(p) for p in parts if p).lower()


def _value_matches(field: str, value: str, candidates: list[str]) -> bool:
    if value.startswith('"') and value.endswith('"') and len(value) >= 2:
        value = value[1:-1]
    elif value.startswith("(") and value.endswith(")"):
        inner = [v for v in re.split(r"\s+(?:OR\s+)?", value[1:-1].strip()) if v]
        return any(_value_matches(field, v, candidates) for v in inner)
    elif value[:1] in "[{" and value[-1:] in "]}":
        m = re.fullmatch(r"[\[{]\s*(\S+)\s+TO\s+(\S+)\s*[\]}]", value)
        if not m:
            raise SearchQueryError(f"range {value!r} should look like [2024-01-01 TO *]")
        low, high = (v.strip('"') for v in m.groups())
        return any((low == "*" or c >= low) and (high == "*" or c <= high) for c in candidates)
    if value == "*":
        return any(candidates)
    needle = value.lower()
    if field in TEXT_FIELDS:
        needle = needle.strip("*")
        return any(needle in c.lower() for c in candidates)
    if "*" in needle or "?" in needle:
        return any(fnmatch.fnmatchcase(c.lower(), needle) for c in candidates)
    return any(needle == c.lower() for c in candidates)


def parse(query: str) -> list[list[tuple[bool, str, str]]]:
    """'a b OR c' → [[a, b], [c]]: groups joined by OR of clauses joined by AND.
    Each clause is (negated, field, value); field "text" for free words."""
    groups: list[list[tuple[bool, str, str]]] = [[]]
    pos, query = 0, query.strip()
    while pos < len(query):
        m = CLAUSE.match(query, pos)
        if not m or m.end() == pos:
            raise SearchQueryError(f"could not read {query[pos:]!r}")
        pos = m.end()
        op, field, value = m.group("op"), m.group("field"), m.group("value")
        if field is None and value in ("AND", "&&"):
            continue
        if field is None and value in ("OR", "||"):
            groups.append([])
            continue
        negated = bool(op) and op.strip() in ("-", "NOT")
        groups[-1].append((negated, field or "text", value))
    return [g for g in groups if g] or [[]]


def matches(pkg: dict, groups) -> bool:
    def clause_ok(negated, field, value):
        if value == "*:*":
            return True
        ok = _value_matches(field, value, field_values(pkg, field))
        return ok != negated

    return any(all(clause_ok(*c) for c in group) for group in groups)


def score(pkg: dict, groups) -> float:
    words = [v.strip('"*').lower() for g in groups for neg, f, v in g if f == "text" and not neg]
    title = (pkg.get("title") or "").lower()
    tags = " ".join(field_values(pkg, "tags")).lower()
    blob = text_blob(pkg)
    return sum(3 * (w in title) + 2 * (w in tags) + blob.count(w) * 0.1 for w in words if w)


def _int_param(params: dict, key: str, default: int, errors: dict, maximum=None) -> int:
    raw = params.get(key, default)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
        if isinstance(raw, float) or isinstance(raw, bool):
            raise ValueError
    except (TypeError, ValueError):
        errors[key] = [f"Invalid integer: {raw!r} should be a whole number"]
        return default
    if value < 0 and key != "facet.limit":
        errors[key] = [f"Must be a natural number: {value} is below 0"]
    if maximum is not None:
        value = min(value, maximum)
    return value


def _facet_fields(raw) -> list[str] | None:
    if raw in (None, ""):
        return []
    if isinstance(raw, str):
        try:
            raw = json_safe.loads(raw)  # a TooDeep is a ValueError too
        except ValueError:
            raw = [raw]
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(f, str) for f in raw):
        return None
    return raw


def _sort_key(spec: str):
    keys = []
    for part in spec.split(","):
        bits = part.split()
        if not bits:
            continue
        field = bits[0]
        direction = bits[1].lower() if len(bits) > 1 else "asc"
        if field not in SORT_FIELDS or direction not in ("asc", "desc") or len(bits) > 2:
            raise SearchQueryError(
                f"cannot sort by {part.strip()!r}; use e.g. 'metadata_modified desc' or "
                f"'title_string asc' (fields: {', '.join(sorted(SORT_FIELDS))})"
            )
        keys.append((field, direction == "desc"))
    return keys


def _sort_value(pkg, field, scores):
    if field == "score":
        return scores[pkg["id"]]
    if field == "title_string":
        return (pkg.get("title") or "").lower()
    if field == "num_resources":
        return len(_list(pkg.get("resources")))
    if field == "num_tags":
        return len(_list(pkg.get("tags")))
    value = pkg.get(field)
    return value.lower() if isinstance(value, str) else (value or "")


def package_search(packages: list[dict], params: dict, titles: dict[str, dict]) -> dict:
    """Run a search; `titles` maps facet field → {name: display name}
    (organization titles, licence titles). Returns CKAN's result dict."""
    errors: dict = {}
    rows = _int_param(params, "rows", DEFAULT_ROWS, errors, MAX_ROWS)
    start = _int_param(params, "start", 0, errors)
    facet_limit = _int_param(params, "facet.limit", 50, errors)
    facet_mincount = _int_param(params, "facet.mincount", 1, errors)
    facets_wanted = _facet_fields(params.get("facet.field"))
    if facets_wanted is None:
        errors["facet.field"] = ['Must be a list of field names such as ["organization", "tags"]']
    for key in ("q", "fq", "sort"):
        if params.get(key) is not None and not isinstance(params.get(key), str):
            errors[key] = [f"Must be a string, not {type(params[key]).__name__}"]
    fq_list = params.get("fq_list") or []
    if isinstance(fq_list, str):
        fq_list = [fq_list]
    if not isinstance(fq_list, list) or not all(isinstance(f, str) for f in fq_list):
        errors["fq_list"] = ['Must be a list of filters such as ["tags:parkering"]']
    if errors:
        raise ValidationError(errors)

    q = (params.get("q") or "").strip()
    fq = (params.get("fq") or "").strip()
    q_groups = parse("" if q in ("*:*", "*", '""') else q)
    filters = [parse(f) for f in [fq, *fq_list] if f.strip()]
    sort = (params.get("sort") or "").strip() or DEFAULT_SORT
    if sort == "rank":
        sort = DEFAULT_SORT
    keys = _sort_key(sort)

    found = [p for p in packages if matches(p, q_groups) and all(matches(p, f) for f in filters)]
    scores = {p["id"]: score(p, q_groups) for p in found}
    for field, reverse in reversed(keys):
        found.sort(key=lambda p, f=field: _sort_value(p, f, scores), reverse=reverse)

    facets: dict[str, dict[str, int]] = {}
    for field in facets_wanted:
        counts: dict[str, int] = {}
        for pkg in found:
            for value in dict.fromkeys(field_values(pkg, field)):
                if value:
                    counts[value] = counts.get(value, 0) + 1
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        top = [(k, v) for k, v in top if v >= facet_mincount]
        facets[field] = dict(top if facet_limit < 0 else top[:facet_limit])
    search_facets = {
        field: {
            "title": field,
            "items": sorted(
                (
                    {
                        "name": name,
                        "display_name": titles.get(field, {}).get(name) or name,
                        "count": count,
                    }
                    for name, count in values.items()
                ),
                key=lambda item: item["display_name"],
                reverse=True,
            ),
        }
        for field, values in facets.items()
    }
    return {
        "count": len(found),
        "facets": facets,
        "results": found[start : start + rows],
        "sort": sort,
        "search_facets": search_facets,
    }
