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


# --------------------------------------------------------------------------- real figures


def _raw_rows(name: str) -> list[dict]:
    """The real file read with the csv module alone, independent of the library."""
    import csv

    from oddk.paths import datasets_dir

    with open(datasets_dir() / "real" / "population" / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_population_is_the_real_folk1a_figure_for_every_municipality():
    rows = _raw_rows("folk1a-2026-kommuner.csv")
    folk = reference.population()
    assert len(folk) == 98 and set(folk["kode"]) == set(reference.municipalities()["kode"])
    assert int(folk["folketal"].sum()) == sum(int(r["folketal"]) for r in rows) == 6_025_511
    aarhus = next(int(r["folketal"]) for r in rows if r["kommune_kode"] == "751")
    assert int(folk.set_index("kode").loc[751, "folketal"]) == aarhus
    assert set(folk["aar"]) == {2026}


def test_every_municipality_is_in_one_of_five_groups_and_its_peers_share_it():
    groups = reference.municipality_groups()
    assert len(groups) == 98 and sorted(groups["gruppe"].unique()) == [1, 2, 3, 4, 5]
    raw = {r["kommune_kode"]: r["kommunegruppe_navn"] for r in _raw_rows("kommunegrupper-2018.csv")}
    peers = reference.peers("0101")
    assert set(peers["gruppe_navn"]) == {raw["101"]} == {"Hovedstadskommuner"}
    assert {str(k) for k in peers["kode"]} == {k for k, g in raw.items() if g == raw["101"]}
    assert (peers["folketal"] > 0).all()
    with pytest.raises(ValueError, match="Christiansø"):
        reference.peers(411)
