"""The notebook harness: every declared run of every notebook, under papermill.

A failing run names notebook, run and cell. Runs that declare `needs: [portal]`
get a practice portal on a free port: its URL as parameter `portal`, a token in
ODDK_API_KEY.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import pytest

from oddk import runs as runs_mod
from oddk.execute import NotebookFailed, execute
from oddk.paths import kit_root

from .conftest import record_timing

ROOT = kit_root(Path(__file__).parent)
NOTEBOOKS = runs_mod.discover_notebooks(ROOT)
DECLARED = runs_mod.load_runs(ROOT)
ALL_RUNS = [run for nb in NOTEBOOKS for run in DECLARED.get(nb, [])]


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_has_declared_runs(notebook):
    problem = runs_mod.notebook_problem(notebook, DECLARED.get(notebook))
    assert problem is None, problem


def test_runs_file_names_only_existing_notebooks():
    missing = sorted(set(DECLARED) - set(NOTEBOOKS))
    assert not missing, (
        f"{runs_mod.RUNS_FILE} declares runs for notebooks that do not exist: {missing}"
    )


def test_default_runs_work_offline():
    for nb, runs in DECLARED.items():
        assert not runs_mod.default_run(runs).needs, (
            f"{nb}: the default run must work offline, with no portal."
        )


@pytest.mark.notebook
@pytest.mark.parametrize("run", ALL_RUNS, ids=[r.id for r in ALL_RUNS])
def test_notebook_run(run, tmp_path):
    env = {"ODDK_OUTPUT": str(tmp_path / "output")}
    with _services(run, tmp_path) as (extra_params, extra_env):
        env.update(extra_env)
        run = runs_mod.Run(run.notebook, run.name, {**run.parameters, **extra_params}, run.needs)
        out = ROOT / "build" / "test-runs" / run.notebook.replace("/", "__") / f"{run.name}.ipynb"
        data_before, folder_before = _fingerprint(ROOT / "datasets"), _names(ROOT / run.notebook)
        try:
            result = execute(run, ROOT, out, env=env)
        except NotebookFailed as err:
            pytest.fail(str(err), pytrace=False)
    data_after = _fingerprint(ROOT / "datasets")
    changed = sorted(k for k in data_before.keys() | data_after.keys() if data_before.get(k) != data_after.get(k))
    assert not changed, f"{run.id} changed or added files in datasets/: {changed}"
    added = sorted(_names(ROOT / run.notebook) - folder_before)
    assert not added, f"{run.id} wrote next to itself: {added}; write to oddk.paths.output_dir() instead"
    record_timing(result)


def _fingerprint(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of every file below folder: inputs must stay as they are."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _names(notebook: Path) -> set[str]:
    """The files beside a notebook (a run must not add any)."""
    return {p.name for p in notebook.parent.iterdir() if p.is_file()}


@contextlib.contextmanager
def _services(run, tmp_path):
    """Start what the run declares it needs; yield (parameters, environment)."""
    if "portal" not in run.needs:
        yield {}, {}
        return
    from oddk.portal.testing import running_portal

    with running_portal(tmp_path / "portal") as portal:
        yield {"portal": portal.url}, {"ODDK_API_KEY": portal.token}
