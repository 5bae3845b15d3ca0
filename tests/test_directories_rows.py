"""Directory entries rendered once per build and reused by every page that lists them.

`Directories.rows_html` renders each entry's list item once with placeholders for its
links and puts in each page's relative links; these tests render the same template
directly with each page's links and compare, on every entry of the shipped site.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup
from mkdocs_process import build_site

from quartiersdoku.core.site import Site
from quartiersdoku.core.urls import relative_url
from quartiersdoku.pages.directories import Directories, Directory, Row
from quartiersdoku.pages.render import ContactLink, Renderer

FIXTURE = Path(__file__).parent / "fixtures" / "project"

#: A list's first page, a later page, a facet's first and a facet's later page.
PAGES = ["massnahmen/", "massnahmen/seite-2/", "massnahmen/status/geplant/", "a/b/c/seite-3/"]


def _direct(directories: Directories, directory: Directory, rows: list[Row], page: str) -> str:
    """The list items as the template writes them with the page's own links."""

    def contact_link(quarter: str, contact_id: str) -> ContactLink:
        owner = next(q for q in directories.site.quarters if q.slug == quarter)
        name, found = directories.renderer.contact_target(owner, contact_id)
        return ContactLink(name, f"{relative_url(page, found.url)}#anlaufstelle-{contact_id}")

    template = directories.renderer.env.get_template("_directory_rows.j2")
    return template.render(
        rows=[(row, None) for row in rows],
        kind=directory.kind,
        separator="",
        url=lambda target: relative_url(page, target),
        contact_link=contact_link,
    )


@pytest.fixture(scope="module")
def directories(shipped_site: Site) -> Directories:
    return Directories(shipped_site, Renderer(shipped_site), page_size=2)


def test_every_kind_of_directory_has_entries(directories: Directories) -> None:
    kinds = {d.kind for d in directories.all() if d.rows}
    assert kinds == {"contacts", "events", "archive", "measures", "decisions"}


@pytest.mark.parametrize("page", PAGES)
def test_entries_rendered_once_have_each_pages_links(directories: Directories, page: str) -> None:
    for directory in directories.all():
        cached = directories.rows_html(directory, directory.rows, page)
        assert isinstance(cached, Markup)
        assert cached == _direct(directories, directory, directory.rows, page)
        assert "\x02" not in cached


def test_an_entry_is_rendered_once_for_all_pages(
    directories: Directories, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = next(d for d in directories.all() if d.kind == "measures")
    template = directories.renderer.env.get_template("_directory_rows.j2")
    rendered: list[Any] = []
    original = template.render

    def counting(*args: Any, **kwargs: Any) -> str:
        rendered.extend(kwargs["rows"])
        return original(*args, **kwargs)

    monkeypatch.setattr(template, "render", counting)
    fresh = Directories(directories.site, directories.renderer, page_size=2)
    first = [fresh.rows_html(directory, directory.rows, page) for page in PAGES]
    assert len(rendered) == len(directory.rows)  # the first page rendered them, no other
    assert len(set(first)) == len(PAGES)  # each page with its own links
    assert fresh.rows_html(directory, directory.rows[:1], PAGES[0]) in first[0]
    assert len(rendered) == len(directory.rows)


def test_a_number_of_the_schematic_makes_its_own_item(directories: Directories) -> None:
    contacts = next(d for d in directories.all() if d.kind == "contacts")
    row = contacts.rows[0]
    fresh = Directories(directories.site, directories.renderer, page_size=2)
    plain = fresh.rows_html(contacts, [row], "anlaufstellen/")
    fresh._map_numbers = {row.href: 7}
    numbered = fresh.rows_html(contacts, [row], "anlaufstellen/")
    assert 'class="qd-map__no"' not in plain
    assert '<span class="qd-map__no" title="Nummer in der Lageskizze">7</span>' in numbered


def test_quarters_of_the_same_name_keep_one_order_in_every_build(tmp_path: Path) -> None:
    """Two quarters named „Altstadt“ in two cities: the directories list them in the same
    order whatever the interpreter's string hashing (builds are reproducible)."""
    project = tmp_path / "projekt"
    shutil.copytree(FIXTURE, project)
    # A second city with the same quarters (its city file too: decisions and goals).
    source, twin = project / "quarters" / "musterstadt", project / "quarters" / "nebenstadt"
    twin.mkdir()
    for path in source.glob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace("Musterstadt", "Nebenstadt")
        text = text.replace("musterstadt/", "nebenstadt/").replace('"01234567"', '"01234568"')
        (twin / path.name).write_text(text, encoding="utf-8")
    sites = []
    for seed in ("1", "2", "3"):
        site = build_site(
            project / "mkdocs.yml", tmp_path / f"site-{seed}", env={"PYTHONHASHSEED": seed}
        )
        sites.append({
            p.relative_to(site).as_posix(): p.read_bytes()
            for folder in ("anlaufstellen", "termine", "massnahmen", "archiv")
            for p in (site / folder).rglob("index.html")
        })  # fmt: skip
    assert sites[0], "no directory pages"
    listing = sites[0]["massnahmen/index.html"].decode("utf-8")
    assert listing.count("/altstadt/") >= 2  # both quarters are listed
    assert sites[0] == sites[1] == sites[2]
