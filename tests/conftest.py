"""Shared fixtures: paths of the repository and its checked-in fixture projects."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def fixture_project() -> Path:
    """A small project (mkdocs.yml, content/, quarters/) with made-up quarters."""
    return FIXTURES / "project"
