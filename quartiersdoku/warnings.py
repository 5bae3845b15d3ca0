"""Hints for editors: content that is valid but probably stale or incomplete.

They never stop a build. `quartiersdoku validate` prints them and exits 0
(1 with `--strict`); the plugin logs them as information.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .load import LoadedFile, Loc
from .model import ContactStatus, Status
from .problems import Problem, Severity
from .render import german_date
from .site import Site

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
    today = site.today
    found: list[Problem] = []
    for data in site.quarters:
        quarter, loaded = data.quarter, data.loaded
        if quarter.reviewed is not None and today - quarter.reviewed > REVIEW_AFTER:
            found.append(
                _warning(
                    loaded,
                    ("reviewed",),
                    f"Der Inhalt wurde zuletzt am {german_date(quarter.reviewed)} geprüft, vor mehr als zwölf Monaten. Hinweis: Prüfen Sie die Angaben und setzen Sie `reviewed` auf das heutige Datum.",
                )
            )
        for index, event in enumerate(quarter.events):
            ended = _day(event.end or event.start)
            if today - ended > OUTCOME_AFTER and not event.outcomes and not event.documentation:
                found.append(
                    _warning(
                        loaded,
                        ("events", index),
                        f"Der Termin „{event.title}“ liegt über vier Wochen zurück, aber es sind weder Ergebnisse (`outcomes`) noch eine Dokumentation (`documentation`) eingetragen. Hinweis: Ist nichts dokumentiert, schreiben Sie das in `outcomes`.",
                    )
                )
        for index, programme in enumerate(quarter.programmes):
            if (
                programme.status is Status.RUNNING
                and programme.end is not None
                and programme.end.latest < today
            ):
                found.append(
                    _warning(
                        loaded,
                        ("programmes", index, "status"),
                        f"Das Programm „{programme.name}“ endete laut `end` {programme.end.german()}, ist aber noch als „running“ eingetragen. Die Website zeigt es als beendet. Hinweis: Setzen Sie `status: ended` und ergänzen Sie `archive_notice` und `successor`.",
                    )
                )
        for index, contact in enumerate(quarter.contacts):
            reachable = contact.address or contact.phone or contact.email or contact.website
            if contact.status is ContactStatus.OPEN and not reachable:
                found.append(
                    _warning(
                        loaded,
                        ("contacts", index),
                        f"Die Anlaufstelle „{contact.name}“ ist geöffnet, nennt aber weder Adresse noch Telefon, E-Mail oder Webseite.",
                    )
                )
            if contact.reviewed is not None and today - contact.reviewed > REVIEW_AFTER:
                found.append(
                    _warning(
                        loaded,
                        ("contacts", index, "reviewed"),
                        f"Die Angaben zu „{contact.name}“ wurden zuletzt am {german_date(contact.reviewed)} geprüft, vor mehr als zwölf Monaten.",
                    )
                )
    for city in site.cities.values():
        if city.city is None or city.loaded is None:
            continue
        for index, event in enumerate(city.city.events):
            ended = _day(event.end or event.start)
            if today - ended > OUTCOME_AFTER and not event.outcomes and not event.documentation:
                found.append(
                    _warning(
                        city.loaded,
                        ("events", index),
                        f"Der Termin „{event.title}“ liegt über vier Wochen zurück, aber es sind weder Ergebnisse (`outcomes`) noch eine Dokumentation (`documentation`) eingetragen. Hinweis: Ist nichts dokumentiert, schreiben Sie das in `outcomes`.",
                    )
                )
    return found
