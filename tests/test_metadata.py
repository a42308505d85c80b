"""The metadata record → opendata.dk's dataset dict and DCAT-AP-DK RDF, checked with SHACL."""

from __future__ import annotations

import copy
import hashlib
import json
import os
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib import namespace as _ns

from oddk import cli, dcat, metadata
from oddk.datapackage import write_datapackage
from oddk.paths import kit_root
from oddk.portal import validate as portal_validate

ROOT = kit_root(Path(__file__).parent)
RECORD = ROOT / "notebooks" / "metadata" / "aarhus-toiletter.yaml"
CATALOGUE = ROOT / "datasets" / "catalogue"
DCAT, DCTERMS, FOAF, RDF = _ns.DCAT, _ns.DCTERMS, _ns.FOAF, _ns.RDF
VCARD_KIND = URIRef("http://www.w3.org/2006/vcard/ns#Kind")
PACKAGES = {p["name"]: p for p in json.loads((CATALOGUE / "packages.json").read_text("utf-8"))}
FAULTS = json.loads((CATALOGUE / "faults.json").read_text("utf-8"))
SNAPSHOT_DATE = "2026-11-01"


@pytest.fixture
def record():
    r = metadata.load_record(RECORD)
    return metadata.attach_file(r, r["distributions"][0]["file"])


def _fields(problems, key="field"):
    return {p[key] for p in problems}


# --------------------------------------------------------------------------- DCAT-AP-DK and SHACL


def test_complete_record_passes_the_kits_dcat_ap_dk_shapes(record):
    conforms, problems = dcat.validate(dcat.to_graph(record))
    assert conforms, problems


def test_turtle_and_jsonld_say_the_same_thing(record):
    from rdflib.compare import isomorphic

    from_ttl = Graph().parse(data=dcat.to_turtle(record), format="turtle")
    from_jsonld = Graph().parse(data=dcat.to_jsonld(record), format="json-ld")
    assert len(from_ttl) > 40
    assert isomorphic(from_ttl, from_jsonld)
    assert dcat.validate(from_jsonld)[0]


def test_output_keeps_the_official_shapes_class_constraints_and_patterns(record):
    """What dcat-ap-dk_2.0.2_shacl_shapes.ttl asks, checked here without our shapes."""
    g = dcat.to_graph(record)
    ds = next(g.subjects(RDF.type, DCAT.Dataset))
    pub = g.value(ds, DCTERMS.publisher)
    assert (pub, RDF.type, FOAF.Agent) in g and g.value(pub, FOAF.name)
    assert (g.value(ds, DCAT.contactPoint), RDF.type, VCARD_KIND) in g
    dist = g.value(ds, DCAT.distribution)
    assert (dist, RDF.type, DCAT.Distribution) in g and g.value(dist, DCAT.accessURL)
    assert (g.value(dist, DCTERMS.license), RDF.type, DCTERMS.LicenseDocument) in g
    assert [str(x) for x in g.objects(ds, DCTERMS.language)] == [
        "http://publications.europa.eu/resource/dataset/language/DAN"
    ]
    assert str(g.value(ds, DCTERMS.accrualPeriodicity)).startswith(
        "http://publications.europa.eu/resource/authority/frequency/"
    )
    assert str(g.value(dist, DCTERMS["format"])).endswith("/file-type/CSV")
    assert (
        str(g.value(dist, DCAT.mediaType))
        == "https://www.iana.org/assignments/media-types/text/csv"
    )
    for theme in g.objects(ds, DCAT.theme):
        assert (theme, RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#Concept")) in g
    for place in g.objects(ds, DCTERMS.spatial):
        assert (place, RDF.type, DCTERMS.Location) in g
    assert (g.value(ds, DCTERMS.temporal), RDF.type, DCTERMS.PeriodOfTime) in g


@pytest.mark.parametrize(
    "remove, field",
    [
        ((DCTERMS.description, None), "description"),
        ((DCTERMS.title, None), "title"),
        ((DCAT.accessURL, None), "distributions[].url"),
        ((RDF.type, FOAF.Agent), "organisation"),
        ((RDF.type, DCTERMS.LicenseDocument), "distributions[].licence"),
    ],
)
def test_shapes_name_the_field_when_a_mandatory_triple_or_type_is_missing(record, remove, field):
    g = dcat.to_graph(record)
    g.remove((None, remove[0], remove[1]))
    conforms, problems = dcat.validate(g)
    assert not conforms
    assert field in _fields(problems), problems


def test_shapes_refuse_a_language_outside_the_eu_list(record):
    g = dcat.to_graph(record)
    ds = next(g.subjects(RDF.type, DCAT.Dataset))
    g.set((ds, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/da")))
    conforms, problems = dcat.validate(g)
    assert not conforms and "language" in _fields(problems)


def test_record_missing_a_mandatory_field_fails_with_that_field_named(record):
    record["description"] = "  "
    with pytest.raises(metadata.MetadataError) as err:
        dcat.to_graph(record)
    assert _fields(err.value.problems) == {"description"}
    assert "description is missing" in str(err.value)


def test_every_missing_mandatory_field_is_named_at_once():
    problems = metadata.blockers(metadata.check_record({"title": "Toiletter"}))
    assert _fields(problems) >= {
        "description",
        "organisation",
        "contact.name",
        "contact.email",
        "distributions",
    }


@pytest.mark.parametrize(
    "field, value, named",
    [
        ("themes", ["MILJOE"], "themes"),
        ("frequency", "hver uge", "frequency"),
        ("licence", "MIT", "licence"),
        ("temporal", {"start": "2024-05-01", "end": "2024-01-01"}, "temporal.end"),
        ("name", "Toiletter Aarhus", "name"),
    ],
)
def test_values_outside_the_vocabularies_are_named(record, field, value, named):
    record[field] = value
    assert named in _fields(metadata.blockers(metadata.check_record(record)))


def test_vocabularies_are_the_practice_portals_own():
    assert metadata.DATA_THEMES is portal_validate.DATA_THEMES
    assert metadata.UPDATE_FREQUENCIES is portal_validate.UPDATE_FREQUENCIES
    assert metadata.LICENSES is portal_validate.LICENSES


# --------------------------------------------------------------------------- the catalogue's faults


@pytest.mark.parametrize("fault", FAULTS, ids=[f"{f['dataset']}-{f['fault']}" for f in FAULTS])
def test_faulty_catalogue_records_are_reported_with_the_right_field(fault):
    pkg = PACKAGES[fault["dataset"]]
    problems = metadata.check_record(metadata.from_ckan(pkg), today=SNAPSHOT_DATE)
    named = {
        p["ckan_field"].rsplit(".", 1)[-1]
        for p in problems
        if p["severity"] != "warning" or p["field"] == "modified"
    }
    assert named == {fault["field"]}, problems
    if fault["resource_id"]:
        index = [r["id"] for r in pkg["resources"]].index(fault["resource_id"])
        assert any(p["ckan_field"] == f"resources[{index}].{fault['field']}" for p in problems)


def test_faulty_records_cannot_be_described_but_stale_ones_can():
    for fault in FAULTS:
        pkg = PACKAGES[fault["dataset"]]
        if fault["fault"] == "stale":
            assert dcat.validate(dcat.to_graph(pkg))[0]
        else:
            with pytest.raises(metadata.MetadataError):
                dcat.to_graph(pkg)


def test_catalogue_records_without_faults_are_complete_and_conform():
    faulty = {f["dataset"] for f in FAULTS}
    for name, pkg in PACKAGES.items():
        if name in faulty:
            continue
        assert not metadata.blockers(metadata.check_record(metadata.from_ckan(pkg))), name
        assert dcat.validate(dcat.to_graph(pkg))[0], name


# --------------------------------------------------------------------------- CKAN dataset dict


def test_ckan_dict_passes_the_portals_own_validation(record):
    pkg = metadata.to_ckan(record)
    orgs = {o["name"]: o for o in json.loads((CATALOGUE / "organizations.json").read_text("utf-8"))}
    assert portal_validate.check_package(copy.deepcopy(pkg), orgs.get) == {}
    assert pkg["owner_org"] == "city-of-aarhus" and pkg["author_email"] == "opendata@aarhus.example"
    assert pkg["resources"][0]["license_id"] == "CC0"
    assert "url" not in pkg["resources"][0]  # the file is uploaded by oddk.publish


def test_ckan_dict_from_the_portal_round_trips():
    pkg = PACKAGES["offentlige-toiletter-aarhus"]
    again = metadata.to_ckan(metadata.from_ckan(pkg))
    for key in (
        "name",
        "title",
        "notes",
        "author",
        "author_email",
        "data_themes",
        "update_frequency",
        "temporal_start",
    ):
        assert again[key] == pkg[key], key
    assert again["owner_org"] == pkg["organization"]["name"]
    assert [t["name"] for t in again["tags"]] == [t["name"] for t in pkg["tags"]]
    assert [r["license_id"] for r in again["resources"]] == [
        r["license_id"] for r in pkg["resources"]
    ]


# --------------------------------------------------------------------------- oddk describe


def test_cli_describe_prints_turtle_that_parses(capsys):
    assert cli.main(["describe", str(RECORD), "--to", "ttl"]) == 0
    g = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert dcat.validate(g)[0]


def test_cli_describe_to_ckan_prints_the_dataset_dict(capsys):
    assert cli.main(["describe", str(RECORD), "--to", "ckan"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "toiletter-aarhus-geofa"


def test_cli_describe_names_the_missing_fields_and_exits_1(tmp_path, capsys):
    path = tmp_path / "vejle.json"
    path.write_text(json.dumps(PACKAGES["parkering-vejle"]), encoding="utf-8")
    assert cli.main(["describe", str(path), "--to", "jsonld"]) == 1
    out = capsys.readouterr()
    assert out.out == "" and "Missing or invalid: author_email" in out.err


def test_cli_describe_a_missing_file_exits_2(tmp_path, capsys):
    assert cli.main(["describe", str(tmp_path / "nope.yaml")]) == 2
    assert "There is no metadata file" in capsys.readouterr().err


# --------------------------------------------------------------------------- data package


def test_data_package_holds_schema_licence_and_an_identical_copy(record, tmp_path):
    src = Path(record["distributions"][0]["file"])
    summary = write_datapackage(record, src, tmp_path / "pkg")
    assert summary["valid"], summary["errors"]
    desc = json.loads((tmp_path / "pkg" / "datapackage.json").read_text("utf-8"))
    assert desc["licenses"][0]["name"] == "CC0-1.0"
    fields = {f["name"]: f["type"] for f in desc["resources"][0]["schema"]["fields"]}
    assert fields["facil_ty_k"] == "integer" and fields["x"] == "number"
    assert (tmp_path / "pkg" / "data" / src.name).read_bytes() == src.read_bytes()
    with pytest.raises(FileExistsError):
        write_datapackage(record, src, tmp_path / "pkg")


def test_describing_and_packaging_change_no_input_file(record, tmp_path):
    inputs = [RECORD, Path(record["distributions"][0]["file"]), CATALOGUE / "packages.json"]
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs]
    dcat.to_turtle(metadata.load_record(RECORD))
    assert cli.main(["describe", str(RECORD), "--to", "jsonld"]) == 0
    write_datapackage(record, inputs[1], tmp_path / "pkg")
    for pkg in PACKAGES.values():
        metadata.check_record(metadata.from_ckan(pkg))
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs] == before


@pytest.mark.skipif(
    not os.environ.get("ODDK_DCAT_AP_DK_SHAPES"),
    reason="set ODDK_DCAT_AP_DK_SHAPES to a local copy of dcat-ap-dk_2.0.2_shacl_shapes.ttl "
    "(github.com/digst/DCAT-AP-DK, releases/v 2.1.0/validation) to check against it too",
)
def test_output_passes_the_official_shapes_file_when_given(record):
    """The kit never ships the official file; the secretariat can point at a copy."""
    official = Graph().parse(os.environ["ODDK_DCAT_AP_DK_SHAPES"], format="turtle")
    faulty = {f["dataset"] for f in FAULTS}
    graphs = [dcat.to_graph(record)] + [
        dcat.to_graph(p) for name, p in PACKAGES.items() if name not in faulty
    ]
    for g in graphs:
        conforms, problems = dcat.validate(g, shapes=official)
        assert conforms and not [p for p in problems if p["severity"] == "Violation"], problems
