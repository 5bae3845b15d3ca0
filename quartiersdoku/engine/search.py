"""The search lifecycle of a build: Pagefind (the default), or Material's lunr search with the
German fix.

* `choose` (on_config) decides the engine; with Pagefind, Material's search
  plugin is taken out of the build if the site lists it; lunr needs it listed.
* `page_written` (on_post_page) sends each searchable page to Pagefind as it is
  written.
* `start_writing` / `finish` (on_post_build) write the Pagefind index while the
  side files finish, or apply the German fix to Material's search worker.

In the preview (`mkdocs serve --dirty`) rebuilds keep the first build's Pagefind
index (`keep`): only changed pages pass through a rebuild.
"""

from __future__ import annotations

import threading
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from ..core.logs import log
from ..core.problems import tagged
from ..search.lunr import MATERIAL_SEARCH_PLUGIN, SearchPatchError, patch_search_worker
from ..search.pagefind import (
    PagefindError,
    StreamingIndexer,
    Written,
    count_quarters,
    effective_engine,
    searchable,
)

#: Names Material's search plugin may have in `config.plugins`.
MATERIAL_SEARCH = ("material/search", "search")


class SearchLifecycle:
    """Which search the site has, and its index from the first page to the last."""

    def __init__(self) -> None:
        #: "lunr" or "pagefind"; the templates read it (partials/header.html).
        self.engine = "pagefind"
        self.indexer: StreamingIndexer | None = None
        #: The preview's first index, finished by a thread (`finish_in_background`).
        self.background: tuple[threading.Thread, StreamingIndexer] | None = None
        self._stopping = threading.Event()
        #: The preview said once that its index stays as it was at the start.
        self._said_kept = False
        #: What `choose` said last: the preview's rebuilds say it again only when it changes.
        self._said_choice: str | None = None
        self._quiet_repeats = False

    @property
    def pagefind(self) -> bool:
        return self.engine == "pagefind"

    def choose(
        self,
        config: MkDocsConfig,
        option: str,
        quarters_dir: Path,
        threshold: int,
        *,
        preview: bool = False,
    ) -> None:
        """Decide the search engine; with Pagefind, Material's search plugin is removed.
        The choice is logged; by the `preview`, whose rebuilds load mkdocs.yml again, only
        when it changed.

        lunr is Material's plugin: the site must list it (with its languages and pipeline,
        which are the site's choice), else the build stops with what to add.
        """
        self._quiet_repeats = preview
        quarters = count_quarters(quarters_dir) if option == "auto" else 0
        self.engine = effective_engine(option, quarters, threshold)
        plugins = config.plugins
        if not self.pagefind:
            if not any(key in plugins for key in MATERIAL_SEARCH):
                raise PluginError(tagged(_lunr_missing(option, quarters, threshold)))
            self._say_choice(
                "Suche mit lunr (Materials Suche): jede Seite lädt bei jedem Aufruf den "
                "ganzen Suchindex (search/search_index.json) und den Such-Worker. Mit "
                "Pagefind (search: pagefind, der Standard) lädt die Suche erst bei der "
                "ersten Eingabe."
            )
            return
        removed = [plugins.pop(key) for key in MATERIAL_SEARCH if key in plugins]
        # Its hooks are registered per event; new lists, as MkDocs iterates the current one.
        for event, methods in plugins.events.items():
            plugins.events[event] = [
                m for m in methods if getattr(m, "__self__", None) not in removed
            ]
        if removed:
            self._say_choice(
                "Suche mit Pagefind (die in mkdocs.yml eingetragene Material-Suche ist abgeschaltet)."
            )
        else:
            self._say_choice("Suche mit Pagefind.")

    def _say_choice(self, message: str) -> None:
        if message != self._said_choice or not self._quiet_repeats:
            self._said_choice = message
            log.info(message)

    @staticmethod
    def forget_previous_index(config: MkDocsConfig) -> None:
        """Material's search would merge earlier builds' index (preview: all pages are built)."""
        for key in MATERIAL_SEARCH:
            if key in config.plugins:
                config.plugins[key].search_index_prev = None  # type: ignore[attr-defined]

    def page_written(self, output: str, page: Page, *, keep: bool) -> None:
        if not self.pagefind or keep or not searchable(page.file.src_uri, page.meta):
            return
        if self.indexer is None:
            self.indexer = StreamingIndexer()
        try:
            self.indexer.add(output, "/" + page.url)
        except PagefindError as exc:
            self.stop()
            raise PluginError(tagged(f"Suchindex: {exc}")) from exc

    def start_writing(self, site_dir: Path, *, keep: bool) -> None:
        """Pagefind writes its index from now on, while the caller finishes other work."""
        if not self.pagefind or keep:
            return
        if self.indexer is None:  # no searchable page: an empty index all the same
            self.indexer = StreamingIndexer()
        try:
            self.indexer.start_writing(site_dir)
        except PagefindError as exc:
            self.stop()
            raise _write_error(exc) from exc

    def finish(self, site_dir: Path, *, keep: bool) -> bool:
        """Wait for the Pagefind index, or patch Material's worker; True if an index was written."""
        if not self.pagefind:
            try:
                patch_search_worker(site_dir)
            except SearchPatchError as exc:
                raise PluginError(str(exc)) from exc
            return False
        if keep:
            if not self._said_kept:  # once: editors need not read it after every save
                self._said_kept = True
                log.info(
                    "Vorschau: der Suchindex (Pagefind) bleibt auf dem Stand vom Start; "
                    "geänderte Seiten findet die Suche erst nach einem Neustart der Vorschau."
                )
            return False
        indexer, self.indexer = self.indexer, None
        assert indexer is not None
        try:
            written = indexer.finish_writing()
        except PagefindError as exc:
            raise _write_error(exc) from exc
        log.info(_written_line(written))
        return True

    def finish_in_background(self, site_dir: Path) -> None:
        """`finish` in a thread: the preview's server starts while Pagefind writes the index.

        The build no longer holds the indexer (a later failed build cannot stop it); a
        failure is logged, and the preview then searches nothing until it is started again.
        `stop_background` ends it when the preview stops.
        """
        indexer, self.indexer = self.indexer, None
        assert indexer is not None

        def finish() -> None:
            try:
                written = indexer.finish_writing()
            except PagefindError as exc:
                if not self._stopping.is_set():  # not the preview stopping (Ctrl-C)
                    log.error(
                        f"{_write_error(exc)} Die Suche der Vorschau findet nichts, bis die "
                        "Vorschau neu gestartet wird."
                    )
                return
            log.info(_written_line(written, ", im Hintergrund"))

        thread = threading.Thread(target=finish, name="quartiersdoku-suchindex", daemon=True)
        self.background = (thread, indexer)
        thread.start()

    def stop_background(self, *, timeout: float = 10.0) -> None:
        """The process ends: wait for the background index briefly, then stop Pagefind
        (its thread cleans up), so nothing writes into a site folder being deleted."""
        background, self.background = self.background, None
        if background is None:
            return
        thread, indexer = background
        self._stopping.set()
        thread.join(timeout)  # Ctrl-C in a terminal has reached Pagefind too: it ends at once
        if thread.is_alive():
            indexer.interrupt()
            thread.join()

    def stop(self) -> None:
        """Stop Pagefind without writing anything (a failed build)."""
        indexer, self.indexer = self.indexer, None
        if indexer is not None:
            indexer.close()


def _lunr_missing(option: str, quarters: int, threshold: int) -> str:
    why = (
        f"„search: auto“ wählt bei {quarters} Quartieren (weniger als pagefind_from = "
        f"{threshold}) Materials Suche (lunr)"
        if option == "auto"
        else "„search: lunr“ ist Materials Suche"
    )
    return (
        f"{why}, aber mkdocs.yml führt sie nicht unter „plugins:“. Bitte vor "
        f"„- quartiersdoku:“ eintragen:\n{MATERIAL_SEARCH_PLUGIN}\n"
        "oder beim Plugin quartiersdoku „search: pagefind“ einstellen (der Standard; "
        "README.md, Abschnitt „Weiter“, Punkt „Suche“)."
    )


def _written_line(written: Written, how: str = "") -> str:
    return (
        f"Suchindex (Pagefind) über {written.pages} Seiten geschrieben "
        f"({written.seconds:.1f} s, davon {written.waited:.1f} s nach der letzten Seite{how})."
    )


def _write_error(exc: PagefindError) -> PluginError:
    return PluginError(tagged(f"Der Suchindex (Pagefind) ließ sich nicht schreiben: {exc}"))
