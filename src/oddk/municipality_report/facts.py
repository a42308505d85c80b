"""What one organisation publishes on the portal, dataset by dataset: resources, formats,
licences, open data stars, last update and staleness against the declared frequency,
metadata completeness (DCAT-AP-DK, and opendata.dk's own form), and links that cannot work (checked without network;
online, a bounded HEAD request too)."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field

from oddk import catalogue as cat_mod
from oddk import vocab
from oddk.check import stars
from oddk.metadata import url_problem
from oddk.portal.validate import check_package

# A dataset is stale when more than twice its frequency's interval (vocab.FREQUENCY_DAYS)
# has passed since its last update (a publisher may miss one), and only where the
# frequency fixes an interval (not IRREG, UNKNOWN, NEVER, OTHER or provisional data).
MIN_GRACE_DAYS = 14  # a daily dataset two days late is not yet a finding


@dataclass
class Dataset:
    name: str
    title: str
    resources: int
    formats: list[str]
    licences: list[str | None]
    stars: int  # the best resource's level
    modified: dt.date | None
    frequency: str | None
    stale_days: int | None  # days past the allowed interval; None when not judged
    mandatory: tuple[int, int]  # DCAT-AP-DK mandatory properties present, of
    recommended: tuple[int, int]
    portal_gaps: list[str] = field(default_factory=list)  # opendata.dk's form: fields at fault
    broken_links: list[str] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)  # what kind of data (see peers.kinds)
    themes: list[str] = field(default_factory=list)


def _date(text) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except (TypeError, ValueError):
        return None


def staleness(modified: dt.date | None, frequency: str | None, today: dt.date) -> int | None:
    """Days a dataset is past its allowed update interval (0 when on time), or None when
    the frequency allows no judgement or the date is unknown.

        >>> staleness(dt.date(2026, 1, 1), "ANNUAL", dt.date(2026, 11, 1))
        0
        >>> staleness(dt.date(2023, 1, 1), "ANNUAL", dt.date(2026, 11, 1))
        668
        >>> staleness(dt.date(2020, 1, 1), "IRREG", dt.date(2026, 11, 1)) is None
        True
    """
    days = vocab.FREQUENCY_DAYS.get((frequency or "").upper())
    if days is None or modified is None:
        return None
    allowed = max(2 * days, MIN_GRACE_DAYS)
    return max(0, (today - modified).days - allowed)


def dataset_facts(pkg: dict, today: dt.date, kinds_of) -> Dataset:
    res = [r for r in pkg.get("resources") or [] if isinstance(r, dict)]
    formats = [(r.get("format") or "").upper() or "?" for r in res]
    licences = [r.get("license_id") or pkg.get("license_id") or None for r in res]
    best = max((cat_mod.openness_stars(f, lic) for f, lic in zip(formats, licences, strict=True)),
               default=0)
    comp = stars.completeness(pkg)
    m, rec = comp["mandatory"], comp["recommended"]
    modified = _date(pkg.get("metadata_modified"))
    frequency = pkg.get("update_frequency") or None
    broken = [r.get("name") or r.get("id") for r in res
              if not r.get("url") or url_problem(r["url"])]
    org = pkg.get("organization") or {}
    gaps = sorted(check_package(copy.deepcopy(pkg), lambda _ident: org or None))
    return Dataset(
        name=pkg.get("name") or "", title=pkg.get("title") or pkg.get("name") or "",
        resources=len(res), formats=formats, licences=licences, stars=best,
        modified=modified, frequency=frequency, stale_days=staleness(modified, frequency, today),
        mandatory=(m["present"], m["total"]), recommended=(rec["present"], rec["total"]),
        portal_gaps=gaps, broken_links=broken, kinds=kinds_of(pkg),
        themes=list(pkg.get("data_themes") or []))


def head_check(datasets: list[Dataset], packages: list[dict], limit: int = 20,
               timeout: float = 5) -> None:
    """Online only: ask each resource's address with a HEAD request (at most `limit`, each
    waiting `timeout` s) and add to `broken_links` the ones the server answers with an error
    (a server that refuses HEAD is asked with GET). No answer at all is no verdict: the link
    was not checked."""
    import requests

    asked = 0
    for ds, pkg in zip(datasets, packages, strict=True):
        for r in pkg.get("resources") or []:
            url = r.get("url") or ""
            name = r.get("name") or r.get("id")
            if asked >= limit or name in ds.broken_links or not url.startswith("http"):
                continue
            asked += 1
            try:
                status = requests.head(url, timeout=timeout, allow_redirects=True).status_code
                if status in (403, 405, 501):  # HEAD refused: ask for the file itself
                    with requests.get(url, timeout=timeout, stream=True) as answer:
                        status = answer.status_code
            except requests.RequestException:
                continue  # no answer: not checked
            if status >= 400:
                ds.broken_links.append(name)


def is_open_licence(code) -> bool:
    return vocab.is_open(code)
