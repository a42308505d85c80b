"""The rendered guideline site: one HTML page per executed notebook and an index
page with the learning path. Built offline: the page template loads nothing from
a CDN (see templates/oddk-site)."""

from __future__ import annotations

import html
import re
from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"

# Sections of the index page, by where a notebook lives.
SECTIONS = [
    ("notebooks/", "The learning path", "Find, get and verify, clean, standardise, publish, use."),
    ("notebooks/guidelines/", "Guideline tools", "Run these on your own file."),
    ("notebooks/cases/", "Worked cases", "Regional cases built on real-shaped data."),
]


def notebook_title(path: Path) -> str:
    """The first markdown heading of a notebook, without the leading #'s."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return path.stem


def build_site(root: Path, pages: list[tuple[str, Path, str]], site_dir: Path) -> Path:
    """Render each executed notebook in `pages` ([(notebook, executed copy, status)])
    into site_dir and write site_dir/index.html. Returns the index path."""
    from nbconvert import HTMLExporter

    site_dir.mkdir(parents=True, exist_ok=True)
    ordered = sorted(pages, key=lambda p: _section_rank(p[0]) + (p[0],))
    entries = []
    for nb, executed, status in ordered:
        entries.append((nb, _page_path(nb), notebook_title(executed), status))
    for i, (nb, executed, _status) in enumerate(ordered):
        target = site_dir / entries[i][1]
        target.parent.mkdir(parents=True, exist_ok=True)
        exporter = HTMLExporter(template_name="oddk-site", extra_template_basedirs=[str(TEMPLATES)])
        prefix = "../" * (len(Path(entries[i][1]).parts) - 1)
        nav = _nav(entries, i, prefix)
        body, _ = exporter.from_filename(str(executed), resources={"oddk_nav": nav})
        target.write_text(_link_ipynb_to_html(body), encoding="utf-8")
    index = site_dir / "index.html"
    index.write_text(_index_html(entries), encoding="utf-8")
    return index


def _section_rank(nb: str) -> tuple[int]:
    # The learning path first, then the tools, then the cases.
    if nb.startswith("notebooks/guidelines/"):
        return (1,)
    if nb.startswith("notebooks/cases/"):
        return (2,)
    return (0,)


def _page_path(nb: str) -> str:
    """notebooks/00-start-here.ipynb → 00-start-here.html (site paths drop 'notebooks/')."""
    rel = nb.removeprefix("notebooks/")
    return str(Path(rel).with_suffix(".html").as_posix())


def _nav(entries, i: int, prefix: str) -> str:
    links = []
    if i > 0:
        links.append(f'<a href="{prefix}{entries[i - 1][1]}">← {html.escape(entries[i - 1][2])}</a>')
    links.append(f'<a href="{prefix}index.html">Contents</a>')
    if i + 1 < len(entries):
        links.append(f'<a href="{prefix}{entries[i + 1][1]}">{html.escape(entries[i + 1][2])} →</a>')
    return " ".join(links)


def _link_ipynb_to_html(page: str) -> str:
    """Links between notebooks (href="01-find.ipynb") point to their pages on the site."""
    return re.sub(r'href="(?!https?:)([^"#]+)\.ipynb(#[^"]*)?"', r'href="\1.html\2"', page)


def _index_html(entries) -> str:
    parts = []
    for prefix, heading, intro in SECTIONS:
        rows = [e for e in entries if _in_section(e[0], prefix)]
        if not rows:
            continue
        items = "\n".join(
            f'<li><a href="{html.escape(target)}">{html.escape(title)}</a>'
            + (' <strong class="failed">(failed: see the page)</strong>' if status != "ok" else "")
            + "</li>"
            for _nb, target, title, status in rows
        )
        parts.append(f"<section><h2>{heading}</h2><p>{intro}</p><ol>\n{items}\n</ol></section>")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Open Data DK onboarding kit: the guidelines</title>
<style>
  body {{ font: 17px/1.5 system-ui, sans-serif; max-width: 48em; margin: 2em auto; padding: 0 1em; color: #1a1a1a; }}
  h1 {{ color: #0b3d62; }} a {{ color: #0b5cad; }} .failed {{ color: #a40000; }}
</style>
</head>
<body>
<main>
<h1>Open Data DK onboarding kit</h1>
<p>The guidelines as executed notebooks: each page shows the text, the code and what it produced
on the kit's embedded data. Start at the top and follow the path.</p>
{"".join(parts)}
</main>
</body>
</html>
"""


def _in_section(nb: str, prefix: str) -> bool:
    if prefix == "notebooks/":
        return nb.startswith("notebooks/") and not nb.startswith(("notebooks/guidelines/", "notebooks/cases/"))
    return nb.startswith(prefix)
