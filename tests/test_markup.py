"""Editor text never becomes markup, script or a template."""

from __future__ import annotations

import html
from unittest.mock import patch

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from quartiersdoku.pages import markup
from quartiersdoku.pages.markup import MarkdownRenderer, front_matter, md_escape


@pytest.fixture
def render() -> MarkdownRenderer:
    return MarkdownRenderer()


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[klick](javascript:alert(1))",
        "[klick](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=https://example.org></iframe>",
        '<div onmouseover="alert(1)">x</div>',
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ],
)
def test_markdown_field_never_yields_active_content(render: MarkdownRenderer, attack: str) -> None:
    html = str(render.block(f"Vorher {attack} nachher"))
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "img", "iframe", "div"])
    for tag in soup.find_all(True):
        assert not any(name.startswith("on") for name in tag.attrs)
    for link in soup.find_all("a"):
        href = link.get("href")
        assert href is None or str(href).startswith(("http://", "https://", "mailto:", "tel:"))
    assert "Vorher" in soup.get_text()
    assert "nachher" in soup.get_text()


def test_raw_html_is_shown_as_text(render: MarkdownRenderer) -> None:
    html = str(render.block("Ein <b>fetter</b> Versuch"))
    assert BeautifulSoup(html, "html.parser").get_text() == "Ein <b>fetter</b> Versuch"


def test_image_becomes_its_description_and_loads_nothing(render: MarkdownRenderer) -> None:
    html = str(render.block("![Stadtteilfest](https://example.org/fest.jpg)"))
    assert "<img" not in html
    assert "[Bild: Stadtteilfest]" in html


def test_template_syntax_stays_text(render: MarkdownRenderer) -> None:
    assert "{{ 7*7 }} {% raw %}" in str(render.block("{{ 7*7 }} {% raw %}"))


def test_allowed_markdown_survives(render: MarkdownRenderer) -> None:
    html = str(render.block("**fett** und [Stadt](https://www.hagen.de)\n\n- eins\n- zwei"))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("strong").get_text() == "fett"
    assert soup.find("a")["href"] == "https://www.hagen.de"
    assert [li.get_text() for li in soup.find_all("li")] == ["eins", "zwei"]


def test_headings_in_fields_do_not_break_the_page_outline(render: MarkdownRenderer) -> None:
    assert "<h4>Titel</h4>" in str(render.block("# Titel"))


def test_md_escape_neutralises_markdown_and_html() -> None:
    import markdown

    escaped = md_escape("*x* [a](javascript:b) <script> {: #id}")
    html = markdown.markdown(f"### {escaped}", extensions=["attr_list"])
    assert html == "<h3>*x* [a](javascript:b) &lt;script&gt; {: #id}</h3>"


def test_headings_keep_their_relative_levels_from_the_given_top(render: MarkdownRenderer) -> None:
    html = str(render.block("### Ziele\n\n#### Wohnen\n\n###### tief", top=2))
    assert "<h2>Ziele</h2>" in html
    assert "<h3>Wohnen</h3>" in html
    assert "<h5>tief</h5>" in html
    assert "<h6>" in str(render.block("# a\n\n###### b", top=4))  # capped at h6


# Front matter is written by libyaml where it gives PyYAML's text (markup._yaml): the same
# bytes for any title, description and list of alternates, also beyond the BMP (emoji).
_META_TEXT = st.lists(
    st.one_of(
        st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
        st.sampled_from(["- ", ": ", " #", "'", '"', "&", "*", "|", "yes", "1.5", "~", "😀"]),
    ),
    max_size=5,
).map("".join)


@settings(max_examples=300)
@given(_META_TEXT, _META_TEXT)
def test_front_matter_is_what_pyyaml_writes(title: str, lang: str) -> None:
    fields = {"title": title, "description": f"x {title}", "alternates": [{"lang": lang}]}
    fast = front_matter(**fields)
    with patch.object(markup, "_FAST_DUMPER", None):
        assert fast == front_matter(**fields)
    meta = yaml.safe_load(fast.removeprefix("---\n").removesuffix("---\n\n"))
    assert meta["title"] == html.escape(" ".join(title.split()), quote=True)
