"""The preview's caches (preview/caches.py, preview/sidesync.py): only changed files are read,
only affected pages rendered."""

from __future__ import annotations

import os
import shutil
import threading
from datetime import date
from pathlib import Path

import pytest

from quartiersdoku.core.problems import Problem
from quartiersdoku.core.settings import Settings
from quartiersdoku.core.site import QuarterData, Site
from quartiersdoku.core.validate import load_site
from quartiersdoku.pages.render import Renderer
from quartiersdoku.preview.caches import FileCache, PageMemo, quarter_deps
from quartiersdoku.preview.notice import NOTICE_ID, Preview
from quartiersdoku.preview.sidesync import SideSync

TODAY = date(2026, 5, 1)


@pytest.fixture
def quarters(tmp_path: Path, fixture_project: Path) -> Path:
    copy = tmp_path / "quarters"
    shutil.copytree(fixture_project / "quarters", copy)
    return copy


def _settings(quarters: Path) -> Settings:
    return Settings(quarters_dir=quarters, today=TODAY)


def _touch(path: Path, text: str | None = None) -> None:
    """Write (or rewrite) a file so that its key changes even on coarse clocks."""
    content = path.read_text(encoding="utf-8") if text is None else text
    path.write_text(content, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def _names(paths: list[Path]) -> list[str]:
    return sorted(p.name for p in paths)


def _problems(result_problems: list[Problem]) -> list[tuple[str, int, int, str, str]]:
    return [(p.path.name, p.line, p.column, p.field, p.message) for p in result_problems]


def test_only_an_edited_file_is_read_again(quarters: Path) -> None:
    cache = FileCache()
    first = cache.load_site(_settings(quarters))
    assert _names(cache.reloaded) == ["_stadt.yaml", "altstadt.yaml", "hafen.yaml"]
    assert not first.errors

    again = cache.load_site(_settings(quarters))
    assert cache.reloaded == []
    assert [q.slug for q in again.site.quarters] == [q.slug for q in first.site.quarters]

    path = quarters / "musterstadt" / "altstadt.yaml"
    _touch(path, path.read_text(encoding="utf-8").replace("Ein dichtes", "Ein neues"))
    edited = cache.load_site(_settings(quarters))
    assert _names(cache.reloaded) == ["altstadt.yaml"]
    altstadt = next(q for q in edited.site.quarters if q.slug == "musterstadt/altstadt")
    assert altstadt.quarter.summary.startswith("Ein neues")
    # The unchanged files are the same objects: nothing was validated again.
    hafen = [q for q in edited.site.quarters if q.slug == "musterstadt/hafen"]
    assert (
        hafen[0].quarter is next(q for q in first.site.quarters if q.slug == hafen[0].slug).quarter
    )


def test_cached_checks_give_the_same_site_and_problems_as_a_fresh_load(quarters: Path) -> None:
    cache = FileCache()
    for _ in range(3):  # derived ids are derived again, not taken for explicit ones
        cached = cache.load_site(_settings(quarters))
    fresh = load_site(_settings(quarters))
    assert _problems(cached.problems) == _problems(fresh.problems)
    for mine, theirs in zip(cached.site.quarters, fresh.site.quarters, strict=True):
        assert mine.quarter == theirs.quarter


def test_duplicate_derived_ids_are_reported_alike_from_the_cache(quarters: Path) -> None:
    path = quarters / "musterstadt" / "hafen.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nmeasures:" not in text
    # Two measures with the same title derive the same id: an error with a hint.
    _touch(path, text + "measures:\n  - title: Uferpark\n  - title: Uferpark\n")
    fresh = _problems(load_site(_settings(quarters)).problems)
    assert any("Kennung" in p[4] and "Hinweis" in p[4] for p in fresh)
    cache = FileCache()
    assert _problems(cache.load_site(_settings(quarters)).problems) == fresh
    assert _problems(cache.load_site(_settings(quarters)).problems) == fresh
    assert cache.reloaded == []


def test_deleted_renamed_and_added_files(quarters: Path) -> None:
    cache = FileCache()
    cache.load_site(_settings(quarters))
    folder = quarters / "musterstadt"

    (folder / "hafen.yaml").rename(folder / "neuer-hafen.yaml")
    renamed = cache.load_site(_settings(quarters))
    assert _names(cache.reloaded) == ["neuer-hafen.yaml"]
    assert sorted(q.slug for q in renamed.site.quarters) == [
        "musterstadt/altstadt",
        "musterstadt/neuer-hafen",
    ]
    assert folder / "hafen.yaml" not in cache.entries

    shutil.copy(folder / "altstadt.yaml", folder / "kopie.yaml")
    added = cache.load_site(_settings(quarters))
    assert _names(cache.reloaded) == ["kopie.yaml"]
    assert len(added.site.quarters) == 3

    (folder / "kopie.yaml").unlink()
    removed = cache.load_site(_settings(quarters))
    assert cache.reloaded == []
    assert len(removed.site.quarters) == 2
    assert folder / "kopie.yaml" not in cache.entries


def test_a_broken_file_after_a_good_one_and_back(quarters: Path) -> None:
    cache = FileCache()
    cache.load_site(_settings(quarters))
    path = quarters / "musterstadt" / "altstadt.yaml"
    good = path.read_text(encoding="utf-8")

    _touch(path, good.replace("\ncity: Musterstadt\n", "\ncity: [Musterstadt\n"))
    broken = cache.load_site(_settings(quarters))
    # The syntax error, and the city's decision that names the quarter now missing.
    assert sorted({e.path.name for e in broken.errors}) == ["_stadt.yaml", "altstadt.yaml"]
    assert _problems(broken.errors) == _problems(load_site(_settings(quarters)).errors)
    # Unchanged and still broken: the same problems come from the cache.
    assert _problems(cache.load_site(_settings(quarters)).errors) == _problems(broken.errors)
    assert cache.reloaded == []

    _touch(path, good)
    fixed = cache.load_site(_settings(quarters))
    assert not fixed.errors
    assert _names(cache.reloaded) == ["altstadt.yaml"]


def test_a_cross_file_error_keeps_its_line_from_the_cache(quarters: Path) -> None:
    """Positions stay in the cache: a problem found across files still names its line."""
    city = quarters / "musterstadt" / "_stadt.yaml"
    _touch(
        city,
        city.read_text(encoding="utf-8").replace(
            "[musterstadt/altstadt]", "[musterstadt/gibtsnicht]"
        ),
    )
    cache = FileCache()
    cache.load_site(_settings(quarters))
    again = cache.load_site(_settings(quarters))
    assert cache.reloaded == []
    assert {e.path.name for e in again.errors} == {"_stadt.yaml", "altstadt.yaml"}
    assert all(e.line > 1 for e in again.errors)
    assert _problems(again.errors) == _problems(load_site(_settings(quarters)).errors)


def _render_all(cache: FileCache, memo: PageMemo, site: Site) -> list[str]:
    renderer = Renderer(site)
    memo.start(("key",))

    def render(data: QuarterData) -> tuple[str, bytes]:
        return renderer.quarter_page(data), b""

    for data in site.quarters:
        memo.quarter_page(data, quarter_deps(site, data, cache), render)
    return sorted(uri for uri, _ in memo.quarters.items())


def test_a_quarter_page_is_rendered_again_only_when_its_files_changed(quarters: Path) -> None:
    cache, memo = FileCache(), PageMemo()
    _render_all(cache, memo, cache.load_site(_settings(quarters)).site)
    assert memo.rendered[0] == 2

    _render_all(cache, memo, cache.load_site(_settings(quarters)).site)
    assert memo.rendered[0] == 0

    hafen = quarters / "musterstadt" / "hafen.yaml"
    _touch(hafen, hafen.read_text(encoding="utf-8").replace("name: Hafen", "name: Hafenviertel"))
    site = cache.load_site(_settings(quarters)).site
    _render_all(cache, memo, site)
    assert memo.rendered[0] == 1
    page = memo.quarters["quartiere/musterstadt/hafen.md"][1][0]
    assert "Hafenviertel" in page


def test_a_city_file_change_renders_its_quarters_again(quarters: Path) -> None:
    cache, memo = FileCache(), PageMemo()
    _render_all(cache, memo, cache.load_site(_settings(quarters)).site)
    city = quarters / "musterstadt" / "_stadt.yaml"
    _touch(
        city,
        city.read_text(encoding="utf-8").replace(
            "Koordinationsstellen einrichten", "Koordinationsstellen dauerhaft einrichten"
        ),
    )
    site = cache.load_site(_settings(quarters)).site
    _render_all(cache, memo, site)
    assert memo.rendered[0] == 2
    altstadt = memo.quarters["quartiere/musterstadt/altstadt.md"][1][0]
    assert "Koordinationsstellen dauerhaft einrichten" in altstadt


def test_a_changed_date_or_template_key_renders_everything_again(quarters: Path) -> None:
    cache, memo = FileCache(), PageMemo()
    site = cache.load_site(_settings(quarters)).site
    _render_all(cache, memo, site)
    memo.start(("another key",))
    assert memo.quarters == {}


# ------------------------------------------------------------------------- side files


def test_open_data_is_written_only_when_it_changed(tmp_path: Path) -> None:
    side = SideSync()
    files = {"daten/a.json": "1", "daten/b/c.json": "2"}
    side.write_data(tmp_path, lambda: list(files.items()))  # the first time: in full, inline
    assert (tmp_path / "daten" / "a.json").read_text() == "1"
    before = (tmp_path / "daten" / "b" / "c.json").stat().st_mtime_ns

    files = {"daten/a.json": "neu"}  # c.json is gone, a.json changed
    side.write_data(tmp_path, lambda: list(files.items()))  # now in the background
    assert side.thread is not None
    side.thread.join(timeout=30)
    assert (tmp_path / "daten" / "a.json").read_text() == "neu"
    assert not (tmp_path / "daten" / "b").exists()
    assert before  # (c.json existed)
    assert not list(tmp_path.rglob("*.neu"))  # no temporary file left behind


def test_a_running_data_writer_is_stopped_before_the_next_build(tmp_path: Path) -> None:
    side = SideSync()
    side.write_data(tmp_path, lambda: [("daten/a.json", "1")])
    started, release = threading.Event(), threading.Event()

    def slow() -> list[tuple[str, str]]:
        started.set()
        release.wait(timeout=30)
        return [("daten/a.json", "alt")]

    side.write_data(tmp_path, slow)
    assert started.wait(timeout=30)
    thread, cancel = side.thread, side.cancel
    assert thread is not None
    # The producer finishes only once the writer has been told to stop.
    helper = threading.Thread(target=lambda: (cancel.wait(30), release.set()))
    helper.start()
    side.stop()  # cancels, then waits: nothing is written after stop() returns
    helper.join(timeout=30)
    assert not thread.is_alive()
    assert (tmp_path / "daten" / "a.json").read_text() == "1"


# ------------------------------------------------------------------------- the notice


def test_the_notice_is_replaced_on_kept_pages() -> None:
    page = "<html><head><title>x</title></head><body><p>Inhalt</p></body></html>"
    one = Preview(
        active=True, errors=[Problem(Path("a.yaml"), 1, 2, "", "kaputt-eins")], root=Path("/")
    )
    two = Preview(
        active=True, errors=[Problem(Path("b.yaml"), 3, 4, "", "kaputt-zwei")], root=Path("/")
    )
    shown = one.decorate(page)
    assert NOTICE_ID in shown
    assert one.undecorate(shown) == page
    replaced = two.decorate(two.undecorate(shown))
    assert "kaputt-zwei" in replaced
    assert "kaputt-eins" not in replaced
    assert replaced.count(NOTICE_ID) == two.decorate(page).count(NOTICE_ID)


def test_the_preview_makes_the_same_maps_as_the_build(quarters: Path) -> None:
    """`SideSync._all_maps` mirrors `maps.all_maps`, with a memo per quarter."""
    from quartiersdoku.pages.maps import all_maps

    cache, side = FileCache(), SideSync()
    site = cache.load_site(_settings(quarters)).site

    def deps(data: QuarterData) -> object:
        return quarter_deps(site, data, cache)

    assert list(side._all_maps(site, deps)) == list(all_maps(site))
    assert list(side._all_maps(site, deps)) == list(all_maps(site))  # from the memo


def test_placeholder_hints_from_the_cache_equal_a_fresh_load(quarters: Path) -> None:
    path = quarters / "musterstadt" / "hafen.yaml"
    _touch(path, path.read_text(encoding="utf-8") + "district: <Stadtbezirk>\n")
    fresh = _problems(load_site(_settings(quarters)).problems)
    assert any("Platzhalter" in p[4] for p in fresh)
    cache = FileCache()
    assert _problems(cache.load_site(_settings(quarters)).problems) == fresh
    assert _problems(cache.load_site(_settings(quarters)).problems) == fresh
