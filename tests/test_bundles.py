"""The page bundles (pages/bundles.py): one stylesheet and one script, minified, named by a
hash of their content, with the theme's fixes last and its print rules inside @media print."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from quartiersdoku.pages.bundles import (
    BUNDLE_DIR,
    BundleError,
    page_bundles,
    script_bundle,
    style_bundle,
    without_bundles,
)

NODE = shutil.which("node")


def test_names_carry_a_hash_of_the_content(repo: Path) -> None:
    css, js = page_bundles(str(repo / "overrides"))
    assert re.fullmatch(rf"{BUNDLE_DIR}/seite\.[0-9a-f]{{10}}\.css", css.uri)
    assert re.fullmatch(rf"{BUNDLE_DIR}/seite\.[0-9a-f]{{10}}\.js", js.uri)
    # Another theme folder (without the fixes), other content, another name.
    bare_css, bare_js = page_bundles(None)
    assert bare_css.uri != css.uri
    assert bare_js.uri != js.uri
    assert page_bundles(str(repo / "overrides")) == (css, js)  # the same on every build


def test_the_theme_fixes_come_last_and_print_rules_only_for_print(repo: Path) -> None:
    css = style_bundle(repo / "overrides" / "assets").text
    assert "/*" not in css  # minified
    own = css.index(".qd-map__schematic")
    fixes = css.index(".md-content a:not(.headerlink")  # a11y.css
    printed = css.index("@media print{@page")  # print.css, whole, inside @media print
    assert own < fixes < printed
    assert css.count("@page") == 1


def test_a_missing_file_of_the_package_is_named(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match=r"gibt-es-nicht\.css"):
        style_bundle(None, [("package:gibt-es-nicht.css", "")])


def test_an_earlier_bundle_leaves_the_settings() -> None:
    entries = ["extra.css", f"{BUNDLE_DIR}/seite.0123456789.css"]
    assert without_bundles(entries) == ["extra.css"]


@pytest.mark.skipif(NODE is None, reason="node fehlt")
def test_the_script_bundle_is_valid_javascript(repo: Path, tmp_path: Path) -> None:
    js = script_bundle(repo / "overrides" / "assets")
    target = tmp_path / "seite.js"
    target.write_text(js.text, encoding="utf-8")
    result = subprocess.run(
        [str(NODE), "--check", str(target)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    for marker in ("quartiersdoku.karten.zustimmung", "qd-filter", "aria-expanded"):
        assert marker in js.text
