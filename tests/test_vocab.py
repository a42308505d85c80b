"""One vocabulary (oddk.vocab): every module that speaks of licences, file types, themes,
frequencies, GeoFA's codes, Danish letters or Denmark's extent gives the vocabulary's answer."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS, SKOS

from oddk import catalogue, dashboard, dcat, glossary, metadata, reference, vocab
from oddk.check import check_metadata
from oddk.check import stars as check_stars
from oddk.datapackage import spdx_licence
from oddk.generate import bad as generate_bad
from oddk.generate import catalogue as generate_catalogue
from oddk.generate import geofa as generate_geofa
from oddk.paths import kit_root
from oddk.portal import validate as portal_validate
from oddk.standards import geofa as standards_geofa
from oddk.standards import suggest

ROOT = kit_root(Path(__file__).parent)
SRC = ROOT / "src" / "oddk"
RECORD = ROOT / "notebooks" / "metadata" / "aarhus-toiletter.yaml"
ADMS_LICENCE_TYPE = "http://purl.org/adms/licencetype/"
OPEN = {"CC0", "PDM_1_0", "ODC_PDDL", "CC_BY", "CC_BY_4_0", "ODC_BY", "CC_BYSA", "CC_BYSA_4_0", "ODC_ODBL"}


def _ckan(licence: str) -> dict:
    """A minimal complete CKAN dataset dict whose one resource has `licence`."""
    return {
        "name": "offentlige-toiletter-aarhus",
        "title": "Offentlige toiletter",
        "notes": "Kommunens offentlige toiletter.",
        "owner_org": "city-of-aarhus",
        "author": "Teknik og Miljø",
        "author_email": "teknik@aarhus.dk",
        "resources": [
            {"name": "Toiletter", "url": "https://example.dk/toiletter.csv", "format": "CSV",
             "description": "Alle toiletter.", "license_id": licence}
        ],
    }


def _record(licence: str) -> dict:
    r = metadata.load_record(RECORD)
    r = metadata.attach_file(r, r["distributions"][0]["file"])
    r["licence"] = licence
    for d in r["distributions"]:
        d["licence"] = licence
    return r


# --------------------------------------------------------------------------- licences


def test_the_open_licences_are_the_open_definitions():
    assert {code for code, lic in vocab.LICENCES.items() if lic.open} == OPEN
    assert set(vocab.LICENCES) == set(portal_validate.LICENSES)
    for code, lic in vocab.LICENCES.items():
        assert lic.code == code
        assert lic.uri == f"http://publications.europa.eu/resource/authority/licence/{code}"
        restricted = {"NoDerivativeWork", "NonCommercialUseOnly"} & set(lic.types)
        assert lic.open is not bool(restricted), code
        assert lic.reuse["en"] and lic.reuse["da"] and lic.conditions["en"] and lic.conditions["da"]
        assert lic.reuse["en"].startswith("yes") is lic.open
        assert lic.reuse["da"].startswith("ja") is lic.open
    assert vocab.DEFAULT_LICENCE == portal_validate.DEFAULT_LICENSE == "CC0"


@pytest.mark.parametrize("code", list(vocab.LICENCES))
def test_every_module_agrees_with_the_vocabulary_on_each_licence(code):
    lic = vocab.LICENCES[code]

    # the practice portal accepts it on a resource, and in a whole dataset
    assert portal_validate.check_resource({"url": "https://example.dk/t.csv", "license_id": code}) == {}
    pkg = _ckan(code)
    assert portal_validate.check_package(pkg, lambda ident: {"id": "org-1", "name": ident}) == {}

    # the catalogue's plain words and stars
    terms = catalogue.licence_terms(code)
    assert (terms["open"], terms["title"], terms["reuse"]) == (lic.open, lic.title, lic.reuse["en"])
    assert catalogue.licence_terms(code, language="da")["conditions"] == lic.conditions["da"]
    assert catalogue.openness_stars("CSV", code) == (3 if lic.open else 0)

    # the readiness check's metadata part and its licence test
    report = check_metadata(_ckan(code))
    assert "no-licence" not in report.codes
    assert (report.stars > 0) is lic.open and report.stars == (3 if lic.open else 0)
    assert check_stars.is_open(code) is lic.open
    assert check_stars.is_open(code.lower().replace("_", "-")) is lic.open
    assert check_stars.is_open(lic.uri) is lic.open
    if lic.spdx:
        assert check_stars.is_open(lic.spdx) is lic.open

    # the data package's licence entry
    assert spdx_licence(code) == {"name": lic.spdx or code, "title": lic.title, "path": lic.url}

    # DCAT-AP-DK: the EU URI with its ADMS licence types
    record = _record(code)
    g = dcat.to_graph(record)
    assert set(g.objects(None, DCTERMS.license)) == {URIRef(lic.uri)}
    assert {str(t) for t in g.objects(URIRef(lic.uri), DCTERMS.type)} == {
        ADMS_LICENCE_TYPE + t for t in lic.types
    }
    assert f"<{lic.uri}>" in dcat.to_turtle(record)

    # the metadata record: accepted, warned about when not open, sent to the portal as is
    licence_problems = [p for p in metadata.check_record(record) if "licence" in p["field"]]
    assert all(p["severity"] == "warning" for p in licence_problems)
    assert bool(licence_problems) is not lic.open
    assert {r["license_id"] for r in metadata.to_ckan(record)["resources"]} == {code}
    assert metadata.normalise({"licence": code.lower().replace("_", "-")})["licence"] == code


def test_wrong_licence_answers_of_the_old_copies_are_right_now():
    assert not check_stars.is_open("CC_BYNC") and not check_stars.is_open("cc-by-nc-4.0")
    for code in ("ODC_ODBL", "ODbL-1.0", "ODC_PDDL", "PDDL-1.0", "ODC_BY", "ODC-By-1.0", "PDM_1_0"):
        assert check_stars.is_open(code), code
    assert not vocab.is_open("CC_BYND_4_0") and not vocab.is_open("CC-BY-NC-SA-4.0")


def test_licence_accepts_codes_variants_spdx_ids_and_uris():
    assert vocab.licence("CC_BY_4_0").code == "CC_BY_4_0"
    assert vocab.licence("cc-by-4.0").code == "CC_BY_4_0"
    assert vocab.licence("CC-BY-4.0").code == "CC_BY_4_0"  # the versioned code, not CC_BY
    assert vocab.licence("cc_by").code == "CC_BY"
    assert vocab.licence("CC BY-SA").code == "CC_BYSA"
    assert vocab.licence("CC0-1.0").code == "CC0"
    assert vocab.licence("cc-zero").code == "CC0"
    assert vocab.licence("ODbL-1.0").code == "ODC_ODBL"
    assert vocab.licence(vocab.EU_AUTHORITY + "licence/CC_BYNC").code == "CC_BYNC"
    assert vocab.licence("https://creativecommons.org/licenses/by-sa/4.0/").code == "CC_BYSA_4_0"
    for nothing in (None, "", "  ", "MIT", "other-open", "CC_BY_5_0"):
        assert vocab.licence(nothing) is None and not vocab.is_open(nothing), nothing
    assert catalogue.licence_terms("MIT")["reuse"] == "unknown: check"
    assert catalogue.licence_terms(None)["open"] is False


def test_the_licence_list_is_the_portals_and_the_snapshots():
    titles = {item["id"]: item["title"] for item in catalogue.connect("offline").call("license_list")}
    assert titles == {code: lic.title for code, lic in vocab.LICENCES.items()}
    assert metadata.LICENSES is portal_validate.LICENSES


# --------------------------------------------------------------------------- file types


def test_file_types_have_media_types_stars_and_reader_names():
    assert {v: vocab.file_type(v).code for v in ("csv", "tsv", "xlsx", "json", "geojson", "shapefile")} == {
        "csv": "CSV", "tsv": "TSV", "xlsx": "XLSX", "json": "JSON", "geojson": "GEOJSON", "shapefile": "SHP"}
    assert vocab.file_type(".GeoJSON").code == "GEOJSON" and vocab.file_type("rdf-turtle").code == "RDF_TURTLE"
    assert vocab.file_type("nonsense") is None and vocab.file_type(None) is None
    stars = {f: vocab.format_stars(f) for f in ("PDF", "xlsx", "shapefile", "CSV", ".geojson", "RDF_TURTLE", "??")}
    assert stars == {"PDF": 1, "xlsx": 2, "shapefile": 2, "CSV": 3, ".geojson": 3, "RDF_TURTLE": 4, "??": 1}
    assert vocab.FILE_TYPES["GEOJSON"].media_type == "application/geo+json"
    assert vocab.FILE_TYPES["WMS_SRVC"].media_type is None


def test_every_module_gives_the_vocabularys_formats_and_stars():
    assert metadata.FILE_TYPES == {code: ft.media_type for code, ft in vocab.FILE_TYPES.items()}
    for code, ft in vocab.FILE_TYPES.items():
        assert catalogue.openness_stars(code, "CC0") == ft.stars, code
        assert catalogue.openness_stars(code, "CC_BYNC") == 0, code
    for fmt, level in {"csv": 3, "tsv": 3, "json": 3, "geojson": 3, "xlsx": 2, "shapefile": 2}.items():
        assert check_stars.star_level(fmt, True, True, False)[0] == level, fmt
        assert check_stars.star_level(fmt, True, False, False)[0] == 0, fmt
    assert metadata.normalise({"distributions": [{"url": "https://x.dk/a.geojson"}]})["distributions"][0][
        "format"] == "GEOJSON"
    assert metadata.normalise({"distributions": [{"url": "https://x.dk/a", "format": "shapefile"}]})[
        "distributions"][0]["format"] == "SHP"


# --------------------------------------------------------------------------- themes, frequencies


def test_themes_and_frequencies_are_the_vocabularys_everywhere():
    assert portal_validate.DATA_THEMES is vocab.DATA_THEMES is metadata.DATA_THEMES
    assert portal_validate.UPDATE_FREQUENCIES is vocab.UPDATE_FREQUENCIES is metadata.UPDATE_FREQUENCIES
    assert vocab.DATA_THEMES == "AGRI ECON EDUC ENER ENVI GOVE HEAL INTR JUST OP_DATPRO REGI SOCI TECH TRAN".split()
    assert {"ANNUAL", "MONTHLY", "DAILY", "UPDATE_CONT", "IRREG", "UNKNOWN"} <= set(vocab.UPDATE_FREQUENCIES)
    for labels in (*vocab.THEMES.values(), *vocab.FREQUENCIES.values()):
        assert set(labels) == {"da", "en"} and all(labels.values())
    assert generate_catalogue.THEMES == {
        code: (t["da"], t["en"]) for code, t in vocab.THEMES.items() if code != "OP_DATPRO"
    }
    record = _record("CC0")
    record["themes"] = ["ENVI"]
    g = dcat.to_graph(record)
    theme = URIRef(vocab.EU_AUTHORITY + "data-theme/ENVI")
    assert {(str(x), x.language) for x in g.objects(theme, SKOS.prefLabel)} == {("Miljø", "da"), ("Environment", "en")}


# --------------------------------------------------------------------------- GeoFA


def test_geofa_code_lists_have_one_source():
    codes = vocab.geofa_codes()
    assert standards_geofa.codes() is codes
    assert standards_geofa.facility_types() == {int(k): v for k, v in codes["facil_ty_k"].items()}
    facilities = vocab.geofa_code_list("facil_ty_k")
    assert generate_geofa.FACILITY_TYPES == {c: facilities[c] for c in generate_geofa.FACILITY_CODES}
    assert generate_geofa.HANDICAP == vocab.geofa_code_list("handicap_k")
    assert generate_geofa.JA_NEJ == vocab.geofa_code_list("ja_nej") == vocab.geofa_code_list("betaling_k")
    for kode, cvr in generate_geofa.CVR.items():
        assert codes["cvr_kode"][str(cvr)]["kommunekode"] == kode
    assert dashboard.codes() == {f: vocab.geofa_code_list(f)
                                 for f in ("facil_ty_k", "handicap_k", "doegnaab_k", "betaling_k")}
    assert dashboard.facility_type("bænk", layer=_bench_layer()) == 1371
    with pytest.raises(KeyError, match="facil_ty_k"):
        vocab.geofa_code_list("nope")


def _bench_layer():
    import pandas as pd

    return pd.DataFrame({"facil_ty_k": [1371]})


def test_the_shipped_code_table_and_schema_say_what_the_vocabulary_says():
    with (ROOT / "datasets" / "facilities" / "geofa-koder.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows
    for row in rows:
        assert vocab.geofa_code_list(row["felt"])[int(row["kode"])] == row["betydning"], row
    schema = standards_geofa.load_schema("geofa-facility")
    enums = {f["name"]: f.get("constraints", {}).get("enum") for f in schema["fields"]}
    for name in ("facil_ty_k", "handicap_k", "doegnaab_k", "betaling_k", "cvr_kode"):
        assert sorted(enums[name]) == sorted(vocab.geofa_code_list(name)), name


# --------------------------------------------------------------------------- folding, extent


def test_every_folding_gives_the_vocabularys_letters():
    assert vocab.fold(" Ærø Køge Århus ") == "aeroe koege aarhus"
    assert reference.fold("Århus Kommune") == reference.fold("AARHUS") == "aarhu"
    assert reference.fold("Københavns Kommune") == reference.fold("koebenhavn")
    assert suggest.fold("Åbningstider") == "aabningstider" and suggest.fold("P-plads") == "pplads"
    assert portal_validate.suggest_name("Offentlige toiletter i Århus") == "offentlige-toiletter-i-aarhus"
    assert portal_validate.suggest_name("Bænke ved Søen") == "baenke-ved-soeen"
    assert glossary.term_id("åbne data") == "aabne-data" and glossary.term_id("Datasæt") == "datasaet"
    assert generate_bad._ascii("Søren") + "." + generate_bad._ascii("Jørgensen") == "soeren.joergensen"


def test_denmark_extent_is_the_vocabularys_in_the_notebooks():
    assert vocab.inside_denmark(15.19, 55.32) and not vocab.inside_denmark(7.8, 56.0)
    for name in ("02-get-and-verify.ipynb", "06-use.ipynb"):
        cells = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
        text = "".join("".join(c["source"]) for c in cells)
        # the vocabulary's own test, directly or through oddk.first_look.placed
        assert "inside_denmark" in text or "first_look import placed" in text, name
        assert not re.search(r"8\.0\s*,\s*15\.2|8\.0–15\.2", text), name
    import inspect

    from oddk import first_look

    assert "inside_denmark" in inspect.getsource(first_look.placed)


# --------------------------------------------------------------------------- nothing re-declared

#: What only oddk.vocab may write: a licence code list, the folding pairs, the themes' or the
#: file types' tables, and the old copies' names.
DECLARATIONS = {
    "a licence code list": re.compile(r"[\"'](CC_BYNC|CC_BYND|CC_BYSA_4_0|ODC_ODBL|ODC_PDDL|PDM_1_0)"),
    "a folding pair": re.compile(r"[\"'][æøå][\"']\s*[,:]\s*[\"'](ae|oe|aa)[\"']"),
    "a folding by replace": re.compile(r"replace\(\s*[\"'][æøå][\"']\s*,\s*[\"'](ae|oe|aa)[\"']"),
    "a theme list": re.compile(r"AGRI\s+ECON|[\"']AGRI[\"']\s*:"),
    "a frequency list": re.compile(r"ANNUAL_2|[\"']QUINQUENNIAL"),
    "a star table": re.compile(r"[\"'](XLSX|SHP)[\"']\s*:\s*2\b"),
    "a media-type table": re.compile(r"[\"']GEOJSON[\"']\s*:\s*[\"']application/geo\+json"),
    "an old copy": re.compile(r"\b(OPEN_LICENCES|_LICENCE_WORDS|_FORMAT_STARS|_LICENCE_TYPES|THEME_LABELS|_SPDX)\b"),
}


def test_no_module_redeclares_a_vocabulary():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "vocab.py" and path.parent == SRC:
            continue
        text = path.read_text(encoding="utf-8")
        for what, pattern in DECLARATIONS.items():
            for m in pattern.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what} ({m.group(0)})")
    assert not found, "Take these from oddk.vocab instead:\n" + "\n".join(found)


def test_the_redeclaration_test_would_see_a_copy():
    copies = ['OPEN = {"cc_by", "CC_BYNC"}', 'for a, b in (("ø", "oe"),):', 's.replace("å", "aa")',
              '_STARS = {"XLSX": 2}', 'THEMES = "AGRI ECON EDUC".split()']
    for text in copies:
        assert any(p.search(text) for p in DECLARATIONS.values()), text
