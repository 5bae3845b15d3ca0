"""Checks on the content that ships with the site: quarter files and hand-written pages.

The example quarters are built from public source documents. These tests keep
them honest: every file validates and points editors at the schema, every
entry that states facts names its source, and no contact details appear that
the sources do not give.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from quartiersdoku.core.model import Programme, Quarter, Sourced, Status
from quartiersdoku.core.settings import Settings
from quartiersdoku.core.site import CITY_FILE, Site
from quartiersdoku.core.validate import Result, _walk_sourced, discover, load_site
from quartiersdoku.tools.schema import modeline

ROOT = Path(__file__).resolve().parents[1]
QUARTERS = ROOT / "quarters"
SCHEMA_DIR = ROOT / "schema"
CONTENT = ROOT / "content"

YAML_FILES = discover(QUARTERS)

# The sources give no address, phone number, e-mail or opening hours for any
# contact point of the example quarters, so none may appear in the files.
FORBIDDEN_KEYS = {"address", "phone", "email", "opening_hours"}

CONTENT_PAGES = (
    "index.md",
    "glossar.md",
    "impressum.md",
    "datenschutz.md",
    "barrierefreiheit.md",
    "leichte-sprache.md",
)
OPERATOR_KEYS = {
    "name",
    "street",
    "postcode",
    "city",
    "email",
    "phone",
    "website",
    "represented_by",
    "supervisory_authority",
    "dpo_name",
    "dpo_email",
    "dpo_address",
    "accessibility_email",
    "accessibility_phone",
    "enforcement_body_name",
    "enforcement_body_url",
    "tile_provider_name",
    "tile_provider_privacy_url",
}
_PLACEHOLDER_RE = re.compile(r"\{\{\s*(.*?)\s*\}\}")
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.fixture(scope="module")
def result() -> Result:
    return load_site(Settings(quarters_dir=QUARTERS))


@pytest.fixture(scope="module")
def site(result: Result) -> Site:
    return result.site


def _sourced(value: Any, loc: str) -> Iterator[tuple[Sourced, str]]:
    """Every entry that can carry sources, with a readable path to it."""
    if isinstance(value, Sourced):
        yield value, loc
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _sourced(getattr(value, name), f"{loc}.{name}" if loc else name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _sourced(item, f"{loc}[{index}]")


def _models(site: Site) -> Iterator[tuple[Path, BaseModel]]:
    for city in site.cities.values():
        if city.city is not None and city.loaded is not None:
            yield city.loaded.path, city.city
    for data in site.quarters:
        yield data.loaded.path, data.quarter


def test_the_loaders_walk_finds_every_entry_that_can_carry_sources(site: Site) -> None:
    """core/validate.py looks only into fields whose type can hold a model; it must find
    what a walk over every field finds, in the same order (cities and quarters shipped)."""
    total = 0
    for path, model in _models(site):
        expected = [id(entry) for entry, _loc in _sourced(model, "")]
        assert [id(entry) for entry, _loc in _walk_sourced(model, ())] == expected, path
        total += len(expected)
    assert total > 30  # the shipped content has dozens of such entries


def _keys(value: Any, loc: str = "") -> Iterator[tuple[str, str]]:
    """Every mapping key in raw YAML data, with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{loc}.{key}" if loc else str(key)
            yield str(key), path
            yield from _keys(item, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _keys(item, f"{loc}[{index}]")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _front_matter(text: str) -> dict[str, Any]:
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    assert match, "die Seite beginnt nicht mit einem YAML-Vorspann (---)"
    data = yaml.safe_load(match.group(1))
    assert isinstance(data, dict)
    return data


# ------------------------------------------------------------------ quarter files


def test_content_is_there(site: Site) -> None:
    cities = {data.quarter.city for data in site.quarters}
    assert {"Hagen", "Iserlohn", "Bielefeld", "Essen", "Kreis Unna"} <= cities
    slugs = {data.slug for data in site.quarters}
    assert {
        "hagen/wehringhausen",
        "hagen/zentrum-remberg",
        "hagen/altenhagen-eckesey-sued",
        "iserlohn/suedliche-innenstadt-obere-muehle",
        "bielefeld/sieker-mitte",
        "bielefeld/noerdliche-innenstadt",
        "bielefeld/sennestadt",
        "bielefeld/bethel",
        "essen/altendorf",
        "essen/altenessen-sued",
        "essen/frohnhausen",
        "kreis-unna/boenen",
    } <= slugs


def test_every_file_validates(result: Result) -> None:
    errors = [problem.format(ROOT) for problem in result.errors]
    assert errors == []
    # Every file became a quarter or a city: none was skipped.
    cities = [city for city in result.site.cities.values() if city.city is not None]
    assert len(result.site.quarters) + len(cities) == len(YAML_FILES)


@pytest.mark.parametrize("path", YAML_FILES, ids=_rel)
def test_file_starts_with_schema_modeline(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == modeline(path, SCHEMA_DIR, city=path.name == CITY_FILE)
    schema = (path.parent / first_line.split("$schema=", 1)[1]).resolve()
    assert schema.is_file(), f"{schema} gibt es nicht"


def test_every_entry_names_a_source(site: Site) -> None:
    unsourced = [
        f"{_rel(path)}: {loc}"
        for path, model in _models(site)
        for entry, loc in _sourced(model, "")
        if not entry.sources
    ]
    assert unsourced == []


def test_every_quarter_cites_a_source(site: Site) -> None:
    uncited = [
        data.slug
        for data in site.quarters
        if not data.quarter.sources
        and not any(entry.sources for entry, _ in _sourced(data.quarter, ""))
    ]
    assert uncited == []


def test_cited_sources_are_listed(site: Site) -> None:
    # Quarter files may cite their own sources and those of their city file.
    for data in site.quarters:
        known = site.sources_for(data)
        for entry, loc in _sourced(data.quarter, ""):
            for ref in entry.sources:
                assert ref.id in known, f"{data.slug}: {loc} nennt die unbekannte Quelle {ref.id}"


@pytest.mark.parametrize("path", YAML_FILES, ids=_rel)
def test_no_contact_details_the_sources_lack(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = [loc for key, loc in _keys(data) if key in FORBIDDEN_KEYS]
    assert found == [], (
        "Adressen, Telefonnummern, E-Mail-Adressen und Öffnungszeiten nennen die Quellen nicht"
    )
    addresses = [text for text in _strings(data) if _EMAIL_RE.search(text)]
    assert addresses == []


def test_locations_are_approximate_centre_points(site: Site) -> None:
    for data in site.quarters:
        quarter: Quarter = data.quarter
        assert quarter.boundary is None, f"{data.slug}: keine Grenzen in den Beispielen"
        if quarter.location is None:
            continue
        assert quarter.location.approximate, f"{data.slug}: Lage ist nur ungefähr bekannt"
        for value in (quarter.location.lat, quarter.location.lon):
            assert round(value, 3) == value, f"{data.slug}: höchstens drei Nachkommastellen"


def test_ended_programmes_say_where_to_turn(site: Site) -> None:
    programmes: list[tuple[str, Programme]] = [
        (data.slug, programme) for data in site.quarters for programme in data.quarter.programmes
    ]
    assert programmes
    for slug, programme in programmes:
        if programme.status is Status.ENDED:
            assert programme.archive_notice, f"{slug}: {programme.name} ohne Archivhinweis"
            assert programme.successor is not None, f"{slug}: {programme.name} ohne Nachfolge"


def test_city_decisions_reach_their_quarters(site: Site) -> None:
    by_slug = {data.slug: data for data in site.quarters}
    for slug in ("hagen/zentrum-remberg", "hagen/altenhagen-eckesey-sued"):
        references = {decision.reference for decision in site.city_decisions_for(by_slug[slug])}
        assert {"0745/2023", "0067/2026-1"} <= references


# ------------------------------------------------------------------ hand-written pages


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_content_page_has_front_matter(name: str) -> None:
    path = CONTENT / name
    assert path.is_file(), f"{_rel(path)} fehlt"
    meta = _front_matter(path.read_text(encoding="utf-8"))
    for key in ("title", "description"):
        assert isinstance(meta.get(key), str), f"{name}: `{key}` fehlt im Vorspann"
        assert meta[key].strip(), f"{name}: `{key}` ist leer"


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_content_page_uses_only_known_placeholders(name: str) -> None:
    text = (CONTENT / name).read_text(encoding="utf-8")
    assert "{%" not in text
    assert "{#" not in text
    for expression in _PLACEHOLDER_RE.findall(text):
        if expression in {"build_date", "leichte_sprache_quartiere"}:
            continue
        namespace, _, key = expression.partition(".")
        assert namespace == "operator", f"{name}: unbekannter Platzhalter {{{{ {expression} }}}}"
        assert key in OPERATOR_KEYS, f"{name}: unbekannte Betreiberangabe {key}"
    # No contact details written into the pages: they are settings.
    assert _EMAIL_RE.search(_PLACEHOLDER_RE.sub("", text)) is None


def test_legal_pages_name_their_settings() -> None:
    def keys(name: str) -> set[str]:
        text = (CONTENT / name).read_text(encoding="utf-8")
        return {
            e.partition(".")[2] for e in _PLACEHOLDER_RE.findall(text) if e.startswith("operator.")
        }

    assert {
        "name",
        "street",
        "postcode",
        "city",
        "email",
        "phone",
        "represented_by",
        "supervisory_authority",
    } <= keys("impressum.md")
    assert {
        "dpo_name",
        "dpo_email",
        "dpo_address",
        "tile_provider_name",
        "tile_provider_privacy_url",
    } <= keys("datenschutz.md")
    assert {
        "accessibility_email",
        "accessibility_phone",
        "enforcement_body_name",
        "enforcement_body_url",
    } <= keys("barrierefreiheit.md")
    privacy = (CONTENT / "datenschutz.md").read_text(encoding="utf-8")
    assert "Karte laden" in privacy
    assert "Zustimmung widerrufen" in privacy
    assert "teilweise barrierefrei" in (CONTENT / "barrierefreiheit.md").read_text(encoding="utf-8")
