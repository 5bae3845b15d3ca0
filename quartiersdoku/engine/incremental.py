"""The preview rebuilds only what changed (`mkdocs serve --dirty`, as `scripts/serve` runs it):
the MkDocs side. The caches it uses need no MkDocs and live in `preview/`.

MkDocs keeps the plugin instance across the rebuilds of `mkdocs serve` (the
plugin defines `on_startup`), so `Incremental` keeps state from one build to the
next: the file cache and page memo (`preview/caches.py`), the side files
(`preview/sidesync.py`) and what this module adds:

* **Unchanged pages stay on disk**: `--dirty` makes MkDocs skip a page whose
  `File.is_modified()` is false, but a generated page (content in memory) always
  says modified. `mark_pages` gives each generated page whose Markdown, stashed
  HTML and JSON-LD are identical to the last build the class `UnchangedFile`,
  which says "not modified". Everything else is built as usual. All pages are
  built when the navigation, `mkdocs.yml`, the theme's `custom_dir` or the
  templates changed, on the first build, and with Material's lunr search (its
  index is written from the pages that pass through a build; small sites build
  fast anyway). Pages that are gone are deleted from the site folder.

`mkdocs build`, `quartiersdoku build` and `mkdocs serve` without `--dirty` never
create an `Incremental`: they build everything (`strategy.FullBuild`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..core.files import remove_file, write_atomic
from ..core.logs import log
from ..preview.caches import FileCache, MemoryBytecodeCache, PageMemo, content_digest
from ..preview.sidesync import SideSync

#: MkDocs' warning for `--dirty`; the plugin handles what it warns about (see module doc).
_DIRTY_WARNING = "A 'dirty' build is being performed"


class DirtyWarningFilter(logging.Filter):
    """Drops MkDocs' 'dirty build' warning, which under `strict` would abort every rebuild."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_DIRTY_WARNING)


def silence_dirty_warning() -> None:
    build_log = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, DirtyWarningFilter) for f in build_log.filters):
        build_log.addFilter(DirtyWarningFilter())


class UnchangedFile(File):
    """A generated page identical to the last build: `mkdocs serve --dirty` skips it."""

    def is_modified(self) -> bool:
        return False


class FreshFile(File):
    """A hand-written page in the preview: always built (the start page shows the quarters)."""

    def is_modified(self) -> bool:
        return True


def _nav_key(nav: Navigation) -> tuple[Any, ...]:
    def walk(items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            if isinstance(item, Section):
                yield ("section", item.title, tuple(walk(item.children)))
            elif isinstance(item, Page):
                yield ("page", item.title, item.file.src_uri)
            else:
                yield ("link", getattr(item, "title", None), getattr(item, "url", None))

    return tuple(walk(nav.items))


# ------------------------------------------------------------------------------ the state


@dataclass
class Incremental:
    """Everything the preview keeps from one build to the next."""

    files: FileCache = field(default_factory=FileCache)
    memo: PageMemo = field(default_factory=PageMemo)
    side: SideSync = field(default_factory=SideSync)
    bytecode: MemoryBytecodeCache = field(default_factory=MemoryBytecodeCache)
    theme_bytecode: MemoryBytecodeCache = field(default_factory=MemoryBytecodeCache)
    builds: int = 0
    #: The Pagefind index of the first build stays (rebuilds pass changed pages only).
    index_written: bool = False
    #: Digest of each generated page of the last build, by src_uri.
    pages: dict[str, bytes] = field(default_factory=dict)
    #: Destination of every file of the last build (deleted when a page is gone).
    dests: set[str] = field(default_factory=set)
    titles: dict[str, str] = field(default_factory=dict)
    privacy_page: str | None = None
    env_key: Any = None
    nav_key: Any = None
    notice: str = ""
    #: Generated pages marked unchanged in this build.
    unchanged: list[File] = field(default_factory=list)
    built_all: bool = True
    started: float = 0.0
    #: A build failed and the pages came from the last good data while the file cache
    #: already knew the new files: the memo's keys no longer say what a page shows.
    stale: bool = False

    def start_build(self, env_key: Any) -> None:
        """Before anything is loaded: stop a data writer, note what all pages depend on."""
        self.started = time.perf_counter()
        self.side.stop()
        self.builds += 1
        self.built_all = env_key != self.env_key or self.builds == 1
        self.env_key = env_key
        self.unchanged = []
        if self.stale:
            self.forget_rendered()

    def failed(self) -> None:
        """This build shows the last good data: render it without the memo's pages, and
        render everything again in the next build (an edit saved meanwhile must show)."""
        self.forget_rendered()
        self.stale = True

    def forget_rendered(self) -> None:
        self.memo.clear()
        self.side.maps.clear()
        self.side.quarter_specs.clear()
        self.stale = False

    def mark_pages(
        self,
        files: Files,
        stashed: dict[str, bytes],
        jsonld: dict[str, str],
        *,
        build_all: bool,
    ) -> None:
        """Mark generated pages identical to the last build unchanged; delete pages gone."""
        build_all = build_all or self.built_all
        digests: dict[str, bytes] = {}
        dests: set[str] = set()
        for file in files:
            dests.add(file.abs_dest_path)
            if not file.is_documentation_page():
                continue
            if file.generated_by is None:
                file.__class__ = FreshFile
                continue
            digest = content_digest(
                file.content_string, stashed.get(file.src_uri), jsonld.get(file.src_uri)
            )
            digests[file.src_uri] = digest
            if (
                not build_all
                and self.pages.get(file.src_uri) == digest
                and os.path.isfile(file.abs_dest_path)
            ):
                file.__class__ = UnchangedFile
                self.unchanged.append(file)
        first = next(iter(files), None)
        site_dir = Path(first.dest_dir) if first is not None else None
        if site_dir is not None:
            for gone in sorted(self.dests - dests):
                with contextlib.suppress(ValueError):
                    remove_file(site_dir, str(Path(gone).relative_to(site_dir)))
        self.pages, self.dests = digests, dests

    def check_nav(self, nav: Navigation) -> None:
        """All pages are built when the navigation changed; unchanged pages keep their titles."""
        for page in nav.pages:
            if isinstance(page.file, UnchangedFile) and "title" not in page.__dict__:
                title = self.titles.get(page.file.src_uri)
                if title is not None:
                    page.title = title
        key = _nav_key(nav)
        if key != self.nav_key and self.nav_key is not None:
            self.build_all_pages("die Navigation hat sich geändert")
        self.nav_key = key

    def build_all_pages(self, why: str) -> None:
        if self.unchanged:
            log.info(f"Vorschau: alle Seiten werden neu gebaut ({why}).")
        for file in self.unchanged:
            file.__class__ = File
        self.unchanged = []
        self.built_all = True

    def remember_title(self, page: Page) -> None:
        if page.title is not None:
            self.titles[page.file.src_uri] = page.title

    def refresh_notices(
        self, decorate: Callable[[str], str], undecorate: Callable[[str], str], notice: str
    ) -> int:
        """The preview's error notice changed: put the new one on the pages that were not built."""
        if notice == self.notice:
            return 0
        self.notice = notice
        count = 0
        for file in self.unchanged:
            path = Path(file.abs_dest_path)
            try:
                html = path.read_text(encoding="utf-8")
            except OSError:
                continue
            write_atomic(path, decorate(undecorate(html)))
            count += 1
        return count

    def summary(self, total_pages: int) -> str:
        built = total_pages - len(self.unchanged)
        quarters, directories = self.memo.rendered
        reloaded = len(self.files.reloaded)
        return (
            f"Vorschau: {reloaded} Datei{'en' if reloaded != 1 else ''} neu "
            f"geladen, {quarters} Quartiersseiten und {directories} Verzeichnisseiten neu "
            f"erzeugt, {built} von {total_pages} Seiten gebaut "
            f"({time.perf_counter() - self.started:.1f} s)."
        )


__all__ = [
    "DirtyWarningFilter",
    "FreshFile",
    "Incremental",
    "UnchangedFile",
    "silence_dirty_warning",
]
