"""Editor text never runs as code or as a template, end to end in the browser.

A quarter file with an attack in every text field is built into the fixture
project; the pages must show the attack as text, open no dialog, and contain
no script, event handler or javascript: link that came from the file.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Page, expect

from .conftest import build_site

ATTACKS = [
    "<script>alert('skript')</script>",
    "<img src=x onerror=alert('bild')>",
    "[Klick](javascript:alert('link'))",
    "{{ 7*7 }}{% if true %}jinja{% endif %}",
    '"><svg onload=alert(1)>',
]
TEXT = " ".join(ATTACKS)


def _yaml_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _attack_file() -> str:
    s = _yaml_string(TEXT)
    return f"""\
name: {s}
city: Musterstadt
summary: {s}
description: {s}
tags: [{s}]
programmes:
  - name: {s}
    operators: [{s}]
    results: {s}
    successor:
      text: {s}
measures:
  - title: {s}
    goals: [{s}]
    steps:
      - date: 2024
        title: {s}
events:
  - title: {s}
    start: 2024-05-04
    venue: {{name: {s}}}
    topics: [{s}]
    outcomes: {s}
contacts:
  - name: {s}
    organisation: {s}
    accessibility: {s}
links:
  - title: {s}
    url: https://example.org/
sources:
  - id: quelle
    title: {s}
"""


@pytest.fixture(scope="module")
def attacked_site(fixture_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("angriff") / "projekt"
    shutil.copytree(fixture_project, project)
    (project / "quarters" / "musterstadt" / "angriff.yaml").write_text(
        _attack_file(), encoding="utf-8"
    )
    return build_site(project / "mkdocs.yml", project.parent / "site")


@pytest.mark.parametrize(
    "path",
    [
        "quartiere/musterstadt/angriff/",
        "",
        "quartiere/",
        "massnahmen/",
        "termine/",
        "anlaufstellen/",
    ],
)
def test_attacks_stay_text(
    page: Page, serve: Callable[[str | Path], str], attacked_site: Path, path: str
) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(serve(attacked_site) + path, wait_until="load")
    article = page.locator("article")
    expect(article).to_contain_text("<script>alert('skript')</script>")
    expect(article).to_contain_text("{{ 7*7 }}{% if true %}jinja{% endif %}")
    # The only SVG is what the build draws: map schematics and their legend's symbols.
    drawn = "svg:not(.qd-map__schematic):not(.qd-map__symbol)"
    assert article.locator(f"script, {drawn}, img, iframe:not(.qd-map__frame)").count() == 0
    for frame_src in article.locator("iframe.qd-map__frame").evaluate_all(
        "fs => fs.map(f => f.getAttribute('src'))"
    ):
        assert "karten/" in frame_src
    assert article.locator("a[href^='javascript' i]").count() == 0
    handlers = article.evaluate(
        "root => [...root.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on'))"
    )
    assert handlers == []
    assert dialogs == []
