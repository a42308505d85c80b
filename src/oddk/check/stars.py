"""The 5-star open data level and DCAT-AP-DK metadata completeness.

Stars (Tim Berners-Lee's scale, as opendata.dk explains it): 1 on the web with an open
licence, 2 machine-readable (e.g. Excel), 3 an open format (CSV, JSON, GeoJSON), 4 things
named with URIs (here: the data follows a standard that is named by a URI, conformsTo),
5 linked to other data. Metadata is a CKAN dataset dict as opendata.dk returns it
(`package_show`), or the kit's metadata record when `oddk.metadata` can turn it into one.

    >>> completeness({"title": "Toiletter", "notes": "…"})["mandatory"]["missing"]
    ['publisher', 'distribution.accessURL']
"""

from __future__ import annotations

from pathlib import Path

from oddk import vocab


def load_metadata(metadata) -> dict:
    """A CKAN dataset dict from a dict or a file (JSON or YAML): a CKAN dataset dict as the
    portal returns it, or the kit's metadata record (`oddk.metadata`), which is turned into
    one. A record's licence gap stays a gap (the portal's default is not filled in), and a
    file to upload counts as the distribution's access URL."""
    from oddk import metadata as kit

    base = None
    if isinstance(metadata, (str, Path)):
        base = Path(metadata).parent
        try:
            metadata = kit.read_record(metadata)
        except FileNotFoundError as e:
            raise ValueError(str(e)) from None
        except kit.MetadataError as e:
            raise ValueError(str(e)) from None
    if not isinstance(metadata, dict):
        raise ValueError("Metadata must be one dataset: a CKAN dataset dict (JSON object) or "
                         "the kit's metadata record.")
    if isinstance(metadata.get("result"), dict):  # a whole package_show answer
        metadata = metadata["result"]
    if kit.is_ckan_dict(metadata):
        return metadata
    record = kit.normalise(metadata, base=base)
    pkg = kit.to_ckan(record, strict=False)
    for key in ("spatial", "conforms_to", "language", "issued", "modified"):
        if metadata.get(key) and not pkg.get(key):  # DCAT-AP-DK fields the portal dict lacks
            pkg[key] = metadata[key]
    for res, dist in zip(pkg.get("resources") or [], record["distributions"], strict=False):
        if not (dist.get("licence") or record.get("licence")):
            res["license_id"] = None
        if dist.get("file") and not res.get("url"):
            res["url"] = f"(upload: {Path(dist['file']).name})"
    return pkg


def _has(v) -> bool:
    if v is None:
        return False
    if isinstance(v, str):
        return bool(v.strip())
    if isinstance(v, dict):
        return any(_has(x) for x in v.values())
    if isinstance(v, (list, tuple)):
        return any(_has(x) for x in v)
    return True


def licences(md: dict) -> list[tuple[str, str | None]]:
    """[(resource name, licence id or None)] for every resource (the dataset's licence when a
    resource has none)."""
    base = md.get("license_id")
    res = md.get("resources") or []
    if not res:
        return [("", base or None)]
    return [(r.get("name") or r.get("id") or "?", r.get("license_id") or base or None)
            for r in res]


def completeness(md: dict) -> dict:
    """Which DCAT-AP-DK mandatory and recommended properties the CKAN dict fills."""
    res = md.get("resources") or []
    mandatory = {
        "title": _has(md.get("title")) or _has(md.get("title_translated")),
        "description": _has(md.get("notes")) or _has(md.get("notes_translated")),
        "publisher": _has(md.get("owner_org")) or _has(md.get("organization")),
        "distribution.accessURL": bool(res) and all(_has(r.get("url")) for r in res),
    }
    recommended = {
        "identifier": _has(md.get("name")) or _has(md.get("id")),
        "contactPoint": _has(md.get("author_email")) or _has(md.get("maintainer_email")),
        "theme": _has(md.get("data_themes")) or _has(md.get("groups")),
        "keyword": _has(md.get("tags")) or _has(md.get("tag_string")),
        "accrualPeriodicity": _has(md.get("update_frequency")),
        "temporal": _has(md.get("temporal_start")) or _has(md.get("temporal_end")),
        "landingPage": _has(md.get("documentation")) or _has(md.get("url")),
        "language": _has(md.get("language")) or _has(md.get("title_translated")),
        "spatial": _has(md.get("spatial")) or _has(md.get("spatial_uri")),
        "conformsTo": _has(md.get("conforms_to")) or _has(md.get("conformsTo")),
        "distribution.format": bool(res) and all(_has(r.get("format")) for r in res),
        "distribution.license": bool(res) and all(_has(lic) for _, lic in licences(md)),
        "distribution.description": bool(res) and all(_has(r.get("description")) for r in res),
    }

    def part(d):
        return {"present": sum(d.values()), "total": len(d),
                "missing": [k for k, v in d.items() if not v]}

    out = {"mandatory": part(mandatory), "recommended": part(recommended)}
    lic = [x for _, x in licences(md)]
    out["licence"] = lic[0] if lic and all(x == lic[0] for x in lic) else (lic or None)
    return out


def star_level(fmt: str | None, tabular: bool, licence_open: bool | None,
               conforms: bool, language: str = "en") -> tuple[int, list[str]]:
    """(stars 0-5, reasons in plain words); `licence_open` None means not known (no
    metadata)."""
    from oddk.check.messages import STAR_REASONS

    def say(key):
        return STAR_REASONS[key][language].format(fmt=str(fmt).upper())

    if licence_open is False:
        return 0, [say("no_licence")]
    reasons = []
    level = 1
    if tabular:  # a table: 2 stars in a program's format (xlsx, shapefile), else 3
        level = min(vocab.format_stars(fmt), 3) if vocab.file_type(fmt) else 3
    if licence_open is None:
        reasons.append(say("unchecked"))
    reasons.append(say(level))
    if level == 3 and conforms:
        level = 4
        reasons.append(say(4))
    if level < 5:
        reasons.append(say("five"))
    return level, reasons


def is_open(licence) -> bool:
    """True for an open licence by its EU code or SPDX id ("CC_BY", "cc-by-4.0", "ODbL-1.0");
    False for ND and NC licences (CC BY-NC), none, and licences the kit does not know."""
    return vocab.is_open(licence)
