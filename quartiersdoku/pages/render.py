"""Render the site's generated pages from Jinja templates.

Pages are Markdown whose headings are Markdown (so MkDocs builds the table
of contents, anchors and search sections) and whose bodies are HTML blocks
built from escaped or sanitised editor text. Editor strings are only ever
*values* in a template, never templates themselves. Templates live in
`quartiersdoku/pages/templates/`; a file of the same name in the operator's
`templates_dir` (plugin option, `templates/` beside mkdocs.yml by default)
takes its place. They run in plain Jinja with autoescaping, not in the
sandbox (see `Renderer.__init__`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)

from ..core.german import as_datetime, german_date, german_number, period
from ..core.hours import weekly_hours
from ..core.labels import contact_status_label, label
from ..core.lapses import UNKNOWN, lapse_of
from ..core.model import Decision, Programme, Report, Source, SourceRef, Status
from ..core.site import CityData, QuarterData, Site, programme_status, sort_key
from ..core.tracking import STANDING_LABELS, TrackedDecision, all_decisions
from ..core.urls import QUARTERS_URL, city_url, relative_from, relative_url
from ..exports import contact_vcf_path, event_ics_path
from ..exports.data import quarter_json_path
from ..exports.feed import FEED_PATH
from ..exports.ical import quarter_ics_path, site_ics_path
from ..exports.tiles import DEFAULT_TILES, TileProvider
from ..exports.vcard import all_vcf_path
from .maps import STYLE_TEXT, overview_map, quarter_map
from .markup import MarkdownRenderer, front_matter, md_escape
from .schematic import draw as draw_schematic
from .schematic import map_numbers, symbol
from .translations import TranslatedPage, TranslationPages, versions


@dataclass
class ContactLink:
    name: str
    href: str


@dataclass
class CitedSource:
    source: Source
    at: str | None


@dataclass(frozen=True)
class CityGroup:
    """A city folder's quarters; `url` is its page (None for files directly in quarters/)."""

    key: str
    name: str
    url: str | None
    quarters: list[QuarterData]


class Renderer:
    """Renders every generated page of a site."""

    def __init__(
        self,
        site: Site,
        template_dir: Path | None = None,
        *,
        grouped_from: int | None = None,
        tiles: TileProvider = DEFAULT_TILES,
    ) -> None:
        self.site = site
        #: From how many quarters on the start page and quarter index list cities only.
        self.grouped_from = grouped_from
        self._city_groups: list[CityGroup] | None = None
        self.markdown = MarkdownRenderer()
        self._tracked: list[TrackedDecision] | None = None
        self._tracked_by_quarter: dict[int, list[TrackedDecision]] = {}
        self._by_city: dict[str, list[QuarterData]] | None = None
        loaders: list[Any] = [PackageLoader("quartiersdoku.pages", "templates")]
        if template_dir is not None and template_dir.is_dir():
            loaders.insert(0, FileSystemLoader(str(template_dir)))
        # Not sandboxed: the templates are the package's and the operator's (`templates_dir`),
        # who runs the build anyway; editors' YAML is only ever data, autoescaped. The
        # sandbox's attribute checks cost a quarter of the rendering (docs/performance.md).
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(
            md=md_escape,
            markdown=self.markdown.block,
            date=german_date,
            label=label,
            number=german_number,
        )
        self.env.globals.update(
            period=period,
            label=label,
            german_date=german_date,
            standing_label=lambda standing: STANDING_LABELS[standing],
            lapse=lambda entry: lapse_of(entry, self.site.today),
            lapse_unknown=UNKNOWN,
            contact_status=contact_status_label,
            hours=lambda text: weekly_hours(text, self.site.today),
            ics=event_ics_path,
            vcf=contact_vcf_path,
            quarter_ics=quarter_ics_path,
            quarter_json=quarter_json_path,
            site_ics=site_ics_path,
            all_vcf=all_vcf_path,
            feed_path=FEED_PATH,
            # The map block (_map.j2): the schematic before consent, the provider it asks about.
            schematic=draw_schematic,
            map_numbers=map_numbers,
            map_symbol=symbol,
            style_text=STYLE_TEXT,
            tiles=tiles,
        )

    # ----------------------------------------------------------------- pages

    def quarter_page(self, data: QuarterData) -> str:
        quarter = data.quarter
        page_url = data.url
        city = self.site.city_of(data)
        city_model = city.city if city is not None else None
        sources = self.site.sources_for(data)
        tracked = self.decisions_for(data)
        decisions = [t.decision for t in tracked]
        decision_ids = {d.id for d in decisions}
        reports = [*quarter.reports]
        if city_model is not None:
            reports += [r for r in city_model.reports if r.decision in decision_ids]
        goals = []
        if city_model is not None:
            by_id = {goal.id: goal for goal in city_model.strategy_goals}
            goals = [by_id[g] for g in quarter.strategy_goals if g in by_id]
        statuses = {p.id: programme_status(p, self.site.today) for p in quarter.programmes}
        ended = [p for p in quarter.programmes if statuses[p.id] is Status.ENDED]
        used = self._used_sources(data, decisions, reports)
        context = {
            "q": quarter,
            "data": data,
            "city": city_model,
            "statuses": statuses,
            "ended": ended,
            "tracked": sorted(tracked, key=lambda t: t.decision.date.earliest),
            "reports": sorted(reports, key=lambda r: r.date, reverse=True),
            "goals": goals,
            "today": self.site.today,
            "sources": [sources[s] for s in used if s in sources],
            "cite_sources": lambda entry: self._cite(entry, sources),
            "cite_refs": lambda refs: self._cite_refs(refs, sources),
            "review_stale": self.site.review_is_stale(quarter.reviewed),
            "url": relative_from(page_url),
            "measure_goals": lambda measure: [
                g
                for g in (city_model.strategy_goals if city_model else [])
                if g.id in measure.strategy_goals
            ],
            "contact_link": lambda contact_id: self._contact_link(data, contact_id),
            "events": sorted(quarter.events, key=lambda e: as_datetime(e.start), reverse=True),
            "place_map": quarter_map(self.site, data),
            "versions": versions(data),
        }
        body = self.env.get_template("quarter.md.j2").render(context)
        return front_matter(title=quarter.name, description=quarter.summary) + body

    def translated_pages(self) -> Iterator[TranslatedPage]:
        """Every quarter's language versions (`quartiere/<stadt>/<quartier>/<sprache>/`)."""
        return TranslationPages(self.site, self.env).pages()

    def city_page(self, city: CityData) -> str:
        """`quartiere/<city>/`: city-wide goals, events and decisions, and the city's quarters."""
        assert city.city is not None
        model = city.city
        page_url = city_url(city.key)
        quarters = sorted(
            (q for q in self.site.quarters if q.city_key == city.key), key=lambda q: q.quarter.name
        )
        sources = {s.id: s for s in model.sources}
        tracked = [t for t in self.all_decisions() if any(t.decision is d for d in model.decisions)]
        context = {
            "c": model,
            "city_data": city,
            "quarters": quarters,
            "events": sorted(model.events, key=lambda e: as_datetime(e.start)),
            "tracked": tracked,
            "sources": list(sources.values()),
            "cite_sources": lambda entry: self._cite(entry, sources),
            "url": relative_from(page_url),
            "goal_quarters": lambda goal_id: [
                q for q in quarters if goal_id in q.quarter.strategy_goals
            ],
        }
        body = self.env.get_template("city.md.j2").render(context)
        return (
            front_matter(
                title=model.name,
                description=model.summary or f"Quartiere und stadtweite Inhalte: {model.name}",
            )
            + body
        )

    @property
    def grouped(self) -> bool:
        """Whether the start page and the quarter index list cities instead of quarters."""
        return self.grouped_from is not None and len(self.site.quarters) > self.grouped_from

    def city_groups(self) -> list[CityGroup]:
        """The quarters by city folder, for large sites (each city a page of its own).

        A folder with a city file has its city page already; one without gets a
        list page (:meth:`city_list_page`); quarters directly in ``quarters/`` have
        no folder and are linked one by one.
        """
        if self._city_groups is not None:  # the index, the start page and the plugin ask
            return self._city_groups
        folders: dict[str, list[QuarterData]] = {}
        for data in self.site.quarters:
            folders.setdefault(data.city_key, []).append(data)
        groups = []
        for key, quarters in folders.items():
            city = self.site.cities.get(key)
            name = city.name if city is not None else quarters[0].quarter.city
            members = sorted(quarters, key=lambda q: sort_key(q.quarter.name))
            groups.append(CityGroup(key, name, city_url(key) if key else None, members))
        self._city_groups = sorted(groups, key=lambda group: (sort_key(group.name), group.key))
        return self._city_groups

    def city_list_page(self, group: CityGroup) -> str:
        """``quartiere/<city>/`` of a city without a city file (large sites only)."""
        assert group.url is not None
        page_url = group.url
        districts: dict[str, list[QuarterData]] = {}
        for data in group.quarters:
            districts.setdefault(data.quarter.district or "", []).append(data)
        context = {
            "name": group.name,
            "quarters": group.quarters,
            "districts": sorted(districts.items(), key=lambda i: (i[0] == "", i[0].lower())),
            "url": relative_from(page_url),
            "archived": self._archived,
        }
        body = self.env.get_template("city_list.md.j2").render(context)
        return (
            front_matter(
                title=f"Quartiere in {group.name}",
                description=f"Alle Quartiere in {group.name}, nach Stadtbezirk.",
            )
            + body
        )

    def quarter_index(self, page_url: str = QUARTERS_URL) -> str:
        grouped = self.grouped
        context = {
            "groups": [] if grouped else self._groups(),
            "cities": self.city_groups() if grouped else [],
            "count": len(self.site.quarters),
            "url": relative_from(page_url),
            "archived": self._archived,
        }
        body = self.env.get_template("quarter_index.md.j2").render(context)
        return (
            front_matter(
                title="Quartiere",
                description="Alle Quartiere nach Stadt und Stadtbezirk, mit laufenden und beendeten Programmen.",
            )
            + body
        )

    def start_overview(self, page_url: str = "") -> str:
        grouped = self.grouped
        context = {
            "groups": [] if grouped else self._groups(),
            "cities": self.city_groups() if grouped else [],
            "count": len(self.site.quarters),
            "url": relative_from(page_url),
            "archived": self._archived,
            "place_map": overview_map(self.site),
        }
        return self.env.get_template("overview.md.j2").render(context)

    # ----------------------------------------------------------------- helpers

    def all_decisions(self) -> list[TrackedDecision]:
        """`tracking.all_decisions`, computed once per renderer (it walks the whole site)."""
        if self._tracked is None:
            self._tracked = all_decisions(self.site)
            for tracked in self._tracked:
                for quarter in {id(q): q for q in tracked.quarters}:
                    self._tracked_by_quarter.setdefault(quarter, []).append(tracked)
        return self._tracked

    def decisions_for(self, data: QuarterData) -> list[TrackedDecision]:
        """`tracking.decisions_for` without walking the whole site for every quarter."""
        self.all_decisions()
        return list(self._tracked_by_quarter.get(id(data), []))

    def _archived(self, data: QuarterData) -> bool:
        programmes = data.quarter.programmes
        return bool(programmes) and all(
            programme_status(p, self.site.today) is Status.ENDED for p in programmes
        )

    def _groups(self) -> list[tuple[str, list[tuple[str, list[QuarterData]]]]]:
        """[(city, [(district, quarters)])], districts sorted, quarters without district last."""
        groups = []
        for city, quarters in self.site.by_city():
            districts: dict[str, list[QuarterData]] = {}
            for data in quarters:
                districts.setdefault(data.quarter.district or "", []).append(data)
            ordered = sorted(districts.items(), key=lambda item: (item[0] == "", item[0].lower()))
            groups.append((city, ordered))
        return groups

    def contact_target(self, data: QuarterData, contact_id: str) -> tuple[str, QuarterData]:
        """Name and page of a contact: in this quarter, else in another of the same city."""
        if self._by_city is None:  # once per renderer: a scan per link is quadratic at scale
            self._by_city = {}
            for quarter in self.site.quarters:
                self._by_city.setdefault(quarter.city_key, []).append(quarter)
        candidates = [data, *(q for q in self._by_city.get(data.city_key, []) if q is not data)]
        for other in candidates:
            for contact in other.quarter.contacts:
                if contact.id == contact_id:
                    return contact.name, other
        return contact_id, data  # validation makes this unreachable for built sites

    def _contact_link(self, data: QuarterData, contact_id: str) -> ContactLink:
        name, owner = self.contact_target(data, contact_id)
        page = "" if owner is data else relative_url(data.url, owner.url)
        return ContactLink(name, f"{page}#anlaufstelle-{contact_id}")

    def _cite(self, entry: Any, sources: dict[str, Source]) -> list[CitedSource]:
        return self._cite_refs(getattr(entry, "sources", []), sources)

    @staticmethod
    def _cite_refs(refs: Iterable[SourceRef], sources: dict[str, Source]) -> list[CitedSource]:
        return [CitedSource(sources[ref.id], ref.at) for ref in refs if ref.id in sources]

    def _used_sources(
        self, data: QuarterData, decisions: list[Decision], reports: list[Report]
    ) -> list[str]:
        """Source ids in the order of first citation; the file's own sources first."""
        order = [s.id for s in data.quarter.sources]
        for cited in [*data.quarter.summary_sources, *data.quarter.description_sources]:
            if cited.id not in order:
                order.append(cited.id)
        for holder in (decisions, reports):
            for entry in holder:
                for ref in _all_refs(entry):
                    if ref not in order:
                        order.append(ref)
        return order


def _all_refs(entry: Any) -> Iterable[str]:
    from ..core.model import Sourced

    if isinstance(entry, Sourced):
        for ref in entry.sources:
            yield ref.id
    for name in type(entry).model_fields:
        value = getattr(entry, name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, Sourced):
                yield from _all_refs(item)


__all__ = ["Programme", "Renderer"]
