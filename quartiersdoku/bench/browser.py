"""Page weight and search payload, measured in headless Debian Chromium.

The built site is served by :mod:`.server` (gzip like a production server,
every body counted). Chromium may reach 127.0.0.1 only; every other request is
aborted and counted as a failure of the measurement (the site promises no
request to another host before consent).

* Page weight: open the page, scroll the map into view (its iframe loads
  lazily), wait until the network is idle, add up the bodies sent. Nothing is
  clicked, so no tile is requested (tiles need consent).
* Search payload: open the start page, wait until idle, then type a query in
  Material's search box and add up everything sent from the start page's load
  on that is not part of the page itself (Material fetches the index in the
  background when the page loads, not on the first keystroke) — that is, the
  search worker, the index and everything sent after typing.
* Pagefind payload (prototype, :mod:`quartiersdoku.pagefind_search`): the same
  page; the query goes through Pagefind's JavaScript API and loads the data of
  the first results, as a results list would.
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


@dataclass
class SearchPayload:
    bytes: int
    requests: int
    results: int
    seconds: float
    largest: list[tuple[str, int]] = field(default_factory=list)


def _weight(transfers: list[Transfer]) -> Weight:
    largest = sorted(((t.path, t.body_bytes) for t in transfers), key=lambda item: -item[1])
    search = sum(t.body_bytes for t in transfers if _SEARCH_PATH.search(t.path))
    return Weight(sum(t.body_bytes for t in transfers), len(transfers), search, largest[:5])


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
            frame = page.locator("iframe.qd-map__frame")
            if frame.count():
                frame.first.scroll_into_view_if_needed()
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(300)
                page.wait_for_load_state("networkidle")
            return _weight(self.log.take())
        finally:
            page.context.close()

    def lunr_search(self, query: str) -> SearchPayload:
        """Material's search: worker, index and everything sent after typing `query`."""
        page = self._page()
        try:
            self.log.take()
            page.goto(self.base, wait_until="networkidle")
            before = [t for t in self.log.take() if _SEARCH_PATH.search(t.path)]
            started = time.perf_counter()
            page.keyboard.press("/")
            field = page.locator("input.md-search__input")
            field.fill(query)
            field.press("End")
            items = page.locator("li.md-search-result__item")
            items.first.wait_for(state="visible", timeout=300_000)
            seconds = time.perf_counter() - started
            page.wait_for_load_state("networkidle")
            transfers = before + self.log.take()
            weight = _weight(transfers)
            return SearchPayload(
                weight.bytes, weight.requests, items.count(), seconds, weight.largest
            )
        finally:
            page.context.close()

    def pagefind_search(self, query: str, results: int = 10) -> SearchPayload:
        """Pagefind's JS API: the bundle, the index chunks for `query`, the first results' data."""
        page = self._page()
        try:
            page.goto(self.base, wait_until="networkidle")
            self.log.take()
            started = time.perf_counter()
            found = page.evaluate(
                """async ([query, count]) => {
                    const pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI).href);
                    await pagefind.options({ baseUrl: new URL(".", document.baseURI).pathname });
                    const search = await pagefind.search(query);
                    const data = await Promise.all(search.results.slice(0, count).map(r => r.data()));
                    return [search.results.length, data.map(d => d.url)];
                }""",
                [query, results],
            )
            seconds = time.perf_counter() - started
            page.wait_for_load_state("networkidle")
            # Only Pagefind's files: Material's own index may still be arriving from page load.
            weight = _weight([t for t in self.log.take() if t.path.startswith("/pagefind/")])
            return SearchPayload(
                weight.bytes, weight.requests, int(found[0]), seconds, weight.largest
            )
        finally:
            page.context.close()


@contextmanager
def session(site: Path) -> Iterator[Session]:
    """Serve `site` and start Chromium (Debian's, never a downloaded one)."""
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
