"""Starter notebooks: for every dataset of the embedded catalogue whose file the kit ships,
the generated notebook runs under papermill and detects the encoding, separator and
coordinate system datasets/files.yaml records; one made by URL from the practice portal runs
against it; the kit reads five Danish files that openZH's way (pd.read_csv with ',' then
';') gets wrong; --all writes one per dataset and an index; a resource without a licence
says so first."""

from __future__ import annotations

import re
import subprocess
import sys

import nbformat
import pandas as pd
import pytest
import yaml

from oddk import catalogue, starter
from oddk.paths import kit_root
from oddk.read import read_table

ROOT = kit_root()
FILES = {f["path"]: f for f in yaml.safe_load((ROOT / "datasets" / "files.yaml").read_text(
    "utf-8"))["files"]}
SHIPPED = catalogue.shipped_resources()
DETECTED = re.compile(r"encoding (\S+), separator (\S+), decimal mark (\S+), coordinates (\S+)")


def run(notebook, out, env=None):
    done = subprocess.run([sys.executable, "-m", "papermill", "--log-level", "ERROR",
                           str(notebook), str(out), "--cwd", str(notebook.parent)],
                          capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return nbformat.read(out, as_version=4)


def printed(nb) -> str:
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))


@pytest.mark.notebook
@pytest.mark.parametrize("package", sorted(set(SHIPPED["package"])))
def test_each_shipped_dataset_gets_a_starter_that_runs_and_detects_the_file(package, tmp_path):
    cat = catalogue.connect()
    path = starter.write_one(cat, package, tmp_path)
    resource = nbformat.read(path, as_version=4).cells[1].source
    rid = re.search(r'resource_id = "([^"]+)"', resource).group(1)
    assert rid in set(SHIPPED["resource_id"]), "offline, the starter opens a file the kit ships"
    text = printed(run(path, tmp_path / "out.ipynb"))
    assert "✓ read" in text and "Open data stars:" in text
    facts = FILES[SHIPPED.loc[SHIPPED["resource_id"] == rid, "path"].iloc[0]]
    encoding, separator, decimal, crs = DETECTED.search(text).groups()
    if facts.get("encoding"):
        assert encoding.removesuffix("-sig") == facts["encoding"], text
    if facts.get("separator"):
        assert separator == repr(facts["separator"]), text
    if facts.get("decimal") and decimal != "None":  # whole numbers only show no decimal mark
        assert decimal == repr(facts["decimal"]), text
    assert crs.rstrip(",") == (facts.get("crs") or "none").split(" ")[0], text


@pytest.mark.notebook
def test_a_starter_made_by_url_runs_against_the_practice_portal(tmp_path):
    import os

    from oddk.portal.testing import running_portal

    with running_portal(tmp_path / "portal") as portal:
        path = starter.write_one(catalogue.connect(portal.url), "offentlige-toiletter-aalborg",
                                 tmp_path / "starters")
        assert f'portal = "{portal.url}"' in nbformat.read(path, as_version=4).cells[1].source
        text = printed(run(path, tmp_path / "out.ipynb",
                           env={**os.environ, "ODDK_OUTPUT": str(tmp_path / "output")}))
    assert "encoding cp1252, separator ';'" in text and "EPSG:25832" in text
    assert (tmp_path / "output" / "downloads").is_dir(), "downloaded into the output folder"


DANISH_FILES = [  # (file, what the kit must find)
    ("facilities/aalborg-toiletter-synthetic.csv", {"encoding": "cp1252", "numeric": "X_KOORD"}),
    ("facilities/aarhus-toiletter-synthetic.csv", {"numeric": "Breddegrad"}),
    ("geodata/syddjurs-parkering-multipolygoner-synthetic.geojson",
     {"crs": "EPSG:25832", "places": True}),
    ("facilities/odense-legepladser-synthetic.xlsx", {"crs": "EPSG:25832", "places": True}),
    ("facilities/odense-parkering-synthetic.shp",
     {"encoding": "cp1252", "crs": "EPSG:25832", "places": True}),
]
PLACE_COLUMNS = re.compile(r"^(x|y|lon|lat|longitude|latitude|geometry|.*koord.*|.*_x|.*_y)$",
                           re.I)


def openzh_get_dataset(path):
    """openZH's starter code: read_csv with ',' and, when that gives one column, ';'."""
    df = pd.read_csv(path)
    if len(df.columns) == 1:
        df = pd.read_csv(path, sep=";")
    return df


@pytest.mark.parametrize("name, want", DANISH_FILES, ids=[n for n, _ in DANISH_FILES])
def test_the_kit_reads_what_the_naive_starter_gets_wrong(name, want):
    path = ROOT / "datasets" / name
    df, report = read_table(path)
    try:
        naive = openzh_get_dataset(path)
    except Exception:
        naive = None  # it stops: wrong
    if naive is not None:  # it read something: show that it is wrong
        danish = "".join(str(c) for c in naive.columns) + naive.astype(str).head(20).to_string()
        if want.get("places"):  # a file of places: no column the naive read found holds them
            wrong = not any(PLACE_COLUMNS.match(str(c)) for c in naive.columns)
        else:
            wrong = ("numeric" in want and want["numeric"] in naive.columns and not
                     pd.api.types.is_numeric_dtype(naive[want["numeric"]])) or \
                "Ã" in danish or "\ufffd" in danish
        assert wrong, f"the naive read of {name} looked right"
    if want.get("places"):  # the kit finds the places
        assert report.coordinate_columns or "geometry" in df.columns
    if "encoding" in want:
        assert report.encoding == want["encoding"]
    if "numeric" in want:
        assert pd.api.types.is_numeric_dtype(df[want["numeric"]])
    if "crs" in want:
        assert report.crs == want["crs"]
    assert len(df) > 0 and "Ã" not in df.astype(str).to_string()


def test_all_writes_one_per_dataset_and_an_index(tmp_path):
    written = starter.write_all("offline", tmp_path, progress=False)
    packages = catalogue.connect().search_all()
    assert len(written) == len(packages) + 2, "the notebooks, the cards and the index"
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    for pkg in packages:
        assert f'href="{pkg["name"]}.ipynb"' in index
    with pytest.raises(FileExistsError):
        starter.write_all("offline", tmp_path, progress=False)


def test_a_resource_without_a_licence_says_first_ask_the_publisher(tmp_path):
    import json

    faults = json.loads((ROOT / "datasets" / "catalogue" / "faults.json").read_text("utf-8"))
    fault = next(f for f in faults if f["field"] == "license_id")
    nb = starter.starter_notebook(catalogue.connect(), fault["dataset"], fault["resource_id"])
    head = nb.cells[0].source
    assert head.index("ask the publisher") < head.index("A starter notebook for")
    assert "Attribution to copy" not in head


@pytest.mark.browser
def test_the_index_passes_the_link_check_and_axe(tmp_path):
    from oddk import site
    from tests.browser import offline_browser, serve
    from tests.test_a11y import axe_violations

    starter.write_all("offline", tmp_path, progress=False)
    assert site.link_problems(tmp_path) == []
    with serve(tmp_path) as url, offline_browser() as guarded:
        guarded.page.goto(f"{url}/index.html")
        problems = axe_violations(guarded.page)
        assert problems == [], problems
    assert guarded.outside == []


def test_challenge_cards_combine_datasets_and_point_at_their_starters(tmp_path):
    from oddk.starter.challenges import cards

    written = starter.write_all("offline", tmp_path, progress=False)
    page = (tmp_path / "challenges.html").read_text(encoding="utf-8")
    deck = cards(catalogue.connect().search_all())
    titles = [c.title for c in deck]
    toilets = next(c for c in deck if c.title.startswith("Toilet from"))
    assert len({org for _n, _t, org in toilets.datasets}) >= 4, "toilets from four or more"
    assert any(t.startswith("Traffic with parking") for t in titles)
    assert any(t.startswith("Tourism with facilities in Region Nordjylland") for t in titles)
    links = set(re.findall(r'href="([a-z0-9-]+\.ipynb)"', page))
    assert links and links <= {p.name for p in written}, "every card links a written starter"
    assert 'href="challenges.html"' in (tmp_path / "index.html").read_text(encoding="utf-8")
    hackathon = (ROOT / "meeting-kit" / "hackathon.md").read_text(encoding="utf-8")
    assert "challenges.html" in hackathon and "data-requests.yaml" in hackathon
