"""Unit tests for quartiersdoku.search.lunr (no browser).

The worker shipped by the installed mkdocs-material is copied into a fake
site folder and patched. Where Node.js is available, the patched worker is
also run under Node with a tiny web-worker shim (importScripts, postMessage)
to check the search behaviour without a browser; the browser tests in
tests/browser/test_search_german.py check the real thing.
"""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import material
import pytest

from quartiersdoku.search.lunr import (
    PATCH_MARKER,
    SearchPatchError,
    patch_search_worker,
)

MATERIAL_JS = Path(material.__file__).parent / "templates" / "assets" / "javascripts"
WORKER_DIR = Path("assets") / "javascripts" / "workers"

SEARCH_CONFIG: dict[str, Any] = {
    "lang": ["de"],
    "separator": r"[\s\-]+",
    "pipeline": ["stemmer", "stopWordFilter", "trimmer"],
    "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}},
}

DOCS: list[dict[str, str]] = [
    {
        "location": "konferenz/",
        "title": "Treffen",
        "text": "<p>Die Stadtteilkonferenz tagt monatlich. Jede Konferenz ist öffentlich.</p>",
    },
    {
        "location": "einkaufen/",
        "title": "Einkaufen",
        "text": "<p>In den kleinen Geschäften am Markt gibt es Brot.</p>",
    },
    {
        "location": "wohnen/",
        "title": "Wohnen",
        "text": "<p>Familien leben in den alten Häusern. Die Straßen sind ruhig.</p>",
    },
    {
        "location": "verwaltung/",
        "title": "Verwaltung",
        "text": "<p>Die Geschäftsführung beantwortet Fragen.</p>",
    },
]


def installed_worker() -> Path:
    workers = sorted((MATERIAL_JS / "workers").glob("search.*.min.js"))
    assert len(workers) == 1, workers
    return workers[0]


def write_index(site: Path, config: dict[str, Any] | None = None) -> None:
    index = site / "search" / "search_index.json"
    index.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "config": SEARCH_CONFIG if config is None else config,
        "docs": DOCS,
        "options": {"suggest": False},
    }
    index.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def make_site(tmp_path: Path, worker_text: str | None = None) -> Path:
    """A fake built site: search index plus the (real or given) worker."""
    site = tmp_path / "site"
    (site / WORKER_DIR).mkdir(parents=True)
    source = installed_worker()
    target = site / WORKER_DIR / source.name
    if worker_text is None:
        shutil.copyfile(source, target)
    else:
        target.write_text(worker_text, encoding="utf-8")
    write_index(site)
    return site


# -- patching -----------------------------------------------------------------


def test_patch_applies_to_installed_worker(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    original = installed_worker().read_text(encoding="utf-8")

    worker = patch_search_worker(site)

    assert worker == site / WORKER_DIR / installed_worker().name
    patched = worker.read_text(encoding="utf-8")
    assert patched.count(PATCH_MARKER) == 1
    assert "this.index.search(" not in patched
    assert patched.count("this.index.query(__quartiersdokuSearch.query(this.index,") == 1
    assert patched.count("=__quartiersdokuSearch.terms(this.index,") == 1
    # The source map comment stays the last line; original lines are kept.
    assert patched.rstrip("\n").splitlines()[-1].startswith("//# sourceMappingURL=")
    assert len(patched.splitlines()) > len(original.splitlines())
    # The installed theme itself is never touched.
    assert installed_worker().read_text(encoding="utf-8") == original


def test_patched_worker_is_valid_javascript(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js not installed")
    worker = patch_search_worker(make_site(tmp_path))
    subprocess.run([node, "--check", str(worker)], check=True, timeout=60)


def test_patch_twice_is_a_no_op(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    worker = patch_search_worker(site)
    once = worker.read_bytes()

    assert patch_search_worker(site) == worker
    assert worker.read_bytes() == once


def test_changed_worker_raises_german_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, worker_text='"use strict";console.log("anders");\n')

    with pytest.raises(SearchPatchError) as info:
        patch_search_worker(site)

    message = str(info.value)
    assert "Such-Skript von Material for MkDocs hat sich geändert" in message
    assert "deutsche Suche" in message
    assert "greift nicht mehr" in message
    assert installed_worker().name in message
    assert importlib.metadata.version("mkdocs-material") in message
    # Nothing was written.
    assert PATCH_MARKER not in (site / WORKER_DIR / installed_worker().name).read_text(
        encoding="utf-8"
    )


def test_pattern_found_twice_raises(tmp_path: Path) -> None:
    text = installed_worker().read_text(encoding="utf-8")
    site = make_site(tmp_path, worker_text=text + text)

    with pytest.raises(SearchPatchError, match="2-mal statt genau einmal"):
        patch_search_worker(site)


def test_search_call_missing_raises(tmp_path: Path) -> None:
    text = installed_worker().read_text(encoding="utf-8")
    changed = text.replace("this.index.search(", "this.index.find(")
    assert changed != text
    site = make_site(tmp_path, worker_text=changed)

    with pytest.raises(SearchPatchError, match="0-mal statt genau einmal"):
        patch_search_worker(site)


def test_wildcard_premise_missing_raises(tmp_path: Path) -> None:
    text = installed_worker().read_text(encoding="utf-8")
    changed = text.replace("`${r}*`", "r")
    assert changed != text
    site = make_site(tmp_path, worker_text=changed)

    with pytest.raises(SearchPatchError, match="Anhängen von „\\*“"):
        patch_search_worker(site)


def test_missing_worker_raises(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    for worker in (site / WORKER_DIR).iterdir():
        worker.unlink()

    with pytest.raises(SearchPatchError, match="nicht eindeutig gefunden"):
        patch_search_worker(site)


def test_two_workers_raise(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    shutil.copyfile(installed_worker(), site / WORKER_DIR / "search.00000000.min.js")

    with pytest.raises(SearchPatchError, match="nicht eindeutig gefunden"):
        patch_search_worker(site)


def test_missing_search_index_raises(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "search" / "search_index.json").unlink()

    with pytest.raises(SearchPatchError, match=r"Suchindex .* fehlt"):
        patch_search_worker(site)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"pipeline": ["stopWordFilter"]}, "ohne Stammformbildung"),
        ({"lang": ["en"]}, "nicht für Deutsch eingerichtet"),
    ],
)
def test_index_without_german_stemming_raises(
    tmp_path: Path, change: dict[str, Any], expected: str
) -> None:
    site = make_site(tmp_path)
    write_index(site, {**SEARCH_CONFIG, **change})

    with pytest.raises(SearchPatchError, match=expected) as info:
        patch_search_worker(site)
    assert "pipeline: [stemmer, stopWordFilter, trimmer]" in str(info.value)
    assert PATCH_MARKER not in (site / WORKER_DIR / installed_worker().name).read_text(
        encoding="utf-8"
    )


# -- behaviour of the worker under Node.js ------------------------------------

# Runs a search worker under Node with a minimal web-worker shim and prints,
# per query, the result locations and the analysed query terms as JSON.
NODE_HARNESS = r"""
const fs = require("fs"), path = require("path"), vm = require("vm");
const [workerFile, lunrDir, indexFile, ...queries] = process.argv.slice(2);
globalThis.self = globalThis;
let onMessage = null;
globalThis.addEventListener = (type, fn) => { if (type === "message") onMessage = fn; };
let reply = null;
globalThis.postMessage = message => { reply = message; };
globalThis.importScripts = (...urls) => {
  for (const url of urls)
    vm.runInThisContext(
      fs.readFileSync(path.join(lunrDir, url.replace(/^\.\.\/lunr\//, "")), "utf8"),
      { filename: url });
};
const warnings = [];
console.warn = (...args) => warnings.push(args.map(String).join(" "));
vm.runInThisContext(fs.readFileSync(workerFile, "utf8"), { filename: workerFile });
(async () => {
  await onMessage({ data: { type: 0, data: JSON.parse(fs.readFileSync(indexFile, "utf8")) } });
  const results = {};
  for (const query of queries) {
    await onMessage({ data: { type: 2, data: query } });
    results[query] = reply.data.items.map(group => ({
      location: group[0].location,
      terms: group[0].terms,
    }));
  }
  console.log(JSON.stringify({ results, warnings }));
})().catch(err => { console.error(err); process.exit(1); });
"""


def run_worker(site: Path, queries: list[str]) -> dict[str, list[dict[str, Any]]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js not installed")
    harness = site.parent / "harness.js"
    harness.write_text(NODE_HARNESS, encoding="utf-8")
    (worker,) = (site / WORKER_DIR).glob("search.*.min.js")
    completed = subprocess.run(
        [
            node,
            str(harness),
            str(worker),
            str(MATERIAL_JS / "lunr"),
            str(site / "search" / "search_index.json"),
            *queries,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    output = json.loads(completed.stdout)
    assert output["warnings"] == []
    results: dict[str, list[dict[str, Any]]] = output["results"]
    return results


def locations(results: list[dict[str, Any]]) -> list[str]:
    return [item["location"] for item in results]


QUERIES = ["Konferenzen", "Geschäft", "Stadtteilk", "Haus", "Strasse", "Geschäftsf"]


def test_unpatched_worker_misses_inflected_forms(tmp_path: Path) -> None:
    """Premise: without the patch a stemmed index breaks these queries.

    If this test fails after an upgrade, Material may have fixed stemming
    itself and the patch may no longer be needed.
    """
    results = run_worker(make_site(tmp_path), QUERIES)

    assert results["Konferenzen"] == []
    assert results["Geschäft"] == []
    assert results["Strasse"] == []
    assert results["Geschäftsf"] == []


def test_patched_worker_finds_inflected_forms(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    patch_search_worker(site)

    results = run_worker(site, [*QUERIES, "Xylophonquark", "Konferenz Wohnung"])

    assert locations(results["Konferenzen"]) == ["konferenz/"]
    assert results["Konferenzen"][0]["terms"] == {"konferenzen": True}
    assert locations(results["Geschäft"])[0] == "einkaufen/"
    assert locations(results["Stadtteilk"]) == ["konferenz/"]
    assert locations(results["Haus"]) == ["wohnen/"]
    assert locations(results["Strasse"]) == ["wohnen/"]
    assert locations(results["Geschäftsf"]) == ["verwaltung/"]
    assert results["Xylophonquark"] == []
    # "Konferenz" matches, "Wohnung" does not: still reported as missing.
    assert results["Konferenz Wohnung"][0]["terms"] == {
        "konferenz": True,
        "wohnung": False,
    }
