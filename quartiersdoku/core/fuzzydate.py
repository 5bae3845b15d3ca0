"""Dates as precise as the sources are.

Public documents often say "Ende 2023", "Frühjahr 2011" or "Mitte 2026"
instead of a day. Forcing editors to pick a day would invent facts, so a
:class:`FuzzyDate` keeps the precision the source gives: a day, a month, a
year, or a part of a year. It knows the earliest and latest day it can mean,
which is what ordering checks and "overdue" computations need.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, time

from .problems import QuartiersdokuError

# Parts of a year an editor may write before the year, with the months they cover.
_PARTS: dict[str, tuple[int, int]] = {
    "anfang": (1, 4),
    "frühjahr": (3, 5),
    "frühling": (3, 5),
    "sommer": (6, 8),
    "mitte": (5, 8),
    "herbst": (9, 11),
    "ende": (9, 12),
    "winter": (12, 12),
    "1. quartal": (1, 3),
    "2. quartal": (4, 6),
    "3. quartal": (7, 9),
    "4. quartal": (10, 12),
    "1. halbjahr": (1, 6),
    "2. halbjahr": (7, 12),
}

_MONTHS_DE = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)

_ISO_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PART_RE = re.compile(r"^(?P<part>[1-4]\. (?:quartal|halbjahr)|[a-zäöü]+) (?P<year>\d{4})$")

ACCEPTED_FORMS = (
    "2023-11-30, 2023-11, 2023 oder mit Zeitangabe vor dem Jahr: "
    "Anfang, Frühjahr, Mitte, Sommer, Herbst, Ende, 1.–4. Quartal, 1./2. Halbjahr "
    "(z. B. „Ende 2023“)"
)


class FuzzyDateError(QuartiersdokuError, ValueError):
    """The text is not a date in any accepted form; the message is German."""


class NotADateError(FuzzyDateError):
    """The text is in none of the forms (not a date that does not exist, like 2023-02-30).

    `text` is what was written: a field that accepts other forms (a day only, a day
    with a time) words the message itself (`fields.py`).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(not_a_date(text, ACCEPTED_FORMS))


# A time of day as people write it: 20:00, 18.30 Uhr, 18 Uhr, um 9:30.
_CLOCK = r"(?:um\s+)?(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2})(?:\s*uhr)?|\s*uhr)"
_CLOCK_RE = re.compile(rf"^{_CLOCK}$", re.IGNORECASE)
# A day as people write it, German (10.02.2027, 1.3.2027) or nearly ISO (2027-2-10),
# maybe with a time of day after it (10.02.2027 18:00, 2027-02-10 18.00 Uhr).
_WRITTEN_DAY_RE = re.compile(
    r"^(?:(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.\s?(?P<year>\d{4})"
    r"|(?P<iso_year>\d{4})-(?P<iso_month>\d{1,2})-(?P<iso_day>\d{1,2}))"
    rf"(?:,?\s+{_CLOCK})?$",
    re.IGNORECASE,
)
# A month as people write it: 03.2024, 3/2024, März 2024.
_WRITTEN_MONTH_RE = re.compile(
    r"^(?:(?P<number>\d{1,2})[./]\s?|(?P<name>[a-zä]+)\s+)(?P<year>\d{4})$"
)


def _clock(hour: str, minute: str | None) -> time | None:
    hours, minutes = int(hour), int(minute or 0)
    return time(hours, minutes) if hours < 24 and minutes < 60 else None


def clock_only(text: str) -> time | None:
    """The time of day if `text` is one and nothing else: „20:00“, „18.30 Uhr“, „18 Uhr“."""
    match = _CLOCK_RE.match(" ".join(text.split()))
    return _clock(match["hour"], match["minute"]) if match else None


@dataclass(frozen=True)
class WrittenDay:
    """A day, and maybe a time of day, read from the way people write them."""

    day: date
    clock: time | None

    def iso(self, *, with_time: bool) -> str:
        """`2027-02-10 18:00` (the form a date-time field takes) or `2027-02-10`."""
        if with_time and self.clock is not None:
            return f"{self.day.isoformat()} {self.clock:%H:%M}"
        return self.day.isoformat()


def read_written_day(text: str) -> WrittenDay | None:
    """„10.02.2027 18:00“, „31.12.2025“, „2027-02-10 18.00 Uhr“ as a day and a time, if
    both exist; None for anything else (31.02.2027, 25:00)."""
    match = _WRITTEN_DAY_RE.match(" ".join(text.split()))
    if match is None:
        return None
    year, month, day = (
        (match["year"], match["month"], match["day"])
        if match["year"]
        else (match["iso_year"], match["iso_month"], match["iso_day"])
    )
    try:
        written = date(int(year), int(month), int(day))
    except ValueError:
        return None
    clock = None
    if match["hour"] is not None:
        clock = _clock(match["hour"], match["minute"])
        if clock is None:
            return None
    return WrittenDay(written, clock)


def _written_month(text: str) -> str | None:
    """„2024-03“ for „03.2024“, „3/2024“ or „März 2024“; None for anything else."""
    match = _WRITTEN_MONTH_RE.match(" ".join(text.split()).lower())
    if match is None:
        return None
    if match["name"]:
        names = [name.lower() for name in _MONTHS_DE]
        if match["name"] not in names:
            return None
        month = names.index(match["name"]) + 1
    else:
        month = int(match["number"])
    return f"{match['year']}-{month:02d}" if 1 <= month <= 12 else None


def not_a_date(text: str, forms: str, *, with_time: bool = False, exact: bool = False) -> str:
    """„…“ ist kein Datum. Erlaubt: `forms`. – with a suggestion where one is clear.

    `with_time`: the field takes a time of day too (`2027-02-10 18:00`); `exact`: it
    takes only a day, not a month (`2027-02`).
    """
    if clock_only(text) is not None:  # a field with times says more (`fields.py`)
        return f"„{text}“ ist eine Uhrzeit, kein Datum. Erlaubt: {forms}."
    message = f"„{text}“ ist kein Datum. Erlaubt: {forms}."
    written = read_written_day(text)
    if written is not None:
        if written.clock is not None and not with_time:
            return f"{message} Meinten Sie „{written.iso(with_time=False)}“ (ohne Uhrzeit)?"
        return f"{message} Meinten Sie „{written.iso(with_time=with_time)}“?"
    month = None if exact else _written_month(text)
    if month is not None:
        return f"{message} Meinten Sie „{month}“?"
    return message


@dataclass(frozen=True, order=False)
class FuzzyDate:
    """A day, a month, a year or a named part of a year."""

    year: int
    month: int | None = None
    day: int | None = None
    part: str | None = None  # lower-case key of _PARTS

    @property
    def earliest(self) -> date:
        if self.part is not None:
            return date(self.year, _PARTS[self.part][0], 1)
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> date:
        if self.part is not None:
            last_month = _PARTS[self.part][1]
            return date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is None:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, self.month, self.day)

    @property
    def is_exact(self) -> bool:
        return self.day is not None

    def iso(self) -> str:
        """The form an editor writes, and the one exports carry."""
        if self.part is not None:
            return f"{self.part.title()} {self.year}"
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def german(self) -> str:
        """How a visitor reads it: „30.11.2023“, „November 2023“, „Ende 2023“."""
        if self.part is not None:
            return f"{self.part.title()} {self.year}"
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{_MONTHS_DE[self.month - 1]} {self.year}"
        return f"{self.day:02d}.{self.month:02d}.{self.year}"

    def __str__(self) -> str:
        return self.german()

    @classmethod
    def from_date(cls, value: date) -> FuzzyDate:
        return cls(value.year, value.month, value.day)

    @classmethod
    def parse(cls, value: object) -> FuzzyDate:
        """Accept what YAML gives: a date, a year as int, or text."""
        if isinstance(value, FuzzyDate):
            return value
        if isinstance(value, date):
            return cls.from_date(value)
        if isinstance(value, bool):
            raise FuzzyDateError(
                f"Datum erwartet, Wahrheitswert erhalten. Erlaubt: {ACCEPTED_FORMS}."
            )
        if isinstance(value, int):
            return cls._checked(value, None, None, None)
        if not isinstance(value, str):
            raise FuzzyDateError(
                f"Datum erwartet, {type(value).__name__} erhalten. Erlaubt: {ACCEPTED_FORMS}."
            )
        text = " ".join(value.strip().split())
        match = _ISO_RE.match(text)
        if match:
            year, month, day = match.groups()
            return cls._checked(
                int(year), int(month) if month else None, int(day) if day else None, None
            )
        match = _PART_RE.match(text.lower())
        if match and match["part"] in _PARTS:
            return cls._checked(int(match["year"]), None, None, match["part"])
        raise NotADateError(value)

    @classmethod
    def _checked(cls, year: int, month: int | None, day: int | None, part: str | None) -> FuzzyDate:
        if not 1000 <= year <= 2999:
            raise FuzzyDateError(f"Das Jahr {year} ist nicht plausibel.")
        if month is not None and not 1 <= month <= 12:
            raise FuzzyDateError(f"Einen Monat {month} gibt es nicht.")
        if month is not None and day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise FuzzyDateError(
                    f"Den {day}. Tag gibt es im Monat {month}/{year} nicht (er hat {last} Tage)."
                )
        return cls(year, month, day, part)
