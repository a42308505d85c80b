"""Reach the practice portal from JupyterLab on Binder (or any JupyterHub) through
jupyter-server-proxy: a "Practice portal" tile in the Launcher starts it on port 5000
and opens its web page at <lab address>/oddk-portal/.

Registered in pyproject.toml as

    [project.entry-points.jupyter_serverproxy_servers]
    oddk-portal = "oddk.portal.binder:setup_portal"

Notebooks in the same session talk to the API directly at http://127.0.0.1:5000
(the kernel runs beside the server); only the browser goes through the proxy, and the
web page's links are relative so they work under the proxy's path.
"""

from __future__ import annotations

import sys

PORT = 5000


def setup_portal() -> dict:
    """jupyter-server-proxy's server entry for the practice portal."""
    return {
        "command": [
            sys.executable,
            "-m",
            "oddk.portal",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "{port}",
            "--quiet",
        ],
        "port": PORT,
        "timeout": 60,
        "absolute_url": False,
        "new_browser_tab": True,
        "launcher_entry": {"enabled": True, "title": "Practice portal"},
    }
