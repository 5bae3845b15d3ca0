"""A second engine: the shipped site built with ProperDocs comes out as with MkDocs.

ProperDocs (PyPI `properdocs`) is the maintained drop-in fork of MkDocs 1.x.
It lives in its own environment, `.venv-properdocs` (made by `scripts/setup`
from `requirements.lock` plus `requirements-properdocs.lock`), so the project's
lock stays as it is. The shipped site (`mkdocs.yml`, `quarters/`, `content/`)
is built strictly once with each engine; the two sites must have the same
files with the same contents: pages, search index (Pagefind's), open data, map
documents, assets.

Without `.venv-properdocs` the tests are skipped with a note, unless
`QUARTIERSDOKU_REQUIRE_PROPERDOCS=1` (set by `scripts/test`, which runs
`scripts/setup` first): then a missing engine fails the run.
`QUARTIERSDOKU_PROPERDOCS` may name another `properdocs` binary.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs_process import build_site

from quartiersdoku.core.site import Site

REPO = Path(__file__).resolve().parent.parent
LOCK = REPO / "requirements-properdocs.lock"
PROPERDOCS = Path(
    os.environ.get("QUARTIERSDOKU_PROPERDOCS", REPO / ".venv-properdocs" / "bin" / "properdocs")
)

# The only line that legitimately differs: each engine names itself in the
# generator meta of every page Material renders, e.g. `content="mkdocs-1.6.1,
# mkdocs-material-9.8.1"` and `content="mkdocs-ProperDocs 1.6.7,
# mkdocs-material-9.8.1"`. The engine's part is replaced by "ENGINE"; the
# theme's part must stay equal.
GENERATOR = re.compile(rb'(<meta name="generator" content=")mkdocs-(?:ProperDocs )?[0-9.]+(, )')


def normalised(content: bytes) -> bytes:
    """A file's bytes with the engine's name in the generator meta replaced (see GENERATOR).

    Nothing else: Pagefind's entry file, whose languages Pagefind writes in hash-map
    order, is ordered by the plugin (search/pagefind.py `order_languages`).
    """
    return GENERATOR.sub(rb"\1ENGINE\2", content)


def _properdocs() -> Path:
    if PROPERDOCS.is_file():
        return PROPERDOCS
    message = f"ProperDocs is not installed ({PROPERDOCS}); scripts/setup installs it"
    if os.environ.get("QUARTIERSDOKU_REQUIRE_PROPERDOCS") == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@dataclass(frozen=True)
class Builds:
    mkdocs: Path
    properdocs: Path


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """The shipped site built strictly once with each engine, at the same build time.

    SOURCE_DATE_EPOCH fixes the build date for both (the site shows statuses
    relative to it, and MkDocs stamps `sitemap.xml.gz` with it), so a build
    that crosses midnight or a second does not make a difference.
    """
    binary = _properdocs()
    env = {"SOURCE_DATE_EPOCH": str(int(time.time()))}
    root = tmp_path_factory.mktemp("engines")
    config = REPO / "mkdocs.yml"
    return Builds(
        mkdocs=build_site(config, root / "mkdocs", env=env),
        properdocs=build_site(config, root / "properdocs", engine=[str(binary)], env=env),
    )


def _files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def _part(path: str) -> str:
    """Which part of the site a file belongs to, for the report of the comparison."""
    top = path.split("/", 1)[0]
    if top in {"search", "pagefind"}:
        return "search"
    if top in {"daten", "karten"}:
        return "exports"
    if top == "assets":
        return "assets"
    return "pages"


def test_the_pinned_properdocs_is_installed() -> None:
    pinned = re.search(r"^properdocs==(\S+) ", LOCK.read_text(encoding="utf-8"), re.MULTILINE)
    assert pinned is not None, "requirements-properdocs.lock pins no properdocs"
    result = subprocess.run(
        [str(_properdocs()), "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert f"version {pinned.group(1)} " in result.stdout


def test_properdocs_built_the_site_with_our_plugin(builds: Builds, shipped_site: Site) -> None:
    """Not MkDocs in disguise: ProperDocs names itself, and the plugin's pages are there."""
    start = (builds.properdocs / "index.html").read_text(encoding="utf-8")
    assert 'content="mkdocs-ProperDocs ' in start
    for data in shipped_site.quarters:
        assert (builds.properdocs / data.url / "index.html").is_file(), data.url
    assert (builds.properdocs / "pagefind" / "pagefind.js").is_file()
    assert (builds.properdocs / "daten" / "quartiere.json").is_file()


def test_both_engines_write_the_same_files(builds: Builds) -> None:
    mkdocs, properdocs = _files(builds.mkdocs), _files(builds.properdocs)
    assert sorted(set(mkdocs) - set(properdocs)) == [], "only MkDocs wrote these"
    assert sorted(set(properdocs) - set(mkdocs)) == [], "only ProperDocs wrote these"


@pytest.mark.parametrize("part", ["pages", "search", "exports", "assets"])
def test_both_engines_write_the_same_contents(builds: Builds, part: str) -> None:
    files = [f for f in _files(builds.mkdocs) if _part(f) == part]
    assert files, f"the site has no file of part {part!r}"
    differing = [
        f
        for f in files
        if (builds.properdocs / f).is_file()
        and normalised((builds.mkdocs / f).read_bytes())
        != normalised((builds.properdocs / f).read_bytes())
    ]
    assert differing == [], f"{part}: ProperDocs' files differ from MkDocs' ones"


def test_the_normalisation_touches_only_the_engines_name() -> None:
    mkdocs = b'<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.1">'
    properdocs = b'<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1">'
    assert normalised(mkdocs) == normalised(properdocs)
    other_theme = b'<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.9.0">'
    assert normalised(other_theme) != normalised(properdocs)
    assert normalised(b"<p>mkdocs-1.6.1, </p>") == b"<p>mkdocs-1.6.1, </p>"
