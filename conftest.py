"""Root pytest hooks: nbval (--nbval-lax, set in pyproject.toml) checks only the
notebooks that hold golden cells (# NBVAL_CHECK_OUTPUT); every notebook is run
by the papermill harness in tests/test_notebooks.py anyway. (nbval's cells are numbered
as JupyterLab numbers them by the plugin oddk.nbval_cells, also set in pyproject.toml.)"""

from pathlib import Path

from oddk.notebooks import GOLDEN_MARK


def pytest_ignore_collect(collection_path: Path, config):
    if collection_path.suffix != ".ipynb":
        return None
    parts = set(collection_path.parts)
    if parts & {".ipynb_checkpoints", "release", "build"}:
        return True
    return GOLDEN_MARK not in collection_path.read_text(encoding="utf-8")
