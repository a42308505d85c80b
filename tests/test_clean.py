"""oddk.clean: Danish numbers, dates, periods, municipalities, regions, empties, ids,
coordinates and the wide Statistics Denmark export; every helper lists what it could not
convert, with row numbers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from oddk import clean
from oddk.paths import datasets_dir
from oddk.read import read_table

D = datasets_dir()


def test_decimal_comma_and_thousands_separator_become_numbers():
    values, problems = clean.parse_number(["1.234,50", "-40,00", "12", "1.234.567", " 66.978,19 "])
    assert values.tolist() == [1234.5, -40.0, 12.0, 1234567.0, 66978.19]
    assert problems.empty


def test_number_in_the_other_notation_or_words_are_listed_with_rows():
    values, problems = clean.parse_number(["12,5", "12.5", "ukendt", "-"])
    assert values.iloc[0] == 12.5 and math.isnan(values.iloc[1]) and math.isnan(values.iloc[3])
    assert problems["row"].tolist() == [2, 3]
    assert "decimal mark" in problems["problem"].iloc[0]


def test_decimal_point_files_read_commas_as_thousands():
    values, problems = clean.parse_number(["1,845", "3.5"], decimal=".")
    assert values.tolist() == [1845.0, 3.5] and problems.empty


def test_ids_stored_as_floats_become_whole_numbers_and_fractions_are_reported():
    values, problems = clean.parse_id(["1,0", "2.0", 3.0, "4,5", "x"])
    assert values.tolist()[:3] == [1, 2, 3] and values.dtype == "Int64"
    assert problems["row"].tolist() == [4, 5]


def test_empty_markers_and_stray_whitespace():
    values, blanked = clean.blank_empty(["Torvet  ", " ", "-", "NULL", "0", "Parken"])
    assert values.tolist()[0] == "Torvet" and values.tolist()[-1] == "Parken"
    assert values.isna().tolist() == [False, True, True, True, False, False]
    values, _ = clean.blank_empty(["0", "9210"], markers=clean.EMPTY_MARKERS + ("0",))
    assert values.isna().tolist() == [True, False]
    assert blanked["row"].tolist() == [2, 3, 4]


def test_dates_in_danish_forms_become_one_type():
    values, problems = clean.parse_date(
        ["01-05-2024", "02.05.2024", "3/5/2024", "2024-05-04", "2024-05-05T10:00:00+02:00"]
    )
    assert values.dt.strftime("%Y-%m-%d").tolist() == [
        "2024-05-01",
        "2024-05-02",
        "2024-05-03",
        "2024-05-04",
        "2024-05-05",
    ]
    assert problems.empty


def test_a_date_that_does_not_exist_is_reported_never_shifted():
    values, problems = clean.parse_date(["31-02-2021", "29-02-2024", "29-02-2023"])
    assert pd.isna(values.iloc[0]) and values.iloc[1] == pd.Timestamp("2024-02-29")
    assert problems["row"].tolist() == [1, 3]
    assert "28 days" in problems["problem"].iloc[0]


def test_the_bad_dates_file_finds_exactly_the_impossible_date():
    df, _ = read_table(D / "bad" / "datoer-tre-formater-synthetic.csv")
    values, problems = clean.parse_date(df["dato"])
    assert problems["value"].tolist() == ["31-02-2021"] and problems["row"].tolist() == [5]
    assert values.notna().sum() == len(df) - 1


def test_iso_times_with_zones_land_on_one_utc_time_line():
    values, problems = clean.parse_datetime(
        ["2024-05-01T08:00:00+02:00", "2024-05-01 06:00Z", "2024-05-01 08:00", "2024-03-31 02:30"]
    )
    assert (
        values.iloc[0]
        == values.iloc[1]
        == values.iloc[2]
        == pd.Timestamp("2024-05-01 06:00", tz="UTC")
    )
    assert problems["row"].tolist() == [4] and "does not exist" in problems["problem"].iloc[0]


def test_statistics_denmark_periods_become_their_first_day():
    values, problems = clean.parse_period(
        ["2024K1", "2024K4", "2024M05", "2024", "2024U01", "2024K5", "2024M13"]
    )
    assert values.dt.strftime("%Y-%m-%d").tolist()[:5] == [
        "2024-01-01",
        "2024-10-01",
        "2024-05-01",
        "2024-01-01",
        "2024-01-01",
    ]
    assert problems["row"].tolist() == [6, 7]


def test_every_form_of_a_municipality_gives_its_code():
    df, _ = read_table(D / "population" / "kommuner-blandede-former-synthetic.csv")
    codes, problems = clean.municipality_code(df["kommune"])
    expected = df["facit_kommunekode"].astype("Int64")
    christiansoe = expected == 411
    assert (codes[~christiansoe] == expected[~christiansoe]).all()
    assert problems["row"].tolist() == [i + 1 for i in df.index[christiansoe]]
    assert "no municipality" in problems["problem"].iloc[0]


def test_invalid_municipality_codes_are_listed_with_reasons():
    df, _ = read_table(D / "bad" / "ugyldige-kommunekoder-synthetic.csv")
    codes, problems = clean.municipality_code(df["kommunekode"].astype(str))
    assert codes.dropna().tolist() == [751, 751, 101]
    assert problems["row"].tolist() == [3, 4, 5, 7]
    assert "region" in problems.set_index("row").loc[5, "problem"]


def test_region_codes_in_three_numberings_and_names():
    df, _ = read_table(D / "population" / "kommuner-blandede-former-synthetic.csv")
    regions, problems = clean.region_code(df["region"])
    municipalities = pd.read_csv(D / "reference" / "municipalities.csv")
    want = df["facit_kommunekode"].map(
        dict(zip(municipalities["kode"], municipalities["region_kode"], strict=True))
    )
    known = want.notna()
    assert (regions[known] == want[known].astype("Int64")).all() and problems.empty
    _, bad = clean.region_code(["86", "Region Nord"])
    assert bad["row"].tolist() == [1, 2]


def test_coordinates_round_trip_between_utm32_and_wgs84():
    wgs, problems = clean.to_wgs84([574529.82], [6224535.68])
    assert problems.empty and wgs.round(5).values.tolist() == [[10.2, 56.16]]
    back, _ = clean.to_utm32(wgs["lon"], wgs["lat"])
    assert back.round(2).values.tolist() == [[574529.82, 6224535.68]]


def test_swapped_coordinates_are_reported_not_drawn_in_the_sea():
    df, _ = read_table(D / "bad" / "ombyttede-koordinater-synthetic.csv")
    xcol, ycol = (
        [c for c in df.columns if c.lower().startswith("x")][0],
        [c for c in df.columns if c.lower().startswith("y")][0],
    )
    wgs, problems = clean.to_wgs84(df[xcol], df[ycol])
    assert len(problems) == len(df) and wgs["lon"].isna().all()


def test_z_minus_999_is_missing():
    values, marked = clean.drop_missing_z([-999.0, 12.5, None])
    assert math.isnan(values.iloc[0]) and values.iloc[1] == 12.5 and marked["row"].tolist() == [1]


def test_wide_statistics_denmark_export_reshapes_to_the_long_file():
    wide, _ = read_table(D / "tourism" / "nordjylland-overnatninger-bred-synthetic.csv")
    long, problems = clean.wide_to_long(wide, ["OMRÅDE", "NATION"])
    ref, _ = read_table(D / "tourism" / "nordjylland-overnatninger-synthetic.csv")
    ref = ref[ref["TID"].str.startswith("2024")]
    assert len(long) == len(ref) == 11 * 7 * 12
    merged = long.merge(ref, on=["OMRÅDE", "NATION", "TID"], suffixes=("", "_ref"))
    assert len(merged) == len(ref)
    ref_values = pd.to_numeric(merged["INDHOLD_ref"], errors="coerce")
    assert (
        (merged["INDHOLD"] == ref_values) | (merged["INDHOLD"].isna() & ref_values.isna())
    ).all()
    assert (problems["value"] == "..").sum() == long["INDHOLD"].isna().sum() > 0


def test_fill_down_reports_an_empty_first_cell():
    values, problems = clean.fill_down(["", "Morsø", ""])
    assert values.tolist()[1:] == ["Morsø", "Morsø"] and problems["row"].tolist() == [1]


def test_wide_to_long_names_a_missing_id_column():
    with pytest.raises(ValueError, match="no column 'KOMMUNE'"):
        clean.wide_to_long(pd.DataFrame({"OMRÅDE": ["x"], "2024M01": ["1"]}), ["KOMMUNE"])
