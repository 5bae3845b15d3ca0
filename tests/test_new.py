"""`quartiersdoku new`: a commented quarter file that validates and builds at once."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
import yaml
from mkdocs_process import run_build
from pydantic import BaseModel

from quartiersdoku.core.hints import PLACEHOLDER_SUMMARY
from quartiersdoku.core.model import Quarter
from quartiersdoku.core.problems import Severity
from quartiersdoku.core.settings import Settings
from quartiersdoku.core.validate import load_site
from quartiersdoku.tools import new
from quartiersdoku.tools.cli import main
from quartiersdoku.tools.new import SECTIONS, create_quarter
from quartiersdoku.tools.schema import modeline

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        env=ENV,
        stdin=subprocess.DEVNULL,  # no terminal: `new` must not wait for an answer
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def _new(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return _run(sys.executable, "-m", "quartiersdoku.tools.cli", "new", *args, cwd=cwd)


@pytest.fixture
def project(fixture_project: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "projekt"
    shutil.copytree(fixture_project, copy)
    return copy


def test_new_file_validates_and_builds_at_once(project: Path) -> None:
    created = _new("--name", "Altenhagen/Eckesey-Süd", "--city", "Musterstadt", cwd=project)
    assert created.returncode == 0, created.stderr
    path = project / "quarters" / "musterstadt" / "altenhagen-eckesey-sued.yaml"
    assert "Angelegt: quarters/musterstadt/altenhagen-eckesey-sued.yaml" in created.stderr
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == modeline(path, project / "schema")
    assert (project / "schema" / "quarter.schema.json").is_file()  # the modeline's target
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temporary file

    checked = _run(
        sys.executable, "-m", "quartiersdoku.tools.cli", "validate", str(path), cwd=project
    )
    assert checked.returncode == 0, checked.stderr
    assert "Kurzbeschreibung ist noch der Platzhalter" in checked.stderr

    site = project / "site"
    built = run_build(project / "mkdocs.yml", site)
    assert built.returncode == 0, built.stderr
    page = (site / "quartiere/musterstadt/altenhagen-eckesey-sued/index.html").read_text("utf-8")
    assert "Altenhagen/Eckesey-Süd" in page
    assert PLACEHOLDER_SUMMARY in page


def test_new_refuses_to_overwrite(project: Path) -> None:
    path = project / "quarters" / "musterstadt" / "altstadt.yaml"
    before = path.read_bytes()
    result = _new("--name", "Altstadt", "--city", "Musterstadt", cwd=project)
    assert result.returncode == 1
    assert "gibt es schon" in result.stderr
    assert "nicht überschrieben" in result.stderr
    assert path.read_bytes() == before


def test_new_refuses_the_same_quarter_with_the_other_suffix(project: Path) -> None:
    other = project / "quarters" / "musterstadt" / "neustadt.yml"
    other.write_text("name: Neustadt\n", encoding="utf-8")
    result = _new("--name", "Neustadt", "--city", "Musterstadt", cwd=project)
    assert result.returncode == 1
    assert not other.with_suffix(".yaml").exists()


def test_new_without_terminal_and_without_answers_exits_2(project: Path) -> None:
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = _new("--name", "Nordstadt", cwd=project)
    assert result.returncode == 2
    assert "ohne Terminal" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_new_asks_when_stdin_is_a_terminal(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(["Nordstadt", "Musterstadt"])
    monkeypatch.chdir(project)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    assert main(["new"]) == 0
    assert (project / "quarters" / "musterstadt" / "nordstadt.yaml").is_file()
    assert "Angelegt" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "city", "relative"),
    [
        ("Nord: Süd #1", "Bad Hersfeld", "bad-hersfeld/nord-sued-1.yaml"),
        ("1. Mai-Siedlung", "Groß-Umstadt", "gross-umstadt/1-mai-siedlung.yaml"),
        ("yes", "Köln", "koeln/yes.yaml"),
        ("Am „Kai“ \\ Süd", "Hagen", "hagen/am-kai-sued.yaml"),
    ],
)
def test_names_are_written_so_that_they_read_back_exactly(
    project: Path, name: str, city: str, relative: str
) -> None:
    settings = Settings(quarters_dir=project / "quarters", today=date(2026, 1, 5))
    path = create_quarter(settings, project / "schema", name, city)
    assert path == project / "quarters" / relative
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert (data["name"], data["city"]) == (name, city)
    result = load_site(settings)
    assert result.errors == [], [p.format() for p in result.errors]


@pytest.mark.parametrize("name", ["", "   ", "Zwei\nZeilen"])
def test_unusable_names_exit_2(project: Path, name: str) -> None:
    result = _new("--name", name, "--city", "Musterstadt", cwd=project)
    assert result.returncode == 2
    assert "Fehler" in result.stderr


def test_new_outside_a_project_exits_2(tmp_path: Path) -> None:
    result = _new("--name", "Nordstadt", "--city", "Musterstadt", cwd=tmp_path)
    assert result.returncode == 2
    assert "Projektordner" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failure_leaves_nothing_behind(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_link(source: object, target: object) -> None:
        raise RuntimeError("Datenträger voll")

    monkeypatch.setattr("quartiersdoku.tools.new.os.link", broken_link)
    settings = Settings(quarters_dir=project / "quarters")
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    with pytest.raises(RuntimeError):
        create_quarter(settings, project / "schema", "Nordstadt", "Neue Stadt")
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


# ------------------------------------------------------------------ the template


def _uncomment(text: str) -> str:
    """The example with its commented-out steps for later ("# outcomes: …") taken in too."""
    return re.sub(r"^(\s*)# (?=[a-z_]+:|- |\s)", r"\1", text, flags=re.MULTILINE)


def _model_types(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for argument in get_args(annotation) for m in _model_types(argument)]


def _unknown_keys(data: Any, model: type[BaseModel], where: str) -> list[str]:
    if not isinstance(data, dict):
        return []
    unknown = []
    for key, value in data.items():
        field = model.model_fields.get(key)
        if field is None:
            unknown.append(f"{where}.{key}")
            continue
        for inner in _model_types(field.annotation):
            if get_origin(field.annotation) is dict and isinstance(value, dict):
                items = list(value.values())  # keys the editor names (`translations`)
            else:
                items = value if isinstance(value, list) else [value]
            for item in items:
                unknown += _unknown_keys(item, inner, f"{where}.{key}")
    return unknown


@pytest.mark.parametrize("section", SECTIONS, ids=[s.heading for s in SECTIONS])
def test_every_example_in_the_template_uses_known_fields(section: new.Section) -> None:
    data = yaml.safe_load(_uncomment(section.example))
    assert isinstance(data, dict)
    assert _unknown_keys(data, Quarter, "") == []


def test_the_template_shows_each_example_commented_out() -> None:
    settings = Settings(quarters_dir=Path("quarters"), today=date(2026, 1, 5))
    text = new.render(settings, Path("schema"), "Nordstadt", "Musterstadt")
    for section in SECTIONS:
        commented = "\n".join(f"# {line}".rstrip() for line in section.example.splitlines())
        assert commented in text
    data = yaml.safe_load(text)
    assert data == {"name": "Nordstadt", "city": "Musterstadt", "summary": PLACEHOLDER_SUMMARY}


def test_placeholders_left_in_a_file_are_hints(project: Path) -> None:
    path = project / "quarters" / "musterstadt" / "altstadt.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "  - title: 7. Stadtteilkonferenz", "  - title: <Titel, z. B. 8. Konferenz>"
    )
    text = re.sub(r"^summary: .*$", f"summary: {PLACEHOLDER_SUMMARY}", text, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")
    result = load_site(Settings(quarters_dir=project / "quarters"))
    assert result.errors == []
    hints = [p for p in result.problems if "Platzhalter" in p.message]
    assert {(h.field, h.severity) for h in hints} == {
        ("summary", Severity.WARNING),
        ("events[0].title", Severity.WARNING),
    }
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "<Titel" in row)
    assert any(h.line == line for h in hints)


def test_load_site_keeps_only_what_the_checks_across_files_need(project: Path) -> None:
    """Raw data and key positions go as soon as a file is validated (memory at scale);
    value positions stay until `release_sources`, for problems found across files."""
    result = load_site(Settings(quarters_dir=project / "quarters"))
    assert result.errors == []
    files = [q.loaded for q in result.site.quarters]
    assert files
    for loaded in files:
        assert loaded.data is None
        assert loaded.keys == {}
        assert loaded.values


def _cited(data: Any) -> set[str]:
    """The source ids cited (`sources: [kennung]`) anywhere in an example."""
    if isinstance(data, list):
        return {source for item in data for source in _cited(item)}
    if not isinstance(data, dict):
        return set()
    found = {s for s in data.get("sources", []) if isinstance(s, str)}
    return found | {s for key, v in data.items() if key != "sources" for s in _cited(v)}


def test_the_sources_the_examples_cite_are_in_the_sources_example() -> None:
    """An editor who takes in an example and the „Quellen“ one gets no unknown source."""
    (quellen,) = [s for s in SECTIONS if s.heading == "Quellen"]
    defined = {s["id"] for s in yaml.safe_load(_uncomment(quellen.example))["sources"]}
    cited = {c for s in SECTIONS for c in _cited(yaml.safe_load(_uncomment(s.example)))}
    assert cited == {"jahresbericht-2024"} <= defined
    assert "(jahresbericht-2024)" in quellen.explanation  # and the template says so


def test_an_example_taken_in_without_its_source_says_what_to_do(project: Path) -> None:
    path = project / "quarters" / "neustadt" / "nordstadt.yaml"  # a city without sources
    path.parent.mkdir()
    path.write_text(
        "name: Nordstadt\ncity: Neustadt\nsummary: Ein Quartier.\n"
        "milestones:\n  - date: 2024-05\n    title: Das Büro öffnet\n"
        "    sources: [jahresbericht-2024]\n",
        encoding="utf-8",
    )
    result = load_site(Settings(quarters_dir=project / "quarters"))
    assert [p.format(project) for p in result.errors if p.path == path] == [
        "quarters/neustadt/nordstadt.yaml:7:15: milestones[0].sources[0]: Quelle "
        "„jahresbericht-2024“ gibt es nicht. In dieser Datei ist noch keine Quelle unter "
        "`sources:` eingetragen. Hinweis: Tragen Sie das Dokument unter `sources:` mit "
        "`id: jahresbericht-2024` ein (Anleitung: „Quellen angeben“), oder löschen Sie den "
        "Verweis."
    ]
