"""Autograding the course: N students x the 4 assignments with nbgrader's own command line.

Builds a temporary course root (a copy of course/: config and source), releases the four
assignments, hands in the reference solution for every student (every cell runs, hidden
tests included), and times `nbgrader autograde` per assignment. The peer, measured in the
same run, is a bare nbclient execution of the same notebook, so the per-notebook figure
reads as "autograding costs R times running the notebook".

    python benchmarks/course_grading.py [--students 30] [--repeat 3]

Target (issue 9): 30 students x 4 assignments in at most 10 minutes on one machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
ASSIGNMENTS = ["a1-find", "a2-clean", "a3-publish", "a4-use"]
TARGET_SECONDS = 600


def nbgrader(root: Path, *args: str) -> float:
    env = {**os.environ, "ODDK_ROOT": str(ROOT), "ODDK_OUTPUT": str(root / "output"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root, env=env,
                            capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return seconds


def bare_execution(notebook: Path, repeat: int) -> float:
    """Median seconds for nbclient to run the notebook once (kernel start included)."""
    from nbclient import NotebookClient

    os.environ.setdefault("ODDK_ROOT", str(ROOT))
    samples = []
    for _ in range(repeat):
        nb = nbformat.read(notebook, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=60, kernel_name="python3",
                       extra_arguments=["--IPKernelApp.log_level=ERROR"],
                       resources={"metadata": {"path": str(notebook.parent)}}).execute()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the bare nbclient peer")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy(COURSE / "nbgrader_config.py", root / "nbgrader_config.py")
        shutil.copytree(COURSE / "source", root / "source")
        for assignment in ASSIGNMENTS:
            nbgrader(root, "generate_assignment", assignment, "--force")
            notebook = root / "source" / assignment / f"{assignment}.ipynb"
            for n in range(args.students):
                folder = root / "submitted" / f"student{n + 1:03d}" / assignment
                folder.mkdir(parents=True)
                shutil.copy(notebook, folder / notebook.name)

        rows, total = [], 0.0
        for assignment in ASSIGNMENTS:
            seconds = nbgrader(root, "autograde", assignment, "--force")
            total += seconds
            bare = bare_execution(root / "source" / assignment / f"{assignment}.ipynb", args.repeat)
            rows.append((assignment, seconds, seconds / args.students, bare))

    print(f"nbgrader autograde, {args.students} students x {len(ASSIGNMENTS)} assignments "
          f"({args.students * len(ASSIGNMENTS)} notebooks), one after the other:")
    header = ("assignment", "wall", "per notebook", "bare nbclient", "ratio")
    print("  {:12s} {:>8s} {:>13s} {:>14s} {:>6s}".format(*header))
    for assignment, seconds, per, bare in rows:
        print(f"  {assignment:12s} {seconds:7.1f}s {per:12.2f}s {bare:13.2f}s {per / bare:5.1f}x")
    verdict = "within" if total <= TARGET_SECONDS else "OVER"
    print(f"  total wall time {total / 60:.1f} min ({total:.0f} s): {verdict} the "
          f"{TARGET_SECONDS // 60}-minute target")


if __name__ == "__main__":
    main()
