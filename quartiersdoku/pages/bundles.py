"""One stylesheet and one script for every page, named by a hash of their content.

A page used to load nine small files of ours (the site's stylesheet, the map
block's, the accessibility fixes and their print rules, the filter, the opening
hours, the menu's script, …): each a request, each a few hundred bytes of
headers. They are bundled at build time, minified, into
`assets/quartiersdoku/seite.<hash>.css` and `seite.<hash>.js`. The hash
changes whenever the content does, so a server may let browsers keep them for a
year (`deploy/nginx.conf`).

Map documents (`karten/…`) keep their own files: they load only after consent.

This module reads files and returns text; the plugin adds the two files to the
build and to `extra_css`/`extra_javascript` (Material links them on every page).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rcssmin
import rjsmin

#: Our package's assets.
PACKAGE_ASSETS = Path(__file__).parent.parent / "assets"
BUNDLE_DIR = "assets/quartiersdoku"

#: (file, media) of the page stylesheet, in cascade order: the theme's fixes come last, so
#: they win over rules of the same specificity (as when they were linked after extra_css).
PAGE_STYLES: tuple[tuple[str, str], ...] = (
    ("package:quartiersdoku.css", ""),
    ("package:maps/page.css", ""),
    ("theme:stylesheets/a11y.css", ""),
    ("theme:stylesheets/print.css", "print"),
)
#: Scripts of every page; each keeps its own function scope.
PAGE_SCRIPTS: tuple[str, ...] = (
    "package:filter.js",
    "package:opening-hours.js",
    "package:maps/consent.js",
    "theme:javascripts/a11y.js",
)


@dataclass(frozen=True)
class Bundle:
    """A bundled file: where it goes in the site and what it holds."""

    uri: str
    text: str


class BundleError(Exception):
    """A file that belongs in a bundle is missing (message in German)."""


def _source(name: str, theme_assets: Path | None) -> Path | None:
    where, _, path = name.partition(":")
    if where == "package":
        return PACKAGE_ASSETS / path
    return theme_assets / path if theme_assets is not None else None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise BundleError(f"Die Datei {path} für das Seiten-Bundle fehlt.") from exc


def _named(stem: str, suffix: str, text: str) -> Bundle:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    return Bundle(f"{BUNDLE_DIR}/{stem}.{digest}.{suffix}", text)


def style_bundle(
    theme_assets: Path | None, styles: Iterable[tuple[str, str]] = PAGE_STYLES
) -> Bundle:
    """The page stylesheet: every file minified, print rules inside `@media print`.

    Files of the theme (`theme:`) are taken from `theme_assets` (the `assets/`
    folder of `theme.custom_dir`) when it has them; a site without those
    overrides simply goes without.
    """
    parts = []
    for name, media in styles:
        path = _source(name, theme_assets)
        if path is None or (name.startswith("theme:") and not path.is_file()):
            continue
        text = str(rcssmin.cssmin(_read(path), keep_bang_comments=True))
        parts.append(f"@media {media}{{{text}}}" if media else text)
    return _named("seite", "css", "\n".join(parts))


def script_bundle(theme_assets: Path | None, scripts: Iterable[str] = PAGE_SCRIPTS) -> Bundle:
    """The page script: every file minified, one after the other (each is its own IIFE)."""
    parts = []
    for name in scripts:
        path = _source(name, theme_assets)
        if path is None or (name.startswith("theme:") and not path.is_file()):
            continue
        parts.append(str(rjsmin.jsmin(_read(path), keep_bang_comments=True)).rstrip(";") + ";")
    return _named("seite", "js", "\n".join(parts))


def page_bundles(custom_dir: str | None) -> tuple[Bundle, Bundle]:
    """The stylesheet and the script of every page, for a theme with `custom_dir` (or none)."""
    theme_assets = Path(custom_dir) / "assets" if custom_dir else None
    return style_bundle(theme_assets), script_bundle(theme_assets)


__all__ = [
    "BUNDLE_DIR",
    "PAGE_SCRIPTS",
    "PAGE_STYLES",
    "Bundle",
    "BundleError",
    "page_bundles",
    "script_bundle",
    "style_bundle",
    "without_bundles",
]


def without_bundles(entries: Iterable[object]) -> list[Any]:
    """`extra_css` or `extra_javascript` without a bundle of an earlier build (`mkdocs serve`)."""
    return [entry for entry in entries if not str(entry).startswith(f"{BUNDLE_DIR}/seite.")]
