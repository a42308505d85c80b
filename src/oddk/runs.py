"""The declared runs: which notebooks exist and which parameter sets each runs with.

The declarations live in notebooks/runs.yaml, a file the secretariat edits:

    notebooks/00-start-here.ipynb:
      default: {}                      # the notebook's own defaults
      odense:
        parameters: {municipality: Odense}
      practice-portal:
        needs: [portal]                # the harness starts a practice portal
        parameters: {}

Keys are paths from the kit's root. Every notebook under notebooks/ and
course/source/ needs at least one run, and every notebook under notebooks/ one
run on other data than its default (a run with parameters).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

RUNS_FILE = "notebooks/runs.yaml"
NOTEBOOK_FOLDERS = ("notebooks", "course/source")
KNOWN_NEEDS = {"portal"}
_SKIP_PARTS = {".ipynb_checkpoints", "build", "node_modules"}


class RunsFileError(ValueError):
    """notebooks/runs.yaml cannot be understood."""


@dataclass(frozen=True)
class Run:
    notebook: str  # path from the kit's root, with forward slashes
    name: str
    parameters: dict = field(default_factory=dict)
    needs: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.notebook}::{self.name}"


def discover_notebooks(root: Path) -> list[str]:
    """Every stored notebook under notebooks/ and course/source/, as root-relative paths."""
    found = []
    for folder in NOTEBOOK_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in base.rglob("*.ipynb"):
            rel = path.relative_to(root)
            if _SKIP_PARTS.isdisjoint(rel.parts):
                found.append(rel.as_posix())
    return sorted(found)


def load_runs(root: Path) -> dict[str, list[Run]]:
    """Read notebooks/runs.yaml into {notebook: [Run, …]}, with plain-words errors."""
    path = root / RUNS_FILE
    if not path.is_file():
        raise RunsFileError(f"{RUNS_FILE} is missing: it declares how each notebook is run.")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise RunsFileError(f"{RUNS_FILE} is not valid YAML: {err}") from None
    if not isinstance(data, dict):
        raise RunsFileError(f"{RUNS_FILE} should map notebook paths to their runs.")
    runs: dict[str, list[Run]] = {}
    for notebook, declared in data.items():
        where = f"{RUNS_FILE}, {notebook}"
        if not isinstance(declared, dict) or not declared:
            raise RunsFileError(f"{where}: give at least one run, e.g. `default: {{}}`.")
        runs[notebook] = [
            _parse_run(notebook, name, spec, where) for name, spec in declared.items()
        ]
    return runs


def _parse_run(notebook: str, name, spec, where: str) -> Run:
    spec = spec or {}
    if not isinstance(spec, dict):
        raise RunsFileError(
            f"{where}, run {name!r}: expected a mapping with `parameters` and/or `needs`."
        )
    unknown = set(spec) - {"parameters", "needs"}
    if unknown:
        raise RunsFileError(
            f"{where}, run {name!r}: unknown key(s) {sorted(unknown)}; use `parameters` or `needs`."
        )
    parameters = spec.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise RunsFileError(
            f"{where}, run {name!r}: `parameters` should be a mapping of name: value."
        )
    needs = tuple(spec.get("needs") or ())
    if set(needs) - KNOWN_NEEDS:
        raise RunsFileError(
            f"{where}, run {name!r}: unknown need(s) {sorted(set(needs) - KNOWN_NEEDS)}; known: {sorted(KNOWN_NEEDS)}."
        )
    return Run(notebook=notebook, name=str(name), parameters=dict(parameters), needs=needs)


def declaration_problems(root: Path) -> list[str]:
    """What is wrong with the declarations, in plain words (empty when all is well)."""
    notebooks = discover_notebooks(root)
    runs = load_runs(root)
    problems = [p for nb in notebooks if (p := notebook_problem(nb, runs.get(nb)))]
    for nb in runs:
        if nb not in notebooks:
            problems.append(f"{RUNS_FILE} declares runs for {nb}, which does not exist.")
    return problems


def notebook_problem(notebook: str, runs: list[Run] | None) -> str | None:
    """Why one notebook's declared runs are not enough, or None when they are."""
    if not runs:
        return f"{notebook} has no declared run: add it to {RUNS_FILE} (at least `default: {{}}`)."
    if notebook.startswith("notebooks/") and not any(r.parameters or r.needs for r in runs):
        return f"{notebook} runs only on its defaults: declare a run on other data in {RUNS_FILE}."
    return None


def default_run(runs: list[Run]) -> Run:
    """The run `oddk run` uses: the one named `default`, else the first without parameters."""
    for run in runs:
        if run.name == "default":
            return run
    for run in runs:
        if not run.parameters and not run.needs:
            return run
    return runs[0]
