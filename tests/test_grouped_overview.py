"""Large sites: the start page and the quarter index list cities, each city its quarters.

Built with a small `overview_limit`; one city has no city file (it gets a list page).
Every quarter must stay reachable from the start page by plain links.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from mkdocs_process import build_site

from quartiersdoku.tools.bench.corpus import make_project

REPO = Path(__file__).resolve().parent.parent
QUARTERS = 30  # two cities in the synthetic corpus (about 25 quarters per city)
WITHOUT = "zwergstadt"  # sorts last


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("grouped")
    make_project(root, QUARTERS, repo=REPO, plugin_options={"overview_limit": 5})
    # A city without a city file (the corpus gives every city one).
    folder = root / "quarters" / WITHOUT
    folder.mkdir()
    (folder / "mitte.yaml").write_text(
        "name: Mitte\ncity: Zwergstadt\nsummary: Ein Quartier in einer Stadt ohne Stadtdatei.\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return build_site(project / "mkdocs.yml", project / "site")


def _soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def _article_links(site: Path, url: str) -> set[str]:
    """Site-relative URLs of the links in a page's article."""
    article = _soup(site, url).select_one("article")
    assert article is not None
    found = set()
    for a in article.select("a[href]"):
        target = urlsplit(urljoin(f"http://h/{url}", a["href"]))
        if target.netloc == "h" and not target.fragment:
            found.add(target.path.lstrip("/"))
    return found


def _quarter_urls(project: Path) -> set[str]:
    folder = project / "quarters"
    return {
        f"quartiere/{path.relative_to(folder).with_suffix('').as_posix()}/"
        for path in folder.rglob("*.yaml")
        if path.name != "_stadt.yaml"
    }


def test_index_and_start_page_list_cities_not_quarters(site: Path, project: Path) -> None:
    cities = sorted(p.name for p in (project / "quarters").iterdir() if p.is_dir())
    index = _article_links(site, "quartiere/")
    assert {f"quartiere/{key}/" for key in cities} <= index
    assert not index & _quarter_urls(project)  # no quarter listed one by one
    start = _article_links(site, "")
    assert {f"quartiere/{key}/" for key in cities} <= start
    assert not start & _quarter_urls(project)
    text = " ".join(_soup(site, "quartiere/").get_text(" ").split())
    assert f"{QUARTERS + 1} Quartiere in {len(cities)} Städten und Kreisen" in text


def test_every_quarter_is_reachable_through_its_city(site: Path, project: Path) -> None:
    reached: set[str] = set()
    for city in _article_links(site, "quartiere/"):
        if city.count("/") == 2:  # quartiere/<city>/
            reached |= _article_links(site, city)
    assert _quarter_urls(project) <= reached


def test_a_city_without_city_file_gets_a_list_page(site: Path, project: Path) -> None:
    without = WITHOUT
    soup = _soup(site, f"quartiere/{without}/")
    assert soup.h1 is not None
    assert soup.h1.get_text(strip=True) == "Quartiere in Zwergstadt"
    mine = {u for u in _quarter_urls(project) if u.startswith(f"quartiere/{without}/")}
    assert mine
    assert mine <= _article_links(site, f"quartiere/{without}/")


def test_small_sites_keep_the_full_lists(tmp_path: Path) -> None:
    from quartiersdoku.core.settings import Settings
    from quartiersdoku.core.validate import load_site
    from quartiersdoku.pages.render import Renderer

    make_project(tmp_path, 3, repo=REPO)
    site = load_site(Settings(quarters_dir=tmp_path / "quarters")).site
    renderer = Renderer(site, grouped_from=300)
    assert not renderer.grouped
    page = renderer.quarter_index()
    assert all(data.quarter.name in page for data in site.quarters)
    assert Renderer(site, grouped_from=2).grouped


def test_the_overview_map_says_where_its_places_are_listed(site: Path) -> None:
    text = " ".join(_soup(site, "").get_text(" ").split())
    assert "stehen auch in den Listen der Städte, die unter der Karte verlinkt sind" in text
    assert "stehen auch in der Liste unter der Karte" not in text
