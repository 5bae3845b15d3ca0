"""Playwright harness: build the site once, serve it, drive headless Chromium.

Fixtures:
    built_site      (session) folder with the project's site, built with --strict
    pagefind_site   (session) the Pagefind fixture project's site (search: pagefind)
    site_url        (session) base URL serving ``built_site``, ends in "/"
    url             (session) ``url("quartiere/x/")`` -> absolute URL on ``site_url``
    serve           (function) ``serve(folder)`` -> base URL, served until the test ends
    browser         (session) headless Debian Chromium
    page            (function) new context and page; requests not to 127.0.0.1 are
                    aborted, and the test errors at teardown if there were any
    request_guard   (function) the RequestGuard of ``page``'s context

Every test in this folder is marked ``browser``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, suppress
from pathlib import Path
from urllib.parse import urljoin

import pytest
from mkdocs_process import build_site
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    Playwright,
    sync_playwright,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .chromium import RequestGuard, guard_context, launch_chromium
from .serving import serve_directory

REPO = Path(__file__).resolve().parents[2]
PAGEFIND_PROJECT = REPO / "tests" / "fixtures" / "pagefind-project"
# Playwright's defaults (30 s) make a broken test slow to fail.
ACTION_TIMEOUT_MS = 10_000
FLUSH_TIMEOUT_MS = 5_000

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


def check_no_foreign_requests(guard: RequestGuard) -> None:
    """Fail if pages of the guarded context tried to reach anything but 127.0.0.1."""
    if guard.blocked:
        listing = "\n  ".join(guard.blocked)
        pytest.fail(
            f"{len(guard.blocked)} request(s) to foreign hosts (blocked):\n  {listing}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/pagefind-project built: the site's overrides, `search: pagefind`."""
    return build_site(PAGEFIND_PROJECT / "mkdocs.yml", tmp_path_factory.mktemp("pagefind-site"))


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve_directory(built_site) as base:
        yield base


@pytest.fixture(scope="session")
def url(site_url: str) -> Callable[[str], str]:
    def make(path: str = "") -> str:
        return urljoin(site_url, path.lstrip("/"))

    return make


@pytest.fixture
def serve() -> Iterator[Callable[[str | Path], str]]:
    with ExitStack() as stack:

        def start(path: str | Path) -> str:
            return stack.enter_context(serve_directory(path))

        yield start


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = launch_chromium(playwright)
    yield browser
    browser.close()


def new_context(browser: Browser) -> BrowserContext:
    """A context as the ``page`` fixture makes it: German, no motion, no service workers."""
    context = browser.new_context(
        locale="de-DE",
        timezone_id="Europe/Berlin",
        reduced_motion="reduce",
        service_workers="block",
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    return context


@pytest.fixture
def _guarded_context(browser: Browser) -> Iterator[tuple[BrowserContext, RequestGuard]]:
    context = new_context(browser)
    guard = guard_context(context)
    yield context, guard
    # Let requests the browser already issued reach the guard before closing.
    for open_page in context.pages:
        with suppress(PlaywrightTimeoutError):
            open_page.wait_for_load_state("load", timeout=FLUSH_TIMEOUT_MS)
    context.close()
    check_no_foreign_requests(guard)


@pytest.fixture
def request_guard(_guarded_context: tuple[BrowserContext, RequestGuard]) -> RequestGuard:
    return _guarded_context[1]


@pytest.fixture
def page(_guarded_context: tuple[BrowserContext, RequestGuard]) -> Page:
    return _guarded_context[0].new_page()


@pytest.fixture
def js_errors(page: Page) -> Iterator[list[str]]:
    """Uncaught errors and console errors/warnings (the search worker's included).

    Material's worker catches exceptions while searching and only logs
    ``console.warn("Invalid query: …")``, so warnings count as errors here.
    """
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"}:
            errors.append(f"console.{message.type}: {message.text}")

    def on_page_error(error: Error) -> None:
        errors.append(f"pageerror: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    yield errors
    assert errors == [], "JavaScript errors:\n" + "\n".join(errors)
