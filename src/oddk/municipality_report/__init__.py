"""The municipality report: one printable page for an individual introduction meeting.

For any of the 98 municipalities and 5 regions, member of the portal or not: what it
publishes (datasets, files, formats, licences, stars, staleness against its declared
update frequency, DCAT-AP-DK completeness, links that cannot work), how it compares with
its peers per 10,000 residents (its municipality group and its region, real population),
what its peers publish that it does not, and three datasets to start with.

    >>> r = build_report("Aarhus")                     # the kit's synthetic snapshot
    >>> r.practice, r.who.official, len(r.datasets) > 0
    (True, 'Aarhus Kommune', True)

On the synthetic snapshot (offline, or a practice portal) every page says at the top that it
is a practice report on invented data; from a real portal it names the portal and the date.
`oddk report NAME --out FILE.html`, `oddk report --all --out DIR`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from oddk import catalogue as cat_mod
from oddk.municipality_report import facts, peers
from oddk.municipality_report.facts import Dataset
from oddk.municipality_report.peers import Gap, Subject

__all__ = ["build_report", "Report", "Source", "source_for"]

FIRST_STEPS = 3


@dataclass
class Source:
    """Where the catalogue came from: all its datasets, in words, its date, and whether it
    is invented (the synthetic snapshot, or a practice portal serving it)."""

    packages: list[dict]
    words: str
    date: dt.date
    practice: bool
    online: bool = False  # asked of a portal now (links may then be checked)
    snapshot: bool = False  # a snapshot taken from a portal (`oddk catalogue snapshot`)

    @cached_property
    def by_org(self) -> dict[str, list[dict]]:
        """The datasets by their organisation's title (every report of a run shares it)."""
        out: dict[str, list[dict]] = {}
        for pkg in self.packages:
            title = ((pkg.get("organization") or {}).get("title") or "").strip()
            out.setdefault(title, []).append(pkg)
        return out

    @cached_property
    def kinds_by_org(self) -> dict[str, set[str]]:
        """The kinds of data each organisation publishes (peers.kinds_of)."""
        return {org: set().union(*(peers.kinds_of(p) for p in pkgs))
                for org, pkgs in self.by_org.items()}


def source_for(portal: str = cat_mod.OFFLINE) -> Source:
    """Read the whole catalogue once (every report of an --all run shares it): "offline" (the
    kit's synthetic snapshot), a portal's address, or the folder of a snapshot taken from a
    portal (`oddk catalogue snapshot`), which names its portal and date."""
    from pathlib import Path

    if portal != cat_mod.OFFLINE and Path(portal).is_dir():
        taken = cat_mod.read_source(portal)
        if taken is None:
            raise ValueError(f"'{portal}' is a folder but no snapshot (it has no source.json): "
                             "take one with `oddk catalogue snapshot`.")
        packages = cat_mod.Catalogue(catalogue_dir=portal).search_all()
        return Source(packages, taken["portal"], dt.date.fromisoformat(taken["date"]),
                      bool(taken.get("practice")), online=False, snapshot=True)
    cat = cat_mod.connect(portal)
    packages = cat.search_all()
    if cat.offline:
        return Source(packages, cat.where, dt.date.fromisoformat(cat_mod.SNAPSHOT_DATE), True)
    status = cat.status()
    practice = "oddk_practice_portal" in (status.get("extensions") or [])
    return Source(packages, cat.url, dt.date.today(), practice, online=True)


@dataclass
class Report:
    who: Subject
    language: str
    source: Source
    member: bool
    datasets: list[Dataset]
    group_peers: pd.DataFrame | None  # per 10,000 residents; None for a region
    region_peers: pd.DataFrame
    gaps: list[Gap]
    first_steps: list[tuple[str, Gap | None]] = field(default_factory=list)
    requests: list = field(default_factory=list)  # oddk.data_requests entries about it
    requests_are_examples: bool = False

    @property
    def practice(self) -> bool:
        return self.source.practice

    def summary(self) -> dict:
        """The page's key figures, computed from `datasets`."""
        ds = self.datasets
        files = sum(d.resources for d in ds)
        licences = [lic for d in ds for lic in d.licences]
        judged = [d for d in ds if d.stale_days is not None]
        return {
            "datasets": len(ds), "resources": files,
            "open_files": sum(1 for lic in licences if facts.is_open_licence(lic)),
            "stars": round(sum(d.stars for d in ds) / len(ds), 1) if ds else 0.0,
            "stale": sum(1 for d in judged if d.stale_days > 0), "judged": len(judged),
            "complete": sum(1 for d in ds if d.mandatory[0] == d.mandatory[1]
                            and not d.portal_gaps),
            "broken": sum(len(d.broken_links) for d in ds),
            "formats": Counter(f for d in ds for f in d.formats),
            "licences": Counter(lic or "" for lic in licences),
        }

    def to_html(self, standalone: bool = True) -> str:
        """The page as HTML: a whole document, or (`standalone=False`) for a notebook."""
        from oddk.municipality_report.render import render

        return render(self, standalone)


def build_report(name, portal: str = cat_mod.OFFLINE, language: str = "en", *,
                 source: Source | None = None, check_links: bool = True) -> Report:
    """The report for a municipality or region (any usual spelling or code)."""
    if language not in ("en", "da"):
        raise ValueError(f"language must be 'en' or 'da', not {language!r}")
    source = source or source_for(portal)
    who = peers.subject(name)
    orgs, kinds = source.by_org, source.kinds_by_org
    own = sorted(orgs.get(who.official, []), key=lambda p: p.get("name") or "")
    datasets = [facts.dataset_facts(p, source.date, peers.kinds_of) for p in own]
    if source.online and check_links:
        facts.head_check(datasets, own)
    counts = {org: len(pkgs) for org, pkgs in orgs.items()}
    region = peers.per_10000(peers.peer_table(who, "region"), counts)
    group = None if who.kind == "region" else peers.per_10000(peers.peer_table(who, "group"),
                                                               counts)
    gap_list = peers.gaps(who, group if group is not None else region, kinds)
    report = Report(who, language, source, bool(own), datasets, group, region, gap_list)
    report.first_steps = _first_steps(who, gap_list, kinds)
    report.requests, report.requests_are_examples = _requests(who)
    return report


def _requests(who: Subject):
    """What people asked this municipality for (meeting-kit/data-requests.yaml), if the
    register is there and sound; a broken register is `oddk requests`'s business."""
    from oddk import data_requests

    if not data_requests.default_file().is_file():
        return [], False
    try:
        entries = data_requests.load_requests()
    except data_requests.RequestsError:
        return [], False
    return data_requests.requests_for(entries, who.official), data_requests.are_examples()


def _first_steps(who: Subject, gap_list: list[Gap], kinds: dict[str, set[str]]):
    """Three kinds to publish first: what most peers publish, then what most organisations
    on the portal publish, that the subject does not."""
    steps: list[tuple[str, Gap | None]] = [(g.kind, g) for g in gap_list[:FIRST_STEPS]]
    own = kinds.get(who.official, set())
    common = Counter(k for org, ks in kinds.items() if org != who.official for k in ks)
    for kind, _n in sorted(common.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(steps) >= FIRST_STEPS:
            break
        if kind not in own and kind not in {k for k, _ in steps}:
            steps.append((kind, None))
    return steps
