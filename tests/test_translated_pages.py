"""The language versions of the shipped quarter pages, built: structure, language,
links between the versions, sitemap, open data, and the rules of Leichte Sprache."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import shipped_versions
from mkdocs_process import build_site
from sitemap_xml import sitemap_entries

from quartiersdoku.core.languages import LANGUAGES, LEICHTE_SPRACHE
from quartiersdoku.core.page_labels import PAGE_LABELS
from quartiersdoku.core.site import QuarterData, Site
from quartiersdoku.exports import contact_vcf_path
from quartiersdoku.exports.data import quarter_json_path
from quartiersdoku.pages.markup import MarkdownRenderer
from quartiersdoku.pages.translations import sitemap_alternates, versions

REPO = Path(__file__).resolve().parent.parent
# Headings of the German quarter page that a translated page must not show.
GERMAN_HEADINGS = {"Anlaufstellen", "Termine", "Programme", "Gebietscharakter und Ausgangslage"}
EASY_LANGUAGE_MAX_WORDS = 15
ABBREVIATIONS = re.compile(r"\b(z\. ?B\.|bzw\.|usw\.|etc\.|d\. ?h\.|ggf\.|u\. ?a\.|evtl\.|DS)\b")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("translated"))


@pytest.fixture(scope="module")
def site_url() -> str:
    """The `site_url` the build used (mkdocs.yml: `SITE_URL`, else the local default)."""
    from mkdocs.config import load_config

    url = load_config(str(REPO / "mkdocs.yml")).site_url
    assert url, "mkdocs.yml sets site_url"
    return url


def _soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def _url(data: QuarterData, key: str) -> str:
    return f"{data.url}{LANGUAGES[key].segment}/"


def _words(markdown_text: str) -> str:
    """The plain words of an editor's Markdown, as the page shows them."""
    html = MarkdownRenderer().block(markdown_text, 4)
    return " ".join(BeautifulSoup(str(html), "html.parser").get_text(" ").split())


def _article_text(soup: BeautifulSoup) -> str:
    article = soup.select_one("article")
    assert article is not None
    return " ".join(article.get_text(" ").split())


def test_each_translation_has_a_page_in_its_language(
    built: Path, shipped_version: tuple[QuarterData, str]
) -> None:
    data, key = shipped_version
    language = LANGUAGES[key]
    soup = _soup(built, _url(data, key))
    html, body = soup.find("html"), soup.find("body")
    assert isinstance(html, Tag)
    assert isinstance(body, Tag)
    assert html["lang"] == language.lang
    assert body["dir"] == language.direction
    h1 = soup.select_one("article h1")
    assert h1 is not None
    assert h1.get_text(" ", strip=True) == data.quarter.name
    text = _article_text(soup)
    translation = data.quarter.translations[key]
    for texts in [
        translation.summary,
        translation.description,
        *(t for p in translation.programmes.values() for t in vars(p).values()),
        *(c.description for c in translation.contacts.values()),
    ]:
        if texts:
            assert _words(texts) in text
    headings = {h.get_text(" ", strip=True) for h in soup.select("article h2")}
    assert PAGE_LABELS[key]["events"] in headings
    if key != LEICHTE_SPRACHE:
        assert not headings & GERMAN_HEADINGS


def test_untranslated_sections_link_to_the_german_section(
    built: Path, shipped_version: tuple[QuarterData, str]
) -> None:
    data, key = shipped_version
    soup = _soup(built, _url(data, key))
    german = _soup(built, data.url)
    for note in soup.select(".qd-untranslated"):
        assert PAGE_LABELS[key]["not_translated"] in note.get_text()
        link = note.find("a")
        assert isinstance(link, Tag)
        assert link["hreflang"] == "de"
        target = urlsplit(urljoin("/" + _url(data, key), str(link["href"])))
        assert target.path == "/" + data.url
        if target.fragment:
            assert german.find(id=target.fragment) is not None, target.fragment


def test_dates_and_badges_are_in_the_page_language(built: Path, shipped_site: Site) -> None:
    wehringhausen = next(q for q in shipped_site.quarters if q.slug == "hagen/wehringhausen")
    expected = {
        "en": ("2014 to end of 2023", "ended"),
        "tr": ("2014 – 2023 sonu", "sona erdi"),
        "ar": ("من 2014 إلى نهاية 2023", "منتهٍ"),
        LEICHTE_SPRACHE: ("von 2014 bis Ende 2023", "zu Ende"),
    }
    for key, (period, badge) in expected.items():
        soup = _soup(built, _url(wehringhausen, key))
        assert period in _article_text(soup)
        badges = [b.get_text(strip=True) for b in soup.select("article .qd-status-ended")]
        assert badge in badges


def test_the_versions_link_in_the_switch_not_in_the_head(
    built: Path, shipped_translated: QuarterData
) -> None:
    """The language switch in the page; for search engines the sitemap (next test) and no
    `<link rel="alternate">` in the head: Material's script would fetch `sitemap.xml` below
    each one (tests/browser/test_translations.py)."""
    data = shipped_translated
    for url in [data.url, *(_url(data, k) for k in data.quarter.translations)]:
        soup = _soup(built, url)
        assert soup.select('link[rel~="alternate"]') == [], url
        assert soup.select("link[hreflang]") == [], url
    switch = _soup(built, data.url).select_one("nav.qd-languages[aria-label]")
    assert switch is not None
    names = [a.get_text(strip=True) for a in switch.find_all("a")]
    assert names == [LANGUAGES[k].name for k in data.quarter.translations]


def test_sitemap_lists_every_version_with_its_alternates(
    built: Path, site_url: str, shipped_site: Site
) -> None:
    """Every version of a quarter page names every version, itself included, and x-default
    (the German page), with absolute URLs, in the German page's order of versions; no
    other page has alternates."""
    entries = sitemap_entries((built / "sitemap.xml").read_bytes())
    expected: dict[str, list[tuple[str, str]]] = {}
    for data in shipped_site.quarters:
        if not data.quarter.translations:
            continue
        german = urljoin(site_url, data.url)
        links = [("de", german)]
        links += [
            (LANGUAGES[k].hreflang, urljoin(site_url, _url(data, k)))
            for k in data.quarter.translations
        ]
        links.append(("x-default", german))
        for _, href in links[:-1]:
            expected[href] = links
    assert expected, "no shipped quarter has translations"
    assert {loc: entries.get(loc) for loc in expected} == expected
    with_alternates = {loc for loc, links in entries.items() if links}
    assert with_alternates == set(expected)
    for links in expected.values():
        for _, href in links:
            parts = urlsplit(href)
            assert parts.scheme in {"http", "https"}
            assert parts.netloc
            assert href in entries  # a page of the site, written as its <loc>


def test_sitemap_alternates_leave_out_pages_the_sitemap_does_not_list(shipped_site: Site) -> None:
    data = next(q for q in shipped_site.quarters if q.slug == "hagen/wehringhausen")
    urls = {v.src_uri: f"https://quartiere.example/{v.url}" for v in versions(data)}
    turkish = next(v for v in versions(data) if v.language.key == "tr")
    del urls[turkish.src_uri]
    found = sitemap_alternates(shipped_site, urls)
    assert set(found) == set(urls)  # no other quarter is in `urls`
    hreflangs = [LANGUAGES[k].hreflang for k in data.quarter.translations if k != "tr"]
    for links in found.values():
        assert [h for h, _ in links] == ["de", *hreflangs, "x-default"]
        assert links[0][1] == links[-1][1] == urls[data.src_uri]
    assert sitemap_alternates(shipped_site, {data.src_uri: urls[data.src_uri]}) == {}
    # Without the German page (x-default) the versions name no group at all.
    del urls[data.src_uri]
    assert len(urls) >= 2
    assert sitemap_alternates(shipped_site, urls) == {}


def test_sitemap_gz_is_the_sitemap(built: Path) -> None:
    xml = (built / "sitemap.xml").read_bytes()
    assert b'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in xml
    assert gzip.decompress((built / "sitemap.xml.gz").read_bytes()) == xml


def test_sitemap_lists_every_version(built: Path) -> None:
    versions = shipped_versions()
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    for data, key in versions:
        assert f"/{_url(data, key)}</loc>" in sitemap


def test_open_data_carries_the_translations_with_language_tags(
    built: Path, shipped_site: Site
) -> None:
    data = next(q for q in shipped_site.quarters if q.slug == "hagen/zentrum-remberg")
    exported = json.loads((built / quarter_json_path(data.slug)).read_text(encoding="utf-8"))
    translations = exported["quarter"]["translations"]
    assert {t["language"] for t in translations.values()} == {"de-x-ls", "en", "tr", "ar"}
    assert translations["ar"]["page"] == _url(data, "ar")
    assert translations["tr"]["summary"] == data.quarter.translations["tr"].summary


def test_json_ld_gives_the_summary_in_every_language(built: Path, shipped_site: Site) -> None:
    data = next(q for q in shipped_site.quarters if q.slug == "hagen/wehringhausen")
    soup = _soup(built, data.url)
    nodes = [json.loads(s.get_text()) for s in soup.select('script[type="application/ld+json"]')]
    graph = [node for doc in nodes for node in doc.get("@graph", [doc])]
    place = next(n for n in graph if n.get("@type") == "Place")
    by_language = {v["@language"]: v["@value"] for v in place["description"]}
    assert by_language["de"] == data.quarter.summary
    assert by_language["ar"] == data.quarter.translations["ar"].summary


def test_ical_and_vcard_stay_german(built: Path, shipped_site: Site) -> None:
    data = next(q for q in shipped_site.quarters if q.slug == "hagen/altenhagen-eckesey-sued")
    contact = data.quarter.contacts[0]
    vcard = (built / contact_vcf_path(data, contact)).read_text(encoding="utf-8")
    assert "Koordinationsstelle" in vcard
    assert not re.search(r"[\u0600-\u06FF]", vcard)
    assert "coordination office" not in vcard
    for ics in (built / "kalender").rglob("*.ics"):
        assert not re.search(r"[\u0600-\u06FF]", ics.read_text(encoding="utf-8")), ics


def test_leichte_sprache_keeps_the_rules(built: Path, shipped_translated: QuarterData) -> None:
    data = shipped_translated
    if LEICHTE_SPRACHE not in data.quarter.translations:
        pytest.skip(f"{data.slug} has no Leichte Sprache")
    soup = _soup(built, _url(data, LEICHTE_SPRACHE))
    blocks = [
        " ".join(b.get_text(" ").split())
        for b in soup.select("article .qd-summary p, article .qd-text p, article .qd-text li")
    ]
    assert blocks
    text = " ".join(blocks)
    assert not ABBREVIATIONS.findall(text)
    sentences = [s for block in blocks for s in re.split(r"(?<=[.!?:])\s+", block) if s]
    long = [s for s in sentences if len(s.split()) > EASY_LANGUAGE_MAX_WORDS]
    assert not long


def test_site_leichte_sprache_page_links_every_quarter(built: Path, shipped_site: Site) -> None:
    soup = _soup(built, "leichte-sprache/")
    targets = {
        urlsplit(urljoin("/leichte-sprache/", str(a["href"]))).path
        for a in soup.select("article a[href]")
    }
    for data in shipped_site.quarters:
        if LEICHTE_SPRACHE in data.quarter.translations:
            assert "/" + _url(data, LEICHTE_SPRACHE) in targets, data.slug
