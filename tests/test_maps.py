"""Maps: which places each map shows, the map documents folium builds, tile settings, escaping.

The browser side (consent, requests, axe) is in tests/browser/test_maps.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, cast
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from mkdocs_process import build_site, run_build

from quartiersdoku.core.config import read_plugin_options
from quartiersdoku.core.load import LoadedFile
from quartiersdoku.core.model import Quarter
from quartiersdoku.core.settings import Settings
from quartiersdoku.core.site import QuarterData, Site
from quartiersdoku.core.validate import geojson_problem, load_site
from quartiersdoku.engine.minify import minified
from quartiersdoku.exports import mapdoc
from quartiersdoku.exports.mapdoc import asset_files, js_value, map_document
from quartiersdoku.exports.tiles import DEFAULT_TILES, TileProvider, TileSettingsError
from quartiersdoku.pages.bundles import page_bundles
from quartiersdoku.pages.maps import (
    CLUSTER_FROM,
    MapSpec,
    Place,
    Style,
    all_maps,
    contacts_map,
    overview_map,
    quarter_map,
)
from quartiersdoku.pages.render import Renderer

TODAY = date(2026, 11, 21)
CUSTOM_TILES = TileProvider.from_options(
    {
        "name": "Vermessungsamt Musterstadt",
        "url": "https://kacheln.musterstadt.example/wmts/{z}/{y}/{x}.png",
        "attribution": "© Stadt Musterstadt",
        "attribution_url": "https://www.musterstadt.example/geodaten",
        "privacy_url": "https://www.musterstadt.example/datenschutz",
        "max_zoom": 18,
    }
)
# Hosts folium's defaults would load from.
CDN_HINTS = (
    "cdn.",
    "jsdelivr",
    "cdnjs",
    "code.jquery",
    "bootstrapcdn",
    "unpkg",
    "fontawesome",
    "googleapis",
    "awesome-markers",
)
NASTY = "</script><script>alert('x')</script> & {{ 7*7 }} {% raw %} {# \u2028 Ende"
NASTY_CONTACT = '<img src=x onerror="alert(1)">Büro'


# ----------------------------------------------------------------------------- helpers


def load(quarters: Path) -> Site:
    result = load_site(Settings(quarters_dir=quarters, today=TODAY))
    assert not result.errors, [p.format(quarters) for p in result.errors]
    return result.site


def write_quarters(root: Path, files: dict[str, Any]) -> Path:
    """Write `{"stadt/quartier.yaml": data}` (or raw text for .geojson) below root/quarters."""
    quarters = root / "quarters"
    for name, data in files.items():
        path = quarters / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
    return quarters


def quarter(name: str, **fields: Any) -> dict[str, Any]:
    return {"name": name, "city": "Musterstadt", "summary": f"{name} ist ein Quartier.", **fields}


def document_soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


DATA = re.compile(r'<script type="application/json" id="qd-map-data">(.*?)</script>', re.DOTALL)


def script_config(html: str) -> dict[str, Any]:
    """The map's data, parsed as the map script does (JSON.parse of the element's text)."""
    match = DATA.search(html)
    assert match is not None
    value: dict[str, Any] = json.loads(match.group(1))
    return value


def synthetic_site(count: int) -> Site:
    """`count` quarters in 20 cities, spread over Germany, half with an ended programme."""
    site = Site(today=TODAY)
    for index in range(count):
        city = f"Stadt {index % 20}"
        data = Quarter.model_validate(
            {
                "name": f"Quartier {index}",
                "city": city,
                "summary": "Synthetisch.",
                "location": {"lat": 47.5 + (index % 97) * 0.07, "lon": 6.0 + (index % 89) * 0.1},
                "programmes": [
                    {"id": "p", "name": "Soziale Stadt", "end": "2020" if index % 2 else "2030"}
                ],
            }
        )
        site.quarters.append(
            QuarterData(
                slug=f"stadt-{index % 20}/quartier-{index}",
                quarter=data,
                loaded=cast(LoadedFile, None),
                city_key=f"stadt-{index % 20}",
            )
        )
    return site


@pytest.fixture(scope="module")
def fixture_site(fixture_project: Path) -> Site:
    return load(fixture_project / "quarters")


@pytest.fixture(scope="module")
def nasty_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("nasty")
    ring = [[7.45, 51.35], [7.47, 51.35], [7.47, 51.37], [7.45, 51.37], [7.45, 51.35]]
    boundary = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}}
    quarters = write_quarters(
        root,
        {
            "musterstadt/boese.yaml": quarter(
                NASTY,
                boundary="boese.geojson",
                contacts=[
                    {
                        "id": "buero",
                        "name": NASTY_CONTACT,
                        "address": {
                            "street": "<b>Weg</b> 1",
                            "postcode": "12345",
                            "city": "Musterstadt",
                        },
                        "location": {"lat": 51.36, "lon": 7.46},
                    }
                ],
            ),
            "musterstadt/boese.geojson": json.dumps(boundary),
        },
    )
    return load(quarters)


# ----------------------------------------------------------------------------- which places


def test_quarter_map_shows_the_quarter_and_every_entry_with_a_place(fixture_site: Site) -> None:
    altstadt = next(q for q in fixture_site.quarters if q.slug == "musterstadt/altstadt")
    spec = quarter_map(fixture_site, altstadt)
    assert spec is not None
    assert spec.path == "karten/quartiere/musterstadt/altstadt.html"
    assert spec.title == "Karte: Altstadt"
    assert [(p.label, p.style, p.href) for p in spec.places] == [
        ("Altstadt (Quartier, ungefährer Mittelpunkt)", Style.QUARTER, None),
        (
            # Planned until „Mitte 2026“; on 21.11.2026 that date has passed.
            "Quartiersbüro Altstadt, Lange Straße 12, 12345 Musterstadt "
            "(Quartiersbüro, geplant, Frist verstrichen)",
            Style.CONTACT,
            "quartiere/musterstadt/altstadt/#anlaufstelle-quartiersbuero-altstadt",
        ),
        (
            "6.0 Sozialraumkonzept (Maßnahme, abgeschlossen, ungefähre Lage)",
            Style.MEASURE,
            "quartiere/musterstadt/altstadt/#massnahme-6-0-sozialraumkonzept",
        ),
        (
            "7. Stadtteilkonferenz, Bürgerhaus, Marktplatz 3, 12345 Musterstadt "
            "(Stadtteilkonferenz am 26.03.2022)",
            Style.EVENT,
            "quartiere/musterstadt/altstadt/#termin-7-stadtteilkonferenz-2022-03-26",
        ),
    ]
    # Points stay lat/lon: Germany's latitudes are 47–55, longitudes 6–15.
    assert all(47 < p.lat < 55 and 5 < p.lon < 16 for p in spec.places)
    assert spec.description == (
        "Die Karte zeigt die Lage des Quartiers sowie Anlaufstellen, Maßnahmen und Termine mit Ort."
    )


def test_a_quarter_without_any_position_gets_no_map(fixture_site: Site) -> None:
    hafen = next(q for q in fixture_site.quarters if q.slug == "musterstadt/hafen")
    assert quarter_map(fixture_site, hafen) is None
    assert {spec.path for spec in all_maps(fixture_site)} == {
        "karten/uebersicht.html",
        "karten/anlaufstellen.html",
        "karten/quartiere/musterstadt/altstadt.html",
    }


def test_overview_links_every_quarter_and_tells_running_from_ended(tmp_path: Path) -> None:
    quarters = write_quarters(
        tmp_path,
        {
            "a/laeuft.yaml": quarter(
                "Läuft",
                location={"lat": 51.1, "lon": 7.1},
                programmes=[{"name": "Soziale Stadt", "start": 2020, "end": 2030}],
            ),
            "a/beendet.yaml": quarter(
                "Beendet",
                location={"lat": 51.2, "lon": 7.2},
                programmes=[{"name": "Stadtumbau", "start": 2010, "end": 2015}],
            ),
            "a/geplant.yaml": quarter(
                "Geplant",
                location={"lat": 51.3, "lon": 7.3},
                programmes=[{"name": "EFRE", "start": 2030}],
            ),
            "a/ohne.yaml": quarter("Ohne Lage"),
        },
    )
    site = load(quarters)
    spec = overview_map(site)
    assert spec is not None
    by_name = {p.name: p for p in spec.places}
    assert {name: p.style for name, p in by_name.items()} == {
        "Läuft": Style.RUNNING,
        "Beendet": Style.ENDED,
        "Geplant": Style.OTHER,
    }
    assert by_name["Beendet"].label == "Beendet, Musterstadt (Programm beendet, Archiv)"
    assert by_name["Läuft"].href == "quartiere/a/laeuft/"
    assert spec.without_position == ("Ohne Lage",)
    assert not spec.cluster


def test_boundary_is_drawn_and_gives_the_overview_a_point(tmp_path: Path) -> None:
    ring = [[7.40, 51.30], [7.50, 51.30], [7.50, 51.40], [7.40, 51.30]]
    quarters = write_quarters(
        tmp_path,
        {
            "a/flaeche.yaml": quarter("Fläche", boundary="flaeche.geojson"),
            "a/flaeche.geojson": json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}}
                    ],
                }
            ),
        },
    )
    site = load(quarters)
    spec = quarter_map(site, site.quarters[0])
    assert spec is not None
    assert spec.places == ()
    assert spec.boundary == {"type": "Polygon", "coordinates": [ring]}  # lon/lat, as GeoJSON says
    assert spec.bounds() == ((51.30, 7.40), (51.40, 7.50))  # lat/lon, as Leaflet says
    assert spec.description == "Die Karte zeigt die Grenze des Quartiers."
    overview = overview_map(site)
    assert overview is not None
    (point,) = overview.places
    assert (point.lat, point.lon, point.approximate) == (51.35, 7.45, True)


def test_contacts_map_collects_every_located_contact_point(tmp_path: Path) -> None:
    contact = {"name": "Stadtteilladen", "kind": "district_shop"}
    quarters = write_quarters(
        tmp_path,
        {
            "a/eins.yaml": quarter(
                "Eins",
                contacts=[
                    {**contact, "id": "laden", "location": {"lat": 51.1, "lon": 7.1}},
                    {
                        "id": "alt",
                        "name": "Altes Büro",
                        "status": "closed",
                        "location": {"lat": 51.2, "lon": 7.2},
                    },
                    {"id": "ohne", "name": "Ohne Ort"},
                ],
            ),
        },
    )
    site = load(quarters)
    spec = contacts_map(site)
    assert spec is not None
    assert [(p.label, p.style, p.href) for p in spec.places] == [
        (
            "Stadtteilladen, Quartier Eins (Stadtteilladen)",
            Style.CONTACT,
            "quartiere/a/eins/#anlaufstelle-laden",
        ),
        (
            "Altes Büro, Quartier Eins (Anlaufstelle, geschlossen)",
            Style.CLOSED,
            "quartiere/a/eins/#anlaufstelle-alt",
        ),
    ]
    assert spec.without_position == ("Ohne Ort",)


@pytest.mark.parametrize(
    ("geometry", "problem"),
    [
        ([[51.3, 7.4], [51.3, 7.5], [51.4, 7.5], [51.3, 7.4]], "vertauscht"),
        ([[2.3, 48.8], [2.4, 48.8], [2.4, 48.9], [2.3, 48.8]], "außerhalb von Deutschland"),
        (
            [[7.4, 51.3], [float("nan"), 51.3], [7.5, 51.4], [7.4, 51.3]],
            "jede Position eines Rings",
        ),
        ([[7.4, 51.3], [True, 51.3], [7.5, 51.4], [7.4, 51.3]], "jede Position eines Rings"),
    ],
)
def test_boundaries_with_swapped_or_impossible_positions_are_refused(
    geometry: list[list[Any]], problem: str
) -> None:
    settings = Settings(quarters_dir=Path("."))
    message = geojson_problem({"type": "Polygon", "coordinates": [geometry]}, settings)
    assert message is not None
    assert problem in message


# ----------------------------------------------------------------------------- documents


def all_documents(site: Site, tiles: TileProvider = DEFAULT_TILES) -> list[tuple[MapSpec, str]]:
    return [
        (spec, map_document(spec, tiles, privacy_page="datenschutz/")) for spec in all_maps(site)
    ]


def test_documents_load_nothing_from_another_host(fixture_site: Site, nasty_site: Site) -> None:
    served = {uri for uri, _source in asset_files()}
    for tiles in (DEFAULT_TILES, CUSTOM_TILES):
        for spec, html in all_documents(fixture_site, tiles) + all_documents(nasty_site, tiles):
            for hint in CDN_HINTS:
                assert hint not in html, f"{spec.path}: {hint}"
            soup = document_soup(html)
            references = [t["src"] for t in soup.find_all("script", src=True)] + [
                t["href"] for t in soup.find_all("link", href=True)
            ]
            assert references
            for reference in references:
                assert not urlsplit(str(reference)).scheme, reference
                assert not str(reference).startswith("//"), reference
                target = urljoin("/" + spec.path, str(reference)).lstrip("/")
                assert target in served, f"{spec.path}: {reference}"
            assert not soup.find_all(["img", "iframe"])
            # The only addresses of other hosts are the provider's (tiles, attribution,
            # privacy policy) and they are never fetched before consent.
            allowed = {tiles.url, tiles.attribution_url, tiles.privacy_url}
            found = set(re.findall(r"https?://[^\s\"'<>\\]+", html))
            assert found <= allowed, found - allowed
            assert "$(" not in html
            assert "jQuery" not in html


def test_documents_fix_what_folium_gets_wrong(fixture_site: Site) -> None:
    for spec, html in all_documents(fixture_site):
        soup = document_soup(html)
        assert html.startswith("<!DOCTYPE html>\n")
        root = soup.find("html")
        assert isinstance(root, Tag)
        assert root["lang"] == "de"
        title = soup.find("title")
        assert title is not None
        assert title.get_text() == spec.title
        viewport = soup.find("meta", attrs={"name": "viewport"})
        assert isinstance(viewport, Tag)
        assert viewport["content"] == "width=device-width, initial-scale=1"
        assert "user-scalable" not in html
        assert "maximum-scale" not in html
        _body, after = html.split("</body>")
        assert "<script" not in after
        assert after.strip() == "</html>"
        # The map region is labelled, the consent button names itself and its notice.
        region = soup.find(id="map_karte")
        assert isinstance(region, Tag)
        assert region["role"] == "region"
        assert region["aria-label"] == spec.title
        button = soup.find("button", id="qd-load")
        assert isinstance(button, Tag)
        assert button.get_text() == "Karte laden"
        notice = soup.find(id="qd-consent-text")
        assert notice is not None
        assert "OpenStreetMap Foundation" in notice.get_text()
        assert "IP-Adresse" in notice.get_text()
        assert soup.find("button", id="qd-withdraw").get_text() == "Zustimmung widerrufen"
        assert soup.find("a", href="../" * spec.path.count("/") + "datenschutz/")
        # No inline script (a CSP without 'unsafe-inline' covers the document), and so
        # no tile layer in the document itself: the script adds it after consent.
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") == "application/json", script
        assert "L.tileLayer" not in html
        assert "L_NO_TOUCH" not in html
        options = json.loads(str(region["data-qd-map"]))
        assert options["zoomControl"] is False


def test_documents_are_the_same_on_every_build(fixture_site: Site) -> None:
    assert all_documents(fixture_site) == all_documents(fixture_site)


def test_every_place_reaches_the_script_with_label_parts_and_link(fixture_site: Site) -> None:
    for spec, html in all_documents(fixture_site):
        config = script_config(html)
        styles = config["styles"]
        assert len(config["places"]) == len(spec.places)
        for row, place in zip(config["places"], spec.places, strict=True):
            lat, lon, name, style = row[:4]
            assert (lat, lon, name) == (place.lat, place.lon, place.name)
            assert styles[style]["cls"] == place.style.value
            href = row[4] if len(row) > 4 else None
            assert (config["base"] + href if href is not None else None) == (
                "../" * spec.path.count("/") + place.href if place.href else None
            )
            # The label the script builds (map.js labelOf) is the list's label.
            detail = row[5] if len(row) > 5 else ""
            what = row[6] if len(row) > 6 else ""
            label = name + (f", {detail}" if detail else "") + f" ({what or styles[style]['text']})"
            assert label == place.label
        assert config["base"].startswith("../" * spec.path.count("/"))
        assert config["tiles"]["url"] == DEFAULT_TILES.url


def assert_editor_text_escaped(html: str) -> None:
    """Nothing can end the script, open a tag or run as a template at build time."""
    assert "</script><script>" not in html
    assert "<img" not in html
    assert "<b>" not in html
    assert "49" not in html
    match = DATA.search(html)
    assert match is not None
    for char in "<>'\u2028":
        assert char not in match.group(1)


def test_editor_text_reaches_the_map_only_escaped(nasty_site: Site) -> None:
    spec = quarter_map(nasty_site, nasty_site.quarters[0])
    assert spec is not None
    html = map_document(spec, DEFAULT_TILES)
    assert_editor_text_escaped(html)
    config = script_config(html)
    names = [row[2] for row in config["places"]]
    assert names == [NASTY_CONTACT]
    assert config["places"][0][5] == "<b>Weg</b> 1, 12345 Musterstadt"
    assert config["title"] == f"Karte: {NASTY}"
    soup = document_soup(html)
    assert soup.find("title").get_text() == f"Karte: {NASTY}"
    assert soup.find(id="map_karte")["aria-label"] == f"Karte: {NASTY}"


def test_editor_text_in_the_list_beside_the_map_is_escaped(nasty_site: Site) -> None:
    page = Renderer(nasty_site).quarter_page(nasty_site.quarters[0])
    figure = BeautifulSoup(page, "html.parser").find("figure", class_="qd-map")
    assert isinstance(figure, Tag)
    assert figure.find("figcaption").get_text() == f"Karte: {NASTY}"
    # Before consent no iframe: the schematic, titled with the same (escaped) name.
    assert figure.find("iframe") is None
    assert figure.find("svg").find("title").get_text() == f"Lageskizze: {NASTY}"
    (item,) = figure.select(".qd-map__list li")
    link = item.find("a")
    assert link.get_text() == NASTY_CONTACT
    assert link["href"] == "#anlaufstelle-buero"
    assert "<b>Weg</b> 1, 12345 Musterstadt" in item.get_text()
    assert not figure.find(["img", "b", "script", "iframe"])


def test_js_value_is_safe_inside_a_script_element() -> None:
    text = str(js_value({"a": "</script><!-- & 'x' \u2028\u2029"}))
    assert text == '{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u0027x\\u0027 \\u2028\\u2029"}'
    assert json.loads(text) == {"a": "</script><!-- & 'x' \u2028\u2029"}
    with pytest.raises(ValueError, match="JSON"):
        js_value(float("nan"))


def test_assets_come_from_the_installed_packages() -> None:
    files = dict(asset_files())
    for uri, source in files.items():
        assert source.is_file(), uri
    css = next(uri for uri in files if uri.endswith("/leaflet.css"))
    folder = css.rsplit("/", 1)[0]
    # leaflet.css finds its images beside itself.
    for image in re.findall(r"url\((images/[^)]+)\)", files[css].read_text(encoding="utf-8")):
        assert f"{folder}/{image}" in files
    assert any(uri.endswith("/leaflet.markercluster.js") for uri in files)


# ----------------------------------------------------------------------------- tile settings


def test_openstreetmap_is_the_default_provider() -> None:
    tiles = TileProvider.from_options({})
    assert tiles == DEFAULT_TILES
    assert tiles.host == "tile.openstreetmap.org"
    assert tiles.placeholders() == {
        "tile_provider_name": "OpenStreetMap Foundation",
        "tile_provider_privacy_url": "https://osmfoundation.org/wiki/Privacy_Policy",
    }
    assert str(tiles.attribution_html()) == (
        '<a href="https://www.openstreetmap.org/copyright" target="_blank" '
        'rel="noopener noreferrer">© OpenStreetMap-Mitwirkende</a>'
    )


def test_a_custom_tile_server_needs_its_own_name_and_attribution() -> None:
    assert CUSTOM_TILES.host == "kacheln.musterstadt.example"
    assert CUSTOM_TILES.max_zoom == 18
    with pytest.raises(TileSettingsError, match=r"tiles\.name: Angabe fehlt"):
        TileProvider.from_options({"url": "https://tiles.example/{z}/{x}/{y}.png"})
    bare = TileProvider.from_options(
        {"url": "https://tiles.example/{z}/{x}/{y}.png", "name": "X", "attribution": "© X"}
    )
    assert bare.privacy_url is None  # never OpenStreetMap's policy for another server
    assert str(bare.attribution_html()) == "© X"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"url": "http://tiles.example/{z}/{x}/{y}.png"}, "keine https://-Adresse"),
        ({"url": "javascript:alert(1)//{z}{x}{y}"}, "keine https://-Adresse"),
        ({"url": "https://tiles.example/{z}/{x}.png"}, "Platzhalter {y} fehlt"),
        ({"url": "https://{s}.tiles.example/{z}/{x}/{y}.png"}, "{s}"),
        ({"url": "https://tiles.example/{z}/{x}/{y}.png?key={key}"}, "unbekannter Platzhalter"),
        ({"max_zoom": 30}, "nicht zwischen 1 und 22"),
        ({"max_zoom": "19"}, "ganze Zahl"),
        ({"privacy_url": "ftp://example.org"}, "tiles.privacy_url"),
        ({"colour": "rot"}, "unbekannte Einstellung „colour“"),
    ],
)
def test_unusable_tile_settings_are_refused_in_german(
    options: dict[str, Any], message: str
) -> None:
    full = {"name": "X", "attribution": "© X", **options}
    with pytest.raises(TileSettingsError) as error:
        TileProvider.from_options(full)
    assert message in str(error.value)


def test_attribution_is_escaped() -> None:
    tiles = TileProvider.from_options(
        {
            "name": "X",
            "url": "https://tiles.example/{z}/{x}/{y}.png",
            "attribution": "<script>alert(1)</script>",
            "attribution_url": 'https://example.org/"onmouseover="alert(1)',
        }
    )
    html = str(tiles.attribution_html())
    assert "<script>" not in html
    assert '"onmouseover' not in html


def test_tile_settings_in_the_docs_and_the_site_are_valid(repo: Path) -> None:
    text = (repo / "docs" / "karten.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- teil von: mkdocs.yml -->\n```yaml\n(.*?)```", text, re.DOTALL)
    assert len(blocks) >= 3
    names = []
    for block in blocks:
        (plugin,) = yaml.safe_load(block)["plugins"]
        names.append(TileProvider.from_options(plugin["quartiersdoku"]["tiles"]).name)
    assert names[0] == DEFAULT_TILES.name
    assert TileProvider.from_options(read_plugin_options(repo / "mkdocs.yml").get("tiles") or {})


# ----------------------------------------------------------------------------- scale


@pytest.mark.parametrize("count", [1_000])
def test_overview_stays_small_and_clusters(count: int) -> None:
    site = synthetic_site(count)
    started = time.perf_counter()
    spec = overview_map(site)
    assert spec is not None
    html = map_document(spec, DEFAULT_TILES)
    elapsed = time.perf_counter() - started
    assert count >= CLUSTER_FROM
    assert spec.cluster
    assert "leaflet.markercluster.js" in html
    assert len(script_config(html)["places"]) == count
    assert len(html.encode("utf-8")) < 90 * count  # under 90 bytes per quarter
    assert elapsed < 2.0


def test_small_maps_do_not_load_the_cluster_plugin(fixture_site: Site) -> None:
    for _spec, html in all_documents(fixture_site):
        assert "markercluster" not in html


# ----------------------------------------------------------------------------- one render per shape

AWKWARD_TITLES = (
    "Karte: {{ x }}",
    "Karte: </script><script>alert('x')</script>",
    "Karte: \"Anführung\" & 'Apostroph' <!-- Kommentar",
    "Karte: Großröhrsdorf Süd, Übersicht – Maßnahmen",
    "Karte: {% raw %}{# \u2028\u2029 #}",
    NASTY,
    "",
)


def awkward_specs() -> list[MapSpec]:
    """Maps of every shape: depth, cluster, legend, boundary; editor text that could break out."""
    ring = [[7.45, 51.35], [7.47, 51.35], [7.47, 51.37], [7.45, 51.37], [7.45, 51.35]]
    boundary = {"type": "Polygon", "coordinates": [ring]}
    paths = ("karten/a.html", "karten/quartiere/x/y.html", "karten/quartiere/x/y/z.html")
    specs: list[MapSpec] = []
    for index, title in enumerate(AWKWARD_TITLES):
        for path in paths:
            single = Place(name=title or "Ort", style=Style.QUARTER, lat=51.36, lon=7.46)
            contact = Place(
                name=NASTY_CONTACT,
                style=Style.CONTACT,
                lat=51.361 + index / 1000,
                lon=7.461,
                detail="<b>Weg</b> 1, 12345 Müsterstadt",
                what='Büro "am Markt"',
                page=f"quartiere/{index}/",
                anchor="anlaufstelle-buero",
            )
            specs += [
                MapSpec(path=path, title=title, places=(single,), variant="quarter"),
                MapSpec(path=path, title=title, places=(single, contact), boundary=boundary),
            ]
    crowd = tuple(
        Place(
            name=f"{AWKWARD_TITLES[i % len(AWKWARD_TITLES)]} {i}",
            style=Style.RUNNING if i % 2 else Style.ENDED,
            lat=48 + i / 100,
            lon=8 + i / 100,
            page=f"quartiere/stadt/q-{i}/",
        )
        for i in range(CLUSTER_FROM)
    )
    specs += [
        MapSpec(path="karten/uebersicht.html", title=title, places=crowd, cluster=True)
        for title in AWKWARD_TITLES
    ]
    return specs


@pytest.mark.parametrize("tiles", [DEFAULT_TILES, CUSTOM_TILES])
@pytest.mark.parametrize("privacy_page", ["datenschutz/", None])
def test_map_documents_of_one_shape_are_the_full_render(
    tiles: TileProvider, privacy_page: str | None, fixture_site: Site, nasty_site: Site
) -> None:
    specs = awkward_specs() + list(all_maps(fixture_site)) + list(all_maps(nasty_site))
    documents = mapdoc.MapDocuments(tiles, privacy_page=privacy_page)
    for spec in specs:
        assert documents.document(spec) == map_document(spec, tiles, privacy_page=privacy_page)
    # folium rendered only the first map of each shape; the rest were filled in.
    assert documents.full_renders == len(documents._templates) < len(specs) / 4
    assert all(template is not None for template in documents._templates.values())


def test_filled_documents_keep_editor_text_escaped(nasty_site: Site) -> None:
    documents = mapdoc.MapDocuments(DEFAULT_TILES)
    spec = quarter_map(nasty_site, nasty_site.quarters[0])
    assert spec is not None
    first = documents.document(spec)  # the full render, which makes the template
    html = documents.document(replace(spec, title=f"Karte: {NASTY}!"))  # filled in
    assert documents.full_renders == 1
    assert html != first
    assert_editor_text_escaped(html)
    soup = document_soup(html)
    assert soup.find("title").get_text() == f"Karte: {NASTY}!"
    assert soup.find(id="map_karte")["aria-label"] == f"Karte: {NASTY}!"
    assert script_config(html)["title"] == f"Karte: {NASTY}!"


def test_editor_text_equal_to_a_sentinel_stays_text() -> None:
    """Values are joined between the template's pieces, never searched: no slot is reached twice."""
    documents = mapdoc.MapDocuments(DEFAULT_TILES)
    sentinels = documents._sentinels
    specs = [
        MapSpec(
            path="karten/quartiere/x/y.html",
            title=" ".join(sentinels.values()) + str(n),
            places=(Place(name=sentinels["config"], style=Style.QUARTER, lat=51.0, lon=7.0 + n),),
        )
        for n in range(3)
    ]
    for spec in specs:
        assert documents.document(spec) == map_document(spec, DEFAULT_TILES)
    assert documents.full_renders == 1


def test_a_shape_that_does_not_cut_cleanly_is_rendered_in_full() -> None:
    """A sentinel found outside its slots (here: in the provider's name) turns the fast path off."""
    documents = mapdoc.MapDocuments(DEFAULT_TILES)
    tiles = replace(DEFAULT_TILES, name=documents._sentinels["title"])
    documents.tiles = tiles
    specs = [spec for spec in awkward_specs() if spec.path == "karten/a.html"][:4]
    for spec in specs:
        assert documents.document(spec) == map_document(spec, tiles)
    assert documents.full_renders == len(specs)
    assert set(documents._templates.values()) == {None}


# ----------------------------------------------------------------------------- in a build


@pytest.fixture(scope="module")
def built(fixture_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project with a privacy page that uses the tile placeholders."""
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(fixture_project, project, dirs_exist_ok=True)
    (project / "content" / "datenschutz.md").write_text(
        "# Datenschutz\n\nKarten: {{ operator.tile_provider_name }}, "
        "{{ operator.tile_provider_privacy_url }}\n",
        encoding="utf-8",
    )
    site = project / "site"
    return build_site(project / "mkdocs.yml", site)


def test_pages_embed_their_map_and_list_the_same_places(built: Path, fixture_site: Site) -> None:
    for data in fixture_site.quarters:
        spec = quarter_map(fixture_site, data)
        page = built / data.url / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        figure = soup.select_one("article figure.qd-map")
        if spec is None:
            assert figure is None
            continue
        assert figure is not None
        # The map document loads only after consent (consent.js); the page names it.
        assert figure.find("iframe") is None
        assert (page.parent / figure["data-qd-map"]).resolve() == (built / spec.path).resolve()
        assert (built / spec.path).is_file()
        items = figure.select("ol.qd-map__list > li")
        assert [li.find(["a", "strong"]).get_text() for li in items] == [
            p.name for p in spec.places
        ]
        # The schematic numbers its markers in the order of the list.
        numbers = [g.get_text() for g in figure.select("svg.qd-map__schematic g.qd-sm")]
        assert numbers == [str(n) for n in range(1, len(spec.places) + 1)]
        for li, place in zip(items, spec.places, strict=True):
            assert place.kind_text in li.get_text()
            assert place.where in li.get_text()


def test_start_page_embeds_the_overview(built: Path, fixture_site: Site) -> None:
    spec = overview_map(fixture_site)
    assert spec is not None
    soup = BeautifulSoup((built / "index.html").read_text(encoding="utf-8"), "html.parser")
    figure = soup.select_one("article figure.qd-map")
    assert figure is not None
    assert figure["data-qd-map"] == spec.path
    assert figure.find("iframe") is None
    assert "Ohne Lageangabe und daher nicht auf der Karte: Hafen." in figure.get_text()
    # The quarter list right below is the map's text alternative.
    following = figure.find_next("ul", class_="qd-quarter-list")
    assert following is not None
    listed = {a.get_text() for a in following.find_all("a")}
    assert {p.name for p in spec.places} <= listed
    # Its items carry the numbers of the schematic's markers.
    markers = [g.get_text() for g in figure.select("svg.qd-map__schematic g.qd-sm")]
    numbered = {
        li.find("a").get_text(): li.select_one(".qd-map__no").get_text()
        for li in soup.select("ul.qd-quarter-list > li")
        if li.select_one(".qd-map__no")
    }
    assert numbered == {p.name: str(n) for n, p in enumerate(spec.places, 1)}
    assert sorted(markers, key=int) == sorted(numbered.values(), key=int)


def test_build_serves_every_map_asset_and_document(built: Path, fixture_site: Site) -> None:
    for uri, source in asset_files():
        # Stylesheets and our scripts are shipped without comments (quartiersdoku.engine.minify);
        # Leaflet's scripts are minified already and copied as they are.
        ours = source.is_relative_to(Path(mapdoc.__file__).parent.parent)
        if source.suffix == ".css" or (ours and source.suffix == ".js"):
            assert (built / uri).read_text(encoding="utf-8") == minified(
                uri, source.read_text(encoding="utf-8")
            )
        else:
            assert (built / uri).read_bytes() == source.read_bytes()
    for spec in all_maps(fixture_site):
        html = (built / spec.path).read_text(encoding="utf-8")
        config = script_config(html)
        assert config["tiles"]["url"] == CUSTOM_TILES.url  # the fixture's own tile server
        soup = document_soup(html)
        privacy = soup.find("a", href=re.compile("datenschutz/$"))
        assert privacy is not None
        assert (
            (built / spec.path).parent.joinpath(privacy["href"], "index.html").resolve().is_file()
        )


def test_privacy_page_names_the_configured_provider(built: Path) -> None:
    text = (built / "datenschutz" / "index.html").read_text(encoding="utf-8")
    assert "Karten: Vermessungsamt Musterstadt, https://www.musterstadt.example/datenschutz" in text


def test_a_bad_tile_setting_stops_the_build(fixture_project: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(fixture_project, project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("https://kacheln.musterstadt.example", "http://kacheln.example"),
        encoding="utf-8",
    )
    result = run_build(config, tmp_path / "site", strict=False)
    assert result.returncode != 0
    assert (
        "tiles.url: „http://kacheln.example/wmts/{z}/{y}/{x}.png“ ist keine https://-Adresse."
        in result.stderr
    )


def test_the_contacts_directory_numbers_its_entries_as_the_schematic(
    built: Path, fixture_site: Site
) -> None:
    spec = contacts_map(fixture_site)
    assert spec is not None
    soup = BeautifulSoup((built / "anlaufstellen" / "index.html").read_text("utf-8"), "html.parser")
    figure = soup.select_one("article figure.qd-map")
    assert figure is not None
    markers = [g.get_text() for g in figure.select("svg.qd-map__schematic g.qd-sm")]
    assert markers == [str(n) for n in range(1, len(spec.places) + 1)]
    numbered = {
        " ".join(h3.get_text(" ", strip=True).split(" ")[1:]): h3.select_one(
            ".qd-map__no"
        ).get_text()
        for h3 in soup.select("li.qd-row h3")
        if h3.select_one(".qd-map__no")
    }
    assert numbered == {p.name: str(n) for n, p in enumerate(spec.places, 1)}


def test_every_page_loads_one_stylesheet_and_one_script_of_ours_named_by_content(
    built: Path,
) -> None:
    css, js = page_bundles(None)
    for page in (
        "index.html",
        "anlaufstellen/index.html",
        "quartiere/musterstadt/altstadt/index.html",
    ):
        soup = BeautifulSoup((built / page).read_text("utf-8"), "html.parser")
        ours_css = [
            link["href"]
            for link in soup.select("link[rel=stylesheet]")
            if "/assets/quartiersdoku/" in "/" + link["href"].lstrip("./")
        ]
        ours_js = [
            script["src"]
            for script in soup.select("script[src]")
            if "assets/quartiersdoku/" in script["src"] or "assets/maps/" in script["src"]
        ]
        assert [href.rsplit("/", 1)[-1] for href in ours_css] == [css.uri.rsplit("/", 1)[-1]], page
        assert [src.rsplit("/", 1)[-1] for src in ours_js] == [js.uri.rsplit("/", 1)[-1]], page
        assert not soup.select("link[href*='assets/maps/'], script[src*='leaflet']"), page
    assert (built / css.uri).read_text("utf-8") == css.text
    assert (built / js.uri).read_text("utf-8") == js.text


def test_the_plugin_does_not_import_folium_before_the_maps_are_written() -> None:
    """folium (with branca and numpy, ~0.5 s) is imported by the side files' child, not
    in the build's first, single-threaded seconds (exports/mapassets.py)."""
    probe = "import sys, quartiersdoku.engine.plugin; print('folium' in sys.modules)"
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert found.stdout.strip() == "False"
