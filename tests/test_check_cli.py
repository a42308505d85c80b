"""`oddk check` on the command line: exit codes, JSON, HTML, inputs unchanged; the fast
(pyarrow) path agrees with the whole-file path; the schema check agrees with frictionless."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from oddk.check import check, table

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "datasets" / "bad"
ODDK = [sys.executable, "-m", "oddk.cli"]


def _run(*args, cwd=None):
    return subprocess.run([*ODDK, *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT)


@pytest.mark.parametrize("name, code", [
    ("formler-synthetic.csv", 1), ("tom-synthetic.csv", 1), ("binaer-synthetic.csv", 1),
    ("web-mercator-synthetic.csv", 0), ("findes-ikke.csv", 2)])
def test_exit_code_says_blockers_or_unopenable(name, code):
    res = _run("check", BAD / name)
    assert res.returncode == code, res.stdout + res.stderr
    assert "Traceback" not in res.stderr


def test_json_and_html_outputs_and_the_input_is_unchanged(tmp_path):
    src = BAD / "personoplysninger-synthetic.csv"
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    html = tmp_path / "rapport.html"
    res = _run("check", src, "--json", "--html", html, "--language", "da")
    doc = json.loads(res.stdout)
    assert doc["verdict"] == "fix" and doc["language"] == "da"
    assert all({"code", "severity", "message"} <= set(f) for f in doc["findings"])
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "http" not in page.split("<body>")[0]
    assert _run("check", src, "--html", html).returncode == 2  # no silent overwrite
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before


def test_an_unknown_standard_is_a_plain_error():
    res = _run("check", BAD / "formler-synthetic.csv", "--standard", "no-such-standard")
    assert res.returncode == 2 and "Unknown standard" in res.stderr


def test_metadata_without_licence_is_a_blocker(tmp_path):
    packages = json.loads((ROOT / "datasets/catalogue/packages.json").read_text("utf-8"))
    md = next(p for p in packages if p["name"] == "budget-jammerbugt")
    (tmp_path / "md.json").write_text(json.dumps(md), encoding="utf-8")
    res = _run("check", BAD / "web-mercator-synthetic.csv", "--metadata", tmp_path / "md.json",
               "--json")
    doc = json.loads(res.stdout)
    assert "no-licence" in {f["code"] for f in doc["findings"]} and res.returncode == 1
    assert doc["stars"] == 0


EXPECTED = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))
CSV_FILES = [e for e in EXPECTED["files"] if e["path"].endswith(".csv")
             and not set(e["expect"]) & {"empty-file", "not-tabular"}]


@pytest.mark.parametrize("entry", CSV_FILES, ids=lambda e: Path(e["path"]).name)
def test_the_fast_path_for_large_files_finds_the_same_codes(entry, monkeypatch):
    path = ROOT / "datasets" / entry["path"]
    standard = "geofa-facility" if "standard" in entry else None
    whole = check(path, standard=standard).codes
    monkeypatch.setattr(table, "SMALL", 0)  # every CSV through the pyarrow reader
    fast = check(path, standard=standard).codes
    assert set(entry["expect"]) <= fast
    # the fast path leaves ragged rows out of the table (and reports them), so their empty
    # cells are not counted
    loose = {"mixed-types", "number-format"} | ({"missing-values"} if "ragged-rows" in fast
                                                else set())
    assert fast - loose == whole - loose


def test_schema_check_flags_the_same_cells_as_frictionless(tmp_path):
    from frictionless import Resource, Schema

    from oddk.standards import load_schema

    src = BAD / "geofa-skemafejl-synthetic.csv"
    schema = load_schema("geofa-facility")
    (tmp_path / "data.csv").write_bytes(src.read_bytes())
    report = Resource("data.csv", basepath=str(tmp_path),
                      schema=Schema.from_descriptor(schema)).validate()
    theirs = {(row - 1, field) for row, field in report.flatten(["rowNumber", "fieldName"])
              if row and field}
    ours = {(row, f.column) for f in check(src, standard=schema).findings
            if f.code == "schema-violation" and f.column for row in f.rows}
    assert ours == theirs


@pytest.mark.notebook
def test_the_guideline_notebook_shows_personal_data_only_masked(tmp_path):
    from oddk import runs as runs_mod
    from oddk.execute import execute

    from .test_check import _personal_values

    src = BAD / "personoplysninger-synthetic.csv"
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    run = runs_mod.Run("notebooks/guidelines/check-my-dataset.ipynb", "leak-test",
                       {"data_path": str(src), "language": "da", "metadata_path": ""}, [])
    out = tmp_path / "executed.ipynb"
    execute(run, ROOT, out, env={"ODDK_OUTPUT": str(tmp_path / "output")})
    texts = [out.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in (tmp_path / "output").rglob("*.*")
              if p.suffix in (".html", ".json")]
    assert len(texts) == 3  # the executed notebook, the HTML and the JSON report
    leaked = [v for v in _personal_values() if any(v in t for t in texts)]
    assert not leaked, f"{len(leaked)} personal values shown in full"
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
