"""The readiness check's core: one rule per module decides its findings, the file is opened
once, and the words come from the message table."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest
import yaml

from oddk.check import check, table
from oddk.check.rules import RULES

from .opens import Opens

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "datasets" / "bad"
EXPECTED = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))
FILES = [(ROOT / "datasets" / e["path"], "standard" in e) for e in EXPECTED["files"]] + [
    (ROOT / "datasets/facilities/odense-legepladser-synthetic.xlsx", False),
    (ROOT / "datasets/facilities/odense-parkering-synthetic.shp", False),
    (ROOT / "datasets/facilities/aarhus-legepladser-synthetic.geojson", False),
    (ROOT / "datasets/facilities/answer-key/aarhus-toiletter-synthetic.csv", True),
]
PACKAGES = json.loads((ROOT / "datasets/catalogue/packages.json").read_text(encoding="utf-8"))


def _key(f):
    return (f.code, f.column, f.count, tuple(f.rows or ()), tuple(f.lines or ()))


@pytest.mark.parametrize("path, standard", FILES, ids=lambda x: getattr(x, "name", str(x)))
def test_a_rules_module_alone_decides_its_findings(path, standard):
    kw = {"standard": "geofa-facility" if standard else None, "metadata": PACKAGES[0]}
    full = check(path, **kw)
    assert full.findings
    for f in full.findings:  # every finding is named by the rule that gave it, with its code
        owner = next(r for r in RULES if r.name == f.rule)
        assert f.code in owner.codes, (f.code, f.rule)
    for rule in RULES:
        rest = check(path, rules=[r for r in RULES if r is not rule], **kw)
        expected = sorted(_key(f) for f in full.findings if f.rule != rule.name)
        assert sorted(_key(f) for f in rest.findings) == expected, rule.name


def test_every_finding_code_belongs_to_a_rule_and_every_rule_code_has_words():
    from oddk.check import CODES

    owned = {c for r in RULES for c in r.codes}
    assert owned == set(CODES)


def test_the_rules_write_no_sentence_of_their_own():
    """All words come from the message table: no string in a rule module (or the schema
    check) holds two words except its docstrings (a rule that wrote 'dates in 2 formats'
    or 'kolonner mangler' itself would fail)."""
    import re

    NAMES = {"Table Schema"}  # a name, the same in both languages
    sentence = re.compile(r"[A-Za-zæøå]{2,} [A-Za-zæøå]{2,}")
    folder = ROOT / "src/oddk/check/rules"
    trees = [(py.name, ast.parse(py.read_text(encoding="utf-8"))) for py in folder.glob("*.py")]
    schema = ast.parse((ROOT / "src/oddk/check/schema.py").read_text(encoding="utf-8"))
    trees += [("schema.py", n) for n in schema.body
              if isinstance(n, ast.ClassDef) and n.name == "SchemaCheck"]
    for name, tree in trees:
        docs = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and n.body
                and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    id(node) not in docs and node.value not in NAMES:
                assert not sentence.search(node.value), f"{name}: {node.value!r}"


OPENED_ONCE = [BAD / "formler-synthetic.csv", BAD / "latin1-synthetic.csv",
               BAD / "blandet-kodning-synthetic.csv", BAD / "formler-synthetic.xlsx",
               BAD / "flere-ark-synthetic.xlsx", BAD / "excel-forklaedt-synthetic.csv",
               BAD / "latin1-i-geojson-synthetic.geojson", BAD / "tom-synthetic.csv",
               BAD / "binaer-synthetic.csv", BAD / "ujaevne-raekker-synthetic.csv"]


@pytest.mark.parametrize("path", OPENED_ONCE, ids=lambda p: p.name)
@pytest.mark.parametrize("way", ["whole", "streamed", "blocks"])
def test_the_check_opens_its_input_once_and_writes_nothing(path, way, monkeypatch, tmp_path):
    if way != "whole":
        monkeypatch.setattr(table, "SMALL", 0)  # as a large file: sample, then pyarrow
    if way == "blocks":
        monkeypatch.setattr(table, "WHOLE", 0)  # as a very large file: block by block
    path = shutil.copy(path, tmp_path / path.name)  # a copy: other tests read datasets/ too
    with Opens(path) as opens:
        check(path, language="da").to_html()
    assert opens.count == 1 and opens.writes == 0


STRAY = {  # where a Windows-1252 byte stands in a UTF-8 file: (the bytes, its line)
    "in a row past the first 64 kB": (b"id;navn\n", b"5000;K\xf8ge\n", 5001),
    "in the header": (b"id;n\xe6vn\n", b"5000;Koege\n", 1),
    "in a title above the header": (b"Tabel \xf8ver steder\nid;navn\n", b"5000;Koege\n", 1),
    "in a ragged row": (b"id;navn\n", b"5000;K\xf8ge;ekstra\n", 5001),
}


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")  # no stderr noise
@pytest.mark.parametrize("where", STRAY)
@pytest.mark.parametrize("way", ["whole", "streamed", "parts", "blocks"])
def test_a_stray_byte_is_found_on_its_line_whichever_way_the_file_is_read(way, where,
                                                                           monkeypatch, tmp_path):
    """A UTF-8 file with one Windows-1252 byte: every way of reading names its line, in the
    rows, the header, a title above it and a ragged row (which pyarrow's reader skips or
    cannot show)."""
    head, stray, line = STRAY[where]
    rows = "".join(f"{i};Århus {i}\n" for i in range(1, 5000)).encode()
    f = tmp_path / "stray.csv"
    f.write_bytes(head + rows + stray)
    if way != "whole":
        monkeypatch.setattr(table, "SMALL", 0)
    if way == "parts":  # parsed in three parts, the stray byte in the last or the first
        monkeypatch.setattr(table, "PARTS", 3)
    if way == "blocks":
        monkeypatch.setattr(table, "WHOLE", 0)
    r = check(f)
    found = [x for x in r.findings if x.code == "encoding-not-utf8"]
    assert [x.lines for x in found] == [[line]]
    # every row once (pyarrow's ways count a ragged row apart, as a ragged row)
    assert r.facts["rows"] == 5000 - (where == "in a ragged row" and way != "whole")


PARTED = sorted(p for p in (ROOT / "datasets").rglob("*.csv") if p.stat().st_size)


@pytest.mark.parametrize("path", PARTED, ids=lambda p: p.name)
def test_a_file_parsed_in_parts_gets_the_report_it_gets_at_once(path, monkeypatch):
    """A large file is parsed in parts, each beside the rules on the part before it: the
    findings, rows and facts are those of one parse."""
    monkeypatch.setattr(table, "SMALL", 0)
    monkeypatch.setattr(table, "PARTS", 1)
    once = check(path).to_dict()
    monkeypatch.setattr(table, "PARTS", 3)
    parted = check(path).to_dict()
    assert parted == once


def test_parts_are_cut_at_line_breaks_and_never_inside_quotes(tmp_path, monkeypatch):
    """Ragged rows and repeats spread over the parts are all found; a file with quotes (a
    value may hold a line break) is parsed at once."""
    rows = "".join(f"{i % 700};Sted {i % 700};{i % 7}\n" for i in range(3000))
    f = tmp_path / "dele.csv"
    f.write_text("id;navn;kode\n" + rows + "1;Sted 1;2;ekstra\n5;Sted 5\n", encoding="utf-8")
    q = tmp_path / "citater.csv"
    q.write_text('id;navn\n' + "".join(f'{i};"Linje\nto {i}"\n' for i in range(3000)),
                 encoding="utf-8")
    monkeypatch.setattr(table, "SMALL", 0)
    seen = []
    parts = table._parts
    monkeypatch.setattr(table, "_parts", lambda *a: seen.append(a[2]) or parts(*a))
    reports = {}
    for k in (1, 4):
        monkeypatch.setattr(table, "PARTS", k)
        reports[k] = check(f).to_dict()
    assert reports[4] == reports[1]
    codes = {x["code"]: x for x in reports[4]["findings"]}
    assert codes["duplicate-rows"]["count"] == 3000 - 700 and "ragged-rows" in codes
    monkeypatch.setattr(table, "PARTS", 4)
    r = check(q)
    assert seen[-1] is True and r.facts["rows"] == 3000  # quotes: one part, every row


def test_titles_and_the_header_stay_in_the_first_part(tmp_path, monkeypatch):
    """The lines pyarrow skips (titles above the header, blank lines, the header) are never
    cut off into a later part, however small the parts."""
    f = tmp_path / "titler.csv"
    f.write_text("Steder i kommunen\n\nUdtræk 2026\nid;navn\n"
                 + "".join(f"{i};Sted {i}\n" for i in range(1, 7)), encoding="utf-8")
    monkeypatch.setattr(table, "SMALL", 0)
    reports = {}
    for k in (1, 5):
        monkeypatch.setattr(table, "PARTS", k)
        reports[k] = check(f).to_dict()
    assert reports[5] == reports[1] and reports[5]["facts"]["rows"] == 6


def test_an_empty_text_cell_is_no_number():
    """A cell of no characters (JSON, a workbook's text) among whole numbers: not every
    cell is a number, whatever its place in the column."""
    import pyarrow as pa

    from oddk.check.cells import Cells

    for at in (0, 250, 300):
        values = [str(i) for i in range(300)]
        values.insert(at, "")
        cells = Cells(pa.array(values, pa.string()))
        assert not cells.all_digits and cells.ints is None
    assert Cells(pa.array(["1", None, "22"], pa.string())).all_digits


def test_the_opens_counter_sees_pyarrow_and_python_alike(tmp_path):
    """The counter is not blind: two reads by two libraries are two opens."""
    import pyarrow.csv as pcsv

    f = tmp_path / "t.csv"
    f.write_text("a,b\n1,2\n", encoding="utf-8")
    with Opens(f) as opens:
        pcsv.read_csv(str(f))
        f.read_bytes()
    assert opens.count == 2


def test_a_shapefiles_parts_are_each_opened_once(tmp_path):
    for part in (ROOT / "datasets/facilities").glob("odense-parkering-synthetic.*"):
        shutil.copy(part, tmp_path / part.name)
    with Opens(tmp_path) as opens:  # the folder: every part's opens, by name
        check(tmp_path / "odense-parkering-synthetic.shp")
    files = {n: k for n, k in opens.by_name.items() if n}  # "" is the folder itself
    assert files == {p.name: 1 for p in tmp_path.iterdir()} and opens.writes == 0


@pytest.mark.parametrize("module", ["oddk.check.cells", "oddk.check.profile",
                                    "oddk.check.words", "oddk.check.table",
                                    *[f"oddk.check.rules.{r.__module__.rsplit('.', 1)[1]}"
                                      for r in RULES], "oddk.check.rules"])
def test_docstring_examples_are_true(module, monkeypatch):
    import doctest
    import importlib

    monkeypatch.chdir(ROOT)
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0


def test_danish_house_numbers_are_not_numbers_mixed_with_text(tmp_path):
    """'224B', '69-71', '7B' are ordinary house numbers: "numbers only" would damage them
    (a real Aarhus file got that advice); a word among numbers is still mixed."""
    from oddk.check import check

    rows = "".join(f"Vej {i};{n}\n" for i, n in enumerate(
        ["12", "224B", "69-71", "7B", "3 A", "14", "16", "18", "20", "7-9B", "22", "24"]))
    houses = tmp_path / "adresser.csv"
    houses.write_text("vejnavn;husnr\n" + rows, encoding="utf-8")
    assert "mixed-types" not in check(houses).codes
    unnamed = tmp_path / "uden-navn.csv"  # judged by the values alone
    unnamed.write_text("vejnavn;h\n" + rows, encoding="utf-8")
    assert "mixed-types" not in check(unnamed).codes
    words = tmp_path / "antal.csv"
    words.write_text("vejnavn;antal\n" + rows.replace("224B", "ukendt"), encoding="utf-8")
    assert "mixed-types" in check(words).codes


def test_names_and_ids_written_as_numbers_are_not_mixed_types(tmp_path):
    """Aarhus's real road segments name their end points by sensor number ('3193') and a few
    by street ('Viborgvej', 'P1'): labels, not numbers mixed with text. A count column holding
    the same values is still mixed."""
    from oddk.check import check

    segments = ROOT / "datasets" / "real" / "mobility" / "aarhus-trafikdata-maalepunkter.csv"
    assert "mixed-types" not in check(segments).codes
    rows = "".join(f"{v}\n" for v in ["3193", "3192", "Viborgvej", "P1"] + [str(i) for i in range(20)])
    for header, mixed in (("POINT_1_NAME", False), ("stednavn", False), ("målerId", False),
                          ("antal", True)):
        path = tmp_path / f"{header}.csv"
        path.write_text(header + "\n" + rows, encoding="utf-8")
        assert ("mixed-types" in check(path).codes) is mixed, header


def test_a_municipality_list_names_the_missing_ones_and_the_old_spellings(tmp_path):
    """A real list lacked Helsingør and wrote 'Århus': both are named, in plain words."""
    import csv

    from oddk.check import check
    from oddk.reference import municipalities

    names = [("Århus" if n == "Aarhus" else n) for n in municipalities()["navn"]
             if n != "Helsingør"]
    path = tmp_path / "kommuner.csv"
    with open(path, "w", encoding="cp1252", newline="") as f:  # latin-1, as such lists are
        w = csv.writer(f, delimiter=";")
        w.writerow(["kommune", "antal"])
        w.writerows((n, i) for i, n in enumerate(names))
    report = check(path)
    incomplete = next(f for f in report.findings if f.code == "municipality-list-incomplete")
    assert "97 of Denmark's 98" in incomplete.message and "Helsingør" in incomplete.message
    old = next(f for f in report.findings if f.code == "municipality-old-name")
    assert "'Århus' (Aarhus)" in old.message
    complete = tmp_path / "alle.csv"
    complete.write_text("kommune\n" + "\n".join(municipalities()["navn"]) + "\n", encoding="utf-8")
    codes = check(complete).codes
    assert "municipality-list-incomplete" not in codes and "municipality-old-name" not in codes
    toilets = check(ROOT / "datasets" / "facilities" / "aarhus-toiletter-synthetic.csv").codes
    assert not {"municipality-list-incomplete", "municipality-old-name"} & toilets


def test_repeats_are_found_the_same_in_ids_that_count_up_and_in_any_order():
    """`repeated` takes a short way for codes already in order (ids counted up): the same
    copies as pandas' hash table marks, for the first copy kept and for every copy."""
    import numpy as np
    import pandas as pd

    from oddk.check.rules.duplicates import repeated

    rng = np.random.default_rng(0)
    for trial in range(400):
        codes = rng.integers(0, 10, rng.integers(0, 30)).astype(np.uint64)
        if trial % 2:
            codes = np.sort(codes)
        for keep in ("first", False):
            expected = pd.Series(codes).duplicated(keep=keep).to_numpy()
            assert (repeated(codes, keep=keep) == expected).all()
            assert (repeated(codes, ignore=np.uint64(3), keep=keep)
                    == (expected & (codes != 3))).all()


@pytest.mark.parametrize("values, blank", [
    (["1", "2", None, " "], [False, False, True, True]),
    (["12", "\t", "3"], [False, True, False]),
    (["Køge", "\u00a0", None], [False, True, True]),
    (["x", "\u3000", "y z"], [False, True, False]),
    (["1,5", "2.0", None], [False, False, True])])
def test_a_cell_is_blank_when_empty_or_only_spaces_of_any_kind(values, blank):
    import pyarrow as pa

    from oddk.check.cells import Cells

    assert Cells(pa.array(values, pa.string())).blank.to_pylist() == blank
