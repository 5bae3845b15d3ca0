"""The page types of the built site, for tests that check one page of each kind.

A page type names where its page is found; the tests look for it in the site
that the ``built_site`` fixture built (quarter pages are chosen from the
``shipped_site`` fixture's quarters), so page types that other parts of the
project add later (directories, city pages, map documents) are checked as soon
as the build produces them. Types marked ``optional`` are skipped while the
site has no such page; the others fail the test when missing.

Map documents are not MkDocs pages: every HTML file of the built site that
Material did not render (no ``generator`` meta of MkDocs) is a standalone
document. Folium writes such files, and axe does not look into iframes, so
they are audited directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from quartiersdoku.core.languages import LANGUAGES
from quartiersdoku.core.model import Status
from quartiersdoku.core.site import QuarterData, Site, programme_status

TODAY = date.today()
MKDOCS_PAGE = re.compile(r'<meta name="generator" content="mkdocs-')
# Directory pages across all quarters; each has its own template.
DIRECTORIES = ("anlaufstellen", "termine", "massnahmen", "beschluesse", "archiv")
LEGAL_PAGES = ("impressum", "datenschutz", "barrierefreiheit", "leichte-sprache")


def quarter_with(site: Site, status: Status) -> QuarterData | None:
    """The first quarter (by slug) with a programme of ``status`` today."""
    for data in sorted(site.quarters, key=lambda q: q.slug):
        if any(programme_status(p, TODAY) is status for p in data.quarter.programmes):
            return data
    return None


def current_quarter(site: Site) -> QuarterData | None:
    """A quarter with a running or planned programme; else one with no ended programme.

    Such a page shows planned and running entries (status badges, contact
    points "geplant") rather than an archive notice.
    """
    found = quarter_with(site, Status.RUNNING) or quarter_with(site, Status.PLANNED)
    if found is not None:
        return found
    current = [
        data
        for data in sorted(site.quarters, key=lambda q: q.slug)
        if not any(programme_status(p, TODAY) is Status.ENDED for p in data.quarter.programmes)
    ]
    return max(
        current,
        key=lambda q: len(q.quarter.contacts) + len(q.quarter.measures) + len(q.quarter.events),
        default=None,
    )


def html_files(site: Path) -> list[Path]:
    """Every HTML file of the built site, sorted."""
    return sorted(site.rglob("*.html"))


def url_path(site: Path, file: Path) -> str:
    """The URL path (relative to the site root) that serves ``file``."""
    relative = file.relative_to(site).as_posix()
    if relative == "index.html":
        return ""
    if relative.endswith("/index.html"):
        return relative.removesuffix("index.html")
    return relative


def standalone_documents(site: Path) -> list[Path]:
    """HTML files that are not Material pages (map documents, for instance)."""
    return [
        file
        for file in html_files(site)
        if not MKDOCS_PAGE.search(file.read_text(encoding="utf-8", errors="replace"))
    ]


@dataclass(frozen=True)
class PageType:
    id: str
    # built site, shipped quarters -> URL paths of pages of this type
    find: Callable[[Path, Site], list[str]]
    optional: bool = False

    def paths(self, site: Path, shipped: Site) -> list[str]:
        """The URL paths to check; skips or fails the test when there are none."""
        found = self.find(site, shipped)
        if not found:
            if self.optional:
                pytest.skip(f"the built site has no page of type {self.id!r} (yet)")
            pytest.fail(f"the built site has no page of type {self.id!r}", pytrace=False)
        return found


def _page(path: str) -> Callable[[Path, Site], list[str]]:
    def find(site: Path, _shipped: Site) -> list[str]:
        file = site / path if path.endswith(".html") else site / path / "index.html"
        return [path] if file.is_file() else []

    return find


def _quarter(choose: Callable[[Site], QuarterData | None]) -> Callable[[Path, Site], list[str]]:
    def find(site: Path, shipped: Site) -> list[str]:
        data = choose(shipped)
        return _page(data.url)(site, shipped) if data is not None else []

    return find


def _city_page(site: Path, _shipped: Site) -> list[str]:
    # quartiere/<city>/ (a quarter is quartiere/<city>/<slug>/)
    cities = sorted(site.glob("quartiere/*/index.html"))
    return [url_path(site, cities[0])] if cities else []


def _map_documents(site: Path, _shipped: Site) -> list[str]:
    # One audit per kind of map is enough: the first and the largest document
    # (an overview map of many places, if there is one).
    documents = standalone_documents(site)
    if not documents:
        return []
    largest = max(documents, key=lambda file: file.stat().st_size)
    return [url_path(site, file) for file in dict.fromkeys([documents[0], largest])]


def _translation(key: str) -> Callable[[Path, Site], list[str]]:
    """The first quarter's (by slug) language version `key`, e.g. …/wehringhausen/ar/.

    Skipped while no shipped quarter has that language; a quarter that has it and
    no page fails the test.
    """

    def find(site: Path, shipped: Site) -> list[str]:
        for data in sorted(shipped.quarters, key=lambda q: q.slug):
            if key in data.quarter.translations:
                return _page(f"{data.url}{LANGUAGES[key].segment}/")(site, shipped)
        pytest.skip(f"no shipped quarter has a translation {key!r} (yet)")

    return find


PAGE_TYPES: list[PageType] = [
    PageType("start", _page("")),
    PageType("quarter-index", _page("quartiere/")),
    PageType("city", _city_page, optional=True),
    PageType("quarter-current", _quarter(current_quarter)),
    PageType("quarter-ended", _quarter(lambda shipped: quarter_with(shipped, Status.ENDED))),
    # One page per language; languages no shipped quarter uses yet are skipped.
    *(PageType(f"quarter-{LANGUAGES[key].segment}", _translation(key)) for key in LANGUAGES),
    *(PageType(name, _page(f"{name}/"), optional=True) for name in DIRECTORIES),
    PageType("glossar", _page("glossar/")),
    *(PageType(name, _page(f"{name}/")) for name in LEGAL_PAGES),
    PageType("not-found", _page("404.html")),
    PageType("map", _map_documents, optional=True),
]
PAGE_TYPE_IDS = [page_type.id for page_type in PAGE_TYPES]


def material_pages(site: Path) -> Iterator[tuple[str, Path]]:
    """(URL path, file) of every page Material rendered, the 404 page included."""
    standalone = set(standalone_documents(site))
    for file in html_files(site):
        if file not in standalone:
            yield url_path(site, file), file
