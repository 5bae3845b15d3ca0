"""Shared fixtures: paths of the repository, its checked-in fixture projects, the shipped site.

The shipped site (the repository's own `quarters/`) is loaded once per session
(`load_shipped_site`), by the first test that needs it, never at import time:
through the `shipped_site` fixture, or as the parameters of tests that take a
`shipped_quarter` or `shipped_city` argument (`pytest_generate_tests`).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
from hypothesis import settings

from quartiersdoku.core.settings import Settings
from quartiersdoku.core.site import CityData, QuarterData, Site
from quartiersdoku.core.validate import load_site

# Property tests: a quick run by default; HYPOTHESIS_PROFILE=gruendlich explores more.
settings.register_profile("schnell", max_examples=12, deadline=None)
settings.register_profile("gruendlich", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "schnell"))

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def fixture_project() -> Path:
    """A small project (mkdocs.yml, content/, quarters/) with made-up quarters."""
    return FIXTURES / "project"


@functools.cache
def load_shipped_site() -> Site:
    """The repository's own quarters, validated; loaded on the first call of the session."""
    result = load_site(Settings(quarters_dir=REPO / "quarters"))
    assert not result.errors, "the shipped quarters have errors (quartiersdoku validate)"
    return result.site


def shipped_quarters() -> list[QuarterData]:
    """Every shipped quarter, by slug."""
    return sorted(load_shipped_site().quarters, key=lambda q: q.slug)


def shipped_cities() -> list[CityData]:
    """Every shipped city that has a city file, by key."""
    cities = load_shipped_site().cities.values()
    return sorted((c for c in cities if c.city is not None), key=lambda c: c.key)


@pytest.fixture(scope="session")
def shipped_site() -> Site:
    """The validated `Site` of the repository's `quarters/` (what `mkdocs.yml` builds)."""
    return load_shipped_site()


def shipped_versions() -> list[tuple[QuarterData, str]]:
    """Every language version of a shipped quarter: (quarter, key of `translations`)."""
    return [(data, key) for data in shipped_quarters() for key in data.quarter.translations]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test with a `shipped_quarter` (`shipped_city`) argument runs once per shipped one;
    with `shipped_translated` once per shipped quarter that has translations, with
    `shipped_version` once per language version of a shipped quarter."""
    if "shipped_quarter" in metafunc.fixturenames:
        quarters = shipped_quarters()
        metafunc.parametrize("shipped_quarter", quarters, ids=[q.slug for q in quarters])
    if "shipped_translated" in metafunc.fixturenames:
        translated = [q for q in shipped_quarters() if q.quarter.translations]
        metafunc.parametrize("shipped_translated", translated, ids=[q.slug for q in translated])
    if "shipped_version" in metafunc.fixturenames:
        versions = shipped_versions()
        ids = [f"{data.slug}/{key}" for data, key in versions]
        metafunc.parametrize("shipped_version", versions, ids=ids)
    if "shipped_city" in metafunc.fixturenames:
        cities = shipped_cities()
        metafunc.parametrize("shipped_city", cities, ids=[c.key for c in cities])
