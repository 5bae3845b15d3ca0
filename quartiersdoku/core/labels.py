"""German names of the values editors choose from (keys stay English in the files)."""

from __future__ import annotations

from enum import StrEnum

from .model import (
    AreaType,
    Contact,
    ContactKind,
    ContactStatus,
    DecisionKind,
    DecisionStatus,
    EventKind,
    MeasureStatus,
    Status,
)

# Per enum class: members of different enums with the same value compare equal.
LABELS: dict[type[StrEnum], dict[str, str]] = {
    Status: {
        Status.PLANNED: "geplant",
        Status.RUNNING: "läuft",
        Status.ENDED: "beendet",
    },
    MeasureStatus: {
        MeasureStatus.PLANNED: "geplant",
        MeasureStatus.RUNNING: "läuft",
        MeasureStatus.COMPLETED: "abgeschlossen",
        MeasureStatus.STOPPED: "eingestellt",
    },
    ContactStatus: {
        ContactStatus.PLANNED: "geplant",
        ContactStatus.OPEN: "geöffnet",
        ContactStatus.CLOSED: "geschlossen",
    },
    ContactKind: {
        ContactKind.COORDINATION_OFFICE: "Koordinationsstelle",
        ContactKind.DISTRICT_SHOP: "Stadtteilladen",
        ContactKind.QUARTER_OFFICE: "Quartiersbüro",
        ContactKind.CITY_DEPARTMENT: "Fachdienst der Stadt",
        ContactKind.ADVICE_CENTRE: "Beratungsstelle",
        ContactKind.MEETING_PLACE: "Treffpunkt",
        ContactKind.OTHER: "Anlaufstelle",
        ContactKind.STANDING_BODY: "Gremium oder Arbeitskreis",
    },
    EventKind: {
        EventKind.DISTRICT_CONFERENCE: "Stadtteilkonferenz",
        EventKind.WORKSHOP: "Werkstatt",
        EventKind.FORUM: "Forum",
        EventKind.PARTICIPATION: "Beteiligung",
        EventKind.MEETING: "Treffen",
        EventKind.CONFERENCE: "Fachtagung",
        EventKind.OTHER: "Termin",
    },
    DecisionKind: {
        DecisionKind.DECISION: "Beschluss",
        DecisionKind.MOTION: "Antrag",
        DecisionKind.REPORT: "Bericht",
        DecisionKind.CONCEPT: "Konzept",
        DecisionKind.OTHER: "Vorlage",
    },
    DecisionStatus: {
        DecisionStatus.PLANNED: "Beratung geplant",
        DecisionStatus.ADOPTED: "beschlossen",
        DecisionStatus.REJECTED: "abgelehnt",
        DecisionStatus.DEFERRED: "vertagt",
        DecisionStatus.NOTED: "zur Kenntnis genommen",
    },
    AreaType: {
        AreaType.ACTION_AREA: "Handlungsgebiet",
        AreaType.OBSERVATION_AREA: "Beobachtungsgebiet",
        AreaType.PROGRAMME_AREA: "Programmgebiet",
        AreaType.SOCIAL_AREA: "Sozialraum",
        AreaType.OTHER: "Gebiet",
    },
}


#: A standing body (a conference, a working group) exists or was dissolved; it does not open.
BODY_STATUS = {
    ContactStatus.PLANNED: "geplant",
    ContactStatus.OPEN: "besteht",
    ContactStatus.CLOSED: "aufgelöst",
}


def contact_status_label(contact: Contact) -> str:
    """„geöffnet“ for an office, „besteht“ for a standing body."""
    if contact.kind is ContactKind.STANDING_BODY:
        return BODY_STATUS[contact.status]
    return label(contact.status)


def label(value: object) -> str:
    if isinstance(value, StrEnum):
        return LABELS.get(type(value), {}).get(value.value, value.value)
    return str(value)
