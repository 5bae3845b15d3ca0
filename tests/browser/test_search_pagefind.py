"""The site's search with Pagefind (plugin option `search: pagefind`; docs/performance.md).

Builds tests/fixtures/pagefind-project (the project fixture's quarters, the
site's overrides, Material's search plugin listed but removed by the plugin),
serves it and uses the search dialog (overrides/partials/pagefind-search.html,
assets/javascripts/suche.js) as a visitor does: German stemming, result links,
keyboard, „Mehr Treffer“, axe with the dialog open, and that nothing of the
search is downloaded before the first input.

Every wait is for a condition (Playwright's expect), never a fixed time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pagefind_index import pagefind_fragments
from playwright.sync_api import LocatorAssertions, Page, Request, expect

from .conftest import PAGEFIND_PROJECT
from .search_ui import open_search, result_links, result_paths, search, search_field
from .serving import serve_directory
from .test_accessibility import assert_no_axe_violations

NONSENSE = "Xylophonquark"
# The first query loads and compiles Pagefind's WebAssembly: seconds on a busy machine.
EXPECT_TIMEOUT_MS = 20_000
PLAYWRIGHT_DEFAULT_MS = 5_000


@pytest.fixture(autouse=True)
def _patient_expect() -> Iterator[None]:
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    yield
    expect.set_options(timeout=PLAYWRIGHT_DEFAULT_MS)


@pytest.fixture(scope="module")
def pagefind_url(pagefind_site: Path) -> Iterator[str]:
    with serve_directory(pagefind_site) as base:
        yield base


@pytest.fixture
def requests(page: Page) -> list[str]:
    """Paths of every request the page made (its frames included)."""
    seen: list[str] = []

    def on_request(request: Request) -> None:
        seen.append(urlsplit(request.url).path)

    page.on("request", on_request)
    return seen


@pytest.fixture
def search_page(page: Page, js_errors: list[str], pagefind_url: str) -> Page:
    page.goto(pagefind_url)
    open_search(page)
    return page


def meta(page: Page) -> LocatorAssertions:
    return expect(page.locator(".md-search-result__meta"))


def settled(page: Page) -> None:
    """Wait until the last input's results are shown (suche.js sets aria-busy)."""
    expect(page.locator("#qd-search-results")).to_have_attribute("aria-busy", "false")


# --------------------------------------------------------------------- the build


def test_material_search_is_replaced(pagefind_site: Path) -> None:
    assert (pagefind_site / "pagefind" / "pagefind.js").is_file()
    assert not (pagefind_site / "search").exists()  # no search_index.json
    assert not list(pagefind_site.glob(".pagefind-*"))  # nothing left of writing the index
    html = (pagefind_site / "index.html").read_text(encoding="utf-8")
    assert 'class="md-search qd-search"' in html
    # A form named "search" makes Material fetch search/search_index.json on every page.
    assert 'name="search"' not in html
    assert 'data-md-component="search' not in html


def test_index_holds_the_searchable_pages_only(pagefind_site: Path) -> None:
    urls = set(pagefind_fragments(pagefind_site))
    for expected in (
        "/",
        "/konferenz/",
        "/quartiere/musterstadt/",
        "/quartiere/musterstadt/altstadt/",
        "/quartiere/musterstadt/hafen/",
        "/massnahmen/",
    ):
        assert expected in urls
    # Facet pages and directory pages after the first (search: exclude), map documents, 404.
    facet = "/massnahmen/status/abgeschlossen/"
    assert (pagefind_site / facet.strip("/") / "index.html").is_file()
    assert facet not in urls
    assert not [u for u in urls if re.search(r"/(seite-\d+|status|art|stand)/", u)]
    assert not [u for u in urls if u.startswith("/karten/") or "404" in u]
    assert "/quartiere/" not in urls  # every quarter's summary: on the quarter's page too


# --------------------------------------------------------------------- what loads when


def test_nothing_of_the_search_loads_before_a_query(
    page: Page, pagefind_url: str, requests: list[str]
) -> None:
    for path in ("", "quartiere/musterstadt/altstadt/", "konferenz/"):
        page.goto(pagefind_url + path, wait_until="load")
        frame = page.locator("iframe.qd-map__frame")
        if frame.count():
            frame.first.scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
    assert [p for p in requests if "/pagefind/" in p or "search" in p] == []

    open_search(page)
    assert [p for p in requests if "/pagefind/" in p] == []  # opening is not searching
    search(page, "Konferenzen")
    expect(result_links(page)).to_have_count(1)
    assert "/pagefind/pagefind.js" in requests
    assert not [p for p in requests if "search_index" in p or "/workers/search" in p]


# --------------------------------------------------------------------- German stemming


@pytest.mark.parametrize(
    ("query", "path", "marked"),
    [
        pytest.param("Konferenzen", "/konferenz/", "Konferenz", id="Konferenzen-Konferenz"),
        pytest.param("Geschäften", "/laden/", "Geschäft", id="Geschäften-Geschäft"),
        pytest.param("Sanierungen", "/rathaus/", "Sanierung", id="Sanierungen-Sanierung"),
    ],
)
def test_inflected_form_finds_base_form(
    search_page: Page, query: str, path: str, marked: str
) -> None:
    search(search_page, query)

    link = search_page.locator(f'a.md-search-result__link[href$="{path}"]')
    expect(link).to_have_count(1)
    expect(link.locator("mark").first).to_have_text(marked)
    assert path in result_paths(search_page)


def test_a_page_searches_the_index_of_its_language(
    page: Page, js_errors: list[str], pagefind_url: str
) -> None:
    # content/mahalle.md is Turkish (front matter `lang: tr`), as a quarter's language
    # versions are: Pagefind keeps an index per <html lang> and searches the page's.
    page.goto(pagefind_url + "mahalle/")
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    open_search(page)
    search(page, "danışmanlık")
    link = page.locator('a.md-search-result__link[href$="/mahalle/"]')
    expect(link).to_have_count(1)
    expect(link.locator("mark").first).to_have_text("danışmanlık")
    meta(page).to_have_text("1 sonuç")  # the dialog speaks the page's language
    search(page, "kelimeyok")
    meta(page).to_have_text("Sonuç yok")
    page.goto(pagefind_url)  # a German page: the Turkish word is not in the German index
    open_search(page)
    search(page, "danışmanlık")
    meta(page).to_have_text("Keine Treffer")


def test_counts_in_german(search_page: Page) -> None:
    search(search_page, "Konferenzen")
    meta(search_page).to_have_text("1 Treffer")
    search(search_page, "Geschäften")
    meta(search_page).to_have_text(re.compile(r"^[2-9] Treffer$"))
    search(search_page, NONSENSE)
    meta(search_page).to_have_text("Keine Treffer")
    expect(result_links(search_page)).to_have_count(0)


def test_result_shows_title_and_excerpt_as_text(search_page: Page) -> None:
    # The page says "&lt;b&gt;Kirschkuchen&lt;/b&gt;": text that looks like markup.
    search(search_page, "Kirschkuchen")
    link = result_links(search_page)
    expect(link).to_have_count(1)
    expect(link.locator("h1")).to_have_text("Zeichen")
    teaser = link.locator(".md-search-result__teaser")
    expect(teaser).to_contain_text("<b>Kirschkuchen</b>")
    assert teaser.locator("b").count() == 0
    tags = teaser.evaluate("p => [...p.querySelectorAll('*')].map(e => e.localName)")
    assert set(tags) == {"mark"}


def test_a_result_link_opens_its_page(search_page: Page, pagefind_url: str) -> None:
    search(search_page, "Sanierungen")
    first = result_links(search_page).first
    expect(first).to_have_attribute("href", pagefind_url + "rathaus/")
    first.click()
    expect(search_page).to_have_url(pagefind_url + "rathaus/")
    expect(search_page.locator("article h1")).to_have_text("Rathaus")


def test_more_results_on_request(search_page: Page) -> None:
    search(search_page, "Musterstadt")
    meta(search_page).to_have_text(re.compile(r"^\d+ Treffer$"))
    total = int(search_page.locator(".md-search-result__meta").inner_text().split()[0])
    assert total > 5, "the fixture needs more than one batch of results"
    expect(result_links(search_page)).to_have_count(5)
    more = search_page.get_by_role("button", name="Mehr Treffer")
    more.focus()
    search_page.keyboard.press("Enter")
    expect(result_links(search_page)).to_have_count(min(total, 10))
    # The keyboard goes on with the first new result.
    expect(result_links(search_page).nth(5)).to_be_focused()


# --------------------------------------------------------------------- keyboard


def test_keyboard_only(page: Page, js_errors: list[str], pagefind_url: str) -> None:
    page.goto(pagefind_url)
    toggle = page.locator("#__search")
    page.keyboard.press("/")
    expect(search_field(page)).to_be_focused()
    expect(toggle).to_be_checked()
    page.keyboard.type("Sanierungen")  # key by key: a search per pause, the last one counts
    settled(page)
    expect(result_links(page)).to_have_count(1)
    page.keyboard.press("ArrowDown")
    expect(result_links(page).first).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(search_field(page)).to_be_focused()
    page.keyboard.press("Escape")
    expect(toggle).not_to_be_checked()
    expect(search_field(page)).not_to_be_focused()
    # Enter in the field opens the first result.
    page.keyboard.press("/")
    expect(search_field(page)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(pagefind_url + "rathaus/")


def test_tab_reaches_the_results(search_page: Page) -> None:
    search(search_page, "Konferenzen")
    expect(result_links(search_page)).to_have_count(1)
    for _ in range(5):
        search_page.keyboard.press("Tab")
        if result_links(search_page).first.evaluate("a => a === document.activeElement"):
            break
    expect(result_links(search_page).first).to_be_focused()


# --------------------------------------------------------------------- accessibility


def test_axe_finds_no_violation_in_open_search(search_page: Page) -> None:
    search(search_page, "Musterstadt")
    expect(result_links(search_page)).to_have_count(5)
    expect(search_page.get_by_role("dialog", name="Suche")).to_be_visible()
    expect(search_page.get_by_role("button", name="Mehr Treffer")).to_be_visible()
    assert_no_axe_violations(search_page)


def test_the_count_is_announced(search_page: Page) -> None:
    status = search_page.get_by_role("status")
    expect(status).to_have_text("Suchbegriff eingeben")
    search(search_page, "Konferenzen")
    expect(status).to_have_text("1 Treffer")


def test_fixture_lists_material_search(pagefind_site: Path) -> None:
    """The fixture keeps `- search:` in its plugins: the plugin, not the config, removes it."""
    config = (PAGEFIND_PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^  - search:", config, re.M)
    assert "search: pagefind" in config
