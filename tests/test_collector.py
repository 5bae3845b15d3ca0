"""CPython's collector across a build (engine/collector.py).

Every build hands back what it settled (`mkdocs serve` runs for hours, and so does
`mkdocs serve --clean`, which MkDocs starts as "build"), so a rebuild leaves nothing
of the build before it alive; when MkDocs shuts the plugin down, the process ends
and everything is settled (the interpreter's exit then walks nothing).
"""

from __future__ import annotations

import gc
import shutil
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from quartiersdoku.engine.plugin import QuartiersdokuPlugin

FIXTURE = Path(__file__).parent / "fixtures" / "project"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "projekt"
    shutil.copytree(FIXTURE, copy)
    monkeypatch.chdir(copy)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796000000")
    return copy


@pytest.fixture(autouse=True)
def _collector_as_before() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the test process goes on: nothing stays settled


@pytest.fixture(autouse=True)
def _own_plugin_instances() -> Iterator[None]:
    """MkDocs keeps one instance of a plugin with `on_startup` per process (its plugin
    cache); these tests start it as `build` and `serve`: they get their own instances and
    leave the cache as it was for the tests after them."""
    cache = vars(MkDocsConfig)["plugins"].plugin_cache
    kept = dict(cache)
    cache.clear()
    yield
    cache.clear()
    cache.update(kept)


def _config(project: Path, site: Path, command: Literal["build", "serve"]) -> Any:
    """A configuration as MkDocs' command line makes it, `on_startup` included."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command=command, dirty=command == "serve")
    return config


def test_mkdocs_build_settles_everything_when_it_shuts_down(project: Path, tmp_path: Path) -> None:
    config = _config(project, tmp_path / "site", "build")
    build(config)
    assert gc.get_freeze_count() == 0  # the build handed back what it settled
    config.plugins.on_shutdown()  # as MkDocs' command line does before the process ends
    # the site, the pages, the navigation: nothing left for the collector to walk at exit
    assert gc.get_freeze_count() > 10_000


@pytest.mark.parametrize("command", ["serve", "build"])  # `mkdocs serve --clean` starts as "build"
def test_a_rebuild_leaves_nothing_of_the_build_before_alive(
    command: Literal["build", "serve"],
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pages: list[weakref.ref[Page]] = []
    post_page = QuartiersdokuPlugin.on_post_page

    def spy(self: QuartiersdokuPlugin, output: str, *, page: Page, config: Any) -> str:
        pages.append(weakref.ref(page))  # a Page and its File refer to each other: a cycle
        return post_page(self, output, page=page, config=config)

    monkeypatch.setattr(QuartiersdokuPlugin, "on_post_page", spy)
    config = _config(project, tmp_path / "site", command)
    dirty = command == "serve"

    build(config, dirty=dirty)
    assert gc.get_freeze_count() == 0  # the build hands back what it settled
    first = list(pages)
    assert len(first) > 10

    pages.clear()
    build(config, dirty=dirty)  # the server's next build, with the same plugin
    gc.collect()
    assert [ref() for ref in first if ref() is not None] == []
