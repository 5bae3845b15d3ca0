"""The Atom feed of news (``daten/neuigkeiten.xml``), built with `feedgen`.

Entries are the progress reports (Sachstandsberichte) and the events of every
quarter and city file. Their times come from the data, never from the clock:
a report at 00:00 (Europe/Berlin) of its date, an event at its start. The
feed's ``updated`` is the newest entry's. Ids are ``urn:uuid:`` URNs derived
(UUID version 5) from the stable domain and the entry's path, so they survive
a change of the site's address. Links lead back to the entry on its page;
without a configured ``site_url`` they are relative to the feed's own address,
which Atom resolves against the document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import partial

from feedgen.feed import FeedGenerator
from markupsafe import Markup

from ..core.german import german_date
from ..core.labels import label
from ..core.site import Site
from ..pages.markup import MarkdownRenderer
from .common import (
    BERLIN,
    DATA_DIR,
    GENERATOR,
    EventRef,
    ExportSettings,
    ReportRef,
    event_refs,
    location_text,
    report_refs,
)
from .standing import report_commitment

FEED_PATH = f"{DATA_DIR}/neuigkeiten.xml"
#: The feed holds this many entries, the newest by their time.
FEED_LIMIT = 100


def _href(path: str, settings: ExportSettings) -> str:
    """Absolute with `site_url`, else relative to the feed (which lives in daten/)."""
    return settings.absolute(path) or "../" + path


@dataclass(frozen=True)
class _Entry:
    id: str
    title: str
    updated: datetime
    link: str
    content: Markup
    category: tuple[str, str]
    related: str | None = None


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=BERLIN)


def _event_time(start: date | datetime) -> datetime:
    return start.replace(tzinfo=BERLIN) if isinstance(start, datetime) else _midnight(start)


def _report_entry(
    ref: ReportRef, settings: ExportSettings, md: MarkdownRenderer, site: Site
) -> _Entry:
    report = ref.report
    content = md.block(report.text) or Markup("<p>{}</p>").format(report.title)
    commitment = report_commitment(site, ref.quarter, ref.city, report)
    if commitment is not None:  # the same standing as on the page, on the build date
        content += Markup("<p>Zusage „{}“: {} (Stand der Website: {})</p>").format(
            commitment.commitment.title, commitment.label, german_date(site.today)
        )
    return _Entry(
        id=settings.stable_uuid(f"bericht/{ref.key}"),
        title=f"Sachstandsbericht {ref.place_name}: {report.title}",
        updated=_midnight(report.date),
        link=_href(ref.page, settings),
        content=content,
        category=("sachstandsbericht", "Sachstandsbericht"),
        related=report.url,
    )


def _event_entry(ref: EventRef, settings: ExportSettings, md: MarkdownRenderer) -> _Entry:
    event = ref.event
    start = event.start
    when = german_date(start)
    details = [Markup("<p><strong>{}</strong>: {}</p>").format(label(event.kind), when)]
    where = location_text(event)
    if where:
        details.append(Markup("<p>Ort: {}</p>").format(where))
    details += [md.block(event.summary), md.block(event.outcomes)]
    if event.documentation:
        details.append(Markup('<p><a href="{}">Dokumentation</a></p>').format(event.documentation))
    return _Entry(
        id=settings.stable_uuid(f"termin/{ref.key}"),
        title=f"Termin {ref.place_name}, {when}: {event.title}",
        updated=_event_time(start),
        link=_href(ref.page, settings),
        content=Markup("").join(details),
        category=("termin", "Termin"),
    )


def news_feed(site: Site, settings: ExportSettings, limit: int = FEED_LIMIT) -> bytes:
    """The Atom feed as UTF-8 XML bytes."""
    md = MarkdownRenderer()
    # Order by time first and render only the entries the feed keeps.
    candidates: list[tuple[datetime, str, Callable[[], _Entry]]] = [
        (
            _midnight(ref.report.date),
            settings.stable_uuid(f"bericht/{ref.key}"),
            partial(_report_entry, ref, settings, md, site),
        )
        for ref in report_refs(site)
    ]
    candidates += [
        (
            _event_time(ref.event.start),
            settings.stable_uuid(f"termin/{ref.key}"),
            partial(_event_entry, ref, settings, md),
        )
        for ref in event_refs(site)
    ]
    candidates.sort(key=lambda item: (item[0], item[1]), reverse=True)
    entries = [make() for _, _, make in candidates[:limit]]

    feed = FeedGenerator()
    feed.id(settings.stable_uuid(FEED_PATH))
    feed.title(f"{settings.site_name}: Neuigkeiten")
    feed.subtitle("Neue Sachstandsberichte und Termine aus den Quartieren.")
    feed.language("de")
    feed.author({"name": settings.publisher or settings.site_name})
    feed.generator(GENERATOR)
    feed.link(href=settings.absolute(FEED_PATH) or "neuigkeiten.xml", rel="self")
    feed.link(href=settings.base_url or "../", rel="alternate")
    if settings.licence:
        rights = settings.licence
        if settings.licence_url:
            rights += f" ({settings.licence_url})"
        feed.rights(rights)
    newest = entries[0].updated if entries else _midnight(site.today)
    feed.updated(newest)
    for item in entries:
        entry = feed.add_entry(order="append")
        entry.id(item.id)
        entry.title(item.title)
        entry.updated(item.updated)
        entry.published(item.updated)
        entry.link(href=item.link, rel="alternate")
        if item.related:
            entry.link(href=item.related, rel="related")
        entry.category(term=item.category[0], label=item.category[1])
        entry.content(str(item.content), type="html")
    return bytes(feed.atom_str(pretty=True))
