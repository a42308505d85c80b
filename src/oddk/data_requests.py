"""The data people ask for: a register of the wishes that dialogue meetings, hackathons and
data drinks end with ("we would build X if municipality Y published Z"), in the kit's own
YAML (meeting-kit/data-requests.yaml). `oddk requests [FILE]` checks it and sums it up; the
municipality report shows each municipality the requests that concern it.

An entry: `asked_by` (an organisation or a team: never a private person's name), `date`
(YYYY-MM-DD), `wants` (what data, in words), `municipalities` (names or codes, or regions),
`why` (what it would be used for), and optionally `kind` (a GeoFA facility type such as
"GeoFA: Toilet", or a tag, matched as the municipality report matches kinds of data).

    >>> entries = load_requests()
    >>> sorted({e.asked_by for e in entries})[:1]
    ['Datadrink Aalborg 2026']
    >>> [e.wants for e in requests_for(entries, "Læsø")][:1]
    ['Offentlige toiletter med åbningstider']
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from oddk.paths import kit_root

REQUIRED = ("asked_by", "date", "wants", "municipalities", "why")


class RequestsError(ValueError):
    """The register has entries that are not right; the message lists each, in plain words."""


@dataclass(frozen=True)
class Request:
    asked_by: str
    date: dt.date
    wants: str
    municipalities: tuple[str, ...]  # the organisations' titles ('Aarhus Kommune')
    why: str
    kind: str | None = None


def default_file() -> Path:
    return kit_root() / "meeting-kit" / "data-requests.yaml"


def _organisation(name) -> str:
    from oddk.municipality_report.peers import subject

    return subject(name).official


def are_examples(path=None) -> bool:
    """Whether the register says its entries are invented examples (`examples: true`)."""
    path = Path(path) if path else default_file()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return False
    return bool(isinstance(data, dict) and data.get("examples"))


def load_requests(path=None) -> list[Request]:
    """The register's entries, checked: RequestsError names every entry at fault."""
    path = Path(path) if path else default_file()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise RequestsError(f"There is no register at {path}.") from None
    except yaml.YAMLError as err:
        raise RequestsError(f"{path} is not valid YAML: {err}") from None
    items = data.get("requests") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise RequestsError(f"{path} should hold a list under 'requests:'.")
    out, problems = [], []
    for n, item in enumerate(items, start=1):
        where = f"request {n}" + (f" ({item.get('wants')!r})" if isinstance(item, dict)
                                  and item.get("wants") else "")
        if not isinstance(item, dict):
            problems.append(f"{where} is not a set of fields (asked_by: …, date: …).")
            continue
        missing = [k for k in REQUIRED if not item.get(k)]
        if missing:
            problems.append(f"{where} lacks {', '.join(missing)}.")
            continue
        try:
            date = item["date"] if isinstance(item["date"], dt.date) else \
                dt.date.fromisoformat(str(item["date"]))
        except ValueError:
            problems.append(f"{where}: date {item['date']!r} is not a date; write it as "
                            "2026-10-14.")
            continue
        names = item["municipalities"]
        names = [names] if isinstance(names, (str, int)) else list(names)
        orgs = []
        for name in names:
            try:
                orgs.append(_organisation(name))
            except (KeyError, LookupError, ValueError):
                problems.append(f"{where}: {name!r} is none of the 98 municipalities or 5 regions.")
        out.append(Request(str(item["asked_by"]).strip(), date, str(item["wants"]).strip(),
                           tuple(orgs), str(item["why"]).strip(), item.get("kind") or None))
    if problems:
        raise RequestsError(f"{path}: " + " ".join(problems))
    return out


def requests_for(entries: list[Request], name) -> list[Request]:
    """The requests that concern one municipality or region, newest first."""
    official = _organisation(name)
    return sorted((e for e in entries if official in e.municipalities),
                  key=lambda e: e.date, reverse=True)


def summary(entries: list[Request]) -> str:
    """The register in a few lines: how many, by municipality, by kind, the newest."""
    if not entries:
        return "0 requests: the register is empty."
    by_org = Counter(o for e in entries for o in e.municipalities)
    by_kind = Counter(e.kind for e in entries if e.kind)
    lines = [f"{len(entries)} requests from {len({e.asked_by for e in entries})} meetings or "
             f"teams, {min(e.date for e in entries)} to {max(e.date for e in entries)}."]
    lines.append("Most asked of: " + ", ".join(f"{o} ({n})" for o, n in by_org.most_common(5)))
    if by_kind:
        lines.append("Most asked for: " + ", ".join(f"{k} ({n})" for k, n in
                                                    by_kind.most_common(5)))
    newest = max(entries, key=lambda e: e.date)
    lines.append(f"Newest: {newest.date} {newest.asked_by}: {newest.wants}.")
    return "\n".join(lines)


def main(path=None) -> int:
    import sys

    try:
        entries = load_requests(path)
    except RequestsError as err:
        print(f"✗ {err}", file=sys.stderr)
        return 1
    if are_examples(path):
        print("(The register holds invented examples: `examples: true`.)")
    print(summary(entries))
    return 0
