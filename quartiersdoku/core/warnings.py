"""Hints for editors: content that is valid but probably stale or incomplete.

They never stop a build. `quartiersdoku validate` prints them and exits 0
(1 with `--strict`); the plugin logs them as information.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .german import german_date
from .load import LoadedFile, Loc
from .model import Contact, ContactStatus, Event, Programme, Status
from .problems import Problem, Severity
from .site import Site
from .translations import translation_warnings

REVIEW_AFTER = timedelta(days=365)
OUTCOME_AFTER = timedelta(weeks=4)


def _warning(loaded: LoadedFile, loc: Loc, message: str) -> Problem:
    problem = loaded.problem(loc, message)
    return Problem(
        problem.path, problem.line, problem.column, problem.field, message, Severity.WARNING
    )


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def editor_warnings(site: Site) -> list[Problem]:
    found: list[Problem] = []
    for data in site.quarters:
        found += _stale_review(
            data.loaded, ("reviewed",), "Der Inhalt wurde", data.quarter.reviewed, site.today
        )
        found += _events_without_outcome(data.loaded, data.quarter.events, site.today)
        found += _programmes_past_end(data.loaded, data.quarter.programmes, site.today)
        found += _unreachable_contacts(data.loaded, data.quarter.contacts, site.today)
        found += translation_warnings(data.loaded, data.quarter)
    for city in site.cities.values():
        if city.city is not None and city.loaded is not None:
            found += _events_without_outcome(city.loaded, city.city.events, site.today)
    return found


def _stale_review(
    loaded: LoadedFile, loc: Loc, what: str, reviewed: date | None, today: date
) -> list[Problem]:
    if reviewed is None or today - reviewed <= REVIEW_AFTER:
        return []
    return [
        _warning(
            loaded,
            loc,
            f"{what} zuletzt am {german_date(reviewed)} geprüft, vor mehr als zwölf Monaten. Hinweis: Prüfen Sie die Angaben und setzen Sie `reviewed` auf das heutige Datum.",
        )
    ]


def _events_without_outcome(loaded: LoadedFile, events: list[Event], today: date) -> list[Problem]:
    return [
        _warning(
            loaded,
            ("events", index),
            f"Der Termin „{event.title}“ liegt über vier Wochen zurück, aber es sind weder Ergebnisse (`outcomes`) noch eine Dokumentation (`documentation`) eingetragen. Hinweis: Ist nichts dokumentiert, schreiben Sie das in `outcomes`.",
        )
        for index, event in enumerate(events)
        if today - _day(event.end or event.start) > OUTCOME_AFTER
        and not event.outcomes
        and not event.documentation
    ]


def _programmes_past_end(
    loaded: LoadedFile, programmes: list[Programme], today: date
) -> list[Problem]:
    return [
        _warning(
            loaded,
            ("programmes", index, "status"),
            f"Das Programm „{programme.name}“ endete laut `end` {programme.end.german()}, ist aber noch als „running“ eingetragen. Die Website zeigt es als beendet. Hinweis: Setzen Sie `status: ended` und ergänzen Sie `archive_notice` und `successor`.",
        )
        for index, programme in enumerate(programmes)
        if programme.status is Status.RUNNING
        and programme.end is not None
        and programme.end.latest < today
    ]


def _unreachable_contacts(
    loaded: LoadedFile, contacts: list[Contact], today: date
) -> list[Problem]:
    found = []
    for index, contact in enumerate(contacts):
        reachable = contact.address or contact.phone or contact.email or contact.website
        if contact.status is ContactStatus.OPEN and not reachable:
            found.append(
                _warning(
                    loaded,
                    ("contacts", index),
                    f"Die Anlaufstelle „{contact.name}“ ist geöffnet, nennt aber weder Adresse noch Telefon, E-Mail oder Webseite.",
                )
            )
        found += _stale_review(
            loaded,
            ("contacts", index, "reviewed"),
            f"Die Angaben zu „{contact.name}“ wurden",
            contact.reviewed,
            today,
        )
    return found
