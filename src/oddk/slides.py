"""Slides for information meetings, made from notebooks with reveal.js.

reveal.js comes from the npm registry (`npm ci` in `make setup` puts it in
node_modules/reveal.js) and is copied next to the slides, so they work in a room
without internet and from a USB stick; nbconvert's own slide template would load
it, jQuery and require.js from a CDN.

Two kinds of slide notebook:

- a notebook written as slides (meeting-kit/*.ipynb): each cell's "Slide Type"
  (JupyterLab: property inspector, cell metadata `slideshow.slide_type`) decides;
- an executed guideline notebook (`auto=True`): every `#`/`##` heading starts a
  slide, code is hidden (the room sees results), the parameters cell is skipped.

    write_slides(Path("build/notebooks/notebooks/00-start-here.ipynb"),
                 Path("build/site/slides/00-start-here.html"), auto=True)
"""

from __future__ import annotations

import shutil
from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"
REVEAL_FOLDER = "reveal.js"  # next to the slide files
# What the slides need from the npm package (no source maps, no other themes).
REVEAL_FILES = [
    "LICENSE",
    "dist/reveal.js",
    "dist/reveal.css",
    "dist/theme/white.css",
    "dist/theme/fonts/source-sans-pro",
    "plugin/notes/notes.js",
]


class MissingReveal(RuntimeError):
    """reveal.js is not installed in node_modules."""


def copy_reveal(root: Path, out: Path) -> Path:
    """Copy the parts of node_modules/reveal.js the slides use to out/reveal.js."""
    source = Path(root) / "node_modules" / "reveal.js"
    if not (source / "dist" / "reveal.js").is_file():
        raise MissingReveal(
            f"{source} is not installed: run `make setup` (or `npm ci`) in the kit's folder."
        )
    target = out / REVEAL_FOLDER
    for name in REVEAL_FILES:
        src, dst = source / name, target / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copyfile(src, dst)
    return target


def auto_slide_types(nb) -> None:
    """Mark an ordinary notebook for slides: a heading starts a slide, the rest follows it."""
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "parameters" in tags or "injected-parameters" in tags:
            kind = "skip"
        elif cell.cell_type == "markdown" and cell.source.lstrip().startswith(("# ", "## ")):
            kind = "slide"
        else:
            kind = "-"
        cell.metadata["slideshow"] = {"slide_type": kind}


def write_slides(
    notebook: Path, target: Path, *, auto: bool, language: str = "en"
) -> tuple[str, Path]:
    """Render `notebook` as reveal.js slides into `target` (reveal.js must sit in
    target's folder, see `copy_reveal`). Returns (title, target)."""
    import nbformat
    from nbconvert import SlidesExporter

    from oddk.site import (
        CHROME,
        _empty_for_people,
        _title_frames,
        notebook_title,
        without_widget_views,
    )

    nb = without_widget_views(nbformat.read(notebook, as_version=4), language)
    title = notebook_title(notebook)
    nb.metadata["title"] = title
    if auto:
        auto_slide_types(nb)
    exporter = SlidesExporter(
        template_name="oddk-slides",
        extra_template_basedirs=[str(TEMPLATES)],
        reveal_url_prefix=REVEAL_FOLDER,
        reveal_theme="white",
        exclude_input=auto,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        language_code=language,
    )
    body, _ = exporter.from_notebook_node(nb)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(_title_frames(_empty_for_people(body), CHROME[language]["map"]),
                      encoding="utf-8")
    return f"{title} (slides)", target
