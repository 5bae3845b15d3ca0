"""Quarter pages rendered by forked workers (issue 15): the same pages, in site order."""

from __future__ import annotations

from pathlib import Path

import pytest

from quartiersdoku.core.settings import Settings
from quartiersdoku.core.site import QuarterData, Site
from quartiersdoku.core.validate import load_site
from quartiersdoku.engine import strategy
from quartiersdoku.engine.pagepool import PagePool, PagePoolError
from quartiersdoku.engine.stash import stash_page
from quartiersdoku.pages.render import Renderer
from quartiersdoku.preview.notice import Preview
from quartiersdoku.tools.bench.corpus import make_project

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("pool")
    make_project(root, 7, repo=REPO)
    result = load_site(Settings(quarters_dir=root / "quarters"))
    assert not result.errors
    return result.site


@pytest.mark.parametrize("workers", [1, 2, 3, 20])
def test_workers_render_the_same_pages_in_site_order(site: Site, workers: int) -> None:
    renderer = Renderer(site, REPO / "templates")

    def render(data: QuarterData) -> tuple[str, bytes]:
        return stash_page(renderer.quarter_page(data))

    expected = [render(data) for data in site.quarters]
    pool = PagePool(site.quarters, render, workers)
    assert pool.workers == min(workers, len(site.quarters))
    assert pool.results() == expected
    assert not pool.folder.exists()  # the workers' files are gone


def test_a_failing_worker_fails_with_the_page_and_its_error(site: Site) -> None:
    broken = site.quarters[3]

    def render(data: QuarterData) -> tuple[str, bytes]:
        if data is broken:
            raise ValueError("Vorlage kaputt")
        return (data.src_uri, b"")

    pool = PagePool(site.quarters, render, 2)
    with pytest.raises(PagePoolError) as caught:
        pool.results()
    message = str(caught.value)
    assert message.startswith("Ein Prozess, der Quartiersseiten erzeugt, ist abgebrochen")
    assert broken.src_uri in message
    assert "ValueError: Vorlage kaputt" in message
    assert not pool.folder.exists()


def test_cancel_stops_the_workers(site: Site) -> None:
    def render(data: QuarterData) -> tuple[str, bytes]:
        return (data.src_uri, b"")

    pool = PagePool(site.quarters, render, 2)
    processes = list(pool.processes)
    pool.cancel()
    assert all(not process.is_alive() for process in processes)
    assert not pool.folder.exists()


def test_the_preview_renders_its_first_build_in_the_pool_and_keeps_the_memo(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`scripts/serve`: the first build's quarter pages come from the pool into the memo;
    the next build (nothing changed) renders none of them again."""
    monkeypatch.setattr(strategy, "POOL_FROM", 2)
    # The preview forks only while no other thread runs (MkDocs' server starts after its
    # first build). Earlier tests of this session may leave idle threads (servers of
    # session fixtures) that hold no lock the workers need, so the check is taken as
    # passed here: the test is about the memo, not about when forking is safe.
    monkeypatch.setattr(strategy, "can_fork", lambda: True)
    renderer = Renderer(site, REPO / "templates")
    calls: list[str] = []

    def render(data: QuarterData) -> tuple[str, bytes]:
        calls.append(data.src_uri)  # only in this process: the workers' calls are not seen
        return stash_page(renderer.quarter_page(data))

    preview = strategy.PreviewBuild(Preview())
    preview.state.memo.start(("Schlüssel",))
    first = preview.start_quarter_pages(site, render)
    assert preview.pool is not None  # the pool was started
    pages = list(first())
    assert pages == [stash_page(renderer.quarter_page(data)) for data in site.quarters]
    assert calls == []  # every page came from the workers
    assert preview.state.memo.rendered[0] == len(site.quarters)

    preview.state.memo.start(("Schlüssel",))
    again = preview.start_quarter_pages(site, render)
    assert preview.pool is None  # nothing stale: no pool
    assert list(again()) == pages
    assert calls == []
    assert preview.state.memo.rendered[0] == 0
