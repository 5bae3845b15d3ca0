"""Layout in Chromium: phones (360 CSS px) and print.

At 360 px no page type may scroll sideways (WCAG 1.4.10 asks for reflow at
320 px; 360 px is the most common phone width). A quarter page prints as a
clean profile (Steckbrief): printed to PDF by Chromium, its text must hold the
quarter's sections and none of the screen's navigation, search or footer.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, ViewportSize, expect
from pypdf import PdfReader

from quartiersdoku.core.model import Status
from quartiersdoku.core.site import Site

from .page_types import PAGE_TYPE_IDS, PAGE_TYPES, PageType, quarter_with

PHONE: ViewportSize = {"width": 360, "height": 780}

# Elements whose text a printed profile must not contain.
SCREEN_ONLY = (
    "header.md-header",
    ".md-sidebar--primary nav",
    ".md-sidebar--secondary nav",
    "footer.md-footer",
    "a.md-skip",
)


def overflow(page: Page) -> list[str]:
    """Elements reaching past the viewport's right edge, if the document is wider than it."""
    result: list[str] = page.evaluate(
        """() => {
          const root = document.documentElement;
          const limit = root.clientWidth;
          if (root.scrollWidth <= limit) return [];
          const wide = [...document.querySelectorAll("body *")]
            .filter(el => el.getBoundingClientRect().right > limit + 0.5)
            .filter(el => getComputedStyle(el).position !== "fixed")
            .slice(0, 8)
            .map(el => el.outerHTML.slice(0, 120));
          return [`scrollWidth ${root.scrollWidth} > clientWidth ${limit}`, ...wide];
        }"""
    )
    return result


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=PAGE_TYPE_IDS)
def test_no_sideways_scrolling_at_360_px(
    page: Page,
    url: Callable[[str], str],
    built_site: Path,
    shipped_site: Site,
    page_type: PageType,
) -> None:
    page.set_viewport_size(PHONE)
    for path in page_type.paths(built_site, shipped_site):
        page.goto(url(path), wait_until="load")
        too_wide = overflow(page)
        assert not too_wide, f"{path or '/'} scrolls sideways at 360 px:\n  " + "\n  ".join(
            too_wide
        )


def normalized(text: str) -> str:
    """Text with soft hyphens removed and all runs of whitespace as one space."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def test_quarter_page_prints_as_a_clean_profile(
    page: Page, url: Callable[[str], str], tmp_path: Path, shipped_site: Site
) -> None:
    ended = quarter_with(shipped_site, Status.ENDED)
    assert ended is not None, "the shipped quarters have no ended programme"
    page.goto(url(ended.url), wait_until="load")
    article = page.locator("article")
    expect(article.locator("h1")).to_have_text(ended.quarter.name)

    headings = [normalized(h) for h in article.locator("h1, h2").all_inner_texts()]
    article_text = normalized(article.inner_text())
    # Texts of the screen's furniture, without those that also occur in the article.
    furniture = {
        normalized(text)
        for selector in SCREEN_ONLY
        for text in page.locator(selector).all_inner_texts()
        for text in text.splitlines()
    }
    furniture |= {"Suche", "Zum Inhalt", "Barriere melden", "Inhaltsverzeichnis"}
    furniture = {text for text in furniture if len(text) > 3 and text not in article_text}
    assert "Barriere melden" in furniture
    assert "Inhaltsverzeichnis" in furniture

    pdf = page.pdf(format="A4", print_background=True)
    (tmp_path / "steckbrief.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    printed = normalized(" ".join(p.extract_text() or "" for p in reader.pages))

    missing = [h for h in headings if h not in printed]
    assert not missing, f"sections missing from the print: {missing}"
    leaked = sorted(text for text in furniture if text in printed)
    assert not leaked, f"screen-only texts in the print: {leaked}"
    # A profile, not a poster: the summary is on the first page.
    first_page = normalized(reader.pages[0].extract_text() or "")
    assert ended.quarter.name in first_page
