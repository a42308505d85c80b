"""The use step (issue 8): the national facility layer, rates per 10,000 residents, the maps
and the dashboard's Python side (pickers drive table, map and chart), and the Voilà app's
configuration (nothing from a CDN, only the widgets extension)."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
from folium import CircleMarker, Marker
from folium.plugins import MarkerCluster

from oddk import dashboard
from oddk.paths import kit_root
from tests.test_maps import assert_self_contained, srcdoc

ROOT = kit_root(Path(__file__).parent)
KEY = ROOT / "datasets" / "facilities" / "answer-key"
ROOT_DATASETS = ROOT / "datasets"


@pytest.fixture(scope="module")
def layer() -> pd.DataFrame:
    return dashboard.facility_layer()


def test_layer_holds_every_row_of_every_standard_file(layer):
    expected = sum(len(pd.read_csv(p)) for p in KEY.glob("*.csv"))
    assert len(layer) == expected == 187
    assert set(layer["kilde"]) == {p.name for p in KEY.glob("*.csv")}


def test_layer_names_the_municipality_from_the_cvr_number(layer):
    aarhus = layer[layer["cvr_kode"] == 55133018]
    assert set(aarhus["kommune"]) == {"Aarhus"} and set(aarhus["kommunekode"]) == {751}
    toilets = layer[layer["facil_ty_k"] == 1012].groupby("kommune").size().to_dict()
    assert toilets == {"Aalborg": 25, "Aarhus": 28, "Ballerup": 14, "København": 30}


def test_layer_turns_utm_metres_into_degrees_near_the_geojson_twin(layer):
    twin = json.loads((KEY / "aarhus-toiletter-synthetic.geojson").read_text(encoding="utf-8"))
    lon, lat = twin["features"][0]["geometry"]["coordinates"]
    first = layer[layer["kilde"] == "aarhus-toiletter-synthetic.csv"].iloc[0]
    assert abs(first["lat"] - lat) < 1e-6 and abs(first["lon"] - lon) < 1e-6


def test_layer_spells_out_the_codes(layer):
    row = layer[layer["navn"] == "Toilet ved Åen, Aarhus"].iloc[0]
    assert (row["type"], row["handicap"], row["doegnaaben"], row["betaling"]) == (
        "Toilet",
        "Handicapegnet",
        "Ja",
        "Nej",
    )


def test_a_municipality_not_in_the_cvr_list_keeps_its_cvr_as_name(tmp_path):
    (tmp_path / "own.csv").write_text(
        "cvr_kode,facil_ty_k,navn,x,y\n12345678,1012,Toilet ved Torvet,575000,6225000\n",
        encoding="utf-8",
    )
    layer = dashboard.facility_layer(tmp_path)
    assert layer["kommune"].tolist() == ["CVR 12345678"]


def test_a_file_not_in_the_standard_form_is_refused_in_plain_words(tmp_path):
    (tmp_path / "raw.csv").write_text("Navn;Breddegrad\nToilet;56,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"raw.csv is not in the GeoFA standard form.*notebook 04"):
        dashboard.facility_layer(tmp_path)
    with pytest.raises(FileNotFoundError, match="notebook 04"):
        dashboard.facility_layer(tmp_path / "empty")


def test_facility_type_accepts_code_or_danish_name():
    assert dashboard.facility_type(1012) == dashboard.facility_type("toilet") == 1012
    assert dashboard.facility_type("Legeplads") == dashboard.facility_type("1031") == 1031
    with pytest.raises(ValueError, match="1012 Toilet"):
        dashboard.facility_type("Bænk")


def test_population_is_the_real_figure_for_each_of_the_98_municipalities():
    import csv

    folk = dashboard.population()
    path = ROOT_DATASETS / "real" / "population" / "folk1a-2026-kommuner.csv"
    with open(path, encoding="utf-8", newline="") as f:
        raw = {int(r["kommune_kode"]): int(r["folketal"]) for r in csv.DictReader(f)}
    assert len(folk) == 98 and dict(zip(folk["kommunekode"], folk["folketal"], strict=True)) == raw
    assert "Hele landet" not in set(folk["kommune"]) and set(folk["aar"]) == {2026}


def test_a_map_of_rates_per_resident_names_the_population_source(layer):
    rates = dashboard.per_10000(layer, dashboard.population(), "Toilet")
    page = dashboard.bubble_map(rates, value="per_10000", online=False).get_root().render()
    assert "Kilde: Danmarks Statistik, statistikbanken.dk/folk1a" in page


def test_rate_per_10000_ranks_by_residents_not_by_count(layer):
    folk = pd.DataFrame(
        {
            "kommunekode": [101, 151, 751, 851],
            "kommune": ["København", "Ballerup", "Aarhus", "Aalborg"],
            "folketal": [300_000, 50_000, 350_000, 100_000],
            "aar": 2026,
        }
    )
    rates = dashboard.per_10000(layer, folk, "Toilet")
    assert rates["kommune"].tolist() == ["Ballerup", "Aalborg", "København", "Aarhus"]
    assert rates.set_index("kommune").loc["Ballerup", "per_10000"] == 2.8  # 14 / 50,000 × 10,000


def test_facility_map_has_a_clustered_layer_per_type_and_a_marker_per_record(layer):
    m = dashboard.facility_map(layer)
    clusters = [c for c in m._children.values() if isinstance(c, MarkerCluster)]
    assert sorted(c.layer_name.split(" (")[0] for c in clusters) == sorted(layer["type"].unique())
    assert sum(isinstance(x, Marker) for c in clusters for x in c._children.values()) == len(layer)
    page = m.get_root().render()
    assert "Handicaptoilet" in page and "Døgnåben (open 24 h)" in page, (
        "popups carry the record's fields"
    )
    assert "cdn.jsdelivr.net" not in page


def test_popup_escapes_text_and_skips_empty_fields():
    html = dashboard.popup_html(
        {"navn": "<b>Toilet</b>", "beskrivels": float("nan"), "link": "https://x.dk"}
    )
    assert "&lt;b&gt;Toilet" in html and "Beskrivelse" not in html and 'href="https://x.dk"' in html


def test_bubble_area_follows_the_value():
    table = pd.DataFrame({"kommune": ["Aarhus", "Ballerup"], "antal": [40, 10]})
    m = dashboard.bubble_map(table)
    radii = sorted(c.options["radius"] for c in m._children.values() if isinstance(c, CircleMarker))
    assert radii == pytest.approx([15, 30])  # a quarter of the value: half the radius


def test_dashboard_pickers_update_table_map_and_chart_together(layer):
    dash = dashboard.Dashboard(layer)
    assert dash.facility_type.value == 1012 and dash.municipality.value == dashboard.ALL
    assert len(dash.selection) == 97 and "<b>97</b>" in dash.summary.value
    views = (dash.table.value, dash.map.value, dash.chart.value)

    dash.municipality.value = "Ballerup"
    assert len(dash.selection) == 14 and set(dash.selection["kommune"]) == {"Ballerup"}
    assert "Toilet ved Engen, Ballerup" in dash.table.value and "Aalborg" not in dash.table.value
    assert dash.map.value.count("Toilet ved Engen, Ballerup") >= 1
    assert dash.chart.value.count("#d95f02") == 1, "the chart marks the chosen municipality's bar"
    assert all(
        new != old
        for new, old in zip(
            (dash.table.value, dash.map.value, dash.chart.value), views, strict=True
        )
    )

    dash.facility_type.value = 1351
    assert dash.selection.empty and "<b>0</b>" in dash.summary.value  # Ballerup has no parking file
    dash.municipality.value = "Odense"
    assert len(dash.selection) == 14 and "P-plads ved Vestergade, Odense" in dash.table.value


def test_dashboard_map_is_self_contained_inside_its_widget(layer):
    fragment = dashboard.Dashboard(layer, municipality="Aalborg").map.value
    assert_self_contained(srcdoc(fragment))


# -- the app face: configuration checked without a browser ------------------------

APP = ROOT / "app"


def test_app_loads_only_the_widgets_extensions_with_the_kits_template():
    config = json.loads((APP / "voila.json").read_text(encoding="utf-8"))["VoilaConfiguration"]
    assert config["template"] == "oddk"
    assert set(config["extension_allowlist"]) == {
        "@jupyter-widgets/jupyterlab-manager",
        "@voila-dashboards/widgets-manager8",
    }


def test_app_template_links_nothing_on_the_internet():
    template = APP / "voila" / "templates" / "oddk"
    assert json.loads((template / "conf.json").read_text())["base_template"] == "lab"
    for path in template.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(href|src)=["']?(https?:)?//""", text), path.name
    lab = Path(sys.prefix) / "share/jupyter/voila/templates/lab/index.html.j2"
    if lab.exists():  # the block we replace is the one that links the CDN
        assert "cdn.jsdelivr.net" in lab.read_text(encoding="utf-8")


def test_app_command_runs_voila_in_app_with_the_template_on_the_jupyter_path():
    argv, folder, env = dashboard.app_command(8899)
    assert folder == APP and (folder / argv[3]).is_file()
    assert argv[1:3] == ["-m", "voila"] and "--port=8899" in argv and "--no-browser" in argv
    assert str(APP) in env["JUPYTER_PATH"].split(os.pathsep)
