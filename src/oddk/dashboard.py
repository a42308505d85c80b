"""Use the standardised facility data: one national layer, counts per 10,000 residents,
maps, and a small dashboard (pick a municipality and a facility type; a table, a map and a
chart update together) that runs in a notebook and as a Voilà app (app/).

Once every municipality publishes its toilets in the GeoFA form (notebook 04), the files
fit together: the municipality is the **cvr_kode** (the publishing authority's CVR number,
e.g. 55133018 for Aarhus Kommune), not a kommunekode, so the layer looks the code up.

    >>> layer = facility_layer()                       # the kit's standard files, merged
    >>> per_10000(layer, population(), "Toilet")       # doctest: +SKIP
    >>> Dashboard(layer).widget                        # in a notebook or Voilà  # doctest: +SKIP

Charts are HTML bars (pandas' Styler.bar): the kit ships no plotting library, and bars in
a table draw offline in JupyterLab, Voilà and on the static site alike.
"""

from __future__ import annotations

import html
import math
import sys
from pathlib import Path

import folium
import ipywidgets as widgets
import pandas as pd
from folium.plugins import MarkerCluster
from pyproj import Transformer

from oddk import maps, reference, vocab
from oddk.generate.geofa import FACILITY_CODES, KEY_COLUMNS
from oddk.paths import datasets_dir

ALL = "Alle kommuner"  # the municipality picker's "no filter" choice (all municipalities)

#: Font Awesome icon and marker colour per GeoFA facility type (facil_ty_k).
ICONS = {
    1012: ("restroom", "blue"),
    1031: ("child-reaching", "green"),
    1041: ("tree", "darkgreen"),
    1162: ("bicycle", "orange"),
    1351: ("square-parking", "cadetblue"),
}

#: Popup labels for the GeoFA fields a municipal file can supply.
FIELDS = {
    "navn": "Navn (name)",
    "type": "Type",
    "beskrivels": "Beskrivelse (description)",
    "handicap": "Handicap (access)",
    "doegnaaben": "Døgnåben (open 24 h)",
    "betaling": "Betaling (fee)",
    "antal_pl": "Antal pladser (spaces)",
    "postnr": "Postnr (postcode)",
    "link": "Link",
}

_TO_WGS84 = Transformer.from_crs("EPSG:25832", "EPSG:4326", always_xy=True)


def standard_folder() -> Path:
    """The kit's facility files in the GeoFA standard form (the answer key of notebook 04)."""
    return datasets_dir() / "facilities" / "answer-key"


def codes() -> dict[str, dict[int, str]]:
    """GeoFA's code lists as {field: {code: meaning}}: facil_ty_k 1012 → 'Toilet', handicap_k,
    doegnaab_k, betaling_k (GeoFA's whole lists, from `oddk.vocab.geofa_codes()`)."""
    fields = ("facil_ty_k", "handicap_k", "doegnaab_k", "betaling_k")
    return {f: vocab.geofa_code_list(f) for f in fields}


def facility_type(value, layer: pd.DataFrame | None = None) -> int:
    """A GeoFA facility type code from a code or a Danish name: 1012, "1012", "Toilet",
    "legeplads" → 1031 (matched as `oddk.standards.geofa.facility_code` does). Only the types
    the kit's facility files hold, and those in `layer` when given, are accepted: raises
    ValueError listing them otherwise."""
    from oddk.standards.geofa import facility_code

    names = codes()["facil_ty_k"]
    kinds = set(FACILITY_CODES) | (set(layer["facil_ty_k"].dropna().astype(int)) if layer is not None else set())
    try:
        code = facility_code(value)
    except ValueError:
        code = None
    if code in kinds:
        return code
    known = ", ".join(f"{c} {names.get(c, '?')}" for c in sorted(kinds))
    if code is None:
        raise ValueError(f"'{value}' is not a GeoFA facility type. Use one of: {known}.")
    where = "the kit's facility files" + (" and this layer" if layer is not None else "")
    raise ValueError(
        f"'{value}' ({code} {names[code]}) is a GeoFA facility type, but {where} hold none. "
        f"Use one of: {known}."
    )


def facility_layer(folder=None) -> pd.DataFrame:
    """Every standard facility CSV in `folder` (default: `standard_folder()`) merged into
    one layer: the GeoFA fields plus `kommunekode`, `kommune` (from cvr_kode), `type`
    (facil_ty_k's name), the coded fields in words, `lat`/`lon` (WGS84) and `kilde` (file).

    The standard CSV has x/y in EPSG:25832 (metres); maps need WGS84 degrees, so pyproj
    turns (575550.50, 6229464.36) into about (56.20 N, 10.18 E).
    """
    folder = Path(folder) if folder else standard_folder()
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise FileNotFoundError(
            f"No standard facility files (*.csv in the GeoFA form) in {folder}. Make them "
            "with notebook 04 · Standardise, or point `folder` at the folder holding them."
        )
    parts = []
    for path in files:
        part = pd.read_csv(
            path,
            dtype={"postnr": str, "link": str, "navn": str, "beskrivels": str},
            encoding="utf-8",
        )
        missing = {"cvr_kode", "facil_ty_k", "x", "y"} - set(part.columns)
        if missing:
            raise ValueError(
                f"{path.name} is not in the GeoFA standard form: it has no "
                f"{', '.join(sorted(missing))} column. Standardise it first (notebook 04)."
            )
        parts.append(part.assign(kilde=path.name))
    layer = pd.concat(parts, ignore_index=True)
    for field in KEY_COLUMNS:  # optional fields a file left out: empty, as the standard says
        if field not in layer.columns:
            layer[field] = pd.Series(pd.NA, index=layer.index, dtype="object")
    names = codes()
    kommuner = reference.municipalities().set_index("kode")["navn"]
    by_cvr = {int(cvr): row["kommunekode"] for cvr, row in vocab.geofa_codes()["cvr_kode"].items()}
    layer["kommunekode"] = layer["cvr_kode"].map(by_cvr).astype("Int64")
    layer["kommune"] = layer["kommunekode"].map(kommuner)
    unknown = layer["kommune"].isna()
    layer.loc[unknown, "kommune"] = "CVR " + layer.loc[unknown, "cvr_kode"].astype(str)
    layer["type"] = layer["facil_ty_k"].map(names["facil_ty_k"])
    layer["handicap"] = layer["handicap_k"].map(names["handicap_k"])
    layer["doegnaaben"] = layer["doegnaab_k"].map(names["doegnaab_k"])
    layer["betaling"] = layer["betaling_k"].map(names["betaling_k"])
    lon, lat = _TO_WGS84.transform(layer["x"].to_numpy(), layer["y"].to_numpy())
    layer["lat"], layer["lon"] = lat.round(7), lon.round(7)
    return layer


def population() -> pd.DataFrame:
    """Residents per municipality on 1 January 2026, real (Statistics Denmark, FOLK1A, in
    datasets/real): kommunekode, kommune, folketal, aar. Show `POPULATION_SOURCE` with any
    figure computed from it."""
    folk = reference.population()
    return pd.DataFrame({"kommunekode": folk["kode"], "kommune": folk["navn"],
                         "folketal": folk["folketal"], "aar": folk["aar"]})


#: The attribution line of the population figures.
POPULATION_SOURCE = reference.POPULATION_SOURCE


def per_10000(layer: pd.DataFrame, folk: pd.DataFrame, kind=1012) -> pd.DataFrame:
    """Facilities of one type per 10,000 residents, for each municipality that published
    that type: kommune, antal (count), folketal (residents), per_10000, sorted high to low."""
    code = facility_type(kind, layer)
    counts = (
        layer[layer["facil_ty_k"] == code]
        .groupby("kommunekode")
        .size()
        .rename("antal")
        .reset_index()
    )
    table = counts.merge(folk, on="kommunekode", how="left")
    table["per_10000"] = (table["antal"] / table["folketal"] * 10_000).round(2)
    table = table.sort_values("per_10000", ascending=False, ignore_index=True)
    return table[["kommune", "antal", "folketal", "per_10000"]]


def popup_html(row) -> str:
    """A small table of the record's filled-in fields, for a marker's popup."""
    cells = []
    for field, label in FIELDS.items():
        value = row.get(field)
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            continue
        text = html.escape(str(int(value) if isinstance(value, float) else value))
        if field == "link":
            text = f'<a href="{text}" target="_blank" rel="noopener">{text}</a>'
        cells.append(
            f"<tr><th style='text-align:left;padding-right:6px'>{label}</th><td>{text}</td></tr>"
        )
    return f"<table style='font-size:12px'>{''.join(cells)}</table>"


def facility_map(
    rows: pd.DataFrame, *, online: bool | None = None, height: int = 450
) -> folium.Map:
    """Clustered markers with the record's fields in a popup, one layer per facility type
    (switch them in the layer control), zoomed to the points."""
    m = maps.base_map(online=online, height=f"{height}px")
    m.get_root().height = f"{height}px"  # the notebook iframe as tall as the map, no blank band
    for code, group in rows.groupby("facil_ty_k"):
        name, colour = ICONS.get(int(code), ("circle-info", "gray"))
        cluster = MarkerCluster(name=f"{group['type'].iloc[0]} ({len(group)})").add_to(m)
        for row in group.to_dict("records"):
            folium.Marker(
                [row["lat"], row["lon"]],
                popup=folium.Popup(popup_html(row), max_width=320),
                tooltip=row["navn"],
                icon=maps.icon(name, colour),
            ).add_to(cluster)
    if len(rows):  # centre and zoom set here: a hidden iframe (Voilà, tabs) cannot fit bounds
        m.location, m.options["zoom"] = view(rows["lat"], rows["lon"], height=height)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


def view(lat, lon, *, width: int = 420, height: int = 450, most: int = 13) -> tuple[list, int]:
    """The centre and the largest zoom (at most `most`) that show every point on a map of
    about width × height pixels (web Mercator: 256 px for 360° of longitude at zoom 0)."""
    south, north, west, east = min(lat), max(lat), min(lon), max(lon)
    stretch = 1 / math.cos(math.radians((south + north) / 2))  # latitude degrees are longer
    fits = [most]
    if east > west:
        fits.append(math.log2(width * 0.8 * 360 / 256 / (east - west)))
    if north > south:
        fits.append(math.log2(height * 0.8 * 360 / 256 / ((north - south) * stretch)))
    return [(south + north) / 2, (west + east) / 2], max(4, math.floor(min(fits)))


def bubble_map(
    table: pd.DataFrame, *, value: str = "antal", online: bool | None = None, height: int = 450,
    caption: str | None = None,
) -> folium.Map:
    """One circle per municipality at its main town, its area proportional to `value`
    (a column of `table`, which needs `kommune`). `caption` is written on the map (the
    figures' source); a table with `folketal` gets the population's attribution line."""
    m = maps.base_map(online=online, height=f"{height}px")
    caption = caption or (POPULATION_SOURCE if "folketal" in table.columns else None)
    if caption:
        maps.add_caption(m, caption)
    m.get_root().height = f"{height}px"  # the notebook iframe as tall as the map, no blank band
    towns = reference.municipalities().set_index("navn")[["lat", "lon"]]
    biggest = table[value].max() or 1
    for row in table.to_dict("records"):
        lat, lon = towns.loc[row["kommune"]]
        radius = 30 * math.sqrt(row[value] / biggest)  # area, not radius, follows the value
        text = ", ".join(f"{k}: {row[k]}" for k in table.columns if k != "kommune")
        folium.CircleMarker(
            [lat, lon],
            radius=radius,
            color="#d95f02",
            fill=True,
            fill_opacity=0.6,
            tooltip=f"{row['kommune']}: {row[value]}",
            popup=f"{row['kommune']} ({text})",
        ).add_to(m)
    return m


def bar_chart(
    values: pd.Series,
    *,
    title: str = "",
    highlight=None,
    colour: str = "#7fa7d9",
    highlight_colour: str = "#d95f02",
) -> str:
    """A horizontal bar chart as an HTML table (pandas' Styler.bar), index as labels; the
    `highlight` row's label is bold and its bar orange."""
    frame = values.to_frame(values.name or "value")
    top = float(frame.iloc[:, 0].max()) if len(frame) else 1.0
    others = [label for label in frame.index if label != highlight]
    styler = frame.style.bar(
        subset=pd.IndexSlice[others, :], color=colour, vmin=0, vmax=top, height=70, width=100
    )
    if highlight is not None and highlight in frame.index:
        styler = styler.bar(
            subset=pd.IndexSlice[[highlight], :],
            color=highlight_colour,
            vmin=0,
            vmax=top,
            height=70,
            width=100,
        )
        styler = styler.map_index(lambda label: "font-weight: bold" if label == highlight else "")
    if title:
        styler = styler.set_caption(title)
    return styler.format(precision=2).to_html()


class Dashboard:
    """Pick a municipality and a facility type: the table, map and chart update together.

    Testable without a browser: set `dash.municipality.value = "Aarhus"` and read
    `dash.selection` (the rows shown), `dash.table.value`, `dash.map.value`, `dash.chart.value`.
    """

    def __init__(
        self, layer: pd.DataFrame, *, municipality: str = ALL, kind=None, online: bool | None = None
    ):
        self.layer = layer
        self.online = online
        type_names = codes()["facil_ty_k"]
        present = sorted(layer["facil_ty_k"].unique())
        kind = facility_type(kind, layer) if kind else present[0]
        self.municipality = widgets.Dropdown(
            options=[ALL, *sorted(layer["kommune"].unique())],
            value=municipality or ALL,
            description="Kommune",
        )
        self.facility_type = widgets.Dropdown(
            options=[(f"{type_names[c]} ({c})", int(c)) for c in present],
            value=kind,
            description="Facilitet",
        )
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.map = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.chart = widgets.HTML()
        for picker in (self.municipality, self.facility_type):
            picker.observe(self.update, names="value")
        self.update()

    @property
    def selection(self) -> pd.DataFrame:
        """The facilities of the chosen type in the chosen municipality (or all)."""
        rows = self.layer[self.layer["facil_ty_k"] == self.facility_type.value]
        if self.municipality.value != ALL:
            rows = rows[rows["kommune"] == self.municipality.value]
        return rows

    def update(self, change=None) -> None:
        rows = self.selection
        kind = codes()["facil_ty_k"][self.facility_type.value]
        where = self.municipality.value
        self.summary.value = (
            f"<b>{len(rows)}</b> × {html.escape(kind)} in "
            f"{html.escape(where if where != ALL else 'all municipalities')}"
        )
        columns = ["kommune", "navn", "beskrivels", "handicap", "doegnaaben", "betaling"]
        columns += ["antal_pl", "postnr"]
        shown = rows[columns].rename(columns={"kommune": "Kommune", **FIELDS})
        self.table.value = (
            # tabindex and a label let keyboard users scroll the table (axe: scrollable-region-focusable)
            f"<div style='max-height:320px;overflow:auto' tabindex='0' role='region' "
            f"aria-label='{html.escape(kind)}: table'>"
            + shown.to_html(index=False, na_rep="", classes="oddk-table", border=0)
            + "</div>"
        )
        # the map's iframe gets a title for screen readers (axe: frame-title)
        self.map.value = (
            facility_map(rows, online=self.online, height=400)
            ._repr_html_()
            .replace("<iframe ", f'<iframe title="Map: {html.escape(kind)}" ', 1)
        )
        counts = (
            self.layer[self.layer["facil_ty_k"] == self.facility_type.value]
            .groupby("kommune")
            .size()
            .rename(f"{kind}: antal")
        )
        self.chart.value = bar_chart(
            counts, title=f"{kind} per municipality", highlight=where if where != ALL else None
        )

    @property
    def widget(self) -> widgets.Widget:
        """The dashboard to display: pickers on top, the map and chart side by side, the table
        (on a page without a kernel, its first view as HTML)."""
        pickers = widgets.HBox([self.municipality, self.facility_type])
        middle = widgets.HBox(
            [
                widgets.Box([self.map], layout=widgets.Layout(width="62%")),
                widgets.Box([self.chart], layout=widgets.Layout(width="38%")),
            ],
            layout=widgets.Layout(width="100%"),
        )
        from oddk.static_widgets import Snapshot

        return Snapshot([pickers, self.summary, middle, self.table])


# -- the app face (Voilà) --------------------------------------------------------


def app_command(port: int = 8866, notebook: str = "dashboard.ipynb") -> tuple[list, Path, dict]:
    """How to start the dashboard as a Voilà app on 127.0.0.1: (argv, working folder, env).

    Voilà runs in app/, so it reads app/voila.json (the kit's template, no lab extensions
    but the widgets one); JUPYTER_PATH adds app/ so Voilà finds app/voila/templates/oddk.
    """
    import os
    import sys

    from oddk.paths import kit_root

    folder = kit_root() / "app"
    env = dict(os.environ)
    derived = _offline_page_template()
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(folder), str(derived), env.get("JUPYTER_PATH")]))
    env.setdefault("ODDK_ROOT", str(kit_root()))
    argv = [sys.executable, "-m", "voila", notebook, f"--port={port}", "--no-browser"]
    return argv, folder, env


def _offline_page_template() -> Path:
    """Voilà's base page (used for error and directory pages) without the Font Awesome
    stylesheet it loads from cdn.jsdelivr.net, derived from the installed Voilà at start-up
    (so the repository holds none of Voilà's own files). Returns the folder to add to
    JUPYTER_PATH; the page lands in build/jupyter/voila/templates/oddk/page.html."""
    import re

    import voila

    from oddk.paths import build_dir

    installed = Path(voila.__file__).resolve().parents[0]
    candidates = [
        Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates" / "base" / "page.html",
        installed.parent / "share" / "jupyter" / "voila" / "templates" / "base" / "page.html",
    ]
    source = next((c for c in candidates if c.is_file()), None)
    if source is None:
        raise FileNotFoundError("Voilà's base template page.html was not found: reinstall with `make setup`.")
    page = re.sub(r"\s*<link[^>]+cdn\.jsdelivr\.net[^>]*>", "", source.read_text(encoding="utf-8"))
    folder = build_dir() / "jupyter"
    target = folder / "voila" / "templates" / "oddk" / "page.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.is_file() or target.read_text(encoding="utf-8") != page:
        target.write_text(page, encoding="utf-8")
    return folder


def serve_app(port: int = 8866) -> int:
    """Run the dashboard app until Ctrl+C (`oddk app`, `make app`); returns the exit code."""
    import subprocess

    argv, folder, env = app_command(port)
    print(f"The dashboard app: http://127.0.0.1:{port}/  (Ctrl+C stops it)", flush=True)
    try:
        return subprocess.run(argv, cwd=folder, env=env).returncode
    except KeyboardInterrupt:
        return 0


PICKER_WORDS = {
    "en": ("Municipality", '{name}: code {code} ("{code4}"), {region}, main town {town}'),
    "da": ("Kommune", '{name}: kode {code} ("{code4}"), {region}, hovedby {town}'),
}


def municipality_facts(value, language: str = "en") -> str:
    """One line of facts about a municipality, in `language`: 'Aarhus Kommune: code 751
    ("0751"), Region Midtjylland, main town Aarhus'."""
    row = reference.find_municipality(value)
    return PICKER_WORDS[language][1].format(
        name=row["officielt_navn"], code=row["kode"], code4=row["kode4"],
        region=row["region_navn"], town=row["hovedby"])


def municipality_picker(value: str, language: str = "en") -> widgets.VBox:
    """A dropdown of the 98 municipalities and a line of facts about the one picked (code,
    padded code, region, main town, in `language`), starting at `value`. On a static page
    (the site) its first state stays as plain text."""
    from oddk.static_widgets import Snapshot

    kommuner = reference.municipalities()
    picker = widgets.Dropdown(options=sorted(kommuner["navn"]), value=value,
                              description=PICKER_WORDS[language][0])
    shown = widgets.HTML()
    shown.add_class("oddk-facts")

    def show(change=None):
        shown.value = f"<p>{html.escape(municipality_facts(picker.value, language))}</p>"

    picker.observe(show, names="value")
    show()
    return Snapshot([picker, shown], language=language)
