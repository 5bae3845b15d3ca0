"""Where council commitments stand: reported, due, or overdue — computed at build time.

A commitment is *overdue* when its deadline has passed and no progress report
names it; a recurring one (``interval_months``) is also overdue when its last
report is older than the interval. A decision with a deadline but no
commitments is tracked the same way, through reports that name the decision.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from .model import Commitment, Decision, Report
from .site import QuarterData, Site


class Standing(StrEnum):
    REPORTED = "reported"
    OPEN = "open"
    OVERDUE = "overdue"


STANDING_LABELS = {
    Standing.REPORTED: "berichtet",
    Standing.OPEN: "offen",
    Standing.OVERDUE: "überfällig",
}


@dataclass
class TrackedCommitment:
    commitment: Commitment
    standing: Standing
    reports: list[Report] = field(default_factory=list)
    next_due: date | None = None

    @property
    def label(self) -> str:
        return STANDING_LABELS[self.standing]


@dataclass
class TrackedDecision:
    decision: Decision
    quarters: list[QuarterData]
    city: str
    commitments: list[TrackedCommitment]
    reports: list[Report]
    standing: Standing | None  # for the decision's own deadline; None without one

    @property
    def overdue(self) -> bool:
        return self.standing is Standing.OVERDUE or any(
            c.standing is Standing.OVERDUE for c in self.commitments
        )


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def track_commitment(
    commitment: Commitment, reports: list[Report], today: date
) -> TrackedCommitment:
    mine = sorted((r for r in reports if r.commitment == commitment.id), key=lambda r: r.date)
    due = commitment.due.latest if commitment.due is not None else None
    if commitment.interval_months and mine:
        due = add_months(mine[-1].date, commitment.interval_months)
    if due is not None and due < today:
        standing = Standing.OVERDUE
    elif mine:
        standing = Standing.REPORTED
    else:
        standing = Standing.OPEN
    return TrackedCommitment(commitment, standing, mine, due)


def track_decision(
    decision: Decision, reports: list[Report], today: date, quarters: list[QuarterData], city: str
) -> TrackedDecision:
    mine = sorted((r for r in reports if r.decision == decision.id), key=lambda r: r.date)
    commitments = [
        track_commitment(c, [r for r in mine if r.commitment is not None], today)
        for c in decision.commitments
    ]
    standing: Standing | None = None
    if decision.deadline is not None:
        if mine:
            standing = Standing.REPORTED
        elif decision.deadline.latest < today:
            standing = Standing.OVERDUE
        else:
            standing = Standing.OPEN
    return TrackedDecision(decision, quarters, city, commitments, mine, standing)


def all_decisions(site: Site) -> list[TrackedDecision]:
    """Every decision of the site, city-wide ones once, newest first."""
    tracked: list[TrackedDecision] = []
    quarters_by_slug = {q.slug: q for q in site.quarters}
    for _, city in sorted(site.cities.items()):
        if city.city is None:
            continue
        for decision in city.city.decisions:
            quarters = [quarters_by_slug[s] for s in decision.quarters if s in quarters_by_slug]
            # Reports on a city-wide decision may stand in the city file or in the
            # files of the quarters it names (unless a quarter has its own decision
            # with that id).
            reports = [*city.city.reports]
            for data in quarters:
                if all(d.id != decision.id for d in data.quarter.decisions):
                    reports += data.quarter.reports
            tracked.append(track_decision(decision, reports, site.today, quarters, city.name))
    for data in site.quarters:
        for decision in data.quarter.decisions:
            tracked.append(
                track_decision(
                    decision, data.quarter.reports, site.today, [data], data.quarter.city
                )
            )
    return sorted(tracked, key=lambda t: t.decision.date.earliest, reverse=True)


def decisions_for(site: Site, data: QuarterData) -> list[TrackedDecision]:
    """The decisions shown on one quarter page: its own and the city's that name it."""
    return [t for t in all_decisions(site) if any(q is data for q in t.quarters)]
