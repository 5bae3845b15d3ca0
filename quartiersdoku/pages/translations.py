"""The language versions of a quarter page: `quartiere/<stadt>/<quartier>/<sprache>/`.

A quarter with `translations` gets one page per language: the translated texts,
the facts that need no translation (addresses, dates, opening hours) written the
way the page's readers expect, and, where a text is not translated, a short
note in the page's language with a link to the German section. Every version
links the others in its language switch; the page's `lang` and `dir` reach
`<html>` and `<body>` through `overrides/partials/language.html`.

For search engines the versions name each other in the site's `sitemap.xml`
(`sitemap_alternates`, written by `overrides/sitemap.xml`), not with
`<link rel="alternate" hreflang>` in the head: Material's script fetches
`sitemap.xml` below every such link on every page view (a 404 for each
version), and the sitemap needs no request of a visitor (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from ..core.hours import weekly_hours
from ..core.languages import GERMAN, LANGUAGES, LEICHTE_SPRACHE, PageLanguage
from ..core.local_format import local_date, local_period, weekday_name
from ..core.model import Contact, Programme, Translation
from ..core.page_labels import PAGE_LABELS, enum_key
from ..core.site import QuarterData, Site, programme_status
from ..core.urls import relative_from, relative_url
from .markup import front_matter, md_escape

TEMPLATE = "quarter_translation.md.j2"


@dataclass(frozen=True)
class LanguageVersion:
    """One version of a quarter page, as the language switch and `hreflang` list it."""

    language: PageLanguage
    url: str  # site-relative, e.g. "quartiere/hagen/wehringhausen/tr/"

    @property
    def src_uri(self) -> str:
        return self.url.rstrip("/") + ".md"


@dataclass(frozen=True)
class TranslatedPage:
    src_uri: str
    content: str


def versions(data: QuarterData) -> list[LanguageVersion]:
    """The German page first, then every translation the file has, in the file's order."""
    found = [LanguageVersion(GERMAN, data.url)]
    for key in data.quarter.translations:
        language = LANGUAGES[key]
        found.append(LanguageVersion(language, f"{data.url}{language.segment}/"))
    return found if len(found) > 1 else []


def alternates(data: QuarterData) -> list[tuple[str, str]]:
    """(`hreflang`, source path) of every version of the page, then x-default (the German
    page); empty for a quarter without translations. The same list for every version."""
    links = [(v.language.hreflang, v.src_uri) for v in versions(data)]
    if links:
        links.append(("x-default", links[0][1]))
    return links


def sitemap_alternates(site: Site, urls: Mapping[str, str]) -> dict[str, list[tuple[str, str]]]:
    """The `<xhtml:link rel="alternate">` entries of `sitemap.xml`, by the source path of
    each language version: (`hreflang`, absolute URL) of every version, itself included,
    and x-default. `urls` gives the absolute URL of every page the sitemap lists, by source
    path (search engines take only absolute URLs); a version missing from it is left out,
    and the whole group when the German page (x-default) is.

    Made from the site, not from the pages' front matter: the preview does not read the
    front matter of pages it does not build again (engine/incremental.py), and its
    sitemap must list their alternates all the same.
    """
    found: dict[str, list[tuple[str, str]]] = {}
    for data in site.quarters:
        languages = versions(data)
        if not languages or languages[0].src_uri not in urls:
            continue  # no versions, or the German page (x-default) is not listed
        links = [(hreflang, urls[src]) for hreflang, src in alternates(data) if src in urls]
        if len(links) < 3:  # at least two versions and x-default
            continue
        for version in languages:
            if version.src_uri in urls:
                found[version.src_uri] = links
    return found


def easy_language_index(site: Site) -> Markup:
    """The quarters with a Leichte-Sprache page, by city, as a Markdown list: the
    placeholder `leichte_sprache_quartiere` of content/leichte-sprache.md. The links
    name the pages' sources, so MkDocs checks and resolves them."""
    blocks: list[str] = []
    for city, quarters in site.by_city():
        links = [
            f"- [{md_escape(data.quarter.name)}]({versions_by_key(data)[LEICHTE_SPRACHE]})"
            for data in quarters
            if LEICHTE_SPRACHE in data.quarter.translations
        ]
        if links:
            blocks.append(f"**{md_escape(city)}**\n\n" + "\n".join(links))
    if not blocks:
        return Markup("Im Moment gibt es keine Quartiers·seite in Leichter Sprache.")
    return Markup("\n\n".join(blocks))


def versions_by_key(data: QuarterData) -> dict[str, str]:
    """The source path of each language version of a quarter page, by key."""
    return {v.language.key: v.src_uri for v in versions(data)[1:]}


class TranslationPages:
    """Renders the language versions of every quarter with translations."""

    def __init__(self, site: Site, env: Environment) -> None:
        self.site = site
        self.env = env  # the Renderer's Jinja environment (filters `md`, `markdown`)

    def pages(self) -> Iterator[TranslatedPage]:
        for data in self.site.quarters:
            for version in versions(data)[1:]:
                yield TranslatedPage(version.src_uri, self.page(data, version.language.key))

    def page(self, data: QuarterData, key: str) -> str:
        quarter = data.quarter
        language = LANGUAGES[key]
        labels = PAGE_LABELS[key]
        translation = quarter.translations[key]
        page_url = f"{data.url}{language.segment}/"
        today = self.site.today
        statuses = {p.id: programme_status(p, today) for p in quarter.programmes}
        upcoming = sorted(
            (e for e in quarter.events if _day(e.end or e.start) >= today),
            key=lambda e: e.start.isoformat(),  # a day sorts before the times of that day
        )
        context = {
            "q": quarter,
            "t": labels,
            "key": key,
            "language": language,
            "tr": translation,
            "versions": versions(data),
            "german": relative_url(page_url, data.url),
            "url": relative_from(page_url),
            "statuses": statuses,
            "upcoming": upcoming,
            "label": lambda value: labels[enum_key(value)],
            "local_date": lambda value, weekday=False: local_date(value, key, weekday=weekday),
            "period": lambda start, end: local_period(start, end, key),
            "programme_texts": lambda p: _programme_texts(translation, p),
            "contact_text": lambda c: _contact_text(translation, c),
            "hours_rows": lambda text: _hours_rows(text, key, today),
        }
        body = self.env.get_template(TEMPLATE).render(context)
        meta = front_matter(
            title=f"{quarter.name} – {language.name}",
            description=translation.summary or quarter.summary,
            lang=language.lang,
            dir=language.direction,
        )
        return meta + body


def _programme_texts(translation: Translation, programme: Programme) -> Any:
    assert programme.id is not None
    return translation.programmes.get(programme.id)


def _contact_text(translation: Translation, contact: Contact) -> str | None:
    assert contact.id is not None
    texts = translation.contacts.get(contact.id)
    return texts.description if texts is not None else None


def _hours_rows(text: str, key: str, today: date) -> tuple[list[tuple[str, str]], bool]:
    """The regular week in language `key`, and whether the German page lists more rules."""
    week = weekly_hours(text, today)
    labels = PAGE_LABELS[key]
    rows = []
    for day in week.days:
        times = ", ".join(
            labels["time_range"].format(start=r.opens, end=r.closes) for r in day.ranges
        )
        rows.append((weekday_name(day.weekday, key), times or labels["closed_day"]))
    return rows, week.irregular or bool(week.deviations)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
