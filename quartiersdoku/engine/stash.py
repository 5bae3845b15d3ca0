"""The stash: generated pages' HTML blocks, kept away from Python-Markdown.

Generated pages are Markdown headings around large HTML blocks. `stash_html`
takes the blocks out before MkDocs converts the page (`on_files`), `Stash` keeps
them compressed meanwhile (MkDocs converts every page before it renders any, and
the HTML of all pages at once is most of a large build's memory), and
`Stash.restore` puts them back into the converted HTML (`on_page_context`,
before Material's search plugin reads the page). docs/performance.md has the
figures.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable

import markdown

#: Python-Markdown's block-level tags: a raw HTML block starting with one of them is passed
#: through verbatim, so the stash below changes nothing in the output.
_BLOCK_TAGS = frozenset(markdown.Markdown().block_level_elements)
_FIRST_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")
_STASHED = re.compile(r'<div data-qd-stash="(\d+)"></div>')


def stash_html(markdown: str) -> tuple[str, list[str]]:
    """Take the HTML blocks out of a generated page before MkDocs converts its Markdown.

    Generated pages are Markdown headings around large HTML blocks. Python-Markdown
    passes such blocks through unchanged, but parses every tag of them on the way
    (md_in_html), which is most of a page's build time. Each stretch between two
    headings whose blank-line-separated parts all start with a block-level tag becomes
    one placeholder; :func:`unstash_html` puts the blocks back into the HTML. Any other
    stretch (Markdown text) stays as it is. Front matter and headings are untouched.
    """
    head = ""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end >= 0:
            head, markdown = markdown[: end + 5], markdown[end + 5 :]
    out: list[str] = []
    blocks: list[str] = []
    stretch: list[str] = []

    def flush() -> None:
        text = "\n".join(stretch).strip("\n")
        stretch.clear()
        if not text.strip():
            out.append(text)
            return
        parts = [part.lstrip() for part in re.split(r"\n\s*\n", text) if part.strip()]
        if all(
            (m := _FIRST_TAG.match(part)) and m.group(1).lower() in _BLOCK_TAGS for part in parts
        ):
            out.append(f'\n<div data-qd-stash="{len(blocks)}"></div>\n')
            blocks.append(text)
        else:
            out.append(text)

    for line in markdown.split("\n"):
        if line.startswith("#"):
            flush()
            out.append(line)
        else:
            stretch.append(line)
    flush()
    return head + "\n".join(out) + "\n", blocks


def unstash_html(html: str, blocks: list[str]) -> str:
    """Put the blocks taken out by :func:`stash_html` back into the converted page."""
    if not blocks:
        return html
    return _STASHED.sub(lambda m: blocks[int(m.group(1))], html)


def pack(blocks: list[str]) -> bytes:
    """Stashed blocks of one page, compressed (YAML text cannot contain NUL)."""
    return zlib.compress("\0".join(blocks).encode("utf-8"), 1)


def unpack(packed: bytes) -> list[str]:
    return zlib.decompress(packed).decode("utf-8").split("\0")


def stash_page(markdown_text: str) -> tuple[str, bytes]:
    """A page's Markdown with its HTML blocks stashed, and the blocks packed (b"" if none)."""
    stashed, blocks = stash_html(markdown_text)
    return stashed, pack(blocks) if blocks else b""


#: How a generated page is stashed: `stash_page`, or the preview's memo of it.
Stasher = Callable[[str, str], tuple[str, bytes]]


class Stash:
    """The packed HTML blocks of every generated page of a build, by src_uri."""

    def __init__(self) -> None:
        self.packed: dict[str, bytes] = {}

    def clear(self) -> None:
        self.packed = {}

    def __contains__(self, src_uri: object) -> bool:
        return src_uri in self.packed

    def get(self, src_uri: str) -> bytes | None:
        return self.packed.get(src_uri)

    def keep(self, src_uri: str, packed: bytes) -> None:
        self.packed[src_uri] = packed

    def put(self, src_uri: str, markdown_text: str, stasher: Stasher | None = None) -> str:
        """Stash a page's HTML blocks; returns the Markdown MkDocs converts instead."""
        stashed, packed = (
            stasher(src_uri, markdown_text) if stasher is not None else stash_page(markdown_text)
        )
        self.packed[src_uri] = packed
        return stashed

    def append(self, src_uri: str, markdown_text: str, extra: str) -> str:
        """A hand-written page with generated HTML appended (the start page's overview)."""
        overview, blocks = stash_html(extra)
        self.packed[src_uri] = pack(blocks)
        return markdown_text + "\n" + overview

    def restore(self, src_uri: str, html: str | None) -> str | None:
        """The converted page with its blocks back; each page's blocks are freed after."""
        packed = self.packed.pop(src_uri, None)
        if not packed or html is None:
            return html
        return unstash_html(html, unpack(packed))
