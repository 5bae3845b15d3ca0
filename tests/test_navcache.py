"""Material's navigation rendered once per group of pages (engine/navcache.py): same bytes."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from quartiersdoku.engine.navcache import NavCache

FIXTURE = Path(__file__).parent / "fixtures" / "project"


def _page(config: Any, src_uri: str, **meta: str) -> Page:
    file = File(src_uri, "/nowhere", "/nowhere/site", use_directory_urls=True)
    page = Page(None, file, config)
    page.meta = dict(meta)
    return page


@pytest.fixture
def mkdocs_config() -> Any:
    return load_config(str(FIXTURE / "mkdocs.yml"))


def test_pages_outside_the_navigation_share_it_by_language_and_folder(mkdocs_config: Any) -> None:
    home = _page(mkdocs_config, "index.md")
    legal = _page(mkdocs_config, "impressum.md")
    overview = _page(mkdocs_config, "quartiere/index.md")
    nav = Navigation([home, overview, Section("Rechtliches", [legal])], [home, overview, legal])
    cache = NavCache(nav)

    assert cache.key(home) is None  # in the navigation: its item is active there
    assert cache.key(legal) is None
    assert cache.key(overview) is None
    assert cache.key(None) is None  # the 404 page has no page of its own

    one = _page(mkdocs_config, "quartiere/hagen/wehringhausen.md")
    two = _page(mkdocs_config, "quartiere/hagen/altenhagen.md")
    other_city = _page(mkdocs_config, "quartiere/iserlohn/suedliche-innenstadt.md")
    turkish = _page(mkdocs_config, "quartiere/hagen/wehringhausen/tr.md", lang="tr")
    assert cache.key(one) == cache.key(two) == ("", "quartiere/hagen")
    assert cache.key(other_city) == ("", "quartiere/iserlohn")
    assert cache.key(turkish) == ("tr", "quartiere/hagen/wehringhausen")


def test_a_page_with_a_navigation_item_below_it_renders_its_own(mkdocs_config: Any) -> None:
    deep = _page(mkdocs_config, "bereich/unterseite.md")
    nav = Navigation([deep], [deep])
    cache = NavCache(nav)
    above = _page(mkdocs_config, "bereich.md")  # URL bereich/: the item's link starts with it
    assert cache.key(above) is None
    assert cache.key(_page(mkdocs_config, "anderes/seite.md")) == ("", "anderes")


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _build(project: Path, site: Path) -> Any:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    build(config)
    return config.plugins["quartiersdoku"]


def test_the_site_is_the_same_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "projekt"
    shutil.copytree(FIXTURE, project)
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796000000")

    plugin = _build(project, tmp_path / "mit")
    cache = plugin.nav_cache
    assert cache.rendered > 0
    assert cache.reused > 0  # pages of the same folder took the kept navigation

    monkeypatch.setattr(NavCache, "install", lambda self, env: SimpleNamespace())
    _build(project, tmp_path / "ohne")

    with_cache, without = _files(tmp_path / "mit"), _files(tmp_path / "ohne")
    assert with_cache.keys() == without.keys()
    differing = [path for path in with_cache if with_cache[path] != without[path]]
    assert differing == []
