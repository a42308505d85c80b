"""Overnight stays in the 11 North Jutland municipalities by month and nationality, in
the Statistics Denmark export shape, and attraction points (all synthetic).

The long file is what StatBank's CSV export gives (`;`, UTF-8 with BOM, columns
`OMRÅDE;NATION;TID;INDHOLD`, periods `2024M05`, `..` for values withheld for
confidentiality, an `I alt` row that already includes every nationality). The wide file
is the same numbers for 2024 with months as columns and the area named only on the first
row of its block, as a pivoted StatBank table is exported.
"""

from __future__ import annotations

import json
import math

from oddk.generate.common import Output, point_near, rng, to_wgs

#: The 11 municipalities of Region Nordjylland in StatBank's order, with a made-up size
#: (overnight stays per year) and how coastal-seasonal each is.
MUNICIPALITIES = [
    (773, "Morsø", 60_000, 0.5),
    (787, "Thisted", 420_000, 0.8),
    (810, "Brønderslev", 50_000, 0.3),
    (813, "Frederikshavn", 1_500_000, 0.9),
    (820, "Vesthimmerlands", 300_000, 0.6),
    (825, "Læsø", 70_000, 1.0),
    (840, "Rebild", 250_000, 0.5),
    (846, "Mariagerfjord", 280_000, 0.6),
    (849, "Jammerbugt", 1_300_000, 1.0),
    (851, "Aalborg", 1_100_000, 0.2),
    (860, "Hjørring", 1_400_000, 0.9),
]
#: Nationality shares (made up): Danes, Germans, Norwegians, Swedes, Dutch, the rest.
NATIONS = ["Danmark", "Tyskland", "Norge", "Sverige", "Nederlandene", "Øvrige udland"]
SHARES = {
    "Danmark": 0.55,
    "Tyskland": 0.25,
    "Norge": 0.08,
    "Sverige": 0.04,
    "Nederlandene": 0.04,
    "Øvrige udland": 0.04,
}
YEARS = [2022, 2023, 2024]
SUPPRESS_BELOW = 30
CATEGORIES = ["Museum", "Strand", "Udsigtspunkt", "Naturområde", "Forlystelsespark", "Fyr"]


def _month_weight(month: int, seasonal: float) -> float:
    summer = math.exp(-0.5 * ((month - 7.2) / 1.3) ** 2)
    return (1 - seasonal) * 1.0 + seasonal * 6.0 * summer + 0.15


def build(out: Output, towns: dict) -> None:
    r = rng("tourism/nordjylland")
    long_rows, values = [], {}
    for _, name, size, seasonal in MUNICIPALITIES:
        weights = [_month_weight(m, seasonal) for m in range(1, 13)]
        wsum = sum(weights)
        tilt = {n: math.exp(r.gauss(0, 0.35)) for n in NATIONS}
        for year in YEARS:
            trend = {2022: 0.92, 2023: 0.98, 2024: 1.0}[year]
            for m in range(1, 13):
                month_total = size * trend * weights[m - 1] / wsum * math.exp(r.gauss(0, 0.05))
                by_nation = {}
                for n in NATIONS:
                    foreign_summer = (
                        1.0 if n == "Danmark" else (0.6 + 0.8 * weights[m - 1] / max(weights))
                    )
                    by_nation[n] = max(
                        0,
                        round(
                            month_total
                            * SHARES[n]
                            * tilt[n]
                            * foreign_summer
                            * math.exp(r.gauss(0, 0.08))
                        ),
                    )
                period = f"{year}M{m:02d}"
                total = sum(by_nation.values())
                values[(name, "I alt", period)] = str(total)
                for n in NATIONS:
                    v = by_nation[n]
                    values[(name, n, period)] = (
                        ".."
                        if 0 < v < SUPPRESS_BELOW
                        or (v == 0 and n != "Danmark")
                        and r.random() < 0.5
                        else str(v)
                    )
    nations = ["I alt"] + NATIONS
    for _, name, _, _ in MUNICIPALITIES:
        for n in nations:
            for year in YEARS:
                for m in range(1, 13):
                    period = f"{year}M{m:02d}"
                    long_rows.append([name, n, period, values[(name, n, period)]])
    out.table(
        "tourism/nordjylland-overnatninger-synthetic.csv",
        ["OMRÅDE", "NATION", "TID", "INDHOLD"],
        long_rows,
        sep=";",
        newline="\r\n",
        bom=True,
        missing="..",
        shape="Statistics Denmark long export",
    )

    months = [f"2024M{m:02d}" for m in range(1, 13)]
    wide = []
    for _, name, _, _ in MUNICIPALITIES:
        for i, n in enumerate(nations):
            wide.append([name if i == 0 else "", n] + [values[(name, n, p)] for p in months])
    out.table(
        "tourism/nordjylland-overnatninger-bred-synthetic.csv",
        ["OMRÅDE", "NATION"] + months,
        wide,
        sep=";",
        newline="\r\n",
        bom=True,
        missing="..",
        shape="Statistics Denmark wide export: months as columns, area only on a block's first row",
    )

    features = []
    for kode, name, _, _ in MUNICIPALITIES:
        town = towns[kode]
        for k in range(3):
            x, y = point_near(r, town, radius=5000.0)
            lon, lat = to_wgs(x, y)
            cat = r.choice(CATEGORIES)
            visitors = None if r.random() < 0.2 else r.randint(2, 400) * 500
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "navn": f"{cat} ved {town['hovedby']} ({k + 1})",
                        "kategori": cat,
                        "kommunekode": kode,
                        "kommune": name,
                        "besoegende_2024": visitors,
                    },
                    "geometry": {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]},
                }
            )
    out.text(
        "tourism/nordjylland-attraktioner-synthetic.geojson",
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False) + "\n",
        format="geojson",
        crs="EPSG:4326",
        rows=len(features),
        header=list(features[0]["properties"]),
        radius_m=5000.0,
    )
