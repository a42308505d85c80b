"""The guideline site in Chromium with every outside request blocked: each page
loads without script errors, each map draws its points, the search finds a
glossary term (also from file://, as a facilitator opens it from a USB stick),
and the slides run on the reveal.js copied next to them."""

from __future__ import annotations

from pathlib import Path

import pytest

from oddk import site
from tests.browser import offline_browser, serve
from tests.test_site import site_dir  # noqa: F401  (the site, built once per session)

SCREENSHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"


# Points on a Leaflet map: SVG paths or marker icons, or lit pixels on a canvas
# (maps made with prefer_canvas=True draw many points on one canvas).
DRAWN = """() => {
  if (!document.querySelector(".leaflet-container")) return false;
  if (document.querySelectorAll(".leaflet-interactive, .leaflet-marker-icon").length) return true;
  return [...document.querySelectorAll(".leaflet-container canvas")].some(c => {
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < d.length; i += 4) if (d[i]) return true;
    return false;
  });
}"""


# Documents of their own, not guideline pages: slides, the municipality reports (printed and
# e-mailed) and the starter notebooks' index (also written outside the site)
OWN_DOCUMENTS = ("slides/", "reports/", "starters/")


def _pages(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith(OWN_DOCUMENTS)
    )


def _shot(name: str) -> str:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(SCREENSHOTS / name)


@pytest.mark.browser
def test_every_site_page_loads_and_its_maps_draw(site_dir):  # noqa: F811
    maps_drawn = 0
    with serve(site_dir) as url, offline_browser(viewport=(1100, 800)) as browser:
        page = browser.page
        for rel in _pages(site_dir):
            response = page.goto(f"{url}/{rel}")
            assert response.ok, f"{rel}: HTTP {response.status}"
            contents = site.CHROME["da" if rel.startswith("da/") else "en"]["contents"]
            assert page.locator("nav a", has_text=contents).first.is_visible(), (
                f"{rel} has no navigation"
            )
            frames = page.locator("iframe[srcdoc]")
            for i in range(frames.count()):
                frames.nth(i).scroll_into_view_if_needed()
                inner = frames.nth(i).element_handle().content_frame()
                try:
                    inner.wait_for_function(DRAWN, timeout=15_000)
                except Exception:
                    pytest.fail(f"{rel}: map {i + 1} drew no points")
                maps_drawn += 1
                if i == 0:
                    page.screenshot(path=_shot(f"site-{rel.replace('/', '-')}-map.png"))
            if rel in ("index.html", "glossary.html", "data/index.html", "da/00-start-here.html"):
                page.screenshot(path=_shot(f"site-{rel.replace('/', '-')}.png"))
    assert maps_drawn >= 2, "the start page and its Danish version each show a map"
    assert browser.outside == [], f"pages tried to load from outside: {browser.outside[:5]}"
    assert browser.errors == [], f"script errors: {browser.errors[:5]}"


@pytest.mark.browser
def test_search_finds_a_danish_term_even_from_a_file_url(site_dir):  # noqa: F811
    with offline_browser() as browser:
        page = browser.page
        page.goto((site_dir / "index.html").as_uri())
        page.get_by_label("Search the guidelines").fill("kommunekode")
        page.get_by_label("Search the guidelines").press("Enter")
        page.wait_for_url("**/search.html?q=kommunekode")
        page.get_by_role("status").filter(has_text="found").wait_for()
        results = page.locator("#oddk-results li a")
        assert results.count() >= 2  # the glossary entry and the start page
        page.screenshot(path=_shot("site-search.png"))
        page.get_by_role("link", name="kommunekode · municipality code").click()
        page.wait_for_load_state()
        assert page.url.endswith("glossary.html#kommunekode")
        assert "municipality code" in page.locator("#kommunekode").inner_text()
    assert browser.outside == [] and browser.errors == []


@pytest.mark.browser
def test_slides_run_offline_on_the_local_revealjs(site_dir):  # noqa: F811
    with serve(site_dir) as url, offline_browser(viewport=(1100, 800)) as browser:
        page = browser.page
        for deck in ("information-meeting.html", "00-start-here.html"):
            page.goto(f"{url}/slides/{deck}")
            page.wait_for_function("window.Reveal && Reveal.isReady()")
            total = page.evaluate("Reveal.getTotalSlides()")
            assert total >= 8, f"{deck} has {total} slides"
            page.keyboard.press("ArrowRight")
            page.wait_for_function("Reveal.getIndices().h === 1")
            page.screenshot(path=_shot(f"slides-{deck.removesuffix('.html')}.png"))
    assert browser.outside == [] and browser.errors == []
