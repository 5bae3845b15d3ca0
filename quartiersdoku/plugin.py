"""The MkDocs plugin: thin hooks that hand the work to the core.

* `on_config`   — resolve folders, watch `quarters/` for `mkdocs serve`.
* `on_pre_build` — load and validate every file. Runs before MkDocs cleans
  the site folder, so a broken file leaves the last good site in place (and
  `mkdocs serve` keeps serving it).
* `on_files`    — add the generated pages in memory (never into `content/`).
* `on_page_markdown` — fill operator placeholders in hand-written pages and
  append the quarter overview to the start page.
* `on_post_build` — apply the German search fix to Material's search worker.
* `on_startup`, `on_post_page`, `on_post_template` — the preview's error notice
  (`mkdocs serve` only; see `preview.py`): a broken file keeps the last good
  data on screen, with a notice on every page.
"""

from __future__ import annotations

import logging
import zlib
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from .directories import Directories
from .export import ExportSettings, export_files
from .jsonld import (
    city_page_nodes,
    contacts_page_nodes,
    document,
    events_page_nodes,
    quarter_page_nodes,
    to_script_tag,
)
from .mapdoc import PAGE_STYLE, asset_files, map_document
from .maps import all_maps
from .pagefind_search import PagefindError, index_site, use_pagefind
from .preview import Preview
from .problems import ProblemsFound, Severity
from .render import Renderer, stash_html, unstash_html
from .search import SearchPatchError, patch_search_worker
from .settings import Region, Settings
from .site import Site
from .tiles import DEFAULT_TILES, TileProvider, TileSettingsError
from .validate import load_site, release_sources

log = logging.getLogger("mkdocs.plugins.quartiersdoku")

QUARTER_INDEX = "quartiere/index.md"
STYLESHEET = "assets/quartiersdoku/quartiersdoku.css"
FILTER_SCRIPT = "assets/quartiersdoku/filter.js"
HOURS_SCRIPT = "assets/quartiersdoku/opening-hours.js"
SCRIPTS = {FILTER_SCRIPT: "filter.js", HOURS_SCRIPT: "opening-hours.js"}
_ASSETS = Path(__file__).parent / "assets"

#: Operator details the legal pages need, with what a missing one is called.
OPERATOR_FIELDS = {
    "name": "Name der verantwortlichen Stelle",
    "street": "Straße und Hausnummer",
    "postcode": "Postleitzahl",
    "city": "Ort",
    "email": "E-Mail-Adresse",
    "phone": "Telefonnummer",
    "website": "Webadresse",
    "represented_by": "Vertretungsberechtigte Person oder Stelle",
    "supervisory_authority": "Aufsichtsbehörde",
    "dpo_name": "Datenschutzbeauftragte Stelle",
    "dpo_email": "E-Mail der oder des Datenschutzbeauftragten",
    "dpo_address": "Anschrift der oder des Datenschutzbeauftragten",
    "accessibility_email": "E-Mail für Rückmeldungen zur Barrierefreiheit",
    "accessibility_phone": "Telefon für Rückmeldungen zur Barrierefreiheit",
    "enforcement_body_name": "Durchsetzungs- und Schlichtungsstelle",
    "enforcement_body_url": "Webadresse der Durchsetzungs- und Schlichtungsstelle",
    "tile_provider_name": "Anbieter der Kartenkacheln",
    "tile_provider_privacy_url": "Datenschutzerklärung des Kartenanbieters",
}


def _pack(blocks: list[str]) -> bytes:
    """Stashed blocks of one page, compressed (YAML text cannot contain NUL)."""
    return zlib.compress("\0".join(blocks).encode("utf-8"), 1)


def _unpack(packed: bytes) -> list[str]:
    return zlib.decompress(packed).decode("utf-8").split("\0")


class _RegionConfig(base.Config):
    name = c.Type(str, default="Deutschland")
    south = c.Type(float, default=47.2)
    west = c.Type(float, default=5.8)
    north = c.Type(float, default=55.1)
    east = c.Type(float, default=15.1)


class _ExportConfig(base.Config):
    domain = c.Type(str, default="")
    licence = c.Type(str, default="")
    licence_url = c.Type(str, default="")


class QuartiersdokuConfig(base.Config):
    quarters_dir = c.Type(str, default="quarters")
    templates_dir = c.Type(str, default="templates")
    region = c.SubConfig(_RegionConfig)
    operator = c.Type(dict, default={})
    export = c.SubConfig(_ExportConfig)
    # Tile provider of the maps (see docs/karten.md); OpenStreetMap when empty.
    tiles = c.Type(dict, default={})
    # Rows per page of the directories (Anlaufstellen, Termine, …); see docs/performance.md.
    directory_page_size = c.Type(int, default=100)
    # Prototype (docs/performance.md): also write a Pagefind index ("pagefind"), or from
    # `pagefind_from` pages on ("auto"). The search box still uses Material's search.
    search = c.Choice(("lunr", "pagefind", "auto"), default="lunr")
    pagefind_from = c.Type(int, default=500)


class _Operator:
    """Operator settings for templates; a missing value is a visible, marked gap."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __getattr__(self, key: str) -> Markup:
        if key.startswith("_"):
            raise AttributeError(key)
        value = self._values.get(key)
        if value:
            return escape(str(value))
        what = OPERATOR_FIELDS.get(key, key)
        return Markup('<mark class="qd-gap">[Angabe fehlt: {}]</mark>').format(what)


class QuartiersdokuPlugin(BasePlugin[QuartiersdokuConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self.renderer: Renderer | None = None
        self.root = Path.cwd()
        self.tiles: TileProvider = DEFAULT_TILES
        self.preview = Preview()
        self.jsonld: dict[str, str] = {}
        # HTML blocks of generated pages, kept away from Python-Markdown (render.stash_html).
        self.stashed: dict[str, bytes] = {}
        self.pages = 0

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance across the rebuilds
        # of `mkdocs serve`, so the last good data is still here when a file breaks.
        self.preview.active = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        quarters = self.quarters_dir
        if quarters.is_dir() and str(quarters) not in config.watch:
            config.watch.append(str(quarters))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        present = [str(script) for script in config.extra_javascript]
        config.extra_javascript.extend(uri for uri in SCRIPTS if uri not in present)
        if PAGE_STYLE not in config.extra_css:
            config.extra_css.append(PAGE_STYLE)
        try:
            self.tiles = TileProvider.from_options(dict(self.config.tiles))
        except TileSettingsError as exc:
            raise PluginError(f"quartiersdoku: {exc}") from exc
        for key, value in self.tiles.placeholders().items():
            if self.config.operator.get(key) not in (None, "", value):
                log.warning(
                    f"quartiersdoku: operator.{key} weicht von der Einstellung tiles ab; "
                    f"es gilt tiles. Bitte operator.{key} aus mkdocs.yml entfernen."
                )
        templates = self.root / self.config.templates_dir
        if templates.is_dir() and str(templates) not in config.watch:
            config.watch.append(str(templates))
        return config

    @property
    def quarters_dir(self) -> Path:
        return self.root / self.config.quarters_dir

    def on_pre_build(self, config: MkDocsConfig) -> None:
        region = Region(**dict(self.config.region))
        settings = Settings(quarters_dir=self.quarters_dir, region=region, today=date.today())
        if not self.quarters_dir.is_dir():
            raise PluginError(
                f"quartiersdoku: Den Ordner der Quartiere „{self.quarters_dir}“ gibt es nicht."
            )
        result = load_site(settings)
        release_sources(result.site)  # the build needs the model, not the YAML and its positions
        for problem in result.problems:
            if problem.severity is Severity.WARNING:
                # Hints for editors never fail a build (not even --strict): they are logged as info.
                log.info(f"Hinweis für die Redaktion: {problem.format(self.root)}")
        if result.errors:
            if self.preview.active:
                # `mkdocs serve`: build from the last good data, with a notice on every page.
                self.preview.failed(result.errors, self.root)
                if self.site is None:  # broken from the start: an empty site shows the notice
                    self.site = Site(today=settings.today)
                    self.renderer = Renderer(self.site, self.root / self.config.templates_dir)
                return
            raise PluginError("\n" + ProblemsFound(result.errors, self.root).report())
        self.preview.passed()
        self.site = result.site
        self.renderer = Renderer(result.site, self.root / self.config.templates_dir)
        log.info(f"quartiersdoku: {len(result.site.quarters)} Quartiere geladen.")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.site is None or self.renderer is None:  # on_pre_build did not run
            return files
        self.stashed = {}
        files.append(
            File.generated(config, STYLESHEET, abs_src_path=str(_ASSETS / "quartiersdoku.css"))
        )
        for uri, name in SCRIPTS.items():
            files.append(File.generated(config, uri, abs_src_path=str(_ASSETS / name)))
        try:
            if files.get_file_from_path(QUARTER_INDEX) is None:
                files.append(
                    File.generated(config, QUARTER_INDEX, content=self.renderer.quarter_index())
                )
            directories = Directories(self.site, self.renderer, self.config.directory_page_size)
            for page in directories.pages():
                # The directories' main pages may stand in the nav; facet pages never do.
                inclusion = (
                    InclusionLevel.UNDEFINED
                    if page.src_uri.count("/") == 1
                    else InclusionLevel.NOT_IN_NAV
                )
                files.append(
                    File.generated(config, page.src_uri, content=page.content, inclusion=inclusion)
                )
            for city in self.site.cities.values():
                if city.city is not None:
                    uri = f"quartiere/{city.key}/index.md"
                    files.append(
                        File.generated(
                            config,
                            uri,
                            content=self.renderer.city_page(city),
                            inclusion=InclusionLevel.NOT_IN_NAV,
                        )
                    )
            for data in self.site.quarters:
                # Stashed at once: all quarter pages in full at the same time cost gigabytes.
                content = self._stash(data.src_uri, self.renderer.quarter_page(data))
                files.append(
                    File.generated(
                        config, data.src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV
                    )
                )
        except TemplateError as exc:
            raise PluginError(f"quartiersdoku: Fehler in einer Vorlage: {exc}") from exc
        self._add_maps(files, config)
        self._add_data(files, config)
        self._stash_pages(files)
        self.renderer.markdown.forget()
        self.pages = len(files.documentation_pages())
        return files

    def _stash_pages(self, files: Files) -> None:
        """Replace the HTML blocks of generated pages by placeholders until on_page_context.

        Kept compressed meanwhile: MkDocs converts every page before it renders any, and
        the HTML of all pages at once is most of a large build's memory.
        """
        ours = files.get_file_from_path(STYLESHEET)
        for file in files.documentation_pages():
            mine = ours is not None and file.generated_by == ours.generated_by
            if mine and file.src_uri not in self.stashed:  # quarter pages: stashed already
                file.content_string = self._stash(file.src_uri, file.content_string)

    def _stash(self, src_uri: str, markdown: str) -> str:
        stashed, blocks = stash_html(markdown)
        self.stashed[src_uri] = _pack(blocks) if blocks else b""
        return stashed

    def _export_settings(self, config: MkDocsConfig) -> ExportSettings:
        return ExportSettings(
            site_url=config.site_url or "",
            domain=self.config.export.domain,
            site_name=config.site_name,
            publisher=str(self.config.operator.get("name") or ""),
            licence=self.config.export.licence,
            licence_url=self.config.export.licence_url,
        )

    def _add_data(self, files: Files, config: MkDocsConfig) -> None:
        """Open data under /daten/ and the JSON-LD of each page (inserted in on_post_page)."""
        assert self.site is not None
        settings = self._export_settings(config)
        for uri, content in export_files(self.site, settings).items():
            files.append(File.generated(config, uri, content=content))
        nodes: dict[str, list[Any]] = {
            "termine/index.md": events_page_nodes(self.site, settings),
            "anlaufstellen/index.md": contacts_page_nodes(self.site, settings),
        }
        for data in self.site.quarters:
            nodes[data.src_uri] = quarter_page_nodes(self.site, data, settings)
        for city in self.site.cities.values():
            if city.city is not None:
                nodes[f"quartiere/{city.key}/index.md"] = city_page_nodes(self.site, city, settings)
        self.jsonld = {
            uri: to_script_tag(document(*found)) for uri, found in nodes.items() if found
        }

    def _add_maps(self, files: Files, config: MkDocsConfig) -> None:
        """Leaflet and the map assets (copied from installed packages) and one document per map."""
        assert self.site is not None
        for uri, source in asset_files():
            files.append(File.generated(config, uri, abs_src_path=str(source)))
        privacy = files.get_file_from_path("datenschutz.md")
        for spec in all_maps(self.site):
            html = map_document(
                spec, self.tiles, privacy_page=privacy.url if privacy is not None else None
            )
            files.append(File.generated(config, spec.path, content=html))

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.generated_by is not None or self.renderer is None:
            return markdown
        markdown = self._fill_placeholders(markdown, page)
        if page.file.src_uri == "index.md":
            overview, blocks = stash_html(self.renderer.start_overview(page.file.url))
            markdown += "\n" + overview
            self.stashed[page.file.src_uri] = _pack(blocks)
        return markdown

    @event_priority(100)  # before Material's search plugin reads the page
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        packed = self.stashed.pop(page.file.src_uri, None)
        if packed and page.content is not None:
            page.content = unstash_html(page.content, _unpack(packed))
        return context

    def _fill_placeholders(self, markdown: str, page: Page) -> str:
        if "{{" not in markdown and "{%" not in markdown:
            return markdown
        env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
        try:
            return env.from_string(markdown).render(
                operator=_Operator({**self.config.operator, **self.tiles.placeholders()}),
                build_date=date.today().strftime("%d.%m.%Y"),
            )
        except TemplateError as exc:
            raise PluginError(
                f"quartiersdoku: {page.file.src_uri}: Platzhalter nicht auflösbar: {exc}"
            ) from exc

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        tag = self.jsonld.get(page.file.src_uri)
        if tag is not None:  # after the search index took the page: JSON-LD stays out of it
            output = output.replace("</head>", f"{tag}</head>", 1)
        page.content = None  # written out and indexed: free it (large sites, docs/performance.md)
        return self.preview.decorate(output)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return (
            self.preview.decorate(output_content) if template_name == "404.html" else output_content
        )

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            patch_search_worker(Path(config.site_dir))
        except SearchPatchError as exc:
            raise PluginError(str(exc)) from exc
        if use_pagefind(self.config.search, self.pages, self.config.pagefind_from):
            try:
                index = index_site(Path(config.site_dir))
            except PagefindError as exc:
                raise PluginError(f"quartiersdoku: {exc}") from exc
            log.info(f"quartiersdoku: Pagefind-Index über {index.pages} Seiten geschrieben.")
