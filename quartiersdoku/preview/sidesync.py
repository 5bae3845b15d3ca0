"""Map documents and open data in the preview (`mkdocs serve --dirty`).

Map documents are written at the end of each build, only those whose map
changed; the open data (`/daten/`) is written in full at the first build and
afterwards in a background thread, only files whose content changed, each by an
atomic rename (no half-written file is ever served). The next build stops that
thread before it touches the data.
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.files import remove_file, write_atomic
from ..core.logs import log
from ..core.site import QuarterData, Site
from ..exports.tiles import TileProvider
from ..pages.maps import MapSpec, contacts_map, overview_map, quarter_map
from .caches import content_digest


@dataclass(frozen=True)
class Written:
    """What the first build wrote (in a forked child): what later builds compare with."""

    map_env: Any
    maps: dict[str, MapSpec]
    quarter_specs: dict[str, tuple[Any, MapSpec | None]]
    digests: dict[str, bytes]


#: How long the preview waits after a build before it brings the open data up to date.
DATA_DELAY_S = 2.0


def import_maps_in_background() -> None:
    """After the preview's first build, whose map documents a forked child wrote: folium
    (~0.5 s with branca and numpy) is imported while the editor looks at the site, not
    when the first saved edit writes a map."""
    threading.Thread(
        target=importlib.import_module,
        args=("..exports.mapdoc", __package__),
        name="quartiersdoku-karten",
        daemon=True,
    ).start()


class SideSync:
    """Map documents and open data in the preview: written only when they changed."""

    def __init__(self) -> None:
        self.maps: dict[str, MapSpec] = {}
        self.quarter_specs: dict[str, tuple[Any, MapSpec | None]] = {}
        self.map_env: Any = None
        self.digests: dict[str, bytes] = {}
        self.thread: threading.Thread | None = None
        self.cancel = threading.Event()
        self.complete = False  # the last data run wrote every file
        #: Seconds a background data run waits before it starts: an editor who saves again
        #: soon gets a build that need not share the interpreter with the writer.
        self.delay = DATA_DELAY_S
        self.ever_complete = False  # once every file was written, later runs go in the background

    def stop(self) -> None:
        """Stop a running data writer and wait for it: the next build changes the data."""
        thread, self.thread = self.thread, None
        if thread is not None and thread.is_alive():
            self.cancel.set()
            thread.join()
        self.cancel = threading.Event()

    def _all_maps(self, site: Site, deps: Callable[[QuarterData], Any]) -> Iterator[MapSpec]:
        """`maps.all_maps`, with each quarter's map made again only when its files changed."""
        for spec in (overview_map(site), contacts_map(site)):
            if spec is not None:
                yield spec
        specs: dict[str, tuple[Any, MapSpec | None]] = {}
        for data in site.quarters:
            key = deps(data)
            hit = self.quarter_specs.get(data.slug)
            spec = hit[1] if hit is not None and hit[0] == key else quarter_map(site, data)
            specs[data.slug] = (key, spec)
            if spec is not None:
                yield spec
        self.quarter_specs = specs

    def write_maps(
        self,
        site_dir: Path,
        site: Site,
        tiles: TileProvider,
        privacy_page: str | None,
        deps: Callable[[QuarterData], Any],
    ) -> tuple[int, int]:
        """Map documents whose map changed; those of maps that are gone are deleted."""
        env = (str(site_dir), tiles, privacy_page)
        if env != self.map_env:
            self.maps.clear()
            self.quarter_specs.clear()
            self.map_env = env
        written = 0
        specs = {spec.path: spec for spec in self._all_maps(site, deps)}
        documents = None
        for path, spec in specs.items():
            if self.maps.get(path) != spec:
                if documents is None:  # folium: imported only when a map is written
                    from ..exports.mapdoc import MapDocuments

                    documents = MapDocuments(tiles, privacy_page=privacy_page)
                write_atomic(site_dir / path, documents.document(spec))
                written += 1
        for path in set(self.maps) - set(specs):
            remove_file(site_dir, path)
        self.maps = specs
        return written, len(specs)

    def write_all(
        self,
        write_maps: Callable[[], object],
        site_dir: Path,
        produce: Callable[[], Iterable[tuple[str, str | bytes]]],
    ) -> Written:
        """Every map document (`write_maps`: this object's `write_maps` with its arguments)
        and every open-data file, as the first build needs them.

        Run in a forked child beside the first build's pages (`engine/strategy.py`), so the
        preview's first page is served sooner; the parent takes the result with `adopt`.
        """
        write_maps()
        self._write_data(site_dir, produce, threading.Event())
        return Written(self.map_env, self.maps, self.quarter_specs, self.digests)

    def adopt(self, written: Written) -> None:
        """Take over what `write_all` wrote (maybe in another process)."""
        self.map_env = written.map_env
        self.maps = written.maps
        self.quarter_specs = written.quarter_specs
        self.digests = written.digests
        self.complete = self.ever_complete = True

    def write_data(
        self,
        site_dir: Path,
        produce: Callable[[], Iterable[tuple[str, str | bytes]]],
    ) -> None:
        """The open data, every file whose content changed: at first in full, later in a thread."""
        self.stop()
        if not self.ever_complete:
            _, total, seconds = self._write_data(site_dir, produce, self.cancel)
            log.info(f"{total} Dateien offene Daten geschrieben ({seconds:.1f} s).")
            return
        cancel = self.cancel
        thread = threading.Thread(
            target=self._run_data,
            args=(site_dir, produce, cancel),
            name="quartiersdoku-daten",
            daemon=True,
        )
        self.thread = thread
        # The thread says when they are current („offene Daten aktuell …“).
        log.debug("Vorschau: die offenen Daten (/daten/) werden im Hintergrund aktualisiert.")
        thread.start()

    def _run_data(
        self,
        site_dir: Path,
        produce: Callable[[], Iterable[tuple[str, str | bytes]]],
        cancel: threading.Event,
    ) -> None:
        if cancel.wait(self.delay):  # the next build came first: it starts a new run
            return
        try:
            changed, total, seconds = self._write_data(site_dir, produce, cancel)
        except Exception as exc:  # a build running meanwhile may change the data under us
            if not cancel.is_set():
                log.error(f"Vorschau: offene Daten nicht aktualisiert: {exc}")
            return
        if cancel.is_set():
            return
        log.info(
            f"Vorschau: offene Daten aktuell ({changed} von {total} Dateien "
            f"geändert, {seconds:.1f} s)."
        )

    def _write_data(
        self,
        site_dir: Path,
        produce: Callable[[], Iterable[tuple[str, str | bytes]]],
        cancel: threading.Event,
    ) -> tuple[int, int, float]:
        started = time.perf_counter()
        self.complete = False
        seen: set[str] = set()
        changed = 0
        for path, content in produce():
            if cancel.is_set():
                return changed, len(seen), time.perf_counter() - started
            data = content.encode("utf-8") if isinstance(content, str) else content
            seen.add(path)
            digest = content_digest(data)
            if self.digests.get(path) != digest:
                write_atomic(site_dir / path, data)
                self.digests[path] = digest
                changed += 1
        for path in set(self.digests) - seen:
            if cancel.is_set():
                break
            remove_file(site_dir, path)
            del self.digests[path]
        else:
            self.complete = self.ever_complete = True
        return changed, len(seen), time.perf_counter() - started
