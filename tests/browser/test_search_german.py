"""German search in the browser: stemming plus prefix search (quartiersdoku.search.lunr).

Builds tests/fixtures/search-site (Material, ``lang: de``, stemming pipeline,
``hooks.py`` calling :func:`quartiersdoku.search.lunr.patch_search_worker`),
serves it on 127.0.0.1 and types queries into Material's search. lunr is an
opt-in since Pagefind became the default search (`search: lunr`); these tests
keep it working, with Arabic pages too (`lang: [de, ar]`, at the end).

The fixture pages are chosen so that each query below fails without the
patch: "Konferenzen", "Haus" and "Strasse" find nothing with Material's
default configuration; "Geschäft", "Strasse" and "Geschäftsf" find nothing
with the stemming pipeline but an unpatched worker.

Queries are entered with ``fill`` plus one key press: Material searches on
``keyup``, so only the complete query is sent to the worker and no result of
a partly typed query can satisfy an assertion by accident.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from quartiersdoku.search.lunr import PATCH_MARKER

from .conftest import REPO, build_site
from .search_ui import result_links, result_paths, search, search_field
from .serving import serve_directory

FIXTURE = REPO / "tests" / "fixtures" / "search-site" / "mkdocs.yml"
NONSENSE = "Xylophonquark"


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(FIXTURE, tmp_path_factory.mktemp("search-site"))


@pytest.fixture(scope="module")
def search_url(search_site: Path) -> Iterator[str]:
    with serve_directory(search_site) as base:
        yield base


@pytest.fixture
def search_page(page: Page, js_errors: list[str], search_url: str) -> Page:
    """The start page with the search field focused (Material's "/" shortcut)."""
    page.goto(search_url)
    page.keyboard.press("/")
    expect(search_field(page)).to_be_focused()
    return page


def href_pattern(path: str, query: str) -> re.Pattern[str]:
    """Result link of ``path`` for ``query``: ``?h=`` lists the matched terms."""
    return re.compile(rf"/{re.escape(path)}/\?h={re.escape(quote(query.lower()))}$")


def test_built_worker_is_patched(search_site: Path) -> None:
    (worker,) = (search_site / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    assert PATCH_MARKER in worker.read_text(encoding="utf-8")


def test_inflected_form_finds_base_form(search_page: Page) -> None:
    # The page says only "Stadtteilkonferenz" and "Konferenz".
    search(search_page, "Konferenzen")

    links = result_links(search_page)
    expect(links).to_have_count(1)
    expect(links.first).to_have_attribute("href", href_pattern("stadtteilkonferenz", "konferenzen"))
    expect(links.first.locator("mark")).to_have_text(["Konferenz"])
    # The typed term counts as found: no "Es fehlt: konferenzen".
    expect(search_page.locator(".md-search-result__terms")).to_have_count(0)


def test_base_form_finds_inflected_form(search_page: Page) -> None:
    # The page says only "Geschäften".
    search(search_page, "Geschäft")

    links = result_links(search_page)
    expect(links.first).to_have_attribute("href", href_pattern("einkaufen", "geschäft"))
    expect(links.first.locator("mark")).to_have_text(["Geschäften"])
    # "Geschäftsführung" also starts with the stem; nothing else matches.
    assert result_paths(search_page) == ["/einkaufen/", "/verwaltung/"]


def test_prefix_still_works(search_page: Page) -> None:
    search(search_page, "Stadtteilk")

    links = result_links(search_page)
    expect(links).to_have_count(1)
    expect(links.first).to_have_attribute("href", href_pattern("stadtteilkonferenz", "stadtteilk"))
    expect(links.first.locator("mark").first).to_have_text("Stadtteilkonferenz")


@pytest.mark.parametrize(
    ("query", "path", "marked"),
    [
        pytest.param("Haus", "wohnen", "Häusern", id="umlaut-plural"),
        pytest.param("Strasse", "wohnen", "Straßen", id="eszett"),
        pytest.param("Geschäftsf", "verwaltung", "Geschäftsführung", id="umlaut-prefix"),
    ],
)
def test_umlauts_and_eszett(search_page: Page, query: str, path: str, marked: str) -> None:
    search(search_page, query)

    links = result_links(search_page)
    expect(links).to_have_count(1)
    expect(links.first).to_have_attribute("href", href_pattern(path, query))
    expect(links.first.locator("mark")).to_have_text([marked])


def test_nonsense_word_finds_nothing(search_page: Page) -> None:
    # First a query that finds something, so the worker is known to be ready.
    search(search_page, "Konferenz")
    expect(result_links(search_page)).to_have_count(1)

    search(search_page, NONSENSE)

    expect(search_page.locator(".md-search-result__meta")).to_have_text("Keine Suchergebnisse")
    expect(result_links(search_page)).to_have_count(0)


def test_highlight_on_target_page(search_page: Page) -> None:
    search(search_page, "Geschäft")
    first = result_links(search_page).first
    expect(first).to_have_attribute("href", href_pattern("einkaufen", "geschäft"))

    first.click()

    expect(search_page).to_have_url(href_pattern("einkaufen", "geschäft"))
    expect(search_page.locator("article mark[data-md-highlight]")).to_have_text(["Geschäft"])


# ------------------------------------------- lunr with Arabic pages (`lang: [de, ar]`)

ARABIC_PAGE = """# مكتب الحي

يقع مكتب تنسيق الحي في وسط هاغن، ويقدم الاستشارات للسكان.
"""


@pytest.fixture(scope="module")
def arabic_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The search site plus an Arabic page, with `lang: [de, ar]` as a lunr site with
    Arabic translations lists it (docs/performance.md, "Search at scale")."""
    project = tmp_path_factory.mktemp("search-site-ar")
    shutil.copytree(FIXTURE.parent, project, dirs_exist_ok=True)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      lang: de\n" in text
    config.write_text(text.replace("      lang: de\n", "      lang: [de, ar]\n"), "utf-8")
    (project / "docs" / "arabisch.md").write_text(ARABIC_PAGE, encoding="utf-8")
    site = build_site(config, project / "site")
    with serve_directory(site) as base:
        yield base


@pytest.mark.parametrize(
    ("query", "path"),
    [
        # Without `ar`, lunr's German trimmer strips Arabic letters: never indexed.
        pytest.param("هاغن", "/arabisch/", id="arabic"),
        pytest.param("Konferenzen", "/stadtteilkonferenz/", id="german-still-stemmed"),
    ],
)
def test_lunr_with_arabic_finds_both_languages(
    page: Page, js_errors: list[str], arabic_url: str, query: str, path: str
) -> None:
    page.goto(arabic_url)
    page.keyboard.press("/")
    expect(search_field(page)).to_be_focused()
    search(page, query)
    expect(result_links(page)).to_have_count(1)
    assert result_paths(page) == [path]
