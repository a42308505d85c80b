"""Bicycle counts at 24 counting points in Aarhus for 2024 (synthetic).

Daily totals for the whole year, hourly counts for May, and a counting-point file in
EPSG:25832. The patterns imitate real cycle counters: weekday commute peaks at 7-9 and
15-17, a midday hump at weekends, more cycling in summer and less in winter, a dip in
the July holiday on commuter routes (and a rise on leisure paths), public holidays that
look like Sundays, day-to-day weather noise, and sensor gaps (whole days missing; one
point starts in March, one is out for six weeks).
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from oddk.generate.common import Output, point_near, rng

YEAR = 2024
HOURLY_MONTH = 5
#: Danish public holidays in 2024 (Store Bededag was abolished from 2024).
HOLIDAYS = {
    date(2024, 1, 1),
    date(2024, 3, 28),
    date(2024, 3, 29),
    date(2024, 3, 31),
    date(2024, 4, 1),
    date(2024, 5, 9),
    date(2024, 5, 19),
    date(2024, 5, 20),
    date(2024, 12, 24),
    date(2024, 12, 25),
    date(2024, 12, 26),
    date(2024, 12, 31),
}
KINDS = [
    "Indfaldsvej",
    "Indfaldsvej",
    "Ringvej",
    "Centrum",
    "Centrum",
    "Boligvej",
    "Havnesti",
    "Rekreativ sti",
]
DIRECTIONS = ["Nord", "Syd", "Øst", "Vest"]
LEISURE = {"Havnesti", "Rekreativ sti"}


def _peak(h: float, mu: float, sd: float) -> float:
    return math.exp(-0.5 * ((h - mu) / sd) ** 2)


def _profile(weekend: bool, leisure: bool) -> list[float]:
    """Share of a day's cyclists in each hour (sums to 1)."""
    weights = []
    for hour in range(24):
        h = hour + 0.5
        commute = 1.0 * _peak(h, 7.9, 0.8) + 0.8 * _peak(h, 16.0, 1.1) + 0.22 * _peak(h, 12.5, 3.0)
        midday = _peak(h, 13.5, 2.6)
        night = (0.012 if hour < 5 else 0.0) + 0.06 * _peak(h, 20.5, 1.8)
        if weekend:
            w = midday + night
        elif leisure:
            w = 0.5 * commute + 0.5 * midday + night
        else:
            w = commute + night
        weights.append(w)
    total = sum(weights)
    return [w / total for w in weights]


def _season(day: date, leisure: bool) -> float:
    doy = day.timetuple().tm_yday
    amp = 0.55 if leisure else 0.3
    s = 1 + amp * math.cos(2 * math.pi * (doy - 200) / 366)
    week = day.isocalendar()[1]
    if 28 <= week <= 30:  # the Danish summer holiday
        s *= 1.2 if leisure else 0.65
    if day.month == 12 and day.day >= 22:
        s *= 0.6
    return s


def _points(r: random.Random, town: dict) -> list[dict]:
    points = []
    for i in range(1, 25):
        kind = KINDS[(i - 1) % len(KINDS)]
        x, y = point_near(r, town, (180.0, 380.0))
        base = r.randint(500, 2500) if kind in LEISURE else r.randint(1500, 9000)
        points.append(
            {
                "id": f"AAR-{i:02d}",
                "navn": f"{kind} {r.choice(DIRECTIONS)} {i}",
                "type": kind,
                "retning": r.choice(["begge", "ind mod centrum", "ud fra centrum"]),
                "x": x,
                "y": y,
                "base": base,
                "leisure": kind in LEISURE,
                "start": date(YEAR, 1, 1),
            }
        )
    points[20]["start"] = date(YEAR, 3, 15)
    return points


def _gaps(r: random.Random, points: list[dict]) -> dict[str, set]:
    gaps: dict[str, set] = {p["id"]: set() for p in points}
    for p in points:
        for _ in range(r.choice([0, 0, 1, 1, 2, 3])):
            start = date(YEAR, 1, 1) + timedelta(days=r.randint(0, 360))
            for k in range(r.choice([1, 1, 2, 3, 7, 14])):
                gaps[p["id"]].add(start + timedelta(days=k))
    long = points[7]
    start = date(YEAR, 9, 2)
    gaps[long["id"]] |= {start + timedelta(days=k) for k in range(42)}
    # Two points lose a few days in the hourly month too.
    gaps[points[2]["id"]] |= {date(YEAR, HOURLY_MONTH, 13), date(YEAR, HOURLY_MONTH, 14)}
    gaps[points[11]["id"]].add(date(YEAR, HOURLY_MONTH, 27))
    return gaps


def build(out: Output, towns: dict) -> None:
    r = rng("mobility/aarhus")
    points = _points(r, towns[751])
    gaps = _gaps(r, points)
    profiles = {(w, lei): _profile(w, lei) for w in (False, True) for lei in (False, True)}
    weather = {}
    day = date(YEAR, 1, 1)
    while day.year == YEAR:
        f = math.exp(r.gauss(0, 0.12))
        if r.random() < 0.22:
            f *= 0.7  # rain
        if day.month in (1, 2, 12) and r.random() < 0.08:
            f *= 0.45  # snow and ice
        weather[day] = f
        day += timedelta(days=1)

    daily_rows, hourly_rows = [], []
    for p in points:
        day = date(YEAR, 1, 1)
        while day.year == YEAR:
            if day < p["start"] or day in gaps[p["id"]]:
                day += timedelta(days=1)
                continue
            weekend = day.weekday() >= 5 or day in HOLIDAYS
            level = (1.3 if weekend else 1.0) if p["leisure"] else (0.5 if weekend else 1.0)
            expected = p["base"] * level * _season(day, p["leisure"]) * weather[day]
            profile = profiles[(weekend, p["leisure"])]
            hours = [max(0, round(expected * share * r.gauss(1.0, 0.08))) for share in profile]
            daily_rows.append([p["id"], day.isoformat(), sum(hours)])
            if day.month == HOURLY_MONTH:
                for h, n in enumerate(hours):
                    hourly_rows.append([p["id"], f"{day.isoformat()} {h:02d}:00", n])
            day += timedelta(days=1)

    out.table(
        "mobility/aarhus-taellepunkter-synthetic.csv",
        ["punkt_id", "navn", "type", "retning", "i_drift_fra", "x", "y"],
        [
            [
                p["id"],
                p["navn"],
                p["type"],
                p["retning"],
                p["start"].isoformat(),
                f"{p['x']:.2f}",
                f"{p['y']:.2f}",
            ]
            for p in points
        ],
        crs="EPSG:25832",
        coordinates={"x": "x", "y": "y"},
        kommunekode=751,
    )
    out.table(
        "mobility/aarhus-cykler-doegn-2024-synthetic.csv",
        ["punkt_id", "dato", "cykler"],
        daily_rows,
        period="2024-01-01/2024-12-31",
    )
    out.table(
        "mobility/aarhus-cykler-time-2024-05-synthetic.csv",
        ["punkt_id", "tidspunkt", "cykler"],
        hourly_rows,
        period="2024-05-01/2024-05-31",
        time_zone="Europe/Copenhagen (local time, CEST)",
    )
