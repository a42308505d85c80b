"""oddk.standards: the GeoFA facility-points Table Schema, mapping suggestion, the mapping
file, application, validation, the CLI, and the widget mapper's Python side.

The promise of issue 6: for every synthetic municipal facility file in datasets/, the
suggested mapping, saved and replayed headless, gives exactly the answer key."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from oddk import standards
from oddk.cli import main as oddk_main
from oddk.paths import datasets_dir
from oddk.read import read_table

FACILITIES = datasets_dir() / "facilities"
SOURCES = sorted(p for p in FACILITIES.glob("*-synthetic.*") if p.suffix not in (".shx", ".dbf"))
KEY = FACILITIES / "answer-key"


def _digest(path: Path) -> str:
    files = [path] + (
        [path.with_suffix(s) for s in (".shx", ".dbf")] if path.suffix == ".shp" else []
    )
    return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()


def test_every_source_file_has_an_answer_key():
    assert len(SOURCES) == 8
    for src in SOURCES:
        assert (KEY / f"{src.stem}.csv").is_file() and (KEY / f"{src.stem}.geojson").is_file()


@pytest.mark.parametrize("src", SOURCES, ids=[p.stem for p in SOURCES])
def test_suggested_mapping_saved_and_replayed_gives_exactly_the_answer_key(src, tmp_path):
    before = _digest(src)
    df, report = read_table(src)
    mapping = standards.suggest_mapping(df, report, source=src)
    saved = standards.save_mapping(mapping, tmp_path / "mapping.yaml")
    replayed = standards.standardise(src, mapping=saved)
    assert replayed.problems.empty and replayed.valid
    for suffix in (".csv", ".geojson"):
        out = standards.write_standard(replayed.table, tmp_path / f"out{suffix}")
        assert out.read_bytes() == (KEY / f"{src.stem}{suffix}").read_bytes(), (
            f"{src.name} → {suffix}"
        )
    assert _digest(src) == before, "the input file must never change"


@pytest.mark.parametrize("src", SOURCES, ids=[p.stem for p in SOURCES])
def test_cli_replays_the_suggested_mapping_to_the_answer_key(src, tmp_path, capsys):
    mapping = tmp_path / "m.yaml"
    assert oddk_main(["standardise", str(src), "--suggest-only", "--out", str(mapping)]) == 0
    out = tmp_path / "out.geojson"
    assert oddk_main(["standardise", str(src), "--mapping", str(mapping), "--out", str(out)]) == 0
    assert out.read_bytes() == (KEY / f"{src.stem}.geojson").read_bytes()


def test_answer_keys_are_valid_against_the_table_schema():
    for key in sorted(KEY.glob("*.csv")):
        assert standards.validate_file(key).empty, key.name


def test_schema_code_lists_hold_the_codes_of_geofa_koder_csv():
    schema = standards.load_schema("geofa-facility")
    enums = {f["name"]: f.get("constraints", {}).get("enum") for f in schema["fields"]}
    koder = pd.read_csv(FACILITIES / "geofa-koder.csv")
    for felt, kode in zip(koder["felt"], koder["kode"], strict=True):
        assert int(kode) in enums[felt], f"{felt} {kode}"
    required = [f["name"] for f in schema["fields"] if f.get("constraints", {}).get("required")]
    assert required == ["cvr_kode", "facil_ty_k", "x", "y"]
    assert [f["name"] for f in schema["fields"]] == standards.COLUMNS


@pytest.mark.parametrize(
    "profile,allowed,refused",
    [
        ("geofa-facility-toilet", 1012, 1031),
        ("geofa-facility-playground", 1041, 1012),
        ("geofa-facility-parking", 1162, 1371),
        ("geofa-facility-bench", 1371, 1351),
    ],
)
def test_profiles_allow_only_their_facility_types(profile, allowed, refused):
    head = standards.COLUMNS
    row = ["55133018", "", "Bænk", "", "", "", "", "", "8000", "", "575000.00", "6224000.00"]
    ok = standards.validate_rows([head, [row[0], str(allowed), *row[2:]]], profile)
    bad = standards.validate_rows([head, [row[0], str(refused), *row[2:]]], profile)
    assert ok.empty and bad["field"].tolist() == ["facil_ty_k"]


def test_the_bad_geofa_file_gets_one_row_level_error_per_defect():
    errors = standards.validate_file(datasets_dir() / "bad" / "geofa-skemafejl-synthetic.csv")
    found = set(zip(errors["row"], errors["field"], strict=True))
    assert found == {
        (2, "facil_ty_k"),
        (2, "handicap_k"),
        (3, "doegnaab_k"),
        (3, "x"),
        (3, "y"),
        (4, "cvr_kode"),
        (4, "antal_pl"),
        (4, "postnr"),
    }


def test_facility_type_by_code_or_danish_name():
    assert standards.facility_code("Legeplads") == standards.facility_code("1031") == 1031
    assert (
        standards.facility_code("bænk") == 1371
        and standards.facility_code("Parkeringsplads") == 1351
    )
    with pytest.raises(ValueError, match="not the name"):
        standards.facility_code("Legepladz Stor")


@pytest.mark.parametrize("word,code", [
    ("Cykel-P", 1162), ("Cykel-p-plads", 1162),  # bike parking, not a car park or a bike lane
    ("bil-p", 1351), ("Cykelpumpe", 1122), ("Hundeskov/-område", 1191), ("Hundelegeplads", 1191),
    ("Elbil ladestander", 1172), ("Fitness", 4222), ("Petanque", 4132),
    # plural and definite forms, and the words files use beside GeoFA's names
    ("Bålhytter", 3091), ("Bålhytten", 3091), ("Svømmehallen", 4021), ("Udsigtstårne", 2012),
    ("Legepladserne", 1031), ("Bålsted", 1022), ("Drikkevandspost", 1222),
    ("Kano-/kajakplads", 6052),
])
def test_facility_type_words_files_and_people_use(word, code):
    assert standards.facility_code(word) == code


def test_every_municipality_has_a_cvr_number():
    from oddk.reference import municipalities

    assert all(standards.cvr_for_municipality(k) for k in municipalities()["kode"])
    assert standards.cvr_for_municipality(751) == 55133018


def test_source_columns_that_map_to_nothing_are_listed():
    result = standards.standardise(FACILITIES / "aalborg-toiletter-synthetic.csv")
    assert result.unmapped == ["OBJECTID"] and result.mapping["unmapped"] == ["OBJECTID"]


def test_unconvertible_values_are_listed_with_row_numbers(tmp_path):
    src = tmp_path / "legepladser-aarhus.csv"
    src.write_text(
        "navn;handicap;x;y\nA;Ja;575000;6224000\nB;måske;575100;6224100\nC;Nej;abc;6224200\n",
        encoding="utf-8",
    )
    df, report = read_table(src)
    mapping = standards.suggest_mapping(df, report, source=src)
    mapping["fields"]["handicap_k"]["codes"] = {"Ja": 1, "Nej": 3}
    table, problems = standards.apply_mapping(df, mapping)
    assert table["handicap_k"].tolist()[0] == 1 and pd.isna(table["handicap_k"].iloc[1])
    assert list(zip(problems["row"], problems["field"], strict=True)) == [
        (2, "handicap_k"),
        (3, "x, y"),
    ]
    assert "måske" in problems["problem"].iloc[0]


def test_cli_refuses_to_overwrite_and_exits_two_with_plain_words(tmp_path, capsys):
    src = FACILITIES / "aarhus-toiletter-synthetic.csv"
    out = tmp_path / "t.csv"
    out.write_text("keep me", encoding="utf-8")
    assert oddk_main(["standardise", str(src), "--out", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "keep me"
    assert "--force" in capsys.readouterr().err
    assert oddk_main(["standardise", str(src), "--out", str(out), "--force"]) == 0
    assert out.read_bytes() == (KEY / f"{src.stem}.csv").read_bytes()


def test_cli_exits_non_zero_when_the_type_cannot_be_filled(tmp_path, capsys):
    src = datasets_dir() / "mobility" / "aarhus-taellepunkter-synthetic.csv"
    assert oddk_main(["standardise", str(src), "--out", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert "requires facil_ty_k" in err and "--type" in err and "Traceback" not in err
    assert not (tmp_path / "o.csv").exists()
    assert (
        oddk_main(["standardise", str(src), "--type", "Bænk", "--out", str(tmp_path / "o.csv")])
        == 0
    )
    assert set(pd.read_csv(tmp_path / "o.csv")["facil_ty_k"]) == {1371}


def test_cli_type_by_name_overrides_a_missing_type_column(tmp_path):
    src = tmp_path / "ting-ballerup.csv"
    src.write_text("navn,lat,lon\nA,55.73,12.36\n", encoding="utf-8")
    assert (
        oddk_main(
            ["standardise", str(src), "--type", "Legeplads", "--out", str(tmp_path / "o.geojson")]
        )
        == 0
    )
    doc = json.loads((tmp_path / "o.geojson").read_text(encoding="utf-8"))
    assert doc["features"][0]["properties"]["facil_ty_k"] == 1031
    assert doc["features"][0]["properties"]["cvr_kode"] == 58271713


def test_cli_lists_rows_that_break_the_standard_and_exits_one(tmp_path, capsys):
    src = datasets_dir() / "bad" / "geofa-skemafejl-synthetic.csv"
    assert oddk_main(["standardise", str(src), "--out", str(tmp_path / "o.csv")]) == 1
    err = capsys.readouterr().err
    assert "row 2 (line 3): facil_ty_k" in err and "row 4 (line 5): postnr" in err


def test_set_aside_rows_name_the_line_the_file_has_them_on(tmp_path, capsys):
    """Title, blank line, a cell over two lines, a repeated header: the list's line is still
    the one the person finds the row on in an editor."""
    text = ("Toiletter i Kolding;;;\nNavn;Type;X;Y\nA;Toilet;530602,77;6150687,86\n\n"
            '"B ved\nstranden";Toilet;0;0\nNavn;Type;X;Y\nC;Toilet;534340,31;6151169,89\n'
            "D;Toilet;-999;-999\n")
    src = tmp_path / "toiletter.csv"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "o.csv"
    args = ["standardise", str(src), "--type", "Toilet", "--municipality", "Kolding"]
    assert oddk_main([*args, "--out", str(out)]) == 1
    said = capsys.readouterr()
    with open(tmp_path / "o-set-aside.csv", encoding="utf-8", newline="") as f:
        listed = list(csv.DictReader(f))
    assert [(r["row"], r["line"], r["value"]) for r in listed] == [
        ("2", "5", "0, 0"), ("4", "9", "-999, -999")]
    file_lines = text.split("\n")
    assert file_lines[4].startswith('"B ved') and file_lines[8].startswith("D;")
    assert "row 2 (line 5): x, y, value '0, 0'" in said.err
    assert "rows 2, 4 (lines 5, 9)" in said.out  # the reader's word on the missing places


def test_set_aside_rows_of_a_workbook_name_the_sheet_row(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["Toiletter"], [], ["Navn", "X", "Y"], ["A", 530602.77, 6150687.86],
                ["B", 0, 0], ["C", 534340.31, 6151169.89]):
        ws.append(row)
    wb.save(tmp_path / "t.xlsx")
    r = standards.standardise(tmp_path / "t.xlsx", facility_type="Toilet",
                              municipality="Kolding")
    assert r.line_word == "sheet row"
    assert r.set_aside[["row", "line"]].values.tolist() == [[2, 5]]


@pytest.mark.parametrize(
    "name,content,words",
    [
        ("empty.csv", b"", "empty"),
        ("bad-mapping.yaml", None, "not a mapping file"),
    ],
)
def test_cli_bad_input_gets_a_plain_message(tmp_path, capsys, name, content, words):
    src = FACILITIES / "aarhus-toiletter-synthetic.csv"
    args = ["standardise", str(src), "--out", str(tmp_path / "o.csv")]
    if content is not None:
        (tmp_path / name).write_bytes(content)
        args[1] = str(tmp_path / name)
    else:
        (tmp_path / name).write_text("just: text\n", encoding="utf-8")
        args += ["--mapping", str(tmp_path / name)]
    assert oddk_main(args) == 2
    err = capsys.readouterr().err
    assert words in err.lower() and "Traceback" not in err


def test_mapping_naming_a_missing_column_says_which(tmp_path, capsys):
    src = FACILITIES / "aarhus-toiletter-synthetic.csv"
    mapping = standards.suggest_mapping(*read_table(src), source=src)
    mapping["fields"]["navn"]["column"] = "Name"
    path = standards.save_mapping(mapping, tmp_path / "m.yaml")
    assert (
        oddk_main(
            ["standardise", str(src), "--mapping", str(path), "--out", str(tmp_path / "o.csv")]
        )
        == 2
    )
    assert "column 'Name', which the file does not have" in capsys.readouterr().err


def test_output_refuses_datasets_folder():
    table, _ = standards.apply_mapping(*_aarhus_with_mapping())
    with pytest.raises(ValueError, match="inside datasets"):
        standards.write_standard(table, FACILITIES / "should-not-exist.csv")
    assert not (FACILITIES / "should-not-exist.csv").exists()


def _aarhus_with_mapping():
    src = FACILITIES / "aarhus-toiletter-synthetic.csv"
    df, report = read_table(src)
    return df, standards.suggest_mapping(df, report, source=src)


# --------------------------------------------------------------------------- the widget mapper


def _mapper(name="aarhus-toiletter-synthetic.csv"):
    from oddk.standards.mapper import Mapper

    src = FACILITIES / name
    df, report = read_table(src)
    return src, Mapper(df, standards.suggest_mapping(df, report, source=src))


def test_mapper_dropdown_changes_the_mapping_preview_and_messages():
    _, m = _mapper()
    form = m.widget  # built as in the notebook
    assert form is not None and m.messages[0].startswith("All 28 rows")
    m._widgets["beskrivels"].value = "(empty)"  # what a click in the dropdown does
    assert "beskrivels" not in m.mapping["fields"] and m.table["beskrivels"].isna().all()
    m._widgets["facil_ty_k"].value = "(empty)"
    assert any("requires facil_ty_k" in msg for msg in m.messages)
    m._widgets["facil_ty_k:value"].value = 1371
    assert m.mapping["fields"]["facil_ty_k"] == {
        "value": 1371,
        "why": "chosen: the same value for every row",
    }
    assert set(m.table["facil_ty_k"]) == {1371} and m._widgets["facil_ty_k"].value == "(constant)"
    assert "<table" in m._preview.value and "1371" in m._preview.value


def test_mapper_choosing_a_yes_no_column_makes_its_codes():
    _, m = _mapper("kobenhavn-toiletter-synthetic.geojson")
    m.choose("betaling_k", None)
    assert m.table["betaling_k"].isna().all()
    m.choose("betaling_k", "fee")
    assert m.mapping["fields"]["betaling_k"]["codes"] == {"no": 0, "yes": 1}
    with pytest.raises(ValueError, match="no column"):
        m.choose("navn", "Navn")


def test_mapper_choosing_an_opening_time_takes_its_closing_time_too():
    import pandas as pd

    from oddk.standards.mapper import Mapper

    df = pd.DataFrame({"Navn": ["A", "B"], "Åbner": ["00:00", "08:00"],
                       "Lukker": ["24:00", "16:00"], "x": ["574000", "574100"],
                       "y": ["6224000", "6224100"]})
    m = Mapper(df, {"fields": {"facil_ty_k": {"value": 1012}, "navn": {"column": "Navn"},
                               "cvr_kode": {"value": 55133018}},
                    "geometry": {"x": "x", "y": "y", "crs": "EPSG:25832"}})
    assert m.mapping["unmapped"] == ["Åbner", "Lukker"]
    m.choose("doegnaab_k", "Lukker")
    assert m.table["doegnaab_k"].tolist() == [1, 0] and m.mapping["unmapped"] == []


def test_mapper_geometry_in_the_wrong_system_gives_row_level_messages():
    _, m = _mapper()
    m.set_geometry("Længdegrad", "Breddegrad", "EPSG:25832")
    assert len(m.errors) and any(msg.startswith("Row 1, x, y:") and "row left out" in msg
                                 for msg in m.messages)
    assert m.table.empty, "no row has a place in Denmark in that system: nothing to write"


def test_mapper_offers_the_files_own_system_and_builds_for_an_empty_file():
    from oddk.standards.mapper import Mapper

    src = datasets_dir() / "geodata" / "randers-parkering-ed50-synthetic.csv"
    df, report = read_table(src)
    m = Mapper(df, standards.suggest_mapping(df, report, source=src))
    assert m.widget is not None
    assert m._widgets["geometry:crs"].value == "EPSG:23032"
    assert "EPSG:23032" in m._widgets["geometry:crs"].options
    assert Mapper(pd.DataFrame(), {"standard": "geofa-facility", "fields": {}}).widget is not None


def test_a_read_or_mapping_error_shows_its_words_alone_in_a_notebook():
    from oddk.read import ReadError

    err = standards.MappingError("The standard requires facil_ty_k.")
    assert err._render_traceback_() == ["Stopped: The standard requires facil_ty_k."]
    assert ReadError("empty-file", "a.csv", "'a.csv' is empty.")._render_traceback_() == [
        "Stopped: 'a.csv' is empty."]


@pytest.mark.notebook
def test_mapping_saved_from_the_widget_replays_the_same_under_papermill(tmp_path):
    from oddk.execute import execute
    from oddk.paths import kit_root
    from oddk.runs import Run

    src, m = _mapper()
    assert m.widget is not None
    m._widgets["beskrivels"].value = "(empty)"  # an edit, so the output differs from the suggestion
    m._widgets["handicap_k"].value = "Betaling"
    saved = m.save(tmp_path / "from-widget.yaml")
    expected = standards.csv_text(m.table)
    assert expected != (KEY / f"{src.stem}.csv").read_text(encoding="utf-8")
    run = Run(
        "notebooks/04-standardise.ipynb",
        "widget-mapping",
        {"source": str(src), "mapping_file": str(saved)},
        [],
    )
    execute(run, kit_root(), tmp_path / "run.ipynb", env={"ODDK_OUTPUT": str(tmp_path / "output")})
    written = tmp_path / "output" / "04-standardise" / f"{src.stem}-geofa.csv"
    assert written.read_text(encoding="utf-8") == expected


# --------------------------------------------------------------------------- the national layer


def test_national_toilet_layer_holds_every_facility_once_inside_denmark():
    from oddk.reference import municipalities

    names = [
        "aarhus-toiletter-synthetic.csv",
        "kobenhavn-toiletter-synthetic.geojson",
        "aalborg-toiletter-synthetic.csv",
        "ballerup-toiletter-synthetic.csv",
    ]
    layers = [standards.standardise(FACILITIES / n) for n in names]
    national = pd.concat([r.table for r in layers], ignore_index=True)
    keys = pd.concat(
        [pd.read_csv(KEY / f"{Path(n).stem}.csv", dtype=str, keep_default_na=False) for n in names],
        ignore_index=True,
    )
    assert len(national) == len(keys) == sum(len(r.source) for r in layers) == 97
    assert not national.duplicated().any() and not national.duplicated(["cvr_kode", "navn"]).any()
    assert not national.duplicated(["x", "y"]).any()
    doc = standards.geojson_doc(national)
    lon = pd.Series([f["geometry"]["coordinates"][0] for f in doc["features"]])
    lat = pd.Series([f["geometry"]["coordinates"][1] for f in doc["features"]])
    assert lon.between(8.0, 15.2).all() and lat.between(54.55, 57.75).all()
    # each point lies near its own municipality's main town (within the generator's 6 km)
    towns = municipalities().set_index("kode")
    kode = national["cvr_kode"].map(
        {standards.cvr_for_municipality(k): k for k in (751, 101, 851, 151)}
    )
    dx = (lon - kode.map(towns["lon"])) * 111_320 * 0.56
    dy = (lat - kode.map(towns["lat"])) * 110_574
    assert ((dx**2 + dy**2) ** 0.5 < 7_000).all()


def test_suggest_only_writes_an_incomplete_mapping_that_replays_once_filled(tmp_path, capsys):
    import yaml

    src = datasets_dir() / "mobility" / "aarhus-taellepunkter-synthetic.csv"
    target = tmp_path / "points.yaml"
    assert oddk_main(["standardise", str(src), "--suggest-only", "--out", str(target)]) == 0
    assert (
        "Fill these required fields in it before replaying: facil_ty_k." in capsys.readouterr().out
    )
    mapping = yaml.safe_load(target.read_text(encoding="utf-8"))
    mapping["fields"]["facil_ty_k"] = {"value": 1371}  # what a person adds by hand
    target.write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "points.csv"
    assert oddk_main(["standardise", str(src), "--mapping", str(target), "--out", str(out)]) == 0
    assert len(pd.read_csv(out)) == 24


def test_coordinates_are_rounded_to_the_centimetre_exactly_as_the_csv_writes_them():
    """x, y kept as the CSV's '%.2f' reads back: halves, negative halves, numbers just off a
    half, and huge, infinite and missing values alike."""
    import numpy as np

    from oddk.standards.apply import to_cents

    rng = np.random.default_rng(7)
    v = np.concatenate([rng.uniform(440_000, 900_000, 50_000),
                        np.round(rng.uniform(-1000, 1000, 50_000), 3),
                        [0.125, 0.375, 2.675, 1.005, -0.125, -2.675, 572335.025, 0.005,
                         np.nextafter(0.125, 1), 1e17, -0.0, np.nan, np.inf]])
    expected = np.array([f"{x:.2f}" for x in v], dtype=float)
    got = to_cents(v)
    assert ((got == expected) | (np.isnan(got) & np.isnan(expected))).all()


def test_the_standard_csv_quotes_only_what_needs_quotes_and_reads_back_the_same():
    """csv_text writes a cell with a comma, a quote or a line break in quotes (quotes
    doubled), every other cell bare, and the csv module reads back every value."""
    import csv
    import io

    from oddk.standards.apply import COLUMNS

    names = ["Toilet, Havnen", 'Det "gamle" toilet', "Linje\nto", "Vognmandsvej"]
    out = pd.DataFrame({c: [None] * len(names) for c in COLUMNS})
    out["navn"] = names
    out["x"], out["y"] = [552542.83, 552542.8, None, 1.0], [6321305.32, 6321305.0, None, 2.0]
    text = standards.csv_text(out)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(COLUMNS) and len(rows) == len(names) + 1
    col = rows[0].index("navn")
    assert [r[col] for r in rows[1:]] == names
    assert [(r[rows[0].index("x")], r[rows[0].index("y")]) for r in rows[1:]] == [
        ("552542.83", "6321305.32"), ("552542.80", "6321305.00"), ("", ""), ("1.00", "2.00")]
    assert "Vognmandsvej" in text and '"Vognmandsvej"' not in text
    assert '"Det ""gamle"" toilet"' in text
