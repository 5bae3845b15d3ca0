"""The form editor speaks German throughout: assets/admin/german.js completes Decap's `de`.

Decap's own locale modules (npm `decap-cms-locales`, installed by scripts/setup at the
version of package-lock.json) are loaded in Node.js, `de` is completed as format.js
does it, and every phrase path of `en` must then exist in German.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
LOCALES = REPO / "node_modules" / "decap-cms-locales" / "dist" / "esm"
GERMAN_JS = REPO / "quartiersdoku" / "assets" / "admin" / "german.js"

HARNESS = """
const [en, de, german] = await Promise.all(
  process.argv.slice(2).map((path) => import(path)),
);
console.log(JSON.stringify({
  en: en.default,
  de: de.default,
  completed: german.completed(de.default),
  missing: german.MISSING_GERMAN,
}));
"""


def _paths(phrases: dict[str, Any], prefix: str = "") -> dict[str, str]:
    found: dict[str, str] = {}
    for key, value in phrases.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            found |= _paths(value, path)
        else:
            found[path] = value
    return found


@pytest.fixture(scope="module")
def locales(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    node = shutil.which("node")
    if node is None or not LOCALES.is_dir():
        pytest.fail("Node.js or node_modules/decap-cms-locales missing: run scripts/setup")
    harness = tmp_path_factory.mktemp("german") / "harness.mjs"
    harness.write_text(HARNESS, encoding="utf-8")
    modules = [LOCALES / "en" / "index.js", LOCALES / "de" / "index.js", GERMAN_JS]
    completed = subprocess.run(
        [node, str(harness), *(m.as_uri() for m in modules)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    loaded = json.loads(completed.stdout)
    return {name: _paths(phrases) for name, phrases in loaded.items()}


def test_every_phrase_of_decap_exists_in_german(locales: dict[str, dict[str, str]]) -> None:
    missing = sorted(set(locales["en"]) - set(locales["completed"]))
    assert missing == [], f"Decap has phrases german.js does not translate: {missing}"


def test_decaps_own_german_phrases_are_kept(locales: dict[str, dict[str, str]]) -> None:
    for path, phrase in locales["de"].items():
        assert locales["completed"][path] == phrase, path


def test_the_supplement_only_adds_what_decap_lacks(locales: dict[str, dict[str, str]]) -> None:
    """A phrase Decap translates itself one day is dropped from german.js, not shadowed."""
    assert set(locales["missing"]) <= set(locales["en"]), "a phrase Decap does not know"
    assert not set(locales["missing"]) & set(locales["de"]), "Decap translates these now"


def test_placeholders_survive_the_translation(locales: dict[str, dict[str, str]]) -> None:
    for path in locales["missing"]:
        english, german = locales["en"][path], locales["completed"][path]
        for placeholder in ("%{widgetLabel}", "%{fieldLabel}", "%{details}"):
            assert (placeholder in english) == (placeholder in german), path
