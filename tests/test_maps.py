"""Offline maps (issue 8, point 4): a map carries Leaflet and its assets inside its HTML,
draws on a blank background with a note, and needs nothing from the internet."""

from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

import folium
import pytest
from folium.plugins import MarkerCluster

from oddk import maps
from oddk.paths import build_dir
from tests.browser import offline_browser, serve

ROOT = Path(__file__).resolve().parents[1]
CDN_HOSTS = ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "netdna", "unpkg.com")
EXTERNAL_TAG = re.compile(r"<(script|link|img)\b[^>]*\b(src|href)=[\"']?(https?:)?//", re.I)

TOWNS = {  # spread over Denmark, so no two markers share a spot at zoom 7
    "København": (55.676, 12.568),
    "Aarhus": (56.157, 10.211),
    "Odense": (55.396, 10.388),
    "Aalborg": (57.048, 9.919),
    "Esbjerg": (55.476, 8.459),
    "Randers": (56.461, 10.036),
    "Kolding": (55.491, 9.472),
    "Herning": (56.139, 8.973),
    "Roskilde": (55.642, 12.080),
    "Næstved": (55.230, 11.761),
    "Hjørring": (57.464, 9.982),
    "Rønne": (55.100, 14.702),
}


def toilet_map(**kwargs) -> folium.Map:
    """An offline map like 06-use's: Font Awesome markers with popups, a cluster, bubbles."""
    m = maps.base_map(**kwargs)
    for town, point in TOWNS.items():
        folium.Marker(point, popup=f"Toilet in {town}", icon=maps.icon("restroom")).add_to(m)
    cluster = MarkerCluster(name="Silkeborg").add_to(m)
    for i in range(30):  # 30 points within ~1 km: one cluster at zoom 7
        folium.Marker((56.17 + (i % 6) * 0.002, 9.55 + (i // 6) * 0.003)).add_to(cluster)
    folium.Marker((54.91, 9.79), tooltip="Sønderborg").add_to(m)  # Leaflet's own default icon
    bubbles = folium.FeatureGroup(name="Bubbles").add_to(m)
    for point in [(55.0, 9.0), (55.2, 9.3), (56.6, 8.5), (57.3, 10.4), (55.5, 11.3)]:
        folium.CircleMarker(point, radius=8, color="crimson", fill=True).add_to(bubbles)
    folium.LayerControl().add_to(m)
    return m


def srcdoc(fragment: str) -> str:
    """The page inside folium's notebook iframe (what JupyterLab, Voilà and nbconvert show)."""
    found = re.search(r'srcdoc="([^"]*)"', fragment)
    assert found, "folium's notebook output should be an iframe with srcdoc"
    return htmllib.unescape(found.group(1))


def assert_self_contained(page: str) -> None:
    assert not EXTERNAL_TAG.search(page), EXTERNAL_TAG.search(page).group(0)
    for host in CDN_HOSTS:
        assert host not in page, f"the offline map still names {host}"
    leaflet = (maps.assets.node_modules() / "leaflet/dist/leaflet.js").read_text(encoding="utf-8")
    assert leaflet in page, "Leaflet's code should be inlined"
    assert maps.NOTE in page, "a map without tiles should say so"


# -- the HTML ------------------------------------------------------------------


def test_offline_map_inlines_its_assets_and_names_no_cdn():
    page = toilet_map().get_root().render()
    assert_self_contained(page)
    assert "MarkerClusterGroup" in page, "the cluster plugin's code should be inlined"
    assert "jQuery v3.7.1" in page, "popups need jQuery, so it should be inlined"
    assert "Font Awesome Free 6.2.0" in page and "data:font/woff2;base64," in page
    assert ".ttf" not in page, "only the woff2 fonts should travel with the map"
    assert ".fa-restroom:before" in page, "the icon the map uses keeps its CSS rule"
    assert ".fa-bicycle:before" not in page, "icons the map does not use are left out"
    assert '"maxZoom": 18' in page
    assert "openstreetmap" not in page.lower(), "offline maps have no tiles"


def test_notebook_display_carries_the_inlined_assets_inside_its_iframe():
    page = srcdoc(toilet_map()._repr_html_())
    assert_self_contained(page)


def test_saved_map_is_a_self_contained_file(tmp_path):
    m = toilet_map()
    m.save(tmp_path / "map.html")
    assert_self_contained((tmp_path / "map.html").read_text(encoding="utf-8"))


def test_nbconvert_html_export_keeps_the_map_self_contained():
    import nbformat
    from IPython.core.formatters import DisplayFormatter
    from nbconvert import HTMLExporter

    data, metadata = DisplayFormatter().format(toilet_map())
    cell = nbformat.v4.new_code_cell("m")
    cell.outputs = [nbformat.v4.new_output("display_data", data=data, metadata=metadata)]
    exported, _ = HTMLExporter().from_notebook_node(nbformat.v4.new_notebook(cells=[cell]))
    assert_self_contained(srcdoc(exported[exported.index("<iframe") :]))


def test_unused_assets_stay_out_of_the_map():
    m = maps.base_map()
    folium.CircleMarker((56.0, 10.0), radius=5).add_to(m)
    page = m.get_root().render()
    assert "Leaflet 1.9.3" in page
    for absent in ["jQuery", "Font Awesome", "AwesomeMarkers", "bootstrap", "glyphicon"]:
        assert absent not in page, f"a map of circles does not need {absent}"
    assert len(page) < 250_000, "the fixed cost of an offline map should stay small"


def test_a_plain_folium_map_made_offline_loses_its_tiles_and_gets_the_note():
    m = folium.Map(location=(55.68, 12.57), zoom_start=12)  # OpenStreetMap tiles by default
    folium.Marker((55.68, 12.57)).add_to(m)
    page = maps.offline(m).get_root().render()
    assert "tile.openstreetmap.org" not in page
    assert_self_contained(page)


def test_glyphicon_markers_warn_that_their_symbol_is_missing():
    m = maps.base_map()
    folium.Marker((56.0, 10.0), icon=folium.Icon()).add_to(m)  # folium's default: glyphicon
    with pytest.warns(UserWarning, match="glyphicons"):
        m.get_root().render()


def test_online_map_uses_tiles_and_the_cdn(monkeypatch):
    monkeypatch.setenv("ODDK_ONLINE", "1")
    page = maps.base_map().get_root().render()
    assert "tile.openstreetmap.org" in page
    assert '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js">' in page
    assert maps.NOTE not in page
    assert "Leaflet 1.9.3" not in page, "online maps link Leaflet rather than carry it"
    assert maps.NOTE in maps.base_map(online=False).get_root().render()


def test_missing_assets_say_to_run_setup(monkeypatch, tmp_path):
    monkeypatch.setenv("ODDK_NODE_MODULES", str(tmp_path))
    with pytest.raises(maps.MissingMapAssets, match=r"make setup.*npm ci"):
        maps.base_map().get_root().render()


def test_heatmap_uses_the_script_that_ships_with_folium():
    from folium.plugins import HeatMap

    m = maps.base_map()
    HeatMap([(56.0, 10.0, 1.0), (55.7, 12.5, 2.0)]).add_to(m)
    page = m.get_root().render()
    assert_self_contained(page)
    assert "simpleheat" in page


def test_a_plugin_the_kit_does_not_install_names_the_package_to_add():
    from folium.plugins import Fullscreen

    m = maps.base_map()
    Fullscreen().add_to(m)
    with pytest.raises(maps.MissingMapAssets, match=r'"leaflet.fullscreen": "3.0.0".*package.json'):
        m.get_root().render()


def test_npm_pins_match_what_folium_links():
    """package.json pins exactly the versions folium links; drift fails here first."""
    from oddk.maps.assets import local_file

    urls = [url for _, url in folium.Map.default_js + folium.Map.default_css]
    urls += [url for _, url in MarkerCluster.default_js + MarkerCluster.default_css]
    resolvable = [u for u in urls if "bootstrap" not in u and "awesome.rotate" not in u]
    assert len(resolvable) >= 9
    for url in resolvable:
        assert local_file(url).is_file()
    declared = json.loads((ROOT / "package.json").read_text())["dependencies"]
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    for package, version in declared.items():
        assert locked[f"node_modules/{package}"]["version"] == version, package


# -- in a browser with no way out ------------------------------------------------


def count_drawn(frame) -> dict:
    return frame.evaluate(
        """() => ({
            awesome: document.querySelectorAll('[class*="awesome-marker-icon-"]').length,
            clusters: [...document.querySelectorAll('.marker-cluster')]
                .map(c => parseInt(c.textContent, 10)),
            circles: document.querySelectorAll('path.leaflet-interactive').length,
            defaultIcons: [...document.querySelectorAll('img.leaflet-marker-icon')]
                .filter(i => i.src.startsWith('data:image/png') && i.naturalWidth > 0).length,
            fontLoaded: [...document.fonts].some(f =>
                f.family.includes('Font Awesome 6 Free') && f.status === 'loaded'),
            note: (document.querySelector('.oddk-offline-note') || {}).textContent,
            glyph: getComputedStyle(
                document.querySelector('[class*="awesome-marker-icon-"] i'), '::before').content,
        })"""
    )


def wait_until_drawn(frame) -> dict:
    frame.wait_for_function(
        "document.querySelectorAll('.marker-cluster').length > 0"
        " && document.querySelectorAll('[class*=awesome-marker-icon-]').length >= 12",
        timeout=15_000,
    )
    frame.evaluate("document.fonts.ready.then(() => true)")
    return count_drawn(frame)


def assert_everything_drawn(drawn: dict) -> None:
    assert drawn["awesome"] == len(TOWNS), drawn
    assert sum(drawn["clusters"]) == 30, drawn
    assert drawn["circles"] == 5, drawn
    assert drawn["defaultIcons"] == 1, "Leaflet's own marker image should load from a data: URI"
    assert drawn["fontLoaded"], "the Font Awesome icon font should load from its data: URI"
    assert drawn["note"] == maps.NOTE
    assert drawn["glyph"] == '"\uf7bd"', "the restroom icon should be drawn from Font Awesome"


@pytest.mark.browser
def test_offline_map_draws_every_marker_with_nothing_from_outside(tmp_path):
    m = toilet_map()
    m.save(tmp_path / "map.html")
    # the notebook face: the same map inside folium's srcdoc iframe
    (tmp_path / "notebook.html").write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
        f"<body><h1>06 · Use</h1>{m._repr_html_()}</body></html>",
        encoding="utf-8",
    )
    with offline_browser() as guarded, serve(tmp_path) as url:
        page = guarded.page
        page.goto(url + "/map.html")
        drawn = wait_until_drawn(page)
        shots = build_dir() / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "maps-offline.png"))
        assert_everything_drawn(drawn)
        page.locator('[class*="awesome-marker-icon-"]').first.click()
        popup = page.wait_for_selector(".leaflet-popup-content", timeout=5_000)
        assert popup.inner_text().startswith("Toilet in"), "popups (built with jQuery) should open"

        page.goto(url + "/notebook.html")
        page.wait_for_selector("iframe")
        frame = page.frames[1]
        assert_everything_drawn(wait_until_drawn(frame))
        page.screenshot(path=str(shots / "maps-offline-notebook.png"))

    assert guarded.outside == [], "the map tried to reach the internet"
    assert guarded.errors == [], "the map's scripts failed"


@pytest.mark.browser
def test_the_browser_guard_catches_a_plain_folium_map(tmp_path):
    """The control: an ordinary folium map in the same browser asks the CDNs and draws nothing."""
    m = folium.Map(location=(56.0, 10.0), zoom_start=7)
    folium.Marker((56.0, 10.0)).add_to(m)
    m.save(tmp_path / "plain.html")
    with offline_browser() as guarded, serve(tmp_path) as url:
        guarded.page.goto(url + "/plain.html")
        assert guarded.page.evaluate("typeof L") == "undefined"
        assert guarded.page.locator(".leaflet-marker-icon").count() == 0
    assert any("cdn.jsdelivr.net/npm/leaflet@1.9.3" in u for u in guarded.outside)
