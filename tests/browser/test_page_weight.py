"""Issue 18: every page type of the shipped site weighs at most 100 KB gzipped before consent.

Weighed as the benchmark weighs a page (quartiersdoku/tools/bench/weigh.py): the
page served gzip-compressed, every body the browser loads without a click counted
(the page, its stylesheets, scripts and images, and whatever those fetch on their
own, as Material's lunr search fetches its index). Bytes, not time: the figure
does not depend on the machine's load. docs/performance.md, "Page weight after
the schematic (issue 18)", has the figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from quartiersdoku.core.languages import LANGUAGES
from quartiersdoku.core.site import Site
from quartiersdoku.tools.bench.browser import Weight
from quartiersdoku.tools.bench.report import KB
from quartiersdoku.tools.bench.weigh import PAGE_LIMIT_BYTES, page_types, weigh

from .page_types import DIRECTORIES, LEGAL_PAGES


@pytest.fixture(scope="module")
def weights(built_site: Path, browser: Browser) -> dict[str, Weight]:
    return weigh(built_site, page_types(built_site), browser)


def test_every_page_type_is_weighed(built_site: Path, shipped_site: Site) -> None:
    translations = {
        f"quarter-{LANGUAGES[key].segment}"
        for data in shipped_site.quarters
        for key in data.quarter.translations
    }
    expected = {
        "start", "quartiere", "city", "quarter", *translations, *DIRECTORIES, "glossar",
        *LEGAL_PAGES, "404",
    }  # fmt: skip
    assert expected <= set(page_types(built_site))


def test_every_page_type_stays_within_100_kb(weights: dict[str, Weight]) -> None:
    heavy = {
        name: f"{weight.bytes / KB:.1f} KiB: {weight.resources[:4]}"
        for name, weight in weights.items()
        if weight.bytes > PAGE_LIMIT_BYTES
    }
    assert heavy == {}


def test_nothing_of_the_search_loads_with_a_page(weights: dict[str, Weight]) -> None:
    """Pagefind loads its script, index and WebAssembly on the first input only."""
    assert {name: weight.search_bytes for name, weight in weights.items()} == dict.fromkeys(
        weights, 0
    )
