"""Shared fixtures, and the per-notebook execution times printed after the run.

The times are written to build/test-runs/timings/ by whichever process ran the
notebook (with pytest-xdist, a worker) and printed by the main process at the end.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from oddk.paths import kit_root

TIMINGS_DIR = kit_root(Path(__file__).parent) / "build" / "test-runs" / "timings"


@pytest.fixture(scope="session")
def root() -> Path:
    return kit_root(Path(__file__).parent)


def record_timing(result) -> None:
    """Keep one notebook run's time for the summary (called by the notebook harness)."""
    TIMINGS_DIR.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    line = {"notebook": result.run.notebook, "name": result.run.name, "seconds": result.seconds}
    with open(TIMINGS_DIR / f"{worker}.jsonl", "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # the main process, not an xdist worker
        shutil.rmtree(TIMINGS_DIR, ignore_errors=True)


def pytest_terminal_summary(terminalreporter, config):
    if hasattr(config, "workerinput") or not TIMINGS_DIR.is_dir():
        return
    from oddk.runner import print_timings

    results = []
    for path in sorted(TIMINGS_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            results.append(
                SimpleNamespace(
                    run=SimpleNamespace(notebook=item["notebook"], name=item["name"]),
                    seconds=item["seconds"],
                )
            )

    class _Writer:
        def write(self, text):
            terminalreporter.write(text)

    print_timings(results, out=_Writer())


from tests.browser import offline_page  # noqa: E402,F401  (Chromium with outside requests blocked)
