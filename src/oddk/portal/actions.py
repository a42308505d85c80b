"""One function per CKAN action the practice portal speaks.

Each takes a `Context` and the request's data dict and returns the `result` that CKAN
returns, or raises one of `errors`. Read actions (`side_effect_free`) answer anyone;
write actions need a token. The docstrings are what `help_show` returns.
"""

from __future__ import annotations

import copy
import mimetypes
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

from oddk.portal import search, validate
from oddk.portal.errors import NotAuthorized, NotFound, ValidationError
from oddk.portal.store import Store, new_id, now

CKAN_VERSION = "2.11.0"
ACTIONS: dict = {}


@dataclass
class Context:
    store: Store
    site_url: str
    max_upload: int
    user: str | None = None
    token_given: bool = False
    files: dict = field(default_factory=dict)


def action(*, write: bool = False):
    def register(fn):
        fn.side_effect_free = not write
        fn.write = write
        ACTIONS[fn.__name__] = fn
        return fn

    return register


def require_user(ctx: Context, name: str) -> None:
    if ctx.user:
        return
    if ctx.token_given:
        raise NotAuthorized(
            f"{name}: the API token in the Authorization header is not valid on this portal. "
            "Create one with `oddk portal token create NAME` and use the token it prints."
        )
    raise NotAuthorized(
        f"{name} changes the catalogue and needs an API token in the Authorization header. "
        "Create one with `oddk portal token create NAME`."
    )


def _get(data: dict, key: str, *alts: str) -> str:
    for k in (key, *alts):
        value = data.get(k)
        if value not in (None, ""):
            if not isinstance(value, str):
                raise ValidationError({k: [f"Must be a string, not {type(value).__name__}"]})
            return value
    raise ValidationError({key: ["Missing value"]})


def _bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "on")
    return bool(value)


def _int(data: dict, key: str, default):
    raw = data.get(key)
    if raw in (None, ""):
        return default
    try:
        if isinstance(raw, (bool, float)):
            raise ValueError
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationError(
            {key: [f"Invalid integer: {raw!r} should be a whole number"]}
        ) from None
    if value < 0:
        raise ValidationError({key: [f"Must be a natural number: {value} is below 0"]})
    return value


# --- presenting stored dicts --------------------------------------------------------


def download_url(site_url: str, package_id: str, resource_id: str, filename: str) -> str:
    return f"{site_url}/dataset/{package_id}/resource/{resource_id}/download/{quote(filename)}"


def present_resource(res: dict, package_id: str, site_url: str) -> dict:
    out = dict(res)
    url = out.get("url") or ""
    if out.get("url_type") == "upload" and "://" not in url and url:
        out["url"] = download_url(site_url, package_id, out["id"], url)
    return out


def present(pkg: dict, site_url: str) -> dict:
    """A stored dataset as package_show returns it (upload URLs on this portal's address)."""
    out = copy.deepcopy(pkg)
    resources = [r for r in out.get("resources") or [] if isinstance(r, dict)]
    out["resources"] = [present_resource(r, out["id"], site_url) for r in resources]
    out["num_resources"] = len(resources)
    out["num_tags"] = len(out.get("tags") or [])
    return out


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


# --- read actions -------------------------------------------------------------------


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
    name = _get(data, "name")
    fn = ACTIONS.get(name)
    if fn is None:
        raise NotFound(f"Action function not found: {name}")
    return (fn.__doc__ or "").strip()


@action()
def package_list(ctx: Context, data: dict):
    """Return the names of all datasets, sorted (`limit`, `offset` optional)."""
    limit, offset = _int(data, "limit", None), _int(data, "offset", 0)
    with ctx.store.read() as con:
        names = sorted(p["name"] for p in ctx.store.packages(con))
    return names[offset:] if limit is None else names[offset : offset + limit]


@action()
def package_search(ctx: Context, data: dict):
    """Search datasets: `q` (free words or field:value), `fq` (e.g.
    organization:city-of-aarhus, tags:parkering, res_format:CSV, license_id:CC0,
    data_themes:TRAN), `rows` (default 10, at most 1000), `start`, `sort` (default
    'score desc, metadata_modified desc'), `facet.field` (a list such as
    ["organization", "tags"]), `facet.limit`, `facet.mincount`. Returns `count`,
    `results`, `facets`, `search_facets` and `sort`, as CKAN does."""
    with ctx.store.read() as con:
        packages = ctx.store.packages(con)
        orgs = ctx.store.list_orgs(con)
        groups = ctx.store.list_orgs(con, "groups")
    titles = {
        "organization": {o["name"]: o.get("title") or o["name"] for o in orgs},
        "groups": {g["name"]: g.get("title") or g["name"] for g in groups},
        "license_id": dict(validate.LICENSES),
    }
    result = search.package_search(packages, data, titles)
    result["results"] = [present(p, ctx.site_url) for p in result["results"]]
    return result


def _find_package(ctx: Context, con, ident: str, *, deleted_ok: bool = False) -> dict:
    pkg = ctx.store.get_package(con, ident)
    if pkg is None:
        raise NotFound(f"there is no dataset with the id or name '{ident}'")
    if pkg.get("state") == "deleted" and not (deleted_ok or ctx.user):
        raise NotAuthorized(
            f"dataset '{ident}' has been deleted; only a request with an API token can see it"
        )
    return pkg


@action()
def package_show(ctx: Context, data: dict):
    """Return one dataset, with its resources, by `id` (its id or its name)."""
    ident = _get(data, "id", "name_or_id")
    with ctx.store.read() as con:
        return present(_find_package(ctx, con, ident), ctx.site_url)


@action()
def resource_show(ctx: Context, data: dict):
    """Return one resource by its `id`."""
    rid = _get(data, "id")
    with ctx.store.read() as con:
        pkg_id = ctx.store.package_id_for_resource(con, rid)
        pkg = ctx.store.get_package(con, pkg_id) if pkg_id else None
    for res in (pkg or {}).get("resources") or []:
        if res.get("id") == rid:
            return present_resource(res, pkg["id"], ctx.site_url)
    raise NotFound(f"there is no resource with the id '{rid}'")


def _list_orgs(ctx: Context, data: dict, table: str, counts_fn):
    all_fields = _bool(data.get("all_fields", False))
    limit, offset = _int(data, "limit", None), _int(data, "offset", 0)
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
    orgs.sort(
        key=lambda o: (o.get(key) or "").lower() if key != "package_count" else o["package_count"],
        reverse=reverse,
    )
    orgs = orgs[offset:] if limit is None else orgs[offset : offset + limit]
    return orgs if all_fields else [o["name"] for o in orgs]


def _show_org(ctx: Context, data: dict, table: str, counts_fn, what: str):
    ident = _get(data, "id")
    with ctx.store.read() as con:
        org = ctx.store.get_org(con, ident, table)
        if org is None:
            raise NotFound(f"there is no {what} with the id or name '{ident}'")
        counts = counts_fn(con, ctx.store)
        packages = ctx.store.packages(con) if _bool(data.get("include_datasets")) else None
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


# --- writes ---------------------------------------------------------------------------


def _uploaded_name(url: str) -> str:
    """A download URL of this portal back to the stored file name."""
    return unquote(url.rsplit("/", 1)[-1]) if "/download/" in url else url


def munge_filename(name: str) -> str:
    """A safe file name from an uploaded one: 'Toiletter Århus.csv' → 'Toiletter-Arhus.csv'."""
    name = os.path.basename(name.replace("\\", "/")).strip()
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = re.sub(r"\s+", "-", name)
    name = re.sub(r"[^\w.-]", "", name).lstrip(".")
    return (name or "upload")[:100]


def _tidy_resources(resources: list, pkg_id: str, old: dict, stamp: str) -> None:
    """Give new resources their ids and keep what the portal knows about old ones."""
    for pos, res in enumerate(resources):
        before = old.get(res.get("id")) if res.get("id") else None
        res.setdefault("id", new_id())
        res["package_id"] = pkg_id
        res["position"] = pos
        res.setdefault("state", "active")
        res.setdefault("created", before.get("created") if before else stamp)
        res["metadata_modified"] = stamp
        if res.pop("_fresh_upload", False):
            pass  # a file sent with this request
        elif before and before.get("url_type") == "upload":
            url = res.get("url")
            if url in (None, "") or _uploaded_name(url) == before.get("url"):
                for key in ("url", "url_type", "size", "mimetype", "last_modified"):
                    if key in before:
                        res[key] = before[key]
            else:  # the file was replaced by a link
                res["url_type"] = None
        res.setdefault("url", "")
        res.setdefault("url_type", None)


def _save(ctx: Context, con, pkg: dict, old: dict | None) -> dict:
    """Validate a whole dataset dict and store it; return it as package_show would."""
    stamp = now()
    old_resources = {
        r.get("id"): r for r in (old or {}).get("resources") or [] if isinstance(r, dict)
    }
    errors = validate.check_package(pkg, lambda ident: ctx.store.get_org(con, ident))
    if (
        isinstance(pkg.get("name"), str)
        and "name" not in errors
        and ctx.store.name_taken(con, pkg["name"], except_id=(old or {}).get("id", pkg.get("id")))
    ):
        errors["name"] = ["That URL is already in use."]
    if errors:
        raise ValidationError(errors)
    pkg["resources"] = pkg.get("resources") or []
    _tidy_resources(pkg["resources"], pkg["id"], old_resources, stamp)
    for tag in pkg.get("tags") or []:
        tag.update({"display_name": tag["name"], "state": "active", "vocabulary_id": None})
    pkg.setdefault("type", "dataset")
    pkg.setdefault("private", False)
    pkg.setdefault("groups", [])
    pkg.setdefault("extras", [])
    pkg["state"] = "active"
    pkg["metadata_created"] = (old or {}).get("metadata_created", stamp)
    pkg["metadata_modified"] = stamp
    pkg["creator_user_id"] = (old or {}).get("creator_user_id", ctx.user)
    pkg["num_resources"] = len(pkg["resources"])
    pkg["num_tags"] = len(pkg.get("tags") or [])
    ctx.store.save_package(con, pkg)
    return present(pkg, ctx.site_url)


def _check_id(pkg: dict) -> None:
    if "id" in pkg and not (
        isinstance(pkg["id"], str) and re.fullmatch(r"[\w-]{2,100}", pkg["id"])
    ):
        raise ValidationError({"id": ["Must be a string of letters, digits and - (a UUID)"]})


def _create_org(ctx: Context, data: dict, table: str, kind: str) -> dict:
    errors: dict = {}
    name = data.get("name")
    msgs = validate.name_errors(name)
    if msgs:
        errors["name"] = msgs
    for key in ("title", "description", "image_url"):
        if data.get(key) is not None and not isinstance(data[key], str):
            errors[key] = [f"Must be a string, not {type(data[key]).__name__}"]
    with ctx.store.write() as con:
        if not errors and ctx.store.get_org(con, name, table):
            errors["name"] = ["Group name already exists in database"]
        if errors:
            raise ValidationError(errors)
        org = {
            "id": new_id(),
            "name": name,
            "title": data.get("title") or name,
            "display_name": data.get("title") or name,
            "description": data.get("description") or "",
            "image_url": data.get("image_url") or "",
            "created": now(),
            "type": kind,
            "state": "active",
            "is_organization": kind == "organization",
            "approval_status": "approved",
        }
        ctx.store.put_org(con, org, table)
    return {**org, "package_count": 0}


@action(write=True)
def organization_create(ctx: Context, data: dict):
    """Create an organization (a publisher): `name` (as a dataset's name), `title`,
    `description`. On opendata.dk only the secretariat does this."""
    require_user(ctx, "organization_create")
    return _create_org(ctx, data, "organizations", "organization")


@action(write=True)
def group_create(ctx: Context, data: dict):
    """Create a group: `name`, `title`, `description`."""
    require_user(ctx, "group_create")
    return _create_org(ctx, data, "groups", "group")


@action(write=True)
def package_create(ctx: Context, data: dict):
    """Create a dataset. Required as on opendata.dk: name, title, notes, owner_org,
    author, author_email; data_themes and update_frequency take EU codes; resources
    may be given inline. Returns the new dataset."""
    require_user(ctx, "package_create")
    pkg = copy.deepcopy(data)
    _check_id(pkg)
    with ctx.store.write() as con:
        if pkg.get("id") and ctx.store.get_package(con, pkg["id"]):
            raise ValidationError({"id": ["Dataset id already exists"]})
        pkg["id"] = pkg.get("id") or new_id()
        return _save(ctx, con, pkg, None)


@action(write=True)
def package_update(ctx: Context, data: dict):
    """Replace a dataset (found by `id` or name) with the dict given. Fields left out
    are removed, except `resources`, which are kept if the key is left out. Use
    package_patch to change a few fields."""
    require_user(ctx, "package_update")
    ident = _get(data, "id", "name")
    with ctx.store.write() as con:
        old = _find_package(ctx, con, ident, deleted_ok=True)
        pkg = copy.deepcopy(data)
        pkg["id"] = old["id"]
        if "resources" not in pkg:
            pkg["resources"] = copy.deepcopy(old.get("resources") or [])
        return _save(ctx, con, pkg, old)


@action(write=True)
def package_patch(ctx: Context, data: dict):
    """Change only the fields given of a dataset found by `id` (or name)."""
    require_user(ctx, "package_patch")
    ident = _get(data, "id", "name")
    with ctx.store.write() as con:
        old = _find_package(ctx, con, ident, deleted_ok=True)
        pkg = copy.deepcopy(old)
        pkg.update({k: copy.deepcopy(v) for k, v in data.items() if k != "id"})
        return _save(ctx, con, pkg, old)


@action(write=True)
def package_delete(ctx: Context, data: dict):
    """Delete a dataset (its state becomes 'deleted'; its name stays taken until purged)."""
    require_user(ctx, "package_delete")
    ident = _get(data, "id")
    with ctx.store.write() as con:
        pkg = _find_package(ctx, con, ident, deleted_ok=True)
        pkg["state"] = "deleted"
        pkg["metadata_modified"] = now()
        ctx.store.save_package(con, pkg)
    return None


@action(write=True)
def dataset_purge(ctx: Context, data: dict):
    """Remove a dataset and its uploaded files for good, freeing its name."""
    require_user(ctx, "dataset_purge")
    ident = _get(data, "id")
    with ctx.store.write() as con:
        pkg = _find_package(ctx, con, ident, deleted_ok=True)
        ctx.store.purge_package(con, pkg["id"])
        rids = [r.get("id") for r in pkg.get("resources") or [] if isinstance(r, dict)]
        con.executemany("DELETE FROM files WHERE resource_id=?", [(r,) for r in rids])
    for rid in rids:
        if rid:
            shutil.rmtree(ctx.store.uploads_dir / rid, ignore_errors=True)
    return None


def _store_upload(ctx: Context, rid: str) -> dict | None:
    """Copy an uploaded file (field `upload`) into the data folder; return the
    resource fields it sets, or None if no file came."""
    upload = ctx.files.get("upload")
    if upload is None:
        return None
    filename = munge_filename(getattr(upload, "filename", None) or "upload")
    folder = ctx.store.uploads_dir / rid
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".partial-{new_id()}"
    size = 0
    with open(tmp, "wb") as out:
        upload.file.seek(0)
        while chunk := upload.file.read(1 << 20):
            size += len(chunk)
            if size > ctx.max_upload:
                out.close()
                tmp.unlink(missing_ok=True)
                raise ValidationError({"upload": [upload_too_large(ctx.max_upload)]})
            out.write(chunk)
    for old in folder.iterdir():
        if old != tmp:
            old.unlink(missing_ok=True)
    path = folder / filename
    os.replace(tmp, path)
    mimetype = getattr(upload, "content_type", None)
    if not mimetype or mimetype == "application/octet-stream":
        mimetype = mimetypes.guess_type(filename)[0] or mimetype
    return {
        "url": filename,
        "url_type": "upload",
        "size": size,
        "mimetype": mimetype,
        "last_modified": now(),
        "_path": path,
    }


def upload_too_large(limit: int) -> str:
    return (
        f"File upload too large: the practice portal takes files up to "
        f"{limit / 1_000_000:g} MB (start it with a larger --max-upload-mb to change this)"
    )


def _resource_fields(data: dict, *, default_license: bool = True) -> dict:
    if data.get("upload") not in (None, ""):
        raise ValidationError(
            {
                "upload": [
                    "Must be a file sent as multipart/form-data, not a text value; with ckanapi: "
                    "resource_create(package_id=..., upload=open('file.csv', 'rb'))"
                ]
            }
        )
    res = {k: v for k, v in data.items() if k not in ("upload", "clear_upload")}
    errors = validate.check_resource(res, default_license=default_license)
    if errors:
        raise ValidationError(errors)
    return res


def _write_resource(ctx: Context, pkg_ident: str, rid: str, build) -> dict:
    """Store an upload (if any), then change the dataset's resource list with `build`."""
    uploaded = _store_upload(ctx, rid)
    try:
        with ctx.store.write() as con:
            pkg = _find_package(ctx, con, pkg_ident, deleted_ok=True)
            old = copy.deepcopy(pkg)
            resource = build(pkg, uploaded)
            saved = _save(ctx, con, pkg, old)
            if uploaded:
                ctx.store.put_file(
                    con, rid, uploaded["_path"], uploaded["size"], uploaded["mimetype"]
                )
    except BaseException:
        if uploaded:
            shutil.rmtree(ctx.store.uploads_dir / rid, ignore_errors=True)
        raise
    return next(r for r in saved["resources"] if r["id"] == resource["id"])


def _apply_upload(res: dict, uploaded: dict | None) -> None:
    if uploaded:
        res.update({k: v for k, v in uploaded.items() if not k.startswith("_")})
        res["_fresh_upload"] = True
        res.setdefault("name", res["url"])


@action(write=True)
def resource_create(ctx: Context, data: dict):
    """Add a resource to the dataset `package_id`: a link (`url`) or a file sent as
    `upload` (multipart), which the portal stores and serves at the resource's URL.
    `license_id` takes an EU code (CC0 if left out)."""
    require_user(ctx, "resource_create")
    pkg_ident = _get(data, "package_id")
    res = _resource_fields(data)
    res["id"] = new_id()

    def build(pkg, uploaded):
        _apply_upload(res, uploaded)
        pkg.setdefault("resources", []).append(res)
        return res

    return _write_resource(ctx, pkg_ident, res["id"], build)


def _existing_resource(ctx: Context, rid: str) -> str:
    with ctx.store.read() as con:
        pkg_id = ctx.store.package_id_for_resource(con, rid)
    if pkg_id is None:
        raise NotFound(f"there is no resource with the id '{rid}'")
    return pkg_id


def _replace_resource(pkg: dict, rid: str, make) -> dict:
    for i, res in enumerate(pkg.get("resources") or []):
        if res.get("id") == rid:
            pkg["resources"][i] = make(res)
            return pkg["resources"][i]
    raise NotFound(f"there is no resource with the id '{rid}'")


@action(write=True)
def resource_update(ctx: Context, data: dict):
    """Replace a resource (by `id`) with the fields given; send `upload` to replace its file."""
    require_user(ctx, "resource_update")
    rid = _get(data, "id")
    pkg_id = _existing_resource(ctx, rid)
    new = _resource_fields(data)

    def build(pkg, uploaded):
        def make(old):
            res = dict(new, id=rid, package_id=pkg["id"])
            if (
                not uploaded
                and old.get("url_type") == "upload"
                and (not res.get("url") or _uploaded_name(res["url"]) == old.get("url"))
            ):
                for key in ("url", "url_type", "size", "mimetype", "last_modified"):
                    if key in old:
                        res[key] = old[key]
            for key in ("created", "position"):
                if key in old:
                    res[key] = old[key]
            _apply_upload(res, uploaded)
            return res

        return _replace_resource(pkg, rid, make)

    return _write_resource(ctx, pkg_id, rid, build)


@action(write=True)
def resource_patch(ctx: Context, data: dict):
    """Change only the fields given of a resource (by `id`); `upload` replaces its file."""
    require_user(ctx, "resource_patch")
    rid = _get(data, "id")
    pkg_id = _existing_resource(ctx, rid)
    changes = _resource_fields(data, default_license=False)

    def build(pkg, uploaded):
        def make(old):
            res = {**old, **changes}
            if (
                "url" in changes
                and not uploaded
                and _uploaded_name(changes["url"]) != old.get("url")
            ):
                res["url_type"] = None
            _apply_upload(res, uploaded)
            return res

        return _replace_resource(pkg, rid, make)

    return _write_resource(ctx, pkg_id, rid, build)


@action(write=True)
def resource_delete(ctx: Context, data: dict):
    """Remove a resource (by `id`) from its dataset."""
    require_user(ctx, "resource_delete")
    rid = _get(data, "id")
    pkg_id = _existing_resource(ctx, rid)
    with ctx.store.write() as con:
        pkg = _find_package(ctx, con, pkg_id, deleted_ok=True)
        old = copy.deepcopy(pkg)
        pkg["resources"] = [r for r in pkg.get("resources") or [] if r.get("id") != rid]
        _save(ctx, con, pkg, old)
        con.execute("DELETE FROM files WHERE resource_id=?", (rid,))
    shutil.rmtree(ctx.store.uploads_dir / rid, ignore_errors=True)
    return None
