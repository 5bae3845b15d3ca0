"""Maps in Chromium: nothing leaves the machine before consent, tiles come only from the
configured provider after it, the choice is remembered and can be withdrawn, markers and
lists agree, keyboard use works, and axe finds nothing in the map documents themselves.

Most tests use a copy of the fixture project (tests/fixtures/project: its own tile
server, a quarter with contact point, measure and event places) plus a quarter whose
names try to break out of every context. Tile requests are answered by the test with a
tiny PNG (``page.context.route``); they never reach the network.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Frame, FrameLocator, Page, Route, expect

from quartiersdoku.core.config import read_plugin_options
from quartiersdoku.core.load import LoadedFile
from quartiersdoku.core.model import Quarter
from quartiersdoku.core.settings import Settings
from quartiersdoku.core.site import QuarterData, Site
from quartiersdoku.core.validate import load_site
from quartiersdoku.exports.mapdoc import asset_files, map_document
from quartiersdoku.exports.tiles import DEFAULT_TILES, TileProvider
from quartiersdoku.pages.maps import MapSpec, overview_map, quarter_map

from .chromium import RequestGuard, is_local
from .conftest import REPO, build_site, new_context
from .serving import serve_directory

FIXTURE = REPO / "tests" / "fixtures" / "project"
TILE_HOST = "kacheln.musterstadt.example"  # the fixture's tile server (mkdocs.yml)
NASTY = "<img src=x onerror=alert(1)> Hinterhof {{ 7*7 }}"
NASTY_CONTACT = "</script><script>alert('x')</script>Büro"
AXE = Axe()
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
MARKERS = ".leaflet-marker-icon.qd-marker"
FRAME = "iframe.qd-map__frame"
SCHEMATIC = "figure.qd-map svg.qd-map__schematic"
STORAGE_KEY = "quartiersdoku.karten.zustimmung"
FIXTURE_TILES = TileProvider.from_options(
    read_plugin_options(FIXTURE / "mkdocs.yml").get("tiles") or {}
)
# The withdrawal on the privacy page, as content/datenschutz.md of the shipped site has it.
CONTROL = (
    (REPO / "content" / "datenschutz.md")
    .read_text(encoding="utf-8")
    .split("<!-- kartenzustimmung -->")[1]
)


def png(width: int = 1, height: int = 1) -> bytes:
    """A small grey PNG, made here so the tests need no file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xd0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


TILE = png(256, 256)


# ----------------------------------------------------------------------------- the site


def write_project(root: Path) -> Path:
    """The fixture project plus a privacy page and a quarter with hostile names and a boundary."""
    project = root / "project"
    shutil.copytree(FIXTURE, project)
    (project / "content" / "datenschutz.md").write_text(
        "# Datenschutz\n\nKartenkacheln: {{ operator.tile_provider_name }}\n\n" + CONTROL,
        encoding="utf-8",
    )
    ring = [[7.47, 51.35], [7.49, 51.35], [7.49, 51.365], [7.47, 51.365], [7.47, 51.35]]
    folder = project / "quarters" / "musterstadt"
    (folder / "hinterhof.geojson").write_text(
        json.dumps({"type": "Polygon", "coordinates": [ring]}), encoding="utf-8"
    )
    (folder / "hinterhof.yaml").write_text(
        f"name: {json.dumps(NASTY)}\n"
        "city: Musterstadt\n"
        "summary: Ein Quartier, dessen Namen nichts kaputt machen dürfen.\n"
        "boundary: hinterhof.geojson\n"
        "programmes:\n"
        "  - {name: Soziale Stadt Hinterhof, start: 2020, end: 2040}\n"
        "contacts:\n"
        f"  - id: buero\n    name: {json.dumps(NASTY_CONTACT)}\n"
        "    location: {lat: 51.357, lon: 7.48}\n",
        encoding="utf-8",
    )
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("maps"))


@pytest.fixture(scope="module")
def site(project: Path) -> Site:
    result = load_site(Settings(quarters_dir=project / "quarters"))
    assert not result.errors
    return result.site


@pytest.fixture(scope="module")
def maps_url(project: Path) -> Iterator[Callable[[str], str]]:
    built = build_site(project / "mkdocs.yml", project / "site")
    with serve_directory(built) as base:
        yield lambda path="": urljoin(base, path.lstrip("/"))


def spec_for(site: Site, slug: str) -> MapSpec:
    data = next(q for q in site.quarters if q.slug == slug)
    spec = quarter_map(site, data)
    assert spec is not None
    return spec


# ----------------------------------------------------------------------------- helpers


class Tiles:
    """Answers tile requests to one host with a PNG and records every foreign request."""

    def __init__(self, page: Page, host: str = TILE_HOST) -> None:
        self.host = host
        self.served: list[str] = []
        self.foreign: list[str] = []
        # Registered after the guard's catch-all route, so it is asked first.
        page.context.route(f"https://{host}/**", self._fulfil)
        page.context.on(
            "request", lambda r: None if is_local(r.url) else self.foreign.append(r.url)
        )

    def _fulfil(self, route: Route) -> None:
        self.served.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=TILE)


def map_frame(page: Page) -> FrameLocator:
    return page.frame_locator(FRAME)


def load_map(page: Page) -> FrameLocator:
    """Consent on the page: its map document replaces the schematic."""
    page.locator("figure.qd-map").get_by_role("button", name="Karte laden").click()
    expect(page.locator(FRAME)).to_be_attached()
    expect(page.locator(SCHEMATIC)).to_be_hidden()
    return map_frame(page)


def map_requests(page: Page) -> list[str]:
    """Every URL the page requests from now on that belongs to the interactive maps."""
    seen: list[str] = []
    page.on(
        "request",
        lambda r: seen.append(r.url) if "/assets/maps/" in r.url or "/karten/" in r.url else None,
    )
    return seen


def frame_of(page: Page, spec: MapSpec) -> Frame:
    frame = next((f for f in page.frames if f.url.endswith(spec.path)), None)
    assert frame is not None, [f.url for f in page.frames]
    return frame


def wait_for_map(frame: FrameLocator | Page, markers: int) -> None:
    """Until the map script has run: markers placed, consent notice or tiles decided."""
    expect(frame.locator(MARKERS)).to_have_count(markers)
    expect(
        frame.locator("#qd-consent:not([hidden]), .leaflet-tile-pane .leaflet-layer")
    ).not_to_have_count(0)


def marker_labels(frame: FrameLocator) -> list[str]:
    return [
        str(label)
        for label in frame.locator(MARKERS).evaluate_all(
            "els => els.map(el => el.getAttribute('aria-label'))"
        )
    ]


def assert_no_axe_violations(page: Page) -> None:
    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    summary = [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in violations
    ]
    assert not violations, f"{page.url}\n" + "\n".join(summary)


# ----------------------------------------------------------------------------- privacy


@pytest.mark.parametrize(
    "slug",
    ["", "musterstadt/altstadt", "musterstadt/hinterhof"],
    ids=["start", "altstadt", "hinterhof"],
)
def test_nothing_leaves_the_machine_before_consent(
    page: Page, request_guard: RequestGuard, maps_url: Callable[[str], str], site: Site, slug: str
) -> None:
    """Before consent: the schematic and the question, no map library, no map document, no tiles."""
    spec = overview_map(site) if not slug else spec_for(site, slug)
    assert spec is not None
    tiles = Tiles(page)
    loaded = map_requests(page)
    page.goto(maps_url(f"quartiere/{slug}/" if slug else ""))
    schematic = page.locator(SCHEMATIC)
    expect(schematic).to_be_visible()
    expect(schematic).to_have_attribute("role", "img")
    expect(schematic).to_have_accessible_name(re.compile("^Lageskizze: "))
    notice = page.locator("figure.qd-map .qd-map__consent")
    expect(notice).to_contain_text("Vermessungsamt Musterstadt")
    expect(notice).to_contain_text("IP-Adresse")
    page.wait_for_load_state("networkidle")
    expect(page.locator(FRAME)).to_have_count(0)
    assert loaded == []  # neither Leaflet, nor our map script and styles, nor a document
    assert tiles.foreign == []
    assert request_guard.blocked == []


def test_after_consent_tiles_come_from_the_configured_provider_only(
    page: Page, request_guard: RequestGuard, maps_url: Callable[[str], str], site: Site
) -> None:
    spec = spec_for(site, "musterstadt/altstadt")
    tiles = Tiles(page)
    loaded = map_requests(page)
    page.goto(maps_url("quartiere/musterstadt/altstadt/"))
    frame = load_map(page)
    expect(page.locator(FRAME)).to_be_focused()  # the keyboard goes on into the map
    wait_for_map(frame, len(spec.places))
    expect(frame.locator(".leaflet-tile-loaded").first).to_be_visible()
    # Withdrawal beside the map, on the page; the document does not offer it a second time.
    expect(
        page.locator("figure.qd-map").get_by_role("button", name="Zustimmung widerrufen")
    ).to_be_visible()
    expect(frame.get_by_role("button", name="Zustimmung widerrufen")).to_be_hidden()
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text(
        "© Stadt Musterstadt, Geobasisdaten"
    )
    expect(frame.locator(".leaflet-tile:not(.leaflet-tile-loaded)")).to_have_count(0)
    assert any("leaflet" in url for url in loaded)
    # Every request to another host went to the tile provider: the guard blocks and records
    # any other. (Requests and the route's answers are separate events: a tile Leaflet asks
    # for at this moment may be requested but not yet answered, so the lists are not compared.)
    assert tiles.served
    assert set(tiles.served) <= set(tiles.foreign)
    assert {urlsplit(url).hostname for url in tiles.foreign} == {TILE_HOST}
    assert all(re.fullmatch(r"https://[^/]+/wmts/\d+/\d+/\d+\.png", url) for url in tiles.foreign)
    assert request_guard.blocked == []


def test_consent_is_remembered_across_pages_and_can_be_withdrawn(
    page: Page, request_guard: RequestGuard, maps_url: Callable[[str], str], site: Site
) -> None:
    tiles = Tiles(page)
    page.goto(maps_url("quartiere/musterstadt/altstadt/"))
    frame = load_map(page)
    expect(frame.locator(".leaflet-tile-loaded").first).to_be_visible()
    assert page.evaluate(f"() => localStorage.getItem('{STORAGE_KEY}')") == FIXTURE_TILES.url
    assert page.context.cookies() == []

    # Remembered: after a reload and on another page the map replaces the schematic at once.
    page.reload()
    expect(page.locator(SCHEMATIC)).to_be_hidden()
    expect(map_frame(page).locator(".leaflet-tile-loaded").first).to_be_visible()
    expect(page.locator("figure.qd-map").get_by_role("button", name="Karte laden")).to_be_hidden()
    page.goto(maps_url(""))
    expect(map_frame(page).locator(".leaflet-tile-loaded").first).to_be_visible()

    # Withdrawn beside the map: the schematic is back, focus on „Karte laden“.
    figure = page.locator("figure.qd-map")
    figure.get_by_role("button", name="Zustimmung widerrufen").click()
    expect(page.locator(FRAME)).to_have_count(0)
    expect(page.locator(SCHEMATIC)).to_be_visible()
    expect(figure.get_by_role("button", name="Karte laden")).to_be_focused()
    assert page.evaluate(f"() => localStorage.getItem('{STORAGE_KEY}')") is None

    # And it stays withdrawn on the next page.
    served = len(tiles.served)
    page.goto(maps_url("quartiere/musterstadt/altstadt/"))
    expect(page.locator(SCHEMATIC)).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(page.locator(FRAME)).to_have_count(0)
    assert len(tiles.served) == served
    assert request_guard.blocked == []


def test_consent_can_be_withdrawn_on_the_privacy_page(
    page: Page, maps_url: Callable[[str], str], site: Site
) -> None:
    Tiles(page)
    page.goto(maps_url("datenschutz/"))
    control = page.locator("[data-qd-consent-control]")
    expect(control).to_contain_text("nicht zugestimmt")
    expect(control.get_by_role("button")).to_be_hidden()
    page.goto(maps_url("quartiere/musterstadt/altstadt/"))
    load_map(page)
    page.goto(maps_url("datenschutz/"))
    expect(control).to_contain_text("Sie haben dem Laden der Kartenbilder zugestimmt.")
    control.get_by_role("button", name="Zustimmung zu den Karten widerrufen").click()
    expect(control).to_contain_text("nicht zugestimmt")
    assert page.evaluate(f"() => localStorage.getItem('{STORAGE_KEY}')") is None
    page.goto(maps_url("quartiere/musterstadt/altstadt/"))
    expect(page.locator(SCHEMATIC)).to_be_visible()
    expect(page.locator(FRAME)).to_have_count(0)


def test_a_withdrawal_in_another_tab_brings_the_schematic_back(
    page: Page, maps_url: Callable[[str], str]
) -> None:
    Tiles(page)
    page.goto(maps_url("quartiere/musterstadt/altstadt/"))
    load_map(page)
    other = page.context.new_page()
    other.goto(maps_url("datenschutz/"))
    other.locator("[data-qd-consent-control]").get_by_role("button").click()
    expect(page.locator(FRAME)).to_have_count(0)
    expect(page.locator(SCHEMATIC)).to_be_visible()
    other.close()


# ----------------------------------------------------------------------------- lists and markers


@pytest.mark.parametrize("slug", ["musterstadt/altstadt", "musterstadt/hinterhof"])
def test_list_beside_the_map_names_the_same_places_as_its_markers(
    page: Page, maps_url: Callable[[str], str], site: Site, slug: str
) -> None:
    Tiles(page)  # the tiles the map asks for after consent, answered here
    spec = spec_for(site, slug)
    page.goto(maps_url(f"quartiere/{slug}/"))
    items = page.locator("figure.qd-map .qd-map__list li")
    expect(items).to_have_count(len(spec.places))
    names = [items.nth(i).locator("a, strong").first.inner_text() for i in range(len(spec.places))]
    assert names == [p.name for p in spec.places]
    # The schematic's markers carry the numbers of the list.
    numbers = page.locator(f"{SCHEMATIC} g.qd-sm").evaluate_all("gs => gs.map(g => g.textContent)")
    assert numbers == [str(n) for n in range(1, len(spec.places) + 1)]
    frame = load_map(page)
    wait_for_map(frame, len(spec.places))
    labels = marker_labels(frame)
    assert labels == [p.label for p in spec.places]
    for name, label in zip(names, labels, strict=True):
        assert label.startswith(name)


def test_start_page_map_shows_the_quarters_of_the_list_below(
    page: Page, maps_url: Callable[[str], str], site: Site
) -> None:
    Tiles(page)  # the tiles the map asks for after consent, answered here
    spec = overview_map(site)
    assert spec is not None
    page.goto(maps_url(""))
    listed = set(page.locator("article .qd-quarter-list a").all_inner_texts())
    without = set(spec.without_position)
    assert {p.name for p in spec.places} == listed - without
    for name in without:
        expect(page.locator("figure.qd-map")).to_contain_text(name)
    frame = load_map(page)
    wait_for_map(frame, len(spec.places))
    assert sorted(marker_labels(frame)) == sorted(p.label for p in spec.places)


def test_hostile_names_stay_text(page: Page, maps_url: Callable[[str], str], site: Site) -> None:
    Tiles(page)  # the tiles the map asks for after consent, answered here
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    spec = spec_for(site, "musterstadt/hinterhof")
    page.goto(maps_url("quartiere/musterstadt/hinterhof/"))
    expect(page.locator("figure.qd-map figcaption")).to_have_text(f"Karte: {NASTY}")
    expect(page.locator(f"{SCHEMATIC} title")).to_have_text(f"Lageskizze: {NASTY}")
    labels = page.locator(f"{SCHEMATIC} .qd-sm-label")
    expect(labels.first).to_be_attached()
    assert set(labels.evaluate_all("ts => ts.map(t => t.textContent)")) <= {NASTY, NASTY_CONTACT}
    expect(
        page.locator(f"{SCHEMATIC} *:not(title, desc, rect, path, circle, g, text)")
    ).to_have_count(0)
    frame = load_map(page)
    wait_for_map(frame, len(spec.places))
    marker = frame.locator(MARKERS).first
    expect(marker).to_have_attribute("aria-label", f"{NASTY_CONTACT} (Anlaufstelle)")
    marker.hover()
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_have_text(f"{NASTY_CONTACT} (Anlaufstelle)")
    expect(tooltip.locator("*")).to_have_count(0)
    expect(frame.locator(".leaflet-overlay-pane path")).to_have_count(1)  # the boundary
    assert frame_of(page, spec).title() == f"Karte: {NASTY}"
    assert dialogs == []


# ----------------------------------------------------------------------------- keyboard


def test_keyboard_reaches_consent_and_markers_lead_to_their_entry(
    page: Page, maps_url: Callable[[str], str], site: Site
) -> None:
    spec = spec_for(site, "musterstadt/altstadt")
    tiles = Tiles(page)
    page.goto(maps_url("quartiere/musterstadt/altstadt/"))
    # Tab from the map's title reaches „Karte laden“; Enter puts the map there, focused.
    page.locator("figure.qd-map figcaption").evaluate("el => { el.tabIndex = -1; el.focus(); }")
    page.keyboard.press("Tab")
    load = page.locator("figure.qd-map").get_by_role("button", name="Karte laden")
    expect(load).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(FRAME)).to_be_focused()
    frame = map_frame(page)
    wait_for_map(frame, len(spec.places))
    expect(frame.locator(".leaflet-tile-loaded").first).to_be_visible()
    assert tiles.served
    document = frame_of(page, spec)
    # In the map, Tab walks through its controls and markers.
    linked = [p.label for p in spec.places if p.href]
    reached: list[str] = []
    for _ in range(20):
        page.keyboard.press("Tab")
        label = document.evaluate(
            "() => document.activeElement.getAttribute('aria-label')"
            " || document.activeElement.textContent.trim()"
        )
        reached.append(str(label))
        if all(name in reached for name in linked):
            break
    assert [label for label in reached if label in linked] == linked
    # Enter on a marker takes the page to the entry it stands for.
    contact = next(p for p in spec.places if p.anchor.startswith("anlaufstelle-"))
    frame.get_by_role("link", name=contact.label).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"#{contact.anchor}$"))


# ----------------------------------------------------------------------------- layout, print, no script


@pytest.mark.parametrize(
    "slug", ["", "musterstadt/altstadt", "musterstadt/hinterhof"], ids=["start", "point", "area"]
)
def test_on_a_phone_the_block_before_consent_takes_at_most_half_the_screen(
    browser: Browser, maps_url: Callable[[str], str], slug: str
) -> None:
    context = new_context(browser)
    try:
        phone = context.new_page()
        phone.set_viewport_size({"width": 360, "height": 640})
        context.route(f"https://{TILE_HOST}/**", lambda route: route.abort())
        phone.goto(maps_url(f"quartiere/{slug}/" if slug else ""))
        expect(phone.locator("figure.qd-map .qd-map__consent")).to_be_visible()
        top = phone.locator("figure.qd-map figcaption").bounding_box()
        bottom = phone.locator("figure.qd-map .qd-map__consent").bounding_box()
        assert top is not None
        assert bottom is not None
        assert bottom["y"] + bottom["height"] - top["y"] <= 320
    finally:
        context.close()


def test_a_quarter_with_a_single_point_gets_a_small_block(
    page: Page, url: Callable[[str], str], shipped_site: Site
) -> None:
    """A shipped quarter whose map is its point only: a strip, not a big empty frame."""
    single = next(
        path
        for path, spec in shipped_maps(shipped_site)
        if path and spec.boundary is None and len({(p.lat, p.lon) for p in spec.places}) == 1
    )
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(url(single))
    box = page.locator(SCHEMATIC).bounding_box()
    assert box is not None
    assert box["height"] <= 90


def test_without_javascript_the_schematic_and_the_list_are_there(
    browser: Browser, maps_url: Callable[[str], str], site: Site
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(maps_url("quartiere/musterstadt/altstadt/"))
        spec = spec_for(site, "musterstadt/altstadt")
        expect(page.locator(SCHEMATIC)).to_be_visible()
        expect(page.locator("figure.qd-map .qd-map__list li")).to_have_count(len(spec.places))
        expect(page.locator("figure.qd-map .qd-map__consent")).to_be_hidden()
        expect(page.locator("figure.qd-map .qd-map__noscript")).to_be_visible()
        expect(page.locator(FRAME)).to_have_count(0)
    finally:
        context.close()


def test_in_print_the_schematic_replaces_the_map(
    page: Page, maps_url: Callable[[str], str]
) -> None:
    Tiles(page)
    page.goto(maps_url("quartiere/musterstadt/altstadt/"))
    frame = load_map(page)
    expect(frame.locator(".leaflet-tile-loaded").first).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(SCHEMATIC)).to_be_visible()
    expect(page.locator(FRAME)).to_be_hidden()
    expect(page.locator("figure.qd-map .qd-map__given")).to_be_hidden()
    expect(page.locator("figure.qd-map .qd-map__list")).to_be_visible()


@pytest.mark.parametrize("which", ["start", "quarter"])
def test_axe_finds_no_violation_on_a_page_before_after_and_without_consent(
    page: Page, url: Callable[[str], str], which: str, shipped_site: Site
) -> None:
    """The shipped site (with its theme overrides): schematic, loaded map, withdrawn again."""
    path = (
        "" if which == "start" else next(path for path, _spec in shipped_maps(shipped_site) if path)
    )
    Tiles(page, urlsplit(REAL_TILES.url).hostname or "")
    page.goto(url(path))
    expect(page.locator(SCHEMATIC)).to_be_visible()
    assert_no_axe_violations(page)
    load_map(page)
    expect(map_frame(page).locator(".leaflet-tile-loaded").first).to_be_visible()
    assert_no_axe_violations(page)
    page.locator("figure.qd-map").get_by_role("button", name="Zustimmung widerrufen").click()
    expect(page.locator(SCHEMATIC)).to_be_visible()
    assert_no_axe_violations(page)


# ----------------------------------------------------------------------------- axe


@pytest.mark.parametrize(
    "slug",
    ["", "musterstadt/altstadt", "musterstadt/hinterhof"],
    ids=["overview", "altstadt", "hinterhof"],
)
def test_axe_finds_no_violation_in_map_documents(
    page: Page, maps_url: Callable[[str], str], site: Site, slug: str
) -> None:
    spec = overview_map(site) if not slug else spec_for(site, slug)
    assert spec is not None
    Tiles(page)
    page.goto(maps_url(spec.path))
    wait_for_map(page, len(spec.places))
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Karte laden").click()
    expect(page.locator(".leaflet-tile-loaded").first).to_be_visible()
    page.locator(MARKERS).first.hover()
    expect(page.locator(".leaflet-tooltip")).to_be_visible()
    assert_no_axe_violations(page)


# ----------------------------------------------------------------------------- scale


def test_a_thousand_quarters_cluster_without_foreign_requests(
    page: Page, request_guard: RequestGuard, tmp_path: Path, serve: Callable[[Path], str]
) -> None:
    spec = overview_map(synthetic_site(1_000))
    assert spec is not None
    assert spec.cluster
    for uri, source in asset_files():
        target = tmp_path / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    document = tmp_path / spec.path
    document.parent.mkdir(parents=True, exist_ok=True)
    document.write_text(map_document(spec, DEFAULT_TILES), encoding="utf-8")
    page.goto(urljoin(serve(tmp_path), spec.path))
    clusters = page.locator(".leaflet-marker-icon.qd-cluster")
    expect(clusters.first).to_be_visible()
    expect(clusters.first).to_have_accessible_name(re.compile(r"^\d+ Orte, vergrößern$"))
    total = (
        sum(int(text) for text in clusters.locator("span[aria-hidden=true]").all_inner_texts())
        + page.locator(MARKERS).count()
    )
    assert total == 1_000
    assert_no_axe_violations(page)
    # Enter on a cluster zooms in, as a click does.
    zoom = page.evaluate("() => qdMaps.maps[0].getZoom()")
    clusters.first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("zoom => qdMaps.maps[0].getZoom() > zoom", arg=zoom)
    assert request_guard.blocked == []


def synthetic_site(count: int) -> Site:
    """`count` quarters spread over Germany (the loader is not needed for this)."""
    site = Site()
    for index in range(count):
        quarter = Quarter.model_validate(
            {
                "name": f"Quartier {index}",
                "city": f"Stadt {index % 20}",
                "summary": "Synthetisch.",
                "location": {"lat": 47.5 + (index % 97) * 0.07, "lon": 6.0 + (index % 89) * 0.1},
            }
        )
        slug = f"stadt-{index % 20}/quartier-{index}"
        site.quarters.append(
            QuarterData(slug, quarter, cast(LoadedFile, None), slug.split("/", 1)[0])
        )
    return site


# ----------------------------------------------------------------------------- the real site


REAL_TILES = TileProvider.from_options(read_plugin_options(REPO / "mkdocs.yml").get("tiles") or {})


def shipped_maps(shipped: Site) -> list[tuple[str, MapSpec]]:
    """(URL path, map) of every page of the shipped site that has a map."""
    return [
        (path, spec)
        for path, spec in [
            ("", overview_map(shipped)),
            *(
                (q.url, quarter_map(shipped, q))
                for q in sorted(shipped.quarters, key=lambda q: q.slug)
            ),
        ]
        if spec is not None
    ]


def test_maps_of_the_shipped_site_send_nothing_before_consent(
    page: Page, request_guard: RequestGuard, url: Callable[[str], str], shipped_site: Site
) -> None:
    """Every page of the shipped site that has a map (the guard fails the test at teardown)."""
    maps = shipped_maps(shipped_site)
    assert maps
    for path, _spec in maps:
        loaded = map_requests(page)
        page.goto(url(path))
        expect(page.locator(SCHEMATIC)).to_be_visible()
        expect(page.locator("figure.qd-map .qd-map__consent")).to_contain_text(REAL_TILES.name)
        page.wait_for_load_state("networkidle")
        expect(page.locator(FRAME)).to_have_count(0)
        assert loaded == [], path
        assert request_guard.blocked == [], path
