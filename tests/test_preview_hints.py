"""What the preview's terminal says of the hints for editors (preview/hints.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from quartiersdoku.core.problems import Problem, Severity
from quartiersdoku.preview.hints import FIRST_SHOWN, NEW_SHOWN, PREFIX, HintReport

ROOT = Path("/projekt")


def _hint(number: int, *, line: int = 1, name: str = "altstadt") -> Problem:
    return Problem(
        ROOT / "quarters" / "stadt" / f"{name}.yaml",
        line,
        3,
        f"contacts[{number}].due",
        f"Die Frist von Stelle {number} ist verstrichen.",
        Severity.WARNING,
    )


def test_the_first_build_prints_the_first_hints_and_counts_the_rest() -> None:
    hints = [_hint(n) for n in range(FIRST_SHOWN + 1_235)]
    lines = HintReport().lines(hints, ROOT)
    assert len(lines) == FIRST_SHOWN + 1
    assert lines[0] == (
        f"{PREFIX}quarters/stadt/altstadt.yaml:1:3: contacts[0].due: Warnung: "
        "Die Frist von Stelle 0 ist verstrichen."
    )
    assert lines[-1] == (
        "… und 1.235 Hinweise mehr für die Redaktion, "
        "alle auf der Prüfliste der Vorschau (/pruefliste/)."
    )


def test_a_few_hints_are_all_printed_without_a_count() -> None:
    lines = HintReport().lines([_hint(0), _hint(1)], ROOT)
    assert [line.startswith(PREFIX) for line in lines] == [True, True]


def test_a_save_that_changes_no_hint_says_nothing() -> None:
    report = HintReport()
    report.lines([_hint(0), _hint(1)], ROOT)
    # Lines added above them move the hints: still the same hints.
    assert report.lines([_hint(0, line=9), _hint(1, line=12)], ROOT) == []


def test_a_save_prints_the_new_hints_and_counts_the_settled() -> None:
    report = HintReport()
    report.lines([_hint(0), _hint(1), _hint(2)], ROOT)
    lines = report.lines([_hint(1), _hint(2), _hint(3), _hint(4)], ROOT)
    assert lines == [
        f"{PREFIX}quarters/stadt/altstadt.yaml:1:3: contacts[3].due: Warnung: "
        "Die Frist von Stelle 3 ist verstrichen.",
        f"{PREFIX}quarters/stadt/altstadt.yaml:1:3: contacts[4].due: Warnung: "
        "Die Frist von Stelle 4 ist verstrichen.",
        "Hinweise für die Redaktion: 2 neu, 1 erledigt, 4 Hinweise insgesamt "
        "(Prüfliste: /pruefliste/).",
    ]
    # The next save compares with this build, not with the first.
    assert report.lines([_hint(1), _hint(2), _hint(3)], ROOT) == [
        "Hinweise für die Redaktion: 0 neu, 1 erledigt, 3 Hinweise insgesamt "
        "(Prüfliste: /pruefliste/)."
    ]


def test_the_same_message_in_another_file_is_a_new_hint() -> None:
    report = HintReport()
    report.lines([_hint(0)], ROOT)
    lines = report.lines([_hint(0), _hint(0, name="hafen")], ROOT)
    assert "hafen.yaml" in lines[0]
    assert lines[-1].startswith("Hinweise für die Redaktion: 1 neu, 0 erledigt, 2 Hinweise")


def test_many_new_hints_at_once_are_cut_short() -> None:
    """A city file can concern every quarter: a save may bring hundreds of hints."""
    report = HintReport(review_href="/vorschau/pruefliste/")
    report.lines([], ROOT)
    hints = [replace(_hint(n), field=f"measures[{n}]") for n in range(NEW_SHOWN + 5)]
    lines = report.lines(hints, ROOT)
    assert len(lines) == NEW_SHOWN + 2
    assert lines[-2] == "… und 5 Hinweise mehr."
    assert lines[-1] == (
        f"Hinweise für die Redaktion: {NEW_SHOWN + 5} neu, 0 erledigt, "
        f"{NEW_SHOWN + 5} Hinweise insgesamt (Prüfliste: /vorschau/pruefliste/)."
    )


def test_one_hint_is_counted_in_the_singular() -> None:
    report = HintReport()
    report.lines([], ROOT)
    assert report.lines([_hint(0)], ROOT)[-1] == (
        "Hinweise für die Redaktion: 1 neu, 0 erledigt, 1 Hinweis insgesamt "
        "(Prüfliste: /pruefliste/)."
    )
