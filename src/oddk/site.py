"""The rendered guideline site, built offline from the executed notebooks.

    build/site/index.html            the learning path, the tools, the cases, Danish pages
    build/site/00-start-here.html    one page per notebook, outputs and maps included
    build/site/data/<set>/index.html the data cards (datasets/**/README.md)
    build/site/glossary.html         Danish and English terms (docs/glossary.yaml)
    build/site/search.html           a search over every page (search-index.js, search.js)
    build/site/slides/               reveal.js slides for information meetings

Nothing on the site is fetched from outside: the page template drops nbconvert's
require.js, MathJax, Mermaid and widget scripts (templates/oddk-site), maps carry
their assets inside their iframe (oddk.maps), the slides use reveal.js installed
from npm (node_modules/reveal.js, copied next to them), and the search is a few
lines of our own script. `link_problems(site)` checks all of that.

Links in notebooks and cards are repository paths (`../datasets/reference/README.md`,
`01-find.ipynb`); the site points them at the page built from that file, at a copy
of a small data file, or else at the file in the repository on GitHub.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

TEMPLATES = Path(__file__).parent / "templates"
REPO_URL = "https://github.com/OpenDataDK/oddk-kit/blob/main/"
MAX_COPIED_FILE = 2 * 1024 * 1024  # data files linked from a card are copied up to this size
LANGUAGE_FOLDERS = {"da": "Dansk"}  # notebooks/da/ holds Danish versions of English notebooks

# The page chrome of a notebook's page, in the page's language.
CHROME = {
    "en": {"contents": "Contents", "data": "Data", "glossary": "Glossary", "search": "Search",
           "nav": "Guideline navigation", "nav_bottom": "Guideline navigation, bottom",
           "map": "Map",
           "widget": "An interactive control is here when the notebook runs (in JupyterLab or "
                     "on Binder)."},
    "da": {"contents": "Indhold", "data": "Data", "glossary": "Ordliste", "search": "Søg",
           "nav": "Navigation i vejledningen", "nav_bottom": "Navigation i vejledningen, nederst",
           "map": "Kort",
           "widget": "Her er en interaktiv vælger, når notebooken kører (i JupyterLab eller på "
                     "Binder)."},
}

# Sections of the index page, by where a notebook lives.
SECTIONS = [
    ("notebooks/", "The learning path", "Find, get and verify, clean, standardise, publish, use."),
    ("notebooks/guidelines/", "Guideline tools", "Run these on your own file."),
    ("notebooks/cases/", "Worked cases", "Regional cases built on real-shaped data."),
    (
        "notebooks/da/",
        "På dansk (in Danish)",
        "Notebooks translated into Danish, with the same code.",
    ),
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
    into site_dir, with the data cards, glossary, search and slides, and write
    site_dir/index.html. Returns the index path."""
    from nbconvert import HTMLExporter

    root = Path(root)
    site_dir.mkdir(parents=True, exist_ok=True)
    ordered = sorted(pages, key=lambda p: _section_rank(p[0]) + (p[0],))
    entries = [
        (nb, _page_path(nb), notebook_title(executed), status) for nb, executed, status in ordered
    ]
    links = _Links(root, site_dir, {nb: page for nb, page, _t, _s in entries})
    search = []
    for i, (nb, executed, _status) in enumerate(ordered):
        page = entries[i][1]
        target = site_dir / page
        target.parent.mkdir(parents=True, exist_ok=True)
        language = _language(nb)
        exporter = HTMLExporter(
            template_name="oddk-site",
            extra_template_basedirs=[str(TEMPLATES)],
            language_code=language,
        )
        nb_node = _read_notebook(executed, entries[i][2], language)
        words = CHROME[language]
        resources = {"oddk_nav": _nav(entries, i, _prefix(page), language),
                     "oddk_prefix": _prefix(page), "oddk_nav_label": words["nav"],
                     "oddk_nav_label_bottom": words["nav_bottom"]}
        body, _ = exporter.from_notebook_node(nb_node, resources=resources)
        body = _empty_for_people(links.rewrite(body, nb, page))
        target.write_text(_title_frames(body, words["map"]), encoding="utf-8")
        search.append({"t": entries[i][2], "u": page, "x": _notebook_text(nb_node)})
    cards = _write_cards(root, site_dir, links)
    search += cards
    search += _write_glossary(root, site_dir)
    slides = _write_slides(root, ordered, site_dir, links)
    reports = _write_reports(site_dir)
    starters = _write_starters(site_dir)
    _write_search(site_dir, search)
    index = site_dir / "index.html"
    index.write_text(_index_html(entries, cards, slides, reports, starters), encoding="utf-8")
    problems = link_problems(site_dir)
    if problems:
        print(
            f"The site has {len(problems)} broken link(s) or outside asset(s); fix the link in "
            "the notebook or card named:",
            file=sys.stderr,
        )
        for problem in problems[:20]:
            print(f"  ✗ {problem}", file=sys.stderr)
    return index


# ---------------------------------------------------------------- notebooks


def _section_rank(nb: str) -> tuple[int]:
    # The learning path first, then the tools, the cases, then translations.
    for rank, (prefix, _h, _i) in enumerate(SECTIONS[1:], start=1):
        if nb.startswith(prefix):
            return (rank,)
    return (0,)


def _section_of(nb: str) -> str:
    for prefix, _h, _i in SECTIONS[1:]:
        if nb.startswith(prefix):
            return prefix
    return "notebooks/"


def _language(nb: str) -> str:
    parts = PurePosixPath(nb).parts
    return parts[1] if len(parts) > 2 and parts[1] in LANGUAGE_FOLDERS else "en"


def _page_path(nb: str) -> str:
    """notebooks/00-start-here.ipynb → 00-start-here.html (site paths drop 'notebooks/')."""
    rel = nb.removeprefix("notebooks/")
    return str(PurePosixPath(rel).with_suffix(".html"))


def _prefix(page: str) -> str:
    return "../" * (len(PurePosixPath(page).parts) - 1)


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _read_notebook(path: Path, title: str, language: str = "en"):
    """The executed notebook, ready for a page without a kernel: a widget's output shows
    the picture of its first state it carries (oddk.static_widgets), or a note in its place,
    never an empty box."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nb.metadata["title"] = title  # the page's <title>
    return without_widget_views(nb, language)


def without_widget_views(nb, language: str = "en"):
    """`nb` with every widget output replaced by its first state's picture, or a note."""
    note = f'<p class="oddk-widget-note"><em>{html.escape(CHROME[language]["widget"])}</em></p>'
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data")
            if not data or WIDGET_VIEW not in data:
                continue
            del data[WIDGET_VIEW]
            if not set(data) - {"text/plain"}:
                data["text/html"] = note
            data.pop("text/plain", None)  # "VBox(children=…)" is no words for people
    return nb


_MISSING_CELL = re.compile(r"<td>(?:NaN|None|NaT|&lt;NA&gt;|nan)</td>")
# folium's hint for an untrusted notebook, behind every map: a page is never untrusted
_TRUST_HINT = re.compile(r'<span style="color:#565656">Make this Notebook Trusted to load map: '
                         r"File -&gt; Trust Notebook</span>")


def _empty_for_people(page: str) -> str:
    """Tables on a page are for people: a missing value is an empty cell, not NaN or None;
    and no hint meant for JupyterLab (folium's "Make this Notebook Trusted")."""
    return _TRUST_HINT.sub("", _MISSING_CELL.sub("<td></td>", page))


def _nav(entries, i: int, prefix: str, language: str = "en") -> str:
    """← previous · Contents · next → along the page's own section, then the site's pages,
    in the page's language."""
    section = _section_of(entries[i][0])
    same = [j for j, e in enumerate(entries) if _section_of(e[0]) == section]
    at = same.index(i)
    links = []
    if at > 0:
        e = entries[same[at - 1]]
        links.append(f'<a href="{prefix}{e[1]}" rel="prev">← {html.escape(e[2])}</a>')
    words = CHROME[language]
    links.append(f'<a href="{prefix}index.html">{words["contents"]}</a>')
    if at + 1 < len(same):
        e = entries[same[at + 1]]
        links.append(f'<a href="{prefix}{e[1]}" rel="next">{html.escape(e[2])} →</a>')
    return " ".join(links) + _site_links(prefix, language)


def _site_links(prefix: str, language: str = "en") -> str:
    words = CHROME[language]
    return (
        f' <span class="oddk-site-links"><a href="{prefix}data/index.html">{words["data"]}</a>'
        f' <a href="{prefix}glossary.html">{words["glossary"]}</a>'
        f' <a href="{prefix}search.html">{words["search"]}</a></span>'
    )


def _notebook_text(nb) -> str:
    """The words a reader searches for: the markdown cells (not code or outputs)."""
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return _plain(text)


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"[#*`|>_]+|\]\([^)]*\)|\[", " ", text)
    return re.sub(r"\s+", " ", text).strip()


_IFRAME = re.compile(r'<iframe((?:\s+[\w:-]+(?:="[^"]*")?)*)')


def _title_frames(page: str, title: str = "Map") -> str:
    """Give untitled iframes (folium maps) a title, so screen readers can name them."""

    def add(match):
        names = re.findall(r'\s([\w:-]+)(?:="[^"]*")?', match.group(1))
        return match.group(0) if "title" in names else f'<iframe title="{title}"' + match.group(1)

    return _IFRAME.sub(add, page)


# ---------------------------------------------------------------- links


class _Links:
    """Turns a link written in a repository file into a link that works on the site."""

    _HREF = re.compile(r'(<a\b[^>]*?\bhref=")([^"]*)(")')

    def __init__(self, root: Path, site_dir: Path, pages: dict[str, str]):
        self.root = root
        self.site_dir = site_dir
        self.pages = pages  # repository path of a notebook -> its page

    def rewrite(self, page_html: str, source: str, page: str) -> str:
        """Rewrite every relative <a href> in a page built from repository file `source`."""

        def fix(match):
            href = html.unescape(match.group(2))
            new = self.target(href, source, page)
            return match.group(1) + html.escape(new, quote=True) + match.group(3)

        return self._HREF.sub(fix, page_html)

    def target(self, href: str, source: str, page: str) -> str:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path or href.startswith("/"):
            return href  # outside links, mail, #anchors within the page
        repo_path = _join(PurePosixPath(source).parent, unquote(parts.path))
        if repo_path is None:
            return href
        found = self._site_path(repo_path)
        if found is None and _language(source) != "en":
            # A translated page links to a notebook that has no translation: the English page.
            found = self._site_path(_join(PurePosixPath(source).parent.parent, unquote(parts.path)))
        if found is None:
            return href  # left as written: link_problems() reports it
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if found.startswith("https://"):
            return found + fragment
        return _relative(found, page) + fragment

    def _site_path(self, repo_path: str | None) -> str | None:
        """Where repository file `repo_path` lives on the site (or on GitHub); None if nowhere."""
        if repo_path is None:
            return None
        path = self.root / repo_path
        if repo_path in self.pages:
            return self.pages[repo_path]
        if repo_path.startswith("datasets/") or repo_path == "datasets":
            rel = repo_path.removeprefix("datasets").strip("/")
            if path.is_dir():
                return _card_page(rel) if (path / "README.md").is_file() else None
            if path.name == "README.md":
                return _card_page(str(PurePosixPath(rel).parent).removeprefix("."))
            if path.is_file() and path.stat().st_size <= MAX_COPIED_FILE:
                copy = self.site_dir / "data" / rel
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, copy)
                return f"data/{rel}"
        if path.exists():
            return REPO_URL + repo_path
        return None


def _join(folder: PurePosixPath, href: str) -> str | None:
    """Resolve `href` against `folder` inside the repository (None if it leaves it)."""
    parts: list[str] = []
    for part in (folder / href).parts:
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def _relative(target: str, page: str) -> str:
    return _prefix(page) + target


def _card_page(rel: str) -> str:
    return f"data/{rel}/index.html" if rel else "data/index.html"


# ---------------------------------------------------------------- data cards, glossary, search


def _write_cards(root: Path, site_dir: Path, links: _Links) -> list[dict]:
    """datasets/**/README.md → data/**/index.html. Returns search entries."""
    import mistune

    render = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "url"])
    found = []
    base = root / "datasets"
    readmes = sorted(base.rglob("README.md")) if base.is_dir() else []
    for readme in readmes:
        rel = readme.parent.relative_to(base).as_posix().removeprefix(".")
        page = _card_page(rel)
        text = readme.read_text(encoding="utf-8")
        title = next(
            (line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")), rel
        )
        source = readme.relative_to(root).as_posix()
        body = links.rewrite(render(text), source, page)
        back = (
            "" if not rel else f'<p><a href="{_prefix(page)}data/index.html">All data cards</a></p>'
        )
        target = site_dir / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_shell(f"Data card: {title}", back + body, page), encoding="utf-8")
        found.append({"t": f"Data card: {title}", "u": page, "x": _plain(text)})
    if not readmes:
        (site_dir / "data").mkdir(exist_ok=True)
        (site_dir / "data" / "index.html").write_text(
            _shell(
                "Data cards",
                "<h1>Data cards</h1><p>This kit has no datasets/ folder.</p>",
                "data/index.html",
            ),
            encoding="utf-8",
        )
    return found


def _write_glossary(root: Path, site_dir: Path) -> list[dict]:
    from oddk import glossary

    try:
        entries = glossary.terms(root)
    except glossary.GlossaryError as err:
        entries, note = [], f"<p>{html.escape(str(err))}</p>"
    else:
        note = ""
    rows = "\n".join(
        f'<tr id="{e["id"]}"><th scope="row" lang="da">{html.escape(e["da"])}</th>'
        f"<td>{html.escape(e['en'])}</td>"
        f'<td>{_code(e["en_text"])}</td><td lang="da">{_code(e["da_text"])}</td></tr>'
        for e in entries
    )
    body = f"""<h1>Glossary · <span lang="da">Ordliste</span></h1>
<p>The Danish words you meet in open data, with the English this kit uses. Sorted by the Danish
term (æ, ø, å come last).
<span lang="da">De danske ord i åbne data med den engelske betydning.</span></p>
{note}
<table class="glossary">
<thead><tr><th scope="col">Dansk</th><th scope="col">English</th><th scope="col">What it means</th>
<th scope="col" lang="da">Hvad det betyder</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>"""
    (site_dir / "glossary.html").write_text(
        _shell("Glossary", body, "glossary.html"), encoding="utf-8"
    )
    return [
        {
            "t": f"{e['da']} · {e['en']}",
            "u": f"glossary.html#{e['id']}",
            "x": f"{e['en_text']} {e['da_text']}",
        }
        for e in entries
    ]


def _code(text: str) -> str:
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


SEARCH_JS = """// The site's search: our own few lines over search-index.js
// (no library, nothing online).
(function () {
  var form = document.getElementById("oddk-search");
  var box = document.getElementById("oddk-q");
  var list = document.getElementById("oddk-results");
  var status = document.getElementById("oddk-status");
  function words(text) { return text.toLowerCase().split(/\\s+/).filter(Boolean); }
  function snippet(text, word) {
    var at = Math.max(0, text.toLowerCase().indexOf(word) - 60);
    return (at > 0 ? "… " : "") + text.slice(at, at + 200) + (text.length > at + 200 ? " …" : "");
  }
  function search(query) {
    var q = words(query);
    list.textContent = "";
    if (!q.length) { status.textContent = ""; return; }
    var hits = window.ODDK_SEARCH.map(function (p) {
      var t = p.t.toLowerCase(), x = p.x.toLowerCase();
      var ok = q.every(function (w) { return t.indexOf(w) >= 0 || x.indexOf(w) >= 0; });
      var score = q.reduce(function (s, w) {
        return s + (t.indexOf(w) >= 0 ? 10 : 0) + x.split(w).length - 1;
      }, 0);
      return ok ? {p: p, score: score} : null;
    }).filter(Boolean).sort(function (a, b) { return b.score - a.score; });
    status.textContent = hits.length === 1 ? "1 page found" : hits.length + " pages found";
    hits.slice(0, 50).forEach(function (h) {
      var li = document.createElement("li"), a = document.createElement("a");
      var p = document.createElement("p");
      a.href = h.p.u; a.textContent = h.p.t; p.textContent = snippet(h.p.x, q[0]);
      li.appendChild(a); li.appendChild(p); list.appendChild(li);
    });
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(box.value));
    search(box.value);
  });
  var start = new URLSearchParams(location.search).get("q");
  if (start) { box.value = start; search(start); }
})();
"""


def _write_search(site_dir: Path, entries: list[dict]) -> None:
    # A script, not a JSON file: browsers refuse fetch() from file:// pages.
    (site_dir / "search-index.js").write_text(
        "window.ODDK_SEARCH = " + json.dumps(entries, ensure_ascii=False) + ";\n", encoding="utf-8"
    )
    (site_dir / "search.js").write_text(SEARCH_JS, encoding="utf-8")
    body = """<h1>Search the guidelines</h1>
<form id="oddk-search" role="search">
<label for="oddk-q">Words to find (Danish or English)</label>
<input id="oddk-q" name="q" type="search" size="30">
<button type="submit">Search</button>
</form>
<p id="oddk-status" role="status"></p>
<ol id="oddk-results" class="results"></ol>
<script src="search-index.js"></script>
<script src="search.js"></script>"""
    (site_dir / "search.html").write_text(_shell("Search", body, "search.html"), encoding="utf-8")


# ---------------------------------------------------------------- slides


def _write_slides(root: Path, ordered, site_dir: Path, links: _Links) -> list[tuple[str, str]]:
    """reveal.js slides: the meeting kit's slide notebooks and the executed start
    notebooks. Returns [(title, page)]; none when reveal.js is not installed."""
    from oddk import slides

    out = site_dir / "slides"
    try:
        slides.copy_reveal(root, out)
    except slides.MissingReveal as err:
        print(f"No slides: {err}")
        return []
    made = []
    for source in sorted((root / "meeting-kit").glob("*.ipynb")):
        made.append(
            (
                source.relative_to(root).as_posix(),
                slides.write_slides(source, out / f"{source.stem}.html", auto=False),
            )
        )
    for nb, executed, status in ordered:
        if status == "ok" and PurePosixPath(nb).stem.startswith("00-"):
            name = (
                PurePosixPath(nb)
                .with_suffix("")
                .as_posix()
                .removeprefix("notebooks/")
                .replace("/", "-")
            )
            made.append(
                (
                    nb,
                    slides.write_slides(
                        executed, out / f"{name}.html", auto=True, language=_language(nb)
                    ),
                )
            )
    for source, (_title, path) in made:
        page = f"slides/{path.name}"
        path.write_text(
            links.rewrite(path.read_text(encoding="utf-8"), source, page), encoding="utf-8"
        )
    return [(title, f"slides/{path.name}") for _source, (title, path) in made]


# ---------------------------------------------------------------- page shell and index

STYLE = """
  body { font: 17px/1.5 system-ui, sans-serif; margin: 0; color: #1a1a1a; }
  main { max-width: 60em; margin: 1.5em auto; padding: 0 1em; }
  h1, h2 { color: #0b3d62; } a { color: #0b5cad; } .failed { color: #a40000; }
  table { border-collapse: collapse; }
  th, td { border: 1px solid #bbb; padding: 0.3em 0.6em; vertical-align: top; text-align: left; }
  code { background: #f0f0f0; padding: 0 0.2em; }
  pre { background: #f0f0f0; padding: 0.6em; overflow-x: auto; }
  .results p { margin: 0.2em 0 0.8em; color: #333; }
  .oddk-nav { font: 15px/1.4 system-ui, sans-serif; padding: 0.6em 1em;
              background: #0b3d62; color: #fff; }
  .oddk-nav a { color: #fff; margin-right: 1.5em; }
  .oddk-site-links { float: right; }
  .oddk-site-links a { margin: 0 0 0 1.2em; }
"""


def _shell(title: str, body: str, page: str, lang: str = "en") -> str:
    prefix = _prefix(page)
    nav = f'<a href="{prefix}index.html">Contents</a>' + _site_links(prefix)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · Open Data DK onboarding kit</title>
<style>{STYLE}</style>
</head>
<body>
<nav class="oddk-nav" aria-label="Site navigation">{nav}</nav>
<main>
{body}
</main>
</body>
</html>
"""


def _write_generated(site_dir: Path, folder: str, write, what: str) -> str | None:
    """Pages other tools make, written whole under site_dir/folder by `write(path)`; returns
    their index page, or None (and a word why) when they could not be made: the site is
    still built."""
    import shutil

    target = site_dir / folder
    shutil.rmtree(target, ignore_errors=True)  # the site is rebuilt whole
    try:
        write(target)
    except Exception as err:
        print(f"No {what}: {type(err).__name__}: {err}", file=sys.stderr)
        return None
    return f"{folder}/index.html"


def _write_reports(site_dir: Path) -> str | None:
    """The secretariat's overview of every member (oddk.municipality_report), in Danish."""
    from oddk.municipality_report import overview

    return _write_generated(site_dir, "reports",
                            lambda path: overview.write_all(path, language="da"),
                            "municipality reports")


def _write_starters(site_dir: Path) -> str | None:
    """A starter notebook for every dataset (oddk.starter), its index and challenge cards."""
    from oddk import starter

    return _write_generated(site_dir, "starters",
                            lambda path: starter.write_all("offline", path, progress=False),
                            "starter notebooks")


def _index_html(entries, cards: list[dict], slides: list[tuple[str, str]],
                reports: str | None = None, starters: str | None = None) -> str:
    parts = []
    for prefix, heading, intro in SECTIONS:
        rows = [e for e in entries if _section_of(e[0]) == prefix]
        if not rows:
            continue
        items = "\n".join(
            f'<li><a href="{html.escape(target)}">{html.escape(title)}</a>'
            + (' <strong class="failed">(failed: see the page)</strong>' if status != "ok" else "")
            + "</li>"
            for _nb, target, title, status in rows
        )
        lang = ' lang="da"' if prefix == "notebooks/da/" else ""
        parts.append(
            f"<section{lang}><h2>{heading}</h2><p>{intro}</p><ol>\n{items}\n</ol></section>"
        )
    more = [
        f'<li><a href="{html.escape(c["u"])}">'
        f"{html.escape(c['t'].removeprefix('Data card: '))}</a></li>"
        for c in cards
    ]
    if more:
        parts.append(
            "<section><h2>The data</h2><p>Every embedded dataset has a data card: what it is, "
            "where it comes from, its licence.</p><ul>\n" + "\n".join(more) + "\n</ul></section>"
        )
    if slides:
        items = "\n".join(
            f'<li><a href="{html.escape(u)}">{html.escape(t)}</a></li>' for t, u in slides
        )
        parts.append(
            "<section><h2>Slides for information meetings</h2><p>Press F for full screen, "
            "S for speaker notes, arrow keys to move. See meeting-kit/README.md.</p>"
            f"<ul>\n{items}\n</ul></section>"
        )
    if starters:
        parts.append(
            "<section><h2>Starter notebooks for hackathons and data drinks</h2><p>One notebook "
            "per dataset of the catalogue: what it is, its licence, and a first look, ready to "
            f'run: <a href="{html.escape(starters)}">the starter notebooks</a>.</p></section>')
    if reports:
        parts.append(
            '<section><h2>For the secretariat: municipality reports</h2><p>One page per member '
            "for an individual introduction meeting (in Danish; on the kit's synthetic "
            f'catalogue, so practice pages): <a href="{html.escape(reports)}" lang="da">'
            "Åbne data på portalen: alle medlemmer</a>.</p></section>")
    body = f"""<h1>Open Data DK onboarding kit</h1>
<p>The guidelines as executed notebooks: each page shows the text, the code and what it produced
on the kit's embedded data. Start at the top and follow the path. Words you do not know are in the
<a href="glossary.html">glossary</a> (Danish and English).</p>
<form action="search.html" role="search"><label for="q">Search the guidelines</label>
<input id="q" name="q" type="search"> <button type="submit">Search</button></form>
{"".join(parts)}"""
    return _shell("The guidelines", body, "index.html").replace(
        "<title>The guidelines · Open Data DK onboarding kit</title>",
        "<title>Open Data DK onboarding kit: the guidelines</title>",
    )


# ---------------------------------------------------------------- link check


class _Refs(HTMLParser):
    """Collects what a page links to (href) and what it loads (src, stylesheets, srcdoc)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.loads: list[str] = []
        self.ids: set[str] = set()
        self.frames: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").lower()
            (
                self.loads
                if "stylesheet" in rel or "icon" in rel or "preload" in rel
                else self.links
            ).append(a["href"])
        for attr in ("src", "data", "poster"):
            if a.get(attr):
                self.loads.append(a[attr])
        if tag == "iframe" and a.get("srcdoc"):
            self.frames.append(a["srcdoc"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


def _outside(url: str) -> bool:
    scheme = urlsplit(url).scheme.lower()
    return url.startswith("//") or scheme in ("http", "https", "ws", "wss", "ftp")


def link_problems(site_dir: Path) -> list[str]:
    """Broken internal links and anything a page would fetch from outside, in plain
    words (empty when all is well). Looks inside map iframes (srcdoc) and CSS too."""
    site_dir = Path(site_dir)
    problems: list[str] = []
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir).as_posix()
        problems += _page_problems(page.read_text(encoding="utf-8"), rel, page.parent, site_dir)
    for css in sorted(site_dir.rglob("*.css")):
        rel = css.relative_to(site_dir).as_posix()
        for url in _CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
            if _outside(url):
                problems.append(f"{rel} loads {url} from outside")
            elif (
                not url.startswith(("data:", "#"))
                and not (css.parent / urlsplit(url).path).exists()
            ):
                problems.append(f"{rel} loads {url}, which is not on the site")
    return problems


def _page_problems(text: str, rel: str, folder: Path, site_dir: Path, where: str = "") -> list[str]:
    refs = _Refs()
    refs.feed(text)
    problems = []
    for url in refs.loads:
        if _outside(url):
            problems.append(f"{rel}{where} loads {url} from outside")
        elif not url.startswith(("data:", "blob:", "about:", "javascript:")) and not _exists(
            folder, url, site_dir
        ):
            problems.append(f"{rel}{where} loads {url}, which is not on the site")
    for style in refs.styles:
        for url in _CSS_URL.findall(style):
            if _outside(url):
                problems.append(f"{rel}{where} loads {url} from outside (in a stylesheet)")
    for url in refs.links:
        parts = urlsplit(url)
        if parts.scheme or url.startswith("//") or not parts.path:
            continue  # links out are fine (they are not fetched); #anchors within the page
        if not _exists(folder, url, site_dir):
            problems.append(f"{rel}{where} links to {url}, which is not on the site")
    for number, frame in enumerate(refs.frames, start=1):
        # An srcdoc document resolves relative URLs against its parent page.
        problems += _page_problems(frame, rel, folder, site_dir, where=f" (iframe {number})")
    return problems


def _exists(folder: Path, url: str, site_dir: Path) -> bool:
    path = unquote(urlsplit(url).path)
    target = (folder / path).resolve()
    if not target.is_relative_to(site_dir.resolve()):
        return False
    return target.is_file() or (target.is_dir() and (target / "index.html").is_file())
