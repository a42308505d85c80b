"""Start the practice portal: `oddk portal serve`.

uvicorn runs the app and stops cleanly on Ctrl+C (SIGINT) or SIGTERM: it finishes
the requests in flight and closes; SQLite in WAL mode keeps every committed write.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

DEFAULT_PORT = 5000
DEFAULT_MAX_UPLOAD_MB = 50.0


_TOKEN_IN_QUERY = re.compile(r"((?:api[_-]?key|token|authorization|auth)=)[^&\s\"]+", re.I)


class RedactTokens(logging.Filter):
    """A log filter that hides the value of apikey=, api_key=, token= and Authorization= in
    logged request lines (uvicorn's access log passes the path as an argument)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_TOKEN_IN_QUERY.sub(r"\1•••", a) if isinstance(a, str) else a
                                for a in record.args)
        if isinstance(record.msg, str):
            record.msg = _TOKEN_IN_QUERY.sub(r"\1•••", record.msg)
        return True


def default_catalogue_dir() -> Path | None:
    from oddk import paths

    try:
        return paths.datasets_dir() / "catalogue"
    except FileNotFoundError:
        return None


def default_data_dir() -> Path:
    from oddk.portal.app import data_dir_default

    return data_dir_default()


def serve(
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    data_dir: Path | None = None,
    catalogue_dir: Path | None = None,
    site_url: str | None = None,
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB,
    quiet: bool = False,
    reset: bool = False,
) -> int:
    """Load the catalogue (on first start) and serve until stopped."""
    import uvicorn

    from oddk.portal.app import create_app
    from oddk.portal.store import Store

    data_dir = Path(data_dir) if data_dir else default_data_dir()
    catalogue_dir = Path(catalogue_dir) if catalogue_dir else default_catalogue_dir()
    if data_dir_refused(data_dir):
        return 2
    if port and not _port_free(host, port):
        print(
            f"Port {port} on {host} is already in use (is a practice portal running already?). "
            "Stop that one, or choose another port with --port.",
            file=sys.stderr,
        )
        return 1
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"Listening on {host}: other machines on the network can reach this practice "
            "portal. Use it only on a network you trust.",
            file=sys.stderr,
        )
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    site_url = (site_url or f"http://{shown_host}:{port}").rstrip("/")
    max_upload = int(max_upload_mb * 1_000_000)
    if reset:
        reset_data(data_dir)
    store = Store(data_dir)
    loaded = store.load_catalogue(catalogue_dir)
    logging.basicConfig(
        level=logging.WARNING if quiet else logging.INFO, format="%(levelname)s: %(message)s"
    )
    if loaded:
        print(f"Loaded {loaded} datasets from {catalogue_dir}.", file=sys.stderr)
    elif catalogue_dir is None or not (catalogue_dir / "packages.json").is_file():
        print(f"No catalogue at {catalogue_dir}; the portal starts empty.", file=sys.stderr)
    print(
        f"Practice portal: {site_url}  (API: {site_url}/api/3/action/, data in {data_dir}). "
        "Press Ctrl+C to stop.",
        file=sys.stderr,
    )
    config = uvicorn.Config(
        create_app(store, site_url, max_upload),
        host=host,
        port=port,
        log_level="warning" if quiet else "info",
        lifespan="off",
        timeout_graceful_shutdown=5,
        server_header=False,
    )
    # a token sent in a query string (?apikey=…) is refused, and never written to the log
    logging.getLogger("uvicorn.access").addFilter(RedactTokens())
    # uvicorn finishes the requests in flight on SIGINT/SIGTERM, then stops
    uvicorn.Server(config).run()
    return 0


def _port_free(host: str, port: int) -> bool:
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def data_dir_refused(data_dir: Path) -> bool:
    """True (with a message) if the data folder is inside datasets/, which stays read-only."""
    datasets = default_catalogue_dir()
    if datasets is not None and _inside(data_dir, datasets.parent):
        print(
            f"The data folder {data_dir} is inside datasets/; the portal never writes there. "
            "Choose another with --data.",
            file=sys.stderr,
        )
        return True
    return False


def _inside(path: Path, folder: Path) -> bool:
    try:
        Path(path).resolve().relative_to(Path(folder).resolve())
        return True
    except ValueError:
        return False


def reset_data(data_dir: Path) -> None:
    """Remove the portal's own files from the data folder (and nothing else)."""
    import shutil

    for name in ("portal.sqlite", "portal.sqlite-wal", "portal.sqlite-shm"):
        (Path(data_dir) / name).unlink(missing_ok=True)
    shutil.rmtree(Path(data_dir) / "uploads", ignore_errors=True)
    print(
        f"Removed the practice portal's datasets, uploads and tokens in {data_dir}.",
        file=sys.stderr,
    )
