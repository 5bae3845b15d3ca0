"""The typed data model: the single source of truth for quarter and city files.

Keys are English; titles and descriptions (which editors see in their editor
through the JSON Schema, and in the field reference) are German. Values that
editors choose from (status, kinds) are English keys too; :mod:`labels` holds
their German names for the site.
"""

from __future__ import annotations

import math
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .fields import (
    Day,
    Email,
    Fuzzy,
    LinkUrl,
    Moment,
    MunicipalityKey,
    OneLine,
    Phone,
    Postcode,
    Slug,
    WebUrl,
    parse_scalar,
)
from .fuzzydate import FuzzyDate
from .german import as_datetime
from .hours import OpeningHoursText
from .languages import LANGUAGES, check_language_key

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
    STANDING_BODY = "standing_body"


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
    as_of: Day | None = _opt(
        "Stand der Quelle",
        "Tag, dessen Lage die Quelle beschreibt (etwa das Datum der Vorlage). Die Website zeigt "
        "„Stand der Quelle: …“. Darf nicht in der Zukunft liegen.",
        examples=["2026-02-10"],
    )

    @field_validator("as_of")
    @classmethod
    def _as_of_not_in_future(cls, value: date | None, info: ValidationInfo) -> date | None:
        today = (info.context or {}).get("today")
        if value is not None and today is not None and value > today:
            raise PydanticCustomError(
                "qd_as_of_future",
                "Der Stand der Quelle ({day}) liegt nach dem Tag des Baus ({today}). Hinweis: "
                "`as_of` ist der Tag, dessen Lage die Quelle beschreibt; ein künftiger Termin "
                "gehört in ein anderes Feld (etwa `due` oder `decision_date`).",
                {"day": value.strftime("%d.%m.%Y"), "today": today.strftime("%d.%m.%Y")},
            )
        return value


class Source(Entry):
    """A document the facts of a file come from."""

    id: Slug = _field(
        "Kennung",
        "Kurze Kennung, mit der Einträge auf diese Quelle verweisen.",
        examples=["ratsvorlage-0067-2026"],
    )
    title: OneLine = _field("Titel", "Titel des Dokuments.", examples=["Vorlage 0067/2026-1"])
    publisher: str | None = _opt(
        "Herausgeber", "Wer das Dokument veröffentlicht hat.", examples=["Stadt Hagen"]
    )
    date: Fuzzy | None = _opt(
        "Datum", "Datum des Dokuments, so genau bekannt.", examples=["2024-05", 2024]
    )
    url: WebUrl | None = _opt(
        "Webadresse",
        "Wo das Dokument öffentlich abrufbar ist.",
        examples=["https://www.example.org/vorlage-0067-2026.pdf"],
    )
    note: str | None = _opt(
        "Hinweis",
        "Zusätzlicher Hinweis zur Quelle, z. B. „archivierte Seite“.",
        examples=["archivierte Seite"],
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
        examples=[True],
    )

    @model_validator(mode="after")
    def _in_range(self, info: ValidationInfo) -> Point:
        if not (math.isfinite(self.lat) and math.isfinite(self.lon)):
            raise PydanticCustomError(
                "qd_finite", "Breiten- und Längengrad müssen endliche Zahlen sein."
            )
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
    street: str = _field(
        "Straße und Hausnummer",
        "Straße und Hausnummer der Anschrift.",
        examples=["Lange Straße 12"],
    )
    postcode: Postcode = _field(
        "Postleitzahl", "Fünfstellig, in Anführungszeichen.", examples=["58089"]
    )
    city: str = _field("Ort", "Ort der Anschrift.", examples=["Hagen"])
    addition: str | None = _opt(
        "Zusatz", "Etwa Etage, Eingang, Gebäude.", examples=["Eingang über den Hof"]
    )


class Milestone(Sourced):
    date: Fuzzy = _field("Datum", "So genau, wie die Quelle es nennt.")
    title: OneLine = _field(
        "Was geschah", "Das Ereignis in wenigen Worten.", examples=["Programmstart Soziale Stadt"]
    )
    text: Markdown | None = _opt(
        "Beschreibung",
        "Markdown-Text: Einzelheiten zum Ereignis.",
        examples=["Der Rat beschließt das Handlungskonzept."],
    )


class Fact(Sourced):
    """An indicator of the quarter, with the city's value for comparison."""

    indicator: str = _field(
        "Kennzahl",
        "Was gezählt oder gemessen wurde.",
        examples=["Anteil der Bevölkerung mit Migrationshintergrund"],
    )
    value: Annotated[float | int | str, BeforeValidator(parse_scalar)] = _field(
        "Wert", "Der Wert, als Zahl (mit Punkt als Dezimalzeichen) oder als Text.", examples=[66]
    )
    unit: str | None = _opt(
        "Einheit", "Einheit des Werts, etwa %, Personen oder ha.", examples=["%"]
    )
    year: int | None = _opt("Jahr", "Jahr, auf das sich der Wert bezieht.", examples=[2024])
    city_value: Annotated[float | int | str, BeforeValidator(parse_scalar)] | None = _opt(
        "Wert der Gesamtstadt", "Zum Vergleich.", examples=[41]
    )
    note: str | None = _opt(
        "Hinweis", "Zusätzlicher Hinweis zum Wert.", examples=["Stichtag 31. Dezember"]
    )


class Document(Sourced):
    title: OneLine = _field(
        "Titel", "Titel des Dokuments.", examples=["Integriertes Handlungskonzept Wehringhausen"]
    )
    url: WebUrl | None = _opt(
        "Webadresse",
        "Wo das Dokument öffentlich abrufbar ist.",
        examples=["https://www.example.org/handlungskonzept.pdf"],
    )
    date: Fuzzy | None = _opt("Datum", "Datum des Dokuments, so genau bekannt.", examples=[2014])
    publisher: str | None = _opt(
        "Herausgeber", "Wer das Dokument veröffentlicht hat.", examples=["Stadt Hagen"]
    )
    description: str | None = _opt(
        "Beschreibung",
        "Worum es in dem Dokument geht.",
        examples=["Grundlage der Förderung im Programm Soziale Stadt."],
    )


class Link(Entry):
    title: OneLine = _field(
        "Linktext", "Text, der als Link erscheint.", examples=["Stadtteilverein Wehringhausen"]
    )
    url: LinkUrl = _field(
        "Adresse",
        "http(s)-, mailto- oder tel-Adresse.",
        examples=["https://www.example.org/", "mailto:info@example.org"],
    )
    description: str | None = _opt(
        "Beschreibung",
        "Kurzer Hinweis, was hinter dem Link steckt.",
        examples=["Termine und Angebote des Vereins"],
    )


class Successor(Entry):
    """Where to turn now that a programme has ended."""

    text: Markdown = _field(
        "Wohin jetzt?",
        "Wer heute ansprechbar ist und wofür.",
        examples=["Fragen zur Nachbarschaftsarbeit beantwortet jetzt das Quartiersbüro."],
    )
    contact: Slug | None = _opt(
        "Anlaufstelle",
        "Kennung einer Anlaufstelle (`contacts`) dieser oder einer anderen Quartiersdatei.",
        examples=["quartiersbuero-wehringhausen"],
    )
    url: WebUrl | None = _opt(
        "Webadresse",
        "Webseite der Stelle, an die man sich jetzt wenden kann.",
        examples=["https://www.example.org/quartiersbuero"],
    )


class Programme(Sourced):
    """A funding programme that ran or runs in the quarter."""

    id: Slug | None = _opt(
        "Kennung",
        "Für Verweise; wird sonst aus dem Namen gebildet.",
        examples=["soziale-stadt-wehringhausen"],
    )
    name: OneLine = _field(
        "Name", "Name des Programms im Quartier.", examples=["Soziale Stadt Wehringhausen"]
    )
    funding: list[str] = _list(
        "Förderung", "Förderprogramme und Geldgeber.", examples=[["Soziale Stadt", "EFRE"]]
    )
    start: Fuzzy | None = _opt(
        "Beginn", "Wann das Programm begann, so genau bekannt.", examples=[2014]
    )
    end: Fuzzy | None = _opt(
        "Ende", "Bei laufenden Programmen das geplante Ende.", examples=["Ende 2023"]
    )
    status: Status | None = _opt(
        "Status",
        "planned (geplant), running (läuft) oder ended (beendet). Fehlt die Angabe, "
        "ergibt sie sich aus Beginn und Ende.",
        examples=["ended"],
    )
    operators: list[str] = _list(
        "Träger", "Wer das Programm durchgeführt hat.", examples=[["Caritas", "Diakonie Mark-Ruhr"]]
    )
    summary: Markdown | None = _opt(
        "Kurzbeschreibung",
        "Markdown-Text: worum es in dem Programm ging oder geht.",
        examples=["Städtebauförderung für Wohnumfeld, Nachbarschaft und Bildung."],
    )
    results: Markdown | None = _opt(
        "Ergebnisse",
        "Was aus dem Programm geworden ist.",
        examples=["Die Nachbarschaftsarbeit führt der Stadtteilverein weiter."],
    )
    archive_notice: Markdown | None = _opt(
        "Archivhinweis",
        "Erscheint oben auf der Seite, wenn das Programm beendet ist.",
        examples=["Das Programm ist Ende 2023 ausgelaufen. Diese Seite dokumentiert seinen Stand."],
    )
    successor: Successor | None = _opt(
        "Nachfolge",
        "Wohin man sich jetzt wenden kann.",
        examples=[
            {
                "text": "Fragen beantwortet jetzt das Quartiersbüro.",
                "contact": "quartiersbuero-wehringhausen",
            }
        ],
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Programme:
        _check_order(self.start, self.end)
        return self


class Step(Sourced):
    date: Fuzzy | None = _opt(
        "Datum",
        "So genau, wie die Quelle es nennt; weglassen, wenn sie kein Datum nennt.",
        examples=["2010-11"],
    )
    title: OneLine = _field(
        "Schritt",
        "Was getan wurde, in wenigen Worten.",
        examples=["Gründung der Arbeitsgruppe „Soziale Maßnahmen“"],
    )
    text: Markdown | None = _opt(
        "Beschreibung",
        "Markdown-Text: Einzelheiten zum Schritt.",
        examples=["Die Arbeitsgruppe trifft sich seitdem monatlich."],
    )


class Measure(Sourced):
    """A measure (Maßnahme) of the quarter."""

    id: Slug | None = _opt(
        "Kennung",
        "Für Verweise; wird sonst aus Nummer und Titel gebildet.",
        examples=["sozialraumkonzept"],
    )
    number: str | None = _opt(
        "Nummer", "Nummer im Handlungskonzept, in Anführungszeichen.", examples=["6.0"]
    )
    title: OneLine = _field("Titel", "Titel der Maßnahme.", examples=["Sozialraumkonzept"])
    summary: Markdown | None = _opt(
        "Kurzbeschreibung",
        "Markdown-Text: worum es bei der Maßnahme geht.",
        examples=["Bestandsaufnahme der sozialen Angebote im Quartier."],
    )
    reasons: Markdown | None = _opt(
        "Anlass",
        "Warum es die Maßnahme gibt.",
        examples=["Die Stadt wollte wissen, welche Angebote im Quartier fehlen."],
    )
    goals: list[str] = _list(
        "Ziele",
        "Was die Maßnahme erreichen soll.",
        examples=[["Bedarfe erkennen", "Angebote abstimmen"]],
    )
    status: MeasureStatus | None = _opt(
        "Status",
        "planned, running, completed (abgeschlossen) oder stopped (eingestellt).",
        examples=["running"],
    )
    start: Fuzzy | None = _opt(
        "Beginn", "Wann die Maßnahme begann oder beginnen soll.", examples=["2010-11"]
    )
    end: Fuzzy | None = _opt(
        "Ende", "Wann die Maßnahme endete oder enden soll.", examples=["Ende 2026"]
    )
    funding: list[str] = _list(
        "Förderung", "Förderprogramme und Geldgeber der Maßnahme.", examples=[["Soziale Stadt"]]
    )
    responsible: list[str] = _list(
        "Verantwortlich", "Ämter, Träger, Büros.", examples=[["Fachbereich Jugend und Soziales"]]
    )
    location: Point | None = _opt(
        "Ort",
        "Wo die Maßnahme stattfindet (Punkt auf der Karte).",
        examples=[{"lat": 51.353, "lon": 7.456}],
    )
    steps: list[Step] = _list(
        "Schritte",
        "Datierte Arbeitsschritte.",
        examples=[[{"date": "2010-11", "title": "Gründung der Arbeitsgruppe"}]],
    )
    result: Markdown | None = _opt(
        "Ergebnis",
        "Markdown-Text: was die Maßnahme erreicht hat.",
        examples=["Das Konzept liegt seit 2012 vor."],
    )
    programme: Slug | None = _opt(
        "Programm",
        "Kennung des Programms, zu dem die Maßnahme gehört.",
        examples=["soziale-stadt-wehringhausen"],
    )
    strategy_goals: list[Slug] = _list(
        "Strategische Ziele", "Kennungen von Zielen aus der Stadtdatei.", examples=[["ziel-01"]]
    )
    documents: list[Document] = _list(
        "Dokumente",
        "Dokumente zur Maßnahme.",
        examples=[[{"title": "Sozialraumkonzept", "date": 2012}]],
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Measure:
        _check_order(self.start, self.end)
        return self


class Venue(Entry):
    name: OneLine = _field("Name", "Name des Veranstaltungsorts.", examples=["Kultopia"])
    address: Address | None = _opt(
        "Adresse",
        "Anschrift des Veranstaltungsorts.",
        examples=[{"street": "Lange Straße 12", "postcode": "58089", "city": "Hagen"}],
    )
    location: Point | None = _opt(
        "Ort",
        "Lage auf der Karte (Breiten- und Längengrad).",
        examples=[{"lat": 51.353, "lon": 7.456}],
    )


class Event(Sourced):
    """A dated event: district conference, workshop, forum."""

    id: Slug | None = _opt(
        "Kennung",
        "Für Verweise und Kalender; wird sonst aus Titel und Datum gebildet.",
        examples=["stadtteilkonferenz-2026"],
    )
    title: OneLine = _field(
        "Titel", "Titel der Veranstaltung.", examples=["7. Stadtteilkonferenz Wehringhausen"]
    )
    kind: EventKind = _field(
        "Art",
        "district_conference, workshop, forum, participation, meeting, conference oder other.",
        default=EventKind.OTHER,
        examples=["district_conference"],
    )
    start: Moment = _field(
        "Beginn", "Datum (ganztägig) oder Datum mit Uhrzeit in deutscher Ortszeit."
    )
    end: Moment | None = _opt(
        "Ende",
        "Datum oder Datum mit Uhrzeit, zu dem die Veranstaltung endet.",
        examples=["2026-03-26 21:00"],
    )
    date_note: str | None = _opt(
        "Hinweis zum Datum",
        "Etwa wenn das Jahr aus dem Zusammenhang erschlossen ist.",
        examples=["Das Jahr ist aus dem Protokoll erschlossen."],
    )
    venue: Venue | None = _opt(
        "Ort", "Wo die Veranstaltung stattfindet.", examples=[{"name": "Kultopia"}]
    )
    summary: Markdown | None = _opt(
        "Kurzbeschreibung",
        "Markdown-Text: worum es bei der Veranstaltung geht.",
        examples=["Bewohnerinnen, Vereine und Verwaltung beraten über den Stand im Quartier."],
    )
    topics: list[str] = _list(
        "Themen", "Themen der Veranstaltung.", examples=[["Wohnen", "Verkehr"]]
    )
    participants: str | None = _opt(
        "Teilnehmende", "Wer oder wie viele teilgenommen haben.", examples=["etwa 50 Personen"]
    )
    outcomes: Markdown | None = _opt(
        "Ergebnisse",
        "Markdown-Text: was die Veranstaltung ergeben hat.",
        examples=["Eine Koordinationsstelle wird weiter gebraucht."],
    )
    documentation: WebUrl | None = _opt(
        "Dokumentation",
        "Webadresse der Dokumentation.",
        examples=["https://www.example.org/stadtteilkonferenz-2026.pdf"],
    )
    organiser: str | None = _opt(
        "Veranstalter",
        "Wer die Veranstaltung ausrichtet.",
        examples=["Stadtteilforum Wehringhausen"],
    )
    programme: Slug | None = _opt(
        "Programm",
        "Kennung des Programms, zu dem die Veranstaltung gehört.",
        examples=["soziale-stadt-wehringhausen"],
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Event:
        if self.end is not None and as_datetime(self.end) < as_datetime(self.start):
            raise PydanticCustomError("qd_order", "Das Ende liegt vor dem Beginn.")
        return self


class Contact(Sourced):
    """A contact point: coordination office, district shop, quarter office, city department."""

    id: Slug | None = _opt(
        "Kennung",
        "Für Verweise und vCard; wird sonst aus dem Namen gebildet.",
        examples=["quartiersbuero-wehringhausen"],
    )
    name: OneLine = _field(
        "Name", "Name der Anlaufstelle.", examples=["Quartiersbüro Wehringhausen"]
    )
    kind: ContactKind = _field(
        "Art",
        "coordination_office (Koordinationsstelle), district_shop (Stadtteilladen), "
        "quarter_office (Quartiersbüro), city_department (Fachdienst der Stadt), "
        "advice_centre (Beratungsstelle), meeting_place (Treffpunkt), standing_body "
        "(Gremium oder Arbeitskreis, etwa eine ständige Konferenz) oder other.",
        default=ContactKind.OTHER,
        examples=["quarter_office"],
    )
    status: ContactStatus = _field(
        "Status",
        "planned (geplant), open (geöffnet) oder closed (geschlossen).",
        default=ContactStatus.OPEN,
        examples=["open"],
    )
    due: Fuzzy | None = _opt(
        "Geplant bis",
        "Bei geplanten Anlaufstellen: bis wann sie eingerichtet sein soll.",
        examples=["Mitte 2026"],
    )
    since: Fuzzy | None = _opt("Seit", "Seit wann es die Anlaufstelle gibt.", examples=[2015])
    organisation: str | None = _opt(
        "Träger", "Wer die Anlaufstelle betreibt.", examples=["Caritasverband Hagen"]
    )
    description: Markdown | None = _opt(
        "Beschreibung",
        "Markdown-Text: was die Anlaufstelle bietet.",
        examples=["Beratung zu Wohnen, Arbeit und Nachbarschaft."],
    )
    address: Address | None = _opt(
        "Adresse",
        "Anschrift der Anlaufstelle.",
        examples=[{"street": "Lange Straße 12", "postcode": "58089", "city": "Hagen"}],
    )
    location: Point | None = _opt(
        "Ort",
        "Lage auf der Karte (Breiten- und Längengrad).",
        examples=[{"lat": 51.353, "lon": 7.456}],
    )
    phone: Phone | None = _opt("Telefon", "Telefonnummer mit Vorwahl.", examples=["02331 207-0"])
    email: Email | None = _opt(
        "E-Mail", "E-Mail-Adresse der Anlaufstelle.", examples=["quartiersbuero@example.org"]
    )
    website: WebUrl | None = _opt(
        "Webseite",
        "Webseite der Anlaufstelle (mit https://).",
        examples=["https://www.example.org/quartiersbuero"],
    )
    opening_hours: OpeningHoursText | None = _opt(
        "Öffnungszeiten",
        "In OpenStreetMap-Schreibweise: Wochentage englisch abgekürzt (Mo Tu We Th Fr Sa Su), "
        "Uhrzeiten als 09:00-12:00, Regeln mit „;“ getrennt, Feiertage „PH“, geschlossen „off“.",
        examples=["Mo-Fr 09:00-12:00; Th 14:00-18:00", "Mo-Fr 09:00-12:00; PH off"],
    )
    accessibility: str | None = _opt(
        "Barrierefreiheit",
        "Zugang für Menschen mit Behinderung: Stufen, Aufzug, WC.",
        examples=["Stufenloser Zugang, WC barrierefrei"],
    )
    languages: list[str] = _list(
        "Sprachen", "Sprachen, in denen beraten wird.", examples=[["Deutsch", "Türkisch"]]
    )
    reviewed: Day | None = _opt(
        "Geprüft am", "Wann die Angaben zuletzt geprüft wurden.", examples=["2026-03-17"]
    )


class Commitment(Sourced):
    """Something a decision obliges the administration to do, with a deadline."""

    id: Slug | None = _opt(
        "Kennung",
        "Für Fortschrittsberichte; wird sonst aus dem Titel gebildet.",
        examples=["sachstandsbericht"],
    )
    title: OneLine = _field(
        "Zusage",
        "Was die Verwaltung zugesagt hat, in wenigen Worten.",
        examples=["Quartalsweiser Sachstandsbericht"],
    )
    text: Markdown | None = _opt(
        "Beschreibung",
        "Markdown-Text: Einzelheiten der Zusage.",
        examples=["Die Verwaltung berichtet dem Ausschuss über den Stand der Einrichtung."],
    )
    due: Fuzzy | None = _opt(
        "Frist", "Bis wann die Zusage erfüllt sein soll, so genau bekannt.", examples=["Mitte 2026"]
    )
    recurrence: str | None = _opt(
        "Wiederkehr", "Etwa „vierteljährlich“.", examples=["vierteljährlich"]
    )
    interval_months: int | None = _opt(
        "Abstand in Monaten",
        "Bei wiederkehrenden Zusagen: spätestens nach so vielen Monaten ist ein neuer "
        "Sachstandsbericht fällig (3 = vierteljährlich).",
        examples=[3],
    )


class Decision(Sourced):
    """A council paper: decision, motion, report."""

    id: Slug | None = _opt(
        "Kennung",
        "Für Verweise; wird sonst aus der Drucksachennummer gebildet.",
        examples=["0745-2023"],
    )
    reference: str | None = _opt(
        "Drucksache",
        "Nummer der Vorlage, in Anführungszeichen. Weglassen, wenn sie nicht bekannt ist.",
        examples=["0745/2023"],
    )
    title: OneLine = _field(
        "Titel", "Titel der Vorlage.", examples=["Einrichtung eines Quartiersbüros"]
    )
    kind: DecisionKind = _field(
        "Art",
        "decision, motion, report, concept oder other.",
        default=DecisionKind.DECISION,
        examples=["decision"],
    )
    body: str = _field(
        "Gremium",
        "Das Gremium, das beraten oder beschlossen hat.",
        examples=["Ausschuss für Soziales, Integration und Demografie (SID)"],
    )
    date: Fuzzy = _field("Datum", "Sitzungs- oder Einreichungsdatum.")
    status: DecisionStatus = _field(
        "Status",
        "planned, adopted, rejected, deferred oder noted.",
        default=DecisionStatus.ADOPTED,
        examples=["adopted"],
    )
    decision_date: Fuzzy | None = _opt(
        "Beschluss geplant am", "Bei Anträgen: wann beraten werden soll.", examples=["2026-09"]
    )
    summary: Markdown | None = _opt(
        "Inhalt",
        "Markdown-Text: worum es in der Vorlage geht.",
        examples=["Die Verwaltung soll im Quartier ein Quartiersbüro einrichten."],
    )
    result: Markdown | None = _opt(
        "Ergebnis", "Markdown-Text: was beschlossen wurde.", examples=["Einstimmig beschlossen."]
    )
    deadline: Fuzzy | None = _opt(
        "Frist", "Bis wann der Beschluss umgesetzt sein soll.", examples=["Ende 2026"]
    )
    url: WebUrl | None = _opt(
        "Webadresse",
        "Webadresse der Vorlage, etwa im Ratsinformationssystem.",
        examples=["https://www.example.org/ratsinfo/vorlage-0745-2023"],
    )
    commitments: list[Commitment] = _list(
        "Zusagen",
        "Was die Verwaltung tun soll, mit Frist.",
        examples=[
            [{"title": "Vierteljährlicher Sachstandsbericht", "recurrence": "vierteljährlich"}]
        ],
    )
    quarters: list[str] = _list(
        "Quartiere",
        "In der Stadtdatei: Pfade der betroffenen Quartiere, z. B. „hagen/wehringhausen“.",
        examples=[["hagen/wehringhausen"]],
    )
    related: list[Slug] = _list("Bezug", "Kennungen früherer Beschlüsse.", examples=[["0067-2026"]])


class Report(Sourced):
    """A dated progress report on a decision or the quarter."""

    id: Slug | None = _opt(
        "Kennung",
        "Für Verweise; wird sonst aus Datum und Titel gebildet.",
        examples=["sachstand-2026-06"],
    )
    date: Day = _field("Datum", "Tag des Berichts.", examples=["2026-06-30"])
    title: OneLine = _field("Titel", "Titel des Berichts.", examples=["Erster Sachstandsbericht"])
    text: Markdown | None = _opt(
        "Inhalt",
        "Markdown-Text: was berichtet wurde.",
        examples=["Die Räume sind gefunden; das Büro öffnet im Herbst."],
    )
    decision: Slug | None = _opt(
        "Beschluss",
        "Kennung des Beschlusses, über dessen Umsetzung berichtet wird.",
        examples=["0745-2023"],
    )
    commitment: Slug | None = _opt(
        "Zusage",
        "Kennung der Zusage, über die berichtet wird.",
        examples=["vierteljaehrlicher-sachstandsbericht"],
    )
    url: WebUrl | None = _opt(
        "Webadresse",
        "Webadresse des Berichts, etwa im Ratsinformationssystem.",
        examples=["https://www.example.org/ratsinfo/bericht-2026-06"],
    )
    fulfilled: bool = _field(
        "Zusage erfüllt",
        "`true`, wenn der Bericht sagt, dass die Zusage (`commitment`) erfüllt ist. Die Website "
        "zeigt sie dann als „erfüllt am …“ (Tag des Berichts).",
        default=False,
        examples=[True],
    )

    @model_validator(mode="after")
    def _fulfils_a_commitment(self) -> Report:
        if self.fulfilled and self.commitment is None:
            raise PydanticCustomError(
                "qd_fulfilled_without_commitment",
                "`fulfilled: true` sagt, dass der Bericht eine Zusage erfüllt, aber der Bericht "
                "nennt keine Zusage. Hinweis: Geben Sie `decision` und `commitment` an oder "
                "streichen Sie `fulfilled`.",
            )
        return self


class StrategyGoal(Sourced):
    id: Slug = _field(
        "Kennung",
        "Kurze Kennung, mit der Quartiere und Maßnahmen auf das Ziel verweisen.",
        examples=["ziel-01"],
    )
    number: str | None = _opt(
        "Nummer", "Nummer des Ziels im Konzept, in Anführungszeichen.", examples=["1"]
    )
    title: OneLine = _field("Ziel", "Das Ziel in einem Satz.", examples=["Gutes Wohnen für alle"])
    core_messages: list[str] = _list(
        "Kernaussagen",
        "Die wichtigsten Aussagen zum Ziel.",
        examples=[["Bezahlbare Wohnungen sichern"]],
    )
    decision: Slug | None = _opt(
        "Beschluss", "Kennung des Beschlusses, mit dem das Ziel gilt.", examples=["0067-2026"]
    )


# --------------------------------------------------------------------------- translations


class ProgrammeTranslation(Entry):
    """The reader-facing texts of one programme in another language."""

    summary: Markdown | None = _opt(
        "Kurzbeschreibung",
        "Übersetzung von `summary` des Programms.",
        examples=["Funding programme “Soziale Stadt” for the district."],
    )
    archive_notice: Markdown | None = _opt(
        "Archivhinweis",
        "Übersetzung von `archive_notice` des Programms.",
        examples=["The programme ended at the end of 2023."],
    )
    successor: Markdown | None = _opt(
        "Wohin jetzt?",
        "Übersetzung von `successor.text` des Programms.",
        examples=["Please contact the City of Hagen."],
    )


class ContactTranslation(Entry):
    """The description of one contact point in another language."""

    description: Markdown | None = _opt(
        "Beschreibung",
        "Übersetzung von `description` der Anlaufstelle.",
        examples=["Planned coordination office for the area."],
    )


#: A key of `translations`: a BCP 47 language tag the site has labels for, or `leichte_sprache`.
LanguageKey = Annotated[str, AfterValidator(check_language_key)]


class Translation(Entry):
    """A quarter's reader-facing texts in one language (or in Leichte Sprache)."""

    summary: str | None = _opt(
        "Kurzbeschreibung",
        "Übersetzung von `summary`.",
        examples=["A district of Hagen where the programme “Soziale Stadt” ran until 2023."],
    )
    description: Markdown | None = _opt(
        "Gebietscharakter und Ausgangslage",
        "Übersetzung von `description`.",
        examples=["Wehringhausen was part of the programme from 2014 to the end of 2023."],
    )
    programmes: dict[Slug, ProgrammeTranslation] = Field(
        default_factory=dict,
        title="Programme",
        description="Je Programm (Kennung aus `programmes`) die übersetzten Texte.",
        examples=[{"soziale-stadt-wehringhausen": {"summary": "Funding programme …"}}],
        json_schema_extra={
            "x-key-title": "Programm (Kennung)",
            "x-key-description": "Die Kennung (`id`) des Programms unter `programmes`, dessen "
            "Texte hier übersetzt sind.",
        },
    )
    contacts: dict[Slug, ContactTranslation] = Field(
        default_factory=dict,
        title="Anlaufstellen",
        description="Je Anlaufstelle (Kennung aus `contacts`) die übersetzte Beschreibung.",
        examples=[{"quartiersbuero-wehringhausen": {"description": "Open to everyone …"}}],
        json_schema_extra={
            "x-key-title": "Anlaufstelle (Kennung)",
            "x-key-description": "Die Kennung (`id`) der Anlaufstelle unter `contacts`, deren "
            "Beschreibung hier übersetzt ist.",
        },
    )
    made_from: dict[str, str] = Field(
        default_factory=dict,
        title="Übersetzt aus",
        description="Je übersetztem Text (`summary`, `programmes.<kennung>.summary`, "
        "`contacts.<kennung>.description` …) der Fingerabdruck des deutschen Texts, aus dem "
        "übersetzt wurde. `quartiersdoku validate` nennt ihn und warnt, wenn sich der "
        "deutsche Text seitdem geändert hat.",
        examples=[{"summary": "3f2a91c0"}],
        json_schema_extra={
            "x-key-title": "Übersetzter Text",
            "x-key-description": "Welcher Text: `summary`, `description`, "
            "`programmes.<kennung>.summary` …",
            "x-value-title": "Fingerabdruck des deutschen Texts",
            "x-value-description": "Acht Zeichen, die `quartiersdoku validate` nennt. Tragen Sie "
            "den neuen Fingerabdruck erst ein, wenn die Übersetzung zum heutigen deutschen Text "
            "passt.",
        },
    )


class Quarter(Entry):
    """One quarter: the contents of a file `quarters/<stadt>/<quartier>.yaml`."""

    name: OneLine = _field(
        "Name", "Name des Quartiers, wie er auf der Website erscheint.", examples=["Wehringhausen"]
    )
    city: str = _field("Stadt", "Stadt oder Gemeinde des Quartiers.", examples=["Hagen"])
    district: str | None = _opt(
        "Stadtbezirk", "Stadtbezirk, in dem das Quartier liegt.", examples=["Mitte"]
    )
    area_type: AreaType | None = _opt(
        "Gebietstyp",
        "action_area (Handlungsgebiet), observation_area (Beobachtungsgebiet), "
        "programme_area (Programmgebiet), social_area (Sozialraum) oder other.",
        examples=["programme_area"],
    )
    summary: str = _field(
        "Kurzbeschreibung",
        "Ein bis zwei Sätze für Übersichten und Suchergebnisse.",
        examples=["Dicht bebautes Wohnquartier am Rand der Innenstadt mit vielen jungen Familien."],
    )
    description: Markdown | None = _opt(
        "Gebietscharakter und Ausgangslage",
        "Markdown-Text: Lage, Bebauung, Bevölkerung und die Lage zu Beginn der Arbeit.",
        examples=[
            "Das Quartier liegt zwischen Bahnhof und Park. **Viele Häuser** sind über 100 Jahre alt."
        ],
    )
    potentials: Markdown | None = _opt(
        "Potenziale und Handlungsansätze",
        "Markdown-Text: Stärken des Quartiers und wo die Arbeit ansetzt.",
        examples=["Viele Vereine und eine aktive Nachbarschaft."],
    )
    partners: Markdown | None = _opt(
        "Organisation und lokale Partner",
        "Markdown-Text: wer im Quartier zusammenarbeitet.",
        examples=["Stadtverwaltung, Wohlfahrtsverbände und der Stadtteilverein."],
    )
    milestones: list[Milestone] = _list(
        "Meilensteine",
        "Wichtige Ereignisse der Quartiersentwicklung, jeweils mit Datum.",
        examples=[[{"date": "Frühjahr 2011", "title": "Erste Quartierswerkstatt"}]],
    )
    outlook: Markdown | None = _opt(
        "Perspektiven",
        "Markdown-Text: wie es im Quartier weitergehen soll.",
        examples=["Das Quartiersbüro soll dauerhaft bleiben."],
    )
    location: Point | None = _opt(
        "Lage",
        "Mittelpunkt des Quartiers; bei ungefährer Lage `approximate: true`.",
        examples=[{"lat": 51.353, "lon": 7.456, "approximate": True}],
    )
    boundary: str | None = _opt(
        "Grenze",
        "Dateiname einer GeoJSON-Datei neben dieser Datei (Längengrad vor Breitengrad).",
        examples=["wehringhausen.geojson"],
    )
    facts: list[Fact] = _list(
        "Kennzahlen",
        "Zahlen zum Quartier, jeweils mit Jahr und Quelle.",
        examples=[[{"indicator": "Einwohnerinnen und Einwohner", "value": 12000, "year": 2024}]],
    )
    tags: list[str] = _list(
        "Schlagwörter",
        "Stichwörter für Suche und Übersichten.",
        examples=[["Wohnen", "Nachbarschaft"]],
    )
    strategy_goals: list[Slug] = _list(
        "Strategische Ziele", "Kennungen von Zielen aus der Stadtdatei.", examples=[["ziel-01"]]
    )
    reviewed: Day | None = _opt(
        "Stand", "Wann der Inhalt zuletzt geprüft wurde.", examples=["2026-03-17"]
    )
    programmes: list[Programme] = _list(
        "Programme",
        "Förderprogramme, die im Quartier laufen oder liefen.",
        examples=[[{"name": "Soziale Stadt Wehringhausen", "start": 2014, "end": "Ende 2023"}]],
    )
    measures: list[Measure] = _list(
        "Maßnahmen",
        "Maßnahmen aus dem Handlungskonzept, mit Stand und Schritten.",
        examples=[[{"number": "6.0", "title": "Sozialraumkonzept", "status": "running"}]],
    )
    events: list[Event] = _list(
        "Termine",
        "Stadtteilkonferenzen, Werkstätten, Foren und andere Veranstaltungen.",
        examples=[
            [
                {
                    "title": "7. Stadtteilkonferenz",
                    "kind": "district_conference",
                    "start": "2026-03-26 18:00",
                }
            ]
        ],
    )
    contacts: list[Contact] = _list(
        "Anlaufstellen",
        "Quartiersbüro, Stadtteilladen, Beratungsstellen, Fachdienste der Stadt.",
        examples=[[{"name": "Quartiersbüro Wehringhausen", "kind": "quarter_office"}]],
    )
    decisions: list[Decision] = _list(
        "Beschlüsse",
        "Vorlagen, Anträge und Beschlüsse politischer Gremien zum Quartier.",
        examples=[
            [
                {
                    "reference": "0745/2023",
                    "title": "Einrichtung eines Quartiersbüros",
                    "body": "Rat der Stadt",
                    "date": "2023-09-28",
                }
            ]
        ],
    )
    reports: list[Report] = _list(
        "Sachstandsberichte",
        "Datierte Berichte über den Stand der Umsetzung, etwa zu einem Beschluss.",
        examples=[[{"date": "2026-06-30", "title": "Erster Sachstandsbericht"}]],
    )
    documents: list[Document] = _list(
        "Dokumente",
        "Weitere Dokumente zum Quartier, etwa Konzepte und Dokumentationen.",
        examples=[[{"title": "Integriertes Handlungskonzept", "date": 2014}]],
    )
    links: list[Link] = _list(
        "Links",
        "Weiterführende Links.",
        examples=[[{"title": "Stadtteilverein", "url": "https://www.example.org/"}]],
    )
    sources: list[Source] = _list(
        "Quellen",
        "Die Dokumente, aus denen die Angaben dieser Datei stammen.",
        examples=[[{"id": "sozialbericht-2024", "title": "Sozialbericht 2024", "date": 2024}]],
    )
    summary_sources: SourceRefs = _list(
        "Quellen der Kurzbeschreibung",
        "Belege für die Kurzbeschreibung (`summary`): Kennungen aus `sources`, wahlweise mit "
        "Stelle (`{id: …, at: …}`).",
        examples=[[{"id": "tagungsdoku-2013", "at": "Z. 864–870"}]],
    )
    description_sources: SourceRefs = _list(
        "Quellen zu Gebietscharakter und Ausgangslage",
        "Belege für `description`: Kennungen aus `sources`, wahlweise mit Stelle.",
        examples=[[{"id": "tagungsdoku-2013", "at": "Z. 880–902"}]],
    )
    translations: dict[LanguageKey, Translation] = Field(
        default_factory=dict,
        title="Übersetzungen",
        description="Die wichtigsten Texte in Leichter Sprache (`leichte_sprache`) und in "
        "anderen Sprachen, je unter dem Sprachcode nach BCP 47 (`en`, `tr`, `ar` …). Jede "
        "Sprache bekommt eine eigene Seite.",
        examples=[
            {"en": {"summary": "A district of Hagen …", "made_from": {"summary": "3f2a91c0"}}}
        ],
        json_schema_extra={"propertyNames": {"enum": list(LANGUAGES)}},
    )


class City(Entry):
    """City-wide content: the file `quarters/<stadt>/_stadt.yaml`."""

    name: OneLine = _field("Name", "Name der Stadt oder Gemeinde.", examples=["Hagen"])
    ags: MunicipalityKey | None = _opt(
        "Amtlicher Gemeindeschlüssel", "Achtstellig, in Anführungszeichen.", examples=["05914000"]
    )
    state: str | None = _opt(
        "Bundesland", "Bundesland, in dem die Stadt liegt.", examples=["Nordrhein-Westfalen"]
    )
    summary: str | None = _opt(
        "Kurzbeschreibung",
        "Ein bis zwei Sätze über die Stadt und ihre Quartiersarbeit.",
        examples=["Die Stadt fördert seit 2014 mehrere Quartiere."],
    )
    description: Markdown | None = _opt(
        "Beschreibung",
        "Markdown-Text über die Stadt und ihre Quartiersarbeit.",
        examples=["Die Quartiere werden vom **Fachbereich Stadtentwicklung** betreut."],
    )
    strategy: str | None = _opt(
        "Strategie",
        "Name des Konzepts, aus dem die Ziele stammen.",
        examples=["Integriertes Stadtentwicklungskonzept (ISEK)"],
    )
    strategy_goals: list[StrategyGoal] = _list(
        "Strategische Ziele",
        "Ziele aus dem stadtweiten Konzept; Quartiere und Maßnahmen verweisen mit der Kennung darauf.",
        examples=[[{"id": "ziel-01", "number": "1", "title": "Gutes Wohnen für alle"}]],
    )
    events: list[Event] = _list(
        "Termine",
        "Stadtweite Termine, z. B. Stadtbezirkswerkstätten.",
        examples=[
            [{"title": "Stadtbezirkswerkstatt Mitte", "kind": "workshop", "start": "2026-05-12"}]
        ],
    )
    decisions: list[Decision] = _list(
        "Beschlüsse",
        "Beschlüsse, die die ganze Stadt oder mehrere Quartiere betreffen (`quarters`).",
        examples=[
            [
                {
                    "reference": "0067/2026",
                    "title": "Koordinationsstellen einrichten",
                    "body": "Rat der Stadt",
                    "date": "2026-02-10",
                }
            ]
        ],
    )
    reports: list[Report] = _list(
        "Sachstandsberichte",
        "Datierte Berichte über den Stand der Umsetzung stadtweiter Beschlüsse.",
        examples=[[{"date": "2026-06-30", "title": "Erster Sachstandsbericht"}]],
    )
    documents: list[Document] = _list(
        "Dokumente",
        "Stadtweite Dokumente, etwa Konzepte.",
        examples=[[{"title": "Integriertes Stadtentwicklungskonzept", "date": 2018}]],
    )
    links: list[Link] = _list(
        "Links",
        "Weiterführende Links.",
        examples=[
            [{"title": "Stadtentwicklung", "url": "https://www.example.org/stadtentwicklung"}]
        ],
    )
    sources: list[Source] = _list(
        "Quellen",
        "Die Dokumente, aus denen die Angaben dieser Datei stammen.",
        examples=[
            [{"id": "isek-2018", "title": "Integriertes Stadtentwicklungskonzept", "date": 2018}]
        ],
    )
    reviewed: Day | None = _opt(
        "Stand", "Wann der Inhalt zuletzt geprüft wurde.", examples=["2026-03-17"]
    )
    contacts: list[Contact] = _list(
        "Stadtweite Anlaufstellen und Gremien",
        "Anlaufstellen für die ganze Stadt und ständige Gremien oder Arbeitskreise "
        "(`kind: standing_body`), etwa eine Flächenkonferenz.",
        examples=[[{"name": "Flächenkonferenz", "kind": "standing_body"}]],
    )


def _check_order(start: FuzzyDate | None, end: FuzzyDate | None) -> None:
    if start is not None and end is not None and end.latest < start.earliest:
        raise PydanticCustomError(
            "qd_order",
            "Das Ende ({end}) liegt vor dem Beginn ({start}).",
            {"end": end.german(), "start": start.german()},
        )
