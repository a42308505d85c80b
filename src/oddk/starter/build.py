"""The cells of one starter notebook, from a dataset's metadata."""

from __future__ import annotations

import datetime as dt
import json

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from oddk import catalogue as cat_mod
from oddk import vocab

# Formats oddk.read reads; the first such resource is the starter's default.
READABLE = ("CSV", "TSV", "XLSX", "GEOJSON", "JSON", "SHP", "ZIP")
SERVICES = ("WMS", "WFS", "WMTS", "OGC")
KIT_PATH = {  # the kit's lesson that takes each kind of data on
    "geofa": "04 · Standardise (the GeoFA standard) and 06 · Use (maps and dashboards)",
    "dates": "06 · Use (counts over time) and the worked case on traffic in Aarhus",
    "any": "03 · Clean (Danish numbers, dates, municipality codes) and 06 · Use",
}


def pick_resource(pkg: dict, resource_id: str | None = None, prefer=()) -> dict:
    """The resource asked for, else the first one the kit can read (of `prefer`, the ids of
    files at hand, when there is one), else the first."""
    resources = [r for r in pkg.get("resources") or [] if isinstance(r, dict)]
    if not resources:
        raise ValueError(f"The dataset '{pkg.get('name')}' has no resources to start from.")
    if resource_id:
        for r in resources:
            if r.get("id") == resource_id:
                return r
        raise ValueError(f"The dataset '{pkg.get('name')}' has no resource '{resource_id}'; its "
                         f"resources are {', '.join(r['id'] for r in resources)}.")
    readable = [r for r in resources if (r.get("format") or "").upper() in READABLE]
    return next((r for r in readable if r.get("id") in prefer), None) or \
        (readable or resources)[0]


def _is_service(res: dict) -> bool:
    fmt = (res.get("format") or "").upper()
    url = (res.get("url") or "").lower()
    return fmt in SERVICES or "service=wms" in url or "service=wfs" in url


def _header(pkg: dict, res: dict, where: str) -> str:
    lic_code = res.get("license_id") or pkg.get("license_id")
    terms = cat_mod.licence_terms(lic_code)
    known = vocab.licence(lic_code) if lic_code else None
    publisher = (pkg.get("organization") or {}).get("title") or "the publisher"
    title = pkg.get("title") or pkg["name"]
    freq = vocab.FREQUENCIES.get(pkg.get("update_frequency") or "", {}).get("en", "not said")
    contact = ", ".join(x for x in (pkg.get("author"), pkg.get("author_email")) if x) or \
        "not given"
    lines = [f"# {title}", ""]
    if not lic_code:
        lines += ["> **No licence.** This resource has no licence, so nobody may reuse it yet: "
                  f"**ask the publisher ({contact}) before reuse**, and ask them to publish it "
                  "under an open licence (CC0 or CC BY 4.0).", ""]
    lines += [
        f"A starter notebook for **{title}** from **{publisher}**, made by the Open Data DK kit "
        f"on {dt.date.today().isoformat()} from {where}. Run it as it is (*Run All*), then make "
        "it yours.", "",
        f"**What it is** {(pkg.get('notes') or 'The publisher gives no description.').strip()}",
        "", f"**Updated** {freq} · **Contact** {contact} · **Resource** "
        f"{res.get('name') or res.get('id')} ({(res.get('format') or '?').upper()})", "",
        f"**Licence** {terms['title']}: reuse {terms['reuse']}; {terms['conditions']}.",
    ]
    if known is not None and known.open:
        lines += ["", "**Attribution to copy**: " + f"*{title}, {publisher}, "
                  f"{known.short}, via Open Data DK*"]
    return "\n".join(lines)


def _parameters(portal: str, pkg: dict, res: dict) -> str:
    return (f"portal = {json.dumps(portal)}  # \"offline\" (the kit's catalogue) or the portal's "
            "address, e.g. \"https://admin.opendata.dk\"\n"
            f"dataset = {json.dumps(pkg['name'])}  # the dataset's name on the portal\n"
            f"resource_id = {json.dumps(res['id'])}  # which of its files\n"
            "online = False  # True draws maps on web tiles; False works without internet")


READ = '''import pandas as pd

from oddk import catalogue
from oddk.read import read_table

cat = catalogue.connect(portal)
package = cat.show(dataset)
resource = cat.resource(resource_id)
path = cat.get(resource)  # offline: the kit's own copy; online: downloaded into the output folder
df, report = read_table(path)
print(f"{path.name}: {len(df):,} rows, {len(df.columns)} columns, {report.format}")
print(f"encoding {report.encoding}, separator {report.separator!r}, decimal mark "
      f"{report.decimal!r}, coordinates {report.crs or 'none'}"
      + (f" in {', '.join(report.coordinate_columns)}" if report.coordinate_columns else ""))
df.head()'''

CHECK_READ = '''assert len(df.columns) > 0, "The file should read as a table with columns."
assert resource["id"] == resource_id and resource in package["resources"], \\
    "The resource belongs to the dataset."
print(f"✓ read {len(df):,} rows of {dataset!r} through oddk.read")'''

PROFILE = '''from oddk.first_look import profile

profile(df, report)  # type, empty cells (also ' ' and '-'), distinct values, an example'''

MAP = '''import folium

from oddk import maps
from oddk.first_look import placed

points, where = placed(df, report)
print(where)
if len(points):
    m = maps.base_map(online=online)  # offline: no background tiles, the points still show
    for row in points[points["inside Denmark"]].head(2000).itertuples():
        folium.CircleMarker([row.lat, row.lon], radius=3, fill=True).add_to(m)
    display(m)'''

DATES = '''dates = {}
for column in df.columns:
    values = df[column].dropna().astype(str)
    if pd.api.types.is_datetime64_any_dtype(df[column]):
        dates[column] = df[column]
    elif len(values) and values.str.match(r"^\\d{4}-\\d{2}-\\d{2}").mean() > 0.9:
        dates[column] = pd.to_datetime(df[column], errors="coerce", format="ISO8601", utc=True)
if dates:
    column, when = next(iter(dates.items()))
    span = (when.max() - when.min()).days
    per = when.dt.strftime("%Y-%m-%d" if span <= 62 else "%Y-%m")
    counts = per.value_counts().sort_index()
    counts.plot(kind="bar", figsize=(9, 3), title=f"Rows per {'day' if span <= 62 else 'month'} "
                f"({column})", legend=False)
else:
    print("No column of ISO dates (2024-05-01) found; Danish dates (01-05-2024) need "
          "oddk.clean.parse_date first.")'''

DATASTORE = '''rows = cat.call("datastore_search", resource_id=resource_id, limit=5)
print(f"The DataStore holds {rows['total']:,} rows of this resource; the first five:")
pd.DataFrame(rows["records"])'''

READY = '''from oddk.check import check

readiness = check(path, metadata=package)
print(f"Open data stars: {readiness.stars} of 5. {' '.join(readiness.stars_reasons)}")
for finding in readiness.findings[:8]:
    print(f"- {finding.message}")'''

SERVICE = '''from oddk import catalogue

resource = catalogue.connect(portal).resource(resource_id)
print("The service's address:", resource["url"])'''

SERVICE_MAP = '''if online:  # a WMS layer over a web map (needs the internet)
    import folium

    from oddk import maps

    m = maps.base_map(online=True)
    folium.raster_layers.WmsTileLayer(url=resource["url"].split("?")[0], layers="",
                                      fmt="image/png", transparent=True).add_to(m)
    display(m)
else:
    print("Set online = True to see the layer on a web map.")'''


def _kinds(pkg: dict) -> str:
    from oddk.municipality_report.peers import kinds_of

    return "geofa" if any(k.startswith("GeoFA") for k in kinds_of(pkg)) else "any"


def starter_notebook(cat, name: str, resource_id: str | None = None):
    """The starter notebook (nbformat) for dataset `name` of catalogue `cat`."""
    pkg = cat.show(name)
    shipped = set(cat_mod.shipped_resources()["resource_id"]) if cat.offline else set()
    res = pick_resource(pkg, resource_id, prefer=shipped)
    portal = cat_mod.OFFLINE if cat.offline else cat.url
    cells = [new_markdown_cell(_header(pkg, res, cat.where)),
             new_code_cell(_parameters(portal, pkg, res))]
    cells[1].metadata["tags"] = ["parameters"]
    if _is_service(res):
        cells += [new_markdown_cell("## 1. The service\n\nThis resource is a map service, not a "
                                    "file: programs ask it for map images (WMS) or features (WFS). "
                                    "In **QGIS**: *Layer → Add Layer → Add WMS/WMTS Layer* (or WFS), "
                                    "*New*, and paste the address below."),
                  new_code_cell(SERVICE), new_code_cell(SERVICE_MAP)]
        return _notebook(cells)
    kind = _kinds(pkg)
    cells += [
        new_markdown_cell("## 1. Read the file\n\n`oddk.read.read_table` reads CSV in any Danish "
                          "shape (Windows-1252, `;`, decimal comma), Excel, GeoJSON and "
                          "shapefiles, and says what it detected: a plain `pd.read_csv` with `,` "
                          "or `;` gets such files wrong."),
        new_code_cell(READ), new_code_cell(CHECK_READ),
        new_markdown_cell("## 2. A first look\n\nColumns and their types, and the empty cells "
                          "(Danish files also write ' ' or '-' for nothing)."),
        new_code_cell(PROFILE),
        new_markdown_cell("## 3. On a map\n\nWhen the file has coordinates (x/y in EPSG:25832, "
                          "longitude/latitude, or a geometry), each row is placed in WGS84."),
        new_code_cell(MAP),
        new_markdown_cell("## 4. Over time\n\nWhen a column holds ISO dates, the rows per day or "
                          "month."),
        new_code_cell(DATES),
    ]
    section = 5
    if res.get("datastore_active"):
        cells += [new_markdown_cell(f"## {section}. Rows without the file: the DataStore\n\nThis "
                                    "resource is also in the portal's DataStore: ask for rows "
                                    "(`q`, `filters`, `sort`, `limit`) without downloading it."),
                  new_code_cell(DATASTORE)]
        section += 1
    cells += [
        new_markdown_cell(f"## {section}. Ready to re-use?\n\nThe kit's readiness check, as a "
                          "re-user needs it: the open data stars and the known problems."),
        new_code_cell(READY),
        new_markdown_cell(f"## {section + 1}. Continue here\n\nIdeas with the kit's notebooks: "
                          f"{KIT_PATH[kind]}; the worked cases combine datasets (traffic with "
                          "parking, tourism with facilities)."),
    ]
    return _notebook(cells)


def _notebook(cells):
    return new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"},
        "language_info": {"name": "python"}})


def write_notebook(nb, path) -> None:
    nbformat.write(nb, str(path))


PAGE_STYLE = ("body{font:16px/1.5 system-ui,sans-serif;max-width:70em;margin:1.5em auto;"
              "padding:0 1em}a{color:#0b5cad}h2{color:#0b3d62}")


def page(title: str, body: str, style: str = "") -> str:
    """A plain HTML page (the starters' index, the challenge cards): nothing from outside."""
    import html

    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)} · Open Data DK</title>\n"
            f"<style>{PAGE_STYLE}{style}</style></head><body><main>\n{body}\n</main></body>"
            "</html>\n")
