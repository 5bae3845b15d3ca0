"""Dates, times and weekdays in the language of a translated page (Babel's CLDR data).

The German pages use :mod:`german`; a translated page writes the same facts the
way its readers expect: „26 March 2022“, „26 Mart 2022“, „26 مارس 2022“.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_time, get_day_names

from .fuzzydate import FuzzyDate
from .languages import LANGUAGES
from .page_labels import PAGE_LABELS


def local_date(
    value: date | datetime | FuzzyDate | None, key: str, *, weekday: bool = False
) -> str:
    """A day, a day with time, or a date as precise as the source, in language `key`."""
    if value is None:
        return ""
    locale = LANGUAGES[key].locale
    if isinstance(value, FuzzyDate):
        if value.part is not None:
            return PAGE_LABELS[key][f"part.{value.part}"].format(year=value.year)
        if value.day is not None:
            return local_date(value.earliest, key, weekday=weekday)
        if value.month is not None:
            return format_date(value.earliest, "LLLL y", locale=locale)
        return str(value.year)
    day = value.date() if isinstance(value, datetime) else value
    text = format_date(day, "full" if weekday else "long", locale=locale)
    if isinstance(value, datetime):
        text = PAGE_LABELS[key]["date_time"].format(date=text, time=local_time(value, key))
    return text


def local_time(value: datetime, key: str) -> str:
    """18:00 · 6:00 م; Leichte Sprache: 18:00 Uhr."""
    text = format_time(value, "short", locale=LANGUAGES[key].locale)
    return f"{text} Uhr" if LANGUAGES[key].locale.startswith("de") else text


def local_period(start: FuzzyDate | None, end: FuzzyDate | None, key: str) -> str:
    labels = PAGE_LABELS[key]
    if start and end:
        return labels["period_from_to"].format(
            start=local_date(start, key), end=local_date(end, key)
        )
    if start:
        return labels["period_since"].format(start=local_date(start, key))
    if end:
        return labels["period_until"].format(end=local_date(end, key))
    return ""


def weekday_name(index: int, key: str) -> str:
    """0 = Monday, in language `key`."""
    return str(get_day_names("wide", locale=LANGUAGES[key].locale)[index])
