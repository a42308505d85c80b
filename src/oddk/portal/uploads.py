"""Uploaded files: stored under `<data>/uploads/<resource id>/`, size-checked while
copied, with a safe file name, and then served at the resource's URL."""

from __future__ import annotations

import mimetypes
import os
import re
import unicodedata

from oddk.portal.errors import ValidationError
from oddk.portal.store import new_id, now


def munge_filename(name: str) -> str:
    """A safe file name from an uploaded one: 'Toiletter Århus.csv' → 'Toiletter-Arhus.csv'."""
    name = os.path.basename(name.replace("\\", "/")).strip()
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = re.sub(r"\s+", "-", name)
    name = re.sub(r"[^\w.-]", "", name).lstrip(".")
    return (name or "upload")[:100]


def store_upload(ctx, rid: str) -> dict | None:
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
