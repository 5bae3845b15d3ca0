"""`/admin/` in the built site: only when the operator switches it on, and valid HTML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from mkdocs_process import build_site
from test_html_validity import run_vnu

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "project"
BACKEND = {"name": "gitlab", "repo": "musterstadt/quartiere", "branch": "main"}
EDITOR_OPTIONS = (
    "      editor: true\n"
    "      editor_backend: {name: gitlab, repo: musterstadt/quartiere, branch: main}\n"
)


def project_with_options(tmp_path: Path, options: str) -> Path:
    """A copy of the fixture project with `options` added to the plugin's."""
    project = tmp_path / "projekt"
    shutil.copytree(FIXTURE, project)
    (project / "node_modules").symlink_to(REPO / "node_modules")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - quartiersdoku:\n", "  - quartiersdoku:\n" + options, 1))
    return project


def test_the_public_build_has_no_editor_by_default(tmp_path: Path) -> None:
    site = build_site(project_with_options(tmp_path, "") / "mkdocs.yml", tmp_path / "site")
    assert not (site / "admin").exists()


@pytest.fixture(scope="module")
def admin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("admin")
    return build_site(project_with_options(tmp, EDITOR_OPTIONS) / "mkdocs.yml", tmp / "site")


def test_switched_on_the_editor_comes_from_the_npm_package(admin_site: Path) -> None:
    admin = admin_site / "admin"
    dist = REPO / "node_modules" / "decap-cms" / "dist"
    assert (admin / "decap-cms.js").read_bytes() == (dist / "decap-cms.js").read_bytes()
    for chunk in dist.glob("*.decap-cms.js"):  # the parts the script loads from its folder
        assert (admin / chunk.name).is_file(), chunk.name
    html = (admin / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in html
    assert "http" not in html  # no CDN, nothing from another host
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == BACKEND
    assert config["publish_mode"] == "editorial_workflow"


def test_the_editors_page_is_valid_html(admin_site: Path) -> None:
    assert run_vnu([admin_site / "admin" / "index.html"]) == []
