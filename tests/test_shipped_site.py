"""The shipped content, built: every entry of every file appears on its page."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs_process import build_site

from quartiersdoku.core.settings import Settings
from quartiersdoku.core.site import CityData, QuarterData
from quartiersdoku.core.validate import load_site

REPO = Path(__file__).resolve().parent.parent
SITE = load_site(Settings(quarters_dir=REPO / "quarters")).site
QUARTERS = sorted(SITE.quarters, key=lambda q: q.slug)
CITIES = sorted((c for c in SITE.cities.values() if c.city is not None), key=lambda c: c.key)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("shipped"))


def _text(site: Path, url: str) -> str:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").select_one("article")
    assert article is not None
    return " ".join(article.get_text(" ").split())


def _expected_quarter(data: QuarterData) -> list[str]:
    q = data.quarter
    values = [q.name, q.summary]
    values += [p.name for p in q.programmes] + [m.title for m in q.measures]
    values += [e.title for e in q.events] + [c.name for c in q.contacts]
    values += [d.title for d in [*q.decisions, *SITE.city_decisions_for(data)]]
    values += [r.title for r in q.reports] + [s.title for s in q.milestones]
    values += [f.indicator for f in q.facts] + [d.title for d in q.documents]
    values += [link.title for link in q.links] + [s.title for s in q.sources]
    values += [step.title for m in q.measures for step in m.steps]
    return values


def _expected_city(city: CityData) -> list[str]:
    c = city.city
    assert c is not None
    values = [c.name, *(g.title for g in c.strategy_goals), *(e.title for e in c.events)]
    values += [m for g in c.strategy_goals for m in g.core_messages]
    values += (
        [d.title for d in c.decisions]
        + [d.title for d in c.documents]
        + [s.title for s in c.sources]
    )
    values += [commitment.title for d in c.decisions for commitment in d.commitments]
    return values


@pytest.mark.parametrize("data", QUARTERS, ids=[q.slug for q in QUARTERS])
def test_every_entry_of_a_quarter_is_on_its_page(built: Path, data: QuarterData) -> None:
    text = _text(built, data.url)
    missing = [v for v in _expected_quarter(data) if " ".join(v.split()) not in text]
    assert missing == []


@pytest.mark.parametrize("city", CITIES, ids=[c.key for c in CITIES])
def test_every_city_wide_entry_is_on_the_city_page(built: Path, city: CityData) -> None:
    text = _text(built, f"quartiere/{city.key}/")
    missing = [v for v in _expected_city(city) if " ".join(v.split()) not in text]
    assert missing == []


def test_shipped_content_has_the_archived_model_programme(built: Path) -> None:
    text = _text(built, "archiv/")
    assert "Archiv: Soziale Stadt Wehringhausen" in text
    assert "Caritas" in text
