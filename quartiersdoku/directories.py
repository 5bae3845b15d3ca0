"""Directories across all quarters: contact points, events, archive, decisions, measures.

Each directory is one page listing every entry, with filters. Filtering works
without JavaScript through static facet pages (e.g. `/anlaufstellen/status/geplant/`,
linked from the directory); with JavaScript a small script (`assets/filter.js`)
filters the list in place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .labels import label
from .maps import contacts_map
from .model import Contact, Event, Measure, Programme, Status
from .render import ContactLink, Renderer, front_matter, relative_url
from .site import CityData, QuarterData, Site, programme_status
from .slug import slugify
from .tracking import STANDING_LABELS, all_decisions


@dataclass
class Row:
    """One entry in a directory, with what filters look at."""

    entry: Any
    owner: str  # quarter or city name
    href: str  # to the entry on its page, relative to the site root
    quarter: str  # quarter slug(s), space-separated; city key for city-wide entries
    facets: dict[str, str] = field(default_factory=dict)  # facet key → value key
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FacetSpec:
    key: str  # attribute and form field name
    title: str  # "Status"
    path: str  # URL segment of facet pages, "status"
    labeller: Callable[[str], str]


@dataclass
class Directory:
    slug: str  # "anlaufstellen"
    title: str
    description: str
    kind: str  # which row layout the template uses
    intro: str
    rows: list[Row]
    facets: list[FacetSpec]
    empty: str


@dataclass(frozen=True)
class FacetLink:
    value: str
    text: str
    count: int
    href: str


@dataclass
class Page:
    src_uri: str
    content: str


def _moment(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


def _label_of(enum_type: Any) -> Callable[[str], str]:
    return lambda value: label(enum_type(value))


class Directories:
    """Builds the directory pages of a site with the renderer's templates."""

    def __init__(self, site: Site, renderer: Renderer) -> None:
        self.site = site
        self.renderer = renderer

    # ------------------------------------------------------------------ rows

    def _quarters(self) -> Iterable[QuarterData]:
        return sorted(self.site.quarters, key=lambda q: (q.quarter.city, q.quarter.name))

    def contacts(self) -> Directory:
        from .model import ContactKind, ContactStatus

        rows = [
            Row(c, q.quarter.name, f"{q.url}#anlaufstelle-{c.id}", q.slug,
                {"kind": c.kind.value, "status": c.status.value}, {"city": q.quarter.city, "owner": q})
            for q in self._quarters()
            for c in q.quarter.contacts
        ]  # fmt: skip
        return Directory(
            "anlaufstellen", "Anlaufstellen",
            "Koordinationsstellen, Stadtteilläden, Quartiersbüros und Fachdienste in allen Quartieren.",
            "contacts",
            "Hier finden Sie alle Anlaufstellen aus allen Quartieren: wer sie betreibt, wo sie sind "
            "und wie Sie sie erreichen. Geplante Anlaufstellen stehen mit ihrem Zieltermin dabei.",
            rows,
            [FacetSpec("status", "Status", "status", _label_of(ContactStatus)),
             FacetSpec("kind", "Art", "art", _label_of(ContactKind))],
            "Es sind noch keine Anlaufstellen erfasst.",
        )  # fmt: skip

    def events(self) -> Directory:
        from .model import EventKind

        rows: list[Row] = []
        for q in self._quarters():
            for e in q.quarter.events:
                rows.append(self._event_row(e, q, q.quarter.name, q.url, q.slug))
        for city in self._cities():
            assert city.city is not None
            for e in city.city.events:
                rows.append(self._event_row(e, city, city.name, f"quartiere/{city.key}/", city.key))
        upcoming = sorted(
            (r for r in rows if r.extra["upcoming"]), key=lambda r: _moment(r.entry.start)
        )
        past = sorted(
            (r for r in rows if not r.extra["upcoming"]),
            key=lambda r: _moment(r.entry.start),
            reverse=True,
        )
        return Directory(
            "termine", "Termine",
            "Stadtteilkonferenzen, Werkstätten und Foren in allen Quartieren: kommende und vergangene.",
            "events",
            "Kommende Termine stehen oben, vergangene darunter – mit Ergebnissen, soweit sie vorliegen.",
            [*upcoming, *past],
            [FacetSpec("kind", "Art", "art", _label_of(EventKind))],
            "Es sind noch keine Termine erfasst.",
        )  # fmt: skip

    def _event_row(
        self, event: Event, holder: QuarterData | CityData, owner: str, page: str, quarter: str
    ) -> Row:
        end = event.end or event.start
        upcoming = _moment(end).date() >= self.site.today
        return Row(event, owner, f"{page}#termin-{event.id}", quarter, {"kind": event.kind.value},
                   {"upcoming": upcoming, "owner": holder})  # fmt: skip

    def archive(self) -> Directory:
        rows = [
            Row(p, q.quarter.name, f"{q.url}#programm-{p.id}", q.slug, {}, {"city": q.quarter.city})
            for q in self._quarters()
            for p in q.quarter.programmes
            if programme_status(p, self.site.today) is Status.ENDED
        ]
        rows.sort(key=lambda r: _programme_end(r.entry), reverse=True)
        return Directory(
            "archiv", "Archiv",
            "Beendete Programme: was lief, wann, durch wen, was daraus wurde und wohin man sich jetzt wendet.",
            "archive",
            "Programme wie „Soziale Stadt“ enden. Ihre Seiten bleiben hier als Archiv erhalten: mit "
            "Zeitraum, Trägern, Ergebnissen und dem Hinweis, an wen Sie sich heute wenden können.",
            rows, [], "Es gibt noch keine beendeten Programme.",
        )  # fmt: skip

    def measures(self) -> Directory:
        from .model import MeasureStatus

        rows = [
            Row(m, q.quarter.name, f"{q.url}#massnahme-{m.id}", q.slug,
                {"status": m.status.value if m.status else "unknown"}, {"city": q.quarter.city})
            for q in self._quarters()
            for m in q.quarter.measures
        ]  # fmt: skip

        def status_label(value: str) -> str:
            return "ohne Angabe" if value == "unknown" else label(MeasureStatus(value))

        return Directory(
            "massnahmen", "Maßnahmen",
            "Alle Maßnahmen aus allen Quartieren mit Status, Zeitraum und Förderung.",
            "measures",
            "Maßnahmen sind die einzelnen Vorhaben in den Quartieren, von Konzepten bis zu Bauprojekten.",
            rows, [FacetSpec("status", "Status", "status", status_label)],
            "Es sind noch keine Maßnahmen erfasst.",
        )  # fmt: skip

    def decisions(self) -> Directory:
        rows = []
        for tracked in all_decisions(self.site):
            if tracked.quarters:
                first = tracked.quarters[0]
                href = f"{first.url}#beschluss-{tracked.decision.id}"
                owner = ", ".join(q.quarter.name for q in tracked.quarters)
            else:
                key = next((c.key for c in self._cities() if c.name == tracked.city), "")
                href = f"quartiere/{key}/#beschluss-{tracked.decision.id}"
                owner = tracked.city
            state = "overdue" if tracked.overdue else "ok"
            rows.append(Row(tracked, owner, href, " ".join(q.slug for q in tracked.quarters),
                            {"state": state}, {"city": tracked.city}))  # fmt: skip
        labels = {"overdue": "überfällig", "ok": "im Plan oder erledigt"}
        return Directory(
            "beschluesse", "Beschlüsse und Umsetzungsstand",
            "Ratsbeschlüsse und Anträge zu den Quartieren, ihre Zusagen und Sachstandsberichte.",
            "decisions",
            "Was haben Rat und Ausschüsse für die Quartiere beschlossen, und was ist daraus geworden? "
            "Eine Zusage gilt als überfällig, wenn ihre Frist verstrichen ist, ohne dass ein "
            "Sachstandsbericht vorliegt. Das wird bei jedem Bau der Website neu berechnet.",
            rows, [FacetSpec("state", "Stand", "stand", lambda v: labels[v])],
            "Es sind noch keine Beschlüsse erfasst.",
        )  # fmt: skip

    def _cities(self) -> list[CityData]:
        return [c for _, c in sorted(self.site.cities.items()) if c.city is not None]

    # ------------------------------------------------------------------ pages

    def all(self) -> list[Directory]:
        return [self.contacts(), self.events(), self.archive(), self.decisions(), self.measures()]

    def pages(self) -> list[Page]:
        pages = []
        for directory in self.all():
            pages.append(Page(f"{directory.slug}/index.md", self._render(directory, None, None)))
            for facet in directory.facets:
                for value in sorted({r.facets[facet.key] for r in directory.rows}):
                    uri = f"{directory.slug}/{facet.path}/{slugify(facet.labeller(value))}.md"
                    pages.append(Page(uri, self._render(directory, facet, value)))
        return pages

    def facet_url(self, directory: Directory, facet: FacetSpec, value: str) -> str:
        return f"{directory.slug}/{facet.path}/{slugify(facet.labeller(value))}/"

    def _render(self, directory: Directory, facet: FacetSpec | None, value: str | None) -> str:
        if facet is None or value is None:
            page_url = f"{directory.slug}/"
            rows = directory.rows
            title = directory.title
        else:
            page_url = self.facet_url(directory, facet, value)
            rows = [r for r in directory.rows if r.facets.get(facet.key) == value]
            title = f"{directory.title}: {facet.labeller(value)}"
        facet_links = [
            (spec, [FacetLink(v, spec.labeller(v), count, relative_url(page_url, self.facet_url(directory, spec, v)))
                    for v, count in sorted(Counter(r.facets[spec.key] for r in directory.rows).items())])
            for spec in directory.facets
        ]  # fmt: skip
        quarters = sorted({(r.quarter, r.owner) for r in directory.rows}, key=lambda item: item[1])
        context = {
            "d": directory,
            "title": title,
            "is_facet": facet is not None,
            "rows": rows,
            "upcoming": [r for r in rows if r.extra.get("upcoming")],
            "past": [r for r in rows if directory.kind == "events" and not r.extra.get("upcoming")],
            "facet_links": facet_links,
            "quarters": quarters,
            "url": lambda target: relative_url(page_url, target),
            "today": self.site.today,
            "programme_status": lambda p: programme_status(p, self.site.today),
            "standing_label": lambda standing: STANDING_LABELS[standing],
            "place_map": contacts_map(self.site) if directory.kind == "contacts" else None,
            "contact_link": lambda data_slug, contact_id: self._contact_href(
                page_url, data_slug, contact_id
            ),
        }
        body = self.renderer.env.get_template("directory.md.j2").render(context)
        return front_matter(title=title, description=directory.description) + body

    def _contact_href(self, page_url: str, quarter_slug: str, contact_id: str) -> ContactLink:
        data = next(q for q in self.site.quarters if q.slug == quarter_slug)
        name, owner = self.renderer.contact_target(data, contact_id)
        return ContactLink(name, f"{relative_url(page_url, owner.url)}#anlaufstelle-{contact_id}")


def _programme_end(programme: Programme) -> date:
    return programme.end.latest if programme.end is not None else date.min


__all__ = ["Contact", "Directories", "Directory", "Measure", "Page", "Row"]
