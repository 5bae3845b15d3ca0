"""The sample nginx configuration (deploy/nginx.conf): its headers and the built site agree.

The headers are parsed from the nginx file and served by a small local server
with the built fixture site, so the test checks exactly what operators deploy.
Chromium reports every Content-Security-Policy violation (the
`securitypolicyviolation` event in every frame, and the console); there must
be none on the start page, a quarter page with its map (tiles after consent)
and with the search in use.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from quartiersdoku.core.config import read_plugin_options

from .chromium import RequestGuard
from .conftest import REPO, build_site
from .search_ui import open_search, result_links, search
from .serving import HOST, QuietHandler

NGINX_CONF = REPO / "deploy" / "nginx.conf"
FIXTURE = REPO / "tests" / "fixtures" / "project"
MAPS = "/karten/"
ADMIN = "/admin/"  # the form editor (tests/browser/test_editor.py serves it with these)
OSM_TILES = "https://tile.openstreetmap.org"
QUARTER = "quartiere/musterstadt/altstadt/"
# Material's inline script that names the way to the start page, once per folder depth.
SCOPE_SCRIPT = re.compile(r'^__md_scope=new URL\("([^"]*)",location\)')
DEPTHS = 6

INIT_SCRIPT = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${location.pathname}: ${e.effectiveDirective} ${e.blockedURI} ${e.sample}`);
});
"""


# --------------------------------------------------------------------- nginx.conf


def nginx_headers(text: str) -> dict[str, dict[str, str]]:
    """`add_header` lines by location prefix ("" for the server level)."""
    headers: dict[str, dict[str, str]] = {}
    stack: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        block = re.match(r"^(server|location\s+(.+?))\s*\{$", line)
        if block:
            stack.append(block.group(2) or "")
            continue
        if line == "}":
            stack.pop()
            continue
        header = re.match(r'^add_header\s+(\S+)\s+"([^"]*)"\s+always;$', line)
        if header:
            where = stack[-1] if stack else ""
            headers.setdefault(where, {})[header.group(1)] = header.group(2)
        else:
            assert not line.startswith("add_header"), f"unerwartete add_header-Zeile: {line}"
    return headers


HEADERS = nginx_headers(NGINX_CONF.read_text(encoding="utf-8"))


def directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


def tile_origin(config: Path) -> str:
    """The tile server of a site (`tiles: url:` of the plugin in mkdocs.yml), as https://host."""
    tiles = read_plugin_options(config).get("tiles") or {}
    url = str(tiles.get("url") or OSM_TILES)
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def headers_for(path: str, tiles: str) -> dict[str, str]:
    """What nginx sends for `path`, with the tile server of the site served (the line to adapt)."""
    if path.startswith(MAPS):
        chosen = dict(HEADERS[MAPS])
        policy = chosen["Content-Security-Policy"]
        chosen["Content-Security-Policy"] = policy.replace(OSM_TILES, tiles)
        return chosen
    return HEADERS[""]


# --------------------------------------------------------------------- the site


def script_hash(body: str) -> str:
    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def inline_scripts(site: Path) -> dict[str, str]:
    """Hash → first file, of every executed inline script outside the map documents."""
    found: dict[str, str] = {}
    pattern = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if f"/{relative}".startswith(MAPS):
            continue
        for match in pattern.finditer(page.read_text(encoding="utf-8")):
            attrs = match.group("attrs")
            if "src=" in attrs or re.search(r'type="(?!text/javascript|module)', attrs):
                continue  # a file (checked as 'self') or data (never executed)
            found.setdefault(script_hash(match.group("body")), relative)
            scope = SCOPE_SCRIPT.match(match.group("body"))
            if scope:  # every depth, not only those this site happens to have
                for depth in range(DEPTHS):
                    base = "/".join([".."] * depth) or "."
                    variant = match.group("body").replace(f'"{scope.group(1)}"', f'"{base}"', 1)
                    found.setdefault(script_hash(variant), f"(Ordnertiefe {depth})")
    return found


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(FIXTURE / "mkdocs.yml", tmp_path_factory.mktemp("csp-site"))


class _HeaderHandler(QuietHandler):
    """Static files with the headers `choose(path)` gives, and `error_page 404 /404.html`."""

    @staticmethod
    def choose(path: str) -> dict[str, str]:
        return {}

    def end_headers(self) -> None:
        for name, value in self.choose(urlsplit(self.path).path).items():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve_with_headers(root: Path, choose: Callable[[str], dict[str, str]]) -> Iterator[str]:
    handler_class = type("Handler", (_HeaderHandler,), {"choose": staticmethod(choose)})
    handler = functools.partial(handler_class, directory=str(root))
    server = ThreadingHTTPServer((HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="csp server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def csp_url(fixture_site: Path) -> Iterator[Callable[[str], str]]:
    tiles = tile_origin(FIXTURE / "mkdocs.yml")
    with serve_with_headers(fixture_site, lambda path: headers_for(path, tiles)) as base:
        yield lambda path: base + path


@pytest.fixture
def violations(page: Page) -> Callable[[], list[str]]:
    """Every CSP violation so far, from every frame of `page` and from the console."""
    console: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            console.append(message.text)

    page.add_init_script(INIT_SCRIPT)
    page.on("console", on_console)

    def collect() -> list[str]:
        found = list(console)
        for frame in page.frames:
            reported: Any = frame.evaluate("window.__csp || []")
            found += [str(item) for item in reported]
        return found

    return collect


# --------------------------------------------------------------------- tests


def test_the_headers_are_complete_in_every_block() -> None:
    """nginx drops inherited add_header in a block with its own: each block lists all."""
    assert set(HEADERS) == {"", MAPS, ADMIN}
    assert set(HEADERS[MAPS]) == set(HEADERS[""])
    assert set(HEADERS[ADMIN]) == set(HEADERS[""])
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert name in HEADERS[""]


@pytest.mark.parametrize("which", ["fixture_site", "built_site", "pagefind_site"])
def test_every_inline_script_is_allowed_by_its_hash(
    which: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(which)
    allowed = set(directives(HEADERS[""]["Content-Security-Policy"])["script-src"])
    needed = inline_scripts(site)
    missing = {h: where for h, where in needed.items() if h not in allowed}
    line = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(needed)])
    assert not missing, (
        "deploy/nginx.conf: script-src erlaubt diese eingebetteten Skripte nicht: "
        + ", ".join(f"{h} ({where})" for h, where in missing.items())
        + f"\nNeue Angabe: script-src {line}"
    )


def test_the_map_documents_may_load_the_configured_tiles() -> None:
    policy = directives(HEADERS[MAPS]["Content-Security-Policy"])
    assert tile_origin(REPO / "mkdocs.yml") in policy["img-src"]
    assert "'unsafe-inline'" not in directives(HEADERS[""]["Content-Security-Policy"])["script-src"]


def test_the_check_catches_a_violation(
    page: Page, fixture_site: Path, violations: Callable[[], list[str]]
) -> None:
    """Without the hashes, Material's inline scripts are blocked and reported."""
    strict = {"Content-Security-Policy": "default-src 'self'"}
    with serve_with_headers(fixture_site, lambda path: strict) as base:
        page.goto(base + "impressum/")
        expect(page.locator("article h1")).to_be_visible()
        page.wait_for_function("window.__csp.length > 0")
    assert any("script-src" in v for v in violations())


def test_no_violation_on_the_start_page_and_with_search(
    page: Page, csp_url: Callable[[str], str], violations: Callable[[], list[str]]
) -> None:
    page.goto(csp_url(""))
    expect(page.locator("article h1").first).to_be_visible()
    open_search(page)
    search(page, "Stadtteilkonferenz")
    expect(result_links(page).first).to_be_visible()
    assert violations() == []


def test_pagefind_may_run_its_webassembly() -> None:
    """Pagefind (plugin option `search`) searches in WebAssembly: script-src must allow it."""
    assert "'wasm-unsafe-eval'" in directives(HEADERS[""]["Content-Security-Policy"])["script-src"]


def test_no_violation_with_the_pagefind_search(
    page: Page, pagefind_site: Path, violations: Callable[[], list[str]]
) -> None:
    """The Pagefind dialog, its module, worker and WebAssembly under the nginx headers."""
    with serve_with_headers(pagefind_site, lambda path: headers_for(path, OSM_TILES)) as base:
        page.goto(base)
        expect(page.locator("article h1").first).to_be_visible()
        open_search(page)
        search(page, "Konferenzen")
        # The first query loads and compiles Pagefind's WebAssembly: allow for a busy machine.
        expect(result_links(page).first).to_be_visible(timeout=20_000)
        expect(page.locator(".md-search-result__meta")).to_have_text("1 Treffer")
    assert violations() == []


def test_no_violation_on_a_quarter_page_and_its_map(
    page: Page,
    csp_url: Callable[[str], str],
    violations: Callable[[], list[str]],
    request_guard: RequestGuard,
) -> None:
    page.goto(csp_url(QUARTER))
    expect(page.locator("article h1")).to_have_text("Altstadt")
    schematic = page.locator("figure.qd-map svg.qd-map__schematic").first
    schematic.scroll_into_view_if_needed()
    tiles = tile_origin(FIXTURE / "mkdocs.yml")
    # Consent on the page: the map document (Leaflet, map script) loads and asks for tiles.
    with page.expect_request(lambda r: r.url.startswith(tiles)):
        page.locator("figure.qd-map").get_by_role("button", name="Karte laden").click()
    assert violations() == []
    # The tile server is never reached: the guard stopped its requests, as it should.
    assert all(url.startswith(tiles) for url in request_guard.take())


def test_no_violation_on_the_not_found_page(
    page: Page, csp_url: Callable[[str], str], violations: Callable[[], list[str]]
) -> None:
    response = page.goto(csp_url("gibt/es/nicht/"))
    assert response is not None
    assert response.status == 404
    expect(page.locator("h1").first).to_be_visible()
    assert violations() == []
