"""Personal data: nothing personal gets through, nothing harmless is blocked; every kind of
output shows it masked; the verdict levels protect."""

from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from oddk.check import check
from oddk.personal import cpr_matches, is_cpr, looks_like_organisation, mask

ROOT = Path(__file__).resolve().parents[1]
PERSONAL = ROOT / "datasets" / "personal"
FILES = yaml.safe_load((PERSONAL / "expected.yaml").read_text(encoding="utf-8"))["files"]
PERSONAL_FILES = [e for e in FILES if e["personal"]]
LOOK_ALIKES = [e for e in FILES if not e["personal"]]
REAL = ROOT.parent / "shared" / "real-data"
ODDK = [sys.executable, "-m", "oddk.cli"]


def _path(entry) -> Path:
    return ROOT / "datasets" / entry["path"]


def _blockers(report) -> set[str]:
    return {f.code for f in report.findings
            if f.severity == "blocker" and f.code.startswith("personal-data")}


# --------------------------------------------------------------------------- the files


def test_the_test_files_cover_every_way_and_every_look_alike():
    written = " ".join(e["what"] for e in PERSONAL_FILES)
    for way in ("space", "en dash", "em dash", "slash", "dots", "no separator", "free text",
                "column name", "file's name", "second sheet", "GeoJSON", "shapefile",
                "Windows-1252", "citizens", "staff user ids", "e-mail", "mobile"):
        assert way.lower() in written.lower() or way.replace(" ", "-") in written, way
    alikes = " ".join(e["what"] for e in LOOK_ALIKES)
    for kind in ("coordinates", "WKT", "ids", "EAN", "CVR", "P-numbers", "dates", "timestamps",
                 "switchboard", "authorities"):
        assert kind.lower() in alikes.lower(), kind


def test_every_planted_cpr_number_is_fictitious_but_date_valid():
    from datetime import date

    from oddk.personal import cpr_century

    numbers = [m for e in PERSONAL_FILES if "personal-data-cpr" in e["codes"]
               for v in e["planted"] for m in cpr_matches(v)]
    assert len(numbers) >= 80
    for m in numbers:
        dd, _, mm, yy, _, serial = m.groups()
        born = date(cpr_century(int(yy), int(serial[0])), int(mm), int(dd))
        assert born > date(2026, 12, 31), f"{mask(m.group(0))} could be a living person's"


@pytest.mark.parametrize("entry", PERSONAL_FILES, ids=lambda e: Path(e["path"]).name)
def test_each_personal_file_is_blocked_and_shows_its_values_only_masked(entry):
    outputs = []
    for language in ("en", "da"):
        report = check(_path(entry), language=language)
        assert report.verdict == "fix", report.to_text()
        assert set(entry["codes"]) <= _blockers(report), report.to_text()
        outputs += [report.to_text(), report.to_json(), report.to_html(), repr(report.to_dict())]
    leaked = [v for v in entry["planted"] if any(v in text for text in outputs)]
    assert not leaked, f"shown in full: {[mask(v) for v in leaked]}"


@pytest.mark.parametrize("entry", LOOK_ALIKES, ids=lambda e: Path(e["path"]).name)
def test_each_look_alike_is_not_blocked_for_personal_data(entry):
    report = check(_path(entry))
    assert not _blockers(report), report.to_text()
    assert report.verdict != "fix", report.to_text()


def test_every_command_shows_the_planted_values_only_masked(tmp_path):
    """oddk read (text and JSON), oddk check (JSON and HTML), oddk standardise's mapping file
    and oddk export's messages, for every personal file: no planted value in full."""
    leaks = []
    for i, entry in enumerate(PERSONAL_FILES):
        src, out = _path(entry), tmp_path / f"out{i}"  # output names of our own choosing
        runs = [["read", src], ["read", src, "--json"], ["check", src, "--json"],
                ["check", src, "--language", "da", "--html", out.with_suffix(".html")],
                ["standardise", src, "--suggest-only", "--out", out.with_suffix(".yaml"),
                 "--type", "1012", "--municipality", "751"],
                ["export", src, "--out", out.with_suffix(".csv"), "--drop-personal"]]
        texts = []
        for args in runs:
            res = subprocess.run([*ODDK, *map(str, args)], capture_output=True, text=True,
                                 cwd=ROOT)
            assert "Traceback" not in res.stderr, (args, res.stderr)
            texts += [res.stdout, res.stderr]
        texts += [p.read_text(encoding="utf-8") for p in tmp_path.glob(f"out{i}.*")
                  if p.suffix in (".html", ".yaml")]
        shown = "\n".join(texts)
        leaks += [(src.name, mask(v)) for v in entry["planted"] if v in shown]
    assert not leaks


def test_export_names_the_columns_left_and_writes_a_copy_without_them(tmp_path):
    from oddk.export import export

    src = ROOT / "datasets" / "personal" / "kontaktpersoner-synthetic.csv"
    res = export(src, tmp_path / "out.csv", drop_personal=True)
    assert set(res["personal"]) == {"kontakt_email", "mobil"}
    copy = Path(res["without_personal"])
    assert copy.name == "out-without-personal-data.csv"
    header = copy.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == ["facilitet"]
    assert check(copy).verdict != "fix"


def test_the_real_files_have_no_personal_data_blocker():
    """The kit's real data (datasets/real), and the shared real files when they are here."""
    folders = [ROOT / "datasets" / "real"] + ([REAL] if REAL.is_dir() else [])
    files = [p for d in folders for p in d.rglob("*") if p.suffix in (".csv", ".json")]
    assert len(files) >= 7
    for p in files:
        assert not _blockers(check(p)), p.name


# --------------------------------------------------------------------------- the patterns


@pytest.mark.parametrize("text", [
    "230491 5678", "Cpr-nr. 120680–4455", "120680—4455", "11.03.85-2345", "110385/2345",
    "Borger 120680 - 4455 ringede", "nr.120680-4455", "120680\u00a04455", "120680  4455",
    "12-06-80-4455", "12/06/80-4455", "12 06 80 4455", "010157-5123,120680-4455",
    "120680-4455, 010157-5123"])
def test_cpr_numbers_are_found_however_they_are_written(text):
    assert cpr_matches(text), text
    assert mask(text) != text and not any(d in mask(text) for d in ("4455", "5678", "2345"))


@pytest.mark.parametrize("text", [
    "POINT (10.0703871234 56.1203851234)", "56.1203851234", "1203851234.5", "12.05.2024 1234",
    "310257-5123", "2024-05-01T08:00:00", "5700000012345", "Reg. 1551 0101575123",
    "1551-0101575123"])
def test_look_alikes_are_not_cpr_numbers(text):
    assert not cpr_matches(text), text


def test_organisations_are_told_from_persons():
    for org in ("Københavns Kommune", "Region Hovedstaden", "Miljøforvaltningen",
                "Hansens Bageri ApS", "Borgerservice", "Naturstyrelsen", "Sundhedscentret"):
        assert looks_like_organisation(org), org
    for person in ("Mette Jensen", "Lars Kirkegaard", "Mette Brand", "Søren Skovgaard",
                   "Havnegade 3, Frederikshavn", "København"):  # a town ending in -havn
        assert not looks_like_organisation(person), person


def test_a_persons_phone_is_personal_whatever_else_the_row_names(tmp_path):
    """Only a name column (or the cell itself, when it starts by naming one) makes a
    number an organisation's: not an address in Frederikshavn, not a municipality column,
    not a remark that mentions the municipality."""
    p = _csv(tmp_path, "henvendelser.csv",
             "navn;adresse;kommune;telefon;bemaerkning\n"
             "Mette Jensen;Havnegade 3, Frederikshavn;Frederikshavn Kommune;+45 12 34 56 78;x\n"
             "Lars Hansen;Søndergade 1, København;Københavns Kommune;+45 12 34 56 79;x\n"
             "Anne Berg;Vestergade 2;Aarhus Kommune;+45 12 34 56 70;x\n")
    assert "personal-data-phone" in _blockers(check(p))
    prose = _csv(tmp_path, "noter.csv", "sag;note\n1;Borger ringede til kommunen fra "
                 "12 34 56 78\n2;Borger skrev til kommunen fra 12 34 56 71\n")
    assert "personal-data-phone" in _blockers(check(prose))


def test_a_sheet_named_by_a_cpr_number_is_blocked_and_never_shown(tmp_path):
    from oddk.generate.common import xlsx_bytes

    p = tmp_path / "udtraek.xlsx"
    p.write_bytes(xlsx_bytes([("Data", [["navn", "antal"], ["Legeplads", 3]]),
                              ("120680-4455", [["note"], ["x"]]),
                              ("Ark3", [["010157-5123"], ["x"]])]))
    report = check(p)
    found = [f for f in report.findings if f.code == "personal-data-cpr"]
    assert len(found) == 2, report.to_text()  # the sheet's name, the other sheet's column name
    outputs = [report.to_text(), report.to_json(), report.to_html(),
               check(p, language="da").to_text()]
    for args in (["read", p], ["read", p, "--json"],
                 ["standardise", p, "--suggest-only", "--out", tmp_path / "m.yaml"]):
        res = subprocess.run([*ODDK, *map(str, args)], capture_output=True, text=True, cwd=ROOT)
        outputs += [res.stdout, res.stderr]
    if (tmp_path / "m.yaml").exists():
        outputs.append((tmp_path / "m.yaml").read_text("utf-8"))
    for text in outputs:
        assert "4455" not in text and "5123" not in text


def test_a_json_key_that_is_a_cpr_number_is_blocked(tmp_path):
    p = tmp_path / "borgere.json"
    p.write_text(json.dumps([{"navn": "Legeplads", "120680-4455": "ja"}]), "utf-8")
    report = check(p)
    assert "personal-data-cpr" in _blockers(report) and "4455" not in report.to_json()


def test_a_column_name_of_digits_that_is_no_cpr_number_is_kept(tmp_path):
    from oddk.read import read_table

    p = _csv(tmp_path, "maalinger.csv", "sted;202401010000;202401010100\nHavnen;3;4\n")
    df, report = read_table(p)
    assert list(df.columns) == ["sted", "202401010000", "202401010100"]
    assert not _blockers(check(p))


@pytest.mark.parametrize("values, bad", [
    (["15.03.24", "01.12.23", "29.02.24"], []),  # two-digit years are real dates
    (["15.03.24", "31.02.24"], ["31.02.24"]),
    (["2024-01-01", "2024-01-03", "20240102T101557", "20240231"], ["20240231"]),  # basic ISO
    (["01-03-2024", "ukendt", "31-02-2024"], ["31-02-2024"]),  # a word is no impossible date
])
def test_only_impossible_dates_are_invalid_dates(tmp_path, values, bad):
    p = _csv(tmp_path, "datoer.csv", "dato;n\n" + "".join(f"{v};1\n" for v in values))
    report = check(p)
    found = [f for f in report.findings if f.code == "invalid-date"]
    assert (found[0].count if found else 0) == len(bad), report.to_text()
    if "ukendt" in values:
        assert any(f.code == "mixed-types" and "ukendt" in f.message for f in report.findings)


def test_a_postcode_written_with_its_town_or_none_is_no_impossible_code(tmp_path):
    p = _csv(tmp_path, "steder.csv", "navn;postnr\nA;8000 Aarhus C\nB;DK-8000\nC;0\nD;8200\n"
             "E;ukendt\nF;99999\n")
    report = check(p)
    found = [f for f in report.findings if f.code == "invalid-postcode"]
    assert len(found) == 1 and found[0].count == 1 and "99999" in found[0].message


def test_a_cpr_number_is_judged_on_its_date():
    assert is_cpr("010157-5123") and not is_cpr("320157-5123") and not is_cpr("291357-5123")


# --------------------------------------------------------------------------- verdict levels


def _csv(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("name, text, code, verdict", [
    ("cpr.csv", "sag;cpr\n1;010157-5123\n2;020257-6123\n", "personal-data-cpr", "fix"),
    ("ids.csv", "id;oprettet_af\n1;ADM\\abcd12\n2;ADM\\efgh34\n", "personal-data-user-id", "fix"),
    ("mail.csv", "sted;email\nA;mette.jensen@example.com\nB;lars.hansen@example.com\n",
     "personal-data-email", "fix"),
    ("tlf.csv", "sted;mobil\nA;+45 12 34 56 78\nB;+45 12 34 56 79\n", "personal-data-phone",
     "fix"),
    ("dato.csv", "id;dato\n1;2024-05-01\n2;2021-02-31\n3;2024-05-03\n", "invalid-date", "fix"),
    ("kommune.csv", "id;kommunekode\n1;751\n2;999\n3;101\n", "invalid-municipality-code", "fix"),
    ("christiansoe.csv", "id;kommunekode\n1;751\n2;411\n3;101\n", "invalid-municipality-code",
     "improve"),
    ("postnr.csv", "id;postnr\n1;8000\n2;12345\n3;0\n", "invalid-postcode", "fix"),
    ("geofa.csv", "navn;facil_ty_k\nA;1012\nB;1013\n", "invalid-code", "fix"),
    ("blandet.csv", "id;antal\n1;5\n2;7\n3;ukendt\n", "mixed-types", "improve"),
    ("rent.csv", "id;navn\n1;Aarhus\n2;Odense\n", None, "ready"),
])
def test_each_verdict_level_follows_its_rule(tmp_path, name, text, code, verdict):
    report = check(_csv(tmp_path, name, text))
    assert report.verdict == verdict, report.to_text()
    if code:
        assert code in report.codes
    level = {"fix": "blocker", "improve": "warning"}.get(verdict)
    if code and level:
        assert any(f.code == code and f.severity == level for f in report.findings)


def test_the_report_states_each_levels_rule():
    for language in ("en", "da"):
        report = check(ROOT / "datasets/bad/personoplysninger-synthetic.csv", language=language)
        text, page = report.to_text(), report.to_html()
        from oddk.check.messages import WORDS

        rule = WORDS[language]["rule_blocker"]
        assert rule in text and html.escape(rule) in page
    info = check(ROOT / "datasets/facilities/aarhus-toiletter-synthetic.csv")
    assert WORDS["en"]["rule_info"] in info.to_text()


def test_an_organisations_switchboard_is_a_contact_point_not_personal_data(tmp_path):
    p = _csv(tmp_path, "org.csv", "sted;kontakt\nBorgerservice;Borgerservice, +45 89 40 20 00\n"
             "Biblioteket;info@bibliotek.example.dk\n")
    report = check(p)
    assert "contact-point" in report.codes and not _blockers(report)
    person = _csv(tmp_path, "person.csv", "sted;kontakt\nLegeplads;+45 12 34 56 78\n"
                  "Toilet;+45 12 34 56 71\n")
    assert "personal-data-phone" in _blockers(check(person))


def test_json_output_of_oddk_read_masks_a_cpr_column_name():
    src = PERSONAL / "cpr-som-kolonnenavn-synthetic.csv"
    planted = next(e for e in FILES if e["path"].endswith(src.name))["planted"][0]
    res = subprocess.run([*ODDK, "read", str(src), "--json"], capture_output=True, text=True,
                         cwd=ROOT)
    doc = json.loads(res.stdout)
    assert planted not in res.stdout and any("•" in c for c in doc["column_names"])


@pytest.mark.parametrize("name, text", [
    ("ejere.csv", "navn;ejer\nLegeplads ved Havnen;Privat\nToilet ved Parken;Kommunal\n"
                  "Bænk ved Åen;Staten\n"),
    ("veje.csv", "vejnavn;antal\nAnne Maries Vej;3\nPeter Bangs Vej;4\nJens Baggesens Vej;1\n"),
    ("brugere.csv", "sted;bruger\nLegeplads;Børn\nHal;Alle\nBane;Unge\n"),
    ("elevator.csv", "id;elevator;sted\n1203851234;ja;A\n4455667788;nej;B\n1111111111;ja;C\n"),
    ("pnr.csv", "pnr;by\n8000;Aarhus C\n5000;Odense C\n"),
])
def test_words_that_only_sound_personal_are_not_blocked(tmp_path, name, text):
    assert not _blockers(check(_csv(tmp_path, name, text)))


def test_a_weak_person_column_still_finds_the_persons_in_it(tmp_path):
    report = check(_csv(tmp_path, "ejere.csv", "navn;ejer\nA;Mette Jensen\nB;Lars Hansen\n"
                        "C;Privat\n"))
    found = [f for f in report.findings if f.code == "personal-data-name"]
    assert found and found[0].count == 2
    users = check(_csv(tmp_path, "brugere.csv", "sted;bruger\nA;ADM\\abc12\nB;xyz98\n"))
    assert "personal-data-user-id" in _blockers(users)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_cpr_number_in_a_title_above_the_table_is_blocked(tmp_path, suffix):
    from oddk.generate.common import xlsx_bytes

    rows = [["Udtræk for borger 120680-4455"], [], ["navn", "antal"], ["Legeplads", 3],
            ["Bænk", 4]]
    p = tmp_path / f"udtraek{suffix}"
    if suffix == ".xlsx":
        p.write_bytes(xlsx_bytes([("Data", rows)]))
    else:
        p.write_text("\n".join(";".join(map(str, r)) for r in rows) + "\n", "utf-8")
    report = check(p)
    assert "personal-data-cpr" in _blockers(report) and "4455" not in report.to_json()
