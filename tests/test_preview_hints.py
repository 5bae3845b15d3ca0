"""What the preview's terminal says of the hints for editors (preview/hints.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from quartiersdoku.core.problems import Problem, Severity
from quartiersdoku.preview.hints import FIRST_SHOWN, NEW_SHOWN, PREFIX, HintReport
from quartiersdoku.preview.review_page import review_page

ROOT = Path("/projekt")
URL = "http://127.0.0.1:8000/pruefliste/"
WHERE = f"(alle auf der Prüfliste: {URL})."


def _hint(
    number: int, *, line: int = 1, name: str = "altstadt", index: int | None = None
) -> Problem:
    return Problem(
        ROOT / "quarters" / "stadt" / f"{name}.yaml",
        line,
        3,
        f"contacts[{number if index is None else index}].due",
        f"Die Frist von Stelle {number} ist verstrichen.",
        Severity.WARNING,
    )


def _lines(report: HintReport, hints: list[Problem]) -> list[str]:
    return report.lines(hints, ROOT, URL)


def test_the_first_build_prints_the_first_hints_and_counts_them_all() -> None:
    hints = [_hint(n) for n in range(FIRST_SHOWN + 1_235)]
    lines = _lines(HintReport(), hints)
    assert len(lines) == FIRST_SHOWN + 1
    assert lines[0] == (
        f"{PREFIX}quarters/stadt/altstadt.yaml:1:3: contacts[0].due: "
        "Die Frist von Stelle 0 ist verstrichen."
    )
    assert lines[-1] == f"Hinweise für die Redaktion: insgesamt 1.245, 10 davon oben {WHERE}"


def test_a_few_hints_are_all_printed_with_the_address_of_the_list() -> None:
    lines = _lines(HintReport(), [_hint(0), _hint(1)])
    assert [line.startswith(PREFIX) for line in lines] == [True, True, False]
    assert lines[-1] == f"Hinweise für die Redaktion: insgesamt 2 {WHERE}"


def test_no_hints_no_words() -> None:
    report = HintReport()
    assert _lines(report, []) == []
    assert _lines(report, []) == []


def test_a_save_that_changes_no_hint_says_nothing() -> None:
    report = HintReport()
    _lines(report, [_hint(0), _hint(1)])
    # Lines added above them move the hints: still the same hints.
    assert _lines(report, [_hint(0, line=9), _hint(1, line=12)]) == []


def test_a_new_entry_above_moves_the_list_positions_but_no_hint() -> None:
    """A contact added at the top of `contacts:` makes contacts[0] contacts[1]: no news."""
    report = HintReport()
    _lines(report, [_hint(0, index=0)])
    assert _lines(report, [_hint(0, index=1, line=7)]) == []


def test_a_stale_translation_stays_one_hint_while_the_german_text_changes() -> None:
    """The message quotes the German text's fingerprint, which every edit changes."""
    stale = Problem(
        ROOT / "quarters" / "stadt" / "altstadt.yaml",
        80,
        5,
        "translations.en.made_from.summary",
        'Veraltete Übersetzung (Englisch): … setzen Sie dann `made_from` „summary“ auf „"1a2b3c4d"“.',
        Severity.WARNING,
    )
    report = HintReport()
    _lines(report, [stale])
    edited = replace(stale, message=stale.message.replace("1a2b3c4d", "9f8e7d6c"))
    assert _lines(report, [edited]) == []


def test_a_save_prints_the_new_hints_and_counts_the_gone() -> None:
    report = HintReport()
    _lines(report, [_hint(0), _hint(1), _hint(2)])
    lines = _lines(report, [_hint(1), _hint(2), _hint(3), _hint(4)])
    assert lines == [
        f"{PREFIX}quarters/stadt/altstadt.yaml:1:3: contacts[3].due: "
        "Die Frist von Stelle 3 ist verstrichen.",
        f"{PREFIX}quarters/stadt/altstadt.yaml:1:3: contacts[4].due: "
        "Die Frist von Stelle 4 ist verstrichen.",
        f"Hinweise für die Redaktion: 2 neu, 1 entfallen, insgesamt 4 {WHERE}",
    ]
    # The next save compares with this build, not with the first.
    assert _lines(report, [_hint(1), _hint(2), _hint(3)]) == [
        f"Hinweise für die Redaktion: 0 neu, 1 entfallen, insgesamt 3 {WHERE}"
    ]


def test_equal_hints_are_counted_one_by_one() -> None:
    """Two placeholders in one file can read alike: the second one is news, and its fix too."""
    report = HintReport()
    _lines(report, [_hint(0)])
    twice = _lines(report, [_hint(0), _hint(0, line=5)])
    assert len(twice) == 2
    assert twice[0].startswith(f"{PREFIX}quarters/stadt/altstadt.yaml:5:3:")
    assert twice[-1] == f"Hinweise für die Redaktion: 1 neu, 0 entfallen, insgesamt 2 {WHERE}"
    assert _lines(report, [_hint(0)]) == [
        f"Hinweise für die Redaktion: 0 neu, 1 entfallen, insgesamt 1 {WHERE}"
    ]


def test_the_same_message_in_another_file_is_a_new_hint() -> None:
    report = HintReport()
    _lines(report, [_hint(0)])
    lines = _lines(report, [_hint(0), _hint(0, name="hafen")])
    assert "hafen.yaml" in lines[0]
    assert lines[-1].startswith("Hinweise für die Redaktion: 1 neu, 0 entfallen, insgesamt 2 ")


def test_many_new_hints_at_once_are_cut_short() -> None:
    """A city file can concern every quarter: a save may bring hundreds of hints."""
    report = HintReport()
    _lines(report, [])
    hints = [replace(_hint(n), field=f"measures[{n}]") for n in range(NEW_SHOWN + 5)]
    lines = _lines(report, hints)
    assert len(lines) == NEW_SHOWN + 2
    assert lines[-2] == "… und 5 weitere neue."
    assert lines[-1] == (
        f"Hinweise für die Redaktion: {NEW_SHOWN + 5} neu, 0 entfallen, "
        f"insgesamt {NEW_SHOWN + 5} {WHERE}"
    )


def test_the_review_page_lists_the_hints_that_are_not_about_time() -> None:
    """The terminal says "alle auf der Prüfliste": the page has the other hints too."""
    placeholder = replace(
        _hint(0), field="summary", message="Die Kurzbeschreibung ist noch der Platzhalter."
    )
    page = review_page([], _today(), ROOT, [placeholder])
    assert "Prüfliste: nichts zu prüfen. Dazu unten 1 weiterer Hinweis." in page
    assert "## Weitere Hinweise (1) {: #weitere-hinweise }" in page
    assert (
        "<li><code>quarters/stadt/altstadt.yaml:1:3</code> <code>summary</code>: "
        "Die Kurzbeschreibung ist noch der Platzhalter.</li>"
    ) in page
    assert "Weitere Hinweise" not in review_page([], _today(), ROOT)


def _today() -> date:
    return date(2026, 12, 7)


def test_the_notice_on_every_page_counts_the_list_and_the_other_hints() -> None:
    from quartiersdoku.preview.notice import Preview

    preview = Preview(active=True, review_count=0, other_count=3)
    assert "Prüfliste: 0 Einträge und 3 weitere Hinweise</a>" in str(preview.review_notice())
    preview.review_count, preview.other_count = 1, 1
    assert "Prüfliste: 1 Eintrag und 1 weiterer Hinweis</a>" in str(preview.review_notice())
    preview.review_count, preview.other_count = 1_237, 0
    assert "Prüfliste: 1.237 Einträge</a>" in str(preview.review_notice())
    preview.review_count = 0
    assert str(preview.review_notice()) == ""


def test_code_in_messages_is_shown_as_code_and_everything_escaped() -> None:
    """Messages name fields and values in backticks; the preview's pages show them as code."""
    from quartiersdoku.preview.notice import message_html

    hint = replace(_hint(0), message="Setzen Sie `status: open` <b>und</b> `since`.")
    assert str(message_html(hint.message)) == (
        "Setzen Sie <code>status: open</code> &lt;b&gt;und&lt;/b&gt; <code>since</code>."
    )
    page = review_page([], _today(), ROOT, [hint])
    assert "<code>status: open</code> &lt;b&gt;und&lt;/b&gt; <code>since</code>." in page
    assert "`" not in page.split("# Prüfliste für die Redaktion", 1)[1]


def test_a_preview_without_a_good_build_does_not_claim_to_keep_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from quartiersdoku.preview.notice import Preview

    preview = Preview(active=True, root=ROOT)
    broken = replace(_hint(0), severity=Severity.ERROR)
    preview.failed([broken], ROOT)
    said = capsys.readouterr().err
    assert "Beim Start der Vorschau gab es noch keinen fehlerfreien Stand" in said
    assert "fehlen alle Quartiere" in str(preview.error_notice())
    preview.passed()
    preview.failed([broken], ROOT)
    assert "zeigt den letzten fehlerfreien Stand" in capsys.readouterr().err
    assert "Diese Seite zeigt den letzten fehlerfreien Stand." in str(preview.error_notice())
