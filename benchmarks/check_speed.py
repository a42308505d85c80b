"""The readiness check on a one-million-row CSV, against its peers, in one run.

Three measurements, each in its own Python subprocess (wall time and peak memory, the
latter from the child's own resource.getrusage):
  1. `oddk.check.check` with the file's Table Schema as standard,
  2. frictionless-py `validate` with the same Table Schema (by default on the first
     100 000 rows, and its rate applied to the whole file; `--frictionless-rows all` runs
     it on every row, about a minute),
  3. a bare pyarrow parse of the file (pyarrow.csv.read_csv, no checks).
The three are measured in turn, round after round (`--repeat`, default 5), and the ratios
are the medians of each round's ratios: figures as ratios to the peers measured in the
same run, under the same load. In a round the check and the parse run three times each,
in turn, and the fastest of each counts (a short run here is at times slowed by half by
what else the machine does). Library imports are outside
the timings of all three (the check's lazy imports too: the parse imports pyarrow.csv
before its clock starts, and so does the check). `--ten-million`
adds the check on ten million rows, for memory (writes a 700 MB file under build/bench/).

    .venv/bin/python benchmarks/check_speed.py                 # make bench runs this
    .venv/bin/python benchmarks/check_speed.py --frictionless-rows all --ten-million

Input: build/bench/scale-1m.csv from `oddk scale --rows 1000000` (made if missing).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from _measure import BENCH, PEAK, ROOT, compile_kit, median, run

GIB = 1024
TRIES = 3  # runs of the check and of the parse in each round (the fastest counts)

SCHEMA = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True}},
        {"name": "navn", "type": "string"},
        {"name": "kommunekode", "type": "integer"},
        {"name": "dato", "type": "date", "format": "%d-%m-%Y"},
        {"name": "beloeb", "type": "number", "decimalChar": ","},
        {"name": "x", "type": "number"},
        {"name": "y", "type": "number"},
        {"name": "kategori", "type": "string"},
    ]
}

CHECK = PEAK + """
from oddk.check import check
import pyarrow.csv, pyarrow.pandas_compat, oddk.check.schema, oddk.reference  # imported lazily
t0 = time.perf_counter()
r = check(sys.argv[1], standard=sys.argv[2])
done(t0, **dict(verdict=r.verdict, codes=sorted(r.codes), rows=r.facts.get("rows")))
"""

FRICTIONLESS = PEAK + """
from pathlib import Path
from frictionless import Dialect, Resource, Schema, formats
schema = Schema.from_descriptor(json.loads(Path(sys.argv[2]).read_text()))
p = Path(sys.argv[1])
t0 = time.perf_counter()
res = Resource(p.name, basepath=str(p.parent), schema=schema,
               dialect=Dialect(controls=[formats.CsvControl(delimiter=";")]))
rep = res.validate()
done(t0, **dict(valid=rep.valid, errors=len(rep.flatten(["type"])),
              rows=rep.tasks[0].stats.get("rows")))
"""

PARSE = PEAK + """
import pyarrow.csv as pcsv
t0 = time.perf_counter()
t = pcsv.read_csv(sys.argv[1], parse_options=pcsv.ParseOptions(delimiter=";"))
done(t0, **dict(rows=t.num_rows))
"""


def ensure(rows: int, name: str) -> Path:
    path = BENCH / name
    if not path.exists():
        print(f"making {path} ({rows} rows) with oddk scale …", flush=True)
        subprocess.run([str(Path(sys.executable).parent / "oddk"), "scale", "--rows", str(rows),
                        "--out", str(path)], check=True, cwd=ROOT)
    return path


def prefix(path: Path, rows: int) -> Path:
    out = BENCH / f"{path.stem}-first-{rows}.csv"
    if not out.exists():
        with open(path, "rb") as src, open(out, "wb") as dst:
            for i, line in enumerate(src):
                if i > rows:
                    break
                dst.write(line)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frictionless-rows", default="100000",
                    help="rows frictionless validates: a number (a prefix) or 'all'")
    ap.add_argument("--ten-million", action="store_true", help="also check ten million rows")
    ap.add_argument("--repeat", type=int, default=5,
                    help="rounds of the three measurements (default: 5)")
    args = ap.parse_args()
    compile_kit()
    BENCH.mkdir(parents=True, exist_ok=True)
    data = ensure(1_000_000, "scale-1m.csv")
    schema = BENCH / "scale-schema.json"
    schema.write_text(json.dumps(SCHEMA, indent=1), encoding="utf-8")
    rows = 1_000_000
    fl_path = data if args.frictionless_rows == "all" else prefix(data,
                                                                  int(args.frictionless_rows))
    print(f"input: {data} ({data.stat().st_size / 2**20:.0f} MiB, {rows} rows)", flush=True)
    # the three are measured in turn, round after round, so that each round's ratios compare
    # runs made under the same load (this machine's speed drifts by a third over minutes);
    # within a round the check and the parse run in turn TRIES times and the fastest of each
    # counts (a short run is at times slowed by half, the 0.15 s parse as often as the check)
    rounds = []
    for i in range(args.repeat):
        tries = [(run(CHECK, data, schema), run(PARSE, data)) for _ in range(TRIES)]
        chk = min((t[0] for t in tries), key=lambda x: x["seconds"])
        chk["peak_mib"] = max(t[0]["peak_mib"] for t in tries)
        par = min((t[1] for t in tries), key=lambda x: x["seconds"])
        fl = run(FRICTIONLESS, fl_path, schema) if i == 0 or fl_path != data else rounds[0][2]
        fl_rows = fl.get("rows") or (rows if fl_path == data else int(args.frictionless_rows))
        fl["full"] = fl["seconds"] * rows / fl_rows
        rounds.append((chk, par, fl))
        print(f"round {i + 1}: check {chk['seconds']:.2f} s ({chk['peak_mib']:.0f} MiB), "
              f"parse {par['seconds']:.2f} s, frictionless {fl['full']:.2f} s"
              + ("" if fl_path == data else f" (ran {fl_rows} rows: {fl['seconds']:.2f} s)"),
              flush=True)
    chk = min((r[0] for r in rounds), key=lambda x: x["seconds"])
    print(f"\nverdict {chk['verdict']} {chk['codes']}, {chk['rows']} rows")
    speedup = median(r[2]["full"] / r[0]["seconds"] for r in rounds)
    vs_parse = median(r[0]["seconds"] / r[1]["seconds"] for r in rounds)
    peak = max(r[0]["peak_mib"] for r in rounds)
    print(f"check vs frictionless: {speedup:.1f}x faster (median of {args.repeat} rounds; "
          "must >= 30)")
    print(f"check vs bare parse:   {vs_parse:.2f}x the parse time (median; must <= 2.5)")
    fastest = min(r[0]["seconds"] for r in rounds) / min(r[1]["seconds"] for r in rounds)
    print(f"                       {fastest:.2f}x fastest check / fastest parse of the run "
          "(a second view of the same)")
    print(f"check peak memory:     {peak:.0f} MiB (most of any round; must <= 600)")
    ok = speedup >= 30 and vs_parse <= 2.5 and peak <= 600
    if args.ten_million:
        big = ensure(10_000_000, "scale-10m.csv")
        ten = run(CHECK, big, schema)
        print(f"check, 10M rows:       {ten['seconds']:.1f} s, peak {ten['peak_mib']:.0f} MiB "
              "(must <= 4096)")
        ok = ok and ten["peak_mib"] <= 4 * GIB
    print("PASS" if ok else "FAIL: a must is not met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
