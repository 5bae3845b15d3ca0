"""Smaller stylesheets and scripts: comments and indentation left out at build time.

Our own assets (`assets/`, the theme overrides in `overrides/assets/`) and
Leaflet's stylesheet are written for people to read: a third to a half of each
file is comments and indentation, which every visitor downloads (about 6 KB
gzipped on a quarter page, docs/performance.md). The build ships them without.

With two well-kept minifiers, `rcssmin` and `rjsmin` (both by André Malo, used by
webassets and django-compressor; C speed-ups, pinned in `pyproject.toml`). Their
rules are conservative: strings, regular expressions and what automatic semicolon
insertion needs are kept. Licence comments (`/*! … */`) stay in both.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import rcssmin
import rjsmin
import xstatic.pkg.leaflet as xs_leaflet
import xstatic.pkg.leaflet_markercluster as xs_cluster
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

#: Our own assets (stylesheet, scripts, map script and styles).
_PACKAGE_ASSETS = Path(__file__).parent.parent / "assets"


def css(text: str) -> str:
    """`text` without comments and needless whitespace."""
    return str(rcssmin.cssmin(text, keep_bang_comments=True))


def js(text: str) -> str:
    """`text` without comments and needless whitespace."""
    return str(rjsmin.jsmin(text, keep_bang_comments=True))


# ----------------------------------------------------------------------------- files


def minified(name: str, text: str) -> str:
    """`text` of the file `name` made smaller if it is a stylesheet or a script."""
    if name.endswith(".css"):
        return css(text)
    if name.endswith(".js"):
        return js(text)
    return text


def asset_sources(config: MkDocsConfig) -> list[Path]:
    """Where the files come from that the build minifies.

    Our package's assets, the theme overrides' `assets/` folder and Leaflet's
    (and markercluster's) stylesheets; never Material's own files (minified already).
    """
    sources = [
        _PACKAGE_ASSETS,
        # Stylesheets only: leaflet.js is minified already (and starts with its licence).
        Path(xs_leaflet.BASE_DIR) / "leaflet.css",
        Path(xs_cluster.BASE_DIR) / "MarkerCluster.css",
        Path(xs_cluster.BASE_DIR) / "MarkerCluster.Default.css",
    ]
    custom_dir = config.theme.custom_dir
    if custom_dir:
        sources.append(Path(custom_dir) / "assets")
    return sources


def minify_files(files: Files, sources: Iterable[Path]) -> int:
    """Minify every .css and .js file of the site whose source lies in one of `sources`.

    Files already minified (`.min.` in the name) are left alone. Returns how many were
    minified.
    """
    roots = [source.resolve() for source in sources]
    count = 0
    for file in files:
        uri = file.dest_uri
        if not uri.endswith((".css", ".js")) or ".min." in uri or file.abs_src_path is None:
            continue
        source = Path(file.abs_src_path).resolve()
        if not any(source.is_relative_to(root) for root in roots):
            continue
        text = file.content_string
        smaller = minified(uri, text)
        if smaller != text:
            file.content_string = smaller
            count += 1
    return count


__all__ = ["asset_sources", "css", "js", "minified", "minify_files"]
