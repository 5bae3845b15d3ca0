"""Accessibility of the built site in Chromium: axe-core on every page type
(page_types.py finds them in the built site, so directories and map documents
are checked as soon as they are built), keyboard use on a wide screen and on a
phone, and the legal pages every German public site needs (their structure;
the wording is the editors').

axe-core comes bundled with axe-playwright-python (no network). It checks the
WCAG 2.1 A and AA rules plus ``aria-dialog-name``; nothing is disabled. Where
Material as shipped fails a rule, the fix is in ``overrides/`` (templates,
stylesheets, a small script), not here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from bs4 import BeautifulSoup, Tag
from mkdocs.utils.yaml import yaml_load
from playwright.sync_api import Locator, Page, ViewportSize, expect

from quartiersdoku.core.site import Site

from .conftest import REPO
from .page_types import PAGE_TYPE_IDS, PAGE_TYPES, PageType, material_pages
from .search_ui import FIRST_QUERY_MS, open_search, result_links, search

AXE = Axe()
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    # Tagged "best-practice" in axe, but a dialog without a name is announced as
    # just "Dialog" (Material's search, fixed in overrides/partials/search.html).
    "rules": {"aria-dialog-name": {"enabled": True}},
    "resultTypes": ["violations"],
}
FEEDBACK_LINK_TEXT = "Barriere melden"
FEEDBACK_TARGET = "/barrierefreiheit/#feedback"
# Tab presses before the keyboard test gives up (a quarter page needs ~150).
MAX_TABS = 800


def assert_no_axe_violations(page: Page) -> None:
    response: dict[str, Any] = AXE.run(page, options=AXE_OPTIONS).response
    violations: list[dict[str, Any]] = response["violations"]
    if not violations:
        return
    lines = [f"axe-core: {len(violations)} rule(s) violated on {page.url}"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {', '.join(map(str, node['target']))}: {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    pytest.fail("\n".join(lines), pytrace=False)


# --- axe-core ----------------------------------------------------------------


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=PAGE_TYPE_IDS)
def test_axe_finds_no_violation(
    page: Page,
    url: Callable[[str], str],
    built_site: Path,
    shipped_site: Site,
    page_type: PageType,
) -> None:
    for path in page_type.paths(built_site, shipped_site):
        page.goto(url(path), wait_until="load")
        assert_no_axe_violations(page)


def test_axe_finds_no_violation_in_open_search(page: Page, url: Callable[[str], str]) -> None:
    page.goto(url(""))
    open_search(page)
    search(page, "Stadtteil")
    expect(result_links(page).first).to_be_visible(timeout=FIRST_QUERY_MS)
    # The shipped site's Pagefind dialog (overrides/partials/pagefind-search.html); Material's
    # has no name as shipped (overrides/partials/search.html; test_search_pagefind.py and the
    # lunr fixture's tests cover both dialogs).
    expect(page.get_by_role("dialog", name="Suche")).to_be_visible()
    assert_no_axe_violations(page)


# --- keyboard ------------------------------------------------------------------

# Runs in the page after each Tab, once the transitions the focus started have
# ended (Material fades in its skip link, slides in its search): what has the
# focus, can it be seen, and is it visibly marked? Focus inside a map document
# (a same-origin iframe) is followed into it.
FOCUS_PROBE = """async () => {
  const transitions = document.getAnimations().filter(a => a instanceof CSSTransition);
  await Promise.all(transitions.map(a => a.finished.catch(() => null)));
  let el = document.activeElement;
  while (el && el.tagName === "IFRAME" && el.contentDocument) {
    el = el.contentDocument.activeElement;
  }
  if (!el || el === el.ownerDocument.body) return null;
  el.setAttribute("data-qd-tabbed", "");
  const style = el.ownerDocument.defaultView.getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    html: el.outerHTML.slice(0, 160),
    shown: box.width > 0 && box.height > 0 && style.visibility !== "hidden"
      && parseFloat(style.opacity) > 0,
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    focusVisible: el.matches(":focus-visible"),
    left: box.left,
    right: box.right,
  };
}"""

# Every control a visitor can see, keyed by what the failure message calls it;
# controls inside map documents (same-origin iframes) included.
CONTROLS = """() => {
  const visible = el => {
    const style = el.ownerDocument.defaultView.getComputedStyle(el);
    return el.getClientRects().length > 0 && style.visibility !== "hidden"
      && !el.closest("[hidden], [inert]") && el.getAttribute("tabindex") !== "-1";
  };
  const describe = el => [el.hasAttribute("data-qd-tabbed"), el.outerHTML.slice(0, 160)];
  const selector = "a[href], button:not([disabled]), "
    + "input:not([type=hidden]):not([disabled]), select, textarea, [tabindex='0']";
  const controls = doc => [...doc.querySelectorAll(selector)].filter(visible).flatMap(
    el => el.tagName === "IFRAME" && el.contentDocument ? controls(el.contentDocument) : [el]);
  const frames = [...document.querySelectorAll("iframe")].filter(visible)
    .filter(f => f.contentDocument).flatMap(f => controls(f.contentDocument));
  const all = [...controls(document), ...frames];
  const section = [];
  const heading = document.getElementById("anlaufstellen");
  for (let el = heading && heading.nextElementSibling; el && el.tagName !== "H2";
       el = el.nextElementSibling) {
    section.push(...el.querySelectorAll("a[href]"));
  }
  return {
    "Suchfeld": [...document.querySelectorAll("input.md-search__input")].map(describe),
    "Anlaufstellen": section.filter(visible).map(describe),
    "Karte laden": all.filter(el => /Karte laden/i.test(el.textContent)).map(describe),
    "Fußzeile": all.filter(el => el.closest("footer")).map(describe),
    "alle sichtbaren Bedienelemente": all.map(describe),
  };
}"""


def keyboard_quarter(site: Site) -> str:
    """The quarter page with the most ways to reach a contact point, as URL path."""
    best = max(
        sorted(site.quarters, key=lambda q: q.slug),
        key=lambda q: (
            sum(bool(c.email) + bool(c.phone) + bool(c.website) for c in q.quarter.contacts),
            len(q.quarter.contacts),
        ),
    )
    return best.url


def test_keyboard_reaches_search_map_and_contacts(
    page: Page, url: Callable[[str], str], shipped_site: Site
) -> None:
    page.goto(url(keyboard_quarter(shipped_site)))
    expect(page.locator("article h1")).to_be_visible()
    # On a wide screen the navigation is always shown: no menu button.
    expect(page.locator(".qd-menu-button")).to_be_hidden()

    # The first Tab lands on the skip link, which becomes visible and leads to the content.
    page.keyboard.press("Tab")
    skip = page.locator("a.md-skip")
    expect(skip).to_be_focused()
    page.evaluate(FOCUS_PROBE)
    page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'")
    target = urlsplit(skip.get_attribute("href") or "").fragment
    assert target, "the skip link has no target"
    expect(page.locator(f"[id='{target}']")).to_be_visible()

    unmarked: list[str] = []
    unseen: list[str] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_PROBE)
        if focus is None or "md-skip" in focus["html"]:
            break  # focus left the page or came round to the start
        if not focus["shown"]:
            unseen.append(focus["html"])
        elif not (focus["focusVisible"] and focus["outline"]):
            unmarked.append(focus["html"])
    else:
        pytest.fail(f"focus did not come round after {MAX_TABS} Tab presses", pytrace=False)

    controls: dict[str, list[list[Any]]] = page.evaluate(CONTROLS)
    assert controls["Suchfeld"], "no search field"
    assert controls["Anlaufstellen"], "the quarter page has no links to its contact points"
    assert controls["Fußzeile"], "no links in the footer"
    # Maps come with a consent button ("Karte laden"); where there is one, it is
    # among the controls checked (an empty list where the page has no map).
    for name, found in controls.items():
        missed = [html for reached, html in found if not reached]
        assert not missed, f"{name}: not reachable with Tab:\n  " + "\n  ".join(missed)
    assert not unmarked, "focus without a visible outline:\n  " + "\n  ".join(unmarked)
    assert not unseen, "focus on something nobody can see:\n  " + "\n  ".join(unseen)


PHONE: ViewportSize = {"width": 360, "height": 780}


def test_keyboard_on_a_phone_opens_the_menu_and_never_loses_the_focus(
    page: Page, url: Callable[[str], str], shipped_site: Site
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(url(keyboard_quarter(shipped_site)))
    # A link of the navigation drawer (Material's primary sidebar on phones).
    in_drawer = page.locator(".md-sidebar--primary a.md-nav__link[href$='quartiere/']")
    expect(in_drawer).to_be_hidden()

    # With the menu closed, focus never moves to something off screen.
    off_screen: list[str] = []
    for step in range(MAX_TABS):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_PROBE)
        if focus is None or (step > 0 and "md-skip" in focus["html"]):
            break  # focus left the page or came round to the start
        if not focus["shown"] or focus["right"] <= 0 or focus["left"] >= PHONE["width"]:
            off_screen.append(focus["html"])
    assert not off_screen, "focus off screen at 360 px:\n  " + "\n  ".join(off_screen)

    # The menu button: second in the Tab order, works with Enter, Space and Escape.
    page.goto(url(""))
    menu = page.locator("header .md-header__button.qd-menu-button")
    expect(menu).to_have_role("button")
    expect(menu).to_have_accessible_name("Navigation öffnen")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(menu).to_have_accessible_name("Navigation schließen")
    expect(in_drawer).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(in_drawer).to_be_hidden()
    page.keyboard.press(" ")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(in_drawer).to_be_in_viewport()

    # The focus moved into the open drawer; every stop there can be seen, and
    # tabbing out of it closes it (it covers the page).
    assert_drawer_keeps_the_focus_in_view(page, menu)

    # On a page inside a section ("Rechtliches"), the drawer opens on that
    # section's panel, over the main list: again only what can be seen.
    page.goto(url("impressum/"))
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    assert_drawer_keeps_the_focus_in_view(page, menu)


def assert_drawer_keeps_the_focus_in_view(page: Page, menu: Locator) -> None:
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".md-sidebar--primary :focus")).to_have_count(1)
    for _ in range(MAX_TABS):
        focus = page.evaluate(FOCUS_PROBE)
        assert focus is not None
        if not page.evaluate("() => !!document.activeElement.closest('.md-sidebar--primary')"):
            break
        assert focus["shown"], f"focus on something nobody can see: {focus['html']}"
        assert 0 <= focus["left"] < PHONE["width"], f"focus off screen: {focus['html']}"
        page.keyboard.press("Tab")
    expect(menu).to_have_attribute("aria-expanded", "false")


# --- legal pages and the feedback link --------------------------------------------


@pytest.fixture(scope="module")
def plugin_config() -> dict[str, Any]:
    """The settings of the quartiersdoku plugin in mkdocs.yml."""
    with (REPO / "mkdocs.yml").open(encoding="utf-8") as file:
        config = yaml_load(file)  # MkDocs' loader: mkdocs.yml uses !!python tags
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "quartiersdoku" in plugin:
            settings: dict[str, Any] = plugin["quartiersdoku"] or {}
            return settings
    raise AssertionError("mkdocs.yml does not configure the quartiersdoku plugin")


def soup_of(file: Path) -> BeautifulSoup:
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def article_of(site: Path, path: str) -> Tag:
    article = soup_of(site / path / "index.html").find("article")
    assert isinstance(article, Tag), f"{path}: no article"
    return article


def text_of(element: Tag) -> str:
    return " ".join(element.get_text(" ").split())


def section(article: Tag, heading: re.Pattern[str] | str) -> Tag:
    """The heading (h2 or h3) whose text matches, with everything up to the next
    heading of the same or a higher level, as one element."""
    for h in article.find_all(["h2", "h3"]):
        if isinstance(h, Tag) and re.search(heading, text_of(h)):
            level = int(h.name[1])
            part = BeautifulSoup("<section></section>", "html.parser").section
            assert part is not None
            for sibling in [h, *h.find_next_siblings()]:
                is_heading = re.fullmatch(r"h[1-6]", sibling.name) is not None
                if sibling is not h and is_heading and int(sibling.name[1]) <= level:
                    break
                part.append(sibling.__copy__())
            return part
    headings = [text_of(h) for h in article.find_all(["h2", "h3"]) if isinstance(h, Tag)]
    raise AssertionError(f"no heading matching {heading!r}; headings: {headings}")


def names_a_value(part: Tag) -> bool:
    """A value is given, or its absence is visibly marked as a gap to fill in."""
    return bool(part.find("mark", class_="qd-gap")) or len(text_of(part)) > 40


def is_feedback_link(link: Tag, page_path: str) -> bool:
    href = str(link.get("href", ""))
    target = urlsplit(urljoin("/" + page_path, href))
    return target.path == urlsplit(FEEDBACK_TARGET).path and target.fragment == "feedback"


def test_every_page_links_to_the_barrier_feedback(built_site: Path) -> None:
    statement = soup_of(built_site / "barrierefreiheit" / "index.html")
    feedback = statement.find(id="feedback")
    assert isinstance(feedback, Tag), "barrierefreiheit/ has no #feedback section"
    assert re.fullmatch(r"h[23]", feedback.name), "#feedback is not a section heading"
    missing: list[str] = []
    for path, file in material_pages(built_site):
        footer = soup_of(file).find("footer")
        links = footer.find_all("a", string=re.compile(FEEDBACK_LINK_TEXT)) if footer else []
        if not any(isinstance(a, Tag) and is_feedback_link(a, path) for a in links):
            missing.append(path or "/")
    assert not missing, f"no footer link „{FEEDBACK_LINK_TEXT}“ on: {', '.join(missing)}"


def test_accessibility_statement_is_complete(built_site: Path) -> None:
    article = article_of(built_site, "barrierefreiheit")
    h1 = article.find("h1")
    assert isinstance(h1, Tag)
    assert text_of(h1) == "Erklärung zur Barrierefreiheit"
    assert section(article, r"Stand der Vereinbarkeit").find(string=re.compile("barrierefrei"))
    # What is not accessible, one subsection each, with the reason in text.
    not_accessible = section(article, r"[Nn]icht barrierefrei")
    items = not_accessible.find_all("h3")
    assert items, "the statement lists no inaccessible content"
    for item in items:
        assert isinstance(item, Tag)
        reason = item.find_next_sibling("p")
        assert isinstance(reason, Tag), f"„{text_of(item)}“: no explanation"
        assert len(text_of(reason)) > 60, f"„{text_of(item)}“: explanation too short"
    heading = article.find(id="feedback")
    assert isinstance(heading, Tag), "no #feedback section"
    feedback = section(article, re.escape(text_of(heading)))
    assert re.search(r"E-Mail", text_of(feedback))
    assert names_a_value(feedback)
    dispute = section(article, r"Schlichtung|Durchsetzungsverfahren")
    assert dispute.find("li"), "the dispute-resolution body is not named"
    assert names_a_value(dispute)


def test_impressum_follows_section_5_ddg(built_site: Path) -> None:
    article = article_of(built_site, "impressum")
    text = text_of(article)
    assert "§ 5" in text
    assert "DDG" in text or "Digitale-Dienste-Gesetz" in text
    assert "TMG" not in text, "the Telemediengesetz was replaced by the DDG in May 2024"
    provider = section(article, r"Anbieter")
    for label in ("Name", "Anschrift", "Vertreten durch"):
        assert label in text_of(provider), f"Anbieter: „{label}“ missing"
    contact = section(article, r"Kontakt")
    for label in ("E-Mail", "Telefon"):
        assert label in text_of(contact), f"Kontakt: „{label}“ missing"
    assert names_a_value(section(article, r"Aufsichtsbehörde"))


def test_privacy_statement_names_tile_provider_and_withdrawal(
    built_site: Path, plugin_config: dict[str, Any]
) -> None:
    article = article_of(built_site, "datenschutz")
    maps = section(article, r"^Karten")
    tiles = plugin_config.get("tiles") or {}
    operator = plugin_config.get("operator") or {}
    provider = str(tiles.get("name") or operator.get("tile_provider_name") or "")
    assert provider, "mkdocs.yml names no tile provider (quartiersdoku: tiles: name)"
    assert provider in text_of(maps), f"the tile provider „{provider}“ is not named"
    withdrawal = maps.find(string=re.compile(r"Widerruf|widerrufen"))
    assert withdrawal, "how to withdraw consent is not explained"
    assert "Karte laden" in text_of(maps)


EASY_LANGUAGE_MAX_WORDS = 15
ABBREVIATIONS = re.compile(r"\b(z\. ?B\.|bzw\.|usw\.|etc\.|d\. ?h\.|ggf\.|u\. ?a\.|evtl\.)")


def test_easy_language_page_is_linked_from_the_start_and_keeps_the_rules(
    built_site: Path,
) -> None:
    start = article_of(built_site, "")
    assert any(
        urlsplit(urljoin("/", str(a.get("href")))).path == "/leichte-sprache/"
        for a in start.find_all("a")
        if isinstance(a, Tag)
    ), "the start page's text does not link to the Leichte Sprache page"

    article = article_of(built_site, "leichte-sprache")
    blocks = [text_of(b) for b in article.find_all(["p", "li"]) if isinstance(b, Tag)]
    text = " ".join(blocks)
    assert not ABBREVIATIONS.findall(text), "Leichte Sprache: no abbreviations"
    sentences = [s for block in blocks for s in re.split(r"(?<=[.!?:])\s+", block) if s]
    long = [s for s in sentences if len(s.split()) > EASY_LANGUAGE_MAX_WORDS]
    assert not long, f"Leichte Sprache: sentences over {EASY_LANGUAGE_MAX_WORDS} words: {long}"
    # Long compound words are split with a middle dot (Mediopunkt): Anlauf·stelle.
    assert "·" in text
