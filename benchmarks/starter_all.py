"""`oddk starter --all` on the embedded catalogue: the time for every dataset's starter
notebook and the index (the goal: under a minute), as a ratio to its peer measured in the
same run, `oddk starter` for one dataset (what the command costs before the first notebook).

    python benchmarks/starter_all.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ODDK = [sys.executable, "-m", "oddk.cli", "starter"]


def timed(args: list[str], folder: Path) -> float:
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([*ODDK, *args, "--out", str(folder)], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "starters"
        every, one = [], []
        for _ in range(repeat):  # interleaved, so both meet the same machine
            every.append(timed(["--all"], out))
            one.append(timed(["offentlige-toiletter-aalborg"], out))
    all_s, one_s = statistics.median(every), statistics.median(one)
    print(f"oddk starter --all: {all_s:.1f} s (median of {repeat}), goal < 60 s: "
          f"{'met' if all_s < 60 else 'NOT met'}")
    print(f"  = {all_s / one_s:.1f}x `oddk starter` for one dataset ({one_s:.1f} s) in the same run")
    return 0 if all_s < 60 else 1


if __name__ == "__main__":
    sys.exit(main())
