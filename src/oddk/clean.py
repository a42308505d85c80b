"""Danish cleaning helpers: numbers, dates, empty markers, ids, municipalities, regions,
coordinates and Statistics Denmark's wide exports.

Every helper takes a column (a pandas Series, a list, or one value) and returns
`(values, problems)`: the cleaned values, same length and index, and a table of what it
could **not** convert, one row each: `row` (1 = the first data row), `value` as written,
`problem` in plain words. Nothing is guessed silently and nothing is shifted: a date that
does not exist (31-02-2021) is reported, never turned into 3 March.

    >>> values, problems = parse_number(["1.234,50", "12", "ukendt"])
    >>> list(values[:2]), problems["row"].tolist()
    ([1234.5, 12.0], [3])

The helpers live in small modules by theme; import them from here:

- numbers, ids, text and empty markers: `oddk.clean_text`
- dates, times and Statistics Denmark periods: `oddk.clean_dates`
- municipalities and regions: `oddk.clean_places`
- coordinates (EPSG:25832 ↔ WGS84 with pyproj): `oddk.clean_geo`
- wide Statistics Denmark exports to tidy long form: `oddk.clean_tidy`
"""

from __future__ import annotations

from oddk.clean_dates import parse_date, parse_datetime, parse_period
from oddk.clean_geo import (
    DENMARK_BOUNDS_25832,
    DENMARK_BOUNDS_WGS84,
    drop_missing_z,
    to_utm32,
    to_wgs84,
)
from oddk.clean_places import municipality_code, municipality_name, region_code
from oddk.clean_text import EMPTY_MARKERS, blank_empty, parse_id, parse_number, problems_frame
from oddk.clean_tidy import fill_down, wide_to_long

__all__ = [
    "DENMARK_BOUNDS_25832",
    "DENMARK_BOUNDS_WGS84",
    "EMPTY_MARKERS",
    "blank_empty",
    "drop_missing_z",
    "fill_down",
    "municipality_code",
    "municipality_name",
    "parse_date",
    "parse_datetime",
    "parse_id",
    "parse_number",
    "parse_period",
    "problems_frame",
    "region_code",
    "to_utm32",
    "to_wgs84",
    "wide_to_long",
]
