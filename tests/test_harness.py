"""The harness itself, on a small kit made in a temporary folder: a raising cell
fails `oddk run` and the harness with notebook and cell named; a notebook without
a declared run is reported; hygiene and tidy do what they promise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from oddk import runs as runs_mod
from oddk.execute import NotebookFailed, execute
from oddk.notebooks import hygiene_problems, tidy
from oddk.paths import kit_root

ROOT = kit_root()


def _notebook(*code: str, title: str = "# A test notebook"):
    cells = [new_markdown_cell(title), new_code_cell("n = 3  # how many")]
    cells[1].metadata["tags"] = ["parameters"]
    cells += [new_code_cell(source) for source in code]
    return new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )


@pytest.fixture
def kit(tmp_path: Path) -> Path:
    """A minimal kit: one good notebook, one whose fourth cell raises."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "datasets").mkdir()
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    nbformat.write(_notebook("print(n * 2)", title="# 00 · Good"), nbs / "00-good.ipynb")
    nbformat.write(
        _notebook("x = 1", "assert n < 3, 'n should be small'", title="# 01 · Bad"),
        nbs / "01-bad.ipynb",
    )
    (nbs / "runs.yaml").write_text(
        "notebooks/00-good.ipynb:\n  default: {}\n  two: {parameters: {n: 2}}\n"
        "notebooks/01-bad.ipynb:\n  default: {}\n  ok: {parameters: {n: 1}}\n"
    )
    return tmp_path


def test_raising_cell_is_named_with_notebook_run_and_cell(kit, tmp_path):
    run = runs_mod.Run("notebooks/01-bad.ipynb", "default")
    with pytest.raises(NotebookFailed) as info:
        execute(run, kit, tmp_path / "out" / "bad.ipynb")
    message = str(info.value)
    assert "notebooks/01-bad.ipynb" in message and "run 'default'" in message
    # Code cell 3 of the stored notebook (parameters, x = 1, assert: [3] in JupyterLab),
    # though papermill's copy holds an extra injected cell when parameters are given.
    assert "code cell 3 ([3] in JupyterLab after Run All)" in message
    assert "AssertionError: n should be small" in message


def test_cell_number_ignores_the_injected_parameters_cell(kit, tmp_path):
    run = runs_mod.Run("notebooks/01-bad.ipynb", "big", {"n": 5})
    with pytest.raises(NotebookFailed, match=r"failed in code cell 3 \(\[3\] in JupyterLab"):
        execute(run, kit, tmp_path / "out" / "bad.ipynb")


def test_parameters_reach_the_notebook(kit, tmp_path):
    run = runs_mod.Run("notebooks/00-good.ipynb", "two", {"n": 21})
    result = execute(run, kit, tmp_path / "good.ipynb")
    outputs = nbformat.read(result.output, as_version=4).cells
    assert any(
        "42" in "".join(o.get("text", ""))
        for c in outputs
        if c.cell_type == "code"
        for o in c.outputs
    )


def test_oddk_run_fails_naming_notebook_and_cell_and_still_builds_the_site(kit):
    done = subprocess.run(
        [sys.executable, "-m", "oddk.cli", "run", "--root", str(kit)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert "notebooks/01-bad.ipynb (run 'default') failed in code cell 3" in done.stderr
    index = (kit / "build" / "site" / "index.html").read_text()
    assert 'href="00-good.html"' in index and 'href="01-bad.html"' in index
    page = (kit / "build" / "site" / "00-good.html").read_text()
    assert '<script src="http' not in page and "cdnjs" not in page, (
        "site pages must load nothing from a CDN"
    )
    assert (kit / "build" / "notebooks" / "00-good.ipynb").is_file()


def test_oddk_run_succeeds_when_every_notebook_runs(kit):
    (kit / "notebooks" / "01-bad.ipynb").unlink()
    (kit / "notebooks" / "runs.yaml").write_text(
        "notebooks/00-good.ipynb:\n  default: {}\n  two: {parameters: {n: 2}}\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "oddk.cli", "run", "--root", str(kit)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "build/site/index.html" in done.stdout and "00-good.ipynb [default]" in done.stdout


def test_notebook_without_declared_run_is_a_problem(kit):
    nbformat.write(_notebook("pass"), kit / "notebooks" / "02-new.ipynb")
    problems = runs_mod.declaration_problems(kit)
    assert any("notebooks/02-new.ipynb has no declared run" in p for p in problems)


def test_notebook_with_only_its_defaults_is_a_problem(kit):
    (kit / "notebooks" / "runs.yaml").write_text(
        "notebooks/00-good.ipynb:\n  default: {}\nnotebooks/01-bad.ipynb:\n  default: {}\n  ok: {parameters: {n: 1}}\n"
    )
    assert runs_mod.declaration_problems(kit) == [
        "notebooks/00-good.ipynb runs only on its defaults: declare a run on other data in notebooks/runs.yaml."
    ]


def test_runs_file_errors_are_plain(kit):
    (kit / "notebooks" / "runs.yaml").write_text(
        "notebooks/00-good.ipynb:\n  default: {paramters: {n: 2}}\n"
    )
    with pytest.raises(runs_mod.RunsFileError, match="unknown key"):
        runs_mod.load_runs(kit)


def test_hygiene_finds_outputs_widget_state_and_missing_parameters(tmp_path):
    nb = _notebook("1 + 1")
    nb.cells[2].outputs = [new_output("execute_result", {"text/plain": "2"}, execution_count=1)]
    nb.cells[2].execution_count = 1
    nb.metadata["widgets"] = {"state": {}}
    nb.cells[1].metadata["tags"] = []
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    problems = " ".join(hygiene_problems(path))
    assert (
        "cell 3 holds outputs" in problems
        and "widget state" in problems
        and "parameters" in problems
    )


def test_tidy_strips_outputs_but_keeps_golden_cells(tmp_path):
    nb = _notebook("1 + 1", "# NBVAL_CHECK_OUTPUT\n2 + 2")
    for cell, value in ((nb.cells[2], "2"), (nb.cells[3], "4")):
        cell.outputs = [new_output("execute_result", {"text/plain": value}, execution_count=1)]
        cell.execution_count = 1
    assert tidy(nb)
    assert nb.cells[2].outputs == [] and nb.cells[2].execution_count is None
    assert nb.cells[3].outputs[0]["data"]["text/plain"] == "4" and nb.cells[3].execution_count == 1
    path = tmp_path / "g.ipynb"
    nbformat.write(nb, path)
    assert hygiene_problems(path) == []


def test_a_run_that_needs_the_portal_gets_its_url_and_a_token(kit, tmp_path):
    """The harness's portal service: the notebook gets `portal` and ODDK_API_KEY,
    and can write with the token (organization_create needs it)."""
    from tests.test_notebooks import _services

    nb = _notebook(
        "import os, ckanapi\n"
        "api = ckanapi.RemoteCKAN(portal, apikey=os.environ['ODDK_API_KEY'])\n"
        "assert api.action.status_show()['ckan_version']\n"
        "api.action.organization_create(name='harness-test', title='Harness test')\n"
        "print('orgs', len(api.action.organization_list()))"
    )
    nb.cells[1].source = 'portal = "offline"  # a portal URL, or "offline"'
    nbformat.write(nb, kit / "notebooks" / "02-portal.ipynb")
    run = runs_mod.Run("notebooks/02-portal.ipynb", "portal", {}, ("portal",))
    with _services(run, tmp_path) as (params, env):
        assert params["portal"].startswith("http://127.0.0.1:") and env["ODDK_API_KEY"]
        result = execute(
            runs_mod.Run(run.notebook, run.name, params, run.needs),
            kit,
            tmp_path / "p.ipynb",
            env=env,
        )
    text = nbformat.read(result.output, as_version=4).cells[-1].outputs[0]["text"]
    assert text.startswith("orgs ")


def test_nbval_names_a_cell_by_the_number_the_harness_and_jupyterlab_give(tmp_path):
    """A golden cell whose output drifted: nbval names it 'Cell 3', as the harness names the
    third code cell and JupyterLab shows [3] beside it after Run All."""
    nb = _notebook("x = 1", "print(x + 1)", title="# 01 · Golden")
    nb.cells[-1].source = "# NBVAL_CHECK_OUTPUT\nprint(x + 1)"
    nb.cells[-1].execution_count = 3
    nb.cells[-1].outputs = [new_output("stream", name="stdout", text="3\n")]
    path = tmp_path / "golden.ipynb"
    nbformat.write(nb, path)
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:xdist", "-q", str(path),
                           "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml")],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 1, done.stdout[-2000:]
    assert "Cell 3: Cell outputs differ" in done.stdout, done.stdout[-2000:]


def test_a_notebook_is_found_by_the_name_a_reader_gives():
    from oddk.notebooks import UnknownNotebook, find_notebook

    assert find_notebook("03-clean") == "notebooks/03-clean.ipynb"
    assert find_notebook("00-start-here.ipynb") == "notebooks/00-start-here.ipynb"
    assert find_notebook("da/00-start-here") == "notebooks/da/00-start-here.ipynb"
    assert find_notebook("check-my-dataset") == "notebooks/guidelines/check-my-dataset.ipynb"
    with pytest.raises(UnknownNotebook, match="No notebook called '03-cleaning'"):
        find_notebook("03-cleaning")


@pytest.mark.notebook
def test_oddk_test_notebook_runs_one_notebooks_runs_and_golden_cells():
    done = subprocess.run([sys.executable, "-m", "oddk.cli", "test-notebook", "da/00-start-here"],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "notebooks/da/00-start-here.ipynb: 2 declared run(s) and its golden cells" in \
        done.stdout
    assert "notebooks/da/00-start-here.ipynb [default]" in done.stdout
    unknown = subprocess.run([sys.executable, "-m", "oddk.cli", "test-notebook", "99-nothing"],
                             capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert unknown.returncode == 2 and "No notebook called '99-nothing'" in unknown.stderr


def test_tidy_undoes_what_jupyterlab_adds_on_save(tmp_path):
    """Open, Run All, save in JupyterLab, tidy: the file is byte for byte what was stored."""
    stored = ROOT / "notebooks" / "03-clean.ipynb"
    nb = nbformat.read(stored, as_version=4)
    nb.metadata["language_info"] = {
        "codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
        "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3", "version": "3.11.7"}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    for i, cell in enumerate(nb.cells):
        cell.metadata["trusted"] = True
        cell.metadata.setdefault("tags", [])
        if cell.cell_type == "code":
            cell.execution_count = i
            cell.outputs = [new_output("stream", name="stdout", text="x\n")]
    saved = tmp_path / "03-clean.ipynb"
    nbformat.write(nb, saved)
    assert saved.read_bytes() != stored.read_bytes()
    again = nbformat.read(saved, as_version=4)
    golden = {i: (c.outputs, c.execution_count)
              for i, c in enumerate(nbformat.read(stored, as_version=4).cells)
              if c.cell_type == "code" and c.outputs}
    for i, (outputs, count) in golden.items():  # golden cells keep their stored outputs
        again.cells[i].outputs, again.cells[i].execution_count = outputs, count
    tidy(again, stored)
    nbformat.write(again, saved)
    assert saved.read_bytes() == stored.read_bytes()
