"""The kit's vocabularies, each written once: Denmark's extent, coordinate system names and
Danish letter folding (licences, file formats, themes, frequencies and GeoFA's code lists
follow below). Every other module imports them from here; nothing re-declares a list.

    >>> fold("Århus Kommune")
    'aarhus kommune'
    >>> DENMARK_EXTENT["EPSG:4326"]
    ((7.9, 15.3), (54.5, 57.8))
"""

from __future__ import annotations

# --------------------------------------------------------------------------- geography

#: Denmark's extent in each coordinate system the kit meets, with a margin (Bornholm and
#: Christiansø, at x ≈ 893,000 and lon 15.19, included): ((min x, max x), (min y, max y)).
#: For EPSG:4326 x is longitude and y latitude.
DENMARK_EXTENT = {
    "EPSG:25832": ((400_000, 910_000), (6_000_000, 6_450_000)),
    "EPSG:4326": ((7.9, 15.3), (54.5, 57.8)),
    "EPSG:3857": ((890_000, 1_693_000), (7_265_000, 7_926_000)),
}

#: The coordinate systems by name, in plain words.
CRS_NAMES = {
    "EPSG:25832": "ETRS89 / UTM zone 32N",
    "EPSG:4326": "WGS 84 (longitude/latitude)",
    "EPSG:3857": "WGS 84 / Pseudo-Mercator (web maps)",
}


def inside_denmark(lon, lat):
    """True where WGS84 longitude/latitude (scalars or pandas/numpy arrays) lie in
    Denmark's extent: `inside_denmark(10.2, 56.15)` is True (Aarhus)."""
    (x0, x1), (y0, y1) = DENMARK_EXTENT["EPSG:4326"]
    return (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)


# --------------------------------------------------------------------------- Danish letters

#: Danish (and the neighbours') letters spelled in ASCII, as Danish systems do when they
#: cannot write them: Århus → aarhus, Køge → koege, Ærø → aeroe.
LETTER_FOLDING = {"å": "aa", "æ": "ae", "ø": "oe", "é": "e", "è": "e", "ü": "ue", "ö": "oe",
                  "ä": "ae"}
_FOLD = str.maketrans(LETTER_FOLDING)


def fold(text) -> str:
    """`text` in lower case with Danish letters spelled in ASCII (å → aa, æ → ae, ø → oe);
    nothing else changed, so callers decide what to do with spaces and signs."""
    return str(text).strip().lower().translate(_FOLD)
