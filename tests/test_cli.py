"""The `quartiersdoku` command: exit status, German output, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs_process import add_plugin_options

from quartiersdoku.tools.cli import main

MALFORMED = Path(__file__).parent / "fixtures" / "malformed"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "quartiersdoku.tools.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def test_validate_clean_project_exits_0(fixture_project: Path) -> None:
    result = _run("validate", cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    assert "keine Fehler" in result.stderr


def test_validate_reports_every_file_and_exits_1(tmp_path: Path) -> None:
    result = _run("validate", str(MALFORMED), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if ".yaml:" in line or ".yml:" in line]
    # every malformed file (two files of the corpus are valid partners of others)
    assert len({line.split(":")[0] for line in lines}) == 33
    assert all(line.count(":") >= 4 for line in lines)
    assert result.stderr.rstrip().endswith("Dateien.")


def test_validate_single_file_with_cross_references(fixture_project: Path) -> None:
    target = fixture_project / "quarters" / "musterstadt" / "altstadt.yaml"
    result = _run("validate", str(target), cwd=fixture_project)
    assert result.returncode == 0
    # One file, one hint (the overdue contact point): counted in the singular.
    assert result.stderr.rstrip().endswith("1 Datei geprüft: keine Fehler, 1 Warnung.")


def test_validate_counts_one_broken_file_in_the_singular(
    fixture_project: Path, tmp_path: Path
) -> None:
    project = tmp_path / "projekt"
    shutil.copytree(fixture_project, project)
    target = project / "quarters" / "musterstadt" / "hafen.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "unbekannt: 1\n", encoding="utf-8")
    result = _run("validate", str(target), cwd=project)
    assert result.returncode == 1
    assert result.stderr.rstrip().endswith("1 Fehler in 1 von 1 Datei.")


@pytest.mark.parametrize("argv", [["gibtsnicht"], ["validate", "--unbekannt"], []])
def test_wrong_usage_exits_2_in_german(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "Fehler" in capsys.readouterr().err


def test_missing_path_exits_2(tmp_path: Path) -> None:
    result = _run("validate", "gibt/es/nicht.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "gibt es nicht" in result.stderr


def test_build_replaces_site_only_on_success(fixture_project: Path, tmp_path: Path) -> None:
    project = tmp_path / "projekt"
    shutil.copytree(fixture_project, project)
    site = tmp_path / "site"
    ok = _run("build", "-d", str(site), cwd=project)
    assert ok.returncode == 0, ok.stderr
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert Path("quartiere/musterstadt/altstadt/index.html") in before

    broken = project / "quarters" / "musterstadt" / "altstadt.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("city: Musterstadt", "city: [kaputt"),
        encoding="utf-8",
    )
    failed = _run("build", "-d", str(site), cwd=project)
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    assert "altstadt.yaml:" in failed.stderr
    assert "bleibt unverändert" in failed.stderr
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["projekt", "site"]  # no leftovers


def test_build_with_an_invalid_setting_ends_with_a_german_message(
    fixture_project: Path, tmp_path: Path
) -> None:
    project = tmp_path / "projekt"
    shutil.copytree(fixture_project, project)
    add_plugin_options(project / "mkdocs.yml", pagefind_from="viele")
    failed = _run("build", "-d", str(tmp_path / "site"), cwd=project)
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    assert "pagefind_from" in failed.stderr  # MkDocs names the setting
    assert "Die Konfiguration" in failed.stderr
    assert "nicht gebaut" in failed.stderr
    assert not (tmp_path / "site").exists()
