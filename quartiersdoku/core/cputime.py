"""Where a build's CPU time goes: a ledger of phases, reported in the build's log.

The plugin books its hooks' CPU time (`time.process_time`) to named phases and the
CPU time of its child processes (the side files, Pagefind's indexer) from
`getrusage(RUSAGE_CHILDREN)` around the moment each child is reaped. What is left
of the process' CPU time is MkDocs' own work (pages into the theme, writing).
`scripts/bench` reads the log line and prints the shares (docs/performance.md).
Cheap enough to run in every build: two clock reads per booking.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager

LOADING = "Laden"
VALIDATION = "Prüfen"
RENDERING = "eigene Seiten"
MKDOCS = "MkDocs und Theme"
SIDE_FILES = "Daten und Karten"
INDEXER = "Suchindex"
#: The phases in the order the log line names them.
PHASES = (LOADING, VALIDATION, RENDERING, MKDOCS, SIDE_FILES, INDEXER)
#: Start of the log line (the benchmark finds it by this).
LINE_START = "CPU-Zeit des Baus:"


def _children_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class CpuLedger:
    """CPU seconds per phase of one build (`reset` at its start)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.own_booked = 0.0
        self.started = time.process_time()

    def reset(self) -> None:
        self.seconds = {}
        self.own_booked = 0.0
        self.started = time.process_time()

    def book(self, phase: str, seconds: float) -> None:
        self.seconds[phase] = self.seconds.get(phase, 0.0) + seconds

    @contextmanager
    def phase(self, phase: str, *, within: str | None = None) -> Iterator[None]:
        """Book this process' CPU time in the block to `phase`; `within`: a phase whose
        block encloses this one, which gets the time less this block's."""
        before = time.process_time()
        try:
            yield
        finally:
            seconds = time.process_time() - before
            self.book(phase, seconds)
            if within is None:
                self.own_booked += seconds
            else:
                self.book(within, -seconds)

    @contextmanager
    def children(self, phase: str) -> Iterator[None]:
        """Book the CPU time of the child processes reaped in the block to `phase`."""
        before = _children_seconds()
        try:
            yield
        finally:
            self.book(phase, _children_seconds() - before)

    def totals(self) -> dict[str, float]:
        """Every phase, MkDocs' share being the rest of this process' time since `reset`."""
        totals = {phase: max(0.0, self.seconds.get(phase, 0.0)) for phase in PHASES}
        totals[MKDOCS] = max(0.0, time.process_time() - self.started - self.own_booked)
        return totals

    def line(self) -> str:
        totals = self.totals()
        whole = sum(totals.values()) or 1.0
        parts = ", ".join(
            f"{phase} {seconds:.2f} s ({seconds / whole:.0%})" for phase, seconds in totals.items()
        )
        return f"{LINE_START} {parts}; zusammen {whole:.2f} s"


#: The ledger of the running build (one build at a time per process).
LEDGER = CpuLedger()
