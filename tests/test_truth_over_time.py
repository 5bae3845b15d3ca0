"""Truth over time: standings that follow their decision, dates that pass, the review list.

Every date is fixed through SOURCE_DATE_EPOCH (the build date), before and after
each deadline of a small made-up project; nothing mocks the clock.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs_process import build_site, mkdocs_serve

from quartiersdoku.core.settings import Settings
from quartiersdoku.core.site import Site
from quartiersdoku.core.tracking import Standing, all_decisions
from quartiersdoku.core.validate import Result, load_site
from quartiersdoku.core.warnings import Urgency
from quartiersdoku.exports.common import ExportSettings
from quartiersdoku.exports.data import site_json
from quartiersdoku.exports.feed import news_feed
from quartiersdoku.pages.directories import Directories
from quartiersdoku.pages.render import Renderer
from quartiersdoku.preview.notice import REVIEW_ID
from quartiersdoku.tools.cli import main

CITY = """\
name: Musterstadt
contacts:
  - name: Stadtteilkonferenz Musterstadt
    kind: standing_body
    organisation: Stadt Musterstadt
    as_of: 2026-01-15
decisions:
  - id: antrag
    reference: "1/2026"
    title: Antrag Quartiersbüro
    kind: motion
    body: Sozialausschuss
    date: 2026-02-10
    status: planned
    decision_date: 2026-03-17
    quarters: [musterstadt/test]
    commitments:
      - id: buero
        title: Quartiersbüro einrichten
        due: 2026-06-30
"""

QUARTER = """\
name: Test
city: Musterstadt
summary: Ein Quartier zum Testen.
reviewed: 2026-01-10
programmes:
  - name: Künftiges Programm
    status: planned
    start: 2026-04
  - name: Laufendes Programm
    status: running
    start: 2020
    end: 2026-05-31
measures:
  - title: Geplante Maßnahme
    status: planned
    start: 2026-05-01
contacts:
  - name: Geplantes Büro
    kind: quarter_office
    status: planned
    due: 2026-06-30
    as_of: 2026-02-10
    reviewed: 2025-06-01
decisions:
  - id: beschluss
    reference: "2/2026"
    title: Beschluss Quartiersbüro
    body: Rat
    date: 2026-02-12
    status: adopted
    commitments:
      - id: buero
        title: Büro eröffnen
        due: 2026-06-30
      - id: bericht
        title: Halbjährlicher Bericht
        interval_months: 6
      - id: konzept
        title: Konzept vorlegen
        due: 2026-04-30
  - id: abgelehnt
    reference: "3/2026"
    title: Abgelehnter Antrag
    body: Rat
    date: 2026-02-12
    status: rejected
    commitments:
      - id: etwas
        title: Etwas tun
        due: 2026-03-31
  - id: vertagt
    reference: "4/2026"
    title: Vertagter Antrag
    body: Rat
    date: 2026-02-12
    status: deferred
    commitments:
      - id: anderes
        title: Anderes tun
        due: 2026-03-31
reports:
  - date: 2026-05-15
    title: Das Konzept liegt vor
    decision: beschluss
    commitment: konzept
    fulfilled: true
events:
  - title: Konferenz
    start: 2026-05-20
"""

BEFORE = date(2026, 3, 1)  # before every date of the project
JUNE = date(2026, 6, 1)  # after the decision date, the starts and the end; before the due dates
JULY = date(2026, 7, 1)  # after the due dates
LATER = date(2027, 2, 1)  # a year after the review, after the report interval


def at_build_date(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """Fix the build date the way builds do: SOURCE_DATE_EPOCH (seconds, UTC)."""
    epoch = int(datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))


@pytest.fixture
def quarters(tmp_path: Path) -> Path:
    folder = tmp_path / "quarters" / "musterstadt"
    folder.mkdir(parents=True)
    (folder / "_stadt.yaml").write_text(CITY, encoding="utf-8")
    (folder / "test.yaml").write_text(QUARTER, encoding="utf-8")
    return tmp_path / "quarters"


def _load(quarters: Path, monkeypatch: pytest.MonkeyPatch, day: date, **settings: int) -> Result:
    at_build_date(monkeypatch, day)
    result = load_site(Settings(quarters_dir=quarters, **settings))  # type: ignore[arg-type]
    assert result.errors == []
    assert result.site.today == day
    return result


def _standings(site: Site) -> dict[str, str]:
    return {
        f"{t.decision.id}/{c.commitment.id}": c.label
        for t in all_decisions(site)
        for c in t.commitments
    }


# ------------------------------------------------------------------ standing


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (
            BEFORE,
            {
                "antrag/buero": "beantragt",
                "beschluss/buero": "offen",
                "beschluss/bericht": "offen",
                "beschluss/konzept": "offen",
                "abgelehnt/etwas": "abgelehnt",
                "vertagt/anderes": "vertagt",
            },
        ),
        (
            JUNE,
            {
                "antrag/buero": "beantragt",
                "beschluss/buero": "offen",
                "beschluss/bericht": "offen",
                "beschluss/konzept": "erfüllt am 15.05.2026",
                "abgelehnt/etwas": "abgelehnt",
                "vertagt/anderes": "vertagt",
            },
        ),
        (
            JULY,
            {
                # Not adopted: never overdue, even after its due date.
                "antrag/buero": "beantragt",
                "beschluss/buero": "überfällig",
                "beschluss/bericht": "offen",
                "beschluss/konzept": "erfüllt am 15.05.2026",
                "abgelehnt/etwas": "abgelehnt",
                "vertagt/anderes": "vertagt",
            },
        ),
        (
            LATER,
            {
                "antrag/buero": "beantragt",
                "beschluss/buero": "überfällig",
                # Six months after the decision (12.02.2026) without a report.
                "beschluss/bericht": "überfällig",
                "beschluss/konzept": "erfüllt am 15.05.2026",
                "abgelehnt/etwas": "abgelehnt",
                "vertagt/anderes": "vertagt",
            },
        ),
    ],
    ids=["vorher", "juni", "juli", "spaeter"],
)
def test_commitments_follow_their_decision(
    quarters: Path, monkeypatch: pytest.MonkeyPatch, day: date, expected: dict[str, str]
) -> None:
    site = _load(quarters, monkeypatch, day).site
    assert _standings(site) == expected


def test_a_recurring_commitment_falls_due_an_interval_after_its_last_report(
    quarters: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = quarters / "musterstadt" / "test.yaml"
    report = (
        "  - date: 2026-08-01\n    title: Erster Bericht\n"
        "    decision: beschluss\n    commitment: bericht\n"
    )
    text = path.read_text(encoding="utf-8").replace("events:\n", report + "events:\n")
    path.write_text(text, encoding="utf-8")
    site = _load(quarters, monkeypatch, date(2027, 1, 31)).site
    [tracked] = [t for t in all_decisions(site) if t.decision.id == "beschluss"]
    report = next(c for c in tracked.commitments if c.commitment.id == "bericht")
    assert (report.standing, report.next_due) == (Standing.REPORTED, date(2027, 2, 1))
    site = _load(quarters, monkeypatch, date(2027, 2, 2)).site
    assert _standings(site)["beschluss/bericht"] == "überfällig"


# ------------------------------------------------------------------ pages


def _soup(markdown: str) -> BeautifulSoup:
    return BeautifulSoup(markdown, "html.parser")


def _section(soup: BeautifulSoup, entry_id: str) -> str:
    """The text from the heading of `entry_id` to the next heading of its level."""
    text = soup.get_text("\n")
    start = text.index(entry_id)
    end = text.find("\n### ", start + 1)
    return text[start : end if end >= 0 else None]


def _pages(site: Site) -> tuple[str, str, dict[str, str]]:
    renderer = Renderer(site)
    quarter = renderer.quarter_page(site.quarters[0])
    city = renderer.city_page(site.cities["musterstadt"])
    directories = {p.src_uri: p.content for p in Directories(site, renderer).pages()}
    return quarter, city, directories


def test_lapsed_dates_carry_a_note_on_the_quarter_page_and_in_every_directory(
    quarters: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quarter, city, directories = _pages(_load(quarters, monkeypatch, JULY).site)
    notes = [p.get_text(" ", strip=True) for p in _soup(quarter).select("p.qd-lapsed")]
    assert notes == [
        "Geplanter Beginn (April 2026) verstrichen – der aktuelle Stand ist nicht erfasst.",
        "Geplantes Ende (31.05.2026) verstrichen – der aktuelle Stand ist nicht erfasst.",
        "Geplanter Beginn (01.05.2026) verstrichen – der aktuelle Stand ist nicht erfasst.",
        "Frist (30.06.2026) verstrichen – der aktuelle Stand ist nicht erfasst.",
        "Beratungstermin (17.03.2026) verstrichen – der aktuelle Stand ist nicht erfasst.",
    ]
    assert "Beratungstermin (17.03.2026) verstrichen" in city
    badges = [b.get_text(strip=True) for b in _soup(quarter).select(".qd-badges .qd-badge")]
    assert "Künftiges Programm: geplant, Beginn verstrichen" in badges
    assert "Laufendes Programm: beendet" in badges  # running after its end: shown as ended
    for directory, expected in [
        ("anlaufstellen/index.md", "Frist (30.06.2026) verstrichen"),
        ("massnahmen/index.md", "Geplanter Beginn (01.05.2026) verstrichen"),
        ("beschluesse/index.md", "Beratungstermin (17.03.2026) verstrichen"),
        # Running after its end: shown as ended, in the archive, with the note.
        ("archiv/index.md", "Geplantes Ende (31.05.2026) verstrichen"),
    ]:
        notes = [
            p.get_text(" ", strip=True) for p in _soup(directories[directory]).select(".qd-lapsed")
        ]
        assert any(expected in note for note in notes), (directory, notes)


def test_nothing_is_lapsed_before_its_date(quarters: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    quarter, city, directories = _pages(_load(quarters, monkeypatch, BEFORE).site)
    for page in [quarter, city, *directories.values()]:
        assert "qd-lapsed" not in page
        assert ") verstrichen –" not in page


def test_the_contact_lapses_only_after_its_due_date(
    quarters: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quarter, _, directories = _pages(_load(quarters, monkeypatch, JUNE).site)
    assert "Frist (30.06.2026) verstrichen" not in quarter
    assert "qd-lapsed" not in directories["anlaufstellen/index.md"]
    quarter, _, directories = _pages(_load(quarters, monkeypatch, JULY).site)
    assert "Frist (30.06.2026) verstrichen" in directories["anlaufstellen/index.md"]


def test_the_page_shows_each_commitments_standing(
    quarters: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quarter, _, directories = _pages(_load(quarters, monkeypatch, JULY).site)
    soup = _soup(quarter)
    badges = {
        li["id"]: li.select_one(".qd-badge").get_text(strip=True)
        for li in soup.select("ul.qd-commitments li")
    }
    assert badges == {
        "zusage-antrag-buero": "beantragt",
        "zusage-beschluss-buero": "überfällig",
        "zusage-beschluss-bericht": "offen",
        "zusage-beschluss-konzept": "erfüllt am 15.05.2026",
        "zusage-abgelehnt-etwas": "abgelehnt",
        "zusage-vertagt-anderes": "vertagt",
    }
    # The motion's commitment names the due date it asks for, not a date it fell due.
    proposed = soup.select_one("#zusage-antrag-buero").get_text(" ", strip=True)
    assert "Frist: 30.06.2026" in proposed
    assert "fällig" not in proposed
    listed = _soup(directories["beschluesse/index.md"])
    assert [b.get_text(strip=True) for b in listed.select(".qd-commitments .qd-badge")].count(
        "überfällig"
    ) == 1


def test_as_of_and_the_sources_of_the_summary_are_shown(
    quarters: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = quarters / "musterstadt" / "test.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "reviewed: 2026-01-10\n",
        "reviewed: 2026-01-10\nsummary_sources: [{id: konzept, at: S. 4}]\n"
        "sources:\n  - id: konzept\n    title: Handlungskonzept\n",
    )
    path.write_text(text, encoding="utf-8")
    quarter, city, directories = _pages(_load(quarters, monkeypatch, JUNE).site)
    soup = _soup(quarter)
    as_of = [p.get_text(" ", strip=True) for p in soup.select(".qd-as-of")]
    assert as_of == ["Stand der Quelle: 10.02.2026"]
    assert soup.select_one(".qd-as-of time")["datetime"] == "2026-02-10"
    summary = soup.select_one(".qd-summary")
    assert (
        summary.select_one(".qd-sources").get_text(" ", strip=True)
        == "Quelle: Handlungskonzept (S. 4)"
    )
    assert summary.select_one('a[href="#quelle-konzept"]') is not None
    # City-wide standing bodies: on the city page and in the directory of contact points.
    assert "Stadtteilkonferenz Musterstadt" in city
    assert [p.get_text(" ", strip=True) for p in _soup(city).select(".qd-as-of")] == [
        "Stand der Quelle: 15.01.2026"
    ]
    body = _section(_soup(city), "Stadtteilkonferenz Musterstadt")
    assert "Gremium oder Arbeitskreis" in body
    assert "besteht" in body
    rows = _soup(directories["anlaufstellen/index.md"]).select("li.qd-row")
    [conference] = [r for r in rows if "Stadtteilkonferenz" in r.get_text()]
    assert conference.select_one(".qd-owner a")["href"].endswith(
        "quartiere/musterstadt/#anlaufstelle-stadtteilkonferenz-musterstadt"
    )
    # A standing body gets its vCard like a quarter's (name, organisation, link).
    card = conference.select_one(".qd-download a")
    assert card["href"].endswith(
        "daten/anlaufstellen/musterstadt/_stadt/stadtteilkonferenz-musterstadt.vcf"
    )


@pytest.mark.parametrize(
    ("day", "months", "stale"),
    [
        (date(2027, 1, 10), 12, False),
        (date(2027, 1, 11), 12, True),
        (date(2026, 7, 10), 6, False),
        (date(2026, 7, 11), 6, True),
    ],
)
def test_a_quarter_not_reviewed_for_too_long_says_so(
    quarters: Path, monkeypatch: pytest.MonkeyPatch, day: date, months: int, stale: bool
) -> None:
    result = _load(quarters, monkeypatch, day, review_after_months=months)
    quarter, _, _ = _pages(result.site)
    note = _soup(quarter).select_one(".qd-stale")
    kinds = {a.urgency for a in result.advice}
    if stale:
        assert note is not None
        assert "zuletzt am 10.01.2026 geprüft" in note.get_text(" ", strip=True)
        assert Urgency.STALE_QUARTER in kinds
    else:
        assert note is None
        assert Urgency.STALE_QUARTER not in kinds


# ------------------------------------------------------------------ review list


def test_the_review_list_names_everything_most_urgent_first(
    quarters: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    advice = _load(quarters, monkeypatch, JULY).advice
    assert [(a.urgency.name, a.problem.field) for a in advice] == [
        ("OVERDUE", "decisions[0].commitments[0]"),
        ("LAPSED", "decisions[0].decision_date"),  # the city's motion, 17.03.
        ("LAPSED", "programmes[0].status"),  # start April 2026
        ("LAPSED", "measures[0].start"),  # 01.05.
        ("LAPSED", "programmes[1].status"),  # end 31.05.
        ("LAPSED", "contacts[0].due"),  # 30.06.
        ("DUE_SOON", "decisions[0].commitments[1]"),  # the report due 12.08.
        ("STALE_CONTACT", "contacts[0].reviewed"),
        ("NO_OUTCOME", "events[0]"),  # the conference of 20.05. has no outcomes
    ]
    soon = _load(quarters, monkeypatch, JUNE).advice
    due_soon = [a for a in soon if a.urgency is Urgency.DUE_SOON]
    assert [a.problem.field for a in due_soon] == ["decisions[0].commitments[0]"]
    assert "am 30.06.2026 fällig (in 29 Tagen)" in due_soon[0].problem.message
    assert Urgency.NO_OUTCOME not in {a.urgency for a in soon}  # 12 days after the event


def test_pruefen_prints_the_list_and_exits_0(
    quarters: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    at_build_date(monkeypatch, JULY)
    monkeypatch.chdir(quarters.parent)
    assert main(["-f", "fehlt.yml", "pruefen", "quarters"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 9
    line = re.compile(r"^quarters/musterstadt/(test|_stadt)\.yaml:\d+:\d+: [a-z_\[\]0-9.]+: \S")
    assert all(line.match(text) for text in lines), lines
    assert lines[0].startswith("quarters/musterstadt/test.yaml:")
    assert "„Büro eröffnen“ aus „Beschluss Quartiersbüro“ ist überfällig" in lines[0]
    assert "verstrichen" in lines[1]
    assert "Prüfliste: 9 Einträge" in err
    # One file: only its entries.
    assert main(["-f", "fehlt.yml", "pruefen", "quarters/musterstadt/_stadt.yaml"]) == 0
    out, _ = capsys.readouterr()
    assert [text.split(": ")[0] for text in out.splitlines()] == [
        "quarters/musterstadt/_stadt.yaml:15:20"
    ]


def test_pruefen_json_for_dashboards(
    quarters: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    at_build_date(monkeypatch, JULY)
    monkeypatch.chdir(quarters.parent)
    assert main(["-f", "fehlt.yml", "pruefen", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["date"], data["count"]) == ("2026-07-01", 9)
    first = data["entries"][0]
    assert first["file"] == "quarters/musterstadt/test.yaml"
    assert (first["kind"], first["kind_label"], first["date"]) == (
        "overdue",
        "überfällig",
        "2026-06-30",
    )
    assert isinstance(first["line"], int)
    assert [e["urgency"] for e in data["entries"]] == sorted(e["urgency"] for e in data["entries"])


def test_pruefen_with_nothing_to_do(
    quarters: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (quarters / "musterstadt" / "test.yaml").unlink()
    (quarters / "musterstadt" / "_stadt.yaml").write_text("name: Musterstadt\n", encoding="utf-8")
    (quarters / "musterstadt" / "ruhig.yaml").write_text(
        "name: Ruhig\ncity: Musterstadt\nsummary: Nichts zu tun.\n", encoding="utf-8"
    )
    at_build_date(monkeypatch, JULY)
    monkeypatch.chdir(quarters.parent)
    assert main(["-f", "fehlt.yml", "pruefen"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "Prüfliste: nichts zu prüfen." in err


# ------------------------------------------------------------------ bad input


def test_bad_input_gets_german_messages_at_their_place_all_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "quarters" / "musterstadt"
    folder.mkdir(parents=True)
    (folder / "fehler.yaml").write_text(
        """\
name: Fehler
city: Musterstadt
summary: Drei Fehler und ein vierter.
area_type: nirgends
decisions:
  - title: Beschluss ohne Datum
    body: Rat
    commitments:
      - title: Etwas tun
        due: 2026-06-30
reports:
  - date: 2026-05-15
    title: Erfüllt, aber was?
    fulfilled: true
contacts:
  - name: Büro
    as_of: 2026-08-01
""",
        encoding="utf-8",
    )
    at_build_date(monkeypatch, JULY)
    monkeypatch.chdir(tmp_path)
    assert main(["-f", "fehlt.yml", "validate"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    where = {line.split(": ")[0]: line for line in err.splitlines() if ".yaml:" in line}
    assert set(where) == {
        "quarters/musterstadt/fehler.yaml:4:12",
        "quarters/musterstadt/fehler.yaml:6:5",
        "quarters/musterstadt/fehler.yaml:12:5",
        "quarters/musterstadt/fehler.yaml:17:12",
    }, err
    assert (
        "decisions[0].date: Das Pflichtfeld „date“" in where["quarters/musterstadt/fehler.yaml:6:5"]
    )
    assert "Der Beschluss hat Zusagen" in where["quarters/musterstadt/fehler.yaml:6:5"]
    assert "`fulfilled: true`" in where["quarters/musterstadt/fehler.yaml:12:5"]
    assert "nennt keine Zusage" in where["quarters/musterstadt/fehler.yaml:12:5"]
    assert (
        "contacts[0].as_of: Der Stand der Quelle (01.08.2026) liegt nach dem Tag des Baus (01.07.2026)"
        in where["quarters/musterstadt/fehler.yaml:17:12"]
    )
    # The review list needs valid files: it names the errors and says so.
    assert main(["-f", "fehlt.yml", "pruefen"]) == 1
    assert "Die Prüfliste entsteht erst" in capsys.readouterr().err


# ------------------------------------------------------------------ exports


def test_open_data_and_feed_carry_the_standing_of_the_page(
    quarters: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _load(quarters, monkeypatch, JULY).site
    settings = ExportSettings(site_url="https://quartiere.example.org/", site_name="Test")
    data = json.loads(site_json(site, settings))
    [quarter] = data["quarters"]
    exported = {
        f"{d['id']}/{c['id']}": c["standing_label"]
        for holder in [quarter, *data["cities"]]
        for d in holder.get("decisions", [])
        for c in d.get("commitments", [])
    }
    assert exported == _standings(site)
    konzept = quarter["decisions"][0]["commitments"][2]
    assert (konzept["standing"], konzept["fulfilled_on"]) == ("fulfilled", "2026-05-15")
    assert quarter["contacts"][0]["lapsed"] == {
        "field": "due",
        "date": "2026-06-30",
        "note": "Frist (30.06.2026) verstrichen – der aktuelle Stand ist nicht erfasst",
    }
    [city] = data["cities"]
    assert city["decisions"][0]["lapsed"]["field"] == "decision_date"
    assert city["contacts"][0]["page"] == (
        "quartiere/musterstadt/#anlaufstelle-stadtteilkonferenz-musterstadt"
    )
    feed = BeautifulSoup(news_feed(site, settings), "xml")
    [entry] = [e for e in feed.find_all("entry") if "Das Konzept liegt vor" in e.title.get_text()]
    content = BeautifulSoup(entry.content.get_text(), "html.parser").get_text(" ", strip=True)
    assert "Zusage „Konzept vorlegen“: erfüllt am 15.05.2026 (Stand der Website: 01.07.2026)" in (
        content
    )


# ------------------------------------------------------------------ the shipped site


def _built(repo: Path, site_dir: Path, monkeypatch: pytest.MonkeyPatch, day: date) -> Path:
    at_build_date(monkeypatch, day)  # the build subprocess inherits it
    return build_site(repo / "mkdocs.yml", site_dir)


def _html(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_shipped_site_reads_correctly_on_4_december_2026(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _built(repo, tmp_path / "site", monkeypatch, date(2026, 12, 4))
    decisions = _html(site, "beschluesse")
    footer = decisions.select_one(".qd-footer-stand")
    assert footer.get_text(" ", strip=True) == "Stand der Website: 04.12.2026"
    assert footer.time["datetime"] == "2026-12-04"
    rows = {
        row.h3.get_text(" ", strip=True): row for row in decisions.select("li.qd-row") if row.h3
    }
    [motion] = [r for title, r in rows.items() if title.startswith("Antrag 0067/2026-1")]
    badges = [b.get_text(strip=True) for b in motion.select(".qd-commitments .qd-badge")]
    assert badges == ["beantragt"] * 6  # planned: never „überfällig“
    assert "überfällig" not in decisions.select_one("#eintraege").find_next("ul").get_text()
    assert "Beratungstermin (17.03.2026) verstrichen" in motion.get_text(" ", strip=True)
    [isek] = [r for title, r in rows.items() if "ISEK" in title]
    assert "Beratungstermin (14.11.2018) verstrichen" in isek.get_text(" ", strip=True)
    contacts = _html(site, "anlaufstellen")
    offices = [
        row
        for row in contacts.select("li.qd-row")
        if "Netzwerkkoordinationsstelle" in row.h3.get_text()
    ]
    assert len(offices) == 2
    for office in offices:
        note = office.select_one(".qd-lapsed").get_text(" ", strip=True)
        assert note == "Frist (Mitte 2026) verstrichen – der aktuelle Stand ist nicht erfasst."
        assert "Stand der Quelle: 10.02.2026" in office.get_text(" ", strip=True)
    bodies = [
        row.h3.get_text(strip=True)
        for row in contacts.select("li.qd-row")
        if "Gremium" in row.get_text()
    ]
    assert bodies == ["Flächenkonferenz", "Projektgruppe „Perspektive Wohnen“"]
    essen = _html(site, "quartiere/essen")
    assert essen.select_one("#anlaufstelle-flaechenkonferenz") is not None
    assert essen.select_one("#anlaufstelle-perspektive-wohnen") is not None
    remberg = _html(site, "quartiere/hagen/zentrum-remberg")
    assert "Frist (Mitte 2026) verstrichen" in remberg.select_one(".qd-lapsed").get_text()
    # The language versions say it in their language.
    for version, note in [
        ("en", "Date passed (mid-2026) – the current state is not recorded"),
        ("leichte-sprache", "Der Termin war: Mitte 2026. Wir wissen nicht: Wie ist es jetzt?"),
    ]:
        page = _html(site, f"quartiere/hagen/zentrum-remberg/{version}")
        assert [p.get_text(" ", strip=True) for p in page.select(".qd-lapsed")] == [note]


def test_the_shipped_site_before_the_deadlines(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _built(repo, tmp_path / "site", monkeypatch, date(2026, 3, 1))
    decisions = _html(site, "beschluesse")
    notes = [p.get_text(" ", strip=True) for p in decisions.select(".qd-lapsed")]
    # Only the ISEK decision of 2018 has lapsed; the motion's committee date is still ahead.
    assert notes == [
        "Beratungstermin (14.11.2018) verstrichen – der aktuelle Stand ist nicht erfasst."
    ]
    assert not _html(site, "anlaufstellen").select(".qd-lapsed")
    assert decisions.select_one(".qd-footer-stand time")["datetime"] == "2026-03-01"
    assert not (site / "pruefliste").exists()  # the review list is a page of the preview only
    assert REVIEW_ID not in (site / "index.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ the preview

PLANNED_OFFICE = """\
name: Prüfbeispiel
city: Musterstadt
summary: Ein Quartier mit einem Büro, dessen Frist verstrichen ist.
contacts:
  - name: Geplantes Prüfbüro
    status: planned
    due: 2026-01-31
"""


def test_the_preview_links_to_the_review_list(
    fixture_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "projekt"
    shutil.copytree(fixture_project, project)
    path = project / "quarters" / "musterstadt" / "pruefbeispiel.yaml"
    path.write_text(PLANNED_OFFICE, encoding="utf-8")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    at_build_date(monkeypatch, JULY)  # the server inherits it
    with mkdocs_serve(project, tmp=tmp) as server:
        text = server.wait_for("", lambda s, t: s == 200 and REVIEW_ID in t)
        link = BeautifulSoup(text, "html.parser").select_one(f"#{REVIEW_ID} a")
        found = re.search(r"Prüfliste: (\d+) Eintr\w+(?: und (\d+) weitere)?", link.get_text())
        assert found is not None
        count = int(found.group(1)) + int(found.group(2) or 0)  # the list and the other hints
        assert link["href"].endswith("/pruefliste/")
        status, review = server.get("pruefliste/")
        assert status == 200
        items = [
            li.get_text(" ", strip=True)
            for li in BeautifulSoup(review, "html.parser").select("ul.qd-review li")
        ]
        assert len(items) == count
        assert any(
            "pruefbeispiel.yaml" in item and "contacts[0].due" in item and "verstrichen" in item
            for item in items
        ), items
        # The office has opened: the list loses the entry, and every page says so.
        opened = PLANNED_OFFICE.replace(
            "status: planned\n    due: 2026-01-31\n", "status: open\n    email: buero@example.org\n"
        )
        path.write_text(opened, encoding="utf-8")
        server.wait_for("pruefliste/", lambda s, t: s == 200 and "pruefbeispiel.yaml" not in t)
        fewer = f"Prüfliste: {count - 1} Eintr"
        server.wait_for("", lambda s, t: fewer in t if count > 1 else REVIEW_ID not in t)


def test_the_decisions_directory_filters_lapsed_decisions_apart(
    quarters: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, directories = _pages(_load(quarters, monkeypatch, JULY).site)
    facets = _soup(directories["beschluesse/index.md"]).select(".qd-facets a")
    assert [a.get_text(" ", strip=True) for a in facets if a["href"].startswith("stand/")] == [
        "Beratungstermin verstrichen, Stand nicht erfasst (1)",
        "im Plan oder erledigt (2)",
        "überfällig (1)",
    ]
    lapsed = _soup(
        directories["beschluesse/stand/beratungstermin-verstrichen-stand-nicht-erfasst.md"]
    )
    assert [h.get_text(strip=True) for h in lapsed.select("li.qd-row h3")] == [
        "Antrag 1/2026: Antrag Quartiersbüro"
    ]
