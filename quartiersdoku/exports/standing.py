"""What the open data and the feed say about time: the same standing the pages show.

A commitment's standing (`tracking`), a decision's deadline standing, and the
note on an entry whose date has passed while it is still planned (`lapses`),
as plain JSON values; and the standing of the commitment a report names, for
the Atom feed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..core.lapses import lapse_of
from ..core.model import Decision, Report
from ..core.site import CityData, QuarterData, Site
from ..core.tracking import (
    STANDING_LABELS,
    TrackedCommitment,
    TrackedDecision,
    track_city_decision,
    track_quarter_decision,
)


def commitment_standing(tracked: TrackedCommitment) -> dict[str, Any]:
    """`standing`, its German label („erfüllt am 30.06.2026“) and the dates behind it."""
    values: dict[str, Any] = {
        "standing": tracked.standing.value,
        "standing_label": tracked.label,
    }
    if tracked.next_due is not None:
        values["next_due"] = tracked.next_due.isoformat()
    if tracked.fulfilled_on is not None:
        values["fulfilled_on"] = tracked.fulfilled_on.isoformat()
    return values


def add_decision_standing(target: dict[str, Any], tracked: TrackedDecision, today: date) -> None:
    """Add the decision's deadline standing, its lapse and each commitment's standing."""
    if tracked.standing is not None:
        target["deadline_standing"] = tracked.standing.value
        target["deadline_standing_label"] = STANDING_LABELS[tracked.standing]
    add_lapse(target, tracked.decision, today)
    for dumped, commitment in zip(target.get("commitments", []), tracked.commitments, strict=True):
        dumped.update(commitment_standing(commitment))


def add_lapse(target: dict[str, Any], entry: object, today: date) -> None:
    """`lapsed`: the note the page shows when a date passed while the entry is still planned."""
    lapse = lapse_of(entry, today)
    if lapse is not None:
        target["lapsed"] = {
            "field": lapse.field,
            "date": lapse.when.latest.isoformat(),
            "note": lapse.note,
        }


def tracked_decision(
    site: Site, quarter: QuarterData | None, city: CityData, decision: Decision
) -> TrackedDecision:
    """The standing of one decision of a quarter file (`quarter`) or of a city file."""
    if quarter is not None:
        return track_quarter_decision(site, quarter, decision)
    return track_city_decision(site, city, decision)


def report_commitment(
    site: Site, quarter: QuarterData | None, city: CityData, report: Report
) -> TrackedCommitment | None:
    """The commitment a report names, as it stands on the build date (None if it names none)."""
    if report.decision is None or report.commitment is None:
        return None
    holders: list[tuple[QuarterData | None, list[Decision]]] = []
    if quarter is not None:
        holders.append((quarter, quarter.quarter.decisions))
    if city.city is not None:
        holders.append((None, city.city.decisions))
    for owner, decisions in holders:
        for decision in decisions:
            if decision.id == report.decision:
                tracked = tracked_decision(site, owner, city, decision)
                return next(
                    (c for c in tracked.commitments if c.commitment.id == report.commitment), None
                )
    return None
