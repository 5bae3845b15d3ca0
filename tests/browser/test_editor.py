"""The form editor (/admin/, Decap CMS) with its local backend, in Chromium.

`quartiersdoku redaktion` runs on a temporary copy of the project: decap-server
behind our save step, and the preview. The tests fill the form as an editor
does and check the files it writes, the validator's verdict and the preview.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from mkdocs_process import (
    REBUILD_TIMEOUT_S,
    START_TIMEOUT_S,
    ServeProcess,
    build_site,
    free_port,
    mkdocs_env,
    mkdocs_serve,
)
from playwright.sync_api import Page, expect
from test_admin_site import EDITOR_OPTIONS, project_with_options

from quartiersdoku.core.translations import fingerprint
from quartiersdoku.tools.cli import main
from quartiersdoku.tools.editor_config import PROXY_URL_ENV
from quartiersdoku.tools.editor_save import NOT_EDITABLE

from .chromium import RequestGuard
from .conftest import REPO
from .test_csp import ADMIN, HEADERS, INIT_SCRIPT, serve_with_headers

#: Decap CMS 3.16 as shipped fails axe (WCAG 2.1 A/AA) on these rules; our page around
#: it (assets/admin/redaktion.css and .js) and the configuration (Markdown fields in
#: "raw" mode) fix them all (docs/redaktion-im-browser.md, "Barrierefreiheit").
FIXED_UPSTREAM = (
    "color-contrast",  # grey header buttons, collection links, description, sort button
    "aria-command-name",  # drag handles of list entries
    "button-name",  # fold and remove buttons of list entries, the rich-text switch
    "aria-required-attr",  # the rich-text switch without aria-checked
    "aria-input-field-name",  # the Markdown text box (contenteditable) without a name
)
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
SAVE_TIMEOUT_S = 30
#: Decap's 5 MB script and its configuration, on a busy machine.
LOAD_TIMEOUT_MS = 30_000


@dataclass
class Editor:
    project: Path
    server: ServeProcess

    @property
    def admin(self) -> str:
        return self.server.base + "admin/"

    def quarter(self, relative: str) -> Path:
        return self.project / "quarters" / relative


def _copy_project(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "content", "overrides", "quarters", "schema"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    (target / "node_modules").symlink_to(REPO / "node_modules")
    return target


@contextmanager
def running_redaktion(project: Path) -> Iterator[tuple[ServeProcess, int]]:
    """`quartiersdoku redaktion` on `project` (own session), until it serves; then Ctrl-C."""
    if not (REPO / "node_modules" / "decap-cms" / "dist" / "decap-cms.js").exists():
        pytest.fail("node_modules/decap-cms is missing: run scripts/setup", pytrace=False)
    site_port, proxy_port = free_port(), free_port()
    command = [sys.executable, "-m", "quartiersdoku.tools.cli", "-f", str(project / "mkdocs.yml")]
    command += ["redaktion", "-a", f"127.0.0.1:{site_port}", "--port", str(proxy_port)]
    process = subprocess.Popen(
        command,
        cwd=project,
        env=mkdocs_env(PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        start_new_session=True,
    )
    server = ServeProcess(process, f"http://127.0.0.1:{site_port}/")

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            server.lines.put(line)

    reader = threading.Thread(target=pump, name="redaktion output", daemon=True)
    reader.start()
    try:
        server.wait_for_line(r"Serving on http://127\.0\.0\.1", START_TIMEOUT_S)
        yield server, proxy_port
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # as Ctrl-C
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        reader.join(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editor]:
    project = _copy_project(tmp_path_factory.mktemp("redaktion"))
    with running_redaktion(project) as (server, _):
        yield Editor(project, server)


def _wait_until(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + SAVE_TIMEOUT_S
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {SAVE_TIMEOUT_S} s: {what}", pytrace=False)
        time.sleep(0.1)  # a polling interval for a file the server writes


def _open(page: Page, editor: Editor, route: str) -> None:
    # The preview holds requests while it rebuilds after a save: wait as long as a build takes.
    page.goto(editor.admin, timeout=REBUILD_TIMEOUT_S * 1000)
    page.get_by_role("button", name="Login").click(timeout=LOAD_TIMEOUT_MS)
    expect(page.get_by_role("link", name="Quartiere: Hagen").first).to_be_visible(
        timeout=LOAD_TIMEOUT_MS
    )
    page.goto(editor.admin + route)


def _publish(page: Page) -> None:
    page.get_by_role("button", name="Veröffentlichen").click()
    page.get_by_text("Jetzt veröffentlichen", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="gespeichert")).to_be_visible()


def _changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def _publish_and_diff(page: Page, path: Path, before: str) -> list[str]:
    """Save the form and wait for the file to change: the lines the save changed."""
    _publish(page)
    _wait_until(lambda: path.read_text(encoding="utf-8") != before, f"{path} saved")
    return _changed_lines(before, path.read_text(encoding="utf-8"))


def _validate(editor: Editor, path: Path) -> int:
    return main(["-f", str(editor.project / "mkdocs.yml"), "validate", str(path)])


def test_create_a_quarter_with_a_measure_and_an_event(page: Page, editor: Editor) -> None:
    _open(page, editor, "#/collections/quartiere-hagen/new")
    page.get_by_role("textbox", name="Name", exact=True).first.fill("Eckesey-Süd")
    page.get_by_role("textbox", name="Kurzbeschreibung", exact=True).first.fill(
        "Ein Quartier im Hagener Norden."
    )
    page.get_by_role("button", name="maßnahme hinzufügen").click()
    # The fold buttons of nested groups: Decap's German lacks these phrases (german.js).
    folds = page.get_by_test_id("expand-button")
    expect(folds.first).to_be_attached()
    assert set(folds.evaluate_all("els => els.map(e => e.ariaLabel)")) <= {
        "Aufklappen",
        "Zuklappen",
    }
    page.get_by_role("textbox", name="Titel", exact=True).first.fill("Spielplatz erneuern")
    page.get_by_role("button", name="termin hinzufügen").click()
    page.get_by_role("textbox", name="Titel", exact=True).nth(1).fill("Stadtteilfest")
    page.get_by_role("textbox", name="Beginn", exact=True).fill("2027-05-08")
    _publish(page)

    path = editor.quarter("hagen/eckesey-süd.yaml")
    _wait_until(path.exists, f"{path} written")
    text = path.read_text(encoding="utf-8")
    assert (
        text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/quarter.schema.json"
    )
    assert "  - title: Spielplatz erneuern\n" in text
    assert "    start: 2027-05-08\n" in text
    assert _validate(editor, path) == 0
    # the address is transliterated (a warning suggests the ASCII file name)
    editor.server.wait_for(
        "quartiere/hagen/eckesey-sued/",
        lambda status, html: status == 200 and "Spielplatz erneuern" in html,
    )


def test_editing_one_field_changes_only_that_line(page: Page, editor: Editor) -> None:
    path = editor.quarter("hagen/zentrum-remberg.yaml")
    before = path.read_text(encoding="utf-8")
    _open(page, editor, "#/collections/quartiere-hagen/entries/zentrum-remberg")
    summary = page.get_by_role("textbox", name="Kurzbeschreibung", exact=True).first
    expect(summary).not_to_have_value("")
    summary.fill("Innenstadt von Hagen mit dem Wohngebiet Remberg.")
    changed = _publish_and_diff(page, path, before)
    assert len(changed) == 2, changed
    assert changed[0].startswith("-summary: ")
    assert changed[1] == "+summary: Innenstadt von Hagen mit dem Wohngebiet Remberg."
    assert _validate(editor, path) == 0


def test_a_value_the_form_cannot_show_is_marked_and_kept(page: Page, editor: Editor) -> None:
    path = editor.quarter("hagen/handarbeit.yaml")
    before = (
        "# yaml-language-server: $schema=../../schema/quarter.schema.json\n"
        "name: Handarbeit\n"
        "city: Hagen\n"
        "summary: Von Hand geschrieben.\n"
        "district:  # zwei Bezirke, von Hand\n"
        "  - Mitte\n"
        "  - Nord\n"
    )
    editor.server.drain()
    mark = len(editor.server.seen)
    path.write_text(before, encoding="utf-8")
    editor.server.wait_for_rebuild(after=mark)
    _open(page, editor, "#/collections/quartiere-hagen/entries/handarbeit")
    expect(page.get_by_role("textbox", name="Stadtbezirk (optional)")).to_have_value(NOT_EDITABLE)
    page.get_by_role("textbox", name="Kurzbeschreibung", exact=True).first.fill("Geändert.")
    _publish(page)
    _wait_until(lambda: path.read_text(encoding="utf-8") != before, f"{path} saved")
    after = path.read_text(encoding="utf-8")
    assert _changed_lines(before, after) == [
        "-summary: Von Hand geschrieben.",
        "+summary: Geändert.",
    ]


def _expand(page: Page, heading: str) -> None:
    """Open a collapsed section by the fold button in its top bar."""
    top_bar = page.locator('[class*="ExpandButtonContainer"]').filter(
        has_text=re.compile(f"^{re.escape(heading)}$")
    )
    top_bar.get_by_role("button").first.click()


def test_a_turkish_summary_is_edited_in_its_language_section(page: Page, editor: Editor) -> None:
    path = editor.quarter("hagen/wehringhausen.yaml")
    before = path.read_text(encoding="utf-8")
    _open(page, editor, "#/collections/quartiere-hagen/entries/wehringhausen")
    for section in ("Übersetzungen", "Türkisch"):  # each closed until opened
        _expand(page, section)
    summary = page.get_by_role("textbox", name="Kurzbeschreibung (optional)", exact=True)
    expect(summary).to_have_value(re.compile("^“Soziale Stadt Wehringhausen” programının"))
    summary.fill("Hagen’de bir semt.")
    changed = _publish_and_diff(page, path, before)
    assert len(changed) == 2, changed
    assert changed[0].startswith("-    summary: “Soziale Stadt Wehringhausen” programının")
    assert changed[1] == "+    summary: Hagen’de bir semt."


def _axe_violations(page: Page) -> dict[str, list[str]]:
    response: dict[str, Any] = Axe().run(page, options=AXE_OPTIONS).response
    return {
        v["id"]: [", ".join(map(str, n["target"])) for n in v["nodes"][:3]]
        for v in response["violations"]
    }


def test_axe_on_the_editors_pages(page: Page, editor: Editor) -> None:
    """No violation on the login page, a collection and a quarter's form."""
    found: dict[str, dict[str, list[str]]] = {}
    page.goto(editor.admin, timeout=REBUILD_TIMEOUT_S * 1000)
    expect(page.get_by_role("button", name="Login")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    found["Anmeldung"] = _axe_violations(page)
    page.get_by_role("button", name="Login").click(timeout=LOAD_TIMEOUT_MS)
    expect(page.get_by_role("link", name="Quartiere: Hagen").first).to_be_visible(
        timeout=LOAD_TIMEOUT_MS
    )
    page.goto(editor.admin + "#/collections/quartiere-hagen")
    expect(page.get_by_text("Wehringhausen").first).to_be_visible()
    found["Liste"] = _axe_violations(page)
    page.goto(editor.admin + "#/collections/quartiere-hagen/entries/wehringhausen")
    expect(page.get_by_role("textbox", name="Kurzbeschreibung", exact=True).first).to_be_visible()
    # the names our script gives arrive with the form's controls
    expect(page.locator('[aria-roledescription="sortable"]').first).to_have_attribute(
        "aria-label", "Eintrag verschieben (Leertaste, dann Pfeiltasten)"
    )
    found["Formular"] = _axe_violations(page)
    assert found == {"Anmeldung": {}, "Liste": {}, "Formular": {}}, (
        f"axe on the editor (fixed upstream rules: {FIXED_UPSTREAM}): {found}"
    )
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.title().startswith("Redaktion")


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_ctrl_c_stops_the_backend_and_the_preview(tmp_path: Path) -> None:
    project = tmp_path / "projekt"
    shutil.copytree(REPO / "tests" / "fixtures" / "project", project)
    shutil.copytree(REPO / "schema", project / "schema")
    (project / "node_modules").symlink_to(REPO / "node_modules")
    with running_redaktion(project) as (server, proxy_port):
        assert _listening(proxy_port)
        server.process.send_signal(signal.SIGINT)
        assert server.process.wait(timeout=30) == 0
        server.wait_for_line(r"quartiersdoku redaktion: beendet\.", 10)
        # every child ended: no process is left in the command's session
        with pytest.raises(ProcessLookupError):
            os.killpg(server.process.pid, 0)
        assert not _listening(proxy_port)


def test_the_public_editor_runs_under_its_csp(
    page: Page, tmp_path: Path, request_guard: RequestGuard
) -> None:
    """`editor: true` with GitLab, served with deploy/nginx.conf's headers for /admin/."""
    project = project_with_options(tmp_path, EDITOR_OPTIONS)
    site = build_site(project / "mkdocs.yml", tmp_path / "site")

    def headers(path: str) -> dict[str, str]:
        return HEADERS[ADMIN] if path.startswith(ADMIN) else HEADERS[""]

    page.add_init_script(INIT_SCRIPT)
    with serve_with_headers(site, headers) as base:
        page.goto(base + "admin/")
        # Decap's login for GitLab: nothing is sent to GitLab before the click
        expect(page.get_by_role("button", name="Mit GitLab einloggen")).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        assert page.evaluate("window.__csp || []") == []
    assert request_guard.blocked == []


def test_decap_alone_reads_short_citations_and_writes_the_schema_line(
    page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without our save step (as on GitLab or GitHub): assets/admin/format.js at work."""
    project = _copy_project(tmp_path / "projekt")
    path = project / "quarters" / "hagen" / "kurzform.yaml"
    path.write_text(
        "name: Kurzform\n"
        "city: Hagen\n"
        "summary: Quellen in Kurzform.\n"
        "measures:\n"
        "  - title: Spielplatz erneuern\n"
        "    sources: [konzept]\n"
        "sources:\n"
        "  - id: konzept\n"
        "    title: Integriertes Handlungskonzept\n"
        "translations:\n"
        "  en:\n"
        "    summary: Sources in short form.\n"
        "    made_from:\n"
        f'      summary: "{fingerprint("Quellen in Kurzform.")}"\n',
        encoding="utf-8",
    )
    backend_port = free_port()
    env = {**os.environ, "PORT": str(backend_port), "BIND_HOST": "127.0.0.1", "MODE": "fs"}
    backend = subprocess.Popen(
        ["node", str(REPO / "node_modules" / "decap-server" / "dist" / "index.js")],
        cwd=project,
        env={**env, "GIT_REPO_DIRECTORY": str(project)},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    monkeypatch.setenv(PROXY_URL_ENV, f"http://127.0.0.1:{backend_port}/api/v1")
    try:
        with mkdocs_serve(project) as server:
            editor = Editor(project, server)
            _open(page, editor, "#/collections/quartiere-hagen/entries/kurzform")
            for section in ("Übersetzungen", "Englisch"):
                _expand(page, section)
            # `made_from` as a list: one entry, named by its key, holding the fingerprint
            key = page.locator('[class*="NestedObjectLabel"]', has_text=re.compile("^summary$"))
            entry = page.locator('[class*="listControlItem"]').filter(has=key)
            entry.get_by_role("button", name="Eintrag auf- oder zuklappen").click()
            expect(
                page.get_by_role("textbox", name="Fingerabdruck des deutschen Texts", exact=True)
            ).to_have_value(fingerprint("Quellen in Kurzform."))
            page.get_by_role("textbox", name="Kurzbeschreibung", exact=True).first.fill("Neu.")
            _publish(page)
            _wait_until(lambda: "Neu." in path.read_text(encoding="utf-8"), f"{path} saved")
    finally:
        backend.terminate()
        backend.wait(timeout=10)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/quarter.schema.json\n")
    assert "      - id: konzept\n" in text
    # a mapping keyed by ids, a list of entries in the form, is a mapping again in the file
    assert yaml.safe_load(text)["translations"]["en"]["made_from"] == {
        "summary": fingerprint("Quellen in Kurzform.")
    }
    assert list(yaml.safe_load(text)["translations"]) == ["en"]  # no empty language
    assert _validate(editor, path) == 0
