"""Hints for editors: content that is valid but probably stale or incomplete.

They never stop a build. `quartiersdoku validate` prints them and exits 0
(1 with `--strict`); the plugin logs them as information. The same hints,
ordered by urgency, are the review list (`quartiersdoku pruefen`, :mod:`review`):
each is an :class:`Advice` with its kind and the day that makes it urgent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import IntEnum

from .german import german_date
from .lapses import lapse_of
from .load import LoadedFile, Loc
from .model import (
    City,
    Contact,
    ContactKind,
    ContactStatus,
    Decision,
    Event,
    Quarter,
)
from .problems import Problem, Severity
from .site import Site
from .tracking import Standing, TrackedCommitment, TrackedDecision, all_decisions
from .translations import translation_warnings

REVIEW_AFTER = timedelta(days=365)
OUTCOME_AFTER = timedelta(weeks=4)


class Urgency(IntEnum):
    """Kinds of advice, most urgent first (the order of the review list)."""

    OVERDUE = 1  # a promise of an adopted decision not kept in time
    LAPSED = 2  # still planned (or running) after its date
    DUE_SOON = 3  # a commitment due within 60 days
    STALE_QUARTER = 4  # the quarter's `reviewed` is older than the site setting
    STALE_CONTACT = 5  # a contact point not checked for twelve months
    NO_OUTCOME = 6  # a past event without outcomes
    INCOMPLETE = 7  # something missing that visitors need (an open office without contact)
    TRANSLATION = 8  # a translation older than its German text, or in the wrong script


#: The kinds in words, for the JSON of the review list and the preview's page.
URGENCY_LABELS = {
    Urgency.OVERDUE: "überfällig",
    Urgency.LAPSED: "Termin verstrichen",
    Urgency.DUE_SOON: "bald fällig",
    Urgency.STALE_QUARTER: "Quartier lange nicht geprüft",
    Urgency.STALE_CONTACT: "Anlaufstelle lange nicht geprüft",
    Urgency.NO_OUTCOME: "Ergebnisse fehlen",
    Urgency.INCOMPLETE: "Angaben fehlen",
    Urgency.TRANSLATION: "Übersetzung prüfen",
}


@dataclass(frozen=True)
class Advice:
    """One thing an editor should look at: where, what, how urgent, since when."""

    problem: Problem
    urgency: Urgency
    day: date  # the date that makes it urgent: a deadline, a date that passed, a check

    @property
    def sort_key(self) -> tuple[int, date, tuple[str, int, int, str]]:
        return (self.urgency, self.day, self.problem.sort_key)


def _advice(loaded: LoadedFile, loc: Loc, message: str, urgency: Urgency, day: date) -> Advice:
    problem = loaded.problem(loc, message)
    return Advice(
        Problem(
            problem.path, problem.line, problem.column, problem.field, message, Severity.WARNING
        ),
        urgency,
        day,
    )


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def editor_warnings(site: Site) -> list[Problem]:
    """Every hint of the site (in file order when the caller sorts them)."""
    return [advice.problem for advice in editor_advice(site)]


def editor_advice(site: Site) -> list[Advice]:
    """Every hint of the site, most urgent first."""
    found: list[Advice] = []
    today = site.today
    for data in site.quarters:
        quarter, loaded = data.quarter, data.loaded
        if quarter.reviewed is not None and site.review_is_stale(quarter.reviewed):
            found += _stale_review(
                loaded,
                ("reviewed",),
                ("Der Inhalt wurde", f"vor mehr als {_months(site.review_after_months)}"),
                quarter.reviewed,
                Urgency.STALE_QUARTER,
            )
        found += _events_without_outcome(loaded, quarter.events, today)
        found += _lapsed(loaded, quarter, today)
        found += _contacts(loaded, quarter.contacts, today)
        found += [
            Advice(problem, Urgency.TRANSLATION, today)
            for problem in translation_warnings(loaded, quarter)
        ]
    for city in site.cities.values():
        if city.city is not None and city.loaded is not None:
            found += _events_without_outcome(city.loaded, city.city.events, today)
            found += _contacts(city.loaded, city.city.contacts, today)
            found += _lapsed(city.loaded, city.city, today)
    found += _commitments(site)
    return sorted(found, key=lambda advice: advice.sort_key)


def _months(count: int) -> str:
    return "einem Monat" if count == 1 else f"{count} Monaten"


def _stale_review(
    loaded: LoadedFile, loc: Loc, what: tuple[str, str], reviewed: date, urgency: Urgency
) -> list[Advice]:
    """`what`: who was checked („Der Inhalt wurde“) and how long ago is too long."""
    subject, how_long = what
    return [
        _advice(
            loaded,
            loc,
            f"{subject} zuletzt am {german_date(reviewed)} geprüft, {how_long}. Hinweis: Prüfen Sie die Angaben und setzen Sie `reviewed` auf das heutige Datum.",
            urgency,
            reviewed,
        )
    ]


def _events_without_outcome(loaded: LoadedFile, events: list[Event], today: date) -> list[Advice]:
    return [
        _advice(
            loaded,
            ("events", index),
            f"Der Termin „{event.title}“ liegt über vier Wochen zurück, aber es sind weder Ergebnisse (`outcomes`) noch eine Dokumentation (`documentation`) eingetragen. Hinweis: Ist nichts dokumentiert, schreiben Sie das in `outcomes`.",
            Urgency.NO_OUTCOME,
            _day(event.end or event.start),
        )
        for index, event in enumerate(events)
        if today - _day(event.end or event.start) > OUTCOME_AFTER
        and not event.outcomes
        and not event.documentation
    ]


#: What the review list says about a lapsed entry, by collection and the field of its date.
_LAPSED = {
    (
        "programmes",
        "end",
    ): "Das Programm „{name}“ endete laut `end` {when}, ist aber noch als „running“ eingetragen. Die Website zeigt es als beendet, mit dem Hinweis „{note}“. Hinweis: Setzen Sie `status: ended` und ergänzen Sie `archive_notice` und `successor`, oder tragen Sie ein neues Ende ein.",
    (
        "programmes",
        "start",
    ): "Das Programm „{name}“ ist noch als geplant eingetragen, sein Beginn ({when}) ist verstrichen. Die Website zeigt „{note}“. Hinweis: Setzen Sie `status: running` oder einen neuen Beginn (`start`).",
    (
        "measures",
        "start",
    ): "Die Maßnahme „{name}“ ist noch als geplant eingetragen, ihr Beginn ({when}) ist verstrichen. Die Website zeigt „{note}“. Hinweis: Setzen Sie `status` (running, completed oder stopped) oder einen neuen Beginn (`start`).",
    (
        "contacts",
        "due",
    ): "„{name}“ ist noch als geplant eingetragen, die Frist ({when}) ist verstrichen. Die Website zeigt „{note}“. Hinweis: Ist die Stelle eingerichtet, setzen Sie `status: open` und `since`; sonst tragen Sie die neue Frist in `due` ein.",
    (
        "decisions",
        "decision_date",
    ): "Über „{name}“ sollte am {when} beraten werden; der Eintrag steht noch auf „planned“. Die Website zeigt „{note}“. Hinweis: Tragen Sie das Ergebnis ein (`status`, `result`) oder einen neuen Termin (`decision_date`).",
    (
        "decisions",
        "date",
    ): "Über „{name}“ sollte am {when} beraten werden; der Eintrag steht noch auf „planned“. Die Website zeigt „{note}“. Hinweis: Tragen Sie das Ergebnis ein (`status`, `result`) oder einen neuen Termin (`decision_date`).",
}


def _lapsed(loaded: LoadedFile, holder: Quarter | City, today: date) -> list[Advice]:
    """Entries still planned (or running) after their date (`lapses`), at that date's field."""
    found = []
    for kind in ("programmes", "measures", "contacts", "decisions"):
        for index, entry in enumerate(getattr(holder, kind, [])):
            lapse = lapse_of(entry, today)
            if lapse is None:
                continue
            name = getattr(entry, "name", None) or entry.title
            message = _LAPSED[(kind, lapse.field)].format(
                name=name, when=lapse.when.german(), note=lapse.note
            )
            # A programme's status is what is out of date, not its dates.
            loc: Loc = (kind, index, "status" if kind == "programmes" else lapse.field)
            found.append(_advice(loaded, loc, message, Urgency.LAPSED, lapse.when.latest))
    return found


def _contacts(loaded: LoadedFile, contacts: list[Contact], today: date) -> list[Advice]:
    found = []
    for index, contact in enumerate(contacts):
        reachable = contact.address or contact.phone or contact.email or contact.website
        # A standing body is not a place to visit: it needs no address of its own.
        body = contact.kind is ContactKind.STANDING_BODY
        if contact.status is ContactStatus.OPEN and not reachable and not body:
            found.append(
                _advice(
                    loaded,
                    ("contacts", index),
                    f"Die Anlaufstelle „{contact.name}“ ist geöffnet, nennt aber weder Adresse noch Telefon, E-Mail oder Webseite.",
                    Urgency.INCOMPLETE,
                    today,
                )
            )
        if contact.reviewed is not None and today - contact.reviewed > REVIEW_AFTER:
            found += _stale_review(
                loaded,
                ("contacts", index, "reviewed"),
                (f"Die Angaben zu „{contact.name}“ wurden", "vor mehr als zwölf Monaten"),
                contact.reviewed,
                Urgency.STALE_CONTACT,
            )
    return found


def _commitments(site: Site) -> list[Advice]:
    """Overdue and soon-due commitments and decision deadlines, at their place in their file."""
    places: dict[int, tuple[LoadedFile, int]] = {}
    holders: list[tuple[LoadedFile, Quarter | City]] = [
        (data.loaded, data.quarter) for data in site.quarters
    ]
    holders += [(c.loaded, c.city) for c in site.cities.values() if c.city and c.loaded is not None]
    for loaded, holder in holders:
        for index, decision in enumerate(holder.decisions):
            places[id(decision)] = (loaded, index)
    found: list[Advice] = []
    for tracked in all_decisions(site):
        loaded, index = places[id(tracked.decision)]
        found += _decision_deadline(loaded, index, tracked, site.today)
        for c_index, commitment in enumerate(tracked.commitments):
            loc: Loc = ("decisions", index, "commitments", c_index)
            found += _commitment(loaded, loc, tracked.decision, commitment, site.today)
    return found


def _decision_deadline(
    loaded: LoadedFile, index: int, tracked: TrackedDecision, today: date
) -> list[Advice]:
    deadline = tracked.decision.deadline
    if tracked.standing is not Standing.OVERDUE or deadline is None:
        return []
    return [
        _advice(
            loaded,
            ("decisions", index, "deadline"),
            f"Der Beschluss „{tracked.decision.title}“ ist überfällig: Die Frist ({deadline.german()}) ist verstrichen, und kein Sachstandsbericht nennt ihn. Hinweis: Tragen Sie einen Bericht ein (`reports` mit `decision: {tracked.decision.id}`).",
            Urgency.OVERDUE,
            deadline.latest,
        )
    ]


def _commitment(
    loaded: LoadedFile, loc: Loc, decision: Decision, tracked: TrackedCommitment, today: date
) -> list[Advice]:
    commitment, due = tracked.commitment, tracked.next_due
    report_hint = f"Hinweis: Tragen Sie einen Sachstandsbericht ein (`reports` mit `decision: {decision.id}` und `commitment: {commitment.id}`; ist die Zusage erfüllt, mit `fulfilled: true`)."
    if tracked.standing is Standing.OVERDUE and due is not None:
        if commitment.interval_months and tracked.reports:
            why = f"Der letzte Bericht ist vom {german_date(tracked.reports[-1].date)}, der nächste war spätestens am {german_date(due)} fällig."
        else:
            why = f"Die Frist ({german_date(due)}) ist verstrichen, und kein Bericht erfüllt sie."
        return [
            _advice(
                loaded,
                loc,
                f"Die Zusage „{commitment.title}“ aus „{decision.title}“ ist überfällig. {why} {report_hint}",
                Urgency.OVERDUE,
                due,
            )
        ]
    if tracked.due_within(today) and due is not None:
        days = (due - today).days
        when = "heute" if days == 0 else f"in {days} Tag{'en' if days != 1 else ''}"
        return [
            _advice(
                loaded,
                loc,
                f"Die Zusage „{commitment.title}“ aus „{decision.title}“ ist am {german_date(due)} fällig ({when}). {report_hint}",
                Urgency.DUE_SOON,
                due,
            )
        ]
    return []
