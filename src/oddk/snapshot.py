"""A snapshot of any CKAN portal in the kit's catalogue form (datasets/catalogue), so that the
secretariat refreshes the embedded catalogue, or makes real municipality reports offline,
in one command: `oddk catalogue snapshot --portal https://admin.opendata.dk --out DIR`.

It pages through package_search (sorted by name, so pages do not shift), organization_list
and group_list; it is polite (a pause between requests, a retry with back-off when the portal
does not answer, a progress bar) and resumable: each page is kept in DIR/.partial/ as it
arrives, and a run that was interrupted goes on where it stopped. The folder gets
packages.json, organizations.json, groups.json, local_files.json (none: a real portal's files
are not shipped), source.json (portal, date, counts) and a README saying the same.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import time
from pathlib import Path

from oddk import catalogue as cat_mod
from oddk import safe_write

PAGE = 100
LIST_PAGE = 25  # CKAN gives organisations with all fields 25 at a time by default
PARTIAL = ".partial"
FILES = ("packages.json", "organizations.json", "groups.json", "local_files.json",
         "source.json", "README.md")


class SnapshotError(RuntimeError):
    """The snapshot could not be taken; the message says why and what to do."""


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


class _Polite:
    """Calls to one portal: a pause before each, and a few tries with growing waits."""

    def __init__(self, cat, delay: float, retries: int, sleep=time.sleep):
        self.cat, self.delay, self.retries, self.sleep = cat, delay, retries, sleep
        self.calls = 0

    def __call__(self, action: str, **data):
        wait = max(self.delay, 1.0)
        for attempt in range(self.retries + 1):
            if self.delay:
                self.sleep(self.delay)
            try:
                self.calls += 1
                return self.cat.call(action, **data)
            except (cat_mod.PortalUnreachable, cat_mod.CatalogueError) as err:
                if attempt == self.retries:
                    raise SnapshotError(
                        f"{self.cat.url} did not answer {action} after {self.retries + 1} tries "
                        f"({err}). Run the same command again later: the pages already "
                        "fetched are kept, and it goes on from there.") from None
                self.sleep(wait)
                wait *= 2


def _pages(call, folder: Path, total: int, page: int, progress) -> list[dict]:
    """Every dataset, page by page; pages already in `folder` are not asked again."""
    packages = []
    for start in range(0, total, page):
        kept = folder / f"packages-{start:07d}.json"
        if kept.is_file():
            results = json.loads(kept.read_text(encoding="utf-8"))
        else:
            results = call("package_search", q="*:*", rows=page, start=start,
                           sort="name asc")["results"]
            safe_write.write_text(kept, _dump(results))
        packages += results
        progress(min(start + page, total), total)
    return packages


def _listed(call, action: str) -> list[dict]:
    """organization_list / group_list with all fields, page by page until a short page."""
    out, offset = [], 0
    while True:
        chunk = call(action, all_fields=True, limit=LIST_PAGE, offset=offset)
        out += chunk
        offset += len(chunk)
        if len(chunk) < LIST_PAGE:
            return out


def _bar(stream=sys.stderr):
    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        print(f"\rdatasets [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="",
              file=stream, flush=True)
        if done >= total:
            print(file=stream)
    return show


def take_snapshot(portal: str, out_dir, *, page: int = PAGE, delay: float = 1.0,
                  retries: int = 4, force: bool = False, progress=None, sleep=time.sleep) -> dict:
    """Write the snapshot of `portal` into `out_dir`; returns what source.json says."""
    out = Path(out_dir)
    if (out / "packages.json").exists() and not force:
        raise FileExistsError(f"'{out}' holds a catalogue already and was left as it is. Give "
                              "another folder, or replace it on purpose (--force).")
    for name in FILES:
        safe_write.guard(out / name, force=force)  # nothing else in the folder is written over
    cat = cat_mod.connect(portal)
    if cat.offline:
        raise SnapshotError("A snapshot is taken of a portal: give its address (--portal URL).")
    call = _Polite(cat, delay, retries, sleep)
    partial = out / PARTIAL
    state = partial / "state.json"
    status = call("status_show")
    total = call("package_search", q="*:*", rows=0)["count"]
    now = {"portal": cat.url, "count": total, "page": page}
    if state.is_file() and json.loads(state.read_text("utf-8")) != now:
        shutil.rmtree(partial)  # another portal, page size or count: the kept pages may shift
    partial.mkdir(parents=True, exist_ok=True)
    safe_write.write_text(state, _dump(now))
    packages = _pages(call, partial, total, page, progress or _bar())
    packages = sorted({p["name"]: p for p in packages}.values(), key=lambda p: p["name"])
    if len(packages) != total:  # the catalogue changed while the pages came in
        shutil.rmtree(partial)
        raise SnapshotError(f"{cat.url} changed while the snapshot was taken ({len(packages)} "
                            f"datasets fetched, {total} announced). Run the command again.")
    orgs, groups = _listed(call, "organization_list"), _listed(call, "group_list")
    today = dt.date.today().isoformat()
    source = {"portal": cat.url, "date": today, "datasets": len(packages),
              "organisations": len(orgs), "groups": len(groups),
              "practice": "oddk_practice_portal" in (status.get("extensions") or []),
              "requests": call.calls}
    for name, value in zip(FILES, (packages, orgs, groups, [], source), strict=False):
        safe_write.write_text(out / name, _dump(value))
    safe_write.write_text(out / "README.md", _readme(source))
    shutil.rmtree(partial)
    return source


def _readme(source: dict) -> str:
    practice = ("\n**A practice portal**: its catalogue is the kit's synthetic one.\n"
                if source["practice"] else "")
    return (f"# Catalogue: a snapshot of {source['portal']} ({source['date']})\n\n"
            f"Taken on {source['date']} from {source['portal']} with the kit's catalogue "
            f"snapshot command: {source['datasets']} datasets, {source['organisations']} "
            f"organisations, {source['groups']} groups, in the JSON shapes the portal's CKAN "
            "Action API returns (package_show, organization_show, group_show).\n"
            f"{practice}\nThe datasets' licences are their publishers'; see each dataset.\n")
