"""Denmark's 98 municipalities and 5 regions, from datasets/reference/.

Danish files name a municipality in many ways: 751, "0751", "Aarhus",
"Århus" (the spelling until 2011), "Aarhus Kommune", "AARHUS". `find_municipality`
turns any of them into the one reference row:

    >>> int(find_municipality("Århus")["kode"])
    751
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

import pandas as pd

from oddk import vocab
from oddk.paths import datasets_dir

NOT_MUNICIPALITIES = {
    411: "Christiansø (411) belongs to no municipality: the Ministry of Defence administers it. "
    "Statistics Denmark lists it beside the 98 municipalities; keep it apart or drop it.",
}


@lru_cache(maxsize=1)
def _municipalities() -> pd.DataFrame:
    path = datasets_dir() / "reference" / "municipalities.csv"
    return pd.read_csv(
        path,
        dtype={"kode4": str, "alternative_navne": str},
        keep_default_na=False,
        encoding="utf-8",
    )


def municipalities() -> pd.DataFrame:
    """All 98 municipalities: kode (101), kode4 ("0101"), navn, officielt_navn, region,
    alternative names, main town and its coordinates (WGS84). A fresh copy each call."""
    return _municipalities().copy()


def regions() -> pd.DataFrame:
    """The 5 regions: region_kode (1081–1085), dst_kode (81–85), iso_kode (DK-81…85), names."""
    return pd.read_csv(datasets_dir() / "reference" / "regions.csv", encoding="utf-8")


def fold(name: str) -> str:
    """A spelling-insensitive key: 'Århus Kommune' and 'AARHUS' both give 'aarhu' (Danish
    letters folded by `oddk.vocab.fold`; "kommune", signs and a final genitive s dropped)."""
    text = re.sub(r"\b(regionskommune|kommune|municipality)\b", " ", vocab.fold(name))
    text = re.sub(r"s$", "", re.sub(r"[^a-z0-9]+", "", text)) if not text.isdigit() else text
    return text


def _loose(key: str) -> str:
    # "Kobenhavn" typed without ø: compare with oe→o and aa→a as well.
    return key.replace("oe", "o").replace("aa", "a").replace("ae", "a")


@lru_cache(maxsize=1)
def _name_index() -> dict[str, int]:
    index: dict[str, int] = {}
    for row in _municipalities().itertuples():
        names = [row.navn, row.officielt_navn, *filter(None, row.alternative_navne.split(";"))]
        for name in names:
            index.setdefault(fold(name), row.kode)
            index.setdefault(_loose(fold(name)), row.kode)
    return index


def find_municipality(value) -> pd.Series:
    """The reference row for a municipality code (751, "0751", "751") or name in any
    usual spelling. Raises ValueError with suggestions when nothing matches."""
    table = _municipalities()
    text = str(value).strip()
    if re.fullmatch(r"\d{1,4}(\.0)?", text):  # ids stored as floats: "751.0"
        code = int(float(text))
        if code in NOT_MUNICIPALITIES:
            raise ValueError(NOT_MUNICIPALITIES[code])
        match = table[table["kode"] == code]
        if match.empty:
            raise ValueError(
                f"{value!r} is not a municipality code: codes run from 101 (København) "
                f"to 860 (Hjørring); see datasets/reference/municipalities.csv."
            )
        return match.iloc[0].copy()
    key = fold(text)
    code = _name_index().get(key) or _name_index().get(_loose(key))
    if code is None:
        close = difflib.get_close_matches(text, table["navn"].tolist(), n=3, cutoff=0.6)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise ValueError(f"{value!r} is not the name of a Danish municipality.{hint}")
    return table[table["kode"] == code].iloc[0].copy()


# --------------------------------------------------------------------------- real figures

#: The attribution lines the real figures carry wherever they are shown.
POPULATION_SOURCE = "Kilde: Danmarks Statistik, statistikbanken.dk/folk1a"
GROUPS_SOURCE = "Kilde: Danmarks Statistik, kommunegrupper"


@lru_cache(maxsize=1)
def _population() -> pd.DataFrame:
    path = datasets_dir() / "real" / "population" / "folk1a-2026-kommuner.csv"
    return pd.read_csv(path, encoding="utf-8")


def population() -> pd.DataFrame:
    """Residents of the 98 municipalities on 1 January 2026 (Statistics Denmark, FOLK1A, real):
    kode, navn, folketal, aar. Shown anywhere, it carries `POPULATION_SOURCE`.

        >>> int(population()["folketal"].sum())
        6025511
    """
    p = _population()
    return pd.DataFrame({"kode": p["kommune_kode"].astype(int), "navn": p["kommune_navn"],
                         "folketal": p["folketal"].astype(int), "aar": p["aar"].astype(int)})


@lru_cache(maxsize=1)
def _groups() -> pd.DataFrame:
    path = datasets_dir() / "real" / "population" / "kommunegrupper-2018.csv"
    return pd.read_csv(path, encoding="utf-8")


def municipality_groups() -> pd.DataFrame:
    """Statistics Denmark's five municipality groups (KOMMUNEGRUPPER 2018, real): kode, navn,
    gruppe (1-5), gruppe_navn (Hovedstadskommuner, Storbykommuner, Provinsbykommuner,
    Oplandskommuner, Landkommuner). Shown anywhere, it carries `GROUPS_SOURCE`."""
    g = _groups()
    return pd.DataFrame({"kode": g["kommune_kode"].astype(int), "navn": g["kommune_navn"],
                         "gruppe": g["kommunegruppe"].astype(int),
                         "gruppe_navn": g["kommunegruppe_navn"]})


def peers(municipality) -> pd.DataFrame:
    """The municipalities in the same municipality group as `municipality` (a code or a name
    in any usual spelling), itself included, with their population: kode, navn, gruppe,
    gruppe_navn, folketal.

        >>> p = peers("Århus")
        >>> p["gruppe_navn"].iloc[0], sorted(p["navn"])
        ('Storbykommuner', ['Aalborg', 'Aarhus', 'Odense'])
    """
    kode = int(find_municipality(municipality)["kode"])
    groups = municipality_groups()
    gruppe = int(groups.loc[groups["kode"] == kode, "gruppe"].iloc[0])
    same = groups[groups["gruppe"] == gruppe]
    return same.merge(population()[["kode", "folketal"]], on="kode").reset_index(drop=True)
