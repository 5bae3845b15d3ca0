"""Entries still planned (or running) after the date that was given for them.

A page must never show a bare „geplant“ for a date that has passed: nobody
knows whether the office opened, the committee decided or the programme ended.
Each such entry gets a note (:class:`Lapse`) on every page where it appears,
and counts for the editors' review list (:mod:`review`). The facts are not
changed: the entry keeps its status, the note says that its date has passed
and that the current state is not recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .fuzzydate import FuzzyDate
from .model import (
    Contact,
    ContactStatus,
    Decision,
    DecisionStatus,
    Measure,
    MeasureStatus,
    Programme,
    Status,
)

#: The second half of every note: what the site does not know.
UNKNOWN = "der aktuelle Stand ist nicht erfasst"


@dataclass(frozen=True)
class Lapse:
    """A date that passed while the entry still says it is planned (or running)."""

    what: str  # "Beratungstermin", "Frist", "geplanter Beginn", "geplantes Ende"
    when: FuzzyDate
    field: str  # the key in the file that holds the date ("due", "decision_date" …)

    @property
    def note(self) -> str:
        """„Frist (Mitte 2026) verstrichen – der aktuelle Stand ist nicht erfasst“."""
        return f"{self.what} ({self.when.german()}) verstrichen – {UNKNOWN}"


def _passed(when: FuzzyDate | None, today: date) -> bool:
    return when is not None and when.latest < today


def decision_lapse(decision: Decision, today: date) -> Lapse | None:
    """A planned decision whose date of decision (or, without one, its date) has passed."""
    if decision.status is not DecisionStatus.PLANNED:
        return None
    when, key = (
        (decision.decision_date, "decision_date")
        if decision.decision_date is not None
        else (decision.date, "date")
    )
    return Lapse("Beratungstermin", when, key) if _passed(when, today) else None


def contact_lapse(contact: Contact, today: date) -> Lapse | None:
    """A planned contact point whose `due` has passed."""
    if contact.status is ContactStatus.PLANNED and _passed(contact.due, today):
        assert contact.due is not None
        return Lapse("Frist", contact.due, "due")
    return None


def measure_lapse(measure: Measure, today: date) -> Lapse | None:
    """A planned measure whose `start` has passed."""
    if measure.status is MeasureStatus.PLANNED and _passed(measure.start, today):
        assert measure.start is not None
        return Lapse("Geplanter Beginn", measure.start, "start")
    return None


def programme_lapse(programme: Programme, today: date) -> Lapse | None:
    """A programme entered as planned after its start, or as running after its end."""
    if programme.status is Status.PLANNED and _passed(programme.start, today):
        assert programme.start is not None
        return Lapse("Geplanter Beginn", programme.start, "start")
    if programme.status is Status.RUNNING and _passed(programme.end, today):
        assert programme.end is not None
        return Lapse("Geplantes Ende", programme.end, "end")
    return None


def lapse_of(entry: object, today: date) -> Lapse | None:
    """The lapse of any entry that can have one (templates call this), else None."""
    if isinstance(entry, Decision):
        return decision_lapse(entry, today)
    if isinstance(entry, Contact):
        return contact_lapse(entry, today)
    if isinstance(entry, Measure):
        return measure_lapse(entry, today)
    if isinstance(entry, Programme):
        return programme_lapse(entry, today)
    return None
