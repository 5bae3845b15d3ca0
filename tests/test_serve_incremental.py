"""The preview as `scripts/serve` runs it (`mkdocs serve --no-strict --dirty`): only what changed.

`mkdocs serve` runs on a copy of the fixture project, on a free port of
127.0.0.1, with its site folder in the test's temporary folder (TMPDIR). The
tests wait for conditions only: the "Serving on" line, a page showing an edit.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
import vobject
import yaml
from bs4 import BeautifulSoup
from mkdocs_process import REBUILD_TIMEOUT_S, ServeProcess, mkdocs_serve
from sitemap_xml import sitemap_entries

from quartiersdoku.core.hints import PLACEHOLDER_SUMMARY
from quartiersdoku.preview.notice import NOTICE_ID, SERVE_FLAGS

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "project"
QUARTER = "quartiere/musterstadt/altstadt/"
OTHER = "quartiere/musterstadt/hafen/"
SUMMARY = "Ein dichtes Quartier mit vielen Geschäften und einer lebendigen Nachbarschaft."
MEASURE = "title: Sozialraumkonzept"
#: The city file of the export fixture: its `contacts` (an office with address, phone, hours
#: and location; a standing body) are added to the project's city file.
EXPORT_CITY = REPO / "tests" / "fixtures" / "export" / "quarters" / "musterstadt" / "_stadt.yaml"
#: The log line of the first build's index, written while the preview already serves.
INDEX_WRITTEN = r"Suchindex \(Pagefind\) über \d+ Seiten geschrieben .*im Hintergrund"


def _serve_flags_of_the_script() -> list[str]:
    """The `mkdocs serve` arguments of scripts/serve (without the address)."""
    text = (REPO / "scripts" / "serve").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if 'mkdocs" serve' in line)
    words = shlex.split(line.split('mkdocs" serve', 1)[1])
    return [w for w in words if w.startswith("--")]


def test_the_benchmark_serves_as_scripts_serve_does() -> None:
    assert _serve_flags_of_the_script() == list(SERVE_FLAGS)
    assert "--dirty" in SERVE_FLAGS


def test_quartiersdoku_serve_runs_what_scripts_serve_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    from quartiersdoku.tools import cli

    monkeypatch.chdir(REPO)  # the shipped project's mkdocs.yml
    called: list[list[str]] = []
    monkeypatch.setattr(cli.subprocess, "call", lambda command, env: called.append(command) or 0)
    assert cli.main(["serve", "-a", "127.0.0.1:8123"]) == 0
    [command] = called
    assert command[1:4] == ["-m", "mkdocs", "serve"]
    assert [word for word in command if word.startswith("--")] == list(SERVE_FLAGS)
    assert command[-2:] == ["-a", "127.0.0.1:8123"]


def serve(project: Path, tmp: Path) -> AbstractContextManager[ServeProcess]:
    return mkdocs_serve(project, tmp=tmp)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "projekt"
    shutil.copytree(FIXTURE, copy)
    return copy


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


def _set_search(project: Path, engine: str) -> None:
    """The plugin option `search` of the project's copy (the fixture sets `search: lunr`)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      search: lunr\n" in text
    config.write_text(text.replace("      search: lunr\n", f"      search: {engine}\n", 1), "utf-8")


def _stamps(site: Path) -> dict[str, int]:
    return {
        p.relative_to(site).as_posix(): p.stat().st_mtime_ns
        for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith("karten/")
    }


def test_an_edit_rebuilds_only_the_pages_that_show_it(project: Path, tmp: Path) -> None:
    _set_search(project, "pagefind")
    path = project / "quarters" / "musterstadt" / "altstadt.yaml"
    good = path.read_text(encoding="utf-8")
    assert SUMMARY in good
    assert MEASURE in good
    with serve(project, tmp) as server:
        server.wait_for(QUARTER, lambda s, t: s == 200 and SUMMARY in t)
        # The first build wrote every map document and open-data file in a forked child.
        first = server.wait_for_line(r"(\d+) von \1 Karten geschrieben", 10)
        maps = int(re.findall(r"(\d+) von \1 Karten", first)[0])
        assert maps >= 3  # the overview, the contacts' map and a quarter's
        server.wait_for_line(r"\d+ Dateien offene Daten geschrieben \(nebenher\)", 10)
        # Pagefind finished the first build's index while the server started.
        server.wait_for_line(INDEX_WRITTEN, REBUILD_TIMEOUT_S)
        started = len(server.seen)
        before = _stamps(server.site)
        index_before = (server.site / "pagefind" / "pagefind-entry.json").stat().st_mtime_ns

        edited = good.replace(SUMMARY, "Neu beschrieben, ein Quartier im Wandel.").replace(
            MEASURE, "title: Sozialraumkonzept Zwei"
        )
        path.write_text(edited, encoding="utf-8")
        server.wait_for(QUARTER, lambda s, t: "Neu beschrieben" in t)
        # The directory that lists the measure, and the quarter index with the summary.
        assert "Sozialraumkonzept Zwei" in server.get("massnahmen/")[1]
        assert "Neu beschrieben" in server.get("quartiere/")[1]
        assert "Sozialraumkonzept Zwei" in server.get(QUARTER)[1]

        after = _stamps(server.site)
        changed = {page for page, stamp in after.items() if before.get(page) != stamp}
        assert f"{QUARTER}index.html" in changed
        assert "massnahmen/index.html" in changed
        assert "quartiere/index.html" in changed
        # The other quarter and the directories without the edit keep their files.
        assert f"{OTHER}index.html" not in changed
        assert "termine/index.html" not in changed
        assert "anlaufstellen/index.html" not in changed
        server.wait_for_line(r"Vorschau: 1 Datei neu geladen", 10)
        # The Pagefind index stays as at the start, and the log says so.
        server.wait_for_line(r"Suchindex \(Pagefind\) bleibt", 10)
        assert (server.site / "pagefind" / "pagefind-entry.json").stat().st_mtime_ns == index_before
        assert not any("'dirty' build" in line for line in server.seen)

        # Only the edited quarter's map document is written again: the rebuild compares
        # with what the first build's child wrote.
        rebuilt = server.wait_for_line(r"\d+ von \d+ Karten geschrieben", 10, after=started)
        written, total = map(int, re.findall(r"(\d+) von (\d+) Karten", rebuilt)[0])
        assert total == maps
        assert written < total
        # The open data follows in the background, again only files that changed.
        line = server.wait_for_line(r"offene Daten aktuell", REBUILD_TIMEOUT_S, after=started)
        changed, files = map(int, re.findall(r"\((\d+) von (\d+) Dateien", line)[0])
        assert 0 < changed < files
        data = json.loads(server.get("daten/quartiere/musterstadt/altstadt.json")[1])
        assert "Neu beschrieben" in json.dumps(data, ensure_ascii=False)


def test_a_city_contact_edit_rewrites_its_vcard_and_the_contacts_map(
    project: Path, tmp: Path
) -> None:
    """A city file's contact point: its vCard and the contact points' map are side files
    like a quarter's; an edit of the city file writes them again (preview/sidesync.py)."""
    _set_search(project, "pagefind")
    city_file = project / "quarters" / "musterstadt" / "_stadt.yaml"
    contacts = yaml.safe_load(EXPORT_CITY.read_text(encoding="utf-8"))["contacts"]
    city_file.write_text(
        city_file.read_text(encoding="utf-8")
        + yaml.safe_dump({"contacts": contacts}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    folder = "daten/anlaufstellen/musterstadt/_stadt/"
    office = f"{folder}koordinationsstelle-quartiere.vcf"
    city_page = "quartiere/musterstadt/"
    with serve(project, tmp) as server:
        soup = BeautifulSoup(server.wait_for(city_page, lambda s, t: s == 200), "html.parser")
        links = soup.find_all("a", string="Kontakt speichern (vCard)")
        assert [a["href"] for a in links] == [
            f"../../{office}",
            f"../../{folder}stadtteilkonferenz.vcf",
        ]
        script = soup.find("script", type="application/ld+json")
        assert script is not None
        nodes = json.loads(script.string)["@graph"]
        [node] = [n for n in nodes if n["name"] == "Koordinationsstelle Quartiersarbeit"]
        assert (node["@type"], node["telephone"]) == ("GovernmentOffice", "02331 207-4411")
        directory = BeautifulSoup(server.get("anlaufstellen/")[1], "html.parser")
        assert directory.find("a", href=f"../{office}") is not None
        server.wait_for_line(r"\d+ Dateien offene Daten geschrieben \(nebenher\)", 10)
        status, text = server.get(office)
        assert (status, vobject.readOne(text).tel.value) == (200, "02331 207-4411")
        assert "Koordinationsstelle Quartiersarbeit" in server.get("karten/anlaufstellen.html")[1]

        started = len(server.seen)
        good = city_file.read_text(encoding="utf-8")
        assert good.count("02331 207-4411") == 1
        assert good.count("lat: 51.3555") == 1
        city_file.write_text(
            good.replace("02331 207-4411", "02331 207-4499").replace(
                "lat: 51.3555", "lat: 51.3577"
            ),
            encoding="utf-8",
        )
        server.wait_for(city_page, lambda s, t: "02331 207-4499" in t)
        server.wait_for_line(r"\d+ von \d+ Karten geschrieben", 10, after=started)
        assert "51.3577" in server.get("karten/anlaufstellen.html")[1]
        server.wait_for_line(r"offene Daten aktuell", REBUILD_TIMEOUT_S, after=started)
        card = vobject.readOne(server.get(office)[1])
        assert card.tel.value == "02331 207-4499"
        assert card.geo.value == "51.3577;7.4655"
        everything = server.get("daten/anlaufstellen.vcf")[1]
        assert "02331 207-4499" in everything
        assert "02331 207-4411" not in everything

        # The standing body leaves the city file: its card, its row and its node go too.
        body = f"{folder}stadtteilkonferenz.vcf"
        started = len(server.seen)
        edited = city_file.read_text(encoding="utf-8")
        data = yaml.safe_load(edited)
        data["contacts"] = [c for c in data["contacts"] if c["id"] != "stadtteilkonferenz"]
        city_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        server.wait_for(city_page, lambda s, t: "Stadtteilkonferenz Musterstadt" not in t)
        assert "Stadtteilkonferenz Musterstadt" not in server.get("anlaufstellen/")[1]
        server.wait_for_line(r"offene Daten aktuell", REBUILD_TIMEOUT_S, after=started)
        assert server.get(body)[0] == 404
        assert "Stadtteilkonferenz" not in server.get("daten/anlaufstellen.vcf")[1]


def test_a_renamed_quarter_moves_and_leaves_no_stale_page(project: Path, tmp: Path) -> None:
    _set_search(project, "pagefind")
    folder = project / "quarters" / "musterstadt"
    with serve(project, tmp) as server:
        server.wait_for(OTHER, lambda s, t: s == 200)
        (folder / "hafen.yaml").rename(folder / "neuer-hafen.yaml")
        server.wait_for("quartiere/musterstadt/neuer-hafen/", lambda s, t: s == 200)
        assert server.get(OTHER)[0] == 404
        assert not (server.site / OTHER / "index.html").exists()
        assert "neuer-hafen/" in server.get("quartiere/")[1]
        assert "neuer-hafen/" in server.get("quartiere/musterstadt/")[1]
        assert "musterstadt/hafen/" not in server.get("quartiere/")[1]


def test_a_broken_file_puts_the_notice_on_kept_pages_too(project: Path, tmp: Path) -> None:
    _set_search(project, "pagefind")
    path = project / "quarters" / "musterstadt" / "altstadt.yaml"
    good = path.read_text(encoding="utf-8")
    with serve(project, tmp) as server:
        server.wait_for(OTHER, lambda s, t: s == 200 and NOTICE_ID not in t)
        path.write_text(good.replace("\ncity: Musterstadt\n", "\ncity: [Musterstadt\n"), "utf-8")
        # The other quarter's page is not built again, but shows the notice.
        text = server.wait_for(OTHER, lambda s, t: NOTICE_ID in t)
        assert "altstadt.yaml" in text
        assert SUMMARY in server.get(QUARTER)[1]  # the last good data stays on screen

        path.write_text(good.replace(SUMMARY, "Wieder gut."), encoding="utf-8")
        server.wait_for(QUARTER, lambda s, t: "Wieder gut." in t and NOTICE_ID not in t)
        assert NOTICE_ID not in server.get(OTHER)[1]
        assert NOTICE_ID not in server.get("")[1]


def test_an_edit_saved_while_another_file_is_broken_shows_after_the_fix(
    project: Path, tmp: Path
) -> None:
    """While one file is broken the last good data stays on screen; an edit saved to
    another file meanwhile must show once the broken file is fixed (found in review:
    the page memo had kept the old page under the new file's key)."""
    _set_search(project, "pagefind")
    broken = project / "quarters" / "musterstadt" / "altstadt.yaml"
    other = project / "quarters" / "musterstadt" / "hafen.yaml"
    good, other_text = broken.read_text("utf-8"), other.read_text("utf-8")
    old_summary = "Ein früheres Gewerbegebiet am Wasser, das zum Wohnquartier werden soll."
    assert old_summary in other_text
    with serve(project, tmp) as server:
        server.wait_for(OTHER, lambda s, t: s == 200 and NOTICE_ID not in t)
        broken.write_text(good.replace("\ncity: Musterstadt\n", "\ncity: [Musterstadt\n"), "utf-8")
        server.wait_for_rebuilds(1)
        assert NOTICE_ID in server.get(OTHER)[1]
        other.write_text(other_text.replace(old_summary, "Am Wasser wird gewohnt."), "utf-8")
        server.wait_for_rebuilds(2)  # the edit is read, but the site stays on the last good data
        assert old_summary in server.get(OTHER)[1]
        broken.write_text(good, "utf-8")
        server.wait_for(OTHER, lambda s, t: NOTICE_ID not in t and "Am Wasser wird gewohnt." in t)
        assert "Am Wasser wird gewohnt." in server.get("quartiere/")[1]


def test_the_terminal_says_which_hints_a_save_added_and_settled(project: Path, tmp: Path) -> None:
    """The preview prints the hints once; after a save only what changed (preview/hints.py),
    compared with the last good build also when a broken build came between."""
    path = project / "quarters" / "musterstadt" / "altstadt.yaml"
    good = path.read_text(encoding="utf-8")
    overdue_office = "„Quartiersbüro Altstadt“ ist noch als geplant eingetragen"
    overdue_report = "Die Zusage „Vierteljährlicher Sachstandsbericht“"
    with serve(project, tmp) as server:
        review = re.escape(server.base) + r"pruefliste/"
        first = "".join(server.seen)
        assert first.count("Hinweis für die Redaktion: ") == 2
        assert overdue_office in first
        assert overdue_report in first
        assert re.search(
            rf"Hinweise für die Redaktion: insgesamt 2 \(alle auf der Prüfliste: {review}\)\.$",
            first,
            re.MULTILINE,
        )
        assert server.get("pruefliste/")[0] == 200  # where the terminal points
        mark = len(server.seen)
        path.write_text(good.replace("\ncity: Musterstadt\n", "\ncity: [Musterstadt\n"), "utf-8")
        server.wait_for_rebuild(after=mark)
        assert "für die Redaktion" not in "".join(server.seen[mark:])  # broken: no word of hints
        mark = len(server.seen)
        edited = good.replace("due: Mitte 2026", "due: Mitte 2099").replace(
            SUMMARY, PLACEHOLDER_SUMMARY
        )
        path.write_text(edited, encoding="utf-8")
        server.wait_for_line(
            rf"Hinweise für die Redaktion: 1 neu, 1 entfallen, insgesamt 2 "
            rf"\(alle auf der Prüfliste: {review}\)\.$",
            REBUILD_TIMEOUT_S,
            after=mark,
        )
        said = server.seen[mark:]
        fixed = next(i for i, line in enumerate(said) if "Die Fehler sind behoben" in line)
        [new] = [i for i, line in enumerate(said) if "Hinweis für die Redaktion: " in line]
        assert fixed < new  # first that the preview is current again, then the news
        assert "altstadt.yaml:" in said[new]
        assert "summary: Die Kurzbeschreibung" in said[new]
        assert overdue_report not in "".join(said)  # known, not repeated
        assert "Die Kurzbeschreibung ist noch der Platzhalter" in server.get("pruefliste/")[1]
        mark = len(server.seen)
        path.write_text(edited + "# gelesen\n", encoding="utf-8")  # a comment: no new hint
        server.wait_for_rebuild(after=mark)
        assert "für die Redaktion" not in "".join(server.seen[mark:])  # nothing to say


def test_with_lunr_every_page_stays_in_the_search_index(project: Path, tmp: Path) -> None:
    _set_search(project, "lunr")
    path = project / "quarters" / "musterstadt" / "altstadt.yaml"
    good = path.read_text(encoding="utf-8")
    with serve(project, tmp) as server:
        server.wait_for(QUARTER, lambda s, t: s == 200)
        first = json.loads(server.get("search/search_index.json")[1])["docs"]
        path.write_text(good.replace(SUMMARY, "Neu beschrieben für Lunr."), encoding="utf-8")
        server.wait_for(QUARTER, lambda s, t: "Neu beschrieben für Lunr." in t)
        docs = json.loads(server.get("search/search_index.json")[1])["docs"]
        locations = [d["location"] for d in docs]
        assert sorted(locations) == sorted(d["location"] for d in first)
        assert any("Neu beschrieben für Lunr." in d["text"] for d in docs)


def test_the_shipped_site_previews_with_pagefind(tmp_path: Path, tmp: Path) -> None:
    """The shipped mkdocs.yml (Pagefind by default, no Material search): the preview writes
    the index on its first build, keeps it on rebuilds and says so; no lunr index. The
    sitemap keeps the `hreflang` alternates of the quarter pages a rebuild leaves as they
    are (MkDocs reads nothing of such a page, not even its front matter)."""
    project = tmp_path / "auslieferung"
    project.mkdir()
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("content", "overrides", "quarters"):
        shutil.copytree(REPO / folder, project / folder)
    path = project / "quarters" / "hagen" / "wehringhausen.yaml"
    good = path.read_text(encoding="utf-8")
    summary = "summary: Hagener Stadtteil, in dem"
    assert summary in good
    page = "quartiere/hagen/wehringhausen/"
    with serve(project, tmp) as server:
        server.wait_for(page, lambda s, t: s == 200)
        # The first page is served before the index is complete (not waited for): the log
        # says when the search answers.
        server.wait_for_line(INDEX_WRITTEN, REBUILD_TIMEOUT_S)
        assert server.get("pagefind/pagefind.js")[0] == 200
        assert server.get("search/search_index.json")[0] == 404
        index = server.site / "pagefind" / "pagefind-entry.json"
        index_before = index.stat().st_mtime_ns
        alternates = sitemap_entries(server.get("sitemap.xml")[1])
        assert alternates[server.base + page]  # the German page and its versions
        assert alternates[server.base + "quartiere/hagen/zentrum-remberg/tr/"]
        started = len(server.seen)
        path.write_text(good.replace(summary, "summary: Neu beschrieben, in dem"), "utf-8")
        server.wait_for(page, lambda s, t: "Neu beschrieben, in dem" in t)
        server.wait_for_line(r"Suchindex \(Pagefind\) bleibt", 10)
        assert index.stat().st_mtime_ns == index_before
        line = server.wait_for_line(r"\d+ von \d+ Seiten gebaut", 10, after=started)
        built, total = map(int, re.findall(r"(\d+) von (\d+) Seiten gebaut", line)[0])
        assert built < total  # the other quarters' pages were left as they were
        assert sitemap_entries(server.get("sitemap.xml")[1]) == alternates
