"""Who a municipality or region is compared with, and what its peers publish that it does not.

Peers are real: Statistics Denmark's municipality group (kommunegrupper) and the region, with
the real population on 1 January 2026; a region's peers are the other four regions. A kind
of data is matched by its GeoFA facility type (a tag 'toiletter' is GeoFA's 'Toilet') or its
tag, not by words in titles.

    >>> sorted(kinds_of({"tags": [{"name": "toiletter"}, {"name": "valg"}]}))
    ['GeoFA: Toilet', 'valg']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from oddk import reference, vocab

# Tags that name a facility type without starting with its name ('toiletter' starts with
# 'toilet', 'legepladser' with 'legeplads'; 'badevand' is water quality, not 'Badevandsflag')
FACILITY_TAGS = {"parkering": "Parkeringsplads", "ladestandere": "Ladestationer",
                 "hundeskove": "Hundeskov/Hundepark/fritløbsareal"}


@lru_cache(maxsize=1)
def _facility_types() -> dict[str, str]:
    """{a facility type's name, folded ('toilet', 'legeplads'): the type}; a name with
    alternatives ('Badestrand/-sted') by its first."""
    names = vocab.geofa_codes()["facil_ty_k"].values()
    return {vocab.fold(n.split("/")[0]).lower(): n for n in names}


# A Danish tag is the type's name or the name inflected: toilet-ter, legeplads-er, bænk-e
_INFLECTION = re.compile(r"(?:e|er|r|en|erne|ne|s)?")
_TOO_GENERAL = {"andet", "ukendt"}  # GeoFA's 'other' and 'unknown' are no kind of data


def facility_of(tag: str) -> str | None:
    """The GeoFA facility type a tag names, or None.

        >>> facility_of("toiletter"), facility_of("bænke"), facility_of("brosten")
        ('Toilet', 'Bænk', None)
    """
    name = tag.strip().lower()
    if name in FACILITY_TAGS:
        return FACILITY_TAGS[name]
    folded = vocab.fold(name)
    types = _facility_types()
    for key in sorted(types, key=len, reverse=True):
        if key in _TOO_GENERAL or not folded.startswith(key):
            continue
        rest = folded[len(key):]
        if rest[:1] and rest[:1] == key[-1:]:
            rest = rest[1:]  # a doubled consonant: toilet → toiletter
        if _INFLECTION.fullmatch(rest):
            return types[key]
    return None


def kinds_of(pkg: dict) -> set[str]:
    """What kinds of data a dataset holds: its GeoFA facility types (from its tags) and its
    other tags."""
    out = set()
    for tag in pkg.get("tags") or []:
        name = (tag.get("name") if isinstance(tag, dict) else str(tag) or "").strip().lower()
        if not name:
            continue
        facility = facility_of(name)
        out.add(f"GeoFA: {facility}" if facility else name)
    return out


@dataclass(frozen=True)
class Subject:
    """The municipality or region a report is about."""

    kind: str  # "municipality" or "region"
    code: int
    name: str  # 'Aarhus', 'Region Nordjylland'
    official: str  # the organisation's title on the portal: 'Aarhus Kommune'
    population: int
    group: str | None  # the municipality group ('Storbykommuner'), None for a region
    region: str


def _region_population() -> pd.DataFrame:
    m = reference.municipalities()[["kode", "region_navn"]].merge(
        reference.population()[["kode", "folketal"]], on="kode")
    return m.groupby("region_navn", as_index=False)["folketal"].sum()


def subject(name) -> Subject:
    """The municipality (any usual spelling or code) or region ('Region Nordjylland',
    'Nordjylland', 1081) named."""
    regions = reference.regions()
    key = vocab.fold(str(name)).lower().removeprefix("region ").strip()
    for r in regions.itertuples():
        if key in {vocab.fold(r.navn).lower().removeprefix("region ").strip(),
                   str(r.region_kode), str(r.dst_kode), r.iso_kode.lower()}:
            pop = _region_population()
            people = int(pop.loc[pop["region_navn"] == r.navn, "folketal"].iloc[0])
            return Subject("region", int(r.region_kode), r.navn, r.navn, people, None, r.navn)
    try:
        row = reference.find_municipality(name)
    except ValueError:
        raise ValueError(f"'{name}' is none of the 98 municipalities or 5 regions: give a name "
                         "in any usual spelling (Aarhus, Århus, Region Nordjylland) or a code "
                         "(751).") from None
    groups = reference.municipality_groups()
    code = int(row["kode"])
    group = groups.loc[groups["kode"] == code, "gruppe_navn"].iloc[0]
    people = int(reference.population().set_index("kode").loc[code, "folketal"])
    return Subject("municipality", code, row["navn"], row["officielt_navn"], people, group,
                   row["region_navn"])


def every_subject() -> list[Subject]:
    """The 98 municipalities and the 5 regions."""
    names = list(reference.municipalities()["navn"]) + list(reference.regions()["navn"])
    return [subject(n) for n in names]


def peer_table(who: Subject, by: str) -> pd.DataFrame:
    """The peers to compare with (the subject included): name, official (the portal's title),
    population; `by` is "group" (the municipality group) or "region" (the municipalities of
    the region; for a region, the five regions)."""
    if who.kind == "region":
        pop = _region_population()
        return pd.DataFrame({"name": pop["region_navn"], "official": pop["region_navn"],
                             "population": pop["folketal"].astype(int)})
    m = reference.municipalities()[["kode", "navn", "officielt_navn", "region_navn"]].merge(
        reference.population()[["kode", "folketal"]], on="kode")
    if by == "group":
        codes = set(reference.peers(who.code)["kode"])
        m = m[m["kode"].isin(codes)]
    else:
        m = m[m["region_navn"] == who.region]
    return pd.DataFrame({"name": m["navn"], "official": m["officielt_navn"],
                         "population": m["folketal"].astype(int)}).reset_index(drop=True)


def per_10000(peers: pd.DataFrame, counts: dict[str, int]) -> pd.DataFrame:
    """Datasets per 10,000 residents for each peer (a peer with none on the portal: 0)."""
    out = peers.copy()
    out["datasets"] = [counts.get(o, 0) for o in out["official"]]
    out["per_10000"] = out["datasets"] / out["population"] * 10_000
    return out.sort_values(["per_10000", "name"], ascending=[False, True], ignore_index=True)


@dataclass(frozen=True)
class Gap:
    kind: str
    peers: int  # how many peers publish it
    of: int  # of how many peers (the subject not counted)


def gaps(who: Subject, peers: pd.DataFrame, kinds_by_org: dict[str, set[str]]) -> list[Gap]:
    """The kinds of data the subject's peers publish and it does not, most published first."""
    own = kinds_by_org.get(who.official, set())
    others = [o for o in peers["official"] if o != who.official]
    counted: dict[str, int] = {}
    for org in others:
        for kind in kinds_by_org.get(org, set()) - own:
            counted[kind] = counted.get(kind, 0) + 1
    ranked = sorted(counted.items(), key=lambda kv: (-kv[1], not kv[0].startswith("GeoFA"),
                                                     kv[0]))
    return [Gap(kind, n, len(others)) for kind, n in ranked]
