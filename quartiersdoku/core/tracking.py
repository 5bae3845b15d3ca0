"""Where council commitments stand: proposed, reported, fulfilled, due or overdue.

Computed at build time (``Site.today``, the build date). A commitment follows its
decision: while the decision is only planned it is *proposed* („beantragt“), when
the decision was rejected or deferred it reads so, and only an *adopted*
decision's commitments can be *overdue*. A report with ``fulfilled: true``
fulfils its commitment („erfüllt am …“), which is then never overdue.
Otherwise a commitment is overdue when its due date has passed; a recurring one
(``interval_months``) also when the interval has run out since the last report
(or, before the first report, since the decision). A decision with a deadline is
tracked the same way, through reports that name the decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from .german import german_date
from .model import Commitment, Decision, DecisionStatus, Report
from .site import CityData, QuarterData, Site, add_months


class Standing(StrEnum):
    REPORTED = "reported"
    OPEN = "open"
    OVERDUE = "overdue"
    PROPOSED = "proposed"
    REJECTED = "rejected"
    DEFERRED = "deferred"
    FULFILLED = "fulfilled"


STANDING_LABELS = {
    Standing.REPORTED: "berichtet",
    Standing.OPEN: "offen",
    Standing.OVERDUE: "überfällig",
    Standing.PROPOSED: "beantragt",
    Standing.REJECTED: "abgelehnt",
    Standing.DEFERRED: "vertagt",
    Standing.FULFILLED: "erfüllt",
}

#: The standing of every commitment of a decision that is not (yet) binding.
_NOT_BINDING = {
    DecisionStatus.PLANNED: Standing.PROPOSED,
    DecisionStatus.REJECTED: Standing.REJECTED,
    DecisionStatus.DEFERRED: Standing.DEFERRED,
}

#: How far ahead a commitment counts as „bald fällig“ for the review list.
DUE_SOON_DAYS = 60


@dataclass
class TrackedCommitment:
    commitment: Commitment
    standing: Standing
    reports: list[Report] = field(default_factory=list)
    next_due: date | None = None
    fulfilled_on: date | None = None  # the date of the report that fulfils it

    @property
    def label(self) -> str:
        """The standing in words, as the page, the JSON export and the feed show it."""
        if self.standing is Standing.FULFILLED and self.fulfilled_on is not None:
            return f"erfüllt am {german_date(self.fulfilled_on)}"
        return STANDING_LABELS[self.standing]

    def due_within(self, today: date, days: int = DUE_SOON_DAYS) -> bool:
        """Whether it is still open and falls due within `days` from `today`."""
        return (
            self.standing in (Standing.OPEN, Standing.REPORTED)
            and self.next_due is not None
            and today <= self.next_due <= date.fromordinal(today.toordinal() + days)
        )


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


def decided_on(decision: Decision) -> date:
    """The day from which a decision binds: its decision date, else its date (latest day)."""
    return (decision.decision_date or decision.date).latest


def track_commitment(
    commitment: Commitment,
    reports: list[Report],
    today: date,
    status: DecisionStatus = DecisionStatus.ADOPTED,
    since: date | None = None,
) -> TrackedCommitment:
    """Where `commitment` stands on `today`, given its decision's `status`.

    `since` is the day the decision was taken: a recurring commitment without any
    report falls due one interval after it.
    """
    mine = sorted((r for r in reports if r.commitment == commitment.id), key=lambda r: r.date)
    fulfilling = next((r for r in mine if r.fulfilled), None)
    due = commitment.due.latest if commitment.due is not None else None
    if commitment.interval_months:
        last = mine[-1].date if mine else since
        if last is not None and (mine or due is None):
            due = add_months(last, commitment.interval_months)
    if fulfilling is not None:
        return TrackedCommitment(commitment, Standing.FULFILLED, mine, None, fulfilling.date)
    if status in _NOT_BINDING:
        return TrackedCommitment(commitment, _NOT_BINDING[status], mine, due)
    if status is DecisionStatus.ADOPTED and due is not None and due < today:
        standing = Standing.OVERDUE
    elif mine:
        standing = Standing.REPORTED
    else:
        standing = Standing.OPEN
    return TrackedCommitment(commitment, standing, mine, due)


def track_decision(
    decision: Decision, reports: list[Report], today: date, quarters: list[QuarterData], city: str
) -> TrackedDecision:
    # A report dated after the build date does not count yet (a build of an earlier day).
    mine = sorted(
        (r for r in reports if r.decision == decision.id and r.date <= today), key=lambda r: r.date
    )
    since = decided_on(decision)
    commitments = [
        track_commitment(
            c, [r for r in mine if r.commitment is not None], today, decision.status, since
        )
        for c in decision.commitments
    ]
    standing: Standing | None = None
    if decision.deadline is not None:
        if decision.status in _NOT_BINDING:
            standing = _NOT_BINDING[decision.status]
        elif mine:
            standing = Standing.REPORTED
        elif decision.status is DecisionStatus.ADOPTED and decision.deadline.latest < today:
            standing = Standing.OVERDUE
        else:
            standing = Standing.OPEN
    return TrackedDecision(decision, quarters, city, commitments, mine, standing)


__all__ = [
    "DUE_SOON_DAYS",
    "STANDING_LABELS",
    "Standing",
    "TrackedCommitment",
    "TrackedDecision",
    "add_months",
    "all_decisions",
    "decided_on",
    "decisions_for",
    "track_city_decision",
    "track_commitment",
    "track_decision",
    "track_quarter_decision",
]


def track_city_decision(
    site: Site,
    city: CityData,
    decision: Decision,
    quarters_by_slug: dict[str, QuarterData] | None = None,
) -> TrackedDecision:
    """A decision of a city file, with the reports on it from the city and its quarters.

    `quarters_by_slug` (every quarter by slug) saves building it per decision."""
    if quarters_by_slug is None:
        quarters_by_slug = {q.slug: q for q in site.quarters}
    quarters = [quarters_by_slug[s] for s in decision.quarters if s in quarters_by_slug]
    # Reports on a city-wide decision may stand in the city file or in the files of the
    # quarters it names (unless a quarter has its own decision with that id).
    reports = [*city.city.reports] if city.city is not None else []
    for data in quarters:
        if all(d.id != decision.id for d in data.quarter.decisions):
            reports += data.quarter.reports
    return track_decision(decision, reports, site.today, quarters, city.name)


def track_quarter_decision(site: Site, data: QuarterData, decision: Decision) -> TrackedDecision:
    """A decision of a quarter file, with the quarter's reports on it."""
    return track_decision(decision, data.quarter.reports, site.today, [data], data.quarter.city)


def all_decisions(site: Site) -> list[TrackedDecision]:
    """Every decision of the site, city-wide ones once, newest first."""
    tracked: list[TrackedDecision] = []
    quarters_by_slug = {q.slug: q for q in site.quarters}
    for _, city in sorted(site.cities.items()):
        if city.city is None:
            continue
        tracked += [
            track_city_decision(site, city, d, quarters_by_slug) for d in city.city.decisions
        ]
    for data in site.quarters:
        tracked += [track_quarter_decision(site, data, d) for d in data.quarter.decisions]
    return sorted(tracked, key=lambda t: t.decision.date.earliest, reverse=True)


def decisions_for(site: Site, data: QuarterData) -> list[TrackedDecision]:
    """The decisions shown on one quarter page: its own and the city's that name it."""
    return [t for t in all_decisions(site) if any(q is data for q in t.quarters)]
