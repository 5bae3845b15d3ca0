"""Dates as precise as the sources: day, month, year or part of a year."""

from __future__ import annotations

from datetime import date

import pytest

from quartiersdoku.core.fuzzydate import FuzzyDate, FuzzyDateError


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
