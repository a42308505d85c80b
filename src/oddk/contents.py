"""The map of the kit: the steps of the path and the notebook that teaches each,
read from the notebooks/ folder so the start page never lists a missing notebook."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from oddk.paths import kit_root

# (number, step, what the reader does there). School of Data's pipeline plus the
# publisher's steps; the notebook for step NN is notebooks/NN-*.ipynb.
STEPS = [
    ("00", "Start here", "what open data is, the path, a first look at the 98 municipalities"),
    ("01", "Find", "search the Open Data DK catalogue through its API; read metadata and licences"),
    (
        "02",
        "Get and verify",
        "download; detect encoding, separator and coordinates; a first quality look",
    ),
    ("03", "Clean", "Danish dates, numbers, municipality codes and coordinates; tidy tables"),
    ("04", "Standardise", "map a municipality's own columns to a common standard (GeoFA)"),
    ("05", "Publish", "readiness check, metadata (DCAT-AP-DK), publishing through the CKAN API"),
    ("06", "Use", "analysis, maps and dashboards"),
]


def learning_path() -> pd.DataFrame:
    """One row per step: step, what you do, and the notebook (path from notebooks/, or None)."""
    folder = kit_root() / "notebooks"
    rows = []
    for number, step, what in STEPS:
        found = sorted(folder.glob(f"{number}-*.ipynb"))
        rows.append(
            {
                "step": f"{number} · {step}",
                "what you do": what,
                "notebook": found[0].name if found else None,
            }
        )
    for sub, label in (("guidelines", "Guideline tool"), ("cases", "Worked case")):
        for path in sorted((folder / sub).glob("*.ipynb")):
            rows.append(
                {
                    "step": label,
                    "what you do": path.stem.replace("-", " "),
                    "notebook": f"{sub}/{path.name}",
                }
            )
    return pd.DataFrame(rows)


def as_markdown(path: pd.DataFrame, here: Path | None = None) -> str:
    """The path as a Markdown table with links to the notebooks that exist, relative
    to `here` (default: the working directory, i.e. the notebook's own folder, so
    the links also work from notebooks/da/)."""
    folder = (kit_root() / "notebooks").resolve()
    here = (here or Path.cwd()).resolve()
    prefix = ""
    if here != folder and here.is_relative_to(folder):
        prefix = os.path.relpath(folder, here).replace(os.sep, "/") + "/"
    lines = ["| Step | What you do | Notebook |", "|---|---|---|"]
    for row in path.itertuples(index=False):
        link = (
            f"[{row.notebook}]({prefix}{row.notebook})"
            if isinstance(row.notebook, str)
            else "not in the kit yet"
        )
        lines.append(f"| {row.step} | {row[1]} | {link} |")
    return "\n".join(lines)
