"""schema.org JSON-LD for the pages: events, contact points, quarters.

Builders return plain dicts without ``@context``; :func:`document` wraps one or
several of them (``@graph``) and :func:`to_script_tag` makes the
``<script type="application/ld+json">`` element, safe to place in HTML.

Only what the YAML says is stated: an event without a venue has no
``location``; a contact point that is planned or closed gets no JSON-LD at all
(search engines would show it as a place to go). A quarter's contact point is
``containedInPlace`` its quarter, a city file's (``_stadt.yaml``) its ``City``.

**Which type for a contact point.** ``GovernmentOffice`` when the city runs it:
its kind is ``city_department``, or its operator (``organisation``) is a public
body by name — starts with „Stadt“, „Stadtverwaltung“, „Gemeinde“, „Kreis“,
„Landkreis“ or „Bezirksamt“ (so a coordination office of „Stadt Hagen“ is one,
one of „Caritasverband Hagen“ is not). Everything else is a ``Place``. A Place
has no ``email`` in schema.org, so the address, phone and hours are given and the
e-mail stays on the page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from datetime import date
from typing import Any

from markupsafe import Markup

from ..core.hours import weekly_hours
from ..core.labels import label
from ..core.languages import LANGUAGES
from ..core.model import Address, Contact, ContactKind, ContactStatus, Event, Point, Quarter
from ..core.site import CityData, QuarterData, Site
from ..exports import FEED_PATH, SITE_GEOJSON, SITE_JSON, all_vcf_path, site_ics_path
from ..exports.common import (
    ContactRef,
    EventRef,
    ExportSettings,
    city_contact_refs,
    contact_refs,
    event_refs,
    iso_moment,
    plain_text,
    quarter_contact_refs,
    quarter_event_refs,
)

CONTEXT = "https://schema.org"
_PUBLIC_BODY_RE = re.compile(r"^(?:Stadt|Stadtverwaltung|Gemeinde|Kreis|Landkreis|Bezirksamt)\b")


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Drop keys without a value (None, "", [], {})."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def postal_address(address: Address) -> dict[str, Any]:
    street = f"{address.street}, {address.addition}" if address.addition else address.street
    return {
        "@type": "PostalAddress",
        "streetAddress": street,
        "postalCode": address.postcode,
        "addressLocality": address.city,
        "addressCountry": "DE",
    }


def geo_coordinates(point: Point) -> dict[str, Any]:
    return {"@type": "GeoCoordinates", "latitude": point.lat, "longitude": point.lon}


def _node_id(settings: ExportSettings, page: str) -> str | None:
    return settings.absolute(page)


def city_node(name: str, city: CityData | None) -> dict[str, Any]:
    """A ``City`` by name, with its Amtlicher Gemeindeschlüssel when the city file has one."""
    node: dict[str, Any] = {"@type": "City", "name": name}
    if city is not None and city.city is not None and city.city.ags:
        node["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "AGS",
            "name": "Amtlicher Gemeindeschlüssel",
            "value": city.city.ags,
        }
    return node


def quarter_place(site: Site, quarter: QuarterData, settings: ExportSettings) -> dict[str, Any]:
    """The quarter as a ``Place`` inside its ``City``."""
    q = quarter.quarter
    city = site.city_of(quarter)
    return _clean(
        {
            "@type": "Place",
            "@id": _node_id(settings, quarter.url),
            "name": q.name,
            "description": _summaries(q),
            "url": settings.absolute(quarter.url),
            "geo": geo_coordinates(q.location) if q.location is not None else None,
            "containedInPlace": city_node(q.city, city),
            "keywords": ", ".join(q.tags),
        }
    )


def _summaries(quarter: Quarter) -> str | list[dict[str, str]]:
    """The summary; with translations, every language's as a language-tagged JSON-LD value."""
    tagged = [
        {"@value": translation.summary, "@language": LANGUAGES[key].hreflang}
        for key, translation in quarter.translations.items()
        if translation.summary
    ]
    if not tagged:
        return quarter.summary
    return [{"@value": quarter.summary, "@language": "de"}, *tagged]


def event_node(ref: EventRef, settings: ExportSettings) -> dict[str, Any]:
    """An ``Event``: start (with offset when timed), end, place, organiser, description."""
    event = ref.event
    location: dict[str, Any] | None = None
    if event.venue is not None:
        venue = event.venue
        location = _clean(
            {
                "@type": "Place",
                "name": venue.name,
                "address": postal_address(venue.address) if venue.address else None,
                "geo": geo_coordinates(venue.location) if venue.location else None,
            }
        )
    description = plain_text(event.summary) or plain_text(event.outcomes)
    return _clean(
        {
            "@type": "Event",
            "@id": _node_id(settings, ref.page),
            "name": event.title,
            "startDate": iso_moment(event.start),
            "endDate": iso_moment(event.end) if event.end is not None else None,
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": location,
            "organizer": (
                {"@type": "Organization", "name": event.organiser} if event.organiser else None
            ),
            "description": description,
            "url": settings.absolute(ref.page),
            "keywords": ", ".join([label(event.kind), *event.topics]),
            "inLanguage": "de",
        }
    )


def is_government_office(ref: ContactRef) -> bool:
    contact = ref.contact
    if contact.kind is ContactKind.CITY_DEPARTMENT:
        return True
    return bool(contact.organisation and _PUBLIC_BODY_RE.match(contact.organisation))


def contact_node(ref: ContactRef, settings: ExportSettings, today: date) -> dict[str, Any] | None:
    """A ``GovernmentOffice`` or ``Place`` with hours, a standing body an ``Organization``
    (``GovernmentOrganization`` when public) serving its area; None for a planned or
    closed one."""
    contact = ref.contact
    if contact.status is not ContactStatus.OPEN:
        return None
    office = is_government_office(ref)
    # A conference or working group is no place to visit: an organisation serving the
    # quarter (or the city), without hours or a position of its own.
    body = contact.kind is ContactKind.STANDING_BODY
    hours = weekly_hours(contact.opening_hours, today) if contact.opening_hours else None
    if body:
        hours = None
        kind = "GovernmentOrganization" if office else "Organization"
    else:
        kind = "GovernmentOffice" if office else "Place"
    area = _contained_in(ref, settings)
    return _clean(
        {
            "@type": kind,
            "@id": _node_id(settings, ref.page),
            "name": contact.name,
            "description": plain_text(contact.description) or label(contact.kind),
            "url": settings.absolute(ref.page),
            "sameAs": contact.website,
            "address": postal_address(contact.address) if contact.address else None,
            "geo": geo_coordinates(contact.location) if contact.location and not body else None,
            "telephone": contact.phone,
            "email": contact.email if office else None,
            "parentOrganization": (
                {"@type": "Organization", "name": contact.organisation}
                if contact.organisation and (office or body)
                else None
            ),
            "areaServed": area if body else None,
            "containedInPlace": None if body else area,
            "openingHoursSpecification": hours.opening_hours_specification() if hours else None,
            "specialOpeningHoursSpecification": (
                hours.special_opening_hours_specification() if hours else None
            ),
        }
    )


def _contained_in(ref: ContactRef, settings: ExportSettings) -> dict[str, Any]:
    """A quarter's contact point: in the quarter (the page's ``Place`` node when the site's
    address is known); a city file's: in the ``City``."""
    if ref.quarter is None:
        return city_node(ref.city.name, ref.city)
    if settings.base_url:
        return {"@id": settings.absolute(ref.quarter.url)}
    return {"@type": "Place", "name": ref.quarter.quarter.name}


# --------------------------------------------------------------------------- pages


def quarter_page_nodes(
    site: Site, quarter: QuarterData, settings: ExportSettings
) -> list[dict[str, Any]]:
    """Everything on a quarter page: the quarter, its events, its open contact points."""
    nodes = [quarter_place(site, quarter, settings)]
    nodes += [event_node(ref, settings) for ref in quarter_event_refs(site, quarter)]
    return nodes + _contact_nodes(quarter_contact_refs(site, quarter), settings, site.today)


def city_page_nodes(site: Site, city: CityData, settings: ExportSettings) -> list[dict[str, Any]]:
    """Everything city-wide on a city page (``quartiere/<city>/``): its events, its open
    contact points and standing bodies."""
    events = city.city.events if city.city is not None else []
    nodes = [event_node(EventRef(event, None, city), settings) for event in events]
    return nodes + _contact_nodes(city_contact_refs(city), settings, site.today)


def _contact_nodes(
    refs: Collection[ContactRef], settings: ExportSettings, today: date
) -> list[dict[str, Any]]:
    nodes = (contact_node(ref, settings, today) for ref in refs)
    return [node for node in nodes if node is not None]


def events_page_nodes(
    site: Site, settings: ExportSettings, shown: Collection[Event] | None = None
) -> list[dict[str, Any]]:
    """The events of the events directory, or only those in `shown` (the entries of one
    page of it: at 10,000 quarters all events would be megabytes on one page)."""
    ids = None if shown is None else {id(event) for event in shown}
    return [
        event_node(ref, settings) for ref in event_refs(site) if ids is None or id(ref.event) in ids
    ]


def contacts_page_nodes(
    site: Site, settings: ExportSettings, shown: Collection[Contact] | None = None
) -> list[dict[str, Any]]:
    """Every open contact point (for the contact points directory), or those in `shown`."""
    ids = None if shown is None else {id(contact) for contact in shown}
    nodes = [
        contact_node(ref, settings, site.today)
        for ref in contact_refs(site)
        if ids is None or id(ref.contact) in ids
    ]
    return [node for node in nodes if node is not None]


def dataset_node(settings: ExportSettings) -> dict[str, Any]:
    """The open data as a schema.org ``Dataset`` (for the page about /daten/)."""

    def download(path: str, media_type: str, name: str) -> dict[str, Any]:
        return {
            "@type": "DataDownload",
            "name": name,
            "encodingFormat": media_type,
            "contentUrl": settings.absolute(path) or path,
        }

    return _clean(
        {
            "@type": "Dataset",
            "name": f"{settings.site_name}: Quartiere, Termine und Anlaufstellen",
            "description": (
                "Alle Quartiere mit Programmen, Maßnahmen, Terminen, Anlaufstellen, "
                "Beschlüssen und Sachstandsberichten als offene Daten."
            ),
            "inLanguage": "de",
            "license": settings.licence_url or settings.licence,
            "publisher": (
                {"@type": "Organization", "name": settings.publisher}
                if settings.publisher
                else None
            ),
            "distribution": [
                download(SITE_JSON, "application/json", "Alle Quartiere (JSON)"),
                download(SITE_GEOJSON, "application/geo+json", "Orte (GeoJSON)"),
                download(site_ics_path(), "text/calendar", "Termine (iCalendar)"),
                download(all_vcf_path(), "text/vcard", "Anlaufstellen (vCard)"),
                download(FEED_PATH, "application/atom+xml", "Neuigkeiten (Atom)"),
            ],
        }
    )


# --------------------------------------------------------------------------- output


def document(*nodes: dict[str, Any]) -> dict[str, Any]:
    """One JSON-LD document: a single node with ``@context``, or several in ``@graph``."""
    if len(nodes) == 1:
        return {"@context": CONTEXT, **nodes[0]}
    return {"@context": CONTEXT, "@graph": list(nodes)}


def to_json(data: dict[str, Any]) -> str:
    """JSON safe inside an HTML <script>: no "<", ">" or "&" appear literally.

    In JSON these characters can only stand inside strings, where ``\\u003c`` and
    friends mean the same; so ``</script>`` and ``<!--`` cannot end or change the
    script element, whatever an editor wrote. U+2028/2029 are escaped as well.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


def to_script_tag(data: dict[str, Any]) -> Markup:
    """``<script type="application/ld+json">…</script>``; adds ``@context`` if missing."""
    if "@context" not in data:
        data = {"@context": CONTEXT, **data}
    return Markup('<script type="application/ld+json">{}</script>').format(Markup(to_json(data)))


__all__ = [
    "city_node",
    "city_page_nodes",
    "contact_node",
    "contacts_page_nodes",
    "dataset_node",
    "document",
    "event_node",
    "events_page_nodes",
    "is_government_office",
    "quarter_page_nodes",
    "quarter_place",
    "to_json",
    "to_script_tag",
]
