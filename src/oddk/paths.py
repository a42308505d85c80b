"""Where the kit's folders are, so notebooks never hard-code paths.

Notebooks run with their own folder as working directory (papermill, nbval,
JupyterLab), at different depths; `kit_root()` finds the repository from there.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_MARKER = "pyproject.toml"


def kit_root(start: Path | None = None) -> Path:
    """The repository root: `ODDK_ROOT` if set, else the nearest folder above
    `start` (default: the working directory, then this file) holding pyproject.toml
    and datasets/."""
    env = os.environ.get("ODDK_ROOT")
    if env:
        return Path(env).resolve()
    for base in [start or Path.cwd(), Path(__file__).resolve()]:
        for folder in [base, *base.parents]:
            if (folder / _MARKER).is_file() and (folder / "datasets").is_dir():
                return folder
    raise FileNotFoundError(
        "Could not find the oddk-kit folder (one holding pyproject.toml and datasets/). "
        "Run from inside the kit, or set ODDK_ROOT to its path."
    )


def datasets_dir() -> Path:
    """datasets/: the embedded data (read only)."""
    return kit_root() / "datasets"


def build_dir() -> Path:
    """build/: everything the kit generates (ignored by git)."""
    return kit_root() / "build"


def output_dir(name: str) -> Path:
    """A folder where notebook `name` may write its results, created on demand.

    `ODDK_OUTPUT` (set by the test harness) moves every output under one folder;
    by default it is build/output/<name>. Notebooks never write into datasets/
    or next to themselves.
    """
    if not re.fullmatch(r"[A-Za-z0-9._-]+", name):
        raise ValueError(
            f"Output name {name!r} should be a plain folder name such as '00-start-here'."
        )
    base = (
        Path(os.environ["ODDK_OUTPUT"]) if os.environ.get("ODDK_OUTPUT") else build_dir() / "output"
    )
    folder = base / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def find_path(text) -> Path:
    """A path as a person types it: absolute, from the working directory, or from the kit's
    folder, so that "datasets/…" works from any notebook (a leading ~ is the home folder).

        >>> find_path("datasets/reference/municipalities.csv").is_file()
        True
    """
    p = Path(text).expanduser()
    return p if p.is_absolute() or p.exists() else kit_root() / p
