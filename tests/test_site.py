"""The guideline site: a page per executed notebook, the data cards, the glossary,
a search and slides, with no broken internal link and nothing loaded from outside
(map iframes included). Also: the Danish start notebook keeps the English code.

The site is built once per test session (shared by xdist workers) by `oddk run`
on the real kit into a temporary build folder; tests/test_browser_site.py and
tests/test_a11y.py use the same build through `site_dir`.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from oddk import glossary, site
from oddk.paths import kit_root
from oddk.runs import discover_notebooks, load_runs

ROOT = kit_root()


def build_shared_site(tmp_path_factory) -> Path:
    """Run every notebook's default run and build the site, once for all workers.

    `oddk run` runs in its own process, as a user runs it: a worker that ran other
    tests before (kernels, event loops) must not be able to stall it."""
    shared = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        shared = shared.parent
    build = shared / "oddk-site-build"
    with open(shared / "oddk-site-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (build / "done").exists():
            command = [sys.executable, "-m", "oddk.cli", "run", "--root", str(ROOT)]
            done = subprocess.run(
                [*command, "--build", str(build)],
                capture_output=True,
                text=True,
                timeout=600,
            )  # a failed notebook still gets a page; its own test names the failure
            assert (build / "site" / "index.html").is_file(), done.stderr[-3000:]
            (build / "done").write_text("ok")
    return build / "site"


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    return build_shared_site(tmp_path_factory)


def _site_notebooks() -> list[str]:
    """The notebooks `oddk run` runs: under notebooks/, declared in runs.yaml (the
    harness tests fail for one that is not)."""
    declared = load_runs(ROOT)
    return [nb for nb in discover_notebooks(ROOT) if nb.startswith("notebooks/") and nb in declared]


def test_every_notebook_has_a_page_linked_from_the_index(site_dir):
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    for nb in _site_notebooks():
        page = nb.removeprefix("notebooks/").removesuffix(".ipynb") + ".html"
        assert (site_dir / page).is_file(), f"{nb} has no page {page}"
        assert f'href="{page}"' in index, f"the index does not link {page}"


def test_site_has_no_broken_link_and_loads_nothing_from_outside(site_dir):
    assert site.link_problems(site_dir) == []


def test_pages_keep_their_map_with_assets_inside_the_iframe(site_dir):
    page = (site_dir / "00-start-here.html").read_text(encoding="utf-8")
    assert '<iframe title="Map"' in page
    assert "L.map(" in page and "leaflet" in page.lower()
    assert "require.js" not in page and "mathjax" not in page.lower()


def test_translated_page_links_an_untranslated_notebook_to_the_english_page(site_dir):
    page = (site_dir / "da" / "00-start-here.html").read_text(encoding="utf-8")
    assert '<html lang="da">' in page
    assert 'href="../00-start-here.html"' in page  # written as ../00-start-here.ipynb


def test_data_cards_are_pages_and_their_small_files_come_along(site_dir):
    for readme in (ROOT / "datasets").rglob("README.md"):
        rel = readme.parent.relative_to(ROOT / "datasets").as_posix()
        card = site_dir / "data" / ("" if rel == "." else rel) / "index.html"
        assert card.is_file(), f"no page for {readme}"
    reference = (site_dir / "data" / "reference" / "index.html").read_text(encoding="utf-8")
    assert "<table>" in reference or "<ul>" in reference
    overview = (site_dir / "data" / "index.html").read_text(encoding="utf-8")
    assert 'href="../data/reference/index.html"' in overview  # written as reference/README.md


def test_glossary_page_gives_danish_and_english_terms(site_dir):
    page = (site_dir / "glossary.html").read_text(encoding="utf-8")
    for da, en in [
        ("kommunekode", "municipality code"),
        ("datasæt", "dataset"),
        ("licens", "licence"),
        ("personoplysninger", "personal data"),
        ("CPR-nummer", "civil registration number"),
    ]:
        assert re.search(rf'<th scope="row" lang="da">{da}</th><td>{en}</td>', page), (
            f"{da} / {en} missing"
        )


def test_search_index_covers_notebooks_cards_and_glossary(site_dir):
    text = (site_dir / "search-index.js").read_text(encoding="utf-8")
    entries = json.loads(text.removeprefix("window.ODDK_SEARCH = ").rstrip().rstrip(";"))
    urls = {e["u"] for e in entries}
    assert "00-start-here.html" in urls and "data/reference/index.html" in urls
    assert "glossary.html#kommunekode" in urls
    for e in entries:
        assert (site_dir / e["u"].split("#")[0]).is_file(), e["u"]


def test_slides_use_revealjs_copied_next_to_them(site_dir):
    slides = site_dir / "slides"
    assert (slides / "reveal.js" / "dist" / "reveal.js").is_file()
    made = sorted(p.name for p in slides.glob("*.html"))
    assert "00-start-here.html" in made and "information-meeting.html" in made
    deck = (slides / "00-start-here.html").read_text(encoding="utf-8")
    assert '<script src="reveal.js/dist/reveal.js">' in deck and "unpkg" not in deck
    assert deck.count("<section") >= 8  # one slide per heading


def test_link_check_finds_broken_links_and_outside_assets_inside_iframes(tmp_path):
    frame = (
        '<script src="https://cdn.example/leaflet.js"></script><link rel="stylesheet" href="x.css">'
    )
    (tmp_path / "a.html").write_text(
        '<a href="b.html">b</a> <a href="gone.html">gone</a> <a href="https://opendata.dk">out</a>'
        f'<iframe srcdoc="{frame.replace(chr(34), "&quot;")}"></iframe>'
        "<style>@import url(https://fonts.example/f.css);</style>"
    )
    (tmp_path / "b.html").write_text('<img src="//cdn.example/i.png" alt="">')
    (tmp_path / "s.css").write_text("body { background: url('http://x.example/bg.png') }")
    problems = site.link_problems(tmp_path)
    assert problems == [
        "a.html loads https://fonts.example/f.css from outside (in a stylesheet)",
        "a.html links to gone.html, which is not on the site",
        "a.html (iframe 1) loads https://cdn.example/leaflet.js from outside",
        "a.html (iframe 1) loads x.css, which is not on the site",
        "b.html loads //cdn.example/i.png from outside",
        "s.css loads http://x.example/bg.png from outside",
    ]


def test_links_in_notebooks_point_at_pages_cards_copies_or_the_repository(tmp_path):
    links = site._Links(ROOT, tmp_path, {"notebooks/01-find.ipynb": "01-find.html"})
    src, page = "notebooks/guidelines/x.ipynb", "guidelines/x.html"
    assert links.target("../01-find.ipynb#2.-Search", src, page) == "../01-find.html#2.-Search"
    assert (
        links.target("../../datasets/reference/README.md", src, page)
        == "../data/reference/index.html"
    )
    assert links.target("../../datasets/reference/", src, page) == "../data/reference/index.html"
    assert links.target("../../datasets/files.yaml", src, page) == "../data/files.yaml"
    assert (tmp_path / "data" / "files.yaml").read_bytes() == (
        ROOT / "datasets" / "files.yaml"
    ).read_bytes()
    assert links.target("../../src/oddk/site.py", src, page) == site.REPO_URL + "src/oddk/site.py"
    assert links.target("nowhere.ipynb", src, page) == "nowhere.ipynb"  # left for the link check
    assert links.target("https://opendata.dk", src, page) == "https://opendata.dk"


def test_danish_start_notebook_has_the_same_code_cells_as_the_english():
    """The same code; only the parameters cell differs: its comments are Danish and it
    sets language = "da", which every printing helper takes."""
    import ast

    def code(path):
        nb = nbformat.read(ROOT / path, as_version=4)
        return [(c.source, c.metadata.get("tags", [])) for c in nb.cells if c.cell_type == "code"]

    def parameters(source):
        return {t.id: ast.literal_eval(n.value) for n in ast.parse(source).body
                for t in n.targets}

    english, danish = (
        code("notebooks/00-start-here.ipynb"),
        code("notebooks/da/00-start-here.ipynb"),
    )
    assert danish[1:] == english[1:], (
        "notebooks/da/00-start-here.ipynb must keep the English notebook's code cells (and tags)"
    )
    assert english[0][1] == danish[0][1] == ["parameters"]
    en, da = parameters(english[0][0]), parameters(danish[0][0])
    assert set(en) == set(da) and en["language"] == "en" and da["language"] == "da"
    assert {k: v for k, v in en.items() if k != "language"} == \
        {k: v for k, v in da.items() if k != "language"}
    assert "kommunen, der vises" in danish[0][0], "the Danish parameters speak Danish"
    nb = nbformat.read(ROOT / "notebooks/da/00-start-here.ipynb", as_version=4)
    assert nb.cells[0].source.startswith("# 00 · Start her")


def test_glossary_sorts_the_danish_way_and_finds_both_languages():
    words = [e["da"] for e in glossary.terms()]
    assert words.index("åbne data") > words.index("udgive") > words.index("datasæt")
    assert glossary.find("Kommunekode")["en"] == "municipality code"
    assert glossary.find("personal data")["da"] == "personoplysninger"
    assert len({e["id"] for e in glossary.terms()}) == len(words), "every term needs its own id"


def test_a_glossary_entry_without_a_translation_is_named(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "glossary.yaml").write_text(
        "- da: licens\n  en: licence\n  en_text: Terms.\n"
    )
    with pytest.raises(glossary.GlossaryError, match="entry 1: give da_text"):
        glossary.terms(tmp_path)


class _PageText(__import__("html.parser").parser.HTMLParser):
    """What a reader sees on a page: the text outside scripts, styles and code input."""

    SKIP = ("script", "style", "head")

    def __init__(self):
        super().__init__()
        self.text, self._skip, self._stack = [], 0, []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "meta", "link", "input", "hr"):
            return
        classes = dict(attrs).get("class") or ""
        skip = tag in self.SKIP or "jp-InputArea" in classes or "jp-InputPrompt" in classes
        self._stack.append(skip)
        self._skip += skip

    def handle_endtag(self, tag):
        if tag in ("br", "img", "meta", "link", "input", "hr") or not self._stack:
            return
        self._skip -= self._stack.pop()

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def page_text(path: Path) -> str:
    parser = _PageText()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.text).split())


# Words the kit prints in English: a Danish page shows none of them
ENGLISH_OUTPUT = re.compile(
    r"\b(municipalities|residents|compared with|main town|Background map|Main town|Also written|"
    r"Code \(Statistics Denmark\)|all mean the same|What you do|Guideline tool|Worked case|"
    r"not in the kit yet|Contents|Glossary|Search|Trust Notebook|interactive control|"
    r"the group's median|number \d+ of the)\b")


def _danish_pages(site_dir: Path) -> list[Path]:
    pages = sorted((site_dir / "da").glob("*.html")) + sorted(
        (site_dir / "slides").glob("da-*.html"))
    assert pages, "the site has Danish pages"
    return pages


def test_danish_pages_speak_danish_all_through(site_dir):
    for page in _danish_pages(site_dir):
        text = page_text(page)
        found = sorted(set(ENGLISH_OUTPUT.findall(text)))
        assert found == [], f"{page.name}: English on a Danish page: {found}"
        raw = page.read_text(encoding="utf-8")
        assert '<html lang="da">' in raw, page.name
    start = page_text(site_dir / "da" / "00-start-here.html")
    for danish in ("✓ 98 kommuner i 5 regioner", "Hovedby", "indbyggere, nummer",
                   "betyder alle den samme kommune", "Trin", "Indhold", "Ordliste", "Søg",
                   "hovedby Aarhus"):
        assert danish in start, danish
    raw = (site_dir / "da" / "00-start-here.html").read_text(encoding="utf-8")
    assert "Baggrundskortet kan ikke vises uden internet" in raw, "the map's note is Danish"
    assert '<iframe title="Kort"' in raw


_OUTPUT = re.compile(r'<div class="jp-(?:RenderedText|RenderedHTMLCommon|RenderedHTML|'
                     r'RenderedMarkdown)?[^"]*jp-OutputArea-output[^"]*"[^>]*>(.*?)</div>', re.S)


def test_no_page_shows_an_empty_box_raw_html_or_nan(site_dir):
    """A widget shows its first state (or a note), a table shows an empty cell for a missing
    value, and a printed line holds no HTML tags."""
    problems = []
    for page in sorted(site_dir.rglob("*.html")):
        raw = page.read_text(encoding="utf-8")
        rel = page.relative_to(site_dir).as_posix()
        if "jp-OutputArea" not in raw and "reveal" not in raw:
            continue  # not a notebook page
        if "application/vnd.jupyter.widget-view+json" in raw:
            problems.append(f"{rel}: a widget with nothing to show")
        for cell in re.findall(r"<td>(NaN|None|NaT|&lt;NA&gt;)</td>", raw):
            problems.append(f"{rel}: a table cell shows {cell}")
        for printed in re.findall(r'data-mime-type="text/plain"[^>]*>\s*<pre>(.*?)</pre>', raw,
                                  re.S):
            if re.search(r"&lt;/?(?:b|i|p|div|span|strong|em|table|tr|td)\b", printed):
                problems.append(f"{rel}: raw HTML printed: {printed[:80]!r}")
        for body in _OUTPUT.findall(raw):
            if not body.strip():
                problems.append(f"{rel}: an empty output box")
    assert problems == [], problems[:10]


def test_the_site_links_the_secretariats_municipality_reports(site_dir):
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="reports/index.html"' in index
    overview = (site_dir / "reports" / "index.html").read_text(encoding="utf-8")
    pages = re.findall(r'href="([a-z0-9-]+\.html)"', overview)
    assert len(pages) >= 30 and all((site_dir / "reports" / p).is_file() for p in pages)
    assert "Øverapport på opdigtede data" in (site_dir / "reports" / pages[0]).read_text("utf-8")


def test_the_site_links_the_starter_notebooks(site_dir):
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="starters/index.html"' in index
    starters = (site_dir / "starters" / "index.html").read_text(encoding="utf-8")
    notebooks = re.findall(r'href="([a-z0-9-]+\.ipynb)"', starters)
    assert len(notebooks) >= 80 and all((site_dir / "starters" / n).is_file() for n in notebooks)
