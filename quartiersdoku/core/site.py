"""The validated content of a whole site: every quarter and every city file."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .load import LoadedFile
from .model import (
    City,
    Contact,
    Decision,
    Event,
    Measure,
    Programme,
    Quarter,
    Report,
    Source,
    Status,
)
from .settings import build_date
from .urls import quarter_src_uri, quarter_url

CITY_FILE = "_stadt.yaml"


@dataclass
class CityData:
    key: str  # folder below quarters/, e.g. "hagen"; "" for files directly in quarters/
    city: City | None = None
    loaded: LoadedFile | None = None

    @property
    def name(self) -> str:
        if self.city is not None:
            return self.city.name
        return self.key.replace("-", " ").title()


@dataclass
class QuarterData:
    slug: str  # path below quarters/ without suffix, e.g. "hagen/wehringhausen"
    quarter: Quarter
    loaded: LoadedFile
    city_key: str
    boundary: dict[str, Any] | None = None

    @property
    def url(self) -> str:
        return quarter_url(self.slug)

    @property
    def src_uri(self) -> str:
        return quarter_src_uri(self.slug)


@dataclass
class Site:
    quarters: list[QuarterData] = field(default_factory=list)
    cities: dict[str, CityData] = field(default_factory=dict)
    today: date = field(default_factory=build_date)
    #: After how many months a quarter's `reviewed` date counts as too old (`Settings`).
    review_after_months: int = 12

    def review_is_stale(self, reviewed: date | None) -> bool:
        """Whether a quarter last checked on `reviewed` is due for a check on the build date."""
        return reviewed is not None and add_months(reviewed, self.review_after_months) < self.today

    def city_of(self, quarter: QuarterData) -> CityData | None:
        return self.cities.get(quarter.city_key)

    def sources_for(self, quarter: QuarterData) -> dict[str, Source]:
        sources = {source.id: source for source in quarter.quarter.sources}
        city = self.city_of(quarter)
        if city is not None and city.city is not None:
            for source in city.city.sources:
                sources.setdefault(source.id, source)
        return sources

    def city_decisions_for(self, quarter: QuarterData) -> list[Decision]:
        city = self.city_of(quarter)
        if city is None or city.city is None:
            return []
        return [d for d in city.city.decisions if quarter.slug in d.quarters]

    def by_city(self) -> Iterator[tuple[str, list[QuarterData]]]:
        """Quarters grouped by city name, both sorted (German collation is close enough here)."""
        groups: dict[str, list[QuarterData]] = {}
        for data in self.quarters:
            groups.setdefault(data.quarter.city, []).append(data)
        for city in sorted(groups, key=sort_key):
            yield city, sorted(groups[city], key=lambda q: sort_key(q.quarter.name))


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, clamped to the end of a shorter month (31.01. + 1 → 28.02.)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def programme_status(programme: Programme, today: date) -> Status:
    """Whether a programme is planned, running or ended, from its dates and status at build time."""
    if programme.status is Status.ENDED:
        return Status.ENDED
    if programme.end is not None and programme.end.latest < today:
        return Status.ENDED
    if programme.status is not None:
        return programme.status
    if programme.start is not None and programme.start.earliest > today:
        return Status.PLANNED
    return Status.RUNNING


def sort_key(text: str) -> str:
    """A German-ish sort key: case and umlauts folded (close enough for names)."""
    return text.lower().replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("ß", "ss")


Collections = tuple[
    list[Programme], list[Measure], list[Event], list[Contact], list[Decision], list[Report]
]
