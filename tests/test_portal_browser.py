"""The practice portal's web page in Chromium: a dataset published through the API
shows up in the list, in a search and on its own page, with nothing loaded from outside."""

from __future__ import annotations

from pathlib import Path

import pytest

from oddk.portal.testing import running_portal
from tests.browser import offline_browser

SCREENSHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"


@pytest.mark.browser
def test_a_dataset_published_through_the_api_shows_on_the_web_page(tmp_path):
    with running_portal(tmp_path / "portal", tmp_path / "no-catalogue") as portal:
        _publish(portal, tmp_path)

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        with offline_browser(viewport=(1000, 800)) as browser:
            page = browser.page
            page.goto(portal.url + "/")
            assert page.locator("html").get_attribute("lang") == "en"
            assert page.get_by_role("heading", level=1).inner_text() == "Datasets (datasæt)"

            page.get_by_label("Search datasets").fill("bænke")
            page.get_by_role("button", name="Search").click()
            page.wait_for_load_state()
            assert "1 dataset found" in page.get_by_role("heading", level=2).inner_text()
            page.screenshot(path=str(SCREENSHOTS / "portal-search.png"), full_page=True)

            page.get_by_role("link", name="Bænke i Aarhus").click()
            page.wait_for_load_state()
            assert page.get_by_role("heading", level=1).inner_text() == "Bænke i Aarhus"
            assert page.get_by_role("heading", name="Bænke (CSV)").is_visible()
            assert "Anna Jensen" in page.locator("table").inner_text()
            page.screenshot(path=str(SCREENSHOTS / "portal-dataset.png"), full_page=True)

            with page.expect_download() as download_info:
                page.get_by_role("link", name="Download Bænke (CSV)").click()
            saved = tmp_path / "downloaded.csv"
            download_info.value.save_as(saved)
            assert saved.read_bytes() == (tmp_path / "baenke.csv").read_bytes()

            page.get_by_role("link", name="All datasets").click()
            page.wait_for_load_state()
            assert page.get_by_role("link", name="Bænke i Aarhus").is_visible()

        assert browser.outside == []
        assert browser.errors == []


def _publish(portal, tmp_path):
    """An organization and a dataset with an uploaded CSV, all through ckanapi."""
    ckan = portal.client()
    ckan.action.organization_create(name="city-of-aarhus", title="Aarhus Kommune")
    pkg = ckan.action.package_create(
        name="baenke-aarhus",
        title="Bænke i Aarhus",
        title_translated={"da": "Bænke i Aarhus", "en": "Benches in Aarhus"},
        notes="Alle bænke i byens parker.\n\nOpdateres hver måned.",
        owner_org="city-of-aarhus",
        author="Anna Jensen",
        author_email="anna@aarhus.example",
        data_themes=["REGI"],
        update_frequency="MONTHLY",
        tags=[{"name": "bænke"}],
    )
    (tmp_path / "baenke.csv").write_bytes("id;navn\r\n1;Bænk ved åen\r\n".encode("cp1252"))
    with open(tmp_path / "baenke.csv", "rb") as f:
        ckan.action.resource_create(
            package_id=pkg["id"],
            name="Bænke (CSV)",
            format="CSV",
            upload=f,
            description="Én række pr. bænk.",
        )
