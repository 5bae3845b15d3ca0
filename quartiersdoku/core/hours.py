"""Opening hours in OpenStreetMap syntax: checked, and prepared for people and machines.

Editors write a contact point's hours as OpenStreetMap does
(``Mo-Fr 09:00-12:00; Th 14:00-18:00; PH off``). This module

* checks the text with the `opening-hours-py` parser (the Rust library behind
  OSM tools) and explains a mistake in German, with a corrected suggestion
  where one can be found (:data:`OpeningHoursText`, used by the model);
* derives the *regular week* (Montag … Sonntag → times or „geschlossen“) for the
  page's table, and the days within the next months that deviate from it
  (public holidays, closing days, a summer break);
* prepares compact JSON for the browser's „Jetzt geöffnet“ line
  (``assets/opening-hours.js``) and schema.org ``OpeningHoursSpecification``.

How the regular week is found: the expression is evaluated day by day over a
window of :data:`WINDOW_DAYS` days from the build date, with Germany's
nationwide public holidays; for each weekday the most frequent set of times is
the regular one, and every other day in the window is a deviation. Limits (see
``docs/daten.md``): only nationwide holidays are known (not those of one state,
such as Fronleichnam in NRW); school holidays (``SH``) are unknown; sun times
(``sunrise``) are evaluated without coordinates. Whenever the text has rules a
weekly table cannot express, :attr:`WeeklyHours.irregular` is true and the
original text must be shown beside the table.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Annotated, Any

import opening_hours
from markupsafe import Markup
from opening_hours import OpeningHours, State
from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from .fields import describe
from .problems import QuartiersdokuError

#: The parser's exception (opening-hours-py raises it; its type stub does not declare it).
ParserError: type[Exception] = opening_hours.ParserError  # type: ignore[attr-defined]

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
_SCHEMA_DAYS = tuple(
    f"https://schema.org/{day}"
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
)
#: How far ahead (from the build date) deviations from the regular week are computed.
WINDOW_DAYS = 400
#: The country whose public holidays `PH` means.
COUNTRY = "DE"
_DAY_MINUTES = 24 * 60

EXAMPLE = "Mo-Fr 09:00-12:00; Th 14:00-18:00; PH off"
SYNTAX_HELP = (
    "Schreibweise von OpenStreetMap: Wochentage englisch abgekürzt (Mo Tu We Th Fr Sa Su), "
    "Uhrzeiten als 09:00-12:00, mehrere Regeln mit „;“ getrennt, Feiertage „PH“, "
    f"geschlossen „off“, z. B. „{EXAMPLE}“."
)


class OpeningHoursError(QuartiersdokuError, ValueError):
    """The text is not valid OpenStreetMap opening hours; the message is German."""


# --------------------------------------------------------------------------- checking

# What German editors tend to write, and what OpenStreetMap expects instead.
_GERMAN_DAYS = {
    "montag": "Mo",
    "dienstag": "Tu",
    "mittwoch": "We",
    "donnerstag": "Th",
    "freitag": "Fr",
    "samstag": "Sa",
    "sonnabend": "Sa",
    "sonntag": "Su",
    "di": "Tu",
    "mi": "We",
    "do": "Th",
    "so": "Su",
}
_GERMAN_DAY_RE = re.compile(
    r"(?<![A-Za-zÄÖÜäöüß\"])(" + "|".join(_GERMAN_DAYS) + r")\.?(?![A-Za-zÄÖÜäöüß])",
    re.IGNORECASE,
)
_DOTTED_DAY_RE = re.compile(r"\b(Mo|Tu|We|Th|Fr|Sa|Su)\.", re.IGNORECASE)
_CLOCK_RE = re.compile(r"(?<![\d:.])(\d{1,2})(?:[:.](\d{2}))?(?![\d:.])")
_RANGE_RE = re.compile(
    r"(?<![\d:.])(\d{1,2})(?:[:.](\d{2}))?\s*(?:-|–|—|bis)\s*(\d{1,2})(?:[:.](\d{2}))?(?![\d:.])"
)
_WORDS = (
    (re.compile(r"\s*(?:–|—)\s*"), "-", "Für Bereiche den einfachen Bindestrich „-“ verwenden."),
    (
        re.compile(r"\s+bis\s+", re.IGNORECASE),
        "-",
        "„bis“ schreibt OpenStreetMap als Bindestrich: „Mo-Fr“, „09:00-12:00“.",
    ),
    (re.compile(r"\s*\bUhr\b", re.IGNORECASE), "", "„Uhr“ entfällt: „09:00-12:00“."),
    (
        re.compile(r"\b(?:geschlossen|Ruhetag)\b", re.IGNORECASE),
        "off",
        "„geschlossen“ heißt in OpenStreetMap „off“, z. B. „Sa off“.",
    ),
    (
        re.compile(r"\b(?:an\s+)?Feiertag(?:e|en)?\b", re.IGNORECASE),
        "PH",
        "Feiertage heißen „PH“, z. B. „PH off“.",
    ),
    (
        re.compile(r"\btäglich\b", re.IGNORECASE),
        "Mo-Su",
        "„täglich“ schreibt man „Mo-Su“.",
    ),
    (
        re.compile(r"\s+(?:und|&)\s+", re.IGNORECASE),
        ", ",
        "„und“ zwischen Tagen oder Zeiten ist ein Komma: „Mo,We“ oder „09:00-12:00,14:00-16:00“.",
    ),
)
_DAYS_RANGE_SPACES_RE = re.compile(
    r"\b(Mo|Tu|We|Th|Fr|Sa|Su)\s+-\s+(Mo|Tu|We|Th|Fr|Sa|Su)\b", re.IGNORECASE
)
_UNQUOTED_NOTE_RE = re.compile(r"\bnach\s+Vereinbarung\b", re.IGNORECASE)
_POSITION_RE = re.compile(r"-->\s*\d+:(\d+)")


def _parses(text: str) -> bool:
    try:
        OpeningHours(text)
    except (ParserError, ValueError):
        return False
    return True


def _german_day(match: re.Match[str]) -> str:
    return _GERMAN_DAYS[match.group(1).lower()]


def _clock(hour: str, minute: str | None) -> str:
    return f"{int(hour):02d}:{minute or '00'}"


def _fixed(text: str) -> tuple[str, list[str]]:
    """The text with common German habits turned into OSM syntax, and what was changed."""
    hints: list[str] = []
    fixed = text
    if '"' not in fixed and _UNQUOTED_NOTE_RE.search(fixed):
        fixed = _UNQUOTED_NOTE_RE.sub('"nach Vereinbarung"', fixed)
        hints.append('Hinweise stehen in Anführungszeichen: „Tu 15:00-17:00 "nach Vereinbarung"“.')
    found = sorted(
        {m.group(1) for m in _GERMAN_DAY_RE.finditer(fixed) if m.group(1).lower() in _GERMAN_DAYS}
    )
    if found:
        replaced = ", ".join(f"„{d}“ → „{_GERMAN_DAYS[d.lower()]}“" for d in found)
        hints.append(f"Wochentage werden englisch abgekürzt (Mo Tu We Th Fr Sa Su): {replaced}.")
        fixed = _GERMAN_DAY_RE.sub(_german_day, fixed)
    if _DOTTED_DAY_RE.search(fixed):
        fixed = _DOTTED_DAY_RE.sub(r"\1", fixed)
        hints.append("Wochentage ohne Punkt schreiben: „Mo-Fr“.")
    for pattern, replacement, hint in _WORDS:
        if pattern.search(fixed):
            fixed = pattern.sub(replacement, fixed)
            hints.append(hint)
    if _DAYS_RANGE_SPACES_RE.search(fixed):
        fixed = _DAYS_RANGE_SPACES_RE.sub(r"\1-\2", fixed)
        hints.append("Zwischen zwei Wochentagen steht der Bindestrich ohne Leerzeichen: „Mo-Fr“.")

    def clock_range(match: re.Match[str]) -> str:
        return f"{_clock(match.group(1), match.group(2))}-{_clock(match.group(3), match.group(4))}"

    ranged = _RANGE_RE.sub(clock_range, fixed)
    if ranged != fixed:
        if re.search(r"(?<![\d:])\d{1,2}(?:\.\d{2})?\s*(?:-|–|—|bis)", fixed):
            hints.append("Uhrzeiten immer mit Stunden und Minuten und Doppelpunkt: „09:00-12:00“.")
        fixed = ranged
    return " ".join(fixed.split()), hints


def explain(text: str, parser_message: str = "") -> str:
    """A German message for text the parser refused, with a suggestion where one is found."""
    parts = [f"„{text}“ ist keine gültige Angabe der Öffnungszeiten in OpenStreetMap-Schreibweise."]
    position = _POSITION_RE.search(parser_message)
    if position is not None:
        column = int(position.group(1))
        rest = text[column - 1 :]
        shown = rest if len(rest) <= 20 else rest[:20] + " …"
        if shown:
            parts.append(f"Der Fehler steht bei Zeichen {column}: „{shown}“.")
        else:
            parts.append("Der Text endet zu früh.")
    fixed, hints = _fixed(text)
    if hints:
        parts.append("Hinweis: " + " ".join(hints))
    if fixed != text and _parses(fixed):
        parts.append(f"Meinten Sie „{fixed}“?")
    parts.append(SYNTAX_HELP)
    return " ".join(parts)


def check_opening_hours(text: str) -> str:
    """The text with its whitespace tidied, or :class:`OpeningHoursError` in German."""
    tidy = " ".join(text.split())
    if not tidy:
        raise OpeningHoursError(
            "Die Öffnungszeiten sind leer. Hinweis: Lassen Sie das Feld weg, wenn keine bekannt "
            f"sind. {SYNTAX_HELP}"
        )
    try:
        OpeningHours(tidy)
    except ParserError as exc:
        raise OpeningHoursError(explain(tidy, str(exc))) from None
    except ValueError as exc:  # e.g. a date the calendar does not have
        raise OpeningHoursError(explain(tidy, str(exc))) from None
    return tidy


def parse_opening_hours(value: object) -> str:
    """Pydantic before-validator: OSM opening hours or a German error (type ``qd_opening_hours``)."""
    if not isinstance(value, str):
        raise PydanticCustomError(
            "qd_opening_hours",
            "Öffnungszeiten als Text erwartet, {got} erhalten. {help}",
            {"got": describe(value), "help": SYNTAX_HELP},
        )
    try:
        return check_opening_hours(value)
    except OpeningHoursError as exc:
        raise PydanticCustomError("qd_opening_hours", "{message}", {"message": str(exc)}) from None


OpeningHoursText = Annotated[
    str,
    BeforeValidator(parse_opening_hours),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "examples": ["Mo-Fr 09:00-12:00; Th 14:00-18:00", EXAMPLE],
        }
    ),
]
"""OpenStreetMap opening hours, checked; use in the model as ``OpeningHoursText | None``."""


# --------------------------------------------------------------------------- the week


@dataclass(frozen=True)
class TimeRange:
    """Open (or possibly open) from `start` to `end`, in minutes after midnight (end ≤ 1440)."""

    start: int
    end: int
    unknown: bool = False
    comment: str = ""

    @property
    def opens(self) -> str:
        return _hhmm(self.start)

    @property
    def closes(self) -> str:
        return _hhmm(self.end)

    @property
    def note(self) -> str:
        """German remark on the range: its comment, or that it is uncertain."""
        notes = [
            *(["ohne Gewähr"] if self.unknown else []),
            *([self.comment] if self.comment else []),
        ]
        return ", ".join(notes)

    def german(self) -> str:
        """„09:00–12:00 Uhr“, „rund um die Uhr“, „15:00–17:00 Uhr (nach Vereinbarung)“."""
        text = (
            "rund um die Uhr"
            if (self.start, self.end) == (0, _DAY_MINUTES)
            else f"{self.opens}–{self.closes} Uhr"
        )
        return f"{text} ({self.note})" if self.note else text

    def compact(self) -> list[int]:
        return [self.start, self.end, 1] if self.unknown else [self.start, self.end]


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _german_ranges(ranges: tuple[TimeRange, ...]) -> str:
    if not ranges:
        return "geschlossen"
    if any(r.note for r in ranges) or any((r.start, r.end) == (0, _DAY_MINUTES) for r in ranges):
        return _join([r.german() for r in ranges])
    return _join([f"{r.opens}–{r.closes}" for r in ranges]) + " Uhr"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]


@dataclass(frozen=True)
class DayHours:
    """One weekday of the regular week (0 = Montag)."""

    weekday: int
    ranges: tuple[TimeRange, ...]

    @property
    def name(self) -> str:
        return WEEKDAYS[self.weekday]

    @property
    def closed(self) -> bool:
        return not self.ranges

    def german(self) -> str:
        """„09:00–12:00 und 14:00–18:00 Uhr“ or „geschlossen“."""
        return _german_ranges(self.ranges)


@dataclass(frozen=True)
class Deviation:
    """A day within the window whose hours differ from the regular week."""

    day: date
    ranges: tuple[TimeRange, ...]

    @property
    def closed(self) -> bool:
        return not self.ranges

    def german(self) -> str:
        """„Freitag, 25.12.2026: geschlossen“."""
        return f"{WEEKDAYS[self.day.weekday()]}, {self.day:%d.%m.%Y}: {_german_ranges(self.ranges)}"


# Rules a weekly table cannot show. Checked on the parser's canonical text without comments.
_SPECIAL_RE = re.compile(
    r"\b(?:PH|SH|easter|week\d*|sunrise|sunset|dawn|dusk)\b"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"
    r"|\b\d{4}\b|\|\||\[|\+"
)
_COMMENT_RE = re.compile(r'"[^"]*"')


@dataclass(frozen=True)
class WeeklyHours:
    """Opening hours as a regular week, with the deviations within the window."""

    text: str  # as the editor wrote it
    days: tuple[DayHours, ...]  # Montag … Sonntag
    deviations: tuple[Deviation, ...]
    irregular: bool  # the text has rules the weekly table does not show
    first_day: date
    last_day: date  # the window's last day (inclusive)

    @property
    def rows(self) -> list[tuple[str, str]]:
        """[("Montag", "09:00–12:00 Uhr"), …, ("Sonntag", "geschlossen")] for a table."""
        return [(day.name, day.german()) for day in self.days]

    @property
    def always_closed(self) -> bool:
        return all(day.closed for day in self.days)

    def german(self) -> str:
        """The week in one German sentence, days with equal hours grouped.

        „Montag bis Mittwoch und Freitag: 09:00–12:00 Uhr; Donnerstag: 09:00–12:00 und
        14:00–18:00 Uhr; Samstag und Sonntag: geschlossen.“ Rules the table cannot show
        follow, in words where they are common (holidays) and else as written.
        """
        groups: dict[tuple[TimeRange, ...], list[int]] = {}
        for day in self.days:
            groups.setdefault(day.ranges, []).append(day.weekday)
        ordered = sorted(groups.items(), key=lambda item: (not item[0], item[1][0]))
        parts = [f"{_day_list(weekdays)}: {_german_ranges(ranges)}" for ranges, weekdays in ordered]
        sentence = "; ".join(parts) + "."
        extra = self.special_rules()
        return f"{sentence} {extra}" if extra else sentence

    def special_rules(self) -> str:
        """German words for the rules beyond the weekly table, or "" if there are none."""
        if not self.irregular:
            return ""
        canonical = _COMMENT_RE.sub("", _canonical(self.text))
        rules = [rule.strip() for rule in canonical.split(";")]
        sentences = []
        if any(rule in ("PH closed", "PH off") for rule in rules):
            sentences.append("An Feiertagen geschlossen.")
        if any(rule in ("SH closed", "SH off") for rule in rules):
            sentences.append("In den Schulferien geschlossen.")
        others = [r for r in rules if _SPECIAL_RE.search(r) and r not in _SIMPLE_SPECIAL]
        if others or not sentences:
            sentences.append(f"Weitere Regeln (OpenStreetMap-Schreibweise): {self.text}")
        return " ".join(sentences)

    def table_note(self) -> str:
        """For under the weekly table: that it is not everything, in words, and the text as written.

        "" when the table says everything. Otherwise, e.g.: „Die Tabelle zeigt die
        regelmäßigen Zeiten. An Feiertagen geschlossen. Angabe im Original
        (OpenStreetMap-Schreibweise): Mo-Fr 09:00-12:00; PH off“.
        """
        if not self.irregular:
            return ""
        words = self.special_rules()
        if "OpenStreetMap-Schreibweise" not in words:
            words += f" Angabe im Original (OpenStreetMap-Schreibweise): {self.text}"
        return f"Die Tabelle zeigt die regelmäßigen Zeiten. {words}"

    # ------------------------------------------------------------------ browser

    def browser_data(self) -> dict[str, Any]:
        """Compact data for ``assets/opening-hours.js``.

        ``week``: seven lists (Montag first) of ``[start, end]`` in minutes after
        midnight, ``[start, end, 1]`` where opening is uncertain; ``dev``: deviating
        days (ISO date → ranges); ``from``/``to``: the window in which ``dev`` is
        complete; ``irr``: 1 if the text has rules beyond the table.
        """
        return {
            "week": [[r.compact() for r in day.ranges] for day in self.days],
            "dev": {d.day.isoformat(): [r.compact() for r in d.ranges] for d in self.deviations},
            "from": self.first_day.isoformat(),
            "to": self.last_day.isoformat(),
            "irr": int(self.irregular),
        }

    def browser_json(self) -> str:
        return json.dumps(self.browser_data(), separators=(",", ":"), sort_keys=True)

    def open_now_element(self) -> Markup:
        """The element ``assets/opening-hours.js`` fills with „Jetzt geöffnet“ / „Jetzt geschlossen“.

        Hidden until the script has written into it, so a visitor without
        JavaScript sees only the table.
        """
        return Markup(
            '<p class="qd-open-now" data-hours="{}" aria-live="polite" hidden></p>'
        ).format(self.browser_json())

    # ------------------------------------------------------------------ schema.org

    def opening_hours_specification(self) -> list[dict[str, Any]]:
        """schema.org ``OpeningHoursSpecification`` of the regular week (open ranges only)."""
        by_range: dict[tuple[int, int], list[int]] = {}
        for day in self.days:
            for r in day.ranges:
                if not r.unknown:
                    by_range.setdefault((r.start, r.end), []).append(day.weekday)
        return [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": [_SCHEMA_DAYS[d] for d in weekdays],
                "opens": _schema_time(start),
                "closes": _schema_time(end),
            }
            for (start, end), weekdays in sorted(
                by_range.items(), key=lambda item: (item[1][0], item[0])
            )
        ]

    def special_opening_hours_specification(self, limit: int = 50) -> list[dict[str, Any]]:
        """schema.org specifications for the first `limit` deviating days (closed: 00:00–00:00)."""
        result: list[dict[str, Any]] = []
        for deviation in self.deviations[:limit]:
            day = deviation.day.isoformat()
            ranges = [r for r in deviation.ranges if not r.unknown] or [TimeRange(0, 0)]
            result.extend(
                {
                    "@type": "OpeningHoursSpecification",
                    "validFrom": day,
                    "validThrough": day,
                    "opens": _schema_time(r.start),
                    "closes": _schema_time(r.end),
                }
                for r in ranges
            )
        return result


_SIMPLE_SPECIAL = {"PH closed", "PH off", "SH closed", "SH off"}


def _schema_time(minutes: int) -> str:
    # schema.org Time has no 24:00; Google documents 23:59 for "until midnight".
    return "23:59" if minutes >= _DAY_MINUTES else _hhmm(minutes)


def _day_list(weekdays: list[int]) -> str:
    """[0, 1, 2, 4] → „Montag bis Mittwoch und Freitag“."""
    runs: list[list[int]] = []
    for day in weekdays:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    words: list[str] = []
    for run in runs:
        if len(run) >= 3:
            words.append(f"{WEEKDAYS[run[0]]} bis {WEEKDAYS[run[-1]]}")
        else:
            words.extend(WEEKDAYS[d] for d in run)
    return _join(words)


@lru_cache(maxsize=512)
def _canonical(text: str) -> str:
    return str(OpeningHours(text))


_CLOCK_TIME_RE = re.compile(r"\b(\d{2}):(\d{2})\b")


def _append(ranges: list[TimeRange], piece: TimeRange) -> None:
    """Add `piece` to a day's ranges, merging it with the previous one where they touch."""
    if piece.end <= piece.start:
        return
    if (
        ranges
        and ranges[-1].end == piece.start
        and (ranges[-1].unknown, ranges[-1].comment) == (piece.unknown, piece.comment)
    ):
        ranges[-1] = TimeRange(ranges[-1].start, piece.end, piece.unknown, piece.comment)
    else:
        ranges.append(piece)


def _day_ranges(
    oh: OpeningHours, canonical: str, first: date, last: date
) -> dict[date, tuple[TimeRange, ...]]:
    """Every day from `first` to `last` (inclusive) with its open or uncertain ranges."""
    if "||" in canonical:
        return _sampled_day_ranges(oh, canonical, first, last)
    return _interval_day_ranges(oh, first, last)


def _sampled_day_ranges(
    oh: OpeningHours, canonical: str, first: date, last: date
) -> dict[date, tuple[TimeRange, ...]]:
    """Day ranges from the state at every time the text names.

    opening-hours-py 2.1.4 stops its `intervals()` and `next_change()` after the
    first day for fallback rules (`||`), while `state()` is right. The state can
    only change at a time the text names (fallback texts with sun times aside),
    so asking `state()` at each of them is exact.
    """
    times = sorted(
        {0} | {(int(h) * 60 + int(m)) % _DAY_MINUTES for h, m in _CLOCK_TIME_RE.findall(canonical)}
    )
    bounds = [*times, _DAY_MINUTES]
    result: dict[date, tuple[TimeRange, ...]] = {}
    day = first
    while day <= last:
        ranges: list[TimeRange] = []
        midnight = datetime.combine(day, time())
        for begin, end in pairwise(bounds):
            state, comment = oh.state(midnight + timedelta(minutes=begin))
            if state is not State.CLOSED:
                _append(ranges, TimeRange(begin, end, state is State.UNKNOWN, comment))
        result[day] = tuple(ranges)
        day += timedelta(days=1)
    return result


def _interval_day_ranges(
    oh: OpeningHours, first: date, last: date
) -> dict[date, tuple[TimeRange, ...]]:
    days: dict[date, list[TimeRange]] = {
        first + timedelta(days=i): [] for i in range((last - first).days + 1)
    }
    start = datetime.combine(first, time())
    end = datetime.combine(last + timedelta(days=1), time())
    for interval_start, interval_end, state, comment in oh.intervals(start, end):
        if state is State.CLOSED:
            continue
        cursor, finish = max(interval_start, start), min(interval_end, end)
        while cursor < finish:
            midnight = datetime.combine(cursor.date() + timedelta(days=1), time())
            piece_end = min(finish, midnight)
            minutes_from = cursor.hour * 60 + cursor.minute
            minutes_to = (
                _DAY_MINUTES if piece_end == midnight else piece_end.hour * 60 + piece_end.minute
            )
            _append(
                days[cursor.date()],
                TimeRange(minutes_from, minutes_to, state is State.UNKNOWN, comment),
            )
            cursor = piece_end
    return {day: tuple(ranges) for day, ranges in days.items()}


@lru_cache(maxsize=512)
def weekly_hours(text: str, today: date, window_days: int = WINDOW_DAYS) -> WeeklyHours:
    """The regular week of `text` and its deviations from `today` on, for `window_days` days.

    `text` must be valid (the model checks it); the result depends only on
    `text`, `today` and `window_days`, so builds are reproducible.
    """
    tidy = check_opening_hours(text)
    oh = OpeningHours(tidy, country=COUNTRY)
    last = today + timedelta(days=window_days - 1)
    canonical = _canonical(tidy)
    by_day = _day_ranges(oh, canonical, today, last)
    counters: list[Counter[tuple[TimeRange, ...]]] = [Counter() for _ in range(7)]
    for day, ranges in by_day.items():
        counters[day.weekday()][ranges] += 1
    regular = tuple(
        DayHours(weekday, counter.most_common(1)[0][0] if counter else ())
        for weekday, counter in enumerate(counters)
    )
    deviations = tuple(
        Deviation(day, ranges)
        for day, ranges in by_day.items()
        if ranges != regular[day.weekday()].ranges
    )
    special = bool(_SPECIAL_RE.search(_COMMENT_RE.sub("", canonical)))
    return WeeklyHours(
        text=text,
        days=regular,
        deviations=deviations,
        irregular=special or bool(deviations),
        first_day=today,
        last_day=last,
    )


def german_hours(text: str, today: date) -> str:
    """Opening hours in one German sentence (for a vCard note or a plain-text export)."""
    return weekly_hours(text, today).german()


__all__ = [
    "EXAMPLE",
    "SYNTAX_HELP",
    "WEEKDAYS",
    "WINDOW_DAYS",
    "DayHours",
    "Deviation",
    "OpeningHoursError",
    "OpeningHoursText",
    "TimeRange",
    "WeeklyHours",
    "check_opening_hours",
    "explain",
    "german_hours",
    "parse_opening_hours",
    "weekly_hours",
]
