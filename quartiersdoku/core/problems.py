"""Problems found in the editors' files, and how they are shown."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

#: The prefix of every message of ours in MkDocs' log and on the command line.
PREFIX = "quartiersdoku: "


def tagged(message: str) -> str:
    """`message` as it appears in a log or on stderr: "quartiersdoku: …"."""
    return PREFIX + message


class QuartiersdokuError(Exception):
    """Base of every error of ours; the message is German and says what to do."""


class Severity(StrEnum):
    ERROR = "Fehler"
    WARNING = "Warnung"


def below(path: Path, root: Path) -> Path | None:
    """`path` relative to `root` if it lies below it, else None. As written first (the
    files of a build are found below its root: no file system call for each of a
    thousand messages), then with every link resolved."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        pass
    else:
        if ".." not in relative.parts:  # "root/../x" is not below root
            return relative
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return None


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file, at a 1-based line and column."""

    path: Path
    line: int
    column: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def format(self, relative_to: Path | None = None, *, labelled: bool = True) -> str:
        """`file:line:column: field: message`; a warning's message starts with „Warnung: “
        unless not `labelled` (a line that says what it is already: the editor hints)."""
        shown = self.path
        if relative_to is not None:
            shown = below(self.path, relative_to) or self.path
        prefix = "" if self.severity is Severity.ERROR or not labelled else "Warnung: "
        field = self.field or "(Datei)"
        return f"{shown}:{self.line}:{self.column}: {field}: {prefix}{self.message}"

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.path), self.line, self.column, self.field)


class ProblemsFound(QuartiersdokuError):
    """Raised at a boundary (build, CLI) when files have errors; carries all of them."""

    def __init__(self, problems: list[Problem], root: Path | None = None) -> None:
        self.problems = sorted(problems, key=lambda p: p.sort_key)
        self.root = root
        super().__init__(self.report())

    def report(self) -> str:
        errors = [p for p in self.problems if p.severity is Severity.ERROR]
        lines = [p.format(self.root) for p in self.problems]
        files = len({p.path for p in errors})
        lines.append(
            f"{len(errors)} Fehler in {files} Datei{'en' if files != 1 else ''}: "
            "die Website wurde nicht neu gebaut."
        )
        return "\n".join(lines)


def field_path(loc: tuple[str | int, ...]) -> str:
    """`("measures", 0, "title")` → `measures[0].title`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
