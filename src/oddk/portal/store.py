"""The portal's state: one SQLite file under the data folder (never in datasets/).

WAL mode and a busy timeout let concurrent writers wait for each other instead of
failing; every write runs in its own `BEGIN IMMEDIATE` transaction. Datasets are kept
as the JSON dicts that package_show returns, which is all the practice portal needs.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

BUSY_TIMEOUT_MS = 30_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS organizations (id TEXT PRIMARY KEY, name TEXT UNIQUE NOT NULL,
    data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS groups (id TEXT PRIMARY KEY, name TEXT UNIQUE NOT NULL,
    data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS packages (id TEXT PRIMARY KEY, name TEXT UNIQUE NOT NULL,
    state TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS resources (id TEXT PRIMARY KEY, package_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (resource_id TEXT PRIMARY KEY, path TEXT NOT NULL,
    size INTEGER, mimetype TEXT);
CREATE TABLE IF NOT EXISTS tokens (id TEXT PRIMARY KEY, name TEXT NOT NULL,
    hash TEXT UNIQUE NOT NULL, created TEXT NOT NULL);
"""


def now() -> str:
    """CKAN's timestamp format: UTC, no zone, microseconds (2024-05-01T10:11:12.123456)."""
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def new_id() -> str:
    return str(uuid.uuid4())


class Store:
    """State of one practice portal, in `data_dir/portal.sqlite` and `data_dir/uploads/`."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.uploads_dir = self.data_dir / "uploads"
        self.db_path = self.data_dir / "portal.sqlite"
        con = self.connect()
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(SCHEMA)
        finally:
            con.close()

    def connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(
            self.db_path,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        con.execute("PRAGMA synchronous=NORMAL")
        return con

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        con = self.connect()
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction that takes the write lock at once, so a check
        ("is this name free?") and the write that follows cannot interleave."""
        con = self.connect()
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        finally:
            con.close()

    # --- meta -----------------------------------------------------------------------
    @staticmethod
    def get_meta(con, key: str):
        row = con.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    @staticmethod
    def set_meta(con, key: str, value: str) -> None:
        con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # --- organizations and groups ---------------------------------------------------
    @staticmethod
    def get_org(con, id_or_name: str, table: str = "organizations") -> dict | None:
        row = con.execute(
            f"SELECT data FROM {table} WHERE id=? OR name=?", (id_or_name, id_or_name)
        ).fetchone()
        return json.loads(row[0]) if row else None

    @staticmethod
    def list_orgs(con, table: str = "organizations") -> list[dict]:
        return [json.loads(r[0]) for r in con.execute(f"SELECT data FROM {table}")]

    @staticmethod
    def put_org(con, org: dict, table: str = "organizations") -> None:
        con.execute(
            f"INSERT OR IGNORE INTO {table} (id, name, data) VALUES (?, ?, ?)",
            (org["id"], org["name"], json.dumps(org)),
        )

    # --- datasets -------------------------------------------------------------------
    @staticmethod
    def get_package(con, id_or_name: str) -> dict | None:
        row = con.execute(
            "SELECT data FROM packages WHERE id=? OR name=?", (id_or_name, id_or_name)
        ).fetchone()
        return json.loads(row[0]) if row else None

    @staticmethod
    def packages(con, state: str = "active") -> list[dict]:
        return [
            json.loads(r[0])
            for r in con.execute("SELECT data FROM packages WHERE state=?", (state,))
        ]

    @staticmethod
    def name_taken(con, name: str, except_id: str | None = None) -> bool:
        row = con.execute("SELECT id FROM packages WHERE name=?", (name,)).fetchone()
        return bool(row) and row[0] != except_id

    @staticmethod
    def save_package(con, pkg: dict) -> None:
        """Insert or replace a dataset and index its resources."""
        con.execute(
            "INSERT OR REPLACE INTO packages (id, name, state, data) VALUES (?, ?, ?, ?)",
            (pkg["id"], pkg["name"], pkg.get("state", "active"), json.dumps(pkg)),
        )
        con.execute("DELETE FROM resources WHERE package_id=?", (pkg["id"],))
        con.executemany(
            "INSERT OR REPLACE INTO resources (id, package_id) VALUES (?, ?)",
            [(r["id"], pkg["id"]) for r in pkg.get("resources", []) if r.get("id")],
        )

    @staticmethod
    def purge_package(con, pkg_id: str) -> None:
        con.execute("DELETE FROM packages WHERE id=?", (pkg_id,))
        con.execute("DELETE FROM resources WHERE package_id=?", (pkg_id,))

    @staticmethod
    def package_id_for_resource(con, resource_id: str) -> str | None:
        row = con.execute("SELECT package_id FROM resources WHERE id=?", (resource_id,)).fetchone()
        return row[0] if row else None

    # --- files ----------------------------------------------------------------------
    @staticmethod
    def put_file(con, resource_id: str, path: Path, size: int, mimetype: str | None) -> None:
        con.execute(
            "INSERT OR REPLACE INTO files (resource_id, path, size, mimetype) VALUES (?, ?, ?, ?)",
            (resource_id, str(path), size, mimetype),
        )

    def get_file(self, resource_id: str) -> tuple[Path, str | None] | None:
        with self.read() as con:
            row = con.execute(
                "SELECT path, mimetype FROM files WHERE resource_id=?", (resource_id,)
            ).fetchone()
        return (Path(row[0]), row[1]) if row else None

    # --- the embedded catalogue -----------------------------------------------------
    def load_catalogue(self, catalogue_dir: Path | None, link_files: bool = True) -> int:
        """Load datasets/catalogue/*.json once, as they are (faults and all).

        Nothing happens if the data folder already holds a loaded catalogue, or if the
        catalogue files are not there yet (they are then loaded on a later start).
        Files listed in local_files.json are (re)linked on every start, so their
        resources download from this portal; without `link_files` (the offline catalogue)
        every resource keeps the address the snapshot gives it. Returns the number of
        datasets loaded.
        """
        if catalogue_dir is None:
            return 0
        catalogue_dir = Path(catalogue_dir)
        packages_file = catalogue_dir / "packages.json"
        if not packages_file.is_file():
            return 0
        local = _read_local_files(catalogue_dir) if link_files else {}
        loaded = 0
        with self.write() as con:
            if self.get_meta(con, "catalogue_loaded") is None:
                loaded = self._load(con, catalogue_dir, packages_file, local)
                self.set_meta(con, "catalogue_loaded", now())
                self.set_meta(con, "catalogue_dir", str(catalogue_dir.resolve()))
            self._link_local_files(con, local)
        return loaded

    def _load(self, con, catalogue_dir: Path, packages_file: Path, local: dict) -> int:
        for table, filename in (("organizations", "organizations.json"), ("groups", "groups.json")):
            path = catalogue_dir / filename
            if path.is_file():
                for org in json.loads(path.read_text(encoding="utf-8")):
                    if isinstance(org, dict) and org.get("name"):
                        org.setdefault("id", new_id())
                        self.put_org(con, org, table)
        packages = json.loads(packages_file.read_text(encoding="utf-8"))
        loaded = 0
        links: dict[str, str] = {}
        for pkg in packages:
            if not isinstance(pkg, dict):
                continue
            pkg.setdefault("id", new_id())
            pkg.setdefault("name", pkg["id"])
            pkg.setdefault("state", "active")
            org = pkg.get("organization")
            if isinstance(org, dict) and org.get("name"):
                org.setdefault("id", pkg.get("owner_org") or new_id())
                self.put_org(con, org)
            for group in pkg.get("groups") or []:
                if isinstance(group, dict) and group.get("name"):
                    group.setdefault("id", new_id())
                    self.put_org(con, group, "groups")
            for pos, res in enumerate(pkg.get("resources") or []):
                if isinstance(res, dict):
                    res.setdefault("id", new_id())
                    res.setdefault("package_id", pkg["id"])
                    res.setdefault("position", pos)
                    key = res["id"] if res["id"] in local else res.get("url")
                    if key in local:
                        links[res["id"]] = key
                        res["url_type"] = "upload"
                        res["url"] = local[key].name
            if (
                self.name_taken(con, pkg["name"])
                or con.execute("SELECT 1 FROM packages WHERE id=?", (pkg["id"],)).fetchone()
            ):
                print(
                    f"practice portal: skipped a second dataset named '{pkg['name']}' "
                    "in the catalogue",
                    file=sys.stderr,
                )
                continue
            self.save_package(con, pkg)
            loaded += 1
        self.set_meta(con, "local_links", json.dumps(links))
        return loaded

    def _link_local_files(self, con, local: dict) -> None:
        """Point each linked resource at its file under datasets/ (found afresh each start)."""
        links = json.loads(self.get_meta(con, "local_links") or "{}")
        for resource_id, key in links.items():
            path = local.get(key)
            if path is not None:
                self.put_file(con, resource_id, path, path.stat().st_size, None)


def _read_local_files(catalogue_dir: Path) -> dict[str, Path]:
    """local_files.json maps resource ids or URLs to files under datasets/: either
    {"key": "path"}, {"key": {"path": ...}} or [{"resource_id"/"url", "path"}, ...].
    Paths are tried relative to the catalogue folder, datasets/ and the kit root."""
    path = catalogue_dir / "local_files.json"
    if not path.is_file():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    pairs: list[tuple[str, str]] = []
    if isinstance(raw, dict):
        for key, value in raw.items():
            if isinstance(value, dict):
                value = value.get("path") or value.get("file")
            if isinstance(value, str):
                pairs.append((key, value))
    elif isinstance(raw, list):
        for item in raw:
            if isinstance(item, dict):
                value = item.get("path") or item.get("file")
                for key in (item.get("resource_id"), item.get("id"), item.get("url")):
                    if key and isinstance(value, str):
                        pairs.append((key, value))
    bases = [catalogue_dir, catalogue_dir.parent, catalogue_dir.parent.parent]
    out: dict[str, Path] = {}
    for key, value in pairs:
        for base in bases:
            candidate = (base / value).resolve()
            if candidate.is_file():
                out[key] = candidate
                break
    return out
