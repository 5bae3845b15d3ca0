"""Nothing in a YAML file is lost on the way to the site (property-based).

Hypothesis writes valid quarter files with awkward text (Markdown and HTML
characters, umlauts, punctuation); each is built with MkDocs into a real site,
and every entry's title and key facts must appear on the quarter page.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs_process import build_in_process

from quartiersdoku.core.german import german_date

# Letters, digits, punctuation, symbols and plain spaces: what editors type.
_text = (
    st.text(
        alphabet=st.characters(categories=["L", "N", "P", "S"], include_characters=" "),
        min_size=1,
        max_size=30,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
_day = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))


@st.composite
def quarters(draw: st.DrawFn) -> dict[str, Any]:
    def entries(make: Any, size: int = 3) -> list[dict[str, Any]]:
        return [
            {"id": f"e{index}", **draw(make)}
            for index in range(draw(st.integers(min_value=0, max_value=size)))
        ]

    return {
        "name": draw(_text),
        "city": "Musterstadt",
        "summary": draw(_text),
        "programmes": entries(
            st.fixed_dictionaries({"name": _text, "operators": st.lists(_text, max_size=2)})
        ),
        "measures": entries(
            st.fixed_dictionaries({"title": _text, "goals": st.lists(_text, max_size=2)})
        ),
        "events": entries(st.fixed_dictionaries({"title": _text, "start": _day})),
        "contacts": entries(st.fixed_dictionaries({"name": _text, "organisation": _text})),
        "decisions": entries(
            st.fixed_dictionaries({"reference": _text, "title": _text, "body": _text, "date": _day})
        ),
    }


def _normal(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def project(fixture_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("eigenschaften") / "projekt"
    shutil.copytree(fixture_project, target)
    return target


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=quarters())
def test_every_entry_appears_on_the_built_page(project: Path, data: dict[str, Any]) -> None:
    path = project / "quarters" / "musterstadt" / "zufall.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = project / "site"
    build_in_process(project / "mkdocs.yml", site)

    html = (site / "quartiere" / "musterstadt" / "zufall" / "index.html").read_text(
        encoding="utf-8"
    )
    article = BeautifulSoup(html, "html.parser").select_one("article")
    assert article is not None
    text = _normal(article.get_text(" "))
    expected = [data["name"], data["summary"]]
    expected += [p["name"] for p in data["programmes"]] + [
        o for p in data["programmes"] for o in p["operators"]
    ]
    expected += [m["title"] for m in data["measures"]] + [
        g for m in data["measures"] for g in m["goals"]
    ]
    expected += [e["title"] for e in data["events"]] + [
        german_date(e["start"]) for e in data["events"]
    ]
    expected += [c["name"] for c in data["contacts"]] + [
        c["organisation"] for c in data["contacts"]
    ]
    for d in data["decisions"]:
        expected += [d["reference"], d["title"], d["body"], german_date(d["date"])]
    missing = [value for value in expected if _normal(value) not in text]
    assert missing == [], f"missing on the page: {missing}"

    exported = json.loads(
        (site / "daten" / "quartiere" / "musterstadt" / "zufall.json").read_text(encoding="utf-8")
    )
    strings = {_normal(value) for value in _strings(exported)}
    dates = set(_strings(exported))
    expected_data = [value for value in expected if not _is_german_date(value)]
    missing = [value for value in expected_data if _normal(value) not in strings]
    assert missing == [], f"missing in the JSON export: {missing}"
    for event in data["events"]:
        assert event["start"].isoformat() in dates


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _is_german_date(value: str) -> bool:
    return bool(re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", value))
