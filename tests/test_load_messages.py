"""Every kind of mistake in a quarter file gets a German message at the right place.

Each case is a real file in tests/fixtures/malformed/ with the message it must
produce: line, column, field path and a distinctive part of the text.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import pytest
from pydantic import BaseModel

from quartiersdoku.core.labels import LABELS
from quartiersdoku.core.model import City, ContactStatus, Quarter
from quartiersdoku.core.settings import Settings
from quartiersdoku.core.validate import load_site

MALFORMED = Path(__file__).parent / "fixtures" / "malformed"

CASES = [
    ("stadt/syntax-quote.yaml", 3, 10, "", "schließendes Anführungszeichen"),
    # A quote left open on line 1: YAML reads on and fails on line 5; reported at the quote.
    ("stadt/syntax-quote-open.yaml", 1, 7, "", "wird in der Zeile nicht geschlossen"),
    ("stadt/tab-indent.yaml", 6, 1, "", "mit einem Tabulator eingerückt"),
    ("stadt/empty.yaml", 1, 1, "", "Die Datei ist leer"),
    ("stadt/top-list.yaml", 1, 1, "", "sie ist aber eine Liste"),
    ("stadt/unknown-key.yaml", 3, 1, "sumary", "Meinten Sie „summary“?"),
    (
        "stadt/missing-summary.yaml",
        1,
        1,
        "summary",
        "Das Pflichtfeld „summary“ (Kurzbeschreibung) fehlt",
    ),
    (
        "stadt/impossible-date.yaml",
        6,
        12,
        "events[0].start",
        "Den 30. Tag gibt es im Monat 2/2023 nicht",
    ),
    (
        "stadt/end-before-start.yaml",
        5,
        5,
        "programmes[0]",
        "Das Ende (Mai 2019) liegt vor dem Beginn (2020)",
    ),
    ("stadt/bad-email.yaml", 6, 12, "contacts[0].email", "keine gültige E-Mail-Adresse"),
    (
        "stadt/bad-scheme.yaml",
        6,
        14,
        "contacts[0].website",
        "„javascript:alert(1)“ beginnt nicht mit https:",
    ),
    ("stadt/swapped.yaml", 5, 3, "location", "offenbar vertauscht"),
    ("stadt/outside-region.yaml", 4, 11, "location", "außerhalb von Deutschland"),
    ("stadt/wrong-type.yaml", 3, 10, "summary", "Text erwartet, eine Liste erhalten"),
    ("stadt/bad-enum.yaml", 6, 13, "programmes[0].status", "Meinten Sie „ended“?"),
    (
        "stadt/duplicate-key.yaml",
        3,
        1,
        "name",
        "steht in diesem Abschnitt zweimal (zuerst in Zeile 1)",
    ),
    ("stadt/alias-bomb.yaml", 1, 4, "a", "YAML-Anker und -Aliase"),
    ("stadt/latin1.yaml", 1, 8, "", "nicht in UTF-8 gespeichert"),
    ("stadt/phone-number.yaml", 6, 12, "contacts[0].phone", "in Anführungszeichen"),
    ("stadt/unknown-source.yaml", 7, 15, "events[0].sources[0]", "Quelle „fehlt“ gibt es nicht"),
    (
        "stadt/duplicate-id.yaml",
        6,
        5,
        "contacts[1]",
        "Die Kennung „buero“ gibt es in „contacts“ schon",
    ),
    ("stadt/boundary-missing.yaml", 4, 11, "boundary", "gibt es nicht neben"),
    ("stadt/boundary-open.yaml", 4, 11, "boundary", "Ring ist nicht geschlossen"),
    ("stadt/two-documents.yaml", 4, 1, "", "mehrere YAML-Dokumente"),
    ("stadt/python-tag.yaml", 4, 14, "description", "wird nicht unterstützt"),
    ("Gross/quartier.yaml", 1, 1, "", "Der Ordnername „Gross“ wird Teil der Webadresse"),
    ("stadt/top-scalar.yaml", 1, 1, "", "sie ist aber ein einzelner Wert"),
    ("stadt/bad-phone.yaml", 6, 12, "contacts[0].phone", "keine gültige Telefonnummer"),
    ("stadt/bad-url.yaml", 6, 10, "links[0].url", "keine vollständige Webadresse"),
    ("stadt/doppelt.yml", 1, 1, "", "vergibt schon die Datei doppelt.yaml"),
    (
        "stadt/bad-hours.yaml",
        6,
        20,
        "contacts[0].opening_hours",
        "Meinten Sie „Mo-Fr 09:00-12:00“?",
    ),
    (
        "stadt/unknown-programme.yaml",
        6,
        16,
        "measures[0].programme",
        "Das Programm „gibt-es-nicht“ gibt es nicht",
    ),
    ("stadt/boundary-nesting.yaml", 4, 11, "boundary", "jede Position eines Rings"),
]


@pytest.fixture(scope="module")
def problems_by_file() -> dict[str, list[str]]:
    result = load_site(Settings(quarters_dir=MALFORMED))
    found: dict[str, list[str]] = {}
    for problem in result.problems:
        relative = problem.path.relative_to(MALFORMED).as_posix()
        found.setdefault(relative, []).append(problem.format(MALFORMED))
    return found


@pytest.mark.parametrize(
    ("name", "line", "column", "field", "text"), CASES, ids=[c[0] for c in CASES]
)
def test_malformed_file_gets_its_message(
    problems_by_file: dict[str, list[str]], name: str, line: int, column: int, field: str, text: str
) -> None:
    expected_prefix = f"{name}:{line}:{column}: {field or '(Datei)'}: "
    messages = problems_by_file.get(name, [])
    assert any(m.startswith(expected_prefix) and text in m for m in messages), messages


def test_every_malformed_file_is_reported_and_the_bom_file_is_accepted(
    problems_by_file: dict[str, list[str]],
) -> None:
    yaml_files = {
        p.relative_to(MALFORMED).as_posix()
        for p in MALFORMED.rglob("*")
        if p.suffix in (".yaml", ".yml")
    }
    # Valid on their own: the BOM is accepted; doppelt.yaml is fine, its .yml twin is not.
    assert set(problems_by_file) == yaml_files - {"stadt/with-bom.yaml", "stadt/doppelt.yaml"}
    assert {case[0] for case in CASES} == set(problems_by_file)


def test_bom_file_loads_with_its_text() -> None:
    from quartiersdoku.core.load import load_file

    loaded = load_file(MALFORMED / "stadt" / "with-bom.yaml")
    assert loaded.problems == []
    assert loaded.data["name"] == "Mit BOM"


def test_all_problems_of_one_file_are_reported_together(tmp_path: Path) -> None:
    (tmp_path / "stadt").mkdir()
    (tmp_path / "stadt" / "viele.yaml").write_text(
        "name: Test\ncity: X\nsumary: a\ncontacts:\n  - name: B\n    email: x\n    website: ftp://x\n",
        encoding="utf-8",
    )
    problems = load_site(Settings(quarters_dir=tmp_path)).problems
    fields = [p.field for p in problems]
    assert fields == ["summary", "sumary", "contacts[0].email", "contacts[0].website"]


def test_titles_and_names_stand_in_one_line(tmp_path: Path) -> None:
    """A line break in a name or title would break a heading and stop the calendar export."""
    (tmp_path / "stadt").mkdir()
    (tmp_path / "stadt" / "umbruch.yaml").write_text(
        "name: |\n  Alt\n  stadt\ncity: X\nsummary: Ein Quartier.\n"
        'events:\n  - title: "7. Stadtteil-\\nkonferenz"\n    start: 2026-03-01\n'
        "contacts:\n  - name: >\n      Quartiersbüro\n",  # folded into one line: accepted
        encoding="utf-8",
    )
    result = load_site(Settings(quarters_dir=tmp_path))
    found = {(p.field, p.line): p.message for p in result.problems if p.severity.name == "ERROR"}
    assert set(found) == {("name", 1), ("events[0].title", 7)}
    assert found["name", 1].startswith("„Alt …“ geht über mehrere Zeilen")
    assert "„7. Stadtteil- …“" in found["events[0].title", 7]
    assert all("in einer Zeile" in message for message in found.values())


# ------------------------------------------------------------------ from a usability test
# A city editor wrote these; each message says where and what to write instead.


def _errors(tmp_path: Path, text: str) -> list[str]:
    """The error messages of one quarter file with `text`, as `validate` prints them."""
    folder = tmp_path / "stadt"
    folder.mkdir(exist_ok=True)
    (folder / "q.yaml").write_text(text, encoding="utf-8")
    result = load_site(Settings(quarters_dir=tmp_path))
    return [p.format(tmp_path) for p in result.errors]


HEAD = "name: Test\ncity: X\nsummary: Ein Quartier.\n"


def test_a_bare_time_is_shown_as_written_and_completed_to_a_date(tmp_path: Path) -> None:
    """`20:00` was read as the number 1200 (YAML 1.1) and reported as „1200“."""
    text = HEAD + (
        "events:\n"
        "  - title: Fest\n"
        "    start: 18:00\n"  # line 6
        "    end: 20:00\n"
        "  - title: Konferenz\n"
        "    start: 2027-02-10 18:00\n"
        "    end: 20:00\n"  # line 10: the day of the start completes it
        "  - title: Werkstatt\n"
        "    start: 2027-02-12\n"
        "    end: 21.30 Uhr\n"
    )
    assert _errors(tmp_path, text) == [
        "stadt/q.yaml:6:12: events[0].start: „18:00“ ist nur eine Uhrzeit. Hinweis: "
        "Schreiben Sie Datum und Uhrzeit, etwa `2027-03-10 18:00`.",
        "stadt/q.yaml:7:10: events[0].end: „20:00“ ist nur eine Uhrzeit. Hinweis: "
        "Schreiben Sie Datum und Uhrzeit, etwa `2027-03-10 20:00`.",
        "stadt/q.yaml:10:10: events[1].end: „20:00“ ist nur eine Uhrzeit. Hinweis: "
        "Endet der Termin am Tag des Beginns, schreiben Sie `2027-02-10 20:00`.",
        "stadt/q.yaml:13:10: events[2].end: „21.30 Uhr“ ist nur eine Uhrzeit. Hinweis: "
        "Endet der Termin am Tag des Beginns, schreiben Sie `2027-02-12 21:30`.",
    ]


MOMENT_FORMS = (
    "Erlaubt: ein Tag als JJJJ-MM-TT (z. B. 2027-03-10) oder Tag und Uhrzeit als "
    "JJJJ-MM-TT hh:mm (z. B. 2027-03-10 18:00)."
)


def test_a_german_date_gets_the_form_to_write(tmp_path: Path) -> None:
    text = HEAD + (
        "reviewed: 1.3.2026\n"  # line 4: a day only
        "events:\n"
        "  - title: A\n"
        "    start: 10.02.2027 18:00\n"  # line 7
        "  - title: B\n"
        "    start: 2027-02-10 18.00 Uhr\n"
        "  - title: C\n"
        "    start: 31.12.2025\n"
        "  - title: D\n"
        "    start: 31.02.2025\n"  # line 13: no such day, no suggestion
        "milestones:\n"
        "  - title: E\n"
        "    date: 10.02.2027 18:00\n"  # line 16: a date without time
    )
    assert _errors(tmp_path, text) == [
        "stadt/q.yaml:4:11: reviewed: „1.3.2026“ ist kein Datum. Erlaubt: ein Tag als "
        "JJJJ-MM-TT, z. B. 2026-03-17. Meinten Sie „2026-03-01“?",
        f"stadt/q.yaml:7:12: events[0].start: „10.02.2027 18:00“ ist kein Datum. {MOMENT_FORMS} "
        "Meinten Sie „2027-02-10 18:00“?",
        f"stadt/q.yaml:9:12: events[1].start: „2027-02-10 18.00 Uhr“ ist kein Datum. "
        f"{MOMENT_FORMS} Meinten Sie „2027-02-10 18:00“?",
        f"stadt/q.yaml:11:12: events[2].start: „31.12.2025“ ist kein Datum. {MOMENT_FORMS} "
        "Meinten Sie „2025-12-31“?",
        f"stadt/q.yaml:13:12: events[3].start: „31.02.2025“ ist kein Datum. {MOMENT_FORMS}",
        "stadt/q.yaml:16:11: milestones[0].date: „10.02.2027 18:00“ ist kein Datum. Erlaubt: "
        "2023-11-30, 2023-11, 2023 oder mit Zeitangabe vor dem Jahr: Anfang, Frühjahr, Mitte, "
        "Sommer, Herbst, Ende, 1.–4. Quartal, 1./2. Halbjahr (z. B. „Ende 2023“). "
        "Meinten Sie „2027-02-10“ (ohne Uhrzeit)?",
    ]


MISSING_COLON = (
    "YAML-Syntaxfehler: In dieser Zeile fehlt der Doppelpunkt nach dem Feldnamen, oder sie "
    "ist falsch eingerückt. Hinweis: "
)


@pytest.mark.parametrize(
    ("text", "where", "hint"),
    [
        # The parser notices at the next line (6:5, 3:1); the message names the line itself.
        (
            HEAD + "contacts:\n  - name: Quartiersbüro\n    phone 02331 123456\n"
            "    email: buero@example.org\n",
            "6:5",
            "Schreiben Sie „phone: 02331 123456“; gehört die Zeile zum Text darüber, rücken Sie "
            "sie weiter ein.",
        ),
        (
            "name: Test\ncity X  # die Stadt\nsummary: Ein Quartier.\n",
            "2:1",
            "Schreiben Sie „city: X“; gehört die Zeile zum Text darüber, rücken Sie sie weiter "
            "ein.",
        ),
        (
            HEAD + "sources\n  - id: bericht\n    title: Bericht\n",
            "4:1",
            "Schreiben Sie „sources:“; gehört die Zeile zum Text darüber, rücken Sie sie weiter "
            "ein.",
        ),
        (
            HEAD + "Stadtteil Mitte\ncity: X\n",  # no field name to suggest
            "4:1",
            "Nach einem Feldnamen folgen ein Doppelpunkt und ein Leerzeichen („name: Wert“); "
            "gehört die Zeile zum Text darüber, rücken Sie sie weiter ein.",
        ),
    ],
)
def test_a_missing_colon_is_reported_on_its_own_line(
    tmp_path: Path, text: str, where: str, hint: str
) -> None:
    assert _errors(tmp_path, text) == [f"stadt/q.yaml:{where}: (Datei): {MISSING_COLON}{hint}"]


def test_an_enum_value_written_as_the_german_word_gets_its_value(tmp_path: Path) -> None:
    """The website shows „geöffnet“; an editor writes what the website shows."""
    text = HEAD + (
        "contacts:\n"
        "  - name: Quartiersbüro\n"
        "    status: geöffnet\n"  # line 6
        "  - name: Stadtteilkonferenz\n"
        "    kind: standing_body\n"
        "    status: Besteht\n"  # line 9: a standing body is „besteht“, in any case
        "  - name: Arbeitskreis\n"
        "    kind: Gremium oder Arbeitskreis\n"
        "programmes:\n"
        "  - name: P\n"
        "    status: LÄUFT\n"  # line 14
    )
    office = "planned (geplant), open (geöffnet), closed (geschlossen)"
    assert _errors(tmp_path, text) == [
        f"stadt/q.yaml:6:13: contacts[0].status: „geöffnet“ ist hier nicht erlaubt. Erlaubt: "
        f"{office}. Meinten Sie „open“?",
        "stadt/q.yaml:9:13: contacts[1].status: „Besteht“ ist hier nicht erlaubt. Erlaubt: "
        "planned (geplant), open (besteht), closed (aufgelöst). Meinten Sie „open“?",
        "stadt/q.yaml:11:11: contacts[2].kind: „Gremium oder Arbeitskreis“ ist hier nicht "
        "erlaubt. Erlaubt: coordination_office (Koordinationsstelle), district_shop "
        "(Stadtteilladen), quarter_office (Quartiersbüro), city_department (Fachdienst der "
        "Stadt), advice_centre (Beratungsstelle), meeting_place (Treffpunkt), other "
        "(Anlaufstelle), standing_body (Gremium oder Arbeitskreis). Meinten Sie „standing_body“?",
        "stadt/q.yaml:14:13: programmes[0].status: „LÄUFT“ ist hier nicht erlaubt. Erlaubt: "
        "planned (geplant), running (läuft), ended (beendet). Meinten Sie „running“?",
    ]


def _enums(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[type[StrEnum]]:
    found: set[type[StrEnum]] = set()
    if model in seen:
        return found
    seen.add(model)
    for info in model.model_fields.values():
        stack = [info.annotation]
        while stack:
            current = stack.pop()
            if isinstance(current, type) and issubclass(current, StrEnum):
                found.add(current)
            elif isinstance(current, type) and issubclass(current, BaseModel):
                found |= _enums(current, seen)
            stack.extend(getattr(current, "__args__", ()))
    return found


def test_every_enum_an_editor_writes_has_its_german_words() -> None:
    """The messages list each value with the word the website shows (core/labels.py)."""
    enums = _enums(Quarter, set()) | _enums(City, set())
    assert ContactStatus in enums
    for enum in enums:
        assert set(LABELS[enum]) == {member.value for member in enum}, enum.__name__


DUPLICATE_HINT = (
    "Hinweis: Meinen beide Einträge dasselbe, löschen Sie einen; sonst geben Sie einem von "
    "beiden eine andere Kennung mit `id:`."
)


def test_a_duplicate_id_names_the_line_of_the_first(tmp_path: Path) -> None:
    """Not „(Eintrag 1)“, which an editor reads as contacts[1]."""
    text = HEAD + (
        "contacts:\n"
        "  - name: Quartiersbüro\n"  # line 5
        "    id: buero\n"
        "  - name: Stadtteilladen\n"  # line 7
        "  - name: Quartiersbüro am Markt\n"
        "    id: buero\n"  # line 9
        "  - name: Stadtteilladen\n"  # line 10: the same id, made from the name
        "decisions:\n"
        "  - title: Spielplatz\n"
        "    date: 2024\n"
        "    body: Rat\n"
        "    commitments:\n"
        "      - title: Spielplatz bauen\n"  # line 16
        "      - title: Spielplatz bauen\n"
        "sources:\n"
        "  - id: bericht\n"  # line 19
        "    title: Bericht\n"
        "  - id: bericht\n"
        "    title: Bericht 2025\n"
    )
    assert _errors(tmp_path, text) == [
        "stadt/q.yaml:9:9: contacts[2].id: Die Kennung „buero“ gibt es in „contacts“ schon "
        f"(zuerst in Zeile 6). {DUPLICATE_HINT}",
        "stadt/q.yaml:10:5: contacts[3]: Die Kennung „stadtteilladen“ gibt es in „contacts“ "
        f"schon (zuerst in Zeile 7); ohne `id:` wird sie aus dem Namen gebildet. {DUPLICATE_HINT}",
        "stadt/q.yaml:17:9: decisions[0].commitments[1]: Die Zusage „spielplatz-bauen“ gibt es "
        "in diesem Beschluss schon (zuerst in Zeile 16); ohne `id:` wird ihre Kennung aus dem "
        f"Titel gebildet. {DUPLICATE_HINT}",
        "stadt/q.yaml:21:9: sources[1].id: Eine Quelle mit der Kennung „bericht“ gibt es schon "
        f"(zuerst in Zeile 19). {DUPLICATE_HINT}",
    ]


def test_a_date_field_names_what_it_got_in_german(tmp_path: Path) -> None:
    """Not „float“, „list“ or „NoneType“."""
    text = HEAD + (
        "reviewed: 2023.5\nmilestones:\n  - date: [2023]\n    title: A\n  - date:\n    title: B\n"
    )
    forms = (
        "2023-11-30, 2023-11, 2023 oder mit Zeitangabe vor dem Jahr: Anfang, Frühjahr, Mitte, "
        "Sommer, Herbst, Ende, 1.–4. Quartal, 1./2. Halbjahr (z. B. „Ende 2023“)."
    )
    assert _errors(tmp_path, text) == [
        "stadt/q.yaml:4:11: reviewed: Datum erwartet, die Zahl 2023.5 erhalten. Erlaubt: ein "
        "Tag als JJJJ-MM-TT, z. B. 2026-03-17.",
        f"stadt/q.yaml:6:11: milestones[0].date: Datum erwartet, eine Liste erhalten. Erlaubt: {forms}",
        "stadt/q.yaml:8:10: milestones[1].date: Datum erwartet, ein leerer Wert erhalten. "
        f"Erlaubt: {forms}",
    ]


def test_a_reference_where_there_is_nothing_yet_says_where_it_goes(tmp_path: Path) -> None:
    """„Es gibt hier keine.“ told an editor nothing: say where such entries are made."""
    text = HEAD + (
        "measures:\n"
        "  - title: Spielplatz\n"
        "    programme: soziale-stadt\n"  # line 6
        "    strategy_goals: [wohnen]\n"  # line 7
    )
    assert _errors(tmp_path, text) == [
        "stadt/q.yaml:6:16: measures[0].programme: Das Programm „soziale-stadt“ gibt es nicht. "
        "In dieser Datei steht noch kein Programm unter `programmes:`.",
        "stadt/q.yaml:7:22: measures[0].strategy_goals[0]: Das strategische Ziel „wohnen“ gibt "
        "es nicht. In der Stadtdatei (`_stadt.yaml`) steht noch kein Ziel unter "
        "`strategy_goals:`.",
    ]
