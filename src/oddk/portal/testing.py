"""Start a practice portal for a test or a notebook run, and stop it afterwards.

    with running_portal(tmp_path / "portal") as portal:
        ckan = ckanapi.RemoteCKAN(portal.url, apikey=portal.token)

The portal runs in its own process (`python -m oddk.portal serve`) on a free port on
127.0.0.1; the context waits until status_show answers, creates a token, and stops
the server on exit, also when the test fails. Its log is in `<data_dir>/portal.log`.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests


@dataclass
class PortalHandle:
    url: str
    token: str
    data_dir: Path
    process: subprocess.Popen
    log_path: Path

    def client(self, token: bool = True):
        """A ckanapi.RemoteCKAN for this portal (with the token unless token=False)."""
        import ckanapi

        return ckanapi.RemoteCKAN(self.url, apikey=self.token if token else None)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict:
    import oddk

    src = str(Path(oddk.__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [env.get("PYTHONPATH")])])
    env.pop("ODDK_API_KEY", None)
    return env


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    if os.name == "nt":
        proc.terminate()
    else:
        proc.send_signal(signal.SIGTERM)  # uvicorn finishes requests in flight, then stops
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def start_process(
    data_dir: Path,
    port: int,
    catalogue_dir: Path | None = None,
    max_upload_mb: float | None = None,
    log_path: Path | None = None,
    reset: bool = False,
    site_url: str | None = None,
):
    """Start `python -m oddk.portal serve` and return (process, log path)."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_path or data_dir / "portal.log"
    cmd = [
        sys.executable,
        "-m",
        "oddk.portal",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--data",
        str(data_dir),
    ]
    if catalogue_dir is not None:
        cmd += ["--catalogue", str(catalogue_dir)]
    if max_upload_mb is not None:
        cmd += ["--max-upload-mb", str(max_upload_mb)]
    if reset:
        cmd.append("--reset")
    if site_url:
        cmd += ["--site-url", site_url]
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, env=_env(), stdin=subprocess.DEVNULL
        )
    return proc, log_path


def wait_until_up(url: str, proc: subprocess.Popen, log_path: Path, timeout: float = 30) -> bool:
    """True once status_show answers; False if the process ended (e.g. port taken)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            r = requests.get(f"{url}/api/3/action/status_show", timeout=2)
            if r.status_code == 200 and r.json().get("success"):
                return True
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.1)
    _stop(proc)
    raise TimeoutError(
        f"The practice portal did not answer within {timeout:.0f} s. "
        f"Its log ({log_path}):\n{log_path.read_text(errors='replace')[-3000:]}"
    )


@contextmanager
def running_portal(
    data_dir: Path,
    catalogue_dir: Path | None = None,
    *,
    max_upload_mb: float | None = None,
    token_name: str = "notebook-run",
    port: int | None = None,
    timeout: float = 30,
    reset: bool = False,
    site_url: str | None = None,
) -> Iterator[PortalHandle]:
    """A practice portal for the length of the `with` block (see the module doc).

    `catalogue_dir` defaults to datasets/catalogue; an empty or missing folder gives
    an empty portal. A data folder used before keeps its datasets, unless `reset`.
    `site_url` is the address the portal puts in resource URLs ("{port}" is replaced
    by the port); `.url` is always the direct address on 127.0.0.1."""
    from oddk.portal.auth import create_token
    from oddk.portal.store import Store

    data_dir = Path(data_dir)
    for _attempt in range(3):
        chosen = port or free_port()
        proc, log_path = start_process(
            data_dir,
            chosen,
            catalogue_dir,
            max_upload_mb,
            reset=reset,
            site_url=site_url.replace("{port}", str(chosen)) if site_url else None,
        )
        url = f"http://127.0.0.1:{chosen}"
        try:
            up = wait_until_up(url, proc, log_path, timeout)
        except BaseException:
            _stop(proc)
            raise
        if up:
            break
        if port:
            break
    else:
        up = False
    if not up:
        raise RuntimeError(
            f"The practice portal did not start. Its log ({log_path}):\n"
            f"{log_path.read_text(errors='replace')[-3000:]}"
        )
    try:
        token = create_token(Store(data_dir), token_name)
        yield PortalHandle(url=url, token=token, data_dir=data_dir, process=proc, log_path=log_path)
    finally:
        _stop(proc)


@contextmanager
def portal_for_run(folder: Path, url_parameter: str = "portal_url") -> Iterator[tuple[dict, dict]]:
    """For the notebook harness: a portal for a run that `needs: [portal]`.

    Yields (parameters, environment) to add to the run: the portal's URL as the
    parameter `url_parameter`, and its token as ODDK_API_KEY (secrets never go into
    parameters, which papermill writes into the executed notebook).
    """
    with running_portal(Path(folder)) as portal:
        yield {url_parameter: portal.url}, {"ODDK_API_KEY": portal.token}
