"""Commitments and decisions: reported, open or overdue, computed from dates."""

from __future__ import annotations

from datetime import date

import pytest

from quartiersdoku.core.model import Commitment, Decision, Report
from quartiersdoku.core.tracking import Standing, add_months, track_commitment, track_decision


def _commitment(**fields: object) -> Commitment:
    return Commitment.model_validate({"id": "bericht", "title": "Bericht", **fields})


def _report(day: str, commitment: str | None = "bericht") -> Report:
    return Report.model_validate(
        {"date": day, "title": "Sachstand", "decision": "d", "commitment": commitment}
    )


@pytest.mark.parametrize(
    ("fields", "reports", "today", "standing"),
    [
        ({"due": "Mitte 2026"}, [], date(2026, 8, 31), Standing.OPEN),
        ({"due": "Mitte 2026"}, [], date(2026, 9, 1), Standing.OVERDUE),
        ({"due": "2026-06"}, ["2026-06-15"], date(2026, 9, 1), Standing.OVERDUE),
        ({}, ["2026-06-15"], date(2030, 1, 1), Standing.REPORTED),
        ({}, [], date(2030, 1, 1), Standing.OPEN),
        ({"interval_months": 3}, ["2026-03-31"], date(2026, 6, 30), Standing.REPORTED),
        ({"interval_months": 3}, ["2026-03-31"], date(2026, 7, 1), Standing.OVERDUE),
        (
            {"interval_months": 3, "due": "2026-04"},
            ["2026-03-31", "2026-06-30"],
            date(2026, 9, 1),
            Standing.REPORTED,
        ),
    ],
)
def test_commitment_standing(
    fields: dict[str, object], reports: list[str], today: date, standing: Standing
) -> None:
    tracked = track_commitment(_commitment(**fields), [_report(d) for d in reports], today)
    assert tracked.standing is standing


def test_reports_on_other_commitments_do_not_count() -> None:
    tracked = track_commitment(
        _commitment(due="2026-01"), [_report("2025-12-01", "anderes")], date(2026, 3, 1)
    )
    assert tracked.standing is Standing.OVERDUE
    assert tracked.reports == []


def test_decision_deadline_without_report_is_overdue() -> None:
    decision = Decision.model_validate(
        {
            "id": "d",
            "reference": "1/2026",
            "title": "T",
            "body": "Rat",
            "date": "2026-01-10",
            "deadline": "2026-03",
        }
    )
    assert track_decision(decision, [], date(2026, 4, 1), [], "X").standing is Standing.OVERDUE
    assert track_decision(decision, [], date(2026, 3, 31), [], "X").standing is Standing.OPEN
    reported = track_decision(decision, [_report("2026-03-15", None)], date(2026, 4, 1), [], "X")
    assert reported.standing is Standing.REPORTED
    assert not reported.overdue


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
