"""Which places a map shows: the start page's overview, each quarter, the contact points.

This module decides *what* is on a map (a :class:`MapSpec` of :class:`Place`
values); :mod:`mapdoc` turns a spec into a standalone map document with
folium, and the template `_map.j2` puts the document (in an iframe) and the
same places as a list into a page. Specs come from the validated site only,
so the page and its map document always agree.

Coordinates: a :class:`~quartiersdoku.core.model.Point` is lat/lon; boundaries are
GeoJSON, lon/lat (RFC 7946). Both are validated (range, region, swapped) in
:mod:`validate` before they get here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from ..core.german import as_datetime, german_date
from ..core.labels import contact_status_label, label
from ..core.lapses import contact_lapse
from ..core.model import Address, Contact, ContactKind, ContactStatus, Event, Measure, Point, Status
from ..core.site import QuarterData, Site, programme_status
from ..core.urls import city_url

#: Folder of the generated map documents, below the site root.
MAPS_DIR = "karten"
OVERVIEW_PATH = f"{MAPS_DIR}/uebersicht.html"
CONTACTS_PATH = f"{MAPS_DIR}/anlaufstellen.html"
#: From this many places on, a map clusters its markers (Leaflet.markercluster).
CLUSTER_FROM = 200
#: Decimal places kept of a coordinate: 5 is about one metre.
PRECISION = 5


class Style(StrEnum):
    """How a marker looks; also its CSS modifier (`qd-marker--<style>`)."""

    QUARTER = "quarter"
    CONTACT = "contact"
    CLOSED = "closed"
    MEASURE = "measure"
    EVENT = "event"
    RUNNING = "running"
    ENDED = "ended"
    OTHER = "other"


#: What a marker of each style stands for, in the legend and in marker labels.
STYLE_TEXT: dict[Style, str] = {
    Style.QUARTER: "Quartier",
    Style.CONTACT: "Anlaufstelle",
    Style.CLOSED: "Anlaufstelle, geschlossen",
    Style.MEASURE: "Maßnahme",
    Style.EVENT: "Termin",
    Style.RUNNING: "Programm läuft",
    Style.ENDED: "Programm beendet, Archiv",
    Style.OTHER: "Programm geplant oder nicht erfasst",
}


@dataclass(frozen=True)
class Place:
    """One marker, and one entry of the list beside the map."""

    name: str
    style: Style
    lat: float
    lon: float
    #: Where it is, in words: an address, a venue, a city.
    detail: str = ""
    #: What it is, when more specific than the style's text ("Quartiersbüro, geplant").
    what: str = ""
    #: The page about it (relative to the site root, e.g. "quartiere/hagen/x/"), and an id there.
    page: str | None = None
    anchor: str = ""
    approximate: bool = False

    @property
    def kind_text(self) -> str:
        return self.what or STYLE_TEXT[self.style]

    @property
    def label(self) -> str:
        """The marker's text label; the map script builds the same from the same parts."""
        where = f", {self.detail}" if self.detail else ""
        return f"{self.name}{where} ({self.kind_text})"

    @property
    def where(self) -> str:
        """For the list: the address or venue, else the position."""
        return self.detail or format_position(self.lat, self.lon)

    @property
    def href(self) -> str | None:
        """The link target relative to the site root, with the anchor."""
        if self.page is None:
            return None
        return self.page + (f"#{self.anchor}" if self.anchor else "")


@dataclass(frozen=True)
class MapSpec:
    """A map: where its document goes, its title, its places and (optionally) a boundary."""

    path: str
    title: str
    places: tuple[Place, ...]
    #: What the map shows, in a sentence (beside the map and in the document).
    description: str = ""
    #: A GeoJSON geometry (Polygon or MultiPolygon, lon/lat) drawn as an area.
    boundary: dict[str, Any] | None = None
    #: Names of entries that belong on this map but have no position.
    without_position: tuple[str, ...] = ()
    variant: str = "places"
    cluster: bool = field(default=False)

    @property
    def styles(self) -> list[Style]:
        """The marker styles used, in a fixed order (for the legend)."""
        used = {place.style for place in self.places}
        return [style for style in Style if style in used]

    def bounds(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """South-west and north-east corner around every place and the boundary."""
        lats = [p.lat for p in self.places]
        lons = [p.lon for p in self.places]
        for lon, lat in _positions(self.boundary):
            lats.append(lat)
            lons.append(lon)
        return (min(lats), min(lons)), (max(lats), max(lons))


# ----------------------------------------------------------------------------- specs


def quarter_map(site: Site, data: QuarterData) -> MapSpec | None:
    """The quarter's own map: its point or boundary, contact points, measures and events with a place.

    None when nothing of the quarter has a position.
    """
    quarter = data.quarter
    page = data.url
    places: list[Place] = []
    if quarter.location is not None:
        what = "Quartier, ungefährer Mittelpunkt" if quarter.location.approximate else "Quartier"
        places.append(
            Place(
                name=quarter.name,
                style=Style.QUARTER,
                lat=_round(quarter.location.lat),
                lon=_round(quarter.location.lon),
                what=what,
                approximate=quarter.location.approximate,
            )
        )
    places += [
        place
        for contact in quarter.contacts
        if (place := _contact(contact, page, site.today)) is not None
    ]
    places += [
        place for measure in quarter.measures if (place := _measure(measure, page)) is not None
    ]
    events = sorted(quarter.events, key=lambda e: as_datetime(e.start), reverse=True)
    places += [place for event in events if (place := _event(event, page)) is not None]
    boundary = _geometry(data.boundary)
    if not places and boundary is None:
        return None
    description = _quarter_description(places, boundary)
    return MapSpec(
        path=f"{MAPS_DIR}/quartiere/{data.slug}.html",
        title=f"Karte: {quarter.name}",
        description=description,
        places=tuple(places),
        boundary=boundary,
        variant="quarter",
    )


def overview_map(site: Site) -> MapSpec | None:
    """All quarters, each linked to its page; running and ended programmes look different."""
    places: list[Place] = []
    missing: list[str] = []
    for _city, quarters in site.by_city():
        for data in quarters:
            point = _quarter_point(data)
            if point is None:
                missing.append(data.quarter.name)
                continue
            lat, lon, approximate = point
            places.append(
                Place(
                    name=data.quarter.name,
                    style=quarter_style(site, data),
                    lat=_round(lat),
                    lon=_round(lon),
                    detail=data.quarter.city,
                    page=data.url,
                    approximate=approximate,
                )
            )
    if not places:
        return None
    return MapSpec(
        path=OVERVIEW_PATH,
        title="Karte: alle Quartiere",
        description="Die Karte zeigt alle Quartiere mit bekannter Lage; "
        "Form und Farbe der Punkte zeigen, ob ein Förderprogramm läuft oder beendet ist.",
        places=tuple(places),
        without_position=tuple(missing),
        variant="overview",
        cluster=len(places) >= CLUSTER_FROM,
    )


def contacts_map(site: Site) -> MapSpec | None:
    """Every contact point with a position, linked to its entry on the quarter page; then
    the city files' contact points and standing bodies, linked to the city page.

    For the directory of contact points (Anlaufstellen), which lists both; None when no
    contact point has a position. The city page itself has no map.
    """
    places: list[Place] = []
    missing: list[str] = []
    located = [
        (contact, data.url, f"Quartier {data.quarter.name}")
        for _city, quarters in site.by_city()
        for data in quarters
        for contact in data.quarter.contacts
    ]
    located += [
        (contact, city_url(key), f"{city.name}, quartiersübergreifend")
        for key, city in sorted(site.cities.items())
        if city.city is not None
        for contact in city.city.contacts
    ]
    for contact, page, area in located:
        place = _contact(contact, page, site.today, area=area)
        if place is None:
            if contact.kind is not ContactKind.STANDING_BODY:  # a body needs no place
                missing.append(contact.name)
        else:
            places.append(place)
    if not places:
        return None
    return MapSpec(
        path=CONTACTS_PATH,
        title="Karte: Anlaufstellen",
        description="Die Karte zeigt alle Anlaufstellen mit bekannter Lage.",
        places=tuple(places),
        without_position=tuple(missing),
        variant="contacts",
        cluster=len(places) >= CLUSTER_FROM,
    )


def all_maps(site: Site) -> Iterator[MapSpec]:
    """Every map the site has: overview, contact points, one per quarter with a position."""
    for spec in (overview_map(site), contacts_map(site)):
        if spec is not None:
            yield spec
    for data in site.quarters:
        spec = quarter_map(site, data)
        if spec is not None:
            yield spec


def quarter_style(site: Site, data: QuarterData) -> Style:
    """Running if a programme runs; ended (archive) if every programme has ended; else other.

    The same rule as the "Archiv" badge of the quarter lists.
    """
    statuses = [programme_status(p, site.today) for p in data.quarter.programmes]
    if any(status is Status.RUNNING for status in statuses):
        return Style.RUNNING
    if statuses and all(status is Status.ENDED for status in statuses):
        return Style.ENDED
    return Style.OTHER


# ----------------------------------------------------------------------------- helpers


def format_address(address: Address) -> str:
    text = f"{address.street}, {address.postcode} {address.city}"
    return f"{text} ({address.addition})" if address.addition else text


def format_position(lat: float, lon: float) -> str:
    """51.3540° N, 7.4560° O — as the quarter page prints a position."""
    return f"{lat:.4f}° N, {lon:.4f}° O"


def _located(point: Point, what: str) -> dict[str, Any]:
    """The position fields of a place at `point`; `what` notes an approximate position."""
    return {
        "lat": _round(point.lat),
        "lon": _round(point.lon),
        "approximate": point.approximate,
        "what": f"{what}, ungefähre Lage" if point.approximate else what,
    }


def _contact(contact: Contact, page: str, today: date, *, area: str = "") -> Place | None:
    """A contact point's marker; `area` says where it belongs („Quartier Hafen“) on maps of
    more than one quarter."""
    if contact.location is None:
        return None
    kind = label(contact.kind) if contact.kind is not ContactKind.OTHER else "Anlaufstelle"
    status = "" if contact.status is ContactStatus.OPEN else f", {contact_status_label(contact)}"
    if contact_lapse(contact, today) is not None:  # never a bare „geplant“ after the due date
        status += ", Frist verstrichen"
    where = [format_address(contact.address)] if contact.address else []
    if area:
        where.append(area)
    return Place(
        name=contact.name,
        style=Style.CLOSED if contact.status is ContactStatus.CLOSED else Style.CONTACT,
        page=page,
        anchor=f"anlaufstelle-{contact.id}",
        detail=", ".join(where),
        **_located(contact.location, kind + status),
    )


def _measure(measure: Measure, page: str) -> Place | None:
    if measure.location is None:
        return None
    name = f"{measure.number} {measure.title}" if measure.number else measure.title
    what = "Maßnahme" + (f", {label(measure.status)}" if measure.status else "")
    return Place(
        name=name,
        style=Style.MEASURE,
        page=page,
        anchor=f"massnahme-{measure.id}",
        **_located(measure.location, what),
    )


def _event(event: Event, page: str) -> Place | None:
    venue = event.venue
    if venue is None or venue.location is None:
        return None
    where = venue.name + (f", {format_address(venue.address)}" if venue.address else "")
    start = event.start
    day = german_date(as_datetime(start).date())
    return Place(
        name=event.title,
        style=Style.EVENT,
        page=page,
        anchor=f"termin-{event.id}",
        detail=where,
        **_located(venue.location, f"{label(event.kind)} am {day}"),
    )


def _quarter_point(data: QuarterData) -> tuple[float, float, bool] | None:
    """The quarter's point, else the middle of its boundary's bounding box (approximate)."""
    location = data.quarter.location
    if location is not None:
        return location.lat, location.lon, location.approximate
    positions = list(_positions(_geometry(data.boundary)))
    if not positions:
        return None
    lons = [lon for lon, _lat in positions]
    lats = [lat for _lon, lat in positions]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2, True


def _geometry(geojson: dict[str, Any] | None) -> dict[str, Any] | None:
    """The Polygon or MultiPolygon of a validated boundary, coordinates rounded."""
    if geojson is None:
        return None
    geometry: Any = geojson
    if geometry.get("type") == "FeatureCollection":
        geometry = geometry["features"][0]
    if geometry.get("type") == "Feature":
        geometry = geometry["geometry"]
    rings = geometry["coordinates"] if geometry["type"] == "Polygon" else None
    if rings is not None:
        return {"type": "Polygon", "coordinates": _round_rings(rings)}
    return {
        "type": "MultiPolygon",
        "coordinates": [_round_rings(polygon) for polygon in geometry["coordinates"]],
    }


def _round_rings(rings: Iterable[Iterable[list[float]]]) -> list[list[list[float]]]:
    return [[[_round(pos[0]), _round(pos[1])] for pos in ring] for ring in rings]


def _positions(geometry: dict[str, Any] | None) -> Iterator[tuple[float, float]]:
    """Every (lon, lat) of a Polygon or MultiPolygon."""
    if geometry is None:
        return
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    for polygon in polygons:
        for ring in polygon:
            for pos in ring:
                yield pos[0], pos[1]


def _round(value: float) -> float:
    return round(float(value), PRECISION)


def _quarter_description(places: list[Place], boundary: dict[str, Any] | None) -> str:
    """ "Die Karte zeigt die Grenze des Quartiers sowie Anlaufstellen und Termine mit Ort." """
    quarter = "die Grenze des Quartiers" if boundary is not None else ""
    if not quarter and any(p.style is Style.QUARTER for p in places):
        quarter = "die Lage des Quartiers"
    kinds = [
        text
        for text, styles in (
            ("Anlaufstellen", {Style.CONTACT, Style.CLOSED}),
            ("Maßnahmen", {Style.MEASURE}),
            ("Termine", {Style.EVENT}),
        )
        if any(p.style in styles for p in places)
    ]
    others = ""
    if kinds:
        listed = kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} und {kinds[-1]}"
        others = f"{listed} mit Ort"
    if quarter and others:
        return f"Die Karte zeigt {quarter} sowie {others}."
    return f"Die Karte zeigt {quarter or others}."


__all__ = [
    "CLUSTER_FROM",
    "MAPS_DIR",
    "MapSpec",
    "Place",
    "Style",
    "all_maps",
    "contacts_map",
    "format_address",
    "format_position",
    "overview_map",
    "quarter_map",
    "quarter_style",
]
