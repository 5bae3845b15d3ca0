"""Driving the search box in tests: shared by the search tests.

Material's (lunr) and the Pagefind dialog (overrides/partials/pagefind-search.html, the
shipped site's) have the same field, result list and classes.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, expect

#: The first Pagefind query loads and compiles its WebAssembly: seconds on a busy machine.
FIRST_QUERY_MS = 20_000


def open_search(page: Page) -> Locator:
    """Focus the search field with Material's "/" shortcut."""
    page.keyboard.press("/")
    field = search_field(page)
    expect(field).to_be_focused()
    return field


def search_field(page: Page) -> Locator:
    return page.locator("input.md-search__input")


def search(page: Page, query: str) -> None:
    """Enter the whole query at once; Material searches on keyup."""
    field = search_field(page)
    field.fill(query)
    field.press("End")


def result_links(page: Page) -> Locator:
    return page.locator("li.md-search-result__item > a.md-search-result__link")


def result_paths(page: Page) -> list[str]:
    hrefs: list[str] = result_links(page).evaluate_all("links => links.map(a => a.href)")
    return [urlsplit(href).path for href in hrefs]


def result_count(page: Page) -> Locator:
    """The line that counts the results („3 Treffer“, „Keine Treffer“, in the page's language)."""
    return page.locator(".md-search-result__meta")
