"""The readiness check on the kit's bad files: documented codes, verdicts, no leaks."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml

from oddk.check import CODES, TEXTS, check, check_metadata, mask
from oddk.read import ReadError

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "datasets" / "bad"
EXPECTED = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))
LISTED = set(EXPECTED["codes"])
# An empty cell is a real fact in any file; expected.yaml does not list it everywhere.
ALWAYS_ALLOWED = {"missing-values"}


@pytest.mark.parametrize("entry", EXPECTED["files"], ids=lambda e: Path(e["path"]).name)
def test_every_bad_file_gets_its_documented_codes_and_is_not_ready(entry):
    standard = "geofa-facility" if "standard" in entry else None
    report = check(ROOT / "datasets" / entry["path"], standard=standard)
    assert set(entry["expect"]) <= report.codes, report.to_text()
    unexpected = (report.codes & LISTED) - set(entry["expect"]) - set(entry["may"]) - ALWAYS_ALLOWED
    assert not unexpected, f"{entry['path']}: also raised {unexpected}"
    assert report.verdict != "ready"


def test_every_listed_code_has_danish_and_english_words_and_a_severity():
    assert LISTED <= set(CODES)
    for code, entry in TEXTS.items():
        assert entry["severity"] in ("blocker", "warning", "info"), code
        for lang in ("en", "da"):
            message, fix = entry[lang]
            assert message and fix, (code, lang)


def test_duplicate_rows_are_named_by_their_data_row():
    report = check(BAD / "dubletter-og-mangler-synthetic.csv")
    dup = next(f for f in report.findings if f.code == "duplicate-rows")
    assert dup.rows == [3, 6]


def test_formula_cells_are_found_where_expected_and_negative_amounts_are_not_formulas():
    entry = next(e for e in EXPECTED["files"] if e["path"].endswith("formler-synthetic.csv"))
    report = check(BAD / "formler-synthetic.csv")
    found = {(row, f.column) for f in report.findings if f.code == "formula-injection"
             for row in f.rows}
    assert found == {tuple(x) for x in entry["formula_cells"]}
    assert not any(f.column == "beloeb" for f in report.findings)


def test_invalid_municipality_codes_are_listed_and_0751_is_valid():
    report = check(BAD / "ugyldige-kommunekoder-synthetic.csv")
    f = next(f for f in report.findings if f.code == "invalid-municipality-code")
    assert set(f.examples) == {"999", "0", "1081", "1234"}


def test_impossible_date_is_found_on_its_line():
    report = check(BAD / "datoer-tre-formater-synthetic.csv")
    f = next(f for f in report.findings if f.code == "invalid-date")
    assert [r + 1 for r in f.rows] == [6]  # data row 5 is line 6 (line 1 is the header)


def test_ragged_and_encoding_findings_name_the_lines():
    ragged = next(f for f in check(BAD / "ujaevne-raekker-synthetic.csv").findings
                  if f.code == "ragged-rows")
    assert ragged.lines == [3, 4, 6]
    enc = next(f for f in check(BAD / "blandet-kodning-synthetic.csv").findings
               if f.code == "encoding-not-utf8")
    assert enc.lines == [4]


def test_several_sheets_are_listed_in_the_report():
    report = check(BAD / "flere-ark-synthetic.xlsx")
    assert report.facts["sheets"] == ["Forside", "Data 2023", "Data 2024"]
    data = check(BAD / "flere-ark-synthetic.xlsx", sheet="Data 2023")
    assert data.facts["sheet"] == "Data 2023" and data.facts["rows"] > 0


def test_a_missing_path_raises_a_plain_words_error():
    with pytest.raises(ReadError) as e:
        check(BAD / "findes-ikke.csv")
    assert e.value.code == "not-found"


def test_danish_report_speaks_danish():
    report = check(BAD / "dobbelt-overskrift-synthetic.csv", language="da")
    f = next(f for f in report.findings if f.code == "duplicate-column")
    assert "Kolonnenavnet 'navn' forekommer 2 gange" in f.message
    assert "Ikke klar" in report.to_html()


def test_json_has_the_promised_keys():
    doc = json.loads(check(BAD / "formler-synthetic.csv").to_json())
    assert {"verdict", "stars", "findings"} <= set(doc)
    assert {"code", "severity", "message", "column", "rows"} <= set(doc["findings"][0])


# --------------------------------------------------------------------------- personal data


def _personal_values() -> list[str]:
    import csv
    import re

    from oddk.personal import CPR_RE

    with open(BAD / "personoplysninger-synthetic.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    values = []
    for row in rows:
        for col in ("navn", "cpr", "email", "telefon", "oprettet_af"):
            values.append(row[col])
        values += [m.group(0) for m in CPR_RE.finditer(row["bemaerkning"])]
    values += [re.sub(r"\D", "", v) for v in values if re.fullmatch(r"[0-9 +\-]{10,}", v)]
    return [v for v in values if v]


def test_the_fictitious_cpr_numbers_are_all_detected():
    report = check(BAD / "personoplysninger-synthetic.csv")
    cpr = {f.column: f.count for f in report.findings if f.code == "personal-data-cpr"}
    assert cpr.get("cpr") == 20 and cpr.get("bemaerkning", 0) >= 1


def test_no_personal_value_appears_in_full_in_any_output(tmp_path, capsys):
    from oddk.check.cli import main_check

    values = _personal_values()
    assert len(values) > 80
    outputs = []
    for language in ("en", "da"):
        report = check(BAD / "personoplysninger-synthetic.csv", language=language)
        outputs += [report.to_text(), report.to_json(), report.to_html(), repr(report.to_dict())]
    html = tmp_path / "r.html"
    main_check(str(BAD / "personoplysninger-synthetic.csv"), as_json=True, html=str(html))
    captured = capsys.readouterr()
    outputs += [captured.out, captured.err, html.read_text(encoding="utf-8")]
    text = "\n".join(outputs)
    leaked = [v for v in values if v in text]
    assert not leaked, f"{len(leaked)} personal values shown in full, e.g. {mask(leaked[0])}"


def test_mask_hides_cpr_email_phone_and_user_ids_in_free_text():
    s = mask("CPR 010157-5123, jens@example.com, +45 12 34 56 78, ADM\\abc123")
    for secret in ("010157-5123", "jens@", "12 34 56 78", "abc123"):
        assert secret not in s


# --------------------------------------------------------------------------- inputs, metadata


def _hashes(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.is_file()}


def test_checking_every_bad_file_changes_none_of_them():
    before = _hashes(BAD)
    for entry in EXPECTED["files"]:
        check(ROOT / "datasets" / entry["path"], language="da").to_html()
    assert _hashes(BAD) == before


def test_catalogue_records_without_licence_get_no_licence():
    packages = json.loads((ROOT / "datasets/catalogue/packages.json").read_text(encoding="utf-8"))
    faults = json.loads((ROOT / "datasets/catalogue/faults.json").read_text(encoding="utf-8"))
    by_name = {p["name"]: p for p in packages}
    no_licence = {f["dataset"] for f in faults if f["fault"] == "no-licence"}
    assert no_licence
    for name in no_licence:
        assert "no-licence" in check_metadata(by_name[name]).codes, name
    complete = next(p for p in packages if p["name"] not in {f["dataset"] for f in faults})
    assert "no-licence" not in check_metadata(complete).codes


def test_metadata_with_licence_gives_stars_and_completeness():
    packages = json.loads((ROOT / "datasets/catalogue/packages.json").read_text(encoding="utf-8"))
    faults = {f["dataset"] for f in json.loads(
        (ROOT / "datasets/catalogue/faults.json").read_text(encoding="utf-8"))}
    md = next(p for p in packages if p["name"] not in faults)
    report = check(BAD / "formler-synthetic.csv", metadata=md)
    assert report.metadata["mandatory"]["missing"] == []
    assert report.stars == 3
    bare = dict(md, resources=[dict(r, license_id=None) for r in md["resources"]],
                license_id=None)
    assert check(BAD / "formler-synthetic.csv", metadata=bare).stars == 0


# --------------------------------------------------------------------------- helpers, docs


def test_small_counts_are_suppressed_and_zero_and_the_input_stay():
    import pandas as pd

    from oddk.check import suppress_small_counts

    t = pd.DataFrame({"skole": ["A", "B", "C"], "elever": [12, 2, 0]})
    out = suppress_small_counts(t, "elever")
    assert out["elever"].isna().tolist() == [False, True, False]
    assert out["elever"].iloc[2] == 0 and t["elever"].tolist() == [12, 2, 0]


@pytest.mark.parametrize("module", ["oddk.check", "oddk.personal", "oddk.check.formulas",
                                    "oddk.check.messages", "oddk.check.suppress",
                                    "oddk.check.schema", "oddk.check.stars", "oddk.export"])
def test_docstring_examples_are_true(module, monkeypatch):
    import doctest
    import importlib

    monkeypatch.chdir(ROOT)
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0


_POOL_AFTER_CHECK = """
import sys
import pyarrow as pa
from oddk.check import check
if sys.argv[2] == "gave-back":
    from oddk.read_large import give_back_memory
    give_back_memory()
check(sys.argv[1])
print(pa.default_memory_pool().backend_name)
"""


@pytest.mark.parametrize("case", ["plain", "chosen", "gave-back"])
def test_check_memory_pool(case, tmp_path):
    """The check allocates through jemalloc where pyarrow has it (its columns live for one
    batch); a pool the user chose, or the system pool a large read asked for, stays."""
    import os
    import subprocess
    import sys

    import pyarrow as pa

    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        pytest.skip("this pyarrow has no jemalloc (Windows builds)")
    f = tmp_path / "t.csv"
    f.write_text("id;navn\n1;a\n2;b\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if case == "chosen":
        env["ARROW_DEFAULT_MEMORY_POOL"] = "mimalloc"
    out = subprocess.run([sys.executable, "-c", _POOL_AFTER_CHECK, str(f), case], env=env,
                         capture_output=True, text=True, check=True).stdout.split()[-1]
    assert out == {"plain": "jemalloc", "chosen": "mimalloc", "gave-back": "system"}[case]


def test_points_in_a_system_of_their_own_are_checked_inside_denmark_in_it():
    from oddk.paths import datasets_dir

    result = check(datasets_dir() / "geodata" / "randers-parkering-ed50-synthetic.csv")
    assert "coordinates-outside-denmark" not in {f.code for f in result.findings}
    assert "Every point in 'X_ED50' and 'Y_ED50' lies in Denmark (EPSG:23032)." in result.good


def test_a_workbook_named_xls_is_told_to_be_renamed_not_called_no_table(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Navn", "Lat", "Lon"])
    wb.active.append(["Legeplads", 56.45, 9.40])
    src = tmp_path / "viborg-legepladser.xls"
    wb.save(src)
    result = check(src)
    codes = {f.code for f in result.findings}
    assert "wrong-extension" in codes and "not-tabular" not in codes
    assert any("Rename it to .xlsx" in f.fix for f in result.findings)


def test_an_empty_feature_collection_is_said_to_hold_neither_rows_nor_columns(tmp_path):
    src = tmp_path / "lejre-hundeskove.geojson"
    src.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    (finding,) = [f for f in check(src).findings if f.code == "empty-file"]
    assert "neither rows nor columns" in finding.message and "column names" not in finding.message


def test_an_empty_file_is_said_in_the_reports_language(tmp_path):
    src = tmp_path / "lolland-toiletter.csv"
    src.write_bytes(b"")
    (finding,) = [f for f in check(src, language="da").findings if f.code == "empty-file"]
    assert finding.message == "Filen indeholder ingen data: 'lolland-toiletter.csv' er tom (0 byte, " \
        "ingen tekst)."


def test_the_fields_of_ragged_rows_are_no_empty_column_and_lines_are_counted_whole(tmp_path):
    rows = ["Navn;Type;Note"] + [f"Bænk {i};Bænk;ny" + (";ekstra" if i % 50 == 0 else "")
                                 for i in range(1, 1201)]
    src = tmp_path / "baenke.csv"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = check(src)
    assert not any("extra_" in (f.message or "") for f in result.findings)
    text = result.to_text()
    assert "24 rows do not have the header's 3 fields" in text
    assert "and 14 more" in text  # 24 lines, 10 of them listed (not the 20 the rule keeps)


def test_cells_that_give_no_place_are_said_as_such_not_as_points_outside_denmark(tmp_path):
    rows = ["Navn;lat;lon", "A;56,15;10,20", "B;0;0", "C;ukendt;ukendt", "D;-999;-999",
            "E;48,85;2,35", "F;56,16;10,21"]
    src = tmp_path / "aarhus-baenke.csv"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    by = {f.code: f for f in check(src).findings}
    assert by["coordinates-missing"].count == 3 and by["coordinates-missing"].rows == [2, 3, 4]
    assert "'ukendt, ukendt'" in by["coordinates-missing"].message
    assert by["coordinates-outside-denmark"].count == 1  # Paris, only
