"""German formatting of dates, periods and numbers, as visitors and editors read them."""

from __future__ import annotations

from datetime import date, datetime, time

from .fuzzydate import FuzzyDate

_WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


def as_datetime(value: date | datetime) -> datetime:
    """A day as its midnight, a moment as it is: events with and without a time sort together."""
    return value if isinstance(value, datetime) else datetime.combine(value, time())


def german_date(value: date | datetime | FuzzyDate | None, *, weekday: bool = False) -> str:
    """26.03.2022 · Samstag, 26.03.2022, 10:00 Uhr · Ende 2023."""
    if value is None:
        return ""
    if isinstance(value, FuzzyDate):
        if value.is_exact and weekday:
            return german_date(value.earliest, weekday=True)
        return value.german()
    text = f"{value.day:02d}.{value.month:02d}.{value.year}"
    if weekday:
        text = f"{_WEEKDAYS[value.weekday()]}, {text}"
    if isinstance(value, datetime):
        text += f", {value.hour:02d}:{value.minute:02d} Uhr"
    return text


def period(start: FuzzyDate | None, end: FuzzyDate | None) -> str:
    if start and end:
        return f"{start.german()} bis {end.german()}"
    if start:
        return f"seit {start.german()}"
    if end:
        return f"bis {end.german()}"
    return ""


def german_number(value: object) -> str:
    """12000 → 12.000, 3.5 → 3,5; text stays as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        whole, _, fraction = f"{value:,.2f}".rstrip("0").partition(".")
        return whole.replace(",", ".") + "," + fraction
    return f"{int(value):,}".replace(",", ".")
