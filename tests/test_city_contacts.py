"""City-wide contact points (`contacts` of `_stadt.yaml`) get what a quarter's get.

A vCard of their own (also in `daten/anlaufstellen.vcf`), the „Kontakt speichern“ link on
the city page and in the directory, JSON-LD on the city page, their place in the open data
and, with a `location`, a marker on the contact points' map. The fixture's city file has a
coordination office with address, phone, hours and location, and a standing body known
only by name, organisation and description (like the shipped city files' bodies).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import vobject
import yaml
from bs4 import BeautifulSoup

from quartiersdoku.core.settings import Settings
from quartiersdoku.core.site import Site
from quartiersdoku.core.validate import load_site
from quartiersdoku.exports import ContactRef, ExportSettings, contact_refs, contact_vcf_path
from quartiersdoku.exports.data import site_geojson_data, site_json
from quartiersdoku.exports.mapdoc import map_document
from quartiersdoku.exports.tiles import DEFAULT_TILES
from quartiersdoku.exports.vcard import vcard_files, vcard_for
from quartiersdoku.pages.directories import Directories
from quartiersdoku.pages.jsonld import city_page_nodes, contact_node
from quartiersdoku.pages.maps import Style, contacts_map
from quartiersdoku.pages.render import Renderer
from quartiersdoku.pages.schematic import map_numbers

FIXTURE = Path(__file__).parent / "fixtures" / "export" / "quarters"
TODAY = date(2026, 6, 1)
SITE = load_site(Settings(quarters_dir=FIXTURE, today=TODAY)).site
CITY = SITE.cities["musterstadt"]
SETTINGS = ExportSettings(site_url="https://quartiere.example.org/")
BASE = "https://quartiere.example.org/"
OFFICE = "koordinationsstelle-quartiere"
BODY = "stadtteilkonferenz"
OFFICE_PAGE = f"quartiere/musterstadt/#anlaufstelle-{OFFICE}"
OFFICE_VCF = f"daten/anlaufstellen/musterstadt/_stadt/{OFFICE}.vcf"
BODY_VCF = f"daten/anlaufstellen/musterstadt/_stadt/{BODY}.vcf"


def _ref(contact_id: str) -> ContactRef:
    return next(ref for ref in contact_refs(SITE) if ref.id == contact_id)


def _card(text: str) -> Any:
    return vobject.readOne(text)


def test_a_city_contact_is_owned_by_its_city_file() -> None:
    ref = _ref(OFFICE)
    assert ref.quarter is None
    assert ref.city is CITY
    assert ref.key == f"musterstadt/_stadt/{OFFICE}"
    assert ref.page == OFFICE_PAGE
    assert ref.vcf_path == OFFICE_VCF
    assert ref.reviewed == date(2026, 3, 1)  # no „Geprüft am“ of its own: the city file's Stand
    assert contact_vcf_path(CITY, ref.contact) == OFFICE_VCF


def test_the_vcard_of_a_city_wide_office() -> None:
    card = _card(vcard_for(_ref(OFFICE), SETTINGS, TODAY))
    assert card.fn.value == "Koordinationsstelle Quartiersarbeit"
    assert card.org.value == ["Stadt Musterstadt", "Koordinationsstelle Quartiersarbeit"]
    address = card.adr.value
    assert (address.street, address.extended, address.code, address.city) == (
        "Markt 1",
        "Zimmer 104",
        "58095",
        "Musterstadt",
    )
    assert card.tel.value == "02331 207-4411"
    assert card.email.value == "quartiere@example.org"
    assert card.geo.value == "51.3555;7.4655"
    assert card.uid.value == f"musterstadt/_stadt/{OFFICE}@quartiere.example.org"
    assert card.rev.value == "2026-03-01"
    assert [url.value for url in card.contents["url"]] == [BASE + OFFICE_PAGE]
    assert card.source.value == BASE + OFFICE_VCF
    note = card.note.value
    assert note.startswith("Koordinationsstelle, quartiersübergreifend (Musterstadt).\n")
    assert (
        "Öffnungszeiten: Montag bis Donnerstag: 09:00–15:00 Uhr; Freitag: 09:00–12:00 Uhr; "
        "Samstag und Sonntag: geschlossen. An Feiertagen geschlossen."
    ) in note
    assert note.endswith(f"Mehr dazu: {BASE}{OFFICE_PAGE}")


def test_a_standing_body_without_address_gets_a_card_with_name_and_link() -> None:
    """As a quarter's contact point known only by name: a valid card, nothing invented."""
    card = _card(vcard_for(_ref(BODY), SETTINGS, TODAY))
    assert card.fn.value == "Stadtteilkonferenz Musterstadt"
    assert card.categories.value == ["Gremium oder Arbeitskreis"]
    for missing in ("adr", "tel", "email", "geo"):
        assert missing not in card.contents
    assert [url.value for url in card.contents["url"]] == [
        f"{BASE}quartiere/musterstadt/#anlaufstelle-{BODY}"
    ]


def test_city_cards_are_files_and_in_the_file_with_all() -> None:
    files = vcard_files(SITE, SETTINGS)
    assert _card(files[OFFICE_VCF].decode("utf-8")).tel.value == "02331 207-4411"
    assert _card(files[BODY_VCF].decode("utf-8")).fn.value == "Stadtteilkonferenz Musterstadt"
    everything = files["daten/anlaufstellen.vcf"].decode("utf-8")
    uids = [card.uid.value for card in vobject.readComponents(everything)]
    assert f"musterstadt/_stadt/{OFFICE}@quartiere.example.org" in uids
    assert f"musterstadt/_stadt/{BODY}@quartiere.example.org" in uids


def _write(root: Path, files: dict[str, dict[str, Any]]) -> Site:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = load_site(Settings(quarters_dir=root, today=TODAY))
    assert not result.errors, [p.format(root) for p in result.errors]
    return result.site


def test_a_city_card_cannot_collide_with_a_quarters(tmp_path: Path) -> None:
    """A city contact named like a quarter (`hafen`), a quarter contact named like the city
    folder's: the city's cards lie below `_stadt/`, a name no quarter file can have."""
    site = _write(
        tmp_path,
        {
            "musterstadt/_stadt.yaml": {"name": "Musterstadt", "contacts": [{"name": "Hafen"}]},
            "musterstadt/hafen.yaml": {
                "name": "Hafen",
                "city": "Musterstadt",
                "summary": "Am Wasser.",
                "contacts": [{"name": "Hafen"}, {"name": "Stadt"}],
            },
        },
    )
    paths = sorted(vcard_files(site, SETTINGS))
    assert paths == [
        "daten/anlaufstellen.vcf",
        "daten/anlaufstellen/musterstadt/_stadt/hafen.vcf",
        "daten/anlaufstellen/musterstadt/hafen/hafen.vcf",
        "daten/anlaufstellen/musterstadt/hafen/stadt.vcf",
    ]
    assert len(paths) == len(contact_refs(site)) + 1  # a file for each card, none shared


def test_json_ld_of_the_city_page() -> None:
    nodes = city_page_nodes(SITE, CITY, SETTINGS)
    assert [n["@type"] for n in nodes] == ["Event", "GovernmentOffice", "Organization"]
    office = nodes[1]
    city = {
        "@type": "City",
        "name": "Musterstadt",
        "identifier": {
            "@type": "PropertyValue",
            "propertyID": "AGS",
            "name": "Amtlicher Gemeindeschlüssel",
            "value": "01234567",
        },
    }
    assert {k: v for k, v in office.items() if "HoursSpecification" not in k} == {
        "@type": "GovernmentOffice",
        "@id": BASE + OFFICE_PAGE,
        "name": "Koordinationsstelle Quartiersarbeit",
        "description": "Berät Initiativen aus allen Quartieren und vermittelt Räume.",
        "url": BASE + OFFICE_PAGE,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Markt 1, Zimmer 104",
            "postalCode": "58095",
            "addressLocality": "Musterstadt",
            "addressCountry": "DE",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": 51.3555, "longitude": 7.4655},
        "telephone": "02331 207-4411",
        "email": "quartiere@example.org",
        "parentOrganization": {"@type": "Organization", "name": "Stadt Musterstadt"},
        "containedInPlace": city,
    }
    assert office["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [
                "https://schema.org/Monday",
                "https://schema.org/Tuesday",
                "https://schema.org/Wednesday",
                "https://schema.org/Thursday",
            ],
            "opens": "09:00",
            "closes": "15:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["https://schema.org/Friday"],
            "opens": "09:00",
            "closes": "12:00",
        },
    ]
    assert office["specialOpeningHoursSpecification"][0]["validFrom"] == "2026-12-25"
    # A standing body is no place to visit: an organisation serving the city.
    assert nodes[2] == {
        "@type": "Organization",
        "@id": f"{BASE}quartiere/musterstadt/#anlaufstelle-{BODY}",
        "name": "Stadtteilkonferenz Musterstadt",
        "description": "Vertreterinnen und Vertreter aller Quartiere beraten zweimal im Jahr.",
        "url": f"{BASE}quartiere/musterstadt/#anlaufstelle-{BODY}",
        "parentOrganization": {"@type": "Organization", "name": "Sozialamt Musterstadt"},
        "areaServed": city,
    }
    # Without the site's address: no ids, and still the city.
    bare = contact_node(_ref(OFFICE), ExportSettings(), TODAY)
    assert bare is not None
    assert "@id" not in bare
    assert bare["containedInPlace"] == city


def test_a_planned_city_contact_gets_no_json_ld(tmp_path: Path) -> None:
    site = _write(
        tmp_path,
        {
            "musterstadt/_stadt.yaml": {
                "name": "Musterstadt",
                "contacts": [
                    {"name": "Koordinationsstelle", "status": "planned", "due": "Ende 2027"}
                ],
            }
        },
    )
    assert city_page_nodes(site, site.cities["musterstadt"], SETTINGS) == []


def test_open_data_has_the_city_contacts_with_page_and_card() -> None:
    data = json.loads(site_json(SITE, SETTINGS))
    (city,) = data["cities"]
    office, body = city["contacts"]
    assert (office["id"], office["page"], office["vcard"]) == (OFFICE, OFFICE_PAGE, OFFICE_VCF)
    assert office["page_url"] == BASE + OFFICE_PAGE
    assert body["vcard"] == BODY_VCF
    features = {f["id"]: f for f in site_geojson_data(SITE, SETTINGS)["features"]}
    feature = features[f"anlaufstelle/musterstadt/_stadt/{OFFICE}"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [7.4655, 51.3555]}
    assert feature["properties"] == {
        "kind": "contact",
        "name": "Koordinationsstelle Quartiersarbeit",
        "city": "Musterstadt",  # no `quarter`: it is city-wide
        "contact_kind": "coordination_office",
        "contact_kind_label": "Koordinationsstelle",
        "status": "open",
        "status_label": "geöffnet",
        "opening_hours": "Mo-Th 09:00-15:00; Fr 09:00-12:00; PH off",
        "approximate": False,
        "vcard": OFFICE_VCF,
        "page": OFFICE_PAGE,
        "page_url": BASE + OFFICE_PAGE,
    }
    assert f"anlaufstelle/musterstadt/_stadt/{BODY}" not in features  # no location


def _download(html: str, anchor: str) -> str:
    """The href of „Kontakt speichern“ in the section of the heading `anchor`."""
    start = html.index(f"{{: #{anchor} }}")
    end = html.find("\n### ", start)
    section = html[start : end if end != -1 else len(html)]
    soup = BeautifulSoup(section, "html.parser")
    link = soup.find("a", string="Kontakt speichern (vCard)")
    assert link is not None, anchor
    assert link.has_attr("download")
    return str(link["href"])


def test_the_city_page_links_each_card() -> None:
    page = Renderer(SITE).city_page(CITY)
    assert _download(page, f"anlaufstelle-{OFFICE}") == f"../../{OFFICE_VCF}"
    assert _download(page, f"anlaufstelle-{BODY}") == f"../../{BODY_VCF}"


def test_the_directory_links_the_card_and_numbers_the_marker() -> None:
    directories = Directories(SITE, Renderer(SITE))
    contacts = next(d for d in directories.all() if d.kind == "contacts")
    row = next(r for r in contacts.rows if r.entry.id == OFFICE)
    assert row.href == OFFICE_PAGE
    numbers = map_numbers(contacts_map(SITE))
    directories._map_numbers = numbers
    item = BeautifulSoup(directories.rows_html(contacts, [row], "anlaufstellen/"), "html.parser")
    link = item.find("a", string="Kontakt speichern (vCard)")
    assert link is not None
    assert link["href"] == f"../{OFFICE_VCF}"
    number = item.select_one(".qd-map__no")
    assert number is not None
    assert number.get_text() == str(numbers[OFFICE_PAGE])


def test_the_contact_points_map_has_a_marker_for_a_located_city_contact() -> None:
    """The city page has no map; the contact points' map (the directory's) shows them."""
    spec = contacts_map(SITE)
    assert spec is not None
    place = next(p for p in spec.places if p.href == OFFICE_PAGE)
    assert (place.lat, place.lon, place.style) == (51.3555, 7.4655, Style.CONTACT)
    assert place.label == (
        "Koordinationsstelle Quartiersarbeit, Markt 1, 58095 Musterstadt (Zimmer 104), "
        "Musterstadt, quartiersübergreifend (Koordinationsstelle)"
    )
    # A standing body needs no place: not listed as missing from the map.
    assert "Stadtteilkonferenz Musterstadt" not in spec.without_position
    html = map_document(spec, DEFAULT_TILES)
    match = re.search(
        r'<script type="application/json" id="qd-map-data">(.*?)</script>', html, re.DOTALL
    )
    assert match is not None
    config = json.loads(match.group(1))
    rows = [row for row in config["places"] if row[2] == "Koordinationsstelle Quartiersarbeit"]
    assert len(rows) == 1
    lat, lon, _name, _style, href = rows[0][:5]
    assert (lat, lon) == (51.3555, 7.4655)
    assert config["base"] + href == f"../{OFFICE_PAGE}"


def test_a_planned_or_dissolved_standing_body_is_not_called_an_office(tmp_path: Path) -> None:
    """The page says „geplant“/„aufgelöst“ for a body; card, map and GeoJSON say the same."""
    site = _write(
        tmp_path,
        {
            "musterstadt/_stadt.yaml": {
                "name": "Musterstadt",
                "contacts": [
                    {
                        "name": "Runder Tisch",
                        "kind": "standing_body",
                        "status": "closed",
                        "location": {"lat": 51.35, "lon": 7.46},
                    },
                    {
                        "name": "Beirat",
                        "kind": "standing_body",
                        "status": "planned",
                        "due": "Ende 2027",
                    },
                ],
            }
        },
    )
    closed, planned = contact_refs(site)
    closed_note = _card(vcard_for(closed, SETTINGS, TODAY)).note.value
    planned_note = _card(vcard_for(planned, SETTINGS, TODAY)).note.value
    assert "Dieses Gremium ist aufgelöst." in closed_note
    assert "Dieses Gremium ist geplant und besteht noch nicht (geplant bis Ende 2027)." in (
        planned_note
    )
    assert "Anlaufstelle" not in closed_note + planned_note
    spec = contacts_map(site)
    assert spec is not None
    [place] = spec.places
    assert place.label.endswith("(Gremium oder Arbeitskreis, aufgelöst)")
    [feature] = [
        f for f in site_geojson_data(site, SETTINGS)["features"] if f["id"].startswith("anlauf")
    ]
    assert feature["properties"]["status_label"] == "aufgelöst"
