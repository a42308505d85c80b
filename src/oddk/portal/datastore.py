"""CKAN's DataStore, the read side: `datastore_search` and `datastore_info` over the tables
the catalogue ships for its resources with `datastore_active` (local_files.json's
`datastore` entries): a real `datastore_search` answer (its fields and records as they are,
numbers in text fields as the strings the DataStore gives) or a CSV file (whole numbers as
int4, everything else text, an `_id` from 1).

Shared by the practice portal and the offline catalogue, so both answer alike:

    >>> table = tables(datasets_dir() / "catalogue")["e132d528-a8a2-4e49-b828-f8f0bb687716"]
    >>> found = search(table, {"limit": 2, "sort": "DISTANCE_IN_METERS desc"})
    >>> found["total"], [r["DISTANCE_IN_METERS"] for r in found["records"]]
    (449, [13068, 13066])
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from oddk.paths import datasets_dir
from oddk.portal.errors import NotFound, ValidationError

__all__ = ["Table", "info", "search", "tables"]

MAX_LIMIT = 32_000  # CKAN's ckan.datastore.search.rows_max
DEFAULT_LIMIT = 100
_INTEGER = ("int4", "int8", "int2", "int")
_NUMERIC = (*_INTEGER, "numeric", "float8", "float4")


@dataclass(frozen=True)
class Table:
    resource_id: str
    fields: tuple  # ({"id": "_id", "type": "int4"}, …), in the table's order
    records: tuple  # dicts, in the table's own order

    @property
    def types(self) -> dict[str, str]:
        return {f["id"]: f["type"] for f in self.fields}


def tables(catalogue_dir: Path | None = None) -> dict[str, Table]:
    """The DataStore tables of a catalogue folder, by resource id."""
    folder = Path(catalogue_dir or datasets_dir() / "catalogue").resolve()
    return _tables(str(folder))


@lru_cache(maxsize=4)
def _tables(folder: str) -> dict[str, Table]:
    base = Path(folder)
    path = base / "local_files.json"
    if not path.is_file():
        return {}
    found = {}
    for entry in json.loads(path.read_text(encoding="utf-8")):
        if not isinstance(entry, dict) or not entry.get("datastore"):
            continue
        source = next((b / entry["datastore"] for b in (base, base.parent, base.parent.parent)
                       if (b / entry["datastore"]).is_file()), None)
        if source is None:
            continue
        rid = entry["resource_id"]
        found[rid] = _from_answer(rid, source) if source.suffix == ".json" else \
            _from_csv(rid, source)
    return found


def _from_answer(rid: str, path: Path) -> Table:
    result = json.loads(path.read_text(encoding="utf-8"))["result"]
    fields = tuple({"id": f["id"], "type": f["type"]} for f in result["fields"])
    return Table(rid, fields, tuple(result["records"]))


def _from_csv(rid: str, path: Path) -> Table:
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    names = list(rows[0]) if rows else []
    whole = re.compile(r"-?\d{1,18}")
    types = {n: "int4" if rows and all(whole.fullmatch(r[n] or "") for r in rows) else "text"
             for n in names}
    fields = [{"id": "_id", "type": "int4"}] if "_id" not in names else []
    fields += [{"id": n, "type": types[n]} for n in names]
    records = []
    for i, row in enumerate(rows, 1):
        rec = {} if "_id" in names else {"_id": i}
        for n in names:
            rec[n] = int(row[n]) if types[n] == "int4" else row[n]
        records.append(rec)
    return Table(rid, tuple(fields), tuple(records))


def find(catalogue_dir, data: dict) -> Table:
    """The table `data` names (`resource_id`, or `id` as datastore_info takes it)."""
    rid = data.get("resource_id") or data.get("id")
    if not rid:
        raise ValidationError({"resource_id": ["Missing value"]})
    table = tables(catalogue_dir).get(str(rid))
    if table is None:
        raise NotFound(f'Resource "{rid}" was not found.')
    return table


# --------------------------------------------------------------------------- search


def _int(data: dict, key: str, default: int, most: int | None = None) -> int:
    value = data.get(key, default)
    if value in (None, ""):
        value = default
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ValidationError({key: ["Invalid integer"]}) from None
    if n < 0:
        raise ValidationError({key: ["Must be a natural number"]})
    return min(n, most) if most else n


def _list(value, key: str) -> list[str]:
    """A list of names given as a list of strings or a comma-separated string."""
    if value in (None, "", []):
        return []
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        items = list(value)
    else:
        raise ValidationError({key: ["Not a string or a list of strings"]})
    return [v.strip() for v in items if v.strip()]


_SORT = re.compile(r'^"?(.+?)"?(?: +(asc|desc))? *$', re.IGNORECASE)


def _sort(value, table: Table) -> list[tuple[str, bool]]:
    """(field, descending) for each part of `sort` ("a, b desc", or a list)."""
    out = []
    for part in _list(value, "sort"):
        m = _SORT.match(part)
        name = m.group(1) if m else part
        if not m or name not in table.types:
            raise ValidationError({"sort": [f'invalid value "{part}"']})
        out.append((name, (m.group(2) or "").lower() == "desc"))
    return out


def _fields(value, key: str, table: Table) -> list[str]:
    names = _list(value, key)
    missing = [n for n in names if n not in table.types]
    if missing:
        raise ValidationError({key: [f'field "{missing[0]}" not in table']})
    return names


def _as_text(v) -> str:
    return "" if v is None else str(v)


#: Words PostgreSQL's English full-text search leaves out.
_STOPWORDS = {"a", "an", "and", "are", "as", "at", "be", "by", "for", "in", "is", "it", "of",
              "on", "or", "the", "to", "with"}


def _words(text: str) -> list[str]:
    """Words as PostgreSQL's full-text search makes them: letters and digits, split at
    everything else (an underscore too), case ignored."""
    return [w for w in re.findall(r"[^\W_]+", text.casefold()) if w not in _STOPWORDS]


def _matches_q(rec: dict, q, fields: list[str]) -> bool:
    """Full text, as a plain query: every word of `q` occurs as a word in the record's
    columns (not those starting with _), case ignored; a dict searches field by field."""
    if isinstance(q, dict):
        return all(_matches_q(rec, v, [k]) for k, v in q.items())
    wanted = _words(str(q))
    if not wanted:
        return True
    have = set(_words(" ".join(_as_text(rec.get(f)) for f in fields)))
    return all(w in have for w in wanted)


def _matches_filters(rec: dict, filters: dict) -> bool:
    for field, want in filters.items():
        options = want if isinstance(want, list) else [want]
        value = rec.get(field)
        if value is None or _as_text(value) not in {_as_text(o) for o in options if o is not None}:
            return False
    return True


def _sort_key(types: dict[str, str], field: str):
    numeric = types[field] in _NUMERIC

    def key(rec):
        v = rec.get(field)
        if v in (None, ""):
            return (1, 0) if numeric else (1, "")
        if numeric:
            try:
                return (0, float(v))
            except (TypeError, ValueError):
                return (0, float("inf"))
        return (0, str(v))

    return key


KNOWN = {"resource_id", "id", "q", "filters", "fields", "sort", "limit", "offset", "distinct",
         "plain", "language", "records_format", "include_total", "total_estimation_threshold",
         "full_text"}
FORMATS = ("objects", "lists", "csv", "tsv")


def search(table: Table, data: dict, path: str = "/api/action/datastore_search") -> dict:
    """`datastore_search`'s result for `data` (q, filters, fields, sort, limit, offset,
    distinct, records_format, include_total), in the DataStore's shape: resource_id, fields,
    records, limit, [offset, q, filters, sort], _links (start, next), total,
    total_was_estimated. Without `sort`, records keep the table's own order (CKAN orders a
    `q` search by rank)."""
    unknown = sorted(set(data) - KNOWN)
    if unknown:
        raise ValidationError({k: [f"The input field {k} was not expected."] for k in unknown})
    limit = _int(data, "limit", DEFAULT_LIMIT, MAX_LIMIT)
    offset = _int(data, "offset", 0)
    filters = data.get("filters") or {}
    if isinstance(filters, str):
        try:
            filters = json.loads(filters)
        except json.JSONDecodeError:
            raise ValidationError({"filters": ["Not a JSON object"]}) from None
    if not isinstance(filters, dict):
        raise ValidationError({"filters": ["Not a JSON object"]})
    _fields(list(filters), "filters", table)
    q = data.get("q") or ""
    if isinstance(q, str) and q.strip().startswith("{"):
        try:
            q = json.loads(q)
        except json.JSONDecodeError:
            pass  # not JSON: a plain query
    if isinstance(q, dict):
        _fields(list(q), "q", table)
    shown = _fields(data.get("fields"), "fields", table)
    order = _sort(data.get("sort"), table)
    form = data.get("records_format") or "objects"
    if form not in FORMATS:
        raise ValidationError({"records_format": [f'invalid value "{form}"']})
    searched = [f["id"] for f in table.fields if not f["id"].startswith("_")]
    rows = [r for r in table.records if _matches_filters(r, filters)
            and _matches_q(r, q, searched)]
    for name, desc in reversed(order):  # stable sorts, the last key first
        rows.sort(key=_sort_key(table.types, name), reverse=desc)
    fields = [f for f in table.fields if not shown or f["id"] in shown]
    if shown:
        fields.sort(key=lambda f: shown.index(f["id"]))
    names = [f["id"] for f in fields]
    if shown:
        rows = [{n: r.get(n) for n in names} for r in rows]
    if str(data.get("distinct", "")).lower() in ("true", "1"):
        seen, unique = set(), []
        for r in rows:
            key = tuple(_as_text(r.get(n)) for n in names)
            if key not in seen:
                seen.add(key)
                unique.append(r)
        rows = unique
    page = rows[offset:offset + limit]
    result = {"resource_id": table.resource_id, "fields": [dict(f) for f in fields],
              "records": _records(page, names, form)}
    if form != "objects":
        result["records_format"] = form
    for key in ("q", "filters", "sort"):
        if data.get(key):
            result[key] = data[key]
    result["limit"] = limit
    if "offset" in data:
        result["offset"] = offset
    result["_links"] = _links(path, data, offset, limit)
    if str(data.get("include_total", "true")).lower() not in ("false", "0"):
        result["total"] = len(rows)
        result["total_was_estimated"] = False
    return result


def _records(page: list[dict], names: list[str], form: str):
    if form == "objects":
        return [dict(r) for r in page]
    if form == "lists":
        return [[r.get(n) for n in names] for r in page]
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="," if form == "csv" else "\t", lineterminator="\n")
    writer.writerows([[_as_text(r.get(n)) for n in names] for r in page])
    return buf.getvalue()


def _links(path: str, data: dict, offset: int, limit: int) -> dict:
    """As the DataStore writes them: the request's parameters without offset, in name order;
    `next` with the next offset first."""
    params = {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v)
              for k, v in sorted(data.items()) if k not in ("offset", "limit")}
    rest = {"limit": limit, **params} if "limit" in data else params
    rest = dict(sorted(rest.items()))
    start = f"{path}?{urlencode(rest)}"
    return {"start": start, "next": f"{path}?{urlencode({'offset': offset + limit, **rest})}"}


def info(table: Table) -> dict:
    """`datastore_info`'s result: the table's meta (count) and its fields with their types."""
    return {
        "meta": {"id": table.resource_id, "count": len(table.records), "table_type": "BASE TABLE",
                 "aliases": []},
        "fields": [{"id": f["id"], "type": f["type"], "schema": {"native_type": f["type"],
                                                                  "is_index": f["id"] == "_id"}}
                   for f in table.fields if f["id"] != "_id"],
    }
