"""Launch Debian's Chromium and keep pages from reaching anything but 127.0.0.1."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Playwright, Route, WebSocketRoute

# Debian's Chromium and its flags: the same as the benchmark's.
from quartiersdoku.tools.bench.browser import CHROMIUM, CHROMIUM_ARGS

LOCAL_HOSTS = frozenset({"127.0.0.1"})
# URLs that never touch the network.
NON_NETWORK_SCHEMES = frozenset({"data", "blob", "about"})


def launch_chromium(playwright: Playwright) -> Browser:
    """Start headless Debian Chromium (``apt-get install chromium``).

    Never ``playwright install``: it downloads a browser, which fails here.
    """
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM} is missing: run scripts/setup")
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_ARGS)
    )


def is_local(url: str) -> bool:
    """True for requests a test may make: to 127.0.0.1, or no network at all."""
    parts = urlsplit(url)
    if parts.scheme in NON_NETWORK_SCHEMES:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in LOCAL_HOSTS


@dataclass
class RequestGuard:
    """Lets local requests through, aborts all others and records their URLs."""

    blocked: list[str] = field(default_factory=list)

    def take(self) -> list[str]:
        """Return the URLs blocked so far and forget them.

        For a test that provokes a foreign request on purpose: it asserts on
        what this returns, and the ``page`` fixture's check then passes.
        """
        taken, self.blocked = self.blocked, []
        return taken

    def handle_route(self, route: Route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")

    def handle_web_socket(self, ws: WebSocketRoute) -> None:
        if is_local(ws.url):
            ws.connect_to_server()
        else:
            self.blocked.append(ws.url)
            ws.close()


def guard_context(context: BrowserContext) -> RequestGuard:
    """Route every request and WebSocket of ``context`` through a new guard."""
    guard = RequestGuard()
    context.route("**/*", guard.handle_route)
    context.route_web_socket(re.compile(r".*"), guard.handle_web_socket)
    return guard
