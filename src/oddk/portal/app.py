"""The web application: CKAN's Action API at /api/3/action/<name>, resource
downloads, and the web page. Built on Starlette (served by uvicorn).

Every answer from the API has CKAN's envelope `{"help", "success", "result"}`, or
`{"help", "success": false, "error": {...}}` with CKAN's status codes; a bad request
gets CKAN's bare string ("Bad request - …"). No answer ever holds a stack trace:
unexpected errors are logged on the server and answered with CKAN's 500 shape.
"""

from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from oddk import json_safe
from oddk.portal import auth, pages
from oddk.portal.actions import Context, all_actions
from oddk.portal.errors import ActionError, BadRequest, ValidationError
from oddk.portal.store import Store
from oddk.portal.uploads import upload_too_large

log = logging.getLogger("oddk.portal")

JSON_LIMIT = 5_000_000  # bytes of a JSON or form body without a file
FORM_MARGIN = 1_000_000  # room for the text fields sent along with an upload


class BodyTooLarge(Exception):
    def __init__(self, multipart: bool, drained: bool):
        self.multipart, self.drained = multipart, drained


def _json(status: int, content, headers: dict | None = None) -> Response:
    body = json.dumps(content, ensure_ascii=False).encode("utf-8")
    return Response(
        body, status_code=status, headers=headers, media_type="application/json;charset=utf-8"
    )


async def _spool(request: Request, limit: int, multipart: bool):
    """Read the body into a temporary file (in memory while small), at most `limit`
    bytes. A body over the limit is read to its end and dropped, so that the client
    gets our answer instead of a broken connection; one far over it is cut off."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > 4 * limit + 10_000_000:
        raise BodyTooLarge(multipart, drained=False)
    spool = tempfile.SpooledTemporaryFile(max_size=1 << 20)
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total <= limit:
            spool.write(chunk)
    if total > limit:
        spool.close()
        raise BodyTooLarge(multipart, drained=True)
    spool.seek(0)
    return spool


def _replay(spool):
    async def receive():
        chunk = spool.read(1 << 16)
        return {"type": "http.request", "body": chunk, "more_body": bool(chunk)}

    return receive


def _add(data: dict, key: str, value) -> None:
    if key in data:
        data[key] = (data[key] if isinstance(data[key], list) else [data[key]]) + [value]
    else:
        data[key] = value


async def read_data(request: Request, max_upload: int):
    """The action's data dict and uploaded files from a POST: JSON, a form, or
    multipart/form-data with a file in `upload` (what ckanapi sends)."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    multipart = ctype == "multipart/form-data"
    spool = await _spool(request, max_upload + FORM_MARGIN if multipart else JSON_LIMIT, multipart)
    data: dict = {}
    files: dict = {}
    try:
        if ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
            replayed = Request(request.scope, _replay(spool))
            try:
                form = await replayed.form(max_files=10, max_fields=1000)
            except MultiPartException as e:
                raise BadRequest(f"could not read the form data: {e.message}") from None
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    files[key] = value
                else:
                    _add(data, key, value)
            # CKAN also accepts a JSON object sent as the only key of a form.
            key = next(iter(data), "")
            if (
                not files
                and len(data) == 1
                and key.lstrip().startswith("{")
                and (data[key] in ("", "1"))
            ):
                data = _parse_json(key.encode("utf-8"))
        else:
            body = spool.read()
            data = _parse_json(body) if body.strip() else {}
    finally:
        spool.close()
    return data, files


def _parse_json(body: bytes) -> dict:
    try:
        data = json_safe.loads(body.decode("utf-8"), max_depth=json_safe.MAX_DEPTH)
    except json_safe.TooDeep as e:
        raise BadRequest(f"JSON Error: {e} Send a JSON object such as "
                         '{"id": "my-dataset"}.') from None
    except UnicodeDecodeError:
        raise BadRequest("JSON Error: the request body is not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise BadRequest(
            f"JSON Error: Error decoding JSON data: {e.msg} at line {e.lineno} column {e.colno}. "
            'Send a JSON object such as {"id": "my-dataset"}.'
        ) from None
    if not isinstance(data, dict):
        raise BadRequest(
            f"Bad request data: Request data JSON decoded to {type(data).__name__} "
            'but it needs to be a dictionary (a JSON object such as {"id": "my-dataset"}).'
        )
    return data


def _query_data(request: Request) -> dict:
    data: dict = {}
    for key, value in request.query_params.multi_items():
        _add(data, key, value)
    data.pop("callback", None)
    return data


def create_app(store: Store, site_url: str, max_upload: int) -> Starlette:
    """The portal as an ASGI app; `site_url` (no trailing slash) is where clients reach it."""
    site_url = site_url.rstrip("/")
    actions = all_actions()  # the registry: tests may swap an action in it

    async def action(request: Request) -> Response:
        name = request.path_params["name"]
        fn = actions.get(name)
        if fn is None:
            return _json(400, BadRequest(f"Action name not known: {name}").full_message())
        envelope = {"help": f"{site_url}/api/3/action/help_show?name={name}"}
        files: dict = {}
        try:
            if request.method == "GET":
                if not fn.side_effect_free:
                    raise BadRequest(
                        "JSON Error: Invalid request. Please use POST method for "
                        f"your request ({name} changes the catalogue)"
                    )
                data = _query_data(request)
            else:
                data, files = await read_data(request, max_upload)
            token = auth.token_from_headers(request.headers)
            user = await run_in_threadpool(auth.user_for_token, store, token)
            ctx = Context(
                store=store,
                site_url=site_url,
                max_upload=max_upload,
                user=user,
                token_given=bool(token),
                files=files,
            )
            result = await run_in_threadpool(fn, ctx, data)
        except BadRequest as e:
            return _json(400, e.full_message())
        except BodyTooLarge as e:
            headers = None if e.drained else {"Connection": "close"}
            if e.multipart:
                err = ValidationError({"upload": [upload_too_large(max_upload)]})
                return _json(
                    err.status, {**envelope, "success": False, "error": err.error_dict()}, headers
                )
            return _json(
                400,
                BadRequest(
                    f"the request body is larger than the "
                    f"{JSON_LIMIT // 1_000_000} MB the portal takes "
                    "for JSON"
                ).full_message(),
                headers,
            )
        except ActionError as e:
            return _json(e.status, {**envelope, "success": False, "error": e.error_dict()})
        except Exception:
            log.exception("Action %s failed", name)
            return _json(
                500,
                {
                    **envelope,
                    "success": False,
                    "error": {
                        "__type": "Internal Server Error",
                        "message": "Internal Server Error",
                    },
                },
            )
        finally:
            for upload in files.values():
                await upload.close()
        return _json(200, {**envelope, "success": True, "result": result})

    async def api_root(request: Request) -> Response:
        return _json(200, {"version": 3})

    def download(request: Request) -> Response:
        rid = request.path_params["resource_id"]
        found = store.get_file(rid)
        if found is None or not found[0].is_file():
            return PlainTextResponse(
                "Not found: this resource has no file on the practice portal.", status_code=404
            )
        path, mimetype = found
        name = request.path_params["filename"]
        if name != path.name:
            # a shapefile's .dbf/.shx/.prj sit beside the .shp under the same address
            sidecar = path.parent / name
            if (
                "/" in name
                or name.startswith(".")
                or not sidecar.is_file()
                or (sidecar.stem != path.stem)
            ):
                return PlainTextResponse(
                    f"Not found: no file '{name}' for this resource.", status_code=404
                )
            path, mimetype = sidecar, None
        return FileResponse(path, media_type=mimetype or None)

    async def not_found(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return _json(exc.status_code, f"{exc.detail}: {request.url.path}")
        return PlainTextResponse(f"{exc.detail}: {request.url.path}", status_code=exc.status_code)

    async def server_error(request: Request, exc: Exception) -> Response:
        log.error("Request %s failed: %r", request.url.path, exc)
        return PlainTextResponse("Internal Server Error", status_code=500)

    page = pages.Pages(store, site_url)
    routes = [
        Route("/api/3/action/{name}", action, methods=["GET", "POST"]),
        Route("/api/action/{name}", action, methods=["GET", "POST"]),
        Route("/api/3", api_root),
        Route("/api", api_root),
        Route("/dataset/{package_id}/resource/{resource_id}/download/{filename}", download),
        Route("/", page.index),
        Route("/dataset/{name}", page.dataset),
    ]
    app = Starlette(
        routes=routes, exception_handlers={HTTPException: not_found, Exception: server_error}
    )
    prefix = urlparse(site_url).path.rstrip("/")
    return StripPrefix(app, prefix) if prefix else app


class StripPrefix:
    """Answer under the site URL's path too (`--site-url http://host/portal`): a proxy
    that passes the full path (`/portal/api/3/…`) and one that strips it both work."""

    def __init__(self, app, prefix: str):
        self.app, self.prefix = app, prefix

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        if scope["type"] == "http" and path == self.prefix:  # the page's links need the slash
            query = scope.get("query_string", b"").decode("latin-1")
            target = self.prefix + "/" + (f"?{query}" if query else "")
            await RedirectResponse(target, status_code=307)(scope, receive, send)
            return
        if scope["type"] == "http" and path.startswith(self.prefix + "/"):
            scope = dict(scope, path=path[len(self.prefix) :] or "/")
            scope["raw_path"] = scope["path"].encode("utf-8")
        await self.app(scope, receive, send)


def data_dir_default() -> Path:
    from oddk import paths

    try:
        return paths.build_dir() / "portal-data"
    except FileNotFoundError:
        return Path("portal-data")
