"""The preview rebuilds only what changed (`mkdocs serve --dirty`, as `scripts/serve` runs it).

MkDocs keeps the plugin instance across the rebuilds of `mkdocs serve` (the
plugin defines `on_startup`), so state can live here from one build to the next:

* **Files** (`FileCache`): the load and validation result of each quarter and
  city file, keyed by (path, mtime_ns, size). Only a changed file is read and
  validated again; the checks across files still run over the whole site and
  report every problem. A file's raw data and positions are kept (no
  `release_sources`), so a problem found across files still names its line.
* **Pages** (`PageMemo`, `MemoDirectories`): a quarter page is rendered again
  only when one of the files it shows changed (its own file, its boundary, its
  city file and the quarters its city's decisions or its successor contacts
  name); a directory page only when its rows or its facet counts changed.
* **Unchanged pages stay on disk**: `--dirty` makes MkDocs skip a page whose
  `File.is_modified()` is false, but a generated page (content in memory) always
  says modified. `mark_pages` gives each generated page whose Markdown, stashed
  HTML and JSON-LD are identical to the last build the class `UnchangedFile`,
  which says "not modified". Everything else is built as usual. All pages are
  built when the navigation, `mkdocs.yml`, the theme's `custom_dir` or the
  templates changed, on the first build, and with Material's lunr search (its
  index is written from the pages that pass through a build; small sites build
  fast anyway). Pages that are gone are deleted from the site folder.
* **Side files** (`SideSync`): map documents are written at the end of each
  build, only those whose map changed; the open data (`/daten/`) is written in
  full at the first build and afterwards in a background thread, only files
  whose content changed, each by an atomic rename (no half-written file is ever
  served). The next build stops that thread before it touches the data.

`mkdocs build`, `quartiersdoku build` and `mkdocs serve` without `--dirty` never
create an `Incremental`: they build everything, as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from pydantic import BaseModel

from ..core.hints import placeholder_hints
from ..core.load import LoadedFile
from ..core.problems import Problem
from ..core.settings import Settings
from ..core.site import CityData, QuarterData, Site
from ..core.tracking import TrackedDecision
from ..core.validate import Result, load_site, validate_file, without_id
from ..exports.mapdoc import map_document
from ..exports.tiles import TileProvider
from ..pages.directories import Directories, Directory, FacetSpec, Part
from ..pages.maps import MapSpec, contacts_map, overview_map, quarter_map
from ..pages.render import Renderer

log = logging.getLogger("mkdocs.plugins.quartiersdoku")

#: (path, mtime_ns, size) of a file; None for a file that is not there.
FileKey = tuple[str, int, int]

#: MkDocs' warning for `--dirty`; the plugin handles what it warns about (see module doc).
_DIRTY_WARNING = "A 'dirty' build is being performed"


def file_key(path: Path) -> FileKey | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path), stat.st_mtime_ns, stat.st_size)


def tree_key(root: Path | None) -> tuple[FileKey | None, ...]:
    """The keys of every file below `root` (templates, theme overrides); () if there is none."""
    if root is None or not root.is_dir():
        return ()
    return tuple(file_key(p) for p in sorted(root.rglob("*")) if p.is_file())


class DirtyWarningFilter(logging.Filter):
    """Drops MkDocs' 'dirty build' warning, which under `strict` would abort every rebuild."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_DIRTY_WARNING)


def silence_dirty_warning() -> None:
    build_log = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, DirtyWarningFilter) for f in build_log.filters):
        build_log.addFilter(DirtyWarningFilter())


# ------------------------------------------------------------------------------ files


@dataclass
class _Checked:
    key: FileKey
    model_type: type[Any]
    model: Any
    loaded: LoadedFile
    problems: list[Problem]
    #: Entries whose id `_assign_ids` derives: reset to None before each check across files.
    no_id: list[Any]
    #: The file's placeholder hints (they depend on the file alone).
    hints: list[Problem] | None = None


class FileCache:
    """Load and validation results per file, kept while the file's key stays the same."""

    def __init__(self) -> None:
        self.entries: dict[Path, _Checked] = {}
        self.settings_key: Any = None
        #: Files read and validated again by the last `load_site` (tests, log).
        self.reloaded: list[Path] = []
        self._seen: set[Path] = set()

    def check(
        self, path: Path, model: type[Any], settings: Settings
    ) -> tuple[Any, LoadedFile, list[Problem]]:
        """`validate.validate_file`, from the cache when the file did not change."""
        self._seen.add(path)
        key = file_key(path)  # before reading: a change while reading gives a new key next time
        hit = self.entries.get(path)
        if hit is not None and key is not None and hit.key == key and hit.model_type is model:
            for entry in hit.no_id:
                entry.id = None
            return hit.model, hit.loaded, list(hit.problems)
        checked, loaded, problems = validate_file(path, model, settings)
        self.reloaded.append(path)
        if key is None:
            self.entries.pop(path, None)
        else:
            no_id = without_id(checked) if checked is not None else []
            self.entries[path] = _Checked(key, model, checked, loaded, list(problems), no_id)
        return checked, loaded, problems

    def load_site(self, settings: Settings) -> Result:
        """`validate.load_site` with this cache; files that are gone leave it."""
        settings_key = (settings.quarters_dir, settings.region, settings.today)  # as_of checks
        if settings_key != self.settings_key:
            self.entries.clear()
            self.settings_key = settings_key
        self.reloaded, self._seen = [], set()
        result = load_site(settings, check_file=self.check, hints=self.hints)
        for path in set(self.entries) - self._seen:
            del self.entries[path]
        return result

    def hints(self, site: Site) -> list[Problem]:
        """`new.placeholder_hints`, file by file, from the cache for unchanged files."""
        found: list[Problem] = []
        one_file: list[tuple[LoadedFile, Site]] = [
            (q.loaded, Site(quarters=[q], today=site.today)) for q in site.quarters
        ] + [
            (c.loaded, Site(cities={c.key: c}, today=site.today))
            for c in site.cities.values()
            if c.loaded is not None
        ]
        for loaded, alone in one_file:
            hit = self.entries.get(loaded.path)
            if hit is None or hit.loaded is not loaded:
                found += placeholder_hints(alone)
                continue
            if hit.hints is None:
                hit.hints = placeholder_hints(alone)
            found += hit.hints
        return found

    def key_of(self, path: Path | None) -> FileKey | None:
        if path is None:
            return None
        hit = self.entries.get(path)
        return hit.key if hit is not None else None


# ------------------------------------------------------------------------------ pages


class PageMemo:
    """Rendered quarter pages and directory pages, with the inputs they were rendered from."""

    def __init__(self) -> None:
        self.render_key: Any = None
        self.quarters: dict[str, tuple[Any, tuple[str, bytes]]] = {}
        self.directories: dict[tuple[Any, ...], tuple[Any, str]] = {}
        self.stashes: dict[str, tuple[str, tuple[str, bytes]]] = {}
        self.nodes: dict[str, tuple[Any, list[Any]]] = {}
        #: How many pages the last build rendered (not from the memo): quarters, directories.
        self.rendered = [0, 0]

    def start(self, render_key: Any) -> None:
        """A new build; `render_key` holds what every page depends on (date, templates …)."""
        if render_key != self.render_key:
            self.clear()
            self.render_key = render_key
        self.rendered = [0, 0]

    def clear(self) -> None:
        """Forget every rendered page."""
        self.quarters.clear()
        self.directories.clear()
        self.stashes.clear()
        self.nodes.clear()

    def quarter_page(
        self,
        data: QuarterData,
        deps: Any,
        render: Callable[[QuarterData], tuple[str, bytes]],
    ) -> tuple[str, bytes]:
        hit = self.quarters.get(data.src_uri)
        if hit is not None and hit[0] == deps:
            return hit[1]
        made = render(data)
        self.rendered[0] += 1
        self.quarters[data.src_uri] = (deps, made)
        return made

    def stash(
        self, src_uri: str, markdown: str, make: Callable[[str], tuple[str, bytes]]
    ) -> tuple[str, bytes]:
        """The stashed form of a generated page (`plugin._stash`), again only if it changed."""
        hit = self.stashes.get(src_uri)
        if hit is not None and hit[0] == markdown:
            return hit[1]
        made = make(markdown)
        self.stashes[src_uri] = (markdown, made)
        return made

    def jsonld(self, src_uri: str, deps: Any, make: Callable[[], list[Any]]) -> list[Any]:
        """A quarter page's JSON-LD nodes, made again only when its inputs changed."""
        hit = self.nodes.get(src_uri)
        if hit is not None and hit[0] == deps:
            return hit[1]
        made = make()
        self.nodes[src_uri] = (deps, made)
        return made

    def forget_quarters(self, present: Iterable[str]) -> None:
        keep = set(present)
        for memo in (self.quarters, self.nodes):
            for uri in [u for u in memo if u not in keep]:
                del memo[uri]


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's compiled templates in memory: each preview build has a new `Renderer`."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def quarter_deps(site: Site, data: QuarterData, files: FileCache) -> tuple[Any, ...]:
    """The versions of every file a quarter page shows (see `Renderer.quarter_page`)."""
    quarter = data.quarter
    boundary = file_key(data.loaded.path.parent / quarter.boundary) if quarter.boundary else None
    city = site.city_of(data)
    city_file = files.key_of(city.loaded.path) if city is not None and city.loaded else None
    others: set[str] = set()
    if city is not None and city.city is not None:
        # City-wide decisions naming this quarter: their reports may stand in the others' files.
        for decision in city.city.decisions:
            if data.slug in decision.quarters:
                others.update(decision.quarters)
    own_contacts = {c.id for c in quarter.contacts}
    if any(
        p.successor is not None
        and p.successor.contact is not None
        and p.successor.contact not in own_contacts
        for p in quarter.programmes
    ):  # a successor contact in another quarter of the city: its name and address
        others.update(q.slug for q in site.quarters if q.city_key == data.city_key)
    by_slug = _by_slug(site)
    versions = tuple(
        (slug, files.key_of(by_slug[slug].loaded.path) if slug in by_slug else None)
        for slug in sorted(others - {data.slug})
    )
    return (files.key_of(data.loaded.path), boundary, city_file, data.city_key, versions)


def _by_slug(site: Site) -> dict[str, QuarterData]:
    found: dict[str, QuarterData] | None = getattr(site, "_qd_by_slug", None)
    if found is None or len(found) != len(site.quarters):
        found = {q.slug: q for q in site.quarters}
        site._qd_by_slug = found  # type: ignore[attr-defined]
    return found


def _owner_key(value: Any) -> Any:
    if isinstance(value, QuarterData):
        return ("quarter", value.slug, value.city_key, value.quarter.name, value.quarter.city)
    if isinstance(value, CityData):
        return ("city", value.key, value.name)
    return value


def _entry_key(entry: Any) -> Any:
    """What a row shows of its entry, comparable across builds (pydantic compares by value)."""
    if isinstance(entry, TrackedDecision):
        return (
            entry.decision,
            tuple(_owner_key(q) for q in entry.quarters),
            entry.city,
            tuple(
                (c.commitment, c.standing, tuple(c.reports), c.next_due) for c in entry.commitments
            ),
            tuple(entry.reports),
            entry.standing,
        )
    if isinstance(entry, BaseModel):
        return entry
    raise TypeError(f"unknown directory entry {type(entry).__name__}")  # pragma: no cover


class MemoDirectories(Directories):
    """`Directories` that renders a page only when its inputs differ from the last build."""

    def __init__(self, site: Site, renderer: Renderer, page_size: int, memo: PageMemo) -> None:
        super().__init__(site, renderer, page_size)
        self.memo = memo

    def _render(
        self,
        directory: Directory,
        facet: FacetSpec | None,
        value: str | None,
        part: Part,
        place_map: MapSpec | None,
    ) -> str:
        where = (directory.slug, facet.key if facet else None, value, part.number)
        inputs = (
            directory.kind,
            directory.title,
            part.count,
            part.total,
            part.first,
            self.page_size,
            tuple(tuple(self._counts(directory, spec)) for spec in directory.facets),
            self._any_upcoming(directory),
            place_map,
            tuple(self._row_key(row) for row in part.rows),
        )
        hit = self.memo.directories.get(where)
        if hit is not None and hit[0] == inputs:
            return hit[1]
        content = super()._render(directory, facet, value, part, place_map)
        self.memo.rendered[1] += 1
        self.memo.directories[where] = (inputs, content)
        return content

    def _row_key(self, row: Any) -> tuple[Any, ...]:
        entry = row.entry
        successor = getattr(entry, "successor", None)
        contact = None
        if successor is not None and getattr(successor, "contact", None) is not None:
            data = _by_slug(self.site).get(row.quarter)
            if data is not None:  # the successor contact's name and page (another quarter?)
                name, owner = self.renderer.contact_target(data, successor.contact)
                contact = (successor.contact, name, owner.slug)
        return (
            _entry_key(entry),
            row.owner,
            row.href,
            row.quarter,
            tuple(row.facets.items()),
            tuple((k, _owner_key(v)) for k, v in row.extra.items()),
            contact,
        )


class UnchangedFile(File):
    """A generated page identical to the last build: `mkdocs serve --dirty` skips it."""

    def is_modified(self) -> bool:
        return False


class FreshFile(File):
    """A hand-written page in the preview: always built (the start page shows the quarters)."""

    def is_modified(self) -> bool:
        return True


def _digest(*parts: str | bytes | None) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = b"" if part is None else part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


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


# ------------------------------------------------------------------------------ side files


#: How long the preview waits after a build before it brings the open data up to date.
DATA_DELAY_S = 2.0


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
        for path, spec in specs.items():
            if self.maps.get(path) != spec:
                _write_atomic(site_dir / path, map_document(spec, tiles, privacy_page=privacy_page))
                written += 1
        for path in set(self.maps) - set(specs):
            _remove(site_dir, path)
        self.maps = specs
        return written, len(specs)

    def write_data(
        self,
        site_dir: Path,
        produce: Callable[[], Iterable[tuple[str, str | bytes]]],
    ) -> None:
        """The open data, every file whose content changed: at first in full, later in a thread."""
        self.stop()
        if not self.ever_complete:
            _, total, seconds = self._write_data(site_dir, produce, self.cancel)
            log.info(f"quartiersdoku: {total} Dateien offene Daten geschrieben ({seconds:.1f} s).")
            return
        cancel = self.cancel
        thread = threading.Thread(
            target=self._run_data,
            args=(site_dir, produce, cancel),
            name="quartiersdoku-daten",
            daemon=True,
        )
        self.thread = thread
        log.info(
            "quartiersdoku: Vorschau: die offenen Daten (/daten/) werden im Hintergrund aktualisiert."
        )
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
                log.error(f"quartiersdoku: Vorschau: offene Daten nicht aktualisiert: {exc}")
            return
        if cancel.is_set():
            return
        log.info(
            f"quartiersdoku: Vorschau: offene Daten aktuell ({changed} von {total} Dateien "
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
            digest = _digest(data)
            if self.digests.get(path) != digest:
                _write_atomic(site_dir / path, data)
                self.digests[path] = digest
                changed += 1
        for path in set(self.digests) - seen:
            if cancel.is_set():
                break
            _remove(site_dir, path)
            del self.digests[path]
        else:
            self.complete = self.ever_complete = True
        return changed, len(seen), time.perf_counter() - started


def _write_atomic(target: Path, content: str | bytes) -> None:
    """Write by renaming a finished temporary file: a reader sees the old or the new file."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{threading.get_ident()}.neu")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def _remove(site_dir: Path, relative: str) -> None:
    """Delete a file of the site folder, and folders it leaves empty."""
    target = site_dir / relative
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    folder = target.parent
    root = site_dir.resolve()
    while folder.resolve() != root and root in folder.resolve().parents:
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent


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
            digest = _digest(
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
                    _remove(site_dir, str(Path(gone).relative_to(site_dir)))
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
            log.info(f"quartiersdoku: Vorschau: alle Seiten werden neu gebaut ({why}).")
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
            _write_atomic(path, decorate(undecorate(html)))
            count += 1
        return count

    def summary(self, total_pages: int) -> str:
        built = total_pages - len(self.unchanged)
        quarters, directories = self.memo.rendered
        reloaded = len(self.files.reloaded)
        return (
            f"quartiersdoku: Vorschau: {reloaded} Datei{'en' if reloaded != 1 else ''} neu "
            f"geladen, {quarters} Quartiersseiten und {directories} Verzeichnisseiten neu "
            f"erzeugt, {built} von {total_pages} Seiten gebaut "
            f"({time.perf_counter() - self.started:.1f} s)."
        )


__all__ = [
    "DirtyWarningFilter",
    "FileCache",
    "FreshFile",
    "Incremental",
    "MemoDirectories",
    "MemoryBytecodeCache",
    "PageMemo",
    "SideSync",
    "UnchangedFile",
    "file_key",
    "quarter_deps",
    "silence_dirty_warning",
    "tree_key",
]
