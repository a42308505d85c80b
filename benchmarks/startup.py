"""What one notebook run costs before its first cell: process start, imports, kernel.

Prints medians of N repeats, each as a ratio to a bare `python -c pass` measured in the
same run. `--compare PYTHON` adds the same figures for another interpreter (for example
a venv where jsonschema is newer and pulls in rfc3987-syntax).

    python benchmarks/startup.py [--repeat 5] [--compare /path/to/other/python]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook


def timed(cmd: list[str], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def measure(python: str, repeat: int, empty_nb: Path, out: Path) -> dict[str, float]:
    papermill = [
        python,
        "-m",
        "papermill",
        str(empty_nb),
        str(out),
        "-k",
        "python3",
        "--no-progress-bar",
    ]
    return {
        "python -c pass": timed([python, "-c", "pass"], repeat),
        "import nbformat": timed([python, "-c", "import nbformat"], repeat),
        "import papermill": timed([python, "-c", "import papermill"], repeat),
        "papermill, one-cell notebook": timed(papermill, repeat),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--compare", help="another python to measure the same way")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.ipynb"
        nb = new_notebook(
            cells=[new_code_cell("1 + 1")],
            metadata={
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
            },
        )
        nbformat.write(nb, empty)
        pythons = {"kit": sys.executable, **({"compare": args.compare} if args.compare else {})}
        results = {
            label: measure(py, args.repeat, empty, Path(tmp) / f"out-{label}.ipynb")
            for label, py in pythons.items()
        }
    base = results["kit"]["python -c pass"]
    print(
        f"Startup costs, median of {args.repeat} (ratio to the kit's bare `python -c pass`, {base:.3f} s):"
    )
    for step in results["kit"]:
        row = "  ".join(
            f"{label}: {r[step]:6.2f} s ({r[step] / base:5.1f}x)" for label, r in results.items()
        )
        print(f"  {step:30s} {row}")


if __name__ == "__main__":
    main()
