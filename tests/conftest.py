"""Shared fixtures, and the per-notebook execution times printed after the run."""

from __future__ import annotations

from pathlib import Path

import pytest

from oddk.paths import kit_root

TIMINGS: list = []  # RunResult objects appended by the notebook harness


@pytest.fixture(scope="session")
def root() -> Path:
    return kit_root(Path(__file__).parent)


def pytest_terminal_summary(terminalreporter):
    if TIMINGS:
        from oddk.runner import print_timings

        class _Writer:
            def write(self, text):
                terminalreporter.write(text)

        print_timings(TIMINGS, out=_Writer())

from tests.browser import offline_page  # noqa: E402,F401  (Chromium with outside requests blocked)
