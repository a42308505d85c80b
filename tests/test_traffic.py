"""oddk.traffic on Aarhus's real traffic data (datasets/real/mobility; Aarhus Kommune, Open
Data DK, CC BY 4.0): the figures the mobility case states, recomputed here from the files with
the csv module alone."""

from __future__ import annotations

import csv
import doctest
from collections import Counter
from datetime import datetime

import oddk.traffic as traffic
from oddk.paths import datasets_dir

REAL = datasets_dir() / "real" / "mobility"


def _rows(name):
    with open(REAL / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_series_slots_gaps_and_duplicates_match_the_file():
    rows = _rows("aarhus-trafikdata-rapport-158505-2014-2015.csv")
    stamps = [datetime.fromisoformat(r["TIMESTAMP"]) for r in rows]
    slots = [t.replace(minute=t.minute - t.minute % 5, second=0) for t in stamps]
    first = {}
    for slot, r in zip(slots, rows, strict=True):
        first.setdefault(slot, r)
    zero_speed = sum(r["avgSpeed"] == "0" for r in first.values())
    full, facts = traffic.regular(traffic.series())
    assert facts["rows"] == len(rows) and facts["duplicates"] == len(slots) - len(first)
    assert facts["off_grid"] == sum(t != s for t, s in zip(stamps, slots, strict=True))
    span = (max(first) - min(first)).total_seconds() / 300 + 1
    assert facts["zero_speed"] == zero_speed > 0
    assert facts["slots"] == span and facts["missing"] == span - len(first) + zero_speed
    longest = traffic.gap_runs(full).iloc[0]
    assert str(longest["from"]) == "2014-10-01 00:00:00" and longest["days"] > 290


def test_working_days_carry_several_times_a_weekend_day():
    rows = _rows("aarhus-trafikdata-rapport-158505-2014-2015.csv")
    per_day, slots_read = Counter(), Counter()
    seen = set()
    for r in rows:
        t = datetime.fromisoformat(r["TIMESTAMP"])
        slot = t.replace(minute=t.minute - t.minute % 5, second=0)
        if slot in seen:
            continue
        seen.add(slot)
        if r["avgSpeed"] == "0":
            continue  # no measurement
        per_day[slot.date()] += int(r["vehicleCount"])
        slots_read[slot.date()] += 1
    complete = [d for d in per_day if slots_read[d] >= 0.9 * 288]
    work = [per_day[d] for d in complete if d.weekday() < 5]
    weekend = [per_day[d] for d in complete if d.weekday() >= 5]
    ratio = (sum(work) / len(work)) / (sum(weekend) / len(weekend))
    assert ratio > 3, ratio  # the case says "several times" and checks > 2 on working days
    profile = traffic.hourly_profile(traffic.regular(traffic.series())[0])
    assert int(profile["working day"].idxmax()) in (13, 14)


def test_the_day_readings_join_their_segments_and_most_measured_nothing():
    day = _rows("aarhus-realtids-trafikdata-2024-03-22.csv")
    measured = sum(not (r["vehicleCount"] == "0" and r["avgSpeed"] == "0") for r in day)
    joined = traffic.day_readings()
    assert len(joined) == len(day) == 928 and joined["ROAD_TYPE"].notna().all()
    assert int(joined["measured"].sum()) == measured == 26


def test_a_period_without_gaps_or_working_days_is_no_error():
    full, facts = traffic.regular(traffic.series("2014-02-15", "2014-02-16"))
    assert traffic.gap_runs(full, at_least="1D").empty
    assert "working day" not in traffic.hourly_profile(full)


def test_doctests():
    result = doctest.testmod(traffic)
    assert result.failed == 0 and result.attempted > 0
