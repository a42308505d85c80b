"""The write actions: they need an API token, and validate what they store as
opendata.dk's schema does (see `validate`)."""

from __future__ import annotations

import copy
import re
import shutil
from urllib.parse import unquote

from oddk.portal import validate
from oddk.portal.actions import Context, action, find_package, present, require_user, required_str
from oddk.portal.errors import NotFound, ValidationError
from oddk.portal.store import new_id, now
from oddk.portal.uploads import store_upload


def _uploaded_name(url: str) -> str:
    """A download URL of this portal back to the stored file name."""
    return unquote(url.rsplit("/", 1)[-1]) if "/download/" in url else url


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
    ident = required_str(data, "id", "name")
    with ctx.store.write() as con:
        old = find_package(ctx, con, ident, deleted_ok=True)
        pkg = copy.deepcopy(data)
        pkg["id"] = old["id"]
        if "resources" not in pkg:
            pkg["resources"] = copy.deepcopy(old.get("resources") or [])
        return _save(ctx, con, pkg, old)


@action(write=True)
def package_patch(ctx: Context, data: dict):
    """Change only the fields given of a dataset found by `id` (or name)."""
    require_user(ctx, "package_patch")
    ident = required_str(data, "id", "name")
    with ctx.store.write() as con:
        old = find_package(ctx, con, ident, deleted_ok=True)
        pkg = copy.deepcopy(old)
        pkg.update({k: copy.deepcopy(v) for k, v in data.items() if k != "id"})
        return _save(ctx, con, pkg, old)


@action(write=True)
def package_delete(ctx: Context, data: dict):
    """Delete a dataset (its state becomes 'deleted'; its name stays taken until purged)."""
    require_user(ctx, "package_delete")
    ident = required_str(data, "id")
    with ctx.store.write() as con:
        pkg = find_package(ctx, con, ident, deleted_ok=True)
        pkg["state"] = "deleted"
        pkg["metadata_modified"] = now()
        ctx.store.save_package(con, pkg)
    return None


@action(write=True)
def dataset_purge(ctx: Context, data: dict):
    """Remove a dataset and its uploaded files for good, freeing its name."""
    require_user(ctx, "dataset_purge")
    ident = required_str(data, "id")
    with ctx.store.write() as con:
        pkg = find_package(ctx, con, ident, deleted_ok=True)
        ctx.store.purge_package(con, pkg["id"])
        rids = [r.get("id") for r in pkg.get("resources") or [] if isinstance(r, dict)]
        con.executemany("DELETE FROM files WHERE resource_id=?", [(r,) for r in rids])
    for rid in rids:
        if rid:
            shutil.rmtree(ctx.store.uploads_dir / rid, ignore_errors=True)
    return None


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
    uploaded = store_upload(ctx, rid)
    try:
        with ctx.store.write() as con:
            pkg = find_package(ctx, con, pkg_ident, deleted_ok=True)
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
    pkg_ident = required_str(data, "package_id")
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
    rid = required_str(data, "id")
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
    rid = required_str(data, "id")
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
    rid = required_str(data, "id")
    pkg_id = _existing_resource(ctx, rid)
    with ctx.store.write() as con:
        pkg = find_package(ctx, con, pkg_id, deleted_ok=True)
        old = copy.deepcopy(pkg)
        pkg["resources"] = [r for r in pkg.get("resources") or [] if r.get("id") != rid]
        _save(ctx, con, pkg, old)
        con.execute("DELETE FROM files WHERE resource_id=?", (rid,))
    shutil.rmtree(ctx.store.uploads_dir / rid, ignore_errors=True)
    return None
