"""The seeded generator behind datasets/: `oddk datasets` writes every generated file,
`oddk datasets --check` regenerates into a temporary folder and compares bytes.

One module per data set (facilities, catalogue, mobility, tourism, population, bad, personal,
geodata);
each takes an `Output` and writes through it, so datasets/files.yaml lists every file
with the facts a reader needs (encoding, BOM, separator, decimal mark, CRS, header,
rows). Hand-written files (the README.md cards and datasets/reference/) are not touched.
"""

from __future__ import annotations

import filecmp
import sys
import tempfile
from pathlib import Path

import yaml

from oddk.generate.common import SNAPSHOT, Output, load_municipalities

#: Generated files live in these folders of datasets/ (besides files.yaml).
FOLDERS = ["facilities", "catalogue", "mobility", "tourism", "population", "bad", "personal",
           "geodata"]
HAND_WRITTEN = {"README.md"}
#: Folders of files made to test the readiness check (files.yaml's bad_files).
CHECK_FILES = ("bad/", "personal/", "geodata/")


_DST = {"source": "Statistics Denmark", "licence": "Statistics Denmark's terms (free reuse with "
        "the source named)", "synthetic": False}
_AARHUS = {"source": "Aarhus Kommune, Open Data DK (realtids-trafikdata)", "licence": "CC BY 4.0",
           "attribution": "Aarhus Kommune, Open Data DK, CC BY 4.0", "synthetic": False}
_ODAA = {**_AARHUS, "source": "Aarhus Kommune (ODAA)",
         "attribution": "Aarhus Kommune (ODAA), CC BY 4.0"}
_CSV = {"format": "csv", "encoding": "utf-8", "bom": False, "separator": ",", "header_row": 1}
#: The real files in datasets/real/, copied as published (not generated): their reading
#: facts, stated here and checked by the tests like every generated file's.
REAL_FILES = [
    {"path": "real/population/folk1a-2026-kommuner.csv", **_CSV, **_DST, "line_ending": "CRLF",
     "header": ["kommune_kode", "kommune_navn", "folketal", "aar"], "rows": 98,
     "attribution": "Kilde: Danmarks Statistik, statistikbanken.dk/folk1a"},
    {"path": "real/population/kommunegrupper-2018.csv", **_CSV, **_DST, "line_ending": "CRLF",
     "header": ["kommune_kode", "kommune_navn", "kommunegruppe", "kommunegruppe_navn"],
     "rows": 98, "attribution": "Kilde: Danmarks Statistik, kommunegrupper"},
    {"path": "real/mobility/aarhus-trafikdata-maalepunkter.csv", **_CSV, **_AARHUS,
     "line_ending": "LF", "decimal": ".", "rows": 929, "crs": "EPSG:4326",
     "header": ["_id", "REPORT_NAME", "REPORT_ID", "ORGANISATION", "RBA_ID", "POINT_1_NAME",
                "POINT_1_LAT", "POINT_1_LNG", "POINT_1_STREET", "POINT_1_STREET_NUMBER",
                "POINT_1_POSTAL_CODE", "POINT_1_COUNTRY", "POINT_2_NAME", "POINT_2_LAT",
                "POINT_2_LNG", "POINT_2_STREET_NUMBER", "POINT_2_POSTAL_CODE", "POINT_2_CITY",
                "POINT_2_COUNTRY", "DURATION_IN_SEC", "DISTANCE_IN_METERS", "NDT_IN_KMH",
                "ROAD_TYPE", "POINT_1_CITY", "POINT_2_STREET"]},
    {"path": "real/mobility/aarhus-realtids-trafikdata-2024-03-22.csv", **_CSV, **_AARHUS,
     "line_ending": "LF", "rows": 928,
     "header": ["_id", "REPORT_ID", "TIMESTAMP", "status", "avgMeasuredTime",
                "medianMeasuredTime", "vehicleCount", "avgSpeed"]},
    {"path": "real/mobility/aarhus-trafikdata-rapport-158505-2014-2015.csv", **_CSV, **_ODAA,
     "line_ending": "CRLF", "rows": 66_624,
     "header": ["TIMESTAMP", "avgSpeed", "vehicleCount", "avgMeasuredTime"]},
    {"path": "real/mobility/aarhus-parkeringshuse.csv", **_CSV, **_ODAA, "line_ending": "LF",
     "decimal": ".", "rows": 12, "crs": "EPSG:4326",
     "header": ["garagecode", "city", "postalcode", "street", "housenumber", "latitude",
                "longitude"]},
    {"path": "real/mobility/aarhus-trafikdata-datastore-search.json", "format": "json",
     "encoding": "utf-8", "bom": False, **_ODAA, "rows": 449, "crs": "EPSG:4326"},
]


def build_all(target: Path, reference_dir: Path) -> list[dict]:
    """Write every generated file under `target` (a datasets/ folder); return the register."""
    from oddk.generate import facilities

    towns = load_municipalities(reference_dir)
    out = Output(Path(target), reference=Path(reference_dir))
    facilities.build(out, towns)
    for name in ["mobility", "tourism", "population", "bad", "personal", "geodata", "catalogue"]:
        try:
            module = __import__(f"oddk.generate.{name}", fromlist=["build"])
        except ModuleNotFoundError:
            continue
        module.build(out, towns)
    _write_register(out, reference_dir)
    return out.entries


def _write_register(out: Output, reference_dir: Path) -> None:
    entries = sorted(out.entries, key=lambda e: e["path"])
    for name in ["municipalities.csv", "regions.csv"]:
        text = (reference_dir / name).read_text(encoding="utf-8")
        lines = text.splitlines()
        entries.append(
            {
                "path": f"reference/{name}",
                "format": "csv",
                "encoding": "utf-8",
                "bom": False,
                "separator": ",",
                "decimal": ".",
                "line_ending": "LF",
                "header": lines[0].split(","),
                "header_row": 1,
                "rows": len(lines) - 1,
                "synthetic": False,
            }
        )
    entries += REAL_FILES
    for e in entries:
        e.setdefault("synthetic", True)
    doc = {
        "about": "Every file in datasets/ with the facts a reader needs. Written by "
        "`oddk datasets` (src/oddk/generate); do not edit by hand. `files` read "
        "cleanly; `bad_files` carry deliberate defects (see bad/expected.yaml), and "
        "those marked readable: false must be refused with a clear message; personal/ holds "
        "personal data written the way staff write it and its look-alikes (see "
        "personal/expected.yaml); geodata/ holds the traits of what municipalities publish "
        "(MultiPoint, polygons, (0, 0) …) and what the standardiser must make of each (see "
        "geodata/expected.yaml).",
        "snapshot_date": SNAPSHOT.isoformat(),
        "files": [e for e in entries if not e["path"].startswith(CHECK_FILES)],
        "bad_files": [e for e in entries if e["path"].startswith(CHECK_FILES)],
    }
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    out.path("files.yaml").write_bytes(text.encode("utf-8"))  # LF on every OS


def generated_paths(folder: Path) -> set[str]:
    """Paths (relative, '/'-separated) of generated files found in a datasets/ folder."""
    found = {"files.yaml"} if (folder / "files.yaml").exists() else set()
    for sub in FOLDERS:
        for p in (folder / sub).rglob("*"):
            if p.is_file() and p.name not in HAND_WRITTEN:
                found.add(p.relative_to(folder).as_posix())
    return found


def compare(fresh: Path, committed: Path) -> list[str]:
    """Differences between a fresh generation and the committed datasets/, in words."""
    problems = []
    new, old = generated_paths(fresh), generated_paths(committed)
    for rel in sorted(new - old):
        problems.append(f"missing in datasets/: {rel} (run `oddk datasets` and commit it)")
    for rel in sorted(old - new):
        problems.append(f"not made by the generator any more: datasets/{rel} (delete it)")
    for rel in sorted(new & old):
        if not filecmp.cmp(fresh / rel, committed / rel, shallow=False):
            problems.append(f"differs from a fresh generation: datasets/{rel}")
    return problems


def main_datasets(check: bool = False, root: Path | None = None) -> int:
    """`oddk datasets [--check]`."""
    from oddk.paths import datasets_dir

    datasets = Path(root) if root else datasets_dir()
    reference = datasets / "reference"
    if not check:
        entries = build_all(datasets, reference)
        print(f"Wrote {len(entries)} files under {datasets} (snapshot {SNAPSHOT}).")
        return 0
    with tempfile.TemporaryDirectory(prefix="oddk-datasets-") as tmp:
        build_all(Path(tmp), reference)
        problems = compare(Path(tmp), datasets)
    if problems:
        print("datasets/ is not what the generator makes:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    print("datasets/ matches a fresh generation, byte for byte.")
    return 0


def main_scale(rows: int, out: str) -> int:
    """`oddk scale --rows N --out PATH`."""
    from oddk.generate import scale

    path = scale.write(Path(out), rows)
    print(f"Wrote {rows} rows to {path}.")
    return 0
