"""Readable, stable identifiers from German text, and links between the site's pages."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable
from functools import partial

_REPLACE = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"}


def transliterate(text: str) -> str:
    """German letters in ASCII as German writes them without umlauts: `süd` → `sued`."""
    for umlaut, plain in _REPLACE.items():
        text = text.replace(umlaut, plain)
    return text


def slugify(text: str, max_length: int = 80) -> str:
    """`„7. Stadtteilkonferenz“ Wehringhausen` → `7-stadtteilkonferenz-wehringhausen`."""
    text = transliterate(text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text[:max_length].rstrip("-") or "eintrag"


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url` (both relative to the site root)."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    target = (
        posixpath.relpath("/" + to_url, "/" + base)
        if to_url
        else posixpath.relpath("/", "/" + base)
    )
    if to_url.endswith("/") and not target.endswith("/"):
        target += "/"
    if target == "./":
        return "./"
    return target


def relative_from(from_url: str) -> Callable[[str], str]:
    """`relative_url` from one page to many targets: the same links in a fraction of the time.

    A target whose first folder is not the page's (a directory page linking a quarter page,
    a quarter page linking `daten/`) is the page's way up to the root followed by the
    target; `posixpath` is needed only for the rest (a folder in common, `.`, `..`, `//`).
    """
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    folders = base.split("/")[:-1]
    if not folders or any(folder in ("", ".", "..") for folder in folders):
        return partial(relative_url, from_url)
    up = "../" * len(folders)
    top = folders[0]

    def link(to_url: str) -> str:
        if _PLAIN_TARGET.match(to_url) and to_url.partition("/")[0] != top:
            return up + to_url
        return relative_url(from_url, to_url)

    return link


#: A target relative to the root without empty, `.` or `..` segments (a final slash allowed).
_PLAIN_TARGET = re.compile(r"(?:(?!\.\.?/)[^/]+/)*(?!\.\.?/?\Z)[^/]+/?\Z")


# The site's one URL scheme for quarters and cities (relative to the site root).

#: The quarter index: every quarter, or on large sites every city.
QUARTERS_URL = "quartiere/"


def quarter_url(slug: str) -> str:
    """`hagen/wehringhausen` → `quartiere/hagen/wehringhausen/`."""
    return f"{QUARTERS_URL}{slug}/"


def quarter_src_uri(slug: str) -> str:
    """The generated Markdown page of a quarter: `quartiere/hagen/wehringhausen.md`."""
    return f"{QUARTERS_URL}{slug}.md"


def city_url(city_key: str) -> str:
    """A city's page, `quartiere/<city>/`; the quarter index for files directly in quarters/."""
    return f"{QUARTERS_URL}{city_key}/" if city_key else QUARTERS_URL


def city_src_uri(city_key: str) -> str:
    """The generated Markdown page of a city: `quartiere/<city>/index.md`."""
    return f"{city_url(city_key)}index.md"
