"""The documentation stays true: every YAML example validates, the pipelines do what they say.

Every ```yaml block in docs/*.md is checked with the real loader and model.
A comment in the line before a block says what it is:

* ``<!-- datei: quarters/<stadt>/<name>.yaml -->``: a complete file;
* ``<!-- teil von: quarters/<stadt>/<name>.yaml -->``: a part of that file, as
  an editor adds it; its lists are added to the file's (an entry with the same
  ``id``, or without ids the same ``title``/``name``/``reference``, replaces
  the earlier one, as when an editor completes an entry);
* ``<!-- teil von: mkdocs.yml -->``: settings, which must parse.

A block without such a comment is a part of a quarter file on its own (name,
city and summary are added). The blocks of one docs file form one example
project, checked after every block, so an example may build on the ones before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from quartiersdoku.core.config import _TolerantLoader
from quartiersdoku.core.settings import Settings
from quartiersdoku.core.validate import load_site

DOCS = Path(__file__).resolve().parent.parent / "docs"
REPO = DOCS.parent
BLOCK = re.compile(r"^```yaml[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
MARKER = re.compile(r"<!--\s*(datei|teil von):\s*(\S+)\s*-->\s*$")
STANDALONE = {"name": "Beispielquartier", "city": "Beispielstadt", "summary": "Ein Beispiel."}
SAME_ENTRY = ("id", "title", "name", "reference")


@dataclass(frozen=True)
class Example:
    doc: Path
    line: int
    kind: str  # "datei", "teil von" or "" (no marker)
    target: str
    text: str

    @property
    def where(self) -> str:
        return f"{self.doc.relative_to(REPO)}:{self.line}"


def examples(doc: Path) -> list[Example]:
    text = doc.read_text(encoding="utf-8")
    found = []
    for match in BLOCK.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        marker = MARKER.search(before)
        kind, target = (marker.group(1), marker.group(2)) if marker else ("", "")
        found.append(Example(doc, line, kind, target, match.group(1)))
    return found


DOC_FILES = sorted(p for p in DOCS.glob("*.md") if examples(p))


def _same(a: Any, b: Any) -> bool:
    if not (isinstance(a, dict) and isinstance(b, dict)):
        return False
    for key in SAME_ENTRY:
        if key in a or key in b:
            return a.get(key) == b.get(key)
    return False


def merge(into: dict[str, Any], part: dict[str, Any]) -> None:
    for key, value in part.items():
        current = into.get(key)
        if isinstance(current, list) and isinstance(value, list):
            for item in value:
                index = next((i for i, old in enumerate(current) if _same(old, item)), None)
                if index is None:
                    current.append(item)
                else:
                    current[index] = item
        else:
            into[key] = value


def _problems(root: Path) -> list[str]:
    result = load_site(Settings(quarters_dir=root / "quarters"))
    # load_site reports placeholder hints as warnings (`new.placeholder_hints`).
    found = [p for p in result.problems if p in result.errors or "Platzhalter" in p.message]
    return [p.format(root) for p in found]


@pytest.mark.parametrize("doc", DOC_FILES, ids=[p.name for p in DOC_FILES])
def test_every_yaml_example_validates(doc: Path, tmp_path: Path) -> None:
    files: dict[str, dict[str, Any]] = {}
    for number, example in enumerate(examples(doc)):
        if example.target == "mkdocs.yml":
            assert isinstance(yaml.load(example.text, Loader=_TolerantLoader), dict), example.where
            continue
        data = yaml.safe_load(example.text)
        assert isinstance(data, dict), f"{example.where}: kein Abschnitt mit Feldern"
        if example.kind == "datei":
            files[example.target] = data
        elif example.kind == "teil von":
            assert example.target in files, (
                f"{example.where}: Teil von {example.target}, aber kein Beispiel davor "
                "legt diese Datei an (<!-- datei: … -->)"
            )
            merge(files[example.target], data)
        else:
            alone = f"quarters/beispiel/beispiel-{number}.yaml"
            files[alone] = {**STANDALONE, **data}
        root = tmp_path / f"nach-zeile-{example.line}"
        for relative, content in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
        problems = _problems(root)
        assert not problems, f"{example.where}: Beispiel ungültig:\n" + "\n".join(problems)


def test_the_guide_covers_the_editors_tasks() -> None:
    guide = (DOCS / "anleitung.md").read_text(encoding="utf-8")
    for heading in (
        "Ein Quartier anlegen",
        "Einen Termin eintragen",
        "Das Ergebnis einer Stadtteilkonferenz festhalten",
        "Ein beendetes Programm archivieren",
        "Eine Anlaufstelle mit Öffnungszeiten eintragen",
        "Einen Ratsbeschluss und einen Sachstandsbericht eintragen",
        "Quellen angeben",
    ):
        assert f"\n## {heading}\n" in guide, heading
    kinds = {e.kind for e in examples(DOCS / "anleitung.md")}
    assert {"datei", "teil von"} <= kinds


#: The file behind the example messages in the guide's „Fehlermeldungen lesen“.
GUIDE_MISTAKES = """\
name: Musterviertel
city: Musterstadt
summary: Ein Quartier.
events:
  - title: 8. Stadtteilkonferenz
    start: 2027-02-30 18:00
    kind: konferenz
  - title: Werkstatt Spielplatz
    start: 10.03.2027 18:00
"""


def test_the_guides_example_messages_are_what_validate_says(tmp_path: Path) -> None:
    guide = (DOCS / "anleitung.md").read_text(encoding="utf-8")
    section = guide.split("\n## Fehlermeldungen lesen\n", 1)[1]
    block = re.search(r"```text\n(.*?)```", section, re.DOTALL)
    assert block is not None
    path = tmp_path / "quarters" / "musterstadt" / "musterviertel.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(GUIDE_MISTAKES, encoding="utf-8")
    result = load_site(Settings(quarters_dir=tmp_path / "quarters"))
    assert block.group(1).splitlines() == [p.format(tmp_path) for p in result.errors]


def test_vscode_setup_has_three_steps() -> None:
    text = (DOCS / "vscode.md").read_text(encoding="utf-8")
    steps = re.findall(r"^## Schritt (\d)", text, flags=re.MULTILINE)
    assert steps == ["1", "2", "3"]
    assert "redhat.vscode-yaml" in text


def test_links_between_the_docs_resolve() -> None:
    for doc in DOCS.glob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", doc.read_text("utf-8")):
            assert (doc.parent / target).is_file(), f"{doc.name}: Link auf {target}"


# ------------------------------------------------------------------ pipelines


def _jobs(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    jobs = data.get("jobs", data)
    return {name: job for name, job in jobs.items() if isinstance(job, dict)}


def _commands(job: dict[str, Any]) -> str:
    lines = list(job.get("script", []))
    lines += [step.get("run", "") for step in job.get("steps", []) if isinstance(step, dict)]
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("pipeline", "publish"),
    [(".gitlab-ci.yml", "pages"), (".github/workflows/pages.yml", "build")],
)
def test_pipelines_test_with_chromium_and_publish_without(pipeline: str, publish: str) -> None:
    jobs = _jobs(REPO / pipeline)
    build = _commands(jobs[publish])
    assert "pip install --require-hashes -r requirements.lock" in build
    assert "pip install --no-deps ." in build
    assert "quartiersdoku build -d public" in build
    assert "chromium" not in build
    assert "scripts/test" in _commands(jobs["test"])  # installs Debian's chromium (scripts/setup)


# ----------------------------------------------------------------------------- the module table
# In the manner of datasette's tests/test_docs.py: the table of modules in
# docs/architecture.md lists exactly the modules the package has.

PACKAGE = REPO / "quartiersdoku"
ARCHITECTURE = DOCS / "architecture.md"
_PATH_IN_TICKS = re.compile(r"`([^`\s]+)`")
_MODULE_PATH = re.compile(
    r"^(?:quartiersdoku/)?(?:core|pages|exports|search|preview|engine|tools)/[\w/]*\w\.py$"
)


def _module_table() -> list[str]:
    """The paths in the first column of the table under "## Modules" (relative to the package)."""
    section = ARCHITECTURE.read_text(encoding="utf-8").split("\n## Modules\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| module |"), "the table under '## Modules' has moved"
    return [path for row in rows[2:] for path in _PATH_IN_TICKS.findall(row.split("|")[1])]


def _package_modules() -> set[str]:
    """Every module file of the package, without the packages' `__init__.py`."""
    return {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py"
    }


def test_every_module_is_in_the_architecture_table() -> None:
    listed = set(_module_table())
    missing = sorted(_package_modules() - listed)
    assert missing == [], f"add a row for each to the table in docs/architecture.md: {missing}"


def test_the_architecture_table_names_only_what_exists() -> None:
    listed = _module_table()
    assert len(listed) == len(set(listed)), "a module has two rows"
    gone = sorted(path for path in listed if not (PACKAGE / path).exists())
    assert gone == [], f"docs/architecture.md lists what the package no longer has: {gone}"


DOCS_WITH_PATHS = [*sorted(DOCS.glob("*.md")), REPO / "README.md"]


@pytest.mark.parametrize(
    "doc", DOCS_WITH_PATHS, ids=[p.relative_to(REPO).as_posix() for p in DOCS_WITH_PATHS]
)
def test_module_paths_in_the_docs_exist(doc: Path) -> None:
    """A module path written out in the docs (`core/load.py`) names a file that exists."""
    text = doc.read_text(encoding="utf-8")
    paths = {p for p in _PATH_IN_TICKS.findall(text) if _MODULE_PATH.match(p)}
    gone = sorted(p for p in paths if not (PACKAGE / p.removeprefix("quartiersdoku/")).is_file())
    assert gone == [], f"{doc.name} names modules that do not exist: {gone}"
