"""The benchmark (scripts/bench): its corpus, a run with a tiny N, and the optimisations it led to.

No timing is asserted here: targets live in the benchmark (quartiersdoku/tools/bench/report.py).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mkdocs_process import load_configured
from pymdownx.slugs import slugify

from quartiersdoku.core.cputime import INDEXER, LOADING, PHASES, VALIDATION, CpuLedger
from quartiersdoku.core.settings import Settings
from quartiersdoku.core.tracking import decisions_for
from quartiersdoku.core.validate import load_site
from quartiersdoku.engine.stash import stash_html, unstash_html
from quartiersdoku.pages.directories import Directories
from quartiersdoku.pages.markup import MarkdownRenderer, clean, plain_paragraphs
from quartiersdoku.pages.render import Renderer
from quartiersdoku.tools.bench.corpus import make_bare_project, make_project
from quartiersdoku.tools.bench.run import _set_search, cpu_seconds
from quartiersdoku.tools.bench.weigh import page_types

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("korpus")
    make_project(root, 6, repo=REPO)
    return root


def test_corpus_is_a_valid_project(corpus: Path) -> None:
    result = load_site(Settings(quarters_dir=corpus / "quarters"))
    assert result.errors == []
    quarters = result.site.quarters
    assert len(quarters) == 6
    for data in quarters:
        q = data.quarter
        assert (len(q.measures), len(q.events), len(q.contacts), len(q.programmes)) == (5, 2, 2, 1)
        assert data.boundary is not None  # the GeoJSON file beside the quarter file
        assert (corpus / "quarters" / data.city_key / q.boundary).is_file()  # type: ignore[operator]
        assert len(q.description or "") > 600  # realistic length, not "lorem"
    assert len({d.city_key for d in quarters}) >= 3
    assert len({(d.city_key, d.quarter.district) for d in quarters}) >= 3
    assert all(city.city is not None for city in result.site.cities.values())
    config = (corpus / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- quartiersdoku:" in config
    assert "- search:" not in config  # as the repository's: Pagefind, no Material search
    assert (corpus / "content" / "index.md").is_file()


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted((root / "quarters").rglob("*"))
            if p.is_file()
        }

    make_project(tmp_path / "a", 4, repo=REPO)
    make_project(tmp_path / "b", 4, repo=REPO)
    assert files(tmp_path / "a") == files(tmp_path / "b")


def test_bare_project_has_pages_of_the_asked_size(tmp_path: Path) -> None:
    make_bare_project(tmp_path, 3, page_bytes=5000)
    pages = sorted((tmp_path / "docs" / "seiten").glob("*.md"))
    assert len(pages) == 3
    assert all(5000 <= len(p.read_bytes()) < 7000 for p in pages)
    assert "not_in_nav" in (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")


def _bench(tmp_path: Path, *args: str) -> dict[str, Any]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "quartiersdoku.tools.bench",
            *args,
            "--json",
            "--keep",
            str(tmp_path),
        ],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures: dict[str, Any] = json.loads(result.stdout)
    return figures


@pytest.mark.browser
def test_benchmark_reports_every_figure(tmp_path: Path) -> None:
    """scripts/bench 3 --search pagefind --json: every figure measured, every target judged."""
    figures = _bench(tmp_path, "3", "--search", "pagefind")
    for key in (
        "build_seconds", "per_quarter_ms", "build_max_rss", "site_bytes", "html_pages",
        "bare_seconds", "ratio", "start_page_bytes", "quarter_page_bytes",
        "pagefind_first_query_bytes", "pagefind_seconds", "pagefind_pages",
        "serve_startup_seconds", "serve_edit_seconds", "pagefind_specific_bytes",
        "pagefind_specific_results",
    ):  # fmt: skip
        assert figures[key], key
    assert figures["quarters"] == 3
    assert list(figures["cpu_seconds"]) == list(PHASES)
    assert figures["cpu_seconds"]["Suchindex"] > 0  # Pagefind's process, reaped in the build
    assert 0 < figures["cores_busy"] <= 1.05  # CPU time over wall time × cores
    assert figures["search_engine"] == "pagefind"
    assert figures["pagefind_results"] > 0
    assert figures["pagefind_wait_seconds"] is not None
    # The index is written by the build and nothing of the search loads with a page.
    assert figures["start_page_search_bytes"] == 0
    assert figures["quarter_page_search_bytes"] == 0
    assert figures["lunr_first_query_bytes"] is None
    assert figures["build_max_rss"] > 20 * 1024 * 1024  # the build process, not this one
    # Every directory's first page is weighed; before consent a map costs no request.
    assert set(figures["directory_page_bytes"]) == {
        "anlaufstellen", "termine", "massnahmen", "beschluesse", "archiv",
    }  # fmt: skip
    assert all(size > 0 for size in figures["directory_page_bytes"].values())
    for page in ("start_page_resources", "quarter_page_resources"):
        assert not [path for path in figures[page] if "/karten/" in path or "leaflet" in path]
    # Lighthouse (npm, mobile) scored both pages in every category.
    assert set(figures["lighthouse"]) == {"start", "quarter"}
    for scores in figures["lighthouse"].values():
        assert set(scores) == {"performance", "accessibility", "best-practices", "seo"}
        assert all(0 < score <= 1 for score in scores.values())
    verdicts = {t["name"]: t["verdict"] for t in figures["targets"]}
    assert len(verdicts) == 13
    assert verdicts["Vorschau erste Seite / serve first page"] in {"PASS", "FAIL"}  # judged
    assert set(verdicts.values()) <= {"PASS", "FAIL", "–"}
    assert figures["notes"] == []  # e.g. no request to another host


@pytest.mark.parametrize(
    ("engine", "material_search"), [("lunr", True), ("auto", True), ("pagefind", False)]
)
def test_bench_sets_the_search_of_the_corpus(
    corpus: Path, tmp_path: Path, engine: str, material_search: bool
) -> None:
    """`--search`: lunr and auto get Material's search plugin listed (the repository's
    mkdocs.yml has none; engine/search.py refuses lunr without it)."""
    project = tmp_path / "projekt"
    shutil.copytree(corpus, project, ignore=shutil.ignore_patterns("site"))
    _set_search(project, engine)
    config = load_configured(project / "mkdocs.yml")
    assert config.plugins["quartiersdoku"].config.search == engine
    assert config.plugins["quartiersdoku"].engine == (
        "pagefind" if engine == "pagefind" else "lunr"
    )
    assert ("material/search" in config.plugins) is material_search


@pytest.mark.browser
def test_benchmark_measures_material_search(tmp_path: Path) -> None:
    """With `--search lunr`, the query goes through Material's box."""
    figures = _bench(
        tmp_path, "3", "--search", "lunr", "--no-bare", "--no-serve", "--no-lighthouse"
    )
    assert figures["search_engine"] == "lunr"
    assert figures["lunr_first_query_bytes"] > 0
    assert figures["lunr_results"] > 0
    assert figures["start_page_search_bytes"] > 0  # Material fetches its index on page load
    assert figures["pagefind_seconds"] is None
    assert figures["lighthouse"] is None
    assert figures["notes"] == []


def test_cpu_shares_are_read_back_from_the_build_log() -> None:
    """The ledger's log line, as the bench reads it: every phase, loading not counted twice."""
    ledger = CpuLedger()
    with ledger.phase(VALIDATION):
        with ledger.phase(LOADING, within=VALIDATION):
            sum(range(200_000))
        sum(range(100_000))
    ledger.book(INDEXER, 1.25)  # a child process' time
    line = f"INFO    -  quartiersdoku: {ledger.line()}"
    read = cpu_seconds(f"andere Zeile\n{line}\nnoch eine")
    assert read is not None
    assert list(read) == list(PHASES)
    totals = ledger.totals()
    assert read == {phase: round(seconds, 2) for phase, seconds in totals.items()}
    assert read[INDEXER] == 1.25
    assert totals[LOADING] > 0
    assert totals[VALIDATION] >= 0
    assert cpu_seconds("kein Bau") is None


# ------------------------------------------------------------------ optimisations


def _markdown_path(text: str) -> str:
    renderer = MarkdownRenderer()
    source = text.replace("&", "&amp;").replace("<", "&lt;")
    return clean(renderer._md.reset().convert(source))


_PROSE = st.lists(
    st.sampled_from([*"abcäöüßXYZÄ 019.,;:?!„“\"'()/%€–-\n", "  ", "\n\n", "Straße "]), max_size=40
).map("".join)


@given(_PROSE)
def test_plain_text_shortcut_gives_what_markdown_gives(text: str) -> None:
    text = text.strip()
    plain = plain_paragraphs(text)
    if plain is not None:
        assert plain == clean(plain) == _markdown_path(text)


def test_the_sanitiser_leaves_every_character_of_plain_prose_as_it_is() -> None:
    # Plain prose skips nh3 (markup.MarkdownRenderer._render): it must have nothing to clean.
    admitted = [
        chr(code)
        for code in range(0x110000)
        if not 0xD800 <= code < 0xE000 and plain_paragraphs(f"a{chr(code)}b") is not None
    ]
    assert len(admitted) > 100_000  # letters and digits of every script
    for start in range(0, len(admitted), 5_000):
        fragment = "<p>a" + " a".join(admitted[start : start + 5_000]) + "</p>"
        assert clean(fragment) == fragment
    paragraphs = plain_paragraphs("Erster Absatz, „zitiert“.\n\nZweiter (100 %) – Ende…")
    assert paragraphs is not None
    assert clean(paragraphs) == paragraphs


def test_plain_text_shortcut_on_corpus_texts(corpus: Path) -> None:
    result = load_site(Settings(quarters_dir=corpus / "quarters"))
    texts = [
        text
        for data in result.site.quarters
        for text in [
            data.quarter.description,
            data.quarter.potentials,
            *(m.summary for m in data.quarter.measures),
            *(e.outcomes for e in data.quarter.events),
        ]
        if text
    ]
    shortcut = [t for t in texts if plain_paragraphs(t) is not None]
    assert len(shortcut) > len(texts) // 2  # the shortcut is taken for plain prose
    renderer = MarkdownRenderer()
    for text in texts:
        assert renderer.block(text) == _markdown_path(text)
    for text in ("**fett**", "- Liste", "1. eins", "# Titel", "a  \nb", "Term\n: Def", "a_b"):
        assert plain_paragraphs(text) is None


def _site_markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["toc", "attr_list", "md_in_html", "admonition", "tables", "def_list", "abbr"],
        extension_configs={"toc": {"slugify": slugify(case="lower")}},
    )


def _normal(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("project", ["fixture", "corpus"])
def test_stashed_html_converts_to_the_same_page(
    project: str, corpus: Path, fixture_project: Path
) -> None:
    root = fixture_project if project == "fixture" else corpus
    result = load_site(Settings(quarters_dir=root / "quarters"))
    renderer = Renderer(result.site)
    pages = [renderer.quarter_index(), renderer.start_overview()]
    pages += [page.content for page in Directories(result.site, renderer, page_size=3).pages()]
    pages += [renderer.city_page(c) for c in result.site.cities.values() if c.city is not None]
    pages += [renderer.quarter_page(q) for q in result.site.quarters]
    stashed_any = False
    for page in pages:
        body = re.sub(r"\A---\n.*?\n---\n", "", page, flags=re.S)
        stashed, blocks = stash_html(body)
        stashed_any = stashed_any or bool(blocks)
        assert len(stashed) < len(body) or not blocks
        converted = unstash_html(_site_markdown().convert(stashed), blocks)
        assert _normal(converted) == _normal(_site_markdown().convert(body))
    assert stashed_any


def test_stash_keeps_front_matter_and_markdown_text() -> None:
    page = "---\ntitle: X\n---\n\n# X\n\n<p>a</p>\n\nText *mit* Markdown\n\n## Y\n\n<div>b</div>\n"
    stashed, blocks = stash_html(page)
    assert stashed.startswith("---\ntitle: X\n---\n")
    assert "Text *mit* Markdown" in stashed  # a stretch with Markdown text is left alone
    assert blocks == ["<div>b</div>"]


def test_renderer_decisions_match_tracking(fixture_project: Path) -> None:
    result = load_site(Settings(quarters_dir=fixture_project / "quarters"))
    renderer = Renderer(result.site)
    assert any(renderer.decisions_for(q) for q in result.site.quarters)
    for data in result.site.quarters:
        expected = [t.decision.id for t in decisions_for(result.site, data)]
        assert [t.decision.id for t in renderer.decisions_for(data)] == expected


def test_page_types_of_a_built_site(tmp_path: Path) -> None:
    """tools/bench/weigh.py: one page per type, found by URL shape; of several the largest."""
    for path, size in {
        "index.html": 1,
        "404.html": 1,
        "glossar/index.html": 1,
        "termine/index.html": 1,
        "termine/seite-2/index.html": 1,
        "quartiere/index.html": 1,
        "quartiere/hagen/index.html": 5,
        "quartiere/essen/index.html": 9,
        "quartiere/hagen/wehringhausen/index.html": 9,
        "quartiere/hagen/eckesey/index.html": 3,
        "quartiere/hagen/wehringhausen/ar/index.html": 2,
        "quartiere/hagen/eckesey/ar/index.html": 4,
        "quartiere/hagen/eckesey/leichte-sprache/index.html": 1,
        "karten/quartiere-hagen-eckesey.html": 99,
    }.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x" * size, encoding="utf-8")
    assert page_types(tmp_path) == {
        "start": "",
        "glossar": "glossar/",
        "quartiere": "quartiere/",
        "termine": "termine/",
        "city": "quartiere/essen/",
        "quarter": "quartiere/hagen/wehringhausen/",
        "quarter-ar": "quartiere/hagen/eckesey/ar/",
        "quarter-leichte-sprache": "quartiere/hagen/eckesey/leichte-sprache/",
        "404": "404.html",
    }
