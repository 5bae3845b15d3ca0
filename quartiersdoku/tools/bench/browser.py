"""Page weight and search payload, measured in headless Debian Chromium.

The built site is served by :mod:`.server` (gzip like a production server,
every body counted). Chromium may reach 127.0.0.1 only; every other request is
aborted and counted as a failure of the measurement (the site promises no
request to another host before consent).

* Page weight: open the page, scroll the map block into view, wait until the
  network is idle, add up the bodies sent. Nothing is clicked: before consent a
  map is a schematic inside the page, and neither the map document, nor
  Leaflet, nor a tile is requested.
* Search payload: open the start page, wait until idle, then type a query in
  the site's search box and add up what the search fetched during the page
  load (Material loads its worker and whole index there, in the background;
  Pagefind nothing) and everything sent after typing, until the results show
  and the network is idle. Works for both engines: Material's (lunr) and the
  Pagefind dialog (overrides/partials/pagefind-search.html), which shows the
  first 5 results.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Route, sync_playwright

from .server import Log, Transfer, serve

CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags Chromium contacts Google's hosts on every start
# (tests/browser/chromium.py launches with the same).
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
_SEARCH_PATH = re.compile(
    r"/(search/|pagefind/|assets/javascripts/workers/search|assets/javascripts/lunr/)"
)


@dataclass
class Weight:
    bytes: int
    requests: int
    #: Of `bytes`: the search worker, its index and language files (Material loads them on every page).
    search_bytes: int
    largest: list[tuple[str, int]] = field(default_factory=list)
    #: Every body sent, (path, bytes as sent), largest first; one row per path.
    resources: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class SearchPayload:
    bytes: int
    requests: int
    results: int
    seconds: float
    largest: list[tuple[str, int]] = field(default_factory=list)
    #: The site searches with Pagefind (else Material's lunr search).
    pagefind: bool = False


def _weight(transfers: list[Transfer]) -> Weight:
    largest = sorted(((t.path, t.body_bytes) for t in transfers), key=lambda item: -item[1])
    search = sum(t.body_bytes for t in transfers if _SEARCH_PATH.search(t.path))
    per_path: dict[str, int] = {}
    for t in transfers:
        per_path[t.path] = per_path.get(t.path, 0) + t.body_bytes
    resources = sorted(per_path.items(), key=lambda item: (-item[1], item[0]))
    return Weight(
        sum(t.body_bytes for t in transfers), len(transfers), search, largest[:5], resources
    )


class Session:
    """One served site and one browser."""

    def __init__(self, browser: Browser, base: str, log: Log) -> None:
        self.browser = browser
        self.base = base
        self.log = log
        self.foreign: list[str] = []

    def _page(self) -> Page:
        context = self.browser.new_context(locale="de-DE", service_workers="block")
        context.route("**/*", self._route)
        return context.new_page()

    def _route(self, route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:", "about:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort("blockedbyclient")

    def page_weight(self, path: str) -> Weight:
        """Every same-origin body a page loads before consent, map document included."""
        page = self._page()
        try:
            self.log.take()
            page.goto(self.base + path, wait_until="networkidle")
            # The map block in view: before consent its schematic is part of the page and
            # nothing more loads (an iframe would, if one were there).
            figure = page.locator("figure.qd-map")
            if figure.count():
                figure.first.scroll_into_view_if_needed()
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(300)
                page.wait_for_load_state("networkidle")
            return _weight(self.log.take())
        finally:
            page.context.close()

    def site_search(self, query: str) -> SearchPayload:
        """A first query through the site's own search box, as a visitor makes it.

        Open the start page and wait until it is idle; type `query` into the search field
        (at once, as `fill` does: one search, no partial words); wait for the result count
        and the first results, then until the network is idle. Counted: what the search
        fetched while the page loaded (Material loads its worker and whole index there;
        Pagefind nothing) plus everything sent after typing (Pagefind: its bundle, the
        index chunks of the query's words, the fragments of the results shown).
        """
        page = self._page()
        try:
            self.log.take()
            page.goto(self.base, wait_until="networkidle")
            before = [t for t in self.log.take() if _SEARCH_PATH.search(t.path)]
            pagefind = page.locator(".qd-search").count() > 0
            started = time.perf_counter()
            page.keyboard.press("/")
            field = page.locator("input.md-search__input")
            field.fill(query)
            field.press("End")
            meta = page.locator(".md-search-result__meta")
            items = page.locator("li.md-search-result__item")
            if pagefind:
                page.wait_for_function(
                    """() => {
                        const meta = document.querySelector(".md-search-result__meta");
                        const items = document.querySelectorAll("li.md-search-result__item");
                        return /Treffer/.test(meta.textContent) && (
                            items.length > 0 || /Keine Treffer/.test(meta.textContent));
                    }""",
                    timeout=300_000,
                )
            else:
                items.first.wait_for(state="visible", timeout=300_000)
            seconds = time.perf_counter() - started
            page.wait_for_load_state("networkidle")
            transfers = before + self.log.take()
            weight = _weight(transfers)
            if pagefind:
                found = re.search(r"[\d.]+", meta.inner_text())
                results = int(found.group(0).replace(".", "")) if found else 0
            else:
                results = items.count()
            return SearchPayload(
                weight.bytes, weight.requests, results, seconds, weight.largest, pagefind
            )
        finally:
            page.context.close()


@contextmanager
def session(site: Path, browser: Browser | None = None) -> Iterator[Session]:
    """Serve `site` and start Chromium (Debian's, never a downloaded one), or use `browser`
    (one Playwright per thread: the browser tests pass theirs)."""
    if browser is not None:
        with serve(site) as (base, log):
            yield Session(browser, base, log)
        return
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM} fehlt: scripts/setup installiert Chromium.")
    with serve(site) as (base, log), sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            yield Session(browser, base, log)
        finally:
            browser.close()
