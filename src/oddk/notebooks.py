"""Keeping stored notebooks clean: the hygiene rules, `oddk tidy` and `oddk golden`.

Stored notebooks hold no outputs, execution counts or widget state, except
golden cells (marked `# NBVAL_CHECK_OUTPUT`), which keep their output and count
so that nbval can check them on every test run.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import nbformat

GOLDEN_MARK = "# NBVAL_CHECK_OUTPUT"


def is_golden(cell) -> bool:
    return cell.cell_type == "code" and GOLDEN_MARK in cell.source


def hygiene_problems(path: Path) -> list[str]:
    """Everything that breaks the kit's rules for a stored notebook, in plain words."""
    try:
        nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    except Exception as err:  # not JSON, not a notebook …
        return [f"cannot be read as a notebook: {err}"]
    problems = []
    if nb.nbformat != 4:
        problems.append(f"is nbformat {nb.nbformat}; the kit stores nbformat 4")
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as err:
        problems.append(f"is not a valid notebook: {err.message}")
    if nb.metadata.get("kernelspec", {}).get("name") != "python3":
        problems.append("kernelspec should be python3")
    if "widgets" in nb.metadata:
        problems.append("holds widget state (metadata.widgets): run `oddk tidy`")
    code = [c for c in nb.cells if c.cell_type == "code"]
    if not code or "parameters" not in code[0].metadata.get("tags", []):
        problems.append("its first code cell should be tagged `parameters`")
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        if is_golden(cell):
            if cell.execution_count is None or not cell.outputs:
                problems.append(
                    f"golden cell {number} has no stored output or execution count: run `oddk golden`"
                )
        elif cell.outputs or cell.execution_count is not None:
            problems.append(f"cell {number} holds outputs or an execution count: run `oddk tidy`")
    return problems


def tidy(nb) -> bool:
    """Strip outputs, counts and run metadata in place (golden cells keep theirs). True if changed."""
    before = nbformat.writes(nb)
    nb.metadata.pop("widgets", None)
    nb.metadata.pop("papermill", None)
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    for cell in nb.cells:
        for key in ("papermill", "execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
        if cell.cell_type == "code" and not is_golden(cell):
            cell.outputs = []
            cell.execution_count = None
    return nbformat.writes(nb) != before


def main_tidy(paths: list[str], check: bool = False) -> int:
    targets = _targets(paths)
    untidy = []
    for path in targets:
        nb = nbformat.read(path, as_version=4)
        if tidy(nb):
            untidy.append(path)
            if not check:
                nbformat.write(nb, path)
    verb = "needs tidying" if check else "tidied"
    for path in untidy:
        print(f"{verb}: {path}")
    if not untidy:
        print(f"All {len(targets)} notebooks are tidy.")
    return 1 if (check and untidy) else 0


def refresh_golden(path: Path, root: Path) -> int:
    """Run the notebook on its defaults and store the outputs of its golden cells.
    Returns how many golden cells were refreshed."""
    from oddk.execute import execute
    from oddk.runs import Run

    stored = nbformat.read(path, as_version=4)
    golden = [c for c in stored.cells if is_golden(c)]
    if not golden:
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        run = Run(notebook=path.relative_to(root).as_posix(), name="golden")
        result = execute(run, root, Path(tmp) / path.name, env={"ODDK_OUTPUT": tmp})
        executed = nbformat.read(result.output, as_version=4)
    fresh = [c for c in executed.cells if is_golden(c)]
    if len(fresh) != len(golden):
        raise RuntimeError(
            f"{path}: the executed copy has {len(fresh)} golden cells, the stored one {len(golden)}."
        )
    for old, new in zip(golden, fresh, strict=True):
        old.outputs = new.outputs
        old.execution_count = new.execution_count
    tidy(stored)
    nbformat.write(stored, path)
    return len(golden)


def main_golden(paths: list[str]) -> int:
    from oddk.execute import NotebookFailed
    from oddk.paths import kit_root

    root = kit_root()
    for path in _targets(paths):
        try:
            count = refresh_golden(path.resolve(), root)
        except NotebookFailed as err:
            print(f"✗ {err}", file=sys.stderr)
            return 1
        if count:
            print(f"refreshed {count} golden cell(s) in {path}")
    return 0


def _targets(paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    from oddk.paths import kit_root
    from oddk.runs import discover_notebooks

    root = kit_root()
    return [root / nb for nb in discover_notebooks(root)]
