"""The language versions of quarter pages in Chromium: right-to-left layout,
language switch and `hreflang`, no request for a `sitemap.xml` (the alternates are in
the sitemap, not in the head), search in Turkish and Arabic, no foreign request.

axe (with `valid-lang`) and the Nu Html Checker cover the translated pages
through page_types.py (one page per language) and test_html_validity.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, Response, expect

from quartiersdoku.core.languages import LANGUAGES
from quartiersdoku.core.site import Site

from .chromium import RequestGuard
from .conftest import check_no_foreign_requests
from .search_ui import (
    FIRST_QUERY_MS,
    open_search,
    result_count,
    result_links,
    result_paths,
    search,
)

PHONE = {"width": 360, "height": 740}


def _first_with(site: Site, key: str) -> str:
    for data in sorted(site.quarters, key=lambda q: q.slug):
        if key in data.quarter.translations:
            return data.url
    raise AssertionError(f"no shipped quarter has a translation {key!r}")


def test_arabic_page_is_right_to_left_on_a_phone(
    page: Page,
    url: Callable[[str], str],
    request_guard: RequestGuard,
    shipped_site: Site,
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(url(_first_with(shipped_site, "ar") + "ar/"))
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("body")).to_have_attribute("dir", "rtl")
    heading = page.locator("article h1")
    expect(heading).to_be_visible()
    # The German name sits in an isolated run, so the Latin text keeps its order in RTL.
    expect(heading.locator('bdi[lang="de"]')).to_have_count(1)
    # Right to left: the heading starts at the right edge of the content.
    box = heading.bounding_box()
    article = page.locator("article").bounding_box()
    assert box is not None
    assert article is not None
    assert abs((box["x"] + box["width"]) - (article["x"] + article["width"])) < 40
    # Mixed-direction text does not push the page wider than the phone.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    # Material's own texts follow the page: the skip link is Arabic.
    expect(page.locator("a.md-skip")).not_to_have_text("Zum Inhalt springen")
    check_no_foreign_requests(request_guard)


def test_german_page_lists_exactly_the_existing_versions(
    page: Page,
    url: Callable[[str], str],
    shipped_site: Site,
) -> None:
    quarter = next(q for q in shipped_site.quarters if q.slug == "hagen/wehringhausen")
    page.goto(url(quarter.url))
    switch = page.get_by_role("navigation", name="Diese Seite in anderen Sprachen")
    links = switch.get_by_role("link")
    expected = [LANGUAGES[key] for key in quarter.quarter.translations]
    expect(links).to_have_text([language.name for language in expected])
    for link, language in zip(links.all(), expected, strict=True):
        expect(link).to_have_attribute("hreflang", language.hreflang)
        expect(link).to_have_attribute("lang", language.lang)
    # The versions name each other in sitemap.xml, not in the head (next test).
    expect(page.locator('link[rel~="alternate"]')).to_have_count(0)


def test_language_versions_fetch_no_sitemap_and_nothing_missing(
    page: Page,
    url: Callable[[str], str],
    request_guard: RequestGuard,
    shipped_site: Site,
) -> None:
    """Material's script fetches `sitemap.xml` below every `<link rel="alternate">` of a
    page, on every page view (a 404 for each language version): no version of a
    translated quarter page may give it one, and nothing it loads may be missing."""
    quarter = next(q for q in shipped_site.quarters if q.slug == "hagen/wehringhausen")
    assert len(quarter.quarter.translations) >= 2
    requested: list[str] = []
    missing: list[str] = []

    def on_request(request: Request) -> None:
        requested.append(request.url)

    def on_response(response: Response) -> None:
        if response.status >= 400:
            missing.append(f"{response.status} {response.url}")

    page.on("request", on_request)
    page.on("response", on_response)
    targets = [
        quarter.url,
        *(f"{quarter.url}{LANGUAGES[k].segment}/" for k in quarter.quarter.translations),
    ]
    for target in targets:
        page.goto(url(target))
        expect(page.locator("article h1")).to_be_visible()
        page.wait_for_load_state("networkidle")  # Material's fetches start on load
    assert {url(target) for target in targets} <= set(requested)  # the listener saw them
    assert [r for r in requested if "sitemap.xml" in urlsplit(r).path] == []
    assert missing == []
    check_no_foreign_requests(request_guard)


def test_only_quarters_with_translations_show_a_switch(
    page: Page,
    url: Callable[[str], str],
    shipped_site: Site,
) -> None:
    # Every shipped quarter has Leichte Sprache; Essen's have no other language.
    quarter = next(q for q in shipped_site.quarters if q.slug == "essen/haarzopf")
    assert list(quarter.quarter.translations) == ["leichte_sprache"]
    page.goto(url(quarter.url))
    switch = page.get_by_role("navigation", name="Diese Seite in anderen Sprachen")
    expect(switch.get_by_role("link")).to_have_text(["Leichte Sprache"])


def test_untranslated_section_links_to_the_german_section(
    page: Page,
    url: Callable[[str], str],
    shipped_site: Site,
) -> None:
    page.goto(url(_first_with(shipped_site, "tr") + "tr/"))
    note = page.locator(".qd-untranslated").first
    expect(note).to_contain_text("Bu bölüm henüz çevrilmedi.")
    note.get_by_role("link").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("#gebietscharakter")).to_be_in_viewport()


@pytest.mark.parametrize(
    ("key", "query", "expected", "count"),
    [
        # Only in the Turkish summaries of the two Hagen social areas.
        pytest.param(
            "tr", "koordinasyon", "/quartiere/hagen/zentrum-remberg/tr/", r"^\d+ sonuç$", id="tr"
        ),
        # „هاغن“ (Hagen) is written so only on the Arabic pages of the Hagen quarters.
        pytest.param(
            "ar",
            "هاغن",
            "/quartiere/hagen/wehringhausen/ar/",
            r"^(نتيجة واحدة|نتيجتان|\d+ ن)",
            id="ar",
        ),
    ],
)
def test_search_finds_a_word_of_a_translation(
    page: Page,
    url: Callable[[str], str],
    request_guard: RequestGuard,
    shipped_site: Site,
    key: str,
    query: str,
    expected: str,
    count: str,
) -> None:
    """Pagefind keeps one index per `<html lang>` and searches the page's: from a translated
    page a word of its language is found, on pages of that language only, and the dialog
    counts in it. From a German page the same word finds nothing."""
    folder = f"/{LANGUAGES[key].segment}/"
    page.goto(url(_first_with(shipped_site, key) + folder.lstrip("/")))
    expect(page.locator("html")).to_have_attribute("lang", LANGUAGES[key].lang)
    open_search(page)
    search(page, query)
    expect(result_count(page)).to_have_text(re.compile(count), timeout=FIRST_QUERY_MS)
    expect(result_links(page).and_(page.locator(f'[href$="{expected}"]'))).to_have_count(1)
    assert all(path.endswith(folder) for path in result_paths(page))
    page.goto(url(""))
    open_search(page)
    search(page, query)
    expect(result_count(page)).to_have_text("Keine Treffer", timeout=FIRST_QUERY_MS)
    check_no_foreign_requests(request_guard)
