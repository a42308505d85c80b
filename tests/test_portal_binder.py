"""The practice portal reached the Binder way: through jupyter-server-proxy, under the
Jupyter server's path (/oddk-portal/), with the entry that pyproject.toml registers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from oddk.portal.testing import free_port

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "datasets" / "catalogue"

CONFIG = """
from oddk.portal.binder import setup_portal

entry = setup_portal()
entry["command"] += ["--data", {data!r}, "--catalogue", {catalogue!r}]
entry["port"] = {portal_port}
c.ServerProxy.servers = {{"oddk-portal": entry}}
c.ServerApp.ip = "127.0.0.1"
c.ServerApp.port = {port}
c.ServerApp.port_retries = 0
c.ServerApp.open_browser = False
c.ServerApp.allow_root = True
c.ServerApp.root_dir = {root!r}
c.IdentityProvider.token = ""
c.ServerApp.password = ""
"""


@pytest.mark.skipif(
    not (CATALOGUE / "local_files.json").is_file(), reason="the embedded catalogue is not there"
)
@pytest.mark.skipif(os.name == "nt", reason="process groups are POSIX")
def test_the_portal_opens_through_jupyter_server_proxy(tmp_path):
    port, portal_port = free_port(), free_port()
    config = tmp_path / "jupyter_config.py"
    config.write_text(
        CONFIG.format(
            data=str(tmp_path / "portal"),
            catalogue=str(CATALOGUE),
            portal_port=portal_port,
            port=port,
            root=str(tmp_path),
        ),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    log = open(tmp_path / "jupyter.log", "wb")
    jupyter = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "server", f"--config={config}"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=tmp_path,
        start_new_session=True,  # the portal it starts joins this group, stopped together
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline:
            assert jupyter.poll() is None, (tmp_path / "jupyter.log").read_text()
            try:
                if requests.get(base + "/api/status", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        index = requests.get(base + "/oddk-portal/", timeout=60)  # starts the portal
        assert index.status_code == 200 and "Datasets (datasæt)" in index.text
        api = requests.get(base + "/oddk-portal/api/3/action/package_list", timeout=10).json()
        assert api["success"] and "offentlige-toiletter-aarhus" in api["result"]
        page = requests.get(base + "/oddk-portal/dataset/offentlige-toiletter-aarhus", timeout=10)
        link = page.text.split('href="../dataset/', 1)[1].split('"', 1)[0]
        download = requests.get(base + "/oddk-portal/dataset/" + link, timeout=10)
        assert download.status_code == 200
        assert (
            download.content
            == (ROOT / "datasets" / "facilities" / "aarhus-toiletter-synthetic.csv").read_bytes()
        )
        # the kernel, beside the server, reaches the API directly
        direct = requests.get(
            f"http://127.0.0.1:{portal_port}/api/3/action/status_show", timeout=10
        )
        assert direct.json()["result"]["site_url"] == f"http://127.0.0.1:{portal_port}"
    finally:
        os.killpg(jupyter.pid, signal.SIGTERM)
        try:
            jupyter.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(jupyter.pid, signal.SIGKILL)
            jupyter.wait(timeout=5)
        log.close()
