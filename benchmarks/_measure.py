"""What the benchmark scripts share: one measurement in a fresh Python subprocess (its wall
time and its own peak memory), and the median of a run's rounds. Not a benchmark itself
(`make bench` runs the scripts whose names do not start with '_')."""

from __future__ import annotations

import compileall
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "build" / "bench"

#: The start of a measured child's code: `done(t0, **facts)` prints its seconds since t0,
#: its peak memory (MiB) and the facts, as one JSON line.
PEAK = ("import resource, json, time, sys\n"
        "def done(t0, **extra):\n"
        "    print(json.dumps(dict(seconds=time.perf_counter() - t0,\n"
        "        peak_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **extra)))\n")


def compile_kit() -> None:
    """Compile the kit's modules to bytecode, as a user's first run of `oddk` does: this
    machine sets PYTHONDONTWRITEBYTECODE, so each measured run would compile them again
    (about 0.1 s), while the libraries they are measured against were compiled by pip."""
    compileall.compile_dir(ROOT / "src" / "oddk", quiet=1)


def run(code: str, *args) -> dict:
    """One measurement in a fresh subprocess: seconds, peak memory and what it found."""
    out = subprocess.run([sys.executable, "-c", code, *map(str, args)],
                         capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(f"A measurement failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def median(values):
    v = sorted(values)
    return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2
