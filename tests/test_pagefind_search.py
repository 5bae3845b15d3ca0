"""Which search a site gets (plugin option `search`), Material's search plugin removed for
Pagefind, and the Pagefind indexer (quartiersdoku/search/pagefind.py) when things go wrong.

The browser side (the dialog, stemming, what loads when) is tests/browser/test_search_pagefind.py.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs_process import load_configured, run_build

from quartiersdoku.engine.options import PAGEFIND_FROM
from quartiersdoku.search.pagefind import (
    OUTPUT_SUBDIR,
    PagefindError,
    StreamingIndexer,
    check_bundle,
    content_only,
    count_quarters,
    effective_engine,
    files_open_below,
    order_languages,
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
    # Below the threshold: `auto` would choose lunr for the shipped site; the default does not.
    assert count_quarters(REPO / "quarters") < PAGEFIND_FROM
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


def test_the_shipped_site_searches_with_pagefind() -> None:
    """Pagefind is the default (issue 18: nothing of the search loads with a page), and the
    shipped mkdocs.yml does not list Material's search; MkDocs adds no `search` of its own
    when `plugins:` is given."""
    shipped = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(- )?search\b", shipped, re.M)  # neither plugin nor option
    config = load_configured(REPO / "mkdocs.yml")
    assert config.plugins["quartiersdoku"].config.search == "pagefind"  # the default
    assert config.plugins["quartiersdoku"].engine == "pagefind"
    assert not any(key.endswith("search") for key in config.plugins)
    assert _search_hooks(config) == []


def _without_material_search(tmp_path: Path) -> Path:
    """The Pagefind fixture's configuration without Material's search plugin."""
    text = PAGEFIND_PROJECT.read_text(encoding="utf-8")
    listed = "  - search:\n      lang: de\n      pipeline: [stemmer, stopWordFilter, trimmer]\n"
    assert listed in text
    config = PAGEFIND_PROJECT.parent / f".ohne-suche-{tmp_path.name}.yml"  # relative paths hold
    config.write_text(text.replace(listed, ""), encoding="utf-8")
    return config


@pytest.mark.parametrize(
    ("options", "why"),
    [
        ({"search": "lunr"}, "„search: lunr“ ist Materials Suche"),
        (
            {"search": "auto", "pagefind_from": 3},  # 2 quarters
            "„search: auto“ wählt bei 2 Quartieren (weniger als pagefind_from = 3) "
            "Materials Suche (lunr)",
        ),
    ],
)
def test_lunr_without_material_search_is_a_clear_error(
    tmp_path: Path, options: dict[str, object], why: str
) -> None:
    """lunr is Material's plugin with the site's own languages and pipeline: the build stops
    and says what to add, rather than adding a plugin the configuration does not show."""
    config = _without_material_search(tmp_path)
    try:
        with pytest.raises(PluginError) as raised:
            load_configured(config, **options)
    finally:
        config.unlink()
    message = str(raised.value)
    assert message.startswith(f"quartiersdoku: {why}, aber mkdocs.yml führt sie nicht")
    assert "  - search:\n      lang: [de]" in message
    assert "„search: pagefind“" in message


def test_without_material_search_pagefind_needs_nothing(tmp_path: Path) -> None:
    config = _without_material_search(tmp_path)
    try:
        loaded = load_configured(config)
    finally:
        config.unlink()
    assert loaded.plugins["quartiersdoku"].engine == "pagefind"


def test_lunr_says_what_it_costs_every_page(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.quartiersdoku"):
        config = load_configured(PAGEFIND_PROJECT, search="lunr")
    assert config.plugins["quartiersdoku"].engine == "lunr"
    assert _search_hooks(config)
    (line,) = [r.getMessage() for r in caplog.records if "Suche mit lunr" in r.getMessage()]
    assert "jede Seite lädt bei jedem Aufruf den ganzen Suchindex" in line


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


def test_open_files_are_counted_per_folder(tmp_path: Path) -> None:
    """The indexer waits until Pagefind closed every file of the index: a file is closed only
    after its last write (Pagefind answers before its writes are done)."""
    inside, outside = tmp_path / "index", tmp_path / "index-nicht"
    inside.mkdir()
    outside.mkdir()
    assert files_open_below(os.getpid(), inside) == 0
    with (inside / "a.pf_index").open("wb"), (outside / "b").open("wb"):
        assert files_open_below(os.getpid(), inside) == 1
    assert files_open_below(os.getpid(), inside) == 0


def test_an_incomplete_bundle_never_replaces_the_index(tmp_path: Path) -> None:
    """What Pagefind's unflushed writes left (an empty entry file, an empty script) is found
    before the new index replaces the old one."""
    bundle = tmp_path / "neu"
    bundle.mkdir()
    (bundle / "pagefind.js").write_text("export {}\n", encoding="utf-8")
    (bundle / "pagefind-entry.json").write_text('{"languages": {}}', encoding="utf-8")
    check_bundle(bundle)  # complete
    (bundle / "pagefind-entry.json").write_text("", encoding="utf-8")
    with pytest.raises(PagefindError, match=r"unvollständig: pagefind-entry\.json"):
        check_bundle(bundle)
    (bundle / "pagefind-entry.json").write_text('{"languages": {}}', encoding="utf-8")
    (bundle / "wasm.de.pagefind").write_bytes(b"")
    with pytest.raises(PagefindError, match=r"leere Dateien wasm\.de\.pagefind"):
        check_bundle(bundle)


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


class _SlowIndexer:
    """Stands in for StreamingIndexer: writes until interrupted, then fails as Pagefind does."""

    def __init__(self) -> None:
        import threading

        self.interrupted = threading.Event()

    def finish_writing(self) -> object:
        self.interrupted.wait()
        raise PagefindError("Pagefind hat sich beendet.")

    def interrupt(self) -> None:
        self.interrupted.set()


def test_the_preview_stops_its_background_index_quietly_when_it_ends(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from typing import Any, cast

    from quartiersdoku.core.logs import LOGGER_NAME
    from quartiersdoku.engine.search import SearchLifecycle

    search = SearchLifecycle()
    indexer = _SlowIndexer()
    search.indexer = cast(Any, indexer)
    with caplog.at_level(logging.INFO, logger=LOGGER_NAME):
        search.finish_in_background(Path("/nirgends"))
        assert search.indexer is None  # a later build cannot stop it by accident
        thread = search.background[0] if search.background else None
        assert thread is not None
        assert thread.is_alive()  # Pagefind still writes
        search.stop_background(timeout=0.01)  # the preview ends (Ctrl-C) while it writes
    assert indexer.interrupted.is_set()
    assert not thread.is_alive()
    assert search.background is None
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []  # no false alarm


def test_the_entry_file_names_its_languages_in_order(tmp_path: Path) -> None:
    """Pagefind writes the languages in hash-map order; two builds of one site must not differ."""
    written = (
        '{"version":"1.5.2","languages":{"tr":{"hash":"tr_1","wasm":"tr","page_count":2},'
        '"de":{"hash":"de_2","wasm":"de","page_count":9},"ar":{"hash":"ar_3","wasm":null,'
        '"page_count":1}},"include_characters":["_","‿"]}'
    )
    entry = tmp_path / "pagefind-entry.json"
    entry.write_text(written, encoding="utf-8")
    order_languages(tmp_path)
    assert entry.read_text(encoding="utf-8") == (
        '{"version":"1.5.2","languages":{"ar":{"hash":"ar_3","wasm":null,"page_count":1},'
        '"de":{"hash":"de_2","wasm":"de","page_count":9},"tr":{"hash":"tr_1","wasm":"tr",'
        '"page_count":2}},"include_characters":["_","‿"]}'
    )
    before = entry.stat().st_mtime_ns
    order_languages(tmp_path)  # in order already: not written again
    assert entry.stat().st_mtime_ns == before


def test_the_preview_says_once_that_its_index_stays(caplog: pytest.LogCaptureFixture) -> None:
    """Every rebuild of the preview keeps the first index; the terminal says so once."""
    from quartiersdoku.core.logs import LOGGER_NAME
    from quartiersdoku.engine.search import SearchLifecycle

    search = SearchLifecycle()  # Pagefind, the default
    with caplog.at_level(logging.INFO, logger=LOGGER_NAME):
        for _ in range(3):
            assert search.finish(Path("/nirgends"), keep=True) is False
    said = [r.getMessage() for r in caplog.records if "Stand vom Start" in r.getMessage()]
    assert len(said) == 1


def test_the_preview_names_its_search_once(caplog: pytest.LogCaptureFixture) -> None:
    """The preview loads mkdocs.yml for every rebuild: the choice is said again only when it
    changes; a build says it every time."""
    config = load_configured(PAGEFIND_PROJECT, search="lunr")
    search = config.plugins["quartiersdoku"].search
    quarters = PAGEFIND_PROJECT.parent / "quarters"

    def said(*, preview: bool, times: int) -> int:
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs.plugins.quartiersdoku"):
            for _ in range(times):
                search.choose(config, "lunr", quarters, 100, preview=preview)
        return sum("Suche mit lunr" in r.getMessage() for r in caplog.records)

    assert said(preview=False, times=2) == 2
    assert said(preview=True, times=3) == 0  # said by the build before, unchanged
