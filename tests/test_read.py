"""oddk.read: what it detects in Danish files, how it meets bad input, and `oddk read`.

Every test writes its own small files into tmp_path, reads them through `read_unchanged`
(which also checks that the folder's bytes are the same afterwards and that nothing new
appeared next to the input), and asserts on what the report says.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest

from oddk.cli import main as cli_main
from oddk.read import ReadError, read_table
from oddk.read_detect import detect_decimal, detect_encoding, detect_separator

ROOT = Path(__file__).resolve().parents[1]

ESRI_25832 = (
    'PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",'
    'SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],'
    'UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
    'PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],'
    'PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],'
    'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
)


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def read_unchanged(path, **kw):
    """read_table, asserting that no file in the input's folder changed or appeared."""
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    before = _snapshot(folder)
    try:
        return read_table(path, **kw)
    finally:
        assert _snapshot(folder) == before, "read_table changed or added files next to its input"


def write(tmp_path, name, text, encoding="utf-8", newline="\n"):
    p = tmp_path / name
    p.write_bytes(text.replace("\n", newline).encode(encoding))
    return p


# --------------------------------------------------------------------------- encodings

DANISH = [
    "Søen",
    "Åboulevarden",
    "Æbleø",
    "navn;by\nToilet ved Søen;Århus\n",
    "kommune;værdi\nBrønderslev-Dronninglund;1.234,50\n",
]


@pytest.mark.parametrize("text", DANISH)
def test_short_danish_utf8_is_utf8(text):
    assert detect_encoding(text.encode("utf-8")).codec == "utf-8"


@pytest.mark.parametrize("text", DANISH)
def test_short_danish_single_byte_is_windows_1252_and_decodes_right(text):
    # Without bytes 0x80-0x9F latin-1 and cp1252 give the same text; we name it cp1252.
    guess = detect_encoding(text.encode("latin-1"))
    assert guess.codec == "cp1252"
    assert text.encode("latin-1").decode(guess.codec) == text
    assert guess.confidence >= 0.9


def test_euro_sign_and_dash_make_it_windows_1252_not_latin1():
    guess = detect_encoding("pris;note\n12 €;Åben – hele året\n".encode("cp1252"))
    assert guess.codec == "cp1252"
    assert "0x80-0x9F" in guess.how


def test_bytes_cp1252_does_not_define_make_it_latin1():
    data = "navn\nSøen\nÅen\nÆrø\n".encode("latin-1") + b"\x81\n"  # 0x81: undefined in cp1252
    assert detect_encoding(data).codec == "latin-1"


def test_dos_850_danish_letters_are_recognised():
    text = "navn;by\nSøen ved Åen;Ærø\nBørnehaven;Næstved\n"
    assert detect_encoding(text.encode("cp850")).codec == "cp850"


def test_utf8_bom_is_reported_and_not_left_in_the_first_column(tmp_path):
    p = write(tmp_path, "bom.csv", "\ufeffNavn;Postnr\nSøen;8000\n")
    df, r = read_unchanged(p)
    assert (r.encoding, r.bom, r.encoding_confidence) == ("utf-8-sig", True, 1.0)
    assert list(df.columns) == ["Navn", "Postnr"]
    assert df["Navn"][0] == "Søen"


def test_latin1_file_is_detected_and_read(tmp_path):
    p = write(
        tmp_path, "toiletter.csv", "navn;by\nToilet ved Søen;Århus\nÆblehaven;Ærø\n", "latin-1"
    )
    df, r = read_unchanged(p)
    assert r.encoding == "cp1252" and r.bom is False
    assert df["by"].tolist() == ["Århus", "Ærø"]


def test_utf8_without_bom(tmp_path):
    p = write(tmp_path, "u.csv", "navn,by\nSøen,Århus\n")
    df, r = read_unchanged(p)
    assert (r.encoding, r.bom) == ("utf-8", False)
    assert df["navn"][0] == "Søen"


def test_mixed_utf8_with_stray_latin1_bytes_is_read_with_a_warning(tmp_path):
    p = tmp_path / "mixed.csv"
    p.write_bytes("navn\nSøen\n".encode() + "Åen\n".encode("latin-1"))
    df, r = read_unchanged(p)
    assert r.encoding == "utf-8"
    assert df["navn"].tolist() == ["Søen", "Åen"]
    assert any("mostly UTF-8" in w and "line 3" in w for w in r.warnings)


def test_lines_not_utf8_are_the_lines_pythons_decoder_refuses():
    """The byte-level finder (numpy, for large files) against decoding line by line, on
    seeded soups of UTF-8, Windows-1252, random bytes and the sequences UTF-8 forbids
    (overlong, surrogates, above U+10FFFF, lone leads and continuations)."""
    import random

    from oddk.read_detect import lines_not_utf8

    def refused(data):
        out = []
        for n, line in enumerate(data.split(b"\n")):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                out.append(n)
        return out

    rng = random.Random(3)
    words = ["Løvparken", "ÆØÅ", "€", "😀", "abc", "\n", "ﬁ", "\U0010FFFF"]
    for _ in range(2000):
        parts = []
        for _ in range(rng.randint(1, 30)):
            r = rng.random()
            if r < 0.4:
                parts.append(rng.choice(words).encode("utf-8"))
            elif r < 0.6:
                parts.append(rng.choice(["Løvparken", "ÆØÅ", "€", "é"]).encode("cp1252"))
            elif r < 0.8:
                parts.append(bytes(rng.randrange(256) for _ in range(rng.randint(1, 4))))
            else:
                lead = rng.choice([0xE0, 0xED, 0xF0, 0xF4, 0xC0, 0xC1, 0xC2, 0xF5, 0x80, 0xBF])
                parts.append(bytes([lead, rng.randrange(0x80, 0xC0), rng.randrange(0x80, 0xC0)]))
        data = b"".join(parts)
        assert lines_not_utf8(data).tolist() == refused(data), data


def test_given_wrong_encoding_says_which_byte_and_what_to_try(tmp_path):
    p = write(tmp_path, "toiletter.csv", "navn\nabc\nSøen\n", "cp1252")
    with pytest.raises(ReadError) as e:
        read_unchanged(p, encoding="utf-8")
    msg = str(e.value)
    assert e.value.code == "wrong-encoding"
    assert (
        "'toiletter.csv'" in msg
        and "0xf8" in msg
        and "line 3" in msg
        and 'encoding="cp1252"' in msg
    )


# --------------------------------------------------------------------------- separators, decimals


def test_semicolon_decimal_comma_thousands_dot_crlf(tmp_path):
    p = write(
        tmp_path,
        "dst.csv",
        "OMRÅDE;KØN;TID;INDHOLD\nAarhus;Mænd;2024K1;1.234,50\nAalborg;Kvinder;2024K2;987,25\n",
        "cp1252",
        "\r\n",
    )
    df, r = read_unchanged(p)
    assert (r.separator, r.decimal, r.thousands, r.line_ending) == (";", ",", ".", "CRLF")
    assert df["INDHOLD"].tolist() == [1234.5, 987.25]
    assert df["TID"].tolist() == ["2024K1", "2024K2"]
    assert r.types["INDHOLD"] == "decimal"


def test_tsv_is_found(tmp_path):
    p = write(tmp_path, "t.tsv", "navn\tantal\tnote\nA\t1\tx, y\nB\t2\tz; w\n")
    df, r = read_unchanged(p)
    assert (r.separator, r.format, r.columns) == ("\t", "tsv", 3)
    assert df["note"].tolist() == ["x, y", "z; w"]


def test_pipe_and_quoted_separators(tmp_path):
    p = write(tmp_path, "p.txt", 'a|b\n"1|2"|3\n4|5\n')
    df, r = read_unchanged(p)
    assert r.separator == "|"
    assert df["a"].tolist() == ["1|2", "4"]


def test_comma_separator_with_quoted_decimal_commas(tmp_path):
    p = write(tmp_path, "c.csv", 'navn,beløb\nA,"1.234,5"\nB,"2,25"\n')
    df, r = read_unchanged(p)
    assert (r.separator, r.decimal) == (",", ",")
    assert df["beløb"].tolist() == [1234.5, 2.25]


def test_separator_choice_is_not_fooled_by_decimal_commas():
    assert detect_separator("x;y\n1,5;2,5\n3,25;4\n")[0] == ";"


@pytest.mark.parametrize(
    "values, expected",
    [
        (["1.234,50", "12"], (",", ".")),
        (["1,234.50", "7"], (".", ",")),
        (["12,5", "3"], (",", None)),
        (["12.5", "3"], (".", None)),
        (["1.234.567"], (",", ".")),
        (["1.234"], (None, None)),  # ambiguous alone
        (["10", "20"], (None, None)),
    ],
)
def test_decimal_mark(values, expected):
    assert detect_decimal(values)[:2] == expected


def test_dot_thousands_in_whole_number_column_of_a_point_decimal_file(tmp_path):
    p = write(tmp_path, "park.csv", "navn,antal,x\nA,106,721755.42\nB,1.845,720483.43\n")
    df, r = read_unchanged(p)
    assert r.decimal == "." and r.thousands == "."
    assert df["antal"].tolist() == [106, 1845]
    assert df["x"].tolist() == [721755.42, 720483.43]


def test_leading_zeros_stay_text_and_ids_as_floats_are_warned(tmp_path):
    p = write(tmp_path, "k.csv", "kode;id;antal\n0101;1,0;3\n0751;2,0;4\n")
    df, r = read_unchanged(p)
    assert df["kode"].tolist() == ["0101", "0751"]
    assert df["id"].tolist() == ["1,0", "2,0"]
    assert df["antal"].tolist() == [3, 4]
    assert r.types == {"kode": "text", "id": "text", "antal": "integer"}
    assert any("leading zeros" in w for w in r.warnings)
    assert any("'id'" in w and "floats" in w for w in r.warnings)


def test_whole_decimals_that_are_not_ids_become_numbers(tmp_path):
    p = write(tmp_path, "xy.csv", "navn,x,y\nA,575000.00,6224000.00\nB,576000.00,6225000.00\n")
    df, r = read_unchanged(p)
    assert df["x"].tolist() == [575000.0, 576000.0] and r.types["x"] == "decimal"
    assert not any("floats" in w for w in r.warnings)


def test_mostly_numbers_with_words_stay_text_with_a_warning(tmp_path):
    p = write(tmp_path, "m.csv", "navn;antal\nA;12\nB;ukendt\nC;7\nD;n/a\nE;3\n")
    df, r = read_unchanged(p)
    assert df["antal"].tolist() == ["12", "ukendt", "7", "n/a", "3"]
    assert any("'antal'" in w and "'ukendt'" in w and "'n/a'" in w for w in r.warnings)


def test_title_line_above_header_is_skipped(tmp_path):
    p = write(
        tmp_path,
        "folk1a.csv",
        "Befolkning 1. januar\n\nOMRÅDE;TID;INDHOLD\nHele landet;2024K1;5961249\n",
    )
    df, r = read_unchanged(p)
    assert r.header_row == 3
    assert list(df.columns) == ["OMRÅDE", "TID", "INDHOLD"]
    assert df["INDHOLD"].tolist() == [5961249]


def test_ragged_rows_are_reported_with_line_numbers(tmp_path):
    p = write(tmp_path, "r.csv", "a;b;c\n1;2;3\n4;5\n6;7;8;9\n10;11;12\n")
    df, r = read_unchanged(p)
    assert r.ragged_rows == [3, 4]
    assert r.rows == 4
    assert list(df.columns) == ["a", "b", "c", "extra_1"]
    assert df["extra_1"].tolist()[2] == 9
    assert any("line 3" in w and "line 4" in w for w in r.warnings)


def test_header_only_file_gives_no_rows_and_a_warning(tmp_path):
    p = write(tmp_path, "h.csv", "navn;adresse;postnr\n")
    df, r = read_unchanged(p)
    assert (r.rows, r.columns, r.column_names) == (0, 3, ["navn", "adresse", "postnr"])
    assert any("no rows" in w for w in r.warnings)


def test_numbers_only_first_row_is_data_not_header(tmp_path):
    p = write(tmp_path, "n.csv", "1;2\n3;4\n")
    df, r = read_unchanged(p)
    assert r.header_row is None and r.rows == 2
    assert list(df.columns) == ["column_1", "column_2"]


def test_header_a_field_short_is_still_the_header_and_rows_are_ragged(tmp_path):
    p = write(tmp_path, "w.csv", "a;b\n1;2;3\n4;5;6\n")
    df, r = read_unchanged(p)
    assert r.header_row == 1 and list(df.columns) == ["a", "b", "extra_1"]
    assert r.ragged_rows == [2, 3]


def test_trailing_separator_gives_a_named_empty_column_and_multiline_quotes(tmp_path):
    p = write(tmp_path, "t.csv", 'navn;postnr;\n"Søen; nord";8000;\n"Åen\nlinje 2";8200;\n')
    df, r = read_unchanged(p)
    assert list(df.columns) == ["navn", "postnr", "column_3"]
    assert df["navn"].tolist() == ["Søen; nord", "Åen\nlinje 2"]
    assert df["postnr"].tolist() == [8000, 8200]
    assert any("no name" in w for w in r.warnings)


def test_utf16_unicode_text_from_excel(tmp_path):
    p = tmp_path / "unicode.txt"
    p.write_bytes("navn\tby\r\nSøen\tÅrhus\r\n".encode("utf-16"))
    df, r = read_unchanged(p)
    assert (r.encoding, r.bom, r.separator, r.line_ending) == ("utf-16", True, "\t", "CRLF")
    assert df["by"].tolist() == ["Århus"]


def test_json_content_named_csv_is_read_as_json(tmp_path):
    p = write(tmp_path, "data.csv", json.dumps([{"navn": "Søen"}]))
    df, r = read_unchanged(p)
    assert r.format == "json" and df["navn"].tolist() == ["Søen"]
    assert any("holds JSON" in w for w in r.warnings)


def test_old_mac_cr_line_endings(tmp_path):
    p = write(tmp_path, "cr.csv", "a;b\n1;Søen\n2;Åen\n", newline="\r")
    df, r = read_unchanged(p)
    assert (r.line_ending, r.separator, r.rows) == ("CR", ";", 2)
    assert df["b"].tolist() == ["Søen", "Åen"]


@pytest.mark.parametrize("sep, x", [(";", "5,68598E+05"), (",", "5.68598E+05")])
def test_excels_scientific_form_is_read_as_numbers_and_said(tmp_path, sep, x):
    y = "6,223702E+06" if sep == ";" else "6.223702E+06"
    p = write(tmp_path, "s.csv", f"Navn{sep}X{sep}Y\nA{sep}{x}{sep}{y}\nB{sep}571234{sep}6225702\n")
    df, r = read_unchanged(p)
    assert df["X"].tolist() == [568598.0, 571234.0] and df["Y"].tolist() == [6223702.0, 6225702.0]
    assert r.crs == "EPSG:25832"
    assert any("Excel's scientific form" in w and "'X'" in w for w in r.warnings)


def test_excels_text_formulas_are_read_as_the_text_they_give(tmp_path):
    p = write(tmp_path, "t.csv", 'Id;Navn;Postnr\n="0001";A;="8000"\n="0002";B;8200\n'
              '=HYPERLINK("x");C;="8300"\n')
    df, r = read_unchanged(p)
    assert df["Postnr"].astype(str).tolist() == ["8000", "8200", "8300"]
    assert df["Id"].tolist() == ["0001", "0002", '=HYPERLINK("x")']  # a real formula stays
    assert any("Excel text formulas" in n and "'Postnr'" in n for n in r.notes)


def test_a_workbooks_hyperlinks_behind_read_more_are_read_beside_their_column(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Navn", "Mere info", "Hjemmeside"])
    for k in (1, 2):
        ws.append([f"Shelter {k}", "Læs mere", f"https://aarhus.dk/{k}"])
        ws.cell(row=k + 1, column=2).hyperlink = f"https://aarhus.dk/shelter-{k}"
        ws.cell(row=k + 1, column=3).hyperlink = f"https://aarhus.dk/{k}"  # shows its address
    ws.append(["Shelter 3", "", ""])
    p = tmp_path / "sheltere.xlsx"
    wb.save(p)
    df, r = read_unchanged(p)
    assert list(df.columns) == ["Navn", "Mere info", "Mere info (link)", "Hjemmeside"]
    assert df["Mere info (link)"].tolist()[:2] == ["https://aarhus.dk/shelter-1",
                                                   "https://aarhus.dk/shelter-2"]
    assert df["Mere info (link)"].iloc[2] is None or df["Mere info (link)"].isna().iloc[2]
    assert any("links 2 cell(s)" in n and "'Læs mere'" in n for n in r.notes)


def test_a_group_merged_down_over_rows_is_read_into_each_row(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Område", "Navn", "Koordinater", None])
    ws.merge_cells("C1:D1")  # a header's label over two columns stays the header's
    ws.append([None, None, "X", "Y"])
    for area, name in [("Brabrand", "A"), (None, "B"), (None, "C"), ("Risskov", "D"), (None, "E")]:
        ws.append([area, name, 574000, 6224000])
    ws.merge_cells("A3:A5")
    ws.merge_cells("A6:A7")
    p = tmp_path / "sheltere.xlsx"
    wb.save(p)
    df, r = read_unchanged(p)
    assert df["Område"].tolist() == ["Brabrand"] * 3 + ["Risskov"] * 2
    assert any("Column 'Område': 3 cell(s) are merged" in n for n in r.notes)


def test_topojson_is_named_with_what_to_do(tmp_path):
    doc = {"type": "Topology", "objects": {"sheltere": {"type": "GeometryCollection",
                                                        "geometries": []}}, "arcs": []}
    p = write(tmp_path, "sheltere.json", json.dumps(doc))
    with pytest.raises(ReadError, match="is TopoJSON.*Convert it to GeoJSON"):
        read_table(p)


def test_a_mac_file_is_named_mac_roman_not_a_rare_twin(tmp_path):
    text = "Navn;Beskrivelse\nBænk ved søen;Godt udsyn over åen og Ærø\n" * 5
    p = tmp_path / "mac.csv"
    p.write_bytes(text.encode("mac_roman"))
    df, r = read_unchanged(p)
    assert r.encoding == "mac-roman" and df["Navn"].iloc[0] == "Bænk ved søen"


def test_excel_sep_hint_line_names_the_separator_and_is_skipped(tmp_path):
    p = write(tmp_path, "s.csv", "sep=;\na;b\n1,5;2\n", newline="\r\n")
    df, r = read_unchanged(p)
    assert r.separator == ";" and list(df.columns) == ["a", "b"] and r.header_row == 2
    assert any("sep=;" in n for n in r.notes)


def test_separator_can_be_given(tmp_path):
    p = write(tmp_path, "s.csv", "a,b;c\n1,2;3\n")
    df, r = read_unchanged(p, sep=",")
    assert r.separator == "," and list(df.columns) == ["a", "b;c"]


# --------------------------------------------------------------------------- coordinates


def test_epsg25832_xy_columns(tmp_path):
    p = write(tmp_path, "xy.csv", "navn;X_KOORD;Y_KOORD\nA;575000,5;6225000,25\nB;720000;6180000\n")
    df, r = read_unchanged(p)
    assert r.crs == "EPSG:25832"
    assert r.coordinate_columns == ["X_KOORD", "Y_KOORD"]


def test_wgs84_lat_lon_columns_and_swapped_ones(tmp_path):
    ok = write(tmp_path, "ok.csv", "navn,lat,lon\nA,56.15,10.2\nB,55.68,12.57\n")
    assert read_unchanged(ok)[1].crs == "EPSG:4326"
    sw = write(tmp_path, "sw.csv", "navn,lat,lon\nA,10.2,56.15\nB,12.57,55.68\n")
    _, r = read_unchanged(sw)
    assert r.crs == "EPSG:4326"
    assert any("swapped" in w for w in r.warnings)


def test_web_mercator_and_outside_denmark(tmp_path):
    wm = write(tmp_path, "wm.csv", "x,y\n1135000.5,7590000.5\n1400000.5,7480000.5\n")
    assert read_unchanged(wm)[1].crs == "EPSG:3857"
    far = write(tmp_path, "far.csv", "x,y\n1.5,2.5\n3.5,4.5\n")
    _, r = read_unchanged(far)
    assert r.crs is None
    assert any("not inside Denmark" in w for w in r.warnings)


# --------------------------------------------------------------------------- Excel


def _workbook(path: Path, sheets: dict[str, list[list]]):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


TWO_SHEETS = {
    "Legepladser": [
        ["Odense Kommune: legepladser"],
        [],
        ["Nr", "Navn", "Kode", "X", "Y"],
        [1, "Ærøparken", "0461", 588000.5, 6140000.5],
        [2, "Søparken", "0461", 589000, 6141000],
    ],
    "Om data": [["felt", "betydning"], ["Nr", "løbenummer"]],
}


def test_xlsx_with_two_sheets_reads_the_first_and_warns(tmp_path):
    p = _workbook(tmp_path / "lege.xlsx", TWO_SHEETS)
    df, r = read_unchanged(p)
    assert (r.format, r.sheets, r.sheet, r.header_row) == (
        "xlsx",
        ["Legepladser", "Om data"],
        "Legepladser",
        3,
    )
    assert df["Kode"].tolist() == ["0461", "0461"]
    assert df["Nr"].tolist() == [1, 2]
    assert r.crs == "EPSG:25832"
    assert any("2 sheets" in w for w in r.warnings)


def test_a_one_column_cover_sheet_first_points_to_the_next_sheet(tmp_path):
    sheets = {"Forside": [["Legepladser i Odense"], ["Kilde: Odense Kommune"]], **TWO_SHEETS}
    _, r = read_unchanged(_workbook(tmp_path / "f.xlsx", sheets))
    assert r.sheet == "Forside"
    assert any("try sheet='Legepladser'" in w for w in r.warnings)


def test_xlsx_sheet_option_and_unknown_sheet(tmp_path):
    p = _workbook(tmp_path / "lege.xlsx", TWO_SHEETS)
    df, r = read_unchanged(p, sheet="Om data")
    assert r.sheet == "Om data" and list(df.columns) == ["felt", "betydning"]
    with pytest.raises(ReadError) as e:
        read_unchanged(p, sheet="Ark1")
    assert e.value.code == "no-such-sheet" and "Legepladser" in str(e.value)


def test_xlsx_named_csv_is_read_as_xlsx_with_a_warning(tmp_path):
    src = _workbook(tmp_path / "src.xlsx", {"Ark1": [["navn", "antal"], ["Søen", 3]]})
    p = tmp_path / "toiletter.csv"
    p.write_bytes(src.read_bytes())
    df, r = read_unchanged(p)
    assert r.format == "xlsx" and df["navn"].tolist() == ["Søen"]
    assert any("Excel workbook" in w and ".csv" in w for w in r.warnings)


def test_xlsx_formulas_without_saved_results_are_warned(tmp_path):
    p = _workbook(tmp_path / "f.xlsx", {"Ark1": [["a", "b"], [1, "=A2*2"], [2, "=A3*2"]]})
    df, r = read_unchanged(p)
    assert df["b"].isna().all()
    assert any("formulas" in w and "'b'" in w for w in r.warnings)


# --------------------------------------------------------------------------- JSON, GeoJSON


def test_json_records_and_records_under_a_key(tmp_path):
    p = write(
        tmp_path,
        "r.json",
        json.dumps([{"navn": "Søen", "kode": "0101"}, {"navn": "Åen", "kode": "0751"}]),
    )
    df, r = read_unchanged(p)
    assert (r.format, r.rows, df["kode"].tolist()) == ("json", 2, ["0101", "0751"])
    q = write(
        tmp_path,
        "ckan.json",
        json.dumps({"success": True, "result": {"records": [{"a": 1}], "total": 1}}),
    )
    df, r = read_unchanged(q)
    assert df["a"].tolist() == [1] and any("result.records" in n for n in r.notes)


def test_json_that_is_not_a_table(tmp_path):
    p = write(tmp_path, "x.json", json.dumps({"a": 1}))
    with pytest.raises(ReadError) as e:
        read_unchanged(p)
    assert e.value.code == "not-tabular"
    bad = write(tmp_path, "bad.json", '[{"a": 1},')
    with pytest.raises(ReadError) as e:
        read_unchanged(bad)
    assert e.value.code == "bad-json" and "line 1" in str(e.value)


def _feature(props, x, y):
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Point", "coordinates": [x, y]},
    }


def test_geojson_with_latin1_bytes_is_decoded_and_warned(tmp_path):
    doc = {
        "type": "FeatureCollection",
        "features": [
            _feature({"navn": "Legeplads ved Søen"}, 10.2, 56.15),
            _feature({"navn": "Åparken"}, 10.21, 56.16),
        ],
    }
    p = tmp_path / "lege.geojson"
    p.write_bytes(json.dumps(doc, ensure_ascii=False).encode("latin-1"))
    df, r = read_unchanged(p)
    assert r.format == "geojson" and r.encoding == "cp1252"
    assert df["navn"].tolist() == ["Legeplads ved Søen", "Åparken"]
    assert r.crs == "EPSG:4326" and "RFC 7946" in r.crs_source
    assert df["lon"].tolist() == [10.2, 10.21]
    assert any("JSON must be UTF-8" in w for w in r.warnings)


def test_geojson_mostly_utf8_with_one_latin1_value(tmp_path):
    head = '{"type": "FeatureCollection", "features": ['
    f1 = json.dumps(_feature({"navn": "Søen"}, 10.2, 56.15), ensure_ascii=False).encode("utf-8")
    f2 = json.dumps(_feature({"navn": "Åen"}, 10.3, 56.2), ensure_ascii=False).encode("latin-1")
    p = tmp_path / "blandet.geojson"
    p.write_bytes(head.encode() + f1 + b",\n" + f2 + b"]}")
    df, r = read_unchanged(p)
    assert r.encoding == "utf-8" and df["navn"].tolist() == ["Søen", "Åen"]
    assert any("mostly UTF-8" in w and "line 2" in w for w in r.warnings)


def test_geojson_with_a_bom_is_read_and_the_bom_noted(tmp_path):
    doc = {"type": "FeatureCollection", "features": [_feature({"navn": "Søen"}, 10.2, 56.15)]}
    p = tmp_path / "bom.geojson"
    p.write_bytes(b"\xef\xbb\xbf" + json.dumps(doc, ensure_ascii=False).encode())
    df, r = read_unchanged(p)
    assert (r.encoding, r.bom) == ("utf-8-sig", True) and df["navn"].tolist() == ["Søen"]
    assert any("BOM" in n for n in r.notes)


def test_geojson_crs84_member_is_wgs84_without_warning(tmp_path):
    doc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": [_feature({"navn": "A"}, 12.57, 55.68)],
    }
    df, r = read_unchanged(write(tmp_path, "a.geojson", json.dumps(doc)))
    assert r.crs == "EPSG:4326" and r.warnings == []
    assert list(df.columns) == ["navn", "lon", "lat"]


def test_geojson_crs_member_and_25832_without_it(tmp_path):
    doc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}},
        "features": [_feature({"navn": "A"}, 575000, 6225000)],
    }
    df, r = read_unchanged(write(tmp_path, "a.geojson", json.dumps(doc)))
    assert r.crs == "EPSG:25832" and "'crs' member" in r.crs_source
    assert list(df.columns) == ["navn", "x", "y"]
    del doc["crs"]
    _, r = read_unchanged(write(tmp_path, "b.geojson", json.dumps(doc)))
    assert r.crs == "EPSG:25832"
    assert any("RFC 7946" in w for w in r.warnings)


# --------------------------------------------------------------------------- shapefiles


def _shapefile(folder: Path, name="parkering", prj=True, cpg=None, encoding="cp1252"):
    import shapefile

    folder.mkdir(parents=True, exist_ok=True)
    w = shapefile.Writer(str(folder / name), shapeType=shapefile.POINT, encoding=encoding)
    w.field("NAVN", "C", 40)
    w.field("KODE", "C", 4)
    w.field("PLADSER", "N", 6, 0)
    w.point(588000.5, 6140000.5)
    w.record("P-plads ved Søen", "0461", 120)
    w.point(589000.0, 6141000.0)
    w.record("Ærøgade", "0461", 45)
    w.close()
    if prj:
        (folder / f"{name}.prj").write_text(ESRI_25832)
    if cpg:
        (folder / f"{name}.cpg").write_text(cpg)
    return folder / f"{name}.shp"


def test_shapefile_with_prj(tmp_path):
    shp = _shapefile(tmp_path / "shp")
    df, r = read_unchanged(shp)
    assert (r.format, r.crs, r.crs_source) == ("shapefile", "EPSG:25832", "the .prj file")
    assert df["NAVN"].tolist() == ["P-plads ved Søen", "Ærøgade"]
    assert df["KODE"].tolist() == ["0461", "0461"]
    assert df["x"].tolist() == [588000.5, 589000.0]
    assert r.encoding == "cp1252"


def test_shapefile_without_prj_is_reported_and_guessed(tmp_path):
    shp = _shapefile(tmp_path / "shp", prj=False)
    _, r = read_unchanged(shp)
    assert r.crs == "EPSG:25832" and "no .prj" in r.crs_source
    assert any("no .prj file" in w for w in r.warnings)


def test_shapefile_cpg_decides_the_encoding(tmp_path):
    shp = _shapefile(tmp_path / "shp", encoding="utf-8", cpg="UTF-8")
    df, r = read_unchanged(shp)
    assert r.encoding == "utf-8" and "cpg" in r.encoding_how
    assert df["NAVN"][0] == "P-plads ved Søen"


def test_shapefile_from_zip_and_folder(tmp_path):
    shp = _shapefile(tmp_path / "shp")
    z = tmp_path / "parkering.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for part in shp.parent.iterdir():
            zf.write(part, f"data/{part.name}")
    df, r = read_unchanged(z)
    assert (r.rows, r.crs, r.sheets) == (2, "EPSG:25832", ["parkering"])
    df2, r2 = read_unchanged(shp.parent)
    assert r2.rows == 2 and df2["NAVN"].tolist() == df["NAVN"].tolist()


def test_shapefile_field_named_x_is_kept_beside_the_geometry(tmp_path):
    import shapefile

    w = shapefile.Writer(str(tmp_path / "p"), shapeType=shapefile.POINT)
    w.field("x", "C", 10)
    w.point(588000.5, 6140000.5)
    w.record("egen x")
    w.close()
    df, r = read_unchanged(tmp_path / "p.shp")
    assert df["x"].tolist() == ["egen x"]
    assert r.coordinate_columns == ["x_geometry", "y"]
    assert df["x_geometry"].tolist() == [588000.5]


def test_unknown_cpg_falls_back_to_detection(tmp_path):
    shp = _shapefile(tmp_path / "shp", cpg="NOT-AN-ENCODING")
    df, r = read_unchanged(shp)
    assert r.encoding == "cp1252" and df["NAVN"][0] == "P-plads ved Søen"
    assert any(".cpg" in w for w in r.warnings)


# --------------------------------------------------------------------------- bad input


def test_missing_path(tmp_path):
    with pytest.raises(ReadError) as e:
        read_table(tmp_path / "nope.csv")
    assert e.value.code == "not-found" and "nope.csv" in str(e.value)
    assert isinstance(e.value, ValueError)


def test_directory_without_shapefile(tmp_path):
    with pytest.raises(ReadError) as e:
        read_unchanged(tmp_path)
    assert e.value.code == "is-directory" and "folder" in str(e.value)


@pytest.mark.parametrize("content", [b"", b"\r\n  \n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path, content):
    p = tmp_path / "tom.csv"
    p.write_bytes(content)
    with pytest.raises(ReadError) as e:
        read_unchanged(p)
    assert e.value.code == "empty-file" and "'tom.csv' is empty" in str(e.value)


@pytest.mark.parametrize(
    "content, words",
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        (b"navn;by\n\x00\x00\x01\x02\x03\x04\x05\x06\x07" * 50, "binary data"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel"),
    ],
)
def test_binary_file_named_csv(tmp_path, content, words):
    p = tmp_path / "data.csv"
    p.write_bytes(content)
    with pytest.raises(ReadError) as e:
        read_unchanged(p)
    assert e.value.code == "not-tabular" and words in str(e.value) and "'data.csv'" in str(e.value)


def test_unclosed_quote_names_the_line_but_a_lone_inch_mark_is_fine(tmp_path):
    p = write(tmp_path, "q.csv", 'navn;postnr\nA;1\n"Søen;8000\nÅen;8200\n')
    with pytest.raises(ReadError) as e:
        read_unchanged(p)
    assert e.value.code == "not-tabular" and "line 3" in str(e.value) and "quote" in str(e.value)
    ok = write(tmp_path, "tv.csv", 'navn;note\nTV;5" skærm\n')
    assert read_unchanged(ok)[0]["note"].tolist() == ['5" skærm']


def test_a_web_address_is_not_a_file():
    with pytest.raises(ReadError) as e:
        read_table("https://admin.opendata.dk/dataset/x.csv")
    assert e.value.code == "not-found" and "Download the file first" in str(e.value)


def test_unreadable_path(tmp_path, monkeypatch):
    p = write(tmp_path, "hemmelig.csv", "a;b\n1;2\n")
    if os.geteuid() != 0:
        p.chmod(0)
    else:  # root reads everything; pretend the permission check failed
        monkeypatch.setattr("oddk.read.os.access", lambda *a: False)
    try:
        with pytest.raises(ReadError) as e:
            read_table(p)
    finally:
        p.chmod(0o644)
    assert e.value.code == "permission-denied" and "'hemmelig.csv'" in str(e.value)


# --------------------------------------------------------------------------- CLI

REPORT_KEYS = {
    "encoding",
    "bom",
    "separator",
    "decimal",
    "rows",
    "columns",
    "crs",
    "warnings",
    "sheets",
    "header_row",
    "encoding_confidence",
    "format",
}


def test_cli_json_report(tmp_path, capsys):
    p = write(tmp_path, "t.csv", "navn;beløb\nSøen;1.234,50\n", "cp1252")
    assert cli_main(["read", str(p), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert REPORT_KEYS <= set(out)
    assert (out["encoding"], out["separator"], out["decimal"], out["rows"], out["columns"]) == (
        "cp1252",
        ";",
        ",",
        1,
        2,
    )


def test_cli_plain_text_and_sheet(tmp_path, capsys):
    p = _workbook(tmp_path / "lege.xlsx", TWO_SHEETS)
    assert cli_main(["read", str(p), "--sheet", "Om data"]) == 0
    out = capsys.readouterr().out
    assert "Sheets" in out and "read: Om data" in out and "1 row x 2 columns" in out


@pytest.mark.parametrize("kind", ["missing", "empty", "binary"])
def test_cli_exit_2_with_plain_words_for_what_is_not_a_table(tmp_path, capsys, kind):
    p = tmp_path / "fil.csv"
    if kind == "empty":
        p.write_bytes(b"")
    elif kind == "binary":
        p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert cli_main(["read", str(p), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "fil.csv" in captured.err and "Traceback" not in captured.err


def test_cli_runs_as_a_command(tmp_path):
    import subprocess
    import sys

    p = tmp_path / "tom.csv"
    p.write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "-m", "oddk.cli", "read", str(p)], capture_output=True, text=True
    )
    assert done.returncode == 2 and "is empty" in done.stderr and "Traceback" not in done.stderr


# --------------------------------------------------------------------------- datasets/

FILES_YAML = ROOT / "datasets" / "files.yaml"


def _dataset_entries():
    if not FILES_YAML.exists():
        return []
    import yaml

    entries = yaml.safe_load(FILES_YAML.read_text(encoding="utf-8"))["files"]
    return [
        e
        for e in entries
        if e.get("format")
        not in ("shapefile-dbf", "shapefile-shx", "shapefile-prj", "shapefile-cpg")
    ]


@pytest.mark.skipif(not FILES_YAML.exists(), reason="datasets/files.yaml is not there yet")
@pytest.mark.parametrize("entry", _dataset_entries(), ids=lambda e: e["path"])
def test_every_dataset_is_read_as_its_card_says(entry):
    path = ROOT / "datasets" / entry["path"]
    df, r = read_unchanged(path)
    if "encoding" in entry:
        expected = entry["encoding"]
        if expected.replace("_", "-").lower() in ("utf-8", "utf8") and entry.get("bom"):
            expected = "utf-8-sig"
        assert r.encoding == expected, f"{entry['path']}: encoding"
    if "bom" in entry:
        assert r.bom == entry["bom"]
    if "separator" in entry:
        assert r.separator == entry["separator"]
    if entry.get("decimal") == "," or r.decimal is not None:
        assert r.decimal == entry.get("decimal")
    if entry.get("thousands"):
        assert r.thousands == entry["thousands"]
    for key in ("rows", "header_row", "line_ending", "sheets"):
        if key in entry:
            assert getattr(r, key) == entry[key], f"{entry['path']}: {key}"
    if "header" in entry:
        assert r.column_names[: len(entry["header"])] == entry["header"]
    if "crs" in entry:
        assert r.crs == entry["crs"].split(" ")[0]


BAD_YAML = ROOT / "datasets" / "bad" / "expected.yaml"
READER_CODES = {"not-tabular", "empty-file", "encoding-not-utf8", "ragged-rows", "duplicate-column"}


def _bad_entries():
    if not BAD_YAML.exists():
        return []
    import yaml

    entries = yaml.safe_load(BAD_YAML.read_text(encoding="utf-8"))["files"]
    return [
        e
        for e in entries
        if READER_CODES & set(e.get("expect", [])) or "sheets" in e or "swapped" in e["defect"]
    ]


@pytest.mark.skipif(not BAD_YAML.exists(), reason="datasets/bad/expected.yaml is not there yet")
@pytest.mark.parametrize("entry", _bad_entries(), ids=lambda e: e["path"])
def test_every_bad_dataset_gets_a_plain_words_answer(entry):
    """The defects the reader itself must name (the readiness check names the rest)."""
    path = ROOT / "datasets" / entry["path"]
    expect = set(entry.get("expect", []))
    fatal = {"not-tabular", "empty-file"} & expect
    if fatal and "actual_format" not in entry:
        try:
            _, r = read_unchanged(path)
        except ReadError as e:
            assert e.code in fatal
            assert path.name in str(e)
            return
        assert r.rows == 0 and any("no rows" in w for w in r.warnings)  # header only
        return
    _, r = read_unchanged(path)
    if "actual_format" in entry:
        assert r.format == entry["actual_format"] and any(path.suffix in w for w in r.warnings)
    if "encoding-not-utf8" in expect:
        assert r.encoding not in ("utf-8", "utf-8-sig") or any("UTF-8" in w for w in r.warnings)
        for line in entry.get("lines", []):
            assert any(f"line {line}" in w for w in r.warnings)
    if "ragged-rows" in expect:
        assert r.ragged_rows == entry["lines"]
    if "duplicate-column" in expect:
        for col in entry["columns"]:
            assert any(f"'{col}' appears more than once" in w for w in r.warnings)
    if "sheets" in entry:
        assert r.sheets == entry["sheets"]
        assert any("sheets" in w for w in r.warnings)
    if "swapped" in entry["defect"]:
        assert any("swapped" in w for w in r.warnings)


@pytest.mark.parametrize(
    "last, kind, warned",
    [
        ("10000", "integer", None),
        ("0751", "text", "leading zeros"),  # a code far down keeps the whole column as text
        ("+7", "integer", None),
        ("1234567890123456789", "text", None),  # too long for a whole number: an id
        ("12,5", "text", "mostly numbers"),
        ("12.5", "text", "mostly numbers"),  # the decimal mark is learnt from the first lines
    ],
)
def test_a_long_column_is_typed_by_all_its_values_not_its_first(tmp_path, last, kind, warned):
    p = tmp_path / "lang.csv"
    rows = [f"{i};Sted {i}" for i in range(1, 20_000)] + [f"{last};Sted x"]
    p.write_text("nummer;navn\n" + "\n".join(rows) + "\n", "utf-8")
    df, report = read_table(p)
    assert report.types["nummer"] == kind and report.types["navn"] == "text"
    found = [w for w in report.warnings if "'nummer'" in w]
    assert (warned in found[0]) if warned else not found, found


@pytest.mark.parametrize("data", [
    "Søren Ærø på Å".encode("cp1252"), "S°en – “citat” 12 €".encode("cp1252"),
    "øst".encode("cp1252") + b"\x81\x9d", "Århus".encode("cp850"), b"\xe6", b"a\xb0b \xb0",
    "Frederiksberg ½ time".encode("latin-1") + b"\x85\x96"])
def test_the_code_page_scores_by_byte_are_the_scores_of_the_decoded_text(data):
    """The encoding guess scores a code page by a table per byte; that is the text rule
    (`danish_share`) asked of the decoded text, for every code page that decodes the bytes."""
    from oddk.read_detect import _single_byte_scores, danish_share

    scores, has_c1 = _single_byte_scores(data)
    for codec in ("cp1252", "latin-1", "cp850"):
        try:
            expected = danish_share(data.decode(codec))
        except UnicodeDecodeError:
            expected = None
        assert scores.get(codec) == pytest.approx(expected) if expected is not None \
            else codec not in scores
    assert has_c1 == any(0x80 <= b <= 0x9F for b in data)


def test_the_records_of_text_without_quotes_are_the_csv_modules_records():
    """Text without quotes is split into records with numpy: the same widths, line numbers
    and first rows as the csv module gives, on blank lines, lines of spaces, CRLF, a missing
    last line break and random text; quotes and lone carriage returns go to the csv module."""
    import random

    from oddk.read_csv import _records_limited, _records_unquoted

    rng = random.Random(3)
    parts = ["a", "b", ";", ",", "\n", "\r\n", " ", "\t", "æ", "1", "  \n", "\n\n", "\u00a0\n",
             "\x0b", "\x0c\n", "\u2028", "\x85"]
    texts = ["id;navn\n1;Århus\n\n  \n2;Køge", "a,b\r\nc,d\r\n", "x\n\ny\n", "a;b;c\n1;2\n"]
    texts += ["".join(rng.choice(parts) for _ in range(rng.randint(1, 40))) for _ in range(2000)]
    compared = 0
    for text in texts:
        for sep in (";", ",", "\t"):
            fast = _records_unquoted(text, sep, 2)
            if fast is not None:
                assert fast == _records_limited(Path("t.csv"), text, sep, 2), repr(text)
                compared += 1
    assert compared > 3000
    assert _records_unquoted('a;"b"\n', ";", 0) is None
    assert _records_unquoted("a;b\rc;d\n", ";", 0) is None


def test_a_byte_windows_1252_does_not_define_rules_it_out_wherever_it_stands():
    """Past the characters the Danish score looks at, a byte undefined in Windows-1252
    (0x81) still rules it out: the guess must decode the whole file."""
    data = b"navn;by\n" + "Søen;Åen “x”\n".encode("cp1252") * 7000 + b"a\x81b;c\n"
    guess = detect_encoding(data)
    assert guess.codec != "cp1252"
    data.decode(guess.codec)  # the guess reads every byte


@pytest.mark.parametrize("data, letters", [
    ("Århus".encode(), True), ("Århus".encode("cp1252"), False), (b"\xe0\x80\x80 S\xf8en", False),
    (b"\xed\xa0\x80 S\xf8en", False), ("€ 5".encode(), False), ("x€ og ø".encode(), True)])
def test_utf8_letters_are_told_from_utf8_shaped_bytes_that_are_not_letters(data, letters):
    from oddk.read_detect import _utf8_letters

    assert _utf8_letters(data) is letters


def test_a_header_in_two_rows_is_read_as_one_in_a_workbook_and_a_csv(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Navn", "Beskrivelse", "Placering (UTM32)", None])
    ws.merge_cells("C1:D1")
    ws.append([None, None, "X", "Y"])
    ws.append(["Hundeskov 1", "Ved søen", 524401.17, 6260497.57])
    ws.append(["Hundeskov 2", "Skov", 522558.15, 6257981.46])
    xlsx = tmp_path / "hundeskove.xlsx"
    wb.save(xlsx)
    csv = tmp_path / "hundeskove.csv"
    csv.write_text("Navn;Beskrivelse;Placering (UTM32);\n;;X;Y\nHundeskov 1;Ved søen;524401,17;"
                   "6260497,57\nHundeskov 2;Skov;522558,15;6257981,46\n", encoding="utf-8")
    for path, word in ((xlsx, "Rows"), (csv, "Lines")):
        df, report = read_table(path)
        assert list(df.columns) == ["Navn", "Beskrivelse", "X", "Y"], path.name
        assert list(df["X"]) == [524401.17, 522558.15]
        assert report.crs == "EPSG:25832"
        assert f"{word} 1 and 2 are one header in two rows ('Placering (UTM32)' over 'X', " \
               "'Y')" in report.notes[0]


def test_a_row_below_the_header_with_a_value_under_a_named_column_is_data(tmp_path):
    csv = tmp_path / "baenke.csv"
    csv.write_text("Navn;Type;;Note\nBænk 1;Træ;x;\nBænk 2;Metal;;Ny\n", encoding="utf-8")
    df, report = read_table(csv)
    assert len(df) == 2 and not any("two rows" in n for n in report.notes)


def test_a_second_table_on_the_sheet_leaves_its_title_and_header_out(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Navn", "Pladser", "X", "Y"])
    ws.append(["P-plads Kærgården", 42, 578061.53, 6225821.07])
    ws.append([None] * 4)
    ws.append(["Private P-pladser med offentlig adgang"])
    ws.append(["Navn", "Pladser", "X", "Y"])
    ws.append(["P-pladsen Havnefronten", 37, 575861.35, 6226323.62])
    src = tmp_path / "aarhus-parkering.xlsx"
    wb.save(src)
    df, report = read_table(src)
    assert list(df["Navn"]) == ["P-plads Kærgården", "P-pladsen Havnefronten"]
    assert list(df["Pladser"]) == [42, 37]
    assert "Row 5 repeats the column names" in report.warnings[0]
    assert "Row 4, above the repeated names, is a title (of a second table?)" in \
        report.warnings[1]


def test_the_header_again_in_another_language_is_left_out_but_a_row_of_words_is_data(tmp_path):
    src = tmp_path / "badesteder.csv"
    src.write_text("Navn;Postnr;Breddegrad;Længdegrad\nName;Postcode;Latitude;Longitude\n"
                   "Badestrand Øst;3000;56,019012;12,645760\nBadested Vest;3020;56,002793;"
                   "12,562068\n", encoding="utf-8")
    df, report = read_table(src)
    assert list(df["Navn"]) == ["Badestrand Øst", "Badested Vest"]
    assert report.crs == "EPSG:4326"
    assert "Line 2 holds names too, not data (the header again, in another language?)" in \
        report.warnings[0]
    for first in ("Legeplads;ukendt;Ny", "Parken;mangler;mangler", "Havnen;Toilet;Ny"):
        src.write_text(f"Navn;X;Y\n{first}\nBænk;3;4\nBord;4;5\n", encoding="utf-8")
        df, report = read_table(src)
        assert list(df["Navn"]) == [first.split(";")[0], "Bænk", "Bord"], first


def test_a_row_of_words_under_a_header_with_an_unnamed_column_is_data(tmp_path):
    src = tmp_path / "steder.csv"
    src.write_text("Sted;Type;\n;Toilet;Havnen\n;Bænk;Parken\n", encoding="utf-8")
    df, _ = read_table(src)
    assert list(df.columns) == ["Sted", "Type", "column_3"] and len(df) == 2


def test_a_header_in_two_lines_with_a_blank_line_between_names_both_lines(tmp_path):
    src = tmp_path / "hundeskove.csv"
    src.write_text("Navn;Placering (UTM32);\n\n;X;Y\nA;524401;6260497\n", encoding="utf-8")
    _, report = read_table(src)
    assert "Lines 1 and 3 are one header in two rows" in report.notes[0]


def test_a_row_without_values_above_a_repeated_header_is_data_without_a_gap(tmp_path):
    src = tmp_path / "toiletter.csv"
    src.write_text("Navn;Type;X;Y\nParken;Toilet;575000;6225000\nHavnen;;;\nNavn;Type;X;Y\n"
                   "Skolen;Toilet;576000;6226000\n", encoding="utf-8")
    df, report = read_table(src)
    assert list(df["Navn"]) == ["Parken", "Havnen", "Skolen"]
    assert not any("title" in w for w in report.warnings)


def test_clock_times_are_no_numbers_with_leading_zeros_but_codes_are(tmp_path):
    src = tmp_path / "toiletter.csv"
    src.write_text("Navn;Åbner;Kode\nA;08:00:00;0101\nB;07:30:00;0147\n", encoding="utf-8")
    df, report = read_table(src)
    said = " ".join(report.warnings)
    assert "'Åbner'" not in said and "Column 'Kode' holds numbers with leading zeros" in said
    assert list(df["Åbner"]) == ["08:00:00", "07:30:00"]
