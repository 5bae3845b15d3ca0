"""Driving Material's search box in tests: shared by the search tests."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, expect


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
