"""Stylesheets and scripts are shipped without comments and indentation (page weight)."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs_process import build_site

from quartiersdoku.engine.minify import css, js, minified
from quartiersdoku.pages.maps import PRECISION

REPO = Path(__file__).resolve().parent.parent
NODE = shutil.which("node")
OWN_ASSETS = sorted(
    [
        *(REPO / "quartiersdoku" / "assets").rglob("*.js"),
        *(REPO / "quartiersdoku" / "assets").rglob("*.css"),
        *(REPO / "overrides" / "assets").rglob("*.js"),
        *(REPO / "overrides" / "assets").rglob("*.css"),
    ]
)


def test_css_loses_comments_and_whitespace_but_not_meaning() -> None:
    source = """/* a comment */
.a :focus,
.b > .c {
  color: red; /* why */
  margin: 0 auto;
  content: "/* kept */  two  spaces";
}
@media screen and (max-width: 40em) {
  .d { width: calc(100% - 2rem); }
}
"""
    small = css(source)
    assert "a comment" not in small
    assert "why" not in small
    assert '"/* kept */  two  spaces"' in small  # strings untouched
    assert ".a :focus" in small  # a space before ":" is a descendant selector: kept
    assert "calc(100% - 2rem)" in small  # spaces in calc() matter
    assert "\n  " not in small


def test_js_keeps_strings_regexes_and_statement_breaks(tmp_path: Path) -> None:
    source = """/**
 * Header comment.
 */
(function () {
    "use strict";
    // a comment
    var url = "https://example.org/*not a comment*/"; // trailing
    var re = /\\/\\/[a-z/]*/g;
    var half = total / 2 / count;
    var a = b
    ++c
    return a + +b;  /* end */
})();
"""
    small = js(source)
    assert "comment." not in small
    assert "trailing" not in small
    assert "end" not in small
    assert '"https://example.org/*not a comment*/"' in small
    assert "/\\/\\/[a-z/]*/g" in small
    assert "a + +b" in small or "a+ +b" in small  # not "a++b"
    assert "b\n++c" in small  # the line break automatic semicolon insertion needs


def test_other_files_stay_as_they_are() -> None:
    assert minified("x.txt", "/* kept */") == "/* kept */"


def test_licence_comments_stay() -> None:
    assert "/*! licence */" in js("var a = 1; /*! licence */\n")
    assert "/*! licence */" in css("/*! licence */ a { color: red }")


@pytest.mark.parametrize("path", OWN_ASSETS, ids=lambda p: p.name)
def test_every_own_asset_gets_smaller_and_stays_valid(path: Path, tmp_path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    small = minified(path.name, text)
    assert small != text, "nothing minified"
    assert len(gzip.compress(small.encode())) < len(gzip.compress(text.encode()))
    if path.suffix == ".js" and NODE is not None:
        copy = tmp_path / path.name
        copy.write_text(small, encoding="utf-8")
        result = subprocess.run(
            [NODE, "--check", str(copy)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def built(fixture_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(fixture_project / "mkdocs.yml", tmp_path_factory.mktemp("minified") / "site")


def test_the_site_ships_minified_assets(built: Path) -> None:
    for uri in (
        "assets/quartiersdoku/quartiersdoku.css",
        "assets/quartiersdoku/opening-hours.js",
        "assets/maps/quartiersdoku-karte.js",
        "assets/maps/quartiersdoku-karte.css",
        "assets/maps/quartiersdoku-kartenblock.css",
    ):
        text = (built / uri).read_text(encoding="utf-8")
        assert "/*" not in text, uri
        assert "\n  " not in text, uri
    leaflet_css = next((built / "assets" / "maps").glob("leaflet-*/leaflet.css"))
    assert "/*" not in leaflet_css.read_text(encoding="utf-8")


def test_pages_do_not_load_materials_palette(built: Path, repo: Path) -> None:
    """Material's defaults are the site's colours: palette.css (2 KB gzipped) is not needed."""
    html = (built / "index.html").read_text(encoding="utf-8")
    links = [link["href"] for link in BeautifulSoup(html, "html.parser").select("link[href]")]
    assert not any("palette" in href for href in links)
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    assert not re.search(r"^\s*palette:", config, re.M)


def test_map_documents_carry_rounded_positions(built: Path) -> None:
    for document in (built / "karten").rglob("*.html"):
        soup = BeautifulSoup(document.read_text(encoding="utf-8"), "html.parser")
        canvas = soup.select_one("[data-qd-map]")
        assert canvas is not None
        centre = json.loads(canvas["data-qd-map"])["center"]
        assert all(round(value, PRECISION) == value for value in centre), document
