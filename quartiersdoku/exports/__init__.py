"""Open data and feeds under ``/daten/``: JSON, GeoJSON, iCalendar, vCard, Atom.

The core knows nothing about MkDocs: :func:`iter_export_files` yields every file
as ``(path below the site root, bytes)``, one group at a time, and the plugin
writes them straight into the site folder (``engine/sidefiles.py``);
:func:`export_files` collects them in a dict (tests). Templates link to the
per-entry files through :attr:`EventRef.ics_path` and :attr:`ContactRef.vcf_path`
(or :func:`event_ics_path` / :func:`contact_vcf_path` with a quarter or city and an entry).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.model import Contact, Event
from ..core.site import CityData, QuarterData, Site
from .common import (
    DATA_DIR,
    ContactRef,
    EventRef,
    ExportSettings,
    contact_refs,
    event_refs,
    quarter_status,
    report_refs,
)
from .data import SITE_GEOJSON, SITE_JSON, iter_data_files, quarter_json_path
from .feed import FEED_PATH, news_feed
from .ical import (
    city_ics_path,
    iter_ical_files,
    quarter_ics_path,
    site_ics_path,
)
from .vcard import all_vcf_path, iter_vcard_files


def iter_export_files(site: Site, settings: ExportSettings) -> Iterator[tuple[str, bytes]]:
    """Every file under ``daten/`` with its path relative to the site root.

    One file at a time (each made when it is asked for): a caller can stop between
    any two, and only the model and the file at hand are held in memory.
    """
    yield from iter_data_files(site, settings)
    yield from iter_ical_files(site, settings)
    yield from iter_vcard_files(site, settings)
    yield FEED_PATH, news_feed(site, settings)


def export_files(site: Site, settings: ExportSettings) -> dict[str, bytes]:
    """Every file under ``daten/``, keyed by its path relative to the site root."""
    return dict(sorted(iter_export_files(site, settings)))


def event_ics_path(owner: QuarterData | CityData, event: Event) -> str:
    """The „In den Kalender“ file of an event of a quarter or of a city file."""
    if isinstance(owner, QuarterData):
        return EventRef(event, owner, CityData(owner.city_key)).ics_path
    return EventRef(event, None, owner).ics_path


def contact_vcf_path(owner: QuarterData | CityData, contact: Contact) -> str:
    """The „Kontakt speichern“ file of a contact point of a quarter or of a city file."""
    if isinstance(owner, QuarterData):
        return ContactRef(contact, owner, CityData(owner.city_key)).vcf_path
    return ContactRef(contact, None, owner).vcf_path


__all__ = [
    "DATA_DIR",
    "FEED_PATH",
    "SITE_GEOJSON",
    "SITE_JSON",
    "ContactRef",
    "EventRef",
    "ExportSettings",
    "all_vcf_path",
    "city_ics_path",
    "contact_refs",
    "contact_vcf_path",
    "event_ics_path",
    "event_refs",
    "export_files",
    "iter_export_files",
    "quarter_ics_path",
    "quarter_json_path",
    "quarter_status",
    "report_refs",
    "site_ics_path",
]
