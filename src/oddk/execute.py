"""Run one declared notebook run with papermill, and say in plain words where it failed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from oddk import claims
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


def execute(
    run: Run, root: Path, output: Path, env: dict[str, str] | None = None, timeout: int = 600
) -> RunResult:
    """Execute `run` with papermill into `output` (kernel python3, working
    directory = the notebook's folder). Raises NotebookFailed naming the cell.

    Each run gets a fresh Python process: papermill's event loop then never meets
    one left behind by whatever ran before in this process (a browser test, a
    server), which was seen to stall runs late in a long test session.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    spec = {
        "notebook": run.notebook,
        "name": run.name,
        "parameters": run.parameters,
        "root": str(root),
        "output": str(output),
        "timeout": timeout,
        "claims": run.name == "default",  # the text describes the notebook's defaults
    }
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "oddk.execute"],
            input=json.dumps(spec),
            capture_output=True,
            text=True,
            env={**os.environ, "ODDK_ROOT": str(root), **(env or {})},
            timeout=timeout * 3,
        )
    except subprocess.TimeoutExpired:
        raise NotebookFailed(
            f"{run.notebook} (run '{run.name}') did not finish within {timeout * 3} s.", output
        ) from None
    if done.returncode != 0:
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        message = (
            json.loads(lines[-1])["failed"]
            if lines
            else (
                f"{run.notebook} (run '{run.name}') could not run:\n{done.stderr.strip()[-2000:]}"
            )
        )
        raise NotebookFailed(message, output)
    return RunResult(run, output, time.perf_counter() - start)


def _poll_in_short_slices() -> None:
    """Wait for kernel messages in 1 s slices instead of one long poll.

    Runs here were seen to sit idle for exactly the cell timeout (600 s) and then go on
    normally: the kernel's reply had arrived, but the long asyncio poll on its socket
    missed the wake-up. Polling again every second finds such a message at once.
    """
    import time
    from queue import Empty

    from jupyter_client.channels import AsyncZMQSocketChannel

    original = AsyncZMQSocketChannel.get_msg

    async def get_msg(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = 1.0 if deadline is None else min(1.0, max(0.0, deadline - time.monotonic()))
            try:
                return await original(self, timeout=left)
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    AsyncZMQSocketChannel.get_msg = get_msg


def _execute_here(spec: dict) -> None:
    """The child's side of `execute`: run papermill, report a failure as one JSON line. In
    the default run the text's claims are checked too (oddk.claims)."""
    import tempfile

    import papermill
    from papermill.exceptions import PapermillExecutionError

    _poll_in_short_slices()

    run = Run(spec["notebook"], spec["name"], spec["parameters"])
    source, output = Path(spec["root"]) / run.notebook, Path(spec["output"])
    stored = nbformat.read(source, as_version=4)
    found = claims.find_claims(stored) if spec.get("claims") else []
    folder = tempfile.TemporaryDirectory(prefix="oddk-claims-")
    given = source
    if found:  # run a copy that evaluates the text's claims after the last cell
        copy = nbformat.read(source, as_version=4)
        cell = nbformat.v4.new_code_cell(claims.claims_cell_source(found))
        cell.metadata["tags"] = [claims.TAG]
        copy.cells.append(cell)
        given = Path(folder.name) / source.name
        nbformat.write(copy, given)
    try:
        papermill.execute_notebook(
            str(given),
            str(output),
            parameters=run.parameters,
            kernel_name="python3",
            cwd=str(source.parent),
            progress_bar=False,
            log_output=False,
            execution_timeout=spec["timeout"],
            # The kernel's warning about TCP without encryption is noise on a
            # loopback-only kernel; keep real errors.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
    except PapermillExecutionError as err:
        message = _describe_failure(run, output, err)
    except Exception as err:  # kernel died, timeout, bad parameters …
        message = (
            f"{run.notebook} (run '{run.name}') could not run: "
            f"{type(err).__name__}: {_ANSI.sub('', str(err)).strip()}"
        )
    else:
        wrong = _check_claims(output, stored, found) if found else []
        if not wrong:
            return
        message = (f"{run.notebook} (run '{run.name}'): the text does not say what the "
                   "notebook computes:\n    " + "\n    ".join(wrong))
    finally:
        folder.cleanup()
        if found:
            _drop_claims_cell(output)  # a failed run's page must not show the harness's cell
    print(json.dumps({"failed": message}))
    sys.exit(1)


def _drop_claims_cell(output: Path) -> None:
    try:
        nb = nbformat.read(output, as_version=4)
    except (OSError, ValueError):
        return
    kept = [c for c in nb.cells if claims.TAG not in c.metadata.get("tags", [])]
    if len(kept) != len(nb.cells):
        nb.cells = kept
        nbformat.write(nb, output)


def _check_claims(output: Path, stored, found) -> list[str]:
    """Take the claims cell out of the executed copy; what its values contradict."""
    nb = nbformat.read(output, as_version=4)
    text = ""
    for cell in [c for c in nb.cells if claims.TAG in c.metadata.get("tags", [])]:
        text += "".join(o.get("text", "") for o in cell.get("outputs", []))
        nb.cells.remove(cell)
    nbformat.write(nb, output)

    def code_cell_before(index: int) -> str:
        count = sum(1 for c in stored.cells[:index] if c.cell_type == "code")
        return code_cell_label(count) if count else "the title"

    return claims.problems(found, claims.values_from_output(text), code_cell_before)


def code_cell_label(number: int) -> str:
    """How every message of the kit names a code cell: by the number JupyterLab shows beside
    it after Run All ('code cell 7 ([7] in JupyterLab)'); nbval's cells are named the same
    way (see the root conftest.py)."""
    return f"code cell {number} ([{number}] in JupyterLab after Run All)"


def _describe_failure(run: Run, output: Path, err) -> str:
    """'notebooks/x.ipynb (run 'default') failed in code cell 7 ([7] in JupyterLab after Run
    All): AssertionError: …' and the cell's first line.

    papermill counts all cells in the executed copy, which holds an injected parameters
    cell; the number given here counts the stored notebook's code cells (1 = the first),
    which is the number JupyterLab shows beside the cell after Run All.
    """
    import nbformat

    cell_number = err.cell_index + 1
    try:  # the code cells up to the one papermill marked as failed (it adds error notes too)
        code = [c for c in nbformat.read(output, as_version=4).cells if c.cell_type == "code"
                and "injected-parameters" not in c.metadata.get("tags", [])]
        failed = [i for i, c in enumerate(code) if c.metadata.get("papermill", {}).get("exception")]
        if failed:
            cell_number = failed[0] + 1
    except Exception:
        pass
    first_line = next((line for line in (err.source or "").splitlines() if line.strip()), "")
    evalue = _ANSI.sub("", str(err.evalue)).strip()
    message = (
        f"{run.notebook} (run '{run.name}') failed in {code_cell_label(cell_number)}: "
        f"{err.ename}: {evalue}"
    )
    if first_line:
        message += f"\n    the cell begins: {first_line.strip()[:100]}"
    return message


if __name__ == "__main__":
    _execute_here(json.loads(sys.stdin.read()))
