"""Atom feed: parsed with xml.etree and checked for what RFC 4287 requires."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

from quartiersdoku.core.settings import Settings
from quartiersdoku.core.validate import load_site
from quartiersdoku.exports import FEED_PATH, ExportSettings, export_files
from quartiersdoku.exports.feed import news_feed

FIXTURE = Path(__file__).parent / "fixtures" / "export" / "quarters"
SITE = load_site(Settings(quarters_dir=FIXTURE, today=date(2026, 6, 1))).site
SETTINGS = ExportSettings(
    site_url="https://quartiere.example.org/",
    site_name="Testquartiere",
    publisher="Stadt Musterstadt",
    licence="CC BY 4.0",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
)
NS = {"a": "http://www.w3.org/2005/Atom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


def _feed(settings: ExportSettings = SETTINGS, limit: int = 100) -> ET.Element:
    return ET.fromstring(news_feed(SITE, settings, limit))


def _entries(feed: ET.Element) -> dict[str, ET.Element]:
    return {e.findtext("a:title", namespaces=NS) or "": e for e in feed.findall("a:entry", NS)}


def test_feed_has_the_required_elements() -> None:
    feed = _feed()
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.get(XML_LANG) == "de"
    assert feed.findtext("a:title", namespaces=NS) == "Testquartiere: Neuigkeiten"
    assert (feed.findtext("a:id", namespaces=NS) or "").startswith("urn:uuid:")
    assert feed.findtext("a:author/a:name", namespaces=NS) == "Stadt Musterstadt"
    assert feed.findtext("a:rights", namespaces=NS) == (
        "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
    )
    self_link = feed.find("a:link[@rel='self']", NS)
    assert self_link is not None
    assert self_link.get("href") == "https://quartiere.example.org/daten/neuigkeiten.xml"
    for entry in feed.findall("a:entry", NS):
        assert (entry.findtext("a:id", namespaces=NS) or "").startswith("urn:uuid:")
        assert entry.findtext("a:title", namespaces=NS)
        assert RFC3339.match(entry.findtext("a:updated", namespaces=NS) or "")
        link = entry.find("a:link", NS)
        assert link is not None
        assert (link.get("href") or "").startswith("https://quartiere.example.org/quartiere/")
        content = entry.find("a:content", NS)
        assert content is not None
        assert content.get("type") == "html"


def test_reports_and_events_with_times_from_the_data() -> None:
    entries = _entries(_feed())
    assert sorted(entries) == [
        "Sachstandsbericht Altstadt: Erster Sachstandsbericht",
        "Sachstandsbericht Hafen: Rahmenplan vorgestellt",
        "Sachstandsbericht Musterstadt: Zweiter Sachstandsbericht",
        "Termin Altstadt, 26.03.2022: 7. Stadtteilkonferenz",
        "Termin Hafen, 18.06.2026, 18:00 Uhr: Hafenforum 2026",
        "Termin Hafen, 30.08.2025: Hafenfest",
        "Termin Musterstadt, 24.10.2026, 10:00 Uhr: Stadtwerkstatt Quartiere",
    ]
    report = entries["Sachstandsbericht Hafen: Rahmenplan vorgestellt"]
    assert report.findtext("a:updated", namespaces=NS) == "2026-05-04T00:00:00+02:00"
    link = report.find("a:link", NS)
    assert link is not None
    assert link.get("href") == (
        "https://quartiere.example.org/quartiere/musterstadt/hafen/#bericht-2026-05-04-rahmenplan-vorgestellt"
    )
    event = entries["Termin Hafen, 18.06.2026, 18:00 Uhr: Hafenforum 2026"]
    assert event.findtext("a:updated", namespaces=NS) == "2026-06-18T18:00:00+02:00"
    content = event.findtext("a:content", namespaces=NS) or ""
    assert "<strong>Hafenufer</strong>" in content  # Markdown as (escaped) HTML
    # The city's report is shown with its decision on the quarter page that decision names.
    city_report = entries["Sachstandsbericht Musterstadt: Zweiter Sachstandsbericht"]
    city_link = city_report.find("a:link", NS)
    assert city_link is not None
    assert city_link.get("href") == (
        "https://quartiere.example.org/quartiere/musterstadt/altstadt/#bericht-2026-04-15-zweiter-sachstandsbericht"
    )


def test_newest_first_and_feed_updated_is_the_newest_entry() -> None:
    feed = _feed()
    times = [
        datetime.fromisoformat(e.findtext("a:updated", namespaces=NS) or "")
        for e in feed.findall("a:entry", NS)
    ]
    assert times == sorted(times, reverse=True)
    assert feed.findtext("a:updated", namespaces=NS) == times[0].isoformat()
    assert len(_feed(limit=2).findall("a:entry", NS)) == 2


def test_ids_are_stable_and_survive_a_new_site_address() -> None:
    def ids(settings: ExportSettings) -> list[str]:
        return [
            e.findtext("a:id", namespaces=NS) or "" for e in _feed(settings).findall("a:entry", NS)
        ]

    first = ids(ExportSettings(site_url="https://alt.example.org/", domain="quartiere.example.org"))
    moved = ids(ExportSettings(site_url="https://neu.example.org/", domain="quartiere.example.org"))
    assert first == moved
    assert len(set(first)) == len(first)


def test_links_are_relative_to_the_feed_without_site_url() -> None:
    feed = _feed(ExportSettings())
    for entry in feed.findall("a:entry", NS):
        link = entry.find("a:link", NS)
        assert link is not None
        assert (link.get("href") or "").startswith("../quartiere/musterstadt/")


def test_feed_is_part_of_the_exports_and_reproducible() -> None:
    files = export_files(SITE, SETTINGS)
    assert files[FEED_PATH] == news_feed(SITE, SETTINGS)
    assert files[FEED_PATH].startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
