"""The editors' review list: every hint of :mod:`warnings`, most urgent first.

`quartiersdoku pruefen` prints it (as `file:line:column: field: message`, or as
JSON for dashboards) and the preview shows it as a page (`/pruefliste/`). The
list is advice, never an error: it is computed from the build date
(`Site.today`), so the same files give a longer list as time passes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from .problems import below
from .warnings import URGENCY_LABELS, Advice

#: The version of the JSON format of `quartiersdoku pruefen --json`.
JSON_VERSION = 1


def shown_path(path: Path, root: Path | None) -> str:
    """`path` relative to `root` where it lies below it, with forward slashes."""
    relative = below(path, root) if root is not None else None
    return (relative or path).as_posix()


def review_line(advice: Advice, root: Path | None = None) -> str:
    """`quarters/hagen/_stadt.yaml:259:20: decisions[0].decision_date: Über …`."""
    problem = advice.problem
    return (
        f"{shown_path(problem.path, root)}:{problem.line}:{problem.column}: "
        f"{problem.field or '(Datei)'}: {problem.message}"
    )


def review_summary(count: int) -> str:
    if count == 0:
        return "Prüfliste: nichts zu prüfen."
    if count == 1:
        return "Prüfliste: 1 Eintrag."
    return f"Prüfliste: {count} Einträge, die dringendsten zuerst."


def review_json(advice: list[Advice], today: date, root: Path | None = None) -> dict[str, Any]:
    """The review list for dashboards: one object per entry, in the order of urgency."""
    return {
        "version": JSON_VERSION,
        "date": today.isoformat(),
        "count": len(advice),
        "entries": [
            {
                "file": shown_path(a.problem.path, root),
                "line": a.problem.line,
                "column": a.problem.column,
                "field": a.problem.field,
                "kind": a.urgency.name.lower(),
                "kind_label": URGENCY_LABELS[a.urgency],
                "urgency": int(a.urgency),
                "date": a.day.isoformat(),
                "message": a.problem.message,
            }
            for a in advice
        ],
    }
