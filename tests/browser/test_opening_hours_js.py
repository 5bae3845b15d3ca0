"""assets/opening-hours.js in Chromium: „Jetzt geöffnet“ for the time in Berlin.

The page is built from Python's `WeeklyHours.open_now_element()`, so the test
covers the contract between the build and the script. Playwright's clock sets
the time; nothing waits on the real clock.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from quartiersdoku.core.hours import weekly_hours

from .chromium import guard_context
from .conftest import check_no_foreign_requests

SCRIPT = Path(__file__).resolve().parents[2] / "quartiersdoku" / "assets" / "opening-hours.js"
BERLIN = ZoneInfo("Europe/Berlin")
BUILT = date(2026, 6, 1)
HOURS = {
    "hafen": "Mo-Fr 09:00-12:00; Th 09:00-12:00,14:00-18:00; PH off",
    "nachts": "Fr 22:00-02:00",
    "vereinbarung": "We 10:00-12:00 unknown",
}


@pytest.fixture
def hours_page(tmp_path: Path, serve: Callable[[Path], str]) -> str:
    shutil.copy(SCRIPT, tmp_path / "opening-hours.js")
    elements = "\n".join(
        str(weekly_hours(text, BUILT).open_now_element()).replace(
            '<p class="qd-open-now"', f'<p id="{name}" class="qd-open-now"'
        )
        for name, text in HOURS.items()
    )
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Test</title></head>'
        f'<body>{elements}<script src="opening-hours.js"></script></body></html>',
        encoding="utf-8",
    )
    return serve(tmp_path)


def _berlin(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("moment", "element", "text"),
    [
        (_berlin(2026, 6, 4, 15, 0), "hafen", "Jetzt geöffnet, bis 18:00 Uhr"),
        (_berlin(2026, 6, 4, 12, 30), "hafen", "Jetzt geschlossen, öffnet heute um 14:00 Uhr"),
        (_berlin(2026, 6, 3, 12, 30), "hafen", "Jetzt geschlossen, öffnet morgen um 09:00 Uhr"),
        (_berlin(2026, 6, 6, 10, 0), "hafen", "Jetzt geschlossen, öffnet am Montag um 09:00 Uhr"),
        # Christmas Day is a Friday and a public holiday ("PH off"): closed until Monday.
        (_berlin(2026, 12, 25, 10, 0), "hafen", "Jetzt geschlossen, öffnet am Montag um 09:00 Uhr"),
        (_berlin(2026, 6, 5, 23, 0), "nachts", "Jetzt geöffnet, bis 02:00 Uhr"),
        (_berlin(2026, 6, 6, 1, 59), "nachts", "Jetzt geöffnet, bis 02:00 Uhr"),
        (_berlin(2026, 6, 3, 11, 0), "vereinbarung", "Jetzt vielleicht geöffnet (ohne Gewähr)"),
    ],
)
def test_state_at_a_given_time(
    page: Page, hours_page: str, moment: datetime, element: str, text: str
) -> None:
    page.clock.set_fixed_time(moment)
    page.goto(hours_page)
    target = page.locator(f"#{element}")
    expect(target).to_have_text(text)
    expect(target).to_be_visible()
    expect(target).to_have_attribute("aria-live", "polite")


def test_after_the_window_the_caveat_is_shown(page: Page, hours_page: str) -> None:
    page.clock.set_fixed_time(_berlin(2027, 9, 1, 10, 0))  # a Wednesday, past "to"
    page.goto(hours_page)
    expect(page.locator("#hafen")).to_have_text(
        "Jetzt geöffnet, bis 12:00 Uhr (ohne Gewähr: Ausnahmen wie Feiertage sind hier nicht "
        "mehr berücksichtigt)"
    )


def test_berlin_time_whatever_the_visitors_time_zone(browser: Browser, hours_page: str) -> None:
    context = browser.new_context(locale="de-DE", timezone_id="America/New_York")
    guard = guard_context(context)
    try:
        page = context.new_page()
        # 07:30 UTC is 09:30 in Berlin (summer time) and 03:30 in New York.
        page.clock.set_fixed_time(datetime(2026, 7, 2, 7, 30, tzinfo=UTC))
        page.goto(hours_page)
        expect(page.locator("#hafen")).to_have_text("Jetzt geöffnet, bis 12:00 Uhr")
    finally:
        context.close()
    check_no_foreign_requests(guard)


def test_the_line_follows_the_clock(page: Page, hours_page: str) -> None:
    page.clock.install(time=_berlin(2026, 6, 4, 11, 59, 30))
    page.goto(hours_page)
    target = page.locator("#hafen")
    expect(target).to_have_text("Jetzt geöffnet, bis 12:00 Uhr")
    page.clock.run_for(60_000)
    expect(target).to_have_text("Jetzt geschlossen, öffnet heute um 14:00 Uhr")
    expect(target).to_have_class("qd-open-now qd-open-now--closed")
