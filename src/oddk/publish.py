"""Publish a dataset through the CKAN Action API, and publish a new version of its data.

A dry run is the default: it shows the exact requests (action, fields, file) and sends
nothing. Give a portal address to publish for real; the API key always comes from the
environment variable ODDK_API_KEY, never from a parameter (a notebook's parameters are
saved in the executed notebook, and a key there would leak).

    >>> result = publish(record, "dry-run")                  # doctest: +SKIP
    >>> print(result.payload_text())                         # doctest: +SKIP
    >>> result = publish(record, "http://127.0.0.1:5000")    # doctest: +SKIP

The first publication runs `package_create`, then `resource_create` with the file as
`upload` (multipart). When the dataset exists already (same `name`), it is updated
instead: `package_patch` with the metadata, `resource_update` with the new file for
the resource of the same name (a new resource otherwise), so links to the dataset and
its resources keep working. Danish quirk: opendata.dk requires `author` and
`author_email` (the record's contact) and takes the licence per resource (`license_id`).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from oddk import metadata as md

API_KEY_ENV = "ODDK_API_KEY"
DRY_RUN = ("", "dry-run", "dryrun", "offline", "none")
USER_AGENT = "oddk-kit/0.1 (+https://github.com/OpenDataDK/oddk-kit)"
_DATASET_FIELDS = (
    "name",
    "title",
    "notes",
    "owner_org",
    "author",
    "author_email",
    "data_themes",
    "update_frequency",
    "tags",
    "title_translated",
    "notes_translated",
    "temporal_start",
    "temporal_end",
    "documentation",
    "url",
    "version",
)


class PublishError(RuntimeError):
    """Publishing failed. `.code`: "no-api-key", "refused" (403), "invalid" (409, with
    `.fields`: field → messages), "not-found", "unreachable" or "portal-error"."""

    def __init__(self, code: str, message: str, fields: dict | None = None):
        super().__init__(message)
        self.code = code
        self.fields = fields or {}


@dataclass
class PublishResult:
    """What `publish` did (or, in a dry run, would do)."""

    dry_run: bool
    portal: str | None
    steps: list[dict] = field(default_factory=list)
    dataset: dict | None = None  # package_show after publishing
    created: bool | None = None  # True: new dataset; False: a new version of an existing one

    def payload_text(self) -> str:
        """The requests as JSON: action, URL, fields, and the file sent (name, size, SHA-256)."""
        return json.dumps(self.steps, ensure_ascii=False, indent=2)

    def resource(self, name: str | None = None) -> dict | None:
        """A published resource (the first, or the one named `name`)."""
        for res in (self.dataset or {}).get("resources") or []:
            if name is None or res.get("name") == name:
                return res
        return None

    def summary(self) -> str:
        if self.dry_run:
            return (
                f"Dry run: {len(self.steps)} request(s) shown, nothing sent. Give a portal "
                f"address (and {API_KEY_ENV}) to publish; a dataset that exists there already "
                "is updated instead (package_patch, resource_update)."
            )
        what = "Created" if self.created else "Updated"
        ds = self.dataset or {}
        return (
            f"{what} '{ds.get('name')}' on {self.portal}: {len(ds.get('resources') or [])} "
            f"resource(s), modified {ds.get('metadata_modified')}."
        )

    def _repr_markdown_(self) -> str:
        return f"**{self.summary()}**\n\n```json\n{self.payload_text()}\n```"


def is_dry_run(portal) -> bool:
    return portal is None or str(portal).strip().lower() in DRY_RUN


def api_key() -> str:
    """The API key from ODDK_API_KEY, or PublishError saying how to set it."""
    key = os.environ.get(API_KEY_ENV, "").strip()
    if not key:
        raise PublishError(
            "no-api-key",
            f"No API key: set the environment variable {API_KEY_ENV} to your token before "
            f"publishing (in a terminal: export {API_KEY_ENV}=<token>; on Windows: set "
            f"{API_KEY_ENV}=<token>). On the practice portal, `oddk portal token create YOUR-NAME` "
            "prints one. Never write the key in a notebook.",
        )
    return key


def client(portal: str, *, with_key: bool = True):
    """A ckanapi.RemoteCKAN for `portal`, with the key from ODDK_API_KEY if `with_key`."""
    import ckanapi

    return ckanapi.RemoteCKAN(
        portal.rstrip("/"), apikey=api_key() if with_key else None, user_agent=USER_AGENT
    )


def _file_info(path: str) -> dict:
    data = Path(path).read_bytes()
    return {"file": Path(path).name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _steps(pkg: dict, record: dict, portal: str | None, existing: dict | None) -> list[dict]:
    """The requests to send: create (existing is None) or update."""
    base = (portal.rstrip("/") if portal else "PORTAL") + "/api/3/action/"
    auth = {"Authorization": f"<the token in {API_KEY_ENV}>"}
    meta = {k: pkg[k] for k in _DATASET_FIELDS if k in pkg}
    steps = []
    if existing is None:
        steps.append(
            {
                "action": "package_create",
                "url": base + "package_create",
                "headers": auth,
                "json": meta,
            }
        )
        package_ref = pkg["name"]
    else:
        steps.append(
            {
                "action": "package_patch",
                "url": base + "package_patch",
                "headers": auth,
                "json": {"id": existing["id"], **meta},
            }
        )
        package_ref = existing["id"]
    old = {r.get("name"): r for r in (existing or {}).get("resources") or []}
    for res, dist in zip(pkg["resources"], record["distributions"], strict=True):
        fields = dict(res)
        before = old.get(res["name"]) if not res.get("id") else {"id": res["id"]}
        if before:
            fields["id"] = before["id"]
            action = "resource_update"
        else:
            fields["package_id"] = package_ref
            action = "resource_create"
        step = {"action": action, "url": base + action, "headers": auth}
        if dist["file"]:
            step["multipart"] = fields
            step["upload"] = {"path": dist["file"], **_file_info(dist["file"])}
        else:
            step["json"] = fields
        steps.append(step)
    return steps


def publish(
    record: dict, portal: str | None = "dry-run", *, data_path=None, dry_run: bool | None = None
) -> PublishResult:
    """Publish `record` (its files as uploads) to `portal`, or show what would be sent.

    `portal` "dry-run" / "offline" / None: a dry run, no network. A URL: publish there
    with the key in ODDK_API_KEY (`dry_run=True` still only shows the requests).
    `data_path` replaces the first distribution's file (a new version of the data).
    Raises PublishError with a plain message when the portal refuses."""
    r = md.attach_file(record, data_path) if data_path else md.normalise(record)
    r = md.require_complete(r)
    pkg = md.to_ckan(r)
    if dry_run or is_dry_run(portal):
        return PublishResult(
            True,
            None if is_dry_run(portal) else portal,
            _steps(pkg, r, None if is_dry_run(portal) else portal, None),
        )
    import ckanapi

    portal = portal.rstrip("/")
    ckan = client(portal)
    try:
        existing = _show(ckan, pkg["name"])
        steps = _steps(pkg, r, portal, existing)
        package_id = existing["id"] if existing else None
        for step in steps:
            data = dict(step.get("json") or step.get("multipart"))
            if step["action"] in ("package_create", "package_patch"):
                package_id = getattr(ckan.action, step["action"])(**data)["id"]
                continue
            if data.get("package_id") == pkg["name"] and package_id:
                data["package_id"] = package_id
            if "upload" in step:
                with open(step["upload"]["path"], "rb") as fh:
                    done = getattr(ckan.action, step["action"])(upload=fh, **data)
            else:
                done = getattr(ckan.action, step["action"])(**data)
            step["result"] = {
                "id": done.get("id"),
                "url": done.get("url"),
                "size": done.get("size"),
            }
        dataset = ckan.action.package_show(id=package_id)
    except ckanapi.NotAuthorized as err:
        raise PublishError(
            "refused",
            f"The portal {portal} refused to write (403 Authorization Error: {_msg(err)}). Check "
            f"that {API_KEY_ENV} holds a valid token for this portal and that it may publish for "
            f"the organisation '{pkg['owner_org']}'.",
        ) from None
    except ckanapi.ValidationError as err:
        fields = _fields(err)
        lines = "\n".join(
            f"  - {k}: {'; '.join(map(str, v)) if isinstance(v, list) else v}"
            for k, v in fields.items()
        )
        raise PublishError(
            "invalid",
            f"The portal {portal} did not accept the dataset (409 Validation Error). Fix these "
            f"fields in the metadata record and publish again:\n{lines}",
            fields,
        ) from None
    except ckanapi.NotFound as err:
        raise PublishError(
            "not-found", f"The portal {portal} answered 404 Not Found: {_msg(err)}."
        ) from None
    except ckanapi.CKANAPIError as err:
        if "Connection" in type(err.__cause__ or err).__name__ or "connect" in str(err).lower():
            raise PublishError("unreachable", _unreachable(portal)) from None
        raise PublishError(
            "portal-error", f"The portal {portal} answered with an error: {_msg(err)}."
        ) from None
    except OSError as err:  # requests' ConnectionError is an OSError
        raise PublishError(
            "unreachable", _unreachable(portal) + f" ({type(err).__name__})"
        ) from None
    return PublishResult(False, portal, steps, dataset, created=existing is None)


def _show(ckan, name: str) -> dict | None:
    import ckanapi

    try:
        return ckan.action.package_show(id=name)
    except ckanapi.NotFound:
        return None


def _msg(err) -> str:
    arg = err.args[0] if err.args else err
    if isinstance(arg, dict):
        return str(arg.get("message") or arg)
    return str(arg)


def _fields(err) -> dict:
    d = getattr(err, "error_dict", None) or (err.args[0] if err.args else {})
    if not isinstance(d, dict):
        return {"(portal)": [str(d)]}
    return {k: v for k, v in d.items() if k != "__type"}


def _unreachable(portal: str) -> str:
    return (
        f"Could not reach the portal at {portal}. Check the address (it should be the portal's "
        "base address, e.g. http://127.0.0.1:5000) and that the portal is running."
    )
