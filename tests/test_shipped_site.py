"""The shipped content, built: every entry of every file appears on its page."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs_process import build_site

from quartiersdoku.core.site import CityData, QuarterData, Site

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("shipped"))


def _text(site: Path, url: str) -> str:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").select_one("article")
    assert article is not None
    return " ".join(article.get_text(" ").split())


def _expected_quarter(site: Site, data: QuarterData) -> list[str]:
    q = data.quarter
    values = [q.name, q.summary]
    values += [p.name for p in q.programmes] + [m.title for m in q.measures]
    values += [e.title for e in q.events] + [c.name for c in q.contacts]
    values += [d.title for d in [*q.decisions, *site.city_decisions_for(data)]]
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


def test_every_entry_of_a_quarter_is_on_its_page(
    built: Path, shipped_site: Site, shipped_quarter: QuarterData
) -> None:
    text = _text(built, shipped_quarter.url)
    expected = _expected_quarter(shipped_site, shipped_quarter)
    missing = [v for v in expected if " ".join(v.split()) not in text]
    assert missing == []


def test_every_city_wide_entry_is_on_the_city_page(built: Path, shipped_city: CityData) -> None:
    text = _text(built, f"quartiere/{shipped_city.key}/")
    missing = [v for v in _expected_city(shipped_city) if " ".join(v.split()) not in text]
    assert missing == []


def test_shipped_content_has_the_archived_model_programme(built: Path) -> None:
    text = _text(built, "archiv/")
    assert "Archiv: Soziale Stadt Wehringhausen" in text
    assert "Caritas" in text
