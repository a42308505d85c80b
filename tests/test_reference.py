"""The reference municipalities and regions are complete and consistent, and any
usual way of writing a municipality finds the right one."""

import pytest

from oddk import reference

M = reference.municipalities()
R = reference.regions()


def test_all_98_municipalities_with_unique_codes():
    assert len(M) == 98 and M["kode"].is_unique and M["navn"].is_unique


def test_padded_codes_match_the_three_digit_codes():
    assert (M["kode4"] == M["kode"].map(lambda k: f"{k:04d}")).all()
    assert M["kode4"].str.fullmatch(r"0\d{3}").all()


def test_five_regions_and_their_counts():
    assert list(R["region_kode"]) == [1081, 1082, 1083, 1084, 1085]
    assert list(R["iso_kode"]) == [f"DK-{c}" for c in (81, 82, 83, 84, 85)]
    counts = M.groupby("region_kode").size()
    assert counts.to_dict() == dict(zip(R["region_kode"], R["kommuner"], strict=True))
    assert set(M["region_navn"]) == set(R["navn"])


def test_main_towns_lie_in_denmark():
    assert M["lat"].between(54.55, 57.75).all() and M["lon"].between(8.0, 15.2).all()


def test_bornholm_is_east_and_north_jutland_is_north():
    assert M.loc[M["kode"] == 400, "lon"].item() > 14.5
    assert (M.loc[M["region_kode"] == 1081, "lat"] > 56.5).all()


@pytest.mark.parametrize(
    "written, code",
    [
        (751, 751),
        ("0751", 751),
        ("751", 751),
        ("751.0", 751),
        ("Århus", 751),
        ("Aarhus Kommune", 751),
        ("AARHUS", 751),
        ("København", 101),
        ("Kobenhavn", 101),
        ("Københavns Kommune", 101),
        ("Vesthimmerland", 820),
        ("Vesthimmerlands Kommune", 820),
        ("Brønderslev-Dronninglund", 810),
        ("Bornholms Regionskommune", 400),
        ("Høje Taastrup", 169),
        ("Åbenrå", 580),
        ("Nordfyn", 480),
    ],
)
def test_any_usual_spelling_finds_the_municipality(written, code):
    assert reference.find_municipality(written)["kode"] == code


def test_christianso_is_explained_not_matched():
    with pytest.raises(ValueError, match="Christiansø.*no municipality"):
        reference.find_municipality(411)


def test_unknown_name_gets_a_suggestion():
    with pytest.raises(ValueError, match="Did you mean Aarhus"):
        reference.find_municipality("Arhuss")
