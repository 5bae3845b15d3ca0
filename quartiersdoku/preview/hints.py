"""What the preview's terminal says of the hints for editors: the first few, then changes.

A full build (`mkdocs build`, `quartiersdoku build`, CI) logs every hint, one line
each ("Hinweis für die Redaktion: …"). The preview builds again after every save, and
printing the whole list each time buried the one hint a save caused under those
already known: 1,237 lines per save with the benchmark's 1,000 quarters. So the
preview prints, at its first build, the first :data:`FIRST_SHOWN` hints (the review
list's order: the most urgent first) and how many more there are, and after a save
only the hints that are new and how many were settled. The review list of the
preview (`/pruefliste/`, linked on every page) always shows all of them.

A hint counts as the same while its file, field and message are: its line moves when
the editor adds lines above it, and that is no news. A build that failed (a file has
errors) says nothing of hints: the preview keeps the last good site, and the hints
that need the whole site (the review list's) are not checked then.
"""

from __future__ import annotations

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


def _key(hint: Problem) -> _Key:
    return (hint.path, hint.field, hint.message)


def _hints(count: int) -> str:
    return f"{german_number(count)} Hinweis{'e' if count != 1 else ''}"


@dataclass
class HintReport:
    """The hints of the preview's last good build, to tell what a save changed."""

    review_href: str = "/pruefliste/"
    known: frozenset[_Key] | None = None

    def lines(self, hints: Sequence[Problem], root: Path) -> list[str]:
        """The lines for the terminal after a good build; `hints` most urgent first."""
        keys = frozenset(_key(h) for h in hints)
        if self.known is None:
            shown, limit = list(hints), FIRST_SHOWN
            lines = [PREFIX + h.format(root) for h in shown[:limit]]
            if len(shown) > limit:
                lines.append(
                    f"… und {_hints(len(shown) - limit)} mehr für die Redaktion, "
                    f"alle auf der Prüfliste der Vorschau ({self.review_href})."
                )
        else:
            new = [h for h in hints if _key(h) not in self.known]
            settled = len(self.known - keys)
            lines = [PREFIX + h.format(root) for h in new[:NEW_SHOWN]]
            if len(new) > NEW_SHOWN:
                lines.append(f"… und {_hints(len(new) - NEW_SHOWN)} mehr.")
            if new or settled:
                lines.append(
                    f"Hinweise für die Redaktion: {german_number(len(new))} neu, "
                    f"{german_number(settled)} erledigt, {_hints(len(keys))} insgesamt "
                    f"(Prüfliste: {self.review_href})."
                )
        self.known = keys
        return lines
