"""Aarhus's real-time traffic data (datasets/real/mobility; Aarhus Kommune, Open Data DK,
CC BY 4.0): the road segments the sensors measure, one day of readings (22 March 2024), and
one segment every five minutes from February 2014 to September 2015. The helpers the
mobility case uses, each a step a reader can follow:

    >>> s = series()                                  # segment 158505, as published
    >>> clean, facts = regular(s)                     # one row per five minutes, gaps empty
    >>> facts["rows"], facts["duplicates"], facts["slots"]
    (66624, 742, 170498)

Real sensors fail: a slot without a reading is *missing*, not 0; a reading of 0 vehicles
at 0 km/h is a sensor that measured nothing, not an empty road.
"""

from __future__ import annotations

import pandas as pd

from oddk.paths import datasets_dir

__all__ = ["ATTRIBUTION", "SERIES_SEGMENT", "day_readings", "gap_runs", "hourly_profile",
           "regular", "segments", "series"]

#: The attribution lines the files ask for (CC BY 4.0).
ATTRIBUTION = "Aarhus Kommune, Open Data DK, CC BY 4.0"
SERIES_ATTRIBUTION = "Aarhus Kommune (ODAA), CC BY 4.0"
#: The one segment with a long series in the kit.
SERIES_SEGMENT = 158505
STEP = "5min"


def _folder():
    return datasets_dir() / "real" / "mobility"


def segments() -> pd.DataFrame:
    """The 929 road segments: REPORT_ID, REPORT_NAME, ROAD_TYPE, DISTANCE_IN_METERS, start and
    end point (POINT_1_LAT/LNG, POINT_2_LAT/LNG, WGS84), streets and towns."""
    return pd.read_csv(_folder() / "aarhus-trafikdata-maalepunkter.csv", encoding="utf-8",
                       dtype={"POINT_1_STREET_NUMBER": str, "POINT_2_STREET_NUMBER": str})


def day_readings() -> pd.DataFrame:
    """The readings of 22 March 2024 joined to their segments (one row per segment), with
    `measured`: False for a reading of 0 vehicles at 0 km/h (the sensor measured nothing)."""
    d = pd.read_csv(_folder() / "aarhus-realtids-trafikdata-2024-03-22.csv", encoding="utf-8")
    d["TIMESTAMP"] = pd.to_datetime(d["TIMESTAMP"])
    d["measured"] = ~((d["vehicleCount"] == 0) & (d["avgSpeed"] == 0))
    cols = ["REPORT_ID", "ROAD_TYPE", "DISTANCE_IN_METERS", "POINT_1_LAT", "POINT_1_LNG",
            "POINT_2_LAT", "POINT_2_LNG"]
    return d.merge(segments()[cols], on="REPORT_ID", how="left", validate="one_to_one")


def series(start=None, end=None) -> pd.DataFrame:
    """Segment 158505's readings as published (TIMESTAMP without a zone, avgSpeed km/h,
    vehicleCount per five minutes, avgMeasuredTime s), within [start, end] if given. The clock
    is a fixed offset, not Danish local time: the file has readings at 02:00-02:55 on 30 March
    2014, an hour Danish clocks skipped, and the day's profile moves an hour at each change of
    the clocks; take it as UTC."""
    s = pd.read_csv(_folder() / "aarhus-trafikdata-rapport-158505-2014-2015.csv",
                    encoding="utf-8", parse_dates=["TIMESTAMP"])
    if start is not None:
        s = s[s["TIMESTAMP"] >= pd.Timestamp(start)]
    if end is not None:
        s = s[s["TIMESTAMP"] < pd.Timestamp(end) + pd.Timedelta(days=1)]
    return s.reset_index(drop=True)


def regular(s: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The series on a full five-minute calendar from its first to its last reading: a reading
    off the five-minute grid (11:32) goes to its slot (11:30), a slot read twice keeps its
    first reading (the duplicates are counted), a slot without a reading is empty (NaN), and
    a reading of 0 km/h (no vehicle measured) is no reading either (empty). Returns the table
    (index: the slots) and the facts: rows, duplicates, off_grid, slots, missing (slots
    without a reading, the 0 km/h ones included), zero_speed."""
    slot = s["TIMESTAMP"].dt.floor(STEP)  # a reading at 11:32 belongs to the slot of 11:30
    dup = slot.duplicated()
    one = s.assign(TIMESTAMP=slot)[~dup].set_index("TIMESTAMP").sort_index()
    slots = pd.date_range(one.index.min(), one.index.max(), freq=STEP) if len(one) else \
        pd.DatetimeIndex([])
    full = one.reindex(slots).astype("Float64")
    zero_speed = (full["avgSpeed"] == 0).fillna(False).to_numpy(bool)
    full.loc[zero_speed, ["avgSpeed", "avgMeasuredTime", "vehicleCount"]] = pd.NA  # no measurement
    facts = {"rows": len(s), "duplicates": int(dup.sum()), "slots": len(slots),
             "off_grid": int((slot != s["TIMESTAMP"]).sum()),
             "missing": int(full["vehicleCount"].isna().sum()),
             "zero_speed": int(zero_speed.sum())}
    return full, facts


def gap_runs(full: pd.DataFrame, at_least: str = "1h") -> pd.DataFrame:
    """Runs of empty slots at least `at_least` long: from, to (the last empty slot), slots,
    days; the longest first."""
    empty = full["vehicleCount"].isna()
    run = (empty != empty.shift()).cumsum()[empty]
    rows = [{"from": g.index[0], "to": g.index[-1], "slots": len(g)}
            for _, g in run.groupby(run)]
    out = pd.DataFrame(rows, columns=["from", "to", "slots"]).astype({"slots": int})
    out["days"] = (out["slots"] * pd.Timedelta(STEP) / pd.Timedelta("1D")).round(1)
    out = out[out["slots"] * pd.Timedelta(STEP) >= pd.Timedelta(at_least)]
    return out.sort_values("slots", ascending=False, ignore_index=True)


def hourly_profile(full: pd.DataFrame, holidays=()) -> pd.DataFrame:
    """Mean vehicles per five minutes by hour of the day, working days against weekends and
    holidays, over the slots that have a reading."""
    read = full[full["vehicleCount"].notna()]
    day = read.index.normalize()
    off = (read.index.day_of_week >= 5) | day.isin(pd.to_datetime(list(holidays)))
    kind = pd.Series(off, index=read.index).map({False: "working day", True: "weekend/holiday"})
    return (read.assign(hour=read.index.hour, kind=kind.to_numpy())
            .pivot_table(index="hour", columns="kind", values="vehicleCount", aggfunc="mean")
            .astype(float).round(2))
