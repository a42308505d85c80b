"""The metadata form of "Check my file" without a browser: its choices come from the kit's
vocabulary and the 98 municipalities and 5 regions, its live check is the record's own check
said in plain words in both languages, its downloads are a valid record and DCAT-AP-DK that
passes the kit's shapes, and the check uses what was filled in."""

from __future__ import annotations

import yaml

from oddk import check_app, vocab
from oddk import metadata_form as mf
from oddk.metadata import check_record
from oddk.paths import kit_root

ROOT = kit_root()
COMPLETE = {"title": "Offentlige toiletter", "description": "Toiletter i Aarhus, årligt.",
            "publisher": "city-of-aarhus", "contact_name": "Teknik og Miljø",
            "contact_email": "teknik@aarhus.dk", "licence": "CC_BY_4_0", "frequency": "ANNUAL",
            "themes": ["REGI"], "keywords": "toiletter, faciliteter"}


def test_the_publishers_are_the_98_municipalities_and_5_regions_each_with_one_slug():
    names = [n for n, _ in mf.publishers()]
    slugs = [s for _, s in mf.publishers()]
    assert len(names) == 103 and len(set(slugs)) == 103
    assert ("Aarhus Kommune", "city-of-aarhus") in mf.publishers(), "the catalogue's own slug"
    assert ("Region Midtjylland", "region-midtjylland") in mf.publishers()


def test_every_choice_is_a_code_of_the_vocabulary_in_plain_words_in_both_languages():
    for lang in ("en", "da"):
        licences = [c for _, c in mf.licence_options(lang) if c]
        assert licences and all(c in vocab.LICENCES for c in licences)
        assert all(c in vocab.UPDATE_FREQUENCIES for _, c in mf.frequency_options(lang) if c)
        assert [c for _, c in mf.theme_options(lang)] == vocab.DATA_THEMES
        for code in licences:
            assert mf.licence_words(code, lang).startswith(mf.WORDS[lang]["open"])
        assert set(mf.LABELS[lang]) >= set(mf.FIELDS)
    assert "ikke åbne data" in mf.licence_words("CC_BYNC_4_0", "da")
    assert "(nej: ikke åbne data)" in dict((c, label) for label, c in
                                           mf.licence_options("da"))["CC_BYND_4_0"]


def test_the_live_check_is_the_records_own_check_in_plain_words():
    assert [p for p in mf.form_problems(COMPLETE, "da") if p["blocks"]] == []
    empty = mf.form_problems({}, "da")
    must = [p["field"] for p in empty if p["blocks"]]
    assert must == ["title", "description", "publisher", "contact_name", "contact_email",
                    "licence"]
    assert all(p["text"] and "_" not in p["text"] for p in empty), "no field codes in the words"
    bad = mf.form_problems({**COMPLETE, "contact_email": "teknik(at)aarhus.dk"}, "en")
    assert [p["text"] for p in bad if p["blocks"]] == [
        "'teknik(at)aarhus.dk' is not an e-mail address: write it as name@domain.dk."]
    closed = mf.form_problems({**COMPLETE, "licence": "CC_BYNC_4_0"}, "en")
    assert [p["field"] for p in closed] == ["licence"] and not closed[0]["blocks"]
    html = mf.problems_html(empty, "da")
    assert "Udfyld før udgivelse" in html and "Titel" in html
    assert "har alt, hvad en portal kræver" in mf.problems_html(mf.form_problems(COMPLETE), "da")


def test_the_downloads_are_a_complete_record_and_dcat_that_passes_the_shapes(tmp_path):
    from rdflib import Graph

    from oddk.dcat import validate

    record = mf.form_record(COMPLETE, "toiletter.csv")
    text = mf.record_yaml(record, "da")
    assert text.startswith("# Beskrivelsen") and "oddk " not in text
    loaded = yaml.safe_load(text)
    assert loaded["publisher"] == "Aarhus Kommune" and loaded["keywords"] == ["toiletter",
                                                                              "faciliteter"]
    (tmp_path / "toiletter.csv").write_text("a\n1\n", encoding="utf-8")
    assert [p["field"] for p in check_record(loaded | {"distributions": [
        {"file": str(tmp_path / "toiletter.csv")}]}) if p["severity"] != "warning"] == []
    graph = Graph().parse(data=mf.record_dcat(record), format="turtle")
    conforms, problems = validate(graph)
    assert conforms, problems


def test_the_check_uses_the_form_and_the_download_is_the_forms_description():
    data = (ROOT / "datasets" / "facilities" / "aarhus-toiletter-synthetic.csv").read_bytes()
    bare = check_app.check_upload("toiletter.csv", data, "da")
    assert "no-metadata" in bare["report"].codes
    done = check_app.check_upload("toiletter.csv", data, "da", metadata=COMPLETE)
    codes = done["report"].codes
    assert not {"no-metadata", "no-licence", "metadata-missing"} & codes
    assert "Metadata angiver en åben licens (CC BY 4.0)." in done["report"].good
    described = yaml.safe_load(done["downloads"][-1]["data"].decode("utf-8"))
    assert described["title"] == "Offentlige toiletter"
    assert described["distributions"][0]["file"] == "toiletter.csv", "not the server's path"
    assert len(described["distributions"][0]["sha1"]) == 40
    half = check_app.check_upload("toiletter.csv", data, "en", metadata={"title": "Toiletter"})
    missing = next(f for f in half["report"].findings if f.code == "metadata-missing")
    assert missing.message == ("The metadata lacks what DCAT-AP-DK requires: a description "
                               "and the publisher.")
