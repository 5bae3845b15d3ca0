"""iCalendar export: parsed back with icalendar, checked against RFC 5545's rules."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from quartiersdoku.core.settings import Settings
from quartiersdoku.core.site import Site
from quartiersdoku.core.validate import load_site
from quartiersdoku.exports import ExportSettings, event_refs, export_files
from quartiersdoku.exports.ical import (
    CalendarInfo,
    CalendarWriter,
    event_calendar,
    head_calendar,
    ical_files,
    site_calendar,
)

FIXTURE = Path(__file__).parent / "fixtures" / "export" / "quarters"
SETTINGS = ExportSettings(site_url="https://quartiere.example.org/", site_name="Testquartiere")
BERLIN = ZoneInfo("Europe/Berlin")


def _site(today: date = date(2026, 6, 1)) -> Site:
    result = load_site(Settings(quarters_dir=FIXTURE, today=today))
    assert not result.errors
    return result.site


SITE = _site()


def _events(data: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_site_calendar_holds_every_event_with_the_required_properties() -> None:
    data = site_calendar(SITE, SETTINGS)
    calendar = Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Quartiersdoku//Termine//DE"
    assert str(calendar["X-WR-CALNAME"]) == "Testquartiere: Termine"
    events = calendar.walk("VEVENT")
    assert sorted(str(e["UID"]) for e in events) == sorted(
        [
            "musterstadt/altstadt/7-stadtteilkonferenz-2022-03-26@quartiere.example.org",
            "musterstadt/hafen/hafenforum-2026@quartiere.example.org",
            "musterstadt/hafen/hafenfest-2025@quartiere.example.org",
            "musterstadt/_stadt/stadtwerkstatt-2026@quartiere.example.org",
        ]
    )
    for event in events:
        for name in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "URL", "CATEGORIES"):
            assert name in event, name
    assert calendar.get_missing_tzids() == set()
    (timezone,) = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Berlin"


def test_timed_event() -> None:
    event = _events(site_calendar(SITE, SETTINGS))[
        "musterstadt/hafen/hafenforum-2026@quartiere.example.org"
    ]
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTSTART") == datetime(2026, 6, 18, 18, 0, tzinfo=BERLIN)
    assert event.decoded("DTEND") == datetime(2026, 6, 18, 20, 30, tzinfo=BERLIN)
    assert str(event["SUMMARY"]) == "Hafenforum 2026"
    assert str(event["LOCATION"]) == (
        "Alte Lagerhalle, Kaistraße 5 (Eingang Hafenseite), 58095 Musterstadt"
    )
    assert str(event["URL"]) == (
        "https://quartiere.example.org/quartiere/musterstadt/hafen/#termin-hafenforum-2026"
    )
    assert event["CATEGORIES"].cats == ["Forum"]
    assert event["GEO"].latitude == 51.352
    assert event["GEO"].longitude == 7.472
    description = str(event["DESCRIPTION"])
    assert description.startswith("Wie soll das Hafenufer aussehen?")  # Markdown is gone
    assert "Ergebnisse: Die Ideen fließen in den Rahmenplan ein." in description
    assert "Themen: Wohnen, Grün" in description
    assert "Veranstalter: Stadt Musterstadt, Amt für Stadtentwicklung" in description
    assert description.endswith(
        "Mehr dazu: https://quartiere.example.org/quartiere/musterstadt/hafen/#termin-hafenforum-2026"
    )


def test_all_day_events_end_the_day_after() -> None:
    events = _events(site_calendar(SITE, SETTINGS))
    one_day = events["musterstadt/altstadt/7-stadtteilkonferenz-2022-03-26@quartiere.example.org"]
    assert one_day["DTSTART"].params["VALUE"] == "DATE"
    assert one_day.decoded("DTSTART") == date(2022, 3, 26)
    assert one_day.decoded("DTEND") == date(2022, 3, 27)
    two_days = events["musterstadt/hafen/hafenfest-2025@quartiere.example.org"]
    assert (two_days.decoded("DTSTART"), two_days.decoded("DTEND")) == (
        date(2025, 8, 30),
        date(2025, 9, 1),
    )


def test_city_wide_events_link_to_the_city_page() -> None:
    event = _events(site_calendar(SITE, SETTINGS))[
        "musterstadt/_stadt/stadtwerkstatt-2026@quartiere.example.org"
    ]
    assert str(event["URL"]) == (
        "https://quartiere.example.org/quartiere/musterstadt/#termin-stadtwerkstatt-2026"
    )
    assert event["CATEGORIES"].cats == ["Werkstatt"]


def test_dtstamp_comes_from_the_data() -> None:
    events = _events(site_calendar(SITE, SETTINGS))
    stamps = {uid.split("@")[0]: event.decoded("DTSTAMP") for uid, event in events.items()}
    assert stamps == {
        # the file's "reviewed" (Stand)
        "musterstadt/altstadt/7-stadtteilkonferenz-2022-03-26": datetime(2026, 11, 1, tzinfo=UTC),
        "musterstadt/hafen/hafenforum-2026": datetime(2026, 5, 4, tzinfo=UTC),
        "musterstadt/hafen/hafenfest-2025": datetime(2026, 5, 4, tzinfo=UTC),
        "musterstadt/_stadt/stadtwerkstatt-2026": datetime(2026, 3, 1, tzinfo=UTC),
    }


def test_builds_are_reproducible_whatever_the_day() -> None:
    later = _site(date(2027, 2, 3))
    assert ical_files(later, SETTINGS) == ical_files(SITE, SETTINGS)


def test_lines_end_in_crlf_and_are_folded_at_75_octets() -> None:
    data = site_calendar(SITE, SETTINGS)
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines)
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # long lines were folded


def test_one_event_per_download() -> None:
    for ref in event_refs(SITE):
        calendar = Calendar.from_ical(event_calendar(ref, SETTINGS))
        (event,) = calendar.walk("VEVENT")
        assert str(event["UID"]) == f"{ref.key}@quartiere.example.org"
        assert calendar.get_missing_tzids() == set()


def test_files_and_paths() -> None:
    files = ical_files(SITE, SETTINGS)
    assert sorted(files) == [
        "daten/quartiere/musterstadt/altstadt.ics",
        "daten/quartiere/musterstadt/hafen.ics",
        "daten/staedte/musterstadt.ics",
        "daten/termine.ics",
        "daten/termine/musterstadt/_stadt/stadtwerkstatt-2026.ics",
        "daten/termine/musterstadt/altstadt/7-stadtteilkonferenz-2022-03-26.ics",
        "daten/termine/musterstadt/hafen/hafenfest-2025.ics",
        "daten/termine/musterstadt/hafen/hafenforum-2026.ics",
    ]
    assert set(files) <= set(export_files(SITE, SETTINGS))
    hafen = Calendar.from_ical(files["daten/quartiere/musterstadt/hafen.ics"])
    assert len(hafen.walk("VEVENT")) == 2


@pytest.mark.parametrize(
    ("settings", "domain"),
    [
        (ExportSettings(), "quartiersdoku.invalid"),
        (ExportSettings(domain="quartiere.hagen.de"), "quartiere.hagen.de"),
        (
            ExportSettings(site_url="https://neu.example.org/", domain="quartiere.hagen.de"),
            "quartiere.hagen.de",
        ),
    ],
)
def test_uids_use_the_stable_domain(settings: ExportSettings, domain: str) -> None:
    events = Calendar.from_ical(site_calendar(SITE, settings)).walk("VEVENT")
    assert all(str(e["UID"]).endswith(f"@{domain}") for e in events)
    if not settings.site_url:
        assert all("URL" not in e for e in events)  # relative links are not allowed there


def test_empty_calendar_is_still_valid() -> None:
    data = site_calendar(Site(today=date(2026, 6, 1)), SETTINGS)
    calendar = Calendar.from_ical(data)
    assert calendar.walk("VEVENT") == []
    assert len(calendar.walk("VTIMEZONE")) == 1


# No line breaks: icalendar itself refuses them in NAME and X-WR-CALDESC (it writes those
# unescaped), with or without the template.
AWKWARD_NAMES = (
    "Termine",
    "Komma, Semikolon; Doppelpunkt: Backslash \\ Ende",
    "Größenwahn in Übersee – " * 6,  # folded, umlauts across the fold
    '"Anführung" <b>fett</b> & {{ x }}',
    "",
)


@pytest.mark.parametrize(
    "settings", [ExportSettings(), ExportSettings(site_url="https://q.example/")]
)
def test_calendar_heads_made_from_a_template_are_icalendars_own(settings: ExportSettings) -> None:
    """Each shape's head is built by icalendar once; the filled-in lines must give its bytes."""
    writer = CalendarWriter(settings)
    infos = [
        CalendarInfo(
            name=name,
            key=f"quartier-{index}/{name[:12]}/termine",
            description=description,
            url=url,
        )
        for index, name in enumerate(AWKWARD_NAMES)
        for description in ("", "Alle Termine, auch; diese\\ und jene " * 4)
        for url in (None, f"https://q.example/quartiere/{index}/#termin-ä,b;c")
    ]
    for info in infos * 2:
        assert writer._head(info) == head_calendar(info, settings).to_ical()
    assert len(writer._heads) == 4
    assert all(template is not None for template in writer._heads.values())
    # Parsed back, the filled-in head says what the calendar info said.
    for info in infos:
        calendar = Calendar.from_ical(writer.calendar([], info))
        assert str(calendar["X-WR-CALNAME"]) == info.name
        assert str(calendar["UID"]) == f"{info.key}@{settings.id_domain}"
