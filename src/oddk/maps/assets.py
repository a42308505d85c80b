"""Where folium's web assets live offline, and how they are inlined into a map.

folium 0.20 links Leaflet, jQuery, Font Awesome, Leaflet.awesome-markers and its
plugins from CDNs. `make setup` (`npm ci`) installs the same files at the same
versions from the npm registry into node_modules/ (see package.json); this module
maps each CDN address to its file there and turns it into inline <script>/<style>
text, with images and web fonts as data: URIs, because relative or server paths
do not resolve inside the srcdoc iframe that JupyterLab, Binder, Voilà, nbconvert
and a static site show a map in.
"""

from __future__ import annotations

import base64
import functools
import json
import mimetypes
import os
import re
from pathlib import Path

# CDN address -> (npm package, version, file inside the package), for addresses
# that are not jsDelivr's own npm mirror (those are read straight from the URL).
_CDNJS = {
    # lib on cdnjs: (npm package, folder in the package per file suffix)
    "leaflet.markercluster": ("leaflet.markercluster", {"": "dist/"}),
    # upstream never published 2.0.2 to npm; drmonty's package is that release as is
    "Leaflet.awesome-markers": ("drmonty-leaflet-awesome-markers", {".js": "js/", ".css": "css/"}),
    "jquery": ("jquery", {"": "dist/"}),
}
_JSDELIVR_NPM = re.compile(r"^https?://cdn\.jsdelivr\.net/npm/+((?:@[^/@]+/)?[^/@]+)@([^/]+)/(.+)$")
_CDNJS_URL = re.compile(r"^https?://cdnjs\.cloudflare\.com/ajax/libs/([^/]+)/([^/]+)/(.+)$")
_JQUERY_URL = re.compile(r"^https?://code\.jquery\.com/jquery-(\d[^/]*?)(\.min)?\.js$")
# folium's own templates, linked from GitHub; some ship inside the folium package
_FOLIUM_TEMPLATE = re.compile(
    r"^https?://cdn\.jsdelivr\.net/gh/python-visualization/folium(?:@[^/]+)?/folium/templates/(.+)$"
)

SETUP_HINT = (
    "Run `make setup` once while online (or `npm ci` in the kit folder): it installs "
    "Leaflet and the other map assets from the npm registry into node_modules/. "
    "Set ODDK_NODE_MODULES if they live elsewhere, or ODDK_ONLINE=1 to load them from the web."
)


class MissingMapAssets(FileNotFoundError):
    """The offline copy of a map asset is not installed (or not known to the kit)."""


def node_modules() -> Path:
    """node_modules/ with the map assets: `ODDK_NODE_MODULES`, else the kit's own."""
    env = os.environ.get("ODDK_NODE_MODULES")
    if env:
        return Path(env)
    from oddk.paths import kit_root

    try:
        return kit_root() / "node_modules"
    except FileNotFoundError:
        return Path(__file__).resolve().parents[3] / "node_modules"


def local_file(url: str) -> Path:
    """The installed file that stands in for a CDN address, checking the version.

    >>> local_file("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")
    PosixPath('.../node_modules/leaflet/dist/leaflet.js')
    """
    if m := _FOLIUM_TEMPLATE.match(url):
        import folium

        path = Path(folium.__file__).parent / "templates" / m.group(1)
        if path.is_file():
            return path
        raise MissingMapAssets(
            f"This map uses {url}, a file from folium's repository that the folium package "
            "does not ship, so it cannot be drawn offline. Leave out the feature that needs it, "
            "or show the map online (ODDK_ONLINE=1)."
        )
    if m := _JSDELIVR_NPM.match(url):
        package, version, file = m.groups()
    elif m := _JQUERY_URL.match(url):
        package, version, file = "jquery", m.group(1), f"dist/jquery{m.group(2) or ''}.js"
    elif (m := _CDNJS_URL.match(url)) and m.group(1) in _CDNJS:
        lib, version, name = m.groups()
        package, folders = _CDNJS[lib]
        folder = folders.get(Path(name).suffix, folders.get("", ""))
        file = folder + name
    else:
        raise MissingMapAssets(
            f"This map needs {url}, which the kit has no offline copy of. Add its npm package "
            "to package.json and its address to oddk/maps/assets.py, or show the map online "
            "(ODDK_ONLINE=1)."
        )
    root = node_modules() / package
    manifest = root / "package.json"
    if not manifest.is_file():
        declared = _declared_packages()
        if declared is not None and package not in declared:
            raise MissingMapAssets(
                f"This map needs {package} {version} (from {url}), which the kit does not "
                f'install: add "{package}": "{version}" to package.json, run `npm install` and '
                "commit package.json and package-lock.json; or show the map online (ODDK_ONLINE=1)."
            )
        raise MissingMapAssets(
            f"The offline copy of {package} {version} is missing "
            f"({manifest} not found). {SETUP_HINT}"
        )
    installed = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    if installed != version:
        raise MissingMapAssets(
            f"folium asks for {package} {version} but node_modules has {installed}. Set "
            f'"{package}": "{version}" in package.json and run `npm install`, then `make setup`.'
        )
    path = root / file
    if not path.is_file():
        raise MissingMapAssets(f"{path} is missing from the installed {package}. {SETUP_HINT}")
    return path


def _declared_packages() -> set[str] | None:
    """The npm packages the kit's package.json lists (None if there is no package.json)."""
    manifest = node_modules().parent / "package.json"
    if not manifest.is_file():
        return None
    return set(json.loads(manifest.read_text(encoding="utf-8")).get("dependencies", {}))


def data_uri(path: Path) -> str:
    """A file as a data: URI (images and web fonts inside inlined CSS)."""
    mime = (
        {".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf"}.get(path.suffix)
        or mimetypes.guess_type(path.name)[0]
        or "application/octet-stream"
    )
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def js_text(path: Path) -> str:
    """A script's text, safe to put between <script> and </script>."""
    return _read(path).replace("</script", "<\\/script")


_URL_IN_CSS = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")


def css_text(path: Path, font_files: frozenset[str] | None = None) -> str:
    """A stylesheet's text with its relative url(...)s as data: URIs (see `_css_text`)."""
    return _css_text(path, path.stat().st_mtime, font_files)


@functools.lru_cache(maxsize=32)
def _css_text(path: Path, mtime: float, font_files: frozenset[str] | None) -> str:
    """A stylesheet's text with its relative url(...)s as data: URIs.

    For Font Awesome, `font_files` says which web fonts to keep (e.g.
    {"fa-solid-900"}): its @font-face rules for other fonts and for the v4/v5
    compatibility names are dropped, and only the woff2 source is kept, so a
    map carries each font it uses once (~200 kB for the solid icons).
    """
    text = _read(path)
    if font_files is not None:

        def keep(rule: re.Match) -> str:
            block = rule.group(0)
            if '"Font Awesome 6' not in block:
                return ""
            if not any(f"/{name}." in block for name in font_files):
                return ""
            return re.sub(r",\s*url\([^)]*\.ttf\)\s*format\([^)]*\)", "", block)

        text = _FONT_FACE.sub(keep, text)

    def inline(m: re.Match) -> str:
        ref = m.group(2).strip()
        if ref.startswith(("data:", "#", "http:", "https:", "//")):
            return m.group(0)
        target = (path.parent / ref.split("?")[0].split("#")[0]).resolve()
        if not target.is_file():
            raise MissingMapAssets(f"{path} refers to {ref}, which is missing. {SETUP_HINT}")
        return f'url("{data_uri(target)}")'

    return _URL_IN_CSS.sub(inline, text).replace("</style", "<\\/style")


_ICON_RULE = re.compile(r'(?<=\})((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"[^"]*"\}')


def only_icons(css: str, icons: frozenset[str]) -> str:
    """Font Awesome's CSS without the rules of icons the map does not use.

    All 1,800 icon rules are 85 kB; a map uses a handful (`icons` are names
    such as "restroom", from the map's HTML and script).
    """

    def keep(rule: re.Match) -> str:
        names = re.findall(r"\.fa-([a-z0-9-]+):before", rule.group(1))
        return rule.group(0) if icons.intersection(names) else ""

    return _ICON_RULE.sub(keep, css)


@functools.lru_cache(maxsize=64)
def _read_cached(path: str, mtime: float) -> str:
    return Path(path).read_text(encoding="utf-8")


def _read(path: Path) -> str:
    return _read_cached(str(path), path.stat().st_mtime)
