"""Population by municipality, region and sex per quarter, in the Statistics Denmark
FOLK1A export shape. THE NUMBERS ARE SYNTHETIC: made up by a seeded generator, not
Denmark's population. Names and the order of areas follow StatBank (the whole country,
then each region followed by its municipalities).
"""

from __future__ import annotations

import csv
import math

from oddk.generate.common import Output, rng

QUARTERS = [f"{y}K{q}" for y in (2023, 2024, 2025) for q in (1, 2, 3, 4)]
BIG = {101: 6.0, 751: 4.0, 461: 3.0, 851: 3.0}


def build(out: Output, towns: dict) -> None:
    r = rng("population/folk1a")
    with open(out.reference / "regions.csv", encoding="utf-8", newline="") as f:
        regions = list(csv.DictReader(f))
    series = {}
    for kode in sorted(towns):
        base = math.exp(r.gauss(math.log(42_000), 0.55)) * BIG.get(kode, 1.0)
        growth = r.gauss(0.0015, 0.002)
        share_men = r.uniform(0.488, 0.506)
        values = []
        for i, _ in enumerate(QUARTERS):
            total = round(base * (1 + growth) ** i)
            men = round(total * share_men)
            values.append((total, men, total - men))
        series[kode] = values
    rows = []

    def emit(name, vals):
        for k, label in enumerate(["I alt", "Mænd", "Kvinder"]):
            for q, v in zip(QUARTERS, vals, strict=True):
                rows.append([name, label, q, v[k]])

    def add(codes):
        return [
            tuple(sum(series[c][i][k] for c in codes) for k in range(3))
            for i in range(len(QUARTERS))
        ]

    emit("Hele landet", add(list(series)))
    for reg in regions:
        codes = [k for k, t in towns.items() if t["region_kode"] == reg["region_kode"]]
        emit(reg["navn"], add(codes))
        for c in sorted(codes):
            emit(towns[c]["navn"], series[c])
    out.table(
        "population/befolkning-kommuner-synthetic.csv",
        ["OMRÅDE", "KØN", "TID", "INDHOLD"],
        rows,
        sep=";",
        newline="\r\n",
        bom=True,
        shape="Statistics Denmark FOLK1A-style long export; synthetic numbers",
    )
