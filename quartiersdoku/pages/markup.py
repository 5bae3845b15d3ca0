"""Editor text to safe HTML.

Markdown fields are written by editors, not developers. They are rendered
with a small set of Markdown features; raw HTML in them is shown as text,
and the result passes an allow-list sanitiser (nh3) as a second line of
defence: only harmless tags, only http(s), mailto and tel links. Plain prose
(`plain_paragraphs`: letters, digits and punctuation without any character of
markup) becomes paragraphs without either.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import markdown
import nh3
import yaml
from markupsafe import Markup

_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "abbr",
    "dl",
    "dt",
    "dd",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Markdown characters that change meaning in inline text (Python-Markdown's escapable set).
# Exactly Python-Markdown's escapable characters: a backslash before any other
# character would stay visible. (">" and "<" are HTML-escaped instead; "|" has
# no meaning inside a heading.)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
# An image would load from another host: show its description instead.
_IMG = re.compile(r'<img\b[^>]*?\balt="([^"]*)"[^>]*>')


# Text in which Markdown can change nothing: letters, digits, spaces and harmless punctuation
# only, every line starting with a letter or an opening quote or bracket, no trailing or
# whitespace-only lines (which could mean a line break). Python-Markdown turns such text
# into <p> paragraphs split at blank lines and nothing else; tests/test_bench.py checks
# that the shortcut gives the same HTML.
_NOT_PLAIN = re.compile(r"[^\w \n.,;:?!„“‚‘\"'()/%€§°–—…-]|_")
_PLAIN_LINE_START = re.compile(r"(?:^|\n)(?![^\W\d_]|[„“‚\"(]|\n)")
_PLAIN_LINE_END = re.compile(r" (?:\n|$)")
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")
#: Rendered fields kept for re-use (directories show the texts of the quarter pages again).
_MEMO_SIZE = 200_000


def plain_paragraphs(text: str) -> str | None:
    """The HTML Python-Markdown makes of `text`, if `text` is plain prose; else None."""
    text = text.strip("\n")
    if (
        not text
        or _NOT_PLAIN.search(text)
        or _PLAIN_LINE_START.search(text)
        or _PLAIN_LINE_END.search(text)
    ):
        return None
    return "\n".join(f"<p>{part}</p>" for part in _PARAGRAPH_BREAK.split(text))


class MarkdownRenderer:
    """One reusable Markdown converter (resetting is far cheaper than building one per field)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=["sane_lists", "tables", "def_list", "abbr"],
            output_format="html",
        )
        self._memo: dict[tuple[str, int], Markup] = {}

    def block(self, text: str | None, top: int = 4) -> Markup:
        """Render an editor's Markdown field to sanitised HTML.

        The field's headings keep their relative levels, the highest becoming
        `top` (the level below the template heading the field stands under),
        so the page outline never skips a level.
        """
        if not text:
            return Markup("")
        done = self._memo.get((text, top))
        if done is None:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            done = self._memo[text, top] = self._render(text, top)
        return done

    def forget(self) -> None:
        """Drop the rendered fields kept for re-use (once every page is rendered)."""
        self._memo.clear()

    def _render(self, text: str, top: int) -> Markup:
        plain = plain_paragraphs(text)
        if plain is not None:
            # Nothing for Markdown to do (skip its ~0.5 ms per field), nor for the sanitiser:
            # plain prose has no character of markup (no `<`, `>`, `&`), and nh3 leaves every
            # character it admits as it is (tests/test_bench.py checks each one).
            return Markup(plain)
        # Raw HTML is not allowed in editor text: turn "<" into a character, not a tag.
        source = text.replace("&", "&amp;").replace("<", "&lt;")
        rendered = self._md.reset().convert(source)
        rendered = _shift_headings(rendered, top)
        rendered = _IMG.sub(lambda m: f"[Bild: {m.group(1)}]", rendered)
        return Markup(clean(rendered))


_HEADING = re.compile(r"<(/?)h([1-6])>")


def _shift_headings(html_text: str, top: int) -> str:
    levels = [int(level) for _, level in _HEADING.findall(html_text)]
    if not levels:
        return html_text
    shift = top - min(levels)
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + shift, 6)}>", html_text)


def clean(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def md_escape(text: object) -> Markup:
    """Plain text placed into Markdown source (a heading): no Markdown, no HTML."""
    escaped = html.escape(str(text).replace("\n", " "), quote=False)
    return Markup(_MD_SPECIAL.sub(r"\\\1", escaped))


def front_matter(**fields: Any) -> str:
    """YAML front matter for a generated page.

    MkDocs renders theme templates without autoescaping, and Material writes
    `page.meta.title` and `description` raw into `<title>` and `<meta>`: so
    every value (and every value in a list or mapping) is HTML-escaped here,
    where editor text enters page metadata.
    """
    values = {key: _meta_value(value) for key, value in fields.items() if value is not None}
    return "---\n" + _yaml(values) + "---\n\n"


#: libyaml's emitter: ten times faster than PyYAML's, and the same text as long as no
#: character lies beyond the Basic Multilingual Plane (libyaml escapes those, "\U0001F600").
_FAST_DUMPER = getattr(yaml, "CSafeDumper", None)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _yaml(values: dict[str, Any]) -> str:
    """`values` as PyYAML's `safe_dump` writes them (one line each, keys in order)."""
    options: dict[str, Any] = {"allow_unicode": True, "sort_keys": False, "width": 10_000}
    if _FAST_DUMPER is not None and not any(_ASTRAL.search(text) for text in _texts(values)):
        return str(yaml.dump(values, Dumper=_FAST_DUMPER, **options))
    return str(yaml.safe_dump(values, **options))


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    else:
        yield str(value)


def _meta_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_meta_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _meta_value(item) for key, item in value.items()}
    return html.escape(" ".join(str(value).split()), quote=True)
