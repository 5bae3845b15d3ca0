"""Pagefind: the site's search (plugin option `search`, default `pagefind`).

Material's built-in search (lunr) fetches its worker and whole index,
``search/search_index.json``, on *every* page view: 72 KB gzipped on the shipped
site of 14 quarters, 1.4 MB at 1,000 quarters and 14 MB at 10,000
(docs/performance.md); it stays available as `search: lunr` (or `auto` below
`pagefind_from` quarters).
Pagefind (https://pagefind.app; on PyPI as ``pagefind``, its binary in
``pagefind-bin``) splits the index into chunks; a query loads only the chunks
of its words and the fragments of the results shown. It keeps one index per
language, chosen by each page's ``<html lang>`` (German pages ``de``, stemmed
with Snowball; a quarter's translations ``en``, ``tr``, ``ar`` …), and the
search on a page searches the index of that page's language.

How the plugin uses this module:

* :func:`effective_engine` decides in ``on_config`` (for `auto` from the number
  of quarter files, :func:`count_quarters`) whether the site searches with lunr
  or Pagefind. With Pagefind the plugin removes Material's search plugin if the
  site lists it.
* :class:`StreamingIndexer` starts ``pagefind --service`` when the first page
  is rendered and sends it each searchable page's HTML as MkDocs writes it
  (``on_post_page``). Pagefind parses and indexes in its own process, on
  another core, while MkDocs renders the next pages; the plugin never waits
  for an answer until ``on_post_build`` (:meth:`StreamingIndexer.start_writing`,
  then :meth:`StreamingIndexer.finish_writing`). Only each page's article goes
  over (:func:`content_only`). The index is written into a fresh folder beside
  the site's and moved into place only when it is complete, so a failure never
  leaves half an index.

The protocol of ``pagefind --service`` (base64-encoded JSON messages, each
followed by a comma, on stdin and stdout) is the one the ``pagefind`` Python
package speaks (``pagefind.service``). That package's own client is not used:
it reads one answer per 0.1 s (``_wait_for_responses`` sleeps between reads),
which makes 1,000 pages take more than 100 s.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..core.files import swap_folder
from ..core.problems import QuartiersdokuError
from ..core.validate import discover

#: Only the page content, as Material lays it out: no navigation, header or footer.
ROOT_SELECTOR = "article.md-content__inner"
_ROOT_START = '<article class="md-content__inner'
_ROOT_END = "</article>"
#: Parts of a page that are not its content, as `data-pagefind-ignore` would mark them:
#: the map block repeats the page's places, the filter form and the facet links are
#: controls, "Seite 2 von 40" is navigation. Repeated text (issue 15, lever 1): the
#: badges repeat city, district and programme status (in "Auf einen Blick" and
#: "Programme" too), each entry's "Quelle: …" line and the list of sources repeat the
#: same document titles on every page that cites them.
EXCLUDE_SELECTORS = (
    ".qd-map",
    ".qd-filter",
    ".qd-facets",
    ".qd-pages",
    ".headerlink",
    ".qd-badges",
    ".qd-sources",
    ".qd-source-list",
)
OUTPUT_SUBDIR = "pagefind"
#: Pages Pagefind leaves out: the list of every quarter with its summary. Each entry is on
#: the quarter's page and its city's page too; at 10,000 quarters this one page has 270,000
#: words, and a query that lists it among the first results loaded its 165 KB (gzipped).
UNINDEXED = frozenset({"quartiere/index.md"})
#: The language of a page whose `<html>` names none (Material always writes one).
LANGUAGE = "de"
_HTML_LANG = re.compile(r'<html\b[^>]*?\blang="([A-Za-z0-9-]+)"')
#: How long writing the index may take after the last page (10,000 quarters: 1–2 min).
WRITE_TIMEOUT_S = 1800.0


#: How long Pagefind may take to finish the writes it started after its answer.
CLOSE_TIMEOUT_S = 60.0


def files_open_below(pid: int, folder: Path) -> int | None:
    """How many files below `folder` process `pid` holds open; None where the system does not
    say (no `/proc`: then nothing is waited for)."""
    try:
        descriptors = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return None
    prefix = f"{folder}{os.sep}"
    count = 0
    for descriptor in descriptors:
        with contextlib.suppress(OSError):  # closed meanwhile
            count += os.readlink(descriptor).startswith(prefix)
    return count


class PagefindError(QuartiersdokuError, RuntimeError):
    """Pagefind is missing or failed; the message is German and names the cause."""


def check_bundle(folder: Path) -> None:
    """A last check before a new index replaces the old one: its entry file parses and no
    file of the bundle is empty (what Pagefind's unflushed writes left behind before
    `_wait_for_closed_files`; docs/performance.md, "Lever 3: split index, measured")."""
    entry = folder / "pagefind-entry.json"
    try:
        json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PagefindError(f"Der Index ist unvollständig: {entry.name} ist nicht lesbar.") from exc
    empty = sorted(p.name for p in folder.iterdir() if p.is_file() and p.stat().st_size == 0)
    if empty:
        raise PagefindError(f"Der Index ist unvollständig: leere Dateien {', '.join(empty)}.")


def order_languages(folder: Path) -> None:
    """Write the entry file's languages in the order of their names.

    Pagefind writes them in the order of a Rust hash map, which changes from one build
    to the next: the one difference between two builds of the same site. The script
    reads them by name, so the order is free to choose; everything else stays as
    Pagefind wrote it (compact, non-ASCII characters as they are).
    """
    entry = folder / "pagefind-entry.json"
    text = entry.read_text(encoding="utf-8")
    data = json.loads(text)
    languages = data.get("languages")
    if not isinstance(languages, dict) or list(languages) == sorted(languages):
        return
    data["languages"] = dict(sorted(languages.items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")


def count_quarters(quarters_dir: Path) -> int:
    """Quarter files below `quarters_dir` (YAML files not starting with "_"), cheaply."""
    if not quarters_dir.is_dir():
        return 0
    return sum(1 for path in discover(quarters_dir) if not path.name.startswith("_"))


def effective_engine(option: str, quarters: int, threshold: int) -> str:
    """The search ("lunr" or "pagefind") a site of `quarters` quarters gets under `option`."""
    if option == "pagefind":
        return "pagefind"
    if option == "auto" and quarters >= threshold:
        return "pagefind"
    return "lunr"


def searchable(src_uri: str, meta: Mapping[str, Any]) -> bool:
    """Whether a page belongs in the index: not marked `search: exclude` (facet pages and
    directory pages after the first), not in :data:`UNINDEXED`. The 404 page and the map
    documents are no pages."""
    search = meta.get("search")
    excluded = isinstance(search, dict) and search.get("exclude")
    return not excluded and src_uri not in UNINDEXED


def content_only(html: str) -> str:
    """The page reduced to its `article.md-content__inner` (about half of a quarter page's
    HTML): less for Pagefind to parse and for the build to send. The whole page when the
    article cannot be cut out unambiguously (none, or another <article> in the page)."""
    start = html.find(_ROOT_START)
    end = html.rfind(_ROOT_END)
    if start < 0 or end < start or html.count("<article", start, end) != 1:
        return html
    body = html[start : end + len(_ROOT_END)]
    return f'<html lang="{page_language(html)}"><body>{body}</body></html>'


def page_language(html: str) -> str:
    """The `lang` of the page's `<html>` element: Pagefind builds one index per language."""
    match = _HTML_LANG.search(html, 0, 1000)
    return match.group(1) if match else LANGUAGE


def _executable() -> Path:
    try:
        from pagefind.service import get_executable
    except ImportError as exc:
        raise PagefindError(
            "Pagefind ist nicht installiert (Paket pagefind[bin]); bitte `scripts/setup` "
            "ausführen oder in mkdocs.yml `search: lunr` einstellen."
        ) from exc
    found = get_executable()
    if found is None or not found.is_file():
        raise PagefindError(
            "Das Programm von Pagefind wurde nicht gefunden (Paket pagefind-bin); bitte "
            "`scripts/setup` ausführen oder in mkdocs.yml `search: lunr` einstellen."
        )
    return found


@dataclass(frozen=True)
class Written:
    pages: int
    #: Seconds from the first page sent to the index in place.
    seconds: float
    #: Of these: seconds the build waited for Pagefind after the last page.
    waited: float


class StreamingIndexer:
    """One ``pagefind --service`` process fed page by page; see the module docstring."""

    def __init__(self, language: str | None = None) -> None:
        #: Forced on every page if given; by default each page's own `<html lang>` counts.
        self.language = language
        self.pages = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._stdin: IO[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._reader: threading.Thread | None = None
        self._lock = threading.Condition()
        self._answers: dict[int, dict[str, Any]] = {}
        self._errors: list[str] = []
        self._closed = False
        self._sent = 0
        self._index_id: int | None = None
        self._started = 0.0
        self._waiting = 0.0
        self._writing: int | None = None  # number of the WriteFiles message
        self._site_dir: Path | None = None
        self._fresh: Path | None = None  # the new index until it is in place

    # ------------------------------------------------------------------ process

    def _start(self) -> None:
        self._started = time.perf_counter()
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        try:
            self._process = subprocess.Popen(
                [str(_executable()), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
            )
        except OSError as exc:
            raise PagefindError(f"Pagefind ließ sich nicht starten: {exc}") from exc
        assert self._process.stdin is not None
        self._stdin = self._process.stdin
        self._reader = threading.Thread(target=self._read, name="pagefind", daemon=True)
        self._reader.start()
        config: dict[str, Any] = {
            "root_selector": ROOT_SELECTOR,
            "exclude_selectors": list(EXCLUDE_SELECTORS),
        }
        if self.language is not None:
            config["force_language"] = self.language
        try:
            answer = self._wait(self._send({"type": "NewIndex", "config": config}), 60)
        except PagefindError:
            self.close()
            raise
        self._index_id = int(answer["index_id"])

    def _read(self) -> None:
        """Collect the service's answers (a thread: the pipe must never fill up)."""
        assert self._process is not None
        assert self._process.stdout is not None
        stdout = self._process.stdout
        buffer = b""
        while True:
            chunk = os.read(stdout.fileno(), 1 << 16)
            if not chunk:
                break
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for raw in messages:
                self._take(raw)
        with self._lock:
            self._closed = True
            self._lock.notify_all()

    def _take(self, raw: bytes) -> None:
        try:
            message = json.loads(base64.b64decode(raw))
        except ValueError:
            text = raw[:200].decode("utf-8", "replace")
            with self._lock:
                self._errors.append(f"unlesbare Antwort: {text}")
            return
        payload = message.get("payload") or {}
        number = message.get("message_id")
        with self._lock:
            if payload.get("type") == "Error":
                self._errors.append(str(payload.get("message", payload)))
            if number is not None:
                self._answers[int(number)] = payload
            self._lock.notify_all()

    def _send(self, payload: dict[str, Any]) -> int:
        assert self._stdin is not None
        self._sent += 1
        line = json.dumps({"message_id": self._sent, "payload": payload}).encode("utf-8")
        try:
            self._stdin.write(base64.b64encode(line) + b",")
        except (BrokenPipeError, ValueError) as exc:
            raise PagefindError(f"Pagefind ist vorzeitig beendet worden.{self._log()}") from exc
        return self._sent

    def _wait(self, number: int, timeout: float) -> dict[str, Any]:
        assert self._stdin is not None
        try:
            self._stdin.flush()
        except (BrokenPipeError, ValueError) as exc:
            raise PagefindError(f"Pagefind ist vorzeitig beendet worden.{self._log()}") from exc
        deadline = time.monotonic() + timeout
        with self._lock:
            while number not in self._answers:
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    why = "vorzeitig beendet worden" if self._closed else "nicht fertig geworden"
                    raise PagefindError(f"Pagefind ist {why}.{self._log()}")
                self._lock.wait(min(left, 1.0))
            answer = self._answers.pop(number)
            if self._errors:
                raise PagefindError(f"Pagefind meldet: {'; '.join(self._errors[:5])}")
        if answer.get("type") == "Error":
            raise PagefindError(f"Pagefind meldet: {answer.get('message')}")
        return answer

    def _log(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        text = self._stderr.read()[-2000:].decode("utf-8", "replace").strip()
        return f"\n{text}" if text else ""

    # ------------------------------------------------------------------ use

    def add(self, html: str, url: str) -> None:
        """Send one page (its final HTML and its URL from the site root, e.g. "/a/b/")."""
        if self._process is None:
            self._start()
        assert self._index_id is not None
        request = {"type": "AddFile", "index_id": self._index_id, "url": url}
        self._send({**request, "file_contents": content_only(html)})
        self.pages += 1
        with self._lock:
            if self._errors:
                raise PagefindError(f"Pagefind meldet: {'; '.join(self._errors[:5])}")

    def write(self, site_dir: Path) -> Written:
        """Write the index into `site_dir/pagefind/` (:meth:`start_writing`, then
        :meth:`finish_writing`)."""
        self.start_writing(site_dir)
        return self.finish_writing()

    def start_writing(self, site_dir: Path) -> None:
        """Ask Pagefind to write the index into a fresh folder beside `site_dir/pagefind/`;
        it works on while the caller does other things (:meth:`finish_writing` waits)."""
        self._waiting = time.perf_counter()
        try:
            if self._process is None:
                self._start()  # a site without searchable pages still gets an (empty) index
            assert self._index_id is not None
            self._site_dir = site_dir
            self._fresh = Path(tempfile.mkdtemp(prefix=".pagefind-neu-", dir=site_dir))
            request = {"type": "WriteFiles", "index_id": self._index_id}
            self._writing = self._send({**request, "output_path": str(self._fresh)})
            assert self._stdin is not None
            self._stdin.flush()
        except (PagefindError, OSError) as exc:
            self.close()
            if isinstance(exc, PagefindError):
                raise
            raise PagefindError(f"Pagefind ließ sich nicht beauftragen: {exc}") from exc

    def finish_writing(self) -> Written:
        """Wait for the index, then put it in place of `pagefind/` (replacing an old one
        only now that the new one is complete). Stops the service, also when it fails."""
        try:
            assert self._writing is not None
            assert self._fresh is not None
            assert self._site_dir is not None
            self._wait(self._writing, WRITE_TIMEOUT_S)
            self._wait_for_closed_files(self._fresh)
            if not (self._fresh / "pagefind.js").is_file():
                raise PagefindError(f"Pagefind hat keinen Index geschrieben.{self._log()}")
            check_bundle(self._fresh)
            order_languages(self._fresh)  # the same bytes for the same site
            try:
                swap_folder(
                    self._fresh, self._site_dir / OUTPUT_SUBDIR
                )  # the old index stays on failure
            except OSError as exc:
                raise PagefindError(
                    f"Der Index ließ sich nicht an seinen Platz legen: {exc}"
                ) from exc
            self._fresh = None
        finally:
            self.close()
        now = time.perf_counter()
        return Written(self.pages, now - self._started, now - self._waiting)

    def _wait_for_closed_files(self, folder: Path) -> None:
        """Wait until Pagefind holds no file below `folder` open.

        Pagefind answers WriteFiles when every file is *handed* to tokio's writer
        (``File::write_all`` without ``flush``): the last chunk of a file may still be
        in flight, and the service ends when its input does, which loses it (seen: a
        `pagefind-worker.js` cut at 32,768 of 41,255 bytes). A file is closed only when
        its last write is done, so no open file below the folder means all is written.
        """
        assert self._process is not None
        deadline = time.monotonic() + CLOSE_TIMEOUT_S
        while still := files_open_below(self._process.pid, folder.resolve()):  # 0 or None: done
            if time.monotonic() > deadline:
                raise PagefindError(
                    f"Pagefind hat {still} Dateien des Index nicht fertig geschrieben.{self._log()}"
                )
            time.sleep(0.005)

    def interrupt(self) -> None:
        """Stop the service from another thread: only the process is signalled; the
        thread waiting in :meth:`finish_writing` sees it end, fails and cleans up."""
        process = self._process
        if process is not None and process.poll() is None:
            process.terminate()

    def close(self) -> None:
        """Stop the service (idempotent); an index not yet in place is removed."""
        self._stop()
        fresh, self._fresh = self._fresh, None
        if fresh is not None:
            shutil.rmtree(fresh, ignore_errors=True)

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if self._stdin is not None:
            with contextlib.suppress(OSError):
                self._stdin.close()
        try:  # done: Pagefind ends at the end of its input; else (a failed build) stop it
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._reader is not None:
            self._reader.join(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
        if self._stderr is not None:
            self._stderr.close()
