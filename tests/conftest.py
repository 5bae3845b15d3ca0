"""Shared fixtures: paths of the repository and its checked-in fixture projects."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

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
