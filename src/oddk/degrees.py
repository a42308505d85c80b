"""Degrees as people write them in coordinate columns: with a degree sign and a hemisphere
letter ('55.6421° N'), or in degrees, minutes and seconds ('55°05'42.1"N', 'N 55° 05.702'',
copied from a GPS or a web map). Danish letters for east and west (Ø, V) are read too."""

from __future__ import annotations

import re

__all__ = ["degrees", "AXIS"]

_HEMISPHERE = r"([NSØOEWV])"
_DMS = re.compile(
    rf"{_HEMISPHERE}?\s*([+-]?\d{{1,3}}(?:[.,]\d+)?)\s*°\s*"
    r"(?:(\d{1,2}(?:[.,]\d+)?)\s*['′’]\s*)?"
    r"(?:(\d{1,2}(?:[.,]\d+)?)\s*(?:[\"″”]|'')\s*)?"
    rf"{_HEMISPHERE}?",
    re.IGNORECASE,
)
#: A hemisphere letter -> the axis it is on.
AXIS = {"N": "lat", "S": "lat", "Ø": "lon", "O": "lon", "E": "lon", "W": "lon", "V": "lon"}


def degrees(text) -> tuple[float, str | None] | None:
    """(decimal degrees, 'lat', 'lon' or None) of a value written with a degree sign, or
    None when it is not one. South and west are negative.

        >>> degrees("55°05'42.1\\"N"), degrees("N 55° 05.702'"), degrees("12.4741° E")
        ((55.095028, 'lat'), (55.095033, 'lat'), (12.4741, 'lon'))
        >>> degrees("10°19'15,7\\"Ø"), degrees("54.769°"), degrees("55°65'"), degrees("55")
        ((10.321028, 'lon'), (54.769, None), None, None)
        >>> degrees("999°"), degrees("-12°N"), degrees("95°N"), degrees("-8.5°")
        (None, None, None, (-8.5, None))
    """
    if not isinstance(text, str) or "°" not in text:
        return None
    m = _DMS.fullmatch(text.strip())
    if not m or (m.group(1) and m.group(5)):
        return None
    deg, minutes, seconds = (float(g.replace(",", ".")) if g else None for g in m.group(2, 3, 4))
    if (minutes is not None and (not deg.is_integer() or minutes >= 60)) or \
            (seconds is not None and (minutes is None or not minutes.is_integer()
                                      or seconds >= 60)):
        return None
    letter = (m.group(1) or m.group(5) or "").upper()
    value = abs(deg) + (minutes or 0) / 60 + (seconds or 0) / 3600
    signed = text.strip().startswith(("-", "+")) or m.group(2).startswith(("-", "+"))
    if value > (90 if AXIS.get(letter) == "lat" else 180) or (signed and letter):
        return None  # no place on Earth, or a sign and a letter that may disagree
    negative = m.group(2).startswith("-") or letter in ("S", "W", "V")
    return round(-value if negative else value, 6), AXIS.get(letter)
