"""The operator's templates (plugin option `templates_dir`) take the place of the package's.

A file in the operator's folder replaces the package's template of the same
name (`quartiersdoku/pages/templates/`); every other page keeps the package's
template. The fixture template (`tests/fixtures/templates/quarter_index.md.j2`)
turns the quarter index into a table and imports the package's macros.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from mkdocs_process import add_plugin_options, build_site

from quartiersdoku.core.settings import Settings
from quartiersdoku.core.site import Site
from quartiersdoku.core.validate import load_site
from quartiersdoku.pages.render import Renderer

OPERATOR_TEMPLATES = Path(__file__).resolve().parent / "fixtures" / "templates"
OVERRIDDEN = "quarter_index.md.j2"


@pytest.fixture(scope="module")
def fixture_site(fixture_project: Path) -> Site:
    result = load_site(Settings(quarters_dir=fixture_project / "quarters"))
    assert not result.errors
    return result.site


def test_the_fixture_overrides_a_template_of_the_package() -> None:
    package = Path(__file__).resolve().parent.parent / "quartiersdoku" / "pages" / "templates"
    assert (package / OVERRIDDEN).is_file(), "the fixture overrides a template that is gone"
    assert [p.name for p in OPERATOR_TEMPLATES.iterdir()] == [OVERRIDDEN]


def test_the_operators_template_renders_the_quarter_index(fixture_site: Site) -> None:
    page = Renderer(fixture_site, OPERATOR_TEMPLATES).quarter_index()
    assert "# Quartiere im Überblick" in page
    assert 'class="betreiber-quartiere"' in page
    assert 'class="qd-quarter-list"' not in page


def test_other_pages_keep_the_package_templates(fixture_site: Site) -> None:
    own = Renderer(fixture_site, OPERATOR_TEMPLATES)
    package = Renderer(fixture_site)
    assert own.start_overview() == package.start_overview()
    for data in fixture_site.quarters:
        assert own.quarter_page(data) == package.quarter_page(data)


def test_a_missing_folder_means_the_package_templates(fixture_site: Site, tmp_path: Path) -> None:
    missing = Renderer(fixture_site, tmp_path / "gibt-es-nicht").quarter_index()
    assert missing == Renderer(fixture_site).quarter_index()


# ----------------------------------------------------------------------------- in a build


@pytest.fixture(scope="module")
def built(fixture_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project with `templates_dir: vorlagen` and the fixture template in it."""
    project = tmp_path_factory.mktemp("vorlagen") / "project"
    shutil.copytree(fixture_project, project)
    shutil.copytree(OPERATOR_TEMPLATES, project / "vorlagen")
    add_plugin_options(project / "mkdocs.yml", templates_dir="vorlagen")
    return build_site(project / "mkdocs.yml", project / "site")


def _article(site: Path, page: str) -> Tag:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").select_one("article")
    assert article is not None
    return article


def test_the_build_uses_the_operators_template(built: Path, fixture_site: Site) -> None:
    article = _article(built, "quartiere")
    heading = article.find("h1")
    assert heading is not None
    assert heading.get_text(strip=True) == "Quartiere im Überblick"
    assert article.select(".qd-quarter-list") == []
    rows = article.select("table.betreiber-quartiere tbody tr")
    links = {row.a.get_text(): row.a["href"] for row in rows if row.a is not None}
    assert set(links) == {data.quarter.name for data in fixture_site.quarters}
    for data in fixture_site.quarters:  # each link leads to its quarter's page
        target = (built / "quartiere" / str(links[data.quarter.name])).resolve()
        assert target == (built / data.url).resolve()
        assert (target / "index.html").is_file()


def test_the_build_keeps_the_package_templates_elsewhere(built: Path, fixture_site: Site) -> None:
    start = _article(built, "")
    names = {a.get_text() for a in start.select(".qd-quarter-list a")}
    assert names == {data.quarter.name for data in fixture_site.quarters}
    for data in fixture_site.quarters:
        heading = _article(built, data.url).find("h1")
        assert heading is not None
        assert heading.get_text(strip=True) == data.quarter.name
