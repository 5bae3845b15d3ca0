"""The typed data model: the single source of truth for quarter and city files.

Keys are English; titles and descriptions (which editors see in their editor
through the JSON Schema, and in the field reference) are German. Values that
editors choose from (status, kinds) are English keys too; :mod:`labels` holds
their German names for the site.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from .fields import (
    Day,
    Email,
    Fuzzy,
    LinkUrl,
    Moment,
    MunicipalityKey,
    Phone,
    Postcode,
    Slug,
    WebUrl,
    parse_scalar,
)
from .fuzzydate import FuzzyDate

Markdown = Annotated[
    str,
    Field(json_schema_extra={"contentMediaType": "text/markdown"}),
]


def _field(
    title: str, description: str = "", *, default: Any = ..., examples: list[Any] | None = None
) -> Any:
    extra: dict[str, Any] = {}
    return Field(
        default,
        title=title,
        description=description or None,
        examples=examples,
        json_schema_extra=extra or None,
    )


def _opt(title: str, description: str = "", examples: list[Any] | None = None) -> Any:
    return _field(title, description, default=None, examples=examples)


def _list(title: str, description: str = "", examples: list[Any] | None = None) -> Any:
    return Field(
        default_factory=list, title=title, description=description or None, examples=examples
    )


class Entry(BaseModel):
    """Base of every entry: unknown keys are errors, text is stripped."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        strict=False,
        populate_by_name=False,
        arbitrary_types_allowed=True,
        use_attribute_docstrings=False,
    )


# --------------------------------------------------------------------------- values


class Status(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    ENDED = "ended"


class MeasureStatus(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    COMPLETED = "completed"
    STOPPED = "stopped"


class ContactStatus(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"


class ContactKind(StrEnum):
    COORDINATION_OFFICE = "coordination_office"
    DISTRICT_SHOP = "district_shop"
    QUARTER_OFFICE = "quarter_office"
    CITY_DEPARTMENT = "city_department"
    ADVICE_CENTRE = "advice_centre"
    MEETING_PLACE = "meeting_place"
    OTHER = "other"


class EventKind(StrEnum):
    DISTRICT_CONFERENCE = "district_conference"
    WORKSHOP = "workshop"
    FORUM = "forum"
    PARTICIPATION = "participation"
    MEETING = "meeting"
    CONFERENCE = "conference"
    OTHER = "other"


class DecisionKind(StrEnum):
    DECISION = "decision"
    MOTION = "motion"
    REPORT = "report"
    CONCEPT = "concept"
    OTHER = "other"


class DecisionStatus(StrEnum):
    PLANNED = "planned"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    DEFERRED = "deferred"
    NOTED = "noted"


class AreaType(StrEnum):
    ACTION_AREA = "action_area"
    OBSERVATION_AREA = "observation_area"
    PROGRAMME_AREA = "programme_area"
    SOCIAL_AREA = "social_area"
    OTHER = "other"


def _source_ref(value: object) -> object:
    return {"id": value} if isinstance(value, str) else value


class SourceRef(Entry):
    """Where an entry's facts come from: a source of the file, and the place in it."""

    id: Slug = _field(
        "Quelle",
        "Kennung einer Quelle aus `sources` dieser Datei oder der Stadtdatei.",
        examples=["archivseite-soziale-stadt"],
    )
    at: str | None = _opt(
        "Stelle", "Stelle in der Quelle: Seite, Zeile, Abschnitt.", examples=["Z. 864–870", "S. 4"]
    )


SourceRefs = list[Annotated[SourceRef, BeforeValidator(_source_ref)]]


class Sourced(Entry):
    sources: SourceRefs = _list(
        "Quellen",
        "Belege für die Angaben dieses Eintrags: Kennungen aus `sources`, "
        "wahlweise mit Stelle (`{id: …, at: …}`).",
        examples=[["ratsvorlage-0067-2026"], [{"id": "tagungsdoku-2013", "at": "Z. 864–870"}]],
    )


class Source(Entry):
    """A document the facts of a file come from."""

    id: Slug = _field(
        "Kennung",
        "Kurze Kennung, mit der Einträge auf diese Quelle verweisen.",
        examples=["ratsvorlage-0067-2026"],
    )
    title: str = _field("Titel", "Titel des Dokuments.", examples=["Vorlage 0067/2026-1"])
    publisher: str | None = _opt(
        "Herausgeber", "Wer das Dokument veröffentlicht hat.", examples=["Stadt Hagen"]
    )
    date: Fuzzy | None = _opt("Datum", "Datum des Dokuments, so genau bekannt.")
    url: WebUrl | None = _opt("Webadresse", "Wo das Dokument öffentlich abrufbar ist.")
    note: str | None = _opt(
        "Hinweis", "Zusätzlicher Hinweis zur Quelle, z. B. „archivierte Seite“."
    )


class Point(Entry):
    """A point in WGS 84 as editors know it: latitude first."""

    lat: float = _field(
        "Breitengrad",
        "Geografische Breite (WGS 84), in Deutschland etwa 47 bis 55.",
        examples=[51.353],
    )
    lon: float = _field(
        "Längengrad", "Geografische Länge (WGS 84), in Deutschland etwa 6 bis 15.", examples=[7.456]
    )
    approximate: bool = _field(
        "ungefähr",
        "`true`, wenn der Punkt nur die ungefähre Lage angibt (z. B. die Mitte eines Quartiers).",
        default=False,
    )

    @model_validator(mode="after")
    def _in_range(self, info: ValidationInfo) -> Point:
        if not -90 <= self.lat <= 90:
            hint = " Sind Breiten- und Längengrad vertauscht?" if -90 <= self.lon <= 90 else ""
            raise PydanticCustomError(
                "qd_lat",
                "Breitengrad {lat} liegt außerhalb von −90 bis 90.{hint}",
                {"lat": self.lat, "hint": hint},
            )
        if not -180 <= self.lon <= 180:
            raise PydanticCustomError(
                "qd_lon", "Längengrad {lon} liegt außerhalb von −180 bis 180.", {"lon": self.lon}
            )
        region = (info.context or {}).get("region")
        if region is not None and not region.contains(self.lat, self.lon):
            if region.contains(self.lon, self.lat):
                raise PydanticCustomError(
                    "qd_swapped",
                    "Der Punkt ({lat}, {lon}) liegt außerhalb von {region}; Breiten- und Längengrad "
                    "sind offenbar vertauscht. Hinweis: `lat` ist der Breitengrad (in Deutschland "
                    "47–55), `lon` der Längengrad (6–15).",
                    {"lat": self.lat, "lon": self.lon, "region": region.name},
                )
            raise PydanticCustomError(
                "qd_region",
                "Der Punkt ({lat}, {lon}) liegt außerhalb von {region} (Breite {south}–{north}, "
                "Länge {west}–{east}).",
                {
                    "lat": self.lat,
                    "lon": self.lon,
                    "region": region.name,
                    "south": region.south,
                    "north": region.north,
                    "west": region.west,
                    "east": region.east,
                },
            )
        return self


class Address(Entry):
    street: str = _field("Straße und Hausnummer", examples=["Lange Straße 12"])
    postcode: Postcode = _field(
        "Postleitzahl", "Fünfstellig, in Anführungszeichen.", examples=["58089"]
    )
    city: str = _field("Ort", examples=["Hagen"])
    addition: str | None = _opt(
        "Zusatz", "Etwa Etage, Eingang, Gebäude.", examples=["Eingang über den Hof"]
    )


class Milestone(Sourced):
    date: Fuzzy = _field("Datum", "So genau, wie die Quelle es nennt.")
    title: str = _field("Was geschah", examples=["Programmstart Soziale Stadt"])
    text: Markdown | None = _opt("Beschreibung")


class Fact(Sourced):
    """An indicator of the quarter, with the city's value for comparison."""

    indicator: str = _field(
        "Kennzahl", examples=["Anteil der Bevölkerung mit Migrationshintergrund"]
    )
    value: Annotated[float | int | str, BeforeValidator(parse_scalar)] = _field(
        "Wert", examples=[66]
    )
    unit: str | None = _opt("Einheit", examples=["%"])
    year: int | None = _opt("Jahr", "Jahr, auf das sich der Wert bezieht.")
    city_value: Annotated[float | int | str, BeforeValidator(parse_scalar)] | None = _opt(
        "Wert der Gesamtstadt", "Zum Vergleich."
    )
    note: str | None = _opt("Hinweis")


class Document(Sourced):
    title: str = _field("Titel")
    url: WebUrl | None = _opt("Webadresse")
    date: Fuzzy | None = _opt("Datum")
    publisher: str | None = _opt("Herausgeber")
    description: str | None = _opt("Beschreibung")


class Link(Entry):
    title: str = _field("Linktext")
    url: LinkUrl = _field("Adresse", "http(s)-, mailto- oder tel-Adresse.")
    description: str | None = _opt("Beschreibung")


class Successor(Entry):
    """Where to turn now that a programme has ended."""

    text: Markdown = _field("Wohin jetzt?", "Wer heute ansprechbar ist und wofür.")
    contact: Slug | None = _opt(
        "Anlaufstelle",
        "Kennung einer Anlaufstelle (`contacts`) dieser oder einer anderen Quartiersdatei.",
    )
    url: WebUrl | None = _opt("Webadresse")


class Programme(Sourced):
    """A funding programme that ran or runs in the quarter."""

    id: Slug | None = _opt("Kennung", "Für Verweise; wird sonst aus dem Namen gebildet.")
    name: str = _field("Name", examples=["Soziale Stadt Wehringhausen"])
    funding: list[str] = _list(
        "Förderung", "Förderprogramme und Geldgeber.", examples=[["Soziale Stadt", "EFRE"]]
    )
    start: Fuzzy | None = _opt("Beginn")
    end: Fuzzy | None = _opt("Ende", "Bei laufenden Programmen das geplante Ende.")
    status: Status | None = _opt(
        "Status",
        "planned (geplant), running (läuft) oder ended (beendet). Fehlt die Angabe, "
        "ergibt sie sich aus Beginn und Ende.",
    )
    operators: list[str] = _list(
        "Träger", "Wer das Programm durchgeführt hat.", examples=[["Caritas", "Diakonie Mark-Ruhr"]]
    )
    summary: Markdown | None = _opt("Kurzbeschreibung")
    results: Markdown | None = _opt("Ergebnisse", "Was aus dem Programm geworden ist.")
    archive_notice: Markdown | None = _opt(
        "Archivhinweis", "Erscheint oben auf der Seite, wenn das Programm beendet ist."
    )
    successor: Successor | None = _opt("Nachfolge", "Wohin man sich jetzt wenden kann.")

    @model_validator(mode="after")
    def _dates_in_order(self) -> Programme:
        _check_order(self.start, self.end)
        return self


class Step(Sourced):
    date: Fuzzy = _field("Datum")
    title: str = _field("Schritt", examples=["Gründung der Arbeitsgruppe „Soziale Maßnahmen“"])
    text: Markdown | None = _opt("Beschreibung")


class Measure(Sourced):
    """A measure (Maßnahme) of the quarter."""

    id: Slug | None = _opt("Kennung", "Für Verweise; wird sonst aus Nummer und Titel gebildet.")
    number: str | None = _opt(
        "Nummer", "Nummer im Handlungskonzept, in Anführungszeichen.", examples=["6.0"]
    )
    title: str = _field("Titel", examples=["Sozialraumkonzept"])
    summary: Markdown | None = _opt("Kurzbeschreibung")
    reasons: Markdown | None = _opt("Anlass", "Warum es die Maßnahme gibt.")
    goals: list[str] = _list("Ziele")
    status: MeasureStatus | None = _opt(
        "Status", "planned, running, completed (abgeschlossen) oder stopped (eingestellt)."
    )
    start: Fuzzy | None = _opt("Beginn")
    end: Fuzzy | None = _opt("Ende")
    funding: list[str] = _list("Förderung")
    responsible: list[str] = _list("Verantwortlich", "Ämter, Träger, Büros.")
    location: Point | None = _opt("Ort")
    steps: list[Step] = _list("Schritte", "Datierte Arbeitsschritte.")
    result: Markdown | None = _opt("Ergebnis")
    programme: Slug | None = _opt("Programm", "Kennung des Programms, zu dem die Maßnahme gehört.")
    strategy_goals: list[Slug] = _list(
        "Strategische Ziele", "Kennungen von Zielen aus der Stadtdatei."
    )
    documents: list[Document] = _list("Dokumente")

    @model_validator(mode="after")
    def _dates_in_order(self) -> Measure:
        _check_order(self.start, self.end)
        return self


class Venue(Entry):
    name: str = _field("Name", examples=["Kultopia"])
    address: Address | None = _opt("Adresse")
    location: Point | None = _opt("Ort")


class Event(Sourced):
    """A dated event: district conference, workshop, forum."""

    id: Slug | None = _opt(
        "Kennung", "Für Verweise und Kalender; wird sonst aus Titel und Datum gebildet."
    )
    title: str = _field("Titel", examples=["7. Stadtteilkonferenz Wehringhausen"])
    kind: EventKind = _field(
        "Art",
        "district_conference, workshop, forum, participation, meeting, conference oder other.",
        default=EventKind.OTHER,
    )
    start: Moment = _field(
        "Beginn", "Datum (ganztägig) oder Datum mit Uhrzeit in deutscher Ortszeit."
    )
    end: Moment | None = _opt("Ende")
    date_note: str | None = _opt(
        "Hinweis zum Datum", "Etwa wenn das Jahr aus dem Zusammenhang erschlossen ist."
    )
    venue: Venue | None = _opt("Ort")
    summary: Markdown | None = _opt("Kurzbeschreibung")
    topics: list[str] = _list("Themen")
    participants: str | None = _opt("Teilnehmende", examples=["etwa 50 Personen"])
    outcomes: Markdown | None = _opt("Ergebnisse")
    documentation: WebUrl | None = _opt("Dokumentation", "Webadresse der Dokumentation.")
    organiser: str | None = _opt("Veranstalter")
    programme: Slug | None = _opt(
        "Programm", "Kennung des Programms, zu dem die Veranstaltung gehört."
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Event:
        if self.end is not None and _as_datetime(self.end) < _as_datetime(self.start):
            raise PydanticCustomError("qd_order", "Das Ende liegt vor dem Beginn.")
        return self


class Contact(Sourced):
    """A contact point: coordination office, district shop, quarter office, city department."""

    id: Slug | None = _opt("Kennung", "Für Verweise und vCard; wird sonst aus dem Namen gebildet.")
    name: str = _field("Name", examples=["Quartiersbüro Wehringhausen"])
    kind: ContactKind = _field(
        "Art",
        "coordination_office (Koordinationsstelle), district_shop (Stadtteilladen), "
        "quarter_office (Quartiersbüro), city_department (Fachdienst der Stadt), "
        "advice_centre (Beratungsstelle), meeting_place (Treffpunkt) oder other.",
        default=ContactKind.OTHER,
    )
    status: ContactStatus = _field(
        "Status",
        "planned (geplant), open (geöffnet) oder closed (geschlossen).",
        default=ContactStatus.OPEN,
    )
    due: Fuzzy | None = _opt(
        "Geplant bis",
        "Bei geplanten Anlaufstellen: bis wann sie eingerichtet sein soll.",
        examples=["Mitte 2026"],
    )
    since: Fuzzy | None = _opt("Seit")
    organisation: str | None = _opt("Träger")
    description: Markdown | None = _opt("Beschreibung")
    address: Address | None = _opt("Adresse")
    location: Point | None = _opt("Ort")
    phone: Phone | None = _opt("Telefon", examples=["02331 207-0"])
    email: Email | None = _opt("E-Mail")
    website: WebUrl | None = _opt("Webseite")
    opening_hours: str | None = _opt(
        "Öffnungszeiten",
        "In OpenStreetMap-Schreibweise.",
        examples=["Mo-Fr 09:00-12:00; Do 14:00-18:00"],
    )
    accessibility: str | None = _opt(
        "Barrierefreiheit", examples=["Stufenloser Zugang, WC barrierefrei"]
    )
    languages: list[str] = _list("Sprachen", examples=[["Deutsch", "Türkisch"]])
    reviewed: Day | None = _opt("Geprüft am")


class Commitment(Sourced):
    """Something a decision obliges the administration to do, with a deadline."""

    id: Slug | None = _opt(
        "Kennung", "Für Fortschrittsberichte; wird sonst aus dem Titel gebildet."
    )
    title: str = _field("Zusage", examples=["Quartalsweiser Sachstandsbericht"])
    text: Markdown | None = _opt("Beschreibung")
    due: Fuzzy | None = _opt("Frist")
    recurrence: str | None = _opt("Wiederkehr", "Etwa „vierteljährlich“.")
    interval_months: int | None = _opt(
        "Abstand in Monaten",
        "Bei wiederkehrenden Zusagen: spätestens nach so vielen Monaten ist ein neuer "
        "Sachstandsbericht fällig (3 = vierteljährlich).",
        examples=[3],
    )


class Decision(Sourced):
    """A council paper: decision, motion, report."""

    id: Slug | None = _opt(
        "Kennung", "Für Verweise; wird sonst aus der Drucksachennummer gebildet."
    )
    reference: str = _field(
        "Drucksache", "Nummer der Vorlage, in Anführungszeichen.", examples=["0745/2023"]
    )
    title: str = _field("Titel")
    kind: DecisionKind = _field(
        "Art", "decision, motion, report, concept oder other.", default=DecisionKind.DECISION
    )
    body: str = _field(
        "Gremium", examples=["Ausschuss für Soziales, Integration und Demografie (SID)"]
    )
    date: Fuzzy = _field("Datum", "Sitzungs- oder Einreichungsdatum.")
    status: DecisionStatus = _field(
        "Status", "planned, adopted, rejected, deferred oder noted.", default=DecisionStatus.ADOPTED
    )
    decision_date: Fuzzy | None = _opt(
        "Beschluss geplant am", "Bei Anträgen: wann beraten werden soll."
    )
    summary: Markdown | None = _opt("Inhalt")
    result: Markdown | None = _opt("Ergebnis")
    deadline: Fuzzy | None = _opt("Frist")
    url: WebUrl | None = _opt("Webadresse")
    commitments: list[Commitment] = _list("Zusagen", "Was die Verwaltung tun soll, mit Frist.")
    quarters: list[str] = _list(
        "Quartiere",
        "In der Stadtdatei: Pfade der betroffenen Quartiere, z. B. „hagen/wehringhausen“.",
    )
    related: list[Slug] = _list("Bezug", "Kennungen früherer Beschlüsse.")


class Report(Sourced):
    """A dated progress report on a decision or the quarter."""

    id: Slug | None = _opt("Kennung")
    date: Day = _field("Datum")
    title: str = _field("Titel")
    text: Markdown | None = _opt("Inhalt")
    decision: Slug | None = _opt(
        "Beschluss", "Kennung des Beschlusses, über dessen Umsetzung berichtet wird."
    )
    commitment: Slug | None = _opt("Zusage", "Kennung der Zusage, über die berichtet wird.")
    url: WebUrl | None = _opt("Webadresse")


class StrategyGoal(Sourced):
    id: Slug = _field("Kennung", examples=["ziel-01"])
    number: str | None = _opt("Nummer")
    title: str = _field("Ziel")
    core_messages: list[str] = _list("Kernaussagen")
    decision: Slug | None = _opt("Beschluss", "Kennung des Beschlusses, mit dem das Ziel gilt.")


class Quarter(Entry):
    """One quarter: the contents of a file `quarters/<stadt>/<quartier>.yaml`."""

    name: str = _field("Name", examples=["Wehringhausen"])
    city: str = _field("Stadt", examples=["Hagen"])
    district: str | None = _opt("Stadtbezirk", examples=["Mitte"])
    area_type: AreaType | None = _opt(
        "Gebietstyp",
        "action_area (Handlungsgebiet), observation_area (Beobachtungsgebiet), "
        "programme_area (Programmgebiet), social_area (Sozialraum) oder other.",
    )
    summary: str = _field(
        "Kurzbeschreibung", "Ein bis zwei Sätze für Übersichten und Suchergebnisse."
    )
    description: Markdown | None = _opt("Gebietscharakter und Ausgangslage")
    potentials: Markdown | None = _opt("Potenziale und Handlungsansätze")
    partners: Markdown | None = _opt("Organisation und lokale Partner")
    milestones: list[Milestone] = _list("Meilensteine")
    outlook: Markdown | None = _opt("Perspektiven")
    location: Point | None = _opt(
        "Lage", "Mittelpunkt des Quartiers; bei ungefährer Lage `approximate: true`."
    )
    boundary: str | None = _opt(
        "Grenze", "Dateiname einer GeoJSON-Datei neben dieser Datei (Längengrad vor Breitengrad)."
    )
    facts: list[Fact] = _list("Kennzahlen")
    tags: list[str] = _list("Schlagwörter")
    strategy_goals: list[Slug] = _list(
        "Strategische Ziele", "Kennungen von Zielen aus der Stadtdatei."
    )
    reviewed: Day | None = _opt("Stand", "Wann der Inhalt zuletzt geprüft wurde.")
    programmes: list[Programme] = _list("Programme")
    measures: list[Measure] = _list("Maßnahmen")
    events: list[Event] = _list("Termine")
    contacts: list[Contact] = _list("Anlaufstellen")
    decisions: list[Decision] = _list("Beschlüsse")
    reports: list[Report] = _list("Sachstandsberichte")
    documents: list[Document] = _list("Dokumente")
    links: list[Link] = _list("Links")
    sources: list[Source] = _list(
        "Quellen", "Die Dokumente, aus denen die Angaben dieser Datei stammen."
    )


class City(Entry):
    """City-wide content: the file `quarters/<stadt>/_stadt.yaml`."""

    name: str = _field("Name", examples=["Hagen"])
    ags: MunicipalityKey | None = _opt(
        "Amtlicher Gemeindeschlüssel", "Achtstellig, in Anführungszeichen.", examples=["05914000"]
    )
    state: str | None = _opt("Bundesland", examples=["Nordrhein-Westfalen"])
    summary: str | None = _opt("Kurzbeschreibung")
    description: Markdown | None = _opt("Beschreibung")
    strategy: str | None = _opt(
        "Strategie",
        "Name des Konzepts, aus dem die Ziele stammen.",
        examples=["Integriertes Stadtentwicklungskonzept (ISEK)"],
    )
    strategy_goals: list[StrategyGoal] = _list("Strategische Ziele")
    events: list[Event] = _list("Termine", "Stadtweite Termine, z. B. Stadtbezirkswerkstätten.")
    decisions: list[Decision] = _list("Beschlüsse")
    reports: list[Report] = _list("Sachstandsberichte")
    documents: list[Document] = _list("Dokumente")
    links: list[Link] = _list("Links")
    sources: list[Source] = _list("Quellen")
    reviewed: Day | None = _opt("Stand")


def _check_order(start: FuzzyDate | None, end: FuzzyDate | None) -> None:
    if start is not None and end is not None and end.latest < start.earliest:
        raise PydanticCustomError(
            "qd_order",
            "Das Ende ({end}) liegt vor dem Beginn ({start}).",
            {"end": end.german(), "start": start.german()},
        )


def _as_datetime(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
