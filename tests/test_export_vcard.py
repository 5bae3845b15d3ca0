"""vCard export: every contact point as a vCard 3.0 that vobject reads back."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import vobject

from quartiersdoku.core.model import Contact
from quartiersdoku.core.settings import Settings
from quartiersdoku.core.validate import load_site
from quartiersdoku.exports import ContactRef, ExportSettings, contact_refs
from quartiersdoku.exports.vcard import vcard_files, vcard_for

FIXTURE = Path(__file__).parent / "fixtures" / "export" / "quarters"
TODAY = date(2026, 6, 1)
SITE = load_site(Settings(quarters_dir=FIXTURE, today=TODAY)).site
SETTINGS = ExportSettings(site_url="https://quartiere.example.org/")
PAGE = (
    "https://quartiere.example.org/quartiere/musterstadt/hafen/#anlaufstelle-stadtteilbuero-hafen"
)


def _ref(contact_id: str) -> ContactRef:
    return next(ref for ref in contact_refs(SITE) if ref.id == contact_id)


def _card(text: str) -> Any:
    return vobject.readOne(text)


def test_full_contact_point() -> None:
    card = _card(vcard_for(_ref("stadtteilbuero-hafen"), SETTINGS, TODAY))
    assert card.version.value == "3.0"
    assert card.fn.value == "Stadtteilbüro Hafen"
    assert card.org.value == ["Stadt Musterstadt", "Stadtteilbüro Hafen"]
    assert card.n.value.family == ""
    address = card.adr.value
    assert (address.street, address.code, address.city, address.country) == (
        "Kaistraße 7",
        "58095",
        "Musterstadt",
        "Deutschland",
    )
    assert card.adr.params["TYPE"] == ["WORK"]
    assert card.tel.value == "02331 123-456"
    assert card.email.value == "stadtteilbuero-hafen@example.org"
    assert [url.value for url in card.contents["url"]] == ["https://www.example.org/hafen", PAGE]
    assert card.geo.value == "51.3525;7.4725"
    assert card.uid.value == "musterstadt/hafen/stadtteilbuero-hafen@quartiere.example.org"
    assert card.rev.value == "2026-05-04"
    assert card.x_abshowas.value == "COMPANY"
    note = card.note.value
    assert note.startswith("Quartiersbüro im Quartier Hafen.\n")
    assert (
        "Öffnungszeiten: Montag bis Mittwoch und Freitag: 09:00–12:00 Uhr; "
        "Donnerstag: 09:00–12:00 und 14:00–18:00 Uhr; Samstag und Sonntag: geschlossen. "
        "An Feiertagen geschlossen."
    ) in note
    assert "Barrierefreiheit: Stufenloser Zugang" in note
    assert "Sprachen: Deutsch, Türkisch" in note
    assert note.endswith(f"Mehr dazu: {PAGE}")


def test_contact_with_only_a_name_is_still_a_valid_card() -> None:
    quarter = SITE.quarters[0]
    contact = Contact.model_validate({"name": "Treff; am, Markt", "id": "treff"})
    for settings in (ExportSettings(), SETTINGS):
        text = vcard_for(ContactRef(contact, quarter, SITE.cities["musterstadt"]), settings, TODAY)
        card = _card(text)
        assert card.fn.value == "Treff; am, Markt"
        assert card.n.value.family == ""
        assert "adr" not in card.contents
        assert "tel" not in card.contents
    assert [url.value for url in card.contents["url"]] == [
        "https://quartiere.example.org/quartiere/musterstadt/altstadt/#anlaufstelle-treff"
    ]


def test_planned_contact_says_so_and_has_no_hours() -> None:
    card = _card(vcard_for(_ref("quartiersbuero-altstadt"), SETTINGS, TODAY))
    assert "Diese Anlaufstelle ist geplant und noch nicht geöffnet (geplant bis Mitte 2026)." in (
        card.note.value
    )
    assert "Öffnungszeiten" not in card.note.value


def test_files_one_per_contact_and_one_with_all() -> None:
    files = vcard_files(SITE, SETTINGS)
    assert sorted(files) == [
        "daten/anlaufstellen.vcf",
        "daten/anlaufstellen/musterstadt/_stadt/koordinationsstelle-quartiere.vcf",
        "daten/anlaufstellen/musterstadt/_stadt/stadtteilkonferenz.vcf",
        "daten/anlaufstellen/musterstadt/altstadt/quartiersbuero-altstadt.vcf",
        "daten/anlaufstellen/musterstadt/hafen/nachbarschaftstreff-am-kai.vcf",
        "daten/anlaufstellen/musterstadt/hafen/stadtteilbuero-hafen.vcf",
    ]
    cards = list(vobject.readComponents(files["daten/anlaufstellen.vcf"].decode("utf-8")))
    assert [c.fn.value for c in cards] == [
        "Quartiersbüro Altstadt",
        "Stadtteilbüro Hafen",
        "Nachbarschaftstreff „Am Kai“",
        "Koordinationsstelle Quartiersarbeit",  # the city file's, after the quarters'
        "Stadtteilkonferenz Musterstadt",
    ]
    source = _card(files["daten/anlaufstellen/musterstadt/hafen/stadtteilbuero-hafen.vcf"].decode())
    assert source.source.value == (
        "https://quartiere.example.org/daten/anlaufstellen/musterstadt/hafen/stadtteilbuero-hafen.vcf"
    )


def test_lines_end_in_crlf_and_are_folded_at_75_octets() -> None:
    data = vcard_files(SITE, SETTINGS)["daten/anlaufstellen.vcf"]
    lines = data.split(b"\r\n")
    assert lines[-1] == b""
    assert all(b"\n" not in line and len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)


def test_cards_do_not_depend_on_the_build_day() -> None:
    later = load_site(Settings(quarters_dir=FIXTURE, today=date(2026, 9, 9))).site
    assert vcard_files(later, SETTINGS) == vcard_files(SITE, SETTINGS)
