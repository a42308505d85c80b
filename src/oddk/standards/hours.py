"""Opening hours in two columns ('Åbningstid fra' 00:00, 'Åbningstid til' 24:00), as many
facility files keep them: found by their names and clock-time values, and read as one text
per row ('00:00 - 24:00') that says whether a facility is open around the clock (doegnaab_k).

    >>> df = pd.DataFrame({"Åbner": ["00:00", "7.00"], "Lukker": ["24:00", "22.00"]})
    >>> hours_columns(df, df.columns)
    ('Åbner', 'Lukker')
    >>> joined(df, "Åbner", "Lukker").tolist()
    ['00:00 - 24:00', '7.00 - 22.00']
    >>> hours_spec(df, "Åbner", "Lukker")["codes"]
    {'00:00 - 24:00': 1}
"""

from __future__ import annotations

import re

import pandas as pd

from oddk import vocab

#: Folded names of a column of opening times, and of closing times: a word ('Åbner',
#: 'Lukker kl.'), or any name that ends in from or to ('Åbningstid fra', 'Weekend til').
_OPENS = re.compile(r"aabner|aabnes|aabning|opens?|opening|openingtime|opentime")
_CLOSES = re.compile(r"lukker|lukkes|lukketid|lukketidspunkt|lukning|closes?|closing"
                     r"|closingtime|closetime")
_FROM = re.compile(r"(?:fra|from)$")
_TO = re.compile(r"(?:til|to|until)$")
#: A time of day as files write it: '7', '07:00', '7.30', '24.00'.
_CLOCK = re.compile(r"(\d{1,2})(?:[.:](\d{2}))?")


def _key(name) -> str:
    return re.sub(r"[^a-z0-9]+", "", vocab.fold(name))


def _opens(key: str) -> bool:
    key = key.removesuffix("kl")
    return bool(_OPENS.fullmatch(key) or _FROM.search(key))


def _closes(key: str) -> bool:
    key = key.removesuffix("kl")
    return bool(_CLOSES.fullmatch(key) or _TO.search(key))


def is_time_column(name) -> bool:
    """Is `name` the name of an opening or a closing time ('Åbningstid fra', 'Lukker')?"""
    key = _key(name)
    return _opens(key) or _closes(key)


def holds_times(values: pd.Series) -> bool:
    """Does the column hold times of day ('07:00', '7' among '7.30'), and nothing else but
    empty cells? Whole numbers alone are counts more often than hours."""
    texts = values.dropna().astype(str).str.strip()
    texts = texts[texts != ""].drop_duplicates().head(500)
    clock = [_CLOCK.fullmatch(t) for t in texts]
    return (bool(clock) and all(m and int(m.group(1)) <= 24 and int(m.group(2) or 0) <= 59
                                for m in clock) and any(m.group(2) for m in clock))


def hours_columns(df: pd.DataFrame, columns) -> tuple[str, str] | None:
    """The one column of opening times and the one of closing times among `columns`, or
    None when there is not exactly one of each (weekdays and weekends apart: no guess)."""
    opens = [c for c in columns if _opens(_key(c)) and holds_times(df[c])]
    closes = [c for c in columns if _closes(_key(c)) and holds_times(df[c])]
    return (opens[0], closes[0]) if len(opens) == 1 and len(closes) == 1 else None


def joined(df: pd.DataFrame, opens: str, closes: str) -> pd.Series:
    """Each row's hours as one text, 'opens - closes'; empty where either time is missing."""
    a = df[opens].astype("string").str.strip()
    b = df[closes].astype("string").str.strip()
    both = a.notna() & b.notna() & (a != "") & (b != "")
    return (a + " - " + b).where(both, pd.NA)


def _minutes(t: str) -> int:
    m = _CLOCK.fullmatch(t.strip())
    return int(m.group(1)) * 60 + int(m.group(2) or 0)


def round_the_clock(hours: str) -> bool:
    """Do 'opens - closes' say open around the clock: from midnight to midnight ('00:00 -
    24:00', '0 - 23.59', '00:00 - 00:00')?"""
    opens, closes = hours.split(" - ")
    return _minutes(opens) == 0 and _minutes(closes) in (0, 23 * 60 + 59, 24 * 60)


def hours_spec(df: pd.DataFrame, opens: str, closes: str) -> dict:
    """doegnaab_k's mapping from the two columns: 1 where the hours go round the clock, any
    other hours 0."""
    values = joined(df, opens, closes).dropna().drop_duplicates().head(2000)
    codes = {v: 1 for v in values if round_the_clock(v)}
    return {"column": opens, "until": closes, "codes": codes, "other": 0,
            "why": f"opening times in {opens!r} and closing times in {closes!r}; "
            + (", ".join(codes) + " → 1 (open around the clock)" if codes else
               "no hours round the clock")
            + ", any other hours → 0"}
