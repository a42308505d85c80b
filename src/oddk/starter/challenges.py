"""Challenge cards for a hackathon or a data drink, made from the catalogue: datasets that
answer a question together, each pointing at its starter notebook.

Three kinds of card: one kind of facility from several municipalities (one national map),
two kinds of data from one municipality (traffic counts with parking, playgrounds with
toilets), and a region's tourism data with the facilities of its municipalities.

    >>> titles = [c.title for c in cards(catalogue.connect().search_all())]
    >>> any(t.startswith("Toilet from") for t in titles)
    True
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from oddk import (
    catalogue,  # noqa: F401  (the doctest's catalogue)
    reference,
)
from oddk.municipality_report.peers import kinds_of

MIN_PLACES = 3  # a national map needs at least this many municipalities
# (kinds, kinds, the question): two kinds of data that answer a question in one place
PAIRS = [
    ({"tællinger"}, {"parkering", "GeoFA: Parkeringsplads"},
     "Traffic with parking in {place}: do the counts rise near the car parks, and when?"),
    ({"GeoFA: Legeplads"}, {"GeoFA: Toilet"},
     "Playgrounds with a toilet nearby in {place}: which playgrounds have none within 500 m?"),
]
TOURISM = "regional udvikling"


@dataclass(frozen=True)
class Card:
    title: str
    question: str
    datasets: tuple[tuple[str, str, str], ...]  # (name, title, publisher)
    lesson: str


def _org(pkg) -> str:
    return (pkg.get("organization") or {}).get("title") or ""


def _entry(pkg) -> tuple[str, str, str]:
    return pkg["name"], pkg.get("title") or pkg["name"], _org(pkg)


def cards(packages: list[dict]) -> list[Card]:
    kinds = {p["name"]: kinds_of(p) for p in packages}
    out: list[Card] = []
    facilities = sorted({k for ks in kinds.values() for k in ks if k.startswith("GeoFA: ")})
    for kind in facilities:
        found = [p for p in packages if kind in kinds[p["name"]]]
        places = sorted({_org(p) for p in found})
        if len(places) >= MIN_PLACES:
            name = kind.removeprefix("GeoFA: ")
            out.append(Card(
                f"{name} from {len(places)} municipalities: one map",
                f"Put {', '.join(places)} on one map in the GeoFA standard: who has the most per "
                "10,000 residents, and where are the gaps?",
                tuple(_entry(p) for p in found),
                "04 · Standardise (into GeoFA), then 06 · Use (the national layer)"))
    by_org: dict[str, list[dict]] = {}
    for p in packages:
        by_org.setdefault(_org(p), []).append(p)
    for first, second, question in PAIRS:
        for org, pkgs in sorted(by_org.items()):
            a = [p for p in pkgs if kinds[p["name"]] & first]
            b = [p for p in pkgs if kinds[p["name"]] & second]
            if a and b:
                out.append(Card(question.split(":")[0].format(place=org),
                                question.format(place=org), tuple(_entry(p) for p in a + b),
                                "06 · Use, and the worked case on traffic in Aarhus"))
    regions = reference.municipalities().groupby("region_navn")["officielt_navn"].apply(set)
    for region, members in regions.items():
        tourism = [p for p in by_org.get(region, []) if TOURISM in kinds[p["name"]]]
        local = [p for p in packages if _org(p) in members
                 and any(k.startswith("GeoFA: ") for k in kinds[p["name"]])]
        if tourism and local:
            out.append(Card(
                f"Tourism with facilities in {region}",
                f"Where do visitors to {region} stay, and what is near them: which facilities "
                "of its municipalities serve the busiest places?",
                tuple(_entry(p) for p in tourism + local),
                "the worked case on tourism in North Jutland, and 06 · Use"))
    return out


def cards_html(found: list[Card]) -> str:
    """The cards as one page, each dataset linked to its starter notebook (same folder)."""
    e = html.escape
    parts = []
    for card in found:
        items = "".join(f'<li><a href="{e(n)}.ipynb">{e(t)}</a> ({e(org)})</li>'
                        for n, t, org in card.datasets)
        parts.append(f'<section class="card"><h2>{e(card.title)}</h2><p>{e(card.question)}</p>'
                     f"<ul>{items}</ul><p><em>With the kit: {e(card.lesson)}.</em></p></section>")
    from oddk.starter.build import page

    return page("Challenge cards", "<h1>Challenge cards</h1>\n<p>Datasets that answer a question "
                "together. Each links to its starter notebook; print a card per team (see "
                "meeting-kit/hackathon.md).</p>\n" + "".join(parts),
                ".card{border:2px solid #0b3d62;border-radius:6px;padding:.2em 1em;margin:1em 0;"
                "break-inside:avoid}")
