"""Generated pages' Markdown skeleton, converted to HTML without Python-Markdown.

After the stash (`engine/stash.py`) a generated page is a *skeleton*: ATX headings
(`## Maßnahmen {: #massnahmen }`, text escaped by `markup.md_escape`) and
placeholder lines (`<div data-qd-stash="0"></div>`) between blank lines.
:func:`convert_skeleton` turns exactly that shape into what Python-Markdown with
the site's extensions makes of it: the same HTML, the same heading ids (explicit
ones kept, the others slugified and made unique as the `toc` extension does), the
same table-of-contents tokens and the same page title. On anything else (a line
of Markdown text, a heading with unescaped Markdown, a tab, an unknown extension
or option) it returns None and the page goes through Python-Markdown as before.
`tests/test_skeleton.py` compares both on every generated page of the shipped
site and on awkward headings.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique

#: Extensions that leave a skeleton's headings and placeholders alone (with no options).
SAFE_EXTENSIONS = frozenset(
    {
        "toc",
        "attr_list",
        "md_in_html",
        "admonition",
        "tables",
        "def_list",
        "abbr",
        "meta",
        "fenced_code",
    }
)
#: Options of `toc` the conversion knows; anything else (anchors, permalinks, a TOC
#: depth, a marker) changes the headings or tokens, so such a site is not converted.
_TOC_OPTIONS = frozenset({"slugify", "separator", "permalink", "anchorlink"})

_HEADING = re.compile(
    r"(#{1,6})(?!#)[ ]*(.*?)(?:[ ]+\{:?[ ]*#([A-Za-z][A-Za-z0-9_-]*)[ ]*\})?[ ]*$"
)
_PLACEHOLDER = re.compile(r'<div data-qd-stash="\d+"></div>')
#: A backslash escape as `md_escape` writes it, and the entities it writes.
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_ENTITY = re.compile(r"&(?:amp|lt|gt);")
#: What may stand unescaped in a heading's text: anything Python-Markdown does not read.
_UNSAFE = re.compile(r"[\\`*_{}\[\]<>!&#\x00-\x1f\x7f]")

Slugify = Callable[[str, str], str]


@dataclass(frozen=True)
class Converted:
    """A skeleton as Python-Markdown would convert it."""

    html: str
    toc_tokens: list[dict[str, Any]]
    title: str | None
    anchor_ids: frozenset[str]


@dataclass(frozen=True)
class _Heading:
    level: int
    inner: str
    explicit_id: str | None


class SkeletonConverter:
    """Converts skeletons for one site's Markdown settings (None: the site cannot be)."""

    def __init__(self, slug: Slugify, separator: str) -> None:
        self.slug = slug
        self.separator = separator

    @classmethod
    def for_markdown(
        cls, extensions: Sequence[object], configs: Mapping[str, Mapping[str, Any]]
    ) -> SkeletonConverter | None:
        """The converter for MkDocs' `markdown_extensions`, or None if they could change
        the result (another extension, extension options other than the toc's slug)."""
        names = {str(name) for name in extensions}
        if not {"toc", "attr_list"} <= names or not names <= SAFE_EXTENSIONS:
            return None
        for name, options in configs.items():
            if name != "toc" and options:
                return None
        toc = dict(configs.get("toc") or {})
        if not set(toc) <= _TOC_OPTIONS or toc.get("permalink") or toc.get("anchorlink"):
            return None
        slug = toc.get("slugify", slugify)
        separator = toc.get("separator", "-")
        if not callable(slug) or not isinstance(separator, str):
            return None
        return cls(slug, separator)

    def convert(self, skeleton: str) -> Converted | None:
        """The page's HTML, TOC tokens, title and anchors; None if it is not a skeleton."""
        blocks = _blocks(skeleton)
        if blocks is None:
            return None
        used = {block.explicit_id for block in blocks if isinstance(block, _Heading)}
        used.discard(None)
        ids: set[str] = {str(found) for found in used}
        counters: dict[str, int] = {}
        parts: list[str] = []
        tokens: list[dict[str, Any]] = []
        for block in blocks:
            if isinstance(block, str):
                # Python-Markdown keeps the blank line after a raw HTML block.
                parts.append(block + "\n")
                continue
            name = strip_tags(block.inner)
            anchor = block.explicit_id
            if anchor is None:
                anchor = unique(self.slug(html.unescape(name), self.separator), ids, counters)
            tag = f"h{block.level}"
            parts.append(f'<{tag} id="{_attribute(anchor)}">{block.inner}</{tag}>')
            tokens.append(
                {
                    "level": block.level,
                    "id": anchor,
                    "name": name,
                    "html": block.inner,
                    "data-toc-label": "",
                }
            )
        first = blocks[0] if blocks else None
        title = (
            " ".join(first.inner.split())
            if isinstance(first, _Heading) and first.level == 1
            else None
        )
        anchors = frozenset(token["id"] for token in tokens)
        converted = "\n".join(parts).removesuffix("\n")
        return Converted(converted, nest_toc_tokens(tokens), title, anchors)


def _blocks(skeleton: str) -> list[_Heading | str] | None:
    """Headings and placeholder lines, in order; None for anything else."""
    blocks: list[_Heading | str] = []
    blank_before = True
    lines = skeleton.split("\n")
    for number, line in enumerate(lines):
        if not line.strip():
            if line:  # whitespace-only lines: leave them to Python-Markdown
                return None
            blank_before = True
            continue
        if line.startswith("#"):
            heading = _heading(line)
            if heading is None:
                return None
            blocks.append(heading)
        elif _PLACEHOLDER.fullmatch(line):
            following = lines[number + 1] if number + 1 < len(lines) else ""
            if not blank_before or following:  # a raw HTML block stands between blank lines
                return None
            blocks.append(line)
        else:
            return None
        blank_before = False
    return blocks


def _heading(line: str) -> _Heading | None:
    match = _HEADING.fullmatch(line)
    if match is None:
        return None
    hashes, text, explicit_id = match.groups()
    if not text or text.endswith(("#", "\\")) or "{" in text.replace("\\{", ""):
        return None
    plain = _ENTITY.sub("", _ESCAPE.sub("", text))
    if _UNSAFE.search(plain) or "  " in text or text != text.strip():
        return None
    inner = _ESCAPE.sub(r"\1", text)
    return _Heading(len(hashes), inner, explicit_id)


def _attribute(value: str) -> str:
    """An attribute value escaped as ElementTree serialises it for Python-Markdown."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
    )
