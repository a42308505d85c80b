"""What every action shares: the registry, the request `Context`, and how a stored
dataset is presented (package_show's shape, with this portal's download URLs).

Each action takes a `Context` and the request's data dict and returns the `result`
that CKAN returns, or raises one of `errors`. Read actions (`reads`, side-effect free)
answer anyone; write actions (`writes`) need a token. The docstrings are what
`help_show` returns.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from urllib.parse import quote

from oddk.portal.errors import NotAuthorized, NotFound, ValidationError
from oddk.portal.store import Store

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


def required_str(data: dict, key: str, *alts: str) -> str:
    for k in (key, *alts):
        value = data.get(k)
        if value not in (None, ""):
            if not isinstance(value, str):
                raise ValidationError({k: [f"Must be a string, not {type(value).__name__}"]})
            return value
    raise ValidationError({key: ["Missing value"]})


def as_bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "on")
    return bool(value)


def natural_int(data: dict, key: str, default):
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


def find_package(ctx: Context, con, ident: str, *, deleted_ok: bool = False) -> dict:
    pkg = ctx.store.get_package(con, ident)
    if pkg is None:
        raise NotFound(f"there is no dataset with the id or name '{ident}'")
    if pkg.get("state") == "deleted" and not (deleted_ok or ctx.user):
        raise NotAuthorized(
            f"dataset '{ident}' has been deleted; only a request with an API token can see it"
        )
    if is_private(pkg) and not ctx.user:
        raise NotAuthorized(
            f"dataset '{ident}' is private; only a request with an API token can see it"
        )
    return pkg


def is_private(pkg: dict) -> bool:
    private = pkg.get("private")
    return private is True or (isinstance(private, str) and private.lower() == "true")


def all_actions() -> dict:
    """Every action by name (importing the modules that define them registers them)."""
    from oddk.portal import reads, writes  # noqa: F401

    return ACTIONS
