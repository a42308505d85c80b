"""Where the course hub keeps things, read from environment variables with server defaults.

Every script in course/hub/ and jupyterhub_config.py take their paths and names from here,
so one variable moves a folder for all of them:

    ODDK_HUB_PREFIX          the hub's environment (Python, JupyterHub, proxy, the kit), readable by all: /opt/oddk-hub
    ODDK_HUB_STATE           the hub's own files (database, cookie secret, logs) and the exchange: /srv/oddk-hub
    ODDK_HUB_HOMES           where new accounts get their home folder: /home
    ODDK_HUB_ACCOUNT_PREFIX  every account the kit makes starts with it: oddk-
    ODDK_HUB_CLASS           the class list (CSV): course/hub/class.csv
    ODDK_HUB_IP, ODDK_HUB_PORT   where the hub listens: 127.0.0.1:8000 (the university's proxy in front)
"""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
KIT = HERE.parents[1]  # the kit's checkout
COURSE_ID = "opendata-dk"  # = c.CourseDirectory.course_id in course/nbgrader_config.py
PYTHON_VERSION = "3.11"


def _path(name: str, default: str) -> Path:
    return Path(os.environ.get(name) or default)


def prefix() -> Path:
    return _path("ODDK_HUB_PREFIX", "/opt/oddk-hub")


def state() -> Path:
    return _path("ODDK_HUB_STATE", "/srv/oddk-hub")


def homes() -> Path:
    return _path("ODDK_HUB_HOMES", "/home")


def account_prefix() -> str:
    return os.environ.get("ODDK_HUB_ACCOUNT_PREFIX", "oddk-")


def class_csv() -> Path:
    return _path("ODDK_HUB_CLASS", str(HERE / "class.csv"))


def ip() -> str:
    return os.environ.get("ODDK_HUB_IP", "127.0.0.1")


def port() -> int:
    return int(os.environ.get("ODDK_HUB_PORT", "8000"))


def venv() -> Path:
    return prefix() / "venv"


def kit_copy() -> Path:
    """The copy of the kit (library, data, course) that every account reads."""
    return prefix() / "kit"


def exchange() -> Path:
    return state() / "exchange"


def grader() -> str:
    """The account that runs the formgrader service and owns the course folder."""
    return account_prefix() + "grader"


def course_dir() -> Path:
    """The course root (nbgrader's): in the grader's home."""
    return homes() / grader() / COURSE_ID
