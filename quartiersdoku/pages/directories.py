"""Directories across all quarters: contact points, events, archive, decisions, measures.

Each directory lists every entry, with filters, split into pages of
`page_size` rows (`/massnahmen/`, `/massnahmen/seite-2/`, …) with "Seite 2 von 40"
links that work without JavaScript. Filtering works without JavaScript through
static facet pages (e.g. `/anlaufstellen/status/geplant/`, linked from the
directory; they are split into pages too); with JavaScript a small script
(`assets/filter.js`) filters the rows of the current page in place. Facet pages
and pages after the first are kept out of the search index (they repeat entries).
"""

from __future__ import annotations

import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from jinja2 import TemplateError
from markupsafe import Markup, escape

from ..core.german import as_datetime
from ..core.labels import label
from ..core.lapses import decision_lapse
from ..core.model import Contact, Event, Measure, Programme, Status
from ..core.site import CityData, QuarterData, Site, programme_status
from ..core.tracking import STANDING_LABELS, all_decisions
from ..core.urls import city_url, relative_from, relative_url, slugify
from ..exports.common import city_contact_refs
from .maps import MapSpec, contacts_map
from .markup import front_matter
from .render import ContactLink, Renderer
from .schematic import map_numbers


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


@dataclass(frozen=True)
class Part:
    """The rows of one page of a list that is split into pages."""

    rows: list[Row]
    total: int  # rows in the whole list
    number: int  # this page, from 1
    count: int  # pages of the list
    first: str  # URL of the list's first page, relative to the site root


#: Rows per directory page (the plugin option `directory_page_size`).
PAGE_SIZE = 100


def _label_of(enum_type: Any) -> Callable[[str], str]:
    return lambda value: label(enum_type(value))


class Directories:
    """Builds the directory pages of a site with the renderer's templates."""

    def __init__(self, site: Site, renderer: Renderer, page_size: int = PAGE_SIZE) -> None:
        self.site = site
        self.renderer = renderer
        self.page_size = max(1, page_size)
        self._by_slug: dict[str, QuarterData] | None = None
        self._facet_counts: dict[tuple[str, str], list[tuple[str, int]]] = {}
        self._upcoming: dict[str, bool] = {}
        self._all: list[Directory] | None = None
        #: The schematic's marker number of each entry (its link) of the contacts' list, on
        #: every page of the list, also those after the map's (pages.schematic.map_numbers).
        self._map_numbers: dict[str, int] = {}
        #: Each entry's list item by (id of its row, its number in the schematic), rendered
        #: once for every page that lists the entry (`rows_html`); links as placeholders.
        self._items: dict[tuple[int, int | None], str] = {}
        self._links = _Links()

    # ------------------------------------------------------------------ rows

    def _quarters(self) -> Iterable[QuarterData]:
        return sorted(self.site.quarters, key=lambda q: (q.quarter.city, q.quarter.name))

    def contacts(self) -> Directory:
        from ..core.model import ContactKind, ContactStatus

        rows = [
            Row(c, q.quarter.name, f"{q.url}#anlaufstelle-{c.id}", q.slug,
                {"kind": c.kind.value, "status": c.status.value}, {"city": q.quarter.city, "owner": q})
            for q in self._quarters()
            for c in q.quarter.contacts
        ]  # fmt: skip
        rows += [  # city-wide contact points and standing bodies, from the city files
            Row(ref.contact, city.name, ref.page, city.key,
                {"kind": ref.contact.kind.value, "status": ref.contact.status.value},
                {"city": city.name, "owner": city, "city_wide": True})
            for city in self._cities()
            for ref in city_contact_refs(city)
        ]  # fmt: skip
        return Directory(
            "anlaufstellen", "Anlaufstellen",
            "Koordinationsstellen, Stadtteilläden, Quartiersbüros, Fachdienste und stadtweite Gremien.",
            "contacts",
            "Hier finden Sie alle Anlaufstellen aus allen Quartieren und die stadtweiten "
            "Anlaufstellen und Gremien: wer sie betreibt, wo sie sind und wie Sie sie erreichen. "
            "Geplante Anlaufstellen stehen mit ihrem Zieltermin dabei; ist er verstrichen, steht "
            "das dabei.",
            rows,
            [FacetSpec("status", "Status", "status", _label_of(ContactStatus)),
             FacetSpec("kind", "Art", "art", _label_of(ContactKind))],
            "Es sind noch keine Anlaufstellen erfasst.",
        )  # fmt: skip

    def events(self) -> Directory:
        from ..core.model import EventKind

        rows: list[Row] = []
        for q in self._quarters():
            for e in q.quarter.events:
                rows.append(self._event_row(e, q, q.quarter.name, q.url, q.slug))
        for city in self._cities():
            assert city.city is not None
            for e in city.city.events:
                rows.append(self._event_row(e, city, city.name, city_url(city.key), city.key))
        upcoming = sorted(
            (r for r in rows if r.extra["upcoming"]), key=lambda r: as_datetime(r.entry.start)
        )
        past = sorted(
            (r for r in rows if not r.extra["upcoming"]),
            key=lambda r: as_datetime(r.entry.start),
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
        upcoming = as_datetime(end).date() >= self.site.today
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
        from ..core.model import MeasureStatus

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
                href = f"{city_url(key)}#beschluss-{tracked.decision.id}"
                owner = tracked.city
            if tracked.overdue:
                state = "overdue"
            elif decision_lapse(tracked.decision, self.site.today) is not None:
                state = "lapsed"  # still planned after its date: not „im Plan“
            else:
                state = "ok"
            rows.append(Row(tracked, owner, href, " ".join(q.slug for q in tracked.quarters),
                            {"state": state}, {"city": tracked.city}))  # fmt: skip
        labels = {
            "overdue": "überfällig",
            "lapsed": "Beratungstermin verstrichen, Stand nicht erfasst",
            "ok": "im Plan oder erledigt",
        }
        return Directory(
            "beschluesse", "Beschlüsse und Umsetzungsstand",
            "Ratsbeschlüsse und Anträge zu den Quartieren, ihre Zusagen und Sachstandsberichte.",
            "decisions",
            "Was haben Rat und Ausschüsse für die Quartiere beschlossen, und was ist daraus geworden? "
            "Eine Zusage gilt als überfällig, wenn der Beschluss gefasst ist, ihre Frist verstrichen "
            "ist und kein Sachstandsbericht sie erfüllt. Zusagen aus Anträgen, über die noch nicht "
            "entschieden ist, stehen als „beantragt“ dabei. Das wird bei jedem Bau der Website "
            "neu berechnet.",
            rows, [FacetSpec("state", "Stand", "stand", lambda v: labels[v])],
            "Es sind noch keine Beschlüsse erfasst.",
        )  # fmt: skip

    def _cities(self) -> list[CityData]:
        return [c for _, c in sorted(self.site.cities.items()) if c.city is not None]

    # ------------------------------------------------------------------ pages

    def all(self) -> list[Directory]:
        """Every directory with its rows (made once: the pages and the JSON-LD use them)."""
        if self._all is None:
            self._all = [
                self.contacts(), self.events(), self.archive(), self.decisions(), self.measures()
            ]  # fmt: skip
        return self._all

    def first_page_entries(self, slug: str) -> list[Any]:
        """The entries on the first page of the directory `slug` ("termine")."""
        directory = next(d for d in self.all() if d.slug == slug)
        return [row.entry for row in directory.rows[: self.page_size]]

    def pages(self) -> list[Page]:
        """Every directory page: the list, its static facet pages, each split into pages."""
        pages = []
        for directory in self.all():
            place_map = contacts_map(self.site) if directory.kind == "contacts" else None
            self._map_numbers = map_numbers(place_map)
            pages += self._paged(directory, None, None, directory.rows, place_map)
            self._map_numbers = {}  # facet pages have no map
            for facet in directory.facets:
                groups: dict[str, list[Row]] = {}
                for row in directory.rows:
                    groups.setdefault(row.facets[facet.key], []).append(row)
                for value in sorted(groups):
                    pages += self._paged(directory, facet, value, groups[value], None)
        return pages

    def facet_url(self, directory: Directory, facet: FacetSpec, value: str) -> str:
        return f"{directory.slug}/{facet.path}/{slugify(facet.labeller(value))}/"

    def page_url(self, first: str, number: int) -> str:
        """Page `number` (from 1) of a list whose first page is at `first` ("massnahmen/")."""
        return first if number == 1 else f"{first}seite-{number}/"

    def _paged(
        self,
        directory: Directory,
        facet: FacetSpec | None,
        value: str | None,
        rows: list[Row],
        place_map: MapSpec | None,
    ) -> list[Page]:
        first = (
            f"{directory.slug}/"
            if facet is None or value is None
            else self.facet_url(directory, facet, value)
        )
        size = self.page_size
        count = max(1, -(-len(rows) // size))
        pages = []
        for number in range(1, count + 1):
            url = self.page_url(first, number)
            uri = url.rstrip("/") + ".md" if facet is not None and number == 1 else url + "index.md"
            part = Part(rows[(number - 1) * size : number * size], len(rows), number, count, first)
            content = self._render(
                directory, facet, value, part, place_map if number == 1 else None
            )
            pages.append(Page(uri, content))
        return pages

    def _pager(self, part: Part, page_url: str, name: str) -> Markup:
        """ "Seite 2 von 40" with links that work without JavaScript; empty for a single page."""
        if part.count == 1:
            return Markup("")

        def link(number: int, text: str, rel: str = "") -> Markup:
            href = relative_url(page_url, self.page_url(part.first, number))
            return Markup('<a href="{}"{}>{}</a>').format(
                href, Markup(f' rel="{rel}"') if rel else "", text
            )

        shown = sorted(
            {1, part.count, *range(max(1, part.number - 2), min(part.count, part.number + 2) + 1)}
        )
        items: list[Markup] = []
        if part.number > 1:
            items.append(link(part.number - 1, "Vorherige Seite", "prev"))
        previous = 0
        for number in shown:
            if number > previous + 1:
                items.append(Markup('<span aria-hidden="true">…</span>'))
            if number == part.number:
                items.append(Markup('<a aria-current="page">{}</a>').format(number))
            else:
                items.append(link(number, str(number)))
            previous = number
        if part.number < part.count:
            items.append(link(part.number + 1, "Nächste Seite", "next"))
        return Markup(
            '<nav class="qd-pages" aria-label="{}">\n<p>Seite {} von {} · '
            "Einträge {}–{} von {}</p>\n<ul>{}</ul>\n</nav>\n"
        ).format(
            name,
            part.number,
            part.count,
            (part.number - 1) * self.page_size + 1,
            (part.number - 1) * self.page_size + len(part.rows),
            part.total,
            Markup("").join(Markup("<li>{}</li>").format(item) for item in items),
        )

    def _map_list_note(self, part: Part, page_url: str) -> Markup | None:
        """Where the places of a map above a list split into pages are listed: on every page.

        None for a list on one page (the map's default sentence is true then).
        """
        if part.count == 1:
            return None

        def link(number: int) -> Markup:
            href = relative_url(page_url, self.page_url(part.first, number))
            return Markup('<a href="{}">Seite {}</a>').format(href, number)

        pages = (
            link(2) if part.count == 2 else Markup("{} bis {}").format(link(2), link(part.count))
        )
        return Markup(
            "Alle Orte der Karte stehen auch in der Liste unter der Karte. Die Liste ist auf {} "
            "Seiten verteilt: Sie beginnt auf dieser Seite und geht auf {} weiter."
        ).format(part.count, pages)

    def _render(
        self,
        directory: Directory,
        facet: FacetSpec | None,
        value: str | None,
        part: Part,
        place_map: MapSpec | None,
    ) -> str:
        page_url = self.page_url(part.first, part.number)
        rows = part.rows
        if facet is None or value is None:
            title = directory.title
        else:
            title = f"{directory.title}: {facet.labeller(value)}"
        if part.count > 1:
            title += f" – Seite {part.number} von {part.count}"
        facet_links = [
            (spec, [FacetLink(v, spec.labeller(v), count, relative_url(page_url, self.facet_url(directory, spec, v)))
                    for v, count in self._counts(directory, spec)])
            for spec in directory.facets
        ]  # fmt: skip
        # The in-page filter works on the rows of this page: it offers their quarters only.
        # By name, then by key: two quarters of the same name (in two cities) keep one order in
        # every build (a set's order depends on the interpreter's string hashing).
        quarters = sorted({(r.quarter, r.owner) for r in rows}, key=lambda item: (item[1], item[0]))
        context = {
            "d": directory,
            "title": title,
            "is_facet": facet is not None,
            "rows": rows,
            "total": part.total,
            "pager": self._pager(part, page_url, "Seiten der Liste"),
            "pager_bottom": self._pager(part, page_url, "Seiten der Liste, unten"),
            "upcoming": [r for r in rows if r.extra.get("upcoming")],
            "any_upcoming": self._any_upcoming(directory),
            "past": [r for r in rows if directory.kind == "events" and not r.extra.get("upcoming")],
            "facet_links": facet_links,
            "quarters": quarters,
            "url": relative_from(page_url),
            "today": self.site.today,
            "programme_status": lambda p: programme_status(p, self.site.today),
            "standing_label": lambda standing: STANDING_LABELS[standing],
            "place_map": place_map,
            "marker_numbers": self._map_numbers,
            "map_list_note": self._map_list_note(part, page_url) if place_map else None,
            "contact_link": lambda data_slug, contact_id: self._contact_href(
                page_url, data_slug, contact_id
            ),
            "rows_html": lambda rows: self.rows_html(directory, rows, page_url),
        }
        body = self.renderer.env.get_template("directory.md.j2").render(context)
        head = front_matter(title=title, description=directory.description)
        if facet is not None or part.number > 1:
            # Facet pages and further pages repeat entries of the list (and of the quarter
            # pages): kept out of the search index, so a query finds each entry once or twice.
            head = head.replace("\n---\n", "\nsearch:\n  exclude: true\n---\n", 1)
        return head + body

    def rows_html(self, directory: Directory, rows: list[Row], page_url: str) -> Markup:
        """The list items of `rows` on the page at `page_url` (template `_directory_rows.j2`).

        An entry stands on a page of the list and on a page of each facet: its item is
        rendered once, with a placeholder for every link, and each page puts in its own
        relative links. The schematic's number belongs to the item (facet pages have none).
        """
        keys = [(id(row), self._map_numbers.get(row.href)) for row in rows]
        missing = {key: (row, key[1]) for row, key in zip(rows, keys, strict=True)}
        for key in self._items.keys() & missing.keys():
            del missing[key]
        if missing:
            separator = self._links.separator
            items = (
                self.renderer.env.get_template("_directory_rows.j2")
                .render(
                    rows=list(missing.values()),
                    kind=directory.kind,
                    separator=separator,
                    url=self._links.mark,
                    contact_link=self._contact_mark,
                )
                .split(separator)[1:]
            )
            if len(items) != len(missing):  # an operator's template without the separator
                raise TemplateError(
                    "_directory_rows.j2: Jeder Eintrag muss mit {{ separator }} beginnen."
                )
            self._items.update(zip(missing, items, strict=True))
        return Markup(self._links.resolve("".join(self._items[key] for key in keys), page_url))

    def _counts(self, directory: Directory, spec: FacetSpec) -> list[tuple[str, int]]:
        """(value, rows) of a facet over the whole list; counted once, not once per page."""
        key = (directory.slug, spec.key)
        if key not in self._facet_counts:
            counter = Counter(r.facets[spec.key] for r in directory.rows)
            self._facet_counts[key] = sorted(counter.items())
        return self._facet_counts[key]

    def _any_upcoming(self, directory: Directory) -> bool:
        if directory.slug not in self._upcoming:
            self._upcoming[directory.slug] = any(r.extra.get("upcoming") for r in directory.rows)
        return self._upcoming[directory.slug]

    def _contact_href(self, page_url: str, quarter_slug: str, contact_id: str) -> ContactLink:
        name, owner = self._contact_target(quarter_slug, contact_id)
        return ContactLink(name, f"{relative_url(page_url, owner.url)}#anlaufstelle-{contact_id}")

    def _contact_mark(self, quarter_slug: str, contact_id: str) -> ContactLink:
        """`_contact_href` with the link to the owner's page as a placeholder (`rows_html`)."""
        name, owner = self._contact_target(quarter_slug, contact_id)
        return ContactLink(name, f"{self._links.mark(owner.url)}#anlaufstelle-{contact_id}")

    def _contact_target(self, quarter_slug: str, contact_id: str) -> tuple[str, QuarterData]:
        if self._by_slug is None:
            self._by_slug = {q.slug: q for q in self.site.quarters}
        return self.renderer.contact_target(self._by_slug[quarter_slug], contact_id)


class _Links:
    """Links in HTML rendered once for pages at different places: placeholders at first,
    each page's relative links later.

    A placeholder carries a random token of the build, so editor text can never pass for
    one; autoescaping leaves it as it is, and `resolve` puts in the escaped link, which is
    what the template would have written.
    """

    def __init__(self) -> None:
        token = secrets.token_hex(8)
        self.separator = f"\x02{token}\x03"
        self._targets: list[str] = []
        self._token = token
        self._placeholder = re.compile(f"\x02{token}:(\\d+)\x03")

    def mark(self, target: str) -> str:
        """The placeholder of the link to `target` (relative to the site root)."""
        self._targets.append(target)
        return f"\x02{self._token}:{len(self._targets) - 1}\x03"

    def resolve(self, html: str, page_url: str) -> str:
        """`html` with every placeholder replaced by its link from the page at `page_url`."""
        link = relative_from(page_url)
        targets = self._targets
        return self._placeholder.sub(lambda m: escape(link(targets[int(m.group(1))])), html)


def _programme_end(programme: Programme) -> date:
    return programme.end.latest if programme.end is not None else date.min


__all__ = ["Contact", "Directories", "Directory", "Measure", "Page", "Row"]
