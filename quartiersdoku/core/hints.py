"""Placeholders of `quartiersdoku new`'s template left in a file: hints, never errors.

The template (:mod:`quartiersdoku.tools.new`) writes text placeholders in angle
brackets (``<…>``) and a summary that says there is none yet; a file that still
holds them builds, and `quartiersdoku validate` names each one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from .load import LoadedFile, Loc
from .problems import Problem, Severity
from .site import Site

#: The summary of a new file. True as it stands, so a forgotten one misleads no one.
PLACEHOLDER_SUMMARY = "Für dieses Quartier gibt es noch keine Kurzbeschreibung."
#: A text placeholder of the template's examples: the whole value in angle brackets.
_PLACEHOLDER_RE = re.compile(r"^<[^<>\n]+>$")


def placeholder_hints(site: Site) -> list[Problem]:
    """Hints for placeholders of the template that are still in a file."""
    loaded_files = [q.loaded for q in site.quarters] + [
        c.loaded for c in site.cities.values() if c.loaded is not None
    ]
    return [hint for loaded in loaded_files for hint in file_placeholder_hints(loaded)]


def file_placeholder_hints(loaded: LoadedFile) -> list[Problem]:
    """:func:`placeholder_hints` of one file (needs its raw data, `loaded.data`)."""
    found: list[Problem] = []
    for loc, value in _strings(loaded.data, ()):
        message = _placeholder_message(loc, value)
        if message is not None:
            found.append(_hint(loaded, loc, message))
    return found


def _placeholder_message(loc: Loc, value: str) -> str | None:
    if loc == ("summary",) and value.strip() == PLACEHOLDER_SUMMARY:
        return (
            "Die Kurzbeschreibung ist noch der Platzhalter aus der Vorlage. Hinweis: Ersetzen "
            "Sie ihn durch ein bis zwei Sätze über das Quartier."
        )
    if _PLACEHOLDER_RE.match(value.strip()):
        return (
            f"Hier steht noch der Platzhalter „{value.strip()}“ aus der Vorlage. Hinweis: "
            "Ersetzen Sie ihn durch Ihre Angabe oder löschen Sie die Zeile."
        )
    return None


def _strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*loc, index))


def _hint(loaded: LoadedFile, loc: Loc, message: str) -> Problem:
    return replace(loaded.problem(loc, message), severity=Severity.WARNING)
