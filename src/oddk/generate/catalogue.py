"""A synthetic snapshot of the Open Data DK catalogue in CKAN's own JSON shapes.

packages.json holds dataset dicts shaped like `package_show` on admin.opendata.dk
(CKAN 2.11 with ckanext-scheming: title_translated, notes_translated, data_themes as EU
theme codes, update_frequency as EU frequency codes, resources with their own
license_id as EU licence codes). Organisations are real municipality and region names
with the portal's slug styles (`city-of-aarhus`, `ballerup-kommune`); everything else is
invented. A few records carry deliberate metadata faults for the publishing lessons;
faults.json lists them, and a missing licence stays missing (no default is filled in).
local_files.json maps the resources that the kit ships to files in datasets/.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path

from oddk.generate.common import SNAPSHOT_DT, Output, rng, seeded_uuid
from oddk.vocab import FILE_TYPES
from oddk.vocab import THEMES as EU_THEMES

PORTAL = "https://admin.opendata.dk"

#: (slug, title, kommunekode or None for a region, e-mail domain word)
ORGANIZATIONS = [
    ("city-of-aarhus", "Aarhus Kommune", 751, "aarhus"),
    ("city-of-copenhagen", "Københavns Kommune", 101, "kk"),
    ("ballerup-kommune", "Ballerup Kommune", 151, "ballerup"),
    ("aalborg-kommune", "Aalborg Kommune", 851, "aalborg"),
    ("odense-kommune", "Odense Kommune", 461, "odense"),
    ("frederiksberg-kommune", "Frederiksberg Kommune", 147, "frederiksberg"),
    ("gentofte-kommune", "Gentofte Kommune", 157, "gentofte"),
    ("gladsaxe-kommune", "Gladsaxe Kommune", 159, "gladsaxe"),
    ("vejle-kommune", "Vejle Kommune", 630, "vejle"),
    ("horsens-kommune", "Horsens Kommune", 615, "horsens"),
    ("silkeborg-kommune", "Silkeborg Kommune", 740, "silkeborg"),
    ("randers-kommune", "Randers Kommune", 730, "randers"),
    ("favrskov-kommune", "Favrskov Kommune", 710, "favrskov"),
    ("skanderborg-kommune", "Skanderborg Kommune", 746, "skanderborg"),
    ("syddjurs-kommune", "Syddjurs Kommune", 706, "syddjurs"),
    ("norddjurs-kommune", "Norddjurs Kommune", 707, "norddjurs"),
    ("hjorring-kommune", "Hjørring Kommune", 860, "hjoerring"),
    ("frederikshavn-kommune", "Frederikshavn Kommune", 813, "frederikshavn"),
    ("thisted-kommune", "Thisted Kommune", 787, "thisted"),
    ("rebild-kommune", "Rebild Kommune", 840, "rebild"),
    ("mariagerfjord-kommune", "Mariagerfjord Kommune", 846, "mariagerfjord"),
    ("jammerbugt-kommune", "Jammerbugt Kommune", 849, "jammerbugt"),
    ("bronderslev-kommune", "Brønderslev Kommune", 810, "broenderslev"),
    ("kolding-kommune", "Kolding Kommune", 621, "kolding"),
    ("esbjerg-kommune", "Esbjerg Kommune", 561, "esbjerg"),
    ("roskilde-kommune", "Roskilde Kommune", 265, "roskilde"),
    ("koge-kommune", "Køge Kommune", 259, "koege"),
    ("region-hovedstaden", "Region Hovedstaden", None, "regionh"),
    ("region-sjaelland", "Region Sjælland", None, "regionsjaelland"),
    ("region-syddanmark", "Region Syddanmark", None, "rsyd"),
    ("region-midtjylland", "Region Midtjylland", None, "rm"),
    ("region-nordjylland", "Region Nordjylland", None, "rn"),
]

#: EU data themes (the portal's data_themes) with Danish and English titles; modelled as
#: groups. The titles are oddk.vocab's; the snapshot leaves out OP_DATPRO (provisional data).
THEMES = {code: (t["da"], t["en"]) for code, t in EU_THEMES.items() if code != "OP_DATPRO"}

#: (slug word, Danish title, English title, themes, frequency, formats, tags, for regions?)
TOPICS = [
    (
        "toiletter",
        "Offentlige toiletter",
        "Public toilets",
        ["HEAL", "SOCI"],
        "IRREG",
        ["CSV", "GEOJSON"],
        ["toiletter", "service"],
        False,
    ),
    (
        "legepladser",
        "Legepladser",
        "Playgrounds",
        ["SOCI", "EDUC"],
        "ANNUAL",
        ["GEOJSON", "XLSX"],
        ["legepladser", "børn"],
        False,
    ),
    (
        "parkering",
        "Parkeringspladser",
        "Car parks",
        ["TRAN"],
        "IRREG",
        ["CSV", "SHP"],
        ["parkering", "trafik"],
        False,
    ),
    (
        "trafiktaellinger",
        "Trafiktællinger",
        "Traffic counts",
        ["TRAN"],
        "DAILY",
        ["CSV", "JSON"],
        ["trafik", "tællinger"],
        False,
    ),
    (
        "budget",
        "Budget og regnskab",
        "Budget and accounts",
        ["ECON", "GOVE"],
        "ANNUAL",
        ["XLSX", "CSV"],
        ["økonomi", "budget"],
        False,
    ),
    (
        "affaldsbeholdere",
        "Affaldsbeholdere",
        "Litter bins",
        ["ENVI"],
        "MONTHLY",
        ["GEOJSON", "CSV"],
        ["affald", "renhold"],
        False,
    ),
    (
        "traeer",
        "Træer i parker og veje",
        "Trees in parks and streets",
        ["ENVI"],
        "ANNUAL",
        ["GEOJSON", "SHP"],
        ["træer", "grønne områder"],
        False,
    ),
    (
        "badevand",
        "Badevandskvalitet",
        "Bathing water quality",
        ["HEAL", "ENVI"],
        "DAILY",
        ["CSV", "JSON"],
        ["badevand", "strande"],
        False,
    ),
    (
        "skoledistrikter",
        "Skoledistrikter",
        "School districts",
        ["EDUC"],
        "ANNUAL",
        ["GEOJSON", "SHP", "WFS_SRVC"],
        ["skoler", "distrikter"],
        False,
    ),
    (
        "afstemningssteder",
        "Afstemningssteder",
        "Polling stations",
        ["GOVE"],
        "IRREG",
        ["CSV", "GEOJSON"],
        ["valg"],
        False,
    ),
    (
        "kommuneplanrammer",
        "Kommuneplanrammer",
        "Municipal plan frameworks",
        ["REGI"],
        "IRREG",
        ["WMS_SRVC", "WFS_SRVC"],
        ["planlægning", "kort"],
        False,
    ),
    (
        "vejarbejder",
        "Vejarbejder",
        "Road works",
        ["TRAN"],
        "UPDATE_CONT",
        ["JSON", "GEOJSON"],
        ["veje", "trafik"],
        False,
    ),
    (
        "energiforbrug",
        "Energiforbrug i kommunale bygninger",
        "Energy use in municipal buildings",
        ["ENER"],
        "MONTHLY",
        ["CSV", "XLSX"],
        ["energi", "bygninger"],
        False,
    ),
    (
        "biblioteksbesog",
        "Besøg på bibliotekerne",
        "Library visits",
        ["EDUC", "SOCI"],
        "MONTHLY",
        ["CSV"],
        ["biblioteker", "kultur"],
        False,
    ),
    (
        "ladestandere",
        "Ladestandere til elbiler",
        "Charging points",
        ["TRAN", "ENER"],
        "MONTHLY",
        ["GEOJSON", "CSV"],
        ["elbiler", "energi"],
        False,
    ),
    (
        "hundeskove",
        "Hundeskove",
        "Dog parks",
        ["SOCI", "ENVI"],
        "IRREG",
        ["GEOJSON"],
        ["hunde", "natur"],
        False,
    ),
    (
        "cykelstier",
        "Cykelstier",
        "Cycle paths",
        ["TRAN"],
        "ANNUAL",
        ["GEOJSON", "SHP", "WMS_SRVC"],
        ["cykler", "veje"],
        False,
    ),
    (
        "ventetider",
        "Ventetider på sygehusene",
        "Hospital waiting times",
        ["HEAL"],
        "MONTHLY",
        ["CSV", "XLSX"],
        ["sundhed", "sygehuse"],
        True,
    ),
    (
        "busstoppesteder",
        "Busstoppesteder",
        "Bus stops",
        ["TRAN"],
        "MONTHLY",
        ["GEOJSON", "CSV"],
        ["kollektiv trafik"],
        True,
    ),
    (
        "regional-udvikling",
        "Regional udvikling i tal",
        "Regional development in figures",
        ["REGI", "ECON"],
        "ANNUAL",
        ["XLSX"],
        ["regional udvikling"],
        True,
    ),
    (
        "luftkvalitet",
        "Luftkvalitet",
        "Air quality",
        ["ENVI", "HEAL"],
        "UPDATE_CONT",
        ["JSON", "CSV"],
        ["luft", "miljø"],
        True,
    ),
]

#: Datasets whose resources the kit ships: (name, org slug, topic word, title, title_en,
#: [(resource name, format, local path, companion paths)]).
SHIPPED = [
    (
        "offentlige-toiletter-aarhus",
        "city-of-aarhus",
        "toiletter",
        "Offentlige toiletter i Aarhus",
        "Public toilets in Aarhus",
        [("Toiletter (CSV)", "CSV", "facilities/aarhus-toiletter-synthetic.csv", [])],
    ),
    (
        "offentlige-toiletter-kobenhavn",
        "city-of-copenhagen",
        "toiletter",
        "Offentlige toiletter i København",
        "Public toilets in Copenhagen",
        [
            (
                "Toiletter (GeoJSON)",
                "GEOJSON",
                "facilities/kobenhavn-toiletter-synthetic.geojson",
                [],
            )
        ],
    ),
    (
        "offentlige-toiletter-aalborg",
        "aalborg-kommune",
        "toiletter",
        "Offentlige toiletter i Aalborg",
        "Public toilets in Aalborg",
        [("Toiletter", "CSV", "facilities/aalborg-toiletter-synthetic.csv", [])],
    ),
    (
        "offentlige-toiletter-ballerup",
        "ballerup-kommune",
        "toiletter",
        "Offentlige toiletter i Ballerup",
        "Public toilets in Ballerup",
        [("Public toilets", "CSV", "facilities/ballerup-toiletter-synthetic.csv", [])],
    ),
    (
        "legepladser-odense",
        "odense-kommune",
        "legepladser",
        "Legepladser i Odense",
        "Playgrounds in Odense",
        [("Legepladser (Excel)", "XLSX", "facilities/odense-legepladser-synthetic.xlsx", [])],
    ),
    (
        "legepladser-aarhus",
        "city-of-aarhus",
        "legepladser",
        "Legepladser i Aarhus",
        "Playgrounds in Aarhus",
        [
            (
                "Legepladser (GeoJSON)",
                "GEOJSON",
                "facilities/aarhus-legepladser-synthetic.geojson",
                [],
            )
        ],
    ),
    (
        "parkering-odense",
        "odense-kommune",
        "parkering",
        "Parkeringspladser i Odense",
        "Car parks in Odense",
        [
            (
                "Parkering (shapefil)",
                "SHP",
                "facilities/odense-parkering-synthetic.shp",
                [
                    "facilities/odense-parkering-synthetic.shx",
                    "facilities/odense-parkering-synthetic.dbf",
                ],
            )
        ],
    ),
    (
        "parkering-kobenhavn",
        "city-of-copenhagen",
        "parkering",
        "Parkering i København",
        "Parking in Copenhagen",
        [("Parkering (CSV)", "CSV", "facilities/kobenhavn-parkering-synthetic.csv", [])],
    ),
    (
        "cykeltaellinger-aarhus",
        "city-of-aarhus",
        "trafiktaellinger",
        "Cykeltællinger i Aarhus",
        "Bicycle counts in Aarhus",
        [
            ("Tællepunkter", "CSV", "mobility/aarhus-taellepunkter-synthetic.csv", []),
            ("Døgntal 2024", "CSV", "mobility/aarhus-cykler-doegn-2024-synthetic.csv", []),
            ("Timetal maj 2024", "CSV", "mobility/aarhus-cykler-time-2024-05-synthetic.csv", []),
        ],
    ),
    (
        "overnatninger-nordjylland",
        "region-nordjylland",
        "regional-udvikling",
        "Overnatninger i Nordjylland",
        "Overnight stays in North Jutland",
        [
            (
                "Overnatninger (lang form)",
                "CSV",
                "tourism/nordjylland-overnatninger-synthetic.csv",
                [],
            ),
            (
                "Overnatninger (bred form)",
                "CSV",
                "tourism/nordjylland-overnatninger-bred-synthetic.csv",
                [],
            ),
        ],
    ),
    (
        "attraktioner-nordjylland",
        "region-nordjylland",
        "regional-udvikling",
        "Attraktioner i Nordjylland",
        "Attractions in North Jutland",
        [("Attraktioner", "GEOJSON", "tourism/nordjylland-attraktioner-synthetic.geojson", [])],
    ),
]

#: The snapshot's resource mimetypes: oddk.vocab's media types, except for the zipped
#: shapefile, which the snapshot gives the generic application/octet-stream an upload often gets.
MIMETYPES = {
    **{code: FILE_TYPES[code].media_type for code in ("CSV", "GEOJSON", "JSON", "XLSX", "WMS_SRVC", "WFS_SRVC")},
    "SHP": "application/octet-stream",
}
EXTENSIONS = {"CSV": "csv", "GEOJSON": "geojson", "JSON": "json", "XLSX": "xlsx", "SHP": "zip"}
DEPARTMENTS = [
    "Teknik og Miljø",
    "Borgerservice",
    "Kultur og Fritid",
    "Økonomi",
    "GIS-teamet",
    "Digitalisering",
    "Trafik og Veje",
    "Natur og Park",
]
FREQUENCY_DA = {
    "DAILY": "dagligt",
    "WEEKLY": "ugentligt",
    "MONTHLY": "månedligt",
    "QUARTERLY": "kvartalsvis",
    "ANNUAL": "årligt",
    "IRREG": "efter behov",
    "UPDATE_CONT": "løbende",
    "UNKNOWN": "uden fast plan",
}


def _stamp(dt: datetime) -> str:
    return dt.isoformat(timespec="microseconds")


def _between(r: random.Random, start: datetime, end: datetime) -> datetime:
    seconds = int((end - start).total_seconds())
    return start + timedelta(seconds=r.randint(0, seconds), microseconds=r.randint(0, 999999))


def _organizations(r: random.Random) -> list[dict]:
    orgs = []
    for slug, title, kode, _ in ORGANIZATIONS:
        kind = "kommune" if kode else "region"
        orgs.append(
            {
                "id": seeded_uuid(r),
                "name": slug,
                "title": title,
                "display_name": title,
                "description": f"{title}s åbne data på Open Data DK (syntetisk katalog)."
                if kind == "region"
                else f"Åbne data fra {title} (syntetisk katalog).",
                "image_url": "",
                "image_display_url": "",
                "created": _stamp(_between(r, datetime(2016, 1, 1), datetime(2022, 12, 31))),
                "type": "organization",
                "state": "active",
                "is_organization": True,
                "approval_status": "approved",
                "package_count": 0,
            }
        )
    return orgs


def _groups(r: random.Random) -> list[dict]:
    groups = []
    for code, (da, en) in THEMES.items():
        groups.append(
            {
                "id": seeded_uuid(r),
                "name": code.lower(),
                "title": da,
                "display_name": da,
                "title_translated": {"da": da, "en": en},
                "description": f"Datasæt med EU-temaet {code} ({en}).",
                "image_url": "",
                "image_display_url": "",
                "created": "2020-01-15T09:00:00.000000",
                "type": "group",
                "state": "active",
                "is_organization": False,
                "approval_status": "approved",
                "package_count": 0,
            }
        )
    return groups


def _org_summary(org: dict) -> dict:
    keys = [
        "id",
        "name",
        "title",
        "type",
        "description",
        "image_url",
        "created",
        "is_organization",
        "approval_status",
        "state",
    ]
    return {k: org[k] for k in keys}


def _resource(
    r,
    pkg_id,
    pkg_name,
    position,
    name,
    fmt,
    created,
    modified,
    licence,
    url=None,
    size=None,
    description="",
):
    rid = seeded_uuid(r)
    if url is None:
        ext = EXTENSIONS.get(fmt, "dat")
        url = f"{PORTAL}/dataset/{pkg_name}/resource/{rid}/download/{pkg_name}.{ext}"
    res = {
        "id": rid,
        "package_id": pkg_id,
        "name": name,
        "description": description,
        "url": url,
        "format": fmt,
        "mimetype": MIMETYPES.get(fmt),
        "size": size,
        "position": position,
        "state": "active",
        "created": _stamp(created),
        "last_modified": _stamp(modified),
        "metadata_modified": _stamp(modified),
        "url_type": "upload" if url.startswith(PORTAL) else None,
        "hash": "",
        "cache_url": None,
        "resource_type": None,
        "datastore_active": False,
        "license_id": licence,
    }
    return res


def _package(
    r,
    org,
    topic,
    name,
    title,
    title_en,
    notes,
    notes_en,
    created,
    modified,
    resources_spec,
    groups_by_code,
    domain,
):
    word, da, en, themes, freq, formats, tags, _ = topic
    pid = seeded_uuid(r)
    dept = r.choice(DEPARTMENTS)
    start = datetime(r.randint(2012, 2023), r.choice([1, 1, 4, 7]), 1)
    pkg = {
        "id": pid,
        "name": name,
        "title": title,
        "title_translated": {"da": title, "en": title_en},
        "notes": notes,
        "notes_translated": {"da": notes, "en": notes_en},
        "owner_org": org["id"],
        "organization": _org_summary(org),
        "author": f"{dept}, {org['title']}",
        "author_email": f"{r.choice(['data', 'gis', 'opendata'])}@{domain}.example",
        "maintainer": None,
        "maintainer_email": None,
        "update_frequency": freq,
        "data_themes": list(themes),
        "temporal_start": start.date().isoformat(),
        "temporal_end": None
        if freq in {"DAILY", "UPDATE_CONT", "MONTHLY"}
        else f"{r.randint(start.year, 2026)}-12-31",
        "documentation": f"https://www.{domain}.example/aabne-data/{word}",
        "url": "",
        "version": None,
        "state": "active",
        "private": False,
        "type": "dataset",
        "metadata_created": _stamp(created),
        "metadata_modified": _stamp(modified),
        "creator_user_id": seeded_uuid(r),
        "tags": [
            {
                "id": seeded_uuid(r),
                "name": t,
                "display_name": t,
                "state": "active",
                "vocabulary_id": None,
            }
            for t in tags
        ],
        "groups": [
            {
                k: groups_by_code[c][k]
                for k in ["id", "name", "title", "display_name", "description", "image_display_url"]
            }
            for c in themes
        ],
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }
    pkg["resources"] = [
        _resource(
            r,
            pid,
            name,
            i,
            rname,
            fmt,
            created,
            modified,
            lic,
            url=url,
            size=size,
            description=desc,
        )
        for i, (rname, fmt, lic, url, size, desc) in enumerate(resources_spec)
    ]
    pkg["num_resources"] = len(pkg["resources"])
    pkg["num_tags"] = len(pkg["tags"])
    return pkg


def build(out: Output, towns: dict) -> None:
    r = rng("catalogue")
    orgs = _organizations(r)
    org_by_slug = {o["name"]: o for o in orgs}
    domains = {slug: d for slug, _, _, d in ORGANIZATIONS}
    groups = _groups(r)
    groups_by_code = {g["name"].upper(): g for g in groups}
    topics = {t[0]: t for t in TOPICS}
    registered = {e["path"]: e for e in out.entries}
    packages, local_files = [], []
    latest = SNAPSHOT_DT - timedelta(days=1)

    for name, slug, word, title, title_en, res_specs in SHIPPED:
        missing = [p for _, _, p, _ in res_specs if p not in registered]
        if missing:
            continue  # that set is not generated (yet); the test on local_files notices
        org = org_by_slug[slug]
        created = _between(r, datetime(2019, 1, 1), datetime(2024, 12, 31))
        modified = _between(r, datetime(2025, 6, 1), latest)
        spec = []
        for rname, fmt, path, _ in res_specs:
            size = (out.root / path).stat().st_size
            spec.append(
                (rname, fmt, "CC0", None, size, f"Syntetiske data fra oddk-kit: datasets/{path}")
            )
        notes = (
            f"{title} (syntetiske data, lavet til undervisning i oddk-kit). "
            "Filen efterligner kommunens egen form, med dens særheder."
        )
        notes_en = f"{title_en} (synthetic data, made for teaching in oddk-kit)."
        pkg = _package(
            r,
            org,
            topics[word],
            name,
            title,
            title_en,
            notes,
            notes_en,
            created,
            modified,
            spec,
            groups_by_code,
            domains[slug],
        )
        for res, (_, fmt, path, companions) in zip(pkg["resources"], res_specs, strict=True):
            filename = path.rsplit("/", 1)[1]
            res["url"] = f"{PORTAL}/dataset/{name}/resource/{res['id']}/download/{filename}"
            local_files.append(
                {
                    "resource_id": res["id"],
                    "package": name,
                    "url": res["url"],
                    "format": fmt,
                    "path": path,
                    "companions": companions,
                }
            )
        packages.append(pkg)

    # The rest of the catalogue: every organisation gets a few topics of its kind.
    shipped_topics = {(slug, word) for _, slug, word, *_ in SHIPPED}
    for slug, title, kode, domain in ORGANIZATIONS:
        org = org_by_slug[slug]
        pool = [t for t in TOPICS if t[7] == (kode is None)]
        for topic in r.sample(pool, min(len(pool), r.choice([2, 3, 3]))):
            word, da, en, themes, freq, formats, tags, _ = topic
            place = title.replace(" Kommune", "").replace("Københavns", "København")
            name = f"{word}-{slug.replace('-kommune', '').replace('city-of-', '')}"
            if (slug, word) in shipped_topics or any(p["name"] == name for p in packages):
                continue
            if r.random() < 0.12:
                topic = (*topic[:4], r.choice(["UNKNOWN", "QUARTERLY", "WEEKLY"]), *topic[5:])
                freq = topic[4]
            created = _between(r, datetime(2016, 6, 1), datetime(2024, 6, 30))
            modified = _between(r, max(created, datetime(2024, 1, 1)), latest)
            spec = []
            for fmt in formats[: r.choice([1, 2, len(formats)])]:
                lic = r.choice(["CC0", "CC0", "CC0", "CC_BY", "CC_BY", "CC_BYSA"])
                url = None
                if fmt.endswith("_SRVC"):
                    service = fmt[:3].lower()
                    url = f"https://kort.{domain}.example/geoserver/{service}?service={fmt[:3]}&request=GetCapabilities"
                spec.append(
                    (
                        f"{da} ({fmt.replace('_SRVC', '')})",
                        fmt,
                        lic,
                        url,
                        None if url else r.randint(2_000, 4_000_000),
                        "",
                    )
                )
            notes = f"{da} i {place}. Opdateres {FREQUENCY_DA[freq]}. Kontakt os ved spørgsmål."
            notes_en = f"{en} in {place}."
            packages.append(
                _package(
                    r,
                    org,
                    topic,
                    name,
                    f"{da} i {place}",
                    f"{en} in {place}",
                    notes,
                    notes_en,
                    created,
                    modified,
                    spec,
                    groups_by_code,
                    domain,
                )
            )

    real_pkg, real_files = _real_traffic(out, org_by_slug, topics, groups_by_code, domains)
    packages.append(real_pkg)
    local_files += real_files
    packages.sort(key=lambda p: p["name"])
    faults = _inject_faults(r, packages)
    for org in orgs:
        org["package_count"] = sum(p["owner_org"] == org["id"] for p in packages)
    for g in groups:
        g["package_count"] = sum(any(x["id"] == g["id"] for x in p["groups"]) for p in packages)

    def dump(rel, obj, **meta):
        out.text(
            rel,
            json.dumps(obj, ensure_ascii=False, indent=1) + "\n",
            format="json",
            rows=len(obj),
            **meta,
        )

    dump("catalogue/packages.json", packages, shape="CKAN package_show result, one per dataset")
    dump(
        "catalogue/organizations.json",
        orgs,
        shape="CKAN organization_show result (without packages)",
    )
    dump("catalogue/groups.json", groups, shape="CKAN group_show result; EU data themes as groups")
    dump("catalogue/faults.json", faults, shape="deliberate metadata faults: dataset, field, fault")
    dump(
        "catalogue/local_files.json",
        local_files,
        shape="shipped resources: resource id, url -> datasets/ path",
    )


#: Aarhus's real-time traffic data (real: datasets/real/mobility, CC BY 4.0), in the DataStore
#: as on opendata.dk: the road segments (the real resource id of the shipped
#: datastore_search answer) and one day of readings. (name, format, file, resource id or
#: None for a seeded one, the DataStore table's source file or None).
REAL_TRAFFIC = [
    ("Målepunkter (DataStore)", "JSON", "real/mobility/aarhus-trafikdata-datastore-search.json",
     "e132d528-a8a2-4e49-b828-f8f0bb687716", "real/mobility/aarhus-trafikdata-datastore-search.json"),
    ("Målepunkter", "CSV", "real/mobility/aarhus-trafikdata-maalepunkter.csv", None, None),
    ("Målinger 22. marts 2024", "CSV", "real/mobility/aarhus-realtids-trafikdata-2024-03-22.csv",
     None, "real/mobility/aarhus-realtids-trafikdata-2024-03-22.csv"),
]


def _real_traffic(out: Output, org_by_slug, topics, groups_by_code, domains):
    """The one real dataset of the snapshot: Aarhus's real-time traffic data, its resources
    in the DataStore (`datastore_active`), licensed CC BY 4.0 as on the portal."""
    r = rng("catalogue/realtids-trafikdata")
    real_root = Path(out.reference).parent if out.reference else out.root
    spec = [(name, fmt, "CC_BY", None, (real_root / path).stat().st_size,
             "Rigtige data fra Aarhus Kommunes trafiksensorer (Open Data DK, CC BY 4.0)")
            for name, fmt, path, _, _ in REAL_TRAFFIC]
    created, modified = datetime(2019, 3, 12, 10, 0), datetime(2024, 3, 22, 23, 0)
    pkg = _package(r, org_by_slug["city-of-aarhus"], topics["trafiktaellinger"],
                   "realtids-trafikdata", "Realtidstrafikdata", "Real-time traffic data",
                   "Rigtige data: rejsetider, hastighed og antal køretøjer på 929 vejstrækninger i "
                   "Aarhus, målt af trafiksensorer (Bluetooth). Ressourcerne ligger også i "
                   "DataStore og kan hentes række for række med datastore_search.",
                   "Real data: travel times, speeds and vehicle counts on 929 road segments in "
                   "Aarhus, measured by traffic sensors. The resources are also in the DataStore "
                   "(datastore_search).", created, modified, spec, groups_by_code,
                   domains["city-of-aarhus"])
    files = []
    for res, (_, fmt, path, rid, table) in zip(pkg["resources"], REAL_TRAFFIC, strict=True):
        res["id"] = rid or res["id"]
        res["datastore_active"] = table is not None
        filename = path.rsplit("/", 1)[1]
        res["url"] = (f"{PORTAL}/dataset/realtids-trafikdata/resource/{res['id']}/download/"
                      f"{filename}")
        entry = {"resource_id": res["id"], "package": "realtids-trafikdata", "url": res["url"],
                 "format": fmt, "path": path, "companions": []}
        if table:
            entry["datastore"] = table
        files.append(entry)
    return pkg, files


def _inject_faults(r: random.Random, packages: list[dict]) -> list[dict]:
    """Break a few non-shipped records on purpose and list how."""
    pool = [p for p in packages if not p["notes"].startswith(p["title"] + " (syntetiske")
            and not p["notes"].startswith("Rigtige data")]
    picked = r.sample(pool, 9)
    faults = []

    def add(pkg, field, fault, note, resource=None):
        faults.append(
            {
                "dataset": pkg["name"],
                "field": field,
                "fault": fault,
                "resource_id": resource["id"] if resource else None,
                "note": note,
            }
        )

    p = picked[0]
    p["notes"] = ""
    p["notes_translated"] = {"da": "", "en": ""}
    add(p, "notes", "missing-description", "notes and notes_translated are empty")
    p = picked[1]
    p["notes"] = None
    p["notes_translated"] = {"da": None, "en": None}
    add(p, "notes", "missing-description", "notes is null")
    p = picked[2]
    del p["resources"][0]["license_id"]
    add(
        p,
        "license_id",
        "no-licence",
        "the resource has no license_id key at all",
        p["resources"][0],
    )
    p = picked[3]
    p["resources"][-1]["license_id"] = None
    add(p, "license_id", "no-licence", "the resource's license_id is null", p["resources"][-1])
    p = picked[4]
    res = p["resources"][0]
    res["url"] = f"http://gammel-server.{p['name']}.invalid/eksport/{p['name']}.csv"
    res["url_type"] = None
    add(p, "url", "dead-url", "the .invalid domain (RFC 2606) never resolves", res)
    p = picked[5]
    p["author_email"] = p["author_email"].replace("@", "(at)")
    add(p, "author_email", "invalid-email", "written as name(at)domain")
    p = picked[6]
    p["author_email"] = (
        p["author_email"].split("@")[0] + "@" + p["author_email"].split("@")[1].split(".")[0]
    )
    add(p, "author_email", "invalid-email", "the domain has no top-level part")
    for p, when in [
        (picked[7], datetime(2022, 5, 10, 13, 22, 5, 118000)),
        (picked[8], datetime(2019, 11, 2, 8, 1, 44, 900000)),
    ]:
        p["metadata_created"] = _stamp(
            min(datetime.fromisoformat(p["metadata_created"]), when - timedelta(days=200))
        )
        p["metadata_modified"] = _stamp(when)
        for res in p["resources"]:
            res["created"] = p["metadata_created"]
            res["last_modified"] = res["metadata_modified"] = _stamp(when)
        add(
            p,
            "metadata_modified",
            "stale",
            "modified more than three years before the snapshot date 2026-11-01",
        )
    faults.sort(key=lambda f: (f["dataset"], f["field"]))
    return faults
