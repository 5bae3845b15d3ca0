"""Directories split into pages ("Seite 2 von 5"), built with a small `directory_page_size`."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from mkdocs_process import build_site
from pagefind_index import pagefind_fragments

from quartiersdoku.core.settings import Settings
from quartiersdoku.core.validate import load_site
from quartiersdoku.pages.directories import Directories
from quartiersdoku.pages.render import Renderer
from quartiersdoku.tools.bench.corpus import make_project

REPO = Path(__file__).resolve().parent.parent
PAGE_SIZE = 2


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("paged")
    # 3 quarters: 6 contact points, 15 measures, 6 events, 3 ended or running programmes
    make_project(root, 3, repo=REPO, plugin_options={"directory_page_size": PAGE_SIZE})
    return root


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return build_site(project / "mkdocs.yml", project / "site")


def _soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def _walk(site: Path, first: str) -> list[tuple[str, BeautifulSoup]]:
    """Follow the "Nächste Seite" links from `first`; every page once, in order."""
    pages: list[tuple[str, BeautifulSoup]] = []
    url: str | None = first
    while url is not None:
        assert url not in [u for u, _ in pages], f"loop at {url}"
        soup = _soup(site, url)
        pages.append((url, soup))
        following = soup.select_one('article nav.qd-pages a[rel="next"]')
        url = (
            urlsplit(urljoin(f"/{url}", following["href"])).path.lstrip("/") if following else None
        )
    return pages


def _titles(soup: BeautifulSoup) -> list[str]:
    """The entries' names (without the number of the map's schematic some carry)."""
    titles = []
    for h in soup.select("article .qd-rows > li h3"):
        number = h.select_one(".qd-map__no")
        text = h.get_text(strip=True)
        titles.append(text.removeprefix(number.get_text()) if number is not None else text)
    return titles


def test_directory_is_split_into_linked_pages(site: Path) -> None:
    pages = _walk(site, "massnahmen/")
    assert len(pages) == 8  # 15 measures, 2 per page
    assert [url for url, _ in pages][:3] == [
        "massnahmen/",
        "massnahmen/seite-2/",
        "massnahmen/seite-3/",
    ]
    titles = [title for _, soup in pages for title in _titles(soup)]
    assert len(titles) == 15
    assert all(len(_titles(soup)) == PAGE_SIZE for _, soup in pages[:-1])
    second = pages[1][1]
    nav = second.select_one("article nav.qd-pages")
    assert "Seite 2 von 8" in nav.get_text()
    assert second.select_one("article h1").get_text(strip=True) == "Maßnahmen – Seite 2 von 8"
    assert nav.select_one('a[rel="prev"]')["href"] == "../"
    assert nav.select_one('a[aria-current="page"]').get_text() == "2"
    # Page numbers are links (no JavaScript needed), with a gap instead of every number.
    assert "…" in pages[0][1].select_one("article nav.qd-pages").get_text()
    labels = [n["aria-label"] for n in second.select("article nav.qd-pages")]
    assert len(labels) == 2
    assert len(set(labels)) == 2


def test_every_pager_link_resolves(site: Path) -> None:
    for first in ("anlaufstellen/", "termine/", "massnahmen/"):
        for url, soup in _walk(site, first):
            for link in soup.select("article nav.qd-pages a[href]"):
                target = urlsplit(urljoin(f"/{url}", link["href"])).path.lstrip("/")
                assert (site / target / "index.html").is_file(), (url, link["href"])


def test_facet_pages_are_split_too(site: Path) -> None:
    overview = _soup(site, "massnahmen/")
    facets = {
        a.get_text(): urlsplit(urljoin("/massnahmen/", a["href"])).path.lstrip("/")
        for a in overview.select("article .qd-facets p:not(.qd-by-quarter) a")
    }
    counts = {text: int(text.rsplit("(", 1)[1].rstrip(")")) for text in facets}
    assert sum(counts.values()) == 15
    for text, first in facets.items():
        pages = _walk(site, first)
        rows = [title for _, soup in pages for title in _titles(soup)]
        assert len(rows) == counts[text]
        assert len(pages) == -(-counts[text] // PAGE_SIZE)
        header = pages[0][1].select_one("article p").get_text()
        assert f"{counts[text]} von 15 Einträgen" in header


def test_in_page_filter_offers_the_quarters_of_its_page(site: Path) -> None:
    for _, soup in _walk(site, "anlaufstellen/"):
        rows = {li["data-quarter"] for li in soup.select("article .qd-rows > li")}
        options = {o["value"] for o in soup.select('form.qd-filter select[name="quarter"] option')}
        assert options - {""} == rows


def test_events_say_no_upcoming_only_when_there_are_none(site: Path) -> None:
    pages = _walk(site, "termine/")
    upcoming = sum(len(soup.select("#kommend + ul > li")) for _, soup in pages)
    notices = sum("keine kommenden Termine" in soup.get_text() for _, soup in pages)
    assert notices == (len(pages) if upcoming == 0 else 0)  # true of the whole list
    titles = [title for _, soup in pages for title in _titles(soup)]
    assert len(titles) == 6
    assert len(set(titles)) == 6


def test_only_first_pages_of_lists_are_searched(site: Path) -> None:
    """The corpus searches as the repository's mkdocs.yml says: with Pagefind."""
    pages = set(pagefind_fragments(site))
    assert "/massnahmen/" in pages
    assert not any("/seite-" in page for page in pages)
    assert not any(page.startswith("/massnahmen/status/") for page in pages)


def test_quarter_pages_and_main_pages_stay_where_they_were(site: Path) -> None:
    soup = _soup(site, "")
    nav = [a.get("href") for a in soup.select("nav.md-nav a.md-nav__link")]
    assert "massnahmen/" in nav
    assert not any("seite-" in (href or "") for href in nav)


def test_page_size_of_the_core(fixture_project: Path) -> None:
    result = load_site(Settings(quarters_dir=fixture_project / "quarters"))
    renderer = Renderer(result.site)
    one = [p.src_uri for p in Directories(result.site, renderer, page_size=1).pages()]
    many = [p.src_uri for p in Directories(result.site, renderer).pages()]
    assert one == many  # the fixture has one entry per list: nothing to split
    assert "massnahmen/index.md" in one
    assert not any("seite-" in uri for uri in one)


def test_contacts_map_names_the_pages_its_list_continues_on(site: Path) -> None:
    """The map stands on the first page only; its text must not claim the list is all below it."""
    pages = _walk(site, "anlaufstellen/")
    assert len(pages) == 3  # 6 contact points, 2 per page
    first = pages[0][1]
    description = first.select_one("article figure.qd-map .qd-map__description")
    text = " ".join(description.get_text().split())
    assert "Die Liste ist auf 3 Seiten verteilt" in text
    assert "geht auf Seite 2 bis Seite 3 weiter" in text
    links = [
        urlsplit(urljoin("/anlaufstellen/", a["href"])).path.lstrip("/")
        for a in description.select("a[href]")
    ]
    assert links == ["anlaufstellen/seite-2/", "anlaufstellen/seite-3/"]
    assert [url for url, _ in pages[1:]] == links
    # Every place of the map is a row of the list, on one of the pages the text names.
    document = BeautifulSoup((site / "karten" / "anlaufstellen.html").read_bytes(), "html.parser")
    data = json.loads(document.select_one("script#qd-map-data").string)
    names = {row[2] for row in data["places"]}
    assert names
    listed = {title for _, soup in pages for title in _titles(soup)}
    assert names <= listed
    assert all(not soup.select("figure.qd-map") for _, soup in pages[1:])
    # The entries on every page carry the numbers of the schematic's markers.
    first_map = first.select_one("article figure.qd-map svg.qd-map__schematic")
    markers = len(first_map.select("g.qd-sm"))
    numbers = [
        int(number.get_text())
        for _, soup in pages
        for number in soup.select("article .qd-rows > li h3 .qd-map__no")
    ]
    assert sorted(numbers) == list(range(1, markers + 1))


def test_map_above_an_unsplit_list_keeps_its_sentence(fixture_project: Path) -> None:
    result = load_site(Settings(quarters_dir=fixture_project / "quarters"))
    pages = Directories(result.site, Renderer(result.site)).pages()
    contacts = next(p.content for p in pages if p.src_uri == "anlaufstellen/index.md")
    assert "Alle Orte der Karte stehen auch in der Liste unter der Karte." in contacts
    assert "Seiten verteilt" not in contacts


def test_first_pages_describe_only_their_entries_in_json_ld(site: Path) -> None:
    """At 10,000 quarters all events in one JSON-LD block would be megabytes on one page."""
    for url, kind in (("termine/", "Event"), ("anlaufstellen/", None)):
        soup = _soup(site, url)
        [script] = soup.select('script[type="application/ld+json"]')
        graph = json.loads(script.string or "")
        nodes = graph.get("@graph", [graph])
        if kind is not None:
            assert all(node["@type"] == kind for node in nodes)
        assert 0 < len(nodes) <= PAGE_SIZE
