"""The preview's review list in the browser: the count on every page, its page, accessible and valid.

`mkdocs serve` (as `scripts/serve`) runs on a copy of the shipped project (its
theme overrides make the pages accessible) with one more quarter whose planned
office has passed its due date; the build date is fixed through
SOURCE_DATE_EPOCH, which the server inherits.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from mkdocs_process import mkdocs_serve
from playwright.sync_api import Page, expect
from test_html_validity import is_known, run_vnu

from quartiersdoku.preview.notice import REVIEW_ID

from .conftest import REPO
from .test_accessibility import assert_no_axe_violations

#: What `mkdocs.yml` of the shipped project builds from.
PROJECT_PARTS = ("mkdocs.yml", "content", "overrides", "quarters")
LAPSED = """\
name: Prüfbeispiel
city: Musterstadt
summary: Ein Quartier mit einem Büro, dessen Frist verstrichen ist.
reviewed: 2025-01-15
contacts:
  - name: Geplantes Prüfbüro
    status: planned
    due: 2026-01-31
    as_of: 2025-11-03
"""
QUARTER = "quartiere/musterstadt/pruefbeispiel/"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "projekt"
    copy.mkdir()
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, copy / part)
        else:
            shutil.copy2(source, copy / part)
    (copy / "quarters" / "musterstadt").mkdir()
    (copy / "quarters" / "musterstadt" / "pruefbeispiel.yaml").write_text(LAPSED, encoding="utf-8")
    build_day = datetime(2026, 7, 1, 12, tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(build_day.timestamp())))
    return copy


def test_the_review_list_is_one_click_away_accessible_and_valid(
    page: Page, project: Path, tmp_path: Path
) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    with mkdocs_serve(project, tmp=tmp) as server:
        page.goto(server.base + QUARTER)
        # The page itself: the note on the lapsed date, „Stand der Quelle“, the old review.
        expect(page.locator(".qd-lapsed")).to_have_text(
            "Frist (31.01.2026) verstrichen – der aktuelle Stand ist nicht erfasst."
        )
        expect(page.locator(".qd-as-of")).to_have_text("Stand der Quelle: 03.11.2025")
        expect(page.locator(".qd-stale")).to_contain_text("zuletzt am 15.01.2025 geprüft")
        expect(page.locator(".qd-footer-stand")).to_have_text("Stand der Website: 01.07.2026")
        status = page.get_by_role("status").filter(has_text="Prüfliste")
        expect(status).to_be_visible()
        assert_no_axe_violations(page)
        status.get_by_role("link", name=re.compile(r"Prüfliste: \d+ Einträge")).click()
        expect(page).to_have_url(re.compile(r"/pruefliste/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Prüfliste für die Redaktion")
        entries = page.locator("ul.qd-review li")
        expect(
            entries.filter(has_text="pruefbeispiel.yaml").filter(has_text="contacts[0].due")
        ).to_have_count(1)
        expect(
            entries.filter(has_text="Der Inhalt wurde zuletzt am 15.01.2025 geprüft")
        ).to_have_count(1)
        assert_no_axe_violations(page)
        saved = tmp_path / "pruefliste.html"
        saved.write_text(page.content(), encoding="utf-8")
    errors = [e for e in run_vnu([saved]) if not is_known(e)]
    assert errors == [], errors
    assert REVIEW_ID in saved.read_text(encoding="utf-8")
