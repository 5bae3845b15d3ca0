"""Generated pages without Python-Markdown (issue 15): the same HTML, anchors, TOC and title.

`DirectPage` converts a stashed page's skeleton itself; `Page.render` (Python-Markdown
with the site's extensions) is the reference. Every generated page of the shipped
content is compared, and headings with every character Markdown reads.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import load_shipped_site
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs_process import build_site, load_configured
from pagefind_index import pagefind_fragments

from quartiersdoku.engine.direct import DirectPage, DirectPages
from quartiersdoku.engine.stash import stash_html
from quartiersdoku.pages.directories import Directories
from quartiersdoku.pages.markup import md_escape
from quartiersdoku.pages.render import Renderer
from quartiersdoku.pages.skeleton import SkeletonConverter

REPO = Path(__file__).resolve().parent.parent


@functools.cache
def _config() -> MkDocsConfig:
    """The shipped mkdocs.yml as `mkdocs build` loads it (once, on first use)."""
    return load_configured(REPO / "mkdocs.yml")


@functools.cache
def _generated_pages() -> dict[str, str]:
    """Every generated page of the shipped content (grouped overviews too), by src_uri;
    made on first use, from the session's shipped site."""
    site = load_shipped_site()
    pages: dict[str, str] = {}
    for grouped_from in (300, 1):
        renderer = Renderer(site, REPO / "templates", grouped_from=grouped_from)
        suffix = "" if grouped_from == 300 else "#grouped"
        pages["quartiere/index.md" + suffix] = renderer.quarter_index()
        for group in renderer.city_groups():
            if group.url is not None:
                pages[f"{group.key}/liste.md{suffix}"] = renderer.city_list_page(group)
    renderer = Renderer(site, REPO / "templates")
    for data in site.quarters:
        pages[data.src_uri] = renderer.quarter_page(data)
    for city in site.cities.values():
        if city.city is not None:
            pages[f"quartiere/{city.key}/index.md"] = renderer.city_page(city)
    for page in Directories(site, renderer, 2).pages():
        pages[page.src_uri] = page.content
    return pages


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`generated_uri`: every generated page of the shipped content."""
    if "generated_uri" in metafunc.fixturenames:
        metafunc.parametrize("generated_uri", sorted(_generated_pages()))


def _toc(items: list[AnchorLink]) -> list[Any]:
    return [(i.title, i.id, i.level, _toc(i.children)) for i in items]


def _file(uri: str, content: str) -> File:
    """A page in memory, as `File.generated` makes it (which needs a running build)."""
    file = File(
        uri,
        src_dir=None,
        dest_dir=_config().site_dir,
        use_directory_urls=True,
        inclusion=InclusionLevel.NOT_IN_NAV,
    )
    file.content_string = content
    return file


def _render_both(skeleton: str, uri: str = "quartiere/x.md") -> tuple[Page, DirectPage]:
    uri = uri.split("#", maxsplit=1)[0]
    pages = DirectPages(_config())
    files = Files([])
    reference = Page(None, _file(uri, skeleton), _config())
    direct = DirectPage(None, _file(uri, skeleton), _config(), pages)
    for page in (reference, direct):
        page.read_source(_config())
        page.render(_config(), files)
    return reference, direct


def _assert_same(reference: Page, direct: Page) -> None:
    assert direct.content == reference.content
    assert _toc(list(direct.toc)) == _toc(list(reference.toc))
    assert direct.title == reference.title
    assert direct.present_anchor_ids == reference.present_anchor_ids


def test_every_generated_page_converts_as_python_markdown(generated_uri: str) -> None:
    uri = generated_uri
    skeleton, blocks = stash_html(_generated_pages()[uri])
    assert blocks, "a generated page has stashed HTML"
    assert DirectPages(_config()).converter is not None
    converter = DirectPages(_config()).converter
    assert converter is not None
    assert converter.convert(skeleton.split("\n---\n", 1)[-1]) is not None, (
        "the shipped templates produce skeletons only"
    )
    reference, direct = _render_both(skeleton, uri)
    _assert_same(reference, direct)
    assert direct.direct_pages.direct == 1
    assert not direct.direct_pages.fallbacks


AWKWARD = [
    "Kirchplatz",
    "Maßnahme 1.2: *Umbau* des _Platzes_",
    "<script>alert(1)</script> & Co. > alles",
    "Titel mit # Raute am Ende #",
    "Backslash \\ und `Code` und [Link](http://x.de) und ![Bild](x.png)",
    "{{ 7*7 }} {% raw %} {: #andere-id }",
    "Straße – „Zitat“ … 1.000 m²",
    "Doppelt  Leerzeichen",
    "Tab\tdazwischen",
    "Ende mit geschütztem Leerzeichen\u00a0",
    "&amp; schon maskiert &lt;",
    "- Liste? + auch 1. nicht",
    "Quartier",  # twice on one page: unique ids
]


def _skeleton(titles: list[str]) -> str:
    lines = []
    for number, title in enumerate(titles):
        lines += [f"# {md_escape(title)}", "", f'<div data-qd-stash="{number}"></div>', ""]
        lines += [f"## {md_escape(title)} {{: #abschnitt-{number} }}", ""]
        lines += [f"### {md_escape(title)}", ""]
    return "\n".join(lines)


#: Left to Python-Markdown (the converter does not model them): whitespace it would
#: change, and an escaped "#" at the end (ATX closing hashes).
FALLS_BACK = {AWKWARD[3], AWKWARD[7], AWKWARD[8], AWKWARD[9]}


@pytest.mark.parametrize("title", AWKWARD)
def test_awkward_headings_convert_as_python_markdown_or_fall_back(title: str) -> None:
    reference, direct = _render_both(_skeleton([title, title]))
    _assert_same(reference, direct)
    assert direct.direct_pages.direct == (0 if title in FALLS_BACK else 1)


@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=3))
def test_any_escaped_heading_converts_as_python_markdown(titles: list[str]) -> None:
    reference, direct = _render_both(_skeleton(titles))
    _assert_same(reference, direct)


@pytest.mark.parametrize(
    "body",
    [
        "# Titel\n\nEin Absatz *Markdown*.\n",
        '# Titel\n<div data-qd-stash="0"></div>\n',
        '# Titel\n\n<div data-qd-stash="0"></div>\nText\n',
        "# Titel\n\n  \n## B\n",
        "####### sieben\n",
        '# Titel\n\n<div class="x"></div>\n',
    ],
)
def test_anything_but_a_skeleton_goes_through_python_markdown(body: str) -> None:
    reference, direct = _render_both(body)
    _assert_same(reference, direct)
    assert direct.direct_pages.fallbacks == ["quartiere/x.md"]


def test_other_markdown_settings_are_not_converted() -> None:
    extensions = list(_config().markdown_extensions)
    assert SkeletonConverter.for_markdown(extensions, {"toc": {"permalink": True}}) is None
    assert SkeletonConverter.for_markdown(extensions, {"toc": {"toc_depth": 2}}) is None
    assert SkeletonConverter.for_markdown([*extensions, "pymdownx.smartsymbols"], {}) is None
    assert SkeletonConverter.for_markdown(extensions, {"abbr": {"glossary": {"A": "B"}}}) is None
    assert SkeletonConverter.for_markdown(["toc", "tables"], {}) is None  # no attr_list
    assert SkeletonConverter.for_markdown(extensions, dict(_config().mdx_configs)) is not None


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("shipped"))


def test_built_quarter_pages_keep_anchors_toc_and_search_sections(built: Path) -> None:
    """The shipped site (Pagefind): each heading of a quarter page is an anchor of its page
    in the search index (a result's sub-result), and the page's table of contents links the
    same anchors. (The lunr sections of tests/fixtures/project: test_site_build.py.)"""
    fragments = pagefind_fragments(built)
    for data in load_shipped_site().quarters:
        url = data.src_uri.removesuffix(".md") + "/"
        html = (built / url / "index.html").read_text(encoding="utf-8")
        article = html.split("<article", 1)[1].split("</article>", 1)[0]
        ids = re.findall(r'<h[1-6] id="([^"]+)"', article)
        assert "massnahmen" in ids or not data.quarter.measures
        anchors = {
            anchor["id"]: anchor["text"]
            for anchor in fragments["/" + url]["anchors"]
            if anchor["element"] in {"h1", "h2", "h3", "h4", "h5", "h6"}
        }
        assert list(anchors) == ids
        toc = html.split('class="md-nav md-nav--secondary"', 1)[1].split("</nav>", 1)[0]
        linked = re.findall(r'href="#([^"]+)"', toc)
        assert linked
        assert set(linked) <= set(ids)
