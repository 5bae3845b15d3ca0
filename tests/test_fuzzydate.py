"""Dates as precise as the sources: day, month, year or part of a year."""

from __future__ import annotations

from datetime import date, time

import pytest

from quartiersdoku.core.fuzzydate import (
    FuzzyDate,
    FuzzyDateError,
    NotADateError,
    WrittenDay,
    clock_only,
    read_written_day,
)


@pytest.mark.parametrize(
    ("raw", "earliest", "latest", "german"),
    [
        (date(2022, 3, 26), date(2022, 3, 26), date(2022, 3, 26), "26.03.2022"),
        ("2010-11", date(2010, 11, 1), date(2010, 11, 30), "November 2010"),
        (2014, date(2014, 1, 1), date(2014, 12, 31), "2014"),
        ("Ende 2023", date(2023, 9, 1), date(2023, 12, 31), "Ende 2023"),
        ("frühjahr 2011", date(2011, 3, 1), date(2011, 5, 31), "Frühjahr 2011"),
        ("Mitte  2026", date(2026, 5, 1), date(2026, 8, 31), "Mitte 2026"),
        ("2. Halbjahr 2026", date(2026, 7, 1), date(2026, 12, 31), "2. Halbjahr 2026"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "Februar 2024"),
    ],
)
def test_parse(raw: object, earliest: date, latest: date, german: str) -> None:
    value = FuzzyDate.parse(raw)
    assert (value.earliest, value.latest, value.german()) == (earliest, latest, german)
    assert FuzzyDate.parse(value.iso()) == value


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2023-02-30", "Den 30. Tag gibt es im Monat 2/2023 nicht"),
        ("2023-13", "Einen Monat 13 gibt es nicht"),
        ("Weihnachten 2023", "ist kein Datum"),
        (True, "Wahrheitswert"),
        (99, "nicht plausibel"),
        ([2023], "Datum erwartet"),
    ],
)
def test_rejects_with_german_message(raw: object, message: str) -> None:
    with pytest.raises(FuzzyDateError, match=message):
        FuzzyDate.parse(raw)


FORMS = (
    "2023-11-30, 2023-11, 2023 oder mit Zeitangabe vor dem Jahr: Anfang, Frühjahr, Mitte, "
    "Sommer, Herbst, Ende, 1.–4. Quartal, 1./2. Halbjahr (z. B. „Ende 2023“)"
)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("Weihnachten 2023", f"„Weihnachten 2023“ ist kein Datum. Erlaubt: {FORMS}."),
        (
            "31.12.2025",
            f"„31.12.2025“ ist kein Datum. Erlaubt: {FORMS}. Meinten Sie „2025-12-31“?",
        ),
        ("1.3.2026", f"„1.3.2026“ ist kein Datum. Erlaubt: {FORMS}. Meinten Sie „2026-03-01“?"),
        ("2026-3-1", f"„2026-3-1“ ist kein Datum. Erlaubt: {FORMS}. Meinten Sie „2026-03-01“?"),
        # the field has no time: the suggestion leaves it out, and says so
        (
            "10.02.2027 18:00",
            f"„10.02.2027 18:00“ ist kein Datum. Erlaubt: {FORMS}. "
            "Meinten Sie „2027-02-10“ (ohne Uhrzeit)?",
        ),
        ("März 2024", f"„März 2024“ ist kein Datum. Erlaubt: {FORMS}. Meinten Sie „2024-03“?"),
        ("03.2024", f"„03.2024“ ist kein Datum. Erlaubt: {FORMS}. Meinten Sie „2024-03“?"),
        # no suggestion for a day the calendar does not have
        ("31.02.2025", f"„31.02.2025“ ist kein Datum. Erlaubt: {FORMS}."),
        ("20:00", f"„20:00“ ist eine Uhrzeit, kein Datum. Erlaubt: {FORMS}."),
    ],
)
def test_a_date_written_another_way_gets_the_form_to_write(raw: str, message: str) -> None:
    with pytest.raises(NotADateError) as caught:
        FuzzyDate.parse(raw)
    assert str(caught.value) == message
    assert caught.value.text == raw


@pytest.mark.parametrize(
    ("raw", "day", "clock"),
    [
        ("10.02.2027 18:00", date(2027, 2, 10), time(18, 0)),
        ("10.02.2027, 18.30 Uhr", date(2027, 2, 10), time(18, 30)),
        ("2027-02-10 18.00 Uhr", date(2027, 2, 10), time(18, 0)),
        ("1.3.2027 um 9 Uhr", date(2027, 3, 1), time(9, 0)),
        ("31.12.2025", date(2025, 12, 31), None),
        ("10. 2. 2027", date(2027, 2, 10), None),
    ],
)
def test_read_written_day(raw: str, day: date, clock: time | None) -> None:
    assert read_written_day(raw) == WrittenDay(day, clock)


@pytest.mark.parametrize(
    "raw", ["31.02.2025", "10.02.2027 25:00", "10.02.27", "2027-02", "10.02.2027 18", "heute"]
)
def test_read_written_day_refuses_what_is_not_a_day(raw: str) -> None:
    assert read_written_day(raw) is None


@pytest.mark.parametrize(
    ("raw", "clock"),
    [
        ("20:00", time(20, 0)),
        ("9:30", time(9, 30)),
        ("18.30 Uhr", time(18, 30)),
        ("18.30", time(18, 30)),  # quoted: plain, YAML reads 18.30 as a number
        ("18 Uhr", time(18, 0)),
    ],
)
def test_clock_only(raw: str, clock: time) -> None:
    assert clock_only(raw) == clock


@pytest.mark.parametrize("raw", ["24:00", "18", "18.3", "2027-02-10 18:00", "Uhr"])
def test_clock_only_refuses_anything_else(raw: str) -> None:
    assert clock_only(raw) is None
