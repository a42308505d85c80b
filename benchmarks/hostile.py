"""The kit's limits on oversized files, against their peers, in one run.

Each measurement runs in its own Python subprocess (wall time, and peak memory from the
child's own resource.getrusage); imports are outside the timings.
  1. the mapping suggestion on a 1,000,000-row facility file, against a linear peer
     (pandas' distinct values of every column of the same frame);
  2. `oddk read`, `oddk check` and `oddk export` of a 300 MB CSV: the memory each holds
     for the file (its peak above the interpreter's own with the same libraries loaded,
     measured in the same run) as a ratio to the file's size, time as a ratio to a bare
     pyarrow parse of the file;
  3. reading a workbook of 100,000 rows whose used range is 16,384 columns wide (one far
     cell), against pandas.read_excel of the same rows without the far cell.
Goals (issue 15): check's peak <= 1 GiB, read and export hold <= 2 x the file, the far-cell
workbook <= 5 s.

    .venv/bin/python benchmarks/hostile.py            # make bench runs this
    .venv/bin/python benchmarks/hostile.py --repeat 3

Inputs are made under build/bench/ if missing (never committed): scale-300mb.csv
(`oddk scale --rows 4500000`), hostile-facilities-1m.csv, far-cell-100k.xlsx,
plain-100k.xlsx.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from _measure import BENCH, PEAK, ROOT, compile_kit, median, run

MIB = 2**20

SUGGEST = PEAK + """
from oddk.read import read_table
from oddk.standards.suggest import suggest_mapping
df, report = read_table(sys.argv[1])
t0 = time.perf_counter()
if sys.argv[2] == "suggest":
    m = suggest_mapping(df, report, source=sys.argv[1])
    done(t0, fields=len(m["fields"]))
else:
    n = sum(len(df[c].unique()) for c in df.columns)
    done(t0, distinct=n)
"""

COMMAND = PEAK + """
import contextlib, io
from oddk.cli import main
t0 = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    rc = main(sys.argv[1:])
assert rc in (0, 1), rc
done(t0)
"""

BASELINE = PEAK + """
import oddk.cli, oddk.read, oddk.check, oddk.export, pandas, pyarrow.csv  # what a command loads
t0 = time.perf_counter()
done(t0)
"""

PARSE = PEAK + """
import pyarrow.csv as pcsv
t0 = time.perf_counter()
t = pcsv.read_csv(sys.argv[1], parse_options=pcsv.ParseOptions(delimiter=";"))
done(t0, rows=t.num_rows)
"""

XLSX = PEAK + """
t0 = time.perf_counter()
if sys.argv[2] == "oddk":
    from oddk.read import read_table
    df, _ = read_table(sys.argv[1])
else:
    import pandas as pd
    df = pd.read_excel(sys.argv[1])
done(t0, rows=len(df), columns=len(df.columns))
"""


def inputs() -> dict[str, Path]:
    from oddk.generate import hostile

    BENCH.mkdir(parents=True, exist_ok=True)
    paths = {"big": BENCH / "scale-300mb.csv", "facilities": BENCH / "hostile-facilities-1m.csv",
             "far": BENCH / "far-cell-100k.xlsx", "plain": BENCH / "plain-100k.xlsx"}
    if not paths["big"].exists():
        print("making a 300 MB CSV with oddk scale …", flush=True)
        subprocess.run([str(Path(sys.executable).parent / "oddk"), "scale", "--rows", "4500000",
                        "--out", str(paths["big"])], check=True, cwd=ROOT)
    if not paths["facilities"].exists():
        hostile.facility_csv(paths["facilities"], 1_000_000)
    if not paths["far"].exists():
        hostile.far_cell_workbook(paths["far"], rows=100_000)
    if not paths["plain"].exists():
        hostile.far_cell_workbook(paths["plain"], rows=100_000, far_text=None)
    return paths


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1, help="rounds of each measurement")
    args = ap.parse_args()
    compile_kit()
    paths = inputs()
    ok = True

    sug = [(run(SUGGEST, paths["facilities"], "suggest"), run(SUGGEST, paths["facilities"], "peer"))
           for _ in range(args.repeat)]
    ratio = median(a["seconds"] / b["seconds"] for a, b in sug)
    print(f"mapping suggestion, 1M rows: {min(a['seconds'] for a, _ in sug):.2f} s, "
          f"{ratio:.1f}x the time of listing every column's distinct values once")

    big = paths["big"]
    size = big.stat().st_size / MIB
    out = BENCH / "hostile-export.csv"
    rounds = []
    for _ in range(args.repeat):
        rounds.append({
            "base": run(BASELINE),
            "parse": run(PARSE, big),
            "read": run(COMMAND, "read", big),
            "check": run(COMMAND, "check", big),
            "export": run(COMMAND, "export", big, "--out", out, "--force"),
        })
    base = max(r["base"]["peak_mib"] for r in rounds)
    print(f"\n300 MB CSV ({size:.0f} MiB, {rounds[0]['parse']['rows']:,} rows); the interpreter "
          f"with the kit's libraries loaded and nothing read: {base:.0f} MiB")
    # what a command holds for the file: its peak above the interpreter's own
    goals = {"read": 2 * size, "check": 1024, "export": 2 * size}
    for name in ("read", "check", "export"):
        peak = max(r[name]["peak_mib"] for r in rounds)
        held = peak - base
        times = median(r[name]["seconds"] / r["parse"]["seconds"] for r in rounds)
        met = (peak if name == "check" else held) <= goals[name]
        ok &= met
        print(f"  oddk {name:<7} peak {peak:5.0f} MiB, {held:4.0f} MiB for the file = "
              f"{held / size:.2f}x the file (goal: {'peak' if name == 'check' else 'held'} "
              f"<= {goals[name]:.0f} MiB: {'met' if met else 'NOT met'}); "
              f"time {times:.1f}x a bare pyarrow parse")
    print(f"  pyarrow parse peak {max(r['parse']['peak_mib'] for r in rounds):5.0f} MiB "
          f"= {max(r['parse']['peak_mib'] for r in rounds) / size:.2f}x the file")
    out.unlink(missing_ok=True)

    far = [(run(XLSX, paths["far"], "oddk"), run(XLSX, paths["plain"], "pandas"))
           for _ in range(args.repeat)]
    best = min(a["seconds"] for a, _ in far)
    ratio = median(a["seconds"] / b["seconds"] for a, b in far)
    met = best <= 5
    ok &= met
    print(f"\nfar-cell workbook, 100,000 rows: {best:.2f} s ({far[0][0]['columns']} columns; "
          f"goal <= 5 s: {'met' if met else 'NOT met'}), {ratio:.2f}x pandas.read_excel "
          "of the same rows without the far cell")
    print("PASS" if ok else "FAIL: a goal is not met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
