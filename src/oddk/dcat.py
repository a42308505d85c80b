"""DCAT-AP-DK 2.x RDF for a metadata record (Turtle and JSON-LD), checked with SHACL.

DCAT-AP-DK is Digitaliseringsstyrelsen's Danish profile of the EU's DCAT-AP: the way
Danish catalogues (opendata.dk's `/catalog.ttl`, datasets.data.gov.dk) describe
**datasæt** (datasets). Every value that comes from a vocabulary is a link, and every
linked thing is typed, as the profile's shapes ask:

    >>> print(to_turtle(record))                                     # doctest: +SKIP
    <https://admin.opendata.dk/dataset/toiletter-aarhus> a dcat:Dataset ;
        dct:language <http://publications.europa.eu/resource/dataset/language/DAN> ; …

- the publisher is a `foaf:Agent` with a `foaf:name`; the contact a `vcard:Kind`
  with a `mailto:` e-mail; themes `skos:Concept`s with a label; a licence a
  `dct:LicenseDocument` (EU licence list) with its ADMS licence type;
- languages as `http://publications.europa.eu/resource/dataset/language/DAN` (the
  pattern of the profile's published shapes), frequency and file type from the EU
  lists, media types from IANA's register;
- the area a `dct:Location`: the municipality's GeoNames place with its main town as
  centroid, and Denmark (EU country list).

`validate(graph)` checks a graph against the kit's own SHACL shapes
(src/oddk/shapes/dcat-ap-dk.ttl) with pyshacl and names each failing field by the
record's field name.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, SKOS, XSD

from oddk import metadata as md
from oddk import vocab

DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")

EU = vocab.EU_AUTHORITY
LANGUAGE = "http://publications.europa.eu/resource/dataset/language/"  # the profile's pattern
IANA = "https://www.iana.org/assignments/media-types/"
DEFAULT_BASE = "https://admin.opendata.dk"
SHAPES = Path(__file__).parent / "shapes" / "dcat-ap-dk.ttl"

LANGUAGES = {"da": "DAN", "en": "ENG", "de": "DEU", "sv": "SWE", "nb": "NOR", "no": "NOR"}
JSONLD_CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "skos": str(SKOS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "spdx": str(SPDX),
    "dcatap": str(DCATAP),
    "adms": str(ADMS),
    "geo": str(GEO),
}


def _bind(g: Graph) -> None:
    for prefix, ns in JSONLD_CONTEXT.items():
        g.bind(prefix, Namespace(ns), override=True)


def _date(value: str) -> Literal:
    """'2024-01-31' → xsd:date; '2024-01-31T08:00:00.123' → xsd:dateTime."""
    value = str(value)
    if len(value) > 10 and "T" in value:
        return Literal(value, datatype=XSD.dateTime)
    return Literal(value[:10], datatype=XSD.date)


def _document(g: Graph, url: str) -> URIRef:
    node = URIRef(url)
    g.add((node, RDF.type, FOAF.Document))
    return node


def _spatial(g: Graph, value: str) -> list[URIRef]:
    """A municipality (code or any spelling) → its GeoNames place with the main town as
    centroid; a URL stays a URL. Denmark is always added from the EU country list."""
    nodes = []
    if value.startswith(("http://", "https://")):
        node = URIRef(value)
        g.add((node, RDF.type, DCTERMS.Location))
        nodes.append(node)
    else:
        from oddk.reference import find_municipality

        try:
            row = find_municipality(value)
        except ValueError:
            row = None
        if row is not None:
            node = URIRef(f"https://sws.geonames.org/{int(row['geonameid'])}/")
            g.add((node, RDF.type, DCTERMS.Location))
            g.add((node, SKOS.prefLabel, Literal(row["officielt_navn"], lang="da")))
            g.add((node, DCTERMS.identifier, Literal(str(row["kode4"]))))
            g.add(
                (
                    node,
                    DCAT.centroid,
                    Literal(f"POINT({row['lon']} {row['lat']})", datatype=GEO.wktLiteral),
                )
            )
            nodes.append(node)
    dk = URIRef(EU + "country/DNK")
    g.add((dk, RDF.type, DCTERMS.Location))
    g.add((dk, SKOS.prefLabel, Literal("Danmark", lang="da")))
    nodes.append(dk)
    return nodes


def dataset_uri(record: dict, base_url: str = DEFAULT_BASE) -> URIRef:
    r = md.normalise(record)
    name = r["name"] or md.suggest_name(r["title"] or "dataset")
    return URIRef(f"{base_url.rstrip('/')}/dataset/{name}")


def to_graph(record: dict, *, base_url: str = DEFAULT_BASE, strict: bool = True) -> Graph:
    """The DCAT-AP-DK graph of a record (the kit's record or a CKAN dataset dict).

    `strict` (default) refuses an incomplete record with MetadataError naming the fields;
    `strict=False` writes what there is (to show what a faulty record looks like)."""
    if md.is_ckan_dict(record):
        record = md.from_ckan(record)
    r = md.require_complete(record) if strict else md.normalise(record)
    base = base_url.rstrip("/")
    name = r["name"] or md.suggest_name(r["title"] or "dataset")
    g = Graph()
    _bind(g)
    ds = dataset_uri(r, base)
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.identifier, Literal(r["identifier"] or str(ds))))
    if r["title"]:
        g.add((ds, DCTERMS.title, Literal(r["title"], lang="da")))
    if r["title_en"]:
        g.add((ds, DCTERMS.title, Literal(r["title_en"], lang="en")))
    if r["description"]:
        g.add((ds, DCTERMS.description, Literal(r["description"], lang="da")))
    if r["description_en"]:
        g.add((ds, DCTERMS.description, Literal(r["description_en"], lang="en")))

    if r["organisation"] or r["publisher"]:
        pub = URIRef(f"{base}/organization/{r['organisation']}") if r["organisation"] else BNode()
        g.add((ds, DCTERMS.publisher, pub))
        g.add((pub, RDF.type, FOAF.Agent))
        g.add((pub, RDF.type, FOAF.Organization))
        pub_name = r["publisher"] or md.organisation_title(r["organisation"]) or r["organisation"]
        g.add((pub, FOAF.name, Literal(pub_name, lang="da")))
        g.add(
            (
                pub,
                DCTERMS.type,
                URIRef("http://purl.org/adms/publishertype/" + md.publisher_type(r)),
            )
        )

    if r["contact"]["name"] or r["contact"]["email"]:
        cp = BNode()
        g.add((ds, DCAT.contactPoint, cp))
        g.add((cp, RDF.type, VCARD.Kind))
        g.add((cp, RDF.type, VCARD.Organization))
        if r["contact"]["name"]:
            g.add((cp, VCARD.fn, Literal(r["contact"]["name"])))
        if r["contact"]["email"]:
            g.add((cp, VCARD.hasEmail, URIRef("mailto:" + r["contact"]["email"])))

    for code in r["themes"]:
        theme = URIRef(EU + "data-theme/" + code)
        g.add((ds, DCAT.theme, theme))
        g.add((theme, RDF.type, SKOS.Concept))
        g.add((theme, SKOS.inScheme, URIRef(EU + "data-theme")))
        labels = vocab.THEMES.get(code, {"da": code, "en": code})
        g.add((theme, SKOS.prefLabel, Literal(labels["da"], lang="da")))
        g.add((theme, SKOS.prefLabel, Literal(labels["en"], lang="en")))
    for word in r["keywords"]:
        g.add((ds, DCAT.keyword, Literal(word, lang="da")))
    for lang in r["language"]:
        g.add((ds, DCTERMS.language, URIRef(LANGUAGE + LANGUAGES.get(lang, lang.upper()))))
    if r["frequency"]:
        g.add((ds, DCTERMS.accrualPeriodicity, URIRef(EU + "frequency/" + r["frequency"])))
    if r["temporal"]["start"] or r["temporal"]["end"]:
        period = BNode()
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if r["temporal"]["start"]:
            g.add((period, DCAT.startDate, _date(r["temporal"]["start"])))
        if r["temporal"]["end"]:
            g.add((period, DCAT.endDate, _date(r["temporal"]["end"])))
    if r["spatial"]:
        for node in _spatial(g, r["spatial"]):
            g.add((ds, DCTERMS.spatial, node))
    if r["landing_page"] and URIRef(r["landing_page"]) != ds:
        g.add((ds, DCAT.landingPage, _document(g, r["landing_page"])))
    if r["documentation"]:
        g.add((ds, FOAF.page, _document(g, r["documentation"])))
    for std in r["conforms_to"]:
        node = URIRef(std)
        g.add((ds, DCTERMS.conformsTo, node))
        g.add((node, RDF.type, DCTERMS.Standard))
    if r["issued"]:
        g.add((ds, DCTERMS.issued, _date(r["issued"])))
    if r["modified"]:
        g.add((ds, DCTERMS.modified, _date(r["modified"])))
    if r["version"]:
        g.add((ds, OWL.versionInfo, Literal(r["version"])))

    for i, d in enumerate(r["distributions"]):
        dist = URIRef(f"{ds}/resource/{d['id']}" if d["id"] else f"{ds}#distribution-{i + 1}")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        if d["title"]:
            g.add((dist, DCTERMS.title, Literal(d["title"], lang="da")))
        if d["description"]:
            g.add((dist, DCTERMS.description, Literal(d["description"], lang="da")))
        if d["url"]:
            g.add((dist, DCAT.accessURL, URIRef(d["url"])))
            g.add((dist, DCAT.downloadURL, URIRef(d["url"])))
        elif d["file"]:  # not uploaded yet: the dataset's page on the portal gives access
            g.add((dist, DCAT.accessURL, URIRef(f"{base}/dataset/{name}")))
        if d["format"]:
            g.add((dist, DCTERMS["format"], URIRef(EU + "file-type/" + d["format"])))
        media = d["media_type"] or md.FILE_TYPES.get(d["format"] or "")
        if media:
            g.add((dist, DCAT.mediaType, URIRef(IANA + media)))
        lic = d["licence"] or r["licence"]
        if lic:
            known = vocab.licence(lic)
            licence = URIRef(known.uri if known else EU + "licence/" + lic)
            g.add((dist, DCTERMS.license, licence))
            g.add((licence, RDF.type, DCTERMS.LicenseDocument))
            for kind in known.types if known else ():
                g.add((licence, DCTERMS.type, URIRef("http://purl.org/adms/licencetype/" + kind)))
        g.add((dist, DCATAP.availability, URIRef(str(DCATAP) + "availability/stable")))
        if d["byte_size"] not in (None, ""):
            g.add(
                (dist, DCAT.byteSize, Literal(f"{int(d['byte_size'])}.0", datatype=XSD.decimal))
            )  # canonical xsd:decimal
        if d["sha1"]:
            ck = BNode()
            g.add((dist, SPDX.checksum, ck))
            g.add((ck, RDF.type, SPDX.Checksum))
            g.add((ck, SPDX.algorithm, SPDX.checksumAlgorithm_sha1))
            g.add((ck, SPDX.checksumValue, Literal(d["sha1"], datatype=XSD.hexBinary)))
        if d["modified"]:
            g.add((dist, DCTERMS.modified, _date(d["modified"])))
    return g


def to_turtle(record: dict, **kw) -> str:
    """DCAT-AP-DK as Turtle text."""
    return to_graph(record, **kw).serialize(format="turtle")


def to_jsonld(record: dict, **kw) -> str:
    """DCAT-AP-DK as JSON-LD text, with short prefixes (dcat:, dct: …) in its @context."""
    return to_graph(record, **kw).serialize(format="json-ld", context=JSONLD_CONTEXT, indent=2)


# --------------------------------------------------------------------------- SHACL


def shapes_graph() -> Graph:
    """The kit's SHACL shapes for DCAT-AP-DK (src/oddk/shapes/dcat-ap-dk.ttl)."""
    return Graph().parse(SHAPES, format="turtle")


def validate(graph: Graph, shapes: Graph | None = None) -> tuple[bool, list[dict]]:
    """Check a graph against the kit's DCAT-AP-DK shapes. Returns (conforms, problems);
    each problem names the record `field`, the RDF `path`, the `node` and a `message`."""
    from pyshacl import validate as shacl_validate

    sh = Namespace("http://www.w3.org/ns/shacl#")
    shapes_g = shapes if shapes is not None else shapes_graph()
    conforms, report, _text = shacl_validate(
        graph,
        shacl_graph=shapes_g,
        inference="none",
        advanced=False,
        allow_warnings=True,
    )
    problems = []
    for result in report.subjects(RDF.type, sh.ValidationResult):
        path = report.value(result, sh.resultPath)
        source = report.value(result, sh.sourceShape)
        field = shapes_g.value(source, sh.name) if source is not None else None
        focus = report.value(result, sh.focusNode)
        problems.append(
            {
                "field": str(field) if field is not None else (graph.qname(path) if path else "?"),
                "path": graph.qname(path) if path is not None else None,
                "node": str(focus),
                "severity": str(report.value(result, sh.resultSeverity)).rsplit("#", 1)[-1],
                "message": str(report.value(result, sh.resultMessage) or ""),
            }
        )
    problems.sort(key=lambda p: (p["field"], p["node"]))
    return bool(conforms), problems


def describe(record: dict, to: str = "ttl", *, base_url: str = DEFAULT_BASE) -> str:
    """Text for `oddk describe`: Turtle ("ttl"), JSON-LD ("jsonld") or the portal's
    dataset dict ("ckan", JSON). Raises MetadataError when the record is incomplete."""
    if md.is_ckan_dict(record):
        record = md.from_ckan(record)
    if to == "ckan":
        return json.dumps(md.to_ckan(record), ensure_ascii=False, indent=2)
    graph = to_graph(record, base_url=base_url)
    conforms, problems = validate(graph)
    if not conforms:
        raise md.MetadataError(
            [
                md._problem(p["field"], "invalid", f"{p['field']} ({p['path']}): {p['message']}")
                for p in problems
                if p["severity"] == "Violation"
            ]
        )
    if to == "jsonld":
        return graph.serialize(format="json-ld", context=JSONLD_CONTEXT, indent=2)
    return graph.serialize(format="turtle")


def main_describe(path, to: str = "ttl", *, base_url: str = DEFAULT_BASE, today=None) -> int:
    """`oddk describe RECORD --to ttl|jsonld|ckan`: print the description; exit 1 naming the
    missing or invalid fields when the record cannot be made complete, 2 when unreadable."""
    import sys

    try:
        data = md.read_record(path)
    except FileNotFoundError as err:
        print(err, file=sys.stderr)
        return 2
    except md.MetadataError as err:
        print(err, file=sys.stderr)
        return 2
    record = md.from_ckan(data) if md.is_ckan_dict(data) else data
    record = md.normalise(record, base=Path(path).parent)
    problems = md.check_record(record, today=today)
    bad = md.blockers(problems)
    if bad:
        print(f"Cannot describe '{path}' yet: fix these fields first.", file=sys.stderr)
        if md.is_ckan_dict(data):
            for p in bad:
                print(f"  - [{p['severity']}] {p['ckan_field']}: {p['message']}", file=sys.stderr)
        else:
            print(md.format_problems(bad), file=sys.stderr)
        fields = ", ".join(
            dict.fromkeys(p["ckan_field"] if md.is_ckan_dict(data) else p["field"] for p in bad)
        )
        print(f"Missing or invalid: {fields}", file=sys.stderr)
        return 1
    try:
        text = describe(record, to, base_url=base_url)
    except md.MetadataError as err:
        print(err, file=sys.stderr)
        return 1
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    warnings = [p for p in problems if p["severity"] == "warning"]
    if warnings:
        print("Worth improving:\n" + md.format_problems(warnings), file=sys.stderr)
    return 0
