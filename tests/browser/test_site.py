"""The project's own site in Chromium: start page, quarter pages, German search, privacy.

Expectations come from the shipped YAML files (via the same loader the site
uses), so the tests stay true as the content grows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from quartiersdoku.core.site import QuarterData, Site

from .chromium import RequestGuard
from .conftest import REPO
from .page_types import html_files, url_path
from .search_ui import (
    FIRST_QUERY_MS,
    open_search,
    result_count,
    result_links,
    search,
)

CONTENT_PAGES = sorted(
    "" if p.name == "index.md" else p.relative_to(REPO / "content").with_suffix("").as_posix() + "/"
    for p in (REPO / "content").rglob("*.md")
)

SECTIONS = {
    "programmes": "Programme",
    "measures": "Maßnahmen",
    "events": "Termine",
    "contacts": "Anlaufstellen",
    "milestones": "Meilensteine",
    "sources": "Quellen",
}


def _quarters(site: Site) -> list[QuarterData]:
    return sorted(site.quarters, key=lambda q: q.slug)


def test_start_page_lists_every_quarter(
    page: Page, url: Callable[[str], str], shipped_site: Site
) -> None:
    quarters = _quarters(shipped_site)
    page.goto(url(""))
    overview = page.locator("article .qd-quarter-list a")
    expect(overview).to_have_count(len(quarters))
    for data in quarters:
        link = page.locator("article .qd-quarter-list a", has_text=data.quarter.name).first
        expect(link).to_have_attribute("href", data.url)
    link = page.locator("article .qd-quarter-list a", has_text=quarters[0].quarter.name).first
    link.click()
    expect(page.locator("article h1")).to_have_text(quarters[0].quarter.name)


def test_quarter_page_shows_its_sections(
    page: Page, url: Callable[[str], str], shipped_quarter: QuarterData
) -> None:
    data = shipped_quarter
    page.goto(url(data.url))
    expect(page.locator("article h1")).to_have_text(data.quarter.name)
    headings = page.locator("article h2")
    for field, heading in SECTIONS.items():
        if getattr(data.quarter, field):
            expect(headings.filter(has_text=heading)).to_have_count(1)
    for entry in [*data.quarter.programmes, *data.quarter.contacts]:
        expect(page.locator("article h3", has_text=entry.name).first).to_be_visible()
    for measure in data.quarter.measures:
        expect(page.locator("article h3", has_text=measure.title).first).to_be_visible()
    for event in data.quarter.events:
        expect(page.locator("article h3", has_text=event.title).first).to_be_visible()


def test_german_search_finds_a_page_by_an_inflected_word(
    page: Page, url: Callable[[str], str], shipped_site: Site
) -> None:
    # The shipped Wehringhausen page speaks of its "Stadtteilkonferenz" (singular) only
    # in running text; the plural must find it.
    wehringhausen = next(q for q in _quarters(shipped_site) if q.slug == "hagen/wehringhausen")
    page.goto(url(""))
    open_search(page)
    search(page, "Stadtteilkonferenzen")
    target = result_links(page).filter(has_text=wehringhausen.quarter.name).first
    expect(target).to_be_visible(timeout=FIRST_QUERY_MS)
    target.click()
    expect(page.locator("article h1")).to_have_text(wehringhausen.quarter.name)


@pytest.mark.parametrize(
    ("query", "path"),
    [
        # An inflected query finds the base form in the text (Snowball, German) …
        ("Stadtteilbüros", "/quartiere/essen/altendorf/"),
        # … and the base form an inflected one, across an umlaut („Punkthäusern“).
        ("Punkthaus", "/quartiere/essen/amixstrasse/"),
        ("Kindergarten", "/quartiere/bielefeld/sieker-mitte/"),  # „Kindergärten“
        # A part of a word finds the whole („Stadtteilkonferenz“).
        ("Stadtteilkonf", "/quartiere/hagen/wehringhausen/"),
    ],
)
def test_german_search_finds_pages_of_the_shipped_site(
    page: Page, url: Callable[[str], str], query: str, path: str
) -> None:
    """The shipped site searches with Pagefind: its German index, from a German page."""
    page.goto(url(""))
    open_search(page)
    search(page, query)
    expect(result_count(page)).to_have_text(re.compile(r"^\d+ Treffer$"), timeout=FIRST_QUERY_MS)
    expect(result_links(page).and_(page.locator(f'[href$="{path}"]'))).to_have_count(1)


def test_search_for_nonsense_finds_nothing(page: Page, url: Callable[[str], str]) -> None:
    page.goto(url(""))
    open_search(page)
    search(page, "Xylophonquark")
    expect(result_count(page)).to_have_text("Keine Treffer", timeout=FIRST_QUERY_MS)
    expect(result_links(page)).to_have_count(0)


def test_no_request_leaves_localhost(
    page: Page,
    url: Callable[[str], str],
    built_site: Path,
    request_guard: RequestGuard,
    shipped_site: Site,
) -> None:
    """Every HTML file of the built site (directories, 404 and map documents too)
    loads without a request beyond 127.0.0.1 while the visitor has not consented."""
    paths = [url_path(built_site, file) for file in html_files(built_site)]
    all_pages = [*CONTENT_PAGES, "quartiere/", *(q.url for q in _quarters(shipped_site))]
    missing = sorted(set(all_pages) - set(paths))
    assert not missing, f"pages missing from the built site: {missing}"
    for path in paths:
        page.goto(url(path), wait_until="load")
        # Let scripts run that the load event started (one frame), then look.
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))")
        if request_guard.blocked:
            blocked = request_guard.take()  # reported here, not again at teardown
            pytest.fail(
                f"{path or '/'}: {len(blocked)} request(s) to foreign hosts:\n  "
                + "\n  ".join(blocked),
                pytrace=False,
            )
    # The page fixture fails the test at teardown if anything left 127.0.0.1 later.
