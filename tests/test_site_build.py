"""A full `mkdocs build --strict` of the fixture project, checked with an HTML parser."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from mkdocs_process import build_site


@pytest.fixture(scope="module")
def built(fixture_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    before = sorted(p.relative_to(fixture_project) for p in fixture_project.rglob("*"))
    build_site(fixture_project / "mkdocs.yml", site)
    after = sorted(p.relative_to(fixture_project) for p in fixture_project.rglob("*"))
    assert after == before, "the build wrote into the project folder"
    return site


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def _article(site: Path, page: str) -> BeautifulSoup:
    article = _soup(site, page).select_one("article.md-content__inner")
    assert article is not None
    return article


def test_start_page_lists_every_quarter(built: Path) -> None:
    article = _article(built, "")
    links = {a.get_text(): a["href"] for a in article.select(".qd-quarter-list a")}
    assert links == {
        "Altstadt": "quartiere/musterstadt/altstadt/",
        "Hafen": "quartiere/musterstadt/hafen/",
    }
    assert "Diese Website dokumentiert erfundene Quartiere" in article.get_text()


def test_quarter_index_groups_by_city_and_district(built: Path) -> None:
    article = _article(built, "quartiere")
    assert [h.get_text(strip=True) for h in article.find_all("h2")] == ["Musterstadt"]
    assert [h.get_text(strip=True) for h in article.find_all("h3")] == [
        "Stadtbezirk Mitte",
        "Ohne Stadtbezirk",
    ]
    altstadt = article.find("a", string="Altstadt")
    assert altstadt["href"] == "musterstadt/altstadt/"
    assert "Archiv" in altstadt.parent.get_text()


def test_quarter_page_shows_every_filled_section(built: Path) -> None:
    article = _article(built, "quartiere/musterstadt/altstadt")
    assert article.find("h1").get_text(strip=True) == "Altstadt"
    sections = [h.get_text(strip=True) for h in article.find_all("h2")]
    assert sections == [
        "Auf einen Blick",
        "Gebietscharakter und Ausgangslage",
        "Strategische Ziele der Stadt",
        "Programme",
        "Maßnahmen",
        "Termine",
        "Anlaufstellen",
        "Beschlüsse und Sachstand",
        "Quellen",
    ]
    entries = {h.get("id"): h.get_text(strip=True) for h in article.find_all("h3")}
    assert entries == {
        "programm-soziale-stadt": "Archiv: Soziale Stadt Altstadt",
        "massnahme-6-0-sozialraumkonzept": "6.0 Sozialraumkonzept",
        "termin-7-stadtteilkonferenz-2022-03-26": "7. Stadtteilkonferenz",
        "anlaufstelle-quartiersbuero-altstadt": "Quartiersbüro Altstadt",
        "beschluss-0001-2026": "Beschluss 0001/2026: Koordinationsstellen einrichten",
        "sachstandsberichte": "Sachstandsberichte",
    }
    text = article.get_text(" ", strip=True)
    for fact in [
        "12.000",
        "2014 bis Ende 2023",
        "Caritas, Diakonie",
        "November 2010: Gründung der Arbeitsgruppe",
        "Frühjahr 2011: Quartierswerkstatt",
        "Samstag, 26.03.2022",
        "Das Jahr ist erschlossen.",
        "etwa 50 Personen",
        "geplant bis Mitte 2026",
        "Vierteljährlicher Sachstandsbericht",
        "Erster Sachstandsbericht",
        "Bezahlbare Wohnungen sichern",
        "Stand: 01.11.2026",
    ]:
        assert fact in text, fact


def test_ended_programme_puts_archive_notice_first(built: Path) -> None:
    article = _article(built, "quartiere/musterstadt/altstadt")
    notice = article.select_one(".qd-archive")
    assert notice is not None
    assert "Soziale Stadt Altstadt ist beendet (Ende 2023)" in notice.get_text()
    assert notice.find_previous("h2") is None  # above every section
    target = notice.find("a")["href"]
    assert article.select_one(target) is not None


def test_every_citation_points_to_a_listed_source(built: Path) -> None:
    article = _article(built, "quartiere/musterstadt/altstadt")
    listed = {li["id"] for li in article.select(".qd-source-list li")}
    assert listed == {"quelle-bericht", "quelle-konzept"}
    cited = {a["href"].lstrip("#") for a in article.select(".qd-sources a")}
    assert cited <= listed
    assert cited


def test_quarter_pages_stay_out_of_the_navigation(built: Path) -> None:
    nav = _soup(built, "").select_one("nav.md-nav--primary")
    hrefs = [a["href"] for a in nav.find_all("a", href=True)]
    assert not any("musterstadt" in href for href in hrefs)
    assert any(href.rstrip("/").endswith("quartiere") for href in hrefs)


def test_operator_placeholders_are_filled_or_marked_as_gaps(built: Path) -> None:
    article = _article(built, "impressum")
    assert "Verantwortlich: Musterstadt, Amt für Stadtentwicklung" in article.get_text()
    gap = article.select_one("mark.qd-gap")
    assert gap is not None
    assert gap.get_text() == "[Angabe fehlt: Telefonnummer]"


def test_search_index_holds_quarter_pages(built: Path) -> None:
    index = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert "quartiere/musterstadt/altstadt/" in locations
    assert "quartiere/musterstadt/altstadt/#massnahmen" in locations
    assert index["config"]["lang"] == ["de"]


def test_internal_links_resolve(built: Path) -> None:
    for html in built.rglob("*.html"):
        page = "/" + html.relative_to(built).as_posix()
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        ids = {tag["id"] for tag in soup.find_all(id=True)}
        for link in soup.select("article a[href]"):
            href = link["href"]
            parts = urlsplit(href)
            if parts.scheme or href.startswith("mailto:"):
                continue
            if not parts.path:
                assert parts.fragment in ids, f"{page}: #{parts.fragment}"
                continue
            target = urlsplit(urljoin(page, parts.path)).path
            path = built / target.lstrip("/")
            assert path.exists() or (path / "index.html").exists(), f"{page}: {href}"


def test_no_third_party_references_in_html(built: Path) -> None:
    for html in built.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["script", "link", "img", "iframe"]):
            url = tag.get("src") or tag.get("href") or ""
            assert not str(url).startswith(("http:", "https:", "//")), f"{html}: {url}"


@pytest.mark.parametrize(
    ("page", "entries"),
    [
        ("anlaufstellen", ["Quartiersbüro Altstadt"]),
        ("termine", ["7. Stadtteilkonferenz"]),
        ("archiv", ["Archiv: Soziale Stadt Altstadt"]),
        ("massnahmen", ["6.0 Sozialraumkonzept"]),
        ("beschluesse", ["Beschluss 0001/2026: Koordinationsstellen einrichten"]),
    ],
)
def test_directories_list_every_entry_with_a_link_to_it(
    built: Path, page: str, entries: list[str]
) -> None:
    article = _article(built, page)
    rows = article.select(".qd-rows > li")
    # Contact points carry their number in the schematic map before their name.
    numbers = [no.extract().get_text() for row in rows for no in row.select("h3 .qd-map__no")]
    assert numbers in ([], [str(n) for n in range(1, len(rows) + 1)])
    assert [row.find("h3").get_text(strip=True) for row in rows] == entries
    for row in rows:
        link = row.select_one(".qd-owner a")
        target = urlsplit(urljoin(f"/{page}/", link["href"]))
        html = built / target.path.lstrip("/") / "index.html"
        anchors = {
            t["id"]
            for t in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").find_all(
                id=True
            )
        }
        assert target.fragment in anchors


def test_static_facet_pages_filter_without_javascript(built: Path) -> None:
    article = _article(built, "anlaufstellen")
    facets = {a.get_text(): a["href"] for a in article.select(".qd-facets p:not(.qd-by-quarter) a")}
    assert facets == {"geplant (1)": "status/geplant/", "Quartiersbüro (1)": "art/quartiersbuero/"}
    by_quarter = {a.get_text(): a["href"] for a in article.select(".qd-by-quarter a")}
    assert by_quarter == {"Altstadt": "../quartiere/musterstadt/altstadt/#anlaufstellen"}
    planned = _article(built, "anlaufstellen/status/geplant")
    assert planned.find("h1").get_text() == "Anlaufstellen: geplant"
    assert [h.get_text() for h in planned.select(".qd-rows h3")] == ["Quartiersbüro Altstadt"]
    assert "geplant bis Mitte 2026" in planned.get_text()


def test_overdue_commitment_is_flagged_in_words(built: Path) -> None:
    # The fixture's quarterly report was last given on 30.06.2026, due again by 31.08.2026.
    article = _article(built, "beschluesse")
    badge = article.select_one(".qd-commitments .qd-standing-overdue")
    assert badge is not None
    assert badge.get_text() == "überfällig"
    assert "fällig: 31.08.2026" in badge.parent.get_text()


def test_past_events_are_listed_as_past(built: Path) -> None:
    article = _article(built, "termine")
    assert article.select_one("#vergangen") is not None
    assert "Zurzeit sind keine kommenden Termine erfasst." in article.get_text()


def test_city_page_holds_city_wide_content(built: Path) -> None:
    article = _article(built, "quartiere/musterstadt")
    assert article.find("h1").get_text(strip=True) == "Musterstadt"
    assert [a.get_text() for a in article.select(".qd-quarter-list a")] == ["Altstadt", "Hafen"]
    goal = article.select_one("#ziel-ziel-wohnen")
    assert "Bezahlbare Wohnungen sichern" in goal.get_text()
    assert "Altstadt" in goal.get_text()
    assert article.select_one("#beschluss-0001-2026") is not None


def test_every_local_resource_a_page_loads_exists(built: Path) -> None:
    for html in built.rglob("*.html"):
        page = "/" + html.relative_to(built).as_posix()
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.select("script[src], link[href], img[src], iframe[src]"):
            url = str(tag.get("src") or tag.get("href"))
            if tag.name == "link" and "canonical" in (tag.get("rel") or []):
                continue
            target = urlsplit(urljoin(page, url)).path
            path = built / target.lstrip("/")
            assert path.is_file() or (path / "index.html").is_file(), f"{page}: {url}"


def test_open_data_and_calendar_links_are_offered(built: Path) -> None:
    article = _article(built, "quartiere/musterstadt/altstadt")
    downloads = {a.get_text(): a["href"] for a in article.select(".qd-download a, .qd-data a")}
    assert downloads["In den Kalender (iCal)"].endswith(".ics")
    assert downloads["Kontakt speichern (vCard)"].endswith(".vcf")
    assert downloads["alle Angaben als JSON"].endswith("musterstadt/altstadt.json")
    head = _soup(built, "quartiere/musterstadt/altstadt").head
    assert head is not None
    assert head.find("script", type="application/ld+json") is not None
