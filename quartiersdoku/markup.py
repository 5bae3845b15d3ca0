"""Editor text to safe HTML.

Markdown fields are written by editors, not developers. They are rendered
with a small set of Markdown features; raw HTML in them is shown as text,
and the result passes an allow-list sanitiser (nh3) as a second line of
defence: only harmless tags, only http(s), mailto and tel links.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3
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


class MarkdownRenderer:
    """One reusable Markdown converter (resetting is far cheaper than building one per field)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=["sane_lists", "tables", "def_list", "abbr"],
            output_format="html",
        )

    def block(self, text: str | None, top: int = 4) -> Markup:
        """Render an editor's Markdown field to sanitised HTML.

        The field's headings keep their relative levels, the highest becoming
        `top` (the level below the template heading the field stands under),
        so the page outline never skips a level.
        """
        if not text:
            return Markup("")
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
