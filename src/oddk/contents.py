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


# The same steps in Danish (the notebooks themselves are in English, but 00's Danish twin)
STEPS_DA = {
    "00": ("Start her", "hvad åbne data er, vejen gennem kittet, et første blik på de 98 kommuner"),
    "01": ("Find", "søg i Open Data DK's katalog gennem dets API; læs metadata og licenser"),
    "02": ("Hent og efterprøv",
           "hent; find tegnsæt, skilletegn og koordinater; et første blik på kvaliteten"),
    "03": ("Rens", "danske datoer, tal, kommunekoder og koordinater; ryddelige tabeller"),
    "04": ("Standardisér", "omsæt en kommunes egne kolonner til en fælles standard (GeoFA)"),
    "05": ("Udgiv", "parathedstjek, metadata (DCAT-AP-DK), udgivelse gennem CKAN's API"),
    "06": ("Brug", "analyser, kort og dashboards"),
}
HEADINGS = {
    "en": ("Step", "What you do", "Notebook", "not in the kit yet", "Guideline tool",
           "Worked case"),
    "da": ("Trin", "Det gør du", "Notebook", "findes ikke i kittet endnu", "Vejledningsværktøj",
           "Gennemgået eksempel"),
}


def learning_path(language: str = "en") -> pd.DataFrame:
    """One row per step: step, what you do, and the notebook (path from notebooks/, or None),
    in `language` ("en" or "da")."""
    folder = kit_root() / "notebooks"
    rows = []
    for number, step, what in STEPS:
        if language == "da":
            step, what = STEPS_DA[number]
        found = sorted(folder.glob(f"{number}-*.ipynb"))
        rows.append(
            {
                "step": f"{number} · {step}",
                "what you do": what,
                "notebook": found[0].name if found else None,
            }
        )
    words = HEADINGS["da" if language == "da" else "en"]
    for sub, label in (("guidelines", words[4]), ("cases", words[5])):
        for path in sorted((folder / sub).glob("*.ipynb")):
            rows.append(
                {
                    "step": label,
                    "what you do": path.stem.replace("-", " "),
                    "notebook": f"{sub}/{path.name}",
                }
            )
    return pd.DataFrame(rows)


def as_markdown(path: pd.DataFrame, here: Path | None = None, language: str = "en") -> str:
    """The path as a Markdown table with links to the notebooks that exist, relative
    to `here` (default: the working directory, i.e. the notebook's own folder, so
    the links also work from notebooks/da/); headings in `language`."""
    folder = (kit_root() / "notebooks").resolve()
    here = (here or Path.cwd()).resolve()
    prefix = ""
    if here != folder and here.is_relative_to(folder):
        prefix = os.path.relpath(folder, here).replace(os.sep, "/") + "/"
    words = HEADINGS["da" if language == "da" else "en"]
    lines = [f"| {words[0]} | {words[1]} | {words[2]} |", "|---|---|---|"]
    for row in path.itertuples(index=False):
        link = (
            f"[{row.notebook}]({prefix}{row.notebook})"
            if isinstance(row.notebook, str)
            else words[3]
        )
        lines.append(f"| {row.step} | {row[1]} | {link} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- navigation

#: The reading order the navigation lines follow: the path, then the worked cases.
_CASES_AFTER = "06"
_CONTENTS_ANCHOR = "00-start-here.ipynb#2.-The-path-through-the-kit"
_DA_CONTENTS_ANCHOR = "00-start-here.ipynb#2.-Vejen-gennem-kittet"


def _title(path: Path) -> str:
    """'02 · Get and verify' for a path step, the notebook's own title for the others."""
    for number, step, _ in STEPS:
        if path.name.startswith(f"{number}-"):
            return f"{number} · {step}"
    import nbformat

    first = nbformat.read(path, as_version=4).cells[0].source.splitlines()[0]
    return first.lstrip("# ").split(":")[0].strip()


def reading_order() -> list[Path]:
    """The notebooks in the order a reader takes them: 00-06, then the worked cases."""
    folder = kit_root() / "notebooks"
    steps = [p for number, _, _ in STEPS for p in sorted(folder.glob(f"{number}-*.ipynb"))]
    return steps + sorted((folder / "cases").glob("*.ipynb"))


def nav_line(path) -> str | None:
    """The navigation line of a notebook under notebooks/, from the learning path: '← previous ·
    contents · next →' (None for notebooks outside notebooks/). The guideline tools point back
    to the publish step; the Danish start page to its English twin and on to 01."""
    path = Path(path).resolve()
    folder = (kit_root() / "notebooks").resolve()
    if not path.is_relative_to(folder):
        return None

    def link(target: Path, text: str | None = None) -> str:
        rel = os.path.relpath(target, path.parent).replace(os.sep, "/")
        return f"[{text or _title(target)}]({rel})"

    contents_link = os.path.relpath(folder / "00-start-here.ipynb", path.parent).replace(
        os.sep, "/")
    contents = f"[contents]({contents_link.replace('00-start-here.ipynb', _CONTENTS_ANCHOR)})"
    if path.parent.name == "da":
        english = folder / path.name
        back = os.path.relpath(english, path.parent).replace(os.sep, "/")
        return (f"[English version]({back}) · "
                f"[indhold]({_DA_CONTENTS_ANCHOR}) · "
                f"{link(folder / '01-find.ipynb', '01 · Find (engelsk)')} →")
    if path.parent.name == "guidelines":
        return f"← {link(folder / '05-publish.ipynb')} · {contents} · a guideline tool"
    order = [p.resolve() for p in reading_order()]
    if path not in order:
        return None
    i = order.index(path)
    parts = [f"← {link(order[i - 1])}"] if i else []
    parts.append(contents)
    if i + 1 < len(order):
        parts.append(f"{link(order[i + 1])} →")
    return " · ".join(parts)
