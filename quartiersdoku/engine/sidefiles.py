"""Files no page needs while MkDocs builds: open data and map documents.

They are written straight into the site folder instead of going through
MkDocs' `Files`, which would hold every file's content in memory until the end
of the build (at 10,000 quarters that was about 0.9 GB of export files alone).

In `mkdocs build` the writing runs in a forked child process while MkDocs
converts and renders the pages in the parent: on a machine with two cores the
exports and map documents cost the build (almost) no wall time. The child
shares the validated model with the parent (copy-on-write) and writes files
only; nothing comes back but a count or an error. Where forking is unsafe or
impossible (`mkdocs serve`, which runs threads; other threads in the process;
platforms without `fork`), the same writer runs inline at the end of the build.

`docs/performance.md` has the figures; `docs/architecture.md` the reasons.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable, Iterable
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Generic, TypeVar

from ..core.problems import QuartiersdokuError

T = TypeVar("T")

#: Yields (path below the site root, content) pairs; runs in the child when forked.
Producer = Callable[[], Iterable[tuple[str, bytes | str]]]


class SideFilesError(QuartiersdokuError):
    """Writing the side files failed; the message is German and names the cause."""


def write_files(site_dir: Path, produce: Producer) -> int:
    """Write every file `produce` yields below `site_dir`; returns how many."""
    count = 0
    made: set[Path] = set()
    for path, content in produce():
        target = site_dir / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target.write_bytes(data)
        count += 1
    return count


def can_fork() -> bool:
    """Whether a child may be forked here: a platform with fork and no other threads."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _child(job: Callable[[], Any], conn: Connection) -> None:
    try:
        result = job()
    except BaseException as exc:  # everything goes back to the parent, as text
        conn.send(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
        conn.close()
        os._exit(1)
    conn.send(("ok", result))
    conn.close()


class ForkedJob(Generic[T]):
    """Runs `job` in a forked child when `parallel` allows it, else at `finish`.

    The child shares the parent's memory copy-on-write; only the job's result
    (pickled) or its error (as text) comes back.
    """

    def __init__(self, job: Callable[[], T], *, parallel: bool) -> None:
        self.job = job
        self.process: multiprocessing.process.BaseProcess | None = None
        self.conn: Connection | None = None
        if parallel and can_fork():
            context = multiprocessing.get_context("fork")
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(job, send), name="quartiersdoku-daten")
            process.daemon = True  # a failed build must not leave it writing
            process.start()
            send.close()  # only the child writes; EOF here means it died
            self.process, self.conn = process, receive

    @property
    def forked(self) -> bool:
        return self.process is not None

    def finish(self) -> T:
        """Wait for the child (or run the job now); its result, or SideFilesError."""
        if self.process is None or self.conn is None:
            try:
                return self.job()
            except Exception as exc:
                raise SideFilesError(
                    f"Daten und Karten nicht geschrieben: {type(exc).__name__}: {exc}"
                ) from exc
        try:
            status, value = self.conn.recv()
        except EOFError:
            status, value = "error", None
        finally:
            self.conn.close()
            self.process.join()
        if status != "ok":
            detail = value if isinstance(value, str) else f"Exitcode {self.process.exitcode}"
            raise SideFilesError(
                f"Der Prozess, der Daten und Karten schreibt, ist abgebrochen: {detail}"
            )
        result: T = value
        return result

    def cancel(self) -> None:
        """Stop a running child (the build failed elsewhere)."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()
        if self.conn is not None:
            self.conn.close()
        self.process = self.conn = None


class SideFiles(ForkedJob[int]):
    """Writes a build's side files, in a forked child when possible, else at `finish`;
    `finish` returns the number of files."""

    def __init__(self, site_dir: Path, produce: Producer, *, parallel: bool) -> None:
        super().__init__(partial(write_files, site_dir, produce), parallel=parallel)
