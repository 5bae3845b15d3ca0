"""What every export needs: settings, where an entry is shown, stable ids, plain text.

Paths are relative to the site root (``quartiere/hagen/wehringhausen/#termin-x``);
:meth:`ExportSettings.absolute` turns them into absolute URLs when the site's
address (MkDocs ``site_url``) is known.

**Where an entry is shown** (the same anchors the page templates give):
quarter entries on their quarter page (``#termin-<id>``, ``#anlaufstelle-<id>``,
``#massnahme-<id>``, ``#programm-<id>``, ``#beschluss-<id>``, ``#bericht-<id>``);
city-wide entries (``_stadt.yaml``) on the city page ``quartiere/<city>/``:
events as ``#termin-<id>``, contact points and standing bodies as
``#anlaufstelle-<id>``, decisions as ``#beschluss-<id>`` — unless the
decision names quarters, then on the first of them, like the decisions
directory does. A city report is shown with its decision on that quarter page
(``#bericht-<id>``), else its place is the decision on the city page.
"""

from __future__ import annotations

import html
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..core.german import as_datetime
from ..core.model import (
    Address,
    City,
    Contact,
    Decision,
    Event,
    Measure,
    Programme,
    Quarter,
    Report,
    Status,
)
from ..core.site import CityData, QuarterData, Site, programme_status
from ..core.urls import city_url
from ..pages.markup import MarkdownRenderer

BERLIN = ZoneInfo("Europe/Berlin")
DATA_DIR = "daten"
#: Used for ids when neither a domain nor a site address is set (``.invalid`` is reserved).
FALLBACK_DOMAIN = "quartiersdoku.invalid"
GENERATOR = "Quartiersdoku"
CITY_FOLDER = "_stadt"  # never a quarter's name: quarter file names have no "_"


@dataclass(frozen=True)
class ExportSettings:
    """Site-wide settings of the exports; the plugin fills them from ``mkdocs.yml``.

    `domain` makes ids (iCalendar UID, vCard UID, Atom ids) stable: set it once
    and never change it, even if the site moves. Without it the host of
    `site_url` is used, then :data:`FALLBACK_DOMAIN`.
    """

    site_url: str = ""  # absolute address of the site root, e.g. "https://quartiere.example.org/"
    domain: str = ""
    site_name: str = "Quartiersdoku"
    publisher: str = ""  # who publishes the data (operator name)
    licence: str = ""  # e.g. "CC BY 4.0"
    licence_url: str = ""

    @property
    def base_url(self) -> str:
        if not self.site_url:
            return ""
        return self.site_url if self.site_url.endswith("/") else self.site_url + "/"

    @property
    def id_domain(self) -> str:
        if self.domain:
            return self.domain
        host = urlsplit(self.site_url).hostname if self.site_url else None
        return host or FALLBACK_DOMAIN

    def absolute(self, path: str) -> str | None:
        """The absolute URL of a path relative to the site root, or None without `site_url`."""
        return self.base_url + path if self.base_url else None

    def stable_uuid(self, name: str) -> str:
        """A URN that stays the same for the same domain and name (UUID version 5)."""
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'https://{self.id_domain}/{name}')}"


# --------------------------------------------------------------------------- places


def owner_key(quarter: QuarterData | None, city: CityData) -> str:
    """The path part that names where an entry comes from: a quarter slug or `<city>/_stadt`."""
    if quarter is not None:
        return quarter.slug
    return f"{city.key}/{CITY_FOLDER}" if city.key else CITY_FOLDER


def _require_id(entry: Any) -> str:
    value = entry.id
    if not isinstance(value, str):  # load_site assigns every id
        raise ValueError(f"entry without id: {entry!r}")
    return value


@dataclass(frozen=True)
class EventRef:
    """An event with where it comes from: a quarter, or (quarter None) its city file."""

    event: Event
    quarter: QuarterData | None
    city: CityData

    @property
    def id(self) -> str:
        return _require_id(self.event)

    @property
    def key(self) -> str:
        return f"{owner_key(self.quarter, self.city)}/{self.id}"

    @property
    def page(self) -> str:
        base = self.quarter.url if self.quarter is not None else city_url(self.city.key)
        return f"{base}#termin-{self.id}"

    @property
    def ics_path(self) -> str:
        """The single-event calendar file („in den Kalender“)."""
        return f"{DATA_DIR}/termine/{self.key}.ics"

    @property
    def place_name(self) -> str:
        """The quarter's name, or the city's for a city-wide event."""
        return self.quarter.quarter.name if self.quarter is not None else self.city.name

    @property
    def reviewed(self) -> date | None:
        holder: Quarter | City | None = (
            self.quarter.quarter if self.quarter is not None else self.city.city
        )
        return holder.reviewed if holder is not None else None


@dataclass(frozen=True)
class ContactRef:
    """A contact point with where it comes from: a quarter, or (quarter None) its city file.

    A city-wide contact point (or standing body) is shown on the city page
    (``quartiere/<city>/#anlaufstelle-<id>``); its key is ``<city>/_stadt/<id>`` like a
    city-wide event's, which no quarter's can be (quarter file names have no "_").
    """

    contact: Contact
    quarter: QuarterData | None
    city: CityData

    @property
    def id(self) -> str:
        return _require_id(self.contact)

    @property
    def key(self) -> str:
        return f"{owner_key(self.quarter, self.city)}/{self.id}"

    @property
    def owner_url(self) -> str:
        """The page that shows the contact: its quarter's, or its city's."""
        return self.quarter.url if self.quarter is not None else city_url(self.city.key)

    @property
    def page(self) -> str:
        return f"{self.owner_url}#anlaufstelle-{self.id}"

    @property
    def vcf_path(self) -> str:
        """The single card („Kontakt speichern“)."""
        return f"{DATA_DIR}/anlaufstellen/{self.key}.vcf"

    @property
    def place_name(self) -> str:
        """The quarter's name, or the city's for a city-wide contact point."""
        return self.quarter.quarter.name if self.quarter is not None else self.city.name

    @property
    def reviewed(self) -> date | None:
        """The contact's „Geprüft am“, else the „Stand“ of the file it comes from."""
        holder: Quarter | City | None = (
            self.quarter.quarter if self.quarter is not None else self.city.city
        )
        return self.contact.reviewed or (holder.reviewed if holder is not None else None)


@dataclass(frozen=True)
class ReportRef:
    report: Report
    quarter: QuarterData | None
    city: CityData
    page: str

    @property
    def id(self) -> str:
        return _require_id(self.report)

    @property
    def key(self) -> str:
        return f"{owner_key(self.quarter, self.city)}/{self.id}"

    @property
    def place_name(self) -> str:
        return self.quarter.quarter.name if self.quarter is not None else self.city.name


def measure_page(quarter: QuarterData, measure: Measure) -> str:
    return f"{quarter.url}#massnahme-{_require_id(measure)}"


def programme_page(quarter: QuarterData, programme: Programme) -> str:
    return f"{quarter.url}#programm-{_require_id(programme)}"


def decision_page(
    site: Site, quarter: QuarterData | None, city: CityData, decision: Decision
) -> str:
    decision_id = _require_id(decision)
    if quarter is not None:
        return f"{quarter.url}#beschluss-{decision_id}"
    shown_on = _first_quarter(site, decision)
    base = shown_on.url if shown_on is not None else city_url(city.key)
    return f"{base}#beschluss-{decision_id}"


def report_page(site: Site, quarter: QuarterData | None, city: CityData, report: Report) -> str:
    report_id = _require_id(report)
    if quarter is not None:
        return f"{quarter.url}#bericht-{report_id}"
    decision = next(
        (d for d in (city.city.decisions if city.city else []) if d.id == report.decision), None
    )
    if decision is None:
        return city_url(city.key)
    shown_on = _first_quarter(site, decision)
    if shown_on is not None:
        return f"{shown_on.url}#bericht-{report_id}"
    return decision_page(site, None, city, decision)


def _first_quarter(site: Site, decision: Decision) -> QuarterData | None:
    by_slug = {q.slug: q for q in site.quarters}
    return next((by_slug[s] for s in decision.quarters if s in by_slug), None)


# --------------------------------------------------------------------------- collections


def _city_of(site: Site, quarter: QuarterData) -> CityData:
    return site.city_of(quarter) or CityData(quarter.city_key)


def _cities(site: Site) -> list[CityData]:
    return [site.cities[key] for key in sorted(site.cities)]


def event_refs(site: Site) -> list[EventRef]:
    """Every event of the site (quarters and city files), by start, then key."""
    refs = [
        EventRef(event, quarter, _city_of(site, quarter))
        for quarter in site.quarters
        for event in quarter.quarter.events
    ]
    refs += [
        EventRef(event, None, city)
        for city in _cities(site)
        if city.city is not None
        for event in city.city.events
    ]
    return sorted(refs, key=lambda ref: (as_datetime(ref.event.start), ref.key))


def quarter_event_refs(site: Site, quarter: QuarterData) -> list[EventRef]:
    """The events of one quarter, by start."""
    city = _city_of(site, quarter)
    refs = [EventRef(event, quarter, city) for event in quarter.quarter.events]
    return sorted(refs, key=lambda ref: (as_datetime(ref.event.start), ref.key))


def city_event_refs(site: Site, city_key: str) -> list[EventRef]:
    """The events of a city's quarters and of its city file."""
    return [ref for ref in event_refs(site) if ref.city.key == city_key]


def contact_refs(site: Site) -> list[ContactRef]:
    """Every contact point: the quarters' in file order, then the city files' (by city key)."""
    refs = [
        ContactRef(contact, quarter, _city_of(site, quarter))
        for quarter in site.quarters
        for contact in quarter.quarter.contacts
    ]
    refs += [ref for city in _cities(site) for ref in city_contact_refs(city)]
    return refs


def quarter_contact_refs(site: Site, quarter: QuarterData) -> list[ContactRef]:
    """The contact points of one quarter, in file order."""
    city = _city_of(site, quarter)
    return [ContactRef(contact, quarter, city) for contact in quarter.quarter.contacts]


def city_contact_refs(city: CityData) -> list[ContactRef]:
    """The city-wide contact points and standing bodies of a city file, in file order."""
    contacts = city.city.contacts if city.city is not None else []
    return [ContactRef(contact, None, city) for contact in contacts]


def report_refs(site: Site) -> list[ReportRef]:
    """Every progress report (quarters and city files), newest first."""
    refs = [
        ReportRef(
            report,
            quarter,
            _city_of(site, quarter),
            report_page(site, quarter, _city_of(site, quarter), report),
        )
        for quarter in site.quarters
        for report in quarter.quarter.reports
    ]
    refs += [
        ReportRef(report, None, city, report_page(site, None, city, report))
        for city in _cities(site)
        if city.city is not None
        for report in city.city.reports
    ]
    return sorted(refs, key=lambda ref: (ref.report.date, ref.key), reverse=True)


def quarter_status(site: Site, quarter: QuarterData) -> Status | None:
    """The quarter's state from its programmes at build time: running beats planned beats ended."""
    statuses = {programme_status(p, site.today) for p in quarter.quarter.programmes}
    for status in (Status.RUNNING, Status.PLANNED, Status.ENDED):
        if status in statuses:
            return status
    return None


# --------------------------------------------------------------------------- values


def berlin(value: date | datetime) -> datetime:
    """A naive local moment (or a day, at midnight) as an aware datetime in Europe/Berlin."""
    return as_datetime(value).replace(tzinfo=BERLIN)


def iso_moment(value: date | datetime) -> str:
    """„2022-03-26“ for a day, „2022-03-26T10:00:00+01:00“ for a time (ISO 8601 with offset)."""
    if isinstance(value, datetime):
        return berlin(value).isoformat()
    return value.isoformat()


def address_line(address: Address) -> str:
    """„Lange Straße 12 (Eingang über den Hof), 58089 Hagen“."""
    street = f"{address.street} ({address.addition})" if address.addition else address.street
    return f"{street}, {address.postcode} {address.city}"


def location_text(event: Event) -> str:
    venue = event.venue
    if venue is None:
        return ""
    if venue.address is None:
        return venue.name
    return f"{venue.name}, {address_line(venue.address)}"


_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|tr|blockquote|pre|dd|dt)>|<br\s*/?>|<hr\s*/?>")
_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r'<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)


class PlainText:
    """Editor Markdown as plain text (for iCalendar, vCard and JSON-LD descriptions)."""

    @cached_property
    def _renderer(self) -> MarkdownRenderer:
        return MarkdownRenderer()

    def __call__(self, markdown: str | None) -> str:
        return self._convert(markdown) if markdown else ""

    @lru_cache(maxsize=4096)  # noqa: B019 - one module-wide instance; texts repeat across exports
    def _convert(self, markdown: str) -> str:
        rendered = str(self._renderer.block(markdown))

        def link(match: re.Match[str]) -> str:
            href, text = html.unescape(match.group(1)), match.group(2)
            return text if href in (text, f"mailto:{text}", f"tel:{text}") else f"{text} ({href})"

        rendered = _LINK.sub(link, rendered.replace("\n", " "))
        rendered = rendered.replace("<li>", "<li>– ")
        rendered = _BLOCK_END.sub("\n", rendered)
        text = html.unescape(_TAG.sub("", rendered))
        lines = (" ".join(line.split()) for line in text.splitlines())
        return "\n".join(line for line in lines if line)


plain_text = PlainText()
