"""The live preview (`mkdocs serve`) survives a broken file: notice in the browser, old page kept.

Each test starts `mkdocs serve` with the preview's flags (as `scripts/serve`,
`mkdocs_process.mkdocs_serve`) on a copy of the fixture project, on a free
port of 127.0.0.1, and waits for conditions only: the server's "Serving on"
line, and the page as Playwright's `expect` polls it (MkDocs' livereload
script reloads the page after each rebuild).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs_process import mkdocs_serve
from playwright.sync_api import Locator, Page, expect

from quartiersdoku.core.problems import Problem
from quartiersdoku.core.settings import Settings
from quartiersdoku.core.validate import load_site
from quartiersdoku.preview.notice import NOTICE_ID, Preview

from .conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "project"
QUARTER = "quartiere/musterstadt/altstadt/"
OLD_SUMMARY = "Ein dichtes Quartier mit vielen Geschäften und einer lebendigen Nachbarschaft."
NEW_SUMMARY = "Ein Quartier im Wandel, mit neuer Kurzbeschreibung."
# A rebuild of the fixture takes a few seconds; the page must follow within this.
REBUILD_TIMEOUT_MS = 30_000


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "projekt"
    shutil.copytree(FIXTURE, copy)
    return copy


def _notice(page: Page) -> Locator:
    return page.get_by_role("alert").filter(has_text="Vorschau:")


def _error_in(project: Path, path: Path, text: str) -> Problem:
    """The error the validator reports for `path` with `text` (checked in a scratch copy)."""
    scratch = project.parent / "scratch"
    shutil.copytree(project / "quarters", scratch)
    (scratch / path.relative_to(project / "quarters")).write_text(text, encoding="utf-8")
    errors = load_site(Settings(quarters_dir=scratch)).errors
    shutil.rmtree(scratch)
    return next(e for e in errors if e.path.name == path.name)


def test_broken_file_shows_a_notice_and_keeps_the_last_good_page(page: Page, project: Path) -> None:
    path = project / "quarters" / "musterstadt" / "altstadt.yaml"
    good = path.read_text(encoding="utf-8")
    assert OLD_SUMMARY in good
    assert "\ncity: Musterstadt\n" in good
    # A new summary and a syntax error in one save: the new text must not show yet.
    broken = good.replace(OLD_SUMMARY, NEW_SUMMARY).replace(
        "\ncity: Musterstadt\n", "\ncity: [Musterstadt\n"
    )
    error = _error_in(project, path, broken)

    with mkdocs_serve(project) as server:
        page.goto(server.base + QUARTER)
        article = page.locator("article")
        expect(article).to_contain_text(OLD_SUMMARY)
        expect(page.locator(f"#{NOTICE_ID}")).to_have_count(0)

        path.write_text(broken, encoding="utf-8")
        notice = _notice(page)
        expect(notice).to_be_visible(timeout=REBUILD_TIMEOUT_MS)
        expect(notice).to_contain_text(
            f"quarters/musterstadt/altstadt.yaml, Zeile {error.line}, Spalte {error.column}"
        )
        expect(notice).to_contain_text(error.message)
        expect(page.locator("article h1")).to_have_text("Altstadt")
        expect(article).to_contain_text(OLD_SUMMARY)
        expect(article).not_to_contain_text(NEW_SUMMARY)
        # The terminal names file, line and column too.
        server.wait_for_line(rf"altstadt\.yaml:{error.line}:{error.column}: ", 10)

        # Other pages carry the notice as well.
        page.goto(server.base)
        expect(_notice(page)).to_be_visible()
        page.goto(server.base + QUARTER)

        path.write_text(good.replace(OLD_SUMMARY, NEW_SUMMARY), encoding="utf-8")
        expect(page.locator(f"#{NOTICE_ID}")).to_have_count(0, timeout=REBUILD_TIMEOUT_MS)
        expect(article).to_contain_text(NEW_SUMMARY)


def test_a_file_broken_from_the_start_still_gives_a_preview(page: Page, project: Path) -> None:
    path = project / "quarters" / "musterstadt" / "hafen.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("\nname: Hafen\n", "\nname: [Hafen\n"), encoding="utf-8")
    assert path.read_text(encoding="utf-8") != good

    with mkdocs_serve(project) as server:
        page.goto(server.base)
        notice = _notice(page)
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("quarters/musterstadt/hafen.yaml")
        # No good state yet: the notice says that the quarters are missing, not kept.
        expect(notice).to_contain_text("noch keinen fehlerfreien Stand")
        expect(notice).not_to_contain_text("zeigt den letzten fehlerfreien Stand")

        path.write_text(good, encoding="utf-8")
        expect(page.locator(f"#{NOTICE_ID}")).to_have_count(0, timeout=REBUILD_TIMEOUT_MS)
        expect(page.locator("article")).to_contain_text("Hafen")


# ------------------------------------------------------- the notice itself, without a server

PAGE = "<html><head><title>x</title></head><body class='a'><p>Inhalt</p></body></html>"


def _problem(message: str) -> Problem:
    return Problem(REPO / "quarters" / "x" / "y.yaml", 3, 7, "events[0].title", message)


def test_the_notice_is_only_shown_in_the_preview_and_only_with_errors() -> None:
    assert Preview(active=False, errors=[_problem("kaputt")], root=REPO).decorate(PAGE) == PAGE
    assert Preview(active=True, errors=[], root=REPO).decorate(PAGE) == PAGE
    shown = Preview(active=True, errors=[_problem("kaputt")], root=REPO).decorate(PAGE)
    assert shown.startswith("<html><head><title>x</title><style>")
    assert '<body class=\'a\'><div id="qd-preview-notice" role="alert"' in shown
    assert "<code>quarters/x/y.yaml</code>, Zeile 3, Spalte 7" in shown
    assert shown.endswith("<p>Inhalt</p></body></html>")


def test_the_notice_escapes_what_comes_from_the_files() -> None:
    preview = Preview(active=True, errors=[_problem("<script>alert(1)</script> & mehr")], root=REPO)
    shown = preview.decorate(PAGE)
    assert "<script>" not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mehr" in shown
