"""Page generation: the pages, assets and JSON-LD a build adds to MkDocs' files.

Every page is added in memory (`File.generated`), never written into `docs_dir`.
Quarter pages are stashed as soon as they are rendered (all quarter pages in
full at the same time cost gigabytes); the other generated pages are stashed at
the end (`stash_generated`). The strategy (`strategy.py`) decides whether a page
is rendered afresh or taken from the preview's memo.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from ..core.logs import log
from ..core.problems import Problem, tagged
from ..core.site import QuarterData, Site
from ..core.urls import QUARTERS_URL, city_src_uri
from ..core.warnings import Advice
from ..exports import ExportSettings
from ..exports.mapassets import asset_files
from ..pages.admin import EditorMissing, admin_files
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
from ..pages.render import Renderer
from ..preview.review_page import REVIEW_PAGE, review_page
from .options import QuartiersdokuConfig
from .stash import Stash, stash_page
from .strategy import BuildStrategy

QUARTER_INDEX = f"{QUARTERS_URL}index.md"
STYLESHEET = "assets/quartiersdoku/quartiersdoku.css"
FILTER_SCRIPT = "assets/quartiersdoku/filter.js"
HOURS_SCRIPT = "assets/quartiersdoku/opening-hours.js"
SCRIPTS = {FILTER_SCRIPT: "filter.js", HOURS_SCRIPT: "opening-hours.js"}
_ASSETS = Path(__file__).parent.parent / "assets"


def register_assets(config: MkDocsConfig) -> tuple[Bundle, ...]:
    """Our stylesheets and scripts on every page (on_config): one stylesheet and one
    script, named by their content (pages/bundles.py)."""
    try:
        bundles = page_bundles(config.theme.custom_dir)
    except BundleError as exc:
        raise PluginError(tagged(str(exc))) from exc
    config.extra_css = [*without_bundles(config.extra_css), bundles[0].uri]
    config.extra_javascript = [*without_bundles(config.extra_javascript), bundles[1].uri]
    return bundles


class PageGenerator:
    """Adds one build's generated pages to `files`; holds what the build needs of them."""

    def __init__(
        self,
        config: MkDocsConfig,
        site: Site,
        renderer: Renderer,
        strategy: BuildStrategy,
        stash: Stash,
    ) -> None:
        self.config = config
        self.site = site
        self.renderer = renderer
        self.strategy = strategy
        self.stash = stash

    def add_assets(self, files: Files, bundles: tuple[Bundle, ...]) -> None:
        """Our stylesheet and scripts (each also in the bundles), and the bundles."""
        files.append(
            File.generated(self.config, STYLESHEET, abs_src_path=str(_ASSETS / "quartiersdoku.css"))
        )
        for uri, name in SCRIPTS.items():
            files.append(File.generated(self.config, uri, abs_src_path=str(_ASSETS / name)))
        for bundle in bundles:
            files.append(File.generated(self.config, bundle.uri, content=bundle.text))

    def add_map_assets(self, files: Files) -> None:
        """Leaflet and the map assets (the map documents themselves are side files)."""
        for uri, source in asset_files():
            files.append(File.generated(self.config, uri, abs_src_path=str(source)))

    def add_editor(
        self,
        files: Files,
        root: Path,
        quarters_dir: Path,
        options: QuartiersdokuConfig,
        preview: bool,
    ) -> None:
        """`/admin/`, the form editor (`pages/admin.py`). Without Decap in `node_modules`
        the preview goes on without the form; a site with `editor: true` fails."""
        try:
            admin = admin_files(
                root,
                quarters_dir,
                site_name=self.config.site_name,
                backend=dict(options.editor_backend),
                preview=preview,
            )
        except EditorMissing as exc:
            if not options.editor:
                log.info(str(exc))
                return
            raise PluginError(tagged(str(exc))) from exc
        for item in admin:
            if item.source is not None:
                files.append(File.generated(self.config, item.uri, abs_src_path=str(item.source)))
            else:
                files.append(File.generated(self.config, item.uri, content=item.content or ""))

    def add_pages(self, files: Files, page_size: int) -> Directories:
        """The quarter index, the directories, the city pages, every quarter page and its\n        language versions."""
        # First: in `mkdocs build` worker processes render the quarter pages meanwhile.
        quarter_pages = self.strategy.start_quarter_pages(self.site, self._render_quarter)
        if files.get_file_from_path(QUARTER_INDEX) is None:
            self._add(files, QUARTER_INDEX, self.renderer.quarter_index(), InclusionLevel.UNDEFINED)
        directories = self.strategy.directories(self.site, self.renderer, page_size)
        for page in directories.pages():
            # The directories' main pages may stand in the nav; facet pages never do.
            in_nav = page.src_uri.count("/") == 1
            inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
            self._add(files, page.src_uri, page.content, inclusion)
        self._add_city_pages(files)
        for data, (content, packed) in zip(self.site.quarters, quarter_pages(), strict=True):
            self.stash.keep(data.src_uri, packed)
            self._add(files, data.src_uri, content, InclusionLevel.NOT_IN_NAV)
        for version in self.renderer.translated_pages():  # the quarters' language versions
            self._add(files, version.src_uri, version.content, InclusionLevel.NOT_IN_NAV)
        return directories

    def add_review_page(
        self, files: Files, review: list[Advice], others: list[Problem], root: Path
    ) -> str:
        """The preview's page of the review list (`/pruefliste/`) and the other hints;
        returns its absolute path."""
        self._add(
            files,
            REVIEW_PAGE,
            review_page(review, self.site.today, root, others),
            InclusionLevel.NOT_IN_NAV,
        )
        return urlsplit(self.config.site_url or "/").path.rstrip("/") + "/pruefliste/"

    def _render_quarter(self, data: QuarterData) -> tuple[str, bytes]:
        return stash_page(self.renderer.quarter_page(data))

    def _add(self, files: Files, src_uri: str, content: str, inclusion: InclusionLevel) -> None:
        files.append(File.generated(self.config, src_uri, content=content, inclusion=inclusion))

    def _add_city_pages(self, files: Files) -> None:
        """`quartiere/<city>/`: every city file's page; on large sites every city's quarters."""
        pages: dict[str, Callable[[], str]] = {
            city.key: partial(self.renderer.city_page, city)
            for city in self.site.cities.values()
            if city.city is not None
        }
        if self.renderer.grouped:  # large sites: a page of quarters for every city folder
            for group in self.renderer.city_groups():
                if group.url is not None and group.key not in pages:
                    pages[group.key] = partial(self.renderer.city_list_page, group)
        for key, render in pages.items():
            self._add(files, city_src_uri(key), render(), InclusionLevel.NOT_IN_NAV)

    @staticmethod
    def generated_by(files: Files) -> str | None:
        """How MkDocs names this plugin in `File.generated_by` (None before add_assets)."""
        ours = files.get_file_from_path(STYLESHEET)
        return ours.generated_by if ours is not None else None

    def stash_generated(self, files: Files) -> None:
        """Replace the HTML blocks of our generated pages by placeholders until
        on_page_context (quarter pages were stashed as they were rendered)."""
        ours = self.generated_by(files)
        stasher = self.strategy.stasher
        for file in files.documentation_pages():
            mine = ours is not None and file.generated_by == ours
            if mine and file.src_uri not in self.stash:
                file.content_string = self.stash.put(file.src_uri, file.content_string, stasher)

    def page_data(self, directories: Directories, exports: ExportSettings) -> dict[str, str]:
        """The JSON-LD of each page, as a script tag (inserted in on_post_page)."""
        site = self.site
        # The directories' first pages describe the entries they show (not all of them).
        events = directories.first_page_entries("termine")
        contacts = directories.first_page_entries("anlaufstellen")
        nodes: dict[str, list[Any]] = {
            "termine/index.md": events_page_nodes(site, exports, events),
            "anlaufstellen/index.md": contacts_page_nodes(site, exports, contacts),
        }
        for data in site.quarters:
            make = partial(quarter_page_nodes, site, data, exports)
            nodes[data.src_uri] = self.strategy.quarter_nodes(site, data, exports, make)
        for city in site.cities.values():
            if city.city is not None:
                nodes[city_src_uri(city.key)] = city_page_nodes(site, city, exports)
        return {uri: to_script_tag(document(*found)) for uri, found in nodes.items() if found}
