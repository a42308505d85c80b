"""The read actions: anyone may call them, with GET or POST."""

from __future__ import annotations

from oddk.portal import search, validate
from oddk.portal.actions import (
    ACTIONS,
    CKAN_VERSION,
    Context,
    action,
    as_bool,
    find_package,
    is_private,
    natural_int,
    present,
    present_resource,
    required_str,
)
from oddk.portal.errors import NotFound, ValidationError
from oddk.portal.store import Store


def _org_counts(con, store: Store) -> dict[str, int]:
    counts: dict[str, int] = {}
    for pkg in store.packages(con):
        org = pkg.get("organization") if isinstance(pkg.get("organization"), dict) else {}
        for key in {pkg.get("owner_org"), org.get("id"), org.get("name")} - {None}:
            counts[key] = counts.get(key, 0) + 1
    return counts


def _group_counts(con, store: Store) -> dict[str, int]:
    counts: dict[str, int] = {}
    for pkg in store.packages(con):
        for g in pkg.get("groups") or []:
            if isinstance(g, dict):
                for key in {g.get("id"), g.get("name")} - {None}:
                    counts[key] = counts.get(key, 0) + 1
    return counts


@action()
def status_show(ctx: Context, data: dict):
    """Return the portal's version and site information (works without a token)."""
    return {
        "site_title": "Open Data DK practice portal (oddk-kit)",
        "site_description": "A local practice copy of opendata.dk's CKAN Action API",
        "site_url": ctx.site_url,
        "ckan_version": CKAN_VERSION,
        "error_emails_to": None,
        "locale_default": "da_DK",
        "extensions": ["scheming_datasets", "oddk_practice_portal"],
    }


@action()
def help_show(ctx: Context, data: dict):
    """Return the help text of the action named in `name`."""
    name = required_str(data, "name")
    fn = ACTIONS.get(name)
    if fn is None:
        raise NotFound(f"Action function not found: {name}")
    return (fn.__doc__ or "").strip()


@action()
def package_list(ctx: Context, data: dict):
    """Return the names of all datasets, sorted (`limit`, `offset` optional)."""
    limit, offset = natural_int(data, "limit", None), natural_int(data, "offset", 0)
    with ctx.store.read() as con:
        names = sorted(p["name"] for p in ctx.store.packages(con) if not is_private(p))
    return names[offset:] if limit is None else names[offset : offset + limit]


@action()
def package_search(ctx: Context, data: dict):
    """Search datasets: `q` (free words or field:value), `fq` (e.g.
    organization:city-of-aarhus, tags:parkering, res_format:CSV, license_id:CC0,
    data_themes:TRAN), `rows` (default 10, at most 1000), `start`, `sort` (default
    'score desc, metadata_modified desc'), `facet.field` (a list such as
    ["organization", "tags"]), `facet.limit`, `facet.mincount`. Returns `count`,
    `results`, `facets`, `search_facets` and `sort`, as CKAN does. Private datasets
    are left out unless `include_private=True` comes with a token."""
    with ctx.store.read() as con:
        packages = ctx.store.packages(con)
        orgs = ctx.store.list_orgs(con)
        groups = ctx.store.list_orgs(con, "groups")
    if not (as_bool(data.get("include_private", False)) and ctx.user):
        packages = [p for p in packages if not is_private(p)]
    titles = {
        "organization": {o["name"]: o.get("title") or o["name"] for o in orgs},
        "groups": {g["name"]: g.get("title") or g["name"] for g in groups},
        "license_id": dict(validate.LICENSES),
    }
    result = search.package_search(packages, data, titles)
    result["results"] = [present(p, ctx.site_url) for p in result["results"]]
    return result


@action()
def package_show(ctx: Context, data: dict):
    """Return one dataset, with its resources, by `id` (its id or its name)."""
    ident = required_str(data, "id", "name_or_id")
    with ctx.store.read() as con:
        return present(find_package(ctx, con, ident), ctx.site_url)


@action()
def resource_show(ctx: Context, data: dict):
    """Return one resource by its `id`."""
    rid = required_str(data, "id")
    with ctx.store.read() as con:
        pkg_id = ctx.store.package_id_for_resource(con, rid)
        pkg = ctx.store.get_package(con, pkg_id) if pkg_id else None
    for res in (pkg or {}).get("resources") or []:
        if res.get("id") == rid:
            return present_resource(res, pkg["id"], ctx.site_url)
    raise NotFound(f"there is no resource with the id '{rid}'")


def _list_orgs(ctx: Context, data: dict, table: str, counts_fn):
    all_fields = as_bool(data.get("all_fields", False))
    limit, offset = natural_int(data, "limit", None), natural_int(data, "offset", 0)
    sort = data.get("sort") or "title asc"
    if not isinstance(sort, str):
        raise ValidationError({"sort": ["Must be a string such as 'title asc'"]})
    wanted = data.get(table)
    with ctx.store.read() as con:
        orgs = ctx.store.list_orgs(con, table)
        counts = counts_fn(con, ctx.store)
    if isinstance(wanted, str):
        wanted = validate.as_list(wanted)
    if wanted:
        orgs = [o for o in orgs if o["name"] in wanted or o["id"] in wanted]
    for o in orgs:
        o["package_count"] = counts.get(o["id"], 0) or counts.get(o["name"], 0)
        o.setdefault("display_name", o.get("title") or o["name"])
    bits = sort.split()
    key = bits[0] if bits else "title"
    reverse = len(bits) > 1 and bits[1].lower() == "desc"
    if key not in ("name", "title", "package_count"):
        raise ValidationError(
            {"sort": [f"cannot sort by '{key}'; use name, title or package_count"]}
        )
    orgs.sort(key=lambda o: o["name"])  # ties keep the order of their names, however loaded
    orgs.sort(
        key=lambda o: (o.get(key) or "").lower() if key != "package_count" else o["package_count"],
        reverse=reverse,
    )
    orgs = orgs[offset:] if limit is None else orgs[offset : offset + limit]
    return orgs if all_fields else [o["name"] for o in orgs]


def _show_org(ctx: Context, data: dict, table: str, counts_fn, what: str):
    ident = required_str(data, "id")
    with ctx.store.read() as con:
        org = ctx.store.get_org(con, ident, table)
        if org is None:
            raise NotFound(f"there is no {what} with the id or name '{ident}'")
        counts = counts_fn(con, ctx.store)
        packages = ctx.store.packages(con) if as_bool(data.get("include_datasets")) else None
    org["package_count"] = counts.get(org["id"], 0) or counts.get(org["name"], 0)
    org.setdefault("display_name", org.get("title") or org["name"])
    if packages is not None:
        key = "organization" if table == "organizations" else "groups"
        org["packages"] = [
            present(p, ctx.site_url)
            for p in packages
            if org["name"] in search.field_values(p, key) or p.get("owner_org") == org["id"]
        ][:1000]
    return org


@action()
def organization_list(ctx: Context, data: dict):
    """Return organization names, or full dicts with `all_fields=True` (with
    package_count); `sort` ('title asc', 'name', 'package_count desc'), `limit`, `offset`."""
    return _list_orgs(ctx, data, "organizations", _org_counts)


@action()
def organization_show(ctx: Context, data: dict):
    """Return one organization by `id` (id or name); `include_datasets=True` adds its datasets."""
    return _show_org(ctx, data, "organizations", _org_counts, "organization")


@action()
def group_list(ctx: Context, data: dict):
    """Return group names, or full dicts with `all_fields=True`."""
    return _list_orgs(ctx, data, "groups", _group_counts)


@action()
def group_show(ctx: Context, data: dict):
    """Return one group by `id` (id or name); `include_datasets=True` adds its datasets."""
    return _show_org(ctx, data, "groups", _group_counts, "group")


@action()
def license_list(ctx: Context, data: dict):
    """Return the licences a resource's license_id may take (EU codes; CC0 is the default)."""
    return [{"id": k, "title": v, "status": "active"} for k, v in validate.LICENSES.items()]


@action()
def tag_list(ctx: Context, data: dict):
    """Return the names of all tags in use."""
    with ctx.store.read() as con:
        packages = ctx.store.packages(con)
    return sorted({t for p in packages for t in search.field_values(p, "tags") if t})


# --------------------------------------------------------------------------- DataStore


def _datastore_table(ctx: Context, data: dict):
    from oddk.portal import datastore

    with ctx.store.read() as con:
        folder = ctx.store.get_meta(con, "catalogue_dir")
    return datastore.find(folder, data)


@action()
def datastore_search(ctx: Context, data: dict):
    """Search a DataStore table row by row: `resource_id`; `q` (full text: every word must
    occur in a text field; or a dict field -> words), `filters` (field -> value or list),
    `fields` (list or comma-separated), `sort` ("field1, field2 desc"), `limit` (default
    100, at most 32000), `offset`. Returns fields, records, total, _links (start, next)."""
    from oddk.portal import datastore

    return datastore.search(_datastore_table(ctx, data), data)


@action()
def datastore_info(ctx: Context, data: dict):
    """The DataStore table of resource `id`: its row count (meta.count) and its fields with
    their types."""
    from oddk.portal import datastore

    return datastore.info(_datastore_table(ctx, data))
