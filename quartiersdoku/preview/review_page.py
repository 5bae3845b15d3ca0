"""The review list as a page of the preview (`/pruefliste/`), never of a published site.

The plugin adds it only under `mkdocs serve` (`scripts/serve`), from the advice
of the last good build (:mod:`quartiersdoku.core.review`); every page of the
preview links to it (:class:`notice.Preview`). Every editor text is escaped:
the page is Markdown headings around HTML blocks, like the generated pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import groupby
from pathlib import Path

from markupsafe import Markup

from ..core.german import german_date, german_number
from ..core.problems import Problem
from ..core.review import review_summary, shown_path
from ..core.warnings import URGENCY_LABELS, Advice
from .notice import message_html, more_hints

#: The page's source path among MkDocs' files (it is served as `/pruefliste/`).
REVIEW_PAGE = "pruefliste.md"


def review_page(
    advice: Sequence[Advice], today: date, root: Path, others: Sequence[Problem] = ()
) -> str:
    """The Markdown of `/pruefliste/`: the list grouped by kind, most urgent first; then
    `others`, the hints that are not on the review list (placeholders, file names,
    boundaries)."""
    lines = [
        "---",
        "title: Prüfliste",
        "search:",
        "  exclude: true",
        "---",
        "",
        "# Prüfliste für die Redaktion",
        "",
        str(
            Markup(
                "<p>Stand: {}. {} Diese Seite gibt es nur in der Vorschau; dieselbe Liste zeigt "
                "<code>quartiersdoku pruefen</code> im Terminal (mit <code>--json</code> für "
                "Dashboards).</p>"
            ).format(german_date(today), review_summary(len(advice)) + _more(len(others)))
        ),
        "",
    ]
    for urgency, group in groupby(advice, key=lambda a: a.urgency):
        entries = list(group)
        lines += [
            f"## {URGENCY_LABELS[urgency]} ({len(entries)}) {{: #{urgency.name.lower()} }}",
            "",
        ]
        items = Markup("").join(_item(entry.problem, root) for entry in entries)
        lines += [str(Markup('<ul class="qd-review">{}</ul>').format(items)), ""]
    if others:
        lines += [
            f"## Weitere Hinweise ({german_number(len(others))}) {{: #weitere-hinweise }}",
            "",
            str(
                Markup(
                    "<p>Hinweise, die nicht zur Prüfliste gehören: Platzhalter aus der "
                    "Vorlage, Dateinamen, sehr genaue Grenzen. Alle Hinweise "
                    "nennt auch <code>quartiersdoku validate</code>.</p>"
                )
            ),
            "",
            str(
                Markup('<ul class="qd-review">{}</ul>').format(
                    Markup("").join(_item(problem, root) for problem in others)
                )
            ),
            "",
        ]
    return "\n".join(lines) + "\n"


def _more(count: int) -> str:
    return f" Dazu unten {more_hints(count)}." if count else ""


def _item(problem: Problem, root: Path) -> Markup:
    place = f"{shown_path(problem.path, root)}:{problem.line}:{problem.column}"
    return Markup("<li><code>{}</code> <code>{}</code>: {}</li>").format(
        place, problem.field or "(Datei)", message_html(problem.message)
    )
