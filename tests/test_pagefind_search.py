"""Which search a site gets (plugin option `search`), Material's search plugin removed for
Pagefind, and the Pagefind indexer (quartiersdoku/search/pagefind.py) when things go wrong.

The browser side (the dialog, stemming, what loads when) is tests/browser/test_search_pagefind.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs_process import load_configured, run_build

from quartiersdoku.engine.options import PAGEFIND_FROM
from quartiersdoku.search.pagefind import (
    OUTPUT_SUBDIR,
    PagefindError,
    StreamingIndexer,
    content_only,
    count_quarters,
    effective_engine,
    searchable,
)

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
PAGEFIND_PROJECT = FIXTURES / "pagefind-project" / "mkdocs.yml"
PAGE = (
    '<html lang="de"><body><article class="md-content__inner md-typeset">'
    "<h1>{title}</h1><p>{text}</p></article></body></html>"
)


@pytest.mark.parametrize(
    ("option", "quarters", "expected"),
    [
        ("lunr", 10_000, "lunr"),
        ("pagefind", 1, "pagefind"),
        ("pagefind", 0, "pagefind"),
        ("auto", 49, "lunr"),
        ("auto", 50, "pagefind"),
        ("auto", 10_000, "pagefind"),
    ],
)
def test_effective_engine(option: str, quarters: int, expected: str) -> None:
    assert effective_engine(option, quarters, 50) == expected


def test_quarters_are_counted_without_city_files(fixture_project: Path, tmp_path: Path) -> None:
    assert count_quarters(fixture_project / "quarters") == 2  # and one _stadt.yaml
    assert count_quarters(REPO / "quarters") < PAGEFIND_FROM  # the shipped site keeps lunr
    assert count_quarters(tmp_path / "gibt-es-nicht") == 0


def test_searchable_pages() -> None:
    assert searchable("konferenz.md", {})
    assert searchable("quartiere/stadt/altstadt.md", {"search": {"boost": 2}})
    assert not searchable("massnahmen/status/laufend/index.md", {"search": {"exclude": True}})
    assert not searchable("quartiere/index.md", {})  # every quarter: on its own page


def _search_hooks(config: MkDocsConfig) -> list[str]:
    return [
        f"{event}: {method}"
        for event, methods in config.plugins.events.items()
        for method in methods
        if type(getattr(method, "__self__", None)).__module__.startswith("material.plugins.search")
    ]


def test_pagefind_removes_material_search() -> None:
    config = load_configured(PAGEFIND_PROJECT)
    assert config.plugins["quartiersdoku"].engine == "pagefind"
    assert "material/search" not in config.plugins
    assert "search" not in config.plugins
    assert _search_hooks(config) == []  # neither indexes pages nor writes search_index.json


@pytest.mark.parametrize(("threshold", "engine"), [(2, "pagefind"), (3, "lunr")])
def test_auto_counts_the_quarters(threshold: int, engine: str) -> None:
    config = load_configured(PAGEFIND_PROJECT, search="auto", pagefind_from=threshold)  # 2 quarters
    assert config.plugins["quartiersdoku"].engine == engine
    assert ("material/search" in config.plugins) is (engine == "lunr")
    assert bool(_search_hooks(config)) is (engine == "lunr")


def test_the_shipped_site_keeps_material_search() -> None:
    config = load_configured(REPO / "mkdocs.yml")
    assert config.plugins["quartiersdoku"].config.search == "auto"  # the default
    assert config.plugins["quartiersdoku"].engine == "lunr"
    assert "material/search" in config.plugins
    assert _search_hooks(config)


def test_only_the_content_goes_to_pagefind() -> None:
    page = (
        '<html lang="de"><head><title>T</title></head><body><nav>Menü</nav>'
        '<article class="md-content__inner md-typeset"><h1>Titel</h1><p>Text</p></article>'
        "<footer>Fuß</footer></body></html>"
    )
    assert content_only(page) == (
        '<html lang="de"><body><article class="md-content__inner md-typeset">'
        "<h1>Titel</h1><p>Text</p></article></body></html>"
    )
    nested = page.replace("<p>Text</p>", "<article><p>Text</p></article>")
    assert content_only(nested) == nested  # not cut unambiguously: the whole page
    assert content_only("<p>ohne Artikel</p>") == "<p>ohne Artikel</p>"


# --------------------------------------------------------------------- the indexer


def test_indexer_writes_a_complete_index(tmp_path: Path) -> None:
    indexer = StreamingIndexer()
    indexer.add(PAGE.format(title="Rathaus", text="Die Sanierung beginnt."), "/rathaus/")
    indexer.add(PAGE.format(title="Markt", text="Ein Geschäft."), "/markt/")
    written = indexer.write(tmp_path)
    assert written.pages == 2
    index = tmp_path / OUTPUT_SUBDIR
    assert (index / "pagefind.js").is_file()
    assert len(list((index / "fragment").glob("*.pf_fragment"))) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [OUTPUT_SUBDIR]  # no temporary folder


def test_each_language_gets_its_own_index(tmp_path: Path) -> None:
    # A quarter's language versions (pages/translations.py) carry their own <html lang>.
    turkish = PAGE.replace('lang="de"', 'lang="tr"')
    arabic = PAGE.replace('lang="de"', 'lang="ar"')
    assert content_only(turkish.replace("<body>", "<body><nav>x</nav>")).startswith(
        '<html lang="tr">'
    )
    indexer = StreamingIndexer()
    indexer.add(PAGE.format(title="Rathaus", text="Die Sanierung beginnt."), "/rathaus/")
    indexer.add(turkish.format(title="Belediye", text="Koordinasyon ofisi."), "/rathaus/tr/")
    indexer.add(arabic.format(title="البلدية", text="مكتب تنسيق"), "/rathaus/ar/")
    indexer.write(tmp_path)
    entry = json.loads((tmp_path / OUTPUT_SUBDIR / "pagefind-entry.json").read_text("utf-8"))
    pages = {language: meta["page_count"] for language, meta in entry["languages"].items()}
    assert pages == {"de": 1, "tr": 1, "ar": 1}


def test_a_crash_leaves_the_old_index_alone(tmp_path: Path) -> None:
    old = tmp_path / OUTPUT_SUBDIR / "pagefind.js"
    old.parent.mkdir()
    old.write_text("// der bisherige Index\n", encoding="utf-8")
    indexer = StreamingIndexer()
    indexer.add(PAGE.format(title="Rathaus", text="Die Sanierung beginnt."), "/rathaus/")
    assert indexer._process is not None
    indexer._process.kill()  # Pagefind dies before the index is written
    with pytest.raises(PagefindError, match="Pagefind"):
        indexer.write(tmp_path)
    assert old.read_text(encoding="utf-8") == "// der bisherige Index\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [OUTPUT_SUBDIR]


def _broken_pagefind(tmp_path: Path) -> Path:
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'kaputt' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    return fake


def test_a_broken_binary_is_reported_in_german(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(_broken_pagefind(tmp_path)))
    with pytest.raises(PagefindError, match=r"Pagefind ist vorzeitig beendet worden\.\nkaputt"):
        StreamingIndexer().add(PAGE.format(title="A", text="B"), "/a/")


def test_the_build_fails_when_pagefind_fails(tmp_path: Path) -> None:
    result = run_build(
        PAGEFIND_PROJECT,
        tmp_path / "site",
        strict=False,
        env={"PAGEFIND_BINARY_PATH": str(_broken_pagefind(tmp_path))},
    )
    assert result.returncode != 0
    assert "quartiersdoku: Suchindex: Pagefind ist vorzeitig beendet worden." in result.stderr
    assert not (tmp_path / "site" / OUTPUT_SUBDIR).exists()
