"""Opening hours: German errors for editors, the weekly table, browser and schema.org data."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from quartiersdoku.core.hours import (
    SYNTAX_HELP,
    OpeningHoursError,
    check_opening_hours,
    german_hours,
    weekly_hours,
)
from quartiersdoku.core.model import Contact
from quartiersdoku.core.settings import Settings
from quartiersdoku.core.validate import load_site

TODAY = date(2026, 6, 1)  # a Monday
HAFEN = "Mo-Fr 09:00-12:00; Th 09:00-12:00,14:00-18:00; PH off"


# --------------------------------------------------------------------------- checking


@pytest.mark.parametrize(
    "text",
    [
        "Mo-Fr 09:00-12:00",
        HAFEN,
        "24/7",
        "off",
        "Fr 22:00-02:00",
        'Tu 15:00-17:00 "nach Vereinbarung"',
        "Mo-Fr 09:00-12:00; Aug off",
        'Mo-Fr 09:00-12:00 || "nach Vereinbarung"',
    ],
)
def test_valid_hours_pass(text: str) -> None:
    assert check_opening_hours(text) == text


def test_whitespace_is_tidied() -> None:
    assert check_opening_hours("  Mo-Fr 09:00-12:00;\n   Sa 10:00-12:00 ") == (
        "Mo-Fr 09:00-12:00; Sa 10:00-12:00"
    )


@pytest.mark.parametrize(
    ("text", "hint", "suggestion"),
    [
        (
            "Mo-Fr 09:00-12:00; Do 14:00-18:00",
            "„Do“ → „Th“",
            "Mo-Fr 09:00-12:00; Th 14:00-18:00",
        ),
        (
            "Mo.-Fr. 9-12 Uhr",
            "Uhrzeiten immer mit Stunden und Minuten",
            "Mo-Fr 09:00-12:00",
        ),
        ("Montag bis Freitag 9 bis 12 Uhr", "„Montag“ → „Mo“", "Mo-Fr 09:00-12:00"),
        ("Mo-Fr 09:00–12:00", "einfachen Bindestrich", "Mo-Fr 09:00-12:00"),
        (
            "Mo - Fr 09:00-12:00; Feiertage geschlossen",
            "Feiertage heißen „PH“",
            "Mo-Fr 09:00-12:00; PH off",
        ),
        (
            "Di 15:00-17:00 nach Vereinbarung",
            "Hinweise stehen in Anführungszeichen",
            'Tu 15:00-17:00 "nach Vereinbarung"',
        ),
    ],
)
def test_german_habits_get_a_hint_and_a_suggestion(text: str, hint: str, suggestion: str) -> None:
    with pytest.raises(OpeningHoursError) as caught:
        check_opening_hours(text)
    message = str(caught.value)
    assert message.startswith(f"„{text}“ ist keine gültige Angabe der Öffnungszeiten")
    assert hint in message
    assert f"Meinten Sie „{suggestion}“?" in message
    assert message.endswith(SYNTAX_HELP)
    check_opening_hours(suggestion)  # the suggestion itself is valid


def test_error_names_the_position_the_parser_reports() -> None:
    with pytest.raises(OpeningHoursError) as caught:
        check_opening_hours("Mo-Fr 25:00-26:00")
    message = str(caught.value)
    assert "Der Fehler steht bei Zeichen 7: „25:00-26:00“." in message
    assert "Meinten Sie" not in message


@pytest.mark.parametrize("text", ["by appointment", "", "   ", "Mo-Fr 09:00-"])
def test_unfixable_text_gets_the_syntax_help(text: str) -> None:
    with pytest.raises(OpeningHoursError) as caught:
        check_opening_hours(text)
    assert SYNTAX_HELP in str(caught.value)


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_text_is_accepted_or_explained(text: str) -> None:
    try:
        check_opening_hours(text)
    except OpeningHoursError as exc:
        message = str(exc)
    else:
        return
    assert message.endswith(SYNTAX_HELP)


def test_the_model_refuses_invalid_hours_with_the_german_message() -> None:
    with pytest.raises(ValidationError) as caught:
        Contact.model_validate(
            {"name": "Büro", "opening_hours": "Mo-Fr 09:00-12:00; Do 14:00-18:00"}
        )
    (error,) = caught.value.errors()
    assert error["type"] == "qd_opening_hours"
    assert error["loc"] == ("opening_hours",)
    assert "Meinten Sie „Mo-Fr 09:00-12:00; Th 14:00-18:00“?" in error["msg"]


def test_the_model_refuses_a_number() -> None:
    with pytest.raises(ValidationError) as caught:
        Contact.model_validate({"name": "Büro", "opening_hours": 9})
    (error,) = caught.value.errors()
    assert error["type"] == "qd_opening_hours"
    assert error["msg"].startswith("Öffnungszeiten als Text erwartet, die Zahl 9 erhalten.")


def test_a_quarter_file_with_bad_hours_fails_with_line_and_hint(tmp_path: Path) -> None:
    folder = tmp_path / "quarters" / "musterstadt"
    folder.mkdir(parents=True)
    (folder / "hafen.yaml").write_text(
        "name: Hafen\n"
        "city: Musterstadt\n"
        "summary: Ein Quartier.\n"
        "contacts:\n"
        "  - name: Stadtteilbüro\n"
        "    opening_hours: Mo-Fr 9-12 Uhr\n",
        encoding="utf-8",
    )
    result = load_site(Settings(quarters_dir=tmp_path / "quarters", today=TODAY))
    (problem,) = result.errors
    assert problem.line == 6
    assert "Meinten Sie „Mo-Fr 09:00-12:00“?" in problem.message


# --------------------------------------------------------------------------- weekly table


def test_weekly_table_of_the_usual_case() -> None:
    hours = weekly_hours(HAFEN, TODAY)
    assert hours.rows == [
        ("Montag", "09:00–12:00 Uhr"),
        ("Dienstag", "09:00–12:00 Uhr"),
        ("Mittwoch", "09:00–12:00 Uhr"),
        ("Donnerstag", "09:00–12:00 und 14:00–18:00 Uhr"),
        ("Freitag", "09:00–12:00 Uhr"),
        ("Samstag", "geschlossen"),
        ("Sonntag", "geschlossen"),
    ]
    assert hours.irregular  # "PH off" is not in the table
    assert hours.german() == (
        "Montag bis Mittwoch und Freitag: 09:00–12:00 Uhr; "
        "Donnerstag: 09:00–12:00 und 14:00–18:00 Uhr; "
        "Samstag und Sonntag: geschlossen. An Feiertagen geschlossen."
    )


def test_nationwide_public_holidays_on_weekdays_are_deviations() -> None:
    hours = weekly_hours(HAFEN, TODAY)
    assert (hours.first_day, hours.last_day) == (TODAY, date(2027, 7, 5))
    # Fronleichnam (4 June 2026) is a holiday in NRW only: the library knows nationwide ones.
    assert [d.day.isoformat() for d in hours.deviations] == [
        "2026-12-25",
        "2027-01-01",
        "2027-03-26",
        "2027-03-29",
        "2027-05-06",
        "2027-05-17",
    ]
    assert hours.deviations[0].german() == "Freitag, 25.12.2026: geschlossen"


def test_a_later_rule_replaces_a_day_as_osm_defines() -> None:
    # "; Th 14:00-18:00" replaces Thursday's times; the table shows what the text means.
    hours = weekly_hours("Mo-Fr 09:00-12:00; Th 14:00-18:00", TODAY)
    assert hours.days[3].german() == "14:00–18:00 Uhr"
    assert not hours.irregular
    assert not hours.deviations


def test_overnight_hours_are_split_at_midnight() -> None:
    hours = weekly_hours("Fr 22:00-02:00", TODAY)
    assert hours.days[4].german() == "22:00–24:00 Uhr"
    assert hours.days[5].german() == "00:00–02:00 Uhr"


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("24/7", "Montag bis Sonntag: rund um die Uhr."),
        ("off", "Montag bis Sonntag: geschlossen."),
        (
            'Tu 15:00-17:00 "nach Vereinbarung"',
            "Dienstag: 15:00–17:00 Uhr (nach Vereinbarung); "
            "Montag und Mittwoch bis Sonntag: geschlossen.",
        ),
        (
            "Mo 10:00-12:00 unknown",
            "Montag: 10:00–12:00 Uhr (ohne Gewähr); Dienstag bis Sonntag: geschlossen.",
        ),
    ],
)
def test_german_sentence(text: str, sentence: str) -> None:
    assert german_hours(text, TODAY) == sentence


def test_table_note_says_the_table_is_not_everything_and_quotes_the_text() -> None:
    assert weekly_hours(HAFEN, TODAY).table_note() == (
        "Die Tabelle zeigt die regelmäßigen Zeiten. An Feiertagen geschlossen. "
        f"Angabe im Original (OpenStreetMap-Schreibweise): {HAFEN}"
    )
    assert weekly_hours("Mo-Fr 09:00-12:00; Aug off", TODAY).table_note() == (
        "Die Tabelle zeigt die regelmäßigen Zeiten. "
        "Weitere Regeln (OpenStreetMap-Schreibweise): Mo-Fr 09:00-12:00; Aug off"
    )
    assert weekly_hours("Mo-Fr 09:00-12:00", TODAY).table_note() == ""


def test_rules_beyond_the_table_are_named_and_the_text_kept() -> None:
    hours = weekly_hours("Mo-Fr 09:00-12:00; Aug off", TODAY)
    assert hours.irregular
    assert hours.days[0].german() == "09:00–12:00 Uhr"
    assert hours.deviations[0].day == date(2026, 8, 3)
    assert len(hours.deviations) == 21  # the weekdays of August 2026
    assert hours.special_rules() == (
        "Weitere Regeln (OpenStreetMap-Schreibweise): Mo-Fr 09:00-12:00; Aug off"
    )


def test_fallback_rules_are_evaluated_day_by_day() -> None:
    # opening-hours-py's intervals() stop after one day for "||"; the table must not.
    hours = weekly_hours('Mo-Fr 09:00-12:00 || "nach Vereinbarung"', TODAY)
    assert [day.german() for day in hours.days] == [
        *["09:00–12:00 Uhr"] * 5,
        *["rund um die Uhr (nach Vereinbarung)"] * 2,
    ]
    assert hours.irregular


def test_same_input_same_result() -> None:
    first = weekly_hours(HAFEN, TODAY).browser_json()
    weekly_hours.cache_clear()
    assert weekly_hours(HAFEN, TODAY).browser_json() == first


# --------------------------------------------------------------------------- browser, schema.org


def test_browser_data_is_compact() -> None:
    data = json.loads(weekly_hours(HAFEN, TODAY).browser_json())
    assert data["week"][0] == [[540, 720]]
    assert data["week"][3] == [[540, 720], [840, 1080]]
    assert data["week"][5] == []
    assert data["dev"]["2026-12-25"] == []
    assert (data["from"], data["to"], data["irr"]) == ("2026-06-01", "2027-07-05", 1)
    unknown = json.loads(weekly_hours("Mo 10:00-12:00 unknown", TODAY).browser_json())
    assert unknown["week"][0] == [[600, 720, 1]]


def test_open_now_element_carries_the_data_safely() -> None:
    hours = weekly_hours('Tu 15:00-17:00 "<b>&\'"', TODAY)
    element = BeautifulSoup(str(hours.open_now_element()), "html.parser").p
    assert element["class"] == ["qd-open-now"]
    assert element["aria-live"] == "polite"
    assert element.has_attr("hidden")
    assert json.loads(element["data-hours"]) == hours.browser_data()


def test_schema_org_specifications() -> None:
    hours = weekly_hours(HAFEN, TODAY)
    assert hours.opening_hours_specification() == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [
                "https://schema.org/Monday",
                "https://schema.org/Tuesday",
                "https://schema.org/Wednesday",
                "https://schema.org/Thursday",
                "https://schema.org/Friday",
            ],
            "opens": "09:00",
            "closes": "12:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["https://schema.org/Thursday"],
            "opens": "14:00",
            "closes": "18:00",
        },
    ]
    assert hours.special_opening_hours_specification(limit=1) == [
        {
            "@type": "OpeningHoursSpecification",
            "validFrom": "2026-12-25",
            "validThrough": "2026-12-25",
            "opens": "00:00",
            "closes": "00:00",
        }
    ]
    until_midnight = weekly_hours("Fr 22:00-02:00", TODAY).opening_hours_specification()
    assert until_midnight[0]["closes"] == "23:59"
