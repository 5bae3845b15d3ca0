"""What the preview's terminal says of the hints for editors: the first few, then changes.

A full build (`mkdocs build`, `quartiersdoku build`, CI) logs every hint, one line
each ("Hinweis für die Redaktion: …"). The preview builds again after every save, and
printing the whole list each time buried the one hint a save caused under those
already known: 1,237 lines per save with the benchmark's 1,000 quarters. So the
preview prints, at its first good build, the first :data:`FIRST_SHOWN` hints (the
review list's order: the most urgent first) and one line with their number and the
address of its review list (`/pruefliste/`, which shows every hint:
review_page.py); after a save, only the hints that are new, and one line with how
many are new, how many went away and how many there are. A save that changes no
hint says nothing of them.

A hint counts as the same while its file and message are, and its field apart from
list positions: lines and list entries move when the editor adds some above it, and
that is no news. Fingerprints of German texts (`made_from`, which a stale
translation's message quotes) change with every edit of the text: they do not count
either. Hints are counted as a multiset: two equal hints are two.

A build that failed (a file has errors) says nothing of hints: the preview keeps
the last good site, and the checks of the review list need a whole valid site.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.german import german_number
from ..core.problems import Problem

#: How many hints the preview prints when it starts.
FIRST_SHOWN = 10
#: How many new hints it prints after one save (a change to a city file can add many).
NEW_SHOWN = 20
PREFIX = "Hinweis für die Redaktion: "

_Key = tuple[Path, str, str]
_LIST_POSITION = re.compile(r"\[\d+\]")
#: A fingerprint as the messages quote it: `"1a2b3c4d"` (core/translations.py).
_FINGERPRINT = re.compile(r'"[0-9a-f]{8}"')


def _key(hint: Problem) -> _Key:
    field = _LIST_POSITION.sub("[]", hint.field)
    return (hint.path, field, _FINGERPRINT.sub('"…"', hint.message))


@dataclass
class HintReport:
    """The hints of the preview's last good build, to tell what a save changed."""

    known: Counter[_Key] | None = None

    def lines(self, hints: Sequence[Problem], root: Path, review_url: str) -> list[str]:
        """The lines for the terminal after a good build; `hints` most urgent first.

        `review_url`: where the preview's review list is, as the editor's browser
        reaches it (the terminal makes a full address clickable).
        """
        counts = Counter(_key(h) for h in hints)
        where = f"alle auf der Prüfliste: {review_url}"
        lines: list[str]
        if self.known is None:
            lines = [PREFIX + h.format(root, labelled=False) for h in hints[:FIRST_SHOWN]]
            if hints:
                more = len(hints) - FIRST_SHOWN
                shown = f", {german_number(FIRST_SHOWN)} davon oben" if more > 0 else ""
                lines.append(
                    f"Hinweise für die Redaktion: insgesamt {german_number(len(hints))}"
                    f"{shown} ({where})."
                )
        else:
            new = self._new(hints)
            gone = sum((self.known - counts).values())
            lines = [PREFIX + h.format(root, labelled=False) for h in new[:NEW_SHOWN]]
            if len(new) > NEW_SHOWN:
                lines.append(f"… und {german_number(len(new) - NEW_SHOWN)} weitere neue.")
            if new or gone:
                lines.append(
                    f"Hinweise für die Redaktion: {german_number(len(new))} neu, "
                    f"{german_number(gone)} entfallen, insgesamt "
                    f"{german_number(len(hints))} ({where})."
                )
        self.known = counts
        return lines

    def _new(self, hints: Sequence[Problem]) -> list[Problem]:
        """The hints beyond those of the last good build (equal ones counted)."""
        assert self.known is not None
        left = Counter(self.known)
        new: list[Problem] = []
        for hint in hints:
            key = _key(hint)
            if left[key] > 0:
                left[key] -= 1
            else:
                new.append(hint)
        return new
