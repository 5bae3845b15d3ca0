"""The helpers every layer shares: atomic files, the URL scheme, settings, the message prefix."""

from __future__ import annotations

import inspect
import logging
import os
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quartiersdoku.core import files
from quartiersdoku.core.config import read_plugin_options
from quartiersdoku.core.german import as_datetime, german_date
from quartiersdoku.core.logs import LOGGER_NAME, log
from quartiersdoku.core.problems import ProblemsFound, QuartiersdokuError, tagged
from quartiersdoku.core.settings import Region, settings_from_options
from quartiersdoku.core.urls import (
    city_src_uri,
    city_url,
    quarter_src_uri,
    quarter_url,
    relative_from,
    relative_url,
)
from quartiersdoku.engine.build import BuildFailed
from quartiersdoku.engine.sidefiles import SideFilesError
from quartiersdoku.engine.strategy import BuildStrategy, FullBuild, PreviewBuild
from quartiersdoku.exports.tiles import TileSettingsError
from quartiersdoku.search.lunr import SearchPatchError
from quartiersdoku.search.pagefind import PagefindError
from quartiersdoku.tools.new import NewFileError


def test_write_atomic_replaces_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "daten" / "a.json"
    files.write_atomic(target, '{"a": 1}\n')
    target.chmod(0o640)
    files.write_atomic(target, b'{"a": 2}\n')
    assert target.read_bytes() == b'{"a": 2}\n'
    assert target.stat().st_mode & 0o777 == 0o640  # an existing file keeps its permissions
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.json"]


def test_a_new_file_gets_the_mode_of_the_umask_not_0600(tmp_path: Path) -> None:
    target = tmp_path / "neu.yaml"
    files.write_atomic(target, "a: 1\n")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_swap_folder_puts_the_new_folder_in_place_and_drops_the_old(tmp_path: Path) -> None:
    target, fresh = tmp_path / "site", tmp_path / ".site-neu"
    (target / "alt").mkdir(parents=True)
    (fresh / "neu").mkdir(parents=True)
    files.swap_folder(fresh, target)
    assert [p.name for p in target.iterdir()] == ["neu"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_swap_folder_keeps_the_old_folder_when_the_swap_fails(tmp_path: Path) -> None:
    target = tmp_path / "site"
    (target / "alt").mkdir(parents=True)
    with pytest.raises(FileNotFoundError):
        files.swap_folder(tmp_path / "gibt-es-nicht", target)
    assert [p.name for p in target.iterdir()] == ["alt"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_remove_file_removes_folders_left_empty_but_not_the_root(tmp_path: Path) -> None:
    files.write_atomic(tmp_path / "karten/quartiere/hagen/a.html", "x")
    files.write_atomic(tmp_path / "karten/b.html", "y")
    files.remove_file(tmp_path, "karten/quartiere/hagen/a.html")
    assert not (tmp_path / "karten/quartiere").exists()
    assert (tmp_path / "karten/b.html").is_file()
    files.remove_file(tmp_path, "karten/b.html")
    assert tmp_path.is_dir()
    assert not any(tmp_path.iterdir())


def test_one_url_scheme_for_quarters_and_cities() -> None:
    assert quarter_url("hagen/wehringhausen") == "quartiere/hagen/wehringhausen/"
    assert quarter_src_uri("hagen/wehringhausen") == "quartiere/hagen/wehringhausen.md"
    assert city_url("hagen") == "quartiere/hagen/"
    assert city_url("") == "quartiere/"  # files directly in quarters/ belong to the index
    assert city_src_uri("hagen") == "quartiere/hagen/index.md"


# Paths as the site has them, and the awkward ones `relative_from` must leave to posixpath.
_URL = st.lists(
    st.sampled_from(["quartiere", "termine", "a", "b.md", "", ".", "..", "#x", "seite-2", "..."]),
    max_size=4,
).map("/".join)


@given(_URL, _URL, st.booleans(), st.booleans())
def test_relative_from_gives_the_links_of_relative_url(
    page: str, target: str, page_slash: bool, target_slash: bool
) -> None:
    page += "/" if page_slash else ""
    target += "/" if target_slash else ""
    assert relative_from(page)(target) == relative_url(page, target)


def test_relative_from_on_the_pages_of_a_site() -> None:
    link = relative_from("anlaufstellen/status/geplant/")
    assert link("quartiere/hagen/x/#anlaufstelle-a") == "../../../quartiere/hagen/x/#anlaufstelle-a"
    assert link("anlaufstellen/") == relative_url("anlaufstellen/status/geplant/", "anlaufstellen/")
    assert link("anlaufstellen/") == "../../"
    assert relative_from("")("quartiere/") == "quartiere/"
    assert relative_from("index.md")("quartiere/a/") == "quartiere/a/"


def test_as_datetime_and_german_date() -> None:
    assert as_datetime(date(2022, 3, 26)) == datetime(2022, 3, 26)
    moment = datetime(2022, 3, 26, 10, 0)
    assert as_datetime(moment) is moment
    assert german_date(date(2022, 3, 26)) == "26.03.2022"
    assert german_date(moment) == "26.03.2022, 10:00 Uhr"


def test_settings_from_mkdocs_yml_as_the_command_line_reads_it(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\nplugins:\n  - quartiersdoku:\n      quarters_dir: daten\n"
        "      region: {name: Hagen, south: 51.3, west: 7.4, north: 51.4, east: 7.6}\n",
        encoding="utf-8",
    )
    settings = settings_from_options(tmp_path, read_plugin_options(config))
    assert settings.quarters_dir == tmp_path / "daten"
    assert settings.region == Region("Hagen", 51.3, 7.4, 51.4, 7.6)
    defaults = settings_from_options(tmp_path, {})
    assert defaults.quarters_dir == tmp_path / "quarters"
    assert defaults.region == Region()


@pytest.mark.parametrize(
    "error",
    [
        BuildFailed,
        NewFileError,
        PagefindError,
        ProblemsFound,
        SearchPatchError,
        SideFilesError,
        TileSettingsError,
    ],
)
def test_our_exceptions_share_one_base(error: type[Exception]) -> None:
    assert issubclass(error, QuartiersdokuError)


def test_the_prefix_is_added_by_the_logger(caplog: pytest.LogCaptureFixture) -> None:
    assert tagged("12 Quartiere geladen.") == "quartiersdoku: 12 Quartiere geladen."
    with caplog.at_level(logging.INFO, logger=LOGGER_NAME):
        log.info("12 Quartiere geladen.")
    assert [r.getMessage() for r in caplog.records] == ["quartiersdoku: 12 Quartiere geladen."]


def test_both_build_strategies_have_the_same_interface() -> None:
    public = [n for n in vars(BuildStrategy) if not n.startswith("_")]
    for strategy in (FullBuild, PreviewBuild):
        for name in vars(strategy):
            if not name.startswith("_"):
                assert name in public, f"{strategy.__name__}.{name} is not in BuildStrategy"
        for name in public:
            mine, base = getattr(strategy, name), getattr(BuildStrategy, name)
            if callable(mine):
                assert inspect.signature(mine) == inspect.signature(base), name


def test_below_gives_the_path_under_the_root_as_written_or_resolved(tmp_path: Path) -> None:
    from quartiersdoku.core.problems import Problem, below

    root = tmp_path / "projekt"
    (root / "quarters").mkdir(parents=True)
    link = tmp_path / "verweis"
    link.symlink_to(root)
    path = root / "quarters" / "a.yaml"
    assert below(path, root) == Path("quarters/a.yaml")  # as written: no file system call
    assert below(link / "quarters" / "a.yaml", root) == Path("quarters/a.yaml")  # resolved
    assert below(tmp_path / "anderswo.yaml", root) is None
    assert below(root / ".." / "anderswo.yaml", root) is None  # written below, lies beside
    problem = Problem(path, 3, 5, "title", "Fehlt.")
    assert problem.format(root) == "quarters/a.yaml:3:5: title: Fehlt."
    assert problem.format(link) == "quarters/a.yaml:3:5: title: Fehlt."
    assert problem.format(tmp_path / "fremd") == f"{path}:3:5: title: Fehlt."
