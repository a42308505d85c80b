"""Hostile and oversized files (oddk.generate.hostile, made in tmp_path): each is answered
in seconds, in plain words, and nothing is lost. Time limits are pytest timeouts (the
test fails when the kit stalls); speed and memory are measured in benchmarks/hostile.py."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest
import requests

from oddk.check import check
from oddk.errors import ReadError
from oddk.generate import hostile
from oddk.read import read_table


def oddk(*args, cwd=None):
    """Run the oddk command line as a user would; (exit code, stdout, stderr)."""
    p = subprocess.run([sys.executable, "-m", "oddk.cli", *map(str, args)], capture_output=True,
                       text=True, cwd=cwd, timeout=120)
    return p.returncode, p.stdout, p.stderr


def digest(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def codes(report) -> set[str]:
    return {f.code for f in report.findings}


# --- a workbook with one far cell ---------------------------------------------------------


@pytest.mark.timeout(60)
def test_one_far_cell_does_not_make_sixteen_thousand_columns(tmp_path):
    p = hostile.far_cell_workbook(tmp_path / "legepladser.xlsx", rows=100_000)
    df, report = read_table(p)
    assert list(df.columns) == ["navn", "postnr", "antal", "tjekket"]
    assert len(df) == 100_000 and df["postnr"].notna().all()
    assert any("16,384 columns" in w and "left out" in w for w in report.warnings)


@pytest.mark.timeout(60)
def test_the_far_cell_workbook_is_checked_exported_and_its_far_value_kept(tmp_path):
    p = hostile.far_cell_workbook(tmp_path / "legepladser.xlsx", rows=5)
    r = check(p)
    assert r.facts["columns"] == 4 and "not-tabular" not in codes(r)
    rc, out, err = oddk("export", p, "--out", tmp_path / "out.csv")
    assert rc == 0, err
    head = (tmp_path / "out.csv").read_text("utf-8").splitlines()[0]
    assert head == "navn,postnr,antal,tjekket"


# --- a long cell --------------------------------------------------------------------------


@pytest.mark.timeout(60)
def test_a_long_cell_under_the_limit_is_read_whole(tmp_path):
    p = hostile.long_cell_csv(tmp_path / "lang.csv", 200_000)
    df, _ = read_table(p)
    assert len(df) == 4 and df["beskrivelse"].str.len().max() == 200_000


@pytest.mark.timeout(60)
def test_a_cell_over_the_limit_is_refused_naming_its_line(tmp_path):
    p = hostile.long_cell_csv(tmp_path / "lang.csv", 2_000_000, line=4)
    with pytest.raises(ReadError) as e:
        read_table(p)
    text = str(e.value)
    assert "Line 4" in text and "1 MiB" in text
    assert "straddl" not in text and "unclosed quote" not in text.lower()
    r = check(p)
    assert r.verdict == "fix" and "not-tabular" in codes(r)
    for command in ("read", "export", "standardise"):
        rc, out, err = oddk(command, p, *(["--out", tmp_path / f"{command}.csv"]
                                           if command != "read" else []))
        assert rc == 2 and "Line 4" in err and "Traceback" not in err + out, (command, err)


@pytest.mark.parametrize("limit", [131072, 2**31 - 1])  # the csv module's own; frictionless'
def test_the_limit_on_a_value_is_the_kits_whatever_another_library_set(tmp_path, limit):
    import csv

    before = csv.field_size_limit(limit)
    try:
        fine = hostile.long_cell_csv(tmp_path / "fin.csv", 500_000)
        assert read_table(fine)[0]["beskrivelse"].str.len().max() == 500_000
        with pytest.raises(ReadError, match="longer than 1 MiB"):
            read_table(hostile.long_cell_csv(tmp_path / "lang.csv", 2_000_000))
        assert csv.field_size_limit() == limit  # and the other library's is put back
    finally:
        csv.field_size_limit(before)


# --- JSON nested too deep -----------------------------------------------------------------


@pytest.mark.timeout(60)
@pytest.mark.parametrize("geojson", [True, False])
def test_json_nested_too_deep_is_refused_in_plain_words(tmp_path, geojson):
    p = hostile.deep_json(tmp_path / ("dyb.geojson" if geojson else "dyb.json"), 100_000, geojson)
    before = digest(p)
    for command in ("read", "export", "standardise"):
        rc, out, err = oddk(command, p, *(["--out", tmp_path / f"{command}.csv"]
                                           if command != "read" else []))
        assert rc == 2, (command, err)
        assert "nested deeper than 100 levels" in err and "Traceback" not in err + out
        assert "RecursionError" not in err
    r = check(p)
    assert r.verdict == "fix" and "not-tabular" in codes(r)
    assert digest(p) == before and not list(tmp_path.glob("*.csv"))


def test_json_at_the_limit_is_still_read(tmp_path):
    p = hostile.deep_json(tmp_path / "lige.json", 1, geojson=True)
    df, report = read_table(p)
    assert len(df) == 1 and df["navn"][0] == "Legeplads"


# --- the mapping suggestion on a million rows ---------------------------------------------


@pytest.mark.timeout(300)
def test_the_mapping_is_suggested_for_a_million_rows(tmp_path):
    from oddk.standards.suggest import suggest_mapping

    p = hostile.facility_csv(tmp_path / "aarhus-toiletter.csv", 1_000_000)
    df, report = read_table(p)
    assert len(df) == 1_000_000 and df["Navn"].nunique() == 1_000_000
    mapping = suggest_mapping(df, report, source=p.name)
    assert mapping["fields"]["navn"]["column"] == "Navn"
    assert mapping["fields"]["postnr"]["column"] == "Postnr"
    assert mapping["geometry"]["x"] == "Længdegrad" and mapping["geometry"]["y"] == "Breddegrad"
    assert "Aarhus" in mapping["fields"]["cvr_kode"]["why"]  # from the file's name


# --- formulas in the header ---------------------------------------------------------------


def test_formulas_in_the_header_are_neutralised_by_export_and_block_the_check(tmp_path):
    p = hostile.header_formula_csv(tmp_path / "formler.csv")
    rc, out, err = oddk("export", p, "--out", tmp_path / "ud.csv", "--excel")
    assert rc == 0, err
    assert "the column name '=HYPERLINK" in out
    for name in ("ud.csv", "ud-excel.csv"):
        sep = "," if name == "ud.csv" else ";"
        import csv

        with open(tmp_path / name, encoding="utf-8-sig", newline="") as f:
            header = next(csv.reader(f, delimiter=sep))
        assert header == ["'" + h for h in hostile.HEADER_FORMULAS], name
    r = check(p)
    found = [f for f in r.findings if f.code == "formula-in-header"]
    assert r.verdict == "fix" and found and found[0].severity == "blocker"
    assert "4 column names would run" in found[0].message


# --- nothing written over the input -------------------------------------------------------


def _inputs(tmp_path):
    src = tmp_path / "toiletter.csv"
    src.write_text("navn;postnr;x;y\nToilet ved Havnen;8000;575000;6225000\n", "utf-8")
    hard = tmp_path / "samme-fil.csv"
    os.link(src, hard)
    soft = tmp_path / "genvej.csv"
    soft.symlink_to(src)
    return src, {"by its path": src, "by a hard link": hard, "by a symbolic link": soft,
                 "by another spelling": tmp_path / "." / "toiletter.csv"}


@pytest.mark.parametrize("command", ["export", "standardise", "check --html"])
def test_no_command_writes_over_its_input_whatever_force_says(tmp_path, command):
    src, names = _inputs(tmp_path)
    before = digest(src), os.stat(src).st_ino
    for how, target in names.items():
        for force in ([], ["--force"]):
            if command == "check --html":
                args = ["check", src, "--html", target, *force]
            elif command == "standardise":
                args = ["standardise", src, "--out", target, "--municipality", "Aarhus",
                        "--type", "Toilet", *force]
            else:
                args = ["export", src, "--out", target, *force]
            rc, out, err = oddk(*args)
            assert rc == 2, (how, force, out, err)
            assert "input file itself" in err and "Traceback" not in err, (how, err)
            assert (digest(src), os.stat(src).st_ino) == before, (how, force)


def test_an_existing_output_is_replaced_only_with_force_and_then_whole(tmp_path):
    src, _ = _inputs(tmp_path)
    out = tmp_path / "ud.csv"
    out.write_text("mit eget arbejde\n", "utf-8")
    rc, _, err = oddk("export", src, "--out", out)
    assert rc == 2 and "exists already" in err
    assert out.read_text("utf-8") == "mit eget arbejde\n"
    rc, _, err = oddk("export", src, "--out", out, "--force")
    assert rc == 0 and out.read_text("utf-8").startswith("navn,postnr")
    assert not list(tmp_path.glob(".*.part"))  # the new file took the name; no leftovers


# --- the practice portal ------------------------------------------------------------------


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    from oddk.portal.testing import running_portal

    empty = tmp_path_factory.mktemp("no-catalogue")
    with running_portal(tmp_path_factory.mktemp("portal"), empty) as handle:
        yield handle


def test_the_portal_answers_json_nested_too_deep_with_a_400(portal):
    body = '{"name": "dyb", "extras": ' + "[" * 100_000 + "]" * 100_000 + "}"
    r = requests.post(f"{portal.url}/api/3/action/package_create", data=body, timeout=30,
                      headers={"Authorization": portal.token,
                               "Content-Type": "application/json"})
    assert r.status_code == 400
    # CKAN answers a body it cannot decode with a JSON string, not its envelope
    assert r.json().startswith("Bad request - JSON Error: The JSON is nested deeper than 100")
    ok = requests.get(f"{portal.url}/api/3/action/status_show", timeout=10)
    assert ok.status_code == 200  # and the portal still answers


def test_a_token_in_a_query_string_is_refused_and_never_logged(portal):
    secret = "hemmelig-" + "7" * 24
    for name in ("apikey", "api_key", "Authorization", "token"):
        r = requests.post(f"{portal.url}/api/3/action/package_create?{name}={secret}&x=1",
                          json={"name": "via-url"}, timeout=10)
        assert r.status_code in (400, 403), (name, r.status_code)
    r = requests.get(f"{portal.url}/api/3/action/package_list?apikey={secret}", timeout=10)
    log = portal.log()
    assert "package_create" in log  # the requests are in the log ...
    assert secret not in log  # ... and the token is not
    assert "via-url" not in portal.client().action.package_list()
