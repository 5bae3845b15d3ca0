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
from .lapses import Lapse, contact_lapse, decision_lapse, measure_lapse, programme_lapse
from .load import LoadedFile, Loc
from .model import (
    City,
    Contact,
    ContactKind,
    ContactStatus,
    Decision,
    Event,
    Measure,
    Programme,
    Quarter,
)
from .problems import Problem, Severity
from .site import Site
from .tracking import Standing, TrackedCommitment, TrackedDecision, all_decisions

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


#: The kinds in words, for the JSON of the review list and the preview's page.
URGENCY_LABELS = {
    Urgency.OVERDUE: "überfällig",
    Urgency.LAPSED: "Termin verstrichen",
    Urgency.DUE_SOON: "bald fällig",
    Urgency.STALE_QUARTER: "Quartier lange nicht geprüft",
    Urgency.STALE_CONTACT: "Anlaufstelle lange nicht geprüft",
    Urgency.NO_OUTCOME: "Ergebnisse fehlen",
    Urgency.INCOMPLETE: "Angaben fehlen",
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
        found += _lapsed_programmes(loaded, quarter.programmes, today)
        found += _lapsed_measures(loaded, quarter.measures, today)
        found += _contacts(loaded, quarter.contacts, today)
        found += _lapsed_decisions(loaded, quarter.decisions, today)
    for city in site.cities.values():
        if city.city is not None and city.loaded is not None:
            found += _events_without_outcome(city.loaded, city.city.events, today)
            found += _contacts(city.loaded, city.city.contacts, today)
            found += _lapsed_decisions(city.loaded, city.city.decisions, today)
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


def _lapsed(loaded: LoadedFile, loc: Loc, lapse: Lapse, message: str) -> Advice:
    return _advice(loaded, loc, message, Urgency.LAPSED, lapse.when.latest)


def _lapsed_programmes(
    loaded: LoadedFile, programmes: list[Programme], today: date
) -> list[Advice]:
    found = []
    for index, programme in enumerate(programmes):
        lapse = programme_lapse(programme, today)
        if lapse is None:
            continue
        if lapse.field == "end":
            message = f"Das Programm „{programme.name}“ endete laut `end` {lapse.when.german()}, ist aber noch als „running“ eingetragen. Die Website zeigt es als beendet, mit dem Hinweis „{lapse.note}“. Hinweis: Setzen Sie `status: ended` und ergänzen Sie `archive_notice` und `successor`, oder tragen Sie ein neues Ende ein."
        else:
            message = f"Das Programm „{programme.name}“ ist noch als geplant eingetragen, sein Beginn ({lapse.when.german()}) ist verstrichen. Die Website zeigt „{lapse.note}“. Hinweis: Setzen Sie `status: running` oder einen neuen Beginn (`start`)."
        found.append(_lapsed(loaded, ("programmes", index, "status"), lapse, message))
    return found


def _lapsed_measures(loaded: LoadedFile, measures: list[Measure], today: date) -> list[Advice]:
    found = []
    for index, measure in enumerate(measures):
        lapse = measure_lapse(measure, today)
        if lapse is not None:
            found.append(
                _lapsed(
                    loaded,
                    ("measures", index, "start"),
                    lapse,
                    f"Die Maßnahme „{measure.title}“ ist noch als geplant eingetragen, ihr Beginn ({lapse.when.german()}) ist verstrichen. Die Website zeigt „{lapse.note}“. Hinweis: Setzen Sie `status` (running, completed oder stopped) oder einen neuen Beginn (`start`).",
                )
            )
    return found


def _lapsed_decisions(loaded: LoadedFile, decisions: list[Decision], today: date) -> list[Advice]:
    found = []
    for index, decision in enumerate(decisions):
        lapse = decision_lapse(decision, today)
        if lapse is not None:
            found.append(
                _lapsed(
                    loaded,
                    ("decisions", index, lapse.field),
                    lapse,
                    f"Über „{decision.title}“ sollte am {lapse.when.german()} beraten werden; der Eintrag steht noch auf „planned“. Die Website zeigt „{lapse.note}“. Hinweis: Tragen Sie das Ergebnis ein (`status`, `result`) oder einen neuen Termin (`decision_date`).",
                )
            )
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
        lapse = contact_lapse(contact, today)
        if lapse is not None:
            found.append(
                _lapsed(
                    loaded,
                    ("contacts", index, "due"),
                    lapse,
                    f"„{contact.name}“ ist noch als geplant eingetragen, die Frist ({lapse.when.german()}) ist verstrichen. Die Website zeigt „{lapse.note}“. Hinweis: Ist die Stelle eingerichtet, setzen Sie `status: open` und `since`; sonst tragen Sie die neue Frist in `due` ein.",
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
