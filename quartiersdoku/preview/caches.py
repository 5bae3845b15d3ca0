"""What the preview (`mkdocs serve --dirty`) keeps from one build to the next.

None of it needs MkDocs; `engine/incremental.py` marks MkDocs' pages with it.

* **Files** (`FileCache`): the load and validation result of each quarter and
  city file, keyed by (path, mtime_ns, size). Only a changed file is read and
  validated again; the checks across files still run over the whole site and
  report every problem. A file's raw data and positions are kept (no
  `release_sources`), so a problem found across files still names its line.
* **Pages** (`PageMemo`, `MemoDirectories`): a quarter page is rendered again
  only when one of the files it shows changed (its own file, its boundary, its
  city file and the quarters its city's decisions or its successor contacts
  name, `quarter_deps`); a directory page only when its rows or its facet
  counts changed. The stashed form and the JSON-LD of a page are kept as well.
* **Templates** (`MemoryBytecodeCache`): Jinja's compiled templates, so that a
  new `Renderer` per build does not compile them again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from pydantic import BaseModel

from ..core.hints import placeholder_hints
from ..core.load import LoadedFile
from ..core.problems import Problem
from ..core.settings import Settings
from ..core.site import CityData, QuarterData, Site
from ..core.tracking import TrackedDecision
from ..core.validate import Result, load_site, validate_file, without_id
from ..pages.directories import Directories, Directory, FacetSpec, Part
from ..pages.maps import MapSpec
from ..pages.render import Renderer

#: (path, mtime_ns, size) of a file; None for a file that is not there.
FileKey = tuple[str, int, int]


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

    def is_current(self, src_uri: str, deps: Any) -> bool:
        """Whether the memo has the quarter page for these dependencies."""
        hit = self.quarters.get(src_uri)
        return hit is not None and hit[0] == deps

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
        """The stashed form of a generated page (`Stash.put` in engine/stash.py), again only if it changed."""
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
        # Only some entries have the field: asking the others through getattr goes through
        # pydantic's __getattr__ and an AttributeError (21,000 per rebuild at 1,000 quarters).
        successor = getattr(entry, "successor", None) if _has_successor(type(entry)) else None
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


def _has_successor(kind: type[Any]) -> bool:
    fields: dict[str, Any] = getattr(kind, "__pydantic_fields__", {})  # pydantic's own table
    return "successor" in fields


def content_digest(*parts: str | bytes | None) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = b"" if part is None else part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


__all__ = [
    "FileCache",
    "FileKey",
    "MemoDirectories",
    "MemoryBytecodeCache",
    "PageMemo",
    "content_digest",
    "file_key",
    "quarter_deps",
    "tree_key",
]
