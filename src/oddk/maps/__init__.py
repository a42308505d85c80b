"""folium maps that work without the internet.

A folium map loads Leaflet, jQuery, Font Awesome and its plugins from CDNs and
draws its background from a tile server. In a meeting room without Wi-Fi, on a
locked-down Binder or in CI neither is reachable, and the map stays blank.
`base_map` gives a map that carries everything it needs inside its own HTML
(installed from the npm registry by `make setup`, never fetched at run time),
draws its points on a plain background and says so in a note on the map.
Online (`online=True` or `ODDK_ONLINE=1`) it is an ordinary folium map with
OpenStreetMap tiles.

    m = oddk.maps.base_map()                       # Denmark, offline unless ODDK_ONLINE=1
    folium.Marker([55.68, 12.57], icon=oddk.maps.icon("restroom")).add_to(m)
    m                                              # or m.save(path); both are self-contained

For many points (thousands), draw them as one `folium.GeoJson` with
`marker=folium.CircleMarker(...)` on a map made with `prefer_canvas=True`: the
inlined assets are a fixed 0.2 MB (Leaflet alone) to 0.65 MB (with Font Awesome
markers and popups), and 50,000 points come to about 6 MB of HTML.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterator, Sequence

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from folium.raster_layers import TileLayer, WmsTileLayer
from folium.template import Template

from oddk.maps.assets import (
    MissingMapAssets,
    css_text,
    data_uri,
    js_text,
    local_file,
    only_icons,
)

__all__ = [
    "DENMARK_CENTER",
    "MAX_ZOOM",
    "NOTE",
    "MissingMapAssets",
    "base_map",
    "icon",
    "is_online",
    "offline",
]

DENMARK_CENTER = (56.2, 11.0)  # latitude, longitude: all of Denmark at zoom 7, Bornholm too
MAX_ZOOM = 18  # without tiles nothing limits zooming in; 18 is street level, as on OSM
NOTE = "Background map not available offline: points are drawn on a blank background"
NOTES = {"en": NOTE, "da": "Baggrundskortet kan ikke vises uden internet: punkterne er tegnet på "
                           "en blank baggrund"}


def is_online(online: bool | None = None) -> bool:
    """Whether maps may use the internet: `online` if given, else `ODDK_ONLINE` (1/true/yes)."""
    if online is not None:
        return bool(online)
    return os.environ.get("ODDK_ONLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def base_map(
    center: Sequence[float] = DENMARK_CENTER,
    zoom: int = 7,
    *,
    online: bool | None = None,
    language: str = "en",
    **kwargs,
) -> folium.Map:
    """A folium map for the kit's notebooks: offline by default, online on request.

    Offline, the map has no tiles, a note saying so (in `language`: "en" or "da"), a maximum
    zoom of
    `MAX_ZOOM` (or `max_zoom=`), and every script, stylesheet, icon and font
    inlined when it is shown, saved or exported. Other keyword arguments go to
    `folium.Map` (e.g. `prefer_canvas=True`, `height="400px"`).

    >>> m = base_map((57.05, 9.92), zoom=11)   # Aalborg
    """
    if is_online(online):
        return folium.Map(location=center, zoom_start=zoom, **kwargs)
    max_zoom = kwargs.pop("max_zoom", MAX_ZOOM)
    min_zoom = kwargs.pop("min_zoom", None)
    kwargs.setdefault("tiles", None)
    m = folium.Map(location=center, zoom_start=zoom, **kwargs)
    m.options["max_zoom"] = max_zoom
    if min_zoom is not None:
        m.options["min_zoom"] = min_zoom
    if language != "en":
        m.add_child(OfflineNote(NOTES.get(language, NOTE)), name="oddk_offline_note")
    return offline(m)


def offline(m: folium.Map) -> folium.Map:
    """Make an existing folium map self-contained; returns the same map.

    From now on every rendering of the map (`display(m)`, `m._repr_html_()`,
    `m.save(path)`, nbconvert) inlines Leaflet and the assets the map uses from
    node_modules/, drops the ones it does not use (Bootstrap, glyphicons) and
    removes tile layers from remote servers. Raises `MissingMapAssets` with
    what to run when the assets are not installed.
    """
    root = m.get_root()
    if not isinstance(root, Figure):
        raise TypeError(f"offline() needs a folium map inside a figure, not {type(m).__name__}.")
    if not isinstance(root, OfflineFigure):
        # the same object, so titles or elements already added to the figure stay
        root.__class__ = OfflineFigure
    return m


def add_caption(m: folium.Map, text: str) -> folium.Map:
    """Write `text` (the data's source, its attribution line) in the map's lower left corner,
    inside the map, so it goes wherever the map goes (a notebook, a saved page, the site)."""
    import html

    m.get_root().html.add_child(Element(
        '<div style="position:absolute;bottom:4px;left:6px;z-index:1000;font:12px sans-serif;'
        f'background:rgba(255,255,255,.85);padding:1px 4px">{html.escape(text)}</div>'))
    return m


def icon(name: str = "circle-info", color: str = "blue", icon_color: str = "white") -> folium.Icon:
    """A marker icon from Font Awesome 6 (free, solid), which offline maps carry.

    folium.Icon's default icons are Bootstrap 3 glyphicons, whose font the kit does
    not ship. Names: https://fontawesome.com/v6/search?m=free&s=solid (e.g.
    "restroom", "child-reaching", "bicycle", "square-parking", "circle-info").
    """
    return folium.Icon(icon=name, prefix="fa", color=color, icon_color=icon_color)


class OfflineNote(MacroElement):
    """A plain note in the map's corner saying that the background map is missing."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
            .leaflet-container { background: #f3f3f1; }
            .oddk-offline-note {
                background: rgba(255, 255, 255, 0.9); color: #333; padding: 4px 8px;
                border-radius: 4px; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3);
                font: 12px/1.4 "Helvetica Neue", Arial, Helvetica, sans-serif; max-width: 22em;
            }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.control({position: "bottomleft"});
            {{ this.get_name() }}.onAdd = function () {
                var div = L.DomUtil.create("div", "oddk-offline-note");
                div.setAttribute("role", "note");
                div.textContent = {{ this.text|tojson }};
                return div;
            };
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str = NOTE):
        super().__init__()
        self._name = "OfflineNote"
        self.text = text


class OfflineFigure(Figure):
    """A branca Figure that renders with every asset inlined (see `offline`)."""

    def render(self, **kwargs) -> str:
        for m in _maps(self):
            _drop_remote_tiles(m)
        for child in self._children.values():
            child.render(**kwargs)
        html = self.html.render(**kwargs)
        script = self.script.render(**kwargs)
        header = _inline_header(self.header, html + script, **kwargs)
        title = f"<title>{self.title}</title>" if self.title else ""
        # the same page as branca's Figure template, with the header inlined
        return (
            f"<!DOCTYPE html>\n<html>\n<head>\n{title}    {header}\n</head>\n"
            f"<body>\n    {html}\n</body>\n<script>\n    {script}\n</script>\n</html>\n"
        )


def _walk(element: Element) -> Iterator[tuple[Element, str, Element]]:
    for name, child in list(element._children.items()):
        yield element, name, child
        yield from _walk(child)


def _maps(figure: Figure) -> list[folium.Map]:
    return [child for _, _, child in _walk(figure) if isinstance(child, folium.Map)]


def _is_remote(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url or "")) and not re.match(
        r"^(https?:)?//(127\.0\.0\.1|localhost)[:/]", url
    )


def _drop_remote_tiles(m: folium.Map) -> None:
    """Remove tile layers that would be fetched from the internet; note their absence."""
    has_tiles = False
    for parent, name, child in _walk(m):
        if isinstance(child, (TileLayer, WmsTileLayer)):
            if _is_remote(getattr(child, "tiles", None) or getattr(child, "url", "")):
                del parent._children[name]
            else:
                has_tiles = True
    if not has_tiles:
        m.options.setdefault("max_zoom", MAX_ZOOM)
        if "oddk_offline_note" not in m._children:
            m.add_child(OfflineNote(), name="oddk_offline_note")


def _inline_header(header: Element, body: str, **kwargs) -> str:
    """The figure's header with each CDN link replaced by the inlined file, or dropped."""
    uses_jquery = re.search(r"\$\(|\bjQuery\b", body) is not None
    uses_awesome = "L.AwesomeMarkers" in body
    uses_fa = re.search(r'"prefix":\s*"fa[srb]?"|\bfa-[a-z]|class="fa[srb]?\b', body) is not None
    if '"prefix": "glyphicon"' in body:
        warnings.warn(
            "This map has marker icons from Bootstrap 3 glyphicons (folium.Icon's default), "
            "whose font offline maps do not carry: the pins show without their symbol. Use "
            "oddk.maps.icon('circle-info') or folium.Icon(icon='circle-info', prefix='fa').",
            stacklevel=4,
        )
    fonts = {"fa-solid-900"}
    if re.search(r"\bfa-regular\b|\bfar\b", body):
        fonts.add("fa-regular-400")
    if re.search(r"\bfa-brands\b|\bfab\b", body):
        fonts.add("fa-brands-400")

    parts, seen = [], set()
    for child in header._children.values():
        if not isinstance(child, (JavascriptLink, CssLink)):
            parts.append(child.render(**kwargs))
            continue
        url = child.url
        if "bootstrap" in url:  # Bootstrap and its glyphicons: nothing in a kit map needs them
            continue
        if url.endswith("leaflet.awesome.rotate.min.css"):
            angles = sorted(set(re.findall(r"fa-rotate-(\d+)", body)), key=int)
            rules = "".join(f".fa-rotate-{a}{{transform:rotate({a}deg)}}" for a in angles)
            parts.append(f"<style>{rules}</style>" if rules else "")
            continue
        path = local_file(url)
        package = path.parts
        if path in seen:
            continue
        if ("jquery" in package and not uses_jquery) or (
            "drmonty-leaflet-awesome-markers" in package and not uses_awesome
        ):
            continue
        if "fontawesome-free" in package:
            if not uses_fa:
                continue
            icons = frozenset(
                re.findall(r"\bfa-([a-z0-9-]+)", body)
                + re.findall(r'"icon":\s*"([a-z0-9-]+)"', body)  # awesome markers' icon names
            )
            parts.append(f"<style>{only_icons(css_text(path, frozenset(fonts)), icons)}</style>")
        elif isinstance(child, CssLink):
            parts.append(f"<style>{css_text(path)}</style>")
        else:
            parts.append(f"<script>{js_text(path)}</script>")
            if path.name == "leaflet.js":
                parts.append(_default_icon_script(path.parent / "images"))
        seen.add(path)
    return "\n".join(p for p in parts if p)


def _default_icon_script(images) -> str:
    """Leaflet finds its default marker image through a relative CSS path; give it data: URIs."""
    urls = {
        key: data_uri(images / name)
        for key, name in [
            ("iconUrl", "marker-icon.png"),
            ("iconRetinaUrl", "marker-icon-2x.png"),
            ("shadowUrl", "marker-shadow.png"),
        ]
    }
    options = ", ".join(f'{key}: "{url}"' for key, url in urls.items())
    return (
        '<script>L.Icon.Default.imagePath = "";\n'
        f"L.Icon.Default.mergeOptions({{{options}}});</script>"
    )
