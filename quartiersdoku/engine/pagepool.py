"""Quarter pages rendered by forked worker processes (issue 15, decision 2).

In a full `mkdocs build` the plugin forks `os.cpu_count()` workers at the start of
page generation. Each renders every n-th quarter page (rendered and stashed, as
`PageGenerator` would) and writes the results into its own file in a temporary
folder; meanwhile the parent renders the directories, city pages and JSON-LD,
which need the whole site. The parent then collects the pages in site order. No
pipes (a full pipe would stop a worker while the parent is busy) and no threads
(the side files are forked before, Pagefind's reader thread starts after).
Workers share the validated model copy-on-write and send back only text; a
worker that fails fails the build with its error. Rendering must not log: a
warning logged in a worker would not reach MkDocs' counter in the parent, so
`--strict` would not fail on it (nothing in `pages/` or `core/` logs today).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from ..core.problems import QuartiersdokuError
from ..core.site import QuarterData

#: A rendered quarter page: (Markdown for MkDocs, packed HTML blocks).
Rendered = tuple[str, bytes]
#: Below this many quarters forking costs more than it saves.
POOL_FROM = 40


class PagePoolError(QuartiersdokuError, RuntimeError):
    """A worker failed; the message is German and carries the worker's error."""


def _work(
    folder: Path,
    number: int,
    step: int,
    quarters: Sequence[QuarterData],
    render: Callable[[QuarterData], Rendered],
) -> None:
    try:
        with (folder / f"{number}.pages").open("wb") as out:
            for index in range(number, len(quarters), step):
                pickle.dump(render(quarters[index]), out, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:  # everything goes back to the parent, as text
        message = f"{quarters[index].src_uri if 'index' in locals() else ''}: "
        message += f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
        (folder / f"{number}.error").write_text(message, encoding="utf-8")
        os._exit(1)
    os._exit(0)


class PagePool:
    """Worker processes rendering quarter pages; :meth:`results` waits and collects."""

    def __init__(
        self,
        quarters: Sequence[QuarterData],
        render: Callable[[QuarterData], Rendered],
        workers: int,
    ) -> None:
        self.count = len(quarters)
        self.workers = max(1, min(workers, self.count))
        self.folder = Path(tempfile.mkdtemp(prefix="quartiersdoku-seiten-"))
        context = multiprocessing.get_context("fork")
        self.processes: list[multiprocessing.process.BaseProcess] = []
        for number in range(self.workers):
            process = context.Process(
                target=_work,
                args=(self.folder, number, self.workers, quarters, render),
                name=f"quartiersdoku-seiten-{number}",
            )
            process.daemon = True  # a failed build must not leave it rendering
            process.start()
            self.processes.append(process)

    def results(self) -> list[Rendered]:
        """Every quarter's page, in the order of `quarters`; PagePoolError if a worker failed."""
        try:
            for process in self.processes:
                process.join()
            failed = [p for p in self.processes if p.exitcode != 0]
            if failed:
                errors = [path.read_text(encoding="utf-8") for path in self.folder.glob("*.error")]
                detail = errors[0] if errors else f"Exitcode {failed[0].exitcode}"
                raise PagePoolError(
                    f"Ein Prozess, der Quartiersseiten erzeugt, ist abgebrochen: {detail}"
                )
            parts = [self._read(number) for number in range(self.workers)]
        finally:
            self.processes = []
            shutil.rmtree(self.folder, ignore_errors=True)
        pages: list[Rendered] = []
        for index in range(self.count):
            pages.append(parts[index % self.workers][index // self.workers])
        return pages

    def _read(self, number: int) -> list[Rendered]:
        found: list[Rendered] = []
        with (self.folder / f"{number}.pages").open("rb") as source:
            while True:
                try:
                    found.append(pickle.load(source))
                except EOFError:
                    return found

    def cancel(self) -> None:
        """Stop the workers (the build failed elsewhere)."""
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join()
        self.processes = []
        shutil.rmtree(self.folder, ignore_errors=True)
