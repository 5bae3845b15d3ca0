"""The MkDocs plugin: thin hooks, each handing its work to a named collaborator.

* the **strategy** (`strategy.py`): a full build, or the incremental preview of
  `mkdocs serve --dirty`; the same methods in every hook;
* **page generation** (`generate.py`): pages, assets and JSON-LD added in memory;
* the **stash** (`stash.py`): generated pages' HTML, kept away from Python-Markdown;
* the **search lifecycle** (`search.py`): Pagefind (the default), or lunr with the German fix;
* the **side files** (`sidefiles.py`, run by the strategy): open data and maps;
* the **preview notice** (`preview/notice.py`): in `mkdocs serve`, a broken file
  keeps the last good data on screen, with a notice on every page.

Hooks in build order: `on_startup` (choose the strategy), `on_config` (folders,
assets, tiles, search), `on_pre_build` (load and validate every file; before MkDocs
cleans the site folder, so a broken file leaves the last good site in place),
`on_files` (generated pages), `on_nav`, `on_env`, `on_page_markdown` (operator
placeholders, the start page's overview), `on_page_context` (the stash back),
`on_post_page` (JSON-LD, Pagefind, the notice), `on_template_context` (the
`hreflang` alternates of `sitemap.xml`), `on_post_template`, `on_post_build`
(side files and the search index), `on_build_error`; `on_shutdown` when the process
ends (the preview's background index, the collector: `collector.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from jinja2 import Environment, TemplateError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..core.cputime import INDEXER, LEDGER, RENDERING, SIDE_FILES, VALIDATION
from ..core.logs import log
from ..core.problems import Problem, ProblemsFound, Severity, tagged
from ..core.settings import build_date, settings_from_options, site_stand
from ..core.site import Site
from ..core.warnings import Advice
from ..exports import ExportSettings
from ..exports.tiles import DEFAULT_TILES, TileProvider, TileSettingsError
from ..pages.bundles import Bundle
from ..pages.placeholders import fill_placeholders
from ..pages.render import Renderer
from ..pages.translations import sitemap_alternates
from ..preview.hints import PREFIX as HINT_PREFIX
from ..preview.hints import HintReport
from ..preview.notice import Preview
from . import collector
from .direct import DirectPages
from .generate import PageGenerator, register_assets
from .minify import asset_sources, minify_files
from .navcache import NavCache
from .options import PAGEFIND_FROM, QuartiersdokuConfig
from .search import SearchLifecycle
from .stash import Stash
from .strategy import BuildStrategy, FullBuild, PreviewBuild, SideInputs

__all__ = ["PAGEFIND_FROM", "QuartiersdokuConfig", "QuartiersdokuPlugin"]


class QuartiersdokuPlugin(BasePlugin[QuartiersdokuConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.root = Path.cwd()
        self.site: Site | None = None
        self.renderer: Renderer | None = None
        self.tiles: TileProvider = DEFAULT_TILES
        self.preview = Preview()
        self.hints = HintReport()  # what the preview's terminal says of hints
        self.strategy: BuildStrategy = FullBuild(parallel=True)
        self.search = SearchLifecycle()
        self.stash = Stash()
        self.direct: DirectPages | None = None
        self.nav_cache: NavCache | None = None
        self.jsonld: dict[str, str] = {}
        self.pages = 0
        self.review: list[Advice] = []  # the editors' review list of the last good build
        self.other_hints: list[Problem] = []  # its other hints (placeholders, file names, …)
        # The page stylesheet and script (pages/bundles.py), made in on_config.
        self.bundles: tuple[Bundle, ...] = ()

    @property
    def engine(self) -> str:
        """ "lunr" or "pagefind"; the templates read it (partials/header.html)."""
        return self.search.engine

    @property
    def quarters_dir(self) -> Path:
        return self.root / self.config.quarters_dir

    @property
    def templates_dir(self) -> Path:
        return self.root / self.config.templates_dir

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance across the rebuilds
        # of `mkdocs serve`, so the last good data is still here when a file breaks.
        self.preview.active = command == "serve"
        if command == "serve" and dirty:  # `scripts/serve`: rebuild only what changed
            self.strategy = PreviewBuild(self.preview)
        else:  # `mkdocs serve` runs threads: never fork there
            self.strategy = FullBuild(parallel=command != "serve")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        for watched in (self.quarters_dir, self.templates_dir):
            if watched.is_dir() and str(watched) not in config.watch:
                config.watch.append(str(watched))
        self.bundles = register_assets(config)
        try:
            self.tiles = TileProvider.from_options(dict(self.config.tiles))
        except TileSettingsError as exc:
            raise PluginError(tagged(str(exc))) from exc
        for key, value in self.tiles.placeholders().items():
            if self.config.operator.get(key) not in (None, "", value):
                log.warning(
                    f"operator.{key} weicht von der Einstellung tiles ab; "
                    f"es gilt tiles. Bitte operator.{key} aus mkdocs.yml entfernen."
                )
        self.search.choose(
            config,
            self.config.search,
            self.quarters_dir,
            self.config.pagefind_from,
            preview=self.preview.active,
        )
        config.extra["quartiersdoku_stand"] = site_stand(build_date())  # footer: „Stand …“
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        settings = settings_from_options(self.root, self.config)
        if not self.quarters_dir.is_dir():
            raise PluginError(
                tagged(f"Den Ordner der Quartiere „{self.quarters_dir}“ gibt es nicht.")
            )
        LEDGER.reset()  # this build's CPU shares, reported at the end (core/cputime.py)
        self.strategy.start(
            config,
            settings,
            self.search,
            templates=self.templates_dir,
            page_size=self.config.directory_page_size,
        )
        with LEDGER.phase(VALIDATION):
            result = self.strategy.load(settings)
        # Hints for editors never fail a build (not even --strict): they are logged as info,
        # by a build in file order; by the preview the review list's first (most urgent
        # first), then the others.
        urgent = [a.problem for a in result.advice]
        listed = {id(p) for p in urgent}
        others = [
            p for p in result.problems if p.severity is Severity.WARNING and id(p) not in listed
        ]
        if not self.preview.active:
            for hint in result.problems:
                if hint.severity is Severity.WARNING:
                    log.logger.info(f"{HINT_PREFIX}{hint.format(self.root, labelled=False)}")
        if result.errors:
            if not self.preview.active:
                raise PluginError("\n" + ProblemsFound(result.errors, self.root).report())
            # `mkdocs serve`: build from the last good data, with a notice on every page.
            self.preview.failed(result.errors, self.root)
            self.strategy.failed()
            if self.site is None:  # broken from the start: an empty site shows the notice
                self._use(Site(today=settings.today))
            return
        self.preview.passed()
        if self.preview.active:  # the first few hints, then what a save changed (hints.py)
            review_url = (config.site_url or "/").rstrip("/") + "/pruefliste/"
            for line in self.hints.lines(urgent + others, self.root, review_url):
                log.logger.info(line)
        collector.settle()  # the site lives to the end of the build (engine/collector.py)
        self.review = result.advice  # the preview's page /pruefliste/ (review_page.py)
        self.other_hints = others  # on that page too, below the review list
        self.preview.review_count, self.preview.other_count = len(urgent), len(others)
        self._use(result.site)
        log.info(f"{len(result.site.quarters)} Quartiere geladen.")

    def _use(self, site: Site) -> None:
        self.site = site
        self.renderer = Renderer(
            site, self.templates_dir, grouped_from=self.config.overview_limit, tiles=self.tiles
        )
        self.strategy.renderer_ready(self.renderer)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.site is None or self.renderer is None:  # on_pre_build did not run
            return files
        with LEDGER.phase(RENDERING):
            return self._generate(files, config, self.site, self.renderer)

    def _generate(
        self, files: Files, config: MkDocsConfig, site: Site, renderer: Renderer
    ) -> Files:
        exports = self._export_settings(config)
        privacy = files.get_file_from_path("datenschutz.md")
        # First, before anything else runs: in `mkdocs build` a forked child writes the open
        # data and the map documents while this process renders the pages.
        self.strategy.start_side_files(
            Path(config.site_dir),
            SideInputs(site, exports, self.tiles, privacy.url if privacy else None),
        )
        self.stash.clear()
        self.direct = DirectPages(config)  # generated pages skip Python-Markdown
        generator = PageGenerator(config, site, renderer, self.strategy, self.stash)
        generator.add_assets(files, self.bundles)
        try:
            directories = generator.add_pages(files, self.config.directory_page_size)
        except TemplateError as exc:
            raise PluginError(tagged(f"Fehler in einer Vorlage: {exc}")) from exc
        generator.add_map_assets(files)
        if self.preview.active:  # the editors' review list, a page of the preview only
            self.preview.review_href = generator.add_review_page(
                files, self.review, self.other_hints, self.root
            )
        if self.config.editor or self.preview.active:  # /admin/, the form editor
            generator.add_editor(
                files, self.root, self.quarters_dir, self.config, self.preview.active
            )
        # Our stylesheets and scripts without comments and indentation (docs/performance.md).
        minify_files(files, asset_sources(config))
        self.jsonld = generator.page_data(directories, exports)
        generator.stash_generated(files)
        self.direct.adopt(files, generator.generated_by(files), config)
        renderer.markdown.forget()
        self.pages = len(files.documentation_pages())
        self.strategy.files_ready(
            files, site, self.stash, self.jsonld, build_all=not self.search.pagefind
        )
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.strategy.nav_ready(nav)
        self.nav_cache = NavCache(nav)
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self.strategy.env_ready(env)
        if self.nav_cache is not None:  # Material's navigation once per group of pages
            self.nav_cache.install(env)
        collector.settle()  # files, pages and navigation live to the end of the build
        return env

    def _export_settings(self, config: MkDocsConfig) -> ExportSettings:
        return ExportSettings(
            site_url=config.site_url or "",
            domain=self.config.export.domain,
            site_name=config.site_name,
            publisher=str(self.config.operator.get("name") or ""),
            licence=self.config.export.licence,
            licence_url=self.config.export.licence_url,
        )

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.generated_by is not None or self.renderer is None:
            return markdown
        with LEDGER.phase(RENDERING):
            return self._fill(markdown, page, self.renderer)

    def _fill(self, markdown: str, page: Page, renderer: Renderer) -> str:
        operator = {**self.config.operator, **self.tiles.placeholders()}
        today = self.site.today if self.site else build_date()
        try:
            markdown = fill_placeholders(markdown, operator, today, self.site)
        except TemplateError as exc:
            raise PluginError(
                tagged(f"{page.file.src_uri}: Platzhalter nicht auflösbar: {exc}")
            ) from exc
        if page.file.src_uri == "index.md":
            overview = renderer.start_overview(page.file.url)
            markdown = self.stash.append(page.file.src_uri, markdown, overview)
        return markdown

    @event_priority(100)  # before Material's search plugin reads the page
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        with LEDGER.phase(RENDERING):
            page.content = self.stash.restore(page.file.src_uri, page.content)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        with LEDGER.phase(RENDERING):
            tag = self.jsonld.get(page.file.src_uri)
            if tag is not None:  # after the search index took the page: JSON-LD stays out of it
                output = output.replace("</head>", f"{tag}</head>", 1)
            page.content = None  # written out and indexed: free it (docs/performance.md)
            self.strategy.page_written(page)
        with LEDGER.phase(INDEXER):
            self.search.page_written(output, page, keep=self.strategy.keep_search_index)
        return self.preview.decorate(output)

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        if template_name == "sitemap.xml":  # overrides/sitemap.xml
            # Every page has its canonical URL from the start, also one the preview does not
            # read again; the alternates come from the site, not from the pages' front matter.
            urls = {
                file.src_uri: file.page.canonical_url
                for file in context["pages"]
                if file.page is not None and file.page.canonical_url
            }
            found = sitemap_alternates(self.site, urls) if self.site is not None else {}
            cast("dict[str, Any]", context)["hreflang_alternates"] = found
        return context

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        if template_name == "404.html":
            return self.preview.decorate(output_content)
        return output_content

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        if self.direct is not None:
            self.direct.report(quiet=self.preview.active)
        keep = self.strategy.keep_search_index
        with LEDGER.phase(INDEXER):
            self.search.start_writing(site_dir, keep=keep)  # Pagefind writes meanwhile
        with LEDGER.phase(SIDE_FILES), LEDGER.children(SIDE_FILES):
            self.strategy.finish_side_files(site_dir, self.pages)
        if self.search.pagefind and not keep and self.strategy.search_index_in_background:
            # The preview's first build: its server starts while Pagefind finishes.
            self.search.finish_in_background(site_dir)
            self.strategy.search_index_written()  # its rebuilds keep this index
        else:
            with LEDGER.phase(INDEXER), LEDGER.children(INDEXER):
                written = self.search.finish(site_dir, keep=keep)
            if written:
                self.strategy.search_index_written()
        # Editors in the preview need no CPU shares after every save: `mkdocs serve -v` shows them.
        (log.debug if self.preview.active else log.info)(LEDGER.line())
        collector.build_ended()

    def on_shutdown(self) -> None:
        # The process ends (`mkdocs build`, `quartiersdoku build`, the preview's server).
        self.search.stop_background()  # the preview's first index, if still being written
        collector.process_ends()

    def on_build_error(self, *, error: Exception) -> None:
        self.search.stop()  # nothing of the index is written
        self.strategy.build_error()
        collector.build_ended()
