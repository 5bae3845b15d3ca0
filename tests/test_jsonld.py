"""schema.org JSON-LD builders and the script element that carries them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup

from quartiersdoku.core.model import Event
from quartiersdoku.core.settings import Settings
from quartiersdoku.core.validate import load_site
from quartiersdoku.exports import ExportSettings, contact_refs, event_refs
from quartiersdoku.exports.common import EventRef
from quartiersdoku.pages.jsonld import (
    contact_node,
    contacts_page_nodes,
    dataset_node,
    document,
    event_node,
    events_page_nodes,
    quarter_page_nodes,
    quarter_place,
    to_json,
    to_script_tag,
)

FIXTURE = Path(__file__).parent / "fixtures" / "export" / "quarters"
TODAY = date(2026, 6, 1)
SITE = load_site(Settings(quarters_dir=FIXTURE, today=TODAY)).site
SETTINGS = ExportSettings(
    site_url="https://quartiere.example.org/", licence_url="https://example.org/lizenz"
)
BASE = "https://quartiere.example.org/"


def _event(event_id: str) -> EventRef:
    return next(ref for ref in event_refs(SITE) if ref.id == event_id)


def test_timed_event() -> None:
    node = event_node(_event("hafenforum-2026"), SETTINGS)
    assert node == {
        "@type": "Event",
        "@id": f"{BASE}quartiere/musterstadt/hafen/#termin-hafenforum-2026",
        "name": "Hafenforum 2026",
        "startDate": "2026-06-18T18:00:00+02:00",
        "endDate": "2026-06-18T20:30:00+02:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": "Alte Lagerhalle",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": "Kaistraße 5, Eingang Hafenseite",
                "postalCode": "58095",
                "addressLocality": "Musterstadt",
                "addressCountry": "DE",
            },
            "geo": {"@type": "GeoCoordinates", "latitude": 51.352, "longitude": 7.472},
        },
        "organizer": {
            "@type": "Organization",
            "name": "Stadt Musterstadt, Amt für Stadtentwicklung",
        },
        "description": "Wie soll das Hafenufer aussehen? Ein Abend für Fragen, Ideen und Kritik.",
        "url": f"{BASE}quartiere/musterstadt/hafen/#termin-hafenforum-2026",
        "keywords": "Forum, Wohnen, Grün",
        "inLanguage": "de",
    }


def test_all_day_and_winter_events() -> None:
    node = event_node(_event("hafenfest-2025"), SETTINGS)
    assert (node["startDate"], node["endDate"]) == ("2025-08-30", "2025-08-31")
    assert "location" not in node  # no venue in the YAML: nothing is invented
    winter = Event.model_validate({"id": "w", "title": "Winterforum", "start": "2027-01-14 19:00"})
    ref = EventRef(winter, SITE.quarters[0], _event("hafenfest-2025").city)
    assert event_node(ref, SETTINGS)["startDate"] == "2027-01-14T19:00:00+01:00"


def test_contact_run_by_the_city_is_a_government_office_with_hours() -> None:
    ref = next(r for r in contact_refs(SITE) if r.id == "stadtteilbuero-hafen")
    node = contact_node(ref, SETTINGS, TODAY)
    assert node is not None
    assert node["@type"] == "GovernmentOffice"
    assert node["email"] == "stadtteilbuero-hafen@example.org"
    assert node["telephone"] == "02331 123-456"
    assert node["sameAs"] == "https://www.example.org/hafen"
    assert node["url"] == f"{BASE}quartiere/musterstadt/hafen/#anlaufstelle-stadtteilbuero-hafen"
    assert node["containedInPlace"] == {"@id": f"{BASE}quartiere/musterstadt/hafen/"}
    assert node["parentOrganization"] == {"@type": "Organization", "name": "Stadt Musterstadt"}
    assert node["openingHoursSpecification"][0]["dayOfWeek"][0] == "https://schema.org/Monday"
    special = node["specialOpeningHoursSpecification"]
    assert special[0] == {
        "@type": "OpeningHoursSpecification",
        "validFrom": "2026-12-25",
        "validThrough": "2026-12-25",
        "opens": "00:00",
        "closes": "00:00",
    }


def test_contact_of_an_association_is_a_place_and_planned_ones_are_left_out() -> None:
    refs = {r.id: r for r in contact_refs(SITE)}
    node = contact_node(refs["nachbarschaftstreff-am-kai"], SETTINGS, TODAY)
    assert node is not None
    assert node["@type"] == "Place"
    assert "email" not in node
    assert "openingHoursSpecification" not in node
    assert contact_node(refs["quartiersbuero-altstadt"], SETTINGS, TODAY) is None
    assert [n["name"] for n in contacts_page_nodes(SITE, SETTINGS)] == [
        "Stadtteilbüro Hafen",
        "Nachbarschaftstreff „Am Kai“",
        "Koordinationsstelle Quartiersarbeit",  # the city file's, as in the directory
        "Stadtteilkonferenz Musterstadt",
    ]


def test_quarter_is_a_place_in_its_city() -> None:
    node = quarter_place(SITE, SITE.quarters[0], SETTINGS)
    assert node["@type"] == "Place"
    assert node["name"] == "Altstadt"
    assert node["geo"] == {"@type": "GeoCoordinates", "latitude": 51.36, "longitude": 7.46}
    assert node["containedInPlace"] == {
        "@type": "City",
        "name": "Musterstadt",
        "identifier": {
            "@type": "PropertyValue",
            "propertyID": "AGS",
            "name": "Amtlicher Gemeindeschlüssel",
            "value": "01234567",
        },
    }


def test_page_graphs() -> None:
    nodes = quarter_page_nodes(SITE, SITE.quarters[1], SETTINGS)
    assert [n["@type"] for n in nodes] == ["Place", "Event", "Event", "GovernmentOffice", "Place"]
    assert len(events_page_nodes(SITE, SETTINGS)) == 4
    graph = document(*nodes)
    assert graph["@context"] == "https://schema.org"
    assert graph["@graph"] == nodes
    single = document(nodes[0])
    assert single["@context"] == "https://schema.org"
    assert single["name"] == "Hafen"


def test_dataset_lists_the_downloads() -> None:
    node = dataset_node(SETTINGS)
    assert node["license"] == "https://example.org/lizenz"
    assert [d["contentUrl"] for d in node["distribution"]] == [
        f"{BASE}daten/quartiere.json",
        f"{BASE}daten/quartiere.geojson",
        f"{BASE}daten/termine.ics",
        f"{BASE}daten/anlaufstellen.vcf",
        f"{BASE}daten/neuigkeiten.xml",
    ]


def test_script_tag_cannot_be_closed_by_editor_text() -> None:
    data = {"@type": "Event", "name": "</script><script>alert(1)</script> <!-- & ]]> \u2028"}
    tag = str(to_script_tag(data))
    assert tag.startswith('<script type="application/ld+json">{"@context":"https://schema.org",')
    assert tag.endswith("</script>")
    inner = tag[len('<script type="application/ld+json">') : -len("</script>")]
    assert "<" not in inner
    assert ">" not in inner
    assert "&" not in inner
    assert json.loads(inner) == {"@context": "https://schema.org", **data}
    soup = BeautifulSoup(f"<html><head>{tag}</head></html>", "html.parser")
    scripts = soup.find_all("script")
    assert len(scripts) == 1
    assert json.loads(scripts[0].string)["name"] == data["name"]


def test_to_json_is_compact_and_keeps_umlauts() -> None:
    assert to_json({"name": "Grün"}) == '{"name":"Grün"}'


def test_directory_pages_describe_only_the_entries_they_show() -> None:
    """A paginated directory's JSON-LD names the entries of its page, not the whole site."""
    refs = event_refs(SITE)
    shown = [refs[2].event, refs[0].event]
    nodes = events_page_nodes(SITE, SETTINGS, shown)
    assert [n["name"] for n in nodes] == [refs[0].event.title, refs[2].event.title]
    assert events_page_nodes(SITE, SETTINGS, []) == []
    contacts = contact_refs(SITE)
    only = contacts_page_nodes(SITE, SETTINGS, [contacts[-1].contact])
    assert [n["name"] for n in only] == [contacts[-1].contact.name]
