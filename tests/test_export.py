"""oddk export: open-data CSV and a Danish-Excel copy, with formula cells neutralised."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import pytest

from oddk.export import export, main_export

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "datasets" / "bad"


def _would_run(cell: str) -> bool:
    """What Excel and LibreOffice treat as a formula, written here independently of
    oddk.check.formulas: a leading = @ tab or CR, or a leading + or - that is not a plain
    signed number (+4512345678 and -40 are read as numbers, with nothing to run)."""
    if cell[:1] in ("=", "@", "\t", "\r"):
        return True
    return cell[:1] in ("+", "-") and not re.fullmatch(r"[+-]\d+([.,]\d+)?", cell)


def _cells(path: Path, sep: str, encoding: str) -> list[str]:
    with open(path, encoding=encoding, newline="") as f:
        return [c for row in csv.reader(f, delimiter=sep) for c in row]


@pytest.mark.parametrize("name", ["formler-synthetic.csv", "formler-synthetic.xlsx",
                                  "personoplysninger-synthetic.csv"])
def test_exported_csv_has_no_cell_a_spreadsheet_would_run(tmp_path, name):
    res = export(BAD / name, tmp_path / "out.csv", excel=True)
    assert res["neutralised"] > 0
    for path, sep, enc in ((tmp_path / "out.csv", ",", "utf-8"),
                           (tmp_path / "out-excel.csv", ";", "utf-8-sig")):
        cells = _cells(path, sep, enc)
        assert cells and not [c for c in cells if _would_run(c)]


def test_formula_cells_keep_their_text_behind_a_quote(tmp_path):
    export(BAD / "formler-synthetic.csv", tmp_path / "out.csv")
    cells = _cells(tmp_path / "out.csv", ",", "utf-8")
    assert "'@SUM(A1:A3)" in cells and "'-2+3" in cells
    assert "-40" in cells  # a negative amount is a number, left alone


def test_open_data_copy_is_utf8_comma_and_excel_copy_has_bom_and_semicolons(tmp_path):
    export(BAD / "latin1-synthetic.csv", tmp_path / "out.csv", excel=True)
    plain = (tmp_path / "out.csv").read_bytes()
    excel = (tmp_path / "out-excel.csv").read_bytes()
    plain.decode("utf-8")
    assert not plain.startswith(b"\xef\xbb\xbf") and b"," in plain.splitlines()[0]
    assert excel.startswith(b"\xef\xbb\xbf") and b";" in excel.splitlines()[0]
    assert "ø".encode() in plain or "æ".encode() in plain or "å".encode() in plain


def test_export_refuses_to_overwrite_and_never_touches_the_input(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes((BAD / "formler-synthetic.csv").read_bytes())
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    assert main_export(str(src), str(src)) == 2
    assert main_export(str(src), str(tmp_path / "o.csv")) == 0
    assert main_export(str(src), str(tmp_path / "o.csv")) == 2
    assert main_export(str(src), str(tmp_path / "o.csv"), force=True) == 0
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before


def test_export_of_a_missing_file_says_so(tmp_path, capsys):
    assert main_export(str(tmp_path / "nope.csv"), str(tmp_path / "o.csv")) == 2
    assert "There is no file" in capsys.readouterr().err
