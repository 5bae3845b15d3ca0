"""File names with umlauts (as the form editor writes them): accepted, with a warning."""

from __future__ import annotations

from pathlib import Path

from quartiersdoku.core.problems import Severity
from quartiersdoku.core.settings import Settings
from quartiersdoku.core.urls import transliterate
from quartiersdoku.core.validate import load_site
from quartiersdoku.tools.cli import main

QUARTER = "name: Eckesey-Süd\ncity: Hagen\nsummary: Ein Quartier im Hagener Norden.\n"


def _project(tmp_path: Path, relative: str) -> Path:
    path = tmp_path / "quarters" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(QUARTER, encoding="utf-8")
    return path


def test_umlauts_are_transliterated_as_german_writes_them() -> None:
    assert transliterate("eckesey-süd") == "eckesey-sued"
    assert transliterate("große-mühle") == "grosse-muehle"


def test_an_umlaut_file_name_gets_an_address_and_a_warning(tmp_path: Path) -> None:
    path = _project(tmp_path, "hagen/eckesey-süd.yaml")
    result = load_site(Settings(quarters_dir=tmp_path / "quarters"))
    assert [q.slug for q in result.site.quarters] == ["hagen/eckesey-sued"]
    [problem] = [p for p in result.problems if p.path == path and not p.field]
    assert problem.severity is Severity.WARNING
    assert "quartiere/hagen/eckesey-sued/" in problem.message
    assert "„hagen/eckesey-sued.yaml“" in problem.message


def test_a_city_folder_with_umlauts_too(tmp_path: Path) -> None:
    _project(tmp_path, "lünen/gahmen.yaml")
    (tmp_path / "quarters" / "lünen" / "_stadt.yaml").write_text("name: Lünen\n", encoding="utf-8")
    result = load_site(Settings(quarters_dir=tmp_path / "quarters"))
    assert [q.slug for q in result.site.quarters] == ["luenen/gahmen"]
    assert "luenen" in result.site.cities
    assert result.site.cities["luenen"].city is not None


def test_the_ascii_name_and_the_umlaut_name_clash(tmp_path: Path) -> None:
    _project(tmp_path, "hagen/eckesey-süd.yaml")
    _project(tmp_path, "hagen/eckesey-sued.yaml")
    result = load_site(Settings(quarters_dir=tmp_path / "quarters"))
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    assert len(errors) == 1
    assert "vergibt schon die Datei" in errors[0].message


def test_other_characters_are_still_refused(tmp_path: Path) -> None:
    _project(tmp_path, "hagen/Eckesey Süd.yaml")
    result = load_site(Settings(quarters_dir=tmp_path / "quarters"))
    [error] = [p for p in result.problems if p.severity is Severity.ERROR]
    assert error.message == (
        "Der Dateiname „Eckesey Süd.yaml“ wird Teil der Webadresse und darf nur Kleinbuchstaben "
        "a–z, Ziffern und Bindestriche enthalten (Umlaute und ß schreibt die Website um). "
        "Hinweis: Benennen Sie die Datei um, etwa in „eckesey-sued.yaml“; den Namen, den die "
        "Website zeigt, bestimmt `name:` in der Datei."
    )


def test_validate_passes_with_the_warning(tmp_path: Path) -> None:
    _project(tmp_path, "hagen/eckesey-süd.yaml")
    assert main(["validate", str(tmp_path / "quarters")]) == 0
    assert main(["validate", "--strict", str(tmp_path / "quarters")]) == 1


def test_a_city_file_directly_in_the_quarters_folder_is_refused(tmp_path: Path) -> None:
    """Its page would be the quarter index (`quartiere/`): it belongs to no city."""
    _project(tmp_path, "gahmen.yaml")  # a quarter directly in quarters/ is fine
    city_file = tmp_path / "quarters" / "_stadt.yaml"
    city_file.write_text("name: Lünen\n", encoding="utf-8")
    result = load_site(Settings(quarters_dir=tmp_path / "quarters"))
    [error] = [p for p in result.problems if p.severity is Severity.ERROR]
    assert error.path == city_file
    assert (error.line, error.column, error.field) == (1, 1, "")
    assert "gehört in den Ordner ihrer Stadt, etwa quarters/hagen/_stadt.yaml" in error.message
    assert all(city.city is None for city in result.site.cities.values())


def test_a_city_folder_that_is_no_part_of_an_address_is_refused(tmp_path: Path) -> None:
    """Also when the folder holds only the city file: its cards and page need the address."""
    city_file = tmp_path / "quarters" / "Bad Salz_ufeln" / "_stadt.yaml"
    city_file.parent.mkdir(parents=True)
    city_file.write_text("name: Bad Salzuflen\n", encoding="utf-8")
    result = load_site(Settings(quarters_dir=tmp_path / "quarters"))
    [error] = [p for p in result.problems if p.severity is Severity.ERROR]
    assert error.path == city_file
    assert "Der Ordnername „Bad Salz_ufeln“ wird Teil der Webadresse" in error.message
    assert "Benennen Sie den Ordner um, etwa in „bad-salz-ufeln“" in error.message
    assert result.site.cities == {}
