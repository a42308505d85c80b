"""Run one declared notebook run with papermill, and say in plain words where it failed."""

from __future__ import annotations

import contextlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from oddk.runs import Run

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class NotebookFailed(RuntimeError):
    """A notebook run stopped with an error; the message names notebook, run and cell."""

    def __init__(self, message: str, output: Path | None = None):
        super().__init__(message)
        self.output = output


@dataclass
class RunResult:
    run: Run
    output: Path
    seconds: float


def execute(run: Run, root: Path, output: Path, env: dict[str, str] | None = None,
            timeout: int = 600) -> RunResult:
    """Execute `run` with papermill into `output` (kernel python3, working
    directory = the notebook's folder). Raises NotebookFailed naming the cell."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    source = root / run.notebook
    output.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with _environment({"ODDK_ROOT": str(root), **(env or {})}):
        try:
            papermill.execute_notebook(
                str(source), str(output), parameters=run.parameters, kernel_name="python3",
                cwd=str(source.parent), progress_bar=False, log_output=False,
                execution_timeout=timeout,
                # The kernel's warning about TCP without encryption is noise on a
                # loopback-only kernel; keep real errors.
                extra_arguments=["--IPKernelApp.log_level=ERROR"],
            )
        except PapermillExecutionError as err:
            raise NotebookFailed(_describe_failure(run, output, err), output) from None
        except Exception as err:  # kernel died, timeout, bad parameters …
            raise NotebookFailed(f"{run.notebook} (run '{run.name}') could not run: "
                                 f"{type(err).__name__}: {_ANSI.sub('', str(err)).strip()}", output) from None
    return RunResult(run, output, time.perf_counter() - start)


def _describe_failure(run: Run, output: Path, err) -> str:
    """'notebooks/x.ipynb (run 'default') failed in cell 7: AssertionError: …' and the cell's first line.

    papermill counts cells in the executed copy, which holds an injected
    parameters cell; the number given here is the cell's place in the stored
    notebook (1 = first cell), as a reader counts them in JupyterLab.
    """
    import nbformat

    index = err.cell_index
    try:
        nb = nbformat.read(output, as_version=4)
        injected = sum(1 for c in nb.cells[:index] if "injected-parameters" in c.metadata.get("tags", []))
    except Exception:
        injected = 1 if run.parameters else 0
    cell_number = index - injected + 1
    first_line = next((line for line in (err.source or "").splitlines() if line.strip()), "")
    evalue = _ANSI.sub("", str(err.evalue)).strip()
    message = f"{run.notebook} (run '{run.name}') failed in cell {cell_number}: {err.ename}: {evalue}"
    if first_line:
        message += f"\n    the cell begins: {first_line.strip()[:100]}"
    return message


@contextlib.contextmanager
def _environment(values: dict[str, str]):
    """Set environment variables for the kernel papermill starts, then restore them."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
