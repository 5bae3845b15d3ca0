"""vCard files of the contact points, built with `vobject`.

vCard 3.0 (RFC 2426), not 4.0 (RFC 6350): vobject implements 3.0 only, and 3.0
is what every address book imports without surprises (Outlook, iOS and Android
contacts, Thunderbird); 4.0 is still patchy in Outlook. A contact point is an
office, not a person: the card has an empty structured name (N is required in
3.0), the office as FN and ORG, and ``X-ABSHOWAS:COMPANY`` so Apple's contacts
show it as an organisation.

UID ``<quarter-slug>/<contact-id>@<domain>`` (a city file's contact points:
``<city>/_stadt/<contact-id>@<domain>``) is stable like the calendar UIDs; the
file of a single card has the same path below ``daten/anlaufstellen/``.
REV is the „Geprüft am“ date of the contact (or the file's „Stand“), never the
clock, so builds are reproducible. vobject folds lines at 75 octets and ends
them with CRLF.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

import vobject

from ..core.hours import german_hours
from ..core.labels import label
from ..core.model import ContactKind, ContactStatus
from ..core.site import Site
from .common import DATA_DIR, GENERATOR, ContactRef, ExportSettings, contact_refs, plain_text

PRODID = f"-//{GENERATOR}//Anlaufstellen//DE"


def uid_for(ref: ContactRef, settings: ExportSettings) -> str:
    return f"{ref.key}@{settings.id_domain}"


def note_for(ref: ContactRef, settings: ExportSettings, today: date) -> str:
    """Everything a card has no field for, in German words: kind, state, hours, access."""
    contact = ref.contact
    if ref.quarter is not None:
        lines = [f"{label(contact.kind)} im Quartier {ref.place_name}."]
    else:  # no preposition before the name: „in Essen“, but „im Kreis Unna“
        lines = [f"{label(contact.kind)}, quartiersübergreifend ({ref.place_name})."]
    body = contact.kind is ContactKind.STANDING_BODY
    if contact.status is ContactStatus.PLANNED:
        due = f" (geplant bis {contact.due.german()})" if contact.due else ""
        lines.append(
            f"Dieses Gremium ist geplant und besteht noch nicht{due}."
            if body
            else f"Diese Anlaufstelle ist geplant und noch nicht geöffnet{due}."
        )
    elif contact.status is ContactStatus.CLOSED:
        lines.append(
            "Dieses Gremium ist aufgelöst." if body else "Diese Anlaufstelle ist geschlossen."
        )
    if contact.opening_hours and contact.status is ContactStatus.OPEN:
        lines.append("Öffnungszeiten: " + german_hours(contact.opening_hours, today))
    if contact.accessibility:
        lines.append(f"Barrierefreiheit: {contact.accessibility}")
    if contact.languages:
        lines.append("Sprachen: " + ", ".join(contact.languages))
    description = plain_text(contact.description)
    if description:
        lines.append(description)
    page = settings.absolute(ref.page)
    if page:
        lines.append(f"Mehr dazu: {page}")
    return "\n".join(lines)


def vcard_for(ref: ContactRef, settings: ExportSettings, today: date) -> str:
    """One vCard 3.0 (text with CRLF line ends)."""
    contact = ref.contact
    card = vobject.vCard()
    card.add("n").value = vobject.vcard.Name()
    card.add("fn").value = contact.name
    card.add("org").value = (
        [contact.organisation, contact.name] if contact.organisation else [contact.name]
    )
    card.add("x-abshowas").value = "COMPANY"
    card.add("uid").value = uid_for(ref, settings)
    card.add("prodid").value = PRODID
    card.add("categories").value = [label(contact.kind)]
    if contact.address is not None:
        address = card.add("adr")
        address.value = vobject.vcard.Address(
            street=contact.address.street,
            extended=contact.address.addition or "",
            city=contact.address.city,
            code=contact.address.postcode,
            country="Deutschland",
        )
        address.type_param = "WORK"
    if contact.phone:
        phone = card.add("tel")
        phone.value = contact.phone
        phone.type_param = ["WORK", "VOICE"]
    if contact.email:
        email = card.add("email")
        email.value = contact.email
        email.type_param = ["INTERNET", "WORK"]
    if contact.website:
        card.add("url").value = contact.website
    page = settings.absolute(ref.page)
    if page and page != contact.website:
        card.add("url").value = page
    source = settings.absolute(ref.vcf_path)
    if source:
        card.add("source").value = source
    if contact.location is not None:
        card.add("geo").value = f"{contact.location.lat};{contact.location.lon}"
    card.add("note").value = note_for(ref, settings, today)
    reviewed = ref.reviewed
    if reviewed is not None:
        card.add("rev").value = reviewed.isoformat()
    return str(card.serialize())


def vcards_for(refs: Sequence[ContactRef], settings: ExportSettings, today: date) -> str:
    """Several vCards in one file (address books import them all at once)."""
    return "".join(vcard_for(ref, settings, today) for ref in refs)


def all_vcf_path() -> str:
    return f"{DATA_DIR}/anlaufstellen.vcf"


def iter_vcard_files(site: Site, settings: ExportSettings) -> Iterator[tuple[str, bytes]]:
    """One .vcf per contact point, then one with all of them; one file at a time."""
    cards: list[str] = []
    for ref in contact_refs(site):
        card = vcard_for(ref, settings, site.today)
        cards.append(card)
        yield ref.vcf_path, card.encode("utf-8")
    yield all_vcf_path(), "".join(cards).encode("utf-8")


def vcard_files(site: Site, settings: ExportSettings) -> dict[str, bytes]:
    """One .vcf per contact point, and one with all of them, keyed by path."""
    return dict(iter_vcard_files(site, settings))
