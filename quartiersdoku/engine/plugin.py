"""The MkDocs plugin: thin hooks that hand the work to the core.

* `on_config`   — resolve folders, watch `quarters/` for `mkdocs serve`.
* `on_pre_build` — load and validate every file. Runs before MkDocs cleans
  the site folder, so a broken file leaves the last good site in place (and
  `mkdocs serve` keeps serving it).
* `on_files`    — add the generated pages in memory (never into `content/`).
* `on_page_markdown` — fill operator placeholders in hand-written pages and
  append the quarter overview to the start page.
* `on_config` — also decide the search (`search`, `pagefind_from`): lunr, Material's
  own, with the German fix (`search.py`) applied in `on_post_build`; or Pagefind, for
  which Material's search plugin is removed and each searchable page is sent to
  Pagefind as it is written (`on_post_page`; `pagefind_search.py`).
* `on_post_build` — apply the German search fix to Material's search worker, or write
  the Pagefind index.
* `on_startup`, `on_post_page`, `on_post_template` — the preview's error notice
  (`mkdocs serve` only; see `preview.py`): a broken file keeps the last good
  data on screen, with a notice on every page.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined, TemplateError
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

from ..core.problems import ProblemsFound, Severity
from ..core.settings import Region, Settings, build_date
from ..core.site import QuarterData, Site
from ..core.validate import load_site, release_sources
from ..exports import ExportSettings, iter_export_files
from ..exports.mapdoc import asset_files, map_document
from ..exports.tiles import DEFAULT_TILES, TileProvider, TileSettingsError
from ..pages.bundles import Bundle, BundleError, page_bundles, without_bundles
from ..pages.directories import Directories
from ..pages.jsonld import (
    city_page_nodes,
    contacts_page_nodes,
    document,
    events_page_nodes,
    quarter_page_nodes,
    to_script_tag,
)
from ..pages.maps import all_maps
from ..pages.render import Renderer, stash_html, unstash_html
from ..preview.notice import Preview
from ..search.lunr import SearchPatchError, patch_search_worker
from ..search.pagefind import (
    PagefindError,
    StreamingIndexer,
    count_quarters,
    effective_engine,
    searchable,
)
from .incremental import (
    Incremental,
    MemoDirectories,
    file_key,
    quarter_deps,
    silence_dirty_warning,
    tree_key,
)
from .minify import asset_sources, minify_files
from .sidefiles import SideFiles, SideFilesError

log = logging.getLogger("mkdocs.plugins.quartiersdoku")


def _side_files(
    site: Site, settings: ExportSettings, tiles: TileProvider, privacy_page: str | None
) -> Iterator[tuple[str, str | bytes]]:
    """Every map document and every open-data file (run by `SideFiles`, maybe in a child)."""
    for spec in all_maps(site):
        yield spec.path, map_document(spec, tiles, privacy_page=privacy_page)
    yield from iter_export_files(site, settings)


QUARTER_INDEX = "quartiere/index.md"
STYLESHEET = "assets/quartiersdoku/quartiersdoku.css"
FILTER_SCRIPT = "assets/quartiersdoku/filter.js"
HOURS_SCRIPT = "assets/quartiersdoku/opening-hours.js"
SCRIPTS = {FILTER_SCRIPT: "filter.js", HOURS_SCRIPT: "opening-hours.js"}
_ASSETS = Path(__file__).parent.parent / "assets"

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


#: Quarters from which `search: auto` means Pagefind: Material's index then costs every page
#: view more than Pagefind costs a first query (docs/performance.md).
PAGEFIND_FROM = 50
#: Names Material's search plugin may have in `config.plugins`.
MATERIAL_SEARCH = ("material/search", "search")


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
    # Above this many quarters the start page and the quarter index list cities (each with
    # a page of its quarters) instead of every quarter (docs/performance.md).
    overview_limit = c.Type(int, default=300)
    # The site's search (docs/performance.md): Material's lunr search, Pagefind, or "auto":
    # Pagefind from `pagefind_from` quarters (quarter files in quarters_dir) on.
    search = c.Choice(("lunr", "pagefind", "auto"), default="auto")
    pagefind_from = c.Type(int, default=PAGEFIND_FROM)


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
        # "lunr" or "pagefind", decided in on_config; the templates read it (partials/header.html).
        self.engine = "lunr"
        self.indexer: StreamingIndexer | None = None
        # Open data and map documents, written beside the build (sidefiles.py).
        self.side: SideFiles | None = None
        # `mkdocs serve --dirty` (scripts/serve): rebuild only what changed (incremental.py).
        self.incremental: Incremental | None = None
        # The page stylesheet and script (pages/bundles.py), made in on_config.
        self.bundles: tuple[Bundle, ...] = ()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance across the rebuilds
        # of `mkdocs serve`, so the last good data is still here when a file breaks.
        self.preview.active = command == "serve"
        if command == "serve" and dirty:
            self.incremental = Incremental()
            silence_dirty_warning()  # the plugin takes care of what it warns about

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        quarters = self.quarters_dir
        if quarters.is_dir() and str(quarters) not in config.watch:
            config.watch.append(str(quarters))
        # Our stylesheets and scripts as one file each, named by content (pages/bundles.py).
        try:
            self.bundles = page_bundles(config.theme.custom_dir)
        except BundleError as exc:
            raise PluginError(f"quartiersdoku: {exc}") from exc
        config.extra_css = [*without_bundles(config.extra_css), self.bundles[0].uri]
        config.extra_javascript = [
            *without_bundles(config.extra_javascript),
            self.bundles[1].uri,
        ]
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
        self._choose_search(config)
        return config

    def _choose_search(self, config: MkDocsConfig) -> None:
        """Decide the search engine; with Pagefind, Material's search plugin is removed."""
        quarters = count_quarters(self.quarters_dir) if self.config.search == "auto" else 0
        self.engine = effective_engine(self.config.search, quarters, self.config.pagefind_from)
        if self.engine != "pagefind":
            return
        plugins = config.plugins
        removed = [plugins.pop(key) for key in MATERIAL_SEARCH if key in plugins]
        # Its hooks are registered per event; new lists, as MkDocs iterates the current one.
        for event, methods in plugins.events.items():
            plugins.events[event] = [
                m for m in methods if getattr(m, "__self__", None) not in removed
            ]
        log.info("quartiersdoku: Suche mit Pagefind (Material-Suche abgeschaltet).")

    @property
    def quarters_dir(self) -> Path:
        return self.root / self.config.quarters_dir

    def on_pre_build(self, config: MkDocsConfig) -> None:
        region = Region(**dict(self.config.region))
        settings = Settings(quarters_dir=self.quarters_dir, region=region, today=build_date())
        if not self.quarters_dir.is_dir():
            raise PluginError(
                f"quartiersdoku: Den Ordner der Quartiere „{self.quarters_dir}“ gibt es nicht."
            )
        if self.incremental is not None:  # only changed files are read again (incremental.py)
            self._start_incremental(config, settings)
            result = self.incremental.files.load_site(settings)
        else:
            result = load_site(settings)
            release_sources(result.site)  # the build needs the model, not the YAML and positions
        for problem in result.problems:
            if problem.severity is Severity.WARNING:
                # Hints for editors never fail a build (not even --strict): they are logged as info.
                log.info(f"Hinweis für die Redaktion: {problem.format(self.root)}")
        if result.errors:
            if self.preview.active:
                # `mkdocs serve`: build from the last good data, with a notice on every page.
                self.preview.failed(result.errors, self.root)
                if self.incremental is not None:
                    self.incremental.failed()
                if self.site is None:  # broken from the start: an empty site shows the notice
                    self.site = Site(today=settings.today)
                    self.renderer = self._renderer(self.site)
                return
            raise PluginError("\n" + ProblemsFound(result.errors, self.root).report())
        self.preview.passed()
        self.site = result.site
        self.renderer = self._renderer(result.site)
        if self.incremental is not None:  # templates compiled once per preview, not per build
            self.renderer.env.bytecode_cache = self.incremental.bytecode
        log.info(f"quartiersdoku: {len(result.site.quarters)} Quartiere geladen.")

    def _renderer(self, site: Site) -> Renderer:
        return Renderer(
            site,
            self.root / self.config.templates_dir,
            grouped_from=self.config.overview_limit,
            tiles=self.tiles,
        )

    def _start_incremental(self, config: MkDocsConfig, settings: Settings) -> None:
        """A preview rebuild: what every page depends on; lunr needs every page built."""
        assert self.incremental is not None
        templates = tree_key(self.root / self.config.templates_dir)
        custom = config.theme.custom_dir
        self.incremental.start_build(
            (
                str(config.config_file_path),
                file_key(Path(config.config_file_path or "mkdocs.yml")),
                tree_key(Path(custom) if custom else None),
                templates,
                settings.today,
                self.engine,
            )
        )
        self.incremental.memo.start((settings.today, templates, self.config.directory_page_size))
        for key in MATERIAL_SEARCH:  # it would merge earlier builds' index: all pages are built
            if key in config.plugins:
                config.plugins[key].search_index_prev = None  # type: ignore[attr-defined]

    def _quarter_content(self, data: QuarterData) -> tuple[str, bytes]:
        assert self.renderer is not None
        stashed, blocks = stash_html(self.renderer.quarter_page(data))
        return stashed, _pack(blocks) if blocks else b""

    def _quarter_page(self, data: QuarterData) -> str:
        """A quarter page, stashed at once; in the preview rendered only if its files changed."""
        assert self.site is not None
        assert self.renderer is not None
        if self.incremental is None:
            return self._stash(data.src_uri, self.renderer.quarter_page(data))
        deps = quarter_deps(self.site, data, self.incremental.files)
        content, packed = self.incremental.memo.quarter_page(data, deps, self._quarter_content)
        self.stashed[data.src_uri] = packed
        return content

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.site is None or self.renderer is None:  # on_pre_build did not run
            return files
        # First, before anything else runs: in `mkdocs build` a forked child writes the open
        # data and the map documents while this process renders the pages.
        if self.incremental is None:
            self._start_side_files(files, config)
        else:  # the preview writes them in on_post_build, only what changed
            privacy = files.get_file_from_path("datenschutz.md")
            self.incremental.privacy_page = privacy.url if privacy is not None else None
        self.stashed = {}
        files.append(
            File.generated(config, STYLESHEET, abs_src_path=str(_ASSETS / "quartiersdoku.css"))
        )
        for uri, name in SCRIPTS.items():
            files.append(File.generated(config, uri, abs_src_path=str(_ASSETS / name)))
        for bundle in self.bundles:
            files.append(File.generated(config, bundle.uri, content=bundle.text))
        try:
            if files.get_file_from_path(QUARTER_INDEX) is None:
                files.append(
                    File.generated(config, QUARTER_INDEX, content=self.renderer.quarter_index())
                )
            directories = (
                Directories(self.site, self.renderer, self.config.directory_page_size)
                if self.incremental is None
                else MemoDirectories(
                    self.site,
                    self.renderer,
                    self.config.directory_page_size,
                    self.incremental.memo,
                )
            )
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
            self._add_city_pages(files, config)
            for data in self.site.quarters:
                # Stashed at once: all quarter pages in full at the same time cost gigabytes.
                content = self._quarter_page(data)
                files.append(
                    File.generated(
                        config, data.src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV
                    )
                )
        except TemplateError as exc:
            raise PluginError(f"quartiersdoku: Fehler in einer Vorlage: {exc}") from exc
        self._add_maps(files, config)
        # Our stylesheets and scripts without comments and indentation (docs/performance.md).
        minify_files(files, asset_sources(config))
        self._add_data(config, directories)
        self._stash_pages(files)
        self.renderer.markdown.forget()
        self.pages = len(files.documentation_pages())
        if self.incremental is not None:  # pages identical to the last build are skipped
            self.incremental.memo.forget_quarters(q.src_uri for q in self.site.quarters)
            self.incremental.mark_pages(
                files, self.stashed, self.jsonld, build_all=self.engine == "lunr"
            )
        return files

    def _add_city_pages(self, files: Files, config: MkDocsConfig) -> None:
        """`quartiere/<city>/`: every city file's page; on large sites every city's quarters."""
        assert self.site is not None
        assert self.renderer is not None
        pages = {
            city.key: partial(self.renderer.city_page, city)
            for city in self.site.cities.values()
            if city.city is not None
        }
        if self.renderer.grouped:  # large sites: a page of quarters for every city folder
            for group in self.renderer.city_groups():
                if group.url is not None and group.key not in pages:
                    pages[group.key] = partial(self.renderer.city_list_page, group)
        for key, render in pages.items():
            files.append(
                File.generated(
                    config,
                    f"quartiere/{key}/index.md",
                    content=render(),
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.incremental is not None:
            self.incremental.check_nav(nav)
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.incremental is not None:  # the theme's templates compiled once per preview
            env.bytecode_cache = self.incremental.theme_bytecode
        return env

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
        if self.incremental is not None:  # the same page as last time: the same stash
            stashed, packed = self.incremental.memo.stash(src_uri, markdown, self._stash_new)
        else:
            stashed, packed = self._stash_new(markdown)
        self.stashed[src_uri] = packed
        return stashed

    @staticmethod
    def _stash_new(markdown: str) -> tuple[str, bytes]:
        stashed, blocks = stash_html(markdown)
        return stashed, _pack(blocks) if blocks else b""

    def _export_settings(self, config: MkDocsConfig) -> ExportSettings:
        return ExportSettings(
            site_url=config.site_url or "",
            domain=self.config.export.domain,
            site_name=config.site_name,
            publisher=str(self.config.operator.get("name") or ""),
            licence=self.config.export.licence,
            licence_url=self.config.export.licence_url,
        )

    def _start_side_files(self, files: Files, config: MkDocsConfig) -> None:
        """Open data under /daten/ and one document per map, straight into the site folder."""
        assert self.site is not None
        self._cancel_side_files()
        privacy = files.get_file_from_path("datenschutz.md")
        self.side = SideFiles(
            Path(config.site_dir),
            partial(
                _side_files,
                self.site,
                self._export_settings(config),
                self.tiles,
                privacy.url if privacy is not None else None,
            ),
            parallel=not self.preview.active,  # `mkdocs serve` runs threads: never fork there
        )

    def _finish_side_files(self) -> None:
        side, self.side = self.side, None
        if side is None:
            return
        try:
            written = side.finish()
        except SideFilesError as exc:
            raise PluginError(f"quartiersdoku: {exc}") from exc
        how = "nebenher" if side.forked else "nach den Seiten"
        log.info(f"quartiersdoku: {written} Daten- und Kartendateien geschrieben ({how}).")

    def _cancel_side_files(self) -> None:
        side, self.side = self.side, None
        if side is not None:
            side.cancel()

    def _add_data(self, config: MkDocsConfig, directories: Directories) -> None:
        """The JSON-LD of each page (inserted in on_post_page)."""
        assert self.site is not None
        settings = self._export_settings(config)
        # The directories' first pages describe the entries they show (not all of them).
        events = directories.first_page_entries("termine")
        contacts = directories.first_page_entries("anlaufstellen")
        nodes: dict[str, list[Any]] = {
            "termine/index.md": events_page_nodes(self.site, settings, events),
            "anlaufstellen/index.md": contacts_page_nodes(self.site, settings, contacts),
        }
        for data in self.site.quarters:
            nodes[data.src_uri] = self._quarter_nodes(data, settings)
        for city in self.site.cities.values():
            if city.city is not None:
                nodes[f"quartiere/{city.key}/index.md"] = city_page_nodes(self.site, city, settings)
        self.jsonld = {
            uri: to_script_tag(document(*found)) for uri, found in nodes.items() if found
        }

    def _quarter_nodes(self, data: QuarterData, settings: ExportSettings) -> list[Any]:
        """A quarter page's JSON-LD; in the preview made again only if its files changed."""
        assert self.site is not None
        site = self.site
        if self.incremental is None:
            return quarter_page_nodes(site, data, settings)
        deps = (quarter_deps(site, data, self.incremental.files), settings)
        return self.incremental.memo.jsonld(
            data.src_uri, deps, lambda: quarter_page_nodes(site, data, settings)
        )

    def _add_maps(self, files: Files, config: MkDocsConfig) -> None:
        """Leaflet and the map assets, copied from installed packages (documents: side files)."""
        for uri, source in asset_files():
            files.append(File.generated(config, uri, abs_src_path=str(source)))

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
                build_date=(self.site.today if self.site else build_date()).strftime("%d.%m.%Y"),
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
        if self.incremental is not None:
            self.incremental.remember_title(page)
        if (
            self.engine == "pagefind"
            and searchable(page.file.src_uri, page.meta)
            and not self._keep_search_index
        ):
            if self.indexer is None:
                self.indexer = StreamingIndexer()
            try:
                self.indexer.add(output, "/" + page.url)
            except PagefindError as exc:
                self._stop_indexer()
                raise PluginError(f"quartiersdoku: Suchindex: {exc}") from exc
        return self.preview.decorate(output)

    def _stop_indexer(self) -> None:
        indexer, self.indexer = self.indexer, None
        if indexer is not None:
            indexer.close()

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_indexer()  # nothing of the index is written
        self._cancel_side_files()
        if self.incremental is not None:  # pages may be half written: build all next time
            self.incremental.env_key = None

    @property
    def _keep_search_index(self) -> bool:
        """Preview rebuilds keep the first build's Pagefind index (only changed pages pass)."""
        return self.incremental is not None and self.incremental.index_written

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return (
            self.preview.decorate(output_content) if template_name == "404.html" else output_content
        )

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        keep_index = self._keep_search_index
        if self.engine == "pagefind" and not keep_index:
            # Pagefind writes its index while the side files finish
            self._start_search_index(Path(config.site_dir))
        self._finish_side_files()
        if self.incremental is not None:
            self._sync_preview(config)
        if self.engine == "pagefind":
            if keep_index:
                log.info(
                    "quartiersdoku: Vorschau: der Suchindex (Pagefind) bleibt auf dem Stand vom "
                    "Start; geänderte Seiten findet die Suche erst nach einem Neustart der Vorschau."
                )
                return
            self._finish_search_index()
            if self.incremental is not None:
                self.incremental.index_written = True
            return
        try:
            patch_search_worker(Path(config.site_dir))
        except SearchPatchError as exc:
            raise PluginError(str(exc)) from exc

    def _sync_preview(self, config: MkDocsConfig) -> None:
        """Preview: maps that changed, the error notice on kept pages, open data (background)."""
        assert self.incremental is not None
        assert self.site is not None
        site_dir = Path(config.site_dir)
        incremental = self.incremental
        site = self.site
        maps, total = incremental.side.write_maps(
            site_dir,
            site,
            self.tiles,
            incremental.privacy_page,
            lambda data: (quarter_deps(site, data, incremental.files), site.today),
        )
        refreshed = incremental.refresh_notices(
            self.preview.decorate, self.preview.undecorate, str(self.preview.notice())
        )
        log.info(
            incremental.summary(self.pages)
            + f" {maps} von {total} Karten geschrieben"
            + (f"; Hinweis auf {refreshed} weiteren Seiten erneuert." if refreshed else ".")
        )
        incremental.side.write_data(
            site_dir,
            partial(iter_export_files, self.site, self._export_settings(config)),
        )

    def _start_search_index(self, site_dir: Path) -> None:
        if self.indexer is None:  # no searchable page: an empty index all the same
            self.indexer = StreamingIndexer()
        try:
            self.indexer.start_writing(site_dir)
        except PagefindError as exc:
            self._stop_indexer()
            raise PluginError(
                f"quartiersdoku: Der Suchindex (Pagefind) ließ sich nicht schreiben: {exc}"
            ) from exc

    def _finish_search_index(self) -> None:
        indexer, self.indexer = self.indexer, None
        assert indexer is not None
        try:
            written = indexer.finish_writing()
        except PagefindError as exc:
            raise PluginError(
                f"quartiersdoku: Der Suchindex (Pagefind) ließ sich nicht schreiben: {exc}"
            ) from exc
        log.info(
            f"quartiersdoku: Suchindex (Pagefind) über {written.pages} Seiten geschrieben "
            f"({written.seconds:.1f} s, davon {written.waited:.1f} s nach der letzten Seite)."
        )
