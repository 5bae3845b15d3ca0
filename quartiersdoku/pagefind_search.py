"""Prototype: a Pagefind index for large sites, beside (not yet instead of) Material's search.

Material's built-in search (lunr) fetches the whole index,
``search/search_index.json``, on *every* page view, in the background: about
2.5 KB gzipped per quarter page, so about 2.5 MB at 1,000 quarters and 25 MB
at 10,000 (see docs/performance.md). Pagefind (https://pagefind.app, on PyPI
as ``pagefind`` with its binary in ``pagefind-bin``/``pagefind-bin-extended``)
indexes the built HTML and splits the index into chunks; a query loads only
the chunks for its words and the fragments of the results shown. It stems
German (Snowball) when the page says ``<html lang="de">`` or the language is
forced, as here.

This module only *writes* the index (``site/pagefind/``) after a build. The
site's search box still talks to Material's lunr worker: switching the UI over
needs an override of Material's search partial (owned by the accessibility and
layout work in ``overrides/``); docs/performance.md says exactly what. The
plugin option ``search`` (``lunr`` by default, ``pagefind``, or ``auto`` with
``pagefind_from`` pages) decides whether this runs.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

#: Only the page content, as Material lays it out: no navigation, header or footer.
ROOT_SELECTOR = "article.md-content__inner"
#: Parts of a page that are not its content: the map block repeats the page's places,
#: the filter form and the facet links are controls, "Seite 2 von 40" is navigation.
EXCLUDE_SELECTORS = (".qd-map", ".qd-filter", ".qd-facets", ".qd-pages", ".headerlink")
#: Map documents (karten/*.html) and other standalone HTML are not pages of the site.
GLOB = "**/index.html"
OUTPUT_SUBDIR = "pagefind"


class PagefindError(RuntimeError):
    """Pagefind is missing or failed; the message is German and names the cause."""


@dataclass(frozen=True)
class PagefindIndex:
    seconds: float
    pages: int
    output: str


def index_site(site_dir: Path, *, language: str = "de", timeout: float = 1800) -> PagefindIndex:
    """Write a Pagefind index of the built site into `site_dir/pagefind/`."""
    try:
        import pagefind.service  # noqa: F401  # the binary comes with pagefind-bin(-extended)
    except ImportError as exc:
        raise PagefindError(
            "Pagefind ist nicht installiert (pip install 'pagefind[bin]'); "
            "die Suche bleibt bei der eingebauten Suche von Material."
        ) from exc
    args = [
        sys.executable, "-m", "pagefind",
        "--site", str(site_dir),
        "--output-subdir", OUTPUT_SUBDIR,
        "--root-selector", ROOT_SELECTOR,
        "--exclude-selectors", ", ".join(EXCLUDE_SELECTORS),
        "--glob", GLOB,
        "--force-language", language,
        "--quiet",
    ]  # fmt: skip
    started = time.perf_counter()
    try:
        result = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PagefindError(f"Pagefind ließ sich nicht ausführen: {exc}") from exc
    if result.returncode != 0:
        raise PagefindError(
            f"Pagefind ist mit Code {result.returncode} abgebrochen:\n{result.stderr[-2000:]}"
        )
    pages = len(list((site_dir / OUTPUT_SUBDIR / "fragment").glob("*.pf_fragment")))
    return PagefindIndex(time.perf_counter() - started, pages, result.stdout + result.stderr)


def use_pagefind(engine: str, pages: int, threshold: int) -> bool:
    """Whether a site of `pages` pages gets a Pagefind index under the `search` option."""
    if engine == "pagefind":
        return True
    if engine == "auto":
        return pages >= threshold
    return False
