"""Dates, times with zones, and Statistics Denmark periods (2024K1, 2024M05, 2024).

Part of `oddk.clean` (see there for the `(values, problems)` contract). We check each
date ourselves with Python's `datetime.date`, which refuses a day that does not exist;
bulk parsers can be lenient (pyarrow turns 31-02-2021 into 2021-03-03), and a
guideline must report such a date, never move it.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, timedelta, timezone

import pandas as pd

from oddk.clean_text import EMPTY_MARKERS, as_series, is_missing, problems_frame

_MONTHS_DA = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]

# (pattern, order of the groups): day-first as Danish files write dates, ISO year-first.
_DATE_FORMS = [
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),  # 2024-05-01 (ISO)
    (re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})"), "dmy"),  # 01-05-2024
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), "dmy"),  # 01.05.2024
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), "dmy"),  # 1/5/2024 (Danish: day first)
    (re.compile(r"(\d{1,2})-(\d{1,2})-(\d{2})"), "dmy2"),  # 01-05-24
]


def _why_not(y: int, m: int, d: int) -> str | None:
    if not 1 <= m <= 12:
        return f"there is no month {m}"
    last = calendar.monthrange(y, m)[1]
    if not 1 <= d <= last:
        return f"{_MONTHS_DA[m - 1]} {y} has {last} days, not {d}"
    return None


def _one_date(t: str):
    """(date, None) or (None, why)."""
    for pattern, order in _DATE_FORMS:
        m = pattern.fullmatch(t)
        if not m:
            continue
        a, b, c = (int(g) for g in m.groups())
        y, mo, d = (a, b, c) if order == "ymd" else (c, b, a)
        if order == "dmy2":
            y += 2000 if y < 70 else 1900
        why = _why_not(y, mo, d)
        return (None, f"{t!r} is not a date: {why}") if why else (date(y, mo, d), None)
    return (
        None,
        f"{t!r} is not a date in a form we know (dd-mm-yyyy, dd.mm.yyyy, d/m/yyyy, yyyy-mm-dd)",
    )


def parse_date(values, markers=EMPTY_MARKERS):
    """Dates as Danish files write them, day first, into one type.

        >>> values, problems = parse_date(["01-05-2024", "2.5.2024", "3/5/2024", "31-02-2021"])
        >>> problems["problem"].tolist()
        ["'31-02-2021' is not a date: februar 2021 has 28 days, not 31"]

    Forms: dd-mm-yyyy, dd.mm.yyyy, d/m/yyyy (day first, as in Denmark), yyyy-mm-dd, and
    ISO date-times (the date part is kept: `parse_datetime` keeps the time). A date that
    does not exist is reported, never shifted. Returns `(values, problems)` with
    datetime64 values (midnight).
    """
    s = as_series(values)
    empty = {m.strip() for m in markers}
    out, bad = [], []
    for i, v in enumerate(s.tolist(), 1):
        if is_missing(v) or str(v).strip() in empty:
            out.append(pd.NaT)
            continue
        if isinstance(v, (datetime, date, pd.Timestamp)):
            out.append(pd.Timestamp(v.year, v.month, v.day))
            continue
        t = str(v).strip()
        iso = re.fullmatch(r"(\d{4}-\d{1,2}-\d{1,2})[T ].*", t)
        d, why = _one_date(iso.group(1) if iso else t)
        if why:
            bad.append((i, v, why))
            out.append(pd.NaT)
        else:
            out.append(pd.Timestamp(d))
    return pd.Series(out, index=s.index, dtype="datetime64[ns]"), problems_frame(bad)


_ISO_DT = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})"  # date and hours:minutes
    r"(?::(\d{2})(?:\.(\d{1,9}))?)?"  # seconds and fraction
    r"\s*(Z|[+-]\d{2}:?\d{2})?"  # zone
)


def parse_datetime(values, assume_zone: str = "Europe/Copenhagen", markers=EMPTY_MARKERS):
    """ISO date-times with or without a zone, to one time line in UTC.

        >>> parse_datetime(["2024-05-01T08:00:00+02:00", "2024-05-01 06:00Z"])[0].tolist()[0]
        Timestamp('2024-05-01 06:00:00+0000', tz='UTC')

    A time without a zone is read as `assume_zone` (Danish local time by default); a time
    that does not exist there (02:30 when summer time starts) is reported. Plain dates
    count as midnight. Returns `(values, problems)` with UTC timestamps.
    """
    s = as_series(values)
    empty = {m.strip() for m in markers}
    out, bad = [], []
    for i, v in enumerate(s.tolist(), 1):
        if is_missing(v) or str(v).strip() in empty:
            out.append(pd.NaT)
            continue
        t = str(v).strip()
        m = _ISO_DT.fullmatch(t)
        if not m:
            d, why = _one_date(t)
            if why:
                bad.append(
                    (i, v, why.replace("not a date in a form", "not a date or time in a form"))
                )
                out.append(pd.NaT)
                continue
            y, mo, da, hh, mi, ss, frac, zone = d.year, d.month, d.day, 0, 0, 0, None, None
        else:
            y, mo, da, hh, mi = (int(g) for g in m.groups()[:5])
            ss, frac, zone = int(m.group(6) or 0), m.group(7), m.group(8)
        why = _why_not(y, mo, da) or (
            None if hh < 24 and mi < 60 and ss < 60 else "no such time of day"
        )
        if why:
            bad.append((i, v, f"{t!r} is not a time: {why}"))
            out.append(pd.NaT)
            continue
        naive = datetime(y, mo, da, hh, mi, ss, int((frac or "0").ljust(6, "0")[:6]))
        if zone:
            if zone == "Z":
                tz = UTC
            else:
                sign = 1 if zone[0] == "+" else -1
                z = zone[1:].replace(":", "")
                tz = timezone(sign * timedelta(hours=int(z[:2]), minutes=int(z[2:])))
            out.append(pd.Timestamp(naive.replace(tzinfo=tz)).tz_convert("UTC"))
            continue
        try:
            local = pd.Timestamp(naive).tz_localize(
                assume_zone, nonexistent="raise", ambiguous="raise"
            )
        except Exception as err:  # nonexistent or ambiguous local time
            kind = (
                "does not exist"
                if "nonexistent" in type(err).__name__.lower() or "exist" in str(err)
                else "happens twice (summer time ends)"
            )
            bad.append((i, v, f"{t!r} {kind} in {assume_zone}: give the zone (+01:00 or +02:00)"))
            out.append(pd.NaT)
            continue
        out.append(local.tz_convert("UTC"))
    return pd.Series(out, index=s.index, dtype="datetime64[ns, UTC]"), problems_frame(bad)


_PERIOD = re.compile(r"(\d{4})(?:(K)([1-4])|(M)(\d{2})|(H)([12])|(U)(\d{2})|(D)(\d{2})(\d{2}))?")


def parse_period(values, markers=EMPTY_MARKERS):
    """Statistics Denmark's periods to the first day of the period.

        >>> values, problems = parse_period(["2024K1", "2024M05", "2024", "2024K5"])
        >>> values.dt.strftime("%Y-%m-%d").tolist()
        ['2024-01-01', '2024-05-01', '2024-01-01', nan]

    Forms: 2024 (year), 2024H1 (half year), 2024K1 (quarter, **kvartal**), 2024M05
    (month), 2024U05 (ISO week, **uge**; its Monday), 2024D0501 (day). An impossible
    period (2024K5, 2024M13) is reported. Returns `(values, problems)`: datetime64 values
    (the period's first day) and the problems.
    """
    s = as_series(values)
    empty = {m.strip() for m in markers}
    out, bad = [], []
    for i, v in enumerate(s.tolist(), 1):
        if is_missing(v) or str(v).strip() in empty:
            out.append(pd.NaT)
            continue
        t = str(v).strip().upper()
        m = _PERIOD.fullmatch(t)
        first, why = None, None
        if not m:
            why = f"{v!r} is not a Statistics Denmark period (2024, 2024K1, 2024M05, 2024U05 …)"
        else:
            y = int(m.group(1))
            try:
                if m.group(2):
                    first = date(y, 3 * int(m.group(3)) - 2, 1)
                elif m.group(4):
                    first = date(y, int(m.group(5)), 1)
                elif m.group(6):
                    first = date(y, 1 if m.group(7) == "1" else 7, 1)
                elif m.group(8):
                    first = date.fromisocalendar(y, int(m.group(9)), 1)
                elif m.group(10):
                    first = date(y, int(m.group(11)), int(m.group(12)))
                else:
                    first = date(y, 1, 1)
            except ValueError:
                why = f"{v!r} is not a period: no such quarter, month, week or day"
        if m is None and re.fullmatch(r"\d{4}K[0-9]+|\d{4}M[0-9]+", t):
            why = f"{v!r} is not a period: no such quarter or month"
        if why:
            bad.append((i, v, why))
            out.append(pd.NaT)
        else:
            out.append(pd.Timestamp(first))
    return pd.Series(out, index=s.index, dtype="datetime64[ns]"), problems_frame(bad)
