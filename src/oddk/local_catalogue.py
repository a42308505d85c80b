"""The offline catalogue: the practice portal's own read actions, called in-process over a
read-only store loaded from datasets/catalogue (ckanapi's LocalCKAN pattern). Offline and
online give the same answers because they are the same code; nothing is written to the
kit's folders (the store lives in a temporary folder, made once per process).

    >>> local = LocalPortal.for_folder(datasets_dir() / "catalogue")
    >>> len(local.call("organization_list", {"limit": 2}))
    2
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import ckanapi

from oddk.paths import datasets_dir

SITE_URL = "https://admin.opendata.dk"  # where the snapshot's own addresses point
_CACHE: dict[tuple[str, float], LocalPortal] = {}


class ReadOnly(Exception):
    """An action that would change the catalogue, asked of the offline snapshot."""


def _ckanapi_error(err):
    """The portal's error as ckanapi raises it online, so callers catch one kind."""
    from oddk.portal import errors

    if isinstance(err, errors.NotFound):
        return ckanapi.NotFound(err.message)
    if isinstance(err, errors.NotAuthorized):
        return ckanapi.NotAuthorized(err.message)
    if isinstance(err, errors.SearchQueryError):
        return ckanapi.SearchQueryError(err.message)
    if isinstance(err, errors.ValidationError):
        return ckanapi.ValidationError({**err.errors, "__type": "Validation Error"})
    return ckanapi.CKANAPIError(err.message)


class LocalPortal:
    """A practice portal without a server, loaded from a catalogue folder, that answers only
    the read actions."""

    def __init__(self, folder: Path):
        from oddk.portal.store import Store

        self.folder = Path(folder)
        self._tmp = tempfile.mkdtemp(prefix="oddk-catalogue-")
        atexit.register(shutil.rmtree, self._tmp, True)
        self.store = Store(Path(self._tmp))
        self.store.load_catalogue(self.folder, link_files=False)

    @classmethod
    def for_folder(cls, folder: Path) -> LocalPortal:
        """One store per catalogue folder (and its packages.json's version) per process."""
        folder = Path(folder).resolve()
        key = (str(folder), (folder / "packages.json").stat().st_mtime)
        if key not in _CACHE:
            _CACHE[key] = cls(folder)
        return _CACHE[key]

    def call(self, action: str, data: dict):
        from oddk.portal.actions import Context, all_actions
        from oddk.portal.errors import ActionError

        fn = all_actions().get(action)
        if fn is None:
            raise ckanapi.NotFound(f"Action function not found: {action}")
        if getattr(fn, "write", False):
            raise ReadOnly(action)
        ctx = Context(store=self.store, site_url=SITE_URL, max_upload=0)
        try:
            return fn(ctx, dict(data))
        except ActionError as err:
            raise _ckanapi_error(err) from None


__all__ = ["LocalPortal", "ReadOnly", "datasets_dir"]
