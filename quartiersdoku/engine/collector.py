"""CPython's cyclic garbage collector across a build.

A build keeps nearly everything it makes until its end: the loaded site, MkDocs'
files, pages and navigation. Each full collection walks all of it again (three
in a build of 1,000 quarters, ~0.25 s each), each forked worker walks the
inherited heap once more (and writes to every object it visits, so the memory
pages it shares with the parent get copied), and the interpreter walks it a
last time when `mkdocs build` exits (1.2 s of the 1.3 s between MkDocs'
"Documentation built" and the end of the process).

:func:`settle` moves what is alive into the collector's permanent generation at
the points from which it lives to the end of the build: after loading, and
before MkDocs' page loop. Reference counting still frees everything else; only
reference cycles among settled objects wait: :func:`build_ended` hands every
settled object back at the end of each build (`mkdocs serve` runs for hours and
builds again; a page and its file refer to each other), and :func:`process_ends`
settles everything once more when MkDocs shuts the plugin down (`on_shutdown`:
the end of `mkdocs build`, of `quartiersdoku build`, of the preview's server).

Measured in docs/performance.md ("Fifth session: the collector, the imports, the
preview's index").
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Everything alive now lives to the end of the build: the collector skips it."""
    gc.freeze()


def build_ended() -> None:
    """The build is over (or failed): what it settled is the collector's again."""
    gc.unfreeze()


def process_ends() -> None:
    """MkDocs shuts down and the process ends: nothing for the collector to walk again."""
    gc.freeze()
