"""How a build is run: in full (`FullBuild`) or as the incremental preview (`PreviewBuild`).

The plugin holds one of them and calls the same methods in every build; where
the two differ, the difference is here and not an `if` in every hook.

* `FullBuild` — `mkdocs build`, `quartiersdoku build`, `mkdocs serve` without
  `--dirty`: everything is loaded, rendered and written; the open data and the
  map documents are written by a forked child while the pages are rendered
  (`sidefiles.py`; inline in `mkdocs serve`, which runs threads).
* `PreviewBuild` — `mkdocs serve --dirty` (`scripts/serve`): only changed files
  are read again, only changed pages rendered and written, side files written
  when they changed (`incremental.py`, `preview/caches.py`, `preview/sidesync.py`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core.cputime import LEDGER, RENDERING
from ..core.logs import log
from ..core.problems import tagged
from ..core.settings import Settings
from ..core.site import QuarterData, Site
from ..core.validate import Result, load_site, release_sources
from ..exports import ExportSettings, iter_export_files
from ..exports.tiles import TileProvider
from ..pages.directories import Directories
from ..pages.maps import all_maps
from ..pages.render import Renderer
from ..preview.caches import MemoDirectories, file_key, quarter_deps, tree_key
from ..preview.notice import Preview
from ..preview.sidesync import Written, import_maps_in_background
from .incremental import Incremental, silence_dirty_warning
from .pagepool import POOL_FROM, PagePool, PagePoolError
from .search import SearchLifecycle
from .sidefiles import ForkedJob, SideFiles, SideFilesError, can_fork
from .stash import Stash, Stasher, stash_page

#: Renders a quarter page and stashes it: (Markdown for MkDocs, packed HTML blocks).
QuarterRender = Callable[[QuarterData], tuple[str, bytes]]


@dataclass(frozen=True)
class SideInputs:
    """What the open data and the map documents are made from."""

    site: Site
    exports: ExportSettings
    tiles: TileProvider
    privacy_page: str | None


class BuildStrategy:
    """The interface both strategies share; this base builds everything (no memo)."""

    def start(
        self,
        config: MkDocsConfig,
        settings: Settings,
        search: SearchLifecycle,
        *,
        templates: Path,
        page_size: int,
    ) -> None:
        """Before the files are loaded (`templates`, `page_size`: the plugin's options)."""

    def load(self, settings: Settings) -> Result:
        raise NotImplementedError

    def failed(self) -> None:
        """The files have errors; the preview builds from the last good data."""

    def renderer_ready(self, renderer: Renderer) -> None:
        """A new renderer for this build."""

    def start_side_files(self, site_dir: Path, inputs: SideInputs) -> None:
        """At the start of on_files: the open data and map documents of this build."""

    def directories(self, site: Site, renderer: Renderer, page_size: int) -> Directories:
        return Directories(site, renderer, page_size)

    def quarter_page(
        self, site: Site, data: QuarterData, render: QuarterRender
    ) -> tuple[str, bytes]:
        return render(data)

    def start_quarter_pages(
        self, site: Site, render: QuarterRender
    ) -> Callable[[], Iterator[tuple[str, bytes]]]:
        """Start rendering every quarter page; the call returned gives them in site order.
        Here one by one when asked (the preview's memo decides per page)."""
        return lambda: (self.quarter_page(site, data, render) for data in site.quarters)

    @property
    def stasher(self) -> Stasher | None:
        """How generated pages other than quarter pages are stashed (None: afresh)."""
        return None

    def quarter_nodes(
        self, site: Site, data: QuarterData, exports: ExportSettings, make: Callable[[], list[Any]]
    ) -> list[Any]:
        return make()

    def files_ready(
        self, files: Files, site: Site, stash: Stash, jsonld: dict[str, str], *, build_all: bool
    ) -> None:
        """Every page is generated and stashed."""

    def nav_ready(self, nav: Navigation) -> None: ...

    def env_ready(self, env: Environment) -> None: ...

    def page_written(self, page: Page) -> None: ...

    @property
    def keep_search_index(self) -> bool:
        return False

    @property
    def search_index_in_background(self) -> bool:
        """Whether the build may end before Pagefind has put its index in place."""
        return False

    def search_index_written(self) -> None: ...

    def finish_side_files(self, site_dir: Path, pages: int) -> None:
        """At the end of the build (while Pagefind writes its index)."""

    def build_error(self) -> None:
        """The build failed."""


class FullBuild(BuildStrategy):
    """Everything, every time; side files in a forked child when `parallel` allows it."""

    def __init__(self, *, parallel: bool) -> None:
        self.parallel = parallel
        self.side: SideFiles | None = None
        self.pool: PagePool | None = None

    def load(self, settings: Settings) -> Result:
        result = load_site(settings)
        release_sources(result.site)  # the build needs the model, not the YAML and positions
        return result

    def start_side_files(self, site_dir: Path, inputs: SideInputs) -> None:
        """Open data under /daten/ and one document per map, straight into the site folder."""
        self.build_error()
        produce = partial(
            side_files, inputs.site, inputs.exports, inputs.tiles, inputs.privacy_page
        )
        self.side = SideFiles(site_dir, produce, parallel=self.parallel)

    def start_quarter_pages(
        self, site: Site, render: QuarterRender
    ) -> Callable[[], Iterator[tuple[str, bytes]]]:
        """`mkdocs build`: a pool of `os.cpu_count()` forked workers (pagepool.py) renders
        the quarter pages while this process renders the rest."""
        if not self.parallel or len(site.quarters) < POOL_FROM or not can_fork():
            return super().start_quarter_pages(site, render)
        self.pool = PagePool(site.quarters, render, os.cpu_count() or 1)
        log.info(f"{len(site.quarters)} Quartiersseiten in {self.pool.workers} Prozessen erzeugt.")
        return self._pool_results

    def _pool_results(self) -> Iterator[tuple[str, bytes]]:
        pool, self.pool = self.pool, None
        if pool is None:
            return iter(())
        with LEDGER.children(RENDERING):  # the workers' CPU time (core/cputime.py)
            try:
                return iter(pool.results())
            except PagePoolError as exc:
                raise PluginError(tagged(str(exc))) from exc

    def finish_side_files(self, site_dir: Path, pages: int) -> None:
        side, self.side = self.side, None
        if side is None:
            return
        try:
            written = side.finish()
        except SideFilesError as exc:
            raise PluginError(tagged(str(exc))) from exc
        how = "nebenher" if side.forked else "nach den Seiten"
        log.info(f"{written} Daten- und Kartendateien geschrieben ({how}).")

    def build_error(self) -> None:
        side, self.side = self.side, None
        if side is not None:
            side.cancel()
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.cancel()


class PreviewBuild(BuildStrategy):
    """`mkdocs serve --dirty`: only what changed since the last build."""

    def __init__(self, preview: Preview) -> None:
        self.preview = preview
        self.state = Incremental()
        self.inputs: SideInputs | None = None
        self.pool: PagePool | None = None
        #: The first build's map documents and open data, written by a forked child.
        self.first: ForkedJob[Written] | None = None
        silence_dirty_warning()  # the plugin takes care of what it warns about

    def start(
        self,
        config: MkDocsConfig,
        settings: Settings,
        search: SearchLifecycle,
        *,
        templates: Path,
        page_size: int,
    ) -> None:
        """A preview rebuild: what every page depends on; lunr needs every page built."""
        templates_key = tree_key(templates)
        custom = config.theme.custom_dir
        self.state.start_build(
            (
                str(config.config_file_path),
                file_key(Path(config.config_file_path or "mkdocs.yml")),
                tree_key(Path(custom) if custom else None),
                templates_key,
                settings.today,
                search.engine,
            )
        )
        self.state.memo.start((settings.today, templates_key, page_size))
        search.forget_previous_index(config)

    def load(self, settings: Settings) -> Result:
        """Only changed files are read again (preview/caches.py)."""
        return self.state.files.load_site(settings)

    def failed(self) -> None:
        self.state.failed()

    def renderer_ready(self, renderer: Renderer) -> None:
        renderer.env.bytecode_cache = self.state.bytecode  # compiled once per preview

    def start_side_files(self, site_dir: Path, inputs: SideInputs) -> None:
        """The first build writes them all in a forked child while the pages are made
        (before MkDocs' server starts its threads); later builds write what changed, in
        finish_side_files."""
        self.inputs = inputs
        self.state.privacy_page = inputs.privacy_page
        side = self.state.side
        if side.ever_complete or side.maps or not can_fork():
            return
        site = inputs.site
        maps = partial(
            side.write_maps,
            site_dir,
            site,
            inputs.tiles,
            inputs.privacy_page,
            partial(_map_deps, site, self.state),
        )
        job = partial(
            side.write_all, maps, site_dir, partial(iter_export_files, site, inputs.exports)
        )
        self.first = ForkedJob(job, parallel=True)

    def directories(self, site: Site, renderer: Renderer, page_size: int) -> Directories:
        return MemoDirectories(site, renderer, page_size, self.state.memo)

    def _deps(self, site: Site, data: QuarterData) -> tuple[Any, ...]:
        return quarter_deps(site, data, self.state.files)

    def quarter_page(
        self, site: Site, data: QuarterData, render: QuarterRender
    ) -> tuple[str, bytes]:
        """Rendered again only if one of the quarter's files changed."""
        return self.state.memo.quarter_page(data, self._deps(site, data), render)

    def start_quarter_pages(
        self, site: Site, render: QuarterRender
    ) -> Callable[[], Iterator[tuple[str, bytes]]]:
        """The first build (and one after many changes) renders in the pool too, while
        no thread runs yet (MkDocs' server starts after it); a rebuild renders the few
        changed pages here."""
        memo = self.state.memo
        deps = {data.src_uri: self._deps(site, data) for data in site.quarters}
        stale = [d for d in site.quarters if not memo.is_current(d.src_uri, deps[d.src_uri])]
        if len(stale) < POOL_FROM or not can_fork():
            return super().start_quarter_pages(site, render)
        pool = self.pool = PagePool(stale, render, os.cpu_count() or 1)
        log.info(f"{len(stale)} Quartiersseiten in {pool.workers} Prozessen erzeugt.")

        def pages() -> Iterator[tuple[str, bytes]]:
            self.pool = None
            with LEDGER.children(RENDERING):
                try:
                    made = dict(zip((d.src_uri for d in stale), pool.results(), strict=True))
                except PagePoolError as exc:
                    raise PluginError(tagged(str(exc))) from exc
            return (
                memo.quarter_page(data, deps[data.src_uri], lambda d: made[d.src_uri])
                for data in site.quarters
            )

        return pages

    @property
    def stasher(self) -> Stasher:
        memo = self.state.memo
        return lambda src_uri, markdown: memo.stash(src_uri, markdown, stash_page)

    def quarter_nodes(
        self, site: Site, data: QuarterData, exports: ExportSettings, make: Callable[[], list[Any]]
    ) -> list[Any]:
        return self.state.memo.jsonld(data.src_uri, (self._deps(site, data), exports), make)

    def files_ready(
        self, files: Files, site: Site, stash: Stash, jsonld: dict[str, str], *, build_all: bool
    ) -> None:
        """Pages identical to the last build are skipped."""
        self.state.memo.forget_quarters(q.src_uri for q in site.quarters)
        self.state.mark_pages(files, stash.packed, jsonld, build_all=build_all)

    def nav_ready(self, nav: Navigation) -> None:
        self.state.check_nav(nav)

    def env_ready(self, env: Environment) -> None:
        env.bytecode_cache = self.state.theme_bytecode  # the theme compiled once per preview

    def page_written(self, page: Page) -> None:
        self.state.remember_title(page)

    @property
    def keep_search_index(self) -> bool:
        """Rebuilds keep the first build's Pagefind index (only changed pages pass)."""
        return self.state.index_written

    @property
    def search_index_in_background(self) -> bool:
        """The preview's first build: the server starts while Pagefind finishes the index
        (3–6 s at 1,000 quarters); the search answers once the log says it is written."""
        return not self.state.index_written

    def search_index_written(self) -> None:
        self.state.index_written = True

    def finish_side_files(self, site_dir: Path, pages: int) -> None:
        """Maps that changed, the error notice on kept pages, open data (background)."""
        inputs = self.inputs
        if inputs is None:
            return
        state, site = self.state, inputs.site
        first, self.first = self.first, None
        if first is not None:
            try:
                written = first.finish()
            except SideFilesError as exc:
                raise PluginError(tagged(str(exc))) from exc
            state.side.adopt(written)
            maps = total = len(written.maps)
        else:
            maps, total = state.side.write_maps(
                site_dir, site, inputs.tiles, state.privacy_page, partial(_map_deps, site, state)
            )
        refreshed = state.refresh_notices(
            self.preview.decorate, self.preview.undecorate, str(self.preview.notice())
        )
        log.info(
            state.summary(pages)
            + f" {maps} von {total} Karten geschrieben"
            + (f"; Hinweis auf {refreshed} weiteren Seiten erneuert." if refreshed else ".")
        )
        if first is not None:
            log.info(f"{len(written.digests)} Dateien offene Daten geschrieben (nebenher).")
            import_maps_in_background()  # the first edit then writes its map at once
        else:
            state.side.write_data(site_dir, partial(iter_export_files, site, inputs.exports))

    def build_error(self) -> None:
        self.state.env_key = None  # pages may be half written: build all next time
        first, self.first = self.first, None
        if first is not None:
            first.cancel()
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.cancel()


def _map_deps(site: Site, state: Incremental, data: QuarterData) -> tuple[Any, ...]:
    """What a quarter's map document depends on (its map is written again when it changes)."""
    return (quarter_deps(site, data, state.files), site.today)


def side_files(
    site: Site, exports: ExportSettings, tiles: TileProvider, privacy_page: str | None
) -> Iterator[tuple[str, str | bytes]]:
    """Every map document and every open-data file (run by `SideFiles`, maybe in a child)."""
    from ..exports.mapdoc import MapDocuments  # folium: imported where the maps are written

    documents = MapDocuments(tiles, privacy_page=privacy_page)
    for spec in all_maps(site):
        yield spec.path, documents.document(spec)
    yield from iter_export_files(site, exports)
