"""Hints for editors: valid but stale or incomplete content. Never an error."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from quartiersdoku.core.problems import Severity
from quartiersdoku.core.settings import Settings
from quartiersdoku.core.validate import load_site
from quartiersdoku.tools.cli import main

QUARTER = """\
name: Test
city: Musterstadt
summary: Kurz.
reviewed: 2025-01-10
programmes:
  - name: Altes Programm
    status: running
    start: 2014
    end: Ende 2023
events:
  - title: Vergangene Konferenz
    start: 2026-09-01
  - title: Frische Konferenz
    start: 2026-11-10
  - title: Dokumentierte Konferenz
    start: 2026-01-10
    outcomes: Die Quelle dokumentiert keine Ergebnisse.
contacts:
  - name: Büro ohne Kontakt
    status: open
  - name: Geplantes Büro
    status: planned
  - name: Erreichbares Büro
    email: buero@example.org
"""


def _warnings(tmp_path: Path, today: date) -> list[str]:
    folder = tmp_path / "musterstadt"
    folder.mkdir(exist_ok=True)
    (folder / "test.yaml").write_text(QUARTER, encoding="utf-8")
    result = load_site(Settings(quarters_dir=tmp_path, today=today))
    assert result.errors == []
    assert all(p.severity is Severity.WARNING for p in result.problems)
    return [f"{p.field}: {p.message}" for p in result.problems]


def test_each_kind_of_stale_content_is_named(tmp_path: Path) -> None:
    found = _warnings(tmp_path, date(2026, 11, 21))
    assert len(found) == 4, found
    assert found[0].startswith("reviewed: Der Inhalt wurde zuletzt am 10.01.2025 geprüft")
    assert found[1].startswith(
        "programmes[0].status: Das Programm „Altes Programm“ endete laut `end` Ende 2023"
    )
    assert found[2].startswith(
        "events[0]: Der Termin „Vergangene Konferenz“ liegt über vier Wochen zurück"
    )
    assert found[3].startswith(
        "contacts[0]: Die Anlaufstelle „Büro ohne Kontakt“ ist geöffnet, nennt aber weder"
    )


def test_nothing_to_say_when_content_is_fresh(tmp_path: Path) -> None:
    found = _warnings(tmp_path, date(2025, 2, 1))
    assert [w.split(":")[0] for w in found] == ["programmes[0].status", "contacts[0]"]


def test_validate_exits_0_with_warnings_and_1_when_strict(tmp_path: Path) -> None:
    _warnings(tmp_path, date(2026, 11, 21))
    assert main(["-f", str(tmp_path / "fehlt.yml"), "validate", str(tmp_path)]) == 0
    assert main(["-f", str(tmp_path / "fehlt.yml"), "validate", "--strict", str(tmp_path)]) == 1
